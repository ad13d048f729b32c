"""Clusters from data frames: one row per cluster, or one row per firm.

Any frame narwhals reads (pandas, polars, pyarrow) is accepted, and none of them is needed to
import clustercheck. A missing cell (``None``, ``NaN``, ``NA``) is a missing figure, never 0;
a float is read through its shortest decimal (``Decimal(repr(x))``); an integer of any type is
an int. Every bad cell is reported at once, at ``row N.column`` (rows counted from 0, as
``df.iloc[N]`` and polars' ``df.row(N)`` count them).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import attrs

from ..base.errors import FigureError, InputError, InputErrors, Problem
from ..base.figures import (
    MONEY_UNITS,
    exact_decimal,
    format_decimal,
    parse_area,
    parse_count,
    parse_intensity,
    parse_money,
    parse_percent,
    parse_rate,
    plain_parse,
    reading_file,
    shown,
    ungrouped,
)
from ..model.cluster import Cluster, Declared
from ..model.roster import LeaderTest
from .roster_cells import (
    AMOUNTS,
    IGNORED,
    MONEY_FIELDS,
    Column,
    plan_columns,
    read_flag,
    split_header,
)
from .roster_file import RosterCluster, _blank_note, _clusters, _Reading
from .sheet import Row, Sheet

#: The source errors name for a frame, unless the caller names it.
FRAME = "<frame>"

#: The Chinese headers of a province's summary table (推荐汇总表) and the cluster-file key each
#: means; a unit in brackets (``营业收入(亿元)``) is the column's unit. This is the one place
#: frames map such headers: merge it with the summary-table reader's when that one lands.
SUMMARY_HEADERS: dict[str, str] = {
    "集群名称": "name", "产业集群名称": "name", "集群": "name", "名称": "name",
    "地区": "region", "所在地": "region", "县(市、区)": "region", "所在县(市、区)": "region",
    "主导产业": "main_industry", "年度": "year", "年份": "year",
    "营业收入": "operating_revenue",
    "主导产业营业收入": "main_industry_revenue", "主导产业收入": "main_industry_revenue",
    "主导产业占比": "main_share", "主导产业收入占比": "main_share",
    "研发投入": "rd_expense", "研发经费": "rd_expense", "研发费用": "rd_expense",
    "研发投入占比": "rd_ratio", "研发投入强度": "rd_ratio",
    "龙头企业": "leaders", "龙头企业数": "leaders",
    "关联中小企业": "related_smes", "关联中小企业数": "related_smes",
    "建筑密度": "building_density", "工业用地建筑密度": "building_density",
    "投资强度": "investment_intensity", "单位土地投资强度": "investment_intensity",
    "应实施清洁生产审核企业数": "clean_audit_required",
    "已实施清洁生产审核企业数": "clean_audit_done",
    "清洁生产审核实施率": "clean_audit_rate",
    "公共服务功能": "service_functions", "面积": "area",
}  # fmt: skip

#: The top-level keys of a cluster file a frame column may give.
_CLUSTER_KEYS = ("name", "region", "main_industry", "year", "id")
_DECLARED_KEYS = tuple(f.name for f in attrs.fields(Declared))
#: The units a column of each kind may be in; a share's number is a percentage in ``%`` and
#: a fraction (0.65) in ``fraction``.
_SHARE_UNITS = ("%", "fraction")
_OTHER_UNITS: dict[Callable[[object], object], tuple[str, ...]] = {
    parse_intensity: ("万元/公顷",),
    parse_area: ("平方公里",),
    parse_count: ("家", "个", "项"),
}
_MISSING: Any = object()


def frame_table(frame: object, source: str = FRAME) -> Any:
    """``frame`` as a narwhals data frame. Raises :class:`InputError` naming ``source`` when
    ``frame`` is no frame narwhals reads, or narwhals is not installed."""
    try:
        import narwhals as nw
    except ImportError:
        raise InputError(
            source, "", Problem("frames_need_extra", value=type(frame).__name__)
        ) from None
    native: Any = frame
    names = getattr(native, "column_names", None) or getattr(native, "columns", None)
    if names is not None and not isinstance(names, str):
        listed = [str(name) for name in names]
        twice = sorted({name for name in listed if listed.count(name) > 1}, key=listed.index)
        if twice:
            raise InputError(
                source,
                "",
                Problem("frame_column_twice", value=twice[0], count=listed.count(twice[0])),
            )
    try:
        return nw.from_native(native, eager_only=True)
    except TypeError:
        raise InputError(source, "", Problem("not_frame", value=type(frame).__name__)) from None


def frame_columns(frame: object, source: str = FRAME) -> tuple[list[str], list[list[object]]]:
    """A frame's column names and each column's values as Python objects, a missing cell as
    :data:`_MISSING`; see :func:`frame_table` for what is refused."""
    table = frame_table(frame, source)
    names = [str(name) for name in table.columns]
    return names, [series_cells(table.get_column(name)) for name in table.columns]


def series_cells(series: Any) -> list[object]:
    """A narwhals series' values as Python objects, a missing cell as :data:`_MISSING`."""
    missing = series.is_null().to_list()
    return [
        _MISSING if gone or _is_nan(cell) else cell
        for cell, gone in zip(series.to_list(), missing, strict=True)
    ]


