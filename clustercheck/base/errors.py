"""The errors clustercheck raises: each names where the bad input is and what was expected.

Every error is a :class:`ClusterCheckError` and carries its facts as attributes: ``code``
(stable, for programs), ``source`` (the file, or ``"<code>"``), ``key`` (a path tuple such as
``("declared", "operating_revenue")``), ``line`` and ``column`` (or ``sheet`` and ``cell``),
``value`` and ``expected``. Its text is made from its code and arguments in either language:
``error.message("zh")`` in Chinese, ``str(error)`` in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, overload

from .frames import as_frame
from .labels import LANGS
from .messages import message_text, place_text, shown_name

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

#: The key path of a problem with the file as a whole, such as an unknown top-level key.
TOP_LEVEL = "(top level)"
#: The source errors name for values given in code, where a file would be named.
IN_CODE = "<code>"
#: ``value`` when the error is not about one value.
NO_VALUE: Any = None

_KEY_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_LINE = re.compile(r"^line (\d+)(?:, column (.+))?$")
_CELL = re.compile(r"^(.+)!([A-Z]{1,3}\d+|\d+:\d+)(?:, column (.+))?$")


class Problem:
    """What is wrong, as a code and its arguments, so that it reads in Chinese or English."""

    __slots__ = ("args", "code")

    def __init__(self, code: str, /, **args: object) -> None:
        self.code = code
        self.args: Mapping[str, object] = args

    @classmethod
    def of(cls, problem: str | Problem) -> Problem:
        """``problem`` as a :class:`Problem`; plain text is kept as it is, in both languages."""
        return problem if isinstance(problem, Problem) else cls("text", text=problem)

    def text(self, lang: str = "en") -> str:
        """The problem in ``lang`` (``"zh"`` or ``"en"``)."""
        return message_text(self.code, self.args, lang)

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.args.items())
        return f"Problem({self.code!r}{args})"


def key_path(where: str) -> tuple[str | int, ...]:
    """``"enterprises[3].name"`` as ``("enterprises", 3, "name")``."""
    if not where or where == TOP_LEVEL:
        return ()
    return tuple(int(index) if index else name.strip() for name, index in _KEY_PART.findall(where))


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _shown_key(key: tuple[str | int, ...]) -> str:
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class ClusterCheckError(Exception):
    """Base class of every error clustercheck raises on bad input or usage."""

    def __init__(
        self,
        problem: str | Problem,
        *,
        source: str | None = None,
        key: Iterable[str | int] | str = (),
        line: int | None = None,
        column: int | str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        value: object = NO_VALUE,
        expected: str | None = None,
    ) -> None:
        self.what = Problem.of(problem)
        self.source = source
        self.key: tuple[str | int, ...] = key_path(key) if isinstance(key, str) else tuple(key)
        self._key_text = key if isinstance(key, str) else _shown_key(self.key)
        self.line = line
        self.column = column
        self.sheet = sheet
        self.cell = cell
        args = self.what.args
        self.value = args.get("value", NO_VALUE) if value is NO_VALUE else value
        self.expected = expected if expected is not None else _text_or_none(args.get("expected"))
        self.errors: tuple[ClusterCheckError, ...] = (self,)
        super().__init__(self.message("en"))

    @classmethod
    def together(cls, errors: Iterable[ClusterCheckError]) -> Self:
        """One error of this class that reports all of ``errors`` (and has the first's facts)."""
        found = tuple(inner for error in errors for inner in error.errors)
        if len(found) == 1 and isinstance(found[0], cls):
            return found[0]
        joined = cls.__new__(cls)
        ClusterCheckError.__init__(joined, found[0].what, **found[0].facts())
        joined.errors = found
        joined.args = (joined.message("en"),)
        return joined

    def facts(self) -> dict[str, Any]:
        """Where the error is and about what value, as keywords that make the same error."""
        return {
            "source": self.source,
            "key": self._key_text,
            "line": self.line,
            "column": self.column,
            "sheet": self.sheet,
            "cell": self.cell,
            "value": self.value,
            "expected": self.expected,
        }

    @property
    def code(self) -> str:
        """A stable name for what went wrong, such as ``"not_money"``; ``"text"`` for an
        error that carries only its English text."""
        return self.what.code

    @property
    def problem(self) -> str:
        """What is wrong, in English, without the place."""
        return self.what.text("en")

    def place(self, lang: str = "en") -> str:
        """Where in the source: the key path, the line and column, or the sheet and cell."""
        if self.sheet is not None:
            if not self.cell:
                return place_text("sheet", lang, sheet=self.sheet)
            cell = f"{self.sheet}!{self.cell}"
            if self.column is None:
                return cell
            return place_text("cell_column", lang, cell=cell, column=self.column)
        if self.line is not None:
            if self.column is None:
                return place_text("line", lang, line=self.line)
            kind = "line_column_number" if str(self.column).isdigit() else "line_column"
            return place_text(kind, lang, line=self.line, column=self.column)
        if self._key_text == TOP_LEVEL:
            return place_text("top", lang)
        return self._key_text

    def message(self, lang: str = "en") -> str:
        """The whole message in ``lang``: ``source: place: problem``, a line for each error
        when it reports several."""
        if len(self.errors) > 1:
            return "\n".join(e.message(lang) for e in self.errors)
        source = None if self.source is None else shown_name(self.source)
        return ": ".join(p for p in (source, self.place(lang), self.what.text(lang)) if p)

    def __str__(self) -> str:
        return self.message("en")

    def as_dict(self) -> dict[str, object]:
        """The error's facts, its code and its English message, as a row of an error table."""
        return {**self.facts(), "code": self.code, "message": self.message("en")}

    @overload
    def to_frame(self, backend: Literal["pandas"], lang: str = ...) -> pandas.DataFrame: ...
    @overload
    def to_frame(self, backend: Literal["polars"], lang: str = ...) -> polars.DataFrame: ...
    @overload
    def to_frame(self, backend: Literal["pyarrow"], lang: str = ...) -> pyarrow.Table: ...
    @overload
    def to_frame(self, backend: str | None = None, lang: str = ...) -> Any: ...
    def to_frame(self, backend: str | None = None, lang: str = "en") -> Any:
        """Every error it reports as a data frame, one row each: source, key, line, column,
        sheet, cell, value, expected, code and message (in ``lang``). ``backend`` is
        ``"pandas"`` (the default when installed), ``"polars"`` or ``"pyarrow"``."""
        return as_frame(self, backend, checked_lang(lang))


class InputError(ClusterCheckError, ValueError):
    """A value in an input file (or given in code) that cannot be used.

    ``InputError(source, where, problem)``: ``where`` is a key path (``declared.revenue``),
    ``"line N"``, ``"line N, column C"`` or ``"sheet!A1"``; the keywords set the rest.
    """

    def __init__(
        self,
        source: str | None,
        where: str = "",
        problem: str | Problem = "",
        **facts: Any,
    ) -> None:
        line = _LINE.match(where)
        cell = _CELL.match(where)
        if line and "line" not in facts:
            facts["line"] = int(line.group(1))
            if line.group(2) is not None:
                facts.setdefault("column", line.group(2))
        elif cell and "sheet" not in facts:
            facts["sheet"], facts["cell"] = cell.group(1), cell.group(2)
            if cell.group(3) is not None:
                facts.setdefault("column", cell.group(3))
        elif where and "key" not in facts:
            facts["key"] = where
        super().__init__(problem, source=source, **facts)

    @property
    def where(self) -> str:
        """The place in English, as older code read it."""
        return self.place("en")


class InputErrors(InputError):
    """Several input errors found in one source, reported together rather than one at a time.

    It is an :class:`InputError` itself (its facts are the first error's), so one ``except``
    catches both; ``errors`` holds them all.
    """

    def __init__(self, errors: Iterable[InputError]) -> None:
        found = tuple(
            inner
            for error in errors
            for inner in (error.errors if isinstance(error, InputErrors) else (error,))
        )
        if not found:
            raise ValueError("InputErrors needs at least one error")
        super().__init__(problem=found[0].what, **found[0].facts())
        self.errors: tuple[InputError, ...] = found
        self.args = (self.message("en"),)


class PackError(ClusterCheckError, ValueError):
    """A rule pack that is malformed: the message names the pack and the key."""


class FigureError(InputError):
    """A single value that is not a valid figure. Raised by the parsers without a place;
    whoever reads the file (or builds the object) names the source and key."""

    def __init__(self, problem: str | Problem, **facts: Any) -> None:
        super().__init__(facts.pop("source", None), "", problem, **facts)

    def at(self, source: str | None, where: str = "") -> InputError:
        """This problem at a place in a source."""
        return InputError(source, where, self.what, value=self.value, expected=self.expected)


class UsageError(ClusterCheckError):
    """A command asked for something it cannot do, such as binary output to a terminal."""


def checked_lang(lang: object) -> str:
    """``lang`` when it is a language clustercheck speaks (``"zh"``, ``"en"``); otherwise a
    :class:`UsageError` naming the argument, rather than English given in silence."""
    if lang not in LANGS:
        raise UsageError(Problem("not_lang", value=lang, expected=", ".join(LANGS)), key="lang")
    return str(lang)
