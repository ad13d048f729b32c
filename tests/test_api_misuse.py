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
        (lambda: cc.check(CLUSTER, 42), ("rules",), "wrong_argument"),  # type: ignore[arg-type]
        (lambda: cc.check(CLUSTER, [RULES]), ("rules",), "wrong_argument"),  # type: ignore[arg-type]
        (lambda: cc.check("x.toml"), ("cluster",), "wrong_argument"),  # type: ignore[arg-type]
        (lambda: cc.check(None), ("cluster",), "wrong_argument"),  # type: ignore[arg-type]
        (lambda: cc.load_cluster(123), ("path",), "wrong_argument"),  # type: ignore[arg-type]
        (lambda: cc.load_cluster(b"x.toml"), ("path",), "wrong_argument"),  # type: ignore[arg-type]
        (lambda: cc.load_cluster(None), ("path",), "wrong_argument"),  # type: ignore[arg-type]
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
        "<code>: cluster: argument cluster cannot be 'x.toml' (a str); expected a cc.Cluster, "
        'such as cc.load_cluster("cluster.toml") gives'
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


def _registry(tmp_path: Path, accredited: str, history: str = "") -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(
        f'rules = "henan-2014-196"\n[[cluster]]\nid = "A"\nname = "甲产业集群"\n'
        f'accredited = {accredited}\nstatus = "active"\n{history}',
        encoding="utf-8",
    )
    return path


def test_an_accreditation_in_the_future_is_an_error(tmp_path: Path) -> None:
    import datetime as dt

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(cc.InputError) as caught:
        cc.load_registry(_registry(tmp_path, tomorrow.isoformat()))
    assert (caught.value.code, caught.value.key[-1]) == ("accredited_in_future", "accredited")
    assert cc.load_registry(_registry(tmp_path, dt.date.today().isoformat())).clusters


def test_a_history_year_in_the_future_is_an_error(tmp_path: Path) -> None:
    import datetime as dt

    later = dt.date.today().year + 1
    path = _registry(
        tmp_path, "2014-01-01", f'history = [{{ year = {later}, decision = "RETAIN" }}]\n'
    )
    with pytest.raises(cc.InputError) as caught:
        cc.load_registry(path)
    assert (caught.value.code, caught.value.key[-1]) == ("history_in_future", "history")


def test_a_round_before_one_recorded_is_an_error_but_a_recorded_round_runs_again(
    tmp_path: Path,
) -> None:
    path = _registry(tmp_path, "2014-01-01", 'history = [{ year = 2018, decision = "RETAIN" }]\n')
    registry = cc.load_registry(path)
    with pytest.raises(cc.InputError) as caught:
        cc.recheck(registry, 2016)
    assert (caught.value.code, caught.value.key) == (
        "history_after_round",
        ("cluster", 0, "history"),
    )
    assert [r.entry.id for r in cc.recheck(registry, 2018).results] == ["A"]


@pytest.mark.parametrize(("year", "ok"), [(1999, False), (2000, True), (2100, True), (2101, False)])
def test_a_round_year_outside_2000_to_2100_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], year: int, ok: bool
) -> None:
    from clustercheck.cli import main

    path = _registry(tmp_path, "1998-01-01")
    code = main(["recheck", str(path), "--year", str(year)])
    err = capsys.readouterr().err
    if ok:
        assert code == 0
        return
    assert code == 2
    assert err == f"clustercheck: 错误: year: {year} 不是复核的年份；应为 2000–2100 之间的年份\n"


def test_a_date_given_as_a_name_is_shown_as_written_not_as_python_writes_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.toml"
    path.write_text("name = 2014-01-01\n", encoding="utf-8")
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(path)
    assert caught.value.message("zh") == f"{path}: name: 2014-01-01 不是名称；应为非空文字"


def test_a_value_of_the_wrong_kind_says_what_is_expected_in_words_not_python_types(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.toml"
    path.write_text('name = "甲"\nenterprises = 5\nyear = 2015.5\n', encoding="utf-8")
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(path)
    messages = sorted(e.message("zh") for e in caught.value.errors)
    assert messages == [
        f"{path}: enterprises: 类型不对；应为列表",
        f"{path}: year: 2015.5 不是年份；应为年份，如 2015",
    ]
    assert f"{path}: enterprises: of the wrong kind; expected a list" in str(caught.value)


def test_a_recheck_list_in_another_language_is_refused(tmp_path: Path) -> None:
    registry = cc.load_registry(_registry(tmp_path, "2014-01-01"))
    result = cc.recheck(registry, 2016)
    assert [item["decision"] for item in result.to_list("en")] == ["PENDING"]
    with pytest.raises(cc.UsageError) as caught:
        result.to_list("fr")
    assert (caught.value.code, caught.value.key) == ("not_lang", ("lang",))
