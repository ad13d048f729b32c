"""Evaluating a cluster against a pack: one outcome per criterion, then the verdict.

A pack is prepared for checking once (per pack and tags, on first use): each criterion's
threshold in display units, its comparison, the outcomes that never depend on the cluster.
A check then only measures and compares, so checking many clusters costs little per cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from itertools import compress
from pathlib import PurePath
from typing import Any, Protocol

from ..base.arguments import tag_set, wrong_argument
from ..base.compare import bound_decides
from ..base.errors import IN_CODE
from ..base.figures import (
    DISPLAY_UNITS,
    FigureBound,
    format_decimal,
    ratio_in_unit,
    same_value,
    to_unit,
)
from ..base.messages import Phrase
from ..base.notes import Note
from ..model.cluster import Cluster, Reported
from .measures import (
    COMPARING_MEASURES,
    MEASURES,
    PREPARED_MEASURES,
    ROSTER_MEASURES,
    YEARLY_MEASURES,
    Figure,
    Inputs,
    Measured,
    Value,
    leader_tests,
)
from .pack import Criterion, Kind, Rules, pack_of
from .per_pack import PerPack
from .report import Outcome, Report, Source, Status, verdict_of
from .sources import read_source

_CLUSTER = Phrase(
    'a cc.Cluster, such as cc.load_cluster("cluster.toml") gives',
    'cc.Cluster，如 cc.load_cluster("集群.toml") 的结果',
)


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
    if not isinstance(cluster, Cluster):
        raise wrong_argument("cluster", cluster, _CLUSTER)
    return _evaluator(pack_of(rules), tags).check(cluster, list_firms)


class _Prepared(Protocol):
    """A criterion prepared for checking."""

    def evaluate(self, inputs: Inputs, list_firms: bool) -> Outcome:
        """The criterion's outcome for one cluster."""


class _Evaluator:
    """A pack, restricted to some tags, prepared for checking clusters against it."""

    __slots__ = (
        "_attestations", "_criteria", "_deciding", "_general", "_ids", "_leader_tests",
        "_notices", "_pack_id",
    )  # fmt: skip

    def __init__(self, full: Rules, pack: Rules) -> None:
        # Only what the checks need is kept, not the packs: a pack's evaluators go with it.
        self._pack_id = pack.id
        self._criteria = tuple(_prepare(criterion) for criterion in pack.criteria)
        self._deciding = tuple(criterion.decides for criterion in pack.criteria)
        # Only a pack with general rules needs to look for pending exceptions.
        self._general = any(criterion.general for criterion in pack.criteria)
        # Warnings are about the whole pack: a tag does not make other input unused.
        self._attestations = frozenset(
            c.id for c in full.criteria if c.kind is Kind.ATTESTATION
        ) | frozenset(c.exception for c in full.criteria if c.exception is not None)
        self._ids = frozenset(c.id for c in full.criteria)
        self._leader_tests = leader_tests(full)
        self._notices = pack_notices(full)

    def check(self, cluster: Cluster, list_firms: bool) -> Report:
        """The report on ``cluster``."""
        inputs = Inputs(cluster, self._leader_tests)
        outcomes = [criterion.evaluate(inputs, list_firms) for criterion in self._criteria]
        if cluster.reported:
            outcomes = [_with_reported(outcome, cluster.reported) for outcome in outcomes]
        deciding = compress(outcomes, self._deciding)
        statuses = (
            [outcome.verdict_status for outcome in deciding]
            if self._general
            else [outcome.status for outcome in deciding]
        )
        return Report(
            cluster.name, self._pack_id, verdict_of(statuses), tuple(outcomes),
            cluster.region, cluster.year, cluster.id, self._warnings(cluster),
            cluster.main_industry,
        )  # fmt: skip

    def _warnings(self, cluster: Cluster) -> tuple[Note, ...]:
        """What reading the roster noted, and attestations and public figures the pack does not
        use: said, not silently ignored. A cluster file may serve several packs, so unused input
        is a warning, not an error."""
        roster, attested, reported = cluster.roster, cluster.attested, cluster.reported
        if not attested and not reported:  # a roster's cluster: the pack's notices and its remarks
            return self._notices if roster is None else self._notices + roster.remarks
        unused = list(self._notices)
        if roster is not None:
            unused += roster.remarks
        unused += [_attested_unused(key) for key in attested if key not in self._attestations]
        unused += [
            Note("reported_unused", {"criterion": r.criterion, "wording": r.wording})
            for r in reported
            if r.criterion not in self._ids
        ]
        return tuple(unused)


