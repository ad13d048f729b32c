"""A workbook cell holding an error value (#DIV/0!, #N/A, #VALUE!), which calamine gives as an
empty cell, is reported at its cell in .xlsx, .xls and .ods alike, never read as empty.

The fixtures hold the same roster: 甲公司 =1/0, 乙公司 =NA(), 丙公司 5, 丁公司 #VALUE! typed in
(saved by LibreOffice, which keeps an .xlsx error as =NA())."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck.read.table import ErrorValue
from clustercheck.read.workbook import workbook_sheets

FIXTURES = Path(__file__).parent / "fixtures"
ERRORS = {
    "error-values.xls": ["#DIV/0!", "#N/A", "#VALUE!"],
    "error-values.ods": ["#DIV/0!", "#N/A", "#VALUE!"],
    "error-values.xlsx": ["#DIV/0!", "#N/A", "#N/A"],
}


@pytest.mark.parametrize("name", ERRORS)
def test_error_values_are_errors_at_their_cells(name: str) -> None:
    with pytest.raises(cc.InputErrors) as caught:
        list(cc.load_clusters([FIXTURES / name]))
    found = [(e.code, e.where, e.as_dict()["value"]) for e in caught.value.errors]
    places = ["企业名册!B2", "企业名册!B3", "企业名册!B5"]
    assert found == [
        ("error_value", f"{place}, column 营业收入(万元)", value)
        for place, value in zip(places, ERRORS[name], strict=True)
    ]
    first = caught.value.errors[0]
    assert first.message("zh") == (
        f"{FIXTURES / name}: 企业名册!B2（“营业收入(万元)”列）: 单元格显示错误值 {ERRORS[name][0]}，"
        "没有数值；应为数值：在 Excel 或 WPS 中改正这个单元格的公式或填入数值后重新保存"
    )


@pytest.mark.parametrize("name", ERRORS)
def test_the_sheet_gives_the_error_and_the_other_cells_as_they_are(name: str) -> None:
    (sheet,) = workbook_sheets(FIXTURES / name)
    rows = dict(sheet.rows)
    assert type(rows[2][1]) is ErrorValue and rows[2][1] == ERRORS[name][0]
    assert rows[4] == ["丙公司", "5"]


def test_an_error_typed_into_an_xlsx_cell_is_an_error_not_empty(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业名册"
    sheet.append(["企业名称", "营业收入(万元)"])
    sheet.append(["甲公司", 5])
    sheet.append(["乙公司", "#REF!"])  # stored as an error value (t="e"), no formula
    book.save(tmp_path / "名册.xlsx")
    with pytest.raises(cc.InputError) as caught:
        list(cc.load_clusters([tmp_path / "名册.xlsx"]))
    assert (caught.value.code, caught.value.where) == (
        "error_value", "企业名册!B3, column 营业收入(万元)",
    )  # fmt: skip
