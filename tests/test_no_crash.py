"""No crash and no hang: a stray far cell, deep nesting, lone surrogates, control characters
in names, special files as inputs, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck import cli
from clustercheck.read import workbook


def _stray(path: Path, *, dimension: bool = True) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业名册"
    sheet.append(["企业名称", "营业收入(万元)", "主营业务收入(万元)"])
    sheet.append(["甲公司", 100, 90])
    sheet["XFD1048576"] = "x"
    book.save(path)
    if not dimension:  # a workbook written by a program that states no area
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        member = "xl/worksheets/sheet1.xml"
        parts[member] = re.sub(rb"<dimension[^>]*/>", b"", parts[member])
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    return path


@pytest.mark.parametrize("dimension", [True, False])
def test_a_stray_value_in_the_last_cell_is_refused_naming_it(
    tmp_path: Path, dimension: bool
) -> None:
    path = _stray(tmp_path / "名册.xlsx", dimension=dimension)
    with pytest.raises(cc.InputError) as caught:
        list(cc.load_clusters([path]))
    error = caught.value
    assert (error.code, error.sheet, error.cell) == ("sheet_too_far", "企业名册", "XFD1048576")
    assert "1048576 行 × 16384 列" in error.message("zh")


def test_a_sheet_just_inside_the_bound_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "名册.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["企业名称", "营业收入(万元)", "主营业务收入(万元)", "地址", "备注"])
    sheet.append(["甲公司", 100, 90])
    sheet["E4"] = "备注"
    book.save(path)
    monkeypatch.setattr(workbook, "MAX_AREA", 20)  # E4: 4 rows × 5 columns
    (cluster,) = cc.load_clusters([path])
    assert cluster.roster is not None
    monkeypatch.setattr(workbook, "MAX_AREA", 19)
    with pytest.raises(cc.InputError, match="E4"):
        list(cc.load_clusters([path]))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("deep.toml", "name = " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ],
)
def test_nesting_a_hundred_thousand_deep_is_a_clear_error(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(path)
    assert (caught.value.code, caught.value.source) == ("too_deep", str(path))


def test_a_pack_nested_a_hundred_thousand_deep_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    path.write_text("format = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(path)
    assert caught.value.code == "too_deep"


@pytest.mark.parametrize(
    ("name", "text", "key", "code", "char"),
    [
        ("s.json", '{"name": "甲\\ud800产业集群"}', ("name",), "lone_surrogate", "U+D800"),
        ("n.toml", 'name = "甲\\u0000产业集群"\n', ("name",), "control_character", "U+0000"),
        ("e.toml", 'name = "甲\\u001b[31m集群"\n', ("name",), "control_character", "U+001B"),
        (
            "r.toml",
            'name = "甲"\nregion = "乙\\u007f"\n',
            ("region",),
            "control_character",
            "U+007F",
        ),
        ("k.json", '{"name": "甲", "\\u0000": 1}', (), "control_character", "U+0000"),
    ],
)
def test_odd_characters_in_a_file_are_errors_naming_the_key(
    tmp_path: Path, name: str, text: str, key: tuple[str, ...], code: str, char: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(path)
    error = caught.value
    assert (error.code, error.key) == (code, key)
    assert char in error.message("zh")
    error.message("zh").encode("utf-8")  # printable: the character is shown escaped


def test_a_registry_with_a_control_character_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "registry.toml"
    path.write_text(
        'rules = "henan-2014-196"\n[[cluster]]\nid = "A\\u0000"\nname = "甲"\n'
        'accredited = 2014-01-01\nstatus = "active"\n',
        encoding="utf-8",
    )
    with pytest.raises(cc.InputError) as caught:
        cc.load_registry(path)
    assert (caught.value.code, caught.value.key) == ("control_character", ("cluster", 0, "id"))


def test_tabs_and_line_breaks_in_file_text_are_let_be(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('name = "甲产业集群"\nmain_industry = """纺织\n服装"""\n', encoding="utf-8")
    assert cc.load_cluster(path).main_industry == "纺织\n服装"


_STALLED = """
import os, sys, time
from clustercheck.base import atomic
from clustercheck.cli import main

def stalled(handle):  # the output half-written when Ctrl-C comes
    print("writing", file=sys.stderr, flush=True)
    time.sleep(60)

atomic.os.fsync = stalled
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_exits_130_with_one_line_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    out = tmp_path / "review.csv"
    out.write_text("earlier", encoding="utf-8")
    examples = Path(cc.__file__).parent / "examples"
    run = subprocess.Popen(
        [sys.executable, "-c", _STALLED, "review", str(examples), "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stderr is not None
    assert run.stderr.readline() == "writing\n"
    run.send_signal(signal.SIGINT)
    rest = run.stderr.read()
    assert run.wait(timeout=30) == 130
    assert rest == "clustercheck: 已中断（文件要么完整写入，要么没有写）\n"
    assert out.read_text(encoding="utf-8") == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.csv"]


def test_ctrl_c_while_reading_says_so_in_english(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_clusters", interrupted)
    assert cli.main(["review", "x.toml", "--lang", "en"]) == 130
    assert capsys.readouterr().err == (
        "clustercheck: interrupted (files are written whole or not at all)\n"
    )


def _special(tmp_path: Path, kind: str, name: str) -> Path:
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "zero"])
@pytest.mark.parametrize("name", ["名册.csv", "集群.toml", "申报表.xlsx"])
def test_a_fifo_or_a_link_to_dev_zero_given_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, name: str
) -> None:
    path = _special(tmp_path, kind, name)
    assert cli.main(["review", str(path)]) == 2
    shown = "命名管道" if kind == "fifo" else "字符设备"
    assert capsys.readouterr().err == (
        f"clustercheck: 错误: {path}: 是{shown}，不是文件，不读取（读取会一直等待或读不完）；"
        "应为集群数据文件、名册或文件夹\n"
    )


@posix_only
def test_special_files_named_elsewhere_are_refused_too(tmp_path: Path) -> None:
    fifo = _special(tmp_path, "fifo", "firms.csv")
    cluster = tmp_path / "c.toml"
    cluster.write_text('name = "甲产业集群"\nroster = "firms.csv"\n', encoding="utf-8")
    with pytest.raises(cc.InputError) as roster:
        cc.load_cluster(cluster)
    assert (roster.value.code, roster.value.source) == ("special_input", str(fifo))
    with pytest.raises(cc.InputError) as registry:
        cc.load_registry(_special(tmp_path, "zero", "registry.toml"))
    assert registry.value.code == "special_input"
    with pytest.raises(cc.PackError) as pack:
        cc.load_rules(_special(tmp_path, "fifo", "pack.toml"))
    assert pack.value.code == "special_input"
    with pytest.raises(cc.InputError) as form:
        cc.load_cluster(_special(tmp_path, "zero", "form.xlsx"))
    assert form.value.code == "special_input"


@posix_only
def test_a_fifo_in_a_folder_is_named_as_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.toml").write_text('name = "甲产业集群"\n', encoding="utf-8")
    os.mkfifo(folder / "b.csv")
    notes: list[str] = []
    (cluster,) = cc.load_clusters([folder], on_note=lambda note: notes.append(note.text("en")))
    assert cluster.name == "甲产业集群"
    assert notes == [
        f"{folder}: 1 file(s) not in a format clustercheck reads (.toml, .json, .csv, .xlsx, "
        ".xls, .ods) were not read: b.csv"
    ]
