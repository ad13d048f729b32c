"""A document as one standalone, printable HTML page, or as a fragment for notebooks.

The page needs nothing from outside: styles are inline, fonts come from a Chinese font
stack the reader's system has, and print CSS starts each cluster on a new page.
"""

from __future__ import annotations

from html import escape

from .document import MARKS, Document, Section, Table

_STYLE = """
body { font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "Source Han Sans SC", "WenQuanYi Micro Hei", SimSun, sans-serif; margin: 2em; color: #1a1a1a; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #8c8c8c; padding: 0.3em 0.45em; text-align: left; vertical-align: top; }
th { background: #eef1f6; }
td:first-child { white-space: nowrap; }
td.pass { background: #e6f4ea; color: #0b6b2e; text-align: center; }
td.fail { background: #fce8e6; color: #a50e0e; text-align: center; font-weight: bold; }
td.unknown { background: #fef7e0; color: #7a5200; text-align: center; }
td.info { color: #555; text-align: center; }
p.verdict-QUALIFIED strong { color: #0b6b2e; } p.verdict-NOT_QUALIFIED strong { color: #a50e0e; }
p.verdict-INCOMPLETE strong { color: #7a5200; }
ul.notes { font-size: 0.9em; color: #333; }
.legend { margin-top: 1.5em; } footer { margin-top: 2em; font-size: 0.85em; color: #555;
  border-top: 1px solid #ccc; padding-top: 0.5em; }
@media print {
  body { margin: 1cm; font-size: 10.5pt; }
  section.page + section.page { break-before: page; page-break-before: always; }
  table, tr { break-inside: avoid; page-break-inside: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _cell(text: str, header: bool = False) -> str:
    if header:
        return f"<th>{escape(text)}</th>"
    kind = MARKS.get(text.split(" ", 1)[0]) if text else None
    attribute = f' class="{kind}"' if kind else ""
    return f"<td{attribute}>{escape(text)}</td>"


def table_html(table: Table) -> str:
    """A table as HTML, status marks classed for colour."""
    head = "".join(_cell(h, header=True) for h in table.headers)
    body = "\n".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in table.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _section(section: Section, page: bool) -> str:
    parts = [f'<section class="{"page" if page else "part"}">']
    if section.title:
        parts.append(f"<h2>{escape(section.title)}</h2>")
    for line in section.lead:
        css = f' class="verdict-{section.verdict}"' if section.verdict else ""
        parts.append(f"<p{css}>{_strong(line)}</p>")
    parts.append(table_html(section.table))
    if section.notes:
        items = "".join(f"<li>{escape(n)}</li>" for n in section.notes)
        parts.append(f'<ul class="notes">{items}</ul>')
    parts.append("</section>")
    return "\n".join(parts)


def _strong(line: str) -> str:
    """``**text**`` (as Markdown writes it) in bold; everything else escaped."""
    pieces = escape(line).split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(pieces))


def render_html(document: Document) -> str:
    """The document as one standalone UTF-8 page."""
    lang = "zh-CN" if document.lang == "zh" else "en"
    sections = "\n".join(_section(s, document.page_per_section) for s in document.sections)
    legend = f'<p class="legend">{escape(document.legend)}</p>' if document.legend else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(document.title)}</h1>\n{sections}\n{legend}\n"
        f"<footer>{escape(document.footer)}</footer>\n</body>\n</html>\n"
    )


def fragment_html(document: Document) -> str:
    """The document's tables for a notebook cell: no page, no styles beyond the marks."""
    parts = [f"<strong>{escape(document.title)}</strong>"]
    for section in document.sections:
        if section.title:
            parts.append(f"<div><em>{escape(section.title)}</em></div>")
        parts += [f"<div>{_strong(line)}</div>" for line in section.lead]
        parts.append(table_html(section.table))
    if document.legend:
        parts.append(f"<div>{escape(document.legend)}</div>")
    return "\n".join(parts)
