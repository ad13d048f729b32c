"""A note on a missing figure never contradicts the cluster: it says why that figure is missing."""

from __future__ import annotations

import clustercheck as cc

from .builders import cluster_with

NO_ROSTER = "无数据：既未申报，也无企业名册可计算"
DECLARED_ONLY = "无数据：未申报（此项须申报，企业名册不能计算）"


def _notes(report: cc.Report, criterion: str, lang: str = "zh") -> list[str]:
    return [n.text(lang) for n in report[criterion].notes]


def test_a_figure_a_roster_could_give_names_the_missing_roster() -> None:
    report = cc.check(cluster_with(operating_revenue=None, main_industry_revenue=None))
    assert _notes(report, "revenue") == [NO_ROSTER]
    assert _notes(report, "revenue", "en") == [
        "no figure: neither declared nor derivable from a roster"
    ]


def test_a_cluster_with_a_roster_is_never_told_it_has_none() -> None:
    roster_clusters = [c for c in cc.load_clusters(cc.examples_dir()) if c.roster is not None]
    assert roster_clusters
    for cluster in roster_clusters:
        report = cc.check(cluster)
        texts = [n.text("zh") for o in report for n in o.notes]
        assert NO_ROSTER not in texts
        assert _notes(report, "building_density") == [DECLARED_ONLY]


def test_a_declared_only_figure_says_it_must_be_declared() -> None:
    report = cc.check(cluster_with(building_density=None))
    assert _notes(report, "building_density") == [DECLARED_ONLY]
    assert _notes(report, "building_density", "en") == [
        "no figure: not declared (a roster cannot give it)"
    ]


def test_a_yearly_figure_says_the_years_are_missing() -> None:
    report = cc.check(cluster_with(), "miit-2022-119")
    yearly = [o for o in report if o.id == "output_growth"]
    assert [n.text("zh") for n in yearly[0].notes] == ["无数据：未填报各年数据"]
