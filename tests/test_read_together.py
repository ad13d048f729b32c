"""What a reviewer reads when the outputs of several packs, languages and layouts meet: English
with English punctuation, criteria by their names, notes that belong to the run."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir
from clustercheck.render import layout
from clustercheck.render.document import Number, display_width

EXAMPLES = examples_dir()
REGISTRY = Path(cc.__file__).parent / "example_registry"
HAIR = EXAMPLES / "xuchang-06-hair-products.toml"
TEXTILES = EXAMPLES / "illustrative-1-textiles.toml"


def test_years_missing_are_listed_with_english_commas_in_english() -> None:
    (hair,) = cc.load_clusters([HAIR])
    notes = layout.report_section(cc.check(hair, "miit-2022-119"), "en").notes
    missing = [n for n in notes if n.endswith("] output value missing for 2016, 2017, 2018")]
    assert missing == [
        "[Output value in each of the last three years, Average annual growth of output value] "
        "output value missing for 2016, 2017, 2018"
    ]
    chinese = layout.report_section(cc.check(hair, "miit-2022-119"), "zh").notes
    assert any(n.endswith("缺少产值：2016、2017、2018年") for n in chinese)


def test_each_years_figures_are_separated_the_english_way() -> None:
    note = cc.Note("each_year", {"values": "2013: 41亿元；2014: 42亿元"})
    assert note.text("en") == "each year: 2013: 41 CNY 100 million; 2014: 42 CNY 100 million"
    assert note.text("zh") == "各年：2013: 41亿元；2014: 42亿元"


def test_a_public_figure_for_another_packs_criterion_names_that_criterion() -> None:
    (hair,) = cc.load_clusters([HAIR])
    report = cc.check(hair, "miit-2022-119")
    english = layout.report_section(report, "en").notes
    assert (
        "[Warnings] the public figure “集聚关联企业130家” concerns Related SMEs, which is not a "
        "criterion of this pack; not shown"
    ) in english
    assert not any("related_smes" in n for n in english)
    chinese = layout.report_section(report, "zh").notes
    assert (
        "[提示] 公开资料“集聚关联企业130家”对应的指标 关联中小企业 不在本规则包中，未显示"
        in chinese
    )


@pytest.mark.parametrize("path", [HAIR, TEXTILES])
def test_comparing_packs_drops_warnings_of_input_the_other_pack_uses(path: Path) -> None:
    """A finding or public figure one pack of a comparison uses is no warning under the
    other, as under ``check`` with the same packs."""
    (cluster,) = cc.load_clusters([path])
    alone = cc.check(cluster, "miit-2022-119")
    (row,) = cc.compare([cluster], "henan-2014-196,miit-2022-119").rows
    assert alone.warnings != row[1].warnings
    assert {w.code for w in alone.warnings} - {w.code for w in row[1].warnings} == (
        {"reported_unused"} if path == HAIR else {"attested_unused"}
    )
    notes = layout.report_section(row[1], "en").notes
    assert not any("not a criterion of this pack" in n or "other rule packs" in n for n in notes)


def test_a_recheck_lists_criteria_with_english_commas_in_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["recheck", str(REGISTRY / "registry.toml"), "--year", "2018", str(REGISTRY / "2018")]
    assert main([*args, "--lang", "en", "--format", "csv"]) == 0
    english = capsys.readouterr().out
    assert "density, revenue, main %" in english
    assert "、" not in english.replace("示例县", "")
    assert main([*args, "--format", "csv"]) == 0
    assert "建筑密度、营业收入、主导占比" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_review_workbook_keeps_each_band_on_one_line(lang: str, tmp_path: Path) -> None:
    """The band (``over 20 CNY 100 million``) is the summary's last column: as on the page,
    it is not wrapped, so no row of the 推荐汇总表 is two lines tall for it."""
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "review.xlsx"
    assert main(["review", str(EXAMPLES), "--lang", lang, "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    headers = [c.value for c in sheet[1]]
    column = sheet[1][headers.index("Revenue band" if lang == "en" else "收入分档")].column_letter
    bands = [c.value for c in sheet[column][1:14]]
    assert ("over 20 CNY 100 million" if lang == "en" else "超20亿元") in bands
    widest = max(display_width(b) for b in bands if b)
    assert sheet.column_dimensions[column].width >= widest + 1
    assert max(sheet.row_dimensions[row].height for row in range(2, 15)) < 2 * 16  # one line


UNVERIFIED = "规则包 miit-2022-119 所据原文未能全部核实"


def test_a_summary_says_once_that_the_national_text_is_not_fully_verified() -> None:
    clusters = cc.load_clusters([EXAMPLES])
    comparison = cc.compare(clusters, "henan-2014-196,miit-2022-119")
    (summary, *_) = layout.comparison_document(comparison, "zh").sections
    assert sum(UNVERIFIED in line for line in summary.lead) == 1
    assert not any(UNVERIFIED in line for line in summary.notes)
    english = layout.comparison_document(comparison, "en").sections[0].lead
    assert sum("miit-2022-119 encodes could not be fully verified" in x for x in english) == 1
    national = layout.review_document(cc.review(clusters, "miit-2022-119"), "zh").sections[0]
    assert sum(UNVERIFIED in line for line in national.notes) == 1
    henan = layout.review_document(cc.review(clusters), "zh").sections[0]
    assert not any("未能全部核实" in line for line in (*henan.lead, *henan.notes))


def test_a_long_list_of_criteria_lacking_figures_wraps_in_the_last_column() -> None:
    """The comparison's last column lists a pack's criteria lacking figures; a long list
    wraps after its separators (a ``?`` may not open a line by itself), never running off
    the page, while each item stays whole."""
    (textiles,) = cc.load_clusters([TEXTILES])
    partly = attrs.evolve(textiles, attested={**textiles.attested, "clean_record": True})
    comparison = cc.compare([partly], "henan-2014-196,miit-2022-119")
    page = cc.render(comparison, "html")
    row = next(
        line
        for line in page.splitlines()
        if line.startswith("<tr data-cluster=") and "县级区划" in line
    )
    last = row.rsplit("<td", 1)[1]
    assert last.startswith(' class="list">')
    assert '<span class="item">?县级区划</span>、<wbr><span class="item">?县域支柱</span>' in last
    assert "?全部" not in last and "?无事故违法" not in last  # that one is attested


def test_a_branch_requiring_one_firm_says_one_firm() -> None:
    (textiles,) = cc.load_clusters([TEXTILES])
    notes = layout.report_section(cc.check(textiles, "miit-2022-119"), "en").notes
    assert (
        "[Quality firms] ? Single-item champions or little giants: — (required ≥ 1 firm)" in notes
    )
    assert (
        "[Quality firms] ? Specialised, innovative SMEs and national high-tech firms: — "
        "(required ≥ 10 firms)"
    ) in notes


def test_the_firms_counted_are_introduced_with_the_languages_colon() -> None:
    machinery = EXAMPLES / "illustrative-3-machinery.toml"
    (cluster,) = cc.load_clusters([machinery])
    report = cc.check(cluster)
    assert (
        "[龙头企业] 所计企业：示例重型机械集团有限公司" in layout.report_section(report, "zh").notes
    )
    english = layout.report_section(report, "en").notes
    assert "[Leading firms] firms counted: 示例重型机械集团有限公司" in english
    assert any(n.endswith("超 (over) is strict, so not counted as a leading firm") for n in english)


def test_a_packs_interval_is_said_in_the_languages_punctuation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "miit-2022-119", "--lang", "en"]) == 0
    assert (
        "\nRe-verification: every 3 years (《办法》动态管理 集群有效期为三年。"
        in capsys.readouterr().out
    )
    assert main(["rules", "henan-2014-196"]) == 0
    assert "\n复核周期：2 年（五（六） 每两年组织一次" in capsys.readouterr().out


def test_the_lines_above_a_markdown_table_stay_lines() -> None:
    """Markdown joins lines that merely follow one another into one paragraph: the packs, the
    counts and the unverified text above a comparison are a paragraph each."""
    comparison = cc.compare(cc.load_clusters([TEXTILES]), "henan-2014-196,miit-2022-119")
    page = cc.render(comparison, "markdown", lang="en")
    assert (
        "Provincial: henan-2014-196 豫工信企业〔2014〕196号; National: miit-2022-119 "
        "工信部企业〔2022〕119号\n\nProvincial (henan-2014-196): "
    ) in page
    assert "\n\nThe text pack miit-2022-119 encodes could not be fully verified" in page
    text = cc.render(comparison, "text", lang="en")
    assert "号\nProvincial (henan-2014-196): " in text  # plain text keeps them together
    assert "Provincial (henan-2014-196): 1 cluster: 1 qualified, 0 not qualified" in text


def test_a_figure_declared_as_a_bound_is_shown_as_a_bound() -> None:
    """``逾30亿元`` is shown ``> 30亿元`` in the value column, not as an amount of 30亿元."""
    (textiles,) = cc.load_clusters([TEXTILES])
    declared = attrs.evolve(textiles.declared, operating_revenue="逾30亿元")
    report = cc.check(attrs.evolve(textiles, declared=declared))
    assert layout.show_value(report["revenue"], "zh") == "> 30亿元"
    assert layout.show_value(report["revenue"], "en") == "> 30 CNY 100 million"
    assert report["revenue"].status is cc.Status.PASS
    plain = cc.check(textiles)["revenue"]
    assert isinstance(layout.show_value(plain, "zh"), Number)  # an amount stays a figure


def test_a_roster_sum_with_firms_missing_is_shown_as_at_least() -> None:
    firms = (
        cc.Enterprise(name="甲", operating_revenue=Decimal(150_000) * 10_000),
        cc.Enterprise(name="乙"),  # no revenue: the sum is only a lower bound
    )
    report = cc.check(cc.Cluster(name="示例县名册集群", enterprises=firms))
    assert any(n.code == "lower_bound" for n in report["revenue"].notes)
    assert layout.show_value(report["revenue"], "zh") == "≥ 15亿元"
    assert layout.show_value(report["revenue"], "en") == "≥ 15 CNY 100 million"


def test_the_recommendation_table_shows_a_bound_revenue_as_a_bound() -> None:
    (textiles,) = cc.load_clusters([TEXTILES])
    declared = attrs.evolve(textiles.declared, operating_revenue="逾30亿元")
    review = cc.review([attrs.evolve(textiles, declared=declared)])
    table = layout.recommendation_table(review, "zh")
    (row,) = table.rows
    assert row[table.headers.index("营业收入(亿元)")] == "> 30"
    plain = layout.recommendation_table(cc.review([textiles]), "zh")
    amount = plain.rows[0][plain.headers.index("营业收入(亿元)")]
    assert isinstance(amount, Number) and amount.text == "23.5"  # an amount stays a number
