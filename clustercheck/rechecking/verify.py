"""Biennial re-verification (196号 五（六）): who is due, the decision, what changed, who to watch.

每两年组织一次省级产业集群复核工作，对于不符合条件的予以摘牌. A cluster is due when its
accreditation year lies a whole number of intervals before the round's year (the interval is
the pack's). Qualified clusters are retained, those not qualified delisted, and those with
missing figures, or no data at all, pending.

That per-cluster cycle is the default. A province that holds one round for all its clusters
(五（六）: 每两年组织一次省级产业集群复核工作) re-verifies every active cluster accredited
before the round's year instead: ``every=True``, ``recheck --all``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from ..base.errors import (
    InputError,
    InputErrors,
    PackError,
    Problem,
    UsageError,
    checked_lang,
)
from ..base.figures import show_number
from ..base.notes import Note
from ..model.cluster import Cluster
from ..rules.engine import check
from ..rules.pack import Kind, Rules, load_rules
from ..rules.report import Report, Status, Verdict
from .registry import Decision, Entry, HistoryEntry, Registry

#: How near a threshold a retained cluster's figure must be to be watched, as a share of it.
DEFAULT_WATCH = Decimal("0.1")

_DECISIONS = {
    Verdict.QUALIFIED: Decision.RETAIN,
    Verdict.NOT_QUALIFIED: Decision.DELIST,
    Verdict.INCOMPLETE: Decision.PENDING,
}


@attrs.frozen
class Change:
    """A criterion's figure at the last recorded round and now (as shown, with its unit)."""

    criterion: str
    before: str | None
    after: str | None


@attrs.frozen
class Verification:
    """One due cluster's re-verification."""

    entry: Entry
    decision: Decision
    report: Report | None
    #: Criteria whose status differs from the last recorded round.
    changed: tuple[str, ...] = ()
    #: Figures that differ from the last recorded round.
    changes: tuple[Change, ...] = ()
    #: Deciding criteria of a retained cluster within the watch share of their threshold.
    watch: tuple[str, ...] = ()
    #: The decision already recorded for this round's year, when the round is run again: it
    #: stands where this run has no data for the cluster, and is shown beside what it found.
    recorded: Decision | None = None


@attrs.frozen
class Recheck:
    """A round of re-verification: the year, the pack, and each due cluster's result."""

    year: int
    rules: Rules
    results: tuple[Verification, ...]
    watch_share: Decimal = DEFAULT_WATCH
    #: Whether every active cluster was chosen (a province-wide round), not those whose
    #: accreditation cycle falls in the year.
    every: bool = False
    #: Data that was given but not used: clusters not due this round, named.
    warnings: tuple[Note, ...] = ()

    @property
    def chosen_by(self) -> Note:
        """Which rule chose the clusters of this round."""
        if self.every:
            return Note("recheck_all", {"year": str(self.year)})
        assert self.rules.recheck is not None
        return Note("recheck_cycle", {"interval": str(self.rules.recheck.interval_years)})

    def to_list(self, lang: str = "zh") -> list[dict[str, object]]:
        """JSON-ready: per due cluster its id, name, decision, changed and watch."""
        checked_lang(lang)
        return [
            {
                "id": r.entry.id,
                "name": r.entry.name,
                "decision": r.decision.value,
                "decision_label": r.decision.label(lang),
                "verdict": None if r.report is None else r.report.verdict.value,
                "changed": list(r.changed),
                "changes": [attrs.asdict(c) for c in r.changes],
                "watch": list(r.watch),
                "recorded": None if r.recorded is None else r.recorded.value,
                "chosen_by": "all" if self.every else "cycle",
            }
            for r in self.results
        ]


