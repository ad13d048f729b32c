"""The columns of a roster and how each cell is read: one set of rules for every reader.

Headers may be Chinese or English, with a unit in brackets (``营业收入(万元)``); a cell is
read by the parser its column's header chooses, and a bad cell raises :class:`FigureError`
saying what was expected.
"""

from __future__ import annotations

import decimal
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from ..base.errors import FigureError, InputError, InputErrors, Problem
from ..base.figures import (
    EXACT,
    MONEY_UNITS,
    exact_decimal,
    money_in,
    parse_count,
    parse_money,
    shown,
    ungrouped,
)
from ..model.cluster import to_size
from ..model.credit import credit_code_problem, valid_credit_code
from .figure_names import header_key

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
    # 县（市、区） is read as 县 with its bracket taken for a unit, which is not kept
    "region": ("所在地区", "地区", "所属地区", "所在地", "县", "所在县", "region"),
}
#: Columns that carry nothing to check: row numbers and the like.
IGNORED = ("序号", "编号", "no", "no.", "#")
MONEY_FIELDS = ("main_business_revenue", "operating_revenue", "rd_expense")
_ALIAS = {alias: field for field, aliases in COLUMNS.items() for alias in aliases}

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
    """A roster header as :func:`header_key` reads it, with the ``*`` that marks a required
    column taken off, and a unit run on to a known name (``营业收入万元``) read as its unit."""
    return header_key(text, "*", _ALIAS)


def is_header(cells: Sequence[object]) -> bool:
    """Whether a row names the firm column and at least one more column read."""
    keys = {_ALIAS.get(split_header(cell_text(c))[0]) for c in cells}
    return "name" in keys and len(keys - {None}) >= 2


def plan_columns(
    path: Path, place: Callable[..., str], cells: Sequence[object]
) -> tuple[list[Column], list[str]]:
    """The columns to read and the headers that are not read, checked against the aliases;
    ``place(index=…, header=…)`` names a header cell in errors."""
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
            errors.append(InputError(str(path), place(), Problem("columns_twice", first=seen[field], value=header, field=field)))  # fmt: skip
            continue
        seen[field] = header
        if unit is not None and field in MONEY_FIELDS and unit not in MONEY_UNITS:
            errors.append(InputError(str(path), place(index=index, header=header), Problem("not_unit", value=unit, expected="、".join(MONEY_UNITS))))  # fmt: skip
            continue
        columns.append(Column(index, field, header, unit if field in MONEY_FIELDS else None))
    if errors:
        raise InputErrors(errors)
    return columns, unread


#: The decimal context every roster reader reads and sums amounts in, whatever the caller's:
#: exact (any rounding raises), and text that is no number raises as by default.
AMOUNTS = decimal.Context(
    prec=EXACT.prec,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact,
           decimal.Rounded],
)  # fmt: skip


def _money_in(unit: str | None) -> Callable[[str], Decimal]:
    """A parser of money cells in a column whose unit is ``unit`` (None: cells must carry one).

    Plain numbers, the usual cell, take the fast path: one exact Decimal, then the unit;
    anything else, a comma out of place too, is read (or refused) by :func:`parse_money`.
    A number in scientific notation (``1.23E+04``) is refused: a spreadsheet shows, and
    exports to CSV, a number too wide for its column so, its last digits rounded away."""

    def parse(text: str) -> Decimal:
        plain = ungrouped(text)
        if plain is None:
            return parse_money(text)
        try:
            number = exact_decimal(plain)
        except ArithmeticError:
            return parse_money(text)
        if unit is None:
            raise FigureError(Problem("cell_without_unit", shown=shown(text), value=text))
        amount = money_in(number, unit, text)  # finite, within the bound on money, not negative
        if "E" in plain or "e" in plain:  # the rest of the text is a number Decimal read
            raise FigureError(Problem("money_as_scientific", shown=shown(text), value=text))
        return amount

    return parse


#: The most digits of a count read without :func:`parse_count`: any 16 are below its bound of
#: 10^16; a longer number is checked against the bound there.
COUNT_DIGITS = 16


def read_count(text: str) -> int:
    """A count of people or firms in a cell."""
    if text.isascii() and text.isdigit() and len(text) <= COUNT_DIGITS:
        return int(text)
    return parse_count(text)


def read_flag(text: str) -> bool:
    """A yes/no cell: 是/否, Y/N, true/false, 1/0, √/×."""
    flag = _FLAGS.get(text) if text in _FLAGS else _FLAGS.get(text.lower())
    if flag is None:
        raise FigureError(
            Problem(
                "not_yes_no",
                shown=shown(text),
                value=text,
                expected="是/否, Y/N, true/false, 1/0, √/×",
            )
        )
    return flag


#: A number in scientific notation, as Excel and WPS show a long number (``9.1411E+17``).
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]*)?E\+?[0-9]+")


