"""Types of the compiled roster tally (``_ctally.c``); see :mod:`clustercheck._roster_fast`."""

from collections.abc import Callable, Iterator, Sequence
from typing import Any

NAME: int
CREDIT: int
CLUSTER: int
BUSINESS: int
REVENUE: int
RD: int
EMPLOYEES: int
SIZE: int
SECTOR: int
MAIN: int
RELATED: int
REGION: int
KINDS: int
SCALE_DIGITS: int
GT: int
GE: int
LT: int
LE: int

class Tally:
    def __new__(
        cls,
        *,
        columns: Sequence[int],
        width: int,
        factors: Sequence[int],
        convert: Callable[[int, bytes], object],
        leader_tests: Sequence[tuple[int, int]],
        revenue_limit: int,
        employee_limit: int,
        spaces: Sequence[int],
        skip_lines: int,
        list_smes: bool,
        names_shown: int,
        split: int,
    ) -> Tally: ...
    def feed(self, data: bytes | bytearray, final: bool, /) -> bool: ...
    def clusters(self) -> list[tuple[Any, ...]]: ...
    def each(self) -> Iterator[tuple[Any, ...]]: ...
    def order(self) -> list[int]: ...
    @property
    def blank_lines(self) -> list[int]: ...
    @property
    def last_line(self) -> int: ...
    @property
    def halves(self) -> int: ...
