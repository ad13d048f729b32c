"""A format-neutral document of tables, and its CSV form.

Reports and review tables are first laid out as a :class:`Document` (titled sections, each
a table with notes under it); each output format then only draws it. Text and Markdown,
HTML and XLSX live in their own modules.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Sequence
from decimal import Decimal

import attrs


@attrs.frozen
class Number:
    """A figure in a table: its value in ``unit`` as shown, and the text formats' form of it.

    Spreadsheets store ``value`` as a number with ``places`` decimals and the unit in the
    number format; text, Markdown and CSV print ``text``.
    """

    value: Decimal
    unit: str
    text: str
    places: int = 0
    #: Whether a positive value is shown with its sign (margins: ``+3.5亿元``).
    signed: bool = False

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Tally(Number):
    """A count a spreadsheet computes: the rows of the summary sheet whose columns (by
    heading) hold the given texts (all of them, when ``where`` is empty, the cells above it
    in its column), so a reviewer who corrects a verdict sees the count follow."""

    where: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Mark:
    """A cell that shows a status: ``kind`` (pass, fail, unknown, info) colours it."""

    text: str
    kind: str

    def __str__(self) -> str:
        return self.text


#: The kind of mark each verdict is coloured as, by its value (as ``Section.verdict`` holds it).
VERDICT_KINDS = {"QUALIFIED": "pass", "NOT_QUALIFIED": "fail", "INCOMPLETE": "unknown"}

#: What a table cell holds: text, a figure, or a status.
Cell = str | Number | Mark


@attrs.frozen
class Table:
    """Headers and rows of cells; ``widths`` caps column widths in plain text (None: no cap).
    ``clusters`` names, for a summary, each row's cluster and verdict code (several packs'
    verdicts joined by a space), which HTML marks as ``data-cluster`` and ``data-verdict``
    for programs that read the page."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int | None, ...] | None = None
    clusters: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Section:
    """A titled table with lines of text above (``lead``) and below (``notes``) it."""

    title: str
    table: Table
    lead: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    #: The status of the section as a whole (a cluster's verdict), for styling.
    verdict: str | None = None
    #: The name of its worksheet in XLSX.
    sheet: str = ""
    #: Where a spreadsheet leaves room to sign off: "columns" beside each row, "rows" below.
    sign_off: str | None = None
    #: How the section starts when printed: "" right after the one before, "page" on a new
    #: portrait page, "wide" on a new landscape page (summaries: rows of clusters).
    start: str = ""
    #: The table a workbook shows in its place (a summary as the 推荐汇总表: numbered, with
    #: the key figures); None: the same table.
    workbook: Table | None = None


@attrs.frozen
class Document:
    """What a command prints: a title, sections, a legend and a footer.

    ``flat`` is the same content as one table, for CSV; ``sign_off`` are the headings a
    reviewer fills in by hand (评审意见, 评审人, 日期), left blank in spreadsheets.
    """

    title: str
    sections: tuple[Section, ...]
    flat: Table
    legend: str = ""
    footer: str = ""
    lang: str = "zh"
    sign_off: tuple[str, ...] = ()


def markdown_cell(cell: Cell) -> str:
    """A cell as a Markdown table holds it: a ``|`` in a name escaped and a line break shown
    as ``<br>``, so that neither ends the cell or the row."""
    return str(cell).replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


#: What makes Excel and WPS read a CSV cell as a formula (=, +, -, @) or strip it (tab, CR).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(cell: Cell) -> str:
    """A cell as CSV holds it: text that Excel or WPS would run as a formula (a name such as
    ``=HYPERLINK(…)`` or ``-某厂``) gets the leading apostrophe that makes it text. Figures
    and marks are the tool's own and written as they are."""
    if not isinstance(cell, str):
        return str(cell)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def render_csv(table: Table) -> bytes:
    """One table as CSV in UTF-8 with a byte-order mark, so Excel shows Chinese correctly.
    Rows are encoded as they are written: a review of many clusters holds its CSV once, as
    bytes, not also as text (four bytes a character while it is written)."""
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in table.headers])
    writer.writerows(map(_csv_cell, row) for row in table.rows)  # the writer takes any iterable
    text.flush()
    return buffer.getvalue()


def widest(cells: Sequence[Cell]) -> int:
    """The display width of the widest cell, a CJK character counting two."""
    return max((display_width(str(cell)) for cell in cells), default=0)


@functools.lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """The display width of the longest line of ``text``, a CJK character counting two
    (remembered: the same wordings recur in every cluster's table)."""
    return max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.split("\n"))
