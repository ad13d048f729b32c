"""Every output format, read back the way a person or a program would read it."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir

EXAMPLES = examples_dir()
TOMLS = [str(p) for p in sorted(EXAMPLES.glob("illustrative-*.toml"))]


class Cells(HTMLParser):
    """The text of every table cell, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.classes: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._class = ""
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._class = values.get("class") or ""
        elif tag in ("link", "script", "img") or (tag == "a" and "href" in values):
            self.external.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            self.rows[-1].append(text)
            if self._class:
                self.classes.setdefault(text, self._class)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def run(*argv: str) -> int:
    return main(list(argv))


def test_review_csv_has_a_bom_and_one_row_per_cluster(tmp_path: Path) -> None:
    out = tmp_path / "review.csv"
    assert run("review", *TOMLS, "-o", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "产业集群"
    assert rows[0][-2:] == ["结论", "收入分档"]
    assert [r[0] for r in rows[1:]] == [
        "示例县纺织服装产业集群", "示例县食品加工产业集群", "示例县机械制造产业集群", "示例县家具产业集群",
    ]  # fmt: skip
    machinery = rows[3]
    assert machinery[rows[0].index("龙头")] == "✗"
    assert machinery[-2] == "不符合"


def test_check_csv_has_a_row_per_criterion(tmp_path: Path) -> None:
    out = tmp_path / "check.csv"
    assert run("check", TOMLS[0], "--format", "csv", "--lang", "en", "-o", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 14
    revenue = next(r for r in rows if r["ID"] == "revenue")
    assert revenue["Value"] == "23.5 CNY 100 million"
    assert revenue["Status"] == "✓ pass"


def test_review_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("review", *TOMLS, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["verdict"] for c in data["clusters"]] == [
        "QUALIFIED", "QUALIFIED", "NOT_QUALIFIED", "INCOMPLETE",
    ]  # fmt: skip
    assert data["clusters"][0]["band"] == "over-20"
    assert data["clusters"][1]["band"] is None  # exactly 20亿
    assert {b["band"]: (b["count"], b["target"]) for b in data["bands"]} == {
        "over-100": (0, 10), "over-50": (0, 20), "over-20": (1, 50),
    }  # fmt: skip


def test_format_follows_the_output_extension(tmp_path: Path) -> None:
    for name in ("r.md", "r.json", "r.html", "r.txt"):
        assert run("review", *TOMLS, "-o", str(tmp_path / name)) == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")
    assert (
        json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["rules"] == "henan-2014-196"
    )
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_xlsx_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("review", *TOMLS, "--format", "xlsx") == 2
    assert "-o" in capsys.readouterr().err


def test_review_html_is_a_standalone_page(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    assert run("review", *TOMLS, "-o", str(out), "--lang", "en") == 0
    page = out.read_text(encoding="utf-8")
    parser = Cells()
    parser.feed(page)
    assert parser.external == []
    assert '<meta charset="utf-8">' in page
    assert "@media print" in page
    assert "henan-2014-196" in page
    assert "豫工信企业〔2014〕196号" in page
    assert "✓ pass" in page  # the legend
    names = [row[0] for row in parser.rows if row and row[0].startswith("示例县")]
    assert names[:4] == [
        "示例县纺织服装产业集群", "示例县食品加工产业集群", "示例县机械制造产业集群", "示例县家具产业集群",
    ]  # fmt: skip
    assert parser.classes["✗"] == "fail"
    assert parser.classes["✓"] == "pass"


def test_html_escapes_what_it_shows(tmp_path: Path) -> None:
    cluster = tmp_path / "x.toml"
    cluster.write_text('name = "<script>alert(1)</script>集群"\n', encoding="utf-8")
    out = tmp_path / "x.html"
    assert run("check", str(cluster), "-o", str(out)) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_review_xlsx_sheets_and_sign_off_columns(tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    assert run("review", *TOMLS, "-o", str(out)) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["评审汇总", "目标分档"]
    assert book.sheetnames[2:] == [
        "示例县纺织服装产业集群", "示例县食品加工产业集群", "示例县机械制造产业集群", "示例县家具产业集群",
    ]  # fmt: skip
    sheet = book["评审汇总"]
    headers = [c.value for c in sheet[1]]
    assert headers[-3:] == ["评审意见", "评审人", "日期"]
    assert sheet.freeze_panes == "C2"  # the header row, 序号 and the cluster column
    assert sheet.cell(row=4, column=2).value == "示例县机械制造产业集群"
    assert sheet.cell(row=4, column=headers.index("结论") + 1).value == "不符合"
    assert sheet.cell(row=4, column=headers.index("评审意见") + 1).value is None
    assert (sheet.column_dimensions["B"].width or 0) >= 20
    detail = book["示例县机械制造产业集群"]
    values = [row[0] for row in detail.iter_rows(values_only=True)]
    assert "评审意见：" in values
    assert values[0] == "规则：henan-2014-196    结论：不符合"  # the verdict on top


def test_english_words_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("review", *TOMLS, "--lang", "en", "--format", "markdown") == 0
    out = capsys.readouterr().out
    for word in ("Cluster", "Verdict", "Revenue band", "over 20 CNY 100 million", "qualified"):
        assert word in out
    assert "结论" not in out


def test_review_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("review", *TOMLS, "--strict") == 1
    assert run("review", *TOMLS[:2], "--strict") == 0


def _png_pixels(data: bytes) -> set[bytes]:
    """The distinct pixels of a PNG (8-bit RGB or RGBA, no interlace), decoded with zlib."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", b""
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")
    channels = {2: 3, 6: 4}[header[9]]
    raw = zlib.decompress(idat)
    stride = width * channels
    pixels: set[bytes] = set()
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif method == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        pixels.update(bytes(line[i : i + channels]) for i in range(0, stride, channels * 7))
        previous = line
    return pixels


def _browser() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


@pytest.mark.skipif(
    _browser() is None and os.environ.get("CI") != "true",
    reason="no chromium on this machine (CI installs it; install Debian's chromium to run this)",
)
def test_review_page_renders_in_a_real_browser(tmp_path: Path) -> None:
    browser = _browser()
    assert browser is not None, "CI must have chromium installed"
    page = tmp_path / "review.html"
    assert run("review", *TOMLS, "-o", str(page)) == 0
    flags = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    dom = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    parser = Cells()
    parser.feed(dom)
    assert sum(1 for row in parser.rows if row and row[0].startswith("示例县")) >= 4
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1280,900", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert len(_png_pixels(shot.read_bytes())) > 10  # not a blank page


READING = "“平方公顷”按公顷读。"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv"])
def test_how_a_clause_is_read_is_shown_beside_it(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("check", TOMLS[0], "--format", fmt) == 0
    out = capsys.readouterr().out
    assert "读法" in out
    # On the row of the clause it explains, after the requirement (text wraps both cells).
    key = "单位土地投资强度" if fmt == "text" else "单位土地平均投资强度1000万元/平方公顷以上"
    line = next(line for line in out.splitlines() if key in line)
    assert "“平方公顷”" in line  # a reading, in the reading column, not a fact of the text
    assert line.index("（单位土地平均") < line.index("“平方公顷”")


def test_how_a_clause_is_read_is_a_column_of_the_csv(tmp_path: Path) -> None:
    out = tmp_path / "check.csv"
    assert run("check", TOMLS[0], "-o", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    readings = {r["编号"]: r["读法"] for r in rows}
    assert readings["investment_intensity"] == READING
    assert readings["revenue"] == ""


def test_how_a_clause_is_read_is_an_outcome_field_in_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("check", TOMLS[0], "--format", "json") == 0
    (report,) = json.loads(capsys.readouterr().out)
    readings = {o["id"]: o["reading"] for o in report["outcomes"]}
    assert readings["investment_intensity"] == READING
    assert readings["revenue"] is None


def test_how_a_clause_is_read_is_in_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "check.xlsx"
    assert run("check", TOMLS[0], "-o", str(out)) == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    headers = [c.value for c in sheet[2]]  # under the verdict
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "单位土地投资强度")
    assert row[headers.index("读法")] == READING


def test_english_output_translates_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", TOMLS[0], "--format", "markdown", "--lang", "en") == 0
    out = capsys.readouterr().out
    for shown in ("23.5 CNY 100 million", "+3.5 CNY 100 million", "41 firms", "+21 firms",
                  "1180 CNY 10,000/ha", "≥ 20 CNY 100 million (产业集群年营业收入20亿元以上)",
                  "72.34%", "· advisory (does not decide)"):  # fmt: skip
        assert shown in out
    for chinese in ("亿元 ", "41家", "万元/公顷 "):
        assert chinese not in out
    assert run("check", TOMLS[0], "--format", "markdown") == 0
    out = capsys.readouterr().out
    for shown in (
        "23.5亿元",
        "+3.5亿元",
        "41家",
        "1180万元/公顷",
        "≥ 20亿元（产业集群年营业收入20亿元以上）",
    ):
        assert shown in out


def test_english_notes_translate_the_units_of_their_figures(
    write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cluster = write(
        "differs.toml",
        'name = "差异集群"\nmoney_unit = "万元"\n[declared]\noperating_revenue = "23.5亿元"\n'
        '[[enterprises]]\nname = "甲"\noperating_revenue = 120000\n'
        '[[enterprises]]\nname = "乙"\noperating_revenue = 60000\n',
    )
    assert run("check", str(cluster), "--lang", "en") == 0
    assert "the roster gives 18 CNY 100 million, the declaration 23.5 CNY 100 million" in (
        capsys.readouterr().out
    )
    assert run("check", str(cluster)) == 0
    assert "企业名册计得 18亿元，与申报数 23.5亿元 不一致" in capsys.readouterr().out


def test_check_against_several_packs_names_the_pack_of_each_row_and_section(
    capsys: pytest.CaptureFixture[str],
) -> None:
    packs = "henan-2014-196,miit-2022-119"
    assert run("check", TOMLS[0], "--rules", packs, "--format", "csv", "--lang", "en") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert {r["Rules"] for r in rows} == {"henan-2014-196", "miit-2022-119"}
    assert [r["Rules"] for r in rows if r["ID"] == "revenue"] == ["henan-2014-196"]
    assert run("check", TOMLS[0], "--rules", packs, "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "# 省级：henan-2014-196 豫工信企业〔2014〕196号；国家级：miit-2022-119 工信部企业〔2022〕119号\n"
    )
    assert "## 示例县纺织服装产业集群（示例县，2015年） · 省级\n" in out
    assert "## 示例县纺织服装产业集群（示例县，2015年） · 国家级\n" in out


class _Rows(HTMLParser):
    """The data-cluster and data-verdict of each table row, table by table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[tuple[str | None, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            found = dict(attrs)
            self.tables[-1].append((found.get("data-cluster"), found.get("data-verdict")))


def _marked_rows(html: str) -> _Rows:
    rows = _Rows()
    rows.feed(html)
    return rows


def test_summary_rows_carry_their_cluster_and_verdict(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["review", str(examples_dir()), "-o", str(out)]) == 0
    reports = cc.review(list(cc.load_clusters([examples_dir()]))).reports
    tables = _marked_rows(out.read_text(encoding="utf-8")).tables
    summary = [row for row in tables[0] if row != (None, None)]
    assert summary == [(r.cluster, r.verdict.value) for r in reports]
    assert {v for _, v in summary} == {"QUALIFIED", "NOT_QUALIFIED", "INCOMPLETE"}
    # a cluster's own criteria are no summary: its rows carry nothing
    assert all(row == (None, None) for table in tables[2:] for row in table)


def test_a_comparisons_rows_carry_each_packs_verdict(tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    both = "henan-2014-196,miit-2022-119"
    assert main(["review", str(examples_dir()), "--rules", both, "-o", str(out)]) == 0
    comparison = cc.compare(list(cc.load_clusters([examples_dir()], both)), both.split(","))
    summary = _marked_rows(out.read_text(encoding="utf-8")).tables[0][1:]
    assert summary == [
        (row[0].cluster, f"{row[0].verdict.value} {row[1].verdict.value}")
        for row in comparison.rows
    ]
