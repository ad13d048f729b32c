"""Rosters read correctly or refused, in every reader: the CSV row reader and the compiled
tally alike, workbooks, forms, summary tables and firm frames. Each case asserts the figure
read, or the error's code and place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.inputs import load_clusters
from clustercheck.read import roster_file
from clustercheck.read.roster_file import read_roster

from .test_roster_fast import same_both_ways, tally_taken

HEADER = "企业名称,营业收入（万元）"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def errors_of(paths: list[Path]) -> list[tuple[str, str, object]]:
    """Each error of reading ``paths`` as (place, code, value)."""
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters(paths))
    exc = caught.value
    errors = exc.errors if isinstance(exc, cc.InputErrors) else [exc]
    return [(e.place(), e.code, e.value) for e in errors]


def roster_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "名册.xlsx") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业名册"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def form(tmp_path: Path, values: dict[str, Any]) -> Path:
    """The fill-in workbook with a name and ``values`` typed in the value column, by key."""
    path = tmp_path / "申报表.xlsx"
    assert main(["template", "-o", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    declared: Any = book["申报数据"]
    rows = {r[1].value: r[0].row for r in declared.iter_rows(min_row=2) if r[1].value}
    declared.cell(rows["name"], 3).value = "示例县集群"
    for key, value in values.items():
        declared.cell(rows[key], 3).value = value
    book.save(path)
    return path


# 8. Thousands separators only in their standard places.

BAD_SEPARATORS = ["1,5", "3100,5", "1.234,5", "6,20,00", "62 000", "1，5"]


@pytest.mark.parametrize("cell", BAD_SEPARATORS)
def test_a_separator_out_of_place_in_a_csv_roster_is_an_error_at_its_cell(
    tmp_path: Path, cell: str
) -> None:
    path = write(tmp_path, "名册.csv", f'{HEADER}\n甲公司,100\n乙公司,"{cell}"\n')
    assert same_both_ways(path)[0] == "error"
    assert errors_of([path]) == [("line 3, column 营业收入（万元）", "misplaced_separator", cell)]


def test_thousands_separators_in_their_places_are_read_by_both_readers(tmp_path: Path) -> None:
    path = write(tmp_path, "名册.csv", f'{HEADER}\n甲公司,"1,234,567.8"\n乙公司,"1,000"\n')
    assert tally_taken(path)
    assert same_both_ways(path)[0] == "ok"
    (cluster,) = load_clusters([path])
    assert cluster.roster is not None
    assert cluster.roster.operating_revenue == Decimal("12355678000")


@pytest.mark.parametrize("cell", BAD_SEPARATORS)
def test_a_separator_out_of_place_in_a_workbook_roster_names_its_cell(
    tmp_path: Path, cell: str
) -> None:
    path = roster_xlsx(
        tmp_path, [["企业名称", "营业收入（万元）"], ["甲公司", 100], ["乙公司", cell]]
    )
    assert errors_of([path]) == [
        ("企业名册!B3, column 营业收入（万元）", "misplaced_separator", cell)
    ]


@pytest.mark.parametrize("cell", BAD_SEPARATORS)
def test_a_separator_out_of_place_in_a_form_names_its_cell(tmp_path: Path, cell: str) -> None:
    path = form(tmp_path, {"operating_revenue": cell})
    assert errors_of([path]) == [("申报数据!C7", "misplaced_separator", cell)]


def test_a_space_in_a_forms_number_is_no_longer_62000_yuan(tmp_path: Path) -> None:
    path = form(tmp_path, {"operating_revenue": "62 000"})
    ((place, code, _),) = errors_of([path])
    assert (place, code) == ("申报数据!C7", "misplaced_separator")
    (tmp_path / "b").mkdir()
    (cluster,) = load_clusters([form(tmp_path / "b", {"operating_revenue": "62,000"})])
    assert cluster.declared.operating_revenue == Decimal("620000000")


@pytest.mark.parametrize("cell", BAD_SEPARATORS)
def test_a_separator_out_of_place_in_a_summary_table_names_its_cell(
    tmp_path: Path, cell: str
) -> None:
    path = write(
        tmp_path, "汇总表.csv", f'集群名称,营业收入(亿元),龙头企业数(家)\n甲县集群,"{cell}",3\n'
    )
    assert errors_of([path]) == [("line 2, column 营业收入(亿元)", "misplaced_separator", cell)]


def test_a_separator_out_of_place_in_a_firm_frame_names_its_row(tmp_path: Path) -> None:
    frame = pd.DataFrame({"企业名称": ["甲公司", "乙公司"], "营业收入(万元)": ["100", "1,5"]})
    with pytest.raises(cc.InputError) as caught:
        cc.clusters_from_firms(frame, name="丙县集群")
    assert (caught.value.place(), caught.value.code) == (
        "row 1.营业收入(万元)",
        "misplaced_separator",
    )
    frame = pd.DataFrame({"集群名称": ["甲县集群"], "主导产业占比(%)": ["6,5"]})
    with pytest.raises(cc.InputError) as caught:
        cc.clusters_from_frame(frame)
    assert caught.value.code == "misplaced_separator"


# 7. Totals rows, every spelling.

TOTALS = [
    "合计：",
    "合计数",
    "总计（万元）",
    "Total",
    "TOTAL",
    "Grand total:",
    "小计:",
    "[合计]",
    "合 计",
    "合计：12家",
    "合计（含税）",
    "ＴＯＴＡＬ",
    "小计（甲县）",
]


@pytest.mark.parametrize("label", TOTALS)
def test_a_totals_row_in_any_spelling_is_no_firm(tmp_path: Path, label: str) -> None:
    path = write(tmp_path, "名册.csv", f"{HEADER}\n甲公司,100\n乙公司,200\n{label},300\n")
    assert same_both_ways(path)[0] == "ok"
    (cluster,) = load_clusters([path])
    assert cluster.roster is not None
    assert (cluster.roster.firms, cluster.roster.operating_revenue) == (2, Decimal(3_000_000))
    (note,) = cluster.roster.remarks
    assert (note.code, note.args["label"], note.args["lines"]) == (
        "totals_row_matches",
        label,
        "2–3",
    )


@pytest.mark.parametrize(
    "name",
    [
        "示例会计师事务所",
        "Total Solutions Ltd",
        "Summit Co.",
        "示例设计院",
        "示例统计有限公司",
        "Ａｃｍｅ有限公司",
        "示例（合计）科技有限公司",
    ],
)
def test_a_firm_whose_name_holds_a_totals_word_is_a_firm(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, "名册.csv", f"{HEADER}\n甲公司,100\n{name},200\n")
    assert tally_taken(path)
    (cluster,) = load_clusters([path])
    assert cluster.roster is not None
    assert (cluster.roster.firms, cluster.roster.remarks) == (2, ())


def test_totals_rows_in_a_workbook_and_a_summary_table(tmp_path: Path) -> None:
    book = roster_xlsx(
        tmp_path, [["企业名称", "营业收入（万元）"], ["甲公司", 100], ["TOTAL", 100]]
    )
    (cluster,) = load_clusters([book])
    assert cluster.roster is not None and cluster.roster.firms == 1
    summary = write(
        tmp_path, "汇总表.csv", "集群名称,营业收入(亿元)\n甲县集群,20\n合计：,20\nTotal,20\n"
    )
    told: list[cc.Note] = []
    assert [c.name for c in load_clusters([summary], on_note=told.append)] == ["甲县集群"]
    assert [(n.code, n.args["line"]) for n in told[1:]] == [
        ("summary_totals_row", "3"),
        ("summary_totals_row", "4"),
    ]


def test_a_totals_row_in_a_firm_frame(tmp_path: Path) -> None:
    frame = pd.DataFrame({"企业名称": ["甲公司", "总计（万元）"], "营业收入(万元)": [100, 100]})
    (cluster,) = cc.clusters_from_firms(frame, name="丙县集群")
    assert cluster.roster is not None and cluster.roster.firms == 1
    assert [n.code for n in cluster.roster.remarks] == ["totals_row_matches"]


# 24. Control characters in names, refused by both readers.


@pytest.mark.parametrize("char", ["\t", "\x01", "\x1b", "\x7f", "\x85", "\x9f"])
def test_a_control_character_in_a_name_is_refused_by_both_readers(
    tmp_path: Path, char: str
) -> None:
    path = write(tmp_path, "名册.csv", f"{HEADER}\n甲公司,100\n乙{char}公司,200\n")
    assert same_both_ways(path)[0] == "error"
    assert errors_of([path]) == [("line 3, column 企业名称", "control_character", f"乙{char}公司")]


# 25. A header cell with a line break in it.


def test_a_header_cell_wrapped_with_alt_enter_is_passed_over_whole(tmp_path: Path) -> None:
    """The break at the cell's end once made the tally read the firms below into one quoted
    cell; now both readers skip the header by records and read the same three firms."""
    text = '企业名称,"营业收入（万元）\r\n",从业人员\r\n甲公司,100,10\r\n乙公司,200,20\r\n丙公司,300,30\r\n'
    path = write(tmp_path, "名册.csv", text)
    assert tally_taken(path)
    assert same_both_ways(path)[0] == "ok"
    (cluster,) = load_clusters([path])
    assert cluster.roster is not None
    assert (cluster.roster.firms, cluster.roster.operating_revenue) == (3, Decimal(6_000_000))


# 26. A blank record that spans lines is named by its first line.


def test_a_blank_record_spanning_lines_is_named_by_its_first(tmp_path: Path) -> None:
    text = f'{HEADER}\n甲公司,100\n"\n\n",\n乙公司,200\n'
    path = write(tmp_path, "名册.csv", text)
    assert tally_taken(path)
    assert same_both_ways(path)[0] == "ok"
    (cluster,) = load_clusters([path])
    assert cluster.roster is not None
    (note,) = cluster.roster.remarks
    assert (note.code, note.args["lines"]) == ("blank_rows", "3")


# 27. A subtotal with an empty cluster cell under each cluster: linear, one note a row.


def test_subtotals_without_a_cluster_go_with_their_own_cluster_once(tmp_path: Path) -> None:
    rows = ["集群,企业名称,营业收入（万元）"]
    for i in range(3):
        rows += [f"集群{i},甲{i}公司,{100 + i}", f",小计,{100 + i}"]
    path = write(tmp_path, "名册.csv", "\n".join([*rows, ",合计,303"]) + "\n")
    remarks = {c.name: [(n.args["line"], n.args["lines"]) for n in c.figures.remarks] for c in read_roster(path, ())}  # fmt: skip
    assert remarks == {
        "集群0": [("3", "2"), ("8", "2–6")],
        "集群1": [("5", "4"), ("8", "2–6")],
        "集群2": [("7", "6"), ("8", "2–6")],
    }


def test_many_clusters_each_with_a_subtotal_are_read_in_linear_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each subtotal once moved every cluster's marks on and was noted on every cluster: n²
    of both. Counted, the marks moved stay within a few per row, and the notes one per row."""
    count = 2000
    rows = ["集群,企业名称,营业收入（万元）"]
    for i in range(count):
        rows += [f"集群{i},甲{i}公司,100", ",小计,100"]
    path = write(tmp_path, "名册.csv", "\n".join(rows) + "\n")
    moved = 0
    original = roster_file._Running.restart

    def counted(self: Any, *, subtotal: bool) -> None:
        nonlocal moved
        moved += 1
        original(self, subtotal=subtotal)

    monkeypatch.setattr(roster_file._Running, "restart", counted)
    clusters = read_roster(path, ())
    assert len(clusters) == count
    assert moved <= 3 * len(rows)
    assert sum(len(c.figures.remarks) for c in clusters) == count