def read_credit_code(text: str) -> str:
    """A credit code, NFKC-normalised (full-width characters as plain ones) and in capitals,
    with its check character verified. A code that a spreadsheet stored as a number has lost
    its last digits, and is named so."""
    code = unicodedata.normalize("NFKC", text).strip().upper()
    if valid_credit_code(code):
        return code
    if _SCIENTIFIC.fullmatch(code):
        raise FigureError(Problem("code_as_number", value=text))
    problem = credit_code_problem(code)
    if problem is not None:
        raise FigureError(problem)
    return code


#: Control characters a name must not hold: C0 and C1 controls and DEL, a tab within it too
#: (around it, trimming takes it away). Line breaks are let be in a firm's name, where a
#: cell may wrap (Alt+Enter in Excel), not in a cluster's.
_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _refuse_controls(text: str, pattern: re.Pattern[str]) -> None:
    found = pattern.search(text)
    if found is not None:
        raise FigureError(
            Problem(
                "control_character",
                shown=shown(text),
                value=text,
                char=f"U+{ord(found.group()):04X}",
            )
        )


#: Characters that show as nothing: zero-width space, non-joiner and joiner, word joiner and
#: a byte-order mark inside text, left in names copied from web pages and other systems.
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def read_firm_name(text: str) -> str:
    """A firm's name as written, without characters that show as nothing (``甲\u200b公司``
    is ``甲公司``, the same firm); a control character in it is refused."""
    _refuse_controls(text, _CONTROL)
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


def read_cluster_name(text: str) -> str:
    """A cluster's name or region, NFKC-normalised and trimmed, without characters that show as nothing,
    so that ``Ａ县集群``, ``A县\u200b集群`` and ``A县集群`` are one cluster; a control character
    or a line break in it is refused."""
    _refuse_controls(text, _CONTROL_OR_BREAK)
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).strip()


#: How a totals row's name ends once spaces, punctuation, what is in brackets and a count at
#: the end are taken out (``合计：``, ``总计（万元）``, ``合 计``, ``本页合计``, ``合计：12家``),
#: and whether the row sums the firms since any totals row (a subtotal) or since the last
#: grand total.
_TOTALS_ENDINGS = (
    ("小计", True), ("合计", False), ("总计", False), ("共计", False), ("累计", False),
    ("合计数", False), ("总计数", False),
)  # fmt: skip
#: English totals rows, by the whole name so taken (``TOTAL``, ``Grand total:``, ``Sub-total``).
_TOTALS_WORDS = {
    "subtotal": True,
    "total": False,
    "totals": False,
    "grandtotal": False,
    "sum": False,
}
#: What a totals row's name may add: a remark or unit in brackets, a count of firms at the end.
_ASIDES = re.compile(r"[(\[【][^)\]】]*[)\]】]|[0-9]+\s*(?:家|户|个)?\s*(?:企业)?\s*$")
#: Letters typed full-width (``ＴＯＴＡＬ``), read as their plain forms.
_FULL_WIDTH_LETTERS = re.compile("[\uff21-\uff3a\uff41-\uff5a]")


def totals_kind(name: str) -> bool | None:
    """Whether a firm name is a totals row's: True for a subtotal (小计), False for a total
    (合计, 总计, Total…), None for a firm's. Only a name holding 计, "total" or "sum" in any
    case, or a letter typed full-width, can be one, as the compiled tally also decides before
    it asks."""
    if "计" not in name:
        lowered = name.lower()
        if "total" not in lowered and "sum" not in lowered and not _FULL_WIDTH_LETTERS.search(name):  # fmt: skip
            return None
    plain = unicodedata.normalize("NFKC", name).lower()
    for text in (_ASIDES.sub("", plain), plain):  # 合计（含税）, and [合计] too
        key = "".join(c for c in text if unicodedata.category(c)[0] in "LN")
        if key in _TOTALS_WORDS:
            return _TOTALS_WORDS[key]
        kind = next((subtotal for end, subtotal in _TOTALS_ENDINGS if key.endswith(end)), None)
        if kind is not None:
            return kind
    return None


def is_part(name: str) -> bool:
    """Whether a name begins a part of a total (``其中：出口企业``), not a firm's name."""
    return name.startswith("其") and "".join(name.split()).startswith("其中")


def cell_parser(column: Column, money_unit: str | None) -> Callable[[str], object]:
    """The parser for a column's cells (stripped, non-empty text)."""
    field = column.field
    if field in MONEY_FIELDS:
        return _money_in(column.unit or money_unit)
    return {
        "employees": read_count, "size": to_size, "in_main_industry": read_flag,
        "related": read_flag, "credit_code": read_credit_code, "name": read_firm_name,
        "cluster": read_cluster_name, "region": read_cluster_name,
    }.get(field, str)  # fmt: skip
