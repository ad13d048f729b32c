"""Structuring failures in words: each problem cattrs finds, with the key path it sits at.

Packs, cluster files and registries are all structured with cattrs; this turns its nested
exceptions into ``(path, problem)`` pairs such as ``("criteria[4].unit", "not one of …")``.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from .errors import TOP_LEVEL, ClusterCheckError, Problem
from .messages import Phrase


def describe_error(exc: BaseException, cls: type | None) -> Problem:
    """A cattrs structuring failure as a problem that says what was expected."""
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(f.name for f in attrs.fields(exc.cl)) if attrs.has(exc.cl) else ""
        return Problem(
            "unknown_keys",
            value=", ".join(sorted(exc.extra_fields)),
            expected=allowed,
        )
    if isinstance(exc, KeyError):
        return Problem("missing_key")
    if isinstance(exc, ClusterCheckError):
        return exc.what
    if isinstance(exc, ValueError | TypeError) and cls is not None:
        if isinstance(cls, type) and issubclass(cls, enum.Enum):
            return Problem("not_one_of", expected=", ".join(repr(m.value) for m in cls))
        return Problem("wrong_type", expected=kind_expected(cls))
    return Problem.of(str(exc))


_KIND_WORDS = (
    ((bool,), Phrase("true or false", "true 或 false")),
    ((str,), Phrase("text", "文字")),
    ((int,), Phrase("a whole number", "整数")),
    ((Decimal, float), Phrase("a number", "数字")),
    ((list, tuple, set, frozenset, Sequence), Phrase("a list", "列表")),
    ((dict, Mapping), Phrase("a table of keys", "键值表")),
)


def kind_expected(cls: object) -> Phrase:
    """What a type asks for, in words a reader of the file knows: a list, a table, text, a
    number (``tuple[Enterprise, ...]`` is a list), never Python's name for it."""
    origin = typing.get_origin(cls) or cls
    if origin in (typing.Union, types.UnionType):
        kinds = [kind_expected(a) for a in typing.get_args(cls) if a is not type(None)]
        if len(kinds) == 1:
            return kinds[0]
        return Phrase(" or ".join(kinds), " 或 ".join(k.zh for k in kinds))
    if isinstance(origin, type):
        for types_, phrase in _KIND_WORDS:
            if issubclass(origin, types_):
                return phrase
        if attrs.has(origin):
            return Phrase("a table of keys", "键值表")
    return Phrase("a value of another kind", "另一种值")


def error_lines(exc: BaseException) -> list[tuple[str, Problem]]:
    """(key path, problem) pairs for a structuring failure, paths like ``criteria[4].unit``."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        pairs: list[tuple[str, Problem]] = []
        _collect(exc, "", pairs)
        return pairs
    return [(TOP_LEVEL, describe_error(exc, None))]


def _collect(
    exc: ClassValidationError | IterableValidationError, path: str, pairs: list[tuple[str, Problem]]
) -> None:
    """Walk cattrs' nested failures as ``cattrs.transform_error`` does, keeping problems whole."""
    with_notes, without = exc.group_exceptions()
    for error, note in with_notes:
        at = (
            f"{path}[{note.index!r}]"
            if isinstance(note, IterableValidationNote)
            else f"{path}.{note.name}"
        )
        if isinstance(error, ClassValidationError | IterableValidationError):
            _collect(error, at, pairs)
        else:
            pairs.append((at.lstrip(".") or TOP_LEVEL, describe_error(error, note.type)))
    pairs.extend((path.lstrip(".") or TOP_LEVEL, describe_error(e, None)) for e in without)
