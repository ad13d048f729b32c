"""What-if over thresholds: the same clusters checked under a criterion's threshold changed.

``sweep(clusters, "henan-2014-196", "revenue", ["20亿元", "25亿元", "30亿元"])`` checks
every cluster against the pack with each threshold in turn (see ``Rules.with_threshold``)
and gives a data frame of the outcomes: one row per threshold and cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from .base.frames import as_frame
from .batch import Batch, check_many
from .model.cluster import Cluster
from .read.frames import FRAME
from .rules.pack import Rules, pack_of


@attrs.frozen
class Sweep:
    """The batches of a sweep: for each threshold of ``criterion``, every cluster checked."""

    criterion: str
    runs: tuple[tuple[str, Batch], ...]


def sweep(
    clusters: Iterable[Cluster] | object,
    rules: Rules | str | None,
    criterion: str,
    thresholds: str | Sequence[str],
    *,
    backend: str | None = None,
    units: Mapping[str, str] | None = None,
    money_unit: str | None = None,
    source: str = FRAME,
) -> Any:
    """A frame of ``criterion``'s outcome for every cluster under each of ``thresholds``:
    threshold, pack, cluster, region, status, value, margin and shortfall (money in the
    pack's unit, such as 亿元, shares as fractions), their ``unit``, and the verdict. ``clusters`` are a list of clusters or a data frame, as
    :func:`check_many` takes them (with ``units``, ``money_unit`` and ``source``), and are
    checked as a batch under each threshold (one text, ``"25亿元"``, is one threshold). ``backend``: ``"pandas"`` (default when
    installed), ``"polars"``, ``"pyarrow"``."""
    pack = pack_of(rules)
    if isinstance(clusters, Iterator):
        clusters = list(clusters)
    runs = []
    for threshold in [thresholds] if isinstance(thresholds, str) else thresholds:
        changed = pack.with_threshold(criterion, threshold)
        batch = check_many(clusters, changed, units=units, money_unit=money_unit, source=source)
        runs.append((threshold, batch))
    return as_frame(Sweep(criterion, tuple(runs)), backend, "zh")
