"""A document as an Excel workbook a reviewer can print and sign without touching it.

Written with XlsxWriter (the optional ``xlsx`` extra). One sheet per section: A4, fit to
one page wide (summaries landscape), the header row (and the cluster column of summaries)
repeated on every page, the pack, date and page number in the footer; figures stored as
numbers with their unit in the number format; marks and verdicts centred and coloured;
blank columns or lines left to sign off, the date column accepting dates only. A cluster's
sheet opens with its verdict, coloured, and prints on one page where it reasonably can; the
summary's names link to the clusters' sheets; counts of clusters are formulas over the
summary, so they follow a corrected verdict. Text is set in a CJK font (等线), since Excel and
WPS fall back badly from Calibri.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..base.errors import Problem, UsageError
from ..base.labels import unit_word, word
from ..base.progress import Progress
from .document import VERDICT_KINDS, Cell, Document, Mark, Number, Section, Table, Tally, widest

if TYPE_CHECKING:
    from xlsxwriter.format import Format  # type: ignore[import-untyped]
    from xlsxwriter.workbook import Workbook  # type: ignore[import-untyped]
    from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

_FILLS = {"pass": "#E6F4EA", "fail": "#FCE8E6", "unknown": "#FEF7E0", "info": "#F2F2F2"}
_FONTS = {"pass": "#0B6B2E", "fail": "#A50E0E", "unknown": "#7A5200", "info": "#555555"}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
#: Width of the columns a reviewer writes in: 评审意见, 评审人, 日期.
_SIGN_WIDTHS = (24, 10, 12)
#: The widest a column of text is made, in characters; longer text wraps.
_WIDEST = 24
#: The widest another column of a summary is made (its lists of criteria wrap), so that a
#: comparison of two packs prints at 82% or more: 11-point text at 9 points at least.
_WIDE_COLUMN = 16
#: The widest the names of a summary's first column are made (names of 15 CJK characters).
_NAMES = 32
#: The widest mark kept centred on one line (a CJK character counting two).
_SHORT_MARK = 12
#: Paper size 9 is A4 in Excel's page setup.
_A4 = 9
#: Dates a reviewer signs on are after this one (the date column's data validation).
_EPOCH = dt.date(2000, 1, 1)
#: The font of every cell: a CJK font Excel, WPS and LibreOffice all have or substitute well.
FONT = "等线"
#: Points per character of column width, the padding a workbook adds to each column's
#: width (5 of 7 pixels), and a line of 11-point 等线 text in points.
_POINTS_PER_CHAR, _PADDING, _LINE = 5.25, 5 / 7, 16.0
#: The printable width and height of A4 in points within the margins set below.
_PORTRAIT, _LANDSCAPE = (523.0, 740.0), (770.0, 494.0)
#: How many pages' worth a cluster's sheet may be and still be shrunk onto one.
_ONE_PAGE = 1.35


def sheet_names(sections: tuple[Section, ...]) -> list[str]:
    """Names Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    names: list[str] = []
    for index, section in enumerate(sections, start=1):
        base = _BAD_SHEET_CHARS.sub("_", section.sheet or section.title or f"Sheet{index}")[:31]
        base = base.strip("'") or f"Sheet{index}"
        name, n = base, 2
        while name.lower() in (x.lower() for x in names):
            suffix = f"({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def number_format(cell: Number, lang: str) -> str:
    """The Excel number format of a figure: its decimals, its unit, a sign on margins."""
    digits = "0" if cell.places == 0 else "0." + "0" * cell.places
    if cell.unit == "%":
        body = f"{digits}%"
    else:
        unit = unit_word(cell.unit, lang).replace('"', "")
        body = f'{digits}"{unit}"' if unit else digits
    return f"+{body};-{body};{body}" if cell.signed else body


def _header_footer(text: str) -> str:
    """Text for an Excel header or footer: ``&`` doubled, cut to fit its 255 characters."""
    return text.replace("&", "&&")[:180]


