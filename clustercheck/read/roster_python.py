"""CSV rosters summed in Python by the compiled tally's rules, where the tally is not built.

The review page (Pyodide) and installs without a C compiler have no compiled tally; reading
every row through the row reader costs them some 15 µs a firm natively, four to five times
that in WebAssembly. This tally takes the rows from the csv module as the row reader does
and counts them as ``_ctally.c`` does: words and cluster names looked up in caches by their
text, plain amounts summed as whole numbers of 元 × 10⁶, anything else asked of the row
reader's own cell parsers. Whatever the compiled tally gives up on, this one gives up on too
(a bad cell, a totals row, a credit code twice in one cluster, a cell right of the header),
and the row reader then reads the file and reports every problem, so which reader ran
never changes a result or an error.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import math
import operator
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from operator import itemgetter
from typing import Any, BinaryIO, cast

from ..base.compare import Operator
from ..base.errors import FigureError
from ..base.figures import EXACT, MONEY_UNITS
from ..base.progress import Progress
from ..model.credit import all_valid_credit_codes, valid_credit_code
from ..model.roster import NAMES_SHOWN, LeaderTest
from ..model.sizes import EMPLOYEE_LIMIT, REVENUE_LIMIT, is_industry
from .roster_cells import COUNT_DIGITS, Column, cell_parser, cell_text, is_part, totals_kind
from .sheet import csv_encoding

#: Money is held as whole numbers of 元 × 10 ** SCALE_DIGITS, as in the compiled tally.
SCALE_DIGITS = 6
_SCALE = 10**SCALE_DIGITS
#: The largest whole amount of 元 × 10⁶ held, as the compiled tally holds them (int64).
_HELD = (1 << 63) - 1
#: 10 ** (SCALE_DIGITS - places), by the places an amount is written with.
_POWERS = tuple(10 ** (SCALE_DIGITS - p) for p in range(SCALE_DIGITS + 1))
_HOLDS: dict[str, Callable[[int, int], bool]] = {
    "GT": operator.gt, "GE": operator.ge, "LT": operator.lt, "LE": operator.le,
}  # fmt: skip
#: The fields whose cells are words, each cached by its text.
_WORDS = ("cluster", "region", "size", "sector", "in_main_industry", "related")
#: How many rows are read and counted at a time.
_CHUNK = 4096
#: An amount with thousands separators where they go (1,234,567.8), as the compiled tally
#: takes them: anything else is read by the row reader's parser, which refuses it.
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
#: A letter typed full-width, which a totals row's name may hold (``ＴＯＴＡＬ``).
_FULL_WIDTH_LETTER = re.compile("[\uff21-\uff3a\uff41-\uff5a]")


def _may_be_totals(names: str) -> bool:
    """Whether names, one a line, hold what a totals row's or a breakdown's may hold
    (roster_cells.totals_kind and is_part decide): 计, "total" or "sum" in any case as
    ``str.lower`` takes it, a letter typed full-width, or 其. Looked for with ``in``, four
    times faster than one case-blind pattern over CJK text."""
    if "计" in names or "其" in names:
        return True
    lowered = names.lower()
    return "total" in lowered or "sum" in lowered or bool(_FULL_WIDTH_LETTER.search(names))


@functools.cache
def _fixed_places(places: int) -> re.Pattern[str]:
    """Amounts one a line, each empty or digits (at most 12) with ``places`` decimal places."""
    whole = "(?:[0-9]{1,3}(?:,[0-9]{3}){1,3}|[0-9]{1,12})"  # thousands separators where they go
    digits = whole + (rf"\.[0-9]{{{places}}}" if places else "")
    return re.compile(rf"(?:(?:{digits})?\n)*(?:{digits})?")


#: Counts one a line, each empty or at most 16 digits (below the bound on a count, 10^16).
_PLAIN_COUNTS = re.compile(rf"(?:[0-9]{{0,{COUNT_DIGITS}}}\n)*[0-9]{{0,{COUNT_DIGITS}}}")
#: Characters that show as nothing, which the row reader takes out of names.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
#: A word not yet in its cache.
_UNSEEN = object()
#: The lists of firms lacking something, in the order :func:`roster_fast._figures` reads them.
REVENUE, MAIN_FLAG, RD, BUSINESS, PROXIED, UNDECIDED = range(6)


class GiveUp(Exception):
    """The file holds something only the row reader reads or reports."""


#: What a cluster lacking nothing of a kind gives: no firm, no name.
_NO_NAMES = (0, ())


class _Sums:
    """What is summed for every cluster, by the cluster's index: the compiled tally's
    ``Cluster`` for each, held as a few lists of numbers. Names are kept only for the clusters
    that have some (leaders, firms lacking a figure), which are few: 100,000 clusters of three
    firms cost some 200 bytes each, not the 1.5 KB of a record each."""

    def __init__(self, tests: int, list_smes: bool) -> None:
        self.firms: list[int] = []
        self.smes: list[int] = []
        #: 营业收入, 主导产业营业收入, 研发费用, in 元 × 10⁶, and the decimal places of each.
        self.sums: tuple[list[int], list[int], list[int]] = ([], [], [])
        self.places: tuple[list[int], list[int], list[int]] = ([], [], [])
        #: Per list of firms lacking something, each cluster's count and first names.
        self.lacking: list[dict[int, list[Any]]] = [{} for _ in range(6)]
        #: Per leader test, its certain, possible and at-the-threshold leaders by cluster.
        self.leaders: list[dict[int, list[str]]] = [{} for _ in range(3 * tests)]
        self.sme_names: dict[int, list[str]] | None = {} if list_smes else None
        self.none_lacking = (_NO_NAMES,) * 6
        self.no_leaders: tuple[list[str] | tuple[()], ...] = ((),) * (3 * tests)

    def __len__(self) -> int:
        return len(self.firms)

    def grow(self, count: int) -> None:
        """Makes ``count`` clusters more, with nothing summed."""
        zeros = [0] * count
        for numbers in (self.firms, self.smes, *self.sums, *self.places):
            numbers += zeros

    def lack(self, which: int, index: int, name: str) -> None:
        names = self.lacking[which].get(index)
        if names is None:
            self.lacking[which][index] = [1, [name]]
        else:
            names[0] += 1
            if names[0] <= NAMES_SHOWN:
                names[1].append(name)

    def summed(self, index: int, region: int) -> tuple[Any, ...]:
        """A cluster's sums in the shape the compiled tally's ``clusters()`` gives them, with
        its region's index; the cluster's names and money sums let go of by the tally (it is
        asked once a cluster)."""
        lacking = tuple(
            _NO_NAMES if (names := kind.pop(index, None)) is None else tuple(names)
            for kind in self.lacking
        )
        leaders = tuple(kind.pop(index, ()) for kind in self.leaders)
        if lacking == self.none_lacking:  # the usual cluster's: shared
            lacking = self.none_lacking
        if leaders == self.no_leaders:
            leaders = self.no_leaders
        sme_names = None if self.sme_names is None else self.sme_names.pop(index, ())
        sums, places = self.sums, self.places
        money = (sums[0][index], sums[1][index], sums[2][index])
        sums[0][index] = sums[1][index] = sums[2][index] = 0  # its large numbers let go of
        return (
            self.firms[index], self.smes[index], money,
            (places[0][index], places[1][index], places[2][index]), lacking, leaders, sme_names,
            region,
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
    if factor and ("," not in text or _GROUPED.fullmatch(text)):
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
    encoding = csv_encoding(handle)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    return text, csv.reader(text)


def tally_rows(
    handle: BinaryIO, header_line: int, header: Sequence[object], columns: Sequence[Column],
    tests: tuple[LeaderTest, ...], cluster_names: list[str], region_names: list[str],
    money_unit: str | None, list_smes: bool, progress: Progress | None,
) -> tuple[Iterator[tuple[Any, ...]], int, list[int], int]:  # fmt: skip
    """Each cluster's sums (as the compiled tally's ``each()``: made as asked for), how many
    clusters, the lines of empty rows and the line of the last firm; :class:`GiveUp` where the compiled tally would give up.
    ``cluster_names`` holds the default cluster's name when there is no cluster column, and
    receives each new cluster's name; ``region_names`` receives each region's, by the index a
    cluster's sums end with (-1: none given). The handle is read from its start and left open."""
    text, reader = _rows(handle)
    try:
        tally = _Tally(header, columns, tests, cluster_names, region_names, money_unit, list_smes)
        return tally.read(reader, header_line, handle, progress)
    except (FigureError, UnicodeDecodeError, csv.Error, ArithmeticError) as exc:
        raise GiveUp from exc
    finally:
        text.detach()


