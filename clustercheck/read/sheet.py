"""Rows of a spreadsheet export, CSV or XLSX, read one at a time, one sheet after another.

CSV files are read in UTF-8 (with or without a byte-order mark) or GB18030, which covers
GBK; the encoding is told from the first 64 KiB, so nobody has to name it. Lines are counted
as an editor counts them: physical lines from 1, a line break inside a quoted cell included.
XLSX files need openpyxl, the optional ``xlsx`` extra; every worksheet is offered, and places
in it are named as Excel names them (``企业名册!D3``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..base.errors import InputError, Problem

ROSTER_SUFFIXES = (".csv", ".xlsx")
_SAMPLE = 65_536
_PIECE = 1 << 20

Row = tuple[int, list[str]]


class Formula(str):
    """A formula cell whose value was never saved (a workbook written by a program and not
    opened since): its text is the formula, and it must not be read as an empty cell."""


class Sheet:
    """One table of a roster file, a CSV file or one worksheet, and how to name a place in it."""

    def __init__(self, name: str | None, rows: Iterator[Row]) -> None:
        #: The worksheet's name; None for a CSV file.
        self.name = name
        self.rows = rows

    def place(self, line: int, index: int | None = None, header: str | None = None) -> str:
        """Where a row (or a cell, given its column's index and header) is, as a person
        finds it: ``line 5, column 营业收入`` in a CSV, ``企业名册!D5, column 营业收入`` in a
        workbook (a whole row is ``企业名册!5:5``)."""
        if self.name is None:
            where = f"line {line}"
            if header is None and index is not None:
                return f"{where}, column {index + 1}"
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


def sheets(path: Path, raw: BinaryIO | None = None) -> Iterator[Sheet]:
    """The tables of ``path``: a CSV file's one, or every worksheet of a workbook in order. A
    CSV file already open may be given as ``raw``, read from where it stands (its start)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return iter([Sheet(None, _csv_rows(path, raw))])
    if suffix == ".xlsx":
        return _xlsx_sheets(path)
    raise InputError(
        str(path), "", Problem("not_roster_suffix", expected=", ".join(ROSTER_SUFFIXES))
    )


def csv_encoding(sample: bytes) -> str:
    """``utf-8-sig`` when the sample is UTF-8 (a BOM is dropped), else ``gb18030``."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def open_csv(path: Path) -> BinaryIO:
    """A CSV file opened once, for every reader of it to read the same bytes."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(str(path), "", Problem("no_file")) from None


def _csv_rows(path: Path, raw: BinaryIO | None) -> Iterator[Row]:
    """(first line, cells) of every record; a record spans lines where a quoted cell holds a
    line break. Each record is given once the next is read: only the last can be a quote
    that never closes, which the csv module would read to the end of the file as one cell."""
    raw = open_csv(path) if raw is None else raw
    begin = raw.tell()
    encoding = csv_encoding(raw.read(_SAMPLE))
    raw.seek(begin)
    handle = io.TextIOWrapper(raw, encoding=encoding, newline="")
    start = 1
    last: Row | None = None
    with handle:
        reader = csv.reader(handle)
        try:
            for cells in reader:
                if last is not None:
                    yield last
                last, start = (start, cells), reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise _encoding_error(path, encoding, exc) from None
        except csv.Error as exc:
            _refuse_open_quote(path, encoding, start)
            raise InputError(
                str(path), f"line {start}", Problem("not_csv", detail=str(exc))
            ) from None
    if last is not None:
        if start - 1 > last[0]:  # the last record spans lines
            _refuse_open_quote(path, encoding, last[0])
        yield last


def _refuse_open_quote(path: Path, encoding: str, start: int) -> None:
    """Raises the error for a quote, in the records from line ``start`` on, that the file
    never closes."""
    opened = _open_quote(path, encoding, start)
    if opened is not None:
        line, text = opened
        raise InputError(str(path), f"line {line}", Problem("open_quote", value=text))


#: Where a cell not in quotes ends: at a comma or a line break.
_CELL_END = re.compile(r"[,\r\n]")


def _open_quote(path: Path, encoding: str, start: int) -> tuple[int, str] | None:
    """The line of a quote, in the records from line ``start`` on, that the file never
    closes, and the text after it; None when every quote closes. Quotes count as the csv
    module counts them: one opens a cell only at the cell's start, and two in a row inside
    quotes stand for one."""
    opened: tuple[int, str] | None = None
    at_start = True
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        for number, text in enumerate(handle, start=1):
            if number < start:
                continue
            i, end = 0, len(text)
            while i < end:
                if opened is not None:
                    close = text.find('"', i)
                    if close < 0:
                        break
                    if text.startswith('"', close + 1):
                        i = close + 2
                        continue
                    opened, at_start, i = None, False, close + 1
                elif at_start and text[i] == '"':
                    opened = (number, text[i + 1 : i + 21].rstrip("\r\n"))
                    i += 1
                else:
                    found = _CELL_END.search(text, i)
                    if found is None:
                        break
                    at_start, i = True, found.end()
    return opened


def _encoding_error(path: Path, encoding: str, exc: UnicodeDecodeError) -> InputError:
    """The error for a file that changes encoding: the first line that is not in the
    file's encoding, found by decoding line by line (the text reader decodes ahead of the
    lines it has given, so where it failed says nothing about the line)."""
    shown = "UTF-8" if encoding.startswith("utf") else "GB18030/GBK"
    found = _undecodable_line(path, "utf-8" if encoding.startswith("utf") else encoding)
    if found is None:  # not expected: every byte was decoded once before
        return InputError(str(path), "", Problem("not_encoding", encoding=shown, reason=exc.reason))
    line, bad, reason = found
    return InputError(
        str(path), f"line {line}",
        Problem("bad_bytes", value=bad.hex(" ").upper(), encoding=shown, reason=reason),
    )  # fmt: skip


def _undecodable_line(path: Path, codec: str) -> tuple[int, bytes, str] | None:
    """The number of the first line that ``codec`` cannot decode, its first bad bytes (those
    not ASCII, up to four) and why. Line breaks are split on as bytes: in UTF-8 and GB18030 they are never part of a
    character."""
    number = 0
    carry = b""
    with path.open("rb") as raw:
        while True:
            piece = raw.read(_PIECE)
            lines = (carry + piece).splitlines(keepends=True)
            carry = lines.pop() if piece and lines else b""  # may go on in the next piece
            for text in lines:
                number += 1
                try:
                    text.decode(codec)
                except UnicodeDecodeError as exc:
                    bad = text[exc.start : exc.start + 4]
                    ascii_at = next((i for i, byte in enumerate(bad) if byte < 0x80), len(bad))
                    return number, bad[:ascii_at] or bad, exc.reason
            if not piece:
                return None


def _text(cell: object) -> str:
    """A spreadsheet cell as the text a person sees; a number from its shortest decimal form."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return repr(cell).removesuffix(".0") if cell.is_integer() else repr(cell)
    return str(cell)


def _xlsx_sheets(path: Path) -> Iterator[Sheet]:
    """Every worksheet of a workbook. A worksheet holding formulas is read twice over, for
    the values saved with it and for its formulas, to tell a formula never calculated from
    an empty cell; one without is read once."""
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            str(path),
            "",
            Problem("needs_extra_to_read", what=".xlsx", extra="xlsx", package="openpyxl"),
        ) from None
    if not path.is_file():
        raise InputError(str(path), "", Problem("no_file"))
    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(str(path), "", Problem("not_workbook", detail=str(exc))) from None
    formulas = None
    try:
        worksheets: list[Any] = values.worksheets
        for index, shown in enumerate(worksheets):
            written = None
            if _has_formulas(archive, shown._worksheet_path):
                if formulas is None:
                    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
                written = formulas.worksheets[index]
            yield Sheet(shown.title, _xlsx_rows(shown, written))
    finally:
        values.close()
        archive.close()
        if formulas is not None:
            formulas.close()


#: A formula element in a worksheet's XML, with or without a namespace prefix.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")


def _has_formulas(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether a worksheet's XML holds a formula, read in pieces that overlap by a tag."""
    tail = b""
    with archive.open(member) as xml:
        while piece := xml.read(_PIECE):
            if _FORMULA_TAG.search(tail + piece):
                return True
            tail = piece[-16:]
    return False


def _xlsx_rows(shown: Any, written: Any) -> Iterator[Row]:
    """(row number, cells) of a worksheet; with its formulas (``written``), a formula with no
    saved value is a :class:`Formula`."""
    if written is None:
        for number, cells in enumerate(shown.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_text(cell) for cell in cells]
        return
    rows = zip(
        shown.iter_rows(min_row=1, values_only=True),
        written.iter_rows(min_row=1, values_only=True),
        strict=True,
    )
    for number, (cells, sources) in enumerate(rows, start=1):
        yield (
            number,
            [
                Formula(source) if cell is None and _is_formula(source) else _text(cell)
                for cell, source in zip(cells, sources, strict=True)
            ],
        )


def _is_formula(source: object) -> bool:
    return isinstance(source, str) and source.startswith("=")