def pack_notices(rules: Rules) -> tuple[Note, ...]:
    """What every report under ``rules`` says once: the pack's own notices, and that its
    source text could not be fully verified, where its source file says so."""
    notes = [Note("pack_notice", {"zh": n.zh, "en": n.en}) for n in rules.notices]
    source = read_source(rules)
    if source is not None and not source.verified:
        notes.append(Note("source_unverified", {"pack": rules.id}))
    return tuple(notes)


@lru_cache(maxsize=1024)
def _attested_unused(key: str) -> Note:
    """The warning for an attestation the pack does not use. The same few keys recur in every
    cluster file, so each such note is made once and shared, as a roster's remarks are."""
    return Note("attested_unused", {"key": key})


#: Evaluators by pack and tags, prepared on first use; an entry goes when its pack does.
_evaluators: PerPack[Rules, dict[frozenset[str] | None, _Evaluator]] = PerPack(lambda _: {})


def _evaluator(rules: Rules, tags: Iterable[str] | None) -> _Evaluator:
    """The evaluator of ``rules`` restricted to ``tags``, prepared on first use."""
    wanted = tag_set(tags)
    by_tags = _evaluators(rules)
    evaluator = by_tags.get(wanted)
    if evaluator is None:
        evaluator = by_tags[wanted] = _Evaluator(rules, rules.select(wanted))
    return evaluator


def _prepare(criterion: Criterion) -> _Prepared:
    """The criterion prepared for checking, by what kind of condition it is; one whose
    threshold a what-if changed notes the document's own wording on every outcome."""
    prepared = _prepare_kind(criterion)
    if criterion.original_wording is None:
        return prepared
    return _Changed(prepared, Note("threshold_changed", {"original": criterion.original_wording}))


class _Changed:
    """A criterion whose threshold a what-if changed: its outcomes note the original wording."""

    __slots__ = ("_note", "_prepared")

    def __init__(self, prepared: _Prepared, note: Note) -> None:
        self._prepared = prepared
        self._note = note

    def evaluate(self, inputs: Inputs, list_firms: bool) -> Outcome:
        outcome = self._prepared.evaluate(inputs, list_firms)
        return _evolved(outcome, notes=(self._note, *outcome.notes))


def _prepare_kind(criterion: Criterion) -> _Prepared:
    """The criterion prepared for checking, by what kind of condition it is."""
    if criterion.kind is Kind.ATTESTATION:
        if criterion.measure == "service_functions":
            return _FunctionsFound(criterion)
        return _Attestation(criterion)
    if criterion.kind is Kind.ADVISORY:
        return _Functions(criterion)
    if criterion.measure == "any_of":
        return _Either(criterion)
    if criterion.general:
        return _General(criterion)
    return _Threshold(criterion)


def _with_reported(outcome: Outcome, reported: tuple[Reported, ...]) -> Outcome:
    """The outcome with the public figures quoted for its criterion (they never decide it)."""
    notes = tuple(
        Note("reported", {"wording": r.wording, "source": r.source, "why": r.why_not_used})
        for r in reported
        if r.criterion == outcome.id
    )
    return outcome if not notes else _evolved(outcome, notes=outcome.notes + notes)


