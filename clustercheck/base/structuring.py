"""Structuring failures in words: each problem cattrs finds, with the key path it sits at.

Packs, cluster files and registries are all structured with cattrs; this turns its nested
exceptions into ``(path, problem)`` pairs such as ``("criteria[4].unit", "not one of …")``.
"""

from __future__ import annotations

import enum

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from .errors import TOP_LEVEL, ClusterCheckError, Problem


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
        return Problem("wrong_type", expected=getattr(cls, "__name__", repr(cls)), detail=str(exc))
    return Problem.of(str(exc))


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
