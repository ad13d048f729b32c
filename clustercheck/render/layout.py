"""Laying reports and reviews out as documents, and documents out in each format.

Nothing here decides anything: it only shows outcomes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..base.figures import format_decimal, show_number
from ..base.labels import figures_in, unit_word, with_aside, word
from ..base.notes import Note
from ..base.progress import Progress
from ..reviewing import Comparison, Review
from ..rules.engine import pack_notices
from ..rules.pack import Kind, Rules, bundled_packs, load_rules
from ..rules.report import Outcome, Report, Status, Verdict
from .document import (
    VERDICT_KINDS,
    Cell,
    Document,
    Mark,
    Number,
    Section,
    Table,
    Tally,
    render_csv,
)

if TYPE_CHECKING:  # the re-verification module itself shows values with this one
    from ..rechecking.verify import Recheck

FORMATS = ("text", "markdown", "html", "csv", "xlsx", "json")
#: The format an output file's extension implies.
EXTENSIONS = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
    ".htm": "html", ".csv": "csv", ".xlsx": "xlsx", ".json": "json",
}  # fmt: skip


#: Decimals a spreadsheet shows for each unit: the same in a whole column of one unit.
PLACES = {"%": 2, "亿元": 4, "亿": 4, "万元": 2, "万": 2, "千元": 2, "元": 2, "万元/公顷": 2,
          "平方公里": 2, "家": 0, "项": 0}  # fmt: skip

_KINDS = {Status.PASS: "pass", Status.FAIL: "fail", Status.UNKNOWN: "unknown", Status.INFO: "info"}


def figure(value: Decimal, unit: str | None, lang: str, *, signed: bool = False) -> Number:
    """A figure as a table cell: ``23.5亿元`` (``23.5 CNY 100 million`` in English)."""
    unit = unit or ""
    shown = show_number(value, unit)  # rounded as reviewers read it, with the unit after
    digits = shown[: len(shown) - len(unit)]
    sign = "+" if signed and value > 0 else ""
    named = unit_word(unit, lang)
    if unit == "家" and abs(value) == 1:
        named = named.removesuffix("s")  # one firm, not "1 firms"
    return Number(value, unit, f"{sign}{digits}{named}", PLACES.get(unit, 4), signed)


#: The notes of a figure declared as a bound (``逾30亿元``), which carry it as ``> 30亿元``.
_DECLARED_BOUNDS = frozenset({"declared_lower_bound", "declared_upper_bound"})


def show_value(outcome: Outcome, lang: str) -> Cell:
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
    return _as_bound(outcome, lang) or figure(value, outcome.unit, lang)


def _as_bound(outcome: Outcome, lang: str) -> str | None:
    """An outcome's figure that is known only as a bound, shown as one (``> 30亿元``,
    ``≥ 15亿元``), never as the amount; None for an amount."""
    for note in outcome.notes:
        if note.code in _DECLARED_BOUNDS:
            return figures_in(note.args["value"], lang)
        if note.code == "lower_bound" and isinstance(outcome.value, Decimal):
            return f"≥ {figure(outcome.value, outcome.unit, lang).text}"
    return None


def show_requirement(outcome: Outcome, lang: str = "zh") -> str:
    """The requirement as the document words it, with the comparison it encodes."""
    if outcome.operator is None or outcome.threshold is None:
        return outcome.wording
    return requirement_text(
        outcome.operator.symbol, outcome.threshold, outcome.unit, outcome.wording, lang
    )


def requirement_text(symbol: str, limit: Decimal, unit: str | None, wording: str, lang: str) -> str:
    """A comparison and the wording it encodes: ``≥ 20亿元（产业集群年营业收入20亿元以上）``;
    one text shared by every report of a review that states it."""
    return _requirement_text(symbol, str(limit), unit, wording, lang)


@functools.lru_cache(maxsize=1024)
def _requirement_text(symbol: str, limit: str, unit: str | None, wording: str, lang: str) -> str:
    return with_aside(f"{symbol} {figure(Decimal(limit), unit, lang).text}", wording, lang)


@functools.cache
def show_status(status: Status, lang: str) -> Mark:
    """A status with its mark: ``✓ 符合`` (one, shared)."""
    return Mark(f"{status.mark} {status.label(lang)}", _KINDS[status])


@functools.cache
def status_mark(status: Status) -> Mark:
    """A status as its mark alone, as review tables show it: ``✓`` (one, shared: a review
    table of many clusters holds a mark per cluster and criterion)."""
    return Mark(status.mark, _KINDS[status])


@functools.cache
def verdict_mark(verdict: Verdict, lang: str, *, marked: bool = False) -> Mark:
    """A verdict coloured like the marks (``marked``: with its mark, ``✗ 不符合``)."""
    kind = VERDICT_KINDS[verdict.value]
    mark = {"pass": "✓", "fail": "✗", "unknown": "?"}[kind]
    text = f"{mark} {verdict.label(lang)}" if marked else verdict.label(lang)
    return Mark(text, kind)


def outcome_rows(report: Report, lang: str) -> list[list[Cell]]:
    """One row per criterion: clause, criterion, requirement, reading, value, margin, status."""
    rows: list[list[Cell]] = []
    for outcome in report.outcomes:
        margin: Cell = (
            "" if outcome.margin is None
            else figure(outcome.margin, outcome.unit, lang, signed=True)
        )  # fmt: skip
        rows.append([
            outcome.clause,
            outcome.label(lang),
            show_requirement(outcome, lang),
            outcome.read_as(lang),
            show_value(outcome, lang),
            margin,
            show_status(outcome.status, lang),
        ])  # fmt: skip
    return rows


def outcome_headers(lang: str) -> list[str]:
    """Headers of :func:`outcome_rows`."""
    keys = ("clause", "criterion", "requirement", "reading", "value", "margin", "status")
    return [word(k, lang) for k in keys]


def _heading(report: Report, lang: str) -> str:
    where = "，".join(str(p) for p in (report.region, report.year) if p is not None)
    if lang == "en":
        where = ", ".join(str(p) for p in (report.region, report.year) if p is not None)
        return f"{report.cluster}" + (f" ({where})" if where else "")
    return f"{report.cluster}" + (
        f"（{where}年）" if report.year else f"（{where}）" if where else ""
    )


def _note_lines(report: Report, lang: str) -> list[str]:
    """The notes under a cluster's table, each said once: a note several criteria share names
    them together (``[龙头企业、营业收入] 无数据…``), and attestations meant for other packs
    are one line."""
    by_text: dict[str, list[str]] = {}
    for outcome in report.outcomes:
        for note in outcome.notes:
            by_text.setdefault(note.text(lang), []).append(outcome.label(lang))
    separator = word("item_separator", lang)
    lines = [
        f"[{separator.join(dict.fromkeys(labels))}] {text}" for text, labels in by_text.items()
    ]
    unused = [n.args["key"] for n in report.warnings if n.code == "attested_unused"]
    warnings = (_warning_text(n, lang) for n in report.warnings if n.code != "attested_unused")
    lines += [f"[{word('warnings', lang)}] {text}" for text in dict.fromkeys(warnings)]
    if unused:
        names = separator.join(dict.fromkeys(attestation_label(k, lang) for k in unused))
        lines.append(f"[{word('warnings', lang)}] {word('attested_elsewhere', lang, names=names)}")
    lines += [
        f"[{o.label(lang)}] {word('firms_counted', lang, firms=separator.join(o.items))}"
        for o in report.outcomes
        if o.items and o.kind is Kind.THRESHOLD
    ]
    return lines


def _warning_text(note: Note, lang: str) -> str:
    """A report's warning in ``lang``; a public figure for a criterion the pack lacks names
    that criterion as a reviewer knows it, not by its id."""
    if note.code == "reported_unused":
        criterion = attestation_label(note.args["criterion"], lang)
        note = attrs.evolve(note, args={**note.args, "criterion": criterion})
    return note.text(lang)


@functools.lru_cache(maxsize=256)
def attestation_label(key: str, lang: str) -> str:
    """What a reviewer calls a finding given under ``key``: the label of the bundled pack's
    criterion or exception it answers, else the key itself."""
    for name in bundled_packs():
        for criterion in load_rules(name).criteria:
            if key in (criterion.id, criterion.exception):
                return criterion.label(lang)
    return key


def _pack_line(rules: Rules, lang: str) -> str:
    return f"{rules.document} {rules.title(lang)}"


def _footer(rules: Rules, lang: str) -> str:
    return word(
        "footer", lang, pack=rules.id, document=rules.document, date=dt.date.today().isoformat()
    )


def _packs_line(packs: Sequence[Rules], levels: Sequence[str], lang: str) -> str:
    """Each pack with its level: ``省级：henan-2014-196 豫工信企业〔2014〕196号；国家级：…``."""
    return word("list_separator", lang).join(
        word("level_pack", lang, level=lv, pack=f"{p.id} {p.document}")
        for lv, p in zip(levels, packs, strict=True)
    )


def _footer_packs(packs: Sequence[Rules], lang: str) -> str:
    names = word("item_separator", lang).join(p.id for p in packs)
    return word("footer_packs", lang, packs=names, date=dt.date.today().isoformat())


def _verdict_line(report: Report, lang: str) -> str:
    return word("verdict_line", lang, rules=report.rules, verdict=report.verdict.label(lang))


def report_section(report: Report, lang: str, *, level: str = "") -> Section:
    """One cluster's criterion table, its verdict above and its notes below, on a page of
    its own (``level``: the pack's level, when several packs are shown)."""
    title = _heading(report, lang)
    return Section(
        title=f"{title} · {level}" if level else title,
        table=Table(
            tuple(outcome_headers(lang)),
            tuple(tuple(r) for r in outcome_rows(report, lang)),
            (None, 16, 30, 16, None, None, None),
        ),
        lead=(_verdict_line(report, lang),),
        notes=tuple(_note_lines(report, lang)),
        verdict=report.verdict.value,
        sheet=f"{report.cluster} {level}" if level else report.cluster,
        sign_off="rows",
        start="page",
    )


def _flat_check(reports: Sequence[Report], lang: str) -> Table:
    """Every outcome of every cluster as one table, for CSV: a row per cluster, pack and
    criterion."""
    headers = (
        word("cluster", lang),
        word("rules", lang),
        word("id", lang),
        *outcome_headers(lang),
        word("source", lang),
    )
    rows: list[tuple[Cell, ...]] = []
    for report in reports:
        for outcome, row in zip(report.outcomes, outcome_rows(report, lang), strict=True):
            rows.append(
                (report.cluster, report.rules, outcome.id, *row, outcome.source.label(lang))
            )
    return Table(headers, tuple(rows))


def check_document(
    reports: Sequence[Report], rules: Rules, lang: str, *, packs: Sequence[Rules] = ()
) -> Document:
    """Per-cluster reports as a document (``packs``: all the packs, when several were used)."""
    title = (
        _packs_line(packs, _levels(packs, lang), lang)
        if len(packs) > 1
        else _pack_line(rules, lang)
    )
    levels = dict(zip((p.id for p in packs), _levels(packs, lang), strict=True))
    return Document(
        title=title,
        sections=tuple(
            report_section(r, lang, level=levels.get(r.rules, "") if len(packs) > 1 else "")
            for r in reports
        ),
        flat=_flat_check(reports, lang),
        legend=word("legend", lang),
        footer=_footer_packs(packs, lang) if len(packs) > 1 else _footer(rules, lang),
        lang=lang,
        sign_off=_sign_off(lang),
    )


def _sign_off(lang: str) -> tuple[str, ...]:
    return tuple(word(k, lang) for k in ("opinion", "reviewer", "date"))


def review_table(review: Review, lang: str) -> Table:
    """One row per cluster: a mark per deciding criterion, the verdict and the revenue band
    (when the pack sets targets by band)."""
    reports = review.reports
    columns = [o for o in reports[0].outcomes if o.decides] if reports else []
    bands = review.rules.targets is not None
    headers = (
        word("cluster", lang), word("region", lang), *(o.short(lang) for o in columns),
        word("verdict", lang), *((word("band", lang),) if bands else ()),
    )  # fmt: skip
    ids = [o.id for o in columns]
    # The marks and verdicts are shared cells, looked up once for the whole table.
    marks = {status: status_mark(status) for status in Status}
    verdicts = {verdict: verdict_mark(verdict, lang) for verdict in Verdict}
    rows: list[tuple[Cell, ...]] = []
    for report in reports:
        statuses = {o.id: marks[o.status] for o in report.outcomes}
        row: list[Cell] = [report.cluster, report.region or ""]
        row += [statuses.get(i, "") for i in ids]
        row.append(verdicts[report.verdict])
        if bands:
            band = review.band(report)
            row.append("" if band is None else band.label(lang))
        rows.append(tuple(row))
    clusters = tuple((r.cluster, r.verdict.value) for r in reports)
    return Table(headers, tuple(rows), clusters=clusters)


def _bands_section(review: Review, lang: str) -> Section | None:
    """Qualified clusters per band against the targets, then those in no band, and the total
    of both columns; in a workbook each count is a formula over the summary sheet."""
    targets = review.rules.targets
    if targets is None:
        return None
    verdict, band = word("verdict", lang), word("band", lang)
    qualified = (verdict, Verdict.QUALIFIED.label(lang))
    rows: list[tuple[Cell, ...]] = [
        (c.band.label(lang), _tally(c.count, (qualified, (band, c.band.label(lang)))),
         count_cell(c.band.target))
        for c in review.band_counts
    ]  # fmt: skip
    banded = sum(c.count for c in review.band_counts)
    rows.append(
        (word("no_band", lang), _tally(review.qualified - banded, (qualified, (band, ""))), "")
    )
    rows.append((word("total", lang), _tally(review.qualified, ()), _tally(targets.total, ())))
    return Section(
        title=word("bands_title", lang, year=targets.year, clause=targets.clause),
        table=Table(
            (word("band", lang), word("qualified_count", lang), word("target", lang)), tuple(rows)
        ),
        notes=(word("bands_note", lang),),
        sheet=word("bands_sheet", lang),
    )


def count_cell(n: int) -> Number:
    """A count as a table cell: a figure without a unit."""
    return Number(Decimal(n), "", str(n))


def _tally(n: int, where: tuple[tuple[str, str], ...]) -> Tally:
    """A count that a workbook computes from the summary sheet (``where`` empty: the sum of
    the cells above it)."""
    return Tally(Decimal(n), "", str(n), where=where)


#: Measures whose figures the workbook's summary (推荐汇总表) shows beside the marks.
_KEY_MEASURES = ("revenue", "main_share", "rd_ratio")


def _bare(outcome: Outcome, lang: str) -> Cell:
    """An outcome's figure whose unit its column's heading names: the number alone (a share
    still a percentage, so a spreadsheet stores the fraction); a bound as text with its
    relation (``> 30``), never as an amount."""
    value, unit = outcome.value, outcome.unit
    if not isinstance(value, Decimal):
        return ""
    shown = figure(value, unit, lang)
    bound = _as_bound(outcome, lang)
    if bound is not None:
        return bound.removesuffix(unit_word(shown.unit, lang))
    if shown.unit == "%":
        return shown
    return Number(
        shown.value, "", shown.text.removesuffix(unit_word(shown.unit, lang)), shown.places
    )


def recommendation_table(review: Review, lang: str, table: Table | None = None) -> Table:
    """The summary as a reviewer's 推荐汇总表: 序号, the cluster, its region and main
    industry, the key figures in their units, a mark per deciding criterion, the verdict and
    the band (``table``: the review table, when already made)."""
    table = review_table(review, lang) if table is None else table
    keys = [c for c in review.rules.criteria if c.measure in _KEY_MEASURES and c.decides]
    figures = tuple(
        f"{c.short(lang)}({unit_word(c.unit or '', lang).strip()})" if c.unit else c.short(lang)
        for c in keys
    )
    headers = (word("number", lang), *table.headers[:2], word("main_industry", lang), *figures,
               *table.headers[2:])  # fmt: skip
    rows: list[tuple[Cell, ...]] = []
    for index, (report, row) in enumerate(zip(review.reports, table.rows, strict=True), start=1):
        values: list[Cell] = []
        for criterion in keys:
            outcome = report[criterion.id]
            values.append(_bare(outcome, lang))
        rows.append((count_cell(index), *row[:2], report.main_industry or "", *values, *row[2:]))
    return Table(headers, tuple(rows))


def _unverified(packs: Sequence[Rules], lang: str) -> tuple[str, ...]:
    """For a summary, once per pack whose source text could not be fully verified, the line
    saying so that each cluster's page under it also carries."""
    return tuple(
        note.text(lang)
        for pack in packs
        for note in pack_notices(pack)
        if note.code == "source_unverified"
    )


def _summary_line(reports: Sequence[Report], lang: str) -> str:
    return summary_line([r.verdict for r in reports], lang)


def summary_line(verdicts: Sequence[Verdict], lang: str) -> str:
    """How many clusters, and how many of them qualify, do not, or lack figures."""
    counts = {v: verdicts.count(v) for v in Verdict}
    return word(
        "summary", lang, total=len(verdicts), qualified=counts[Verdict.QUALIFIED],
        not_qualified=counts[Verdict.NOT_QUALIFIED], incomplete=counts[Verdict.INCOMPLETE],
        clusters="cluster" if len(verdicts) == 1 else "clusters",  # English only: 1 cluster
    )  # fmt: skip


def review_document(
    review: Review, lang: str, *, details: bool = True, workbook: bool = True
) -> Document:
    """The review table, the band counts, and (for spreadsheets) each cluster's criteria;
    ``workbook``: with the 推荐汇总表 a workbook shows in the table's place."""
    table = review_table(review, lang)
    main = Section(
        title="",
        table=table,
        notes=(_summary_line(review.reports, lang), *_unverified((review.rules,), lang)),
        sheet=word("review_sheet", lang),
        sign_off="columns",
        start="wide",
        workbook=recommendation_table(review, lang, table) if workbook else None,
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


def render(
    document: Document, fmt: str, progress: Progress | None = None, width: int | None = None
) -> bytes:
    """A document in ``fmt`` (not JSON, which has its own shapes) as the bytes to write;
    ``progress`` is told how a workbook's writing goes; plain text fits ``width`` columns
    when given."""
    # Each format but CSV is drawn by a module loaded when first asked for.
    if fmt in ("text", "markdown"):
        from .text import render_text

        return render_text(document, fmt, width).encode("utf-8")
    if fmt == "html":
        from .html import render_html

        return render_html(document).encode("utf-8")
    if fmt == "csv":
        return render_csv(document.flat)
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(document, progress)
    raise ValueError(f"unknown format {fmt!r}")


def report_document(report: Report, lang: str = "zh") -> Document:
    """One report as a document of its own: its criteria, verdict and notes."""
    section = report_section(report, lang)
    return Document(
        title=section.title,
        sections=(attrs.evolve(section, title=""),),
        flat=section.table,
        legend=word("legend", lang),
        lang=lang,
    )


def recheck_document(result: Recheck, lang: str, *, details: bool = True) -> Document:
    """The re-verification list: decision, what changed and what to watch, per due cluster."""
    from ..rechecking.registry import Decision  # loaded with re-verification, not before

    kinds = {Decision.RETAIN: "pass", Decision.DELIST: "fail", Decision.PENDING: "unknown"}
    rules = result.rules
    labels = {c.id: c.short(lang) for c in rules.criteria}
    items = word("item_separator", lang)
    share = show_number(result.watch_share * 100, "%")
    # A round run again shows what was recorded for it beside what this run found.
    again = any(r.recorded is not None for r in result.results)
    headers = (
        word("id", lang), word("cluster", lang), word("verdict", lang), word("decision", lang),
        *((word("recorded_decision", lang),) if again else ()),
        word("changed", lang), word("figure_changes", lang), word("watch", lang, share=share),
    )  # fmt: skip
    rows: list[tuple[Cell, ...]] = []
    for item in result.results:
        recorded: tuple[Cell, ...] = ()
        if again:
            recorded = ("—",) if item.recorded is None else (
                Mark(item.recorded.label(lang), kinds[item.recorded]),
            )  # fmt: skip
        verdict: Cell = (
            word("no_data", lang) if item.report is None
            else verdict_mark(item.report.verdict, lang)
        )  # fmt: skip
        moved = word("list_separator", lang).join(
            f"{labels.get(c.criterion, c.criterion)} {c.before or '—'} → {c.after or '—'}"
            for c in item.changes
        )
        rows.append((
            item.entry.id, item.entry.name, verdict,
            Mark(item.decision.label(lang), kinds[item.decision]), *recorded,
            items.join(labels.get(k, k) for k in item.changed), moved,
            items.join(labels.get(k, k) for k in item.watch),
        ))  # fmt: skip
    counts = {d: sum(1 for r in result.results if r.decision is d) for d in Decision}
    summary = word(
        "recheck_summary", lang, total=len(result.results), retain=counts[Decision.RETAIN],
        delist=counts[Decision.DELIST], pending=counts[Decision.PENDING],
    )  # fmt: skip
    table = Table(headers, tuple(rows))
    notes = (summary, result.chosen_by.text(lang), *(n.text(lang) for n in result.warnings))
    main = Section(
        title="", table=table, notes=notes, sheet=word("decision", lang), sign_off="columns",
        start="wide",
    )  # fmt: skip
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


def level(pack: Rules, lang: str) -> str:
    """The level of a pack's accreditation, from its jurisdiction: 全国 is 国家级, a province
    (or one of the four municipalities) 省级, another city 市级."""
    where = pack.jurisdiction
    if where == "全国":
        return word("level_national", lang)
    if where.endswith(("省", "自治区")) or where in ("北京市", "天津市", "上海市", "重庆市"):
        return word("level_provincial", lang)
    if where.endswith(("市", "州", "盟")):
        return word("level_city", lang)
    return where


def _open(report: Report, status: Status, lang: str) -> str:
    """The deciding criteria of ``status``, each with its mark: ``✗龙头、✗营业收入``; when every
    deciding criterion has that status, their count (``?全部 14 项``)."""
    found = [o for o in report.deciding if o.status is status]
    if len(found) > 1 and len(found) == len(report.deciding):
        return f"{status.mark}{word('all_criteria', lang, n=len(found))}"
    return word("item_separator", lang).join(f"{o.status.mark}{o.short(lang)}" for o in found)


def _levels(packs: Sequence[Rules], lang: str) -> list[str]:
    """Each pack's level, with its id where two packs share a level."""
    levels = [level(p, lang) for p in packs]
    return [
        f"{lv} {p.id}" if levels.count(lv) > 1 else lv for lv, p in zip(levels, packs, strict=True)
    ]


def _counts_section(comparison: Comparison, levels: Sequence[str], lang: str) -> Section:
    """Per pack: how many clusters qualify, do not, or lack figures."""
    headers = (
        word("level", lang), word("pack", lang), word("document", lang),
        *(Verdict(v).label(lang) for v in ("QUALIFIED", "NOT_QUALIFIED", "INCOMPLETE")),
        word("total", lang),
    )  # fmt: skip
    rows: list[tuple[Cell, ...]] = []
    for index, (pack, lv) in enumerate(zip(comparison.packs, levels, strict=True)):
        verdicts = [reports[index].verdict for reports in comparison.rows]
        rows.append((
            lv, pack.id, pack.document, *(count_cell(verdicts.count(v)) for v in Verdict),
            count_cell(len(verdicts)),
        ))  # fmt: skip
    return Section(
        title=word("pack_counts", lang),
        table=Table(headers, tuple(rows)),
        sheet=word("pack_counts_sheet", lang),
    )


def comparison_document(comparison: Comparison, lang: str, *, details: bool = False) -> Document:
    """One row per cluster: per pack (headed by its level, 省级 or 国家级), the verdict and the
    criteria failed and unknown; then counts per pack and, with ``details``, each pack's
    review table and each cluster's criteria under each pack."""
    levels = _levels(comparison.packs, lang)
    headers: list[str] = [word("cluster", lang), word("region", lang)]
    for lv in levels:
        headers += [lv, f"{lv} {word('failed', lang)}", f"{lv} {word('unknown_criteria', lang)}"]
    rows: list[tuple[Cell, ...]] = []
    for reports in comparison.rows:
        row: list[Cell] = [reports[0].cluster, reports[0].region or ""]
        for report in reports:
            failed = _open(report, Status.FAIL, lang)
            row += [
                verdict_mark(report.verdict, lang, marked=True),
                Mark(failed, "fail") if failed else "",
                _open(report, Status.UNKNOWN, lang),
            ]
        rows.append(tuple(row))
    clusters = tuple(
        (reports[0].cluster, " ".join(r.verdict.value for r in reports))
        for reports in comparison.rows
    )
    table = Table(tuple(headers), tuple(rows), clusters=clusters)
    titles = _packs_line(comparison.packs, levels, lang)
    counts = tuple(
        word("level_summary", lang, level=lv, pack=p.id,
             summary=_summary_line([r[i] for r in comparison.rows], lang))
        for i, (lv, p) in enumerate(zip(levels, comparison.packs, strict=True))
    )  # fmt: skip
    main = Section(
        title="", table=table, lead=(titles, *counts, *_unverified(comparison.packs, lang)),
        sheet=word("compare_sheet", lang),
        sign_off="columns", start="wide",
    )  # fmt: skip
    sections = [main, _counts_section(comparison, levels, lang)]
    if details:
        for index, (pack, lv) in enumerate(zip(comparison.packs, levels, strict=True)):
            result = Review(pack, tuple(reports[index] for reports in comparison.rows))
            sections.append(Section(
                title=word("level_pack", lang, level=lv, pack=_pack_line(pack, lang)),
                table=review_table(result, lang),
                notes=(_summary_line(result.reports, lang),), sheet=f"{lv} {pack.id}"[:31],
                sign_off="columns", start="wide",
            ))  # fmt: skip
        sections += [
            report_section(report, lang, level=lv)
            for reports in comparison.rows
            for report, lv in zip(reports, levels, strict=True)
        ]
    return Document(
        title=word("compare_title", lang),
        sections=tuple(sections),
        flat=table,
        legend=word("legend", lang),
        footer=_footer_packs(comparison.packs, lang),
        lang=lang,
        sign_off=_sign_off(lang),
    )
