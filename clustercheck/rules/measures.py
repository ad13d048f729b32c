"""Measures: how each figure a criterion tests is obtained from a cluster.

Each measure gives the declared figure and the figure derived from the roster (either may
be absent); the engine decides which one counts. Values are exact: ``Decimal`` for money
and counts, :class:`Ratio` (two integers) for ratios, in canonical units (元, fractions of
one, 万元/公顷).
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import partial
from itertools import pairwise
from typing import Any, NamedTuple

from ..base.compare import Operator
from ..base.errors import PackError, Problem
from ..base.figures import (
    FigureBound,
    Ratio,
    format_decimal,
    fraction_to_decimal,
    ratio_in_unit,
    same_value,
    to_unit,
)
from ..base.notes import Note
from ..model.cluster import Cluster
from ..model.roster import NAMES_SHOWN, LeaderTest, Names, RosterFigures
from ..model.tally import tally
from .pack import PackChoice, packs_of
from .report import Source

Value = Decimal | Ratio

#: What marks, in the list of leaders, a firm counted on its 营业收入 for want of 主营业务收入.
PROXIED_MARK = "*"


class Figure(NamedTuple):
    """A measured value with where it came from.

    ``at_least`` marks a lower bound: some firms' data were missing, so the true value may
    be higher. ``items`` lists what was counted (firms, functions).
    """

    value: Value | None
    source: Source
    at_least: bool = False
    notes: tuple[Note, ...] = ()
    items: tuple[str, ...] = ()
    #: Set when the measure compared exactly itself (a growth rate shown rounded, a condition
    #: on every year); the engine then takes this decision instead of comparing ``value``.
    holds: bool | None = None
    #: With ``at_least``, the most the true value can be, where the missing data are bounded
    #: (firms that may or may not count): a bound proves only in the direction it bounds.
    at_most: Value | None = None


#: The declared figure and the roster's figure for one measure: a plain pair, as one is
#: made per criterion and check.
Measured = tuple[Figure | None, Figure | None]


class Inputs:
    """A cluster as one check reads it: a roster given as ``enterprises`` is summed once per
    check, with every leader test the pack uses, not once per criterion."""

    __slots__ = ("_leader_tests", "_summed", "cluster")

    def __init__(self, cluster: Cluster, leader_tests: tuple[LeaderTest, ...]) -> None:
        self.cluster = cluster
        self._leader_tests = leader_tests
        self._summed: RosterFigures | None = None

    def roster(self) -> RosterFigures | None:
        """The cluster's roster figures: read with its roster file, or summed from ``enterprises``."""
        cluster = self.cluster
        if cluster.roster is not None or not cluster.enterprises:
            return cluster.roster
        if self._summed is None:
            self._summed = tally(cluster.enterprises, self._leader_tests, list_smes=True)
        return self._summed


def _missing(field: str, names: Names) -> Note:
    return Note("missing_field", {"count": str(names.count), "field": field, "firms": names.text()})


def leader_tests(rules: PackChoice) -> tuple[LeaderTest, ...]:
    """The leader tests of the packs' ``leaders`` criteria, which a roster must be read with."""
    tests = (
        LeaderTest(c.settings["firm_operator"], c.settings["firm_threshold"])
        for pack in packs_of(rules)
        for c in (*pack.criteria, *(b for c in pack.criteria for b in c.alternatives))
        if c.measure == "leaders"
    )
    return tuple(dict.fromkeys(tests))


def _declared(value: Decimal | int | None) -> Figure | None:
    """A declared figure; a published bound (逾30亿元) is kept as it is, for the engine to
    weigh."""
    if value is None:
        return None
    return Figure(value if isinstance(value, FigureBound) else Decimal(value), Source.DECLARED)


def _ratio(numerator: Decimal | int, denominator: Decimal | int) -> Ratio | None:
    """numerator / denominator as an exact ratio (None when the denominator is 0)."""
    if denominator == 0:
        return None
    top, top_scale = numerator.as_integer_ratio()
    bottom, bottom_scale = denominator.as_integer_ratio()
    return Ratio(top * bottom_scale, top_scale * bottom)


