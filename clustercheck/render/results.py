"""Any result as the command line writes it: a report or a list of reports, a review, a
comparison of packs or a re-verification round, in any format, as text or bytes, or to a file.

The command line writes through :func:`write` and prints through :func:`render`, so
``cc.write(review, "x.html")`` and ``clustercheck review … -o x.html`` give the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeAlias, TypeGuard, overload

from ..base.arguments import one_of, one_path, wrong_argument
from ..base.atomic import write_atomic
from ..base.errors import PackError, Problem, UsageError
from ..base.labels import LANGS
from ..base.messages import Phrase
from ..base.progress import Progress
from ..reviewing import Comparison, Review
from ..rules.pack import DEFAULT_PACK, PackChoice, Rules, load_rules, packs_of
from ..rules.report import Report
from .layout import (
    EXTENSIONS,
    FORMATS,
    check_document,
    comparison_document,
    recheck_document,
    review_document,
)
from .layout import (
    render as render_document,
)

if TYPE_CHECKING:  # loaded for a round of re-verification only (see _is_recheck)
    from ..rechecking.verify import Recheck

#: What :func:`render` and :func:`write` show.
Result: TypeAlias = "Report | Sequence[Report] | Review | Comparison | Recheck"
TextFormat = Literal["text", "markdown", "html", "csv", "json"]

_RESULT = Phrase(
    "a Report, a list of reports, a Review, a Comparison or a Recheck",
    "Report、Report 的列表、Review、Comparison 或 Recheck",
)
#: The formats whose documents show every cluster's criteria after the summary.
_DETAILED = ("html", "xlsx")


@overload
def render(
    result: Result,
    format: Literal["xlsx"],
    *,
    lang: str = ...,
    rules: PackChoice = ...,
    progress: Progress | None = ...,
    width: int | None = ...,
) -> bytes: ...
@overload
def render(
    result: Result,
    format: TextFormat,
    *,
    lang: str = ...,
    rules: PackChoice = ...,
    progress: Progress | None = ...,
    width: int | None = ...,
) -> str: ...
@overload
def render(
    result: Result,
    format: str,
    *,
    lang: str = ...,
    rules: PackChoice = ...,
    progress: Progress | None = ...,
    width: int | None = ...,
) -> str | bytes: ...
def render(
    result: Result,
    format: str,
    *,
    lang: str = "zh",
    rules: PackChoice = None,
    progress: Progress | None = None,
    width: int | None = None,
) -> str | bytes:
    """``result`` in ``format`` as ``-o`` writes it: text (CSV's with its byte-order mark),
    or ``bytes`` for ``"xlsx"``. ``rules``: the packs of reports made with a pack file (a
    bundled pack is found by its id); ``progress`` is told the sheets of a workbook written;
    ``width``: plain text laid out for a terminal of so many columns (narrow when the wide
    table does not fit)."""
    if width is not None and (not isinstance(width, int) or isinstance(width, bool) or width < 20):
        raise wrong_argument(
            "width", width, Phrase("a number of columns from 20", "不小于 20 的列数")
        )
    fmt = one_of(format, FORMATS, "format")
    data = result_bytes(result, fmt, lang, rules, progress, width)
    return data if format == "xlsx" else data.decode("utf-8")


def write(
    result: Result,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    lang: str = "zh",
    rules: PackChoice = None,
    progress: Progress | None = None,
) -> None:
    """Write ``result`` to ``path`` atomically, exactly as ``-o path`` does: the suffix picks
    the format (``format``, when given, must agree with it); see :func:`render`."""
    target = one_path(path)
    if format is not None:
        one_of(format, FORMATS, "format")
    fmt = format_of(str(target), format)
    write_atomic(target, result_bytes(result, fmt, lang, rules, progress))


def format_of(path: str, fmt: str | None) -> str:
    """The format of an output file: by ``fmt``, by the suffix of ``path``, or by both
    agreeing. A suffix clustercheck does not write, a suffix of another format than ``fmt``,
    or no suffix and no ``fmt``, is refused rather than guessed."""
    suffix = Path(path).suffix.lower()
    implied = EXTENSIONS.get(suffix)
    if suffix and implied is None:
        raise UsageError(Problem("unknown_suffix", value=suffix, expected=_suffixes()), source=path)
    if implied is not None and fmt is not None and implied != fmt:
        raise UsageError(
            Problem(
                "suffix_against_format", suffix=suffix, implied=implied, value=fmt,
                expected=_suffixes(fmt),
            ),
            source=path,
        )  # fmt: skip
    found = fmt or implied
    if found is None:
        raise UsageError(Problem("no_suffix", expected=_suffixes()), source=path)
    return found


def _suffixes(fmt: str | None = None) -> str:
    """The suffixes clustercheck writes (of ``fmt`` only, when given), with their formats."""
    by_format: dict[str, list[str]] = {}
    for suffix, name in EXTENSIONS.items():
        by_format.setdefault(name, []).append(suffix)
    if fmt is not None:
        return " or ".join(by_format[fmt])
    return ", ".join(f"{' or '.join(s)} ({name})" for name, s in by_format.items())


def result_bytes(
    result: Result,
    fmt: str,
    lang: str,
    rules: PackChoice = None,
    progress: Progress | None = None,
    width: int | None = None,
) -> bytes:
    """The bytes of ``result`` in ``fmt`` (one of :data:`FORMATS`) and ``lang``."""
    lang = one_of(lang, LANGS, "lang")
    details = fmt in _DETAILED
    if isinstance(result, Review):
        if fmt == "json":
            return _json(result.to_dict(lang))
        document = review_document(result, lang, details=details, workbook=fmt == "xlsx")
    elif isinstance(result, Comparison):
        if fmt == "json":
            return _json(result.to_dict(lang))
        document = comparison_document(result, lang, details=details)
    elif _is_recheck(result):
        if fmt == "json":
            return _json(result.to_list(lang))
        document = recheck_document(result, lang, details=details)
    else:
        reports = _reports(result)
        if fmt == "json":
            return _json([r.to_dict(lang) for r in reports])
        packs = _packs(reports, rules)
        document = check_document(reports, packs[0], lang, packs=packs)
    return render_document(document, fmt, progress, width)


def _is_recheck(result: object) -> TypeGuard[Recheck]:
    """Whether ``result`` is a round of re-verification. Re-verification is loaded only for
    what could be one, so that writing a review or reports does not load it."""
    if isinstance(result, Report | Sequence):
        return False
    from ..rechecking.verify import Recheck

    return isinstance(result, Recheck)


def _reports(result: object) -> list[Report]:
    """A report, or a sequence of reports, as a list."""
    if isinstance(result, Report):
        return [result]
    if not isinstance(result, Sequence) or isinstance(result, str | bytes):
        raise wrong_argument("result", result, _RESULT)
    for item in result:
        if not isinstance(item, Report):
            raise wrong_argument("result", item, _RESULT)
    return list(result)


def _packs(reports: Sequence[Report], rules: PackChoice) -> list[Rules]:
    """The packs the reports were made with: ``rules`` when given (each report must be of one
    of them), else the bundled packs of the reports' ids, in their order."""
    ids = list(dict.fromkeys(r.rules for r in reports))
    if rules is None:
        return [load_rules(i) for i in ids] or [load_rules(DEFAULT_PACK)]
    packs = packs_of(rules)
    known = {p.id for p in packs}
    for report in reports:
        if report.rules not in known:
            raise PackError(
                Problem("report_of_other_pack", cluster=report.cluster, value=report.rules,
                        expected=", ".join(sorted(known)))
            )  # fmt: skip
    return packs


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
