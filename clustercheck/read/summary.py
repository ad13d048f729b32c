"""A summary table of many clusters (a province's 推荐汇总表): one row per cluster, one column
per fact or declared figure, the unit in the header (``营业收入(亿元)``, ``主导产业占比(%)``).

It is told from a firm roster by its header: a cluster name and declared figures or
findings, and no firm name. Each row is read as a cluster file would be, and every error names
its sheet and cell (or line, in a CSV file).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..base.errors import FigureError, InputError, InputErrors, Problem
from ..base.notes import Note
from ..model.cluster import Cluster
from .figure_names import (
    ATTESTATION_HEADERS,
    BASIC,
    SUMMARY_HEADERS,
    FigureName,
    cell_value,
    header_key,
)
from .placed import Places, cluster_at_cells
from .roster_cells import IGNORED, is_header, read_flag, totals_kind
from .table import Row, Sheet

HEADER_SEARCH = 30
_BASIC = {f.key for f in BASIC}

#: A column of a summary table: its index, header, and the figure or the criterion it gives.
Column = tuple[int, str, FigureName | str, str | None]


def summary_columns(cells: Sequence[str]) -> list[Column] | None:
    """The columns of a summary table's header row; None when the row is not one (it names
    no cluster, nothing else, or a firm: then it is a roster's)."""
    if is_header(cells):
        return None
    columns: list[Column] = []
    for index, text in enumerate(cells):
        key, unit = header_key(text, known=SUMMARY_HEADERS)
        if not key:
            continue
        figure = SUMMARY_HEADERS.get(key)
        if figure is not None:
            columns.append((index, text.strip(), figure, unit))
        elif key in ATTESTATION_HEADERS:
            columns.append((index, text.strip(), ATTESTATION_HEADERS[key], None))
    named = any(isinstance(c[2], FigureName) and c[2].key == "name" for c in columns)
    others = any(not (isinstance(c[2], FigureName) and c[2].key in _BASIC) for c in columns)
    return columns if named and others else None


def find_summary_header(rows: Iterable[Row]) -> tuple[int, list[Column]] | None:
    """The position of a summary table's header among the first rows, and its columns."""
    for position, (line, cells) in enumerate(rows):
        if line > HEADER_SEARCH:
            return None
        columns = summary_columns(cells)
        if columns is not None:
            return position, columns
    return None


def read_summary(
    path: Path, tables: Iterable[tuple[Sheet, list[Row]]]
) -> tuple[list[Cluster], list[Note]]:
    """The clusters of a summary table's sheets (each sheet with its rows), in row order, and
    notes on the rows that are not clusters. Raises :class:`InputErrors` with every bad cell."""
    clusters: list[Cluster] = []
    notes: list[Note] = []
    errors: list[InputError] = []
    seen: dict[tuple[str, str | None, int | None], str] = {}
    for sheet, rows in tables:
        found = find_summary_header(rows)
        if found is None:
            continue
        position, columns = found
        _note_unread(path, sheet, rows[position][1], columns, notes)
        for line, cells in rows[position + 1 :]:
            if not any(c.strip() for c in cells):
                continue
            try:
                cluster = _row(path, sheet, line, cells, columns, notes)
            except InputError as exc:
                errors.extend(exc.errors)  # type: ignore[arg-type]
                continue
            if cluster is None:
                continue
            mark = (unicodedata.normalize("NFKC", cluster.name), cluster.region, cluster.year)
            if mark in seen:
                place = Problem("summary_row_twice", value=cluster.name, first=seen[mark])
                errors.append(InputError(str(path), sheet.place(line), place))
                continue
            seen[mark] = sheet.place(line)
            clusters.append(cluster)
    if errors:
        raise InputErrors(errors)
    if not clusters:
        raise InputError(str(path), "", Problem("no_clusters_in_summary"))
    return clusters, notes


def _note_unread(
    path: Path, sheet: Sheet, header: list[str], columns: list[Column], notes: list[Note]
) -> None:
    """Notes the header's columns that are not read, so that a misspelt one is seen."""
    read = {index for index, *_ in columns}
    unread = [
        text.strip()
        for index, text in enumerate(header)
        if text.strip() and index not in read and header_key(text)[0] not in IGNORED
    ]
    if unread:
        notes.append(
            Note("columns_unread", {"file": sheet.label(path.name), "columns": "、".join(unread)})
        )


def _row(
    path: Path, sheet: Sheet, line: int, cells: list[str], columns: list[Column], notes: list[Note]
) -> Cluster | None:
    data: dict[str, Any] = {}
    places: Places = {}
    errors: list[InputError] = []
    for index, header, target, unit in columns:
        text = cells[index].strip() if index < len(cells) else ""
        where = sheet.place(line, index, header)
        if isinstance(target, str):
            path_key: tuple[str, ...] = ("attested", target)
        else:
            path_key = (target.key,) if target.key in _BASIC else ("declared", target.key)
        places[path_key] = where
        if not text:
            continue
        try:
            value = (
                read_flag(text)
                if isinstance(target, str)
                else cell_value(target, text, unit, percents_seen=sheet.percents_seen)
            )
        except FigureError as exc:
            errors.append(exc.at(str(path), where))
            continue
        table = data if len(path_key) == 1 else data.setdefault(path_key[0], {})
        table[path_key[-1]] = value
    name = data.get("name")
    if isinstance(name, str) and totals_kind(name) is not None:
        notes.append(
            Note(
                "summary_totals_row",
                {"file": sheet.label(path.name), "line": str(line), "label": name},
            )
        )
        return None
    if errors:
        raise InputErrors(errors)
    places[("attested",)] = sheet.place(line)
    return cluster_at_cells(data, places, str(path))
