"""The columns of a roster and how each cell is read: one set of rules for every reader.

Headers may be Chinese or English, with a unit in brackets (``营业收入(万元)``); a cell is
read by the parser its column's header chooses, and a bad cell raises :class:`FigureError`
saying what was expected.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from ._credit import credit_code_problem, valid_credit_code
from ._errors import FigureError, InputError, InputErrors
from ._figures import EXACT, MONEY_UNITS, parse_count, parse_money, shown
from ._model import to_size

#: Header aliases by field: what Chinese and English exports call each column.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("企业名称", "单位名称", "企业", "名称", "name", "firm", "enterprise", "company"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "creditcode"),
    "main_business_revenue": ("主营业务收入", "main_business_revenue", "mainbusinessrevenue"),
    "operating_revenue": ("营业收入", "operating_revenue", "operatingrevenue", "revenue"),
    "rd_expense": ("研发投入", "研发费用", "研发经费", "研发经费支出", "rd_expense", "r&d"),
    "employees": ("从业人员", "从业人数", "从业人员数", "职工人数", "employees"),
    "size": ("企业规模", "规模", "size"),
    "sector": ("行业", "所属行业", "行业门类", "sector"),
    "in_main_industry": ("是否主导产业", "属于主导产业", "主导产业", "in_main_industry"),
    "related": ("是否关联", "是否关联企业", "关联", "related"),
    "cluster": ("集群", "产业集群", "所属集群", "集群名称", "cluster"),
}
#: Columns that carry nothing to check: row numbers and the like.
IGNORED = ("序号", "编号", "no", "no.", "#")
MONEY_FIELDS = ("main_business_revenue", "operating_revenue", "rd_expense")
_ALIAS = {alias: field for field, aliases in COLUMNS.items() for alias in aliases}
_UNIT_RE = re.compile(r"^(.*?)[(（]\s*([^()（）]*?)\s*[)）]$")

_FLAGS = {
    **dict.fromkeys(("是", "y", "yes", "true", "1", "√", "✓", "✔", "t", "对"), True),
    **dict.fromkeys(("否", "n", "no", "false", "0", "×", "✗", "✘", "f", "不是"), False),
}


@attrs.frozen
class Column:
    """A column of the roster that is read: where it is, what it holds, in what unit."""

    index: int
    field: str
    header: str
    unit: str | None = None


def cell_text(value: object) -> str:
    """A header cell as text (spreadsheet numbers from their shortest form)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def split_header(text: str) -> tuple[str, str | None]:
    """``"营业收入（万元）"`` → (``"营业收入"``, ``"万元"``); the key is lowercased, spaces gone."""
    key = re.sub(r"\s+", "", text).strip("*＊").lower()
    match = _UNIT_RE.match(key)
    if match is None:
        return key, None
    return match.group(1), match.group(2) or None


def is_header(cells: Sequence[object]) -> bool:
    """Whether a row names the firm column and at least one more column read."""
    keys = {_ALIAS.get(split_header(cell_text(c))[0]) for c in cells}
    return "name" in keys and len(keys - {None}) >= 2


def plan_columns(path: Path, line: int, cells: Sequence[object]) -> tuple[list[Column], list[str]]:
    """The columns to read and the headers that are not read, checked against the aliases."""
    columns: list[Column] = []
    unread: list[str] = []
    errors: list[InputError] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        header = cell_text(cell)
        if not header:
            continue
        key, unit = split_header(header)
        field = _ALIAS.get(key)
        if field is None:
            if key not in IGNORED:
                unread.append(header)
            continue
        if field in seen:
            errors.append(InputError(str(path), f"line {line}", f"columns {seen[field]!r} and {header!r} both give {field}; expected one"))  # fmt: skip
            continue
        seen[field] = header
        if unit is not None and field in MONEY_FIELDS and unit not in MONEY_UNITS:
            errors.append(InputError(str(path), f"line {line}, column {header}", f"unit {unit!r} is not a money unit; expected one of {'、'.join(MONEY_UNITS)}"))  # fmt: skip
            continue
        columns.append(Column(index, field, header, unit if field in MONEY_FIELDS else None))
    if errors:
        raise InputErrors(errors)
    return columns, unread


#: The largest amount in 元 and its most decimal places: beyond them a figure is absurd, and
#: a roster's sums could no longer be exact.
_AMOUNT_LIMIT = Decimal("1E18")
_AMOUNT_PLACES = 18
#: The decimal context every roster reader reads and sums amounts in, whatever the caller's:
#: exact (any rounding raises), and text that is no number raises as by default.
AMOUNTS = decimal.Context(
    prec=EXACT.prec,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact,
           decimal.Rounded],
)  # fmt: skip


def _money_in(unit: str | None) -> Callable[[str], Decimal]:
    """A parser of money cells in a column whose unit is ``unit`` (None: cells must carry one).

    Plain numbers, the usual cell, take the fast path: one exact Decimal, then the unit."""
    factor = None if unit is None else MONEY_UNITS[unit]

    def parse(text: str) -> Decimal:
        try:
            amount = read(text)
            exponent = amount.as_tuple().exponent
            fits = isinstance(exponent, int) and exponent >= -_AMOUNT_PLACES
            fits = fits and amount < _AMOUNT_LIMIT
        except ArithmeticError:  # too large even to compute exactly
            fits = False
        if not fits:
            raise FigureError(
                f"{shown(text)} is out of range; expected an amount below 10^18 元 "
                f"with at most {_AMOUNT_PLACES} decimal places"
            )
        return amount

    def read(text: str) -> Decimal:
        plain = text.replace(",", "") if "," in text else text
        try:
            number = Decimal(plain)
        except ArithmeticError:
            return parse_money(text.replace("，", "").replace(" ", "") if plain == text else text)
        if not number.is_finite():
            raise FigureError(f"{shown(text)} is not money")
        if factor is None:
            raise FigureError(
                f"{shown(text)} has no unit; expected a unit in the header such as 营业收入(万元), "
                'or in the cell such as "1.2亿元"'
            )
        if number < 0:
            raise FigureError(f"{shown(text)} is negative; expected 0 or more")
        return EXACT.multiply(number, factor)

    return parse


def read_count(text: str) -> int:
    """A count of people or firms in a cell."""
    return int(text) if text.isascii() and text.isdigit() else parse_count(text)


def read_flag(text: str) -> bool:
    """A yes/no cell: 是/否, Y/N, true/false, 1/0, √/×."""
    flag = _FLAGS.get(text) if text in _FLAGS else _FLAGS.get(text.lower())
    if flag is None:
        raise FigureError(
            f"{shown(text)} is not yes or no; expected 是/否, Y/N, true/false, 1/0 or √/×"
        )
    return flag


def read_credit_code(text: str) -> str:
    """A credit code, in capitals, with its check character verified."""
    code = text.upper()
    if valid_credit_code(code):
        return code
    problem = credit_code_problem(code)
    if problem is not None:
        raise FigureError(problem)
    return code


def _text(text: str) -> str:
    return text


def cell_parser(column: Column, money_unit: str | None) -> Callable[[str], object]:
    """The parser for a column's cells (stripped, non-empty text)."""
    field = column.field
    if field in MONEY_FIELDS:
        return _money_in(column.unit or money_unit)
    return {
        "employees": read_count, "size": to_size, "in_main_industry": read_flag,
        "related": read_flag, "credit_code": read_credit_code,
    }.get(field, _text)  # fmt: skip
