"""General rules (一般不超过): exceeding one is shown ✗ and settled by an attested exception."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.rules.pack import _bundled_dir

Write = Callable[[str, str], Path]
NATIONAL = _bundled_dir() / "miit-2022-119.toml"
HENAN = _bundled_dir() / "henan-2014-196.toml"
AREA = """wording = "占地面积一般不超过100平方公里"
"""
MARKED = 'general = true\nexception = "area_exception"\n'


def _area(area: str, **attested: bool) -> cc.Report:
    declared = cc.Declared(area=area)
    cluster = cc.Cluster(name="示例县轴承产业集群", declared=declared, attested=attested)
    return cc.check(cluster, "miit-2022-119")


def _notes(outcome: cc.Outcome) -> list[str]:
    return [n.text("en") for n in outcome.notes]


def test_the_national_area_is_a_general_rule_with_its_exception_key() -> None:
    area = cc.load_rules("miit-2022-119")["area"]
    assert (area.general, area.exception) == (True, "area_exception")
    assert [c.id for c in cc.load_rules("miit-2022-119").criteria if c.general] == ["area"]
    assert not any(c.general for c in cc.load_rules("henan-2014-196").criteria)


def test_exactly_the_limit_passes_without_a_note() -> None:
    outcome = _area("100平方公里")["area"]
    assert (outcome.status, outcome.exception_pending, outcome.notes) == (cc.Status.PASS, False, ())


def test_exceeding_without_a_finding_shows_a_failure_but_leaves_the_verdict_open() -> None:
    report = _area("100.01平方公里")
    outcome = report["area"]
    assert outcome.status is cc.Status.FAIL
    assert outcome.status.mark == "✗"
    assert outcome.exception_pending is True
    assert outcome.verdict_status is cc.Status.UNKNOWN
    assert _notes(outcome) == [
        "exceeds the general rule, which needs a justified exception: the reviewer decides "
        "whether it is justified (yes or no in the findings)"
    ]
    assert report.verdict is cc.Verdict.INCOMPLETE
    assert [o.id for o in report.deciding if o.status is cc.Status.FAIL] == ["area"]


def test_an_exception_found_justified_passes_with_a_note() -> None:
    report = _area("100.01平方公里", area_exception=True)
    outcome = report["area"]
    assert (outcome.status, outcome.exception_pending) == (cc.Status.PASS, False)
    assert outcome.value == Decimal("100.01")  # the figure is still shown as it is
    assert _notes(outcome) == [
        "exceeds the general rule; the reviewer found the exception justified"
    ]
    # the key is the pack's own, not an unused attestation: only the pack's notices are said
    assert [w.code for w in report.warnings] == ["pack_notice", "source_unverified"]


def test_an_exception_found_unjustified_fails() -> None:
    cluster = cc.Cluster(
        name="x",
        declared=cc.Declared(area="100.01平方公里", champions=1, platform_adoption="15%"),
        attested={"area_exception": False},
    )
    report = cc.check(cluster, "miit-2022-119")
    assert (report["area"].status, report["area"].exception_pending) == (cc.Status.FAIL, False)
    assert _notes(report["area"]) == [
        "exceeds the general rule; the reviewer found no justified exception"
    ]
    assert report.verdict is cc.Verdict.NOT_QUALIFIED


def test_the_pending_exception_travels_in_json() -> None:
    report = _area("120平方公里")
    data = report.to_dict()
    (area,) = [o for o in data["outcomes"] if o["id"] == "area"]
    assert (area["status"], area["exception_pending"]) == ("FAIL", True)
    assert cc.Report.from_dict(data) == report


def test_an_exception_key_is_unused_for_a_pack_without_it() -> None:
    cluster = cc.Cluster(name="x", attested={"area_exception": True})
    report = cc.check(cluster, "henan-2014-196")
    assert [(w.code, dict(w.args)) for w in report.warnings] == [
        ("attested_unused", {"key": "area_exception"})
    ]


def _refused(write: Write, base: Path, old: str, new: str) -> list[tuple[str, tuple[object, ...]]]:
    text = base.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(write("pack.toml", text.replace(old, new, 1)))
    return [(e.code, e.key) for e in caught.value.errors]


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        # 一般 in the wording without the flag, and the flag without 一般
        (MARKED, "", ("general_unmarked", ("criteria", 6, "general"))),
        (AREA, 'wording = "占地面积不超过100平方公里"\n', ("general_not_in_wording", ("criteria", 6, "general"))),
        # the flag needs its key, and the key the flag
        (MARKED, "general = true\n", ("general_needs_exception", ("criteria", 6, "exception"))),
        (MARKED, 'exception = "area_exception"\n', ("general_unmarked", ("criteria", 6, "general"))),
        # the key is the reviewer's own: not a criterion's id
        (MARKED, 'general = true\nexception = "green"\n', ("exception_key_taken", ("criteria", 6, "exception"))),
    ],
)  # fmt: skip
def test_a_general_rule_must_agree_with_its_wording(
    write: Write, old: str, new: str, found: tuple[str, tuple[object, ...]]
) -> None:
    assert _refused(write, NATIONAL, old, new) == [found]


@pytest.mark.parametrize(
    ("new", "code"),
    [
        ('general = "yes"\nexception = "area_exception"\n', "not_flag"),
        ('general = true\nexception = "Area exception"\n', "not_attestation_key"),
    ],
)
def test_a_flag_and_a_key_of_the_wrong_shape_are_refused(write: Write, new: str, code: str) -> None:
    assert [c for c, _ in _refused(write, NATIONAL, MARKED, new)] == [code]


def test_an_exception_key_without_a_general_rule_is_refused(write: Write) -> None:
    old = 'wording = "产业集群年营业收入20亿元以上"\n'
    found = _refused(write, HENAN, old, old + 'exception = "revenue_exception"\n')
    assert found == [("exception_without_general", ("criteria", 8, "exception"))]


def test_only_a_single_threshold_can_be_general(write: Write) -> None:
    old = 'wording = "拥有省级以上中小企业公共服务平台或小企业创业基地"\n'
    new = 'wording = "一般拥有省级以上中小企业公共服务平台或小企业创业基地"\n' + MARKED
    found = _refused(write, HENAN, old, new)
    assert found == [("general_not_threshold", ("criteria", 13, "general"))]


def test_a_comparison_lists_a_pending_exception_as_open_not_failed() -> None:
    cluster = cc.Cluster(name="x", declared=cc.Declared(area="120平方公里", champions=1))
    (row,) = cc.compare([cluster], ["miit-2022-119"]).to_dict()["clusters"]
    assert row["verdicts"] == {"miit-2022-119": "INCOMPLETE"}
    assert row["failed"] == {"miit-2022-119": []}
    assert "area" in row["unknown"]["miit-2022-119"]
