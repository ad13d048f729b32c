"""Roster files: the rows of reviewers' Excel exports, read into one tally per cluster.

Rows are checked as they are read; every bad cell is reported with its line, column and
value, and every row is either counted or named in a warning with the reason it was not.
Totals rows (合计, 小计, 其中…) are not firms: they are left out of every sum and checked
against the firms above them. Every worksheet of a workbook with a roster header is read,
and its firms summed with the others. A CSV file is summed by the compiled tally when it is
built, else by the same tally in Python (:mod:`._roster_fast`); the row-by-row reader here
reads everything else, and reads again whatever a tally gives up on, so which one ran never
changes a result or an error.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from ..base.errors import FigureError, InputError, InputErrors, Problem
from ..base.figures import MONEY_UNITS, format_decimal
from ..base.notes import Note
from ..base.progress import Progress
from ..model.roster import LeaderTest, RosterFigures
from ..model.sizes import sme_by_figures
from ..model.tally import Tally
from .roster_cells import (
    AMOUNTS,
    MONEY_FIELDS,
    Column,
    cell_parser,
    cell_text,
    is_header,
    plan_columns,
)
from .roster_fast import tally_csv
from .sheet import Formula, Sheet, open_csv, sheets
from .table import Row

_HEADER_SEARCH = 30
MAX_ERRORS = 1000
#: How many rows the row reader reads between telling how far it has got.
_ROWS_TOLD = 20_000
#: The figures a totals row is checked on: the money columns and the head count.
_CHECKED = (*MONEY_FIELDS, "employees")
#: Endings of a totals row's name (spaces removed), and whether the row sums the firms since
#: any totals row (a subtotal) or since the last grand total.
_TOTALS_ENDINGS = (
    ("小计", True),
    ("合计", False),
    ("总计", False),
    ("共计", False),
    ("累计", False),
)

Plan = list[tuple[int, str, str, Callable[[str], object]]]


@attrs.frozen
class RosterCluster:
    """One cluster's part of a roster file: its name and its figures."""

    name: str
    figures: RosterFigures


class _Mark:
    """Where a stretch of firms begins: the running sums then, and the first firm after."""

    __slots__ = ("firms", "first", "sums")

    def __init__(self, sums: dict[str, Decimal], firms: int) -> None:
        self.sums = dict(sums)
        self.firms = firms
        self.first: int | None = None


class _Running:
    """The firms of one cluster (or of the whole file) summed as they come, with marks at
    the last totals row of any kind, at the last grand total and at the sheet's start: a
    totals row is checked against the firms since one of them."""

    __slots__ = ("firms", "last", "since_any", "since_sheet", "since_total", "sums")

    def __init__(self) -> None:
        self.sums = dict.fromkeys(_CHECKED, Decimal(0))
        self.firms = 0
        self.last = 0
        self.new_sheet()

    def add(self, line: int, values: dict[str, Any]) -> None:
        sums = self.sums
        for field in _CHECKED:
            value = values.get(field)
            if value is not None:
                sums[field] += value
        self.firms += 1
        self.last = line
        for mark in (self.since_any, self.since_total, self.since_sheet):
            if mark.first is None:
                mark.first = line

    def marks(self) -> tuple[_Mark, _Mark, _Mark]:
        return self.since_any, self.since_total, self.since_sheet

    def restart(self, *, subtotal: bool) -> None:
        """The next stretch begins here: at any totals row, and at a grand total for both."""
        self.since_any = _Mark(self.sums, self.firms)
        if not subtotal:
            self.since_total = _Mark(self.sums, self.firms)

    def new_sheet(self) -> None:
        """A sheet's totals rows sum that sheet's firms."""
        self.since_any = self.since_total = self.since_sheet = _Mark(self.sums, self.firms)


