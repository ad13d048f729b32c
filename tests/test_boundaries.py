"""Every threshold of henan-2014-196 at its exact boundary and one step either side.

超 is strict; 以上、不低于、不少于、达到 include the number itself (《民法典》第一千二百五十九条).
One step is one 分 (0.01元) for money, one firm for counts, 0.01 percentage point for shares.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import clustercheck as cc

from .builders import cluster_with

PASS, FAIL = cc.Status.PASS, cc.Status.FAIL
FEN = Decimal("0.01")
YI = Decimal(100_000_000)
WAN = Decimal(10_000)


def status(criterion: str, **figures: Any) -> cc.Status:
    return cc.check(cluster_with(**figures))[criterion].status


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [(20 * YI - FEN, FAIL), (20 * YI, PASS), (20 * YI + FEN, PASS)],
)
def test_revenue_20yi_or_more(revenue: Decimal, expected: cc.Status) -> None:
    assert status("revenue", operating_revenue=revenue, main_industry_revenue=13 * YI) == expected


@pytest.mark.parametrize(
    ("share", "expected"),
    [(Decimal("0.6499"), FAIL), (Decimal("0.65"), PASS), (Decimal("0.6501"), PASS)],
)
def test_main_share_not_below_65_percent(share: Decimal, expected: cc.Status) -> None:
    assert status("main_share", main_share=share, main_industry_revenue=None) == expected


@pytest.mark.parametrize(
    ("main", "expected"),
    [(13 * YI - FEN, FAIL), (13 * YI, PASS), (13 * YI + FEN, PASS)],
)
def test_main_share_from_declared_amounts_is_exact(main: Decimal, expected: cc.Status) -> None:
    assert status("main_share", operating_revenue=20 * YI, main_industry_revenue=main) == expected


@pytest.mark.parametrize(
    ("rd", "expected"),
    [(2000 * WAN - FEN, FAIL), (2000 * WAN, PASS), (2000 * WAN + FEN, PASS)],
)
def test_rd_ratio_not_below_1_percent(rd: Decimal, expected: cc.Status) -> None:
    figures = {"operating_revenue": 20 * YI, "main_industry_revenue": 13 * YI, "rd_expense": rd}
    assert status("rd_ratio", **figures) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [(Decimal("0.0099"), FAIL), (Decimal("0.01"), PASS), (Decimal("0.0101"), PASS)],
)
def test_declared_rd_ratio_boundary(ratio: Decimal, expected: cc.Status) -> None:
    assert status("rd_ratio", rd_ratio=ratio, rd_expense=None) == expected


@pytest.mark.parametrize(
    ("density", "expected"),
    [(Decimal("0.4999"), FAIL), (Decimal("0.5"), PASS), (Decimal("0.5001"), PASS)],
)
def test_building_density_not_below_50_percent(density: Decimal, expected: cc.Status) -> None:
    assert status("building_density", building_density=density) == expected


@pytest.mark.parametrize(
    ("intensity", "expected"),
    [(Decimal("999.99"), FAIL), (Decimal("1000"), PASS), (Decimal("1000.01"), PASS)],
)
def test_investment_intensity_1000_wan_per_hectare(intensity: Decimal, expected: cc.Status) -> None:
    assert status("investment_intensity", investment_intensity=intensity) == expected


@pytest.mark.parametrize(("count", "expected"), [(19, FAIL), (20, PASS), (21, PASS)])
def test_related_smes_at_least_20(count: int, expected: cc.Status) -> None:
    assert status("related_smes", related_smes=count) == expected


@pytest.mark.parametrize(("count", "expected"), [(1, FAIL), (2, PASS), (3, PASS)])
def test_leaders_at_least_2(count: int, expected: cc.Status) -> None:
    assert status("leaders", leaders=count) == expected


@pytest.mark.parametrize(("done", "expected"), [(5, FAIL), (6, PASS)])
def test_clean_audit_must_reach_100_percent(done: int, expected: cc.Status) -> None:
    assert status("clean_audit", clean_audit_required=6, clean_audit_done=done) == expected


@pytest.mark.parametrize(("rate", "expected"), [(Decimal("0.9999"), FAIL), (Decimal("1"), PASS)])
def test_declared_clean_audit_rate(rate: Decimal, expected: cc.Status) -> None:
    assert status("clean_audit", clean_audit_rate=rate) == expected


def leader_candidate(revenue: Decimal, name: str = "甲公司") -> cc.Enterprise:
    return cc.Enterprise(name=name, main_business_revenue=revenue, size=cc.Size.LARGE)


@pytest.mark.parametrize(
    ("revenue", "counted"),
    [(5000 * WAN - FEN, False), (5000 * WAN, False), (5000 * WAN + FEN, True)],
)
def test_a_leader_has_strictly_over_5000_wan(revenue: Decimal, counted: bool) -> None:
    firms = (leader_candidate(revenue), leader_candidate(6000 * WAN, "乙公司"))
    outcome = cc.check(cluster_with(leaders=None, enterprises=firms))["leaders"]
    assert outcome.value == (2 if counted else 1)
    assert outcome.status == (PASS if counted else FAIL)
    assert ("甲公司" in outcome.items) is counted
