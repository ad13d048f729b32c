"""What a reviewer prints: the review workbook read back for its page setup and typed cells,
and the review page printed to PDF by a real browser."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir
from clustercheck.render import layout, xlsx

EXAMPLES = examples_dir()
TOMLS = [str(p) for p in sorted(EXAMPLES.glob("illustrative-*.toml"))]
TODAY = dt.date.today().isoformat()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("xlsx") / "review.xlsx"
    assert main(["review", *TOMLS, "-o", str(out)]) == 0
    return openpyxl.load_workbook(out)


def _row(sheet: Worksheet, first: str) -> dict[object, Any]:
    """The cells of the row whose first cell is ``first``, by their column's heading."""
    headers: list[object] = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if first in (r[0].value, r[1].value))
    return dict(zip(headers, row, strict=False))


def test_every_sheet_prints_on_a4_one_page_wide_with_titles_repeated(
    book: openpyxl.Workbook,
) -> None:
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9  # A4
        properties = sheet.sheet_properties.pageSetUpPr
        assert properties is not None
        assert properties.fitToPage is True
        assert setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
        # As many pages down as it takes; a cluster's sheet on one page, it being short.
        cluster = sheet.title not in ("评审汇总", "目标分档")
        assert setup.fitToHeight in ((None, 1) if cluster else (0,))  # 1 is left out too
        # The verdict and the header row; on the summary 序号 and the cluster's name.
        assert sheet.print_title_rows == ("$1:$2" if cluster else "$1:$1")
        assert sheet.print_title_cols == ("$A:$B" if sheet.title == "评审汇总" else "$A:$A")
        footer = sheet.oddFooter
        assert footer is not None
        assert footer.left.text == (
            f"规则包 henan-2014-196 · 豫工信企业〔2014〕196号 · 生成日期 {TODAY} · clustercheck"
        )
        assert footer.right.text == "第 &P 页，共 &N 页"
        assert footer.left.size == footer.right.size == 8  # small enough never to overlap
    orientations = {s.title: s.page_setup.orientation for s in book.worksheets}
    assert orientations["评审汇总"] == "landscape"
    assert orientations["示例县纺织服装产业集群"] == "portrait"


def test_the_summary_filters_freezes_and_leaves_room_to_sign(book: openpyxl.Workbook) -> None:
    sheet = book["评审汇总"]
    assert sheet.auto_filter.ref == "A1:Z5"
    assert sheet.freeze_panes == "C2"
    headers = [c.value for c in sheet[1]]
    widths = {h: sheet.column_dimensions[chr(ord("A") + i)].width for i, h in enumerate(headers)}
    assert widths["评审意见"] >= 20
    assert widths["评审人"] >= 10
    assert widths["日期"] >= 10
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "date"
    assert str(validation.sqref) == "Z2:Z5"


def test_marks_and_verdicts_are_centred_and_coloured(book: openpyxl.Workbook) -> None:
    row = _row(book["评审汇总"], "示例县机械制造产业集群")
    for heading, text, fill in (("龙头", "✗", "FFFCE8E6"), ("关联中小", "✓", "FFE6F4EA"),
                                ("结论", "不符合", "FFFCE8E6")):  # fmt: skip
        cell = row[heading]
        assert cell.value == text
        assert cell.alignment.horizontal == "center"
        assert cell.fill.fgColor.rgb == fill
        assert cell.border.left.style == "thin"
    assert _row(book["评审汇总"], "示例县家具产业集群")["结论"].fill.fgColor.rgb == "FFFEF7E0"


