"""What an existing workbook holds that another does not: the cells a user filled in, so
that writing a blank fill-in workbook over a filled one is noticed before it is done."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .table import column_letter, sheet_ref
from .workbook import workbook_sheets


def _cells(path: Path) -> dict[tuple[str, int, int], str]:
    return {
        (sheet.name or "", line, index): text.strip()
        for sheet in workbook_sheets(path)
        for line, cells in sheet.rows
        for index, text in enumerate(cells)
        if text.strip()
    }


def cells_unlike(path: Path, workbook: bytes) -> list[str]:
    """The cells of the workbook at ``path`` (as ``sheet!A1``) that hold a value the workbook
    ``workbook`` does not hold in the same place; an unreadable file is an ``InputError``."""
    with tempfile.TemporaryDirectory() as folder:
        other = Path(folder) / "blank.xlsx"
        other.write_bytes(workbook)
        blank = _cells(other)
    return [
        f"{sheet_ref(sheet)}!{column_letter(index)}{line}"
        for (sheet, line, index), text in _cells(path).items()
        if blank.get((sheet, line, index)) != text
    ]
