"""Summary tables of many clusters (推荐汇总表): one row per cluster, read as the cluster files
they stand for, and told from firm rosters by their headers."""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck.base.notes import Note
from clustercheck.cli import main
from clustercheck.inputs import load_clusters
from clustercheck.read.figure_names import ATTESTATIONS

from .builders import example_files

FIXTURES = Path(__file__).parent / "fixtures"
ATTESTED = ["scope", "coordination", "plan", "policy", "service_functions", "service_platform"]
HEADERS = [
    "序号", "集群名称", "所在地区", "主导产业", "年份", "营业收入(亿元)", "主导产业营业收入（亿元）",
    "研发投入(万元)", "龙头企业数(家)", "关联中小企业数(家)", "建筑密度(%)", "投资强度(万元/公顷)",
    "应实施强制性清洁生产审核企业数", "已实施强制性清洁生产审核企业数", "公共服务平台功能",
    *(ATTESTATIONS[a] for a in ATTESTED),
]  # fmt: skip


def declared_only() -> list[cc.Cluster]:
    """The bundled examples that give declared figures, not a roster."""
    return [c for c in load_clusters(example_files()) if not c.enterprises]


def number(value: Decimal | int | None, unit: Decimal = Decimal(1)) -> str:
    return "" if value is None else f"{Decimal(value) / unit:f}"


def row(index: int, cluster: cc.Cluster) -> list[str]:
    d = cluster.declared
    flags = {True: "是", False: "否"}
    return [
        str(index), cluster.name, cluster.region or "", cluster.main_industry or "",
        str(cluster.year or ""), number(d.operating_revenue, Decimal("1E8")),
        number(d.main_industry_revenue, Decimal("1E8")), number(d.rd_expense, Decimal("1E4")),
        number(d.leaders), number(d.related_smes),
        number(None if d.building_density is None else d.building_density * 100),
        number(d.investment_intensity), number(d.clean_audit_required),
        number(d.clean_audit_done), "、".join(d.service_functions or ()),
        *(flags[cluster.attested[a]] if a in cluster.attested else "" for a in ATTESTED),
    ]  # fmt: skip


def summary_csv(path: Path, clusters: list[cc.Cluster]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["2015年产业集群推荐汇总表"])
        writer.writerow(HEADERS)
        writer.writerows(row(i, c) for i, c in enumerate(clusters, start=1))
    return path


