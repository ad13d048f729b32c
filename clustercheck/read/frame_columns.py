"""A frame of clusters as columns, read a column at a time, for checking a batch.

A frame is read exactly as :func:`~clustercheck.read.frames.clusters_from_rows` reads it,
but a numeric column is converted at once: a float is the decimal of its shortest repr,
found as the integer N with ``N / 10^k == x`` for the fewest places k (with at most 15
digits, that decimal is the shortest repr). A row with anything that is not plainly valid and
exact (text to parse, a value near a bound, a part above its whole, too many digits) is read
by the row reader instead, which gives its cluster or its errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np

from ..base.errors import FigureError, InputError, InputErrors
from ..base.figures import (
    BOUND,
    parse_count,
    parse_money,
    parse_percent,
    parse_rate,
    plain_parse,
    unit_power,
)
from ..model.cluster import Cluster, Declared
from ..model.columns import MANTISSA_LIMIT, ClusterColumns, FigureColumn, Flags, Integers
from .frames import (
    _MISSING,
    FRAME,
    _functions,
    _number,
    _Plan,
    _row_cluster,
    frame_columns,
    frame_table,
    series_cells,
)

#: Below any bound a figure may meet, with room for the float's rounding.
_SAFE_BOUND = float(BOUND) * 0.99
#: The most places tried when reading a float as a decimal.
_MOST_PLACES = 15
#: The fields whose values are whole counts.
_COUNTS = frozenset(
    f.name
    for f in attrs.fields(Declared)
    if "parse" in f.metadata and plain_parse(f.metadata["parse"]) is parse_count
)


@attrs.frozen
class FrameClusters:
    """A frame's clusters: the plain rows as columns, and the way to any row as a cluster."""

    columns: ClusterColumns
    #: Rows read by the row reader (their entries in ``columns`` say nothing).
    by_row: Flags
    #: The clusters of the rows given, read as ``clusters_from_frame`` reads them.
    cluster: Callable[[Sequence[int]], list[Cluster]]


def read_frame_clusters(
    frame: object,
    *,
    units: Mapping[str, str] | None = None,
    money_unit: str | None = None,
    attestations: Mapping[str, str] | None = None,
    source: str = FRAME,
) -> FrameClusters:
    """The clusters of a frame with one row per cluster, as columns; the same errors as
    :func:`~clustercheck.read.frames.clusters_from_rows`, in the same order."""
    table = frame_table(frame, source)
    headers = [str(name) for name in table.columns]
    plan = _Plan(source, headers, dict(units or {}), dict(attestations or {}), money_unit)
    count = len(table)
    by_row = np.zeros(count, dtype=np.bool_)
    texts: dict[str, list[Any]] = {}
    figures: dict[str, FigureColumn] = {}
    attested: dict[str, tuple[Flags, Flags]] = {}
    functions: list[tuple[str, ...] | None] = [None] * count
    for how, unit, name in zip(plan.keys, plan.units, table.columns, strict=True):
        if how is None:
            continue
        key, _, parse = how
        series = table.get_column(name)
        section, _, field = key.rpartition(".")
        if section == "":
            texts[field] = _texts(series, field, parse, by_row)
        elif section == "attested":
            attested[field] = _flags(series, parse, by_row)
        elif field == "service_functions":
            functions = _function_cells(series, by_row)
        else:
            figures[field] = _figures(series, field, unit, parse, by_row)
    for part, whole in (
        ("main_industry_revenue", "operating_revenue"),
        ("rd_expense", "operating_revenue"),
        ("clean_audit_done", "clean_audit_required"),
    ):
        if part in figures and whole in figures:
            by_row |= _not_below(figures[part], figures[whole])
    columns = ClusterColumns(
        names=texts.get("name", [""] * count),
        regions=texts.get("region", [None] * count),
        ids=texts.get("id", [None] * count),
        years=texts.get("year", [None] * count),
        figures=figures,
        attested=attested,
        functions=functions,
    )

    # The row reader reads the rows left to it now, which raises the errors of every row, if
    # any; their clusters are kept for the engine, the others read when a report asks.
    left = np.flatnonzero(by_row).tolist()
    read = dict(zip(left, _clusters_at(table, plan, left), strict=True))

    def clusters(rows: Sequence[int]) -> list[Cluster]:
        unread = [row for row in rows if row not in read]
        found = dict(zip(unread, _clusters_at(table, plan, unread), strict=True))
        return [read[row] if row in read else found[row] for row in rows]

    return FrameClusters(columns, by_row, clusters)


