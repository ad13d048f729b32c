"""What a spreadsheet holds, told from what it says: a fill-in workbook (one cluster), a
summary table (one cluster a row) or a firm roster (one cluster per value of its cluster
column), and the clusters read from it.

A summary table and a roster are told apart by the header: a firm name makes a roster; a
cluster name with declared figures or findings, and no firm name, makes a summary table, and
a note says the file was read so. A workbook's sheets are read once: those looked at to tell
are handed on to the roster's reader as they were read.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..base.errors import InputError, Problem
from ..base.notes import Note
from ..base.progress import Progress
from ..model.cluster import Cluster
from ..model.roster import LeaderTest
from .form import is_form, read_form
from .outputs import is_output_table
from .roster_cells import is_header
from .roster_fast import missing_tally
from .roster_file import read_roster_each
from .sheet import sheets
from .summary import HEADER_SEARCH, find_summary_header, read_summary
from .table import Row, Sheet
from .workbook import WORKBOOK_SUFFIXES, sheet_names

OnNote = Callable[[Note], None]


def _until(rows: Iterator[Row]) -> Iterator[Row]:
    """The rows up to and including the first below the header search (which ends it)."""
    for row in rows:
        yield row
        if row[0] > HEADER_SEARCH:
            return


def clusters_of_table(
    path: Path,
    leader_tests: Sequence[LeaderTest],
    *,
    list_firms: bool,
    on_note: OnNote,
    progress: Progress | None = None,
) -> Iterable[Cluster]:
    """The clusters of a spreadsheet: a fill-in workbook's one, a summary table's rows, or a
    roster's clusters, each made as it is asked for once the file is read (``progress`` is
    told how much of a CSV roster is read)."""
    workbook = path.suffix.lower() in WORKBOOK_SUFFIXES
    if workbook and is_form(sheet_names(path)):
        return [read_form(path, leader_tests, list_firms=list_firms)]
    opened = iter(sheets(path))
    looked: list[tuple[Sheet, list[Row]]] = []
    summary = False
    for sheet in opened:
        rows = list(_until(sheet.rows))
        looked.append((sheet, rows))
        head = [r for r in rows if r[0] <= HEADER_SEARCH]
        if is_output_table(head):
            for looked_at, _ in looked:
                _close(looked_at)
            raise InputError(str(path), "", Problem("earlier_output"))
        if any(is_header(cells) for _, cells in head):
            break
        if find_summary_header(head) is not None:
            summary = True
            break
    if summary:
        tables = [(s, rows + list(s.rows)) for s, rows in looked]
        tables += [(s, list(s.rows)) for s in opened]
        clusters, notes = read_summary(path, tables)
        on_note(Note("read_as_summary", {"file": path.name, "count": str(len(clusters))}))
        for note in notes:
            on_note(note)
        return clusters
    if not workbook:
        for sheet, _ in looked:
            _close(sheet)
        slow = missing_tally(path)
        if slow is not None:
            on_note(slow)
        parts = read_roster_each(path, leader_tests, list_smes=list_firms, progress=progress)
    else:
        again = [s.with_rows(itertools.chain(rows, s.rows)) for s, rows in looked]
        parts = read_roster_each(
            path, leader_tests, list_smes=list_firms, tables=itertools.chain(again, opened)
        )
    return (  # each made as it is asked for, from the roster's sums
        Cluster(name=p.name, roster=p.figures, source=str(path), year=p.year, region=p.region)
        for p in parts
    )


def _close(sheet: Sheet) -> None:
    """Closes the file under a CSV sheet whose first rows were looked at."""
    close = getattr(sheet.rows, "close", None)
    if close is not None:
        close()