class _Reading:
    """The state of reading one roster file: tallies per cluster, errors, notes, and the
    sheet being read with its columns."""

    def __init__(
        self, path: Path, tests: tuple[LeaderTest, ...], list_smes: bool, money_unit: str | None
    ) -> None:
        self.path = path
        self.tests = tests
        self.list_smes = list_smes
        self.money_unit = money_unit
        self.tallies: dict[str, Tally] = {}
        self.codes: dict[str, dict[str, str]] = {}
        self.errors: list[InputError] = []
        self.error_count = 0
        #: Notes in the order made, each for one cluster or (None) for all of the file's.
        self.notes: list[tuple[str | None, Note]] = []
        self.whole = _Running()
        self.running: dict[str, _Running] = {}

    def error(self, where: str, problem: str | Problem) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(InputError(str(self.path), where, problem))

    def note(self, code: str, args: dict[str, str], cluster: str | None = None) -> None:
        self.notes.append((cluster, Note(code, args)))

    def read_sheet(
        self, sheet: Sheet, columns: list[Column], width: int, fallback: str
    ) -> tuple[list[int], int]:
        """Reads the rows of ``sheet`` below its header; the lines of its empty rows and of
        its last firm."""
        self.sheet = sheet
        self.plan: Plan = [
            (c.index, c.field, c.header, cell_parser(c, self.money_unit)) for c in columns
        ]
        self.columns = {c.field: c for c in columns}
        self.width = width
        self.fallback = fallback
        self.blank: list[int] = []
        self.last_line = 0
        for running in (self.whole, *self.running.values()):
            running.new_sheet()
        for line, cells in sheet.rows:
            self.row(line, cells)
        return self.blank, self.last_line

    def row(self, line: int, cells: list[str]) -> None:
        sheet = self.sheet
        if len(cells) > self.width and self._beyond_header(line, cells):
            return
        values: dict[str, Any] = {}
        failed: set[str] = set()
        width = len(cells)
        for index, field, header, parse in self.plan:
            cell = cells[index] if index < width else ""
            if type(cell) is Formula:
                self.error(sheet.place(line, index, header), Problem("formula_without_value", value=str(cell)))  # fmt: skip
                failed.add(field)
                continue
            text = cell.strip()
            if not text:
                continue
            try:
                values[field] = parse(text)
            except FigureError as exc:
                self.error(sheet.place(line, index, header), exc.what)
                failed.add(field)
        if not values:
            if not failed:
                self.blank.append(line)
            return
        name = values.get("name")
        subtotal = _totals_kind(name)
        if subtotal is None and name is None and "credit_code" not in values:
            subtotal = next((True for f in _CHECKED if f in values), None)
        if subtotal is not None or (name is not None and _is_part(name)):
            if not failed:
                self._totals_row(line, values, subtotal)
            return
        cluster = values.pop("cluster", None)
        if cluster is None:
            cluster = self.fallback
            if not cluster and "cluster" not in failed:
                where = sheet.place(line, self.columns["cluster"].index, self.columns["cluster"].header)  # fmt: skip
                self.error(where, Problem("no_cluster_name"))  # fmt: skip
                failed.add("cluster")
        if name is None and "name" not in failed:
            where = sheet.place(line, self.columns["name"].index, self.columns["name"].header)
            self.error(where, Problem("no_firm_name"))
        if failed or name is None:
            return
        code = values.get("credit_code")
        if code is not None:
            seen = self.codes.get(cluster)
            if seen is None:
                seen = self.codes[cluster] = {}
            column = self.columns["credit_code"]
            if code in seen:
                self.error(sheet.place(line, column.index, column.header), Problem("code_seen", value=code, first=seen[code], cluster=cluster))  # fmt: skip
                return
            seen[code] = sheet.place(line, column.index) if sheet.name else f"line {line}"
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
        self.whole.add(line, values)
        if "cluster" in self.columns:
            running = self.running.get(cluster)
            if running is None:
                running = self.running[cluster] = _Running()
            running.add(line, values)

    def _beyond_header(self, line: int, cells: list[str]) -> bool:
        """Whether the row has a value right of the header's last column: an error, for the
        row's cells no longer line up with their headers (an unquoted ``1,234`` is two)."""
        index = next((i for i in range(self.width, len(cells)) if cells[i].strip()), None)
        if index is None:
            return False
        self.error(self.sheet.place(line, index), Problem("right_of_header", value=cells[index].strip(), width=self.width))  # fmt: skip
        return True

    def _totals_row(self, line: int, values: dict[str, Any], subtotal: bool | None) -> None:
        """Notes a totals row (``subtotal`` None: a part, 其中…, which is not checked) and
        checks it against the firms above, of its cluster when it names one that has firms,
        else of the whole file: those since the last totals row, the last grand total or the
        sheet's start, whichever it equals; when none, since the last totals row for a
        subtotal and since the last grand total for a total."""
        name = values.get("name", "")
        cluster = values.get("cluster")
        running = self.running.get(cluster) if cluster is not None else None
        scope = cluster if running is not None else None
        args = {"file": self.sheet.label(self.path.name), "line": str(line), "label": name}
        if subtotal is None:
            self.note("part_row", args, scope)
            return
        running = running or self.whole
        checked = [f for f in _CHECKED if f in values]
        stretches = running.marks()
        for mark in stretches:
            if (
                mark.first is not None
                and checked
                and all(values[f] == running.sums[f] - mark.sums[f] for f in checked)
            ):
                break
        else:
            mark = stretches[0] if subtotal else stretches[1]
        if mark.first is None or not checked:
            self.note("totals_row", args, scope)
        else:
            firms = running.firms - mark.firms
            lines = f"{mark.first}–{running.last}" if running.last > mark.first else str(mark.first)
            args |= {"count": str(firms), "lines": lines}
            summed = {f: running.sums[f] - mark.sums[f] for f in checked}
            if all(values[f] == summed[f] for f in checked):
                args["columns"] = "、".join(self.columns[f].header for f in checked)
                self.note("totals_row_matches", args, scope)
            else:
                parts = [self._compared(f, values[f], summed[f]) for f in checked]
                self.note("totals_row_differs", args | {"differences": "；".join(parts)}, scope)
        running.restart(subtotal=subtotal)
        if running is not self.whole:
            self.whole.restart(subtotal=True)
        else:
            for each in self.running.values():
                each.restart(subtotal=subtotal)

    def _compared(self, field: str, given: Decimal, summed: Decimal) -> str:
        """``营业收入（万元） 760044 ≠ 380022 (+380022)``: a totals row's figure beside the
        firms' sum, in the column's unit (万元 where the column names none)."""
        column = self.columns[field]
        unit = column.unit or self.money_unit
        suffix = ""
        if field in MONEY_FIELDS and unit is None:
            unit, suffix = "万元", "万元"
        factor = MONEY_UNITS[unit] if field in MONEY_FIELDS and unit else Decimal(1)

        def amount(value: Decimal) -> str:
            return format_decimal(value / factor) + suffix

        if given == summed:
            return f"{column.header} {amount(given)} = {amount(summed)}"
        difference = given - summed
        sign = "+" if difference > 0 else "-"
        return (
            f"{column.header} {amount(given)} ≠ {amount(summed)} ({sign}{amount(abs(difference))})"
        )


