"""A document as plain text or Markdown: titles, tables, the notes under them, a footer.

Plain text fits the terminal it is printed to when given its width (see :mod:`.terminal`);
written to a file, it is laid out wide.
"""

from __future__ import annotations

from .document import Document, Table, markdown_cell
from .terminal import table_lines, wrap


def _markdown_table(table: Table) -> str:
    from tabulate import tabulate  # imported when drawing, to keep ``import clustercheck`` quick

    return tabulate(
        [[markdown_cell(c) for c in r] for r in table.rows],
        headers=[markdown_cell(h) for h in table.headers],
        tablefmt="pipe",
        disable_numparse=True,
    )


def render_text(document: Document, fmt: str, width: int | None = None) -> str:
    """The document as plain text (``width``: the columns of the terminal it is printed to)
    or Markdown."""
    markdown = fmt == "markdown"

    def fit(text: str, indent: str = "") -> str:
        """A line of prose wrapped to the terminal, its later lines under its first's text."""
        if width is None:
            return text
        lines = wrap(text[len(indent) :], width - len(indent))
        return "\n".join(
            (indent if i == 0 else " " * len(indent)) + line for i, line in enumerate(lines)
        )

    parts = [f"# {document.title}" if markdown else fit(document.title)]
    for section in document.sections:
        lines = [f"## {section.title}" if markdown else fit(section.title)] if section.title else []
        lead = (
            section.lead
            if markdown
            else tuple(fit(line.replace("**", "")) for line in section.lead)
        )
        if lead:  # in Markdown, a paragraph each: lines merely following one another join
            lines += ["", ("\n\n" if markdown else "\n").join(lead)]
        table = (
            _markdown_table(section.table)
            if markdown
            else table_lines(section.table, width, document.lang)
        )
        lines += ["", table]
        if section.notes:
            lines += [""] + [fit(f"- {line}", "- ") for line in section.notes]
        while lines and not lines[0]:
            lines.pop(0)
        parts.append("\n".join(lines))
    tail = [fit(line) for line in (document.legend, document.footer) if line]
    if tail:
        parts.append("\n".join(tail))
    return "\n\n".join(parts) + "\n"
