"""Reading cluster files (TOML or JSON, one shape) into :class:`Cluster` objects.

Errors are collected, not stopped at the first: every bad key or value in a file is reported
with the file, the key path and what was expected.
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, override

from ..base.errors import FigureError, InputError, InputErrors
from ..base.figures import MONEY_UNITS, reading_file
from ..base.structuring import error_lines
from ..model.cluster import Cluster, Declared, Enterprise, Reported, Yearly
from ..model.roster import LeaderTest, RosterFigures
from .roster_file import read_roster
from .sheet import ROSTER_SUFFIXES

CLUSTER_SUFFIXES = (".toml", ".json")

_converter = cattrs.Converter()


def _field_hook(parse: Callable[[object], object]) -> Callable[[object, object], object]:
    return lambda value, _: parse(value)


def _input_hook(cls: type) -> Callable[[object, object], object]:
    """Structure ``cls`` with each field's ``parse``, reporting unknown keys and every bad
    field together rather than stopping at the first. The structuring code is generated when
    a file is first read, not when clustercheck is imported."""
    fields = attrs.fields(cls)
    allowed = {f.name for f in fields}

    @functools.cache
    def base() -> Callable[[Mapping[str, Any], Any], object]:
        overrides = {
            f.name: override(struct_hook=_field_hook(f.metadata["parse"]))
            for f in fields
            if "parse" in f.metadata
        }
        return make_dict_structure_fn(cls, _converter, **overrides)  # type: ignore[arg-type]

    def hook(data: object, _: object) -> object:
        if not isinstance(data, Mapping):
            raise FigureError(f'{data!r} is not a table; expected keys such as name = "…"')
        errors: list[Exception] = []
        extra = set(data) - allowed
        if extra:
            errors.append(ForbiddenExtraKeysError("", cls, extra))
        try:
            result = base()({k: v for k, v in data.items() if k in allowed}, cls)
        except ClassValidationError as exc:
            for problem in exc.exceptions:
                if isinstance(problem, InputError | InputErrors):  # from the class's own checks
                    errors.extend(_at_field(cls, e) for e in _each_error(problem))
                else:
                    errors.append(problem)
        if errors:
            raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)
        return result

    return hook


def _each_error(exc: InputError | InputErrors) -> tuple[InputError, ...]:
    return exc.errors if isinstance(exc, InputErrors) else (exc,)


def _at_field(cls: type, error: InputError) -> Exception:
    """An error a class raised on its construction (``where`` is ``Class.field``) as cattrs
    places it, so that the key path names the field."""
    problem = FigureError(error.problem)
    name = error.where.partition(".")[2]
    if name:
        problem.add_note(AttributeValidationNote(f"{cls.__name__} @ attribute {name}", name, cls))
    return problem


for _cls in (Declared, Enterprise, Reported, Yearly, Cluster):
    _converter.register_structure_hook(_cls, _input_hook(_cls))


def read_data(path: Path) -> dict[str, Any]:
    """A TOML or JSON file's content with every non-integer number as an exact Decimal."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "", "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal)
        else:
            data = tomllib.loads(text, parse_float=Decimal)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), "", f"not valid {path.suffix[1:].upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "", "expected an object of cluster keys at the top level")
    return data


def cluster_from_data(
    data: Mapping[str, Any],
    origin: str,
    *,
    leader_tests: Sequence[LeaderTest] = (),
    list_firms: bool = False,
) -> Cluster:
    """A :class:`Cluster` from parsed file data; ``origin`` names the file in errors, and a
    ``roster`` file named in it is read relative to that file and summed with ``leader_tests``
    (the packs' per-firm tests, which the caller takes from the packs)."""
    body = dict(data)
    money_unit = body.pop("money_unit", None)
    roster = body.pop("roster", None)
    if money_unit is not None and money_unit not in MONEY_UNITS:
        raise InputError(
            origin,
            "money_unit",
            f"{money_unit!r} is not a unit; expected one of {'、'.join(MONEY_UNITS)}",
        )
    try:
        with reading_file(money_unit):
            cluster: Cluster = _converter.structure(body, Cluster)
    except (ClassValidationError, IterableValidationError, FigureError) as exc:
        raise InputErrors(
            [InputError(origin, path, problem) for path, problem in error_lines(exc)]
        ) from None
    if roster is None:
        return cluster
    figures = _roster_of_file(cluster, roster, origin, leader_tests, money_unit, list_firms)
    try:
        return attrs.evolve(cluster, roster=figures)
    except (InputError, InputErrors) as exc:  # a roster beside [[enterprises]]
        errors = [
            InputError(origin, e.where.partition(".")[2], e.problem) for e in _each_error(exc)
        ]
        raise (errors[0] if len(errors) == 1 else InputErrors(errors)) from None


def _roster_of_file(
    cluster: Cluster,
    roster: object,
    origin: str,
    leader_tests: Sequence[LeaderTest],
    money_unit: str | None,
    list_firms: bool,
) -> RosterFigures:
    """The figures of the roster file a cluster file names; it must hold that cluster only."""
    if not isinstance(roster, str) or not roster.strip():
        raise InputError(origin, "roster", f'{roster!r} is not a file name; expected "firms.csv"')
    path = Path(origin).parent / roster.strip()
    if path.suffix.lower() not in ROSTER_SUFFIXES:
        raise InputError(origin, "roster", f"{roster!r}: expected a .csv or .xlsx file")
    parts = read_roster(
        path, leader_tests, default_cluster=cluster.name, money_unit=money_unit,
        list_smes=list_firms,
    )  # fmt: skip
    others = [p.name for p in parts if p.name != cluster.name]
    if others:
        raise InputError(
            str(path), "cluster column", f"names {'、'.join(others)}; expected only "
            f"{cluster.name!r}, the cluster of {origin}"
        )  # fmt: skip
    return parts[0].figures
