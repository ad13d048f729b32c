"""The input data model: a cluster, its declared totals, attestations and roster of firms.

All classes are frozen attrs classes. Money is ``Decimal`` in 元, shares are fractions
(``Decimal("0.65")``). Each field's ``parse`` metadata says how the file loader reads what
a person writes (``"20亿元"``, ``"65%"``, ``"中型"``); its converter takes the same from code,
where a float is refused and a bare number of money is in 元. A constructor refuses what a
file may not hold with :class:`InputError` naming ``"<code>"`` and ``Class.field``, so a
cluster built in code is checked exactly as one read from a file.
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, SupportsIndex, TypeVar

import attrs

from ..base.errors import IN_CODE, FigureError, InputError, InputErrors, Problem
from ..base.figures import (
    FigureBound,
    format_decimal,
    from_code,
    parse_area_or_bound,
    parse_count,
    parse_count_or_bound,
    parse_intensity_or_bound,
    parse_money,
    parse_money_or_bound,
    parse_percent_or_bound,
    parse_rate_or_bound,
    shown,
)
from ..base.messages import Phrase
from .credit import credit_code_problem
from .roster import RosterFigures


class Size(enum.Enum):
    """A firm's size class under the 2011 SME standard (工信部联企业〔2011〕300号)."""

    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"
    MICRO = "micro"

    @property
    def is_sme(self) -> bool:
        """Medium, small and micro firms are SMEs (中小微企业)."""
        return self is not Size.LARGE


_SIZE_WORDS: dict[str, Size] = {
    "large": Size.LARGE, "大": Size.LARGE, "大型": Size.LARGE, "大型企业": Size.LARGE,
    "medium": Size.MEDIUM, "中": Size.MEDIUM, "中型": Size.MEDIUM, "中型企业": Size.MEDIUM,
    "small": Size.SMALL, "小": Size.SMALL, "小型": Size.SMALL, "小型企业": Size.SMALL,
    "micro": Size.MICRO, "微": Size.MICRO, "微型": Size.MICRO, "微型企业": Size.MICRO,
}  # fmt: skip

INDUSTRY_WORDS = frozenset({"industry", "工业", "industrial", "制造业", "manufacturing"})


def to_size(value: object) -> Size | None:
    """A :class:`Size` from 大/中/小/微, 大型…, or large/medium/small/micro."""
    if value is None or isinstance(value, Size):
        return value
    if isinstance(value, str):
        size = _SIZE_WORDS.get(value.strip().lower())
        if size is not None:
            return size
        if not value.strip():
            return None
    raise FigureError(Problem("not_size", value=value))


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise FigureError(Problem("not_flag", value=value))