# 16. A CSV holding only its header row.


@pytest.mark.parametrize("text", [f"{HEADER}\n", HEADER, f"\ufeff{HEADER}\r\n"])
def test_a_csv_with_only_its_header_is_an_error_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = write(tmp_path, "名册.csv", text)
    told: list[tuple[str, int, int]] = []
    with pytest.raises(cc.InputError) as caught:
        read_roster(path, (), progress=lambda *args: told.append(args))
    assert caught.value.code == "no_firms"
    assert main(["check", str(path)]) == 2
    assert (
        capsys.readouterr().err
        == f"clustercheck: 错误: {path}: 表头行下面没有企业；每家企业应占一行\n"
    )


# 14. Headers with their unit written otherwise; files that are not comma-separated UTF-8/GBK.


@pytest.mark.parametrize(
    "header",
    [
        "营业收入/万元",
        "营业收入万元",
        "营业收入 [万元]",
        "营业收入【万元】",
        "营业收入［万元］",
        "营业收入 / 万元",
    ],
)
def test_a_unit_after_a_slash_in_square_brackets_or_run_on_is_read(
    tmp_path: Path, header: str
) -> None:
    path = write(tmp_path, "名册.csv", f"企业名称,{header}\n甲公司,100\n乙公司,23.5\n")
    assert tally_taken(path)
    assert same_both_ways(path)[0] == "ok"
    (cluster,) = load_clusters([path])
    assert cluster.roster is not None
    assert cluster.roster.operating_revenue == Decimal(1_235_000)


