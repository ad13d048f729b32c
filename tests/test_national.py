"""The national pack, the pack features it needs, several packs at once, and packs' own cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Context, Decimal, localcontext
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.cases import run_cases
from clustercheck.cli import main
from clustercheck.rules.pack import _bundled_dir, wording_operator

Write = Callable[[str, str], Path]
ROOT = Path(__file__).resolve().parent.parent
YUNNAN = ROOT / "docs" / "examples" / "yunnan-example.toml"
NATIONAL = _bundled_dir() / "miit-2022-119.toml"

CLUSTER = """name = "示例县轴承产业集群"
year = 2021
[declared]
area = "85平方公里"
champions = 1
platform_adoption = "15%"
[[yearly]]
year = 2019
output = "50亿元"
sme_rd_expense = "2亿元"
[[yearly]]
year = 2020
output = "55亿元"
sme_rd_expense = "2.1亿元"
[[yearly]]
year = 2021
output = "{last}"
sme_output = "45亿元"
main_industry_output = "44亿元"
sme_rd_expense = "2.3亿元"
"""


def test_national_pack_encodes_the_eight_aspects() -> None:
    rules = cc.load_rules("miit-2022-119")
    assert rules.recheck is not None
    assert rules.recheck.interval_years == 3
    kinds = {c.id: c.kind for c in rules.criteria}
    quantitative = ["area", "output_3y", "sme_output_share", "main_output_share", "output_growth",
                    "champions", "rd_growth", "platform_adoption"]  # fmt: skip
    assert [k for k, v in kinds.items() if v is cc.Kind.THRESHOLD] == quantitative
    assert kinds["clean_record"] is cc.Kind.ATTESTATION
    assert rules["main_output_share"].operator is cc.Operator.GT
    assert rules["area"].operator is cc.Operator.LE
    assert "miit-2022-119" in cc.bundled_packs()


@pytest.mark.parametrize("pack", cc.bundled_packs())
def test_every_bundled_pack_passes_its_own_cases(pack: str) -> None:
    results = run_cases(cc.load_rules(pack))
    assert len(results) >= 15
    assert [r.name for r in results if not r.passed] == []


def test_a_provincial_pack_written_as_data_proves_itself() -> None:
    rules = cc.load_rules(YUNNAN)
    assert rules.id == "yunnan-example"
    assert all(r.passed for r in run_cases(rules))
    assert main(["rules", "--test", str(YUNNAN)]) == 0


def test_growth_is_compared_exactly_and_the_method_is_shown(write: Write) -> None:
    exactly = cc.check(
        cc.load_cluster(write("a.toml", CLUSTER.format(last="60.5亿元"))), "miit-2022-119"
    )
    above = cc.check(
        cc.load_cluster(write("b.toml", CLUSTER.format(last="6050000000.01元"))), "miit-2022-119"
    )
    assert exactly["output_growth"].status is cc.Status.FAIL
    assert above["output_growth"].status is cc.Status.PASS
    (note,) = [n for n in exactly["output_growth"].notes if n.code == "growth_geometric"]
    assert note.args["ratio"] == "1.21"
    assert note.args["bound"] == "1.21"
    assert "geometric" in note.text("en")


def test_arithmetic_growth_method(write: Write) -> None:
    pack = NATIONAL.read_text(encoding="utf-8").replace(
        'params = { figure = "output", years = 3, method = "geometric" }',
        'params = { figure = "output", years = 3, method = "arithmetic" }',
    )
    rules = cc.load_rules(write("arith.toml", pack))
    # 50 → 55 (+10%) → 60.5 (+10%): the mean of the yearly rates is exactly 10%, not above it.
    report = cc.check(cc.load_cluster(write("c.toml", CLUSTER.format(last="60.5亿元"))), rules)
    assert report["output_growth"].value == Decimal(10)
    assert report["output_growth"].status is cc.Status.FAIL


def test_either_or_shows_each_branch(write: Write) -> None:
    report = cc.check(
        cc.load_cluster(write("d.toml", CLUSTER.format(last="62亿元"))), "miit-2022-119"
    )
    outcome = report["champions"]
    assert outcome.status is cc.Status.PASS
    branches = [n.text("zh") for n in outcome.notes if n.code == "branch"]
    assert len(branches) == 2
    assert branches[0].startswith("✓")
    assert branches[1].startswith("?")


def test_output_is_kept_apart_from_revenue(write: Write) -> None:
    text = CLUSTER.format(last="62亿元").replace(
        "[declared]", '[declared]\noperating_revenue = "90亿元"'
    )
    report = cc.check(cc.load_cluster(write("e.toml", text)), "miit-2022-119")
    assert report["output_3y"].value == Decimal(50)  # the lowest year's output, not the revenue


def test_yearly_figures_are_checked(write: Write) -> None:
    twice = 'name = "x"\n[[yearly]]\nyear = 2020\n[[yearly]]\nyear = 2020\n'
    with pytest.raises(cc.InputErrors, match="twice"):
        cc.load_cluster(write("f.toml", twice))
    part = 'name = "x"\n[[yearly]]\nyear = 2020\noutput = "10亿元"\nsme_output = "11亿元"\n'
    with pytest.raises(cc.InputErrors, match="above output"):
        cc.load_cluster(write("g.toml", part))


@pytest.mark.parametrize(
    ("wording", "threshold", "operator"),
    [
        ("产值年均增速高于10%", "10%", cc.Operator.GT),
        ("近三年产值均在40亿元以上", "40亿元", cc.Operator.GE),
        ("占地面积一般不超过100平方公里", "100平方公里", cc.Operator.LE),
        ("单位土地平均投资强度1000万元/平方公顷以上", "1000万元/公顷", cc.Operator.GE),
        ("主营业务收入超5000万元的龙头企业不少于2家", "2", cc.Operator.GE),
        ("主营业务收入超5000万元的龙头企业不少于2家", "5000万元", cc.Operator.GT),
        ("初步具备等功能", "8", None),
    ],
)
def test_wording_gives_the_operator(
    wording: str, threshold: str, operator: cc.Operator | None
) -> None:
    assert wording_operator(wording, threshold) is operator


def test_a_pack_whose_operator_contradicts_its_wording_is_refused(write: Write) -> None:
    pack = NATIONAL.read_text(encoding="utf-8").replace(
        'operator = ">"\nthreshold = "70%"', 'operator = ">="\nthreshold = "70%"'
    )
    with pytest.raises(cc.PackError, match="高于"):
        cc.load_rules(write("wrong.toml", pack))


def test_either_or_needs_two_branches(write: Write) -> None:
    text = NATIONAL.read_text(encoding="utf-8")
    start = text.index("[[criteria.any_of]]", text.index("[[criteria.any_of]]") + 1)
    end = text.index("[[criteria]]", start)
    with pytest.raises(cc.PackError, match="two or more branches"):
        cc.load_rules(write("one.toml", text[:start] + text[end:]))


def test_a_failing_case_exits_1_and_says_what_differed(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write("p.toml", YUNNAN.read_text(encoding="utf-8"))
    cases = (YUNNAN.parent / "yunnan-example.cases.toml").read_text(encoding="utf-8")
    write(
        "p.cases.toml",
        cases.replace('expect = { champions = "FAIL" }', 'expect = { champions = "PASS" }'),
    )
    assert main(["rules", "--test", str(pack), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "champions: expected PASS, got FAIL" in out
    assert "7 cases: 6 passed, 1 failed" in out


def test_a_malformed_case_exits_2(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write("q.toml", YUNNAN.read_text(encoding="utf-8"))
    write("q.cases.toml", '[[case]]\nname = "x"\nexpect = { no_such = "PASS" }\n')
    assert main(["rules", "--test", str(pack)]) == 2
    assert "case[0].expect.no_such" in capsys.readouterr().err


def test_several_packs_at_once(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    national = write("n.toml", CLUSTER.format(last="62亿元"))
    textiles = ROOT / "clustercheck" / "examples" / "illustrative-1-textiles.toml"
    argv = ["review", str(textiles), str(national), "--rules", "henan-2014-196,miit-2022-119"]
    assert main([*argv, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["packs"] == ["henan-2014-196", "miit-2022-119"]
    first, second = data["clusters"]
    assert first["verdicts"] == {"henan-2014-196": "QUALIFIED", "miit-2022-119": "INCOMPLETE"}
    assert "output_3y" in first["unknown"]["miit-2022-119"]
    assert second["verdicts"]["henan-2014-196"] == "INCOMPLETE"
    assert (
        main(
            ["check", str(textiles), "--rules", "henan-2014-196,miit-2022-119", "--format", "json"]
        )
        == 0
    )
    assert [r["rules"] for r in json.loads(capsys.readouterr().out)] == [
        "henan-2014-196",
        "miit-2022-119",
    ]


def test_compare_api() -> None:
    cluster = cc.load_cluster(ROOT / "clustercheck" / "examples" / "illustrative-1-textiles.toml")
    comparison = cc.compare([cluster], ["henan-2014-196", "miit-2022-119"])
    (row,) = comparison.rows
    assert [r.verdict for r in row] == [cc.Verdict.QUALIFIED, cc.Verdict.INCOMPLETE]
    assert "<table>" in comparison._repr_html_()


def test_attestations_of_another_pack_checked_are_not_warned_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    textiles = ROOT / "clustercheck" / "examples" / "illustrative-1-textiles.toml"
    assert (
        main(
            ["check", str(textiles), "--rules", "henan-2014-196,miit-2022-119", "--format", "json"]
        )
        == 0
    )
    national = json.loads(capsys.readouterr().out)[1]
    assert national["rules"] == "miit-2022-119"
    # scope, plan … belong to henan-2014-196, checked too: only the pack's own notices remain
    assert [w["code"] for w in national["warnings"]] == ["pack_notice", "source_unverified"]
    assert main(["check", str(textiles), "--rules", "miit-2022-119", "--format", "json"]) == 0
    alone = json.loads(capsys.readouterr().out)[0]
    assert [w["code"] for w in alone["warnings"]] == [
        "pack_notice",
        "source_unverified",
        *["attested_unused"] * 6,
    ]


def test_numbers_are_plain_decimals_in_json(write: Write) -> None:
    report = cc.check(
        cc.load_cluster(write("f.toml", CLUSTER.format(last="60.5亿元"))), "miit-2022-119"
    )
    outcomes = {o["id"]: o for o in report.to_dict()["outcomes"]}
    assert outcomes["sme_output_share"]["threshold"] == "70"  # not "7E+1"
    assert outcomes["output_growth"]["threshold"] == "10"  # not "1E+1"
    # 50 → 60.5 over two intervals: exactly 10% a year, shown as such, not to 28 places
    assert outcomes["output_growth"]["value"] == "10"
    assert outcomes["output_growth"]["margin"] == "0"


def test_a_growth_rate_is_shown_to_ten_places_whatever_the_callers_context(
    write: Write,
) -> None:
    cluster = cc.load_cluster(write("g.toml", CLUSTER.format(last="62亿元")))
    with localcontext(Context(prec=6)):
        value = cc.check(cluster, "miit-2022-119")["output_growth"].value
    # sqrt(62/50) - 1 = 0.113552872566004…, in percent to ten places of the fraction
    assert value == Decimal("11.35528726")