def _credit_code(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FigureError(Problem("not_code", value=value))
    code = value.strip().upper()
    problem = credit_code_problem(code)
    if problem is not None:
        raise FigureError(problem)
    return code


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FigureError(Problem("not_name", value=value, shown=shown(value)))
    return value.strip()


def _sector(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FigureError(Problem("not_sector", value=value))
    return value.strip()


def _year(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1949 <= value <= 2200:
        return value
    raise FigureError(Problem("not_year", value=value, shown=shown(value), example=2015))


# The converters below are what each field takes in code; their parameter types are the
# constructors' signatures, so a type checker refuses a float before anything runs.

#: What code may give for a figure: a Decimal, an integer of any type, or text as in a file.
GivenFigure = Decimal | SupportsIndex | str

_MONEY_IN_CODE = Phrase(
    'a Decimal or text, such as Decimal("2500000000") or "25亿元"',
    'Decimal 或文字，如 Decimal("2500000000") 或 "25亿元"',
)
_SHARE_IN_CODE = Phrase(
    'a Decimal fraction or a percentage, such as Decimal("0.65") or "65%"',
    'Decimal 小数或百分数，如 Decimal("0.65") 或 "65%"',
)
_COUNT_IN_CODE = Phrase('a whole number such as 3, or Decimal("3")', '整数，如 3 或 Decimal("3")')
_INTENSITY_IN_CODE = Phrase(
    'a Decimal or text, such as Decimal("1180") or "1180万元/公顷"',
    'Decimal 或文字，如 Decimal("1180") 或 "1180万元/公顷"',
)
_AREA_IN_CODE = Phrase(
    'a Decimal or text, such as Decimal("85") or "85平方公里"',
    'Decimal 或文字，如 Decimal("85") 或 "85平方公里"',
)
_YEAR_IN_CODE = Phrase("a year such as 2015", "年份，如 2015")  # fmt: skip


def _money(value: GivenFigure | None) -> Decimal | None:
    return None if value is None else from_code(value, parse_money, _MONEY_IN_CODE)


def _count(value: GivenFigure | None) -> int | None:
    return None if value is None else from_code(value, parse_count, _COUNT_IN_CODE)


def _declared_money(value: GivenFigure | None) -> Decimal | None:
    return None if value is None else from_code(value, parse_money_or_bound, _MONEY_IN_CODE)


def _declared_share(value: GivenFigure | None) -> Decimal | None:
    return None if value is None else from_code(value, parse_percent_or_bound, _SHARE_IN_CODE)


def _declared_count(value: GivenFigure | None) -> int | Decimal | None:
    return None if value is None else from_code(value, parse_count_or_bound, _COUNT_IN_CODE)


def _declared_rate(value: GivenFigure | None) -> Decimal | None:
    return None if value is None else from_code(value, parse_rate_or_bound, _SHARE_IN_CODE)


def _intensity(value: GivenFigure | None) -> Decimal | None:
    return None if value is None else from_code(value, parse_intensity_or_bound, _INTENSITY_IN_CODE)


def _area(value: GivenFigure | None) -> Decimal | None:
    return None if value is None else from_code(value, parse_area_or_bound, _AREA_IN_CODE)


def _year_in_code(value: SupportsIndex) -> int:
    return from_code(value, _year, _YEAR_IN_CODE)


def _optional_year(value: SupportsIndex | None) -> int | None:
    if type(value) is int and 1949 <= value <= 2200:  # as a reader gives it: nothing to convert
        return value
    return None if value is None else _year_in_code(value)


def _name(value: str) -> str:
    return _text(value)


def _optional_text(value: str | None) -> str | None:
    return None if value is None else _text(value)


def _given_flag(value: bool) -> bool:
    return _flag(value)


def _optional_flag(value: bool | None) -> bool | None:
    return None if value is None else _flag(value)


def _given_code(value: str | None) -> str | None:
    return _credit_code(value)


def _given_sector(value: str) -> str:
    return _sector(value)


def _size(value: Size | str | None) -> Size | None:
    return to_size(value)


#: How the file loader reads each kind of field (see ``read/cluster_file.py``).
_AS_MONEY = {"parse": parse_money}
#: A declared figure may be published as a bound (逾30亿元, 70%以上, 不足20亿元).
_AS_DECLARED_MONEY = {"parse": parse_money_or_bound}
_AS_DECLARED_SHARE = {"parse": parse_percent_or_bound}
_AS_DECLARED_COUNT = {"parse": parse_count_or_bound}
_AS_COUNT = {"parse": parse_count}
_AS_TEXT = {"parse": _text}
_AS_FLAG = {"parse": _flag}
_AS_YEAR = {"parse": _year}


class _Part(NamedTuple):
    """A figure that is part of another, so never above it."""

    part: str
    whole: str
    unit: str
    why: Phrase


def _parts_above_wholes(
    figures: object, parts: tuple[_Part, ...], prefix: str = ""
) -> list[tuple[str, Problem]]:
    """(field, problem) for each part given above its whole, both given."""
    problems = []
    for part, whole, unit, why in parts:
        value, total = getattr(figures, part), getattr(figures, whole)
        if isinstance(value, FigureBound) or isinstance(total, FigureBound):
            continue  # a bound says too little to contradict the other figure
        if value is not None and total is not None and value > total:
            given, most = format_decimal(Decimal(value)), format_decimal(Decimal(total))
            problems.append((
                part,
                Problem("part_above_whole", prefix=prefix, part=part, whole=whole, unit=unit,
                        value=f"{given}{unit}", most=f"{most}{unit}", why=why,
                        expected=f"≤ {most}{unit}"),
            ))  # fmt: skip
    return problems


_C = TypeVar("_C")


def _refusing(cls: type[_C]) -> type[_C]:
    """``cls`` whose constructor refuses what a file may not hold, as a file's reader does: every
    value a field refuses, or else every figure impossible beside another, all at once, as
    :class:`InputError` (one) or :class:`InputErrors` (several) naming ``"<code>"`` and
    ``Class.field``. A class's checks across fields are its ``_impossible`` method."""
    init = cls.__init__
    signature = inspect.signature(init)
    fields = attrs.fields_dict(cls)  # type: ignore[arg-type]
    impossible = getattr(cls, "_impossible", None)

    def refused(problems: Sequence[tuple[str, str | Problem]]) -> InputError | InputErrors:
        errors = [
            InputError(IN_CODE, f"{cls.__name__}.{name}" if name else cls.__name__, problem)
            for name, problem in problems
        ]
        return errors[0] if len(errors) == 1 else InputErrors(errors)

    def refusals(args: tuple[object, ...], kwargs: dict[str, object]) -> list[tuple[str, Problem]]:
        """What the fields refuse of the values given; called once construction has failed."""
        try:
            given = signature.bind(None, *args, **kwargs).arguments
        except TypeError as exc:
            return [("", Problem("bad_call", detail=str(exc), expected=", ".join(fields)))]
        problems: list[tuple[str, Problem]] = []
        for name, field in fields.items():
            if name in given and callable(field.converter):
                try:
                    field.converter(given[name])
                except FigureError as exc:
                    problems.append((name, exc.what))
        return problems

    @functools.wraps(init)
    def __init__(self: _C, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except (FigureError, TypeError) as exc:
            problems = refusals(args, kwargs)
            if not problems and isinstance(exc, TypeError):  # not the call: a fault in here
                raise
            # A value read up the first time (an iterator) is refused as it was then.
            raise refused(
                problems or [("", exc.what if isinstance(exc, FigureError) else str(exc))]
            ) from None
        if impossible is not None:
            problems = impossible(self)
            if problems:
                raise refused(problems)

    cls.__init__ = __init__  # type: ignore[method-assign, assignment]
    return cls


@_refusing
@attrs.frozen
class Enterprise:
    """One firm of a cluster's roster. Money in 元 (``Decimal``); absent figures are None."""

    name: str = attrs.field(converter=_name, metadata=_AS_TEXT)
    credit_code: str | None = attrs.field(
        default=None, converter=_given_code, metadata={"parse": _credit_code}
    )
    main_business_revenue: Decimal | None = attrs.field(
        default=None, converter=_money, metadata=_AS_MONEY
    )
    operating_revenue: Decimal | None = attrs.field(
        default=None, converter=_money, metadata=_AS_MONEY
    )
    rd_expense: Decimal | None = attrs.field(default=None, converter=_money, metadata=_AS_MONEY)
    employees: int | None = attrs.field(default=None, converter=_count, metadata=_AS_COUNT)
    size: Size | None = attrs.field(default=None, converter=_size, metadata={"parse": to_size})
    sector: str = attrs.field(
        default="industry", converter=_given_sector, metadata={"parse": _sector}
    )
    in_main_industry: bool | None = attrs.field(
        default=None, converter=_optional_flag, metadata=_AS_FLAG
    )
    related: bool = attrs.field(default=True, converter=_given_flag, metadata=_AS_FLAG)

    def _impossible(self) -> list[tuple[str, Problem]]:
        return _parts_above_wholes(self, _FIRM_PARTS)


#: 主营业务收入 is 营业收入 less 其他业务收入. A firm may spend more on R&D than it earns.
_FIRM_PARTS = (
    _Part(
        "main_business_revenue", "operating_revenue", " 元",
        Phrase("主营业务收入 is part of 营业收入", "主营业务收入是营业收入的一部分"),
    ),
)  # fmt: skip


def _functions(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise FigureError(Problem("not_functions", value=value))
    items = tuple(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise FigureError(Problem("not_function_name", value=item))
    return tuple(item.strip() for item in items)


def _function_names(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return _functions(value)


@_refusing
@attrs.frozen
class Declared:
    """Totals as declared on the application form; any subset may be given.

    Money is in 元 and shares are fractions (``Decimal("0.65")``); in files, write
    ``"23.5亿元"`` and ``"65%"``. In code, text such as ``"23.5亿元"`` reads as in files. A
    figure published as a bound (``"逾30亿元"``, ``"70%以上"``, ``"不足20亿元"``) is kept as a
    :class:`~clustercheck.base.figures.FigureBound`; an approximate one (``"近300亿元"``) is
    refused.
    """

    operating_revenue: Decimal | None = attrs.field(
        default=None, converter=_declared_money, metadata=_AS_DECLARED_MONEY
    )
    main_industry_revenue: Decimal | None = attrs.field(
        default=None, converter=_declared_money, metadata=_AS_DECLARED_MONEY
    )
    main_share: Decimal | None = attrs.field(
        default=None, converter=_declared_share, metadata=_AS_DECLARED_SHARE
    )
    rd_expense: Decimal | None = attrs.field(
        default=None, converter=_declared_money, metadata=_AS_DECLARED_MONEY
    )
    rd_ratio: Decimal | None = attrs.field(
        default=None, converter=_declared_share, metadata=_AS_DECLARED_SHARE
    )
    leaders: int | Decimal | None = attrs.field(
        default=None, converter=_declared_count, metadata=_AS_DECLARED_COUNT
    )
    related_smes: int | Decimal | None = attrs.field(
        default=None, converter=_declared_count, metadata=_AS_DECLARED_COUNT
    )
    building_density: Decimal | None = attrs.field(
        default=None, converter=_declared_share, metadata=_AS_DECLARED_SHARE
    )
    investment_intensity: Decimal | None = attrs.field(
        default=None, converter=_intensity, metadata={"parse": parse_intensity_or_bound}
    )
    clean_audit_required: int | None = attrs.field(
        default=None, converter=_count, metadata=_AS_COUNT
    )
    clean_audit_done: int | None = attrs.field(default=None, converter=_count, metadata=_AS_COUNT)
    clean_audit_rate: Decimal | None = attrs.field(
        default=None, converter=_declared_share, metadata=_AS_DECLARED_SHARE
    )
    service_functions: tuple[str, ...] | None = attrs.field(
        default=None, converter=_function_names, metadata={"parse": _functions}
    )
    area: Decimal | None = attrs.field(
        default=None, converter=_area, metadata={"parse": parse_area_or_bound}
    )
    champions: int | Decimal | None = attrs.field(
        default=None, converter=_declared_count, metadata=_AS_DECLARED_COUNT
    )
    specialised_firms: int | Decimal | None = attrs.field(
        default=None, converter=_declared_count, metadata=_AS_DECLARED_COUNT
    )
    platform_adoption: Decimal | None = attrs.field(
        default=None, converter=_declared_share, metadata=_AS_DECLARED_SHARE
    )
    #: Shares and growth rates a source publishes without the yearly amounts (主导产业占比
    #: 70%以上, 产值年均增速12%): they decide in place of the yearly figures, as declared.
    sme_output_share: Decimal | None = attrs.field(
        default=None, converter=_declared_share, metadata=_AS_DECLARED_SHARE
    )
    main_output_share: Decimal | None = attrs.field(
        default=None, converter=_declared_share, metadata=_AS_DECLARED_SHARE
    )
    output_growth: Decimal | None = attrs.field(
        default=None, converter=_declared_rate, metadata={"parse": parse_rate_or_bound}
    )
    rd_growth: Decimal | None = attrs.field(
        default=None, converter=_declared_rate, metadata={"parse": parse_rate_or_bound}
    )

    def _impossible(self) -> list[tuple[str, Problem]]:
        return _parts_above_wholes(self, _DECLARED_PARTS)


_REVENUE_PART = Phrase(
    "R&D spending above revenue would be an R&D ratio above 100%",
    "研发投入大于营业收入即研发占比超过100%",
)

_DECLARED_PARTS = (
    _Part(
        "main_industry_revenue", "operating_revenue", " 元",
        Phrase("the main industry's revenue (主导产业营业收入) is part of the total", "主导产业营业收入是总收入的一部分"),
    ),
    _Part("rd_expense", "operating_revenue", " 元", _REVENUE_PART),
    _Part(
        "clean_audit_done", "clean_audit_required", "",
        Phrase("the audits done are among those required", "已实施的审核是应实施审核中的一部分"),
    ),
)  # fmt: skip


@_refusing
@attrs.frozen
class Yearly:
    """Figures of one year, for conditions over several years (growth, "each of the last three
    years"). 产值 (output value) is kept apart from 营业收入 (operating revenue)."""

    year: int = attrs.field(converter=_year_in_code, metadata=_AS_YEAR)
    output: Decimal | None = attrs.field(default=None, converter=_money, metadata=_AS_MONEY)
    sme_output: Decimal | None = attrs.field(default=None, converter=_money, metadata=_AS_MONEY)
    main_industry_output: Decimal | None = attrs.field(
        default=None, converter=_money, metadata=_AS_MONEY
    )
    operating_revenue: Decimal | None = attrs.field(
        default=None, converter=_money, metadata=_AS_MONEY
    )
    rd_expense: Decimal | None = attrs.field(default=None, converter=_money, metadata=_AS_MONEY)
    sme_rd_expense: Decimal | None = attrs.field(default=None, converter=_money, metadata=_AS_MONEY)

    def _impossible(self) -> list[tuple[str, Problem]]:
        return _parts_above_wholes(self, _YEARLY_PARTS, prefix=f"{self.year}: ")


_YEARLY_PARTS = (
    _Part("sme_output", "output", " 元", Phrase("SME output (中小企业产值) is part of the total", "中小企业产值是总产值的一部分")),
    _Part(
        "main_industry_output", "output", " 元",
        Phrase("main-industry output (主导产业产值) is part of the total", "主导产业产值是总产值的一部分"),
    ),
    _Part("rd_expense", "operating_revenue", " 元", _REVENUE_PART),
    _Part(
        "sme_rd_expense", "rd_expense", " 元",
        Phrase("SME R&D spending (中小企业研发经费) is part of the total", "中小企业研发经费是研发经费总额的一部分"),
    ),
)  # fmt: skip


@_refusing
@attrs.frozen
class Reported:
    """A figure quoted from a public document that does not measure a criterion exactly.

    It is shown beside the criterion it concerns and never decides it: "集聚关联企业120家"
    counts related firms of every size, not related SMEs.
    """

    criterion: str = attrs.field(converter=_name, metadata=_AS_TEXT)
    wording: str = attrs.field(converter=_name, metadata=_AS_TEXT)
    source: str = attrs.field(converter=_name, metadata=_AS_TEXT)
    why_not_used: str = attrs.field(converter=_name, metadata=_AS_TEXT)


def _attested(value: object) -> dict[str, bool]:
    if type(value) is not dict and not isinstance(value, Mapping):  # a dict: no ABC check
        raise FigureError(Problem("not_attested_table", value=value))
    for key, flag in value.items():
        if not isinstance(key, str):
            raise FigureError(Problem("not_attestation_name", value=key))
        if not isinstance(flag, bool):
            code = "attested_none" if flag is None else "attested_not_flag"
            raise FigureError(Problem(code, key=key, value=flag, expected="true, false"))
    return dict(value)


def _attestations(value: Mapping[str, bool]) -> dict[str, bool]:
    return _attested(value)


def _roster_path(value: object) -> RosterFigures:
    """Only reached when a roster is given where the loader does not read it."""
    raise FigureError(Problem("not_roster_name", value=value))


def _roster(value: RosterFigures | None) -> RosterFigures | None:
    if value is None or isinstance(value, RosterFigures):
        return value
    raise FigureError(Problem("not_roster_figures", value=value))


#: Frozen, so clusters without declared figures share one empty Declared.
_NO_FIGURES = Declared()


def _declared(value: Declared | None) -> Declared:
    if value is None:
        return _NO_FIGURES
    if isinstance(value, Declared):
        return value
    raise FigureError(Problem("not_declared", value=value))


def _each(value: object, kind: type[_C]) -> tuple[_C, ...]:
    """A tuple of ``kind`` from any list of them (a tuple, as most are, taken as it is)."""
    if type(value) is tuple:
        items: tuple[Any, ...] = value
    elif isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise FigureError(Problem("not_list_of", value=value, kind=kind.__name__))
    else:
        items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise FigureError(
                Problem(
                    "item_not_of_type", index=index, value=item, expected=f"cc.{kind.__name__}(…)"
                )
            )
    return items


def _enterprises(value: Iterable[Enterprise]) -> tuple[Enterprise, ...]:
    return _each(value, Enterprise)


def _reported(value: Iterable[Reported]) -> tuple[Reported, ...]:
    return _each(value, Reported)


def _yearly(value: Iterable[Yearly]) -> tuple[Yearly, ...]:
    return _each(value, Yearly)


@_refusing
@attrs.frozen
class Cluster:
    """A candidate cluster: who it is, what it declares, what is attested, and its roster."""

    name: str = attrs.field(converter=_name, metadata=_AS_TEXT)
    region: str | None = attrs.field(default=None, converter=_optional_text, metadata=_AS_TEXT)
    main_industry: str | None = attrs.field(
        default=None, converter=_optional_text, metadata=_AS_TEXT
    )
    year: int | None = attrs.field(default=None, converter=_optional_year, metadata=_AS_YEAR)
    id: str | None = attrs.field(default=None, converter=_optional_text, metadata=_AS_TEXT)
    declared: Declared = attrs.field(default=_NO_FIGURES, converter=_declared)
    attested: Mapping[str, bool] = attrs.field(
        factory=dict, converter=_attestations, metadata={"parse": _attested}
    )
    enterprises: tuple[Enterprise, ...] = attrs.field(default=(), converter=_enterprises)
    reported: tuple[Reported, ...] = attrs.field(default=(), converter=_reported)
    yearly: tuple[Yearly, ...] = attrs.field(default=(), converter=_yearly)
    source: str | None = attrs.field(default=None, converter=_optional_text, metadata=_AS_TEXT)
    #: The figures of a roster file (``roster = "firms.csv"``), summed as it was read.
    roster: RosterFigures | None = attrs.field(
        default=None, converter=_roster, metadata={"parse": _roster_path}
    )

    def by_year(self) -> dict[int, Yearly]:
        """The yearly figures by year."""
        return {y.year: y for y in self.yearly}

    def _impossible(self) -> list[tuple[str, Problem]]:
        if not self.yearly and not self.enterprises:  # a roster's cluster: nothing to compare
            return []
        problems = []
        years = [y.year for y in self.yearly]
        if len(set(years)) != len(years):
            problems.append(("yearly", Problem("year_twice", value=years)))
        if self.roster is not None and self.enterprises:
            problems.append(("roster", Problem("roster_twice")))
        seen: dict[str, str] = {}
        for firm in self.enterprises:
            if firm.credit_code is None:
                continue
            if firm.credit_code in seen:
                problems.append((
                    "enterprises",
                    Problem("code_twice", value=firm.credit_code, first=seen[firm.credit_code],
                            then=firm.name),
                ))  # fmt: skip
            else:
                seen[firm.credit_code] = firm.name
        return problems
