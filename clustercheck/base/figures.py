"""Parsing figures exactly: money with Chinese units, percentages, counts, intensities.

Every figure becomes a :class:`decimal.Decimal` (money in 元, shares as fractions, so
``"65%"`` is ``Decimal("0.65")``). Binary floats never enter: a float given in code is
converted from its shortest ``repr``; files are parsed with ``parse_float=Decimal``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import functools
import math
import numbers
import operator
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple, SupportsIndex, TypeVar

from .errors import FigureError, Problem
from .messages import Phrase

#: Money units and their size in 元.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
}

#: Display units of criteria and the factor from the canonical value to the unit.
DISPLAY_UNITS: dict[str, Decimal] = {
    **MONEY_UNITS,
    "%": Decimal("0.01"),
    "家": Decimal(1),
    "项": Decimal(1),
    "万元/公顷": Decimal(1),
    "平方公里": Decimal(1),
}


def unit_power(unit: str) -> int:
    """The power of ten a display unit's factor is: 8 for 亿元, 0 for 元 and 家, -2 for %."""
    return _UNIT_POWERS[unit]


_UNIT_POWERS = {
    unit: int(factor.normalize().as_tuple().exponent) for unit, factor in DISPLAY_UNITS.items()
}

#: The bound on any figure: money past 10^16 元 (1亿亿元, about a thousand times the yearly
#: output of all of Henan's industry), or any other figure past 10^16, is a typing error.
BOUND = Decimal("1E16")
#: The most significant digits, and the most decimal places, a number may be written with:
#: far past any real figure, and few enough that exact arithmetic on it cannot overflow.
MAX_DIGITS = 30

#: The exponent a number's text is read with when its own is beyond what this build of Python
#: can hold (a 32-bit build, such as the browser's, holds ±425,000,000): far past every bound,
#: so it is refused as the number written would be.
EXPONENT_CAP = 100_000_000
_EXPONENT_RE = re.compile(r"^\s*([+-]?)(\d*)\.?(\d*)[eE]([+-]?)(\d+)\s*$")


def exact_decimal(text: str) -> Decimal:
    """The exact Decimal of a number's text, as ``Decimal(text)``, the same on every build of
    Python: an exponent too large for this one is read as :data:`EXPONENT_CAP`, so the bounds
    refuse the number with the error they give where it can be held, never a crash or "not a
    number". Raises ``decimal.InvalidOperation`` (an ArithmeticError) on text no number."""
    try:
        return Decimal(text)
    except ArithmeticError:
        match = _EXPONENT_RE.match(text)
        if match is None or not (match[2] or match[3]):
            raise
        sign, whole, fraction, exponent_sign = match[1], match[2], match[3], match[4]
        digit = "1" if (whole + fraction).strip("0") else "0"
        return Decimal(f"{sign}{digit}E{exponent_sign or '+'}{EXPONENT_CAP}")


_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
MONEY_RE = re.compile(rf"^({_NUMBER})\s*(元|千元|万元|万|亿元|亿)?$")
_PERCENT_RE = re.compile(rf"^({_NUMBER})\s*%$")
_INTENSITY_RE = re.compile(rf"^({_NUMBER})\s*(?:万元)?\s*/\s*(?:公顷|平方公顷|ha)$")
_AREA_RE = re.compile(rf"^({_NUMBER})\s*(?:平方公里|km2|km²)$")
_PLAIN_RE = re.compile(rf"^({_NUMBER})$")
#: Digits with commas, points or spaces between them (and perhaps a unit): a number whose
#: separators are not where thousands separators and a decimal point stand (``1,5``,
#: ``3100,5``, ``1.234,5``, ``62 000``), which is refused, not read on a guess.
_SEPARATED = re.compile(r"^[+-]?\d+(?:[,.\s]+\d+)+\s*(?:[^\d\s,.].*)?$")
#: Thousands separators where they belong: between groups of three digits of the whole part.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


class _FileContext:
    """How bare numbers read from a file are to be taken (set while a file is loaded)."""

    def __init__(self, money_unit: str | None) -> None:
        self.money_unit = money_unit


_file_context: contextvars.ContextVar[_FileContext | None] = contextvars.ContextVar(
    "clustercheck_file_context", default=None
)


@contextmanager
def reading_file(money_unit: str | None) -> Iterator[None]:
    """While active, bare numbers are money in ``money_unit`` (an error if it is None)
    and bare numbers are rejected where a percentage is expected."""
    token = _file_context.set(_FileContext(money_unit))
    try:
        yield
    finally:
        _file_context.reset(token)