def _is_nan(cell: object) -> bool:
    return cell is None or (isinstance(cell, float) and math.isnan(cell))


def _number(cell: object) -> object:
    """A cell as the parsers take it: a float as the decimal of its shortest repr, an integer
    of any type as an int, text trimmed (empty text is missing)."""
    if isinstance(cell, float):
        return Decimal(repr(cell))
    if isinstance(cell, str):
        return cell.strip() or _MISSING
    if not isinstance(cell, bool | int | Decimal) and hasattr(cell, "__index__"):
        return operator.index(cell)
    return cell


class _Plan:
    """How each column of a cluster frame is read: the key it gives and the parser."""

    def __init__(
        self,
        source: str,
        headers: list[str],
        units: Mapping[str, str],
        attestations: Mapping[str, str],
        money_unit: str | None,
    ) -> None:
        self.source = source
        self.keys: list[tuple[str, str, Callable[[object], object]] | None] = []
        #: Per column, the unit its numbers are in (a money column's default included).
        self.units: list[str | None] = []
        errors: list[InputError] = []
        if money_unit is not None and money_unit not in MONEY_UNITS:
            problem = Problem("not_unit", value=money_unit, expected=", ".join(MONEY_UNITS))
            errors.append(InputError(source, "money_unit", problem))
            money_unit = None
        seen: dict[str, str] = {}
        for header in headers:
            key, unit = _column_key(header, attestations)
            if key is None:
                if split_header(header)[0] not in IGNORED:
                    errors.append(
                        InputError(
                            source,
                            problem=Problem("unknown_frame_column", value=header),
                            key=(header,),
                            column=header,
                        )
                    )
                self.keys.append(None)
                self.units.append(None)
                continue
            if key in seen:
                errors.append(
                    InputError(
                        source,
                        header,
                        Problem("columns_twice", first=seen[key], value=header, field=key),
                    )
                )
                self.keys.append(None)
                self.units.append(None)
                continue
            seen[key] = header
            given = units.get(header, units.get(key.rpartition(".")[2]))
            if given is not None and unit not in (None, given):
                errors.append(InputError(source, "units", Problem("unit_against_header", value=given, header=header)))  # fmt: skip
            numbers_in = _unit_of(key, unit or given, money_unit)
            self.units.append(numbers_in)
            try:
                self.keys.append((key, header, _parser(key, numbers_in)))
            except FigureError as exc:
                errors.append(exc.at(source, header))
                self.keys.append(None)
        if "name" not in seen:
            errors.append(InputError(source, "", Problem("frame_without_names")))
        named = set(headers) | {key.rpartition(".")[2] for key in seen}
        errors.extend(_naming_no_column(source, units, named))
        if errors:
            raise InputErrors(errors)


def _naming_no_column(source: str, units: Mapping[str, str], named: set[str]) -> list[InputError]:
    """An error for each entry of ``units`` that names no column, by header or key."""
    return [
        InputError(source, "units", Problem("units_for_no_column", value=key))
        for key in units
        if key not in named
    ]


