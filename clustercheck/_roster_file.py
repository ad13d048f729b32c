"""Roster files: the columns reviewers' Excel exports carry, read row by row into tallies.

Headers may be Chinese or English, with a unit in brackets (``营业收入(万元)``). Rows are
checked as they are read; every bad cell is reported with its line, column and value, and
every row is either counted or named in a warning with the reason it was not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ._credit import credit_code_problem, valid_credit_code
from ._errors import FigureError, InputError, InputErrors
from ._figures import MONEY_UNITS, parse_count, parse_money, shown
from ._model import to_size
from ._report import Note
from ._roster import Tally
from ._roster_figures import LeaderTest, RosterFigures
from ._sheet import sheet_rows
from ._sizes import sme_by_figures

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
_HEADER_SEARCH = 30
MAX_ERRORS = 1000

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


def _cell_text(value: object) -> str:
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


def _is_header(cells: Sequence[object]) -> bool:
    keys = {_ALIAS.get(split_header(_cell_text(c))[0]) for c in cells}
    return "name" in keys and len(keys - {None}) >= 2


def plan_columns(path: Path, line: int, cells: Sequence[object]) -> tuple[list[Column], list[str]]:
    """The columns to read and the headers that are not read, checked against the aliases."""
    columns: list[Column] = []
    unread: list[str] = []
    errors: list[InputError] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        header = _cell_text(cell)
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


def _money_in(unit: str | None) -> Callable[[str], Decimal]:
    """A parser of money cells in a column whose unit is ``unit`` (None: cells must carry one).

    Plain numbers, the usual cell, take the fast path: one exact Decimal, then the unit."""
    factor = None if unit is None else MONEY_UNITS[unit]

    def parse(text: str) -> Decimal:
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
        return number * factor

    return parse


def _count(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() else parse_count(text)


def _flag(text: str) -> bool:
    flag = _FLAGS.get(text) if text in _FLAGS else _FLAGS.get(text.lower())
    if flag is None:
        raise FigureError(
            f"{shown(text)} is not yes or no; expected 是/否, Y/N, true/false, 1/0 or √/×"
        )
    return flag


def _credit(text: str) -> str:
    code = text.upper()
    if valid_credit_code(code):
        return code
    problem = credit_code_problem(code)
    if problem is not None:
        raise FigureError(problem)
    return code


def _text(text: str) -> str:
    return text


def _parser(column: Column, money_unit: str | None) -> Callable[[str], object]:
    """The parser for a column's cells."""
    field = column.field
    if field in MONEY_FIELDS:
        return _money_in(column.unit or money_unit)
    return {
        "employees": _count, "size": to_size, "in_main_industry": _flag, "related": _flag,
        "credit_code": _credit,
    }.get(field, _text)  # fmt: skip


@attrs.frozen
class RosterCluster:
    """One cluster's part of a roster file: its name and its figures."""

    name: str
    figures: RosterFigures