def _evolved(
    outcome: Outcome,
    *,
    notes: tuple[Note, ...],
    status: Status | None = None,
    items: tuple[str, ...] | None = None,
    exception_pending: bool | None = None,
) -> Outcome:
    """``outcome`` with other notes (and, where given, status, items or pending exception),
    as ``attrs.evolve`` makes it, but built field by field in order: a check makes several."""
    o = outcome
    return Outcome(
        o.id, o.clause, o.label, o.short, o.kind, o.status if status is None else status,
        o.wording, o.value, o.threshold, o.operator, o.unit, o.margin, o.source, notes,
        o.items if items is None else items,
        o.exception_pending if exception_pending is None else exception_pending,
        o.reading, o.reading_en,
    )  # fmt: skip


#: Notes that never vary, made once.
_NO_FIGURE = Note("no_figure")
_NOT_DECLARED = Note("not_declared")
_NO_YEARLY = Note("no_yearly_figures")
#: What each says: no figure at all, when the cluster has none to measure.
_NO_FIGURE_NOTES = frozenset(n.code for n in (_NO_FIGURE, _NOT_DECLARED, _NO_YEARLY))


def _no_figure_note(measure: str) -> Note:
    """Why a criterion has no figure, in words that hold for any cluster: a roster could give
    it and there is none, it must be declared, or its yearly figures are not given."""
    if measure in ROSTER_MEASURES:
        return _NO_FIGURE
    return _NO_YEARLY if measure in YEARLY_MEASURES else _NOT_DECLARED


_LOWER_BOUND = Note("lower_bound")
_ROUNDED = Note("rounded")


class _Outcomes(Protocol):
    """What makes a criterion's outcomes: given what was found, the whole outcome."""

    def __call__(
        self,
        status: Status,
        value: Decimal | bool | None = None,
        threshold: Decimal | None = None,
        margin: Decimal | None = None,
        source: Source = Source.NONE,
        notes: tuple[Note, ...] = (),
        items: tuple[str, ...] = (),
    ) -> Outcome: ...


def _outcomes(criterion: Criterion) -> _Outcomes:
    """The maker of ``criterion``'s outcomes: what the criterion states is read once, and
    each outcome is built with its fields in order (a check builds one per criterion)."""
    id_, clause, label, short, kind = (
        criterion.id, criterion.clause, criterion.label, criterion.short, criterion.kind
    )  # fmt: skip
    wording, operator, unit, reading, reading_en = (
        criterion.wording, criterion.operator, criterion.unit, criterion.reading,
        criterion.reading_en,
    )  # fmt: skip

    def outcome(
        status: Status,
        value: Decimal | bool | None = None,
        threshold: Decimal | None = None,
        margin: Decimal | None = None,
        source: Source = Source.NONE,
        notes: tuple[Note, ...] = (),
        items: tuple[str, ...] = (),
    ) -> Outcome:
        return Outcome(
            id_, clause, label, short, kind, status, wording, value, threshold, operator, unit,
            margin, source, notes, items, False, reading, reading_en,
        )  # fmt: skip

    return outcome


class _Attestation:
    """A yes/no attestation: its outcomes never depend on anything but the answer, so the
    usual ones are built once."""

    __slots__ = ("_criterion", "_outcome", "_refused", "_unknown", "_yes")

    def __init__(self, criterion: Criterion) -> None:
        self._criterion = criterion
        self._outcome = _outcomes(criterion)
        self._unknown = self._outcome(Status.UNKNOWN, notes=(Note("not_attested"),))
        self._yes = self._answered(True)
        # The clusters of one file share the outcome of an answer no.
        self._refused = lru_cache(maxsize=1024)(self._refusal)

    def evaluate(self, inputs: Inputs, list_firms: bool) -> Outcome:
        attested = inputs.cluster.attested.get(self._criterion.id)
        if attested is None:
            return self._unknown
        if attested is True:
            return self._yes
        if attested is False:
            return self._refused(inputs.cluster.source)
        return self._answered(attested)  # not a bool: a cluster built in code, kept as given

    def _answered(self, attested: bool) -> Outcome:
        status = Status.PASS if attested else Status.FAIL
        return self._outcome(status, value=attested, source=Source.ATTESTED)

    def _refusal(self, source: str | None) -> Outcome:
        """An answer no, saying where it came from (the cluster's ``source``)."""
        where = Note("attested_no", {"source": _file_name(source)})
        return self._outcome(Status.FAIL, False, source=Source.ATTESTED, notes=(where,))


