"""CSV rosters summed by the compiled tally, with exactly the results of the row-by-row reader.

The tally (``_ctally``, built from ``_ctally.c`` where a C compiler is at hand) reads the
plain CSV that spreadsheets export and asks :meth:`_Cells.convert` what a cell means whenever
it meets text it has not seen, so the rules of :mod:`._roster_cells` stay the only rules.
When a file holds anything else — a bad cell, a quote inside a field, a duplicate credit
code, a figure it cannot hold exactly — the tally gives up, :func:`tally_csv` returns None,
and the row-by-row reader reads the file and reports every problem. Without the compiled
module the same tally in Python (:mod:`.roster_python`) reads CSV rosters, more slowly.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any, BinaryIO

from ..base.errors import FigureError
from ..base.figures import MONEY_UNITS
from ..base.notes import Note
from ..base.progress import Progress
from ..model.roster import NAMES_SHOWN, Leaders, LeaderTest, Names, RosterFigures, RosterRead
from ..model.sizes import EMPLOYEE_LIMIT, REVENUE_LIMIT, is_industry
from .roster_cells import AMOUNTS, MONEY_FIELDS, Column, cell_parser, cell_text, totals_kind
from .roster_python import SCALE_DIGITS, GiveUp, leader_bound, scaled, tally_rows
from .sheet import csv_encoding

try:
    from . import _ctally
except ImportError:  # built where no C compiler was at hand
    _ctally = None  # type: ignore[assignment]

#: Whether the compiled tally is there.
AVAILABLE = _ctally is not None
#: A CSV roster this large (some 100,000 firms) read without the tally is worth a word.
LARGE_ROSTER = 8 << 20
#: Whether that word was said in this process: it is said once.
_told_missing = False
#: Whether the Python tally reads CSV rosters where the compiled one is not there (switched
#: off, every roster is read row by row: the reference the tallies are tested against).
PYTHON = True

_PIECE = 1 << 20
#: Once this many bytes of a file wait to be read, the compiled tally reads them in two halves
#: on two threads (0: always on one). Private: tests lower it to read small files so.
_SPLIT = 4 << 20

#: The tally's name for each field's kind.
_KINDS = {
    "name": "NAME", "credit_code": "CREDIT", "cluster": "CLUSTER",
    "main_business_revenue": "BUSINESS", "operating_revenue": "REVENUE", "rd_expense": "RD",
    "employees": "EMPLOYEES", "size": "SIZE", "sector": "SECTOR", "in_main_industry": "MAIN",
    "related": "RELATED", "region": "REGION",
}  # fmt: skip


@functools.cache
def _spaces() -> tuple[int, ...]:
    """The code points above ASCII that ``str.strip()`` removes (none lies above U+3000)."""
    return tuple(c for c in range(0x80, 0x3001) if chr(c).isspace())


def unscaled(total: int, places: int) -> Decimal:
    """A sum of 元 × 10⁶ as the Decimal that summing the amounts gives: same value, same
    decimal places."""
    return Decimal(f"{total // 10 ** (SCALE_DIGITS - places)}E-{places}")


class _Cells:
    """What the tally asks about a cell's text, answered by the rules of every reader."""

    def __init__(
        self, columns: list[Column], money_unit: str | None, clusters: list[str], regions: list[str]
    ) -> None:
        self.parsers: dict[int, Callable[[str], Any]] = {
            getattr(_ctally, _KINDS[c.field]): cell_parser(c, money_unit) for c in columns
        }
        self.clusters = clusters
        #: Each cluster's index by its normalised name, so a new spelling is looked up at once.
        self.indexes = {name: index for index, name in enumerate(clusters)}
        self.regions = regions

    def convert(self, kind: int, raw: bytes) -> object:
        """A new cluster's index, a region's index, a word's meaning as a number, money as :func:`scaled`, a
        count, a credit code in capitals, or for a name 1 when it is a totals row's; a bad
        cell raises :class:`FigureError`."""
        text = raw.decode("utf-8")
        if kind == _ctally.NAME:  # a name the tally asks about: whether it is a totals row's
            return int(totals_kind(text) is not None)
        value = self.parsers[kind](text)
        if kind == _ctally.CLUSTER:  # names equal once normalised are one cluster
            index = self.indexes.get(value)
            if index is None:
                index = self.indexes[value] = len(self.clusters)
                self.clusters.append(value)
            return index
        if kind == _ctally.REGION:  # regions equal once normalised are one region
            if value not in self.regions:
                self.regions.append(value)
            return self.regions.index(value)
        if kind in (_ctally.BUSINESS, _ctally.REVENUE, _ctally.RD):
            return scaled(value)
        if kind == _ctally.SIZE:
            return 1 if value.is_sme else 2
        if kind == _ctally.SECTOR:
            return int(is_industry(value))
        if kind in (_ctally.MAIN, _ctally.RELATED):
            return int(value)
        if kind == _ctally.CREDIT:
            return bytes(value, "ascii")
        return value


