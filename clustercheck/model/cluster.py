"""The input data model: a cluster, its declared totals, attestations and roster of firms.

All classes are frozen attrs classes. Money is ``Decimal`` in 元, shares are fractions
(``Decimal("0.65")``). Each field's ``parse`` metadata says how the file loader reads what
a person writes (``"20亿元"``, ``"65%"``, ``"中型"``); ``parse_money`` and ``parse_percent``
do the same for code.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..base.errors import FigureError
from ..base.figures import parse_area, parse_count, parse_intensity, parse_money, parse_percent
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
    raise FigureError(
        f"{value!r} is not a firm size; expected 大/中/小/微 or large/medium/small/micro"
    )


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise FigureError(f"{value!r} is not true or false")


def _credit_code(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FigureError(f"{value!r} is not a credit code; expected 18 characters of text")
    code = value.strip().upper()
    problem = credit_code_problem(code)
    if problem is not None:
        raise FigureError(problem)
    return code


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FigureError(f"{value!r} is not a name; expected non-empty text")
    return value.strip()


def _sector(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FigureError(f"{value!r} is not a sector; expected text such as 工业 or industry")
    return value.strip()


def _year(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1949 <= value <= 2200:
        return value
    raise FigureError(f"{value!r} is not a year; expected a year such as 2015")


def _non_negative(instance: object, attribute: attrs.Attribute[object], value: object) -> None:
    if value is not None and value < 0:  # type: ignore[operator]
        raise FigureError(f"{attribute.name} = {value!r} is negative; expected 0 or more")


def _share(instance: object, attribute: attrs.Attribute[object], value: object) -> None:
    if value is not None and not 0 <= value <= 1:  # type: ignore[operator]
        raise FigureError(
            f"{attribute.name} = {value!r} is not a share; expected a fraction from 0 to 1 "
            '(Decimal("0.65") for 65%)'
        )


def _input(parse: object, *, share: bool = False, default: object = None) -> Any:
    """A field read from files with ``parse``; in code it takes the parsed type directly."""
    validator = _share if share else _non_negative
    return attrs.field(default=default, validator=validator, metadata={"parse": parse})


def _required(parse: object) -> Any:
    return attrs.field(metadata={"parse": parse})


@attrs.frozen
class Enterprise:
    """One firm of a cluster's roster. Money in 元 (``Decimal``); absent figures are None."""

    name: str = _required(_text)
    credit_code: str | None = attrs.field(default=None, metadata={"parse": _credit_code})
    main_business_revenue: Decimal | None = _input(parse_money)
    operating_revenue: Decimal | None = _input(parse_money)
    rd_expense: Decimal | None = _input(parse_money)
    employees: int | None = _input(parse_count)
    size: Size | None = attrs.field(default=None, metadata={"parse": to_size})
    sector: str = attrs.field(default="industry", metadata={"parse": _sector})
    in_main_industry: bool | None = attrs.field(default=None, metadata={"parse": _flag})
    related: bool = attrs.field(default=True, metadata={"parse": _flag})


