"""Measures: how each figure a criterion tests is obtained from a cluster.

Each measure gives the declared figure and the figure derived from the roster (either may
be absent); the engine decides which one counts. Values are exact: ``Decimal`` for money
and counts, ``Fraction`` for ratios, in canonical units (元, fractions of one, 万元/公顷).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ._errors import PackError
from ._figures import format_decimal, fraction_to_decimal
from ._model import Cluster
from ._pack import Rules
from ._report import Note, Source
from ._roster import tally
from ._roster_figures import LeaderTest, Names, RosterFigures

Value = Decimal | Fraction


@attrs.frozen
class Figure:
    """A measured value with where it came from.

    ``at_least`` marks a lower bound: some firms' data were missing, so the true value may
    be higher. ``items`` lists what was counted (firms, functions).
    """

    value: Value | None
    source: Source
    at_least: bool = False
    notes: tuple[Note, ...] = ()
    items: tuple[str, ...] = ()


@attrs.frozen
class Measured:
    """The declared figure and the roster's figure for one measure."""

    declared: Figure | None = None
    roster: Figure | None = None


def _missing(field: str, names: Names) -> Note:
    return Note("missing_field", {"count": str(names.count), "field": field, "firms": names.text()})


def leader_tests(rules: Rules) -> tuple[LeaderTest, ...]:
    """The leader tests of a pack's ``leaders`` criteria, which a roster must be read with."""
    return tuple(
        LeaderTest(c.settings["firm_operator"], c.settings["firm_threshold"])
        for c in rules.criteria
        if c.measure == "leaders"
    )


def roster_of(cluster: Cluster, leader_tests: tuple[LeaderTest, ...] = ()) -> RosterFigures | None:
    """The cluster's roster figures: read with its roster file, or summed from ``enterprises``."""
    if cluster.roster is not None:
        return cluster.roster
    if cluster.enterprises:
        return tally(cluster.enterprises, leader_tests, list_smes=True)
    return None


def _declared(value: Decimal | int | None) -> Figure | None:
    return None if value is None else Figure(Decimal(value), Source.DECLARED)


def _ratio(numerator: Decimal | int, denominator: Decimal | int) -> Fraction | None:
    return None if denominator == 0 else Fraction(numerator) / Fraction(denominator)


def _leaders(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    test = LeaderTest(params["firm_operator"], params["firm_threshold"])
    figures = roster_of(cluster, (test,))
    roster = None
    if figures is not None:
        if test not in figures.leaders:
            raise PackError(
                f"the roster of {cluster.name} was read without the leader test "
                f"{test.operator.value} {test.threshold} 元; load it with the rules it is checked against"
            )
        counted = figures.leaders[test]
        notes = []
        if figures.proxied:
            notes.append(Note("proxy_revenue", {"firms": figures.proxied.text()}))
        if figures.lacking_business_revenue:
            notes.append(_missing("main_business_revenue", figures.lacking_business_revenue))
        roster = Figure(
            Decimal(len(counted)), Source.ROSTER, bool(figures.lacking_business_revenue),
            tuple(notes), counted,
        )  # fmt: skip
    return Measured(_declared(cluster.declared.leaders), roster)


def _related_smes(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    figures = roster_of(cluster)
    roster = None
    if figures is not None:
        notes: tuple[Note, ...] = ()
        undecided = figures.undecided_size
        if undecided:
            notes = (
                Note("size_undecided", {"count": str(undecided.count), "firms": undecided.text()}),
            )
        roster = Figure(
            Decimal(figures.related_smes), Source.ROSTER, bool(undecided), notes,
            figures.related_sme_names or (),
        )  # fmt: skip
    return Measured(_declared(cluster.declared.related_smes), roster)


def _revenue(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    figures = roster_of(cluster)
    roster = None
    if figures is not None:
        missing = figures.lacking_operating_revenue
        notes = (_missing("operating_revenue", missing),) if missing else ()
        roster = Figure(figures.operating_revenue, Source.ROSTER, bool(missing), notes)
    return Measured(_declared(cluster.declared.operating_revenue), roster)


def _declared_share(
    explicit: Decimal | None, part: Decimal | int | None, whole: Decimal | int | None
) -> Figure | None:
    """A declared share: given outright, or computed from declared amounts; a note if both differ."""
    computed = None if part is None or whole is None else _ratio(part, whole)
    if explicit is None:
        return None if computed is None else Figure(computed, Source.DECLARED)
    notes: tuple[Note, ...] = ()
    if computed is not None and computed != explicit:
        notes = (
            Note(
                "share_differs",
                {"declared": _percent(Fraction(explicit)), "computed": _percent(computed)},
            ),
        )
    return Figure(Fraction(explicit), Source.DECLARED, notes=notes)


def _percent(value: Fraction) -> str:
    return f"{format_decimal(fraction_to_decimal(value * 100))}%"


def _main_share(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    declared = cluster.declared
    figures = roster_of(cluster)
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
    return Measured(
        _declared_share(
            declared.main_share, declared.main_industry_revenue, declared.operating_revenue
        ),
        roster,
    )


def _rd_ratio(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    declared = cluster.declared
    figures = roster_of(cluster)
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
    return Measured(
        _declared_share(declared.rd_ratio, declared.rd_expense, declared.operating_revenue), roster
    )


def _clean_audit_rate(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    declared = cluster.declared
    if declared.clean_audit_rate is not None:
        return Measured(
            _declared_share(
                declared.clean_audit_rate, declared.clean_audit_done, declared.clean_audit_required
            )
        )
    if declared.clean_audit_required is None or declared.clean_audit_done is None:
        return Measured()
    if declared.clean_audit_required == 0:
        return Measured(Figure(None, Source.DECLARED, notes=(Note("audit_none_required"),)))
    return Measured(
        Figure(Fraction(declared.clean_audit_done, declared.clean_audit_required), Source.DECLARED)
    )


def _building_density(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    return Measured(_declared(cluster.declared.building_density))


def _investment_intensity(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    return Measured(_declared(cluster.declared.investment_intensity))


#: Numeric measures by the name packs use (``attestation`` and ``service_functions`` are
#: not figures and are evaluated by the engine directly).
MEASURES: dict[str, Callable[[Cluster, Mapping[str, Any]], Measured]] = {
    "leaders": _leaders,
    "related_smes": _related_smes,
    "revenue": _revenue,
    "main_share": _main_share,
    "rd_ratio": _rd_ratio,
    "clean_audit_rate": _clean_audit_rate,
    "building_density": _building_density,
    "investment_intensity": _investment_intensity,
}
