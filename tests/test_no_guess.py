"""No number read on a guess: units never assumed, bare fractions in percentage rows refused,
forms whose rows or sheets are duplicated or missing named."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck import load_clusters

from .test_template import rows_by_key, template

NOTES: list[str] = []


def _noted(note: cc.Note) -> None:
    """A summary table is noted as read so: kept, as the command line would show it."""
    NOTES.append(note.text("en"))


def _summary(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "推荐汇总表.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_summary_money_column_without_a_unit_is_refused_not_read_in_wan(
    tmp_path: Path,
) -> None:
    path = _summary(tmp_path, "集群名称,营业收入,主导产业占比(%)\n示例县甲产业集群,23.5,72.3\n")
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
    error = caught.value
    assert (error.code, error.line, error.column, error.value) == (
        "cell_without_unit", 2, "营业收入", "23.5",
    )  # fmt: skip
    assert "表头应写单位，如 营业收入(万元)" in error.message("zh")


def test_a_summary_share_column_without_percent_says_where_the_unit_goes(tmp_path: Path) -> None:
    path = _summary(tmp_path, "集群名称,营业收入(亿元),主导产业占比\n示例县甲产业集群,23.5,72.3\n")
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
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
    (cluster,) = load_clusters([path], on_note=_noted)
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
        list(load_clusters([path], on_note=_noted))
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
    (cluster,) = load_clusters([path], on_note=_noted)
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
    (cluster,) = load_clusters([path], on_note=_noted)
    assert str(cluster.declared.building_density) == "0.52"


def test_a_form_row_given_twice_is_an_error_naming_both_cells(tmp_path: Path) -> None:
    path, book = _form(tmp_path)
    declared = book["申报数据"]
    row = rows_by_key(declared)["operating_revenue"]
    declared.cell(row, 3).value = 235000
    last = declared.max_row + 1
    row_values: tuple[str | int, ...] = ("营业收入", "operating_revenue", 5, "亿元")
    for column, value in enumerate(row_values, start=1):
        declared.cell(last, column).value = value
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
    (error,) = caught.value.errors
    assert (error.place(), error.code) == (f"申报数据!B{last}", "form_key_twice")
    assert error.message("zh").endswith(
        f"申报数据!B{last}: 字段 'operating_revenue' 已在 申报数据!B{row} 填过；"
        "每个字段应只有一行（删去重复的一行）"
    )


def test_a_copied_form_sheet_is_refused_not_dropped(tmp_path: Path) -> None:
    path, book = _form(tmp_path)
    copy = book.copy_worksheet(book["申报数据"])
    copy.title = "申报数据 (2)"
    book.save(path)
    assert _form_errors(path) == [("'申报数据 (2)'!A1", "form_sheet_copy", None)]


@pytest.mark.parametrize(("sheet", "renamed"), [("核查意见", None), ("申报数据", "Sheet1")])
def test_a_deleted_or_renamed_form_sheet_is_named_as_missing(
    tmp_path: Path, sheet: str, renamed: str | None
) -> None:
    path, book = _form(tmp_path)
    if renamed is None:
        del book[sheet]
    else:
        book[sheet].title = renamed
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
    (error,) = caught.value.errors
    assert error.code == "form_sheet_missing"
    english = "Findings" if renamed is None else "Declared figures"
    assert f"填报表格中没有工作表 {sheet}（或 {english}）" in error.message("zh")


def test_a_form_roster_naming_two_clusters_is_a_clear_error(tmp_path: Path) -> None:
    path, book = _form(tmp_path)
    roster = book["企业名册"]
    headers = [c.value for c in roster[1]]
    roster.cell(1, len(headers) + 1).value = "集群"
    for line, cluster in ((2, "甲产业集群"), (3, "乙产业集群")):
        roster.cell(line, headers.index("企业名称") + 1).value = f"{cluster}某公司"
        roster.cell(line, len(headers) + 1).value = cluster
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
    error = caught.value
    assert (error.code, error.sheet) == ("roster_other_clusters", "企业名册")
    assert "'甲产业集群'、'乙产业集群'" in error.message("zh")


@pytest.mark.parametrize(
    ("revenue", "unit", "leaders", "ok"),
    [("23.5", "万元", 3, False), ("15000", "万元", 3, False), ("15000.01", "万元", 3, True),
     ("23.5", "亿元", 3, True), ("4999", "万元", 1, False), ("100", "万元", 0, True)],
)  # fmt: skip
def test_leaders_the_form_revenue_cannot_hold_are_reported_at_the_revenue_cell(
    tmp_path: Path, revenue: str, unit: str, leaders: int, ok: bool
) -> None:
    """Each leader's 主营业务收入 is 超5000万元, and the cluster's 营业收入 at least their sum:
    3 leaders need 营业收入 over 15000万元, exactly 15000万元 is not enough."""
    path, book = _form(tmp_path)
    declared = book["申报数据"]
    at = rows_by_key(declared)
    declared.cell(at["operating_revenue"], 3).value = revenue
    declared.cell(at["operating_revenue"], 4).value = unit
    declared.cell(at["leaders"], 3).value = leaders
    book.save(path)
    if ok:
        (cluster,) = load_clusters([path], on_note=_noted)
        assert cluster.declared.leaders == leaders
        return
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
    (error,) = caught.value.errors
    assert (error.place(), error.code) == (
        f"申报数据!C{at['operating_revenue']}", "leaders_above_revenue",
    )  # fmt: skip
    assert f"容纳不下申报的 {leaders} 家龙头企业（每家主营业务收入>5000万元，合计超过 " in (
        error.message("zh")
    )


def test_a_cluster_file_with_leaders_its_revenue_cannot_hold_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        'name = "示例县甲产业集群"\n[declared]\noperating_revenue = "23.5万元"\nleaders = 3\n',
        encoding="utf-8",
    )
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(path)
    assert (caught.value.code, caught.value.key) == (
        "leaders_above_revenue", ("declared", "operating_revenue"),
    )  # fmt: skip


def test_a_credit_code_seen_before_names_its_line_in_the_reviewers_language(
    tmp_path: Path,
) -> None:
    path = tmp_path / "名册.csv"
    code = "91410100MA3X00001B"
    path.write_text(
        "企业名称,统一社会信用代码,营业收入(万元),主营业务收入(万元)\n"
        f"甲公司,{code},100,90\n乙公司,{code},100,90\n",
        encoding="utf-8",
    )
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
    error = next(e for e in caught.value.errors if e.code == "code_seen")
    assert "已出现在 第 2 行（名册）" in error.message("zh")
    assert "already appears at line 2 in 名册" in error.message("en")


def test_a_registry_naming_one_cluster_twice_says_so_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "registry.toml"
    entry = (
        '[[cluster]]\nid = "A"\nname = "甲产业集群"\naccredited = 2014-01-01\nstatus = "active"\n'
    )
    path.write_text('rules = "henan-2014-196"\n' + entry + entry, encoding="utf-8")
    with pytest.raises(cc.InputError) as caught:
        cc.load_registry(path)
    messages = [e.message("zh") for e in caught.value.errors]
    assert messages == [
        f"{path}: cluster[1].id: 'A' 也是 cluster[0] 的编号或名称；每个集群应只出现一次",
        f"{path}: cluster[1].name: '甲产业集群' 也是 cluster[0] 的编号或名称；每个集群应只出现一次",
    ]


def test_a_form_without_its_key_column_names_it_in_the_reviewers_language(
    tmp_path: Path,
) -> None:
    path, book = _form(tmp_path)
    book["申报数据"].cell(1, 2).value = "键"
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
    text = caught.value.errors[0].message("zh")
    assert "应有 字段（或 Key） 列" in text, text


def test_a_summary_naming_one_cluster_twice_names_both_rows(tmp_path: Path) -> None:
    path = _summary(
        tmp_path,
        "集群名称,所在地区,营业收入(亿元)\n甲产业集群,甲县,23.5\n乙产业集群,甲县,30\n"
        "甲产业集群,甲县,25\n",
    )
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path], on_note=_noted))
    (error,) = caught.value.errors
    assert (error.code, error.line) == ("summary_row_twice", 4)
    assert error.message("zh").endswith(
        "第 4 行: 集群 '甲产业集群' 已在 第 2 行 给出；汇总表中每个集群应只占一行"
    )


def test_a_merged_region_cell_gives_its_value_to_every_row_it_covers(tmp_path: Path) -> None:
    path = tmp_path / "推荐汇总表.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["集群名称", "所在地区", "营业收入(亿元)"])
    for name, region, revenue in (
        ("甲产业集群", "甲县", 23.5),
        ("乙产业集群", None, 30),
        ("丙产业集群", None, 21),
    ):
        sheet.append([name, region, revenue])
    sheet.append(["丁产业集群", "乙县", 22])
    sheet.merge_cells("B2:B4")
    book.save(path)
    regions = [(c.name, c.region) for c in load_clusters([path], on_note=_noted)]
    assert regions == [
        ("甲产业集群", "甲县"), ("乙产业集群", "甲县"), ("丙产业集群", "甲县"), ("丁产业集群", "乙县"),
    ]  # fmt: skip