def summary_xlsx(path: Path, clusters: list[cc.Cluster]) -> Path:
    """The table as Excel keeps it: numbers as numbers, building density as a fraction shown
    as a percentage."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "推荐汇总表"
    sheet.append(HEADERS)
    density = HEADERS.index("建筑密度(%)")
    for i, cluster in enumerate(clusters, start=1):
        cells: list[object] = [
            Decimal(c) if c.replace(".", "").isdigit() else c for c in row(i, cluster)
        ]
        if cells[density] != "":
            cells[density] = Decimal(str(cells[density])) / 100
        sheet.append(cells)
        sheet.cell(i + 1, density + 1).number_format = "0%"
    book.save(path)
    return path


def verdicts(clusters: list[cc.Cluster]) -> list[tuple[str, cc.Verdict]]:
    return [(c.name, cc.check(c).verdict) for c in clusters]


@pytest.mark.parametrize(
    ("write", "name"), [(summary_csv, "汇总表.csv"), (summary_xlsx, "汇总表.xlsx")]
)
def test_a_summary_table_of_the_examples_gives_their_verdicts(
    tmp_path: Path, write: Callable[[Path, list[cc.Cluster]], Path], name: str
) -> None:
    expected = declared_only()
    assert len(expected) == 9
    told: list[Note] = []
    read = list(load_clusters([write(tmp_path / name, expected)], on_note=told.append))
    assert verdicts(read) == verdicts(expected)
    # The Xuchang examples quote public documents ([[reported]]), which a table does not hold.
    assert [cc.check(c).to_dict()["outcomes"] for c in read[:3]] == [
        cc.check(c).to_dict()["outcomes"] for c in expected[:3]
    ]
    assert [n.text() for n in told] == [
        f"{name}：表头是集群汇总表的表头（集群名称及申报指标，没有企业名称），按每行一个集群读取，"
        "共 9 个集群"
    ]


def test_the_command_line_says_it_took_a_summary_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = summary_csv(tmp_path / "汇总表.csv", declared_only()[:2])
    assert main(["review", str(path), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "clustercheck: warning: 汇总表.csv: its header is a summary table's (a cluster name and "
        "declared figures, no firm name), so each row was read as one cluster: 2 clusters\n"
    )
    assert "示例县纺织服装产业集群" in captured.out


def test_a_roster_with_a_firm_name_stays_a_roster(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_text("集群名称,企业名称,营业收入(万元)\n甲县集群,甲,100\n", encoding="utf-8")
    told: list[Note] = []
    (cluster,) = load_clusters([path], on_note=told.append)
    assert (cluster.name, told) == ("甲县集群", [])
    assert cluster.roster is not None


def test_errors_in_a_summary_table_name_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "汇总表.csv"
    path.write_text(
        "集群名称,营业收入(亿元),建筑密度(%),龙头企业数(家),主导产业营业收入(亿元)\n"
        "甲县集群,20,52,2,21\n"
        "乙县集群,二十,52%,2.5,\n",
        encoding="utf-8",
    )
    with pytest.raises(cc.InputErrors) as caught:
        list(load_clusters([path]))
    assert [(e.place(), e.code) for e in caught.value.errors] == [
        ("line 2, column 主导产业营业收入(亿元)", "part_above_whole"),
        ("line 3, column 营业收入(亿元)", "not_money"),
        ("line 3, column 龙头企业数(家)", "not_whole"),
    ]


def test_a_totals_row_of_a_summary_table_is_not_a_cluster(tmp_path: Path) -> None:
    path = tmp_path / "汇总表.csv"
    path.write_text(
        "序号,集群名称,营业收入(亿元),推荐单位\n1,甲县集群,20,甲市\n2,乙县集群,30,乙市\n,合　计,50,\n",
        encoding="utf-8",
    )
    told: list[Note] = []
    read = list(load_clusters([path], on_note=told.append))
    assert [(c.name, c.declared.operating_revenue) for c in read] == [
        ("甲县集群", Decimal(2_000_000_000)),
        ("乙县集群", Decimal(3_000_000_000)),
    ]
    assert [n.text() for n in told[1:]] == [
        "汇总表.csv 中以下列不是本工具读取的列，未使用：推荐单位",
        "汇总表.csv 第 4 行（“合　计”）是合计行，不是集群，未读取",
    ]


def test_a_fraction_where_percentage_formats_cannot_be_seen_is_refused() -> None:
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([FIXTURES / "summary.xls"]))
    assert (caught.value.place(), caught.value.code) == (
        "汇总表!D2, column 建筑密度(%)",
        "percent_format_unseen",
    )
    assert caught.value.problem.startswith(
        "0.52 may be a cell shown as a percentage (in .xls files the cell format cannot be "
        "read, and 52% is stored as 0.52)"
    )


def test_an_ods_summary_reads_a_percentage_cell_as_shown() -> None:
    (cluster,) = load_clusters([FIXTURES / "summary.ods"], on_note=lambda note: None)
    assert cluster.declared.building_density == Decimal("0.52")
    assert cluster.declared.operating_revenue == Decimal(2_350_000_000)


def test_a_summary_xlsx_reads_a_percentage_cell_as_shown(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["集群名称", "建筑密度(%)"])
    sheet.append(["甲县集群", 0.52])
    sheet["B2"].number_format = "0%"
    book.save(tmp_path / "汇总表.xlsx")
    (cluster,) = load_clusters([tmp_path / "汇总表.xlsx"], on_note=lambda note: None)
    assert cluster.declared.building_density == Decimal("0.52")


def test_a_row_without_a_cluster_name_names_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "汇总表.csv"
    path.write_text("集群名称,营业收入(亿元)\n甲县集群,20\n,30\n", encoding="utf-8")
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.place(), caught.value.code) == (
        "line 3, column 集群名称",
        "name_required",
    )
