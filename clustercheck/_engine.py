"""Evaluating a cluster against a pack: one outcome per criterion, then the verdict."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from ._figures import DISPLAY_UNITS, format_decimal, to_unit
from ._measures import COMPARING_MEASURES, MEASURES, Figure, Measured, Value
from ._model import Cluster
from ._pack import DEFAULT_PACK, Criterion, Kind, Rules, load_rules
from ._report import Note, Outcome, Report, Source, Status, verdict_of


def check(
    cluster: Cluster,
    rules: Rules | str | None = None,
    *,
    tags: Iterable[str] | None = None,
    list_firms: bool = False,
) -> Report:
    """Check ``cluster`` against ``rules`` (a loaded pack, a pack id or path; default
    henan-2014-196). With ``tags``, only criteria carrying one of them are checked:
    ``check(cluster, tags=["core"])`` checks the five quantitative core conditions. The
    leaders counted are always listed; the related SMEs only with ``list_firms`` (a roster
    file must then be loaded with ``list_firms`` too, since its names are not kept otherwise)."""
    full = load_rules(rules or DEFAULT_PACK) if not isinstance(rules, Rules) else rules
    pack = full.select(tags)
    outcomes = tuple(_evaluate(criterion, cluster, list_firms) for criterion in pack.criteria)
    return Report(
        cluster=cluster.name,
        rules=pack.id,
        verdict=verdict_of([o.status for o in outcomes if o.decides]),
        outcomes=outcomes,
        region=cluster.region,
        year=cluster.year,
        cluster_id=cluster.id,
        warnings=_warnings(cluster, full),
    )


def _warnings(cluster: Cluster, rules: Rules) -> tuple[Note, ...]:
    """What reading the roster noted, and attestations and public figures the pack does not
    use: said, not silently ignored. A cluster file may serve several packs, so unused input
    is a warning, not an error."""
    attestations = {c.id for c in rules.criteria if c.kind is Kind.ATTESTATION}
    ids = {c.id for c in rules.criteria}
    unused = list(cluster.roster.remarks) if cluster.roster is not None else []
    unused += [
        Note("attested_unused", {"key": key}) for key in cluster.attested if key not in attestations
    ]
    unused.extend(
        Note("reported_unused", {"criterion": r.criterion, "wording": r.wording})
        for r in cluster.reported
        if r.criterion not in ids
    )
    return tuple(unused)


def _evaluate(criterion: Criterion, cluster: Cluster, list_firms: bool) -> Outcome:
    reported = tuple(
        Note("reported", {"wording": r.wording, "source": r.source, "why": r.why_not_used})
        for r in cluster.reported
        if r.criterion == criterion.id
    )
    if criterion.kind is Kind.ATTESTATION:
        outcome = _attestation(criterion, cluster)
    elif criterion.kind is Kind.ADVISORY:
        outcome = _functions(criterion, cluster)
    else:
        outcome = _threshold(criterion, cluster, list_firms)
    return outcome if not reported else _with_notes(outcome, reported)


def _with_notes(outcome: Outcome, notes: tuple[Note, ...]) -> Outcome:
    return attrs.evolve(outcome, notes=outcome.notes + notes)


def _base(criterion: Criterion, status: Status, **fields: object) -> Outcome:
    return Outcome(
        id=criterion.id,
        clause=criterion.clause,
        label=criterion.label,
        short=criterion.short,
        kind=criterion.kind,
        status=status,
        wording=criterion.wording,
        operator=criterion.operator,
        unit=criterion.unit,
        **fields,  # type: ignore[arg-type]
    )


def _attestation(criterion: Criterion, cluster: Cluster) -> Outcome:
    attested = cluster.attested.get(criterion.id)
    if attested is None:
        return _base(criterion, Status.UNKNOWN, notes=(Note("not_attested"),))
    return _base(
        criterion, Status.PASS if attested else Status.FAIL, value=attested, source=Source.ATTESTED
    )


def _functions(criterion: Criterion, cluster: Cluster) -> Outcome:
    listed: tuple[str, ...] = criterion.settings["functions"]
    declared = cluster.declared.service_functions
    if declared is None:
        return _base(
            criterion, Status.INFO, threshold=Decimal(len(listed)), notes=(Note("no_figure"),)
        )
    present = tuple(f for f in listed if f in declared)
    notes = []
    missing = [f for f in listed if f not in declared]
    if missing:
        notes.append(Note("functions_missing", {"functions": "、".join(missing)}))
    unlisted = [f for f in declared if f not in listed]
    if unlisted:
        notes.append(Note("functions_unlisted", {"functions": "、".join(unlisted)}))
    return _base(
        criterion,
        Status.INFO,
        value=Decimal(len(present)),
        threshold=Decimal(len(listed)),
        source=Source.DECLARED,
        notes=tuple(notes),
        items=present,
    )


def _measure(criterion: Criterion, cluster: Cluster) -> Measured:
    assert criterion.operator is not None
    assert criterion.limit is not None
    if criterion.measure in COMPARING_MEASURES:
        return COMPARING_MEASURES[criterion.measure](
            cluster, criterion.settings, criterion.operator, criterion.limit
        )
    return MEASURES[criterion.measure](cluster, criterion.settings)


def _either(criterion: Criterion, cluster: Cluster, list_firms: bool) -> Outcome:
    """An either-or condition: PASS when any branch passes, FAIL when all fail, else UNKNOWN."""
    branches = [_threshold(b, cluster, list_firms) for b in criterion.alternatives]
    statuses = {b.status for b in branches}
    status = (
        Status.PASS if Status.PASS in statuses
        else Status.FAIL if statuses == {Status.FAIL}
        else Status.UNKNOWN
    )  # fmt: skip
    notes = tuple(
        Note("branch", {
            "label": b.label.zh, "label_en": b.label.en, "mark": b.status.mark,
            "value": "—" if not isinstance(b.value, Decimal) else f"{format_decimal(b.value)}{b.unit or ''}",
            "requirement": f"{b.operator.symbol if b.operator else ''} {format_decimal(b.threshold) if b.threshold is not None else ''}{b.unit or ''}",
        })
        for b in branches
    ) + tuple(n for b in branches for n in b.notes if n.code != "no_figure")  # fmt: skip
    passing = next((b for b in branches if b.status is Status.PASS), None)
    return _base(
        criterion, status, notes=notes,
        source=passing.source if passing else Source.NONE,
        items=tuple(i for b in branches for i in b.items),
    )  # fmt: skip


def _threshold(criterion: Criterion, cluster: Cluster, list_firms: bool) -> Outcome:
    if criterion.measure == "any_of":
        return _either(criterion, cluster, list_firms)
    measured = _measure(criterion, cluster)
    figure = measured.declared or measured.roster
    assert criterion.operator is not None
    assert criterion.limit is not None
    assert criterion.unit is not None
    threshold = to_unit(criterion.limit, criterion.unit)
    if figure is None:
        return _base(criterion, Status.UNKNOWN, threshold=threshold, notes=(Note("no_figure"),))
    notes = list(figure.notes)
    roster = measured.roster
    if measured.declared is not None and roster is not None:
        notes.extend(roster.notes)
        if roster.value is not None and (roster.value != figure.value or roster.at_least):
            notes.append(
                Note("roster_differs", {
                    "roster": _shown(roster, criterion.unit),
                    "declared": _shown(figure, criterion.unit),
                })
            )  # fmt: skip
    if figure.value is None:
        return _base(
            criterion, Status.UNKNOWN, threshold=threshold, source=figure.source, notes=tuple(notes)
        )
    if figure.holds is not None:
        status = Status.PASS if figure.holds else Status.FAIL
    else:
        status = _status(criterion, figure.value, figure.at_least)
    value = to_unit(figure.value, criterion.unit)
    if figure.at_least:
        notes.append(Note("lower_bound"))
    if isinstance(figure.value, Fraction) and Fraction(value) != figure.value / Fraction(
        DISPLAY_UNITS[criterion.unit]
    ):
        notes.append(Note("rounded"))
    margin = value - threshold if criterion.operator.upward else threshold - value
    return _base(
        criterion,
        status,
        value=value,
        threshold=threshold,
        margin=margin,
        source=figure.source,
        notes=tuple(notes),
        items=figure.items if list_firms or criterion.measure != "related_smes" else (),
    )


def _status(criterion: Criterion, value: Value, at_least: bool) -> Status:
    """PASS/FAIL on the exact value; a lower bound decides only what it can."""
    assert criterion.operator is not None
    assert criterion.limit is not None
    # Decimals compare exactly with each other; a ratio is compared as a fraction.
    limit = criterion.limit if isinstance(value, Decimal) else Fraction(criterion.limit)
    holds = criterion.operator.holds(value, limit)
    if not at_least:
        return Status.PASS if holds else Status.FAIL
    if criterion.operator.upward:
        return Status.PASS if holds else Status.UNKNOWN
    return Status.UNKNOWN if holds else Status.FAIL


def _shown(figure: Figure, unit: str) -> str:
    assert figure.value is not None
    prefix = "≥" if figure.at_least else ""
    return f"{prefix}{format_decimal(to_unit(figure.value, unit))}{unit}"