def _file_name(source: str | None) -> str:
    """A cluster's source as a reviewer names it: the file's name, without its folders
    (``<code>`` for a cluster made in code)."""
    return IN_CODE if source is None else PurePath(source).name or source


class _Functions:
    """The advisory list of service functions: which of the pack's are declared."""

    __slots__ = ("_listed", "_no_figure", "_outcome", "threshold")

    def __init__(self, criterion: Criterion) -> None:
        self._outcome = _outcomes(criterion)
        self._listed: tuple[str, ...] = criterion.settings["functions"]
        self.threshold = Decimal(len(self._listed))
        self._no_figure = self._outcome(
            Status.INFO, threshold=self.threshold, notes=(_NOT_DECLARED,)
        )

    def evaluate(self, inputs: Inputs, list_firms: bool) -> Outcome:
        declared = inputs.cluster.declared.service_functions
        if declared is None:
            return self._no_figure
        present, notes = self.found(declared)
        return self._outcome(
            Status.INFO, Decimal(len(present)), self.threshold, None, Source.DECLARED, notes,
            present,
        )  # fmt: skip

    def found(self, declared: Collection[str]) -> tuple[tuple[str, ...], tuple[Note, ...]]:
        """The pack's functions among those declared, and notes naming the pack's functions
        not declared and the declared ones not the pack's."""
        listed = self._listed
        present = tuple(f for f in listed if f in declared)
        notes = []
        missing = [f for f in listed if f not in declared]
        if missing:
            notes.append(Note("functions_missing", {"functions": "、".join(missing)}))
        unlisted = [f for f in declared if f not in listed]
        if unlisted:
            notes.append(Note("functions_unlisted", {"functions": "、".join(unlisted)}))
        return present, tuple(notes)


class _FunctionsFound:
    """A finding on the service functions (196号 三（六）): the reviewer's answer decides; the
    functions declared are shown beside it as the evidence."""

    __slots__ = ("_answer", "_functions", "_total")

    def __init__(self, criterion: Criterion) -> None:
        self._answer = _Attestation(criterion)
        self._functions = _Functions(criterion)
        self._total = format_decimal(self._functions.threshold)

    def evaluate(self, inputs: Inputs, list_firms: bool) -> Outcome:
        answer = self._answer.evaluate(inputs, list_firms)
        declared = inputs.cluster.declared.service_functions
        if declared is None:  # none declared: no evidence to show
            return answer
        present, found = self._functions.found(declared)
        declared_note = Note("functions_declared", {
            "count": format_decimal(Decimal(len(present))), "total": self._total,
            "functions": "、".join(present) or "—",
        })  # fmt: skip
        return _evolved(answer, notes=(*answer.notes, declared_note, *found), items=present)


def _measure_of(criterion: Criterion) -> Callable[[Inputs, Mapping[str, Any]], Measured]:
    """The criterion's measure; one that compares itself is given the operator and limit,
    one made from its settings is made now."""
    if criterion.measure in PREPARED_MEASURES:
        return PREPARED_MEASURES[criterion.measure](criterion.settings)
    if criterion.measure not in COMPARING_MEASURES:
        return MEASURES[criterion.measure]
    comparing, operator, limit = (
        COMPARING_MEASURES[criterion.measure], criterion.operator, criterion.limit
    )  # fmt: skip
    assert operator is not None
    assert limit is not None
    return lambda inputs, settings: comparing(inputs, settings, operator, limit)


