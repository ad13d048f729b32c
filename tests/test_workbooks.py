""".xlsx, .xls and .ods through one reader, and what spreadsheets do to data read as the
person saw it: dates, percentages, thousands formats, credit codes stored as numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck.inputs import load_clusters
from clustercheck.model.credit import check_character
from clustercheck.read.workbook import workbook_sheets

FIXTURES = Path(__file__).parent / "fixtures"


def code(n: int) -> str:
    body = f"9141000000{n:07d}"
    return body + check_character(body)


def cells(path: Path) -> list[tuple[str | None, int, list[str]]]:
    return [(sheet.name, line, row) for sheet in workbook_sheets(path) for line, row in sheet.rows]


@pytest.mark.parametrize("name", ["roster.xls", "roster.ods"])
def test_xls_and_ods_rosters_are_read(name: str) -> None:
    (cluster,) = load_clusters([FIXTURES / name])
    assert cluster.name == "roster"
    assert cluster.roster is not None
    assert cluster.roster.firms == 3
    assert cluster.roster.operating_revenue == Decimal(13_103_000_000)  # 6200 + 1300000 + 4100 万元
    report = cc.check(cluster)
    assert report["leaders"].items == ("甲有限公司", "乙有限公司")


@pytest.mark.parametrize("name", ["roster.xls", "roster.ods"])
def test_dates_and_thousands_formats_read_as_shown(name: str) -> None:
    rows = cells(FIXTURES / name)
    assert rows[2] == (
        "企业名册", 3,
        ["甲有限公司", code(1), "6000.5", "6200", "62", "320", "是", "2016-03-31"],
    )  # fmt: skip
    assert rows[3][2][2:4] == ["1234567.25", "1300000"]  # shown as 1,234,567.25 and 1,300,000


def test_an_xlsx_cell_formatted_as_a_percentage_reads_as_one(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["share", "date", "money"])
    sheet.append([0.52, datetime.date(2014, 12, 29), 1234567.5])
    sheet["A2"].number_format = "0%"
    sheet["B2"].number_format = "yyyy-mm-dd"
    sheet["C2"].number_format = "#,##0.00"
    book.save(tmp_path / "a.xlsx")
    assert cells(tmp_path / "a.xlsx")[1] == ("Sheet", 2, ["52%", "2014-12-29", "1234567.5"])


def test_places_count_from_the_sheets_first_row_and_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["C3"] = "企业名称"
    sheet["D3"] = "营业收入（万元）"
    sheet["C4"] = "甲"
    sheet["D4"] = -5
    book.save(tmp_path / "名册.xlsx")
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([tmp_path / "名册.xlsx"]))
    assert caught.value.where == "Sheet!D4, column 营业收入（万元）"


def test_a_credit_code_stored_as_a_number_is_named_so(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["企业名称", "统一社会信用代码", "营业收入（万元）"])
    sheet.append(["甲", 914100000000000000, 100])
    book.save(tmp_path / "名册.xlsx")
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([tmp_path / "名册.xlsx"]))
    assert caught.value.where == "Sheet!B2, column 统一社会信用代码"
    assert caught.value.code == "code_as_number"
    assert caught.value.problem == (
        "'9.141e+17' is a credit code that Excel or WPS stored as a number, and its last digits "
        "are gone; expected text: format the column as text and enter the codes again, or "
        "export them again"
    )


@pytest.mark.parametrize("compiled", [True, False])
def test_a_credit_code_saved_as_a_number_in_csv_is_named_so(
    tmp_path: Path, compiled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clustercheck.read import roster_fast

    monkeypatch.setattr(roster_fast, "AVAILABLE", compiled and roster_fast.AVAILABLE)
    path = tmp_path / "名册.csv"
    path.write_text(
        f"企业名称,统一社会信用代码,营业收入（万元）\n甲,{code(1)},1\n乙,9.14101E+17,2\n"
    )
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.where, caught.value.code) == (
        "line 3, column 统一社会信用代码",
        "code_as_number",
    )
    assert caught.value.message("zh").endswith(
        "'9.14101E+17' 是 Excel 或 WPS 当作数字保存的统一社会信用代码，最后几位数字已经丢失；"
        "应为文字：把这一列设为“文本”格式后重新输入代码，或从原系统重新导出"
    )


def test_a_template_keeps_credit_codes_as_text(tmp_path: Path) -> None:
    from clustercheck.cli import main

    assert main(["template", "-o", str(tmp_path / "t.xlsx")]) == 0
    roster = openpyxl.load_workbook(tmp_path / "t.xlsx")["企业名册"]
    assert roster.column_dimensions["B"].number_format == "@"


def test_only_sheets_with_formulas_or_percentages_are_read_again(tmp_path: Path) -> None:
    from clustercheck.read.workbook import _XlsxMarks

    book = openpyxl.Workbook()
    plain = book.active
    assert plain is not None
    plain.title = "名册"
    plain.append(["企业名称", 1])
    shares = book.create_sheet("占比")
    shares.append([0.52, "=A1*2"])
    shares["A1"].number_format = "0.00%"
    book.save(tmp_path / "a.xlsx")
    marks = _XlsxMarks(tmp_path / "a.xlsx")
    try:
        assert marks.of("名册") == ({}, ())
        assert marks.of("占比") == ({(1, 0): "%", (1, 1): "=A1*2"}, ())
    finally:
        marks.close()


def test_a_workbook_with_a_damaged_sheet_is_an_error_naming_it(tmp_path: Path) -> None:
    import zipfile

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["企业名称", "营业收入（万元）"])
    sheet.append(["甲", 1])
    book.save(tmp_path / "good.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "good.xlsx") as good,
        zipfile.ZipFile(tmp_path / "名册.xlsx", "w") as broken,
    ):
        for item in good.infolist():
            data = good.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            broken.writestr(item, data)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([tmp_path / "名册.xlsx"]))
    assert (caught.value.source, caught.value.code) == (str(tmp_path / "名册.xlsx"), "not_workbook")
    assert caught.value.problem.startswith("not a readable .xlsx workbook (")
