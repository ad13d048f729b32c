"""Reading cluster files (TOML or JSON, one shape) into :class:`Cluster` objects.

Errors are collected, not stopped at the first: every bad key or value in a file is reported
with the file, the key path and what was expected.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeGuard

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, override

from ..base.compare import Operator
from ..base.errors import (
    TOP_LEVEL,
    ClusterCheckError,
    FigureError,
    InputError,
    InputErrors,
    Problem,
)
from ..base.figures import (
    MAX_DIGITS,
    MONEY_UNITS,
    exact_decimal,
    format_decimal,
    reading_file,
    shown,
)
from ..base.filekind import refuse_special_input
from ..base.messages import Phrase
from ..base.structuring import error_lines
from ..model.cluster import Cluster, Declared, Enterprise, Reported, Yearly
from ..model.roster import LeaderTest, RosterFigures
from .outputs import is_output_data
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
            raise FigureError(Problem("not_cluster_table", value=data))
        errors: list[Exception] = []
        extra = set(data) - allowed
        if extra:
            errors.append(ForbiddenExtraKeysError("", cls, extra))
        try:
            result = base()({k: v for k, v in data.items() if k in allowed}, cls)
        except ClassValidationError as exc:
            for problem in exc.exceptions:
                if _refused_by_class(problem):
                    errors.extend(_at_field(cls, e) for e in problem.errors)
                else:
                    errors.append(problem)
        if errors:
            raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)
        return result

    return hook


def _refused_by_class(problem: Exception) -> TypeGuard[InputError]:
    """Whether a structuring failure is the class's own refusal (a figure impossible beside
    another), which names its field as ``Class.field``; a field's parser raises FigureError."""
    return isinstance(problem, InputError) and not isinstance(problem, FigureError)


def _at_field(cls: type, error: ClusterCheckError) -> Exception:
    """An error a class raised on its construction (``where`` is ``Class.field``) as cattrs
    places it, so that the key path names the field."""
    assert isinstance(error, InputError)
    problem = FigureError(error.what, value=error.value, expected=error.expected)
    name = error.where.partition(".")[2]
    if name:
        problem.add_note(AttributeValidationNote(f"{cls.__name__} @ attribute {name}", name, cls))
    return problem


for _cls in (Declared, Enterprise, Reported, Yearly, Cluster):
    _converter.register_structure_hook(_cls, _input_hook(_cls))


def read_data(path: Path) -> dict[str, Any]:
    """A TOML or JSON file's content with every non-integer number as an exact Decimal.
    JSON's ``NaN`` and ``Infinity`` become Decimals too, refused where a figure is read, and
    a key given twice in one JSON object is an error (JSON itself would keep the last)."""
    refuse_special_input(path)
    if path.is_dir():
        raise InputError(
            str(path), "", Problem("folder_not_file", expected=", ".join(CLUSTER_SUFFIXES))
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "", Problem("no_file")) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), "", Problem("not_utf8", reason=exc.reason, byte=exc.start)
        ) from None
    twice: dict[int, list[tuple[str, object, object]]] = {}
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(
                text,
                parse_float=exact_decimal,
                parse_int=_json_int,
                parse_constant=Decimal,
                object_pairs_hook=functools.partial(_json_object, twice),
            )
        else:
            data = tomllib.loads(text, parse_float=exact_decimal)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            str(path), "", Problem("not_valid_file", kind=path.suffix[1:].upper(), detail=str(exc))
        ) from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise InputError(str(path), "", Problem("too_deep")) from None
    except ValueError:  # an integer too long for Python to read (TOML)
        found = re.search(r"\d[\d_]{4000,}", text)
        if found is None:
            raise
        line = text.count("\n", 0, found.start()) + 1
        raise InputError(
            str(path),
            f"line {line}",
            Problem("long_integer", digits=len(found.group()), most=MAX_DIGITS),
        ) from None
    if twice:
        raise InputErrors(
            [
                InputError(str(path), where, Problem("key_twice", value=key, first=shown(first),
                                                     then=shown(then)))
                for where, key, first, then in _keys_twice(data, "", twice)
            ]
        )  # fmt: skip
    odd = [InputError(str(path), where, problem) for where, problem in odd_text(data)]
    if odd:
        raise InputErrors(odd)
    if is_output_data(data):
        raise InputError(str(path), "", Problem("earlier_output"))
    if not isinstance(data, dict):
        raise InputError(str(path), "", Problem("not_cluster_object"))
    return data


def _json_int(text: str) -> int | Decimal:
    """A JSON integer; one too long to be any figure stays a Decimal, for the figure's parser
    to refuse with its key (as an int, Python would refuse it with no key at all)."""
    return int(text) if len(text) <= MAX_DIGITS else Decimal(text)


def _json_object(
    twice: dict[int, list[tuple[str, object, object]]], pairs: list[tuple[str, object]]
) -> dict[str, object]:
    """A JSON object as a dict, noting under the dict's id any key it is given twice."""
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            twice.setdefault(id(result), []).append((key, result[key], value))
        result[key] = value
    return result


