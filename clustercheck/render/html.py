"""A document as one standalone, printable HTML page (notebooks have their own view).

The page needs nothing from outside: styles are inline, fonts come from a Chinese font
stack the reader's system has. Printed, it is A4: summaries (rows of clusters) on landscape
pages, each cluster's criteria on a portrait page of its own, header rows repeated when a
table runs over a page, a heading never left at the foot of a page. A cluster's notes and
its sign-off lines are rows of its table, so a page they run onto is headed by the cluster's
name; each summary page and each cluster ends with room to sign (评审意见, 评审人, 日期).
"""

from __future__ import annotations

import re
from html import escape

from .document import Cell, Document, Mark, Number, Section, Table, display_width

#: The fonts of the page: a Chinese font stack each system has one of.
_FONTS = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", SimSun, sans-serif'
)

_STYLE = (
    f"\nbody {{ font-family: {_FONTS}; margin: 2em; color: #1a1a1a; }}"
    + """
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
h1, h2, p.lead { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #8c8c8c; padding: 0.3em 0.45em; text-align: left; vertical-align: top; }
th { background: #eef1f6; white-space: nowrap; vertical-align: bottom; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.num.long { white-space: normal; min-width: 5em; }
td.pass, td.fail, td.unknown, td.info { text-align: center; white-space: nowrap; }
td.pass { background: #e6f4ea; color: #0b6b2e; }
td.fail { background: #fce8e6; color: #a50e0e; font-weight: bold; }
td.unknown { background: #fef7e0; color: #7a5200; }
td.info { color: #555; }
td.list { text-align: left; white-space: normal; min-width: 9em; }
td.short { white-space: nowrap; }
td.mid { min-width: 6em; } td.text { min-width: 9em; }
span.item { white-space: nowrap; }
section.wide td:first-child { white-space: nowrap; }
section.wide td.mid:last-child, section.wide td.text:last-child { white-space: nowrap; }
p.lead { white-space: pre-wrap; }
tr.running { display: none; }
tr.running th { background: none; border: none; padding: 0 0 0.3em; text-align: left;
  white-space: pre-wrap; font-weight: normal; }
tr.running strong.title { font-size: 1.15em; }
tbody.notes td { border: none; padding: 0.1em 0.2em; font-size: 0.9em; color: #333; }
tbody.notes tr:first-child td { padding-top: 0.5em; }
tbody.sign > tr > td { border: none; padding: 0.8em 0 0; }
table.sign { width: 100%; margin: 0; }
table.sign th { width: 7em; background: none; text-align: left; vertical-align: top; }
table.sign td { border: 1px solid #8c8c8c; }
table.sign td.opinion { height: 4em; } table.sign td.line { height: 1.8em; }
div.sign { break-inside: avoid; page-break-inside: avoid; margin-top: 0.6em; }
p.verdict-QUALIFIED strong { color: #0b6b2e; } p.verdict-NOT_QUALIFIED strong { color: #a50e0e; }
p.verdict-INCOMPLETE strong { color: #7a5200; }
ul.notes { font-size: 0.9em; color: #333; }
.legend { font-size: 0.9em; color: #333; } footer { margin-top: 2em; font-size: 0.85em;
  color: #555; border-top: 1px solid #ccc; padding-top: 0.5em; }
@page { size: A4; margin: 12mm 10mm; }
@page wide { size: A4 landscape; margin: 10mm 10mm 12mm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  section.wide table { font-size: 8.5pt; }
  h1 { font-size: 13pt; margin: 0 0 0.3em; } h2 { font-size: 11pt; margin: 0.8em 0 0.3em; }
  .wide, .wide-start header { page: wide; }
  section.start { break-before: page; page-break-before: always; }
  th, td { padding: 0.2em 0.35em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  ul.notes { margin: 0.3em 0; padding-left: 1.4em; }
  body > footer { display: none; }
  section.tall > h2, section.tall > p.lead { display: none; }
  tr.running { display: table-row; }
  section.tall table { font-size: 8.5pt; line-height: 1.3; }
  table.sign td.opinion { height: 3em; } table.sign td.line { height: 1.5em; }
}
"""
)

