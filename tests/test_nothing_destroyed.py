"""Nothing the user made is destroyed: concurrent records, output over input, a read-only
registry, a filled form under a blank template."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from clustercheck.base import lock
from clustercheck.base.errors import UsageError
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir
from clustercheck.rechecking.registry import load_registry, save_registry
from clustercheck.render.document import Number, Table, render_csv

REGISTRY = examples_dir().parent / "example_registry"


def _registry_copy(tmp_path: Path) -> tuple[Path, Path]:
    registry = tmp_path / "registry.toml"
    shutil.copy(REGISTRY / "registry.toml", registry)
    data = tmp_path / "data"
    shutil.copytree(REGISTRY / "2018", data)
    return registry, data


def _years(registry: Path) -> dict[str, list[int]]:
    clusters = tomllib.loads(registry.read_text(encoding="utf-8"))["cluster"]
    return {c["id"]: [h["year"] for h in c.get("history", [])] for c in clusters}


def _record(registry: Path, data: Path, year: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "clustercheck", "recheck", str(registry)]
    return subprocess.Popen(
        [*command, "--year", str(year), str(data), "--record", "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_two_processes_recording_at_once_never_lose_a_round(tmp_path: Path) -> None:
    """2016 and 2018 recorded by two real processes started together, eight times over: each
    run that says 已记入 has its round in the file; the other can only have been refused for
    coming after the later round, never lost."""
    landed_both = 0
    for attempt in range(8):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        registry, data = _registry_copy(folder)
        runs = {year: _record(registry, data, year) for year in (2016, 2018)}
        ends = {year: run.communicate() for year, run in runs.items()}
        codes = {year: run.returncode for year, run in runs.items()}
        years = _years(registry)
        for year, code in codes.items():
            stderr = ends[year][1].decode("utf-8")
            if code == 0:
                assert "已记入" in stderr
                assert year in years["SL-2014-01"], (attempt, year, years)
            else:  # 2018 took the lock first: 2016 cannot follow it, and says so
                assert (year, code) == (2016, 2), stderr
                assert "已记录了 2018 年的复核" in stderr
        assert codes[2018] == 0
        landed_both += codes[2016] == 0
        assert not lock.lock_path(registry).exists()
    assert landed_both >= 1


def test_a_held_lock_makes_the_second_run_wait_then_refuse_naming_the_lock(
    tmp_path: Path,
) -> None:
    registry, _ = _registry_copy(tmp_path)
    waited: list[Path] = []
    with lock.locked(registry) as held:
        assert held == tmp_path / ".registry.toml.lock"
        with (
            pytest.raises(UsageError) as caught,
            lock.locked(registry, timeout=0.2, on_wait=waited.append),
        ):
            pass
    assert waited == [held]  # told once that it waits
    assert caught.value.code == "locked"
    assert caught.value.source == str(registry)
    assert str(held) in caught.value.message("zh")
    with lock.locked(registry, timeout=0.2):  # free again once the first is done
        pass


def test_without_fcntl_the_lock_file_itself_is_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows and Pyodide have no fcntl: the O_EXCL lock file works alone."""
    monkeypatch.setattr(lock, "fcntl", None)
    registry, _ = _registry_copy(tmp_path)
    with lock.locked(registry):
        assert lock.lock_path(registry).exists()
        with pytest.raises(UsageError, match="lock file"), lock.locked(registry, timeout=0.1):
            pass
    assert not lock.lock_path(registry).exists()


def test_a_read_only_registry_is_refused_by_record_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry, data = _registry_copy(tmp_path)
    before = registry.read_bytes()
    registry.chmod(0o444)
    code = main(["recheck", str(registry), "--year", "2016", str(data), "--record"])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{registry}: 文件是只读的，不会被替换" in err
    assert registry.read_bytes() == before
    assert stat.S_IMODE(registry.stat().st_mode) == 0o444
    assert not lock.lock_path(registry).exists()


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    out = capsys.readouterr()
    assert out.out == ""
    return out.err


@pytest.mark.parametrize("command", ["review", "check"])
def test_output_over_a_roster_given_is_refused_and_the_roster_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    roster = tmp_path / "x.csv"
    shutil.copy(examples_dir() / "rosters" / os.listdir(examples_dir() / "rosters")[0], roster)
    before = roster.read_bytes()
    err = _refused([command, str(roster), "-o", str(roster)], capsys)
    assert err == (
        f"clustercheck: 错误: {roster}: 也是本次运行的输入（{roster}），写入会毁掉它；"
        "应写到另一个文件\n"
    )
    assert roster.read_bytes() == before


