"""CSV rosters summed in Python by the compiled tally's rules, where the tally is not built.

The review page (Pyodide) and installs without a C compiler have no compiled tally; reading
every row through the row reader costs them some 20 µs a firm. This tally takes the rows
from the csv module as the row reader does and counts them as ``_ctally.c`` does: words and
cluster names looked up in caches by their text, plain amounts summed as whole numbers of
元 × 10⁶, anything else asked of the row reader's own cell parsers. Whatever the compiled
tally gives up on, this one gives up on too (a bad cell, a totals row, a credit code twice in
one cluster, a cell right of the header), and the row reader then reads the file and reports
every problem, so which reader ran never changes a result or an error.
"""

from __future__ import annotations

import csv
import io
import math
import operator
import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, BinaryIO

from ..base.compare import Operator
from ..base.errors import FigureError
from ..base.figures import EXACT, MONEY_UNITS
from ..base.progress import Progress
from ..model.credit import valid_credit_code
from ..model.roster import NAMES_SHOWN, LeaderTest
from ..model.sizes import EMPLOYEE_LIMIT, REVENUE_LIMIT, is_industry
from .roster_cells import Column, cell_parser, cell_text
from .sheet import csv_encoding

#: Money is held as whole numbers of 元 × 10 ** SCALE_DIGITS, as in the compiled tally.
SCALE_DIGITS = 6
_SCALE = 10**SCALE_DIGITS
#: The largest whole amount of 元 × 10⁶ held, as the compiled tally holds them (int64).
_HELD = (1 << 63) - 1
#: 10 ** (SCALE_DIGITS - places), by the places an amount is written with.
_POWERS = tuple(10 ** (SCALE_DIGITS - p) for p in range(SCALE_DIGITS + 1))
_SAMPLE = 65_536
#: How many rows are read between telling how far the reading has got.
_ROWS_TOLD = 20_000
_HOLDS: dict[str, Callable[[int, int], bool]] = {
    "GT": operator.gt, "GE": operator.ge, "LT": operator.lt, "LE": operator.le,
}  # fmt: skip
#: The fields a row's cells are taken for, in order.
_FIELDS = (
    "name", "cluster", "credit_code", "main_business_revenue", "operating_revenue", "rd_expense",
    "employees", "size", "sector", "in_main_industry", "related",
)  # fmt: skip
#: The money fields, in the order of the compiled tally's factors.
MONEY = ("main_business_revenue", "operating_revenue", "rd_expense")
#: The fields whose cells are words, each cached by its text.
_WORDS = ("cluster", "size", "sector", "in_main_industry", "related")
#: A word not yet in its cache.
_UNSEEN = object()
#: The lists of firms lacking something, in the order :func:`roster_fast._figures` reads them.
REVENUE, MAIN_FLAG, RD, BUSINESS, PROXIED, UNDECIDED = range(6)


class GiveUp(Exception):
    """The file holds something only the row reader reads or reports."""


class _Cluster:
    """What is summed for one cluster: the compiled tally's ``Cluster``."""

    __slots__ = ("firms", "lacking", "leaders", "places", "sme_names", "smes", "sums")

    def __init__(self, tests: int, list_smes: bool) -> None:
        self.firms = self.smes = 0
        self.sums = [0, 0, 0]  # 营业收入, 主导产业营业收入, 研发费用, in 元 × 10⁶
        self.places = [0, 0, 0]
        self.lacking: list[list[Any]] = [[0, []] for _ in range(6)]
        self.leaders: list[list[str]] = [[] for _ in range(2 * tests)]
        self.sme_names: list[str] | None = [] if list_smes else None

    def lack(self, which: int, name: str) -> None:
        names = self.lacking[which]
        names[0] += 1
        if names[0] <= NAMES_SHOWN:
            names[1].append(name)

    def summed(self) -> tuple[Any, ...]:
        """The sums in the shape the compiled tally's ``clusters()`` gives them."""
        return (
            self.firms, self.smes, tuple(self.sums), tuple(self.places),
            tuple((count, names) for count, names in self.lacking), self.leaders, self.sme_names,
        )  # fmt: skip