def _clusters_at(table: Any, plan: _Plan, rows: Sequence[int]) -> list[Cluster]:
    """The clusters of ``rows``, read by the row reader; all their errors at once."""
    if not rows:
        return []
    _, columns = frame_columns(table[list(rows)].to_native(), plan.source)
    clusters: list[Cluster] = []
    errors: list[InputError] = []
    for index, row in enumerate(rows):
        cluster = _row_cluster(plan, row, [column[index] for column in columns], errors)
        if cluster is not None:
            clusters.append(cluster)
    if errors:
        raise InputErrors(errors)
    return clusters


def _texts(series: Any, field: str, parse: Callable[[object], object], by_row: Flags) -> list[Any]:
    """A column of names, regions, ids or years, each read by the row reader's ``parse``; a
    row with a cell it refuses (or a name missing) is left to the row reader."""
    cells = series.to_list()
    if field != "year" and all(type(cell) is str for cell in cells):
        values = [cell.strip() or None for cell in cells]
        if field == "name":
            by_row |= np.array([value is None for value in values], dtype=np.bool_)
        return values
    values = []
    for row, cell in enumerate(series_cells(series)):
        value = cell if cell is _MISSING else _number(cell)
        if value is _MISSING:
            by_row[row] |= field == "name"
            values.append(None)
            continue
        try:
            values.append(parse(value))
        except FigureError:
            by_row[row] = True
            values.append(None)
    return values


def _flags(series: Any, parse: Callable[[object], object], by_row: Flags) -> tuple[Flags, Flags]:
    """An attestation column: whether each row answers it, and the answer."""
    import narwhals as nw

    given = ~series.is_null().to_numpy().astype(np.bool_)
    if series.dtype == nw.Boolean:
        return given, series.fill_null(False).to_numpy().astype(np.bool_) & given
    answers = np.zeros(len(given), dtype=np.bool_)
    for row, cell in enumerate(series_cells(series)):
        value = cell if cell is _MISSING else _number(cell)
        if value is _MISSING:
            given[row] = False
            continue
        try:
            answers[row] = bool(parse(value))
        except FigureError:
            by_row[row] = True
    return given, answers


def _function_cells(series: Any, by_row: Flags) -> list[tuple[str, ...] | None]:
    """A column of service functions, read as the row reader reads it: text is split (once
    for each different text), any other cell checked as :class:`Declared` checks it."""
    result: list[tuple[str, ...] | None] = []
    split: dict[str, tuple[str, ...]] = {}
    for row, cell in enumerate(series_cells(series)):
        value = cell if cell is _MISSING else _number(cell)
        if value is _MISSING:
            result.append(None)
        elif isinstance(value, str):
            found = split.get(value)
            if found is None:
                found = split[value] = _functions(value)
            result.append(found)
        else:
            try:
                result.append(Declared(service_functions=_functions(value)).service_functions)
            except (FigureError, InputError):
                by_row[row] = True
                result.append(None)
    return result


def _figures(
    series: Any, field: str, unit: str | None, parse: Callable[[object], object], by_row: Flags
) -> FigureColumn:
    """A declared figure's column: a numeric one converted at once, any other cell by cell."""
    dtype = series.dtype
    exponent = _unit_exponent(field, unit)
    if exponent is None or not (dtype.is_integer() or dtype.is_float()):
        return _parsed(series, parse, by_row)
    missing = series.is_null().to_numpy().astype(np.bool_)
    if dtype.is_integer():
        whole = series.fill_null(0).to_numpy()
        raw = whole.astype(np.float64)
        if whole.dtype.kind == "u":  # past 2^63 it is not exact, and its row is left anyway
            whole = np.where(whole < 2**63, whole, 0)
        mantissa, places = whole.astype(np.int64), np.zeros(len(raw), np.int64)
        exact = np.abs(raw) < MANTISSA_LIMIT
    else:
        raw = series.fill_null(0.0).to_numpy().astype(np.float64)
        missing |= np.isnan(raw)
        raw = np.where(missing, 0.0, raw)
        mantissa, places, exact = _shortest(raw)
    given = ~missing
    plain = _plain(raw, field, unit, exponent)
    by_row |= given & ~(plain & exact)
    mantissa, places, scaled = _in_canonical_units(mantissa, places, exponent)
    by_row |= given & ~scaled
    ok = given & ~by_row
    return FigureColumn(given & ok, np.where(ok, mantissa, 0), np.where(ok, places, 0), ok)