def _totals_kind(name: str | None) -> bool | None:
    """Whether a name is a totals row's: True for a subtotal (小计), False for a total (合计,
    总计…), None for a firm's name. Spaces inside do not matter (``合 计``)."""
    if name is None or not name.endswith("计"):
        return None
    key = "".join(name.split())
    return next((subtotal for end, subtotal in _TOTALS_ENDINGS if key.endswith(end)), None)


def _is_part(name: str) -> bool:
    """Whether a name begins a part of a total (``其中：出口企业``), not a firm's name."""
    return name.startswith("其") and "".join(name.split()).startswith("其中")


def _find_header(
    path: Path, sheet: Sheet
) -> tuple[int, list[Column], list[str], int, list[str]] | None:
    """The header row among the sheet's first rows: its line, the columns read, the headers
    not read, how many columns it spans (to its last header), and its cells."""
    for line, cells in sheet.rows:
        if line > _HEADER_SEARCH:
            break
        if is_header(cells):
            columns, unread = plan_columns(path, functools.partial(sheet.place, line), cells)
            width = max(i for i, cell in enumerate(cells) if cell_text(cell)) + 1
            return line, columns, unread, width, cells
    return None


def _sheet_notes(reading: _Reading, sheet: Sheet, unread: list[str], header_line: int) -> None:
    """What the reader notes about a sheet's header: columns not read, rows above it."""
    label = sheet.label(reading.path.name)
    if unread:
        reading.note("columns_unread", {"file": label, "columns": "、".join(unread)})
    if header_line > 1:
        reading.note("rows_above_header", {"file": label, "count": str(header_line - 1)})


