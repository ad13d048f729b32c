"""Many clusters' declared figures as columns, for checking a batch criterion by criterion.

A figure column holds each cluster's exact value as a scaled integer, ``mantissa ×
10^-places`` in canonical units (元, fractions, counts), where one fits: a mantissa below
2^53, so that it is also exact as a float, and at most :data:`MAX_PLACES` places. A value
that does not fit is not approximated: its row is checked cluster by cluster instead.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs
import numpy as np
import numpy.typing as npt

from ..base.figures import FigureBound
from .cluster import Cluster

#: The most decimal places a scaled value may have: 10^18 is the largest power of ten an
#: int64 holds.
MAX_PLACES = 18
#: Mantissas must stay below this, so that they convert to floats exactly.
MANTISSA_LIMIT = 2**53

Flags = npt.NDArray[np.bool_]
Integers = npt.NDArray[np.int64]


@attrs.frozen
class FigureColumn:
    """One declared figure across clusters: whether each gives it, and its exact value."""

    given: Flags
    mantissa: Integers
    places: Integers
    #: Whether the row's value is held exactly by ``mantissa`` and ``places``.
    scaled: Flags

    @classmethod
    def of(cls, values: Sequence[Decimal | int | None]) -> FigureColumn:
        """The column of exact values given one by one (None where not given)."""
        count = len(values)
        given = np.zeros(count, dtype=np.bool_)
        mantissa = np.zeros(count, dtype=np.int64)
        places = np.zeros(count, dtype=np.int64)
        scaled = np.zeros(count, dtype=np.bool_)
        for row, value in enumerate(values):
            if value is None:
                continue
            given[row] = True
            scaled_value = _scaled(value)
            if scaled_value is not None:
                mantissa[row], places[row] = scaled_value
                scaled[row] = True
        return cls(given, mantissa, places, scaled)

    @classmethod
    def absent(cls, count: int) -> FigureColumn:
        """A figure no cluster gives."""
        none = np.zeros(count, dtype=np.bool_)
        zeros = np.zeros(count, dtype=np.int64)
        return cls(none, zeros, zeros, none)


def _scaled(value: Decimal | int) -> tuple[int, int] | None:
    """``value`` as (mantissa, places) with the fewest places, or None if it does not fit."""
    if isinstance(value, int):
        return (value, 0) if abs(value) < MANTISSA_LIMIT else None
    if not value.is_finite() or isinstance(value, FigureBound):
        return None  # a published bound is the engine's to weigh
    mantissa, places = decimal_parts(value)
    return (mantissa, places) if abs(mantissa) < MANTISSA_LIMIT and places <= MAX_PLACES else None


def decimal_parts(value: Decimal) -> tuple[int, int]:
    """A finite ``value`` as (mantissa, places) with the fewest places:
    ``value = mantissa / 10^places``."""
    numerator, denominator = value.as_integer_ratio()
    if denominator == 1:
        return numerator, 0
    places, multiplier = _decimal_places(denominator)
    return numerator * multiplier, places


@functools.lru_cache(maxsize=256)
def _decimal_places(denominator: int) -> tuple[int, int]:
    """For the denominator 2^a·5^b of a reduced decimal: its places, max(a, b), and what
    the numerator is multiplied by to be the mantissa at those places."""
    twos = (denominator & -denominator).bit_length() - 1
    fives, rest = 0, denominator >> twos
    while rest > 1:
        rest //= 5
        fives += 1
    places = max(twos, fives)
    return places, 10**places // denominator


@attrs.frozen
class ClusterColumns:
    """Clusters given without roster or yearly figures, as columns: who each is, its declared
    figures by field, its attestations by key, and its service functions."""

    names: Sequence[str]
    regions: Sequence[str | None]
    ids: Sequence[str | None]
    years: Sequence[int | None]
    figures: Mapping[str, FigureColumn]
    #: By key: whether each cluster attests it, and the answer.
    attested: Mapping[str, tuple[Flags, Flags]]
    functions: Sequence[tuple[str, ...] | None]

    def __len__(self) -> int:
        return len(self.names)

    def figure(self, field: str) -> FigureColumn:
        """The column of a declared figure (absent everywhere if no cluster gives it)."""
        column = self.figures.get(field)
        return column if column is not None else FigureColumn.absent(len(self))

    def attestation(self, key: str) -> tuple[Flags, Flags]:
        """Whether each cluster attests ``key``, and the answer (False where not attested)."""
        found = self.attested.get(key)
        if found is not None:
            return found
        none = np.zeros(len(self), dtype=np.bool_)
        return none, none


def columns_of(
    clusters: Sequence[Cluster], fields: Iterable[str], attestations: Iterable[str]
) -> tuple[ClusterColumns, Flags]:
    """Clusters given in code as columns of the declared ``fields`` and ``attestations``, and
    the rows the engine must check instead: those with a roster, firms or yearly figures, or
    a figure that is not held exactly."""
    by_row = np.array(
        [c.roster is not None or bool(c.enterprises) or bool(c.yearly) for c in clusters],
        dtype=np.bool_,
    )
    figures = {}
    for field in fields:
        values = [getattr(c.declared, field) for c in clusters]
        if any(v is not None for v in values):
            column = FigureColumn.of(values)
            by_row |= column.given & ~column.scaled
            figures[field] = column
    attested = {}
    for key in attestations:
        answers = [c.attested.get(key) for c in clusters]
        attested[key] = (
            np.array([a is not None for a in answers], dtype=np.bool_),
            np.array([a is True for a in answers], dtype=np.bool_),
        )
    columns = ClusterColumns(
        names=[c.name for c in clusters],
        regions=[c.region for c in clusters],
        ids=[c.id for c in clusters],
        years=[c.year for c in clusters],
        figures=figures,
        attested=attested,
        functions=[c.declared.service_functions for c in clusters],
    )
    return columns, by_row