_T = TypeVar("_T")


def from_code(value: object, parse: Callable[[object], _T], expected: str) -> _T:
    """``parse`` of a value given in code rather than read from a file: read as outside any
    file (a bare number of money is in 元), an integer of any type (numpy's too) as an int,
    and a float refused with ``expected``, since its binary value is not the decimal meant."""
    if not isinstance(value, str | Decimal | int):
        if isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational):
            raise FigureError(
                Problem("inexact", shown=str(value), type=type(value).__name__, value=value,
                        expected=expected)
            )  # fmt: skip
        if isinstance(value, SupportsIndex):
            with suppress(TypeError):  # not an integer after all: ``parse`` names its type
                value = operator.index(value)
    if _file_context.get() is None:
        return parse(value)
    token = _file_context.set(None)
    try:
        return parse(value)
    finally:
        _file_context.reset(token)


def _unit_list() -> str:
    return "、".join(MONEY_UNITS)


def _normalise(text: str) -> str:
    """Undo what spreadsheets and Chinese input methods do to numbers. A space inside a
    number is kept, for it is no separator that may be read (``62 000``)."""
    return text.strip().replace("，", ",").replace("％", "%").replace("．", ".")


def ungrouped(text: str) -> str | None:
    """``text`` with the thousands separators of ``1,234,567.8`` taken out, for ``Decimal``
    to read; None when a comma stands elsewhere (``1,5``, ``1.234,5``) or an underscore is in
    it (``1_000``, which ``Decimal`` would read): such text is no plain number."""
    if "," in text:
        return text.replace(",", "") if _GROUPED.fullmatch(text) else None
    return None if "_" in text else text


def _refuse_separators(normal: str, value: object, what: str) -> None:
    """Raises the error for a number whose separators are out of place, when ``normal`` (the
    text normalised) is one; a parser calls it before saying the text is no figure at all."""
    if _SEPARATED.match(normal):
        raise FigureError(
            Problem("misplaced_separator", shown=shown(value), value=value, expected=what)
        )


def _decimal(number: str, value: object, what: str) -> Decimal:
    """The number written in ``number``, checked by :func:`_checked`."""
    return _checked(Decimal(number.replace(",", "")), value, what)


