"""Arguments never misread: one path is one path, a comma list is the packs, one tag is a tag."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.read.examples import examples_dir

from .builders import cluster_with

BOTH = "henan-2014-196,miit-2022-119"


def _names(clusters: object) -> list[str]:
    return [c.name for c in clusters]  # type: ignore[attr-defined]


def test_one_folder_given_as_text_or_path_is_that_folder() -> None:
    expected = _names(cc.load_clusters([examples_dir()]))
    assert len(expected) == 13
    assert _names(cc.load_clusters(str(examples_dir()))) == expected
    assert _names(cc.load_clusters(examples_dir())) == expected


def test_a_relative_folder_as_text_is_read_from_where_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(examples_dir().parent)
    assert _names(cc.load_clusters(examples_dir().name)) == _names(
        cc.load_clusters([examples_dir()])
    )


class _PathLike(os.PathLike[str]):
    def __init__(self, path: Path) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


def test_any_path_like_is_a_path() -> None:
    assert _names(cc.load_clusters(_PathLike(examples_dir()))) == _names(
        cc.load_clusters([examples_dir()])
    )


@pytest.mark.parametrize("paths", [42, None, b"clusters", {"a": 1}, [examples_dir(), 3]])
def test_paths_of_another_type_are_a_usage_error_naming_the_argument(paths: object) -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.load_clusters(paths)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.key, caught.value.source) == (
        "wrong_argument",
        ("paths",),
        "<code>",
    )


def test_the_error_reads_in_both_languages() -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.load_clusters(42)  # type: ignore[arg-type]
    assert caught.value.message("en").endswith(
        "argument paths cannot be 42 (a int); expected a path (str or Path) or a list of paths"
    )
    assert "参数 paths 不能是 42（int）；应为一个路径（str 或 Path）或路径的列表" in (
        caught.value.message("zh")
    )


def test_load_cluster_names_its_path_argument() -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.load_cluster(["a.toml"])  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.key) == ("wrong_argument", ("path",))


def test_compare_takes_a_comma_list_as_the_command_line_does() -> None:
    clusters = list(cc.load_clusters(examples_dir(), BOTH))
    by_text = cc.compare(clusters, BOTH)
    by_list = cc.compare(clusters, ["henan-2014-196", "miit-2022-119"])
    assert [p.id for p in by_text.packs] == ["henan-2014-196", "miit-2022-119"]
    assert by_text.to_dict() == by_list.to_dict()
    assert [p.id for p in cc.compare(clusters, "miit-2022-119").packs] == ["miit-2022-119"]


@pytest.mark.parametrize("rules", [42, [cc.load_rules(), 42], {"henan-2014-196": 1}])
def test_packs_of_another_type_are_a_usage_error(rules: object) -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.compare([cluster_with()], rules)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.key) == ("wrong_argument", ("rules",))


def test_one_pack_of_another_type_is_a_usage_error() -> None:
    with pytest.raises(cc.UsageError) as checked:
        cc.check(cluster_with(), 42)  # type: ignore[arg-type]
    assert (checked.value.code, checked.value.key) == ("wrong_argument", ("rules",))
    with pytest.raises(cc.UsageError) as loaded:
        cc.load_rules(42)  # type: ignore[arg-type]
    assert (loaded.value.code, loaded.value.key) == ("wrong_argument", ("pack",))


def test_one_tag_is_one_tag() -> None:
    cluster = cluster_with()
    as_text = cc.check(cluster, tags="core")
    assert [o.id for o in as_text] == [o.id for o in cc.check(cluster, tags=["core"])]
    assert [o.id for o in as_text] == [
        "leaders",
        "related_smes",
        "revenue",
        "main_share",
        "rd_ratio",
    ]
    assert cc.review([cluster], tags="core").reports == (as_text,)
    assert cc.check_many([cluster], tags="core")[0] == as_text
    (compared,) = cc.compare([cluster], "henan-2014-196", tags="core").rows
    assert compared == (as_text,)
    assert cc.load_rules().select("core").criteria == cc.load_rules().select(["core"]).criteria


@pytest.mark.parametrize("tags", [1, ["core", 1], {"core": True}, b"core"])
def test_tags_of_another_type_are_a_usage_error(tags: object) -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.check(cluster_with(), tags=tags)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.key) == ("wrong_argument", ("tags",))


def test_one_threshold_of_a_sweep_is_one_threshold() -> None:
    clusters = [cluster_with()]
    one = cc.sweep(clusters, "henan-2014-196", "revenue", "25亿元")
    assert list(one["threshold"]) == ["25亿元"]
    assert one.equals(cc.sweep(clusters, "henan-2014-196", "revenue", ["25亿元"]))
