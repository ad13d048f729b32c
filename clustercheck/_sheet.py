"""Rows of a spreadsheet export, CSV or XLSX, read one at a time.

CSV files are read in UTF-8 (with or without a byte-order mark) or GB18030, which covers
GBK; the encoding is told from the first 64 KiB, so nobody has to name it. XLSX files need
openpyxl, the optional ``xlsx`` extra.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ._errors import InputError

ROSTER_SUFFIXES = (".csv", ".xlsx")
_SAMPLE = 65_536

Row = tuple[int, list[str]]


def sheet_rows(path: Path, raw: BinaryIO | None = None) -> Iterator[Row]:
    """(line number as a spreadsheet shows it, cells) for every row of ``path``; a CSV file
    already open may be given as ``raw``, read from where it stands (its start)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, raw)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise InputError(
        str(path), "", f"expected a roster file ending in {' or '.join(ROSTER_SUFFIXES)}"
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
        raise InputError(str(path), "", "no such file") from None


def _csv_rows(path: Path, raw: BinaryIO | None) -> Iterator[Row]:
    raw = open_csv(path) if raw is None else raw
    start = raw.tell()
    encoding = csv_encoding(raw.read(_SAMPLE))
    raw.seek(start)
    handle = io.TextIOWrapper(raw, encoding=encoding, newline="")
    line = 0
    with handle:
        reader = csv.reader(handle)
        try:
            for cells in reader:
                line = reader.line_num
                yield line, list(cells)
        except UnicodeDecodeError as exc:
            shown = "UTF-8" if encoding.startswith("utf") else "GB18030/GBK"
            raise InputError(
                str(path), f"line {line + 1}", f"not {shown} text ({exc.reason}); "
                "expected the whole file in one encoding: UTF-8 or GBK"
            ) from None  # fmt: skip
        except csv.Error as exc:
            raise InputError(
                str(path), f"line {reader.line_num}", f"not valid CSV: {exc}"
            ) from None


def _text(cell: object) -> str:
    """A spreadsheet cell as the text a person sees; a number from its shortest decimal form."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return repr(cell).removesuffix(".0") if cell.is_integer() else repr(cell)
    return str(cell)


def _xlsx_rows(path: Path) -> Iterator[Row]:
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            str(path), "", "reading .xlsx files needs openpyxl: pip install 'clustercheck[xlsx]'"
        ) from None
    if not path.is_file():
        raise InputError(str(path), "", "no such file")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(str(path), "", f"not a readable .xlsx workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_text(cell) for cell in cells]
    finally:
        book.close()
