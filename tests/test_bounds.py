"""Roster figures that are only bounds prove a pass or a fail only in the direction they bound.

A count with firms that may or may not count lies between two numbers: the lower proves a
pass, the upper a fail. A revenue with firms' revenue missing is a lower bound: it proves
the condition met, and the revenue band only when no band lies above it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import clustercheck as cc

from .builders import cluster_with

YI = Decimal(100_000_000)


def sme(name: str) -> cc.Enterprise:
    return cc.Enterprise(name=name, employees=50)


def undecided(name: str) -> cc.Enterprise:
    """A firm whose size the 2011 standard cannot settle: it may or may not be an SME."""
    return cc.Enterprise(name=name, employees=2000)


@pytest.mark.parametrize(
    ("smes", "unsure", "status"),
    [
        (20, 3, cc.Status.PASS),  # 20 already
        (19, 1, cc.Status.UNKNOWN),  # the 20th may be an SME
        (17, 3, cc.Status.UNKNOWN),  # exactly 20 if all three are
        (16, 3, cc.Status.FAIL),  # 19 at most
    ],
)
def test_related_smes_between_the_decided_and_all(
    smes: int, unsure: int, status: cc.Status
) -> None:
    firms = [sme(f"小{i}") for i in range(smes)] + [undecided(f"未定{i}") for i in range(unsure)]
    outcome = cc.check(cc.Cluster(name="名册", enterprises=tuple(firms)))["related_smes"]
    assert outcome.status is status
    assert outcome.value == smes
    notes = {n.code: n for n in outcome.notes}
    assert notes["count_between"].args == {"low": str(smes), "high": str(smes + unsure)}
    assert notes["count_between"].text("en") == (
        f"from the roster, the true count lies between {smes} and {smes + unsure}"
    )


def test_a_count_without_unsure_firms_has_no_range() -> None:
    firms = tuple(sme(f"小{i}") for i in range(19))
    outcome = cc.check(cc.Cluster(name="名册", enterprises=firms))["related_smes"]
    assert outcome.status is cc.Status.FAIL
    assert outcome.notes == ()


def roster_revenue(*amounts: Decimal | None) -> cc.Cluster:
    firms = tuple(
        cc.Enterprise(name=f"企业{i}", operating_revenue=amount) for i, amount in enumerate(amounts)
    )
    return cc.Cluster(name="名册", enterprises=firms)


@pytest.mark.parametrize(
    ("amounts", "band"),
    [
        ((30 * YI, None), None),  # 30亿 at least: 超20亿, perhaps 超50亿 or 超100亿 too
        ((60 * YI, None), None),
        ((100 * YI + 1, None), "over-100"),  # no band above: settled
        ((30 * YI, 1 * YI), "over-20"),  # every revenue known: exact
    ],
)
def test_a_lower_bound_on_revenue_settles_only_the_top_band(
    amounts: tuple[Decimal | None, ...], band: str | None
) -> None:
    result = cc.review([roster_revenue(*amounts)])
    (report,) = result.reports
    assert report["revenue"].status is cc.Status.PASS
    found = result.band(report)
    assert (None if found is None else found.id) == band
    assert result.to_dict()["clusters"][0]["band"] == band


def test_a_declared_revenue_decides_the_band_beside_a_partial_roster() -> None:
    firms = (
        cc.Enterprise(name="甲", operating_revenue=10 * YI),
        cc.Enterprise(name="乙"),
    )
    result = cc.review([cluster_with(operating_revenue=30 * YI, enterprises=firms)])
    found = result.band(result.reports[0])
    assert found is not None and found.id == "over-20"


def test_a_roster_count_that_is_only_a_range_is_shown_as_one_beside_the_declared() -> None:
    firms = (sme("小甲"), undecided("未定乙"))
    outcome = cc.check(cluster_with(related_smes=25, enterprises=firms))["related_smes"]
    assert outcome.status is cc.Status.PASS
    differs = next(n for n in outcome.notes if n.code == "roster_differs")
    assert differs.args == {"roster": "1–2家", "declared": "25家"}
