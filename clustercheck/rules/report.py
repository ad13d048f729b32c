"""What a check produces: an outcome per criterion and the cluster's verdict."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from ..base.compare import Operator
from ..base.figures import format_decimal
from ..base.labels import word
from ..base.notebook import notebook_html
from ..base.notes import Note
from .pack import Kind, Label


class Status(enum.Enum):
    """A criterion's result. Advisory criteria are ``INFO`` and never decide."""

    PASS = "PASS"
    FAIL = "FAIL"
    UNKNOWN = "UNKNOWN"
    INFO = "INFO"

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
    #: How the pack reads an ambiguous clause (``1000万元/平方公顷`` as per hectare), if it says.
    reading: str | None = None

    @property
    def decides(self) -> bool:
        """Whether this outcome counts towards the verdict."""
        return self.kind.decides


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

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """A JSON-ready dict: enums by value (``"PASS"``), Decimals as strings, notes with text."""
        data: dict[str, Any] = _converter.unstructure(self)
        for outcome, raw in zip(self.outcomes, data["outcomes"], strict=True):
            raw["notes"] = [_note_dict(n, lang) for n in outcome.notes]
        data["warnings"] = [_note_dict(n, lang) for n in self.warnings]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """The report that :meth:`to_dict` produced (note texts are rebuilt from their codes)."""
        return _converter.structure(dict(data), cls)


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
