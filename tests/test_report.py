"""The report as developers use it: indexing, its dictionary shape, and the bundled examples."""

from __future__ import annotations

import json

import pytest

import clustercheck as cc

from .builders import cluster_with, example_files


def test_report_is_indexed_by_criterion_id() -> None:
    report = cc.check(cluster_with())
    assert report["revenue"].id == "revenue"
    assert [o.id for o in report][:2] == ["scope", "coordination"]
    with pytest.raises(KeyError, match="revenu"):
        report["revenu"]


def test_to_dict_has_the_documented_keys_and_decimals_as_strings() -> None:
    data = cc.check(cluster_with()).to_dict()
    assert data["cluster"] == "示例县测试产业集群"
    assert data["rules"] == "henan-2014-196"
    assert data["verdict"] == "QUALIFIED"
    revenue = next(o for o in data["outcomes"] if o["id"] == "revenue")
    assert {"id", "status", "value", "threshold", "margin", "clause", "source", "notes"} <= set(
        revenue
    )
    assert (revenue["status"], revenue["value"], revenue["threshold"], revenue["margin"]) == (
        "PASS",
        "23.5",
        "20",
        "3.5",
    )
    assert revenue["source"] == "DECLARED"
    json.dumps(data, ensure_ascii=False)


def test_an_outcome_says_how_the_pack_reads_its_clause() -> None:
    report = cc.check(cluster_with())
    assert report["investment_intensity"].reading == "“平方公顷”按公顷读。"
    assert report["revenue"].reading is None
    data = report.to_dict()
    readings = {o["id"]: o["reading"] for o in data["outcomes"]}
    assert readings["investment_intensity"] == "“平方公顷”按公顷读。"
    assert cc.Report.from_dict(data) == report


def test_notes_are_written_in_the_language_asked_for() -> None:
    report = cc.check(cluster_with(related_smes=None))
    zh = next(o for o in report.to_dict("zh")["outcomes"] if o["id"] == "related_smes")
    en = next(o for o in report.to_dict("en")["outcomes"] if o["id"] == "related_smes")
    assert "无数据" in zh["notes"][0]["text"]
    assert "no figure" in en["notes"][0]["text"]


EXPECTED = {
    "illustrative-1-textiles": cc.Verdict.QUALIFIED,
    "illustrative-2-food": cc.Verdict.QUALIFIED,
    "illustrative-3-machinery": cc.Verdict.NOT_QUALIFIED,
    "illustrative-4-furniture": cc.Verdict.INCOMPLETE,
}


def test_bundled_examples_reach_their_stated_verdicts() -> None:
    reports = {path.stem: cc.check(cc.load_cluster(path)) for path in example_files()}
    assert {k: reports[k].verdict for k in EXPECTED} == EXPECTED
    xuchang = [r for k, r in reports.items() if k.startswith("xuchang")]
    assert len(xuchang) == 6
    for report in xuchang:
        # Public figures only: none of them measures a criterion exactly, so none decides.
        assert report.verdict is cc.Verdict.INCOMPLETE
        assert all(o.status is not cc.Status.PASS for o in report.deciding)


def test_machinery_example_fails_for_the_reasons_it_states() -> None:
    path = next(p for p in example_files() if p.stem == "illustrative-3-machinery")
    report = cc.check(cc.load_cluster(path))
    failed = sorted(o.id for o in report if o.status is cc.Status.FAIL)
    assert failed == ["building_density", "leaders", "revenue", "service_platform"]
    assert len(report["leaders"].items) == 1
