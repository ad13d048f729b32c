"""clustercheck's own outputs, told from what they say: a review, check or re-verification
table (CSV or workbook) or its JSON, and a registry, so that one saved into a folder that is
read later is named for what it is, not read as a cluster's figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..base.labels import LANGS, word
from .table import Row


def _words(key: str) -> set[str]:
    return {word(key, lang) for lang in LANGS}


_VERDICT = _words("verdict")
_NAMED = _words("cluster") | _words("id")
#: A column only a clustercheck table has beside its verdict: the revenue band (review), the
#: requirement (check) or the decision (re-verification).
_OWN = _words("band") | _words("requirement") | _words("decision")


def is_output_table(rows: Iterable[Row]) -> bool:
    """Whether a table's first rows hold the header of a table clustercheck writes."""
    for _, cells in rows:
        found = {cell.strip() for cell in cells}
        if found & _VERDICT and found & _NAMED and found & _OWN:
            return True
    return False


def is_output_data(data: object) -> bool:
    """Whether parsed JSON is a report clustercheck wrote (``review``, ``check`` or
    ``recheck --format json``)."""
    if isinstance(data, Mapping):
        return "clusters" in data and "bands" in data
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