def _unit_exponent(field: str, unit: str | None) -> int | None:
    """The power of ten a number in the column is multiplied by to be in canonical units
    (8 for 亿元, -2 for %), or None where the row reader refuses a bare number (money or a
    share without a unit) or reads it otherwise."""
    parse = plain_parse(attrs.fields_dict(Declared)[field].metadata["parse"])
    if parse is parse_money:
        return None if unit is None else unit_power(unit)
    if parse is parse_percent or parse is parse_rate:
        return {"%": -2, "fraction": 0}.get(unit or "")
    return 0


def _shortest(raw: np.ndarray[Any, np.dtype[np.float64]]) -> tuple[Integers, Integers, Flags]:
    """Each float's shortest decimal as (N, k), ``N / 10^k``, where it has at most 15
    significant digits (then it is the only such decimal the float rounds to); the flags
    say where it was found."""
    mantissa = np.zeros(len(raw), dtype=np.int64)
    places = np.zeros(len(raw), dtype=np.int64)
    found = np.zeros(len(raw), dtype=np.bool_)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(_MOST_PLACES + 1):
            scale = 10.0**k
            candidate = np.rint(raw * scale)
            fits = ~found & (np.abs(candidate) < 1e15)
            hit = fits & (candidate / scale == raw)
            mantissa[hit] = candidate[hit].astype(np.int64)
            places[hit] = k
            found |= hit
            if found.all():
                break
    return mantissa, places, found


def _plain(
    raw: np.ndarray[Any, np.dtype[np.float64]], field: str, unit: str | None, exponent: int
) -> Flags:
    """Where a number is surely valid for its field: not negative, within the bounds (money's
    in its unit), a share at most 100%, a count whole."""
    most = _SAFE_BOUND / 10.0 ** max(exponent, 0)
    if exponent < 0 or unit == "fraction":
        most = 100.0 if unit == "%" else 1.0
    plain = (raw >= 0) & (raw <= most)
    if field in _COUNTS:
        plain &= raw == np.rint(raw)
    return plain


def _in_canonical_units(
    mantissa: Integers, places: Integers, exponent: int
) -> tuple[Integers, Integers, Flags]:
    """``mantissa / 10^places`` times ``10^exponent``, and where that still fits."""
    places = places - exponent
    multiply = np.maximum(-places, 0)
    factor = (10 ** np.minimum(multiply, 18)).astype(np.int64)
    fits = (multiply <= 18) & (np.abs(mantissa.astype(np.float64)) * factor < MANTISSA_LIMIT)
    return np.where(fits, mantissa * factor, 0), np.maximum(places, 0), fits


def _parsed(series: Any, parse: Callable[[object], object], by_row: Flags) -> FigureColumn:
    """A column of text or Python numbers, parsed cell by cell as the row reader parses it."""
    values: list[Decimal | int | None] = []
    for row, cell in enumerate(series_cells(series)):
        value = cell if cell is _MISSING else _number(cell)
        if value is _MISSING:
            values.append(None)
            continue
        try:
            parsed = parse(value)
        except FigureError:
            by_row[row] = True
            values.append(None)
            continue
        assert isinstance(parsed, Decimal | int)
        values.append(parsed)
    column = FigureColumn.of(values)
    by_row |= column.given & ~column.scaled
    return column


def _not_below(part: FigureColumn, whole: FigureColumn) -> Flags:
    """Where a part may be above its whole (both given): the row reader tells which."""
    both = part.given & whole.given
    common = np.maximum(part.places, whole.places)
    ours = part.mantissa.astype(np.float64) * 10.0 ** (common - part.places)
    theirs = whole.mantissa.astype(np.float64) * 10.0 ** (common - whole.places)
    # Floats of integers below 2^53 compare exactly; past that, the row reader decides.
    exact = (np.abs(ours) < MANTISSA_LIMIT) & (np.abs(theirs) < MANTISSA_LIMIT)
    return both & (~exact | (ours > theirs))
