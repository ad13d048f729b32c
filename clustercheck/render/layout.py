"""Laying reports and reviews out as documents, and documents out in each format.

Nothing here decides anything: it only shows outcomes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ..base.figures import format_decimal, show_number
from ..base.labels import word
from ..rechecking.registry import Decision
from ..reviewing import Comparison, Review
from ..rules.pack import Kind, Rules
from ..rules.report import Outcome, Report, Status, Verdict
from .document import Document, Section, Table, render_csv, render_text
from .html import fragment_html, render_html
from .xlsx import render_xlsx

if TYPE_CHECKING:  # the re-verification module itself shows values with this one
    from ..rechecking.verify import Recheck

FORMATS = ("text", "markdown", "html", "csv", "xlsx", "json")
#: The format an output file's extension implies.
EXTENSIONS = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
    ".htm": "html", ".csv": "csv", ".xlsx": "xlsx", ".json": "json",
}  # fmt: skip


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


def _pack_line(rules: Rules, lang: str) -> str:
    return f"{rules.document} {rules.title(lang)}"


def _footer(rules: Rules, lang: str) -> str:
    return word(
        "footer", lang, pack=rules.id, document=rules.document, date=dt.date.today().isoformat()
    )


def _footer_packs(packs: Sequence[Rules], lang: str) -> str:
    names = "、".join(p.id for p in packs)
    return word("footer_packs", lang, packs=names, date=dt.date.today().isoformat())


def _verdict_line(report: Report, lang: str) -> str:
    return (
        f"{word('rules', lang)}: {report.rules}    "
        f"{word('verdict', lang)}: **{report.verdict.label(lang)}**"
    )


def report_section(report: Report, lang: str) -> Section:
    """One cluster's criterion table, its verdict above and its notes below."""
    return Section(
        title=_heading(report, lang),
        table=Table(
            tuple(outcome_headers(lang)),
            tuple(tuple(r) for r in outcome_rows(report, lang)),
            (None, 16, 36, None, None, None),
        ),
        lead=(_verdict_line(report, lang),),
        notes=tuple(_note_lines(report, lang)),
        verdict=report.verdict.value,
        sheet=report.cluster,
        sign_off="rows",
    )


def _flat_check(reports: Sequence[Report], lang: str) -> Table:
    """Every outcome of every cluster as one table, for CSV."""
    headers = (
        word("cluster", lang),
        word("id", lang),
        *outcome_headers(lang),
        word("source", lang),
    )
    rows = []
    for report in reports:
        for outcome, row in zip(report.outcomes, outcome_rows(report, lang), strict=True):
            rows.append((report.cluster, outcome.id, *row, outcome.source.label(lang)))
    return Table(headers, tuple(rows))


def check_document(
    reports: Sequence[Report], rules: Rules, lang: str, *, packs: Sequence[Rules] = ()
) -> Document:
    """Per-cluster reports as a document (``packs``: all the packs, when several were used)."""
    title = (
        "；".join(f"{p.id}：{p.document}" for p in packs)
        if len(packs) > 1
        else _pack_line(rules, lang)
    )
    return Document(
        title=title,
        sections=tuple(report_section(r, lang) for r in reports),
        flat=_flat_check(reports, lang),
        legend=word("legend", lang),
        footer=_footer_packs(packs, lang) if len(packs) > 1 else _footer(rules, lang),
        lang=lang,
        sign_off=_sign_off(lang),
        page_per_section=True,
    )


def _sign_off(lang: str) -> tuple[str, ...]:
    return tuple(word(k, lang) for k in ("opinion", "reviewer", "date"))


def review_table(review: Review, lang: str) -> Table:
    """One row per cluster: a mark per deciding criterion, the verdict and the revenue band."""
    reports = review.reports
    columns = [o for o in reports[0].outcomes if o.decides] if reports else []
    headers = (
        word("cluster", lang), word("region", lang), *(o.short(lang) for o in columns),
        word("verdict", lang), word("band", lang),
    )  # fmt: skip
    rows = []
    for report in reports:
        marks = {o.id: o.status.mark for o in report.outcomes}
        band = review.band(report)
        rows.append((
            report.cluster, report.region or "", *(marks.get(o.id, "") for o in columns),
            report.verdict.label(lang), "" if band is None else band.label(lang),
        ))  # fmt: skip
    return Table(headers, tuple(rows))


def _bands_section(review: Review, lang: str) -> Section | None:
    targets = review.rules.targets
    if targets is None:
        return None
    rows = [(c.band.label(lang), str(c.count), str(c.band.target)) for c in review.band_counts]
    rows.append((word("all_qualified", lang), str(review.qualified), str(targets.total)))
    return Section(
        title=word("bands_title", lang, year=targets.year, clause=targets.clause),
        table=Table(
            (word("band", lang), word("qualified_count", lang), word("target", lang)), tuple(rows)
        ),
        notes=(word("bands_note", lang),),
        sheet=word("bands_sheet", lang),
    )


def _summary_line(reports: Sequence[Report], lang: str) -> str:
    counts = {v: sum(1 for r in reports if r.verdict is v) for v in Verdict}
    return word(
        "summary", lang, total=len(reports), qualified=counts[Verdict.QUALIFIED],
        not_qualified=counts[Verdict.NOT_QUALIFIED], incomplete=counts[Verdict.INCOMPLETE],
    )  # fmt: skip


