"""Checking many clusters criterion by criterion, on columns of exact scaled integers.

Each criterion is decided for every cluster at once, with int64 arithmetic that is exact
wherever it runs: a value and its threshold are brought to common decimal places and
subtracted; a ratio is compared by cross-multiplying. A row whose numbers would not fit, or
whose value or margin would not be exact as the float a frame shows, is marked *doubtful*
instead of approximated: the caller checks it with the engine, cluster by cluster. Every
status, value and margin is therefore the one the engine gives.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
import numpy as np
import numpy.typing as npt

from ..base.compare import Operator
from ..base.figures import round_half_even, unit_power
from ..model.columns import (
    MANTISSA_LIMIT,
    ClusterColumns,
    FigureColumn,
    Flags,
    Integers,
    decimal_parts,
)
from .measures import DECLARED_GROWTH, DECLARED_SHARES
from .pack import Criterion, Kind, Rules
from .report import Status, Verdict

Codes = npt.NDArray[np.int8]
Floats = npt.NDArray[np.float64]

#: Status and verdict codes: positions in their enums, as categorical columns number them.
PASS, FAIL, UNKNOWN, INFO = (list(Status).index(s) for s in Status)
QUALIFIED, NOT_QUALIFIED, INCOMPLETE = (
    list(Verdict).index(v) for v in (Verdict.QUALIFIED, Verdict.NOT_QUALIFIED, Verdict.INCOMPLETE)
)

#: Products are kept below this, so that no int64 operation can overflow.
_PRODUCT_LIMIT = float(2**62)
_POWERS = np.array([10**k for k in range(19)], dtype=np.int64)
_FLOAT_POWERS = np.array([10.0**k for k in range(19)])
#: The largest power of five an int64 holds: a number dividing it is a power of five.
_FIVES = 5**27
#: A rounded ratio is shown to 10 places of its display unit (see ``ratio_to_decimal``).
_SHOWN_PLACES = 10


@attrs.frozen
class CriterionColumns:
    """One criterion's outcome across clusters: the status code, and for a figure its value
    and margin in input units (NaN where none) and whether the value is rounded."""

    criterion: Criterion
    status: Codes
    value: Floats
    margin: Floats
    rounded: Flags
    #: A general rule exceeded whose exception is not attested: the verdict counts it unknown.
    pending: Flags


@attrs.frozen
class Evaluation:
    """The outcomes of a batch, the verdicts, the revenue band (its index in the pack's
    bands, -1 for none) and the rows the engine must check instead."""

    criteria: tuple[CriterionColumns, ...]
    verdict: Codes
    band: Integers
    doubtful: Flags


class _Exact:
    """Exact values across rows, as ratios ``numerator / denominator`` (denominator > 0),
    where ``known``; ``fits`` is False where the numbers are too large to work on."""

    __slots__ = ("denominator", "fits", "known", "numerator")

    def __init__(self, known: Flags, fits: Flags, numerator: Integers, denominator: Integers):
        safe = known & fits
        self.known = known
        self.fits = fits | ~known
        self.numerator = np.where(safe, numerator, 0)
        self.denominator = np.where(safe, denominator, 1)

    @classmethod
    def of(cls, column: FigureColumn) -> _Exact:
        """A decimal column: mantissa / 10^places."""
        places = np.minimum(column.places, 18)
        return cls(column.given, column.scaled, column.mantissa, _POWERS[places])

    @classmethod
    def ratio(cls, part: FigureColumn, whole: FigureColumn) -> _Exact:
        """part / whole where both are given and the whole is not 0 (else unknown)."""
        known = part.given & whole.given & (whole.mantissa != 0)
        common = np.minimum(part.places, whole.places)
        top_shift, bottom_shift = whole.places - common, part.places - common
        fits = part.scaled & whole.scaled & (top_shift <= 18) & (bottom_shift <= 18)
        top_shift, bottom_shift = np.minimum(top_shift, 18), np.minimum(bottom_shift, 18)
        numerator, fits_top = _times(part.mantissa, _POWERS[top_shift], fits)
        denominator, fits_bottom = _times(whole.mantissa, _POWERS[bottom_shift], fits)
        fits &= fits_top & fits_bottom & (numerator < MANTISSA_LIMIT)
        fits &= denominator < MANTISSA_LIMIT
        return cls(known, fits, numerator, denominator)

    def where(self, mask: Flags, other: _Exact) -> _Exact:
        """This value where ``mask``, else ``other``'s."""
        return _Exact(
            np.where(mask, self.known, other.known),
            np.where(mask, self.fits, other.fits),
            np.where(mask, self.numerator, other.numerator),
            np.where(mask, self.denominator, other.denominator),
        )


