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

import decimal
import functools
import heapq
import os
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, localcontext
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from ..base.drain import drained
from ..base.errors import FigureError, InputError, InputErrors, Problem
from ..base.figures import MONEY_UNITS, format_decimal
from ..base.messages import Phrase
from ..base.notes import Note
from ..base.progress import Progress
from ..model.roster import LeaderTest, RosterFigures
from ..model.sizes import sme_by_figures
from ..model.tally import Tally
from .roster_cells import (
    AMOUNTS,
    INVISIBLE,
    MONEY_FIELDS,
    Column,
    cell_parser,
    cell_text,
    is_header,
    is_part,
    plan_columns,
    totals_kind,
)
from .roster_fast import tally_csv
from .sheet import Formula, Sheet, open_csv, sheets
from .table import ErrorValue, Row

_HEADER_SEARCH = 30
MAX_ERRORS = 1000
#: How many rows the row reader reads between telling how far it has got.
_ROWS_TOLD = 20_000
#: The figures a totals row is checked on: the money columns and the head count.
_CHECKED = (*MONEY_FIELDS, "employees")
#: How a spreadsheet rounds a number it shows to fewer places: half away from zero.
_SHOWN = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)
#: A number as a workbook's cell gives it: digits, a point and decimals.
_PLAIN_NUMBER = re.compile(r"[0-9]+\.[0-9]+")
_PART_OF_REVENUE = Phrase("主营业务收入 is part of 营业收入", "主营业务收入是营业收入的一部分")
Plan = list[tuple[int, str, str, Callable[[str], object]]]


@attrs.frozen
class RosterCluster:
    """One cluster's part of a roster file: its name, its figures, the year its title gives
    (``2015年…名册`` above the header) and the region its firms give (``所在地区``), if given."""

    name: str
    figures: RosterFigures
    year: int | None = None
    region: str | None = None


#: A note's clusters: one, several, or (None) every cluster of the file.
Scope = str | frozenset[str] | None


class _Mark:
    """Where a stretch of firms begins: the running sums then, the first firm after, and
    the clusters of the firms since (kept for the whole file's stretches only)."""

    __slots__ = ("clusters", "firms", "first", "sums")

    def __init__(self, sums: dict[str, Decimal], firms: int) -> None:
        self.sums = dict(sums)
        self.firms = firms
        self.first: int | None = None
        self.clusters: set[str] = set()