def _bound(test: LeaderTest) -> tuple[int, int]:
    """The test as the compiled tally takes it: (operator, whole threshold of 元 × 10⁶)."""
    name, whole = leader_bound(test)
    return getattr(_ctally, name), whole


def _utf8(handle: BinaryIO, cuts: Iterable[int]) -> Iterator[bytes]:
    """The file in pieces of UTF-8, read ``cuts`` bytes at a time and then 1 MiB at a time:
    a byte-order mark dropped, a GBK file converted. The encoding is told by
    :func:`.sheet.csv_encoding`, as the row reader tells it, however the file is cut."""
    utf8 = csv_encoding(handle) == "utf-8-sig"
    handle.seek(len(codecs.BOM_UTF8) if utf8 and handle.read(3) == codecs.BOM_UTF8 else 0)
    decoder = None if utf8 else codecs.getincrementaldecoder("gb18030")()
    for size in itertools.chain(cuts, itertools.repeat(_PIECE)):
        piece = handle.read(size)
        if not piece:
            break
        yield piece if decoder is None else decoder.decode(piece).encode("utf-8")
    if decoder is not None:
        yield decoder.decode(b"", final=True).encode("utf-8")


def _told(pieces: Iterator[bytes], handle: BinaryIO, progress: Progress) -> Iterator[bytes]:
    """``pieces``, telling ``progress`` how many of the file's bytes are read after each."""
    size = os.fstat(handle.fileno()).st_size
    for piece in pieces:
        yield piece
        progress("bytes", handle.tell(), size)


def _new_tally(
    columns: list[Column], header: Sequence[object], tests: tuple[LeaderTest, ...], cells: _Cells,
    header_line: int, money_unit: str | None, list_smes: bool,
) -> _ctally.Tally:  # fmt: skip
    """A tally for the roster's columns, its leader tests and the size rule's limits. A cell
    filled beyond the header's last named column makes it give up."""
    kinds = [-1] * _ctally.KINDS
    for column in columns:
        kinds[getattr(_ctally, _KINDS[column.field])] = column.index
    units = {c.field: c.unit or money_unit for c in columns}
    factors = [int(MONEY_UNITS[u]) if (u := units.get(f)) else 0 for f in MONEY_FIELDS]
    return _ctally.Tally(
        columns=kinds,
        width=max((i + 1 for i, cell in enumerate(header) if cell_text(cell)), default=0),
        factors=factors,
        convert=cells.convert,
        leader_tests=[_bound(t) for t in tests],
        revenue_limit=int(REVENUE_LIMIT) * 10**SCALE_DIGITS,
        employee_limit=EMPLOYEE_LIMIT,
        spaces=_spaces(),
        skip_lines=header_line,
        list_smes=list_smes,
        names_shown=NAMES_SHOWN,
        split=_SPLIT,
    )


def _fed(tally: _ctally.Tally, pieces: Iterable[bytes]) -> bool:
    """Feeds the whole file to the tally; False when it gave up."""
    return all(tally.feed(piece, False) for piece in pieces) and tally.feed(b"", True)


def _decoded(names: Iterable[bytes]) -> tuple[str, ...]:
    return tuple(map(bytes.decode, names))  # from UTF-8, as the tally checked each byte


_NONE = Names()
#: Names as a tally keeps them (UTF-8 bytes in the compiled one, text in Python's) to text.
Texts = Callable[[Iterable[Any]], tuple[str, ...]]


def _figures(summed: tuple[Any, ...], tests: tuple[LeaderTest, ...], text: Texts) -> RosterFigures:
    """A cluster's figures from what the tally summed for it."""
    firms, smes, sums, places, lacking, leaders, sme_names, _ = summed
    revenue, main, rd = itertools.starmap(unscaled, zip(sums, places, strict=True))
    no_revenue, no_flag, no_rd, no_business, proxied, undecided = [
        Names(count, text(first)) if count else _NONE for count, first in lacking
    ]
    return RosterFigures(
        firms=firms, operating_revenue=revenue, lacking_operating_revenue=no_revenue,
        main_industry_revenue=main, lacking_main_flag=no_flag, rd_expense=rd,
        lacking_rd_expense=no_rd,
        leaders={t: _leaders(leaders, 3 * i, text) for i, t in enumerate(tests)},
        proxied=proxied, lacking_business_revenue=no_business, related_smes=smes,
        undecided_size=undecided,
        related_sme_names=None if sme_names is None else text(sme_names),
    )  # fmt: skip


