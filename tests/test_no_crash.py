"""No crash and no hang: a stray far cell, deep nesting, lone surrogates, control characters
in names, special files as inputs, Ctrl-C."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
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