class _Threshold:
    """A figure against a threshold, prepared once: the measure, the threshold in display
    units, and the exact comparison with the limit (ratios by cross-multiplied integers)."""

    __slots__ = (
        "_compare",
        "_in_own_unit",
        "_limit",
        "_limit_ratio",
        "_lists_items",
        "_measure",
        "_no_figure",
        "_operator",
        "_outcome",
        "_settings",
        "_statuses",
        "_threshold",
        "_unit",
        "_upward",
    )  # fmt: skip

    def __init__(self, criterion: Criterion) -> None:
        operator, limit, unit = criterion.operator, criterion.limit, criterion.unit
        assert operator is not None
        assert limit is not None
        assert unit is not None
        self._outcome = _outcomes(criterion)
        self._measure = _measure_of(criterion)
        self._settings = criterion.settings
        self._compare = operator.comparison
        self._operator = operator
        self._upward = operator.upward
        self._statuses = {
            (holds, at_least): _status(holds, at_least, operator.upward)
            for holds in (False, True)
            for at_least in (False, True)
        }
        self._limit = limit
        self._limit_ratio = limit.as_integer_ratio()
        self._unit = unit
        # A figure of a unit of factor 1 (家, 万元/公顷) is shown as it is: x / 1 is x.
        self._in_own_unit = DISPLAY_UNITS[unit] == 1
        self._threshold = to_unit(limit, unit)
        # Related SMEs can be many: their names are listed only when asked for.
        self._lists_items = criterion.measure != "related_smes"
        self._no_figure = self._outcome(
            Status.UNKNOWN, threshold=self._threshold, notes=(_no_figure_note(criterion.measure),)
        )

    def evaluate(self, inputs: Inputs, list_firms: bool) -> Outcome:
        declared, roster = self._measure(inputs, self._settings)
        figure = declared if declared is not None else roster
        if figure is None:
            return self._no_figure
        notes = figure.notes
        if declared is not None and roster is not None:
            notes += self._roster_notes(declared, roster)
        value = figure.value
        if value is None:
            return self._outcome(
                Status.UNKNOWN, threshold=self._threshold, source=figure.source, notes=notes
            )
        if isinstance(value, FigureBound):
            return self._bounded(value, figure.source, notes)
        if figure.holds is not None:
            status = self._statuses[figure.holds, False]
        else:
            status = self._statuses[self._holds(value), figure.at_least]
            if status is Status.UNKNOWN and figure.at_most is not None:
                status = self._by_upper_bound(figure.at_most)
        if isinstance(value, Decimal):
            shown, rounded = (value if self._in_own_unit else to_unit(value, self._unit)), False
        else:
            shown, rounded = ratio_in_unit(value, self._unit)
        if figure.at_least:
            notes += (_LOWER_BOUND,)
        if rounded:
            notes += (_ROUNDED,)
        threshold = self._threshold
        return self._outcome(
            status, shown, threshold,
            shown - threshold if self._upward else threshold - shown, figure.source, notes,
            figure.items if list_firms or self._lists_items else (),
        )  # fmt: skip

    def _holds(self, value: Value) -> bool:
        """Whether the exact value meets the limit; a ratio n/d is compared as n·b OP a·d
        with the limit a/b, which is exact."""
        if isinstance(value, Decimal):
            return bool(self._compare(value, self._limit))
        limit_numerator, limit_denominator = self._limit_ratio
        return bool(
            self._compare(value.numerator * limit_denominator, limit_numerator * value.denominator)
        )

    def _bounded(self, bound: FigureBound, source: Source, notes: tuple[Note, ...]) -> Outcome:
        """A figure published as a bound: it decides where it proves the condition either
        way, and is unknown otherwise; no margin is shown, as the amount is not known."""
        amount = Decimal(bound)  # the bound's number, compared as a plain amount
        proved = bound_decides(self._operator, self._limit, amount, bound.lower, bound.strict)
        status = Status.UNKNOWN if proved is None else Status.PASS if proved else Status.FAIL
        shown = amount if self._in_own_unit else to_unit(amount, self._unit)
        text = f"{bound.relation} {format_decimal(shown)}{self._unit}"
        note = Note(
            "declared_lower_bound" if bound.lower else "declared_upper_bound", {"value": text}
        )
        return self._outcome(status, Decimal(shown), self._threshold, None, source, (*notes, note))

    def _by_upper_bound(self, at_most: Value) -> Status:
        """What an upper bound decides: a fail when even it misses an upward limit, a pass
        when it meets a downward one; nothing otherwise."""
        holds = self._holds(at_most)
        if self._upward:
            return Status.UNKNOWN if holds else Status.FAIL
        return Status.PASS if holds else Status.UNKNOWN

    def _roster_notes(self, declared: Figure, roster: Figure) -> tuple[Note, ...]:
        """The roster's notes beside a declared figure, and whether the two differ."""
        if roster.value is None:
            return roster.notes
        if (
            roster.at_least
            or declared.value is None
            or isinstance(declared.value, FigureBound)  # a bound is never the roster's sum
            or not same_value(roster.value, declared.value)
        ):
            differs = Note("roster_differs", {
                "roster": _shown(roster, self._unit),
                "declared": _shown(declared, self._unit),
            })  # fmt: skip
            return (*roster.notes, differs)
        return roster.notes