def _leaders(leaders: Sequence[Any], start: int, text: Texts) -> Leaders:
    """One leader test's firms, from its three lists from ``start`` on: none shared as one."""
    certain, proxied, at_limit = leaders[start : start + 3]
    if not (certain or proxied or at_limit):
        return _NO_LEADERS
    return Leaders(text(certain), text(proxied), text(at_limit))


_NO_LEADERS = Leaders()


def missing_tally(path: Path) -> Note | None:
    """Once in a process, for a large CSV roster read without the compiled tally: a note that
    it would be read some ten times faster with it, and how to get it."""
    global _told_missing
    if AVAILABLE or _told_missing:
        return None
    size = path.stat().st_size
    if size < LARGE_ROSTER:
        return None
    _told_missing = True
    return Note("tally_missing", {"file": path.name, "size": f"{size / (1 << 20):.0f} MB"})


def _compiled(
    handle: BinaryIO, header_line: int, header: Sequence[object], columns: list[Column],
    tests: tuple[LeaderTest, ...], names: list[str], regions: list[str], money_unit: str | None,
    list_smes: bool, cuts: Iterable[int], progress: Progress | None,
) -> tuple[Iterator[tuple[Any, ...]], int, list[int], int] | None:  # fmt: skip
    """What the compiled tally summed for each cluster (given one at a time), how many, the lines of empty rows and the line
    of the last firm; None when it gave up."""
    cells = _Cells(columns, money_unit, names, regions)
    tally = _new_tally(columns, header, tests, cells, header_line, money_unit, list_smes)
    pieces = _utf8(handle, cuts)
    if progress is not None:
        pieces = _told(pieces, handle, progress)
    if not _fed(tally, pieces):
        return None
    summed = tally.each()  # each cluster's sums made as asked for, not all at once
    # The clusters come in the order of their first firms, which is the order convert() met
    # them in unless the file was read on two threads.
    order = tally.order()
    names[: len(order)] = [names[i] for i in order]
    return summed, len(order), tally.blank_lines, tally.last_line


def tally_csv(
    handle: BinaryIO,
    header_line: int,
    header: Sequence[object],
    columns: list[Column],
    tests: tuple[LeaderTest, ...],
    default_cluster: str,
    money_unit: str | None,
    list_smes: bool,
    *,
    cuts: Iterable[int] = (),
    progress: Progress | None = None,
) -> RosterRead | None:
    """A CSV roster summed from its start by the compiled tally, or where it is not built by
    the Python tally (:mod:`.roster_python`); None when neither reads it (:data:`PYTHON`
    switched off) or the file holds something only the row-by-row reader handles. The handle
    is left where it was, for the row reader to read on from the header. The whole file is
    read (and any reason to give up found) before this returns; each cluster's figures are
    made from the tally's sums only as the cluster is asked for, and its sums let go of then,
    so that a roster of many clusters never holds every cluster's figures at once.

    ``default_cluster`` names every firm's cluster when there is no cluster column; ``cuts``
    are the sizes of the compiled tally's first reads (tests cut files anywhere; the rest is
    read 1 MiB at a time). Amounts are read in :data:`AMOUNTS`, whatever the caller's decimal
    context. ``progress`` is told the bytes read as the file is read."""
    if not AVAILABLE and not PYTHON:
        return None
    names = [] if any(c.field == "cluster" for c in columns) else [default_cluster]
    regions: list[str] = []
    position = handle.tell()
    handle.seek(0)
    try:
        with localcontext(AMOUNTS):
            if AVAILABLE:
                read = _compiled(
                    handle, header_line, header, columns, tests, names, regions, money_unit,
                    list_smes, cuts, progress,
                )  # fmt: skip
                text: Texts = _decoded
            else:
                read = tally_rows(
                    handle, header_line, header, columns, tests, names, regions, money_unit,
                    list_smes, progress,
                )  # fmt: skip
                text = tuple
            if read is None:
                return None
            summed, count, blank, last_line = read
    except (FigureError, GiveUp, UnicodeDecodeError, OverflowError):
        return None
    finally:
        handle.seek(position)
    return _each(summed, names, regions, tests, text), count, blank, last_line


def _each(
    summed: Iterator[tuple[Any, ...]], names: list[str], regions: list[str],
    tests: tuple[LeaderTest, ...], text: Texts,
) -> Iterator[tuple[str, RosterFigures, str | None]]:  # fmt: skip
    """Each cluster's name, figures and region, made from its sums as it is asked for."""
    for i, s in enumerate(summed):
        with localcontext(AMOUNTS):  # not held across a yield: the caller's context is its own
            figures = _figures(s, tests, text)
        yield names[i], figures, regions[s[-1]] if s[-1] >= 0 else None