def _blank_note(reading: _Reading, sheet: Sheet, blank: list[int], last_line: int) -> None:
    """Notes the empty rows between a sheet's firms: those after its last firm are the end of
    the sheet."""
    between = [n for n in blank if n < last_line]
    if between:
        lines = "、".join(str(n) for n in between[:20]) + ("……" if len(between) > 20 else "")
        label = sheet.label(reading.path.name)
        reading.note("blank_rows", {"file": label, "count": str(len(between)), "lines": lines})


def read_roster(
    path: Path,
    tests: Iterable[LeaderTest],
    *,
    default_cluster: str | None = None,
    money_unit: str | None = None,
    list_smes: bool = False,
    tables: Iterable[Sheet] | None = None,
    progress: Progress | None = None,
) -> list[RosterCluster]:
    """The clusters of a roster file, in the order they first appear.

    Without a cluster column every row belongs to ``default_cluster`` (the file's name when
    not given). ``tables`` are the file's sheets when already open (all of them, or the one
    that holds the roster). Raises :class:`InputErrors` listing every bad row once the file
    is read. ``progress`` is told how many of a CSV file's bytes are read as it goes.
    """
    tests = tuple(dict.fromkeys(tests))
    reading = _Reading(path, tests, list_smes, money_unit)
    unheaded: list[str] = []
    headed = False
    raw = open_csv(path) if path.suffix.lower() == ".csv" and tables is None else None
    for sheet in sheets(path, raw) if tables is None else tables:
        header = _find_header(path, sheet)
        if header is None:
            if sheet.name is not None:
                unheaded.append(sheet.name)
            continue
        headed = True
        header_line, columns, unread, width, header_cells = header
        _sheet_notes(reading, sheet, unread, header_line)
        has_cluster = any(c.field == "cluster" for c in columns)
        fallback = "" if has_cluster else (default_cluster or path.stem)
        if raw is not None and not raw.closed:  # closed: the header search read it all
            fast = tally_csv(
                raw, header_line, header_cells, columns, tests, fallback, money_unit, list_smes,
                progress=progress,
            )  # fmt: skip
            if fast is not None:
                raw.close()  # the row reader that opened it is not read to its end
                clusters, blank, last_line = fast
                _blank_note(reading, sheet, blank, last_line)
                return _clusters(path, clusters, reading.notes)
        if raw is not None and progress is not None:
            sheet.rows = _told(sheet.rows, raw, progress)
        with localcontext(AMOUNTS):
            blank, last_line = reading.read_sheet(sheet, columns, width, fallback)
        _blank_note(reading, sheet, blank, last_line)
    if not headed:
        code = "no_header_in_sheets" if unheaded else "no_header"
        raise InputError(
            str(path), "", Problem(code, rows=_HEADER_SEARCH, sheets="、".join(unheaded))
        )
    if reading.errors:
        if reading.error_count > len(reading.errors):
            reading.errors.append(InputError(str(path), "", Problem("more_errors", count=reading.error_count - len(reading.errors))))  # fmt: skip
        raise InputErrors(reading.errors)
    if unheaded:
        reading.note("sheets_unread", {"file": path.name, "sheets": "、".join(unheaded)})
    clusters = [(name, tally.result()) for name, tally in reading.tallies.items()]
    return _clusters(path, clusters, reading.notes)


def _told(rows: Iterator[Row], raw: BinaryIO, progress: Progress) -> Iterator[Row]:
    """``rows``, telling ``progress`` every so many rows how many of the file's bytes are read."""
    size = os.fstat(raw.fileno()).st_size
    for count, row in enumerate(rows, start=1):
        if count % _ROWS_TOLD == 0 and not raw.closed:
            progress("bytes", raw.tell(), size)
        yield row
    progress("bytes", size, size)


def _clusters(
    path: Path, clusters: list[tuple[str, RosterFigures]], notes: list[tuple[str | None, Note]]
) -> list[RosterCluster]:
    """Each cluster with the notes on the file and on that cluster."""
    if not clusters:
        raise InputError(str(path), "", Problem("no_firms"))
    return [
        RosterCluster(
            name,
            attrs.evolve(
                figures, remarks=tuple(n for scope, n in notes if scope is None or scope == name)
            ),
        )
        for name, figures in clusters
    ]
