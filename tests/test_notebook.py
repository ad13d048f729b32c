"""How a notebook shows results: styled, explained, the summary before the details."""

from __future__ import annotations

import attrs

import clustercheck as cc
from clustercheck.render.notebook import FOLDED

from .builders import cluster_with


def test_a_report_carries_its_own_scoped_style_and_every_note() -> None:
    report = cc.check(cluster_with(leaders=None, related_smes=None))
    html = report._repr_html_()
    assert html.startswith('<div class="clustercheck">\n<style>')
    assert ".clustercheck td.fail {" in html and "white-space: nowrap" in html
    assert "<style>" in html and "body {" not in html  # nothing outside the fragment is styled
    for outcome in report.outcomes:
        for note in outcome.notes:
            assert note.text("zh") in html  # each UNKNOWN says why
    assert "无数据：既未申报，也无企业名册可计算" in html
    assert '<td class="unknown">' in html or 'class="unknown' in html


def test_a_review_shows_its_summary_first_and_folds_each_cluster() -> None:
    clusters = list(cc.load_clusters([cc.examples_dir()]))
    html = cc.review(clusters)._repr_html_()
    summary = html.index("<table>")
    first_fold = html.index("<details>")
    assert summary < first_fold
    assert html.count("<details>") == len(clusters)
    assert (
        '<summary class="verdict-QUALIFIED">示例县纺织服装产业集群（示例县，2015年）：<strong>符合</strong></summary>'
        in html
    )


def test_a_large_review_folds_only_its_first_clusters() -> None:
    base = cluster_with()
    review = cc.review([attrs.evolve(base, name=f"示例{i}县产业集群") for i in range(FOLDED + 30)])
    html = review._repr_html_()
    assert html.count("<details>") == FOLDED
    assert "另有 30 个集群的逐项结果未在此展开" in html
    assert (
        repr(review) == f"<Review henan-2014-196: {FOLDED + 30} clusters, {FOLDED + 30} qualified>"
    )


def test_a_comparison_shows_in_a_notebook_too() -> None:
    comparison = cc.compare([cluster_with()], ["henan-2014-196", "miit-2022-119"])
    html = comparison._repr_html_()
    assert html.startswith('<div class="clustercheck">') and "<table>" in html
