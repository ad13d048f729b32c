"""Roster files as reviewers receive them: Excel exports in CSV or XLSX, GBK or UTF-8."""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.inputs import load_clusters
from clustercheck.model.credit import check_character
from clustercheck.model.roster import Leaders
from clustercheck.read.examples import examples_dir
from clustercheck.render import layout

HEADER = "企业名称,统一社会信用代码,主营业务收入（万元）,营业收入(万元),研发费用（万元）,从业人员,企业规模,是否主导产业"
Write = Callable[[str, str], Path]


def code(n: int) -> str:
    body = f"9141000000{n:07d}"
    return body + check_character(body)


def firms(count: int, revenue: str = "1,000", start: int = 0) -> list[str]:
    return [
        f'示例{i}号有限公司,{code(start + i)},"{revenue}","{revenue}",12,300,小型,是'
        for i in range(count)
    ]


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def only(path: Path) -> cc.Cluster:
    (cluster,) = load_clusters([path])
    return cluster


def errors_of(path: Path) -> list[cc.InputError]:
    with pytest.raises((cc.InputError, cc.InputErrors)) as caught:
        list(load_clusters([path]))
    exc = caught.value
    if isinstance(exc, cc.InputErrors):
        return list(exc.errors)
    assert isinstance(exc, cc.InputError)
    return [exc]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_encodings_are_told_apart(tmp_path: Path, encoding: str) -> None:
    text = "\r\n".join([HEADER, *firms(3)]) + "\r\n"
    path = write_bytes(tmp_path, "示例县名册.csv", text.encode(encoding))
    cluster = only(path)
    assert cluster.name == "示例县名册"
    assert cluster.roster is not None
    assert cluster.roster.firms == 3
    assert cluster.roster.operating_revenue == Decimal(30_000_000)


def test_gbk_file_with_title_rows_padding_and_trailing_blank_rows(tmp_path: Path) -> None:
    lines = [
        "2015年示例县产业集群企业名册,,,,,,,",
        ",,,,,,,",
        HEADER,
        ' 示例甲有限公司 , 91110000600037341L ," 6,000.5 "," 7,000 ", 80 , 1200 ,大型, 是 ',
        *firms(2),
        ",,,,,,,",
        ",,,,,,,",
    ]
    path = write_bytes(tmp_path, "gbk.csv", "\r\n".join(lines).encode("gbk"))
    report = cc.check(only(path))
    assert report["leaders"].items == ("示例甲有限公司",)
    assert report["revenue"].value == Decimal("0.9")  # 7000 + 1000 + 1000 万元
    codes = [w.code for w in report.warnings]
    assert codes == ["rows_above_header"]  # trailing empty rows are the end of the sheet


def test_blank_rows_between_firms_are_named(write: Write) -> None:
    path = write("gap.csv", "\n".join([HEADER, *firms(1), ",,,,,,,", *firms(1, start=5)]))
    (note,) = cc.check(only(path)).warnings
    assert note.code == "blank_rows"
    assert "3" in note.args["lines"]


def test_unknown_columns_are_reported_not_dropped(write: Write) -> None:
    path = write(
        "extra.csv", "\n".join([HEADER + ",地址,序号", *[f + ",郑州,1" for f in firms(1)]])
    )
    (note,) = cc.check(only(path)).warnings
    assert note.code == "columns_unread"
    assert note.args["columns"] == "地址"


def test_english_headers_units_and_booleans(write: Write) -> None:
    text = (
        "name,credit_code,main_business_revenue (亿元),operating_revenue (千元),employees,size,"
        "in_main_industry,related\n"
        "Alpha Co,,0.6,60000,50,small,Y,√\nBeta Co,,0.2,20000,50,micro,N,×\n"
    )
    figures = only(write("en.csv", text)).roster
    assert figures is not None
    assert figures.operating_revenue == Decimal(80_000_000)
    assert figures.main_industry_revenue == Decimal(60_000_000)
    assert figures.related_smes == 1
    assert figures.leaders[next(iter(figures.leaders))] == Leaders(("Alpha Co",), ())