class _General:
    """A general rule (``一般不超过``): a figure that misses it is shown ✗, and the reviewer's
    attestation of an exception settles it; until then the verdict counts it as undecided."""

    __slots__ = ("_granted", "_key", "_pending", "_refused", "_threshold")

    def __init__(self, criterion: Criterion) -> None:
        assert criterion.exception is not None
        self._threshold = _Threshold(criterion)
        self._key = key = criterion.exception
        self._pending = Note("general_exceeded", {"key": key})
        self._granted = Note("exception_granted", {"key": key})
        self._refused = Note("exception_refused", {"key": key})

    def evaluate(self, inputs: Inputs, list_firms: bool) -> Outcome:
        outcome = self._threshold.evaluate(inputs, list_firms)
        if outcome.status is not Status.FAIL:
            return outcome
        attested = inputs.cluster.attested.get(self._key)
        if attested is None:
            notes = (*outcome.notes, self._pending)
            return _evolved(outcome, notes=notes, exception_pending=True)
        if attested:
            return _evolved(outcome, status=Status.PASS, notes=(*outcome.notes, self._granted))
        return _evolved(outcome, notes=(*outcome.notes, self._refused))


def _status(holds: bool, at_least: bool, upward: bool) -> Status:
    """PASS/FAIL on the exact value; a lower bound decides only what it can."""
    if not at_least:
        return Status.PASS if holds else Status.FAIL
    if upward:
        return Status.PASS if holds else Status.UNKNOWN
    return Status.UNKNOWN if holds else Status.FAIL


class _Either:
    """An either-or condition: PASS when any branch passes, FAIL when all fail, else UNKNOWN."""

    __slots__ = ("_branches", "_outcome")

    def __init__(self, criterion: Criterion) -> None:
        self._outcome = _outcomes(criterion)
        self._branches = tuple(_Threshold(branch) for branch in criterion.alternatives)

    def evaluate(self, inputs: Inputs, list_firms: bool) -> Outcome:
        branches = [branch.evaluate(inputs, list_firms) for branch in self._branches]
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
        ) + tuple(n for b in branches for n in b.notes if n.code not in _NO_FIGURE_NOTES)  # fmt: skip
        passing = next((b for b in branches if b.status is Status.PASS), None)
        return self._outcome(
            status, notes=notes,
            source=passing.source if passing else Source.NONE,
            items=tuple(i for b in branches for i in b.items),
        )  # fmt: skip


def _shown(figure: Figure, unit: str) -> str:
    assert figure.value is not None
    low = format_decimal(to_unit(figure.value, unit))
    if figure.at_most is not None:
        return f"{low}–{format_decimal(to_unit(figure.at_most, unit))}{unit}"
    prefix = "≥" if figure.at_least else ""
    if isinstance(figure.value, FigureBound):
        prefix = figure.value.relation
    return f"{prefix}{low}{unit}"