class _Reading:
    """The state of reading one roster file: tallies per cluster, errors, rows not used."""

    def __init__(self, path: Path, tests: tuple[LeaderTest, ...], list_smes: bool) -> None:
        self.path = path
        self.tests = tests
        self.list_smes = list_smes
        self.tallies: dict[str, Tally] = {}
        self.codes: dict[str, dict[str, int]] = {}
        self.errors: list[InputError] = []
        self.error_count = 0
        self.blank: list[int] = []
        self.last_line = 0

    def error(self, where: str, problem: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(InputError(str(self.path), where, problem))

    def row(self, line: int, cells: list[str], plan: list[tuple[int, str, str, Callable[[str], object]]],
            default_cluster: str) -> None:  # fmt: skip
        values: dict[str, Any] = {}
        failed = False
        width = len(cells)
        for index, field, header, parse in plan:
            text = cells[index].strip() if index < width else ""
            if not text:
                continue
            try:
                values[field] = parse(text)
            except FigureError as exc:
                self.error(f"line {line}, column {header}", str(exc))
                failed = True
        if not values:
            self.blank.append(line)
            return
        cluster = values.pop("cluster", None)
        if cluster is None:
            cluster = default_cluster
            if not cluster:
                self.error(
                    f"line {line}",
                    "no cluster named in the cluster column; expected the cluster's name",
                )
                failed = True
        name = values.get("name")
        if name is None:
            self.error(
                f"line {line}", "no firm name; expected the name of the firm in the name column"
            )
            failed = True
        if failed or name is None:
            return
        code = values.get("credit_code")
        if code is not None:
            seen = self.codes.get(cluster)
            if seen is None:
                seen = self.codes[cluster] = {}
            if code in seen:
                self.error(f"line {line}, column 统一社会信用代码", f"{code} already appears on line {seen[code]} in {cluster}; expected each firm once")  # fmt: skip
                return
            seen[code] = line
        tally = self.tallies.get(cluster)
        if tally is None:
            tally = self.tallies[cluster] = Tally(self.tests, list_smes=self.list_smes)
        get = values.get
        revenue = get("operating_revenue")
        business = get("main_business_revenue")
        sme = sme_by_figures(
            get("size"), get("sector", "industry"), get("employees"), revenue, business
        )
        tally.add_figures(
            name,
            business,
            revenue,
            get("rd_expense"),
            get("in_main_industry"),
            get("related", True),
            sme,
        )
        self.last_line = line


def _warnings(reading: _Reading, unread: list[str], header_line: int) -> tuple[Note, ...]:
    notes = []
    if unread:
        notes.append(
            Note("columns_unread", {"file": reading.path.name, "columns": "、".join(unread)})
        )
    if header_line > 1:
        notes.append(
            Note("rows_above_header", {"file": reading.path.name, "count": str(header_line - 1)})
        )
    if reading.blank:
        lines = "、".join(str(n) for n in reading.blank[:20]) + (
            "……" if len(reading.blank) > 20 else ""
        )
        notes.append(
            Note(
                "blank_rows",
                {"file": reading.path.name, "count": str(len(reading.blank)), "lines": lines},
            )
        )
    return tuple(notes)


def read_roster(
    path: Path,
    tests: Iterable[LeaderTest],
    *,
    default_cluster: str | None = None,
    money_unit: str | None = None,
    list_smes: bool = False,
) -> list[RosterCluster]:
    """The clusters of a roster file, in the order they first appear.

    Without a cluster column every row belongs to ``default_cluster`` (the file's name when
    not given). Raises :class:`InputErrors` listing every bad row once the file is read.
    """
    reading = _Reading(path, tuple(tests), list_smes)
    rows = sheet_rows(path)
    header: tuple[int, list[Column], list[str]] | None = None
    for line, cells in rows:
        if line > _HEADER_SEARCH:
            break
        if _is_header(cells):
            header = (line, *plan_columns(path, line, cells))
            break
    if header is None:
        raise InputError(
            str(path), "", f"no header row in the first {_HEADER_SEARCH} rows; expected a row "
            "with 企业名称 (name) and columns such as 营业收入(万元), 主营业务收入(万元), 从业人员"
        )  # fmt: skip
    header_line, columns, unread = header
    fallback = (
        (default_cluster or path.stem) if not any(c.field == "cluster" for c in columns) else ""
    )
    plan = [(c.index, c.field, c.header, _parser(c, money_unit)) for c in columns]
    for line, cells in rows:
        reading.row(line, cells, plan, fallback)
    _trim_trailing_blanks(reading)
    if reading.errors:
        if reading.error_count > len(reading.errors):
            reading.errors.append(InputError(str(path), "", f"and {reading.error_count - len(reading.errors)} more errors"))  # fmt: skip
        raise InputErrors(reading.errors)
    if not reading.tallies:
        raise InputError(str(path), "", "no firms below the header row; expected one row per firm")
    notes = _warnings(reading, unread, header_line)
    return [
        RosterCluster(name, attrs.evolve(tally.result(), remarks=notes))
        for name, tally in reading.tallies.items()
    ]


def _trim_trailing_blanks(reading: _Reading) -> None:
    """Empty rows after the last firm are the end of the sheet, not skipped firms."""
    reading.blank = [n for n in reading.blank if n < reading.last_line]