class _Columns:
    """Each field's column index (-1 when absent), its cell parser and its unit factor."""

    def __init__(self, columns: Sequence[Column], money_unit: str | None) -> None:
        self.index = {c.field: c.index for c in columns}
        self.parse: dict[str, Callable[[str], Any]] = {
            c.field: cell_parser(c, money_unit) for c in columns
        }
        self.factor = {
            c.field: int(MONEY_UNITS[unit])
            for c in columns
            if (unit := c.unit or money_unit) is not None
        }

    def at(self, field: str) -> int:
        return self.index.get(field, -1)


def scaled(value: Decimal) -> tuple[int, int]:
    """Money in 元 as the tallies hold it, a whole number of 元 × 10⁶, and its decimal places
    (its sum keeps the most places of any amount in it, as a Decimal sum does); :class:`GiveUp`
    beyond what the compiled tally holds (more places, or past 64 bits)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # cell parsers return finite amounts only
    if exponent < -SCALE_DIGITS:
        raise GiveUp
    try:
        whole = int(EXACT.scaleb(value, SCALE_DIGITS))
    except ArithmeticError:
        raise GiveUp from None
    if whole > _HELD:
        raise GiveUp
    return whole, max(0, -exponent)


def leader_bound(test: LeaderTest) -> tuple[str, int]:
    """The test as (operator's name, whole threshold) on whole amounts of 元 × 10⁶, exactly:
    on whole numbers ``> t`` is ``> ⌊t⌋``, ``>= t`` is ``>= ⌈t⌉``, and so on."""
    threshold = Fraction(test.threshold) * _SCALE
    downward = test.operator in (Operator.GT, Operator.LE)
    return test.operator.name, math.floor(threshold) if downward else math.ceil(threshold)


def _money(factor: int, parse: Callable[[str], Any], text: str) -> tuple[int, int]:
    """A money cell (stripped, not empty) as whole 元 × 10⁶ and its decimal places: plain
    digits with commas anywhere and one point, times the column's unit, as the compiled
    tally reads them; anything else by the row reader's parser."""
    if factor:
        plain = text.replace(",", "") if "," in text else text
        whole, _, places = plain.partition(".")
        digits = whole + places
        if (
            digits.isdigit() and digits.isascii() and len(digits) <= 18
            and len(places) <= SCALE_DIGITS
        ):  # fmt: skip
            value = int(digits) * factor * _POWERS[len(places)]
            if value <= _HELD and int(digits) * factor <= _HELD:
                return value, len(places)
    return scaled(parse(text))


def _rows(handle: BinaryIO) -> tuple[io.TextIOWrapper, Any]:
    """The file as text, in the encoding the row reader reads it in, and a csv reader of it."""
    encoding = csv_encoding(handle.read(_SAMPLE))
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    return text, csv.reader(text)


def tally_rows(
    handle: BinaryIO, header_line: int, header: Sequence[object], columns: Sequence[Column],
    tests: tuple[LeaderTest, ...], cluster_names: list[str], money_unit: str | None,
    list_smes: bool, progress: Progress | None,
) -> tuple[list[tuple[Any, ...]], list[int], int]:  # fmt: skip
    """Each cluster's sums (as the compiled tally's ``clusters()``), the lines of empty rows
    and the line of the last firm; :class:`GiveUp` where the compiled tally would give up.
    ``cluster_names`` holds the default cluster's name when there is no cluster column, and
    receives each new cluster's name. The handle is read from its start and left open."""
    text, reader = _rows(handle)
    try:
        return _Tally(header, columns, tests, cluster_names, money_unit, list_smes).read(
            reader, header_line, handle, progress
        )
    except (FigureError, UnicodeDecodeError, csv.Error, ArithmeticError) as exc:
        raise GiveUp from exc
    finally:
        text.detach()


class _Tally:
    """The state of one reading: columns, caches of words, clusters and their sums."""

    def __init__(
        self, header: Sequence[object], columns: Sequence[Column], tests: tuple[LeaderTest, ...],
        cluster_names: list[str], money_unit: str | None, list_smes: bool,
    ) -> None:  # fmt: skip
        self.columns = _Columns(columns, money_unit)
        self.width = max((i + 1 for i, cell in enumerate(header) if cell_text(cell)), default=0)
        self.tests = [(_HOLDS[op], bound, op in ("GT", "GE")) for op, bound in map(leader_bound, tests)]  # fmt: skip
        self.names = cluster_names
        self.indexes = {name: index for index, name in enumerate(cluster_names)}
        self.list_smes = list_smes
        self.clusters: list[_Cluster] = []
        #: Each word column's cells by their text as written (not stripped): what they mean,
        #: None for a cell that is empty once stripped.
        self.words: dict[str, dict[str, Any]] = {f: {} for f in _WORDS}
        self.codes: list[set[str]] = []

    def word(self, field: str, raw: str) -> Any:
        """What a word cell means, from the cache or its column's parser."""
        stripped = raw.strip()
        if not stripped:
            value = None
        elif field == "cluster":
            name = self.columns.parse["cluster"](stripped)
            value = self.indexes.get(name)
            if value is None:
                value = self.indexes[name] = len(self.names)
                self.names.append(name)
        else:
            meaning = self.columns.parse[field](stripped)
            if field == "size":
                value = meaning.is_sme
            elif field == "sector":
                value = is_industry(meaning)
            else:
                value = meaning
        self.words[field][raw] = value
        return value

    def cluster(self, index: int) -> _Cluster:
        """The sums of the cluster at ``index``: the next new one, or one seen before."""
        while index >= len(self.clusters):
            self.clusters.append(_Cluster(len(self.tests), self.list_smes))
            self.codes.append(set())
        return self.clusters[index]

    def read(
        self, reader: Any, header_line: int, handle: BinaryIO, progress: Progress | None
    ) -> tuple[list[tuple[Any, ...]], list[int], int]:
        """Counts every row below the header line, as ``count_row`` in ``_ctally.c`` does."""
        columns, width, parse, words = self.columns, self.width, self.columns.parse, self.words
        # Each row's cells taken in one call, in the order of _FIELDS; a column that is not
        # there is read from an empty cell added past the last column read.
        last = max(columns.index.values(), default=-1) + 1
        indexes = [columns.index.get(f, last) for f in _FIELDS]
        cells_of = operator.itemgetter(*indexes)
        wanted = max(indexes) + 1
        i_name = columns.at("name")
        f_business, f_revenue, f_rd = (columns.factor.get(f, 0) for f in MONEY)
        p_business, p_revenue, p_rd = (parse.get(f, str) for f in MONEY)
        parse_name, parse_code, parse_count = (
            parse.get("name", str), parse.get("credit_code", str), parse.get("employees", str)
        )  # fmt: skip
        if "cluster" not in columns.index:
            words["cluster"][""] = 0  # every firm is in the one cluster named for the file
        w_cluster, w_size, w_sector, w_main, w_related = (words[f].get for f in _WORDS)
        tests, word, cluster_at = self.tests, self.word, self.cluster
        clusters, codes = self.clusters, self.codes
        revenue_limit = int(REVENUE_LIMIT) * _SCALE
        blank: list[int] = []
        last_line = line = 0
        for cells in reader:  # the lines above the header
            line = reader.line_num
            if line >= header_line:
                break
        size = os.fstat(handle.fileno()).st_size if progress is not None else 0
        told = _ROWS_TOLD
        for cells in reader:
            start, line = line + 1, reader.line_num
            told -= 1
            if not told and progress is not None:
                progress("bytes", handle.tell(), size)
                told = _ROWS_TOLD
            n = len(cells)
            if n > width and any(cells[width:]):
                raise GiveUp  # a cell filled right of the header
            if n < wanted:
                cells += [""] * (wanted - n)
            name, cl, code, bus, rev, rd, emp, sz, sector, main, rel = cells_of(cells)
            name = name.strip()
            if not name:
                if any(cell for i, cell in enumerate(cells) if i != i_name):
                    raise GiveUp  # a firm without a name, or a totals row
                blank.append(start)
                continue
            if name[-1] == "计" or (name[0] == "其" and name[1:].lstrip().startswith("中")):
                raise GiveUp  # a totals row or its breakdown
            if not name.isprintable():
                name = parse_name(name)  # control characters refused
            index = w_cluster(cl, _UNSEEN)
            if index is _UNSEEN:
                index = word("cluster", cl)
            if index is None:
                raise GiveUp  # a firm without a cluster
            business = revenue = None
            revenue_places = rd_places = 0
            if bus := bus.strip():
                business, _ = _money(f_business, p_business, bus)
            if rev := rev.strip():
                revenue, revenue_places = _money(f_revenue, p_revenue, rev)
            if rd := rd.strip():
                rd, rd_places = _money(f_rd, p_rd, rd)
            else:
                rd = None
            employees = None
            if emp := emp.strip():
                employees = (
                    int(emp)
                    if emp.isdigit() and emp.isascii() and len(emp) <= 18
                    else parse_count(emp)
                )
            sme_size = w_size(sz, _UNSEEN)
            if sme_size is _UNSEEN:
                sme_size = word("size", sz)
            industry = w_sector(sector, _UNSEEN)
            if industry is _UNSEEN:
                industry = word("sector", sector)
            flag = w_main(main, _UNSEEN)
            main = word("in_main_industry", main) if flag is _UNSEEN else flag
            related = w_related(rel, _UNSEEN)
            if related is _UNSEEN:
                related = word("related", rel)
            c = clusters[index] if index < len(clusters) else cluster_at(index)
            if code := code.strip():
                if not valid_credit_code(code):
                    code = parse_code(code)
                seen = codes[index]
                if code in seen:
                    raise GiveUp  # a credit code twice in one cluster
                seen.add(code)

            c.firms += 1
            sums, places = c.sums, c.places
            if revenue is None:
                c.lack(REVENUE, name)
            else:
                sums[0] += revenue
                if revenue_places > places[0]:
                    places[0] = revenue_places
                if main:
                    sums[1] += revenue
                    if revenue_places > places[1]:
                        places[1] = revenue_places
            if main is None:
                c.lack(MAIN_FLAG, name)
            if rd is None:
                c.lack(RD, name)
            else:
                sums[2] += rd
                if rd_places > places[2]:
                    places[2] = rd_places
            if business is not None:
                for i, (holds, bound, _) in enumerate(tests):
                    if holds(business, bound):
                        c.leaders[2 * i].append(name)
            elif revenue is not None:
                # 营业收入 is at least 主营业务收入: failing an upward test on it settles that a
                # firm is no leader, passing a downward one that it is; else it may be one.
                c.lack(PROXIED, name)
                for i, (holds, bound, upward) in enumerate(tests):
                    passes = holds(revenue, bound)
                    if passes == upward:
                        c.leaders[2 * i + 1].append(name)
                    elif passes:
                        c.leaders[2 * i].append(name)
            else:
                c.lack(BUSINESS, name)
            if related is not False:
                sme = _sme(
                    sme_size, industry is not False, employees, revenue, business, revenue_limit
                )
                if sme is None:
                    c.lack(UNDECIDED, name)
                elif sme:
                    c.smes += 1
                    if c.sme_names is not None:
                        c.sme_names.append(name)
            last_line = start
        if progress is not None:
            progress("bytes", size, size)
        return [c.summed() for c in clusters], blank, last_line


def _sme(
    is_sme: bool | None, industry: bool, employees: int | None, revenue: int | None,
    business: int | None, revenue_limit: int,
) -> bool | None:  # fmt: skip
    """:func:`sme_by_figures` on amounts of 元 × 10⁶: a declared size wins, else the
    industrial rule of the 2011 standard (None: undecided)."""
    if is_sme is not None:
        return is_sme
    if not industry:
        return None
    if (employees is not None and employees < EMPLOYEE_LIMIT) or (
        revenue is not None and revenue < revenue_limit
    ):
        return True
    basis = revenue if revenue is not None else business or 0
    if employees is not None and employees >= EMPLOYEE_LIMIT and basis >= revenue_limit:
        return False
    return None
