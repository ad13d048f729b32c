"""A filled fill-in workbook (``clustercheck template``) read as one cluster.

Its sheets are found by name, in Chinese or English: the declared figures (申报数据, one row
a figure, found by its key in the 字段 column), the yearly figures (年度数据, one row a year),
the reviewer's findings (核查意见, 是/否 by criterion id) and the roster (企业名册, read as any
roster sheet is). Every value is read as a cluster file's would be, and every error names
its sheet and cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from ..base.errors import FigureError, InputError, InputErrors, Problem
from ..base.figures import MONEY_UNITS
from ..base.labels import word, words_of
from ..base.messages import Phrase
from ..model.cluster import Cluster
from ..model.roster import LeaderTest
from .figure_names import BASIC, BY_KEY, YEARLY_HEADERS, cell_value, header_key
from .placed import Places, cluster_at_cells
from .roster_cells import is_header, read_flag
from .roster_file import read_roster
from .table import Row, Sheet, column_letter, sheet_ref
from .workbook import workbook_sheets

_HEADER_SEARCH = 10


def _phrase(key: str) -> Phrase:
    """A sheet's or column's name as a message shows it: in the message's language, the other
    language's name (which reads too) in brackets."""
    zh, en = word(key, "zh"), word(key, "en")
    return Phrase(f"{en} (or {zh})", f"{zh}（或 {en}）")


DECLARED_SHEETS = words_of("form_declared")
_YEARLY_SHEETS = words_of("form_yearly")
_FINDINGS_SHEETS = words_of("form_findings")
_ROSTER_SHEETS = words_of("form_roster")


#: The sheets only a fill-in workbook has (a roster sheet's name is any roster's too).
_FORM_SHEETS = DECLARED_SHEETS | _YEARLY_SHEETS | _FINDINGS_SHEETS
#: A sheet copied within its workbook: Excel and WPS name it ``申报数据 (2)``.
_COPY = re.compile(r"(.+?)\s*[(（]\d+[)）]")
_DECLARED_NAME = word("form_declared", "zh")


def is_form(sheet_names: Sequence[str]) -> bool:
    """Whether a workbook with these worksheets is a fill-in workbook: it has the sheet of
    declared figures, of yearly figures or of findings (or a copy of one)."""
    return any(
        name in _FORM_SHEETS
        or ((copied := _COPY.fullmatch(name)) is not None and copied.group(1) in _FORM_SHEETS)
        for name in sheet_names
    )


