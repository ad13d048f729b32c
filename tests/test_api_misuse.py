"""The Python API misused: each a UsageError or InputError naming the argument, never a
TypeError, AttributeError, IsADirectoryError or a frame library's exception."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.read.examples import examples_dir

CLUSTER = cc.load_cluster(examples_dir() / "xuchang-01-power-equipment.toml")
RULES = cc.load_rules()


@pytest.mark.parametrize(
    ("call", "key", "code"),
    [
        (lambda: cc.check(CLUSTER, 42), ("rules",), "not_pack_argument"),  # type: ignore[arg-type]
        (lambda: cc.check(CLUSTER, [RULES]), ("rules",), "not_pack_argument"),  # type: ignore[arg-type]
        (lambda: cc.check("x.toml"), ("cluster",), "not_cluster_argument"),  # type: ignore[arg-type]
        (lambda: cc.check(None), ("cluster",), "not_cluster_argument"),  # type: ignore[arg-type]
        (lambda: cc.load_cluster(123), ("path",), "not_path_argument"),  # type: ignore[arg-type]
        (lambda: cc.load_cluster(b"x.toml"), ("path",), "not_path_argument"),  # type: ignore[arg-type]
        (lambda: cc.load_cluster(None), ("path",), "not_path_argument"),  # type: ignore[arg-type]
        (lambda: cc.load_rules(""), (), "empty_rules"),
        (lambda: cc.check(CLUSTER, RULES).to_dict("fr"), ("lang",), "not_lang"),
        (lambda: cc.check(CLUSTER, RULES).to_frame(lang="fr"), ("lang",), "not_lang"),
        (lambda: cc.review([CLUSTER], RULES).to_dict("fr"), ("lang",), "not_lang"),
    ],
)
def test_misuse_is_a_usage_error_naming_the_argument(
    call: Callable[[], object], key: tuple[str, ...], code: str
) -> None:
    with pytest.raises(cc.UsageError) as caught:
        call()
    assert (caught.value.code, caught.value.key) == (code, key)


def test_the_message_says_what_was_given_and_what_is_expected() -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.check("x.toml")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "cluster: 'x.toml' is of type str, not a cluster; expected a cc.Cluster, such as "
        'cc.load_cluster("cluster.toml") gives'
    )


def test_a_folder_is_refused_as_a_cluster_file_and_as_a_pack(tmp_path: Path) -> None:
    folder = tmp_path / "c.toml"
    folder.mkdir()
    with pytest.raises(cc.InputError) as cluster:
        cc.load_cluster(folder)
    assert (cluster.value.code, cluster.value.source) == ("folder_not_file", str(folder))
    with pytest.raises(cc.PackError) as pack:
        cc.load_rules(tmp_path)
    assert pack.value.code == "pack_is_folder"


@pytest.mark.parametrize("backend", ["pandas", "pyarrow"])
def test_a_frame_with_two_columns_of_one_name_is_an_input_error(backend: str) -> None:
    rows = {"name": ["甲产业集群"], "operating_revenue": ["20亿元"]}
    if backend == "pandas":
        import pandas as pd

        frame: object = pd.DataFrame([["甲产业集群", "20亿元", "21亿元"]])
        frame.columns = ["name", "operating_revenue", "operating_revenue"]  # type: ignore[attr-defined]
    else:
        import pyarrow as pa

        frame = pa.Table.from_arrays(
            [pa.array(rows["name"]), pa.array(["20亿元"]), pa.array(["21亿元"])],
            names=["name", "operating_revenue", "operating_revenue"],
        )
    for read in (cc.clusters_from_frame, cc.clusters_from_firms):
        with pytest.raises(cc.InputError) as caught:
            read(frame)
        assert (caught.value.code, caught.value.value) == (
            "frame_column_twice",
            "operating_revenue",
        )
        assert "出现了 2 次" in caught.value.message("zh")


def test_an_error_table_in_another_language_is_refused() -> None:
    error = cc.InputError("x.csv", "line 2", "bad")
    with pytest.raises(cc.UsageError) as caught:
        error.to_frame(lang="fr")
    assert caught.value.code == "not_lang"


def test_a_missing_roster_names_the_cluster_file_and_key(tmp_path: Path) -> None:
    cluster = tmp_path / "c.toml"
    cluster.write_text('name = "甲产业集群"\nroster = "missing.csv"\n', encoding="utf-8")
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(cluster)
    error = caught.value
    assert (error.code, error.source, error.key) == ("no_roster_file", str(cluster), ("roster",))
    assert str(tmp_path / "missing.csv") in error.message("zh")


def test_an_unknown_pack_in_a_registry_names_the_registry(tmp_path: Path) -> None:
    registry = tmp_path / "registry.toml"
    registry.write_text(
        'rules = "henan-2014-999"\n[[cluster]]\nid = "A"\nname = "甲"\n'
        'accredited = 2014-01-01\nstatus = "active"\n',
        encoding="utf-8",
    )
    with pytest.raises(cc.InputError) as caught:
        cc.load_registry(registry)
    error = caught.value
    assert (error.code, error.source, error.key) == ("no_pack", str(registry), ("rules",))


def test_a_full_standard_output_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        run = subprocess.run(
            [sys.executable, "-m", "clustercheck", "review", str(examples_dir()), "--lang", "en"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert run.returncode == 2
    assert run.stderr == (
        "clustercheck: error: cannot write to standard output: No space left on device; "
        "expected output redirected to a file with room, or -o OUT\n"
    )


def test_a_line_break_in_a_file_name_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a\nb.toml"
    with pytest.raises(cc.InputError) as caught:
        list(cc.load_clusters([path]))
    message = caught.value.message("en")
    assert "\n" not in message
    assert message.startswith(f"{tmp_path}/a\\nb.toml: ")
