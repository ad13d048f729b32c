"""Roster files: the rows of reviewers' Excel exports, read into one tally per cluster.

Rows are checked as they are read; every bad cell is reported with its line, column and
value, and every row is either counted or named in a warning with the reason it was not.
A CSV file is summed by the compiled tally when it is built (:mod:`._roster_fast`); the
row-by-row reader here reads everything else, and reads again whatever the tally gives up on,
so which one ran never changes a result or an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import localcontext
from pathlib import Path
from typing import Any

import attrs

from ._errors import FigureError, InputError, InputErrors
from ._report import Note
from ._roster import Tally
from ._roster_cells import AMOUNTS, Column, cell_parser, is_header, plan_columns
from ._roster_fast import tally_csv
from ._roster_figures import LeaderTest, RosterFigures, RosterRead
from ._sheet import open_csv, sheet_rows
from ._sizes import sme_by_figures

_HEADER_SEARCH = 30
MAX_ERRORS = 1000


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


def _warnings(
    path: Path, unread: list[str], header_line: int, blank: list[int]
) -> tuple[Note, ...]:
    """What the reader noted about the file: columns not read, rows above the header, and
    empty rows between firms."""
    notes = []
    if unread:
        notes.append(Note("columns_unread", {"file": path.name, "columns": "、".join(unread)}))
    if header_line > 1:
        notes.append(Note("rows_above_header", {"file": path.name, "count": str(header_line - 1)}))
    if blank:
        lines = "、".join(str(n) for n in blank[:20]) + ("……" if len(blank) > 20 else "")
        notes.append(
            Note("blank_rows", {"file": path.name, "count": str(len(blank)), "lines": lines})
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
    tests = tuple(dict.fromkeys(tests))
    raw = open_csv(path) if path.suffix.lower() == ".csv" else None
    rows = sheet_rows(path, raw)  # closes raw once read, or dropped
    header: tuple[int, list[Column], list[str], list[str]] | None = None
    for line, cells in rows:
        if line > _HEADER_SEARCH:
            break
        if is_header(cells):
            header = (line, *plan_columns(path, line, cells), cells)
            break
    if header is None:
        raise InputError(
            str(path), "", f"no header row in the first {_HEADER_SEARCH} rows; expected a row "
            "with 企业名称 (name) and columns such as 营业收入(万元), 主营业务收入(万元), 从业人员"
        )  # fmt: skip
    header_line, columns, unread, header_cells = header
    fallback = (
        (default_cluster or path.stem) if not any(c.field == "cluster" for c in columns) else ""
    )
    read = None
    if raw is not None:
        read = tally_csv(
            raw, header_line, header_cells, columns, tests, fallback, money_unit, list_smes
        )
    if read is None:
        read = _read_rows(path, rows, columns, tests, fallback, money_unit, list_smes)
    clusters, blank, last_line = read
    if not clusters:
        raise InputError(str(path), "", "no firms below the header row; expected one row per firm")
    notes = _warnings(path, unread, header_line, _trailing_trimmed(blank, last_line))
    return [RosterCluster(name, attrs.evolve(figures, remarks=notes)) for name, figures in clusters]


def _read_rows(
    path: Path, rows: Iterable[tuple[int, list[str]]], columns: list[Column],
    tests: tuple[LeaderTest, ...], fallback: str, money_unit: str | None, list_smes: bool,
) -> RosterRead:  # fmt: skip
    """The rows below the header read one by one; raises :class:`InputErrors` listing every
    bad row once all are read."""
    reading = _Reading(path, tests, list_smes)
    plan = [(c.index, c.field, c.header, cell_parser(c, money_unit)) for c in columns]
    with localcontext(AMOUNTS):
        for line, cells in rows:
            reading.row(line, cells, plan, fallback)
    if reading.errors:
        if reading.error_count > len(reading.errors):
            reading.errors.append(InputError(str(path), "", f"and {reading.error_count - len(reading.errors)} more errors"))  # fmt: skip
        raise InputErrors(reading.errors)
    clusters = [(name, tally.result()) for name, tally in reading.tallies.items()]
    return clusters, reading.blank, reading.last_line


def _trailing_trimmed(blank: list[int], last_line: int) -> list[int]:
    """The empty rows before the last firm: those after it are the end of the sheet."""
    return [n for n in blank if n < last_line]
