"""Non-finite, absurdly large and over-long numbers, and JSON keys given twice: each an error
naming the file, the key and the value, never a crash and never a figure."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.base import figures
from clustercheck.base.errors import FigureError
from clustercheck.base.figures import (
    exact_decimal,
    money_in,
    parse_area,
    parse_count,
    parse_date,
    parse_intensity,
    parse_money,
    parse_percent,
    parse_threshold,
    reading_file,
)
from clustercheck.cli import main

Write = Callable[[str, str], Path]

FIVE_THOUSAND_NINES = "9" * 5000
MONEY = 'expected a real cluster\'s figure, money such as "20亿元"'


def errors_of(path: Path) -> list[tuple[str, str]]:
    """(key path, problem) of every error loading ``path`` gives."""
    with pytest.raises((cc.InputError, cc.InputErrors)) as caught:
        cc.load_cluster(path)
    exc = caught.value
    errors = list(exc.errors) if isinstance(exc, cc.InputErrors) else [exc]
    found = []
    for error in errors:
        assert isinstance(error, cc.InputError)
        assert error.source == str(path)
        found.append((error.where, error.problem))
    return found


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("NaN", "NaN is not a finite number; expected money"),
        ("Infinity", "Infinity is not a finite number; expected money"),
        ("-Infinity", "-Infinity is not a finite number; expected money"),
        ("1e400", f"1E+400 万元 is above 10^16 元 (1亿亿元), the bound on money; {MONEY}"),
        ("1e999999999", "1E+999999999 万元 is above 10^16 元 (1亿亿元)"),
        ("1e30", "1E+30 万元 is above 10^16 元 (1亿亿元)"),
        ("1000000000001", "1000000000001 万元 is above 10^16 元 (1亿亿元)"),
        (
            FIVE_THOUSAND_NINES,
            "999999999999999999999999…999999999999 (5000 characters) 万元 is above",
        ),
    ],
)
def test_json_money_that_is_no_figure_is_named_by_key(
    write: Write, number: str, problem: str
) -> None:
    path = write(
        "a.json",
        f'{{"name": "x", "money_unit": "万元", "declared": {{"operating_revenue": {number}}}}}',
    )
    ((where, said),) = errors_of(path)
    assert where == "declared.operating_revenue"
    assert said.startswith(problem)


def test_money_at_the_bound_is_read(write: Write) -> None:
    path = write(
        "a.json", '{"name": "x", "money_unit": "万元", "declared": {"operating_revenue": 1e12}}'
    )
    assert cc.load_cluster(path).declared.operating_revenue == Decimal("1E16")


def test_toml_nan_and_inf_are_named_by_key(write: Write) -> None:
    path = write(
        "a.toml",
        'name = "x"\nmoney_unit = "万元"\n[declared]\noperating_revenue = nan\n'
        "investment_intensity = inf\nrd_expense = -inf\n",
    )
    assert errors_of(path) == [
        ("declared.operating_revenue", 'NaN is not a finite number; expected money such as '
         '"20亿元", "5000万元" or "12,345.6万元"'),
        ("declared.rd_expense", '-Infinity is not a finite number; expected money such as '
         '"20亿元", "5000万元" or "12,345.6万元"'),
        ("declared.investment_intensity", 'Infinity is not a finite number; expected an '
         'intensity such as "1180万元/公顷"'),
    ]  # fmt: skip


def test_toml_nan_without_money_unit_is_said_to_be_no_number(write: Write) -> None:
    path = write("a.toml", 'name = "x"\n[declared]\noperating_revenue = nan\n')
    ((where, said),) = errors_of(path)
    assert (where, said.split(";")[0]) == (
        "declared.operating_revenue",
        "NaN is not a finite number",
    )


def test_a_toml_integer_of_5000_digits_is_named_by_line(write: Write) -> None:
    path = write("a.toml", f'name = "x"\n[declared]\nleaders = {FIVE_THOUSAND_NINES}\n')
    assert errors_of(path) == [
        ("line 3", "an integer of 5000 digits; expected a number of at most 30 digits")
    ]


def test_a_json_integer_of_5000_digits_is_named_by_key(write: Write) -> None:
    path = write("a.json", f'{{"name": "x", "declared": {{"leaders": {FIVE_THOUSAND_NINES}}}}}')
    ((where, said),) = errors_of(path)
    assert where == "declared.leaders"
    assert said == (
        "999999999999999999999999…999999999999 (5000 characters) is above 10^16, the bound on "
        "any figure; expected a whole number of firms such as 20"
    )


def test_a_json_year_of_many_digits_is_no_year(write: Write) -> None:
    path = write("a.json", f'{{"name": "x", "year": {FIVE_THOUSAND_NINES}}}')
    ((where, said),) = errors_of(path)
    assert where == "year"
    assert said.endswith("is not a year; expected a year such as 2015")


def test_text_of_5000_digits_is_named_with_its_length(write: Write) -> None:
    path = write(
        "a.toml", f'name = "x"\n[declared]\noperating_revenue = "{FIVE_THOUSAND_NINES}亿元"\n'
    )
    assert errors_of(path) == [
        (
            "declared.operating_revenue",
            "'99999999999999999999999…999999999亿元' (5004 characters) is above 10^16 元 "
            f'(1亿亿元), the bound on money; {MONEY}, "5000万元" or "12,345.6万元"',
        )
    ]


def test_the_cli_says_which_key_and_exits_2(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        "a.json", '{"name": "x", "money_unit": "万元", "declared": {"operating_revenue": Infinity}}'
    )
    assert main(["check", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"clustercheck: error: {path}: declared.operating_revenue: Infinity is not a finite "
        'number; expected money such as "20亿元", "5000万元" or "12,345.6万元"\n'
    )


def test_a_roster_cell_past_the_bound_is_an_error(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("firms.csv", "企业名称,营业收入,从业人员\n甲,100000001亿元,10\n")
    assert main(["check", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"clustercheck: error: {path}: line 2, column 营业收入: '100000001亿元' is above "
        "10^16 元 (1亿亿元), the bound on money"
    )


@pytest.mark.parametrize(
    ("parse", "value", "problem"),
    [
        (parse_money, Decimal("NaN"), "NaN is not a finite number"),
        (parse_money, float("inf"), "inf is not a finite number"),
        (parse_money, Decimal("1E+999999"), "1E+999999 元 is above 10^16 元"),
        (parse_money, "10000000000000000.01元", "'10000000000000000.01元' is above 10^16 元"),
        (parse_money, "1." + "0" * 31 + "亿元", "has more than 30 digits or 30 decimal places"),
        (parse_money, Decimal("1E-31"), "1E-31 has more than 30 digits or 30 decimal places"),
        (parse_money, Decimal("0E+99"), "0E+99 has more than 30 digits"),
        (parse_percent, Decimal("sNaN"), "sNaN is not a finite number"),
        (parse_percent, "1" + "0" * 17 + "%", "is above 10^16, the bound on any figure"),
        (parse_percent, "0." + "0" * 31 + "1%", "has more than 30 digits"),
        (parse_count, Decimal("1E+400"), "1E+400 is above 10^16"),
        (parse_count, 10**5000, "(5001 characters) is above 10^16"),
        (parse_count, "1" + "0" * 17 + "家", "is above 10^16"),
        (parse_area, Decimal("-Infinity"), "-Infinity is not a finite number"),
        (parse_area, "1e5平方公里", "is not an area"),
        (parse_intensity, Decimal("1E+17"), "1E+17 is above 10^16"),
        (parse_intensity, "1" + "0" * 17, "is above 10^16"),
        (parse_threshold, "1" + "0" * 17, "is above 10^16"),
        (parse_threshold, "Infinity", "is not money"),
        (parse_threshold, "1" + "0" * 17 + "元", "is above 10^16 元"),
        (
            parse_date,
            "9" * 5000,
            "'99999999999999999999999…99999999999' (5002 characters) is not a date",
        ),
    ],
    ids=lambda value: "10**5000" if isinstance(value, int) and value > 10**20 else str(value)[:20],
)
def test_no_parser_lets_a_number_past_its_checks(
    parse: Callable[[object], object], value: object, problem: str
) -> None:
    with pytest.raises(FigureError) as caught:
        parse(value)
    assert problem in str(caught.value)


def test_a_bare_number_in_a_file_is_bounded_in_its_unit() -> None:
    with reading_file("亿元"):
        assert parse_money(100_000_000) == Decimal("1E16")
        with pytest.raises(FigureError) as caught:
            parse_money(Decimal("100000000.5"))
    assert str(caught.value).startswith("100000000.5 亿元 is above 10^16 元 (1亿亿元)")


def test_figures_within_the_bounds_stay_exact() -> None:
    assert parse_money("0." + "0" * 21 + "1亿元") == Decimal("1E-14")
    assert parse_money("1" + "0" * 16 + "元") == Decimal("1E16")
    assert parse_percent("12.3456789012345678901234567890%") == Decimal(
        "0.123456789012345678901234567890"
    )
    assert parse_count("10000000000000000") == 10**16
    assert parse_date("2014-12-29") == dt.date(2014, 12, 29)


def test_json_keys_given_twice_are_each_named_by_path(write: Write) -> None:
    path = write(
        "a.json",
        '{"name": "x", "declared": {"leaders": 3, "leaders": 4}, '
        '"enterprises": [{"name": "甲"}, {"name": "乙", "name": "丙"}], "name": "y"}',
    )
    assert errors_of(path) == [
        ("name", "'name' is given twice ('x', then 'y'); expected each key once in a table"),
        ("declared.leaders", "'leaders' is given twice (3, then 4); expected each key once in a table"),
        ("enterprises[1].name", "'name' is given twice ('乙', then '丙'); expected each key "
         "once in a table"),
    ]  # fmt: skip


def test_a_registry_with_a_key_twice_is_refused(write: Write) -> None:
    path = write(
        "registry.json",
        '{"rules": "henan-2014-196", "cluster": [{"id": "A", "name": "甲", '
        '"accredited": "2014-12-29", "status": "active", "status": "delisted"}]}',
    )
    with pytest.raises(cc.InputErrors) as caught:
        cc.load_registry(path)
    (error,) = caught.value.errors
    assert (error.source, error.where, error.problem) == (
        str(path),
        "cluster[0].status",
        "'status' is given twice ('active', then 'delisted'); expected each key once in a table",
    )


def _browser_decimal(text: str) -> Decimal:
    """Decimal() as a 32-bit Python (the browser's) builds it: exponents past ±425,000,000
    are refused with InvalidOperation, where a 64-bit build holds them."""
    number = Decimal(text)
    if number.is_finite() and abs(number.adjusted()) > 425_000_000:
        raise decimal.InvalidOperation([decimal.InvalidOperation])
    return number


def _problem(number: Decimal, text: str) -> str:
    with pytest.raises(FigureError) as caught:
        money_in(number, "万元", text)
    return caught.value.code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1e999999999", "money_over_bound"),
        ("-2.5E+999999999", "money_over_bound"),
        ("1e-999999999", "too_many_digits"),
        ("0e999999999", "too_many_digits"),
        ("1e425000001", "money_over_bound"),
    ],
)
def test_a_huge_exponent_is_refused_alike_where_decimal_cannot_hold_it(
    monkeypatch: pytest.MonkeyPatch, text: str, code: str
) -> None:
    native = exact_decimal(text)
    assert native == Decimal(text)
    monkeypatch.setattr(figures, "Decimal", _browser_decimal)
    with pytest.raises(decimal.InvalidOperation):
        _browser_decimal(text)
    capped = exact_decimal(text)
    monkeypatch.undo()
    assert capped.as_tuple().exponent in (figures.EXPONENT_CAP, -figures.EXPONENT_CAP)
    assert _problem(capped, text) == _problem(native, text) == code


@pytest.mark.parametrize("text", ["1e5", "12.5", "-3", "1E+425000000"])
def test_exact_decimal_is_decimal_where_it_can_hold_the_number(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(figures, "Decimal", _browser_decimal)
    assert exact_decimal(text) == Decimal(text)


@pytest.mark.parametrize("text", ["abc", "1e", "e5", "1e99999999999x", ""])
def test_exact_decimal_refuses_what_is_no_number(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(figures, "Decimal", _browser_decimal)
    with pytest.raises(decimal.InvalidOperation):
        exact_decimal(text)
