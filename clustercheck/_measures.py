"""Measures: how each figure a criterion tests is obtained from a cluster.

Each measure gives the declared figure and the figure derived from the roster (either may
be absent); the engine decides which one counts. Values are exact: ``Decimal`` for money
and counts, ``Fraction`` for ratios, in canonical units (元, fractions of one, 万元/公顷).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ._figures import format_decimal, fraction_to_decimal
from ._model import Cluster, Enterprise
from ._report import Note, Source
from ._sizes import is_sme

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


def _names(firms: Iterable[Enterprise]) -> str:
    return "、".join(f.name for f in firms)


def _missing(field: str, firms: list[Enterprise]) -> Note:
    return Note("missing_field", {"count": str(len(firms)), "field": field, "firms": _names(firms)})


def _declared(value: Decimal | int | None) -> Figure | None:
    return None if value is None else Figure(Decimal(value), Source.DECLARED)


def _ratio(numerator: Decimal | int, denominator: Decimal | int) -> Fraction | None:
    return None if denominator == 0 else Fraction(numerator) / Fraction(denominator)


def _leaders(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    operator, threshold = params["firm_operator"], params["firm_threshold"]
    counted: list[Enterprise] = []
    proxied: list[Enterprise] = []
    missing: list[Enterprise] = []
    for firm in cluster.enterprises:
        revenue = firm.main_business_revenue
        if revenue is None and firm.operating_revenue is not None:
            revenue = firm.operating_revenue
            proxied.append(firm)
        if revenue is None:
            missing.append(firm)
        elif operator.holds(revenue, threshold):
            counted.append(firm)
    roster = None
    if cluster.enterprises:
        notes = []
        if proxied:
            notes.append(Note("proxy_revenue", {"firms": _names(proxied)}))
        if missing:
            notes.append(_missing("main_business_revenue", missing))
        roster = Figure(
            Decimal(len(counted)), Source.ROSTER, bool(missing), tuple(notes),
            tuple(f.name for f in counted),
        )  # fmt: skip
    return Measured(_declared(cluster.declared.leaders), roster)


def _related_smes(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    smes: list[Enterprise] = []
    undecided: list[Enterprise] = []
    for firm in cluster.enterprises:
        if not firm.related:
            continue
        sme = is_sme(firm)
        if sme is None:
            undecided.append(firm)
        elif sme:
            smes.append(firm)
    roster = None
    if cluster.enterprises:
        notes: tuple[Note, ...] = ()
        if undecided:
            notes = (
                Note("size_undecided", {"count": str(len(undecided)), "firms": _names(undecided)}),
            )
        roster = Figure(
            Decimal(len(smes)), Source.ROSTER, bool(undecided), notes, tuple(f.name for f in smes)
        )
    return Measured(_declared(cluster.declared.related_smes), roster)


def _roster_revenue(cluster: Cluster) -> tuple[Decimal, list[Enterprise]]:
    """The sum of known 营业收入 and the firms that lack one."""
    total = Decimal(0)
    missing = []
    for firm in cluster.enterprises:
        if firm.operating_revenue is None:
            missing.append(firm)
        else:
            total += firm.operating_revenue
    return total, missing


def _revenue(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    roster = None
    if cluster.enterprises:
        total, missing = _roster_revenue(cluster)
        notes = (_missing("operating_revenue", missing),) if missing else ()
        roster = Figure(total, Source.ROSTER, bool(missing), notes)
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
    roster = None
    if cluster.enterprises:
        total, missing = _roster_revenue(cluster)
        unflagged = [f for f in cluster.enterprises if f.in_main_industry is None]
        notes = []
        if missing:
            notes.append(_missing("operating_revenue", missing))
        if unflagged:
            notes.append(_missing("in_main_industry", unflagged))
        main = sum(
            (f.operating_revenue for f in cluster.enterprises
             if f.in_main_industry and f.operating_revenue is not None),
            Decimal(0),
        )  # fmt: skip
        value = None if missing or unflagged else _ratio(main, total)
        roster = Figure(value, Source.ROSTER, notes=tuple(notes))
    return Measured(
        _declared_share(
            declared.main_share, declared.main_industry_revenue, declared.operating_revenue
        ),
        roster,
    )


def _rd_ratio(cluster: Cluster, params: Mapping[str, Any]) -> Measured:
    declared = cluster.declared
    roster = None
    if cluster.enterprises:
        total, missing = _roster_revenue(cluster)
        no_rd = [f for f in cluster.enterprises if f.rd_expense is None]
        rd = sum(
            (f.rd_expense for f in cluster.enterprises if f.rd_expense is not None), Decimal(0)
        )
        notes = []
        if missing:
            notes.append(_missing("operating_revenue", missing))
        if no_rd:
            notes.append(_missing("rd_expense", no_rd))
        # Missing R&D can only raise the ratio, so the known part is a lower bound;
        # missing revenue could move it either way, so the ratio is then unknown.
        value = None if missing else _ratio(rd, total)
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
