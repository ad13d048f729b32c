"""Roster figures that are only bounds prove a pass or a fail only in the direction they bound.

A count with firms that may or may not count lies between two numbers: the lower proves a
pass, the upper a fail.
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


def test_a_roster_count_that_is_only_a_range_is_shown_as_one_beside_the_declared() -> None:
    firms = (sme("小甲"), undecided("未定乙"))
    outcome = cc.check(cluster_with(related_smes=25, enterprises=firms))["related_smes"]
    assert outcome.status is cc.Status.PASS
    differs = next(n for n in outcome.notes if n.code == "roster_differs")
    assert differs.args == {"roster": "1–2家", "declared": "25家"}