def shown(value: object) -> str:
    """A value as an error message quotes it: text in quotes, numbers plain; a very long
    value by its start, its end and its length."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(Decimal(value))  # str() of an int refuses more than 4300 digits
    else:
        text = str(value)
    if len(text) > 60:
        return f"{text[:24]}…{text[-12:]} ({len(text)} characters)"
    return text


def _checked(number: Decimal, value: object, what: str, money_unit: str | None = None) -> Decimal:
    """``number`` if it is finite, within the bound (on money in ``money_unit``, else on any
    figure) and written with at most :data:`MAX_DIGITS` digits and decimal places. Checked
    before any arithmetic, so no overflow or invalid operation can follow from a file."""
    if not number.is_finite():
        raise FigureError(Problem("not_finite", shown=shown(value), value=value, expected=what))
    if money_unit is not None and number.copy_abs() > _MONEY_LIMITS[money_unit]:
        said = shown(value) if isinstance(value, str) else f"{shown(value)} {money_unit}"
        raise FigureError(Problem("money_over_bound", shown=said, value=value, expected=MONEY))
    if number.copy_abs() > BOUND:
        raise FigureError(Problem("over_bound", shown=shown(value), value=value, expected=what))
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # a finite number's
    if len(digits) > MAX_DIGITS or not -MAX_DIGITS <= exponent <= MAX_DIGITS:
        raise FigureError(
            Problem(
                "too_many_digits", shown=shown(value), digits=MAX_DIGITS, value=value, expected=what
            )
        )
    return number


def _as_decimal(value: object, what: str) -> Decimal | None:
    """An int/Decimal/float value as a Decimal, as it is, None for text; bools are rejected."""
    if isinstance(value, bool):
        raise FigureError(Problem("boolean_figure", shown=shown(value), value=value, expected=what))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if _file_context.get() is None and math.isfinite(value):  # given in code: inexact
            raise FigureError(
                Problem("inexact", shown=str(value), type="float", value=value, expected=what)
            )
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        return None
    raise FigureError(
        Problem(
            "wrong_python_type",
            shown=shown(value),
            type=type(value).__name__,
            value=value,
            expected=what,
        )
    )


def _from_number(value: object, what: str) -> Decimal | None:
    """:func:`_as_decimal`, checked by :func:`_checked`."""
    number = _as_decimal(value, what)
    return None if number is None else _checked(number, value, what)


def _non_negative(result: Decimal, value: object, what: str) -> Decimal:
    if result < 0:
        raise FigureError(Problem("negative", shown=shown(value), value=value, expected=what))
    return result


MONEY = Phrase(
    'money such as "20亿元", "5000万元" or "12,345.6万元"',
    '金额，如 "20亿元"、"5000万元" 或 "12,345.6万元"',
)
#: Per money unit, the most that may be written in it: the bound on money, 10^16 元.
_MONEY_LIMITS = {unit: BOUND / factor for unit, factor in MONEY_UNITS.items()}


def money_in(number: Decimal, unit: str, value: object) -> Decimal:
    """``number`` of ``unit`` in 元, exactly; ``value`` is what was written, for errors.
    Negative, non-finite, past the bound on money or written with too many digits, it is refused."""
    checked = _checked(number, value, MONEY, unit)
    return _non_negative(EXACT.multiply(checked, MONEY_UNITS[unit]), value, MONEY)


def parse_money(value: object) -> Decimal:
    """Money in 元. Text needs a unit; a bare number takes the file's ``money_unit``
    (in code, outside any file, a bare number is already in 元)."""
    number = _as_decimal(value, MONEY)
    if number is not None:
        context = _file_context.get()
        if context is None:
            return money_in(number, "元", value)
        if context.money_unit is None:
            _checked(number, value, MONEY)  # a number that is no figure at all is told so first
            raise FigureError(
                Problem("bare_money", shown=shown(value), value=value, expected=MONEY)
            )
        return money_in(number, context.money_unit, value)
    assert isinstance(value, str)
    normal = _normalise(value)
    match = MONEY_RE.match(normal)
    if match is None:
        _refuse_separators(normal, value, MONEY)
        raise FigureError(
            Problem(
                "not_money", shown=shown(value), units=_unit_list(), value=value, expected=MONEY
            )
        )
    number_text, unit = match.groups()
    if unit is None:
        context = _file_context.get()
        unit = "元" if context is None else context.money_unit
        if unit is None:
            raise FigureError(
                Problem("money_without_unit", shown=shown(value), value=value, expected=MONEY)
            )
    return money_in(Decimal(number_text.replace(",", "")), unit, value)


_PERCENT = Phrase('a percentage such as "65%"', '百分数，如 "65%"')


def _fraction(value: object, what: Phrase) -> Decimal:
    """A percentage as a fraction (``"65%"`` is 0.65), of any sign or size. A bare number
    read from a file is an error, since 65 and 0.65 are both plausible; in code a Decimal is
    the fraction."""
    number = _from_number(value, what)
    if number is not None:
        if _file_context.get() is not None:
            raise FigureError(Problem("bare_percent", shown=shown(value), value=value, expected=what))  # fmt: skip
        return number
    assert isinstance(value, str)
    normal = _normalise(value)
    match = _PERCENT_RE.match(normal)
    if match is None:
        _refuse_separators(normal, value, what)
        raise FigureError(Problem("not_percent", shown=shown(value), value=value, expected=what))
    return EXACT.divide(_decimal(match.group(1), value, what), 100)


def parse_percent(value: object, *, at_most_100: bool = True) -> Decimal:
    """A share as a fraction (``"65%"`` is 0.65), from 0 to 100% (``at_most_100=False``: 0
    or more); see :func:`_fraction`."""
    result = _fraction(value, _PERCENT)
    _non_negative(result, value, _PERCENT)
    if at_most_100 and result > 1:
        raise FigureError(Problem("above_100", shown=shown(value), value=value, expected="0%–100%"))
    return result


_RATE = Phrase('a rate such as "12%" or "-3%"', '百分数，如 "12%" 或 "-3%"')


def parse_rate(value: object) -> Decimal:
    """A rate as a fraction (``"12%"`` is 0.12), such as a published average annual growth:
    it may be negative or above 100%. A bare number read from a file is an error, as for
    shares."""
    return _fraction(value, _RATE)


_INTENSITY = Phrase('an intensity such as "1180万元/公顷"', '投资强度，如 "1180万元/公顷"')
_INTENSITY_NOUN = Phrase("an intensity", "投资强度")


def parse_intensity(value: object) -> Decimal:
    """Investment intensity in 万元 per hectare; a bare number is taken as 万元/公顷."""
    return _with_unit(value, _INTENSITY_RE, _INTENSITY, _INTENSITY_NOUN)


def _with_unit(value: object, pattern: re.Pattern[str], what: Phrase, noun: Phrase) -> Decimal:
    """A non-negative number written with the one unit ``pattern`` allows, or bare."""
    number = _from_number(value, what)
    if number is None:
        assert isinstance(value, str)
        normal = _normalise(value)
        match = pattern.match(normal) or _PLAIN_RE.match(normal)
        if match is None:
            _refuse_separators(normal, value, what)
            raise FigureError(
                Problem("not_figure", shown=shown(value), noun=noun, value=value, expected=what)
            )
        number = _decimal(match.group(1), value, what)
    return _non_negative(number, value, what)


_AREA = Phrase('an area such as "85平方公里"', '面积，如 "85平方公里"')
_AREA_NOUN = Phrase("an area", "面积")


def parse_area(value: object) -> Decimal:
    """An area in square kilometres; a bare number is taken as 平方公里."""
    return _with_unit(value, _AREA_RE, _AREA, _AREA_NOUN)


_COUNT = Phrase("a whole number of firms such as 20", "整数家数，如 20")


def parse_date(value: object) -> dt.date:
    """A date from TOML (a date) or JSON (``"2014-12-29"``)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise FigureError(Problem("not_date", shown=shown(value), value=value, expected="YYYY-MM-DD"))


