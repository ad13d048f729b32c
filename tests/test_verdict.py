"""Outcomes combine into a verdict: FAIL beats UNKNOWN, advisory criteria never decide."""

from __future__ import annotations

from decimal import Decimal

import clustercheck as cc
from clustercheck.rules.report import verdict_of

from .builders import ATTESTED, cluster_with

S = cc.Status


def test_every_deciding_pass_is_qualified() -> None:
    report = cc.check(cluster_with())
    assert report.verdict is cc.Verdict.QUALIFIED
    assert all(o.status is S.PASS for o in report.deciding)
    assert len(report) == 14


def test_one_failure_is_not_qualified_even_with_unknowns() -> None:
    report = cc.check(cluster_with(leaders=1, related_smes=None, attested={}))
    assert report["leaders"].status is S.FAIL
    assert report["related_smes"].status is S.UNKNOWN
    assert report.verdict is cc.Verdict.NOT_QUALIFIED


def test_unknown_without_failure_is_incomplete() -> None:
    report = cc.check(cluster_with(related_smes=None))
    assert report["related_smes"].status is S.UNKNOWN
    assert report.verdict is cc.Verdict.INCOMPLETE


def test_missing_figure_is_unknown_never_pass_or_fail() -> None:
    report = cc.check(cc.Cluster(name="空集群"))
    assert {o.status for o in report.deciding} == {S.UNKNOWN}
    assert report["service_functions"].status is S.UNKNOWN  # a finding, not advice
    assert report.verdict is cc.Verdict.INCOMPLETE


def test_service_functions_decide_by_the_finding_not_the_count() -> None:
    """三（六） 初步具备…等功能 is a condition: the reviewer's finding decides; the functions
    declared are its evidence, shown whatever their number."""
    eight = tuple(cc.load_rules()["service_functions"].params["functions"])
    none = cc.check(cluster_with(service_functions=()))
    all_eight = cc.check(cluster_with(service_functions=eight))
    assert none["service_functions"].items == ()
    assert all_eight["service_functions"].items == eight
    assert none.verdict is all_eight.verdict is cc.Verdict.QUALIFIED  # both found in place
    assert none["service_functions"].decides
    refused = dict(ATTESTED, service_functions=False)
    assert cc.check(cluster_with(attested=refused, service_functions=eight)).verdict is cc.Verdict.NOT_QUALIFIED  # fmt: skip


def test_attestation_false_fails_and_absent_is_unknown() -> None:
    attested = dict(ATTESTED, plan=False)
    del attested["policy"]
    report = cc.check(cluster_with(attested=attested))
    assert report["plan"].status is S.FAIL
    assert report["policy"].status is S.UNKNOWN
    assert report.verdict is cc.Verdict.NOT_QUALIFIED


def test_verdict_of_statuses() -> None:
    assert verdict_of([S.PASS, S.PASS]) is cc.Verdict.QUALIFIED
    assert verdict_of([S.PASS, S.UNKNOWN]) is cc.Verdict.INCOMPLETE
    assert verdict_of([S.UNKNOWN, S.FAIL]) is cc.Verdict.NOT_QUALIFIED


def test_core_tag_checks_the_five_quantitative_conditions() -> None:
    report = cc.check(cluster_with(attested={}), tags=["core"])
    assert [o.id for o in report] == [
        "leaders",
        "related_smes",
        "revenue",
        "main_share",
        "rd_ratio",
    ]
    assert report.verdict is cc.Verdict.QUALIFIED


def test_margin_is_distance_past_the_threshold_in_its_unit() -> None:
    report = cc.check(cluster_with(operating_revenue=Decimal("2350000000")))
    outcome = report["revenue"]
    assert (outcome.value, outcome.threshold, outcome.margin) == (
        Decimal("23.5"),
        Decimal(20),
        Decimal("3.5"),
    )
    assert outcome.unit == "亿元"
    assert outcome.clause == "三（三）"