def _column_key(header: str, attestations: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The key a column gives (``name``, ``declared.rd_expense``, ``attested.plan``) and the
    unit its header names, or None for a column that is not read."""
    text = header.strip()
    for prefix in ("declared.", "attested."):
        if text.startswith(prefix):
            rest = text.removeprefix(prefix)
            if (prefix == "attested." and rest) or rest in _DECLARED_KEYS:
                return text, None
            return None, None
    if text in _CLUSTER_KEYS:
        return text, None
    if text in _DECLARED_KEYS:
        return f"declared.{text}", None
    if text in attestations:
        return f"attested.{attestations[text]}", None
    key, unit = split_header(text)
    known = key if key in _CLUSTER_KEYS or key in _DECLARED_KEYS else None
    field = known or SUMMARY_HEADERS.get(key)
    if field is not None:  # a figure's header, though a finding may share its key
        return (field if field in _CLUSTER_KEYS else f"declared.{field}"), unit
    found = attestations.get(key)
    return (None, None) if found is None else (f"attested.{found}", unit)


def _unit_of(key: str, unit: str | None, money_unit: str | None) -> str | None:
    """The unit a column's numbers are in: its own, or for money the frame's ``money_unit``."""
    section, _, name = key.rpartition(".")
    parse = attrs.fields_dict(Declared)[name].metadata["parse"] if section == "declared" else None
    if parse is not None and plain_parse(parse) is parse_money:
        return unit or money_unit
    return unit


def _parser(key: str, unit: str | None) -> Callable[[object], object]:
    """The parser of a column's cells, given the unit its numbers are in (see
    :func:`_unit_of`); a unit that does not fit is refused."""
    section, _, name = key.rpartition(".")
    if section == "attested":
        return _refusing_unit(unit, (), _flag)
    if section == "":
        return _refusing_unit(unit, (), _year if name == "year" else _text)
    parse = attrs.fields_dict(Declared)[name].metadata["parse"]
    plain = plain_parse(parse)
    if plain is parse_money:
        if unit is not None and unit not in MONEY_UNITS:
            raise FigureError(Problem("not_unit", value=unit, expected="、".join(MONEY_UNITS)))
        return lambda cell: _in_file(parse, cell, unit)
    if plain is parse_percent or plain is parse_rate:
        return _refusing_unit(unit, _SHARE_UNITS, lambda cell: _share(cell, unit, parse))
    if name == "service_functions":
        return _refusing_unit(unit, (), _functions)
    return _refusing_unit(unit, _OTHER_UNITS[plain], parse)


def _refusing_unit(
    unit: str | None, allowed: Iterable[str], parse: Callable[[object], object]
) -> Callable[[object], object]:
    allowed = tuple(allowed)
    if unit is not None and unit not in allowed:
        raise FigureError(Problem("not_unit", value=unit, expected="、".join(allowed) or "—"))
    return parse


def _in_file(parse: Callable[[object], object], cell: object, unit: str | None) -> object:
    """``parse`` of a cell as a file reads it: a bare number is in the column's ``unit``."""
    with reading_file(unit):
        return parse(cell)


def _share(cell: object, unit: str | None, parse: Callable[[object], object]) -> object:
    """A share or a rate, read by its field's ``parse``: text such as ``"65%"``; a number is
    a percentage in a ``%`` column and a fraction in a ``fraction`` column, and ambiguous (65
    or 0.65) in a column of no unit."""
    number = _plain_number(cell) if unit is not None else None
    if number is None:  # text: a percentage, or a published bound (70%以上)
        return _in_file(parse, cell, None)
    if unit == "fraction":
        return plain_parse(parse)(number)
    return _in_file(parse, f"{format_decimal(number)}%", None)


