"""Structuring failures in words: each problem cattrs finds, with the key path it sits at.

Packs, cluster files and registries are all structured with cattrs; this turns its nested
exceptions into ``(path, problem)`` pairs such as ``("criteria[4].unit", "not one of …")``.
"""

from __future__ import annotations

import enum

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from .errors import FigureError, PackError


def describe_error(exc: BaseException, cls: type | None) -> str:
    """A cattrs structuring failure in words that say what was expected."""
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(f.name for f in attrs.fields(exc.cl)) if attrs.has(exc.cl) else ""
        return f"unknown key(s) {', '.join(sorted(exc.extra_fields))}; expected one of: {allowed}"
    if isinstance(exc, KeyError):
        return "required key is missing"
    if isinstance(exc, FigureError | PackError):
        return str(exc)
    if isinstance(exc, ValueError | TypeError) and cls is not None:
        if isinstance(cls, type) and issubclass(cls, enum.Enum):
            choices = ", ".join(repr(m.value) for m in cls)
            return f"not one of {choices}"
        return f"expected {getattr(cls, '__name__', repr(cls))} ({exc})"
    return str(exc)


def error_lines(exc: BaseException) -> list[tuple[str, str]]:
    """(key path, problem) pairs for a structuring failure, paths like ``criteria[4].unit``."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        pairs = []
        for line in cattrs.transform_error(exc, path="", format_exception=describe_error):
            problem, _, path = line.rpartition(" @ ")
            pairs.append((path.lstrip(".") or "(top level)", problem))
        return pairs
    return [("(top level)", describe_error(exc, None))]
