"""The figures a roster gives a cluster: exact sums, counts, and the names a report lists."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from ..base.compare import Operator
from ..base.notes import Note

#: How many names a note lists before it says how many more there are.
NAMES_SHOWN = 20


@attrs.frozen(cache_hash=True)
class LeaderTest:
    """What makes a firm a leader: its 主营业务收入 ``operator`` ``threshold`` (元). Its hash is
    kept: a check looks its cluster's leaders up by it."""

    operator: Operator
    threshold: Decimal


@attrs.frozen
class Names:
    """Firms found lacking something: how many, and the first few by name."""

    count: int = 0
    first: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.count > 0

    def text(self) -> str:
        """The names joined as a Chinese list, with how many are not shown."""
        shown = "、".join(self.first)
        rest = self.count - len(self.first)
        return f"{shown}……（另{rest}家）" if rest > 0 else shown


@attrs.frozen
class Leaders:
    """The firms one leader test counts. ``certain``: settled by their 主营业务收入 (or by an
    营业收入 that settles it). ``proxied``: without 主营业务收入, passing the test only on their
    营业收入, which is at least 主营业务收入, so each may or may not be a leader. ``at_limit``:
    not leaders, their 主营业务收入 being exactly a strict test's threshold (超 does not include
    the number), listed so that a report says why."""

    certain: tuple[str, ...] = ()
    proxied: tuple[str, ...] = ()
    at_limit: tuple[str, ...] = ()


@attrs.frozen
class RosterFigures:
    """What a roster says about a cluster, with every sum exact (money in 元)."""

    firms: int
    operating_revenue: Decimal
    lacking_operating_revenue: Names
    main_industry_revenue: Decimal
    lacking_main_flag: Names
    rd_expense: Decimal
    lacking_rd_expense: Names
    leaders: dict[LeaderTest, Leaders]
    proxied: Names
    lacking_business_revenue: Names
    related_smes: int
    undecided_size: Names
    related_sme_names: tuple[str, ...] | None = None
    #: What reading the roster file noted: columns not read, rows skipped.
    remarks: tuple[Note, ...] = ()


#: What reading a roster file gives: each cluster's name, figures and region (None: not
#: given) in order of first appearance, made as it is asked for; how many clusters; the
#: lines of empty rows; and the line of the last firm.
RosterRead = tuple[Iterator[tuple[str, RosterFigures, str | None]], int, list[int], int]