def review_document(review: Review, lang: str, *, details: bool = True) -> Document:
    """The review table, the band counts, and (for spreadsheets) each cluster's criteria."""
    main = Section(
        title="",
        table=review_table(review, lang),
        notes=(_summary_line(review.reports, lang),),
        sheet=word("review_sheet", lang),
        sign_off="columns",
    )
    bands = _bands_section(review, lang)
    sections = [main] + ([bands] if bands is not None else [])
    if details:
        sections += [report_section(r, lang) for r in review.reports]
    return Document(
        title=_pack_line(review.rules, lang),
        sections=tuple(sections),
        flat=main.table,
        legend=word("legend", lang),
        footer=_footer(review.rules, lang),
        lang=lang,
        sign_off=_sign_off(lang),
    )


def render(document: Document, fmt: str) -> bytes:
    """A document in ``fmt`` (not JSON, which has its own shapes) as the bytes to write."""
    if fmt in ("text", "markdown"):
        return render_text(document, fmt).encode("utf-8")
    if fmt == "html":
        return render_html(document).encode("utf-8")
    if fmt == "csv":
        return render_csv(document.flat)
    if fmt == "xlsx":
        return render_xlsx(document)
    raise ValueError(f"unknown format {fmt!r}")


def report_fragment(report: Report, lang: str = "zh") -> str:
    """One report as an HTML fragment, for notebooks."""
    section = report_section(report, lang)
    document = Document(
        title=section.title,
        sections=(attrs.evolve(section, title=""),),
        flat=section.table,
        legend=word("legend", lang),
        lang=lang,
    )
    return fragment_html(document)


def recheck_document(result: Recheck, lang: str, *, details: bool = True) -> Document:
    """The re-verification list: decision, what changed and what to watch, per due cluster."""
    rules = result.rules
    labels = {c.id: c.short(lang) for c in rules.criteria}
    share = show_number(result.watch_share * 100, "%")
    headers = (
        word("id", lang), word("cluster", lang), word("verdict", lang), word("decision", lang),
        word("changed", lang), word("figure_changes", lang), word("watch", lang, share=share),
    )  # fmt: skip
    rows = []
    for item in result.results:
        verdict = word("no_data", lang) if item.report is None else item.report.verdict.label(lang)
        moved = "；".join(
            f"{labels.get(c.criterion, c.criterion)} {c.before or '—'} → {c.after or '—'}"
            for c in item.changes
        )
        rows.append((
            item.entry.id, item.entry.name, verdict, item.decision.label(lang),
            "、".join(labels.get(k, k) for k in item.changed), moved,
            "、".join(labels.get(k, k) for k in item.watch),
        ))  # fmt: skip
    counts = {d: sum(1 for r in result.results if r.decision is d) for d in Decision}
    summary = word(
        "recheck_summary", lang, total=len(result.results), retain=counts[Decision.RETAIN],
        delist=counts[Decision.DELIST], pending=counts[Decision.PENDING],
    )  # fmt: skip
    table = Table(headers, tuple(rows))
    notes = (summary, result.chosen_by.text(lang), *(n.text(lang) for n in result.warnings))
    main = Section(
        title="", table=table, notes=notes, sheet=word("decision", lang), sign_off="columns"
    )
    reports = [r.report for r in result.results if r.report is not None] if details else []
    return Document(
        title=word("recheck_title", lang, year=result.year, document=rules.document),
        sections=(main, *(report_section(r, lang) for r in reports)),
        flat=table,
        legend=word("legend", lang),
        footer=_footer(rules, lang),
        lang=lang,
        sign_off=_sign_off(lang),
    )


def comparison_document(comparison: Comparison, lang: str) -> Document:
    """One row per cluster: per pack, the verdict and the criteria failed or unknown."""
    headers: list[str] = [word("cluster", lang), word("region", lang)]
    for pack in comparison.packs:
        headers += [
            f"{pack.id} {word('verdict', lang)}",
            f"{pack.id} {word('open_criteria', lang)}",
        ]
    rows = []
    for reports in comparison.rows:
        row = [reports[0].cluster, reports[0].region or ""]
        for report in reports:
            open_ = [
                f"{o.status.mark}{o.short(lang)}"
                for o in report.deciding
                if o.status in (Status.FAIL, Status.UNKNOWN)
            ]
            row += [report.verdict.label(lang), "、".join(open_)]
        rows.append(tuple(row))
    table = Table(tuple(headers), tuple(rows))
    titles = "；".join(f"{p.id}：{p.document}" for p in comparison.packs)
    return Document(
        title=word("compare_title", lang),
        sections=(
            Section(
                title="",
                table=table,
                lead=(titles,),
                sheet=word("compare_sheet", lang),
                sign_off="columns",
            ),
        ),
        flat=table,
        legend=word("legend", lang),
        footer=word(
            "footer_packs",
            lang,
            packs="、".join(p.id for p in comparison.packs),
            date=dt.date.today().isoformat(),
        ),
        lang=lang,
        sign_off=_sign_off(lang),
    )