def parse_count(value: object) -> int:
    """A non-negative whole number (``"20"`` and ``"20家"`` are accepted)."""
    number = _from_number(value, _COUNT)
    if number is None:
        assert isinstance(value, str)
        text = _normalise(value).removesuffix("家").removesuffix("项").removesuffix("人").rstrip()
        if _PLAIN_RE.match(text) is None:
            _refuse_separators(text, value, _COUNT)
            raise FigureError(
                Problem("not_count", shown=shown(value), value=value, expected=_COUNT)
            )
        number = _decimal(text, value, _COUNT)
    if number != number.to_integral_value():
        raise FigureError(Problem("not_whole", shown=shown(value), value=value, expected=_COUNT))
    return int(_non_negative(number, value, _COUNT))


def parse_threshold(text: str) -> Decimal:
    """A pack's threshold in canonical units, recognised by its unit."""
    normal = _normalise(text)
    if normal.endswith("%"):
        return parse_percent(normal)
    if normal.endswith("公顷"):
        return parse_intensity(normal)
    if normal.endswith("平方公里"):
        return parse_area(normal)
    if _PLAIN_RE.match(normal):
        return _decimal(normal, text, 'a threshold such as "20亿元", "65%" or 2')
    return parse_money(normal)


#: Each display unit's factor as an integer ratio, to scale exact ratios without Fractions.
_DISPLAY_RATIOS = {unit: factor.as_integer_ratio() for unit, factor in DISPLAY_UNITS.items()}
#: Decimal arithmetic that must be exact: any rounding raises instead.
EXACT = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.Rounded])


class Ratio(NamedTuple):
    """An exact ratio of two integers (the denominator positive), kept as computed: a check
    only compares it and shows it once, so reducing it as a ``Fraction`` would be wasted work.
    Compare ratios with :func:`same_value`, not ``==``, which compares the pairs."""

    numerator: int
    denominator: int


def integer_ratio(value: Decimal | Ratio) -> tuple[int, int]:
    """``value`` as two integers with the same ratio, the denominator positive."""
    return value if isinstance(value, Ratio) else value.as_integer_ratio()


def same_value(a: Decimal | Ratio, b: Decimal | Ratio) -> bool:
    """Whether two exact values are equal, a ratio or a decimal alike."""
    a_numerator, a_denominator = integer_ratio(a)
    b_numerator, b_denominator = integer_ratio(b)
    return a_numerator * b_denominator == b_numerator * a_denominator


def to_unit(value: Decimal | Ratio, unit: str) -> Decimal:
    """A canonical value expressed in a display unit, exact where the decimal terminates,
    otherwise rounded to 10 decimal places."""
    if isinstance(value, Decimal):
        try:
            return EXACT.divide(value, DISPLAY_UNITS[unit])
        except (decimal.Inexact, decimal.Rounded):
            pass
    return ratio_in_unit(value, unit)[0]