def _times(values: Integers, factors: Integers, fits: Flags) -> tuple[Integers, Flags]:
    """values × factors where the product surely fits an int64, and where it does."""
    product_fits = fits & (np.abs(values.astype(np.float64)) * factors < _PRODUCT_LIMIT)
    return np.where(product_fits, values * np.where(product_fits, factors, 0), 0), product_fits


class _Compared:
    """Exact values compared with a threshold: whether each holds, the margin and the value
    as floats in input units, whether the value is rounded, and where this was not exact."""

    def __init__(self, exact: _Exact, operator: Operator, limit: Decimal, unit: str) -> None:
        known, numerator, denominator = exact.known, exact.numerator, exact.denominator
        doubtful = known & ~exact.fits
        # Reduced, a ratio has a finite decimal when its denominator is 2^a·5^b.
        common = np.gcd(numerator, denominator)
        common[common == 0] = 1
        numerator, denominator = numerator // common, denominator // common
        lowest_bit = denominator & -denominator
        rest = denominator // lowest_bit
        finite = (_FIVES % rest) == 0
        twos = np.rint(np.log2(lowest_bit.astype(np.float64))).astype(np.int64)
        fives = np.where(finite, np.rint(np.log(rest) / np.log(5)), 0).astype(np.int64)
        places = np.maximum(twos, fives)
        doubtful |= known & finite & (places > 18)
        places = np.minimum(places, 18)
        # A finite decimal: mantissa / 10^places exactly.
        scale = np.where(finite, _POWERS[places] // denominator, 0)
        mantissa, fits = _times(numerator, scale, finite)
        doubtful |= known & finite & ~fits
        # A ratio without one is shown rounded half-even to 10 places of its display unit.
        shown_places = _SHOWN_PLACES - unit_power(unit)
        rounded = known & ~finite
        if rounded.any():
            doubtful |= rounded & (not 0 <= shown_places <= 18)
            places = np.where(rounded, min(max(shown_places, 0), 18), places)
            mantissa = np.where(
                rounded, _rounded(numerator, denominator, rounded, shown_places), mantissa
            )
        # The status compares the exact value, the margin the value shown.
        limit_mantissa, limit_places = decimal_parts(limit)
        common_places = np.maximum(places, limit_places)
        ours, fits_ours = _times(mantissa, _POWERS[common_places - places], known)
        theirs, fits_theirs = _times(
            np.full_like(mantissa, limit_mantissa), _POWERS[common_places - limit_places], known
        )
        difference = ours - theirs
        doubtful |= known & ~(fits_ours & fits_theirs)
        doubtful |= (np.abs(difference) >= MANTISSA_LIMIT) | (np.abs(mantissa) >= MANTISSA_LIMIT)
        cross, fits_cross = _times(numerator, np.full_like(numerator, 10**limit_places), rounded)
        other, fits_other = _times(denominator, np.full_like(denominator, limit_mantissa), rounded)
        doubtful |= rounded & ~(fits_cross & fits_other)
        sign = np.where(rounded, np.sign(cross - other), np.sign(difference))
        self.holds = operator.comparison(sign, 0)
        margin = difference / _FLOAT_POWERS[common_places]
        self.margin = np.where(known, margin if operator.upward else -margin, np.nan)
        self.value = np.where(known, mantissa / _FLOAT_POWERS[places], np.nan)
        self.rounded = rounded
        self.doubtful = doubtful & known


def _rounded(numerator: Integers, denominator: Integers, rows: Flags, places: int) -> Integers:
    """numerator / denominator rounded half-even to ``places`` decimal places, as a mantissa:
    in floats where their error cannot matter, else with Python's integers."""
    with np.errstate(over="ignore", invalid="ignore"):
        quotient = np.where(rows, numerator / denominator * 10.0**places, 0.0)
    # Two roundings of at most half an ulp each: the true quotient is within this.
    error = np.abs(quotient) * 2.0**-51 + 1e-300
    whole = np.rint(quotient)
    unsure = rows & (
        (np.abs(np.abs(quotient - np.trunc(quotient)) - 0.5) <= error)
        | ~(np.abs(quotient) < 2.0**52)
    )
    result = np.where(rows & ~unsure, whole, 0.0).astype(np.int64)
    for row in np.flatnonzero(unsure).tolist():
        exact = round_half_even(int(numerator[row]) * 10**places, int(denominator[row]))
        result[row] = min(exact, MANTISSA_LIMIT)  # past the limit, the row is in doubt
    return result


def _declared(field: str) -> Callable[[ClusterColumns, Criterion], _Exact | None]:
    return lambda columns, criterion: _Exact.of(columns.figure(field))


def _share(share: str, part: str, whole: str) -> Callable[[ClusterColumns, Criterion], _Exact]:
    """A share given outright where it is, else computed from the declared amounts."""

    def measure(columns: ClusterColumns, criterion: Criterion) -> _Exact:
        given = columns.figure(share)
        computed = _Exact.ratio(columns.figure(part), columns.figure(whole))
        return _Exact.of(given).where(given.given, computed)

    return measure


def _no_figure(columns: ClusterColumns, criterion: Criterion) -> _Exact | None:
    """Figures of several years: clusters given as columns have none."""
    return None


def _stated_field(criterion: Criterion) -> str | None:
    """The declared share or growth rate that decides in place of the yearly figures a
    criterion measures (``main_output_share`` of the main industry's share of output), where
    there is one: the engine reads it first, and so do the columns."""
    settings = criterion.settings
    if criterion.measure == "yearly_share":
        return DECLARED_SHARES.get((settings["part"], settings["whole"]))
    if criterion.measure == "growth":
        return DECLARED_GROWTH.get(settings["figure"])
    return None


def _stated(columns: ClusterColumns, criterion: Criterion) -> _Exact | None:
    """The share or rate a cluster states, where the yearly figures would decide: clusters
    given as columns have no yearly figures, so it alone is known."""
    field = _stated_field(criterion)
    return None if field is None else _Exact.of(columns.figure(field))


#: How each measure's figure is read from declared columns (None: never known there).
_MEASURES: dict[str, Callable[[ClusterColumns, Criterion], _Exact | None]] = {
    "leaders": _declared("leaders"),
    "related_smes": _declared("related_smes"),
    "revenue": _declared("operating_revenue"),
    "building_density": _declared("building_density"),
    "investment_intensity": _declared("investment_intensity"),
    "declared": lambda columns, criterion: _Exact.of(columns.figure(criterion.settings["field"])),
    "main_share": _share("main_share", "main_industry_revenue", "operating_revenue"),
    "rd_ratio": _share("rd_ratio", "rd_expense", "operating_revenue"),
    "clean_audit_rate": _share("clean_audit_rate", "clean_audit_done", "clean_audit_required"),
    "yearly_share": _stated,
    "yearly_each": _no_figure,
    "growth": _stated,
}


#: The declared figures each measure reads (a ``declared`` measure names its own).
_FIELDS: dict[str, tuple[str, ...]] = {
    "leaders": ("leaders",),
    "related_smes": ("related_smes",),
    "revenue": ("operating_revenue",),
    "building_density": ("building_density",),
    "investment_intensity": ("investment_intensity",),
    "main_share": ("main_share", "main_industry_revenue", "operating_revenue"),
    "rd_ratio": ("rd_ratio", "rd_expense", "operating_revenue"),
    "clean_audit_rate": ("clean_audit_rate", "clean_audit_done", "clean_audit_required"),
}


def fields_read(pack: Rules) -> frozenset[str]:
    """The declared figures the criteria of ``pack`` read, so that only those are gathered."""
    fields: set[str] = set()
    for criterion in pack.criteria:
        for measured in (criterion, *criterion.alternatives):
            if measured.measure == "declared":
                fields.add(measured.settings["field"])
            fields.update(_FIELDS.get(measured.measure, ()))
            stated = _stated_field(measured)
            if stated is not None:
                fields.add(stated)
    return frozenset(fields)


def evaluate(full: Rules, pack: Rules, columns: ClusterColumns) -> Evaluation:
    """Every criterion of ``pack`` (``full`` restricted to some tags) over ``columns``."""
    count = len(columns)
    doubtful = np.zeros(count, dtype=np.bool_)
    results = []
    for criterion in pack.criteria:
        result, doubt = _criterion(criterion, columns)
        results.append(result)
        doubtful |= doubt
    verdict = np.full(count, QUALIFIED, dtype=np.int8)
    unknown = np.zeros(count, dtype=np.bool_)
    failed = np.zeros(count, dtype=np.bool_)
    for result in results:
        if not result.criterion.decides:
            continue
        failed |= (result.status == FAIL) & ~result.pending
        unknown |= (result.status == UNKNOWN) | result.pending
    verdict[unknown] = INCOMPLETE
    verdict[failed] = NOT_QUALIFIED
    band, band_doubt = _bands(full, results, columns)
    return Evaluation(tuple(results), verdict, band, doubtful | band_doubt)


def _criterion(criterion: Criterion, columns: ClusterColumns) -> tuple[CriterionColumns, Flags]:
    """One criterion across clusters, and the rows in doubt."""
    count = len(columns)
    nothing = np.full(count, np.nan)
    no = np.zeros(count, dtype=np.bool_)
    if criterion.kind is Kind.ATTESTATION:
        attested, answer = columns.attestation(criterion.id)
        status = np.where(attested, np.where(answer, PASS, FAIL), UNKNOWN).astype(np.int8)
        return CriterionColumns(criterion, status, nothing, nothing, no, no), no
    if criterion.kind is Kind.ADVISORY:
        listed = criterion.settings["functions"]
        present: dict[tuple[str, ...] | None, float] = {None: np.nan}
        for functions in columns.functions:
            if functions is not None and functions not in present:
                present[functions] = sum(1 for f in listed if f in functions)
        value = np.array([present[f] for f in columns.functions], dtype=np.float64)
        status = np.full(count, INFO, dtype=np.int8)
        return CriterionColumns(criterion, status, value, nothing, no, no), no
    if criterion.measure == "any_of":
        branches = [_threshold(branch, columns) for branch in criterion.alternatives]
        statuses = [b.status for b, _ in branches]
        status = np.where(
            np.any([s == PASS for s in statuses], axis=0),
            PASS,
            np.where(np.all([s == FAIL for s in statuses], axis=0), FAIL, UNKNOWN),
        ).astype(np.int8)
        doubt = np.any([d for _, d in branches], axis=0)
        return CriterionColumns(criterion, status, nothing, nothing, no, no), doubt
    result, doubt = _threshold(criterion, columns)
    if not criterion.general:
        return result, doubt
    assert criterion.exception is not None
    attested, granted = columns.attestation(criterion.exception)
    exceeded = result.status == FAIL
    status = np.where(exceeded & attested & granted, PASS, result.status).astype(np.int8)
    return attrs.evolve(result, status=status, pending=exceeded & ~attested), doubt


def _threshold(criterion: Criterion, columns: ClusterColumns) -> tuple[CriterionColumns, Flags]:
    """A figure against its threshold, for every cluster."""
    count = len(columns)
    operator, limit, unit = criterion.operator, criterion.limit, criterion.unit
    assert operator is not None and limit is not None and unit is not None
    no = np.zeros(count, dtype=np.bool_)
    measure = _MEASURES.get(criterion.measure)
    exact = None if measure is None else measure(columns, criterion)
    if exact is None:
        status = np.full(count, UNKNOWN, dtype=np.int8)
        nothing = np.full(count, np.nan)
        # A measure not read from columns yet leaves every row to the engine.
        doubtful = np.full(count, measure is None, dtype=np.bool_)
        return CriterionColumns(criterion, status, nothing, nothing, no, no), doubtful
    compared = _Compared(exact, operator, limit, unit)
    status = np.where(exact.known, np.where(compared.holds, PASS, FAIL), UNKNOWN).astype(np.int8)
    result = CriterionColumns(
        criterion, status, compared.value, compared.margin, compared.rounded, no
    )
    return result, compared.doubtful


def _bands(
    full: Rules, results: list[CriterionColumns], columns: ClusterColumns
) -> tuple[Integers, Flags]:
    """Each cluster's revenue band (its index in the pack's bands, -1 for none) as
    :func:`~clustercheck.rules.report.band_of` finds it (超 is strict), and the rows in doubt."""
    count = len(columns)
    band = np.full(count, -1, dtype=np.int64)
    no = np.zeros(count, dtype=np.bool_)
    targets = full.targets
    measured = next(
        (r for r in results if targets is not None and r.criterion.measure == targets.measure),
        None,
    )
    if targets is None or measured is None:
        return band, no
    criterion = measured.criterion
    assert criterion.unit is not None
    measure = _MEASURES.get(criterion.measure)
    exact = None if measure is None else measure(columns, criterion)
    if exact is None:  # no figure, or the engine checks every row
        return band, no
    doubtful = no
    # The highest band whose floor the revenue is above, as band_of takes them.
    for band_floor in sorted(targets.bands, key=lambda b: b.floor):
        above = _Compared(exact, Operator.GT, band_floor.floor, criterion.unit)
        band = np.where(exact.known & above.holds, targets.bands.index(band_floor), band)
        doubtful = doubtful | above.doubtful
    return band, doubtful