def test_figures_are_numbers_with_their_unit_in_the_format(book: openpyxl.Workbook) -> None:
    sheet = book["示例县纺织服装产业集群"]
    headers = [c.value for c in sheet[2]]  # under the verdict
    assert headers == ["条款", "指标", "要求", "读法", "数值", "差额", "结论"]
    rows = {r[1].value: dict(zip(headers, r, strict=False)) for r in sheet.iter_rows(min_row=3)}
    expected = {
        "集群年营业收入": (23.5, '0.0000"亿元"', 3.5, '+0.0000"亿元";-0.0000"亿元";0.0000"亿元"'),
        "主导产业收入占比": (0.7234, "0.00%", 0.0734, "+0.00%;-0.00%;0.00%"),
        "研发投入占比": (0.0132, "0.00%", 0.0032, "+0.00%;-0.00%;0.00%"),
        "工业用地建筑密度": (0.52, "0.00%", 0.02, "+0.00%;-0.00%;0.00%"),
        "龙头企业": (3, '0"家"', 1, '+0"家";-0"家";0"家"'),
        "单位土地投资强度": (1180, '0.00"万元/公顷"', 180, '+0.00"万元/公顷";-0.00"万元/公顷";0.00"万元/公顷"'),
    }  # fmt: skip
    for label, (value, value_format, margin, margin_format) in expected.items():
        cells = rows[label]
        assert cells["数值"].data_type == "n"
        assert cells["数值"].value == pytest.approx(value)
        assert cells["数值"].number_format == value_format
        assert cells["数值"].alignment.horizontal == "right"
        assert cells["差额"].data_type == "n"
        assert cells["差额"].value == pytest.approx(margin)
        assert cells["差额"].number_format == margin_format
    # One unit, one number of decimals, whichever cluster.
    formats = {
        (c.value if isinstance(c.value, str) else "", f.number_format)
        for s in book.worksheets[2:]
        for c, f in ((r[1], r[4]) for r in s.iter_rows(min_row=3, max_col=5))
        if isinstance(f.value, float | int)
    }
    by_label: dict[str, set[str]] = {}
    for label, number_format in formats:
        by_label.setdefault(label, set()).add(number_format)
    assert all(len(f) == 1 for f in by_label.values()), by_label