class _Tally:
    """The state of one reading: columns, caches of words, clusters and their sums."""

    def __init__(
        self, header: Sequence[object], columns: Sequence[Column], tests: tuple[LeaderTest, ...],
        cluster_names: list[str], region_names: list[str], money_unit: str | None,
        list_smes: bool,
    ) -> None:  # fmt: skip
        self.columns = _Columns(columns, money_unit)
        self.width = max((i + 1 for i, cell in enumerate(header) if cell_text(cell)), default=0)
        #: Each leader test: how it holds, its bound, whether it points upward, and where its
        #: certain and its possible leaders are listed.
        self.tests = [
            (_HOLDS[op], bound, op in ("GT", "GE"), 3 * i, 3 * i + 1, 3 * i + 2, op in ("GT", "LT"))
            for i, (op, bound) in enumerate(map(leader_bound, tests))
        ]
        self.names = cluster_names
        self.indexes = {name: index for index, name in enumerate(cluster_names)}
        self.list_smes = list_smes
        self.sums = _Sums(len(tests), list_smes)
        #: Each region's name, by its index; each cluster's region by the cluster's index.
        self.region_names = region_names
        self.region_of: dict[int, int] = {}
        #: Each word column's cells by their text as written (not stripped): what they mean,
        #: None for a cell that is empty once stripped.
        self.words: dict[str, dict[str, Any]] = {f: {} for f in _WORDS}
        if "cluster" not in self.columns.index:
            self.words["cluster"][""] = 0  # every firm is in the one cluster named for the file
        #: Every firm's credit code with its cluster, as one number: the code in base 36 after
        #: the cluster's index (a code is 18 characters of the base-36 digits).
        self.codes: set[int] = set()
        self.prefixes: list[str] = []
        #: The cells of each firm without a credit code, with its cluster's index.
        self.rows_seen: set[tuple[Any, ...]] = set()
        #: Each field's column (a column that is not there reads as empty cells), and the
        #: cells a row must have for every column read (a shorter row is made so).
        self.at = dict(self.columns.index)
        self.wanted = max(self.at.values(), default=0) + 1
        #: Each money column's factor from an amount's digits to 元 × 10⁶, by its places.
        self.scales = {
            f: tuple(factor * p for p in _POWERS) for f, factor in self.columns.factor.items()
        }

    def word(self, field: str, raw: str) -> Any:
        """What a word cell means, from the cache or its column's parser."""
        stripped = raw.strip()
        if not stripped:
            value = None
        elif field == "cluster":
            if _INVISIBLE.search(stripped):
                raise GiveUp  # as for a firm's name
            name = self.columns.parse["cluster"](stripped)
            value = self.indexes.get(name)
            if value is None:
                value = self.indexes[name] = len(self.names)
                self.names.append(name)
        elif field == "region":
            if _INVISIBLE.search(stripped):
                raise GiveUp  # as for a cluster's name
            region = self.columns.parse["region"](stripped)
            if region not in self.region_names:
                self.region_names.append(region)
            value = self.region_names.index(region)
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

    def cluster(self, index: int) -> None:
        """Makes the sums of the clusters up to ``index``, those not yet made."""
        made = len(self.sums)
        if index >= made:
            self.sums.grow(index + 1 - made)
            self.prefixes += map(_base36, range(made, index + 1))

    def meanings(self, field: str, cells: Sequence[str]) -> list[Any]:
        """What each word cell of a column means (None where it is empty)."""
        get = self.words[field].get
        values = list(map(get, cells, repeat(_UNSEEN)))
        if _UNSEEN in values:
            # in the order first met: a new cluster's index is its place in the file
            for cell in dict.fromkeys(
                c for v, c in zip(values, cells, strict=True) if v is _UNSEEN
            ):
                self.word(field, cell)
            values = list(map(get, cells))
        return values

    def read(
        self, reader: Any, header_line: int, handle: BinaryIO, progress: Progress | None
    ) -> tuple[Iterator[tuple[Any, ...]], int, list[int], int]:
        """Counts every row below the header line, a chunk of rows at a time; each cluster's
        sums (made as they are asked for), how many, the lines of empty rows and the line of
        the last firm."""
        line = 0
        for _ in reader:  # the lines above the header, and the header
            line = reader.line_num
            if line >= header_line:
                break
        size = os.fstat(handle.fileno()).st_size if progress is not None else 0
        blank: list[int] = []
        last_line = 0
        while rows := list(itertools.islice(reader, _CHUNK)):
            first, line = line + 1, reader.line_num
            starts = (
                list(range(first, line + 1))
                if line - first + 1 == len(rows)
                else _starts(rows, first, line)
            )
            last_line = self.count(rows, starts, blank) or last_line
            if progress is not None:
                progress("bytes", handle.tell(), size)
        if progress is not None:
            progress("bytes", size, size)
        self.codes = set()  # let go of before each cluster's sums are given
        self.rows_seen = set()
        region_of, sums = self.region_of, self.sums
        # each cluster's sums in the compiled tally's shape only as it is asked for
        summed = (sums.summed(i, region_of.get(i, -1)) for i in range(len(sums)))
        return summed, len(sums), blank, last_line

    def count(self, rows: list[list[str]], starts: list[int], blank: list[int]) -> int:
        """Counts a chunk of rows, as ``count_row`` in ``_ctally.c`` does, each column's
        cells read at once; the line of the last firm counted (0: none), and each empty
        row's line added to ``blank``."""
        width, wanted = self.width, self.wanted
        lengths = set(map(len, rows))
        if max(lengths) > width and any(any(r[width:]) for r in rows if len(r) > width):
            raise GiveUp  # a cell filled right of the header
        if min(lengths) < wanted:
            for r in rows:
                if len(r) < wanted:
                    r += [""] * (wanted - len(r))
        names = list(map(str.strip, map(itemgetter(self.at["name"]), rows)))
        if not all(names):
            firms = list(map(bool, names))
            for filled, row, start in zip(firms, rows, starts, strict=True):
                if not filled:
                    if any(c for i, c in enumerate(row) if i != self.at["name"]):
                        raise GiveUp  # a firm without a name, or a totals row
                    blank.append(start)
            rows = list(itertools.compress(rows, firms))
            starts = list(itertools.compress(starts, firms))
            names = list(itertools.compress(names, firms))
            if not rows:
                return 0
        joined = "\n".join(names)
        if _may_be_totals(joined) and any(is_part(n) or totals_kind(n) is not None for n in names):
            raise GiveUp  # a totals row or its breakdown
        if not joined.replace("\n", "").isprintable():
            if _INVISIBLE.search(joined):
                raise GiveUp  # a character that shows as nothing: the row reader takes it out
            parse_name = self.columns.parse["name"]  # a control character is refused
            names = [n if n.isprintable() else parse_name(n) for n in names]
        columns = list(zip(*rows, strict=False))  # each at least as long as wanted
        at, absent = self.at, ("",) * len(rows)

        def column(field: str) -> tuple[str, ...]:
            index = at.get(field)
            return absent if index is None else columns[index]

        indexes = self.meanings("cluster", column("cluster"))
        if None in indexes:
            raise GiveUp  # a firm without a cluster
        if "region" in at:
            self.regions(indexes, self.meanings("region", column("region")))
        business, _ = self.amounts(column, "main_business_revenue")
        revenue, revenue_places = self.amounts(column, "operating_revenue")
        rd, rd_places = self.amounts(column, "rd_expense")
        if (
            any(map(operator.gt, cast("list[int]", business), cast("list[int]", revenue)))
            if None not in business and None not in revenue
            else any(
                b > r
                for b, r in zip(business, revenue, strict=True)
                if b is not None and r is not None
            )
        ):
            raise GiveUp  # 主营业务收入 above 营业收入, of which it is a part: an error
        employees = self.counts(column("employees"))
        nothing: list[Any] = [None] * len(rows)  # what a column not in the roster means
        sizes, sectors, mains, related = (
            self.meanings(f, columns[at[f]]) if f in at else nothing
            for f in ("size", "sector", "in_main_industry", "related")
        )
        codes = self.credit_codes(list(map(str.strip, column("credit_code"))))
        if not all(codes):
            self.repeated_rows(rows, indexes, codes)
        self.add(
            names, indexes, business, revenue, revenue_places, rd, rd_places, employees, sizes,
            sectors, mains, related, codes,
        )  # fmt: skip
        return starts[-1]

    def regions(self, indexes: list[int], regions: list[int | None]) -> None:
        """Notes each cluster's region from its firms'; :class:`GiveUp` where a firm gives
        its cluster another region than an earlier one did (the row reader's error)."""
        region_of = self.region_of
        for index, region in zip(indexes, regions, strict=True):
            if region is not None and region_of.setdefault(index, region) != region:
                raise GiveUp

    def amounts(
        self, column: Callable[[str], tuple[str, ...]], field: str
    ) -> tuple[list[int | None], list[int]]:
        """A money column's amounts in 元 × 10⁶ (None where empty) and their decimal places.
        A column of plain digits, with commas anywhere and the same places throughout (as a
        formatted export writes them), is read at once; any other by :func:`_money`."""
        cells = list(map(str.strip, column(field)))
        factor = self.columns.factor.get(field, 0)
        if factor:
            text = "\n".join(cells)
            dot = text.find(".")
            end = text.find("\n", dot)
            places = 0 if dot < 0 else (len(text) if end < 0 else end) - dot - 1
            if places <= SCALE_DIGITS and _fixed_places(places).fullmatch(text):
                text = text.replace(",", "") if "," in text else text
                digits = (text.replace(".", "") if places else text).split("\n")
                scale = self.scales[field][places]
                values: list[int | None]
                if "" in digits:
                    values = [int(d) * scale if d else None for d in digits]
                    largest = max((v for v in values if v is not None), default=0)
                else:
                    amounts = list(map(operator.mul, map(int, digits), repeat(scale)))
                    values, largest = list(amounts), max(amounts)
                if largest <= _HELD:
                    return values, [places] * len(values)
        parse = self.columns.parse.get(field, str)
        read = [_money(factor, parse, c) if c else (None, 0) for c in cells]
        return [v for v, _ in read], [p for _, p in read]

    def counts(self, cells: Sequence[str]) -> list[int | None]:
        """A column of head counts (None where empty)."""
        cells = list(map(str.strip, cells))
        if _PLAIN_COUNTS.fullmatch("\n".join(cells)):
            return [int(c) if c else None for c in cells] if "" in cells else list(map(int, cells))
        parse = self.columns.parse["employees"]
        return [parse(c) if c else None for c in cells]

    def repeated_rows(self, rows: list[list[str]], indexes: list[int], codes: list[str]) -> None:
        """:class:`GiveUp` where a firm without a credit code repeats an earlier row of its
        cluster: the same cells in every column read (the row reader's error)."""
        read = [i for f, i in sorted(self.at.items()) if f not in ("cluster", "region")]
        keys = [
            (index, *(row[i].strip() for i in read))
            for row, index, code in zip(rows, indexes, codes, strict=True)
            if not code
        ]
        before = len(self.rows_seen)
        self.rows_seen.update(keys)
        if len(self.rows_seen) - before != len(keys):
            raise GiveUp

    def credit_codes(self, cells: list[str]) -> list[str]:
        """A column of credit codes ("" where empty), each checked, in capitals."""
        if all_valid_credit_codes(list(filter(None, cells))):
            return cells
        parse = self.columns.parse.get("credit_code", str)
        return [c if not c or valid_credit_code(c) else parse(c) for c in cells]

    def add(
        self, names: list[str], indexes: list[int], business: list[int | None],
        revenue: list[int | None], revenue_places: list[int], rd: list[int | None],
        rd_places: list[int], employees: list[int | None], sizes: list[bool | None],
        sectors: list[bool | None], mains: list[bool | None], related: list[bool | None],
        codes: list[str],
    ) -> None:  # fmt: skip
        """Adds the firms of a chunk, read column by column, to their clusters' sums."""
        sums, count = self.sums, len(names)
        self.cluster(max(indexes))  # every cluster of the chunk made
        if any(codes):
            keys = list(
                itertools.compress(
                    map(
                        int,
                        map(operator.add, map(self.prefixes.__getitem__, indexes), codes),
                        repeat(36),
                    ),
                    codes,
                )
            )
            before = len(self.codes)
            self.codes.update(keys)
            if len(self.codes) - before != len(keys):
                raise GiveUp  # a credit code twice in one cluster
        firms = sums.firms
        for index, firms_in in Counter(indexes).items():
            firms[index] += firms_in
        lack = sums.lack
        total, kept = sums.sums, sums.places
        self.summed(total[0], kept[0], indexes, revenue, revenue_places, REVENUE, names)
        # 主导产业营业收入: the revenue of the firms in the main industry (None: not said)
        self.summed(
            total[1], kept[1], list(itertools.compress(indexes, mains)),
            list(itertools.compress(revenue, mains)),
            list(itertools.compress(revenue_places, mains)),
        )  # fmt: skip
        if None in mains:
            for at in itertools.compress(range(count), map(operator.is_, mains, repeat(None))):
                lack(MAIN_FLAG, indexes[at], names[at])
        self.summed(total[2], kept[2], indexes, rd, rd_places, RD, names)
        self.leaders(names, indexes, business, revenue)
        self.count_smes(names, indexes, business, revenue, employees, sizes, sectors, related)

    def summed(
        self, total: list[int], kept: list[int], indexes: Sequence[int],
        amounts: Sequence[int | None], places: Sequence[int], lacking: int = -1,
        names: Sequence[str] = (),
    ) -> None:  # fmt: skip
        """Adds a money column's amounts to their clusters' sums, each sum keeping the most
        decimal places of its amounts; a firm without one is listed as ``lacking`` (-1: not
        listed, as for 主导产业营业收入, whose firms lacking 营业收入 are listed already)."""
        if None in amounts:
            for at in () if lacking < 0 else itertools.compress(range(len(amounts)), map(operator.is_, amounts, repeat(None))):  # fmt: skip
                self.sums.lack(lacking, indexes[at], names[at])
            kept_at = list(map(operator.is_not, amounts, repeat(None)))
            indexes = list(itertools.compress(indexes, kept_at))
            places = list(itertools.compress(places, kept_at))
            amounts = list(itertools.compress(amounts, kept_at))
        for index, amount in zip(indexes, cast("Sequence[int]", amounts), strict=True):
            total[index] += amount
        if len(set(places)) == 1:  # the usual column: the same places throughout
            most = places[0]
            for index in set(indexes):
                if most > kept[index]:
                    kept[index] = most
        else:
            for index, place in zip(indexes, places, strict=True):
                if place > kept[index]:
                    kept[index] = place

    def leaders(
        self, names: list[str], indexes: list[int], business: list[int | None],
        revenue: list[int | None],
    ) -> None:  # fmt: skip
        """Lists each chunk's leaders, test by test, as ``count_row`` in ``_ctally.c`` does:
        by 主营业务收入, or where a firm has none by its 营业收入, which is at least as large:
        failing an upward test on it settles that a firm is no leader, passing a downward one
        that it is; else it may be one. A firm at exactly a strict test's threshold is no
        leader, and listed apart. Each list keeps its firms in the file's order."""
        count = len(names)
        given = list(map(operator.is_not, business, repeat(None)))
        at_given = list(itertools.compress(range(count), given)) if None in business else range(count)  # fmt: skip
        amounts = cast("list[int]", [business[at] for at in at_given] if None in business else business)  # fmt: skip
        proxied: list[int] = []
        if None in business:
            lack = self.sums.lack
            for at in itertools.compress(range(count), map(operator.not_, given)):
                if revenue[at] is None:
                    lack(BUSINESS, indexes[at], names[at])
                else:
                    lack(PROXIED, indexes[at], names[at])
                    proxied.append(at)
        lists = self.sums.leaders
        for holds, bound, upward, certain, possible, at_limit, strict in self.tests:
            found: list[list[int]] = [
                list(itertools.compress(at_given, map(holds, amounts, repeat(bound)))), [], [],
            ]  # fmt: skip
            if strict:
                found[2] = list(
                    itertools.compress(at_given, map(operator.eq, amounts, repeat(bound)))
                )
            for at in proxied:
                passes = holds(cast("int", revenue[at]), bound)
                if passes == upward:
                    found[1].append(at)
                elif passes:
                    found[0].append(at)
            if proxied and found[0]:
                found[0].sort()  # in the file's order, whichever figure decided
            for at_list, listed in zip(found, (certain, possible, at_limit), strict=True):
                kind = lists[listed]
                for at in at_list:
                    kind.setdefault(indexes[at], []).append(names[at])

    def count_smes(
        self, names: list[str], indexes: list[int], business: list[int | None],
        revenue: list[int | None], employees: list[int | None], sizes: list[bool | None],
        sectors: list[bool | None], related: list[bool | None],
    ) -> None:  # fmt: skip
        """Counts each chunk's related SMEs: a firm's declared size, else the industrial rule
        of the 2011 standard on its figures (``_sme``), for firms not marked unrelated; a firm
        of no size so decided is listed as undecided."""
        limit = int(REVENUE_LIMIT) * _SCALE
        smes = [
            False if rel is False
            else size if size is not None or sector is False
            else True if (emp is not None and emp < EMPLOYEE_LIMIT) or (rev is not None and rev < limit)
            else _sme(emp, rev, bus, limit)
            for rel, size, sector, emp, rev, bus in zip(
                related, sizes, sectors, employees, revenue, business, strict=True
            )
        ]  # fmt: skip
        counted, named = self.sums.smes, self.sums.sme_names
        for at in itertools.compress(range(len(smes)), smes):
            counted[indexes[at]] += 1
            if named is not None:
                named.setdefault(indexes[at], []).append(names[at])
        if None in smes:
            lack = self.sums.lack
            for at in itertools.compress(range(len(smes)), map(operator.is_, smes, repeat(None))):
                lack(UNDECIDED, indexes[at], names[at])


def _base36(number: int) -> str:
    """A number in the digits of base 36."""
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits


def _starts(rows: list[list[str]], first: int, last: int) -> list[int]:
    """Each row's first line, some rows spanning lines (a line break in a quoted cell: CR, LF
    or CRLF, each one line as the csv module counts them); :class:`GiveUp` unless they add up
    to the ``last`` line the csv module counted."""
    starts = []
    for row in rows:
        starts.append(first)
        first += 1 + sum(c.count("\n") + c.count("\r") - c.count("\r\n") for c in row)
    if first != last + 1:
        raise GiveUp
    return starts


def _sme(
    employees: int | None, revenue: int | None, business: int | None, revenue_limit: int
) -> bool | None:
    """:func:`sme_by_figures` for an industrial firm of no declared size, on amounts of 元 ×
    10⁶: the industrial rule of the 2011 standard (None: undecided)."""
    if (employees is not None and employees < EMPLOYEE_LIMIT) or (
        revenue is not None and revenue < revenue_limit
    ):
        return True
    basis = revenue if revenue is not None else business or 0
    if employees is not None and employees >= EMPLOYEE_LIMIT and basis >= revenue_limit:
        return False
    return None