class _Form:
    """The state of reading one form: the data a cluster file would hold, the cell of each
    value, and the errors found."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {}
        self.places: Places = {}
        self.errors: list[InputError] = []

    def cell(self, sheet: Sheet, line: int, index: int) -> str:
        return f"{sheet_ref(sheet.name or '')}!{column_letter(index)}{line}"

    def error(self, where: str, problem: Problem) -> None:
        self.errors.append(InputError(str(self.path), where, problem))

    def put(self, key: tuple[str, ...], value: object, where: str) -> None:
        """Sets a top-level value (``("name",)``) or one of a table (``("declared", …)``)."""
        table = self.data if len(key) == 1 else self.data.setdefault(key[0], {})
        table[key[-1]] = value
        self.places[key] = where


def _header(rows: list[Row], words: set[str]) -> tuple[int, dict[str, int]] | None:
    """The first row naming every one of ``words``' columns (in either language), and the
    index of each column by its header key."""
    for position, (_, cells) in enumerate(rows[:_HEADER_SEARCH]):
        keys = {header_key(c)[0]: i for i, c in enumerate(cells) if c.strip()}
        if {header_key(w)[0] for w in words} & keys.keys():
            return position, keys
    return None


def _column(keys: dict[str, int], word_key: str) -> int | None:
    return next(
        (keys[k] for k in (header_key(w)[0] for w in words_of(word_key)) if k in keys), None
    )


def _declared(form: _Form, sheet: Sheet, rows: list[Row]) -> None:
    found = _header(rows, words_of("form_key"))
    where_sheet = sheet_ref(sheet.name or "")
    if found is None:
        form.error(f"{where_sheet}!A1", Problem("form_no_header", sheet=sheet.name, expected=_phrase("form_key")))  # fmt: skip
        return
    position, keys = found
    key_at, value_at, unit_at = (_column(keys, k) for k in ("form_key", "value", "form_unit"))
    if key_at is None or value_at is None:
        form.error(f"{where_sheet}!A{rows[position][0]}", Problem("form_no_header", sheet=sheet.name, expected=_phrase("value")))  # fmt: skip
        return
    basic = {f.key for f in BASIC}
    seen: dict[str, str] = {}
    for line, cells in rows[position + 1 :]:
        key = _at(cells, key_at)
        value = _at(cells, value_at)
        if not key:
            continue
        figure = BY_KEY.get(key)
        if figure is None:
            form.error(form.cell(sheet, line, key_at), Problem("form_unknown_key", value=key, expected="、".join(BY_KEY)))  # fmt: skip
            continue
        key_cell = form.cell(sheet, line, key_at)
        if key in seen:
            form.error(key_cell, Problem("form_key_twice", value=key, first=seen[key]))
            continue
        seen[key] = key_cell
        where = form.cell(sheet, line, value_at)
        path: tuple[str, ...] = (key,) if key in basic else ("declared", key)
        form.places[path] = where
        if not value:
            continue
        unit = _at(cells, unit_at) if unit_at is not None else ""
        try:
            read = cell_value(
                figure, value, unit or None, percents_seen=sheet.percents_seen,
                fraction_ambiguous=True,
            )  # fmt: skip
        except FigureError as exc:
            form.errors.append(
                _unit_error(form, sheet, line, unit_at, exc) or exc.at(str(form.path), where)
            )
            continue
        form.put(path, read, where)


def _unit_error(
    form: _Form, sheet: Sheet, line: int, unit_at: int | None, error: FigureError
) -> InputError | None:
    """A figure's error that is about its row's unit, named at the unit's cell: the unit left
    empty, or one the reader does not know."""
    if unit_at is None or error.code not in ("cell_without_unit", "share_without_unit", "not_unit"):
        return None
    where = form.cell(sheet, line, unit_at)
    if error.code == "not_unit":
        return error.at(str(form.path), where)
    expected = "%" if error.code == "share_without_unit" else "、".join(MONEY_UNITS)
    problem = Problem("form_unit_empty", value=error.value, expected=expected)
    return InputError(str(form.path), where, problem)


def _yearly(form: _Form, sheet: Sheet, rows: list[Row]) -> None:
    found = _header(rows, words_of("form_year"))
    if found is None:
        return
    position, _ = found
    header_line, header = rows[position]
    year_at = _column({header_key(c)[0]: i for i, c in enumerate(header)}, "form_year")
    columns = []
    for index, text in enumerate(header):
        name, unit = header_key(text, known=YEARLY_HEADERS)
        figure = YEARLY_HEADERS.get(name)
        if figure is not None:
            columns.append((index, figure, unit))
        elif text.strip() and index != year_at:
            form.error(form.cell(sheet, header_line, index), Problem("form_unknown_column", value=text, expected="、".join(f.zh for f in YEARLY_HEADERS.values())))  # fmt: skip
    years: list[dict[str, Any]] = []
    for line, cells in rows[position + 1 :]:
        if year_at is None or not any(c.strip() for c in cells):
            continue
        item: dict[str, Any] = {}
        number = len(years)
        year = _at(cells, year_at)
        form.places[("yearly", number, "year")] = form.cell(sheet, line, year_at)
        item["year"] = int(year) if year.isascii() and year.isdigit() else year
        for index, figure, unit in columns:
            value = _at(cells, index)
            if not value:
                continue
            where = form.cell(sheet, line, index)
            try:
                item[figure.key] = cell_value(
                    figure, value, unit, percents_seen=sheet.percents_seen
                )
            except FigureError as exc:
                form.errors.append(exc.at(str(form.path), where))
                continue
            form.places[("yearly", number, figure.key)] = where
        form.places[("yearly", number)] = form.cell(sheet, line, year_at)
        years.append(item)
    if years:
        form.data["yearly"] = years
        form.places[("yearly",)] = f"{sheet_ref(sheet.name or '')}!A{rows[position][0]}"


def _findings(form: _Form, sheet: Sheet, rows: list[Row]) -> None:
    found = _header(rows, words_of("form_id"))
    if found is None:
        return
    position, keys = found
    id_at, finding_at = _column(keys, "form_id"), _column(keys, "form_finding")
    if id_at is None or finding_at is None:
        return
    attested: dict[str, bool] = {}
    for line, cells in rows[position + 1 :]:
        criterion, finding = _at(cells, id_at), _at(cells, finding_at)
        if not criterion or not finding:
            continue
        try:
            attested[criterion] = read_flag(finding)
        except FigureError as exc:
            form.errors.append(exc.at(str(form.path), form.cell(sheet, line, finding_at)))
    if attested:
        form.data["attested"] = attested


def _at(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def read_form(
    path: Path, leader_tests: Sequence[LeaderTest] = (), *, list_firms: bool = False
) -> Cluster:
    """The one cluster of a filled fill-in workbook, its roster sheet summed with
    ``leader_tests`` when it lists firms."""
    form = _Form(path)
    roster: list[Sheet] = []
    names: list[str] = []
    for sheet in workbook_sheets(path):
        name = sheet.name or ""
        names.append(name)
        copied = _COPY.fullmatch(name)
        if copied is not None and copied.group(1) in _FORM_SHEETS:
            form.error(f"{sheet_ref(name)}!A1", Problem("form_sheet_copy", sheet=name, original=copied.group(1)))  # fmt: skip
            continue
        if name in _ROSTER_SHEETS:
            rows = list(sheet.rows)
            header = next((i for i, (_, cells) in enumerate(rows) if is_header(cells)), None)
            if header is not None and any(any(c.strip() for c in r) for _, r in rows[header + 1 :]):
                roster.append(sheet.with_rows(iter(rows)))
            continue
        if name in DECLARED_SHEETS:
            _declared(form, sheet, list(sheet.rows))
        elif name in _YEARLY_SHEETS:
            _yearly(form, sheet, list(sheet.rows))
        elif name in _FINDINGS_SHEETS:
            _findings(form, sheet, list(sheet.rows))
    _missing_sheets(form, names)
    try:
        cluster = cluster_at_cells(
            form.data, form.places, str(path), leader_tests=leader_tests, list_firms=list_firms
        )
    except InputError as exc:  # reported with the cells that could not be read, all at once
        raise InputErrors([*form.errors, *exc.errors]) from None  # type: ignore[list-item]
    if form.errors:
        raise InputErrors(form.errors)
    if not roster:
        return cluster
    parts = read_roster(
        path, leader_tests, default_cluster=cluster.name, list_smes=list_firms, tables=roster
    )
    if len(parts) > 1:
        found = "、".join(repr(p.name) for p in parts)
        raise InputError(
            str(path), "",
            Problem("roster_other_clusters", value=found, origin=_DECLARED_NAME, expected=cluster.name),
            sheet=roster[0].name,
        )  # fmt: skip
    return attrs.evolve(cluster, roster=parts[0].figures)


def _missing_sheets(form: _Form, names: list[str]) -> None:
    """Refuse a form without its sheet of declared figures or of findings (deleted, or
    renamed): the figures or findings on it would be missing in silence. A workbook with
    none of a form's sheets is no form at all."""
    if not is_form(names):
        raise InputError(str(form.path), "", Problem("not_form", expected=_phrase("form_declared")))
    for wanted, key in ((DECLARED_SHEETS, "form_declared"), (_FINDINGS_SHEETS, "form_findings")):
        if not wanted & set(names):
            expected = _phrase(key)
            problem = Problem("form_sheet_missing", expected=expected, sheets="、".join(names))
            if key == "form_declared":
                raise InputErrors([*form.errors, InputError(str(form.path), "", problem)])
            form.errors.append(InputError(str(form.path), "", problem))
