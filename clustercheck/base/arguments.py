"""Arguments given in code read as the command line reads them, never misread.

A bare ``str`` or ``Path`` where paths are expected is one path, not a sequence of
characters; a bare ``str`` where tags are expected is one tag. Any other wrong type is a
:class:`UsageError` naming the argument, rather than a ``TypeError`` from deep inside.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .errors import IN_CODE, Problem, UsageError
from .messages import Phrase

_PATH = Phrase("a path (str or Path)", "一个路径（str 或 Path）")
_PATHS = Phrase("a path (str or Path) or a list of paths", "一个路径（str 或 Path）或路径的列表")
_TAGS = Phrase('a tag such as "core" or a list of tags', '一个标签（如 "core"）或标签的列表')


def wrong_argument(argument: str, value: object, expected: Phrase) -> UsageError:
    """The error for ``value`` given as ``argument`` where ``expected`` was expected."""
    shown = value if isinstance(value, str | int | float | bytes | None) else type(value).__name__
    return UsageError(
        Problem(
            "wrong_argument", argument=argument, value=shown, type=type(value).__name__,
            expected=expected,
        ),
        source=IN_CODE,
        key=(argument,),
    )  # fmt: skip


def one_of(value: object, choices: Sequence[str], argument: str) -> str:
    """``value`` when it is one of ``choices`` (a format, a language); otherwise a
    :class:`UsageError` (``not_choice``) naming the argument."""
    if not isinstance(value, str) or value not in choices:
        raise UsageError(
            Problem("not_choice", value=value, expected=", ".join(choices)),
            source=IN_CODE,
            key=(argument,),
        )
    return value


def item_list(value: object, argument: str, expected: Phrase) -> list[object]:
    """The items of an iterable argument; text, bytes, a mapping or a non-iterable is a
    :class:`UsageError` naming ``argument``."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise wrong_argument(argument, value, expected)
    return list(value)


def one_path(value: object, argument: str = "path") -> str | Path:
    """``value`` as one path: text or path-like."""
    if not isinstance(value, str | os.PathLike):
        raise wrong_argument(argument, value, _PATH)
    return _path(value)


def path_list(value: object, argument: str = "paths") -> list[str | Path]:
    """``value`` as a list of paths: one path (``str`` or path-like) is a list of one."""
    if isinstance(value, str | os.PathLike):
        return [_path(value)]
    paths: list[str | Path] = []
    for item in item_list(value, argument, _PATHS):
        if not isinstance(item, str | os.PathLike):
            raise wrong_argument(argument, item, _PATHS)
        paths.append(_path(item))
    return paths


def _path(value: str | os.PathLike[str]) -> str | Path:
    return value if isinstance(value, str | Path) else Path(os.fspath(value))


def tag_set(value: object, argument: str = "tags") -> frozenset[str] | None:
    """``value`` as a set of tags: ``None`` (all criteria), one tag, or several."""
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset((value,))
    tags: set[str] = set()
    for item in item_list(value, argument, _TAGS):
        if not isinstance(item, str):
            raise wrong_argument(argument, item, _TAGS)
        tags.add(item)
    return frozenset(tags)