def test_province_wide_file_gives_one_cluster_per_value_in_first_appearance_order(
    write: Write,
) -> None:
    rows = ["集群,企业名称,营业收入（万元）"]
    rows += ["乙县集群,B1,100", "甲县集群,A1,200", "乙县集群,B2,300"]
    clusters = list(load_clusters([write("province.csv", "\n".join(rows))]))
    assert [c.name for c in clusters] == ["乙县集群", "甲县集群"]
    totals = [c.roster.operating_revenue for c in clusters if c.roster is not None]
    assert totals == [Decimal(4_000_000), Decimal(2_000_000)]


def test_every_bad_row_is_reported_with_line_column_and_value(write: Write) -> None:
    good = firms(5)
    bad = [f"坏{i}号公司,,{-i - 1},100,1,1,小型,是" for i in range(30)]
    path = write("bad.csv", "\n".join([HEADER, *good, *bad]))
    errors = errors_of(path)
    assert len(errors) == 30
    first = errors[0]
    assert first.source == str(path)
    assert first.where == "line 7, column 主营业务收入（万元）"
    assert "'-1'" in first.problem
    assert "negative" in first.problem


@pytest.mark.parametrize(
    ("row", "where", "expected"),
    [
        ("甲,91110000600037341X,1,1,1,1,小型,是", "统一社会信用代码", "GB 32100-2015"),
        ("甲,,一千,1,1,1,小型,是", "主营业务收入（万元）", "not money"),
        ("甲,,1,1,1,1,巨型,是", "企业规模", "大/中/小/微"),
        ("甲,,1,1,1,1,小型,也许", "是否主导产业", "是/否"),
        ("甲,,1,1,1,1.5,小型,是", "从业人员", "whole number"),
    ],
)
def test_bad_cells(write: Write, row: str, where: str, expected: str) -> None:
    (error,) = errors_of(write("cell.csv", f"{HEADER}\n{row}\n"))
    assert error.where == f"line 2, column {where}"
    assert expected in error.problem


def test_duplicate_credit_code_names_both_lines(write: Write) -> None:
    row = "甲,91110000600037341L,1,1,1,1,小型,是"
    (error,) = errors_of(write("dup.csv", f"{HEADER}\n{row}\n{row.replace('甲', '乙')}\n"))
    assert error.where == "line 3, column 统一社会信用代码"
    assert "line 2" in error.problem


def test_same_firm_in_two_clusters_is_not_a_duplicate(write: Write) -> None:
    rows = [
        "集群,企业名称,统一社会信用代码",
        "甲县,A,91110000600037341L",
        "乙县,A,91110000600037341L",
    ]
    assert len(list(load_clusters([write("two.csv", "\n".join(rows))]))) == 2


def test_money_without_a_unit_is_refused(write: Write) -> None:
    (error,) = errors_of(write("nounit.csv", "企业名称,营业收入\n甲,100\n"))
    assert error.where == "line 2, column 营业收入"
    assert "营业收入(万元)" in error.problem
    assert only(write("cellunit.csv", "企业名称,营业收入\n甲,1.5亿元\n")).roster is not None


def test_no_header_row(write: Write) -> None:
    (error,) = errors_of(write("nohead.csv", "甲,乙\n1,2\n"))
    assert "no header row" in error.problem


def test_exact_sum_where_floats_fall_short_of_20yi(write: Write) -> None:
    # 10亿 and fifty firms of 0.2亿, in a 亿元 column: exactly 20亿, but 19.999999999999964 in floats.
    rows = ["企业名称,营业收入（亿元）", "大,10", *[f"小{i},0.2" for i in range(50)]]
    assert sum([10.0] + [0.2] * 50) < 20
    outcome = cc.check(only(write("sum.csv", "\n".join(rows))))["revenue"]
    assert outcome.value == Decimal(20)
    assert outcome.status is cc.Status.PASS


def xlsx(tmp_path: Path, rows: list[list[object]], merged_title: bool = True) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if merged_title:
        sheet.append(["示例县产业集群企业名册"])
        sheet.merge_cells("A1:E1")
    for row in rows:
        sheet.append(row)
    path = tmp_path / "roster.xlsx"
    book.save(path)
    return path