def _pack(registry: Registry, rules: Rules | str | None) -> Rules:
    """The pack of a round: the registry's, or ``rules`` when it is that same pack (by id,
    so a pack file of the registry's pack serves). A round under another pack is refused:
    it would be recorded in a history kept under the registry's."""
    pack = load_rules(rules or registry.rules) if not isinstance(rules, Rules) else rules
    if pack.id != registry.rules and pack.id != load_rules(registry.rules).id:
        raise InputError(
            registry.path or "registry", "rules",
            Problem("registry_other_pack", value=pack.id, expected=registry.rules),
        )  # fmt: skip
    if pack.recheck is None:
        raise PackError(Problem("pack_without_recheck", pack=pack.id), source=pack.id)
    return pack


def due(
    registry: Registry, year: int, rules: Rules | str | None = None, *, every: bool = False
) -> list[Entry]:
    """The clusters a round in ``year`` re-verifies: active clusters accredited a whole number
    of intervals (2, 4, 6 … years) before ``year``, or with ``every`` all active clusters
    accredited before it. A cluster this very round already recorded (and perhaps delisted)
    stays in it, so that running a recorded round again gives the same list."""
    pack = _pack(registry, rules)
    assert pack.recheck is not None
    interval = pack.recheck.interval_years
    return [
        e
        for e in registry.clusters
        if any(h.year == year for h in e.history)
        or (
            e.active
            and year > e.accredited.year
            and (every or (year - e.accredited.year) % interval == 0)
        )
    ]


def watched(report: Report, share: Decimal) -> tuple[str, ...]:
    """Deciding threshold criteria that pass within ``share`` of their threshold:
    |value − threshold| ≤ share × threshold, compared exactly. A threshold of 100% is left
    out: it can only be met exactly, so being on it is no warning."""
    ids = []
    for outcome in report.outcomes:
        if outcome.kind is not Kind.THRESHOLD or outcome.status is not Status.PASS:
            continue
        if not isinstance(outcome.value, Decimal) or outcome.threshold is None:
            continue
        if outcome.unit == "%" and outcome.threshold == 100:
            continue
        distance = abs(Fraction(outcome.value) - Fraction(outcome.threshold))
        if distance <= Fraction(share) * Fraction(outcome.threshold):
            ids.append(outcome.id)
    return tuple(ids)


def _figures(report: Report) -> dict[str, str]:
    return {
        o.id: show_number(o.value, o.unit)
        for o in report.outcomes
        if o.kind is Kind.THRESHOLD and isinstance(o.value, Decimal)
    }


def _statuses(report: Report) -> dict[str, str]:
    return {o.id: o.status.value for o in report.deciding}


def _verify(entry: Entry, report: Report | None, share: Decimal, year: int) -> Verification:
    """A due cluster's result; a round already recorded keeps its recorded decision where
    this run has no data, and what changed is told against the round before it."""
    recorded = next((h.decision for h in entry.history if h.year == year), None)
    if report is None:
        return Verification(entry, recorded or Decision.PENDING, None, recorded=recorded)
    decision = _DECISIONS[report.verdict]
    last = next((h for h in reversed(entry.history) if h.year < year), None)
    changed: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    if last is not None and last.statuses:
        now = _statuses(report)
        changed = tuple(k for k in now if k in last.statuses and last.statuses[k] != now[k])
    if last is not None and last.figures:
        now_figures = _figures(report)
        changes = tuple(
            Change(k, last.figures.get(k), now_figures.get(k))
            for k in dict.fromkeys([*last.figures, *now_figures])
            if last.figures.get(k) != now_figures.get(k)
        )
    watch = watched(report, share) if decision is Decision.RETAIN else ()
    return Verification(entry, decision, report, changed, changes, watch, recorded)


