"""A file given twice to one run, or a copy of it under another name, is refused naming the
files as given, not the document the cluster cites."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck import cli

XUCHANG = cc.examples_dir() / "xuchang-01-power-equipment.toml"
TWICE = "这个文件已经给出过（{}）；每个文件应只给一次，否则其中的集群会计算两次"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(XUCHANG, tmp_path / "a.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("given", "named", "first"),
    [
        (["a.toml", "a.toml"], "a.toml", "a.toml"),
        (["a.toml", "./a.toml"], "a.toml", "a.toml"),
        (["a.toml", "link.toml"], "link.toml", "a.toml"),
        (["d", "d/a.toml"], "d/a.toml", "d/a.toml"),
    ],
)
def test_one_file_given_twice_is_refused_naming_it(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    given: list[str],
    named: str,
    first: str,
) -> None:
    os.symlink("a.toml", here / "link.toml")
    (here / "d").mkdir()
    shutil.copy(XUCHANG, here / "d" / "a.toml")
    assert cli.main(["review", *given]) == 2
    assert capsys.readouterr().err == f"clustercheck: 错误: {named}: {TWICE.format(first)}\n"
    with pytest.raises(cc.InputError) as caught:
        list(cc.load_clusters(given, once=True))
    assert (caught.value.code, caught.value.source) == ("file_twice", named)
    assert len(list(cc.load_clusters(given))) == 2  # without once, as check reads them


def test_a_copy_under_another_name_names_both_files_not_the_document(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(here / "a.toml", here / "b.toml")
    assert cli.main(["review", "a.toml", "b.toml", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "clustercheck: error: b.toml: name: '许昌市电力装备产业集群' (许昌市, 2018) is also given "
        "by a.toml; expected each cluster once (the same name, region and year are one cluster)\n"
    )
    assert "许发改办" not in err
    with pytest.raises(cc.InputError) as caught:
        list(cc.load_clusters(["a.toml", "b.toml"], once=True))
    assert (caught.value.code, caught.value.source, caught.value.where) == (
        "cluster_twice", "b.toml", "name",
    )  # fmt: skip


def test_one_file_given_once_reads() -> None:
    assert [c.name for c in cc.load_clusters([XUCHANG])] == ["许昌市电力装备产业集群"]


def test_a_rounds_data_file_given_twice_is_refused_naming_it(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = cc.examples_dir().parent / "example_registry" / "registry.toml"
    data = cc.examples_dir().parent / "example_registry" / "2018" / "food.toml"
    assert cli.main(["recheck", str(registry), "--year", "2020", str(data), str(data)]) == 2
    assert capsys.readouterr().err == f"clustercheck: 错误: {data}: {TWICE.format(data)}\n"
