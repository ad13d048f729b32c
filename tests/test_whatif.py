"""What-if: a pack with a threshold changed, validated like a loaded one, saying so."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import clustercheck as cc

from .builders import cluster_with

YI = Decimal(100_000_000)


def test_a_changed_threshold_is_checked_and_named() -> None:
    rules = cc.load_rules("henan-2014-196").with_threshold("revenue", "25亿元")
    assert rules.id == "henan-2014-196+revenue=25亿元"
    assert rules["revenue"].limit == 25 * YI
    assert rules["revenue"].wording == "产业集群年营业收入25亿元以上"
    assert rules["revenue"].original_wording == "产业集群年营业收入20亿元以上"
    at = cc.check(cluster_with(operating_revenue=25 * YI, main_industry_revenue=17 * YI), rules)
    below = cc.check(
        cluster_with(operating_revenue=25 * YI - Decimal("0.01"), main_industry_revenue=17 * YI),
        rules,
    )
    assert (at["revenue"].status, below["revenue"].status) == (cc.Status.PASS, cc.Status.FAIL)
    assert at.rules == "henan-2014-196+revenue=25亿元"
    (changed, *_) = at["revenue"].notes
    assert changed.text("zh") == "门槛已按假设分析改动；文件原文为：产业集群年营业收入20亿元以上"
    # the pack as loaded is untouched, and its other outcomes carry no such note
    assert cc.check(cluster_with(operating_revenue=24 * YI))["revenue"].status is cc.Status.PASS
    assert all(n.code != "threshold_changed" for n in at["main_share"].notes)


def test_several_thresholds_at_once_and_money_in_any_unit() -> None:
    rules = cc.load_rules("henan-2014-196").with_thresholds(
        {"revenue": "2500000000元", "main_share": "70%"}
    )
    assert rules.id == "henan-2014-196+revenue=2500000000元+main_share=70%"
    assert rules["revenue"].threshold == "25亿元"
    assert rules["main_share"].wording.endswith("不低于70%")
    report = cc.check(cluster_with(main_share=Decimal("0.69"), main_industry_revenue=None), rules)
    assert report["main_share"].status is cc.Status.FAIL


@pytest.mark.parametrize(
    ("criterion", "threshold", "code"),
    [
        ("revenue", "25%", "threshold_unit"),
        ("revenue", "1/3亿元", "not_money"),
        ("plan", "1", "not_a_threshold"),
        ("no-such", "1", "no_criterion"),
    ],
)
def test_a_change_that_cannot_be_made_is_refused(criterion: str, threshold: str, code: str) -> None:
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules("henan-2014-196").with_threshold(criterion, threshold)
    assert caught.value.code == code
    assert caught.value.source == "henan-2014-196"


def test_the_documents_own_threshold_changes_nothing() -> None:
    rules = cc.load_rules("henan-2014-196")
    assert rules.with_threshold("revenue", "2000000000元") is rules


def test_a_shortfall_is_in_the_units_figures_are_given_in() -> None:
    report = cc.check(
        cluster_with(operating_revenue=Decimal("1960210000"), main_share=Decimal("0.6"))
    )
    assert report["revenue"].shortfall == Decimal("39790000")  # 元, not 0.3979亿元
    assert report["main_share"].shortfall == Decimal("0.05")  # a fraction, not 5%
    assert cc.check(cluster_with())["revenue"].shortfall == 0
    assert cc.check(cluster_with(operating_revenue=None))["revenue"].shortfall is None


def test_a_sweep_gives_each_clusters_outcome_under_each_threshold() -> None:
    pd = pytest.importorskip("pandas")
    clusters = [
        cluster_with(operating_revenue=24 * YI),
        attrs.evolve(cluster_with(operating_revenue=31 * YI), name="示例县乙产业集群"),
    ]
    frame = cc.sweep(clusters, "henan-2014-196", "revenue", ["20亿元", "25亿元", "30亿元"])
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["threshold"]) == ["20亿元"] * 2 + ["25亿元"] * 2 + ["30亿元"] * 2
    assert list(frame["rules"])[::2] == [
        "henan-2014-196",
        "henan-2014-196+revenue=25亿元",
        "henan-2014-196+revenue=30亿元",
    ]
    assert list(frame["status"].astype(str)) == ["PASS", "PASS", "FAIL", "PASS", "FAIL", "PASS"]
    # In the pack's unit for revenue, 亿元, which the unit column names.
    assert list(frame["shortfall"]) == [0.0, 0.0, 1.0, 0.0, 6.0, 0.0]
    assert list(frame["value"])[:2] == [24.0, 31.0] and set(frame["unit"]) == {"亿元"}
    assert list(frame["verdict"].astype(str))[2] == "NOT_QUALIFIED"


def test_a_sweeps_thresholds_sort_as_numbers_not_as_text() -> None:
    pytest.importorskip("pandas")
    clusters = [cluster_with(operating_revenue=24 * YI)]
    frame = cc.sweep(clusters, "henan-2014-196", "revenue", ["100亿元", "20亿元", "25亿元"])
    assert list(frame["threshold"]) == ["100亿元", "20亿元", "25亿元"]  # in the order given
    ordered = frame.sort_values("threshold")
    assert list(ordered["threshold"]) == ["20亿元", "25亿元", "100亿元"]  # as text: 100 first
    pivot = frame.pivot_table(columns="threshold", values="shortfall", observed=True)
    assert list(pivot.columns) == ["20亿元", "25亿元", "100亿元"]
