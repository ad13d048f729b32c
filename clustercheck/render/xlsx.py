"""A document as an Excel workbook: one styled sheet per section, room left to sign off.

openpyxl is the optional ``xlsx`` extra; without it the error says how to install it.
"""

from __future__ import annotations

import io
import re

from ..base.errors import Problem, UsageError
from .document import MARKS, Document, Section, widest

_FILLS = {"pass": "E6F4EA", "fail": "FCE8E6", "unknown": "FEF7E0", "info": "F2F2F2"}
_FONTS = {"pass": "0B6B2E", "fail": "A50E0E", "unknown": "7A5200", "info": "555555"}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_names(sections: tuple[Section, ...]) -> list[str]:
    """Names Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    names: list[str] = []
    for index, section in enumerate(sections, start=1):
        base = _BAD_SHEET_CHARS.sub("_", section.sheet or section.title or f"Sheet{index}")[:31]
        name, n = base, 2
        while name.lower() in (x.lower() for x in names):
            suffix = f"({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def render_xlsx(document: Document) -> bytes:
    """The workbook's bytes."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise UsageError(
            Problem("needs_extra", what=".xlsx", extra="xlsx", package="openpyxl")
        ) from None
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE3EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for section, name in zip(document.sections, sheet_names(document.sections), strict=True):
        sheet = book.create_sheet(name)
        headers = list(section.table.headers)
        if section.sign_off == "columns":
            headers += document.sign_off
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font, cell.fill, cell.alignment = bold, header_fill, wrap
        for row in section.table.rows:
            sheet.append(list(row))
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                cell.alignment = wrap
                kind = MARKS.get(str(cell.value or "").split(" ", 1)[0])
                if kind:
                    cell.fill = PatternFill("solid", fgColor=_FILLS[kind])
                    cell.font = Font(color=_FONTS[kind], bold=kind == "fail")
        sheet.freeze_panes = "A2"
        for index, heading in enumerate(headers, start=1):
            column = [heading, *(row[index - 1] for row in section.table.rows if index <= len(row))]
            width = min(max(widest(column) + 2, 6), 60)
            sheet.column_dimensions[get_column_letter(index)].width = width
        below = [*section.lead, *section.notes]
        if section.sign_off == "rows":
            below += ["", *(f"{heading}：" for heading in document.sign_off)]
        if below:
            sheet.append([])
            for line in below:
                sheet.append([line.replace("**", "")])
    if document.footer:
        first = book.worksheets[0]
        first.append([])
        first.append([document.footer])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
