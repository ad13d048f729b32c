"""A cluster read from cells: what a cluster file would hold, and the cell each value came from.

A form or a summary table gives its values to the cluster file's reader, so a figure is
checked exactly as in a TOML file; an error is then named by its cell (``申报数据!C7``), not by
the key a cluster file would have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..base.errors import InputError, InputErrors, Problem
from ..model.cluster import Cluster
from ..model.roster import LeaderTest
from .cluster_file import cluster_from_data

#: A key path of a cluster file (``("declared", "operating_revenue")``) → the cell it came from.
Places = dict[tuple[str | int, ...], str]


def cluster_at_cells(
    data: Mapping[str, Any],
    places: Places,
    origin: str,
    *,
    leader_tests: Sequence[LeaderTest] = (),
    list_firms: bool = False,
) -> Cluster:
    """The cluster of ``data``; each error is named by the cell of its key, or else by the
    nearest cell above it in the key path (a whole table's)."""
    try:
        return cluster_from_data(data, origin, leader_tests=leader_tests, list_firms=list_firms)
    except InputError as exc:
        raise InputErrors([_at_cell(e, places, origin) for e in exc.errors]) from None


def _at_cell(error: Any, places: Places, origin: str) -> InputError:
    key: tuple[str | int, ...] = error.key
    while key and key not in places:
        key = key[:-1]
    if not key:
        return error  # type: ignore[no-any-return]
    what = error.what
    if key == ("name",) and error.code == "missing_key":  # a cell left empty, not a key
        what = Problem("name_required")
    return InputError(origin, places[key], what, value=error.value, expected=error.expected)