class _Running:
    """The firms of one cluster (or of the whole file) summed as they come, with marks at
    the last totals row of any kind, at the last grand total and at the sheet's start: a
    totals row is checked against the firms since one of them.

    A cluster's marks are moved on by the whole file's totals rows and sheets, counted in
    ``epochs``, when the cluster is next used (:meth:`catch_up`): no firm of it came since, so
    its sums are still those of then, and a totals row costs the same however many clusters
    the file holds."""

    __slots__ = ("firms", "last", "seen", "since_any", "since_sheet", "since_total", "sums")

    def __init__(self, epochs: list[int] | None = None) -> None:
        self.sums = dict.fromkeys(_CHECKED, Decimal(0))
        self.firms = 0
        self.last = 0
        self.seen = list(epochs or (0, 0, 0))
        self.new_sheet()

    def add(self, line: int, values: dict[str, Any], cluster: str | None = None) -> None:
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
            if cluster is not None:
                mark.clusters.add(cluster)

    def catch_up(self, epochs: list[int]) -> None:
        """Moves the marks on for the whole file's totals rows (any, grand) and sheets,
        ``epochs`` counting each, since the cluster was last used."""
        seen = self.seen
        if seen[2] != epochs[2]:
            self.new_sheet()
        elif seen[1] != epochs[1]:
            self.restart(subtotal=False)
        elif seen[0] != epochs[0]:
            self.restart(subtotal=True)
        seen[:] = epochs

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
        #: Per cluster, where each credit code is first given (named only when it repeats).
        self.codes: dict[str, dict[str, tuple[Sheet, int, int | None]]] = {}
        #: Per cluster, the rows of firms without a credit code, by digest, with their place.
        self.rows: dict[str, dict[bytes, tuple[Sheet, int]]] = {}
        #: Per cluster, the region its firms give and the cell where it is first given.
        self.regions: dict[str, tuple[str, str]] = {}
        #: In a workbook, the worksheet and row where each firm of a cluster is first named.
        self.sheet_names: dict[tuple[str, str], tuple[Sheet, int]] = {}
        self.errors: list[InputError] = []
        self.error_count = 0
        #: Notes in the order made, each with its clusters.
        self.notes: list[tuple[Scope, Note]] = []
        self.whole = _Running()
        self.running: dict[str, _Running] = {}
        #: The whole file's totals rows of any kind, its grand totals and its sheets so far.
        self.epochs = [0, 0, 0]
        #: Where the last row that was read went: a firm's cluster, or a totals row's scope.
        self.last_scope: Scope = None

    def counted(self) -> list[tuple[str, RosterFigures, str | None]]:
        """Each cluster's name, figures and region, in the order they first appear."""
        return [
            (name, tally.result(), region[0] if (region := self.regions.get(name)) else None)
            for name, tally in self.tallies.items()
        ]

    def error(self, where: str, problem: str | Problem) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(InputError(str(self.path), where, problem))

    def note(self, code: str, args: dict[str, str], scope: Scope = None) -> None:
        self.notes.append((scope, Note(code, args)))

    def _running_of(self, cluster: str | None) -> _Running | None:
        """The running sums of a cluster that has firms, caught up with the whole file's
        totals rows."""
        running = self.running.get(cluster) if cluster is not None else None
        if running is not None:
            running.catch_up(self.epochs)
        return running

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
        self.whole.new_sheet()
        self.epochs[2] += 1
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
            if type(cell) is Formula or type(cell) is ErrorValue:
                kind = "formula_without_value" if type(cell) is Formula else "error_value"
                self.error(sheet.place(line, index, header), Problem(kind, value=str(cell)))
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
        subtotal = None if name is None else totals_kind(name)
        if subtotal is None and name is None and "credit_code" not in values:
            subtotal = next((True for f in _CHECKED if f in values), None)
        if subtotal is not None or (name is not None and is_part(name)):
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
        if failed or name is None or not self._revenues_agree(line, cells, values):
            return
        region = values.get("region")
        if region is not None and self._region_differs(line, cluster, region):
            return
        code = values.get("credit_code")
        if code is not None:
            seen = self.codes.get(cluster)
            if seen is None:
                seen = self.codes[cluster] = {}
            column = self.columns["credit_code"]
            first = seen.get(code)
            if first is not None:
                self.error(sheet.place(line, column.index, column.header), Problem("code_seen", value=code, first=first[0].place(first[1], first[2]), cluster=cluster))  # fmt: skip
                return
            seen[code] = (sheet, line, column.index if sheet.name else None)  # a cell, or a line
        elif self._repeated(line, cells, cluster):
            return
        if sheet.name is not None and self._on_another_sheet(line, name, cluster):
            return
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
        if sheet.name is not None and business is not None:
            self._shown_rounded(line, cells, name, business, cluster)
        self.last_line = line
        self.last_scope = cluster
        if "cluster" in self.columns:
            self.whole.add(line, values, cluster)
            running = self._running_of(cluster)
            if running is None:
                running = self.running[cluster] = _Running(self.epochs)
            running.add(line, values)
        else:
            self.whole.add(line, values)

    def _revenues_agree(self, line: int, cells: list[str], values: dict[str, Any]) -> bool:
        """Whether a firm's 主营业务收入 is at most its 营业收入, of which it is a part, as a
        firm given in ``[[enterprises]]`` must have; else an error at the 主营业务收入 cell."""
        business, revenue = values.get("main_business_revenue"), values.get("operating_revenue")
        if business is None or revenue is None or business <= revenue:
            return True
        part, whole = self.columns["main_business_revenue"], self.columns["operating_revenue"]
        most = cells[whole.index].strip()
        self.error(self.sheet.place(line, part.index, part.header), Problem(
            "part_above_whole", prefix="", part=part.header, value=cells[part.index].strip(),
            whole=whole.header, most=most, expected=f"≤ {most}", why=_PART_OF_REVENUE,
        ))  # fmt: skip
        return False

    def _repeated(self, line: int, cells: list[str], cluster: str) -> bool:
        """Whether a firm without a credit code repeats an earlier row of its cluster: the
        same name and the same cells in every column read, a row copied twice. Such a row
        is an error naming both, not a firm summed twice; rows are kept as 16-byte digests."""
        width = len(cells)
        texts = "\x00".join(
            INVISIBLE.sub("", cells[c.index].strip()) if c.index < width else ""
            for _, c in sorted(self.columns.items()) if c.field not in ("cluster", "region")
        )  # fmt: skip
        import hashlib  # here, not above: its OpenSSL would add 2 ms to ``import clustercheck``

        digest = hashlib.blake2b(texts.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        first = self.rows.setdefault(cluster, {}).setdefault(digest, (self.sheet, line))
        if first[1] == line and first[0] is self.sheet:
            return False
        self.error(self.sheet.place(line), Problem("repeated_row", first=first[0].place(first[1]), cluster=cluster))  # fmt: skip
        return True

    def _region_differs(self, line: int, cluster: str, region: str) -> bool:
        """Whether a firm gives its cluster another region than an earlier firm did (after
        NFKC and trimming): a cluster lies in one region, so this is an error at its cell,
        naming the first."""
        sheet, column = self.sheet, self.columns["region"]
        first = self.regions.get(cluster)
        if first is None:  # named as a line in a CSV file (in the message's language), a cell
            self.regions[cluster] = (region, sheet.place(line, column.index if sheet.name else None))  # fmt: skip
            return False
        if first[0] == region:
            return False
        where = sheet.place(line, column.index, column.header)
        self.error(where, Problem("region_differs", value=region, given=first[0], first=first[1], cluster=cluster))  # fmt: skip
        return True

    def _shown_rounded(
        self, line: int, cells: list[str], name: str, business: Decimal, cluster: str
    ) -> None:
        """Notes a workbook's 主营业务收入 whose digits past its second decimal place decide a
        leader test (5000.000000000001 万元, shown as 5,000.00, is over 5000万元): read as
        stored, as it must be, but seen by nobody looking at the sheet."""
        column = self.columns["main_business_revenue"]
        text = cells[column.index].strip()
        if _PLAIN_NUMBER.fullmatch(text) is None:
            return
        number = Decimal(text)
        exponent = number.as_tuple().exponent
        if not isinstance(exponent, int) or exponent >= -2:  # shown as it is
            return
        factor = MONEY_UNITS[column.unit or self.money_unit or "元"]
        shown = number.quantize(Decimal("0.01"), context=_SHOWN)
        if any(t.operator.holds(business, t.threshold) != t.operator.holds(shown * factor, t.threshold) for t in self.tests):  # fmt: skip
            args = {"file": self.sheet.label(self.path.name), "line": str(line), "label": name}
            self.note("shown_rounded", args | {"value": text, "shown": f"{shown:,}"}, cluster)

    def _on_another_sheet(self, line: int, name: str, cluster: str) -> bool:
        """Whether a firm of a workbook is named on an earlier worksheet in the same cluster,
        as in a backup copy of the roster sheet (``企业名册 (2)``) summed with the original:
        an error at its name, naming the first."""
        sheet = self.sheet
        first = self.sheet_names.setdefault((cluster, name), (sheet, line))
        if first[0].name == sheet.name:
            return False
        column = self.columns["name"]
        self.error(sheet.place(line, column.index, column.header), Problem("firm_on_two_sheets", value=name, first=first[0].place(first[1]), cluster=cluster, sheet=sheet.name))  # fmt: skip
        return True

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
        running = self._running_of(values.get("cluster"))
        scope: Scope = values["cluster"] if running is not None else self.last_scope
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
        if running is self.whole and mark.clusters:
            # a row with no cluster named goes with the clusters of the firms it sums: one,
            # for a subtotal under each cluster; all, for a grand total at the end
            scope = frozenset(mark.clusters)
        self.last_scope = scope
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
            self.epochs[0] += 1
            self.epochs[1] += not subtotal

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


def _find_header(
    path: Path, sheet: Sheet
) -> tuple[int, list[Column], list[str], int, list[str], int | None] | None:
    """The header row among the sheet's first rows: its line, the columns read, the headers
    not read, how many columns it spans (to its last header), its cells, and the year a
    title above it names (``2015年示例省产业集群企业名册``), if one does."""
    year = None
    for line, cells in sheet.rows:
        if line > _HEADER_SEARCH:
            break
        if is_header(cells):
            columns, unread = plan_columns(path, functools.partial(sheet.place, line), cells)
            width = max(i for i, cell in enumerate(cells) if cell_text(cell)) + 1
            return line, columns, unread, width, cells, year
        found = next((m for c in cells if (m := _TITLE_YEAR.search(cell_text(c)))), None)
        year = year if year is not None or found is None else int(found[1])
    return None


def _refuse_other_delimiter(path: Path) -> None:
    """Raises the error for a CSV file without a roster header whose cells are separated by
    semicolons or tabs (a European or a text export): a row among its first that would be a
    roster header, split so, is named."""
    for line, cells in next(sheets(path)).rows:
        if line > _HEADER_SEARCH:
            break
        for delimiter in (";", "\t"):
            if any(delimiter in c for c in cells) and is_header(
                delimiter.join(cells).split(delimiter)
            ):
                raise InputError(
                    str(path), f"line {line}", Problem("csv_delimiter", value=delimiter)
                )


#: A year in a roster's title: four digits before 年, not part of a longer number.
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")


def _sheet_notes(reading: _Reading, sheet: Sheet, unread: list[str], header_line: int) -> None:
    """What the reader notes about a sheet's header: columns not read, rows above it."""
    label = sheet.label(reading.path.name)
    if unread:
        reading.note("columns_unread", {"file": label, "columns": "、".join(unread)})
    if header_line > 1:
        reading.note("rows_above_header", {"file": label, "count": str(header_line - 1)})
    if sheet.hidden:
        reading.note("hidden_sheet_read", {"file": label})
    hidden = [n for n in sheet.hidden_rows if n > header_line]
    if hidden:
        reading.note("hidden_rows_read", {"file": label, "count": str(len(hidden)), "lines": _lines(hidden)})  # fmt: skip


def _blank_note(reading: _Reading, sheet: Sheet, blank: list[int], last_line: int) -> None:
    """Notes the empty rows between a sheet's firms: those after its last firm are the end of
    the sheet."""
    between = [n for n in blank if n < last_line]
    if between:
        label = sheet.label(reading.path.name)
        reading.note("blank_rows", {"file": label, "count": str(len(between)), "lines": _lines(between)})  # fmt: skip


def _lines(numbers: list[int]) -> str:
    """Line numbers as a note lists them: the first 20, then an ellipsis."""
    return "、".join(str(n) for n in numbers[:20]) + ("……" if len(numbers) > 20 else "")


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
    """The clusters of a roster file, in the order they first appear (see
    :func:`read_roster_each`)."""
    each = read_roster_each(
        path, tests, default_cluster=default_cluster, money_unit=money_unit,
        list_smes=list_smes, tables=tables, progress=progress,
    )  # fmt: skip
    return list(each)


def read_roster_each(
    path: Path,
    tests: Iterable[LeaderTest],
    *,
    default_cluster: str | None = None,
    money_unit: str | None = None,
    list_smes: bool = False,
    tables: Iterable[Sheet] | None = None,
    progress: Progress | None = None,
) -> Iterator[RosterCluster]:
    """The clusters of a roster file, in the order they first appear: the whole file is read
    (and every error raised) before this returns, and a CSV file's clusters are then made from
    the tally's sums one at a time, as they are asked for.

    Without a cluster column every row belongs to ``default_cluster`` (the file's name when
    not given). ``tables`` are the file's sheets when already open (all of them, or the one
    that holds the roster). Raises :class:`InputErrors` listing every bad row once the file
    is read. ``progress`` is told how many of a CSV file's bytes are read as it goes.
    """
    tests = tuple(dict.fromkeys(tests))
    reading = _Reading(path, tests, list_smes, money_unit)
    unheaded: list[str] = []
    headed = False
    year: int | None = None
    raw = open_csv(path) if path.suffix.lower() == ".csv" and tables is None else None
    for sheet in sheets(path, raw) if tables is None else tables:
        header = _find_header(path, sheet)
        if header is None:
            if sheet.name is not None:
                unheaded.append(sheet.name)
            continue
        headed = True
        header_line, columns, unread, width, header_cells, titled = header
        year = titled if year is None else year
        _sheet_notes(reading, sheet, unread, header_line)
        has_cluster = any(c.field == "cluster" for c in columns)
        fallback = "" if has_cluster else (default_cluster or path.stem)
        if raw is not None and not raw.closed:
            fast = tally_csv(
                raw, header_line, header_cells, columns, tests, fallback, money_unit, list_smes,
                progress=progress,
            )  # fmt: skip
            if fast is not None:
                raw.close()  # the row reader that opened it is not read to its end
                clusters, count, blank, last_line = fast
                _blank_note(reading, sheet, blank, last_line)
                return _clusters_each(path, clusters, count, reading.notes, year)
        if raw is not None and progress is not None and not raw.closed:
            sheet.rows = _told(sheet.rows, raw, progress)
        with localcontext(AMOUNTS):
            blank, last_line = reading.read_sheet(sheet, columns, width, fallback)
        _blank_note(reading, sheet, blank, last_line)
    if not headed:
        if raw is not None:
            _refuse_other_delimiter(path)
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
    return iter(_clusters(path, reading.counted(), reading.notes, year))


def _told(rows: Iterator[Row], raw: BinaryIO, progress: Progress) -> Iterator[Row]:
    """``rows``, telling ``progress`` every so many rows how many of the file's bytes are read."""
    size = os.fstat(raw.fileno()).st_size
    for count, row in enumerate(rows, start=1):
        if count % _ROWS_TOLD == 0 and not raw.closed:
            progress("bytes", raw.tell(), size)
        yield row
    progress("bytes", size, size)


def _clusters(
    path: Path,
    clusters: list[tuple[str, RosterFigures, str | None]],
    notes: list[tuple[Scope, Note]],
    year: int | None = None,
) -> list[RosterCluster]:
    """As :func:`_clusters_each`, all at once; ``clusters`` is emptied as they are made."""
    return list(_clusters_each(path, drained(clusters), len(clusters), notes, year))


def _clusters_each(
    path: Path,
    clusters: Iterator[tuple[str, RosterFigures, str | None]],
    count: int,
    notes: list[tuple[Scope, Note]],
    year: int | None = None,
) -> Iterator[RosterCluster]:
    """Each cluster (name, figures, region; ``count`` of them) with the notes on the whole
    file and those on it, in the order made, each made as it is asked for: each note is
    visited once, not once a cluster (``year``: the one the roster's title gives)."""
    if not count:
        raise InputError(str(path), "", Problem("no_firms"))
    everyone: list[tuple[int, Note]] = []
    own: dict[str, list[tuple[int, Note]]] = {}
    for order, (scope, note) in enumerate(notes):
        if scope is None:
            everyone.append((order, note))
        else:
            for name in (scope,) if isinstance(scope, str) else scope:
                own.setdefault(name, []).append((order, note))
    shared = tuple(n for _, n in everyone)
    return (
        RosterCluster(name, _remarked(figures, shared, everyone, own.get(name)), year, region)
        for name, figures, region in clusters
    )


def _remarked(
    figures: RosterFigures,
    shared: tuple[Note, ...],
    everyone: list[tuple[int, Note]],
    own: list[tuple[int, Note]] | None,
) -> RosterFigures:
    """A cluster's figures with the notes on the whole file (``shared``, ``everyone`` with
    their order) and those on it (``own``) in the order made; the figures themselves where
    they carry these already (no note at all, the usual roster), not a copy."""
    remarks = (
        shared
        if own is None
        else tuple(n for _, n in heapq.merge(everyone, own, key=itemgetter(0)))
    )
    return figures if remarks == figures.remarks else attrs.evolve(figures, remarks=remarks)
