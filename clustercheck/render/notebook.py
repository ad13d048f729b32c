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
from ..reviewing import Comparison, Review
from ..rules.report import Report
from .document import Document, Section
from .html import strong, table_html
from .layout import comparison_document, report_document, review_document

#: How many clusters' criteria a review folds under its summary: more would make a notebook
#: heavy to save and slow to open; the rest are a report each (``review.reports[i]``).
FOLDED = 50

_STYLE = """<style>
.clustercheck table { border-collapse: collapse; margin: 0.4em 0; }
.clustercheck th, .clustercheck td { border: 1px solid #8c8c8c; padding: 0.25em 0.45em;
  text-align: left; vertical-align: top; }
.clustercheck th { background: #eef1f6; white-space: nowrap; }
.clustercheck td:first-child, .clustercheck td.short, .clustercheck td.num,
.clustercheck td.pass, .clustercheck td.fail, .clustercheck td.unknown { white-space: nowrap; }
.clustercheck td.num { text-align: right; font-variant-numeric: tabular-nums; }
.clustercheck td.pass, .clustercheck td.fail, .clustercheck td.unknown,
.clustercheck td.info { text-align: center; }
.clustercheck td.pass { background: #e6f4ea; color: #0b6b2e; }
.clustercheck td.fail { background: #fce8e6; color: #a50e0e; font-weight: bold; }
.clustercheck td.unknown { background: #fef7e0; color: #7a5200; }
.clustercheck .verdict-QUALIFIED strong { color: #0b6b2e; }
.clustercheck .verdict-NOT_QUALIFIED strong { color: #a50e0e; }
.clustercheck .verdict-INCOMPLETE strong { color: #7a5200; }
.clustercheck ul.notes { font-size: 0.9em; color: #333; margin: 0.2em 0 0.6em; }
.clustercheck summary { cursor: pointer; margin: 0.3em 0; }
.clustercheck .legend { font-size: 0.9em; color: #555; }
</style>"""


def fragment(result: object) -> str:
    """The notebook view of a report, review or comparison, in Chinese."""
    if isinstance(result, Report):
        return notebook_html(report_document(result, "zh"))
    if isinstance(result, Review):
        return notebook_html(review_document(result, "zh"))
    if isinstance(result, Comparison):
        return notebook_html(comparison_document(result, "zh"))
    raise TypeError(f"no notebook view for {type(result).__name__}")


def notebook_html(document: Document) -> str:
    """The document as a self-styled fragment: its summaries open, each cluster folded."""
    parts = [
        '<div class="clustercheck">',
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
    """The verdict's word from a cluster section's lead (``… 结论: **符合**``)."""
    for line in section.lead:
        if "**" in line:
            return line.split("**")[1]
    return ""
