"""One table of a spreadsheet export, a CSV file or a worksheet, and how a place in it is named.

Cells are given as the text a person sees; places are named as Excel names them
(``企业名册!D3``), or by line in a CSV file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base.messages import line_phrase

Row = tuple[int, list[str]]


class Formula(str):
    """A formula cell whose value was never saved (a workbook written by a program and not
    opened since): its text is the formula, and it must not be read as an empty cell."""


class ErrorValue(str):
    """A cell holding an error value (``#DIV/0!``, ``#N/A``, ``#VALUE!``) that calamine gives
    as an empty cell: its text is the error, and it must not be read as an empty cell."""


class Sheet:
    """One table of a roster file, a CSV file or one worksheet, and how to name a place in it."""

    def __init__(
        self,
        name: str | None,
        rows: Iterator[Row],
        *,
        percents_seen: bool = True,
        hidden: bool = False,
        hidden_rows: tuple[int, ...] = (),
    ) -> None:
        #: The worksheet's name; None for a CSV file.
        self.name = name
        self.rows = rows
        #: Whether a cell formatted as a percentage reads as one (``65%``); False where the
        #: format cannot be seen (.xls), so that such a cell reads as its fraction.
        self.percents_seen = percents_seen
        #: Whether the worksheet is hidden (or very hidden) in Excel, and the rows hidden in
        #: it (seen in .xlsx workbooks): read as any other, and said to be.
        self.hidden = hidden
        self.hidden_rows = hidden_rows

    def with_rows(self, rows: Iterator[Row]) -> Sheet:
        """The same sheet giving ``rows``, as when its first rows were read to look at."""
        return Sheet(
            self.name, rows, percents_seen=self.percents_seen, hidden=self.hidden,
            hidden_rows=self.hidden_rows,
        )  # fmt: skip

    def place(self, line: int, index: int | None = None, header: str | None = None) -> str:
        """Where a row (or a cell, given its column's index and header) is, as a person
        finds it: ``line 5, column 营业收入`` in a CSV, ``企业名册!D5, column 营业收入`` in a
        workbook (a whole row is ``企业名册!5:5``). A CSV's whole row is a :class:`Phrase`
        (``line 5``, ``第 5 行``), so that a message naming it reads in either language."""
        if self.name is None:
            if header is None:
                return line_phrase(line) if index is None else f"line {line}, column {index + 1}"
            where = f"line {line}"
        elif index is None:
            where = f"{sheet_ref(self.name)}!{line}:{line}"
        else:
            where = f"{sheet_ref(self.name)}!{column_letter(index)}{line}"
        return where if header is None else f"{where}, column {header}"

    def label(self, file_name: str) -> str:
        """The file, and the worksheet within it, as notes name them: ``名册.csv``, or
        ``[名册.xlsx]企业名册`` as Excel writes a reference to another workbook."""
        return file_name if self.name is None else f"[{file_name}]{self.name}"


def sheet_ref(name: str) -> str:
    """A worksheet's name as a cell reference spells it: quoted when not a plain word."""
    if re.fullmatch(r"\w+", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def column_letter(index: int) -> str:
    """The letters of the column at ``index`` (from 0): 0 → A, 26 → AA."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