def test_output_over_a_file_in_a_folder_given_through_a_link_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(examples_dir(), folder)
    inside = folder / "xuchang-01-power-equipment.toml"
    link = tmp_path / "out.json"
    link.symlink_to(inside)
    before = inside.read_bytes()
    err = _refused(["review", str(folder), "-o", str(link), "--lang", "en"], capsys)
    assert f"{link}: is also an input of this run ({inside})" in err
    assert inside.read_bytes() == before


def test_output_over_the_roster_a_cluster_file_names_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "firms.csv"
    roster.write_text("企业名称,营业收入(万元),主营业务收入(万元)\n甲公司,100,90\n", "utf-8")
    cluster = tmp_path / "c.toml"
    cluster.write_text('name = "示例县甲产业集群"\nroster = "firms.csv"\n', "utf-8")
    err = _refused(["check", str(cluster), "-o", str(roster)], capsys)
    assert f"也是本次运行的输入（{roster}）" in err
    assert roster.read_text("utf-8").startswith("企业名称")


def test_output_over_the_registry_or_its_data_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml, data = _registry_copy(tmp_path)
    registry = tmp_path / "registry.json"  # a registry kept as JSON, as -o may write
    save_registry(load_registry(toml), registry)
    before = registry.read_bytes()
    base = ["recheck", str(registry), "--year", "2016", str(data)]
    err = _refused([*base, "-o", str(registry), "--format", "json"], capsys)
    assert f"也是本次运行的输入（{registry}）" in err
    furniture = data / "furniture.json"
    furniture.write_text('{"name": "示例县家具产业集群"}', "utf-8")
    err = _refused([*base, "--record", "-o", str(furniture)], capsys)
    assert f"也是本次运行的输入（{furniture}）" in err
    assert registry.read_bytes() == before


def test_a_new_output_beside_the_inputs_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.csv"
    assert main(["review", str(examples_dir()), "-o", str(out)]) == 0
    assert out.read_bytes().startswith("\ufeff产业集群".encode())


FORM = examples_dir().parent / "example_forms" / "illustrative-5-ceramics.xlsx"


def test_a_template_over_a_filled_form_is_refused_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = tmp_path / "申报表.xlsx"
    shutil.copy(FORM, form)
    before = form.read_bytes()
    err = _refused(["template", "-o", str(form)], capsys)
    assert err.startswith(
        f"clustercheck: 错误: {form}: 有 20 格的值是空白表格所没有的（首个为 申报数据!C2）"
    )
    assert "加 --force 覆盖" in err
    assert form.read_bytes() == before
    assert main(["template", "-o", str(form), "--force"]) == 0
    assert form.read_bytes() != before
    # Now the blank one: writing it again changes nothing a user made, so needs no --force.
    assert main(["template", "-o", str(form)]) == 0


def test_a_template_over_a_file_that_is_no_workbook_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.xlsx"
    notes.write_text("会议记录", "utf-8")
    err = _refused(["template", "-o", str(notes), "--lang", "en"], capsys)
    assert f"{notes}: exists and cannot be read to tell whether it was filled in" in err
    assert notes.read_text("utf-8") == "会议记录"


def test_the_registry_kept_in_the_data_folder_is_passed_over_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry, data = _registry_copy(tmp_path)
    inside = data / "registry.toml"
    shutil.move(registry, inside)
    argv = ["recheck", str(inside), "--year", "2016", str(data), "--format", "json"]
    assert main(argv) == 0
    out = capsys.readouterr()
    assert f"clustercheck: 提示: {inside} 是认定名录，不是集群数据，未读取\n" in out.err
    decisions = {item["id"]: item["decision"] for item in json.loads(out.out)}
    assert decisions["SL-2014-01"] == "RETAIN"


def test_a_registry_given_as_a_cluster_file_is_named_as_a_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry, _ = _registry_copy(tmp_path)
    err = _refused(["check", str(registry), "--lang", "en"], capsys)
    assert err == (
        f"clustercheck: error: {registry}: is a registry of accredited clusters ([[cluster]] "
        "entries), not a cluster file; expected it as recheck's REGISTRY argument\n"
    )


