"""The bundled pack encodes section 三 of 196号, and malformed packs are refused by key."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.rules.pack import _bundled_dir

Write = Callable[[str, str], Path]
PACK = _bundled_dir() / "henan-2014-196.toml"

SPEC_TABLE = {
    "scope": ("三（一）", "attestation"),
    "coordination": ("三（一）", "attestation"),
    "plan": ("三（一）", "attestation"),
    "policy": ("三（一）", "attestation"),
    "leaders": ("三（二）", "threshold"),
    "related_smes": ("三（二）", "threshold"),
    "building_density": ("三（二）", "threshold"),
    "investment_intensity": ("三（二）", "threshold"),
    "revenue": ("三（三）", "threshold"),
    "main_share": ("三（三）", "threshold"),
    "rd_ratio": ("三（四）", "threshold"),
    "clean_audit": ("三（五）", "threshold"),
    "service_functions": ("三（六）", "attestation"),
    "service_platform": ("三（六）", "attestation"),
}


def test_bundled_pack_has_the_fourteen_criteria_of_section_3() -> None:
    rules = cc.load_rules()
    assert rules.id == "henan-2014-196" == cc.bundled_packs()[0]
    assert rules.document == "豫工信企业〔2014〕196号"
    assert {c.id: (c.clause, c.kind.value) for c in rules.criteria} == SPEC_TABLE
    assert rules.recheck is not None and rules.recheck.interval_years == 2
    core = {c.id for c in rules.criteria if "core" in c.tags}
    assert core == {"leaders", "related_smes", "revenue", "main_share", "rd_ratio"}
    assert all(c.label("zh") and c.label("en") and c.wording for c in rules.criteria)


@pytest.mark.parametrize(
    ("criterion", "operator", "limit", "word"),
    [
        ("revenue", ">=", Decimal(2 * 10**9), "以上"),
        ("main_share", ">=", Decimal("0.65"), "不低于"),
        ("rd_ratio", ">=", Decimal("0.01"), "不低于"),
        ("related_smes", ">=", Decimal(20), "不低于"),
        ("leaders", ">=", Decimal(2), "不少于"),
        ("building_density", ">=", Decimal("0.5"), "不低于"),
        ("investment_intensity", ">=", Decimal(1000), "以上"),
        ("clean_audit", ">=", Decimal(1), "100%"),
    ],
)
def test_operators_follow_the_wording(
    criterion: str, operator: str, limit: Decimal, word: str
) -> None:
    rule = cc.load_rules()[criterion]
    assert rule.operator is cc.Operator(operator)
    assert rule.limit == limit
    assert word in rule.wording


def test_leader_firm_threshold_is_strict_over_5000_wan() -> None:
    rule = cc.load_rules()["leaders"]
    assert rule.settings["firm_operator"] is cc.Operator.GT
    assert rule.settings["firm_threshold"] == Decimal(50_000_000)
    assert "超5000万元" in rule.wording


def test_a_pack_loads_from_a_path(write: Write) -> None:
    path = write(
        "copy.toml",
        PACK.read_text(encoding="utf-8").replace('id = "henan-2014-196"', 'id = "copy"'),
    )
    assert cc.load_rules(path).id == "copy"
    assert cc.load_rules(str(path)).path == str(path)


def broken(write: Write, old: str, new: str) -> str:
    text = PACK.read_text(encoding="utf-8")
    assert old in text
    path = write("broken.toml", text.replace(old, new, 1))
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_unknown_key_in_a_pack_is_named(write: Write) -> None:
    message = broken(write, 'clause = "三（一）"', 'clause = "三（一）"\nclaus = "x"')
    assert "criteria[0]" in message and "claus" in message


def test_bad_operator_threshold_and_unit_are_named(write: Write) -> None:
    assert "operator" in broken(write, 'operator = ">="', 'operator = "=>"')
    assert "threshold" in broken(write, 'threshold = "2"', 'threshold = "two"')
    assert "unit" in broken(write, 'unit = "家"', 'unit = "firms"')


def test_threshold_criterion_without_threshold_is_refused(write: Write) -> None:
    assert "required for a threshold criterion" in broken(write, 'threshold = "2"\n', "")


def test_duplicate_criterion_id_and_unknown_measure(write: Write) -> None:
    assert "appears twice" in broken(write, 'id = "coordination"', 'id = "scope"')
    assert "criteria[" in broken(write, 'measure = "rd_ratio"', 'measure = "rd"')
    assert "targets.measure" in broken(write, 'measure = "revenue"', 'measure = "turnover"')


def test_wrong_format_version(write: Write) -> None:
    assert "format" in broken(write, "format = 1", "format = 2")


def test_unknown_pack_id_lists_the_bundled_ones() -> None:
    with pytest.raises(cc.PackError, match="henan-2014-196"):
        cc.load_rules("henan-2041-196")


def test_unknown_tag_is_an_error() -> None:
    with pytest.raises(cc.PackError, match="cor"):
        cc.check(cc.Cluster(name="x"), tags=["cor"])


def test_pack_file_is_valid_toml_with_every_criterion_quoting_its_clause() -> None:
    data = tomllib.loads(PACK.read_text(encoding="utf-8"))
    assert len(data["criteria"]) == 14


@pytest.mark.parametrize(
    ("old", "new", "key", "code"),
    [
        # a main_share threshold of 60% under wording that says 65%
        ('threshold = "65%"', 'threshold = "60%"', ("criteria", 9, "threshold"), "threshold_not_in_wording"),
        # the leaders' per-firm test: its number, then its operator, against 超5000万元
        ('firm_threshold = "5000万元"', 'firm_threshold = "4000万元"', ("criteria", 4, "params", "firm_threshold"), "threshold_not_in_wording"),
        ('firm_operator = ">"', 'firm_operator = ">="', ("criteria", 4, "params", "firm_operator"), "operator_against_wording"),
    ],
)  # fmt: skip
def test_the_wording_must_state_each_threshold(
    write: Callable[[str, str], Path], old: str, new: str, key: tuple[object, ...], code: str
) -> None:
    text = (_bundled_dir() / "henan-2014-196.toml").read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(write("pack.toml", text.replace(old, new, 1)))
    (error,) = caught.value.errors
    assert (error.code, error.key) == (code, key)
