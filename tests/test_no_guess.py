"""No number read on a guess: units never assumed, bare fractions in percentage rows refused,
forms whose rows or sheets are duplicated or missing named."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck import load_clusters

from .test_template import rows_by_key, template


def _summary(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "推荐汇总表.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_summary_money_column_without_a_unit_is_refused_not_read_in_wan(
    tmp_path: Path,
) -> None:
    path = _summary(tmp_path, "集群名称,营业收入,主导产业占比(%)\n示例县甲产业集群,23.5,72.3\n")
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    error = caught.value
    assert (error.code, error.line, error.column, error.value) == (
        "cell_without_unit", 2, "营业收入", "23.5",
    )  # fmt: skip
    assert "表头应写单位，如 营业收入(万元)" in error.message("zh")


def test_a_summary_share_column_without_percent_says_where_the_unit_goes(tmp_path: Path) -> None:
    path = _summary(tmp_path, "集群名称,营业收入(亿元),主导产业占比\n示例县甲产业集群,23.5,72.3\n")
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    error = caught.value
    assert (error.code, error.line, error.column) == ("share_without_unit", 2, "主导产业占比")
    assert error.message("zh").endswith(
        "'72.3' 没有 %，不知是百分数还是比值；表头应写单位，如 主导产业占比(%)，"
        '或在单元格中写 %，如 "52%"'
    )


def test_the_same_summary_with_its_units_reads(tmp_path: Path) -> None:
    path = _summary(
        tmp_path, "集群名称,营业收入(亿元),主导产业占比(%)\n示例县甲产业集群,23.5,72.3\n"
    )
    (cluster,) = load_clusters([path])
    assert cluster.declared.operating_revenue == 2_350_000_000
    assert str(cluster.declared.main_share) == "0.723"


def _form(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    path = template(tmp_path)
    book = openpyxl.load_workbook(path)
    declared = book["申报数据"]
    declared.cell(rows_by_key(declared)["name"], 3).value = "示例县甲产业集群"
    return path, book


def _form_errors(path: Path) -> list[tuple[str, str, object]]:
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    return [(e.place(), e.code, e.value) for e in caught.value.errors]


def test_a_form_unit_cell_left_empty_is_an_error_at_that_cell(tmp_path: Path) -> None:
    path, book = _form(tmp_path)
    declared = book["申报数据"]
    row = rows_by_key(declared)["operating_revenue"]
    declared.cell(row, 3).value = 235000
    declared.cell(row, 4).value = None
    book.save(path)
    assert _form_errors(path) == [(f"申报数据!D{row}", "form_unit_empty", "235000")]


@pytest.mark.parametrize(("value", "read"), [(52, "0.52"), ("52", "0.52"), ("0.8%", "0.008")])
def test_a_form_percent_row_reads_whole_numbers_and_percentages(
    tmp_path: Path, value: int | str, read: str
) -> None:
    path, book = _form(tmp_path)
    declared = book["申报数据"]
    cell = declared.cell(rows_by_key(declared)["building_density"], 3)
    cell.value = value
    cell.number_format = "General"
    book.save(path)
    (cluster,) = load_clusters([path])
    assert str(cluster.declared.building_density) == read


@pytest.mark.parametrize("value", [0.52, "0.52"])
def test_a_bare_fraction_in_a_form_percent_row_is_refused_as_ambiguous(
    tmp_path: Path, value: float | str
) -> None:
    path, book = _form(tmp_path)
    declared = book["申报数据"]
    row = rows_by_key(declared)["building_density"]
    declared.cell(row, 3).value = value
    declared.cell(row, 3).number_format = "General"  # the percent format cleared
    book.save(path)
    assert _form_errors(path) == [(f"申报数据!C{row}", "percent_fraction", "0.52")]


def test_a_fraction_in_a_form_percent_row_keeping_its_format_reads_as_shown(
    tmp_path: Path,
) -> None:
    path, book = _form(tmp_path)
    declared = book["申报数据"]
    cell = declared.cell(rows_by_key(declared)["building_density"], 3)
    cell.value = 0.52
    cell.number_format = "0%"
    book.save(path)
    (cluster,) = load_clusters([path])
    assert str(cluster.declared.building_density) == "0.52"
