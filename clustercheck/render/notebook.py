"""Results as HTML for notebooks, reached from their ``_repr_html_`` through
:func:`clustercheck.base.notebook.notebook_html`.

A notebook shows the fragment inside its own page, so the style travels with it and is
scoped to the fragment's class: marks coloured as on the printed page, clause numbers and
marks never broken over lines, every note shown (an UNKNOWN is explained by its note). A
review shows its summary first; each cluster's criteria are folded under it.
"""

from __future__ import annotations

from html import escape

from ..base.labels import word
from ..batch import Batch
from ..reviewing import Comparison, Review
from ..rules.report import Report, Status
from .document import Cell, Document, Section, Table
from .html import strong, table_html
from .layout import comparison_document, count_cell, report_document, review_document, summary_line

#: How many clusters' criteria a review folds under its summary: more would make a notebook
#: heavy to save and slow to open; the rest are a report each (``review.reports[i]``).
FOLDED = 50

#: The root of every selector: two classes and the table, so that each rule outweighs
#: JupyterLab's and nbconvert's own (``:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td``,
#: two classes and an element, right-aligns every cell).
_ROOT = ".clustercheck.cc-view"

#: Colours from the notebook's theme (JupyterLab's variables), with fallbacks that read on a
#: light and a dark background alike; marks keep their own colours, text dark on light fills.
_STYLE = (
    "<style>\n"
    + "\n".join(
        rule.replace("&", _ROOT)
        for rule in (
            "& table { border-collapse: collapse; margin: 0.4em 0; table-layout: auto; }",
            "& table th, & table td { border: 1px solid var(--jp-border-color1, rgba(128,128,128,.6));"
            " padding: 0.25em 0.45em; text-align: left; vertical-align: top; white-space: normal; }",
            "& table th { background: var(--jp-layout-color2, rgba(128,128,128,.15));"
            " color: inherit; white-space: nowrap; font-weight: bold; }",
            "& table td:first-child, & table td.short, & table td.num, & table td.pass,"
            " & table td.fail, & table td.unknown, & span.item { white-space: nowrap; }",
            "& table td.num { text-align: right; font-variant-numeric: tabular-nums; }",
            "& table td.pass, & table td.fail, & table td.unknown, & table td.info"
            " { text-align: center; }",
            "& table td.list { text-align: left; white-space: normal; }",
            "& table td.pass { background: #e6f4ea; color: #0b6b2e; }",
            "& table td.fail { background: #fce8e6; color: #a50e0e; font-weight: bold; }",
            "& table td.unknown { background: #fef7e0; color: #7a5200; }",
            "& .verdict-QUALIFIED strong { color: var(--jp-success-color1, #2e8540); }",
            "& .verdict-NOT_QUALIFIED strong { color: var(--jp-error-color1, #d13c3c); }",
            "& .verdict-INCOMPLETE strong { color: var(--jp-warn-color1, #b7791f); }",
            "& ul.notes { font-size: 0.9em; opacity: 0.85; margin: 0.2em 0 0.6em; }",
            "& summary { cursor: pointer; margin: 0.3em 0; }",
            "& .legend { font-size: 0.9em; opacity: 0.75; }",
        )
    )
    + "\n</style>"
)


def fragment(result: object, lang: str = "zh") -> str:
    """The notebook view of a report, review, comparison or batch, in ``lang``."""
    if isinstance(result, Report):
        return notebook_html(report_document(result, lang))
    if isinstance(result, Review):
        return notebook_html(review_document(result, lang, workbook=False))
    if isinstance(result, Comparison):
        return notebook_html(comparison_document(result, lang))
    if isinstance(result, Batch):
        return _batch_html(result, lang)
    raise TypeError(f"no notebook view for {type(result).__name__}")


def _batch_html(batch: Batch, lang: str) -> str:
    """A batch's summary, made without a report per cluster: the verdicts counted, and per
    criterion how many clusters pass, fail or lack figures."""
    summary = summary_line(batch.verdicts, lang)
    rows: list[tuple[Cell, ...]] = []
    for criterion in batch.rules.criteria:
        if not criterion.decides:
            continue
        statuses = batch.statuses(criterion.id)
        rows.append((
            criterion.clause, criterion.label(lang),
            *(count_cell(statuses.count(s)) for s in (Status.PASS, Status.FAIL, Status.UNKNOWN)),
        ))  # fmt: skip
    headers = (word("clause", lang), word("criterion", lang), "✓", "✗", "?")
    section = Section(
        title="", table=Table(headers, tuple(rows)),
        notes=(summary, word("batch_reports", lang)),
    )  # fmt: skip
    title = f"{batch.rules.document} {batch.rules.title(lang)}"
    document = Document(
        title=title, sections=(section,), flat=section.table, legend=word("legend", lang),
        lang=lang,
    )  # fmt: skip
    return notebook_html(document)


def notebook_html(document: Document) -> str:
    """The document as a self-styled fragment: its summaries open, each cluster folded."""
    parts = [
        '<div class="clustercheck cc-view">',
        _STYLE,
        f"<strong>{escape(document.title)}</strong>",
        f'<div class="legend">{escape(document.legend)}</div>' if document.legend else "",
    ]
    summaries = [s for s in document.sections if s.verdict is None]
    clusters = [s for s in document.sections if s.verdict is not None]
    parts += [_section(s) for s in summaries]
    if len(clusters) == 1 and not summaries:
        parts.append(_section(clusters[0]))
    else:
        parts += [
            f'<details><summary class="verdict-{s.verdict}">{escape(s.title)}：'
            f"<strong>{escape(_verdict_of(s))}</strong></summary>\n{_section(s, titled=False)}"
            "</details>"
            for s in clusters[:FOLDED]
        ]
        if len(clusters) > FOLDED:
            more = word("more_details", document.lang, count=len(clusters) - FOLDED, shown=FOLDED)
            parts.append(f'<div class="legend">{escape(more)}</div>')
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def _section(section: Section, *, titled: bool = True) -> str:
    parts = [f"<div><em>{escape(section.title)}</em></div>"] if titled and section.title else []
    verdict = f' class="verdict-{section.verdict}"' if section.verdict else ""
    parts += [f"<div{verdict}>{strong(line)}</div>" for line in section.lead]
    parts.append(table_html(section.table))
    if section.notes:
        items = "".join(f"<li>{escape(note)}</li>" for note in section.notes)
        parts.append(f'<ul class="notes">{items}</ul>')
    return "\n".join(parts)


def _verdict_of(section: Section) -> str:
    """The verdict's word from a cluster section's lead (``… 结论：**符合**``)."""
    for line in section.lead:
        if "**" in line:
            return line.split("**")[1]
    return ""
