"""Turning reports into rows, and rows into text, Markdown or JSON.

Nothing here decides anything: it only shows outcomes. ``tabulate`` draws the tables.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from tabulate import tabulate

from ._figures import format_decimal
from ._labels import word
from ._pack import Kind
from ._report import Outcome, Report, Status

FORMATS = ("text", "markdown", "json")
_TABLE_STYLE = {"text": "simple_grid", "markdown": "pipe"}


def show_number(value: Decimal, unit: str | None) -> str:
    """A figure as a reviewer reads it: percentages to two places, others up to four."""
    places = Decimal("0.01") if unit == "%" else Decimal("0.0001")
    if value != value.quantize(places):
        value = value.quantize(places)
    return f"{format_decimal(value)}{unit or ''}"


def show_value(outcome: Outcome, lang: str) -> str:
    """The measured value of an outcome, or an empty cell when there is none."""
    value = outcome.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if outcome.status is Status.INFO and outcome.threshold is not None:
        return word(
            "of_functions", lang, n=format_decimal(value), total=format_decimal(outcome.threshold)
        )
    return show_number(value, outcome.unit)


def show_requirement(outcome: Outcome) -> str:
    """The requirement as the document words it, with the comparison it encodes."""
    if outcome.operator is None or outcome.threshold is None:
        return outcome.wording
    return f"{outcome.operator.symbol} {show_number(outcome.threshold, outcome.unit)}（{outcome.wording}）"


def show_status(status: Status, lang: str) -> str:
    """A status with its mark: ``✓ 符合``."""
    return f"{status.mark} {status.label(lang)}"


def outcome_rows(report: Report, lang: str) -> list[list[str]]:
    """One row per criterion: clause, criterion, requirement, value, margin, status."""
    rows = []
    for outcome in report.outcomes:
        margin = "" if outcome.margin is None else show_number(outcome.margin, outcome.unit)
        if margin and outcome.margin is not None and outcome.margin > 0:
            margin = f"+{margin}"
        rows.append([
            outcome.clause,
            outcome.label(lang),
            show_requirement(outcome),
            show_value(outcome, lang),
            margin,
            show_status(outcome.status, lang),
        ])  # fmt: skip
    return rows


def outcome_headers(lang: str) -> list[str]:
    """Headers of :func:`outcome_rows`."""
    return [
        word(k, lang) for k in ("clause", "criterion", "requirement", "value", "margin", "status")
    ]


def _heading(report: Report, lang: str) -> str:
    where = "，".join(str(p) for p in (report.region, report.year) if p is not None)
    if lang == "en":
        where = ", ".join(str(p) for p in (report.region, report.year) if p is not None)
        return f"{report.cluster}" + (f" ({where})" if where else "")
    return f"{report.cluster}" + (
        f"（{where}年）" if report.year else f"（{where}）" if where else ""
    )


def _note_lines(report: Report, lang: str) -> list[str]:
    lines = [f"[{o.label(lang)}] {note.text(lang)}" for o in report.outcomes for note in o.notes]
    lines += [f"[{word('warnings', lang)}] {note.text(lang)}" for note in report.warnings]
    lines += [
        f"[{o.label(lang)}] {word('firms', lang)}: {'、'.join(o.items)}"
        for o in report.outcomes
        if o.items and o.kind is Kind.THRESHOLD
    ]
    return lines


def render_check(reports: Sequence[Report], fmt: str, lang: str) -> str:
    """Per-cluster criterion tables (text or Markdown), or the JSON array of ``to_dict``."""
    if fmt == "json":
        return json.dumps([r.to_dict(lang) for r in reports], ensure_ascii=False, indent=2) + "\n"
    parts = []
    for report in reports:
        table = tabulate(
            outcome_rows(report, lang),
            headers=outcome_headers(lang),
            tablefmt=_TABLE_STYLE[fmt],
            maxcolwidths=[None, 16, 36, None, None, None] if fmt == "text" else None,
            disable_numparse=True,
        )
        title = _heading(report, lang)
        head = f"## {title}" if fmt == "markdown" else title
        lines = [
            head,
            "",
            f"{word('rules', lang)}: {report.rules}    "
            f"{word('verdict', lang)}: **{report.verdict.label(lang)}**"
            if fmt == "markdown"
            else f"{word('rules', lang)}: {report.rules}    {word('verdict', lang)}: {report.verdict.label(lang)}",
            "",
            table,
        ]
        notes = _note_lines(report, lang)
        if notes:
            lines += ["", f"{word('notes', lang)}:"] + [f"- {line}" for line in notes]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def summary_rows(reports: Sequence[Report], lang: str) -> tuple[list[str], list[list[str]]]:
    """One row per cluster, a ✓ ✗ ? column per deciding criterion, then the verdict."""
    if not reports:
        return [], []
    columns = [o for o in reports[0].outcomes if o.decides]
    headers = [word("cluster", lang), word("region", lang)]
    headers += [o.short(lang) for o in columns] + [word("verdict", lang)]
    rows = []
    for report in reports:
        marks = {o.id: o.status.mark for o in report.outcomes}
        rows.append(
            [report.cluster, report.region or ""]
            + [marks.get(o.id, "") for o in columns]
            + [report.verdict.label(lang)]
        )
    return headers, rows


def render_summary(reports: Sequence[Report], fmt: str, lang: str) -> str:
    """The many-cluster table with a legend and a count of verdicts."""
    headers, rows = summary_rows(reports, lang)
    style = "simple" if fmt == "text" else _TABLE_STYLE[fmt]
    table = tabulate(rows, headers=headers, tablefmt=style, disable_numparse=True)
    counts = {
        v: sum(1 for r in reports if r.verdict.value == v)
        for v in ("QUALIFIED", "NOT_QUALIFIED", "INCOMPLETE")
    }
    total = word(
        "summary", lang, total=len(reports), qualified=counts["QUALIFIED"],
        not_qualified=counts["NOT_QUALIFIED"], incomplete=counts["INCOMPLETE"],
    )  # fmt: skip
    return f"{table}\n\n{word('legend', lang)}\n{total}\n"
