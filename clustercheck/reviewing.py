"""Review tables: many clusters' verdicts side by side, and the revenue bands of the targets.

196号 二（二） sets the 2016 targets: 80 clusters, 10 with revenue over 100亿, 20 over 50亿,
50 over 20亿. 10 + 20 + 50 = 80, so the bands are exclusive, and 超 is strict: a cluster of
exactly 20亿 meets the revenue condition (以上) yet falls in no band.
"""

from __future__ import annotations

from collections.abc import Iterable, Sized
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from .base.errors import IN_CODE, PackError, Problem, checked_lang
from .base.frames import as_frame
from .base.notebook import notebook_html
from .base.progress import Progress
from .model.cluster import Cluster
from .model.given import GivenOnce
from .rules.engine import check
from .rules.pack import Band, PackChoice, Rules, pack_of, packs_of
from .rules.report import Report, Status, Verdict, band_of

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow


@attrs.frozen
class BandCount:
    """How many qualified clusters fall in a band, against the band's target."""

    band: Band
    count: int


@attrs.frozen
class Review:
    """Reports of many clusters against one pack, in the order they were given."""

    rules: Rules
    reports: tuple[Report, ...]

    def __iter__(self) -> Any:
        return iter(self.reports)

    def __len__(self) -> int:
        return len(self.reports)

    def band(self, report: Report) -> Band | None:
        """The target band of a cluster's revenue, or None (no targets, unknown revenue, at
        most the lowest band's floor, or a lower bound that leaves the band open)."""
        return band_of(self.rules, report)

    @property
    def band_counts(self) -> tuple[BandCount, ...]:
        """Qualified clusters per band, in the pack's order of bands."""
        if self.rules.targets is None:
            return ()
        qualified = [self.band(r) for r in self.reports if r.verdict is Verdict.QUALIFIED]
        return tuple(
            BandCount(band, sum(1 for b in qualified if b is not None and b.id == band.id))
            for band in self.rules.targets.bands
        )

    @property
    def qualified(self) -> int:
        """How many clusters qualify."""
        return sum(1 for r in self.reports if r.verdict is Verdict.QUALIFIED)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """JSON-ready: ``clusters`` (cluster, verdict, band, and each deciding criterion's
        status by id) and ``bands`` (band, count, target)."""
        checked_lang(lang)
        clusters = []
        for report in self.reports:
            band = self.band(report)
            row: dict[str, Any] = {
                "cluster": report.cluster,
                "id": report.cluster_id,
                "region": report.region,
                "verdict": report.verdict.value,
                "band": None if band is None else band.id,
            }
            row.update({o.id: o.status.value for o in report.deciding})
            clusters.append(row)
        targets = self.rules.targets
        return {
            "rules": self.rules.id,
            "document": self.rules.document,
            "clusters": clusters,
            "bands": [
                {
                    "band": c.band.id,
                    "label": c.band.label(lang),
                    "count": c.count,
                    "target": c.band.target,
                }
                for c in self.band_counts
            ],
            "qualified": self.qualified,
            "target": None if targets is None else targets.total,
        }

    def _repr_html_(self) -> str:
        """The review table, as a notebook shows it."""
        return notebook_html(self)

    def __repr__(self) -> str:
        return f"<Review {self.rules.id}: {len(self.reports)} clusters, {self.qualified} qualified>"

    @overload
    def to_frame(self, backend: Literal["pandas"]) -> pandas.DataFrame: ...
    @overload
    def to_frame(self, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def to_frame(self, backend: Literal["pyarrow"]) -> pyarrow.Table: ...
    @overload
    def to_frame(self, backend: str | None = None) -> Any: ...
    def to_frame(self, backend: str | None = None) -> Any:
        """One row per cluster: cluster, id, region, year, verdict and band, then per
        criterion in the pack's order its status (categorical) and, for a figure,
        ``<id>_value`` and ``<id>_margin`` (money in the pack's unit, named in the header:
        ``revenue_value_亿元``; shares as fractions) and, for a share, ``<id>_rounded``.
        ``backend``: ``"pandas"`` (default when installed), ``"polars"``, ``"pyarrow"``."""
        return as_frame(self, backend, "zh")


def review(
    items: Iterable[Cluster | Report],
    rules: Rules | str | None = None,
    *,
    tags: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> Review:
    """A review of many clusters: clusters are checked against ``rules`` (default
    henan-2014-196), reports are taken as they are (they must come from the same pack).
    ``progress`` is told the clusters checked so far (``"checked"``, of how many when
    ``items`` has a length)."""
    pack = pack_of(rules)
    reports = []
    given = GivenOnce()
    total = len(items) if isinstance(items, Sized) else None
    for item in items:
        if isinstance(item, Report):
            if item.rules != pack.id:
                raise PackError(
                    Problem("report_of_other_pack", cluster=item.cluster, value=item.rules,
                            expected=pack.id)
                )  # fmt: skip
            given.add(item.cluster, item.region, item.year, "a report given in code")
            reports.append(item)
        else:
            given.add(item.name, item.region, item.year, item.source or IN_CODE)
            reports.append(check(item, pack, tags=tags))
        if progress is not None:
            progress("checked", len(reports), total)
    return Review(pack, tuple(reports))


@attrs.frozen
class Comparison:
    """Each cluster checked against several packs: which rules it meets, and which it misses.

    It answers "which of our provincial clusters could we recommend nationally?"."""

    packs: tuple[Rules, ...]
    #: Per cluster, its reports in the order of ``packs``.
    rows: tuple[tuple[Report, ...], ...]

    def __repr__(self) -> str:
        packs = ", ".join(p.id for p in self.packs)
        return f"<Comparison {packs}: {len(self.rows)} clusters>"

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """JSON-ready: the packs, and per cluster its verdict and open criteria per pack."""
        checked_lang(lang)
        return {
            "packs": [p.id for p in self.packs],
            "clusters": [
                {
                    "cluster": reports[0].cluster,
                    "region": reports[0].region,
                    "verdicts": {r.rules: r.verdict.value for r in reports},
                    "failed": {
                        r.rules: [o.id for o in r.deciding if o.verdict_status is Status.FAIL]
                        for r in reports
                    },
                    "unknown": {
                        r.rules: [o.id for o in r.deciding if o.verdict_status is Status.UNKNOWN]
                        for r in reports
                    },
                }
                for reports in self.rows
            ],
        }

    def _repr_html_(self) -> str:
        """The comparison table, as a notebook shows it."""
        return notebook_html(self)


def compare(
    items: Iterable[Cluster], rules: PackChoice, *, tags: Iterable[str] | None = None
) -> Comparison:
    """Check every cluster against every pack in ``rules`` (e.g. a province's and the
    nation's): a list of packs, ids or paths, or ids joined by commas as on the command line
    (``"henan-2014-196,miit-2022-119"``)."""
    packs = tuple(packs_of(rules))
    given = GivenOnce()
    rows = []
    for cluster in items:
        given.add(cluster.name, cluster.region, cluster.year, cluster.source or IN_CODE)
        rows.append(tuple(for_packs(check(cluster, pack, tags=tags), packs) for pack in packs))
    return Comparison(packs, tuple(rows))


def for_packs(report: Report, packs: Iterable[Rules]) -> Report:
    """``report`` without the warnings about input another of ``packs`` uses (a finding, a
    public figure): checked against several packs, such input is used, not ignored."""
    ids = {c.id for pack in packs for c in pack.criteria}
    kept = tuple(
        w for w in report.warnings if w.args.get("key", w.args.get("criterion")) not in ids
    )
    return attrs.evolve(report, warnings=kept)
