"""Exact arithmetic: cases where binary floats would give the wrong verdict."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import clustercheck as cc


def test_share_that_floats_put_just_below_65_percent(write: Callable[[str, str], Path]) -> None:
    # 13.0026亿 / 20.004亿 is exactly 65%; in binary floats it is 0.6499999999999999.
    assert 13.0026 / 20.004 < 0.65
    path = write(
        "share.toml",
        'name = "示例县集群"\n[declared]\noperating_revenue = "20.004亿元"\n'
        'main_industry_revenue = "13.0026亿元"\n',
    )
    outcome = cc.check(cc.load_cluster(path))["main_share"]
    assert outcome.value == Decimal(65)
    assert outcome.margin == 0
    assert outcome.status is cc.Status.PASS


def test_roster_sum_that_floats_put_just_below_20yi() -> None:
    # Ten firms of 2亿元 written in 亿 with a tenth: 0.1 added ten times is 0.9999999999999999.
    assert sum([0.1] * 10) < 1
    firms = tuple(
        cc.Enterprise(name=f"企业{i}", operating_revenue=cc.parse_money(f"{amount}亿元"))
        for i, amount in enumerate(["0.1"] * 10 + ["19"])
    )
    outcome = cc.check(cc.Cluster(name="示例县集群", enterprises=firms))["revenue"]
    assert outcome.value == Decimal(20)
    assert outcome.status is cc.Status.PASS


def test_a_float_given_to_a_parser_in_code_is_refused_as_the_constructors_refuse_it() -> None:
    """1.0 / 100 is not the decimal 0.01 it looks like; a Decimal or text says what is meant."""
    for parse, value in ((cc.parse_percent, 1.0 / 100), (cc.parse_money, 1.5)):
        with pytest.raises(cc.InputError) as caught:
            parse(value)
        assert caught.value.code == "inexact"
        with pytest.raises(cc.InputError) as built:
            cc.Declared(rd_ratio=value)  # type: ignore[arg-type]
        assert built.value.errors[0].code == "inexact"
    declared = cc.Declared(main_share=cc.parse_percent("65%"), rd_ratio=cc.parse_percent("1%"))
    report = cc.check(cc.Cluster(name="x", declared=declared))
    assert report["main_share"].status is cc.Status.PASS
    assert report["rd_ratio"].value == Decimal("1")


def test_a_share_shown_as_65_percent_after_rounding_still_fails_below_it() -> None:
    # 1949999999999 / 3000000000000 is 64.99999999996…%: shown rounded to 65.0000000000, but
    # the comparison is on the exact ratio, so it is below 65%.
    declared = cc.Declared(
        operating_revenue=Decimal(3_000_000_000_000),
        main_industry_revenue=Decimal(1_949_999_999_999),
    )
    outcome = cc.check(cc.Cluster(name="x", declared=declared))["main_share"]
    assert str(outcome.value) == "65.0000000000"
    assert outcome.status is cc.Status.FAIL
    assert "rounded" in [n.code for n in outcome.notes]


def test_a_share_whose_decimal_ends_is_shown_exactly_without_a_note() -> None:
    declared = cc.Declared(
        operating_revenue=Decimal(3_200_000_000), main_industry_revenue=Decimal(2_100_000_000)
    )
    outcome = cc.check(cc.Cluster(name="x", declared=declared))["main_share"]
    assert str(outcome.value) == "65.625"
    assert str(outcome.margin) == "0.625"
    assert outcome.status is cc.Status.PASS
    assert "rounded" not in [n.code for n in outcome.notes]