class _Formats:
    """The workbook's cell formats, made once each."""

    def __init__(self, book: Workbook, lang: str) -> None:
        self._book, self._lang = book, lang
        self._made: dict[tuple[Any, ...], Format] = {}
        self.header = self._add(("header",), bold=True, bg_color="#DCE3EE", text_wrap=True,
                                valign="vcenter", align="center", border=1)  # fmt: skip
        self.text = self._add(("text",), text_wrap=True, valign="top", border=1)
        self.blank = self._add(("blank",), valign="top", border=1, text_wrap=True)
        self.date = self._add(("date",), num_format="yyyy-mm-dd", valign="top", border=1)
        self.plain = self._add(("plain",), text_wrap=False)
        self.note = self._add(("note",), text_wrap=True, valign="top")
        self.sign = self._add(("sign",), bottom=1)
        self.label = self._add(("label",), valign="bottom")
        self.link = self._add(("link",), text_wrap=True, valign="top", border=1,
                              font_color="#1F4E9A", underline=1)  # fmt: skip

    def _add(self, key: tuple[Any, ...], **props: Any) -> Format:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._book.add_format({"font_name": FONT, **props})
        return made

    def verdict(self, kind: str) -> Format:
        """The verdict line on top of a cluster's sheet, coloured like its verdict."""
        return self._add(("verdict", kind), bold=True, bg_color=_FILLS[kind],
                         font_color=_FONTS[kind], valign="vcenter")  # fmt: skip

    def mark(self, kind: str, listed: bool = False) -> Format:
        """A status cell coloured like its mark: centred, or (``listed``: a list of criteria)
        wrapped from the left."""
        return self._add(
            ("mark", kind, listed), align="left" if listed else "center", valign="top",
            border=1, bg_color=_FILLS[kind], font_color=_FONTS[kind], bold=kind == "fail",
            text_wrap=listed,
        )  # fmt: skip

    def colour(self, kind: str) -> Format:
        """The colours of a mark alone, for conditional formats."""
        return self._add(("colour", kind), bg_color=_FILLS[kind], font_color=_FONTS[kind])

    def number(self, cell: Number) -> Format:
        """A figure: right-aligned, its decimals and unit in the number format."""
        spec = number_format(cell, self._lang)
        return self._add(("number", spec), num_format=spec, align="right", valign="top", border=1)


def _value(cell: Number) -> float:
    """The number Excel stores: percentages as fractions, so ``0.00%`` shows them."""
    value = cell.value / 100 if cell.unit == "%" else cell.value
    return float(value.quantize(Decimal(1).scaleb(-cell.places - (2 if cell.unit == "%" else 0))))


def _write_cell(
    sheet: Worksheet, row: int, col: int, cell: Cell, formats: _Formats, context: _Context
) -> None:
    if isinstance(cell, Tally):
        formula = context.formula(cell, row, col)
        sheet.write_formula(row, col, formula, formats.number(cell), int(cell.value))
    elif isinstance(cell, Number):
        sheet.write_number(row, col, _value(cell), formats.number(cell))
    elif isinstance(cell, Mark):
        listed = widest([cell.text]) > _SHORT_MARK
        sheet.write_string(row, col, cell.text, formats.mark(cell.kind, listed))
    elif cell and col == context.linked_column and cell in context.links:
        sheet.write_url(row, col, f"internal:'{context.links[cell]}'!A1", formats.link, cell)
    elif cell:
        sheet.write_string(row, col, cell, formats.text)
    else:
        sheet.write_blank(row, col, None, formats.blank)


class _Context:
    """What a sheet needs to know of the others: the summary's columns, for counts that are
    formulas over it, and the clusters' sheets, for the summary's links to them."""

    def __init__(self, sections: list[tuple[Section, str]]) -> None:
        summaries = [(s, n) for s, n in sections if s.sign_off == "columns"]
        self.summary: tuple[str, Table] | None = (
            (summaries[0][1], summaries[0][0].workbook or summaries[0][0].table)
            if summaries else None
        )  # fmt: skip
        clusters = [(s, n) for s, n in sections if s.sign_off == "rows" and s.verdict]
        self.links: dict[str, str] = {}
        self.linked_column = -1
        if self.summary is not None:
            table = self.summary[1]
            names = [s.sheet for s, _ in clusters]
            for col in range(min(2, len(table.headers))):
                column = [row[col] for row in table.rows]
                if column and column == names:  # one sheet per row, in the same order
                    self.linked_column = col
                    self.links = dict(zip(names, (n for _, n in clusters), strict=True))

    def formula(self, cell: Tally, row: int, col: int) -> str:
        """A count as a formula: COUNTIFS over the summary's columns, or the sum of the
        cells above it."""
        from xlsxwriter.utility import xl_range, xl_range_abs  # type: ignore[import-untyped]

        if not cell.where or self.summary is None:
            return f"=SUM({xl_range(1, col, row - 1, col)})"
        name, table = self.summary
        last = len(table.rows)
        parts = []
        for heading, text in cell.where:
            column = table.headers.index(heading)
            quoted = text.replace('"', '""')
            parts.append(f"'{name}'!{xl_range_abs(1, column, last, column)},\"{quoted}\"")
        return f"=COUNTIFS({','.join(parts)})"


