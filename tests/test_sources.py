"""Every condition of the text is checked, and every quoted word is the source's (issue #19).

Each bundled pack ships its source text (``criteria/sources/<id>.md``); the wording it quotes
must occur there character for character, and every condition sentence must be checked by a
criterion. A user pack with a source file is held to the same by ``rules --test``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.rules.sources import NOT_FOUND, occurs, plain, read_source, source_problems

ROOT = Path(__file__).resolve().parents[1]
CRITERIA = ROOT / "criteria"
FINDINGS_BEFORE = ("clean_record", "county_pillar", "supply_chain", "green", "openness", "governance")  # fmt: skip
NEW_FINDINGS = (
    "county_scope", "industrial_policy", "niche_leader", "brand", "tiered_cultivation",
    "innovation", "standards", "digital_infrastructure", "digital_services", "data_connected",
)  # fmt: skip


@pytest.mark.parametrize("pack", ["henan-2014-196", "miit-2022-119"])
def test_bundled_pack_wording_and_conditions_hold_to_its_source(pack: str) -> None:
    rules = cc.load_rules(pack)
    source = read_source(rules)
    assert source is not None
    assert source.pack == pack
    assert source_problems(rules, source) == []
    checked = {c for condition in source.conditions for c in condition.criteria}
    assert checked == {c.id for c in rules.criteria}  # every criterion checks a sentence


def test_henan_source_is_the_seed_text_and_fully_verified() -> None:
    source = read_source(cc.load_rules("henan-2014-196"))
    assert source is not None and source.verified
    seed = plain(
        (ROOT / "tests" / "data" / "sources" / "004_bcfda79aa3039b44.txt").read_text("utf-8")
    )
    # every quoted paragraph of the source file is the document's, character for character
    for line in (CRITERIA / "sources" / "henan-2014-196.md").read_text("utf-8").splitlines():
        if line.startswith("> ") and line[2:].strip():
            assert plain(line[2:]) in seed, line
    assert len(source.conditions) == 12


def test_national_source_says_what_could_not_be_verified() -> None:
    text = (CRITERIA / "sources" / "miit-2022-119.md").read_text("utf-8")
    source = read_source(cc.load_rules("miit-2022-119"))
    assert source is not None and not source.verified
    assert "the national wording of 三–五 is unverified" in text
    assert "六, 七, 八 | not found in any copy" in text
    unfound = [c for c in source.conditions if c.sentence.startswith(NOT_FOUND)]
    assert [c.criteria for c in unfound] == [("green",), ("openness",), ("governance",)]


def _copy_pack(tmp_path: Path, pack: str = "miit-2022-119") -> tuple[Path, Path]:
    (tmp_path / "sources").mkdir()
    pack_file = shutil.copy(CRITERIA / f"{pack}.toml", tmp_path / f"{pack}.toml")
    shutil.copy(CRITERIA / f"{pack}.cases.toml", tmp_path / f"{pack}.cases.toml")
    source = shutil.copy(CRITERIA / "sources" / f"{pack}.md", tmp_path / "sources" / f"{pack}.md")
    return Path(pack_file), Path(source)


def test_a_wording_one_character_off_the_source_is_found(tmp_path: Path) -> None:
    pack_file, _ = _copy_pack(tmp_path)
    text = pack_file.read_text("utf-8")
    # the paraphrase the pack once quoted: 国家高新技术企业 for 国家级高新技术企业
    pack_file.write_text(text.replace('国家级高新技术企业"', '国家高新技术企业"', 1), "utf-8")
    rules = cc.load_rules(pack_file)
    source = read_source(rules)
    assert source is not None
    problems = source_problems(rules, source)
    assert [(key, p.code) for key, p in problems] == [("criteria[12].wording", "wording_not_in_source")]  # fmt: skip


def test_a_condition_sentence_no_criterion_checks_is_found(tmp_path: Path) -> None:
    pack_file, source_file = _copy_pack(tmp_path)
    text = source_file.read_text("utf-8")
    source_file.write_text(text.replace("| 有较高的集群品牌知名度 | brand |", "| 有较高的集群品牌知名度 | |"), "utf-8")  # fmt: skip
    rules = cc.load_rules(pack_file)
    source = read_source(rules)
    assert source is not None
    codes = sorted((key, p.code) for key, p in source_problems(rules, source))
    assert codes == [("conditions[5]", "condition_unchecked"), ("criteria[5]", "criterion_without_condition")]  # fmt: skip


def test_an_unfound_mark_excuses_only_a_condition_marked_unfound(tmp_path: Path) -> None:
    pack_file, _ = _copy_pack(tmp_path)
    text = pack_file.read_text("utf-8")
    pack_file.write_text(text.replace('wording = "有较高的集群品牌知名度"', f'wording = "{NOT_FOUND}品牌"'), "utf-8")  # fmt: skip
    rules = cc.load_rules(pack_file)
    source = read_source(rules)
    assert source is not None
    assert [(k, p.code) for k, p in source_problems(rules, source)] == [("criteria[5].wording", "wording_not_in_source")]  # fmt: skip


def test_rules_test_runs_the_source_checks_of_a_user_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack_file, source_file = _copy_pack(tmp_path)
    assert main(["rules", "--test", str(pack_file), "--lang", "en"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "source text:" in x)
    assert line.split()[-1] == "✓"
    source_file.write_text(source_file.read_text("utf-8").replace("产值年均增速高于10%。", "产值年均增速高于12%。"), "utf-8")  # fmt: skip
    assert main(["rules", "--test", str(pack_file), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "the quotation '产值年均增速高于10%' is not in the source file" in out
    assert "the condition sentence '产值年均增速高于10%' is not in the text" in out


def test_a_quotation_is_matched_in_order_with_width_and_spacing_aside() -> None:
    text = plain("占地面积一般不超过100 平方公里,近三年产值均在40 亿元以上")
    assert occurs("占地面积一般不超过100平方公里，近三年产值均在40亿元以上", text)
    assert occurs("占地面积……40亿元以上", text)
    assert not occurs("40亿元以上……占地面积", text)


def _national(**attested: bool) -> cc.Cluster:
    yearly = [
        cc.Yearly(year=2019, output="50亿元", sme_rd_expense="2亿元"),
        cc.Yearly(year=2020, output="55亿元", sme_rd_expense="2.1亿元"),
        cc.Yearly(year=2021, output="62亿元", sme_output="45亿元", main_industry_output="44亿元", sme_rd_expense="2.3亿元"),
    ]  # fmt: skip
    declared = cc.Declared(area="85平方公里", champions=1, specialised_firms=5, platform_adoption="15%")  # fmt: skip
    return cc.Cluster(name="示例县轴承产业集群", year=2021, declared=declared, yearly=yearly, attested=attested)  # fmt: skip


def test_every_figure_passing_with_only_the_old_six_findings_is_incomplete() -> None:
    rules = cc.load_rules("miit-2022-119")
    report = cc.check(_national(**dict.fromkeys(FINDINGS_BEFORE, True)), rules)
    assert all(o.status is cc.Status.PASS for o in report.outcomes if o.kind is not cc.Kind.ATTESTATION)  # fmt: skip
    assert report.verdict is cc.Verdict.INCOMPLETE
    assert [o.id for o in report.outcomes if o.status is cc.Status.UNKNOWN] == list(NEW_FINDINGS)
    every = cc.check(_national(**dict.fromkeys((*FINDINGS_BEFORE, *NEW_FINDINGS), True)), rules)
    assert every.verdict is cc.Verdict.QUALIFIED


def test_the_clean_record_is_the_opening_sentence_as_published() -> None:
    rules = cc.load_rules("miit-2022-119")
    record = rules["clean_record"]
    assert record.clause == "首段"
    assert record.wording == (
        "集群企业近三年未发生较大及以上安全、质量和环境污染等事故，重大及以上网络安全事件和数据安全事件，"
        "以及偷税漏税、违法违规、严重失信和其它重大问题的行为"
    )
    assert rules.criteria[0].id == "clean_record"  # read first, as the annex puts it first


def test_national_clauses_quote_the_published_words() -> None:
    rules = cc.load_rules("miit-2022-119")
    assert rules["county_pillar"].wording == "集群主导产业为所在县域的支柱或特色产业"
    assert rules["county_pillar"].clause == "一"
    assert rules["county_scope"].clause == "《办法》第二条"
    assert rules["niche_leader"].wording == "发展水平位居细分领域全国前列"
    assert rules["brand"].wording == "有较高的集群品牌知名度"
    assert rules["tiered_cultivation"].wording == "集群持续开展优质中小企业梯度培育工作"
    champions = rules["champions"]
    assert (
        champions.any_of[1].wording
        == "不少于10家专精特新中小企业、创新型中小企业和国家级高新技术企业"
    )
    assert {rules[i].clause for i in ("innovation", "standards")} == {"四"}
    assert {rules[i].clause for i in ("digital_infrastructure", "digital_services", "data_connected")} == {"五"}  # fmt: skip


def test_a_national_report_says_once_the_text_is_unverified_and_the_western_leniency() -> None:
    report = cc.check(_national(), "miit-2022-119")
    codes = [w.code for w in report.warnings]
    assert codes.count("source_unverified") == 1
    assert codes.count("pack_notice") == 1
    notice = next(w for w in report.warnings if w.code == "pack_notice")
    assert "西部地区可适当放宽" in notice.text("zh")
    assert "thresholds as they are" in notice.text("en")
    henan = cc.check(cc.Cluster(name="x"), "henan-2014-196")
    assert [w.code for w in henan.warnings] == []


def test_growth_notes_when_the_arithmetic_mean_would_decide_otherwise() -> None:
    yearly = [cc.Yearly(year=2019, output="50亿元"), cc.Yearly(year=2020, output="60亿元"), cc.Yearly(year=2021, output="60.4亿元")]  # fmt: skip
    report = cc.check(cc.Cluster(name="x", year=2021, yearly=yearly), "miit-2022-119")
    growth = report["output_growth"]
    assert growth.status is cc.Status.FAIL
    other = [n for n in growth.notes if n.code == "growth_other_reading"]
    assert [n.text("zh") for n in other] == [
        "按各年增速的算术平均计算为 10.33%，会判为达到要求；本规则包按水平法（几何平均）计算为 9.91%，以此判定"
    ]
    assert "水平法" in (growth.reading or "")
    # the same series one step higher passes both ways: no note
    yearly[2] = cc.Yearly(year=2021, output="60.6亿元")
    report = cc.check(cc.Cluster(name="x", year=2021, yearly=yearly), "miit-2022-119")
    assert report["output_growth"].status is cc.Status.PASS
    assert "growth_other_reading" not in [n.code for n in report["output_growth"].notes]


def _henan(functions: list[str] | None, **attested: bool) -> cc.Cluster:
    declared = cc.Declared(
        operating_revenue="23.5亿元", main_industry_revenue="17亿元", rd_expense="3100万元",
        leaders=3, related_smes=41, building_density="52%", investment_intensity="1180万元/公顷",
        clean_audit_required=6, clean_audit_done=6, service_functions=functions,
    )  # fmt: skip
    findings = dict.fromkeys(("scope", "coordination", "plan", "policy", "service_platform"), True)
    return cc.Cluster(name="示例", declared=declared, attested={**findings, **attested})


def test_henan_service_functions_decide_as_a_finding() -> None:
    none_at_all = cc.check(_henan([]))
    assert none_at_all["service_functions"].status is cc.Status.UNKNOWN
    assert none_at_all.verdict is cc.Verdict.INCOMPLETE  # no longer QUALIFIED
    refused = cc.check(_henan([], service_functions=False))
    assert refused.verdict is cc.Verdict.NOT_QUALIFIED
    found = cc.check(_henan(["研发设计", "检验检测"], service_functions=True))
    outcome = found["service_functions"]
    assert (outcome.status, found.verdict) == (cc.Status.PASS, cc.Verdict.QUALIFIED)
    assert outcome.items == ("研发设计", "检验检测")
    assert outcome.notes[0].text("zh") == "申报已具备的功能 2/8 项：研发设计、检验检测"
    undeclared = cc.check(_henan(None, service_functions=True))["service_functions"]
    assert (undeclared.status, undeclared.notes, undeclared.items) == (cc.Status.PASS, (), ())


def test_the_hectare_is_shown_as_the_packs_reading() -> None:
    reading = cc.load_rules("henan-2014-196")["investment_intensity"].reading
    assert reading == "“平方公顷”按公顷读。"
    assert cc.load_rules("henan-2014-196")["investment_intensity"].threshold == "1000万元/公顷"


def test_rules_shows_a_pack_s_notices_under_its_title(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "miit-2022-119", "--lang", "en"]) == 0
    head = capsys.readouterr().out.split("\n\n", 1)[0]
    assert "The text pack miit-2022-119 encodes could not be fully verified" in head
    assert "西部地区可适当放宽" in head
    assert main(["rules", "henan-2014-196", "--lang", "en"]) == 0
    assert "could not be fully verified" not in capsys.readouterr().out


def test_a_source_file_out_of_format_is_named_not_skipped(tmp_path: Path) -> None:
    pack_file, source_file = _copy_pack(tmp_path)
    text = source_file.read_text("utf-8")
    text = text.replace("verified: partly", "verified: yes").replace(
        "| 一 | 有较高的集群品牌知名度 | brand |", "| 一 | 有较高的集群品牌知名度 | brand | extra |"
    )
    source_file.write_text(text, "utf-8")
    rules = cc.load_rules(pack_file)
    source = read_source(rules)
    assert source is not None and not source.verified
    found = [(key, p.code) for key, p in source_problems(rules, source)]
    assert found[:2] == [("verified", "source_malformed"), (found[1][0], "source_malformed")]
    assert found[1][0].startswith("line ")
    source_file.write_bytes(b"---\npack: miit-2022-119\n\xff\n")
    with pytest.raises(cc.PackError) as caught:
        read_source(rules)
    assert caught.value.code == "not_utf8"