def _leaders(params: Mapping[str, Any]) -> Callable[[Inputs, Mapping[str, Any]], Measured]:
    """The leaders measure of one criterion: its leader test made once, not per check."""
    return partial(_leaders_by, LeaderTest(params["firm_operator"], params["firm_threshold"]))


def _leaders_by(test: LeaderTest, inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    cluster = inputs.cluster
    figures = inputs.roster()
    roster = None
    if figures is not None:
        leaders = figures.leaders.get(test)
        if leaders is None:
            raise PackError(
                Problem(
                    "roster_without_test",
                    cluster=cluster.name,
                    test=f"{test.operator.value} {test.threshold} 元",
                ),
                source=cluster.source,
            )
        lacking = figures.lacking_business_revenue
        notes = [_at_limit(leaders.at_limit, test)] if leaders.at_limit else []
        if figures.proxied:
            notes.append(Note("proxy_revenue", {"firms": figures.proxied.text()}))
        if leaders.proxied:
            shown = Names(len(leaders.proxied), leaders.proxied[:NAMES_SHOWN])
            notes.append(Note("proxy_leaders", {"count": str(shown.count), "firms": shown.text()}))
        if lacking:
            notes.append(_missing("main_business_revenue", lacking))
        # Firms counted on 营业收入 may not be leaders, and firms lacking both revenues may
        # be: the count lies between the leaders settled and all of those.
        roster = _bounded_count(
            len(leaders.certain), len(leaders.proxied) + lacking.count, notes,
            leaders.certain + _marked(leaders.proxied),
        )  # fmt: skip
    return _declared(cluster.declared.leaders), roster


def _marked(proxied: tuple[str, ...]) -> tuple[str, ...]:
    """The leaders counted on 营业收入, each marked so (most rosters have none)."""
    return tuple(name + PROXIED_MARK for name in proxied) if proxied else ()


def _at_limit(names: tuple[str, ...], test: LeaderTest) -> Note:
    """The firms whose 主营业务收入 is exactly a strict test's threshold: not leaders, since 超
    does not include the number; named, so a reviewer sees why a firm is not counted."""
    shown = Names(len(names), names[:NAMES_SHOWN])
    limit = f"{format_decimal(to_unit(test.threshold, '万元'))}万元"
    return Note("leader_at_limit", {"firms": shown.text(), "value": limit})


def _bounded_count(certain: int, unsure: int, notes: list[Note], items: tuple[str, ...]) -> Figure:
    """A count of firms from the roster: ``certain`` firms count, ``unsure`` more may."""
    if not unsure:
        return Figure(Decimal(certain), Source.ROSTER, False, tuple(notes), items)
    notes.append(Note("count_between", {"low": str(certain), "high": str(certain + unsure)}))
    return Figure(
        Decimal(certain), Source.ROSTER, True, tuple(notes), items,
        at_most=Decimal(certain + unsure),
    )  # fmt: skip


def _related_smes(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    figures = inputs.roster()
    roster = None
    if figures is not None:
        notes = []
        undecided = figures.undecided_size
        if undecided:
            notes.append(
                Note("size_undecided", {"count": str(undecided.count), "firms": undecided.text()})
            )
        # A firm of undecided size may be an SME: the count lies between those decided and all.
        roster = _bounded_count(
            figures.related_smes, undecided.count, notes, figures.related_sme_names or ()
        )
    return _declared(inputs.cluster.declared.related_smes), roster


def _revenue(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    figures = inputs.roster()
    roster = None
    if figures is not None:
        missing = figures.lacking_operating_revenue
        notes = (_missing("operating_revenue", missing),) if missing else ()
        roster = Figure(figures.operating_revenue, Source.ROSTER, bool(missing), notes)
    return _declared(inputs.cluster.declared.operating_revenue), roster


def _declared_share(
    explicit: Decimal | None, part: Decimal | int | None, whole: Decimal | int | None
) -> Figure | None:
    """A declared share: given outright, or computed from declared amounts; a note if both differ."""
    if explicit is None and (part is None or whole is None):  # as for a roster's cluster
        return None
    bounds = isinstance(part, FigureBound) or isinstance(whole, FigureBound)
    computed = None if part is None or whole is None or bounds else _ratio(part, whole)
    if explicit is None:
        if bounds and part is not None and whole is not None:  # no share follows from bounds
            return Figure(None, Source.DECLARED, notes=(_SHARE_OF_BOUNDS,))
        return None if computed is None else Figure(computed, Source.DECLARED)
    notes: tuple[Note, ...] = ()
    if computed is not None and not same_value(computed, explicit):
        notes = (
            Note(
                "share_differs",
                {"declared": _percent(explicit), "computed": _percent(computed)},
            ),
        )
    return Figure(explicit, Source.DECLARED, notes=notes)


_SHARE_OF_BOUNDS = Note("share_of_bounds")
_GROWTH_DECLARED = Note("growth_declared")


def _percent(value: Value) -> str:
    return f"{format_decimal(ratio_in_unit(value, '%')[0])}%"


def _main_share(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    declared = inputs.cluster.declared
    figures = inputs.roster()
    roster = None
    if figures is not None:
        missing, unflagged = figures.lacking_operating_revenue, figures.lacking_main_flag
        notes = []
        if missing:
            notes.append(_missing("operating_revenue", missing))
        if unflagged:
            notes.append(_missing("in_main_industry", unflagged))
        # A missing revenue or flag could move the share either way: then it is unknown.
        value = (
            None
            if missing or unflagged
            else _ratio(figures.main_industry_revenue, figures.operating_revenue)
        )
        roster = Figure(value, Source.ROSTER, notes=tuple(notes))
    share = _declared_share(
        declared.main_share, declared.main_industry_revenue, declared.operating_revenue
    )
    return share, roster


def _rd_ratio(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    declared = inputs.cluster.declared
    figures = inputs.roster()
    roster = None
    if figures is not None:
        missing, no_rd = figures.lacking_operating_revenue, figures.lacking_rd_expense
        notes = []
        if missing:
            notes.append(_missing("operating_revenue", missing))
        if no_rd:
            notes.append(_missing("rd_expense", no_rd))
        # Missing R&D can only raise the ratio, so the known part is a lower bound;
        # missing revenue could move it either way, so the ratio is then unknown.
        value = None if missing else _ratio(figures.rd_expense, figures.operating_revenue)
        roster = Figure(value, Source.ROSTER, bool(no_rd), tuple(notes))
    share = _declared_share(declared.rd_ratio, declared.rd_expense, declared.operating_revenue)
    return share, roster


def _clean_audit_rate(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    declared = inputs.cluster.declared
    if declared.clean_audit_rate is not None:
        share = _declared_share(
            declared.clean_audit_rate, declared.clean_audit_done, declared.clean_audit_required
        )
        return share, None
    if declared.clean_audit_required is None or declared.clean_audit_done is None:
        return None, None
    if declared.clean_audit_required == 0:
        return Figure(None, Source.DECLARED, notes=(Note("audit_none_required"),)), None
    rate = Ratio(declared.clean_audit_done, declared.clean_audit_required)
    return Figure(rate, Source.DECLARED), None


def _building_density(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    return _declared(inputs.cluster.declared.building_density), None


def _investment_intensity(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    return _declared(inputs.cluster.declared.investment_intensity), None


def _declared_field(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    return _declared(getattr(inputs.cluster.declared, params["field"])), None


def _last_years(cluster: Cluster, count: int) -> list[int]:
    """The ``count`` years ending with the cluster's ``year`` (else its latest yearly figures)."""
    last = (
        cluster.year
        if cluster.year is not None
        else max((y.year for y in cluster.yearly), default=None)
    )
    return [] if last is None else list(range(last - count + 1, last + 1))


def _yearly_values(
    cluster: Cluster, figure: str, years: list[int]
) -> tuple[dict[int, Decimal], list[int]]:
    """The figure in each of ``years``, and the years that lack it."""
    table = cluster.by_year()
    values = {}
    missing = []
    for year in years:
        value = getattr(table[year], figure) if year in table else None
        if value is None:
            missing.append(year)
        else:
            values[year] = value
    return values, missing


def _missing_years(figure: str, years: list[int]) -> Note:
    return Note("missing_years", {"field": figure, "years": "、".join(str(y) for y in years)})


def _yearly_each(
    inputs: Inputs, params: Mapping[str, Any], operator: Operator, limit: Decimal
) -> Measured:
    cluster = inputs.cluster
    figure, years = params["figure"], _last_years(cluster, params["years"])
    if not years:
        return None, None
    values, missing = _yearly_values(cluster, figure, years)
    notes = (
        [
            Note(
                "each_year",
                {
                    "values": "；".join(
                        f"{y}: {format_decimal(v / 100_000_000)}亿元" for y, v in values.items()
                    )
                },
            )
        ]
        if values
        else []
    )
    failing = [y for y, v in values.items() if not operator.holds(v, limit)]
    if missing:
        notes.append(_missing_years(figure, missing))
    if not values:
        return Figure(None, Source.DECLARED, notes=tuple(notes)), None
    worst = min(values.values()) if operator.upward else max(values.values())
    if missing and not failing:
        return Figure(None, Source.DECLARED, notes=tuple(notes)), None
    return Figure(worst, Source.DECLARED, notes=tuple(notes), holds=not failing), None


#: Shares and growth rates a cluster may declare outright, by the yearly figures they stand for.
DECLARED_SHARES = {("sme_output", "output"): "sme_output_share",
                   ("main_industry_output", "output"): "main_output_share"}  # fmt: skip
DECLARED_GROWTH = {"output": "output_growth", "sme_rd_expense": "rd_growth"}


def _yearly_share(inputs: Inputs, params: Mapping[str, Any]) -> Measured:
    cluster = inputs.cluster
    field = DECLARED_SHARES.get((params["part"], params["whole"]))
    stated = None if field is None else getattr(cluster.declared, field)
    years = _last_years(cluster, 1)
    parts, missing = _yearly_values(cluster, params["part"], years)
    wholes, missing_whole = _yearly_values(cluster, params["whole"], years)
    if stated is not None:  # published as a share: it decides, the yearly amounts checked
        known = years and not missing and not missing_whole
        return _declared_share(stated, parts[years[0]] if known else None,
                               wholes[years[0]] if known else None), None  # fmt: skip
    if not years:
        return None, None
    if missing or missing_whole:
        note = _missing_years(params["part"] if missing else params["whole"], years)
        return Figure(None, Source.DECLARED, notes=(note,)), None
    return Figure(_ratio(parts[years[0]], wholes[years[0]]), Source.DECLARED), None


def _growth(
    inputs: Inputs, params: Mapping[str, Any], operator: Operator, limit: Decimal
) -> Measured:
    """Average annual growth over the last ``years`` years, by the pack's ``method``, compared
    exactly: geometric growth over n intervals exceeds g exactly when last/first > (1+g)^n."""
    cluster = inputs.cluster
    figure, count, method = params["figure"], params["years"], params["method"]
    field = DECLARED_GROWTH.get(figure)
    stated = None if field is None else getattr(cluster.declared, field)
    if stated is not None:  # published as a rate: it decides, compared as it is
        return Figure(stated, Source.DECLARED, notes=(_GROWTH_DECLARED,)), None
    years = _last_years(cluster, count)
    if not years:
        return None, None
    values, missing = _yearly_values(cluster, figure, years)
    if missing:
        return Figure(None, Source.DECLARED, notes=(_missing_years(figure, missing),)), None
    series = [Fraction(values[y]) for y in years]
    if any(v == 0 for v in series[:-1]):
        note = Note("growth_from_zero", {"field": figure})
        return Figure(None, Source.DECLARED, notes=(note,)), None
    intervals = count - 1
    mean = sum((b / a - 1 for a, b in pairwise(series)), Fraction(0)) / intervals  # arithmetic
    if method == "arithmetic":
        note = Note("growth_arithmetic", {"years": f"{years[0]}–{years[-1]}"})
        return Figure(Ratio(mean.numerator, mean.denominator), Source.DECLARED, notes=(note,)), None
    ratio = series[-1] / series[0]
    bound = (1 + Fraction(limit)) ** intervals
    rate = _geometric_rate(ratio, intervals)
    note = Note("growth_geometric", {
        "years": f"{years[0]}–{years[-1]}", "n": str(intervals),
        "ratio": format_decimal(fraction_to_decimal(ratio)), "bound": format_decimal(fraction_to_decimal(bound)),
    })  # fmt: skip
    holds = operator.holds(ratio, bound)
    notes: tuple[Note, ...] = (note,)
    if operator.holds(mean, Fraction(limit)) != holds:
        notes += (_other_reading(Fraction(rate), mean, holds),)
    return Figure(rate, Source.DECLARED, notes=notes, holds=holds), None


def _other_reading(geometric: Fraction, arithmetic: Fraction, holds: bool) -> Note:
    """The note that the arithmetic mean of the yearly rates, the other plausible reading of
    年均增速, would give the other status; both rates shown to 0.01%."""

    def percent(rate: Fraction) -> str:
        return f"{format_decimal(fraction_to_decimal(rate * 100).quantize(Decimal('0.01')))}%"

    return Note("growth_other_reading", {
        "geometric": percent(geometric), "arithmetic": percent(arithmetic),
        "other_zh": "达到要求" if not holds else "未达到要求",
        "other_en": "met" if not holds else "not met",
    })  # fmt: skip


def _geometric_rate(ratio: Fraction, intervals: int) -> Decimal:
    """The yearly rate whose compounding over ``intervals`` gives ``ratio``, to show: rounded
    to 10 places in a pinned context (the verdict compares the exact ratio, not this)."""
    if ratio <= 0:
        return Decimal(-1)
    with decimal.localcontext(decimal.Context(prec=40)):
        root = (Decimal(ratio.numerator) / Decimal(ratio.denominator)) ** (Decimal(1) / intervals)
        return Decimal(format_decimal((root - 1).quantize(Decimal("1E-10"))))


#: Numeric measures by the name packs use (``attestation`` and ``service_functions`` are
#: not figures and are evaluated by the engine directly).
MEASURES: dict[str, Callable[[Inputs, Mapping[str, Any]], Measured]] = {
    "related_smes": _related_smes,
    "revenue": _revenue,
    "main_share": _main_share,
    "rd_ratio": _rd_ratio,
    "clean_audit_rate": _clean_audit_rate,
    "building_density": _building_density,
    "investment_intensity": _investment_intensity,
    "declared": _declared_field,
    "yearly_share": _yearly_share,
}

#: Measures made once per criterion from its settings (see :func:`_leaders`).
PREPARED_MEASURES: dict[
    str, Callable[[Mapping[str, Any]], Callable[[Inputs, Mapping[str, Any]], Measured]]
] = {"leaders": _leaders}

#: Measures a roster of firms can give when no figure is declared.
ROSTER_MEASURES = frozenset(("leaders", "related_smes", "revenue", "main_share", "rd_ratio"))
#: Measures of the yearly figures.
YEARLY_MEASURES = frozenset(("yearly_share", "yearly_each", "growth"))

#: Measures that compare with the criterion's operator and threshold themselves.
COMPARING_MEASURES: dict[
    str, Callable[[Inputs, Mapping[str, Any], Operator, Decimal], Measured]
] = {
    "yearly_each": _yearly_each,
    "growth": _growth,
}