def test_units_written_otherwise_in_a_summary_table(tmp_path: Path) -> None:
    path = write(tmp_path, "汇总表.csv", "集群名称,营业收入/亿元,主导产业占比%\n甲县集群,20,65\n")
    told: list[cc.Note] = []
    (cluster,) = load_clusters([path], on_note=told.append)
    assert cluster.declared.operating_revenue == Decimal(2_000_000_000)
    assert cluster.declared.main_share == Decimal("0.65")


@pytest.mark.parametrize(("delimiter", "line"), [(";", 1), ("\t", 3)])
def test_a_csv_separated_by_semicolons_or_tabs_is_named_so(
    tmp_path: Path, delimiter: str, line: int
) -> None:
    title = "" if line == 1 else "2015年名册\n\n"
    text = title + delimiter.join(["企业名称", "营业收入（万元）"]) + f"\n甲公司{delimiter}100\n"
    path = write(tmp_path, "名册.csv", text)
    assert errors_of([path]) == [(f"line {line}", "csv_delimiter", delimiter)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_is_named_so(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "名册.csv", f"{HEADER}\r\n甲公司,100\r\n", encoding)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.code, caught.value.place()) == ("csv_utf16", "")
    assert "另存为“CSV UTF-8（逗号分隔）”" in caught.value.message("zh")


