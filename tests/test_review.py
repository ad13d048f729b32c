"""Review tables over many clusters, and the revenue bands of the 2016 targets."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir
from clustercheck.render import layout

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
    assert first["service_functions"] == "PASS"  # 三（六）: a finding that decides, a column
    assert second["leaders"] == "FAIL"
    assert data["bands"][2] == {"band": "over-20", "label": "超20亿元", "count": 1, "target": 50}
    assert data["target"] == 80


def test_review_keeps_the_order_given_and_reads_folders_in_path_order() -> None:
    result = cc.review(cc.load_clusters([examples_dir()]))
    names = [r.cluster for r in result.reports]
    assert names[:4] == [
        "示例县纺织服装产业集群", "示例县食品加工产业集群", "示例县机械制造产业集群", "示例县家具产业集群",
    ]  # fmt: skip
    assert names[4:7] == [
        "示例一县纺织服装产业集群",
        "示例二县食品加工产业集群",
        "示例三县机械制造产业集群",
    ]
    assert len(names) == 13


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
        f"clustercheck: error: {path}: this file is given already ({path}); expected each file "
        "once, or its clusters would be counted twice\n"
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


PACKS = "henan-2014-196,miit-2022-119"


def test_several_packs_are_columns_headed_by_their_level(
    capsys: pytest.CaptureFixture[str],
) -> None:
    examples = [str(p) for p in sorted(examples_dir().glob("illustrative-*.toml"))]
    assert main(["review", *examples, "--rules", PACKS, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert rows[0] == [
        "产业集群", "地区", "省级", "省级 不符合的条件", "省级 缺数据的条件",
        "国家级", "国家级 不符合的条件", "国家级 缺数据的条件",
    ]  # fmt: skip
    machinery = rows[3]
    assert machinery[0] == "示例县机械制造产业集群"
    assert machinery[2] == "✗ 不符合"
    assert machinery[3] == "✗龙头、✗建筑密度、✗营业收入、✗服务平台"
    assert machinery[4] == "?服务功能"  # 三（六）: no finding yet on its three functions
    assert machinery[5] == "? 待补充"
    assert machinery[6] == ""
    assert machinery[7] == "?全部 24 项"  # every national criterion lacks data: said once


def test_several_packs_count_per_pack_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    examples = [str(p) for p in sorted(examples_dir().glob("illustrative-*.toml"))]
    assert main(["review", *examples, "--rules", PACKS, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (
        "Provincial (henan-2014-196): 4 clusters: 2 qualified, 1 not qualified, 1 incomplete" in out
    )
    assert "National (miit-2022-119): 4 clusters: 0 qualified, 0 not qualified, 4 incomplete" in out
    assert "Provincial failed" in out
    assert "✗leaders, ✗density, ✗revenue, ✗platform" in out


def test_several_packs_in_html_are_coloured_with_a_table_per_pack_and_cluster(
    tmp_path: Path,
) -> None:
    examples = [str(p) for p in sorted(examples_dir().glob("illustrative-*.toml"))]
    out = tmp_path / "r.html"
    assert main(["review", *examples, "--rules", PACKS, "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<td class="fail">✗ 不符合</td>' in page
    assert (
        '<td class="fail list"><span class="item">✗龙头</span>、<wbr><span class="item">✗建筑密度'
        '</span>、<wbr><span class="item">✗营业收入</span>、<wbr><span class="item">✗服务平台</span></td>'
    ) in page  # a mark is never parted from its criterion; a line may break after each 、
    assert '<td class="pass">✓ 符合</td>' in page
    assert "<h2>省级：豫工信企业〔2014〕196号" in page
    assert "<h2>国家级：工信部企业〔2022〕119号" in page
    assert page.count('<section class="tall start">') == 8  # 4 clusters × 2 packs
    assert "<h2>示例县机械制造产业集群（示例县，2015年） · 国家级</h2>" in page


def test_several_packs_in_xlsx_have_a_sheet_per_pack_and_a_comparison(tmp_path: Path) -> None:
    examples = [str(p) for p in sorted(examples_dir().glob("illustrative-*.toml"))]
    out = tmp_path / "r.xlsx"
    assert main(["review", *examples, "--rules", PACKS, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:4] == [
        "规则包对照", "结果计数", "省级 henan-2014-196", "国家级 miit-2022-119",
    ]  # fmt: skip
    assert len(book.sheetnames) == 4 + 8
    counts = list(book["结果计数"].iter_rows(values_only=True))
    assert counts[0] == ("级别", "规则包", "文号", "符合", "不符合", "待补充", "合计")
    assert counts[1] == ("省级", "henan-2014-196", "豫工信企业〔2014〕196号", 2, 1, 1, 4)
    assert counts[2] == ("国家级", "miit-2022-119", "工信部企业〔2022〕119号", 0, 0, 4, 4)
    provincial = book["省级 henan-2014-196"]
    headers = [c.value for c in provincial[1]]
    assert headers[-5:] == ["结论", "收入分档", "评审意见", "评审人", "日期"]
    national = [c.value for c in book["国家级 miit-2022-119"][1]]
    assert "收入分档" not in national  # the national pack sets no targets by band
    failed = book["规则包对照"].cell(row=4, column=4)
    assert failed.value == "✗龙头、✗建筑密度、✗营业收入、✗服务平台"
    assert failed.fill.fgColor.rgb == "FFFCE8E6"


@pytest.mark.parametrize(
    ("jurisdiction", "level"),
    [("全国", "国家级"), ("河南省", "省级"), ("广西壮族自治区", "省级"), ("北京市", "省级"),
     ("许昌市", "市级")],
)  # fmt: skip
def test_a_packs_level_follows_its_jurisdiction(jurisdiction: str, level: str) -> None:
    pack = attrs.evolve(cc.load_rules("henan-2014-196"), jurisdiction=jurisdiction)
    assert layout.level(pack, "zh") == level
