"""clustercheck's own outputs, told from what they say: a review, check or re-verification
table (CSV or workbook) or its JSON, and a registry, so that one saved into a folder that is
read later is named for what it is, not read as a cluster's figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..base.labels import words_of
from .table import Row

_VERDICT = words_of("verdict")
_NAMED = words_of("cluster") | words_of("id")
#: A column only a clustercheck table has beside its verdict: the revenue band (review), the
#: requirement (check) or the decision (re-verification).
_OWN = words_of("band") | words_of("requirement") | words_of("decision")


#: The header of one cluster's criterion table (a sheet of a ``check`` workbook).
_CRITERIA = [words_of(key) for key in ("clause", "criterion", "requirement", "status")]
#: The column of a comparison of packs that lists each level's failed criteria.
_FAILED = tuple(f" {word}" for word in words_of("failed"))


def is_output_table(rows: Iterable[Row]) -> bool:
    """Whether a table's first rows hold the header of a table clustercheck writes: a review,
    check or re-verification table, one cluster's criterion table, or a comparison of packs."""
    for _, cells in rows:
        found = {cell.strip() for cell in cells}
        if found & _VERDICT and found & _NAMED and found & _OWN:
            return True
        if all(found & words for words in _CRITERIA):
            return True
        if found & _NAMED and any(cell.endswith(_FAILED) for cell in found):
            return True
    return False


def is_output_data(data: object) -> bool:
    """Whether parsed JSON is a report clustercheck wrote (``review``, ``check`` or
    ``recheck --format json``, or a review under several packs)."""
    if isinstance(data, Mapping):  # a review, or a comparison of packs
        return "clusters" in data and ("bands" in data or "packs" in data)
    return (
        isinstance(data, list)
        and bool(data)
        and all(
            isinstance(item, Mapping) and ("verdict" in item or "decision" in item) for item in data
        )
    )


def is_registry(data: Mapping[str, Any]) -> bool:
    """Whether a cluster file's data is a registry of accredited clusters instead: a list of
    ``[[cluster]]`` entries and no cluster name of its own."""
    return isinstance(data.get("cluster"), list) and "name" not in data