def ratio_in_unit(value: Decimal | Ratio, unit: str) -> tuple[Decimal, bool]:
    """An exact value in a display unit as :func:`ratio_to_decimal` gives it: the decimal, and
    whether it was rounded (integer arithmetic only, so a check can afford it per ratio)."""
    numerator, denominator = integer_ratio(value)
    unit_numerator, unit_denominator = _DISPLAY_RATIOS[unit]
    return ratio_to_decimal(numerator * unit_denominator, denominator * unit_numerator)


def fraction_to_decimal(value: Fraction) -> Decimal:
    """The exact decimal of a fraction when it has one, else rounded half-even to 10 places."""
    return ratio_to_decimal(value.numerator, value.denominator)[0]


def ratio_to_decimal(numerator: int, denominator: int) -> tuple[Decimal, bool]:
    """numerator / denominator (denominator > 0) as a decimal, and whether it was rounded: the
    exact decimal when there is one (the reduced denominator has no prime factors but 2 and 5),
    else rounded half-even to 10 places."""
    common = math.gcd(numerator, denominator)
    numerator, denominator = numerator // common, denominator // common
    twos = (denominator & -denominator).bit_length() - 1  # its trailing zero bits
    rest = denominator >> twos
    # What is left must be a power of five (1 included): then it divides 5**n for any n at
    # least its number of bits, since 5**k > 2**k.
    if pow(5, rest.bit_length(), rest) != 0:
        return Decimal(f"{round_half_even(numerator * 10**10, denominator)}E-10"), True
    fives = 0
    while rest > 1:
        rest //= 5
        fives += 1
    places = max(twos, fives)
    return Decimal(f"{numerator * 10**places // denominator}E-{places}"), False