def _plain_number(cell: object) -> Decimal | None:
    """A number, or text that is only a number (``"65"``), as a Decimal; None otherwise."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | Decimal):
        return Decimal(cell)
    if isinstance(cell, str):
        plain = ungrouped(cell)
        try:
            return None if plain is None else exact_decimal(plain)
        except ArithmeticError:
            return None
    return None


def _year(cell: object) -> int:
    if isinstance(cell, Decimal) and cell.is_finite() and cell == cell.to_integral_value():
        cell = int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool) and 1949 <= cell <= 2200:
        return cell
    raise FigureError(Problem("not_year", value=cell, shown=shown(cell), example=2015))


def _text(cell: object) -> str:
    if isinstance(cell, str):
        return cell
    raise FigureError(Problem("not_name", value=cell, shown=shown(cell)))


def _flag(cell: object) -> bool:
    """A yes/no cell: ``True``/``False``, 是/否 and the other words a roster takes, or 1/0."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, Decimal) and cell in (0, 1):
        cell = int(cell)
    return read_flag(str(cell))


def _functions(cell: object) -> tuple[str, ...]:
    """Service functions: a list, or text separated by 、，,;；."""
    if isinstance(cell, str):
        for mark in "，,;；":
            cell = cell.replace(mark, "、")
        return tuple(part.strip() for part in cell.split("、") if part.strip())
    if isinstance(cell, list | tuple):
        return tuple(str(part).strip() for part in cell)
    raise FigureError(Problem("not_functions", value=cell))


def clusters_from_rows(
    frame: object,
    *,
    units: Mapping[str, str] | None = None,
    money_unit: str | None = None,
    attestations: Mapping[str, str] | None = None,
    source: str = FRAME,
) -> list[Cluster]:
    """The clusters of a frame with one row per cluster. ``units`` gives a column's unit by
    its key or header, ``money_unit`` that of money columns given none; ``attestations`` maps
    the headers that are attestations (a pack's criterion ids and labels) to their ids."""
    headers, columns = frame_columns(frame, source)
    plan = _Plan(source, headers, dict(units or {}), dict(attestations or {}), money_unit)
    clusters: list[Cluster] = []
    errors: list[InputError] = []
    for row in range(len(columns[0]) if columns else 0):
        cluster = _row_cluster(plan, row, [column[row] for column in columns], errors)
        if cluster is not None:
            clusters.append(cluster)
    if errors:
        raise InputErrors(errors)
    return clusters


def _row_cluster(
    plan: _Plan, row: int, cells: list[object], errors: list[InputError]
) -> Cluster | None:
    """One row as a cluster, its bad cells added to ``errors`` (then None)."""
    top: dict[str, Any] = {}
    declared: dict[str, Any] = {}
    attested: dict[str, bool] = {}
    headers: dict[str, str] = {}
    found = len(errors)
    for how, cell in zip(plan.keys, cells, strict=True):
        if how is None:
            continue
        key, header, parse = how
        value = _number(cell) if cell is not _MISSING else _MISSING
        if value is _MISSING:
            if key == "name":
                errors.append(_at(plan.source, row, header, Problem("frame_row_without_name")))
            continue
        try:
            parsed = parse(value)
        except FigureError as exc:
            errors.append(
                _at(plan.source, row, header, exc.what, value=exc.value, expected=exc.expected)
            )
            continue
        section, _, name = key.rpartition(".")
        headers[name] = header
        if section == "declared":
            declared[name] = parsed
        elif section == "attested":
            attested[name] = bool(parsed)
        else:
            top[name] = parsed
    if len(errors) > found:
        return None
    try:
        figures = Declared(**declared)
        return Cluster(
            **top, declared=figures, attested=attested, source=f"{plan.source} row {row}"
        )
    except InputError as exc:
        for error in exc.errors:
            name = error.place().partition(".")[2]
            errors.append(
                _at(plan.source, row, headers.get(name, name), error.what, value=error.value,
                    expected=error.expected)
            )  # fmt: skip
        return None


def _at(source: str, row: int, header: str, problem: Problem, **facts: Any) -> InputError:
    """An error at a cell of a frame: ``row 3.operating_revenue``, the column its header."""
    return InputError(source, problem=problem, key=(f"row {row}", header), column=header, **facts)