def test_band_counts_are_formulas_over_the_summary_and_add_up(tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    assert main(["review", *TOMLS, "-o", str(out)]) == 0
    cached = list(
        openpyxl.load_workbook(out, data_only=True)["目标分档"].iter_rows(values_only=True)
    )
    assert cached[:6] == [
        ("收入分档", "符合条件的集群数", "目标数"),
        ("超100亿元", 0, 10), ("超50亿元", 0, 20), ("超20亿元", 1, 50),
        ("符合条件但不入档", 1, None), ("合计", 2, 80),
    ]  # fmt: skip
    sheet = openpyxl.load_workbook(out)["目标分档"]
    summary = "'评审汇总'!$V$2:$V$5"  # 结论
    assert sheet["B4"].value == f'=COUNTIFS({summary},"符合",\'评审汇总\'!$W$2:$W$5,"超20亿元")'
    assert sheet["B5"].value == f'=COUNTIFS({summary},"符合",\'评审汇总\'!$W$2:$W$5,"")'
    assert sheet["B6"].value == "=SUM(B2:B5)"  # 合计 is its column's sum
    assert sheet["C6"].value == "=SUM(C2:C5)"


def test_the_summary_is_a_numbered_recommendation_table_linked_to_each_sheet(
    book: openpyxl.Workbook,
) -> None:
    sheet = book["评审汇总"]
    headers = [c.value for c in sheet[1]]
    assert headers[:7] == [
        "序号", "产业集群", "地区", "主导产业", "营业收入(亿元)", "主导占比(%)", "研发占比(%)"
    ]  # fmt: skip
    assert headers[-5:] == ["结论", "收入分档", "评审意见", "评审人", "日期"]
    row = _row(sheet, "示例县纺织服装产业集群")
    assert row["序号"].value == 1
    assert row["主导产业"].value == "纺织服装"
    assert row["营业收入(亿元)"].value == 23.5
    assert row["营业收入(亿元)"].number_format == "0.0000"  # the unit is in the heading
    assert row["主导占比(%)"].value == pytest.approx(0.7234)
    assert row["主导占比(%)"].number_format == "0.00%"
    link = row["产业集群"].hyperlink
    assert link is not None
    assert link.location == "'示例县纺织服装产业集群'!A1"


def test_a_cluster_sheet_opens_with_its_verdict_coloured_and_signs_with_whole_labels(
    book: openpyxl.Workbook,
) -> None:
    sheet = book["示例县机械制造产业集群"]
    top = sheet["A1"]
    assert top.value == "规则：henan-2014-196    结论：不符合"
    assert top.fill.fgColor.rgb == "FFFCE8E6"
    assert top.font.color is not None and top.font.color.rgb == "FFA50E0E"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    for cell in sheet["A"]:
        if cell.value in ("评审意见：", "评审人：", "日期："):
            assert f"A{cell.row}:B{cell.row}" in merged  # two columns wide: never cut


def test_text_is_set_in_a_cjk_font_and_rows_fit_wrapped_text(book: openpyxl.Workbook) -> None:
    sheet = book["示例县纺织服装产业集群"]
    fonts = {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None}
    assert fonts == {"等线"}
    line = next(i for i, r in enumerate(sheet.iter_rows(min_row=1), 1) if r[1].value == "龙头企业")
    height = sheet.row_dimensions[line].height
    assert height is not None and height >= 16 * 3  # the requirement wraps over three lines


def test_english_number_formats_name_the_unit_in_english(tmp_path: Path) -> None:
    out = tmp_path / "en.xlsx"
    assert main(["check", TOMLS[0], "--lang", "en", "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    revenue = next(
        r for r in sheet.iter_rows(min_row=3) if r[1].value == "Annual operating revenue"
    )
    assert revenue[4].value == 23.5
    assert revenue[4].number_format == '0.0000" CNY 100 million"'
    assert sheet.oddFooter is not None
    assert sheet.oddFooter.right.text == "page &P of &N"


def test_each_cluster_sheet_keeps_lines_to_sign_on(book: openpyxl.Workbook) -> None:
    sheet = book["示例县机械制造产业集群"]
    firsts = [row[0].value for row in sheet.iter_rows()]
    assert firsts[-3:] == ["评审意见：", "评审人：", "日期："]
    assert sheet.page_setup.orientation == "portrait"


# Printing the page in a real browser.


def _tool(*names: str) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


BROWSER = _tool("chromium", "chromium-browser", "google-chrome")
PRINTING = BROWSER is not None and _tool("pdftotext") is not None and _tool("pdfinfo") is not None
needs_printing = pytest.mark.skipif(
    not PRINTING and os.environ.get("CI") != "true",
    reason="needs chromium and poppler-utils (CI installs both)",
)


def _print(page: Path, tmp_path: Path) -> Path:
    assert BROWSER is not None, "CI must have chromium installed"
    pdf = tmp_path / "printed.pdf"
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--no-pdf-header-footer", f"--user-data-dir={tmp_path / 'profile'}",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    return pdf


def _pages(pdf: Path) -> list[str]:
    """The text of each printed page."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.rstrip("\f").split("\f")


def _sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", info)]


@needs_printing
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_bundled_review_prints_a_page_of_summary_and_a_page_per_cluster(
    lang: str, tmp_path: Path
) -> None:
    page = tmp_path / "r.html"
    assert main(["review", str(EXAMPLES), "--lang", lang, "-o", str(page)]) == 0
    pdf = _print(page, tmp_path)
    pages = _pages(pdf)
    assert len(pages) == 1 + 13
    sizes = _sizes(pdf)
    assert sizes[0][0] > sizes[0][1]  # the summary is landscape
    assert all(w < h for w, h in sizes[1:])  # each cluster's criteria portrait
    assert all(round(w) in (595, 842) and round(h) in (595, 842) for w, h in sizes)  # A4
    summary = pages[0]
    # The last column (the band) is on the page, and nothing is squeezed a character a line.
    band, over, verdict = ("收入分档", "超20亿元", "不符合") if lang == "zh" else (
        "Revenue band", "over 20 CNY 100 million", "not qualified")  # fmt: skip
    lines = summary.splitlines()
    assert next(line for line in lines if band in line).rstrip().endswith(band)
    assert next(line for line in lines if "示例县纺织服装产业集群" in line).endswith(over)
    assert next(line for line in lines if "示例县机械制造产业集群" in line).endswith(verdict)
    assert sum(1 for line in lines if "产业集群 " in line and line.endswith(over)) == 4
    legend = "✓ 符合" if lang == "zh" else "✓ pass"
    assert summary.index(legend) < summary.index("示例县纺织服装产业集群")  # legend on top
    names = [
        line.split("（")[0].split(" (")[0].strip()
        for line in (p.strip().splitlines()[0] for p in pages[1:])
    ]
    assert names[0] == "示例县纺织服装产业集群"
    assert names[-1] == "许昌市发制品产业集群"
    clause = "条款" if lang == "zh" else "Clause"
    status = "结论" if lang == "zh" else "Status"
    for text in pages[1:]:
        header = next(line for line in text.splitlines() if line.lstrip().startswith(clause))
        assert header.rstrip().endswith(status)  # the last column is on the page
    assert "/ 14" in pages[-1]  # page numbers in the margin


@needs_printing
def test_a_long_review_repeats_its_header_row_on_each_page(tmp_path: Path) -> None:
    """A review too long for one page runs on, its header row on top of every page."""
    clusters = [
        cc.Cluster(name=f"示例县第{n:02}号产业集群", region="示例县", source=f"n{n}")
        for n in range(60)
    ]
    document = layout.review_document(cc.review(clusters), "zh", details=False)
    page = tmp_path / "long.html"
    page.write_bytes(layout.render(document, "html"))
    pages = _pages(_print(page, tmp_path))
    assert len(pages) >= 2
    for text in pages:
        if "产业集群 " in text:  # a page the table runs over
            header = next(line for line in text.splitlines() if "收入分档" in line)
            assert header.split()[:3] == ["产业集群", "地区", "范围"]


def test_edited_marks_take_the_colour_of_their_new_mark(book: openpyxl.Workbook) -> None:
    sheet = book["评审汇总"]
    rules = {
        (str(area.sqref), rule.formula[0]) for area in sheet.conditional_formatting
        for rule in area.rules
    }  # fmt: skip
    by_column: dict[str, set[str]] = {}
    for where, formula in rules:
        by_column.setdefault(where, set()).add(formula)
    assert by_column["L2:L5"] == {'"✓"', '"✗"'}  # 龙头: passed and failed among the four
    assert by_column["V2:V5"] == {'"符合"', '"不符合"', '"待补充"'}  # 结论
    assert "B2:B5" not in by_column  # names are not marks
    colours = {
        rule.formula[0]: (rule.dxf.fill.bgColor.rgb, rule.dxf.font.color.rgb)
        for area in sheet.conditional_formatting
        for rule in area.rules
        if str(area.sqref) == "L2:L5" and rule.dxf and rule.dxf.fill and rule.dxf.font
    }
    assert colours == {'"✓"': ("FFE6F4EA", "FF0B6B2E"), '"✗"': ("FFFCE8E6", "FFA50E0E")}


def test_writing_a_workbook_without_xlsxwriter_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    out = tmp_path / "r.xlsx"
    assert main(["review", *TOMLS, "--lang", "en", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "XlsxWriter" in err
    assert "pip install 'clustercheck-cn[xlsx]'" in err
    assert not out.exists()


@needs_printing
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_packs_print_no_page_without_its_heading_and_a_summary_page_to_sign(
    lang: str, tmp_path: Path
) -> None:
    """Each printed page of the two-pack review begins with a heading: the comparison, a
    pack's table, or the cluster (and level) whose criteria, notes or sign-off it carries."""
    page = tmp_path / "r2.html"
    packs = "henan-2014-196,miit-2022-119"
    assert main(["review", str(EXAMPLES), "--rules", packs, "--lang", lang, "-o", str(page)]) == 0
    pages = _pages(_print(page, tmp_path))
    opinion = "评审意见" if lang == "zh" else "Review opinion"
    clusters = [c.name for c in cc.load_clusters([EXAMPLES])]
    assert len(clusters) == 13
    headings = []
    for text in pages:
        first = text.strip().splitlines()[0].strip()
        headings.append(first)
        assert (
            first.startswith(("按多个规则包核查", "Checked against several", "省级", "国家级",
                              "Provincial", "National"))
            or any(first.startswith(name) for name in clusters)
        ), first  # fmt: skip
    # The comparison of 13 clusters, the counts and room to sign fit the first page.
    assert all(name in pages[0] for name in clusters)
    assert opinion in pages[0]
    # Every cluster, under each pack, ends with room to sign under its own name.
    for name in clusters:
        for level in ("省级", "国家级") if lang == "zh" else ("Provincial", "National"):
            own = [t for t, h in zip(pages, headings, strict=True) if h.startswith(name)
                   and h.rstrip().endswith(level)]  # fmt: skip
            assert own, (name, level)
            assert opinion in own[-1]
    # 43 before notes were said once, then 42 in English, where the national criteria ran
    # onto a second page; with lines as tall as the text needs, as docs/review.md says: 29
    # in both languages, a page per cluster and pack.
    assert len(pages) == 29


@needs_printing
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_summary_and_each_cluster_page_have_room_to_sign(lang: str, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    assert main(["review", str(EXAMPLES), "--lang", lang, "-o", str(page)]) == 0
    pages = _pages(_print(page, tmp_path))
    labels = (
        ("评审意见", "评审人", "日期") if lang == "zh" else ("Review opinion", "Reviewer", "Date")
    )
    assert len(pages) == 14
    for text in pages:
        assert all(label in text for label in labels)


def test_the_page_footer_is_at_least_8_points() -> None:
    document = layout.review_document(cc.review(cc.load_clusters(TOMLS)), "zh")
    page = layout.render(document, "html").decode()
    sizes = re.findall(r"@bottom-(?:left|right) \{[^}]*font-size: ([\d.]+)pt", page)
    assert sizes and all(float(size) >= 8 for size in sizes)


def test_notes_are_said_once_in_a_reviewers_words() -> None:
    """Notes shared by several criteria are one line naming them; findings meant for another
    pack are one line saying nothing is to be done; no key of the file format is shown."""
    (textiles,) = cc.load_clusters([TOMLS[0]])
    report = cc.check(textiles, "miit-2022-119")
    notes = layout.report_section(report, "zh").notes
    assert notes.count("[近三年未发生较大及以上事故和违法违规行为、位于县级区划范围内、"
                       "主导产业为县域支柱或特色产业、符合国家产业政策和行业发展规划、"
                       "发展水平位居细分领域全国前列、集群品牌知名度较高、"
                       "持续开展优质中小企业梯度培育、产业链供应链协作高效、创新平台与协同创新、"
                       "参加主导产业标准制修订、新型信息基础设施和数字化装备、"
                       "跨企业数字化解决方案和服务、工业软件应用和生产数据联通、"
                       "绿色低碳（原文未找到）、开放合作（原文未找到）、治理和服务（原文未找到）] "
                       "未提供认定材料") == 1  # fmt: skip
    elsewhere = [n for n in notes if "其他规则包" in n]
    assert elsewhere == [
        "[提示] 申报材料中另有其他规则包的认定意见（地理范围与集聚、组织协调机构、产业发展规划、"
        "政策扶持措施、初步具备公共服务功能、省级以上公共服务平台或创业基地），本规则包不采用，无需处理"
    ]
    assert not any("attested." in n or "= true" in n for n in notes)
    english = layout.report_section(report, "en").notes
    assert not any("attested." in n for n in english)


def test_one_firm_is_one_firm_in_english() -> None:
    assert layout.figure(Decimal(1), "家", "en").text == "1 firm"
    assert layout.figure(Decimal(-1), "家", "en", signed=True).text == "-1 firm"
    assert layout.figure(Decimal(1), "家", "en", signed=True).text == "+1 firm"
    assert layout.figure(Decimal(2), "家", "en").text == "2 firms"
    assert layout.figure(Decimal(1), "家", "zh").text == "1家"


# Printing the workbook as LibreOffice does.

OFFICE = _tool("soffice", "libreoffice")
needs_office = pytest.mark.skipif(
    (OFFICE is None or _tool("pdfinfo") is None) and os.environ.get("CI") != "true",
    reason="needs LibreOffice and poppler-utils (CI installs both)",
)


def _office(tmp_path: Path, target: str, *books: Path) -> Path:
    """The books converted by LibreOffice (``target``: ``pdf``, or a CSV filter) into a
    folder of their own."""
    assert OFFICE is not None, "CI must have LibreOffice installed"
    out = tmp_path / "office"
    subprocess.run(
        [OFFICE, f"-env:UserInstallation={(tmp_path / 'office-profile').as_uri()}",
         "--headless", "--convert-to", target, "--outdir", str(out), *map(str, books)],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    return out


@needs_office
def test_the_bundled_review_workbook_prints_on_15_pages(tmp_path: Path) -> None:
    """The summary, the band counts, and a page per cluster, in Chinese and in English, as
    docs/review.md says."""
    books = []
    for lang in ("zh", "en"):
        books.append(tmp_path / f"review-{lang}.xlsx")
        assert main(["review", str(EXAMPLES), "--lang", lang, "-o", str(books[-1])]) == 0
    out = _office(tmp_path, "pdf", *books)
    for lang in ("zh", "en"):
        pdf = out / f"review-{lang}.pdf"
        sizes = _sizes(pdf)
        assert len(sizes) == 15, lang
        assert sizes[0][0] > sizes[0][1]  # the summary landscape
        assert all(w < h for w, h in sizes[2:])  # each cluster portrait
        pages = _pages(pdf)
        opinion = "评审意见" if lang == "zh" else "Review opinion"
        assert all(opinion in text for text in pages[2:])  # each cluster's page signs


@needs_office
def test_a_corrected_verdict_moves_the_band_counts(tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    assert main(["review", *TOMLS, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    summary = book["评审汇总"]
    textiles = _row(summary, "示例县纺织服装产业集群")
    assert (textiles["结论"].value, textiles["收入分档"].value) == ("符合", "超20亿元")
    textiles["结论"].value = "不符合"  # the reviewer corrects a verdict
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    # Every sheet as CSV, the formulas computed afresh by LibreOffice.
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    folder = _office(tmp_path, every_sheet, edited)
    bands = (folder / "edited-目标分档.csv").read_text(encoding="utf-8").splitlines()
    assert bands[3:6] == ["超20亿元,0,50", "符合条件但不入档,1,", "合计,1,80"]


def test_the_comparison_sheet_prints_its_text_at_9_points_or_more(tmp_path: Path) -> None:
    out = tmp_path / "compare.xlsx"
    packs = "henan-2014-196,miit-2022-119"
    assert main(["review", str(EXAMPLES), "--rules", packs, "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out)["规则包对照"]
    widths = [
        d.width
        for d in sheet.column_dimensions.values()
        for _ in range(d.min or 1, (d.max or 1) + 1)
    ]
    assert sheet.page_setup.orientation == "landscape"
    assert 11 * xlsx.print_scale(widths, wide=True) >= 9  # 11-point text, fit to the width


def test_the_reading_is_in_english_in_english_reports() -> None:
    (textiles,) = cc.load_clusters([TOMLS[0]])
    report = cc.check(textiles)
    rows = {row[1]: row for row in layout.outcome_rows(report, "en")}
    reading = rows["Investment intensity per hectare"][3]
    assert reading == "The document's “平方公顷” (square hectare) is read as hectare."
    rows = {row[1]: row for row in layout.outcome_rows(report, "zh")}
    assert rows["单位土地投资强度"][3] == "“平方公顷”按公顷读。"
    national = cc.check(textiles, "miit-2022-119")
    english = [o.read_as("en") for o in national.outcomes if o.reading]
    assert len(english) == 3
    unquoted = [re.sub(r"“[^”]*”", "", text) for text in english]  # quoted Chinese stays
    assert all(ord(ch) < 0x2E80 for text in unquoted for ch in text), unquoted
    assert not any("（" in text for text in english)  # no full-width brackets in English
