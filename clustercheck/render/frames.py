"""Results and errors as data frames (pandas, polars or pyarrow), reached from ``to_frame``
through :func:`clustercheck.base.frames.as_frame`.

Money is in the unit the pack states for its criterion (23.5 亿元, never 2.35e9 元), the unit
named in the column's header (``revenue_value_亿元``) or, where rows differ, in a ``unit``
column beside the value; shares are fractions (0.72, not 72%), counts counts, intensity
万元/公顷. They are floats, for charts and arithmetic; the statuses, decided on the exact
figures, are the truth, and ``rounded`` says where a share's exact value had no finite decimal.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..base.errors import ClusterCheckError, Problem, UsageError
from ..base.figures import DISPLAY_UNITS, EXACT, MONEY_UNITS
from ..batch import Batch
from ..reviewing import Review
from ..rules.pack import Kind
from ..rules.report import Outcome, Report, Source, Status, Verdict
from ..whatif import Sweep

if TYPE_CHECKING:
    from ..rules.columnar import CriterionColumns

#: The frame libraries a result can be returned as, the default first when installed.
BACKENDS = ("pandas", "polars", "pyarrow")

#: A column: its values and its type, ``"str"``, ``"float"``, ``"int"``, ``"bool"`` or the
#: categories of a categorical column. Values are a list (None for missing) or a numpy array:
#: floats with NaN for missing, or a categorical column's codes (-1 for missing).
Column = tuple[Any, str | tuple[str, ...]]

_STATUSES = tuple(s.value for s in Status)
_VERDICTS = tuple(v.value for v in Verdict)
_SOURCES = tuple(s.value for s in Source)
_KINDS = tuple(k.value for k in Kind)


def input_unit(unit: str | None) -> str | None:
    """The unit a figure shown in ``unit`` is given in: 元 for money, ``fraction`` for %."""
    if unit in MONEY_UNITS:
        return "元"
    return "fraction" if unit == "%" else unit


def in_input_unit(value: object, unit: str | None) -> float | None:
    """A shown figure (a Decimal in ``unit``) in its input unit, as a float; None otherwise."""
    if not isinstance(value, Decimal) or isinstance(value, bool) or unit is None:
        return None
    return float(EXACT.multiply(value, DISPLAY_UNITS[unit]))


def frame_unit(unit: str | None) -> str | None:
    """The unit a frame gives a figure shown in ``unit`` in: money as the pack states it,
    the rest in its input unit."""
    return unit if unit in MONEY_UNITS else input_unit(unit)


def money_scale(unit: str | None) -> float:
    """What a figure in input units is divided by to be in :func:`frame_unit`: 1e8 for 亿元.
    Both frames of a review (from reports and from a batch's columns) divide the same float,
    so they agree bit for bit."""
    return float(MONEY_UNITS[unit]) if unit in MONEY_UNITS else 1.0


def in_frame_unit(value: object, unit: str | None) -> float | None:
    """A shown figure (a Decimal in ``unit``) in :func:`frame_unit`, as a float."""
    return _divided(in_input_unit(value, unit), money_scale(unit))


def _divided(value: float | None, scale: float) -> float | None:
    return None if value is None else value / scale


def _header(name: str, unit: str | None) -> str:
    """A value column's header, with its unit when it is money: ``revenue_value_亿元``."""
    return f"{name}_{unit}" if unit in MONEY_UNITS else name


def is_rounded(outcome: Outcome) -> bool:
    """Whether the outcome's value is rounded: its exact value has no finite decimal."""
    return any(note.code == "rounded" for note in outcome.notes)


def report_columns(report: Report, lang: str) -> dict[str, Column]:
    """One row per criterion of a report, in the pack's order."""
    outcomes = report.outcomes
    return {
        "cluster": ([report.cluster] * len(outcomes), "str"),
        "id": ([o.id for o in outcomes], "str"),
        "clause": ([o.clause for o in outcomes], "str"),
        "criterion": ([o.label(lang) for o in outcomes], "str"),
        "kind": ([o.kind.value for o in outcomes], _KINDS),
        "status": ([o.status.value for o in outcomes], _STATUSES),
        "value": ([in_frame_unit(o.value, o.unit) for o in outcomes], "float"),
        "threshold": ([in_frame_unit(o.threshold, o.unit) for o in outcomes], "float"),
        "margin": ([in_frame_unit(o.margin, o.unit) for o in outcomes], "float"),
        "unit": ([frame_unit(o.unit) for o in outcomes], "str"),
        "rounded": ([is_rounded(o) for o in outcomes], "bool"),
        "attested": ([o.value if isinstance(o.value, bool) else None for o in outcomes], "bool"),
        "source": ([o.source.value for o in outcomes], _SOURCES),
        "notes": (["；".join(n.text(lang) for n in o.notes) for o in outcomes], "str"),
    }


def review_columns(review: Review) -> dict[str, Column]:
    """One row per cluster of a review: who, the verdict and band, then per criterion in the
    pack's order its status, and for a figure its value and margin (money in the pack's unit,
    named in the header), and ``rounded`` for a share."""
    reports = review.reports
    bands = [review.band(r) for r in reports]
    columns: dict[str, Column] = {
        "cluster": ([r.cluster for r in reports], "str"),
        "id": ([r.cluster_id for r in reports], "str"),
        "region": ([r.region for r in reports], "str"),
        "year": ([r.year for r in reports], "int"),
        "verdict": ([r.verdict.value for r in reports], _VERDICTS),
        "band": ([None if b is None else b.id for b in bands], "str"),
    }
    by_id = [{o.id: o for o in r.outcomes} for r in reports]
    checked = {id_ for outcomes in by_id for id_ in outcomes}
    for criterion in review.rules.criteria:
        if reports and criterion.id not in checked:
            continue
        found = [outcomes.get(criterion.id) for outcomes in by_id]
        columns[criterion.id] = ([None if o is None else o.status.value for o in found], _STATUSES)
        if criterion.kind is Kind.ATTESTATION or criterion.unit is None:
            continue
        unit, scale = criterion.unit, money_scale(criterion.unit)
        columns[_header(f"{criterion.id}_value", unit)] = (
            [None if o is None else _divided(in_input_unit(o.value, o.unit), scale) for o in found],
            "float",
        )
        if criterion.kind is Kind.THRESHOLD:
            columns[_header(f"{criterion.id}_margin", unit)] = (
                [
                    None if o is None else _divided(in_input_unit(o.margin, o.unit), scale)
                    for o in found
                ],
                "float",
            )
        if criterion.unit == "%":
            columns[f"{criterion.id}_rounded"] = (
                [o is not None and is_rounded(o) for o in found],
                "bool",
            )
    return columns


def batch_columns(batch: Batch) -> dict[str, Column]:
    """The columns :func:`review_columns` gives for the same clusters, from the batch's
    columns of outcomes; the rows the engine checked from its reports."""
    given, engine = batch.columns, batch.checked_by_engine
    rows, reports = list(engine), list(engine.values())
    targets = batch.rules.targets
    bands = [
        None if targets is None or i < 0 else targets.bands[i].id
        for i in batch.evaluation.band.tolist()
    ]
    for row in rows:
        band = batch.band(row)
        bands[row] = None if band is None else band.id
    columns: dict[str, Column] = {
        "cluster": (_overlaid(given.names, rows, [r.cluster for r in reports]), "str"),
        "id": (_overlaid(given.ids, rows, [r.cluster_id for r in reports]), "str"),
        "region": (_overlaid(given.regions, rows, [r.region for r in reports]), "str"),
        "year": (_overlaid(given.years, rows, [r.year for r in reports]), "int"),
        "verdict": (_verdicts(batch), _VERDICTS),
        "band": (bands, "str"),
    }
    for result in batch.evaluation.criteria:
        criterion = result.criterion
        status, value, margin, rounded = _outcomes(batch, result)
        columns[criterion.id] = (status, _STATUSES)
        if criterion.kind is Kind.ATTESTATION or criterion.unit is None:
            continue
        scale = money_scale(criterion.unit)
        columns[_header(f"{criterion.id}_value", criterion.unit)] = (value / scale, "float")
        if criterion.kind is Kind.THRESHOLD:
            columns[_header(f"{criterion.id}_margin", criterion.unit)] = (margin / scale, "float")
        if criterion.unit == "%":
            columns[f"{criterion.id}_rounded"] = (rounded, "bool")
    return columns


def _verdicts(batch: Batch) -> Any:
    """The batch's verdict codes, the engine's where it checked a row."""
    engine = batch.checked_by_engine
    verdicts = batch.evaluation.verdict.copy()
    verdicts[list(engine)] = [_VERDICTS.index(r.verdict.value) for r in engine.values()]
    return verdicts


def _outcomes(batch: Batch, result: CriterionColumns) -> tuple[Any, Any, Any, Any]:
    """A criterion's status codes, values, margins (input units, NaN for none) and rounded
    flags across the batch, the engine's where it checked a row."""
    engine = batch.checked_by_engine
    rows = list(engine)
    found = [report[result.criterion.id] for report in engine.values()]
    status, value = result.status.copy(), result.value.copy()
    margin, rounded = result.margin.copy(), result.rounded.copy()
    status[rows] = [_STATUSES.index(o.status.value) for o in found]
    value[rows] = [_nan(in_input_unit(o.value, o.unit)) for o in found]
    margin[rows] = [_nan(in_input_unit(o.margin, o.unit)) for o in found]
    rounded[rows] = [is_rounded(o) for o in found]
    return status, value, margin, rounded


def _overlaid(values: Sequence[Any], rows: list[int], replacing: list[Any]) -> list[Any]:
    """``values`` with those at ``rows`` replaced."""
    result = list(values)
    for row, value in zip(rows, replacing, strict=True):
        result[row] = value
    return result


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def error_columns(errors: Sequence[ClusterCheckError], lang: str) -> dict[str, Column]:
    """One row per error: where it is, the value, what was expected, the code and message."""
    rows = [e.as_dict() | {"message": e.message(lang)} for e in errors]

    def text(key: str) -> list[str | None]:
        return [None if row[key] is None else str(row[key]) for row in rows]

    return {
        "source": (text("source"), "str"),
        "key": ([row["key"] or None for row in rows], "str"),
        "line": ([row["line"] for row in rows], "int"),
        "column": (text("column"), "str"),
        "sheet": (text("sheet"), "str"),
        "cell": (text("cell"), "str"),
        "value": (text("value"), "str"),
        "expected": (text("expected"), "str"),
        "code": (text("code"), "str"),
        "message": (text("message"), "str"),
    }


def sweep_columns(result: Sweep) -> dict[str, Column]:
    """One row per threshold and cluster: the swept criterion's outcome and the verdict."""
    import numpy as np

    parts: dict[str, list[Any]] = {name: [] for name in _SWEEP}
    for threshold, batch in result.runs:
        found = next(r for r in batch.evaluation.criteria if r.criterion.id == result.criterion)
        status, value, margin, _ = _outcomes(batch, found)
        scale = money_scale(found.criterion.unit)
        value, margin = value / scale, margin / scale
        count = len(batch)
        parts["threshold"].append([threshold] * count)
        parts["rules"].append([batch.rules.id] * count)
        parts["cluster"].append(list(batch.columns.names))
        parts["region"].append(list(batch.columns.regions))
        parts["status"].append(status)
        parts["value"].append(value)
        parts["margin"].append(margin)
        # A shortfall is how far below the threshold: 0 once it is met, none without a figure.
        parts["shortfall"].append(np.where(np.isnan(margin), np.nan, np.maximum(-margin, 0.0)))
        parts["unit"].append([frame_unit(found.criterion.unit)] * count)
        parts["verdict"].append(_verdicts(batch))
    columns: dict[str, Column] = {
        name: (
            [cell for part in parts[name] for cell in part]
            if kind == "str"
            else np.concatenate(parts[name])
            if parts[name]
            else np.zeros(0),
            kind,
        )
        for name, kind in _SWEEP.items()
    }
    # The thresholds as categories in the order of their values, so the column sorts as
    # numbers do (20亿元 before 100亿元), not as text.
    limits = {t: batch.rules[result.criterion].limit for t, batch in result.runs}
    order = tuple(sorted(limits, key=lambda t: limits[t] or 0))
    columns["threshold"] = (columns["threshold"][0], order)
    return columns


#: The columns of a sweep and their types.
_SWEEP: dict[str, str | tuple[str, ...]] = {
    "threshold": "str", "rules": "str", "cluster": "str", "region": "str",
    "status": _STATUSES, "value": "float", "margin": "float", "shortfall": "float",
    "unit": "str", "verdict": _VERDICTS,
}  # fmt: skip


def frame(result: object, backend: str | None = None, lang: str = "zh") -> Any:
    """``result`` (a report, review, sweep or error) as a frame of ``backend``'s library."""
    if isinstance(result, Report):
        columns = report_columns(result, lang)
    elif isinstance(result, Review):
        columns = review_columns(result)
    elif isinstance(result, Batch):
        columns = batch_columns(result)
    elif isinstance(result, Sweep):
        columns = sweep_columns(result)
    elif isinstance(result, ClusterCheckError):
        columns = error_columns(result.errors, lang)
    else:
        raise TypeError(f"no frame for {type(result).__name__}")
    return build(columns, chosen_backend(backend))


def chosen_backend(backend: str | None) -> str:
    """``backend`` checked, or the first of :data:`BACKENDS` installed."""
    if backend is not None:
        if backend not in BACKENDS:
            raise UsageError(
                Problem("not_frame_backend", value=backend, expected=", ".join(BACKENDS))
            )
        return backend
    found = next((b for b in BACKENDS if importlib.util.find_spec(b) is not None), None)
    if found is None:
        raise UsageError(Problem("no_frame_library", expected=", ".join(BACKENDS)))
    return found


def build(columns: dict[str, Column], backend: str) -> Any:
    """A frame of ``backend``'s library with ``columns``, each of its type: pandas with its
    nullable integers and categoricals, the others through narwhals."""
    if backend == "pandas":
        import pandas as pd

        return pd.DataFrame(
            {name: _pandas_column(pd, values, kind) for name, (values, kind) in columns.items()}
        )
    import narwhals as nw

    types: dict[str, Any] = {"str": nw.String(), "float": nw.Float64(), "int": nw.Int64(),
                             "bool": nw.Boolean()}  # fmt: skip
    schema = {
        name: types[kind]
        if isinstance(kind, str)
        else (nw.Enum(kind) if backend == "polars" else nw.Categorical())
        for name, (_, kind) in columns.items()
    }
    data = {name: _as_list(values, kind) for name, (values, kind) in columns.items()}
    library: Any = backend
    return nw.from_dict(data, schema=schema, backend=library).to_native()


def _as_list(values: Any, kind: str | tuple[str, ...]) -> list[Any]:
    """A column's values as a list, None for missing (codes as their categories)."""
    if isinstance(values, list):
        return values
    if not isinstance(kind, str):
        return [None if code < 0 else kind[code] for code in values.tolist()]
    if kind == "float":
        return [None if v != v else v for v in values.tolist()]  # NaN is not equal to itself
    return list(values.tolist())


def _pandas_column(pd: Any, values: Any, kind: str | tuple[str, ...]) -> Any:
    if not isinstance(kind, str):
        if isinstance(values, list):
            return pd.Categorical(values, categories=list(kind))
        return pd.Categorical.from_codes(values, categories=list(kind))
    dtype = {"str": None, "float": "float64", "int": "Int64", "bool": "boolean"}[kind]
    return pd.array(values, dtype=dtype) if dtype else pd.Series(values)