def test_a_gbk_file_whose_first_64_kib_are_ascii_is_read_as_gbk(tmp_path: Path) -> None:
    """The encoding is told from the text beyond ASCII, wherever it begins, by both readers:
    a GBK name after 64 KiB of ASCII is read as GBK, not refused as bad UTF-8."""
    rows = [f"Firm {i} Ltd,10" for i in range(6000)]
    text = "\n".join(["name,employees", *rows, "示例甲有限公司,20"]) + "\n"
    data = text.encode("gbk")
    assert data[:65_536].isascii()
    path = tmp_path / "名册.csv"
    path.write_bytes(data)
    assert same_both_ways(path, list_smes=True)[0] == "ok"
    assert tally_taken(path)
    (part,) = read_roster(path, (), list_smes=True)
    assert part.figures.firms == 6001
    assert part.figures.related_sme_names is not None
    assert part.figures.related_sme_names[-1] == "示例甲有限公司"


# 12. Rosters: a firm's 主营业务收入 above its 营业收入; a row or a sheet given twice.


def test_main_business_revenue_above_operating_revenue_is_an_error_in_a_csv(
    tmp_path: Path,
) -> None:
    text = "企业名称,主营业务收入,营业收入（万元）\n甲公司,4000万元,5000\n乙公司,0.5亿元,4999\n"
    path = write(tmp_path, "名册.csv", text)
    assert same_both_ways(path)[0] == "error"
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.place(), caught.value.code, caught.value.value) == (
        "line 3, column 主营业务收入",
        "part_above_whole",
        "0.5亿元",
    )
    assert caught.value.message("zh").endswith(
        "主营业务收入 0.5亿元 大于 营业收入（万元） 4999；应不超过 4999，因为 主营业务收入是营业收入的一部分"
    )


def test_main_business_revenue_above_operating_revenue_in_a_workbook_a_form_and_a_frame(
    tmp_path: Path,
) -> None:
    header: list[object] = ["企业名称", "主营业务收入（万元）", "营业收入（万元）"]
    book = roster_xlsx(tmp_path, [header, ["甲公司", 6000, 5000]])
    assert errors_of([book]) == [
        ("企业名册!B2, column 主营业务收入（万元）", "part_above_whole", "6000")
    ]
    path = form(tmp_path, {})
    filled = openpyxl.load_workbook(path)
    filled["企业名册"].append(["甲公司", None, 6000, 5000])
    filled.save(path)
    ((place, code, _),) = errors_of([path])
    assert (place, code) == ("企业名册!C2, column 主营业务收入(万元)", "part_above_whole")
    frame = pd.DataFrame({"企业名称": ["甲公司"], "主营业务收入": [6000], "营业收入": [5000]})
    with pytest.raises(cc.InputError) as caught:
        cc.clusters_from_firms(frame, name="丙县集群", money_unit="万元")
    assert (caught.value.place(), caught.value.code) == ("row 0.主营业务收入", "part_above_whole")