def _width(heading: str, cells: list[Cell], widest_allowed: int = _WIDEST) -> float:
    """A column wide enough for its cells (up to ``widest_allowed``, wrapping beyond); a
    column of marks as narrow as its heading allows, the heading wrapping onto two lines."""
    if cells and all(isinstance(c, Mark) and widest([c]) <= _SHORT_MARK for c in cells):
        marks = widest(cells) + 2
        if any(ord(ch) > 0x2E80 for ch in heading):
            return float(max(marks, 5, -(-widest([heading]) // 2) + 1))
        return float(max(marks, 5, *(len(w) + 2 for w in heading.split())))
    if cells and all(isinstance(c, Number) or not c for c in cells):  # the heading wraps
        return float(max(widest(cells) + 2, -(-widest([heading]) // 2) + 1, 6))
    bold = 1 if any(isinstance(c, Mark) for c in cells) else 0  # a failed mark is bold
    return float(min(max(widest([heading, *cells]) + 2 + bold, 6), widest_allowed))


def _column_widths(section: Section, table: Table, headers: list[str], signing: int) -> list[float]:
    rows = table.rows
    # A summary's first column, the cluster's name, is wide enough for the name on one line.
    wide = section.start == "wide"
    names = _NAMES if wide else _WIDEST
    shown = headers[: len(headers) - signing]
    columns = [[row[index] for row in rows if index < len(row)] for index in range(len(shown))]
    caps = [
        names if index <= 1 or _one_line_last(wide, index, shown, cells)
        else _WIDE_COLUMN if wide else _WIDEST
        for index, cells in enumerate(columns)
    ]  # fmt: skip
    widths = [
        _width(heading, cells, cap)
        for heading, cells, cap in zip(shown, columns, caps, strict=True)
    ]
    return widths + [float(w) for w in _SIGN_WIDTHS[:signing]]


def _one_line_last(wide: bool, index: int, headers: Sequence[str], cells: list[Cell]) -> bool:
    """Whether a summary's column is its last, of text and no list (the revenue band:
    ``over 20 CNY 100 million``), kept on one line as the page keeps it rather than making
    each row two lines tall."""
    return (
        wide
        and index == len(headers) - 1
        and not any(isinstance(c, Mark) or "、" in c or ", " in c for c in map(str, cells))
    )


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    room = max(int(width) - 1, 1)
    return sum(max(1, -(-widest([line]) // room)) for line in text.split("\n"))


def _row_heights(
    sheet: Worksheet, rows: list[list[str]], widths: list[float], first: int = 0
) -> float:
    """Row heights set for wrapped text, since neither Excel nor LibreOffice measures rows
    a writer leaves unsized in every case; the rows' height in points."""
    total = 0.0
    for index, row in enumerate(rows, start=first):
        lines = max(
            (wrapped_lines(text, w) for text, w in zip(row, widths, strict=False)), default=1
        )
        height = _LINE * lines + 3
        sheet.set_row(index, height)
        total += height
    return total


def _sheet(
    book: Workbook, name: str, section: Section, document: Document, formats: _Formats,
    context: _Context,
) -> None:  # fmt: skip
    """One section as a sheet: its verdict on top (a cluster's), its table, the lines under
    it, its page setup."""
    sheet = book.add_worksheet(name)
    table = section.workbook or section.table
    signing = len(document.sign_off) if section.sign_off == "columns" else 0
    headers = [*table.headers, *document.sign_off[:signing]]
    widths = _column_widths(section, table, headers, signing)
    top = 1 if section.verdict else 0
    height = 0.0
    if top:
        kind = VERDICT_KINDS.get(section.verdict or "", "info")
        line = "    ".join(line.replace("**", "") for line in section.lead)
        sheet.merge_range(0, 0, 0, len(headers) - 1, line, formats.verdict(kind))
        sheet.set_row(0, 22)
        height += 22
    for col, heading in enumerate(headers):
        sheet.write_string(top, col, heading, formats.header)
    for row_index, row in enumerate(table.rows, start=top + 1):
        for col, cell in enumerate(row):
            _write_cell(sheet, row_index, col, cell, formats, context)
        for col in range(len(row), len(headers) - 1 if signing else len(headers)):
            sheet.write_blank(row_index, col, None, formats.blank)
        if signing:
            sheet.write_blank(row_index, len(headers) - 1, None, formats.date)
    last = top + len(table.rows)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    height += _row_heights(
        sheet, [headers, *([str(c) for c in row] for row in table.rows)], widths, top
    )
    summary = section.start == "wide"
    if signing and table.rows:
        date_col = len(headers) - 1
        sheet.data_validation(1, date_col, last, date_col, {
            "validate": "date", "criteria": ">", "minimum": _EPOCH,
            "error_message": word("date_expected", document.lang),
        })  # fmt: skip
    if summary and table.rows:
        sheet.autofilter(0, 0, last, len(headers) - 1)
        _recolour(sheet, table, formats)
    names = max(context.linked_column + 1, 1) if summary else 0  # through the cluster's name
    sheet.freeze_panes(top + 1, names)
    height += _below(sheet, section, document, formats, last + 2, widths)
    _page_setup(sheet, section, document, summary, (widths, height), (top, names))


def _recolour(sheet: Worksheet, table: Table, formats: _Formats) -> None:
    """Columns of marks keep their colours when a reviewer edits a mark: a conditional
    format per mark the column holds (✓ green, ✗ red, ? amber)."""
    rows = table.rows
    for col in range(len(table.headers)):
        cells = [row[col] for row in rows if col < len(row)]
        if not cells or not all(isinstance(c, Mark) for c in cells):
            continue
        marks = {c.text: c.kind for c in cells if isinstance(c, Mark)}
        for text, kind in sorted(marks.items()):
            sheet.conditional_format(1, col, len(rows), col, {
                "type": "cell", "criteria": "==", "value": f'"{text}"',
                "format": formats.colour(kind),
            })  # fmt: skip


def _below(
    sheet: Worksheet, section: Section, document: Document, formats: _Formats, row: int,
    widths: list[float],
) -> float:  # fmt: skip
    """The notes under the table, each wrapped across the table's width, and lines to sign a
    cluster's sheet on (the label across the first two columns, so it is never cut); the
    height they take, in points."""
    last = max(len(widths) - 1, 1)
    height = 0.0
    lead = () if section.verdict else section.lead
    for line in (*lead, *section.notes):
        text = line.replace("**", "")
        lines = wrapped_lines(text, sum(widths) * 0.95)
        sheet.merge_range(row, 0, row, last, text, formats.note)
        sheet.set_row(row, _LINE * lines + 2)
        height += _LINE * lines + 2
        row += 1
    if section.sign_off == "rows":
        row += 1
        colon = "：" if document.lang == "zh" else ":"
        split = 2 if len(widths) > 3 else 1
        for heading in document.sign_off:
            tall = 48 if heading == document.sign_off[0] else 24
            if split > 1:
                sheet.merge_range(row, 0, row, split - 1, f"{heading}{colon}", formats.label)
            else:
                sheet.write_string(row, 0, f"{heading}{colon}", formats.label)
            sheet.merge_range(row, split, row, last, "", formats.sign)
            sheet.set_row(row, tall)
            height += tall
            row += 1
    return height


def print_scale(widths: Sequence[float], wide: bool) -> float:
    """The scale that fits columns of these widths, as a workbook stores them (characters
    and the cell's padding), to one A4 page wide."""
    width = sum(w * _POINTS_PER_CHAR for w in widths)
    page = (_LANDSCAPE if wide else _PORTRAIT)[0]
    return min(1.0, page / width) if width else 1.0


def _page_setup(
    sheet: Worksheet, section: Section, document: Document, wide: bool,
    size: tuple[list[float], float], titles: tuple[int, int],
) -> None:  # fmt: skip
    """A4 (``wide``: landscape), fit to one page wide (a cluster's sheet onto one page where
    that shrinks it little; ``size``: its column widths and the height of its rows),
    titles repeated, the section in the header and the pack, date and page number in the
    footer."""
    sheet.set_paper(_A4)
    if wide:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    scale = print_scale([w + _PADDING for w in size[0]], wide)
    if section.verdict and size[1] * scale <= _PORTRAIT[1] * _ONE_PAGE:
        sheet.fit_to_pages(1, 1)
    else:
        sheet.fit_to_pages(1, 0)
    rows, columns = titles  # the rows above the table's body, the columns naming each row
    sheet.repeat_rows(0, rows)
    sheet.repeat_columns(0, max(columns - 1, 0))
    sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    sheet.set_header("&C&B" + _header_footer(section.title or document.title))
    page = word("page", document.lang)
    sheet.set_footer(f"&L&8{_header_footer(document.footer)}&R&8{page}")  # 8 pt: never overlapping


def render_xlsx(document: Document, progress: Progress | None = None) -> bytes:
    """The workbook's bytes; ``progress`` is told the sheets written (``"sheets"``)."""
    try:
        from xlsxwriter import Workbook  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError(
            Problem("needs_extra", what=".xlsx", extra="xlsx", package="XlsxWriter")
        ) from None
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    formats = _Formats(book, document.lang)
    sheets = list(zip(document.sections, sheet_names(document.sections), strict=True))
    context = _Context(sheets)
    for done, (section, name) in enumerate(sheets, start=1):
        _sheet(book, name, section, document, formats, context)
        if progress is not None:
            progress("sheets", done, len(sheets))
    book.close()
    return buffer.getvalue()
