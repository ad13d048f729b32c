"""What-if over thresholds: the same clusters checked under a criterion's threshold changed.

``sweep(clusters, "henan-2014-196", "revenue", ["20亿元", "25亿元", "30亿元"])`` checks
every cluster against the pack with each threshold in turn (see ``Rules.with_threshold``)
and gives a data frame of the outcomes: one row per threshold and cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .base.frames import as_frame
from .model.cluster import Cluster
from .rules.engine import check
from .rules.pack import DEFAULT_PACK, Rules, load_rules
from .rules.report import Report


@attrs.frozen
class Sweep:
    """The reports of a sweep: for each threshold of ``criterion``, every cluster's report."""

    criterion: str
    runs: tuple[tuple[str, tuple[Report, ...]], ...]


def sweep(
    clusters: Iterable[Cluster],
    rules: Rules | str | None,
    criterion: str,
    thresholds: Sequence[str],
    *,
    backend: str | None = None,
) -> Any:
    """A frame of ``criterion``'s outcome for every cluster under each of ``thresholds``:
    threshold, pack, cluster, region, status, value, margin and shortfall (in input units:
    元, fractions), and the verdict. ``backend``: ``"pandas"`` (default when installed),
    ``"polars"``, ``"pyarrow"``."""
    pack = load_rules(rules or DEFAULT_PACK) if not isinstance(rules, Rules) else rules
    given = list(clusters)
    runs = []
    for threshold in thresholds:
        changed = pack.with_threshold(criterion, threshold)
        runs.append((threshold, tuple(check(cluster, changed) for cluster in given)))
    return as_frame(Sweep(criterion, tuple(runs)), backend, "zh")