class _FrameSheet(Sheet):
    """A firm frame as the roster reader reads a sheet: rows of text cells, placed by row."""

    def __init__(self, source: str, headers: list[str], rows: Iterator[Row]) -> None:
        super().__init__(source, rows)  # named, so that a place is always asked of it
        self.headers = headers

    def place(self, line: int, index: int | None = None, header: str | None = None) -> str:
        where = f"row {line}"
        if header is None and index is not None:
            header = self.headers[index]
        return where if header is None else f"{where}.{header}"

    def label(self, file_name: str) -> str:
        return file_name


def _header_place(index: int | None = None, header: str | None = None) -> str:
    """Where a header is in a frame: its column."""
    return header or ""


def _cell_text(cell: object) -> str:
    """A firm frame's cell as the text a roster cell would hold; a missing cell is empty."""
    if cell is _MISSING:
        return ""
    value = _number(cell)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is _MISSING else str(value)


def _rows(columns: list[list[object]]) -> Iterator[Row]:
    for row in range(len(columns[0]) if columns else 0):
        yield row, [_cell_text(column[row]) for column in columns]


def _with_units(
    source: str, planned: list[Column], units: Mapping[str, str], money_unit: str | None
) -> list[Column]:
    """The columns of a firm frame with the units ``units`` gives money columns (by header or
    key) where the header gives none; every entry must name a money column, in a money unit,
    and agree with its header."""
    errors: list[InputError] = []
    money = ", ".join(MONEY_UNITS)
    if money_unit is not None and money_unit not in MONEY_UNITS:
        errors.append(InputError(source, "money_unit", Problem("not_unit", value=money_unit, expected=money)))  # fmt: skip
    result = []
    for column in planned:
        unit = units.get(column.header, units.get(column.field))
        if unit is not None and column.field not in MONEY_FIELDS:
            errors.append(
                InputError(source, "units", Problem("not_unit", value=unit, expected="—"))
            )
        elif unit is not None and unit not in MONEY_UNITS:
            errors.append(
                InputError(source, "units", Problem("not_unit", value=unit, expected=money))
            )
        elif unit is not None and column.unit not in (None, unit):
            errors.append(InputError(source, "units", Problem("unit_against_header", value=unit, header=column.header)))  # fmt: skip
        else:
            column = attrs.evolve(column, unit=column.unit or unit)
        result.append(column)
    named = {c.header for c in planned} | {c.field for c in planned}
    errors.extend(_naming_no_column(source, units, named))
    if errors:
        raise InputErrors(errors)
    return result


def clusters_from_firm_rows(
    frame: object,
    tests: Sequence[LeaderTest],
    *,
    name: str | None = None,
    units: Mapping[str, str] | None = None,
    money_unit: str | None = None,
    list_smes: bool = False,
    source: str = FRAME,
) -> list[RosterCluster]:
    """Each cluster's name, roster figures and region from a frame with one row per firm, read
    and summed as a roster file is: the same columns, cells, totals rows and checks. A
    ``cluster`` column splits the firms into clusters; without it they are all ``name``'s.
    A money column's unit is its header's, else its entry in ``units``, else ``money_unit``."""
    headers, columns = frame_columns(frame, source)
    path = Path(source)
    sheet = _FrameSheet(source, headers, _rows(columns))
    planned, unread = plan_columns(path, _header_place, headers)
    planned = _with_units(source, planned, dict(units or {}), money_unit)
    fields = {c.field for c in planned}
    if "name" not in fields:
        raise InputError(source, "", Problem("frame_without_firm_names"))
    if "cluster" not in fields and not name:
        raise InputError(source, "", Problem("frame_without_cluster"))
    reading = _Reading(path, tuple(dict.fromkeys(tests)), list_smes, money_unit)
    if unread:
        reading.note("columns_unread", {"file": source, "columns": "、".join(unread)})
    fallback = "" if "cluster" in fields else name or ""
    with localcontext(AMOUNTS):
        blank, last = reading.read_sheet(sheet, planned, len(headers), fallback)
    _blank_note(reading, sheet, blank, last)
    if reading.errors:
        raise InputErrors(reading.errors)
    return _clusters(path, reading.counted(), reading.notes)
