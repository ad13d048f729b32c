"""Cluster files: what reads, and bad input named by file, key, value and expectation."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import clustercheck as cc

Write = Callable[[str, str], Path]


def errors_of(path: Path) -> list[cc.InputError]:
    with pytest.raises((cc.InputError, cc.InputErrors)) as caught:
        cc.load_cluster(path)
    exc = caught.value
    if isinstance(exc, cc.InputErrors):
        return list(exc.errors)
    assert isinstance(exc, cc.InputError)
    return [exc]


def only_error(path: Path) -> cc.InputError:
    (error,) = errors_of(path)
    return error


def test_toml_and_json_of_the_same_shape_read_alike(write: Write) -> None:
    toml = write(
        "a.toml",
        'name = "示例县甲集群"\nmoney_unit = "万元"\n[declared]\noperating_revenue = 235000.5\n'
        'main_share = "65%"\n[attested]\nplan = true\n',
    )
    body = {
        "name": "示例县甲集群",
        "money_unit": "万元",
        "declared": {"operating_revenue": 235000.5, "main_share": "65%"},
        "attested": {"plan": True},
    }
    data = write("a.json", json.dumps(body, ensure_ascii=False))
    first, second = cc.load_cluster(toml), cc.load_cluster(data)
    assert (first.source, second.source) == (str(toml), str(data))
    assert first == attrs.evolve(second, source=str(toml))
    assert first.declared.operating_revenue == Decimal("2350005000")
    assert first.declared.main_share == Decimal("0.65")


def test_inline_enterprises_are_read(write: Write) -> None:
    path = write(
        "r.toml",
        'name = "示例县乙集群"\n[[enterprises]]\nname = "甲公司"\ncredit_code = "91110000600037341L"\n'
        'main_business_revenue = "1.2亿元"\nsize = "中型"\nin_main_industry = true\n',
    )
    (firm,) = cc.load_cluster(path).enterprises
    assert firm.main_business_revenue == Decimal("120000000")
    assert firm.size is cc.Size.MEDIUM
    assert firm.credit_code == "91110000600037341L"


@pytest.mark.parametrize(
    ("body", "where", "value", "expected"),
    [
        (
            '[declared]\noperating_revenue = "-3亿元"',
            "declared.operating_revenue",
            "-3亿元",
            "negative",
        ),
        ('[declared]\nmain_share = "120%"', "declared.main_share", "120%", "above 100%"),
        ('[declared]\nrd_expense = "30美元"', "declared.rd_expense", "30美元", "units: 元"),
        ("[declared]\nbuilding_density = 52", "declared.building_density", "52", '"65%"'),
        ("[declared]\noperating_revenue = 3", "declared.operating_revenue", "3", "money_unit"),
        ("[declared]\nleaders = 2.5", "declared.leaders", "2.5", "whole number"),
        ('[declared]\nrevenue = "20亿元"', "declared", "revenue", "operating_revenue"),
        ('colour = "red"', "(top level)", "colour", "expected one of: name"),
        ('[attested]\nplan = "yes"', "attested", "yes", "true or false"),
        (
            '[[enterprises]]\nname = "甲"\nsize = "huge"',
            "enterprises[0].size",
            "huge",
            "大/中/小/微",
        ),
        (
            '[[enterprises]]\nname = "甲"\ncredit_code = "91410000MA00000000"',
            "enterprises[0].credit_code",
            "91410000MA00000000",
            "GB 32100-2015",
        ),
        (
            '[[enterprises]]\ncredit_code = "91110000600037341L"',
            "enterprises[0].name",
            "",
            "required",
        ),
    ],
)
def test_each_bad_value_names_key_value_and_expectation(
    write: Write, body: str, where: str, value: str, expected: str
) -> None:
    path = write("bad.toml", f'name = "示例县坏集群"\n{body}\n')
    error = only_error(path)
    assert error.source == str(path)
    assert error.where == where
    assert value in error.problem and expected in error.problem


def test_duplicate_credit_codes_in_one_cluster(write: Write) -> None:
    firm = '[[enterprises]]\nname = "{}"\ncredit_code = "91110000600037341L"\n'
    path = write("dup.toml", 'name = "示例县集群"\n' + firm.format("甲") + firm.format("乙"))
    error = only_error(path)
    assert "91110000600037341L" in error.problem and "twice" in error.problem
    assert "甲" in error.problem and "乙" in error.problem


def test_all_errors_of_a_file_are_reported_together(write: Write) -> None:
    path = write(
        "many.toml",
        'name = "示例县集群"\nextra = 1\n[declared]\noperating_revenue = "-1亿元"\n'
        'main_share = "101%"\nleaders = -2\n',
    )
    where = sorted(e.where for e in errors_of(path))
    assert where == [
        "(top level)",
        "declared.leaders",
        "declared.main_share",
        "declared.operating_revenue",
    ]


def test_main_industry_revenue_above_total_is_rejected(write: Write) -> None:
    path = write(
        "m.toml",
        'name = "示例县集群"\n[declared]\noperating_revenue = "10亿元"\nmain_industry_revenue = "11亿元"\n',
    )
    error = only_error(path)
    assert error.where == "declared.main_industry_revenue"
    assert "1100000000 元 is above operating_revenue 1000000000 元" in error.problem


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.toml", b'name = "x"\n[declared\n', "not valid TOML"),
        ("broken.json", b'{"name": ', "not valid JSON"),
        ("gbk.toml", 'name = "集群"'.encode("gbk"), "not UTF-8"),
        ("list.json", b"[1, 2]", "expected an object"),
        ("cluster.yaml", b"name: x", "ending in .toml or .json"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in str(only_error(path))


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in str(only_error(tmp_path / "absent.toml"))


def test_unknown_money_unit(write: Write) -> None:
    error = only_error(write("u.toml", 'name = "x"\nmoney_unit = "美元"\n'))
    assert error.where == "money_unit" and "万元" in error.problem


def test_unused_attestation_and_public_figure_are_warned_not_dropped(write: Write) -> None:
    path = write(
        "w.toml",
        'name = "x"\n[attested]\nplann = true\n[[reported]]\ncriterion = "revenu"\n'
        'wording = "营业收入300亿元"\nsource = "某文件"\nwhy_not_used = "口径不同"\n',
    )
    report = cc.check(cc.load_cluster(path))
    texts = [w.text("en") for w in report.warnings]
    assert any("attested.plann" in t for t in texts)
    assert any("revenu" in t and "营业收入300亿元" in t for t in texts)