def _functions(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise FigureError(
            f'{value!r} is not a list; expected a list such as ["研发设计", "检验检测"]'
        )
    items = tuple(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise FigureError(f'{item!r} is not a function name; expected text such as "研发设计"')
    return tuple(item.strip() for item in items)


@attrs.frozen
class Declared:
    """Totals as declared on the application form; any subset may be given.

    Money is in 元 and shares are fractions (``Decimal("0.65")``); in files, write
    ``"23.5亿元"`` and ``"65%"``.
    """

    operating_revenue: Decimal | None = _input(parse_money)
    main_industry_revenue: Decimal | None = _input(parse_money)
    main_share: Decimal | None = _input(parse_percent, share=True)
    rd_expense: Decimal | None = _input(parse_money)
    rd_ratio: Decimal | None = _input(parse_percent, share=True)
    leaders: int | None = _input(parse_count)
    related_smes: int | None = _input(parse_count)
    building_density: Decimal | None = _input(parse_percent, share=True)
    investment_intensity: Decimal | None = _input(parse_intensity)
    clean_audit_required: int | None = _input(parse_count)
    clean_audit_done: int | None = _input(parse_count)
    clean_audit_rate: Decimal | None = _input(parse_percent, share=True)
    service_functions: tuple[str, ...] | None = attrs.field(
        default=None, metadata={"parse": _functions}
    )
    area: Decimal | None = _input(parse_area)
    champions: int | None = _input(parse_count)
    specialised_firms: int | None = _input(parse_count)
    platform_adoption: Decimal | None = _input(parse_percent, share=True)

    def __attrs_post_init__(self) -> None:
        main, total = self.main_industry_revenue, self.operating_revenue
        if main is not None and total is not None and main > total:
            raise FigureError(
                f"main_industry_revenue {main} 元 is above operating_revenue {total} 元; "
                "expected a part of it"
            )
        required, done = self.clean_audit_required, self.clean_audit_done
        if required is not None and done is not None and done > required:
            raise FigureError(
                f"clean_audit_done {done} is above clean_audit_required {required}; "
                "a rate above 100% is not possible"
            )


@attrs.frozen
class Yearly:
    """Figures of one year, for conditions over several years (growth, "each of the last three
    years"). 产值 (output value) is kept apart from 营业收入 (operating revenue)."""

    year: int = _required(_year)
    output: Decimal | None = _input(parse_money)
    sme_output: Decimal | None = _input(parse_money)
    main_industry_output: Decimal | None = _input(parse_money)
    operating_revenue: Decimal | None = _input(parse_money)
    rd_expense: Decimal | None = _input(parse_money)
    sme_rd_expense: Decimal | None = _input(parse_money)

    def __attrs_post_init__(self) -> None:
        for part in ("sme_output", "main_industry_output"):
            value, whole = getattr(self, part), self.output
            if value is not None and whole is not None and value > whole:
                raise FigureError(
                    f"{self.year}: {part} {value} 元 is above output {whole} 元; expected a part of it"
                )


@attrs.frozen
class Reported:
    """A figure quoted from a public document that does not measure a criterion exactly.

    It is shown beside the criterion it concerns and never decides it: "集聚关联企业120家"
    counts related firms of every size, not related SMEs.
    """

    criterion: str = _required(_text)
    wording: str = _required(_text)
    source: str = _required(_text)
    why_not_used: str = _required(_text)


def _attested(value: object) -> Mapping[str, bool]:
    if not isinstance(value, Mapping):
        raise FigureError(f"{value!r} is not a table; expected keys such as plan = true")
    for key, flag in value.items():
        if not isinstance(flag, bool):
            raise FigureError(f"{key} = {flag!r} is not true or false")
    return dict(value)


def _roster_path(value: object) -> RosterFigures:
    """Only reached when a roster is given where the loader does not read it."""
    raise FigureError(f'{value!r} is not a roster; expected a file name such as "firms.csv"')


@attrs.frozen
class Cluster:
    """A candidate cluster: who it is, what it declares, what is attested, and its roster."""

    name: str = _required(_text)
    region: str | None = attrs.field(default=None, metadata={"parse": _text})
    main_industry: str | None = attrs.field(default=None, metadata={"parse": _text})
    year: int | None = attrs.field(default=None, metadata={"parse": _year})
    id: str | None = attrs.field(default=None, metadata={"parse": _text})
    #: Frozen, so clusters without declared figures share one empty Declared.
    declared: Declared = attrs.field(default=Declared())
    attested: Mapping[str, bool] = attrs.field(factory=dict, metadata={"parse": _attested})
    enterprises: tuple[Enterprise, ...] = ()
    reported: tuple[Reported, ...] = ()
    yearly: tuple[Yearly, ...] = ()
    source: str | None = attrs.field(default=None, metadata={"parse": _text})
    #: The figures of a roster file (``roster = "firms.csv"``), summed as it was read.
    roster: RosterFigures | None = attrs.field(default=None, metadata={"parse": _roster_path})

    def by_year(self) -> dict[int, Yearly]:
        """The yearly figures by year."""
        return {y.year: y for y in self.yearly}

    def __attrs_post_init__(self) -> None:
        years = [y.year for y in self.yearly]
        if len(set(years)) != len(years):
            raise FigureError(
                f"yearly figures give a year twice ({years}); expected each year once"
            )
        if self.roster is not None and self.enterprises:
            raise FigureError(
                "both [[enterprises]] and a roster file are given; expected the roster in one place"
            )
        seen: dict[str, str] = {}
        for firm in self.enterprises:
            if firm.credit_code is None:
                continue
            if firm.credit_code in seen:
                raise FigureError(
                    f"credit code {firm.credit_code} appears twice in one cluster: "
                    f"{seen[firm.credit_code]!r} and {firm.name!r}; expected each firm once"
                )
            seen[firm.credit_code] = firm.name
