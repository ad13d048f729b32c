"""A declared figure may be a bound, as published figures often are (逾30亿元, 70%以上,
不足20亿元): it decides where it proves the condition either way and is UNKNOWN otherwise;
an approximate figure (近300亿元) is refused. In every input: cluster files, forms, summary
tables, frames, and clusters built in code."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import clustercheck as cc
from clustercheck.base.compare import Operator, bound_decides
from clustercheck.cli import main
from clustercheck.rules.report import band_of

from .builders import cluster_with

S = cc.Status


@pytest.mark.parametrize(
    ("revenue", "status"),
    [
        ("逾30亿元", S.PASS), ("30亿元以上", S.PASS), (">30亿元", S.PASS), ("不低于30亿元", S.PASS),
        # at the threshold of 20亿元以上 (≥): a bound on it proves the condition, one below does not
        ("20亿元以上", S.PASS), ("逾20亿元", S.PASS), ("逾19.99亿元", S.UNKNOWN),
        ("不足20亿元", S.FAIL), ("<20亿元", S.FAIL), ("20亿元以下", S.UNKNOWN),
        ("不足20.01亿元", S.UNKNOWN), ("不超过19.99亿元", S.FAIL),
    ],
)  # fmt: skip
def test_a_revenue_bound_decides_only_what_it_proves(revenue: str, status: cc.Status) -> None:
    cluster = cluster_with(operating_revenue=revenue, main_industry_revenue=None, rd_expense=None,
                           main_share="70%", rd_ratio="2%")  # fmt: skip
    outcome = cc.check(cluster)["revenue"]
    assert outcome.status is status
    assert outcome.margin is None  # the amount is not known, so neither is its margin
    assert outcome.notes[-1].code in ("declared_lower_bound", "declared_upper_bound")


def test_a_strict_condition_needs_a_strict_bound_at_its_number() -> None:
    limit = Decimal("0.7")  # 主导产业占集群总产值比例高于70%
    assert bound_decides(Operator.GT, limit, limit, True, True) is True  # 逾70%
    assert bound_decides(Operator.GT, limit, limit, True, False) is None  # 70%以上: may be 70%
    assert bound_decides(Operator.GT, limit, limit, False, False) is False  # 70%以下
    assert bound_decides(Operator.LE, Decimal(100), Decimal(100), False, False) is True  # ≤ 100
    assert bound_decides(Operator.LE, Decimal(100), Decimal(100), True, True) is False  # 逾100
    assert bound_decides(Operator.LE, Decimal(100), Decimal(100), True, False) is None


def test_a_share_bound_and_the_band_of_a_revenue_bound() -> None:
    assert cc.check(cluster_with(main_share="65%以上"))["main_share"].status is S.PASS
    assert cc.check(cluster_with(main_share="不足65%"))["main_share"].status is S.FAIL
    assert cc.check(cluster_with(main_share="逾64.99%"))["main_share"].status is S.UNKNOWN
    rules = cc.load_rules()
    # 逾30亿元 is above 20亿 but may be above 50亿: no band is settled but the top one
    settled = band_of(rules, cc.check(cluster_with(operating_revenue="逾100亿元", main_industry_revenue=None, rd_expense=None, main_share="70%", rd_ratio="2%")))  # fmt: skip
    open_band = band_of(rules, cc.check(cluster_with(operating_revenue="逾30亿元", main_industry_revenue=None, rd_expense=None, main_share="70%", rd_ratio="2%")))  # fmt: skip
    assert (settled.id if settled else None, open_band) == ("over-100", None)


def test_a_share_is_not_computed_from_bounds() -> None:
    outcome = cc.check(cluster_with(operating_revenue="逾30亿元", main_share=None))["main_share"]
    assert (outcome.status, [n.code for n in outcome.notes]) == (S.UNKNOWN, ["share_of_bounds"])


def test_nearly_is_refused_saying_why() -> None:
    with pytest.raises(cc.InputError) as caught:
        cc.Declared(operating_revenue="近300亿元")
    assert caught.value.code == "approximate_figure"
    assert caught.value.message("zh") == (
        "<code>: Declared.operating_revenue: '近300亿元' 是约数（“近”），既不是确数也不是上限或下限，"
        "不能据以判定；应为确数或写明上下限，如 逾300亿元、不足300亿元"
    )
    with pytest.raises(cc.InputError):
        cc.Declared(main_share="70%左右")


def test_a_bound_is_never_the_amount() -> None:
    assert cc.Declared(operating_revenue="逾30亿元") != cc.Declared(operating_revenue="30亿元")
    assert cc.Declared(operating_revenue="逾30亿元") == cc.Declared(operating_revenue=">30亿元")
    assert cc.Declared(operating_revenue="30亿元以上") != cc.Declared(operating_revenue=">30亿元")


def test_a_roster_cell_is_never_a_bound(tmp_path: Path) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_text("企业名称,营业收入(万元)\n甲,逾5000\n", encoding="utf-8")
    with pytest.raises(cc.InputError):
        list(cc.load_clusters([roster]))


CLUSTER = """name = "示例县产业集群"
[declared]
operating_revenue = "{revenue}"
main_share = "70%"
rd_ratio = "2%"
"""


def test_in_a_cluster_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "c.toml"
    file.write_text(CLUSTER.format(revenue="不足20亿元"), encoding="utf-8")
    assert cc.check(cc.load_cluster(file))["revenue"].status is S.FAIL
    file.write_text(CLUSTER.format(revenue="近300亿元"), encoding="utf-8")
    assert main(["check", str(file)]) == 2
    assert "'近300亿元' 是约数（“近”）" in capsys.readouterr().err


def test_in_a_summary_table(tmp_path: Path) -> None:
    table = tmp_path / "汇总表.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["集群名称", "营业收入", "主导产业占比", "研发投入占比"])
        writer.writerow(["甲", "逾30亿元", "65%以上", "2%"])
        writer.writerow(["乙", "30亿元", "不足65%", "2%"])
    told: list[object] = []
    first, second = cc.load_clusters([table], on_note=told.append)
    assert len(told) == 1  # read as a summary table, one cluster a row
    assert cc.check(first)["revenue"].status is S.PASS
    assert cc.check(first)["main_share"].status is S.PASS
    assert cc.check(second)["main_share"].status is S.FAIL


def test_in_a_filled_form(tmp_path: Path) -> None:
    form = tmp_path / "申报表.xlsx"
    assert main(["template", "-o", str(form)]) == 0
    book = openpyxl.load_workbook(form)
    sheet = book["申报数据"]
    rows = {
        row[1].value: int(row[0].row or 0) for row in sheet.iter_rows(min_row=2) if row[1].value
    }
    sheet.cell(rows["name"], 3).value = "示例"
    sheet.cell(rows["operating_revenue"], 3).value = "逾30亿元"
    book.save(form)
    outcome = cc.check(cc.load_cluster(form))["revenue"]
    assert (outcome.status, outcome.value) == (S.PASS, Decimal(30))


def test_in_a_frame_and_check_many_agrees_with_the_engine() -> None:
    frame = pd.DataFrame({
        "name": ["逾", "不足", "平常"],
        "营业收入": ["逾30亿元", "不足20亿元", "25亿元"],
        "主导产业占比": ["70%", "65%以上", "70%"],
    })  # fmt: skip
    clusters = cc.clusters_from_frame(frame)
    assert [c.declared.operating_revenue for c in clusters][2] == Decimal("2500000000")
    batch = cc.check_many(frame)
    assert sorted(batch.checked_by_engine) == [0, 1]  # the bounds are weighed by the engine
    assert list(batch) == [cc.check(c) for c in clusters]
    assert [r["revenue"].status for r in batch] == [S.PASS, S.FAIL, S.PASS]
    assert batch[1]["main_share"].status is S.PASS


def _national(**declared: str) -> cc.Cluster:
    """A national-pack cluster whose sources publish three years of output and nothing else
    by year: the shares and growth rates are given as published."""
    yearly = [cc.Yearly(year=y, output=f"{v}亿元") for y, v in ((2019, 50), (2020, 55), (2021, 62))]
    figures = {"area": "85平方公里", "champions": "1", "platform_adoption": "15%", **declared}
    return cc.Cluster(name="示例", year=2021, yearly=yearly, declared=cc.Declared(**figures))


@pytest.mark.parametrize(
    ("declared", "criterion", "status"),
    [
        ({"sme_output_share": "70%以上"}, "sme_output_share", S.PASS),  # 70%以上 (≥) includes it
        ({"sme_output_share": "69.99%"}, "sme_output_share", S.FAIL),
        ({"main_output_share": "逾70%"}, "main_output_share", S.PASS),  # 高于70%: more than 70%
        ({"main_output_share": "70%以上"}, "main_output_share", S.UNKNOWN),  # may be exactly 70%
        ({"main_output_share": "70%"}, "main_output_share", S.FAIL),  # 高于 is strict
        ({"output_growth": "12%"}, "output_growth", S.PASS),
        ({"output_growth": "10%"}, "output_growth", S.FAIL),
        ({"output_growth": "逾10%"}, "output_growth", S.PASS),
        ({"output_growth": "-3%"}, "output_growth", S.FAIL),
        ({"rd_growth": "5.01%"}, "rd_growth", S.PASS),
        ({"rd_growth": "不足5%"}, "rd_growth", S.FAIL),
    ],
)  # fmt: skip
def test_the_national_pack_takes_a_published_share_or_rate_as_declared(
    declared: dict[str, str], criterion: str, status: cc.Status
) -> None:
    outcome = cc.check(_national(**declared), "miit-2022-119")[criterion]
    assert (outcome.status, outcome.source) == (status, cc.Source.DECLARED)


def test_a_published_rate_decides_and_says_so_and_a_share_is_checked_against_the_years() -> None:
    report = cc.check(_national(output_growth="12%"), "miit-2022-119")
    assert [n.code for n in report["output_growth"].notes] == ["growth_declared"]
    yearly = [cc.Yearly(year=2021, output="62亿元", sme_output="45亿元")]
    cluster = cc.Cluster(name="x", year=2021, yearly=yearly, declared=cc.Declared(sme_output_share="75%"))  # fmt: skip
    outcome = cc.check(cluster, "miit-2022-119")["sme_output_share"]
    assert outcome.status is S.PASS  # the declared share decides, as declared figures do
    assert [n.text("en") for n in outcome.notes] == [
        "the declared share 75% differs from 72.5806451613% computed from the declared amounts; "
        "the declared share decides"
    ]


def test_a_summary_table_gives_the_national_shares_as_published(tmp_path: Path) -> None:
    table = tmp_path / "汇总表.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["集群名称", "主导产业产值占比", "产值年均增速"])
        writer.writerow(["甲", "逾70%", "12%"])
    (cluster,) = cc.load_clusters([table], "miit-2022-119", on_note=lambda note: None)
    report = cc.check(cluster, "miit-2022-119")
    assert (report["main_output_share"].status, report["output_growth"].status) == (S.PASS, S.PASS)


def test_the_national_template_asks_for_published_shares_and_reads_them_back(
    tmp_path: Path,
) -> None:
    form = tmp_path / "申报表.xlsx"
    assert main(["template", "--rules", "miit-2022-119", "-o", str(form)]) == 0
    book = openpyxl.load_workbook(form)
    sheet = book["申报数据"]
    rows = {
        row[1].value: int(row[0].row or 0) for row in sheet.iter_rows(min_row=2) if row[1].value
    }
    assert {"sme_output_share", "main_output_share", "output_growth", "rd_growth"} <= set(rows)
    sheet.cell(rows["name"], 3).value = "示例"
    sheet.cell(rows["main_output_share"], 3).value = "逾70%"
    sheet.cell(rows["output_growth"], 3).value = "12%"
    book.save(form)
    report = cc.check(cc.load_cluster(form, "miit-2022-119"), "miit-2022-119")
    assert (report["main_output_share"].status, report["output_growth"].status) == (S.PASS, S.PASS)


def test_a_declared_bound_beside_a_roster_is_shown_as_a_bound() -> None:
    firm = cc.Enterprise(name="甲", operating_revenue="25亿元", main_business_revenue="25亿元")
    cluster = cluster_with(operating_revenue="逾20亿元", main_industry_revenue=None,
                           rd_expense=None, main_share="70%", rd_ratio="2%", enterprises=(firm,))  # fmt: skip
    outcome = cc.check(cluster)["revenue"]
    assert outcome.status is S.PASS
    differs = [n for n in outcome.notes if n.code == "roster_differs"]
    assert [dict(n.args) for n in differs] == [{"roster": "25亿元", "declared": ">20亿元"}]


@pytest.mark.parametrize(
    ("smes", "status", "kept"),
    [
        ("逾19家", S.PASS, "≥20"), ("19余家", S.PASS, "≥20"), ("80余家", S.PASS, "≥81"),
        ("130多家", S.PASS, "≥131"), ("20家以上", S.PASS, "≥20"), ("逾18家", S.UNKNOWN, "≥19"),
        ("不足20家", S.FAIL, "≤19"), ("不足21家", S.UNKNOWN, "≤20"), ("20家以下", S.UNKNOWN, "≤20"),
    ],
)  # fmt: skip
def test_a_count_bound_is_of_whole_firms(smes: str, status: cc.Status, kept: str) -> None:
    bound = cc.Declared(related_smes=smes).related_smes
    assert isinstance(bound, cc.FigureBound)
    assert f"{bound.relation}{bound}" == kept
    assert cc.check(cluster_with(related_smes=smes))["related_smes"].status is status


def test_more_than_written_after_the_number_is_a_lower_bound() -> None:
    assert cc.Declared(operating_revenue="30余亿元") == cc.Declared(operating_revenue="逾30亿元")
    with pytest.raises(cc.InputError):
        cc.Declared(related_smes="不足0家")
