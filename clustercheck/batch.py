"""Checking many clusters at once: a frame or a list of clusters in, a result frame out.

:func:`check_many` decides each criterion for every cluster at once, on columns of exact
scaled integers (:mod:`clustercheck.rules.columnar`), and builds no :class:`Report` until
one is asked for. A cluster the columns cannot hold exactly (a roster, yearly figures, a
number past what an int64 works on) is checked by the engine, as :func:`check` would, so the
result is the same as :func:`review`'s, row for row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

from .base.arguments import tag_set
from .base.errors import IN_CODE, Problem, UsageError
from .base.frames import as_frame
from .base.notebook import notebook_html
from .base.progress import Progress
from .inputs import attestation_names
from .model.cluster import Cluster
from .model.given import GivenOnce, same_text
from .read.frames import FRAME
from .reviewing import Review
from .rules.engine import check
from .rules.pack import Band, Kind, Rules, pack_of
from .rules.report import Report, Status, Verdict, band_of

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from .model.columns import ClusterColumns, Flags
    from .rules.columnar import Evaluation

_STATUSES = tuple(Status)
_VERDICTS = (Verdict.QUALIFIED, Verdict.NOT_QUALIFIED, Verdict.INCOMPLETE)


class Batch:
    """Many clusters checked against one pack, held as columns: every status, value and
    verdict is known; a cluster's full :class:`Report` (notes, items) is made on access."""

    __slots__ = (
        "_cluster_at", "_evaluation", "_made", "_reports", "_tags", "columns", "rules",
    )  # fmt: skip

    def __init__(
        self,
        rules: Rules,
        tags: frozenset[str] | None,
        columns: ClusterColumns,
        evaluation: Evaluation,
        reports: dict[int, Report],
        cluster_at: Callable[[Sequence[int]], list[Cluster]],
    ) -> None:
        self.rules = rules
        self.columns = columns
        self._tags = tags
        self._evaluation = evaluation
        self._reports = reports
        self._made: dict[int, Report] = {}
        self._cluster_at = cluster_at

    def __len__(self) -> int:
        return len(self.columns)

    def __getitem__(self, row: int) -> Report:
        """The report on the cluster in ``row`` (counted from 0), made when first asked for."""
        if not -len(self) <= row < len(self):
            raise IndexError(f"row {row} of a batch of {len(self)} clusters")
        row %= len(self)
        report = self._reports.get(row) or self._made.get(row)
        if report is None:
            (cluster,) = self._cluster_at([row])
            report = self._made[row] = check(cluster, self.rules, tags=self._tags)
        return report

    def __iter__(self) -> Iterator[Report]:
        return (self[row] for row in range(len(self)))

    def __repr__(self) -> str:
        return f"<Batch {self.rules.id}: {len(self)} clusters, {self.qualified} qualified>"

    def _repr_html_(self) -> str:
        """A summary, as a notebook shows it: verdicts and each criterion's marks counted."""
        return notebook_html(self)

    @property
    def evaluation(self) -> Evaluation:
        """The columns of outcomes: statuses, values, margins, verdicts and bands, where the
        engine's reports (:attr:`checked_by_engine`) do not replace them."""
        return self._evaluation

    @property
    def checked_by_engine(self) -> Mapping[int, Report]:
        """The rows the columns could not decide exactly, with the engine's reports on them."""
        return self._reports

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """Each cluster's verdict, in the order given."""
        verdicts = [_VERDICTS[code] for code in self._evaluation.verdict.tolist()]
        for row, report in self._reports.items():
            verdicts[row] = report.verdict
        return tuple(verdicts)

    def statuses(self, criterion_id: str) -> tuple[Status, ...]:
        """Each cluster's status on one criterion, in the order given."""
        found = next((c for c in self._evaluation.criteria if c.criterion.id == criterion_id), None)
        if found is None:
            ids = ", ".join(c.criterion.id for c in self._evaluation.criteria)
            raise KeyError(f"no criterion {criterion_id!r} in this batch; expected one of {ids}")
        statuses = [_STATUSES[code] for code in found.status.tolist()]
        for row, report in self._reports.items():
            statuses[row] = report[criterion_id].status
        return tuple(statuses)

    @property
    def qualified(self) -> int:
        """How many clusters qualify."""
        return sum(1 for v in self.verdicts if v is Verdict.QUALIFIED)

    def band(self, row: int) -> Band | None:
        """The target band of the revenue of the cluster in ``row``, as :meth:`Review.band`."""
        report = self._reports.get(row)
        if report is not None:
            return band_of(self.rules, report)
        index = int(self._evaluation.band[row])
        return None if index < 0 or self.rules.targets is None else self.rules.targets.bands[index]

    def review(self) -> Review:
        """Every report made, as a review (for review tables and workbooks)."""
        return Review(self.rules, tuple(self))

    @overload
    def to_frame(self, backend: Literal["pandas"]) -> pandas.DataFrame: ...
    @overload
    def to_frame(self, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def to_frame(self, backend: Literal["pyarrow"]) -> pyarrow.Table: ...
    @overload
    def to_frame(self, backend: str | None = None) -> Any: ...
    def to_frame(self, backend: str | None = None) -> Any:
        """The frame :meth:`Review.to_frame` gives for the same clusters, column for column,
        made from the columns without a report per cluster."""
        return as_frame(self, backend, "zh")


def check_many(
    clusters: Iterable[Cluster] | object,
    rules: Rules | str | None = None,
    *,
    tags: Iterable[str] | None = None,
    units: Mapping[str, str] | None = None,
    money_unit: str | None = None,
    source: str = FRAME,
    progress: Progress | None = None,
) -> Batch:
    """Check many clusters against ``rules`` (default henan-2014-196) criterion by criterion:
    ``clusters`` is a list (or iterator) of :class:`Cluster`, or a data frame with one row per
    cluster (anything narwhals reads) read as :func:`clusters_from_frame` reads it (``units``,
    ``money_unit`` and ``source`` are for a frame). ``cc.check_many(df).to_frame()`` equals
    ``cc.review(cc.clusters_from_frame(df)).to_frame()``; a cluster given twice is refused as
    :func:`review` refuses it. ``progress`` is told the clusters checked (``"checked"``)."""
    try:
        import numpy as np
    except ImportError:
        raise UsageError(Problem("batch_needs_numpy")) from None
    # The columns need numpy, an extra: they are imported only here.
    from .rules.columnar import evaluate

    pack = pack_of(rules)
    wanted = tag_set(tags)
    selected = pack.select(wanted)
    if isinstance(clusters, Sequence | Iterator) and not isinstance(clusters, str):
        given = _from_clusters(list(clusters), selected)
    else:
        given = _from_frame(clusters, units, money_unit, source, pack)
    columns, by_row, cluster_at = given.columns, given.by_row, given.cluster_at
    _refuse_twice(columns, given.source_of)
    total = len(columns)
    evaluation = evaluate(pack, selected, columns)
    engine_rows = np.flatnonzero(by_row | evaluation.doubtful).tolist()
    if progress is not None:
        progress("checked", total - len(engine_rows), total)
    reports: dict[int, Report] = {}
    for done, (row, cluster) in enumerate(zip(engine_rows, cluster_at(engine_rows), strict=True)):
        reports[row] = check(cluster, pack, tags=wanted)
        if progress is not None:
            progress("checked", total - len(engine_rows) + done + 1, total)
    return Batch(pack, wanted, columns, evaluation, reports, cluster_at)


class _Given(NamedTuple):
    """Clusters as columns, the rows the engine must check, and the way to any row's
    cluster and to the source an error names for it."""

    columns: ClusterColumns
    by_row: Flags
    cluster_at: Callable[[Sequence[int]], list[Cluster]]
    source_of: Callable[[int], str]


def _from_clusters(given: list[Any], pack: Rules) -> _Given:
    """Clusters given in code, as columns."""
    for index, item in enumerate(given):
        if not isinstance(item, Cluster):
            raise UsageError(
                Problem("item_not_of_type", index=index, value=item, expected="cc.Cluster(…)")
            )
    keys = {c.id for c in pack.criteria if c.kind is Kind.ATTESTATION}
    keys |= {c.exception for c in pack.criteria if c.exception is not None}
    from .model.columns import columns_of
    from .rules.columnar import fields_read

    columns, by_row = columns_of(given, sorted(fields_read(pack)), sorted(keys))

    def cluster_at(rows: Sequence[int]) -> list[Cluster]:
        return [given[row] for row in rows]

    def source_of(row: int) -> str:
        return str(given[row].source or IN_CODE)

    return _Given(columns, by_row, cluster_at, source_of)


def _from_frame(
    frame: object, units: Mapping[str, str] | None, money_unit: str | None, source: str,
    pack: Rules,
) -> _Given:  # fmt: skip
    """A frame's clusters, as columns, read as :func:`clusters_from_frame` reads them."""
    from .read.frame_columns import read_frame_clusters

    read = read_frame_clusters(
        frame, units=units, money_unit=money_unit, attestations=attestation_names(pack),
        source=source,
    )  # fmt: skip

    def source_of(row: int) -> str:
        return f"{source} row {row}"

    return _Given(read.columns, read.by_row, read.cluster, source_of)


def _refuse_twice(columns: ClusterColumns, source_of: Callable[[int], str]) -> None:
    """Refuse a cluster given twice, as :func:`review` does (the same error, at the same
    cluster); the names are compared all at once first, as duplicates are rare."""
    keys = {
        (same_text(name), same_text(region or ""), year)
        for name, region, year in zip(columns.names, columns.regions, columns.years, strict=True)
    }
    if len(keys) == len(columns):
        return
    seen = GivenOnce()
    for row, (name, region, year) in enumerate(
        zip(columns.names, columns.regions, columns.years, strict=True)
    ):
        seen.add(name, region, year, source_of(row))
