"""The registry of accredited clusters: who was accredited when, and every re-verification.

A registry is TOML (or JSON of the same shape). It is read strictly, every problem named by
file and entry, and written back whole or not at all; recorded history is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..base.atomic import write_atomic
from ..base.errors import FigureError, InputError, InputErrors, PackError, Problem
from ..base.figures import parse_date, shown
from ..base.labels import word
from ..read.cluster_file import read_data
from ..rules.pack import load_rules
from ..rules.report import Status


class Decision(enum.Enum):
    """The outcome of re-verifying an accredited cluster (196号 五（六））."""

    RETAIN = "RETAIN"
    DELIST = "DELIST"
    PENDING = "PENDING"

    def label(self, lang: str = "zh") -> str:
        """保留 / 摘牌 / 待补充材料 (or English)."""
        return word(f"decision_{self.value}", lang)


@attrs.frozen
class HistoryEntry:
    """One recorded re-verification: the year, the decision, and what it rested on."""

    year: int
    decision: Decision
    rules: str | None = None
    #: Criterion id → status (``"PASS"``) at that round, so the next round can say what changed.
    statuses: Mapping[str, str] = attrs.field(factory=dict)
    #: Criterion id → the value shown that round, with its unit (``"23.5亿元"``).
    figures: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Entry:
    """An accredited cluster in the registry."""

    id: str
    name: str
    accredited: dt.date
    region: str | None = None
    status: str = "active"
    history: tuple[HistoryEntry, ...] = ()

    @property
    def active(self) -> bool:
        """Still accredited (not delisted)."""
        return self.status == "active"

    @property
    def last(self) -> HistoryEntry | None:
        """The latest recorded re-verification."""
        return self.history[-1] if self.history else None


@attrs.frozen
class Registry:
    """The accredited clusters, under one rule pack."""

    rules: str
    clusters: tuple[Entry, ...]
    path: str | None = attrs.field(default=None, eq=False)

    def __getitem__(self, cluster_id: str) -> Entry:
        for entry in self.clusters:
            if entry.id == cluster_id:
                return entry
        raise KeyError(f"no cluster {cluster_id!r} in the registry")


_TOP = ("rules", "cluster")
_ENTRY = ("id", "name", "region", "accredited", "status", "history")
_HISTORY = ("year", "decision", "rules", "statuses", "figures")
_STATUSES = tuple(s.value for s in Status)


class _Checker:
    """Collects every problem of a registry file before giving up."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.errors: list[InputError] = []

    def fail(self, where: str, problem: str | Problem) -> None:
        self.errors.append(InputError(self.origin, where, problem))

    def keys(self, where: str, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            self.fail(
                where,
                Problem("unknown_keys", value=", ".join(unknown), expected=", ".join(allowed)),
            )

    def text(self, where: str, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, Problem("not_text", value=value, shown=shown(value)))
            return ""
        return value.strip()


def _date(check: _Checker, where: str, value: object) -> dt.date:
    try:
        return parse_date(value)
    except FigureError as exc:
        check.fail(where, exc.what)
        return dt.date.min


def _mapping(
    check: _Checker, where: str, value: object, allowed: tuple[str, ...] | None
) -> dict[str, str]:
    if not isinstance(value, Mapping):
        check.fail(where, Problem("not_pairs", value=value))
        return {}
    result = {}
    for key, item in value.items():
        if not isinstance(item, str) or (allowed is not None and item not in allowed):
            if allowed:
                check.fail(
                    f"{where}.{key}", Problem("not_status", value=item, expected=", ".join(allowed))
                )
            else:
                check.fail(f"{where}.{key}", Problem("not_text", value=item, shown=shown(item)))
        else:
            result[str(key)] = item
    return result


def _history(check: _Checker, where: str, raw: object) -> HistoryEntry | None:
    if not isinstance(raw, Mapping):
        check.fail(where, Problem("not_history_entry", value=raw))
        return None
    check.keys(where, raw, _HISTORY)
    year = raw.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2200:
        check.fail(
            f"{where}.year", Problem("not_year", value=year, shown=shown(year), example=2016)
        )
        year = 0
    try:
        decision = Decision(raw.get("decision"))
    except ValueError:
        check.fail(
            f"{where}.decision",
            Problem("not_status", value=raw.get("decision"), expected="RETAIN, DELIST, PENDING"),
        )
        decision = Decision.PENDING
    rules = raw.get("rules")
    return HistoryEntry(
        year=year,
        decision=decision,
        rules=None if rules is None else check.text(f"{where}.rules", rules),
        statuses=_mapping(check, f"{where}.statuses", raw.get("statuses", {}), _STATUSES),
        figures=_mapping(check, f"{where}.figures", raw.get("figures", {}), None),
    )


def _entry(check: _Checker, index: int, raw: object) -> Entry | None:
    where = f"cluster[{index}]"
    if not isinstance(raw, Mapping):
        check.fail(where, Problem("not_registry_entry", value=raw))
        return None
    if isinstance(raw.get("id"), str):
        where = f"cluster[{index}] ({raw['id']})"
    check.keys(where, raw, _ENTRY)
    for key in ("id", "name", "accredited"):
        if key not in raw:
            check.fail(f"{where}.{key}", Problem("missing_key"))
    status = raw.get("status", "active")
    if status not in ("active", "delisted"):
        check.fail(
            f"{where}.status", Problem("not_status", value=status, expected="active, delisted")
        )
    history_raw = raw.get("history", [])
    if not isinstance(history_raw, list):
        check.fail(f"{where}.history", Problem("not_history", value=history_raw))
        history_raw = []
    history = [_history(check, f"{where}.history[{i}]", h) for i, h in enumerate(history_raw)]
    entries = tuple(h for h in history if h is not None)
    years = [h.year for h in entries]
    if years != sorted(set(years)):
        check.fail(
            f"{where}.history",
            Problem("history_order", value=years),
        )
    accredited = _date(check, f"{where}.accredited", raw.get("accredited"))
    today = dt.date.today()
    if accredited > today:
        check.fail(
            f"{where}.accredited",
            Problem("accredited_in_future", value=accredited.isoformat(), today=today.isoformat()),
        )
    if entries and entries[-1].year > today.year:
        check.fail(
            f"{where}.history",
            Problem("history_in_future", value=entries[-1].year, today=today.year),
        )
    if entries and accredited != dt.date.min and entries[0].year <= accredited.year:
        check.fail(
            f"{where}.history",
            Problem("history_before_accreditation", value=entries[0].year, year=accredited.year),
        )
    region = raw.get("region")
    return Entry(
        id=check.text(f"{where}.id", raw.get("id")),
        name=check.text(f"{where}.name", raw.get("name")),
        accredited=accredited,
        region=None if region is None else check.text(f"{where}.region", region),
        status=str(status),
        history=entries,
    )


def registry_from_data(data: Mapping[str, Any], origin: str) -> Registry:
    """A registry from parsed data; ``origin`` names the file in errors."""
    check = _Checker(origin)
    check.keys("(top level)", data, _TOP)
    rules = check.text("rules", data.get("rules"))
    if rules:
        try:
            load_rules(rules)
        except PackError as exc:  # named at the registry's key, not as a bare pack id
            check.fail("rules", exc.what)
    raw = data.get("cluster", [])
    if not isinstance(raw, list) or not raw:
        check.fail("cluster", Problem("no_registry_entries"))
        raw = []
    entries = [e for e in (_entry(check, i, r) for i, r in enumerate(raw)) if e is not None]
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for key, value in (("id", entry.id), ("name", entry.name)):
            mark = f"{key}:{value}"
            if value and mark in seen:
                check.fail(
                    f"cluster[{index}].{key}",
                    Problem("registry_twice", value=value, first=f"cluster[{seen[mark]}]"),
                )
            seen.setdefault(mark, index)
    if check.errors:
        raise InputErrors(check.errors)
    return Registry(rules, tuple(entries), origin)


def load_registry(path: str | Path) -> Registry:
    """Read a registry file (``.toml`` or ``.json``)."""
    file = Path(path)
    if file.suffix.lower() not in (".toml", ".json"):
        raise InputError(str(file), "", Problem("not_registry_file", expected=".toml, .json"))
    return registry_from_data(read_data(file), str(file))


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _toml_table(values: Mapping[str, str]) -> str:
    pairs = ", ".join(f"{_toml_key(k)} = {_toml_string(v)}" for k, v in values.items())
    return "{ " + pairs + " }" if pairs else "{}"


def _toml_key(key: str) -> str:
    bare = (
        key.replace("_", "").replace("-", "").isascii()
        and key.replace("_", "").replace("-", "").isalnum()
    )
    return key if bare else _toml_string(key)


def registry_toml(registry: Registry) -> str:
    """The registry as TOML that reads back to an equal registry."""
    lines = [f"rules = {_toml_string(registry.rules)}"]
    for entry in registry.clusters:
        lines += [
            "",
            "[[cluster]]",
            f"id = {_toml_string(entry.id)}",
            f"name = {_toml_string(entry.name)}",
        ]
        if entry.region is not None:
            lines.append(f"region = {_toml_string(entry.region)}")
        lines += [
            f"accredited = {entry.accredited.isoformat()}",
            f"status = {_toml_string(entry.status)}",
        ]
        for item in entry.history:
            lines += [
                "",
                "[[cluster.history]]",
                f"year = {item.year}",
                f"decision = {_toml_string(item.decision.value)}",
            ]
            if item.rules is not None:
                lines.append(f"rules = {_toml_string(item.rules)}")
            if item.statuses:
                lines.append(f"statuses = {_toml_table(item.statuses)}")
            if item.figures:
                lines.append(f"figures = {_toml_table(item.figures)}")
    return "\n".join(lines) + "\n"


def registry_json(registry: Registry) -> str:
    """The registry as JSON of the same shape."""
    data = {
        "rules": registry.rules,
        "cluster": [
            {
                "id": e.id, "name": e.name, **({"region": e.region} if e.region else {}),
                "accredited": e.accredited.isoformat(), "status": e.status,
                "history": [
                    {"year": h.year, "decision": h.decision.value,
                     **({"rules": h.rules} if h.rules else {}),
                     **({"statuses": dict(h.statuses)} if h.statuses else {}),
                     **({"figures": dict(h.figures)} if h.figures else {})}
                    for h in e.history
                ],
            }
            for e in registry.clusters
        ],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save_registry(registry: Registry, path: str | Path) -> None:
    """Write the registry whole or not at all, as TOML or JSON by the file's extension."""
    file = Path(path)
    text = registry_json(registry) if file.suffix.lower() == ".json" else registry_toml(registry)
    write_atomic(file, text.encode("utf-8"))