#: What no text in a file may hold: control characters (a tab and line breaks aside) and the
#: halves of a surrogate pair, which JSON can write (``"\\ud800"``) but no text can print.
_ODD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def odd_text(data: object) -> Iterator[tuple[str, Problem]]:
    """(key path, problem) of each key or text value in parsed ``data`` that holds a control
    character or a lone surrogate, in file order."""
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        path, node = stack.pop()
        items: list[tuple[str, object]] = []
        if isinstance(node, dict):
            for key, value in node.items():
                where = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and _ODD.search(key):
                    yield (path or TOP_LEVEL), _odd(key)
                items.append((where, value))
        elif isinstance(node, list):
            items = [(f"{path}[{i}]", item) for i, item in enumerate(node)]
        elif isinstance(node, str) and _ODD.search(node):
            yield path, _odd(node)
        stack.extend(reversed(items))


def _odd(text: str) -> Problem:
    char = _ODD.search(text)
    assert char is not None
    code = "lone_surrogate" if "\ud800" <= char.group() <= "\udfff" else "control_character"
    return Problem(code, shown=repr(text), value=text, char=f"U+{ord(char.group()):04X}")


def _keys_twice(
    node: object, path: str, twice: dict[int, list[tuple[str, object, object]]]
) -> Iterator[tuple[str, str, object, object]]:
    """(key path, key, first value, later value) of every key given twice, in file order."""
    if isinstance(node, dict):
        for key, first, then in twice.get(id(node), ()):
            yield f"{path}.{key}" if path else key, key, first, then
        for key, value in node.items():
            yield from _keys_twice(value, f"{path}.{key}" if path else key, twice)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _keys_twice(item, f"{path}[{index}]", twice)


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
            Problem("not_unit", value=money_unit, expected="、".join(MONEY_UNITS)),
        )
    body.setdefault("source", origin)  # unless the file says where its figures come from
    try:
        with reading_file(money_unit):
            cluster: Cluster = _converter.structure(body, Cluster)
    except (ClassValidationError, IterableValidationError, FigureError) as exc:
        raise InputErrors(
            [InputError(origin, path, problem) for path, problem in error_lines(exc)]
        ) from None
    _leaders_against_revenue(cluster, leader_tests, origin)
    if roster is None:
        return cluster
    figures = _roster_of_file(cluster, roster, origin, leader_tests, money_unit, list_firms)
    try:
        return attrs.evolve(cluster, roster=figures)
    except InputError as exc:  # a roster beside [[enterprises]]
        raise InputErrors(
            [
                InputError(
                    origin, e.place().partition(".")[2], e.what, value=e.value, expected=e.expected
                )
                for e in exc.errors
            ]
        ) from None


_OVER, _AT_LEAST = Phrase("over ", "超过 "), Phrase("at least ", "不低于 ")


def _leaders_against_revenue(
    cluster: Cluster, leader_tests: Sequence[LeaderTest], origin: str
) -> None:
    """Refuse a declared count of leaders that the cluster's own revenue cannot hold: each
    leader's 主营业务收入 passes the leader test (超5000万元), and the cluster's 营业收入 is at
    least their sum, so 3 leaders in a cluster of 23.5万元 is money typed in the wrong unit."""
    declared = cluster.declared
    leaders, revenue = declared.leaders, declared.operating_revenue
    upward = [t for t in leader_tests if t.operator.upward]
    if not upward or not leaders or revenue is None:
        return
    test = min(upward, key=lambda t: (t.threshold, t.operator is Operator.GT))
    least = leaders * test.threshold
    if test.operator.holds(revenue, least):
        return
    shown_revenue = format_decimal(Decimal(revenue) / 10_000)
    raise InputError(
        origin,
        "declared.operating_revenue",
        Problem(
            "leaders_above_revenue", value=f"{shown_revenue}万元", leaders=leaders,
            test=f"{test.operator.symbol}{format_decimal(test.threshold / 10_000)}万元",
            least=f"{format_decimal(least / 10_000)}万元",
            together=_OVER if test.operator is Operator.GT else _AT_LEAST,
        ),
    )  # fmt: skip


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
        raise InputError(origin, "roster", Problem("not_roster_name", value=roster))
    path = Path(origin).parent / roster.strip()
    refuse_special_input(path)
    if path.suffix.lower() not in ROSTER_SUFFIXES:
        raise InputError(
            origin,
            "roster",
            Problem("not_roster_file", value=roster, expected=", ".join(ROSTER_SUFFIXES)),
        )
    if not path.is_file():
        raise InputError(origin, "roster", Problem("no_roster_file", value=roster, path=str(path)))
    parts = read_roster(
        path, leader_tests, default_cluster=cluster.name, money_unit=money_unit,
        list_smes=list_firms,
    )  # fmt: skip
    others = [p.name for p in parts if p.name != cluster.name]
    if others:
        raise InputError(
            str(path), "cluster column", Problem("roster_other_clusters", value="、".join(others),
                                                 expected=cluster.name, origin=origin)
        )  # fmt: skip
    return parts[0].figures