def test_a_row_repeated_without_a_credit_code_is_an_error_naming_both(tmp_path: Path) -> None:
    text = f"集群,{HEADER}\n甲县,甲公司,100\n乙县,甲公司,100\n甲县,乙公司,100\n甲县, 甲公司 ,100\n"
    path = write(tmp_path, "名册.csv", text)
    assert same_both_ways(path)[0] == "error"
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.place(), caught.value.code) == ("line 5", "repeated_row")
    assert caught.value.message("en").endswith(
        "this row repeats line 2 in 甲县 (the same name and cells, and no credit code): one firm "
        "counted twice; expected each firm once: delete the repeated row"
    )
    other = write(tmp_path, "另.csv", f"{HEADER}\n甲公司,100\n甲公司,200\n")
    (cluster,) = load_clusters([other])
    assert cluster.roster is not None and cluster.roster.firms == 2


def test_a_backup_copy_of_the_roster_sheet_is_reported(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "企业名册"
    rows: list[list[Any]] = [["企业名称", "营业收入（万元）"], ["甲公司", 100], ["乙公司", 200]]
    for row in rows:
        first.append(row)
    copy = book.copy_worksheet(first)
    copy.title = "企业名册 (2)"
    copy["B3"] = 250  # edited in the copy: no longer the same row
    path = tmp_path / "名册.xlsx"
    book.save(path)
    assert errors_of([path]) == [
        ("'企业名册 (2)'!2:2", "repeated_row", None),
        ("'企业名册 (2)'!A3, column 企业名称", "firm_on_two_sheets", "乙公司"),
    ]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_rows_and_sheets_are_read_with_a_note(tmp_path: Path, state: str) -> None:
    book = openpyxl.Workbook()
    shown = book.active
    assert shown is not None
    shown.title = "企业名册"
    rows: list[list[Any]] = [["企业名称", "营业收入（万元）"], ["甲公司", 100], ["乙公司", 200]]
    for row in [*rows, ["丙公司", 300]]:
        shown.append(row)
    shown.row_dimensions[3].hidden = True
    shown.row_dimensions[4].hidden = True
    other = book.create_sheet("乙县")
    for row in [rows[0], ["丁公司", 400]]:
        other.append(row)
    other.sheet_state = state
    path = tmp_path / "名册.xlsx"
    book.save(path)
    (cluster,) = load_clusters([path])
    assert cluster.roster is not None
    assert (cluster.roster.firms, cluster.roster.operating_revenue) == (4, Decimal(10_000_000))
    assert [n.text("zh") for n in cluster.roster.remarks] == [
        "[名册.xlsx]企业名册 中 2 个隐藏的行已照常读取（第 3、4 行）",
        "[名册.xlsx]乙县 是隐藏的工作表，其中的企业已照常读取；如是不应计入的副本，请删去",
    ]


def test_a_leader_decided_by_digits_a_workbook_shows_rounded_gets_a_note(tmp_path: Path) -> None:
    """5000.000000000001 万元 (a sum Excel computed in binary) shows as 5,000.00 and is over
    5000万元: read as stored, with a note, as is 5000.004; 4999.996 and 4999.9999999999,
    shown as 5,000.00 too, are no leaders either way."""
    rows: list[list[Any]] = [
        ["企业名称", "主营业务收入（万元）", "营业收入（万元）"],
        ["甲公司", 5000.000000000001, 6000],
        ["乙公司", 5000.004, 6000],
        ["丙公司", 4999.996, 6000],
        ["丁公司", 4999.9999999999, 6000],
    ]
    (cluster,) = load_clusters([roster_xlsx(tmp_path, rows)])
    report = cc.check(cluster)
    assert report["leaders"].items == ("甲公司", "乙公司")
    assert cluster.roster is not None
    assert [n.text("zh") for n in cluster.roster.remarks] == [
        "[名册.xlsx]企业名册 第 2 行（甲公司）的主营业务收入 5000.000000000001 只凭第二位小数之后的"
        "数字决定是否为龙头企业，而工作簿显示时会四舍五入为 5,000.00；已按存储的值读取，请核对该数字",
        "[名册.xlsx]企业名册 第 3 行（乙公司）的主营业务收入 5000.004 只凭第二位小数之后的数字决定是否"
        "为龙头企业，而工作簿显示时会四舍五入为 5,000.00；已按存储的值读取，请核对该数字",
    ]