def round_half_even(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, ties to even (as ``round``)."""
    floor, remainder = divmod(numerator, denominator)
    if remainder * 2 < denominator:
        return floor
    if remainder * 2 > denominator:
        return floor + 1
    return floor + floor % 2


def format_decimal(value: Decimal) -> str:
    """A decimal as plain digits without exponent or trailing zeros (``2.35E+9`` → ``2350000000``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def show_number(value: Decimal, unit: str | None) -> str:
    """A figure as a reviewer reads it: percentages to two places, others up to four."""
    places = Decimal("0.01") if unit == "%" else Decimal("0.0001")
    if value != value.quantize(places):
        value = value.quantize(places)
    return f"{format_decimal(value)}{unit or ''}"


class FigureBound(Decimal):
    """A published figure that bounds an amount instead of stating it: ``逾30亿元`` (more than
    30亿元), ``30亿元以上`` (at least), ``不足20亿元`` (less than). Its value is the bound;
    ``lower`` says which side it bounds, ``strict`` whether the bound itself is excluded. It
    equals only the same bound, never the plain amount."""

    lower: bool
    strict: bool

    def __new__(cls, value: Decimal, *, lower: bool, strict: bool) -> FigureBound:
        bound = super().__new__(cls, value)
        bound.lower, bound.strict = lower, strict
        return bound

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FigureBound):
            return Decimal(self) == Decimal(other) and self.side == other.side
        if isinstance(other, Decimal | int):
            return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash((Decimal(self), self.side))

    def __repr__(self) -> str:
        return f"FigureBound('{self}', lower={self.lower}, strict={self.strict})"

    def __reduce__(self) -> tuple[object, ...]:  # type: ignore[override]  # keeps the side
        return (_figure_bound, (str(Decimal(self)), self.lower, self.strict))

    def __copy__(self) -> FigureBound:
        return self

    def __deepcopy__(self, memo: object) -> FigureBound:
        return self

    @property
    def side(self) -> tuple[bool, bool]:
        """(lower, strict)."""
        return self.lower, self.strict

    @property
    def relation(self) -> str:
        """The relation of the true amount to the bound: ``>``, ``≥``, ``<`` or ``≤``."""
        return (">" if self.strict else "≥") if self.lower else ("<" if self.strict else "≤")


def _figure_bound(value: str, lower: bool, strict: bool) -> FigureBound:
    return FigureBound(Decimal(value), lower=lower, strict=strict)


#: Words that make a published figure a bound: (word, a lower bound, the bound excluded).
#: Longer words first, so that 不低于 is not read as 低于.
_BOUND_BEFORE = (
    ("不低于", True, False), ("不少于", True, False), ("不超过", False, False),
    ("不高于", False, False), ("超过", True, True), ("高于", True, True), ("多于", True, True),
    ("不足", False, True), ("低于", False, True), ("少于", False, True), ("逾", True, True),
    ("超", True, True), (">=", True, False), ("≥", True, False), (">", True, True),
    ("<=", False, False), ("≤", False, False), ("<", False, True),
)  # fmt: skip
_BOUND_AFTER = (("以上", True, False), ("以下", False, False))
#: Words that make a figure approximate: neither the amount nor a bound.
_APPROXIMATE_BEFORE = ("将近", "接近", "大约", "近", "约")
_APPROXIMATE_AFTER = ("左右", "上下")
_BOUND_EXPECTED = Phrase(
    'an amount ("30亿元") or a bound ("逾30亿元", "30亿元以上", "不足20亿元")',
    "确数（如 30亿元）或上下限（如 逾30亿元、30亿元以上、不足20亿元）",
)


#: ``30余亿元``, ``80余家``, ``130多家``: more than the number (余 and 多 follow it).
_MORE_THAN = re.compile(r"^([+-]?[\d,.]+)(?:余|多)(.*)$")


def _bound_words(text: str) -> tuple[str, bool, bool] | None:
    """``text`` without the word that makes it a bound, and which bound; None when there is
    none. An approximate figure (``近300亿元``) is refused: it bounds nothing."""
    plain = _normalise(text)
    for word in _APPROXIMATE_BEFORE:
        if plain.startswith(word):
            raise FigureError(Problem("approximate_figure", shown=shown(text), word=word, value=text, expected=_BOUND_EXPECTED))  # fmt: skip
    for word in _APPROXIMATE_AFTER:
        if plain.endswith(word):
            raise FigureError(Problem("approximate_figure", shown=shown(text), word=word, value=text, expected=_BOUND_EXPECTED))  # fmt: skip
    for word, lower, strict in _BOUND_BEFORE:
        if plain.startswith(word):
            return plain[len(word) :], lower, strict
    for word, lower, strict in _BOUND_AFTER:
        if plain.endswith(word):
            return plain[: -len(word)], lower, strict
    more = _MORE_THAN.match(plain)
    if more is not None:
        return more.group(1) + more.group(2), True, True
    return None


def bounded(parse: Callable[[object], Decimal]) -> Callable[[object], Decimal]:
    """``parse`` that also reads a published bound (``逾30亿元``, ``70%以上``, ``不足20亿元``)
    as a :class:`FigureBound`, for declared figures; an approximate figure is refused."""

    @functools.wraps(parse)
    def read(value: object) -> Decimal:
        if isinstance(value, FigureBound):
            return value
        if isinstance(value, str):
            found = _bound_words(value)
            if found is not None:
                rest, lower, strict = found
                return FigureBound(parse(rest), lower=lower, strict=strict)
        return parse(value)

    return read


def plain_parse(parse: Callable[[object], object]) -> Callable[[object], object]:
    """The parser :func:`bounded` wraps (``parse_money`` of bounded money), else ``parse``."""
    unwrapped: Callable[[object], object] = getattr(parse, "__wrapped__", parse)
    return unwrapped


#: Declared figures' parsers: each reads an amount or a published bound.
parse_money_or_bound = bounded(parse_money)
parse_percent_or_bound = bounded(parse_percent)
parse_intensity_or_bound = bounded(parse_intensity)
parse_area_or_bound = bounded(parse_area)
parse_rate_or_bound = bounded(parse_rate)


@functools.wraps(parse_count)
def parse_count_or_bound(value: object) -> int | Decimal:
    """A count of firms, or a published bound on one (``逾20家``, ``80余家``, ``不足20家``) as a
    :class:`FigureBound`. Firms are whole: more than 19 is at least 20, fewer than 20 at most
    19, so a count's bound is kept inclusive."""
    if isinstance(value, FigureBound):
        return value
    if isinstance(value, str):
        found = _bound_words(value)
        if found is not None:
            rest, lower, strict = found
            count = parse_count(rest)
            if strict and not lower and count == 0:
                raise FigureError(Problem("negative", shown=shown(value), value=value, expected=_COUNT))  # fmt: skip
            count += (1 if lower else -1) if strict else 0
            return FigureBound(Decimal(count), lower=lower, strict=False)
    return parse_count(value)
