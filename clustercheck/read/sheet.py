"""Rows of a spreadsheet export, CSV or a workbook, read one at a time, one sheet after another.

CSV files are read in UTF-8 (with or without a byte-order mark) or GB18030, which covers
GBK; the encoding is told from the first 64 KiB of text beyond ASCII, so nobody has to name
it, and a GBK file whose first 64 KiB are plain ASCII is still read as GBK. Lines are counted
as an editor counts them: physical lines from 1, a line break inside a quoted cell included.
Workbooks (.xlsx, .xls, .ods) are read by :mod:`.workbook`, every worksheet in order.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..base.errors import InputError, Problem
from .table import Formula, Row, Sheet
from .workbook import WORKBOOK_SUFFIXES, workbook_sheets

ROSTER_SUFFIXES = (".csv", *WORKBOOK_SUFFIXES)
_SAMPLE = 65_536
_PIECE = 1 << 20

__all__ = ["ROSTER_SUFFIXES", "Formula", "Row", "Sheet", "csv_encoding", "open_csv", "sheets"]


def sheets(path: Path, raw: BinaryIO | None = None) -> Iterator[Sheet]:
    """The tables of ``path``: a CSV file's one, or every worksheet of a workbook in order. A
    CSV file already open may be given as ``raw``, read from where it stands (its start)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return iter([Sheet(None, _csv_rows(path, raw))])
    if suffix in WORKBOOK_SUFFIXES:
        return workbook_sheets(path)
    raise InputError(
        str(path), "", Problem("not_roster_suffix", expected=", ".join(ROSTER_SUFFIXES))
    )


def csv_encoding(handle: BinaryIO) -> str:
    """The encoding of a CSV file read from where ``handle`` stands, which is left there:
    ``utf-8-sig`` when it has a BOM, or when 64 KiB from its first byte beyond ASCII are UTF-8
    (all ASCII is both), else ``gb18030``. Every reader of the file decides by this."""
    begin = handle.tell()
    try:
        piece = handle.read(_SAMPLE)
        if piece.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        while piece.isascii():
            piece = handle.read(_PIECE)
            if not piece:
                return "utf-8-sig"
        found = _BEYOND_ASCII.search(piece)
        assert found is not None  # the piece is not ASCII
        sample = piece[found.start() :]
        if len(sample) < _SAMPLE:
            sample += handle.read(_SAMPLE - len(sample))
    finally:
        handle.seek(begin)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample[:_SAMPLE], final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


_BEYOND_ASCII = re.compile(rb"[\x80-\xff]")


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
    _refuse_utf16(path, raw)
    encoding = csv_encoding(raw)
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


#: A comma and a line end in UTF-16, little- and big-endian.
_UTF16_MARKS = ((b",\x00", b"\n\x00"), (b"\x00,", b"\x00\n"))


def _refuse_utf16(path: Path, raw: BinaryIO) -> None:
    """Raises the error for a UTF-16 file (Excel's "Unicode Text"): a UTF-16 byte-order mark,
    or commas and line ends as UTF-16 writes them, a NUL byte beside each (which UTF-8 and GBK
    text never holds). It is named, not read as GBK into nonsense with no header."""
    begin = raw.tell()
    head = raw.read(4096)
    raw.seek(begin)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or any(
        comma in head and line_end in head for comma, line_end in _UTF16_MARKS
    ):
        raise InputError(str(path), "", Problem("csv_utf16"))


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