#: How the footer and page number in the margin are set.
_MARGIN_TEXT = f"font-family: {_FONTS}; font-size: 8pt; color: #444;"

#: The marks a list of criteria begins with (``?范围、?规划``).
_MARKS = frozenset("✓✗?")
#: Where a list of marked criteria may break: after each separator.
_ITEM_BREAK = re.compile(r"(、|, )")

#: The widest text kept on one line (a CJK character counting two); longer text wraps.
_SHORT = 12


def _cell(cell: Cell) -> str:
    """A body cell: figures right-aligned, marks centred and coloured, long text wrapping."""
    if isinstance(cell, Number):
        css = "num" if display_width(cell.text) <= _SHORT + 2 else "num long"
    elif isinstance(cell, Mark):
        if display_width(cell.text) > _SHORT:
            return f'<td class="{cell.kind} list">{_items(cell.text)}</td>'
        css = cell.kind
    elif display_width(cell) > _SHORT and cell[:1] in _MARKS and _ITEM_BREAK.search(cell):
        return f'<td class="list">{_items(cell)}</td>'  # criteria lacking figures: wrap
    elif display_width(cell) > 2 * _SHORT:
        css = "text"
    elif display_width(cell) > _SHORT:
        css = "mid"
    else:
        css = "short" if cell else ""
    attribute = f' class="{css}"' if css else ""
    return f"<td{attribute}>{escape(str(cell))}</td>"


def _items(text: str) -> str:
    """A list of marked criteria (``?范围、?规划``), each item kept whole on its line and a
    line free to break after each separator (``<wbr>``: a ``?`` may not otherwise open one)."""
    pieces = _ITEM_BREAK.split(text)
    return "".join(
        f"{escape(p)}<wbr>" if i % 2 else f'<span class="item">{escape(p)}</span>'
        for i, p in enumerate(pieces)
        if p
    )


def table_html(table: Table, *, head: str = "", tail: str = "") -> str:
    """A table as HTML, status marks classed for colour, figures for alignment; ``head``:
    rows repeated above the header row on every printed page, ``tail``: row groups after
    the body. A summary's rows carry their cluster and verdict as ``data-cluster`` and
    ``data-verdict``."""
    headers = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    marks = [
        f' data-cluster="{escape(name)}" data-verdict="{escape(verdict)}"'
        for name, verdict in table.clusters
    ] or [""] * len(table.rows)
    body = "\n".join(
        f"<tr{mark}>" + "".join(_cell(c) for c in row) + "</tr>"
        for mark, row in zip(marks, table.rows, strict=True)
    )
    return (
        f"<table>\n<thead>{head}<tr>{headers}</tr></thead>\n<tbody>\n{body}\n</tbody>\n"
        f"{tail}</table>"
    )


def sign_off_html(labels: tuple[str, ...]) -> str:
    """Room to sign: the opinion on a line of its own, then the reviewer and the date."""
    if not labels:
        return ""
    opinion, *rest = labels
    cells = "".join(f'<th>{escape(label)}</th><td class="line"></td>' for label in rest)
    return (
        f'<table class="sign"><tr><th>{escape(opinion)}</th>'
        f'<td class="opinion" colspan="{2 * len(rest) - 1}"></td></tr>'
        f"<tr>{cells}</tr></table>"
    )


def _cluster_table(section: Section, sign_off: tuple[str, ...]) -> str:
    """A cluster's criteria with its notes and sign-off as rows of one table, so that every
    page it runs onto is headed by the cluster's name, its verdict and the header row."""
    span = len(section.table.headers)
    lead = "<br>".join(strong(line) for line in section.lead)
    running = (
        f'<tr class="running"><th colspan="{span}"><strong class="title">'
        f"{escape(section.title)}</strong>" + (f"<br>{lead}" if lead else "") + "</th></tr>"
    )
    tail = ""
    if section.notes:
        rows = "".join(f'<tr><td colspan="{span}">• {escape(n)}</td></tr>' for n in section.notes)
        tail += f'<tbody class="notes">{rows}</tbody>\n'
    if sign_off:
        tail += (
            f'<tbody class="sign"><tr><td colspan="{span}">{sign_off_html(sign_off)}</td></tr>'
            "</tbody>\n"
        )
    return table_html(section.table, head=running, tail=tail)


