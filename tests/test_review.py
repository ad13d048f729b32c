"""Review tables over many clusters, and the revenue bands of the 2016 targets."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir

from .builders import cluster_with

Write = Callable[[str, str], Path]
YI = Decimal(100_000_000)
FEN = Decimal("0.01")


def qualified_with_revenue(revenue: Decimal) -> cc.Cluster:
    return cluster_with(
        operating_revenue=revenue,
        main_industry_revenue=revenue * Decimal("0.7"),
        rd_expense=revenue / 50,
    )


def named_apart(clusters: list[cc.Cluster]) -> list[cc.Cluster]:
    """The clusters with a number after each name, so that no two are the same cluster."""
    return [attrs.evolve(c, name=f"{c.name}{n}") for n, c in enumerate(clusters, start=1)]


@pytest.mark.parametrize(
    ("revenue", "band"),
    [
        (20 * YI, None),  # exactly 20亿 qualifies (以上) but is not 超20亿
        (20 * YI + FEN, "over-20"),
        (50 * YI, "over-20"),
        (50 * YI + FEN, "over-50"),
        (100 * YI, "over-50"),
        (100 * YI + FEN, "over-100"),
    ],
)
def test_bands_are_exclusive_and_strict(revenue: Decimal, band: str | None) -> None:
    result = cc.review([qualified_with_revenue(revenue)])
    (report,) = result.reports
    assert report.verdict is cc.Verdict.QUALIFIED
    found = result.band(report)
    assert (None if found is None else found.id) == band


def test_band_counts_only_qualified_clusters_against_targets() -> None:
    clusters = [
        qualified_with_revenue(120 * YI),
        qualified_with_revenue(30 * YI),
        qualified_with_revenue(20 * YI),
        cluster_with(
            operating_revenue=150 * YI, leaders=1
        ),  # not qualified: shows a band, not counted
    ]
    result = cc.review(named_apart(clusters))
    counts = {c.band.id: (c.count, c.band.target) for c in result.band_counts}
    assert counts == {"over-100": (1, 10), "over-50": (0, 20), "over-20": (1, 50)}
    assert result.qualified == 3
    last = result.reports[3]
    assert last.verdict is cc.Verdict.NOT_QUALIFIED
    band = result.band(last)
    assert band is not None
    assert band.id == "over-100"


def test_unknown_revenue_has_no_band() -> None:
    result = cc.review([cluster_with(operating_revenue=None)])
    assert result.band(result.reports[0]) is None


def test_review_to_dict_shape() -> None:
    clusters = named_apart([qualified_with_revenue(30 * YI), cluster_with(leaders=1)])
    data = cc.review(clusters).to_dict()
    first, second = data["clusters"]
    assert first["verdict"] == "QUALIFIED"
    assert first["band"] == "over-20"
    assert first["revenue"] == "PASS"
    assert "service_functions" not in first  # advisory: never decides, not a column
    assert second["leaders"] == "FAIL"
    assert data["bands"][2] == {"band": "over-20", "label": "超20亿元", "count": 1, "target": 50}
    assert data["target"] == 80


def test_review_keeps_the_order_given_and_reads_folders_in_path_order() -> None:
    result = cc.review(cc.load_clusters([examples_dir()]))
    names = [r.cluster for r in result.reports]
    assert names[:4] == [
        "示例县纺织服装产业集群", "示例县食品加工产业集群", "示例县机械制造产业集群", "示例县家具产业集群",
    ]  # fmt: skip
    assert names[4] == "示例县陶瓷产业集群"  # the filled workbook
    assert names[5:8] == [
        "示例一县纺织服装产业集群",
        "示例二县食品加工产业集群",
        "示例三县机械制造产业集群",
    ]
    assert len(names) == 14


def test_reports_of_another_pack_are_refused() -> None:
    report = cc.check(cluster_with())
    other = cc.Report(
        cluster="x", rules="other-pack", verdict=report.verdict, outcomes=report.outcomes
    )
    with pytest.raises(cc.PackError, match="other-pack"):
        cc.review([report, other])


def test_notebooks_render_tables() -> None:
    report = cc.check(cluster_with())
    assert "<table>" in report._repr_html_()
    assert "三（三）" in report._repr_html_()
    html = cc.review([report])._repr_html_()
    assert "<table>" in html
    assert "超20亿元" in html


CLUSTER = (
    'name = "{name}"\nregion = "示例县"\nyear = 2015\n[declared]\noperating_revenue = "30亿元"\n'
)


def test_the_same_file_twice_is_refused_naming_it_twice(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("a.toml", CLUSTER.format(name="示例县纺织服装产业集群"))
    assert main(["review", str(path), str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        f"clustercheck: error: {path}: name: '示例县纺织服装产业集群' (示例县, 2015) is also "
        f"given by {path}; expected each cluster once (the same name, region and year are one "
        "cluster)\n"
    )


def test_two_files_of_one_cluster_are_refused_after_normalising_names(write: Write) -> None:
    first = write("a.toml", CLUSTER.format(name="示例县纺织服装产业集群"))
    # Full-width letters and spaces around the name, as an input method may leave them.
    second = write("b.json", json.dumps({"name": " 示例县纺织服装产业集群\u3000", "region": "示例县 ",
                                         "year": 2015}))  # fmt: skip
    with pytest.raises(cc.InputError) as caught:
        cc.review(cc.load_clusters([first, second]))
    error = caught.value
    assert (error.source, error.where) == (str(second), "name")
    assert error.problem.startswith(
        f"'示例县纺织服装产业集群' (示例县, 2015) is also given by {first};"
    )


def test_full_width_and_half_width_names_are_one_cluster() -> None:
    half = cc.Cluster(name="示例县A1产业集群", region="示例县", source="a.toml")
    full = cc.Cluster(name="示例县Ａ１产业集群", region="示例县", source="b.toml")
    with pytest.raises(cc.InputError) as caught:
        cc.compare([half, full], ["henan-2014-196", "miit-2022-119"])
    assert str(caught.value).startswith(
        "b.toml: name: '示例县Ａ１产业集群' (示例县, no year) is also given by a.toml;"
    )


def test_the_same_report_twice_is_refused() -> None:
    report = cc.check(cluster_with())
    with pytest.raises(cc.InputError) as caught:
        cc.review([report, report])
    assert str(caught.value).startswith(
        f"a report given in code: name: {report.cluster!r} (示例县, no year) is also given by "
        "a report given in code;"
    )


def test_one_cluster_in_two_years_or_two_regions_is_two_clusters() -> None:
    base = cc.Cluster(name="示例县纺织服装产业集群", region="示例县", year=2015)
    clusters = [base, attrs.evolve(base, year=2016), attrs.evolve(base, region="示例市")]
    assert len(cc.review(clusters)) == 3
    assert len(cc.compare(clusters, ["henan-2014-196"]).rows) == 3


def test_check_reports_a_file_given_twice_twice(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("a.toml", CLUSTER.format(name="示例县纺织服装产业集群"))
    assert main(["check", str(path), str(path), "--format", "json"]) == 0
    assert [r["cluster"] for r in json.loads(capsys.readouterr().out)] == [
        "示例县纺织服装产业集群",
        "示例县纺织服装产业集群",
    ]
