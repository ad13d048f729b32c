"""A pack's cases can expect a revenue band and add firms to the base roster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.cases import CaseResult, Mismatch, run_cases
from clustercheck.cli import main

Write = Callable[[str, str], Path]
BASE = """pack = "{pack}"
[base]
name = "示例县测试产业集群"
[base.declared]
operating_revenue = "23.5亿元"
[[base.enterprises]]
name = "甲公司"
operating_revenue = "1亿元"
size = "small"
"""


def _run(write: Write, cases: str, pack: str = "henan-2014-196") -> list[CaseResult]:
    return run_cases(cc.load_rules(pack), write("c.cases.toml", BASE.format(pack=pack) + cases))


def test_a_band_is_expected_by_id_or_none(write: Write) -> None:
    cases = """
[[case]]
name = "in a band"
band = "over-20"
[[case]]
name = "exactly 20亿元"
declared = { operating_revenue = "20亿元" }
band = "none"
[[case]]
name = "a wrong band"
band = "over-50"
[[case]]
name = "revenue unknown is in no band"
omit = ["declared.operating_revenue", "enterprises"]
band = "over-20"
"""
    assert _run(write, cases) == [
        CaseResult("in a band"),
        CaseResult("exactly 20亿元"),
        CaseResult("a wrong band", (Mismatch("band", "over-50", "over-20"),)),
        CaseResult("revenue unknown is in no band", (Mismatch("band", "over-20", "none"),)),
    ]


@pytest.mark.parametrize(
    ("pack", "band", "code"),
    [("henan-2014-196", '"over-30"', "not_band"), ("miit-2022-119", '"none"', "no_targets")],
)
def test_a_band_the_pack_does_not_have_is_an_error(
    write: Write, pack: str, band: str, code: str
) -> None:
    with pytest.raises(cc.InputErrors) as caught:
        _run(write, f'[[case]]\nname = "x"\nband = {band}\n', pack)
    (error,) = caught.value.errors
    assert (error.code, error.key) == (code, ("case", 0, "band"))


def test_added_firms_join_the_base_roster_or_the_case_s_own(write: Write) -> None:
    # 甲公司 of the base may be a leader (only its 营业收入 is known): alone, too few for sure;
    # with a certain leader added, two may be leaders, so the count is open.
    leader = '{ name = "乙公司", main_business_revenue = "1亿元", operating_revenue = "1亿元", size = "large" }'
    cases = f"""
[[case]]
name = "the base's leader alone"
omit = ["declared.leaders"]
expect = {{ leaders = "FAIL" }}
[[case]]
name = "one leader added to the base's"
omit = ["declared.leaders"]
add_enterprises = [{leader}]
expect = {{ leaders = "UNKNOWN" }}
[[case]]
name = "one leader added to a roster of the case's own, without the base's"
omit = ["declared.leaders"]
enterprises = [{{ name = "丙公司", operating_revenue = "1000万元", size = "small" }}]
add_enterprises = [{leader}]
expect = {{ leaders = "UNKNOWN" }}
"""
    assert [r.mismatches for r in _run(write, cases)] == [
        (),
        (),
        (Mismatch("leaders", "UNKNOWN", "FAIL"),),
    ]


def test_added_firms_must_be_a_list(write: Write) -> None:
    with pytest.raises(cc.InputError) as caught:
        _run(write, '[[case]]\nname = "x"\nadd_enterprises = "乙公司"\nverdict = "INCOMPLETE"\n')
    assert (caught.value.code, caught.value.key) == ("not_list_of", ("case", 0, "add_enterprises"))


def test_the_bundled_cases_cover_every_boundary(capsys: pytest.CaptureFixture[str]) -> None:
    names = [r.name for r in run_cases(cc.load_rules("henan-2014-196"))]
    for needed in ("exactly 1000 employees and exactly 40000万元 is not an SME",
                   "999 employees and exactly 40000万元 is an SME",
                   "exactly 1000 employees and one fen under 40000万元 is an SME",
                   "revenue exactly 100亿元 stays in the band over 50亿元",
                   "revenue one fen above 100亿元"):  # fmt: skip
        assert any(needed in name for name in names), needed
    assert sum(name.startswith("roster:") for name in names) == 7
    assert main(["rules", "--test", "--lang", "en"]) == 0
    # every case of both packs, and the source check of each
    assert capsys.readouterr().out.endswith("151 cases: 151 passed, 0 failed\n")