def _section(section: Section, css: str, sign_off: tuple[str, ...], closing: str = "") -> str:
    """A section as HTML: ``sign_off`` for a cluster's own lines to sign, ``closing`` for the
    room to sign a page of summaries ends with."""
    parts = [f'<section class="{css}">']
    if section.title:
        parts.append(f"<h2>{escape(section.title)}</h2>")
    for line in section.lead:
        verdict = f" verdict-{section.verdict}" if section.verdict else ""
        parts.append(f'<p class="lead{verdict}">{strong(line)}</p>')
    if section.sign_off == "rows":
        parts.append(_cluster_table(section, sign_off))
    else:
        parts.append(table_html(section.table))
        if section.notes:
            items = "".join(f"<li>{escape(n)}</li>" for n in section.notes)
            parts.append(f'<ul class="notes">{items}</ul>')
    if closing:
        parts.append(closing)
    parts.append("</section>")
    return "\n".join(parts)


def _signed(sections: tuple[Section, ...], labels: tuple[str, ...]) -> list[str]:
    """The sections as HTML, a page of summaries (one that a section signed by columns
    begins) closed by room to sign, inside its last section so it stays on that page."""
    pages = _pages(sections)
    parts: list[str] = []
    summary = False
    for index, (section, css) in enumerate(pages):
        if section.start:
            summary = section.sign_off == "columns" and bool(labels)
        last = index + 1 == len(pages) or bool(pages[index + 1][0].start)
        closing = f'<div class="sign">{sign_off_html(labels)}</div>' if summary and last else ""
        own = labels if section.sign_off == "rows" else ()
        parts.append(_section(section, css, own, closing))
    return parts


def _pages(sections: tuple[Section, ...]) -> list[tuple[Section, str]]:
    """Each section with its classes: the page it is printed on (``wide``: landscape,
    ``tall``: portrait; a section that does not start a page stays on the one before), and
    ``start`` where it begins a new page."""
    classed, kind = [], "tall"
    for index, section in enumerate(sections):
        if section.start:
            kind = "wide" if section.start == "wide" else "tall"
        start = " start" if section.start and index else ""
        classed.append((section, kind + start))
    return classed


def strong(line: str) -> str:
    """``**text**`` (as Markdown writes it) in bold; everything else escaped."""
    pieces = escape(line).split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(pieces))


def render_html(document: Document) -> str:
    """The document as one standalone UTF-8 page, the legend under its title."""
    lang = "zh-CN" if document.lang == "zh" else "en"
    sections = "\n".join(_signed(document.sections, document.sign_off))
    legend = f'<p class="legend">{escape(document.legend)}</p>' if document.legend else ""
    first = document.sections[0].start if document.sections else ""
    body = ' class="wide-start"' if first == "wide" else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>{_STYLE}{_margins(document)}</style>\n"
        "</head>\n"
        f"<body{body}>\n<header>\n<h1>{escape(document.title)}</h1>\n{legend}\n</header>\n"
        f"{sections}\n<footer>{escape(document.footer)}</footer>\n</body>\n</html>\n"
    )


def _margins(document: Document) -> str:
    """The footer and the page number at the foot of every printed page."""
    footer = (
        document.footer.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("<", "\\3c ")
        .replace("\n", " ")
    )
    boxes = (
        f'@bottom-left {{ content: "{footer}"; {_MARGIN_TEXT} }} '
        f'@bottom-right {{ content: counter(page) " / " counter(pages); {_MARGIN_TEXT} }}'
    )
    return f"@page {{ {boxes} }}\n@page wide {{ {boxes} }}\n"