def test_xlsx_with_merged_title_and_numbers_stored_as_text(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            ["企业名称", "主营业务收入（万元）", "营业收入（万元）", "从业人员", "是否主导产业"],
            ["甲", "6,000", 6200, "1500", "是"],
            ["乙", 5000.01, "5,000.01", 200.0, True],
            [None, None, None, None, None],
        ],
    )
    report = cc.check(only(path))
    assert report["leaders"].items == ("甲", "乙")
    assert report["revenue"].value == Decimal("1.120001")  # 6200 + 5000.01 万元


def test_xlsx_errors_name_the_sheet_and_cell(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [["企业名称", "营业收入（万元）"], ["甲", "1"], ["乙", "-5"]])
    (error,) = errors_of(path)
    assert error.where == "Sheet!B4, column 营业收入（万元）"


def test_cluster_file_names_its_roster(write: Write) -> None:
    write("firms.csv", "\n".join([HEADER, *firms(2)]))
    path = write(
        "cluster.toml", 'name = "示例县集群"\nroster = "firms.csv"\n[declared]\nleaders = 2\n'
    )
    clusters = list(load_clusters([path.parent]))
    assert [c.name for c in clusters] == ["示例县集群"]  # the roster is not read again on its own
    report = cc.check(clusters[0])
    assert report["related_smes"].source is cc.Source.ROSTER
    assert report["related_smes"].value == 2


def test_cluster_file_roster_with_other_clusters_is_refused(write: Write) -> None:
    write("p.csv", "集群,企业名称\n甲县,A\n乙县,B\n")
    path = write("c.toml", 'name = "甲县"\nroster = "p.csv"\n')
    (error,) = errors_of(path)
    assert "乙县" in error.problem


def test_related_smes_listed_on_request(write: Write) -> None:
    path = write("list.csv", "\n".join([HEADER, *firms(3)]))
    plain = cc.check(only(path))
    (cluster,) = load_clusters([path], list_firms=True)
    listed = cc.check(cluster, list_firms=True)
    assert plain["related_smes"].items == ()
    assert listed["related_smes"].items == ("示例0号有限公司", "示例1号有限公司", "示例2号有限公司")


def test_bundled_province_roster(capsys: pytest.CaptureFixture[str]) -> None:
    path = examples_dir() / "rosters" / "province-2015.csv"
    assert main(["check", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out.count('"cluster"') == 3


def test_cli_bad_roster_exits_2(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    path = write("bad.csv", f"{HEADER}\n甲,,x,1,1,1,小型,是\n")
    assert main(["check", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "line 2, column 主营业务收入（万元）" in err
    assert "Traceback" not in err


def test_xlsx_without_calamine_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = xlsx(tmp_path, [["企业名称", "营业收入（万元）"], ["甲", 1]])
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    (error,) = errors_of(path)
    assert error.problem == (
        "reading .xlsx files needs python-calamine: pip install 'clustercheck-cn[xlsx]'"
    )


@pytest.mark.parametrize(
    ("title", "year"),
    [("2015年示例省产业集群企业名册", 2015), ("示例省 2018 年企业名册", 2018),
     ("示例省企业名册", None), ("编号12015年名册", None), ("", None)],
)  # fmt: skip
def test_a_roster_titled_with_a_year_gives_its_clusters_that_year(
    tmp_path: Path, title: str, year: int | None
) -> None:
    """A roster's title row (``2015年…名册``) names the year of its figures; the clusters it
    gives carry it, so a review's page is titled with it."""
    path = tmp_path / "名册.csv"
    path.write_text(
        f"{title},,\n企业名称,所属集群,营业收入（万元）\n甲公司,示例县纺织服装产业集群,100\n",
        encoding="utf-8",
    )
    (cluster,) = cc.load_clusters([path])
    assert cluster.year == year
    heading = layout.report_section(cc.check(cluster), "zh").title
    assert heading == ("示例县纺织服装产业集群（2015年）" if year == 2015 else
                       "示例县纺织服装产业集群（2018年）" if year == 2018 else "示例县纺织服装产业集群")  # fmt: skip