def _match(
    entries: list[Entry], registry: Registry, clusters: Iterable[Cluster], year: int
) -> tuple[dict[str, Cluster], list[Note]]:
    """Cluster data by the id of the due entry it belongs to (by ``id``, else exact name),
    and a warning for each cluster given that is not due this round."""
    due_ids = {e.id for e in entries}
    matched: dict[str, Cluster] = {}
    skipped: list[Note] = []
    for cluster in clusters:
        entry = next(
            (e for e in registry.clusters if cluster.id is not None and e.id == cluster.id), None
        )
        if entry is None:
            entry = next((e for e in registry.clusters if e.name == cluster.name), None)
        origin = cluster.source or cluster.name
        if entry is None:
            raise InputError(
                origin, "id", Problem("not_in_registry", value=cluster.id or cluster.name)
            )
        if entry.id not in due_ids:
            skipped.append(
                Note("not_due", {"id": entry.id, "name": entry.name, "year": str(year),
                                 "source": origin})
            )  # fmt: skip
            continue
        if entry.id in matched:
            raise InputError(origin, "id", Problem("data_twice", id=entry.id, name=entry.name))
        matched[entry.id] = cluster
    return matched, skipped


def recheck(
    registry: Registry,
    year: int,
    clusters: Iterable[Cluster] = (),
    rules: Rules | str | None = None,
    *,
    watch: Decimal = DEFAULT_WATCH,
    every: bool = False,
) -> Recheck:
    """Re-verify the clusters due in ``year`` (with ``every``, all active clusters accredited
    before it) with this year's data. A due cluster without data is PENDING, so without any
    data this lists who is due; data of a cluster not due is skipped with a warning. ``watch``
    is the share of a threshold that counts as near it."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(
            Problem("year_out_of_range", value=year, expected=f"{FIRST_YEAR}–{LAST_YEAR}"),
            key="year",
        )
    pack = _pack(registry, rules)
    entries = due(registry, year, pack, every=every)
    _refuse_earlier_round(registry, entries, year)
    matched, skipped = _match(entries, registry, clusters, year)
    results = tuple(
        _verify(e, check(matched[e.id], pack) if e.id in matched else None, watch, year)
        for e in entries
    )
    return Recheck(year, pack, results, watch, every, tuple(skipped))


#: The years a round may be held in.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _refuse_earlier_round(registry: Registry, entries: Iterable[Entry], year: int) -> None:
    """Refuse a round for ``year`` of a cluster whose history already holds a later round and
    not this one: the history would run backwards (a recorded round may be run again)."""
    errors = [
        InputError(
            registry.path or "registry",
            f"cluster[{registry.clusters.index(e)}].history",
            Problem("history_after_round", value=year, last=e.last.year, id=e.id),
        )
        for e in entries
        if e.last is not None and e.last.year > year and all(h.year != year for h in e.history)
    ]
    if errors:
        raise InputErrors(errors)


def record(registry: Registry, result: Recheck) -> Registry:
    """The registry with this round appended: one entry per due cluster, delisted clusters
    marked. Earlier entries are kept as they are; recording a year again adds nothing, and a
    different decision for a recorded year, or a round under another pack, is an error."""
    _pack(registry, result.rules)
    by_id = {r.entry.id: r for r in result.results}
    entries = []
    for entry in registry.clusters:
        outcome = by_id.get(entry.id)
        if outcome is None:
            entries.append(entry)
            continue
        existing = next((h for h in entry.history if h.year == result.year), None)
        if existing is None and entry.last is not None and entry.last.year > result.year:
            raise InputError(
                registry.path or "registry", f"{entry.id}.history",
                Problem("round_after_later", value=result.year, last=entry.last.year),
            )  # fmt: skip
        if existing is not None:
            # A rerun without this cluster's data leaves its recorded result alone.
            if outcome.report is not None and existing.decision is not outcome.decision:
                raise InputError(
                    registry.path or "registry", f"{entry.id}.history",
                    Problem("recorded_otherwise", year=result.year, value=outcome.decision.value,
                            recorded=existing.decision.value),
                )  # fmt: skip
            entries.append(entry)
            continue
        report = outcome.report
        item = HistoryEntry(
            year=result.year,
            decision=outcome.decision,
            rules=result.rules.id,
            statuses={} if report is None else _statuses(report),
            figures={} if report is None else _figures(report),
        )
        status = "delisted" if outcome.decision is Decision.DELIST else entry.status
        entries.append(attrs.evolve(entry, history=(*entry.history, item), status=status))
    return attrs.evolve(registry, clusters=tuple(entries))
