"""What a check produces: an outcome per criterion and the cluster's verdict."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

import attrs
import cattrs

from ..base.compare import Operator
from ..base.errors import checked_lang
from ..base.figures import DISPLAY_UNITS, EXACT, format_decimal
from ..base.frames import as_frame
from ..base.labels import word
from ..base.notebook import notebook_html
from ..base.notes import Note
from .pack import Band, Kind, Label, Rules
from .per_pack import PerPack

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow


class Status(enum.Enum):
    """A criterion's result. Advisory criteria are ``INFO`` and never decide."""

    PASS = "PASS"
    FAIL = "FAIL"
    UNKNOWN = "UNKNOWN"
    INFO = "INFO"

    #: Members are single objects compared by identity; hashed by identity too (in C, not by
    #: name in Python), as every mark and label of a review looks one up.
    __hash__ = object.__hash__

    def label(self, lang: str = "zh") -> str:
        """符合 / 不符合 / 未知 / 参考 (or English)."""
        return word(self.value, lang)

    @property
    def mark(self) -> str:
        """✓, ✗, ? (or · for advisory) as review tables show it."""
        return _MARKS[self]


_MARKS = {Status.PASS: "✓", Status.FAIL: "✗", Status.UNKNOWN: "?", Status.INFO: "·"}


class Verdict(enum.Enum):
    """A cluster's verdict: FAIL beats UNKNOWN, and only all-PASS qualifies."""

    QUALIFIED = "QUALIFIED"
    NOT_QUALIFIED = "NOT_QUALIFIED"
    INCOMPLETE = "INCOMPLETE"

    #: As :class:`Status`: hashed by identity, as members compare.
    __hash__ = object.__hash__

    def label(self, lang: str = "zh") -> str:
        """符合 / 不符合 / 待补充 (or English)."""
        return word(self.value, lang)


class Source(enum.Enum):
    """Where an outcome's figure came from."""

    DECLARED = "DECLARED"
    ROSTER = "ROSTER"
    ATTESTED = "ATTESTED"
    NONE = "NONE"

    def label(self, lang: str = "zh") -> str:
        """申报 / 名册 / 认定 / 无 (or English)."""
        return word(self.value, lang)


def verdict_of(statuses: Iterator[Status] | list[Status] | tuple[Status, ...]) -> Verdict:
    """The verdict over deciding statuses: any FAIL fails; else any UNKNOWN is incomplete."""
    seen = tuple(statuses)  # members are found by identity: no hashing of enum members
    if Status.FAIL in seen:
        return Verdict.NOT_QUALIFIED
    if Status.UNKNOWN in seen:
        return Verdict.INCOMPLETE
    return Verdict.QUALIFIED


@attrs.frozen
class Outcome:
    """One criterion's result: the measured value against the requirement, and why."""

    id: str
    clause: str
    label: Label
    short: Label
    kind: Kind
    status: Status
    wording: str
    value: Decimal | bool | None = None
    threshold: Decimal | None = None
    operator: Operator | None = None
    unit: str | None = None
    margin: Decimal | None = None
    source: Source = Source.NONE
    notes: tuple[Note, ...] = ()
    items: tuple[str, ...] = ()
    #: A general rule exceeded (shown FAIL) whose exception the reviewer has not yet attested:
    #: the verdict counts it as undecided.
    exception_pending: bool = False
    #: How the pack reads an ambiguous clause (``1000万元/平方公顷`` as per hectare), if it says.
    reading: str | None = None
    #: The same in English, where the pack gives it.
    reading_en: str | None = None

    def read_as(self, lang: str) -> str:
        """How the clause is read, in ``lang`` where the pack gives it (else in Chinese)."""
        return (self.reading_en if lang == "en" and self.reading_en else self.reading) or ""

    @property
    def decides(self) -> bool:
        """Whether this outcome counts towards the verdict."""
        return self.kind.decides

    @property
    def verdict_status(self) -> Status:
        """The status as the verdict counts it: a pending exception is not yet a failure."""
        return Status.UNKNOWN if self.exception_pending else self.status

    @property
    def shortfall(self) -> Decimal | None:
        """How far the figure is from its threshold, in the units figures are given in (元
        for money, a fraction for a share, firms for a count): 0 when it meets it (a strict
        threshold, 超, needs more than this), None without a figure."""
        if self.margin is None or self.unit is None:
            return None
        return EXACT.multiply(max(-self.margin, Decimal(0)), DISPLAY_UNITS[self.unit])