BOTH = "henan-2014-196,miit-2022-119"


@pytest.mark.parametrize(
    ("command", "name", "extra"),
    [
        ("review", "review.csv", []),
        ("review", "review.xlsx", []),
        ("review", "review.json", []),
        ("review", "both.csv", ["--rules", BOTH]),
        ("review", "both.xlsx", ["--rules", BOTH]),
        ("review", "both.json", ["--rules", BOTH]),
        ("check", "check.csv", []),
        ("check", "check.xlsx", []),
        ("check", "check.json", []),
        ("review", "review_en.csv", ["--lang", "en"]),
        ("check", "check_en.xlsx", ["--lang", "en"]),
    ],
)
def test_an_earlier_output_in_a_reviewed_folder_is_named_and_skipped(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    name: str,
    extra: list[str],
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for source in sorted(examples_dir().glob("xuchang-0[12]*.toml")):
        shutil.copy(source, folder)
    assert main([command, str(folder), "-o", str(folder / name), *extra]) == 0
    capsys.readouterr()
    assert main(["review", str(folder), "--format", "json"]) == 0
    out = capsys.readouterr()
    shown = f"clustercheck: 提示: {folder / name} 是 clustercheck 以前写出的核查结果，不是集群数据，未读取"
    assert out.err == shown + "\n"
    assert len(json.loads(out.out)["clusters"]) == 2
    # Named on its own, it is an error saying what it is.
    err = _refused(["review", str(folder / name)], capsys)
    assert f"{folder / name}: 是 clustercheck 写出的核查结果（有“结论”等列），不是集群数据" in err


def test_a_recheck_table_saved_into_the_data_folder_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry, data = _registry_copy(tmp_path)
    out = data / "round.csv"
    assert main(["recheck", str(registry), "--year", "2016", str(data), "-o", str(out)]) == 0
    assert main(["recheck", str(registry), "--year", "2016", str(data), "--record"]) == 0
    assert f"{out} 是 clustercheck 以前写出的核查结果" in capsys.readouterr().err


def _named_clusters(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.toml").write_text(
        'name = "=HYPERLINK(\\"http://x\\",\\"点击\\")"\nregion = "@甲|乙"\n', "utf-8"
    )
    (folder / "b.toml").write_text('name = "-甲|乙产业集群"\nregion = "+丙"\n', "utf-8")
    return folder


def test_names_excel_would_run_as_formulas_are_written_to_csv_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _named_clusters(tmp_path / "data")
    assert main(["review", str(folder), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert [row[:2] for row in rows[1:]] == [
        ['\'=HYPERLINK("http://x","点击")', "'@甲|乙"],
        ["'-甲|乙产业集群", "'+丙"],
    ]
    assert rows[0][0] == "产业集群"  # other cells are written as they are


def test_a_pipe_in_a_name_does_not_break_a_markdown_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _named_clusters(tmp_path / "data")
    assert main(["review", str(folder), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| =HYPERLINK")]
    assert len(rows) == 1
    cells = re.split(r"(?<!\\)\|", rows[0])[1:-1]
    assert [c.strip() for c in cells[:2]] == ['=HYPERLINK("http://x","点击")', "@甲\\|乙"]
    header = next(line for line in out.splitlines() if line.startswith("| 产业集群"))
    assert len(cells) == header.count("|") - 1


def test_csv_text_starting_with_a_tab_or_return_is_kept_as_text_and_figures_as_they_are() -> None:
    margin = Number(Decimal("-3.5"), "亿元", "-3.5亿元")
    table = Table(("名称", "差额"), (("\t甲", margin), ("\r乙", "甲-乙")))
    rows = list(csv.reader(io.StringIO(render_csv(table).decode("utf-8-sig"))))
    assert rows == [["名称", "差额"], ["'\t甲", "-3.5亿元"], ["'\r乙", "甲-乙"]]


def test_a_template_over_a_folder_is_refused_as_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "申报表.xlsx"
    folder.mkdir()
    err = _refused(["template", "-o", str(folder)], capsys)
    assert err == (
        f"clustercheck: 错误: {folder}: 是文件夹，不是文件；应给出要写入的文件名"
        "（不写 -o 则输出到标准输出）\n"
    )
