"""Reading figures as people write them, exactly, and refusing what is ambiguous."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import numpy
import pytest

from clustercheck.base.errors import FigureError
from clustercheck.base.figures import (
    from_code,
    parse_area,
    parse_count,
    parse_intensity,
    parse_money,
    parse_percent,
    parse_rate,
    reading_file,
    ungrouped,
)


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("20亿元", Decimal("2000000000")),
        ("20亿", Decimal("2000000000")),
        ("3.2亿", Decimal("320000000")),
        ("5000万元", Decimal("50000000")),
        ("5000万", Decimal("50000000")),
        ("12,345.6万元", Decimal("123456000")),
        ("12，345.6万元", Decimal("123456000")),
        (" 1200 千元 ", Decimal("1200000")),
        ("1,234,567.8元", Decimal("1234567.8")),
        ("\u30005000\u3000万元", Decimal("50000000")),
        ("0.01元", Decimal("0.01")),
        ("1.23456789亿元", Decimal("123456789")),
    ],
)
def test_money_in_chinese_units_is_exact_yuan(text: str, yuan: Decimal) -> None:
    assert parse_money(text) == yuan


@pytest.mark.parametrize(
    "text", ["20美元", "20 billion", "二十亿元", "", "亿元", "20亿元元", "1_000万元"]
)
def test_money_with_unknown_unit_or_shape_is_rejected(text: str) -> None:
    with pytest.raises(FigureError, match="not money"):
        parse_money(text)


@pytest.mark.parametrize(
    "text",
    ["1,5", "3100,5", "1.234,5", "6,20,00", "62 000", "62\u3000000万元", "1,2345万元", "1，5万元",
     "1,234.5,6", "1 200 千元", "12,34.5"],
)  # fmt: skip
def test_separators_out_of_place_are_refused_not_read_on_a_guess(text: str) -> None:
    """Only commas between groups of three digits of the whole part are thousands separators:
    ``1,5`` is not 15, ``62 000`` not 62000, ``1.234,5`` neither 1.2345 nor 1234.5."""
    with pytest.raises(FigureError) as caught, reading_file("万元"):
        parse_money(text)
    assert caught.value.code == "misplaced_separator"
    assert caught.value.value == text
    assert "1,234,567.8" in str(caught.value)
    assert "千位分隔符只能是逗号" in caught.value.message("zh")


@pytest.mark.parametrize(
    ("parse", "text"),
    [(parse_percent, "6,5%"), (parse_percent, "65 0%"), (parse_count, "1,20家"), (parse_count, "1 200"),
     (parse_intensity, "1 180万元/公顷"), (parse_area, "8,5"), (parse_rate, "6,5%")],
)  # fmt: skip
def test_separators_out_of_place_are_refused_in_every_figure(
    parse: Callable[[object], object], text: str
) -> None:
    with pytest.raises(FigureError) as caught:
        parse(text)
    assert caught.value.code == "misplaced_separator"


def test_thousands_separators_in_their_places_are_read() -> None:
    assert parse_count("1,200家") == 1200
    assert parse_percent("65 %") == Decimal("0.65")
    assert parse_money("1,234,567.8 万元") == Decimal("12345678000")
    assert ungrouped("1,234,567.8") == "1234567.8"
    assert ungrouped("1234.5") == "1234.5"
    assert [ungrouped(t) for t in ("1,5", "1.234,5", "1_000", ",123", "1,234,5678")] == [None] * 5


def test_negative_money_is_rejected() -> None:
    with pytest.raises(FigureError, match="negative"):
        parse_money("-5万元")


def test_bare_number_in_a_file_takes_money_unit() -> None:
    with reading_file("万元"):
        assert parse_money(3100) == Decimal("31000000")
        assert parse_money(Decimal("0.5")) == Decimal("5000")
        assert parse_money("3100") == Decimal("31000000")


def test_bare_number_in_a_file_without_money_unit_is_rejected() -> None:
    with reading_file(None), pytest.raises(FigureError, match="money_unit"):
        parse_money(3100)


def test_a_float_a_reader_meets_is_taken_from_its_shortest_repr() -> None:
    with reading_file("元"):
        assert parse_money(0.1) == Decimal("0.1")


def test_a_float_given_in_code_is_refused_as_inexact() -> None:
    for parse, value in ((parse_money, 0.1), (parse_percent, 0.07)):
        with pytest.raises(FigureError) as caught:
            parse(value)
        assert caught.value.code == "inexact"


def test_a_value_from_code_is_read_as_outside_any_file() -> None:
    with reading_file("万元"):
        assert from_code(3100, parse_money, "") == Decimal("3100")
        assert from_code("3100", parse_money, "") == Decimal("3100")
        assert from_code(Decimal("0.65"), parse_percent, "") == Decimal("0.65")


def test_a_value_from_code_is_an_integer_of_any_type_but_never_a_float() -> None:
    assert from_code(numpy.int64(7), parse_count, "") == 7
    assert type(from_code(numpy.uint8(7), parse_count, "")) is int
    with pytest.raises(FigureError) as caught:
        from_code(0.1, parse_money, "text")
    assert str(caught.value) == "0.1 is a float, which is not exact; expected text"
    with pytest.raises(FigureError) as caught:
        from_code(numpy.float32(0.5), parse_money, "text")
    assert str(caught.value) == "0.5 is a float32, which is not exact; expected text"
    with pytest.raises(FigureError, match="True is a bool;"):
        from_code(numpy.bool_(True), parse_count, "")


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(FigureError, match="boolean"):
        parse_money(True)
    with pytest.raises(FigureError, match="boolean"):
        parse_count(False)


def test_percentages_are_fractions() -> None:
    assert parse_percent("65%") == Decimal("0.65")
    assert parse_percent("0.5％") == Decimal("0.005")
    assert parse_percent("100%") == Decimal(1)


def test_percent_above_100_is_rejected() -> None:
    with pytest.raises(FigureError, match="above 100%"):
        parse_percent("100.01%")


def test_bare_number_for_a_percentage_in_a_file_is_ambiguous() -> None:
    with reading_file("万元"), pytest.raises(FigureError, match="ambiguous"):
        parse_percent(65)


def test_intensity_accepts_the_documents_spelling() -> None:
    assert parse_intensity("1180万元/公顷") == Decimal(1180)
    assert parse_intensity("1000万元/平方公顷") == Decimal(1000)
    assert parse_intensity("999.5") == Decimal("999.5")
    with pytest.raises(FigureError, match="not an intensity"):
        parse_intensity("1000万元/亩")


@pytest.mark.parametrize(("text", "count"), [("20", 20), ("20家", 20), (7, 7), (Decimal("3"), 3)])
def test_counts(text: object, count: int) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["2.5", "-1", "二十"])
def test_counts_must_be_whole_and_non_negative(text: str) -> None:
    with pytest.raises(FigureError):
        parse_count(text)
