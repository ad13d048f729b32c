"""Figures derived from an inline roster of firms, and how they meet declared figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

import clustercheck as cc
from clustercheck.model.sizes import is_sme

from .builders import cluster_with

WAN = Decimal(10_000)


def firm(name: str, **fields: object) -> cc.Enterprise:
    return cc.Enterprise(name=name, **fields)  # type: ignore[arg-type]


def roster_only(*firms: cc.Enterprise) -> cc.Report:
    return cc.check(cc.Cluster(name="示例县名册集群", enterprises=firms), list_firms=True)


@pytest.mark.parametrize(
    ("employees", "revenue_wan", "sme"),
    [
        (999, 50_000, True),  # fewer than 1000 employees
        (1000, 39_999, True),  # 营业收入 below 40000万元
        (1000, 40_000, False),  # both at the limit: large (以下 is strict in that standard)
        (5000, 90_000, False),
        (None, 40_000, None),  # employees unknown, revenue at the limit: undecidable
        (1000, None, None),
        (None, None, None),
    ],
)
def test_sme_rule_of_the_2011_standard(
    employees: int | None, revenue_wan: int | None, sme: bool | None
) -> None:
    revenue = None if revenue_wan is None else revenue_wan * WAN
    assert is_sme(firm("甲", employees=employees, operating_revenue=revenue)) is sme


def test_declared_size_wins_over_the_figures() -> None:
    assert is_sme(firm("甲", employees=5000, operating_revenue=90_000 * WAN, size=cc.Size.SMALL))
    assert is_sme(firm("乙", employees=10, size=cc.Size.LARGE)) is False


def test_size_outside_industry_is_not_guessed() -> None:
    assert is_sme(firm("甲", employees=10, sector="批发业")) is None


def test_roster_sums_revenue_share_and_rd_exactly() -> None:
    report = roster_only(
        firm(
            "甲",
            operating_revenue=12 * 10**8 * Decimal(1),
            rd_expense=1200 * WAN,
            in_main_industry=True,
        ),
        firm(
            "乙", operating_revenue=Decimal(8 * 10**8), rd_expense=800 * WAN, in_main_industry=False
        ),
    )
    assert report["revenue"].value == Decimal(20)
    assert report["revenue"].source is cc.Source.ROSTER
    assert report["main_share"].value == Decimal(60)
    assert report["main_share"].status is cc.Status.FAIL
    assert report["rd_ratio"].value == Decimal(1)
    assert report["rd_ratio"].status is cc.Status.PASS


def test_related_smes_counts_related_smes_only() -> None:
    firms = [firm(f"小{i}", employees=50) for i in range(20)]
    firms.append(firm("大", employees=3000, operating_revenue=60_000 * WAN))
    firms.append(firm("不相关", employees=50, related=False))
    outcome = roster_only(*firms)["related_smes"]
    assert outcome.value == 20
    assert outcome.status is cc.Status.PASS
    assert "大" not in outcome.items and "不相关" not in outcome.items
    assert len(outcome.items) == 20
    unlisted = cc.check(cc.Cluster(name="示例县名册集群", enterprises=tuple(firms)))
    assert unlisted["related_smes"].items == ()


def test_undecidable_size_makes_the_count_a_lower_bound() -> None:
    firms = [firm(f"小{i}", employees=50) for i in range(19)]
    firms.append(firm("未知规模", main_business_revenue=100 * WAN))
    outcome = roster_only(*firms)["related_smes"]
    assert outcome.value == 19
    assert outcome.status is cc.Status.UNKNOWN  # the 20th may well be an SME
    codes = [n.code for n in outcome.notes]
    assert "size_undecided" in codes and "lower_bound" in codes
    assert "未知规模" in outcome.notes[codes.index("size_undecided")].text("zh")


def test_leaders_counted_on_operating_revenue_are_listed_apart_and_not_certain() -> None:
    outcome = roster_only(
        firm("甲", main_business_revenue=6000 * WAN),
        firm("乙", operating_revenue=7000 * WAN),
        firm("丙", operating_revenue=3000 * WAN),  # no leader even on 营业收入: settled
    )["leaders"]
    assert outcome.status is cc.Status.UNKNOWN
    assert outcome.value == 1
    assert outcome.items == ("甲", "乙*")
    notes = {n.code: n for n in outcome.notes}
    proxy = notes["proxy_revenue"].text("en")
    assert "乙、丙" in proxy and "2019" in proxy
    assert notes["proxy_leaders"].args == {"count": "1", "firms": "乙"}
    assert "their main-business revenue would settle it" in notes["proxy_leaders"].text("en")
    assert "补充这些企业的主营业务收入即可确定" in notes["proxy_leaders"].text("zh")
    assert notes["count_between"].args == {"low": "1", "high": "2"}
    assert "lower_bound" in notes


def test_declared_figure_decides_and_roster_disagreement_is_noted() -> None:
    firms = (firm("甲", main_business_revenue=6000 * WAN, size=cc.Size.LARGE),)
    outcome = cc.check(cluster_with(leaders=2, enterprises=firms))["leaders"]
    assert outcome.status is cc.Status.PASS
    assert outcome.source is cc.Source.DECLARED
    differs = [n for n in outcome.notes if n.code == "roster_differs"]
    assert differs and "1" in differs[0].args["roster"] and "2" in differs[0].args["declared"]


def test_agreeing_roster_adds_no_note() -> None:
    firms = (
        firm("甲", main_business_revenue=6000 * WAN, size=cc.Size.LARGE),
        firm("乙", main_business_revenue=5001 * WAN, size=cc.Size.LARGE),
    )
    outcome = cc.check(cluster_with(leaders=2, enterprises=firms))["leaders"]
    assert not [n for n in outcome.notes if n.code == "roster_differs"]


def test_missing_revenue_makes_roster_revenue_a_lower_bound() -> None:
    outcome = roster_only(firm("甲", operating_revenue=25 * 10**8 * Decimal(1)), firm("乙"))[
        "revenue"
    ]
    assert outcome.status is cc.Status.PASS  # 25亿 already, whatever 乙 adds
    short = roster_only(firm("甲", operating_revenue=Decimal(10**9)), firm("乙"))["revenue"]
    assert short.status is cc.Status.UNKNOWN  # 10亿 so far: 乙 may make up the rest
    assert "missing_field" in [n.code for n in short.notes]