@attrs.frozen
class Report:
    """The result of checking one cluster against one pack; ``report["revenue"]`` is an Outcome."""

    cluster: str
    rules: str
    verdict: Verdict
    outcomes: tuple[Outcome, ...]
    region: str | None = None
    year: int | None = None
    cluster_id: str | None = None
    warnings: tuple[Note, ...] = ()
    #: The cluster's main industry, as its file names it (a review's summary shows it).
    main_industry: str | None = None

    def __getitem__(self, criterion_id: str) -> Outcome:
        for outcome in self.outcomes:
            if outcome.id == criterion_id:
                return outcome
        raise KeyError(
            f"no outcome {criterion_id!r} in this report; "
            f"expected one of {', '.join(o.id for o in self.outcomes)}"
        )

    def __iter__(self) -> Iterator[Outcome]:
        return iter(self.outcomes)

    def __len__(self) -> int:
        return len(self.outcomes)

    @property
    def deciding(self) -> tuple[Outcome, ...]:
        """The outcomes that decide the verdict (advisory ones left out)."""
        return tuple(o for o in self.outcomes if o.decides)

    def _repr_html_(self) -> str:
        """The criterion table, as a notebook shows it."""
        return notebook_html(self)

    def __repr__(self) -> str:
        return f"<Report {self.cluster!r} {self.rules}: {self.verdict.value}>"

    @overload
    def to_frame(self, backend: Literal["pandas"], lang: str = ...) -> pandas.DataFrame: ...
    @overload
    def to_frame(self, backend: Literal["polars"], lang: str = ...) -> polars.DataFrame: ...
    @overload
    def to_frame(self, backend: Literal["pyarrow"], lang: str = ...) -> pyarrow.Table: ...
    @overload
    def to_frame(self, backend: str | None = None, lang: str = ...) -> Any: ...
    def to_frame(self, backend: str | None = None, lang: str = "zh") -> Any:
        """One row per criterion in the pack's order: status (categorical), value, threshold
        and margin as numbers (money in the pack's unit, such as 亿元; shares as fractions),
        the ``unit`` of each row, ``rounded``, source and notes (in ``lang``). ``backend``: ``"pandas"`` (default when installed), ``"polars"``,
        ``"pyarrow"``."""
        return as_frame(self, backend, checked_lang(lang))

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """A JSON-ready dict: enums by value (``"PASS"``), Decimals as strings, notes with text."""
        checked_lang(lang)
        data: dict[str, Any] = _converter.unstructure(self)
        for outcome, raw in zip(self.outcomes, data["outcomes"], strict=True):
            raw["notes"] = [_note_dict(n, lang) for n in outcome.notes]
        data["warnings"] = [_note_dict(n, lang) for n in self.warnings]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """The report that :meth:`to_dict` produced (note texts are rebuilt from their codes)."""
        return _converter.structure(dict(data), cls)


def band_of(rules: Rules, report: Report) -> Band | None:
    """The work-target band of a cluster's revenue (196号 二（二）: 超 is strict, so the bands
    are exclusive), or None: no targets, revenue unknown, at most the lowest band's floor, or
    a lower bound (firms' revenue missing) that leaves the band open."""
    if rules.targets is None:
        return None
    ids, bands = _band_tables(rules)
    outcome = next((o for o in report.outcomes if o.id in ids), None)
    if outcome is None or outcome.status is Status.UNKNOWN or outcome.unit is None:
        return None
    if not isinstance(outcome.value, Decimal):
        return None
    # In 元, exactly: value × unit > floor, all three as integer ratios.
    value, value_scale = outcome.value.as_integer_ratio()
    unit, unit_scale = DISPLAY_UNITS[outcome.unit].as_integer_ratio()
    # A bound published as 逾100亿元 is above 100亿元 even though its number is not.
    notes = outcome.notes
    above = bool(notes) and any(n.code == "declared_lower_bound" and n.args["value"].startswith(">") for n in notes)  # fmt: skip
    for rank, (band, floor, floor_scale) in enumerate(bands):
        amount, least = value * unit * floor_scale, floor * value_scale * unit_scale
        if amount > least or (above and amount == least):
            # A lower bound puts the cluster in this band or a higher one: it settles the
            # band only when no band lies above.
            return band if rank == 0 or not notes or not _lower_bound(outcome) else None
    return None


class _BandTable(NamedTuple):
    """A pack's targets as :func:`band_of` reads them: the criteria that measure the banded
    figure, and the bands from the highest floor down, each floor as an integer ratio."""

    ids: frozenset[str]
    bands: tuple[tuple[Band, int, int], ...]


def _band_table(rules: Rules) -> _BandTable:
    targets = rules.targets
    assert targets is not None
    ordered = sorted(targets.bands, key=lambda b: b.floor, reverse=True)
    return _BandTable(
        frozenset(c.id for c in rules.criteria if c.measure == targets.measure),
        tuple((band, *_integer_ratio(band.floor)) for band in ordered),
    )


def _integer_ratio(value: Decimal) -> tuple[int, int]:
    return value.as_integer_ratio()


_band_tables: PerPack[Rules, _BandTable] = PerPack(_band_table)


def _lower_bound(outcome: Outcome) -> bool:
    """Whether the outcome's value is only a lower bound (the engine notes it so): firms'
    figures missing, or a figure published as one (逾30亿元)."""
    return any(note.code in ("lower_bound", "declared_lower_bound") for note in outcome.notes)


def _note_dict(note: Note, lang: str) -> dict[str, Any]:
    return {"code": note.code, "args": dict(note.args), "text": note.text(lang)}


def _unstructure_value(value: Decimal | bool | None) -> str | bool | None:
    return value if value is None or isinstance(value, bool) else format_decimal(value)


def _structure_value(value: object, _: object) -> Decimal | bool | None:
    if value is None or isinstance(value, bool):
        return value
    return Decimal(str(value))


# Enums travel by value (``"PASS"``, ``">="``), Decimals as plain decimal strings (``"70"``,
# never ``"7E+1"``).
_converter = cattrs.Converter()
_converter.register_unstructure_hook(Decimal, format_decimal)
_converter.register_structure_hook(Decimal, lambda value, _: Decimal(str(value)))
_converter.register_unstructure_hook(Decimal | bool | None, _unstructure_value)
_converter.register_structure_hook(Decimal | bool | None, _structure_value)
_converter.register_structure_hook(Note, lambda raw, _: Note(raw["code"], dict(raw["args"])))
