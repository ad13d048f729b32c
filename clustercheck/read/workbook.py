"""Workbooks (.xlsx, .xls, .ods) read through one reader, python-calamine, sheet by sheet.

Each cell is given as the text a person sees in it: a number from its shortest decimal form, a
date as ``2014-12-29`` (a date format makes the serial number a date), a percentage cell of an
.xlsx workbook as ``65%`` (Excel stores it as the fraction 0.65). calamine gives neither a
cell's formula nor its number format, so an .xlsx worksheet that holds formulas, or a workbook
whose styles format numbers as percentages, is read once more by openpyxl for those cells
alone: a formula never calculated is then told from an empty cell (:class:`.table.Formula`).
An .ods workbook says which cells are percentages in its XML, read for them alone. In .xls
workbooks the formats are not read: a percentage cell gives its fraction, and the sheet says
so (``percents_seen``). Both need the optional ``xlsx`` extra. An error value (``#DIV/0!``,
``#N/A``) calamine gives as an empty cell: the .xlsx second read sees it (``t="e"``), the
.ods XML says so, and an .xls workbook is read once more by xlrd for it
(:class:`.table.ErrorValue`).
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..base.errors import InputError, Problem
from ..base.figures import format_decimal
from ..base.filekind import refuse_special_input
from .table import ErrorValue, Formula, Row, Sheet, sheet_ref

WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".ods")
_PIECE = 1 << 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
#: Excel's built-in percentage formats (0% and 0.00%).
_PERCENT_FORMATS = {9, 10}
#: A formula element in a worksheet's XML, with or without a namespace prefix.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")
#: A cell holding an error value, in a worksheet's XML (joined to the pattern above).
_ERROR_TYPE = re.compile(rb'\st="e"')
#: The used area a worksheet states, and the place of each cell, in its XML.
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"'
)
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"')
#: The most cells a worksheet's area (from A1 to its farthest cell) may span: calamine holds
#: the whole area in memory, so one stray value in XFD1048576 would ask for 512 GB.
MAX_AREA = 20_000_000

#: What a worksheet's second read found, by (row, column from 0): formulas without a saved
#: value (``=…``), cells formatted as percentages (``%``) and error values (``#N/A``).
Marks = dict[tuple[int, int], str]
_PERCENT = "%"
_ERROR = "#"


def cell_text(cell: object) -> str:
    """A workbook cell as the text a person sees in it."""
    if type(cell) is str:
        return cell
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        text = repr(cell)
        if "e-" in text:  # 1e-05: the number stored, in plain digits (a credit code stored
            return format_decimal(Decimal(text))  # as a number stays 9.1411e+17, named so
        return text.removesuffix(".0") if cell.is_integer() else text
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat(" ")
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    return "" if cell is None else str(cell)


def percent_text(cell: float) -> str:
    """A fraction shown with a percentage format, as it is shown: 0.65 → ``65%``."""
    return format_decimal(Decimal(repr(cell)).scaleb(2)) + "%"


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's worksheets, in order; a file that cannot be read gives none
    (reading its sheets then names the problem)."""
    try:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises several kinds for a damaged file
        return []
    try:
        return [
            m.name for m in book.sheets_metadata
            if m.typ is python_calamine.SheetTypeEnum.WorkSheet
        ]  # fmt: skip
    finally:
        book.close()


def workbook_sheets(path: Path) -> Iterator[Sheet]:
    """Every worksheet of a workbook, in order (chart sheets have no cells and are left out)."""
    try:
        import python_calamine
    except ImportError:
        raise InputError(
            str(path),
            "",
            Problem(
                "needs_extra_to_read", what=path.suffix.lower(), extra="xlsx",
                package="python-calamine",
            ),
        ) from None  # fmt: skip
    refuse_special_input(path)
    if not path.is_file():
        raise InputError(str(path), "", Problem("no_file"))
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        hidden = {
            m.name: m.visible is not python_calamine.SheetVisibleEnum.Visible
            for m in book.sheets_metadata
            if m.typ is python_calamine.SheetTypeEnum.WorkSheet
        }  # fmt: skip
    except Exception as exc:  # calamine raises several kinds for a damaged file
        raise InputError(
            str(path), "", Problem("not_workbook", kind=path.suffix.lower(), detail=str(exc))
        ) from None
    suffix = path.suffix.lower()
    marks = _XlsxMarks(path) if suffix == ".xlsx" else None
    others = _ods_marks(path) if suffix == ".ods" else _xls_errors(path) if suffix == ".xls" else {}
    try:
        for name, hides in hidden.items():
            if marks is not None:
                marks.refuse_far(name)
            try:
                sheet = book.get_sheet_by_name(name)
            except Exception as exc:  # a sheet's XML or records damaged
                raise InputError(
                    str(path), "", Problem("not_workbook", kind=suffix, detail=str(exc))
                ) from None
            rows: tuple[int, ...] = ()
            if marks is not None:
                found, rows = marks.of(name)
            else:
                found = others.get(name, {})
            seen = suffix != ".xls"
            yield Sheet(
                name, _rows(sheet, found), percents_seen=seen, hidden=hides, hidden_rows=rows
            )
    finally:
        book.close()
        if marks is not None:
            marks.close()


def _rows(sheet: Any, marks: Marks) -> Iterator[Row]:
    """(row number, cells) of a worksheet from its first row, with what ``marks`` says of
    its cells; calamine gives every row from the first, but columns only from the first that
    holds anything, so the row is padded to begin at column A."""
    start = sheet.start
    if start is None:
        return
    left = start[1]
    pad = [""] * left
    text = cell_text
    below = _merged_below(sheet)
    tops: dict[int, str] = {}  # a merged cell's column → the value its top row shows
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        row = [c if type(c) is str else text(c) for c in cells]
        if left:
            row = pad + row
        if below:
            for column, covered in below.get(number, ()):
                if covered and column < len(row):
                    row[column] = tops.get(column, "")
                elif column < len(row):
                    tops[column] = row[column]
        if marks:
            for column, cell in enumerate(cells, start=left):
                mark = marks.get((number, column))
                if mark is None:
                    continue
                if mark == _PERCENT:
                    if isinstance(cell, float):
                        row[column] = percent_text(cell)
                elif cell == "":
                    row[column] = ErrorValue(mark) if mark.startswith(_ERROR) else Formula(mark)
        yield number, row


def _merged_below(sheet: Any) -> dict[int, list[tuple[int, bool]]]:
    """The cells of a worksheet merged down a column (a 所在地区 written once for several
    rows), by row number: (column, False) for the top cell, whose value the others show,
    (column, True) for each cell it covers. Cells merged across columns are left as read."""
    found: dict[int, list[tuple[int, bool]]] = {}
    for (top, column), (bottom, right) in getattr(sheet, "merged_cell_ranges", None) or ():
        if right != column or bottom <= top:
            continue
        for row in range(top, bottom + 1):
            found.setdefault(row + 1, []).append((column, row != top))
    return found


class _XlsxMarks:
    """The cells of an .xlsx workbook that calamine cannot tell: formulas never calculated
    and percentage formats, read by openpyxl for the worksheets that may hold them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.books: dict[bool, Any] = {}
        try:
            self.archive = zipfile.ZipFile(path)
            self.members = _sheet_members(self.archive)
            percents = _percent_styles(self.archive)
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
            raise InputError(
                str(path), "", Problem("not_workbook", kind=".xlsx", detail=str(exc))
            ) from None
        #: A formula, or a cell styled as a percentage, in a worksheet's XML.
        styles = "|".join(str(i) for i in sorted(percents))
        self.pattern = re.compile(
            _FORMULA_TAG.pattern
            + b"|"
            + _ERROR_TYPE.pattern
            + (rb'|\ss="(?:' + styles.encode() + rb')"' if styles else b"")
        )

    def of(self, name: str) -> tuple[Marks, tuple[int, ...]]:
        """The marks of worksheet ``name`` (none when it holds no formula and no cell styled
        as a percentage), and the numbers of its hidden rows."""
        member = self.members.get(name)
        if member is None:
            return {}, ()
        found, errors, hidden = _scan(self.archive, member, self.pattern)
        if not found:
            return {}, hidden
        marks: Marks = {}
        for row in self._book(values=False)[name].iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if value is None:
                    continue
                where = (cell.row, cell.column - 1)
                if isinstance(value, str) and value.startswith("="):
                    marks[where] = value
                elif "%" in str(getattr(cell, "number_format", "")):
                    marks[where] = _PERCENT
        if errors:  # what a formula saved, an error value too, is only seen in its values
            for row in self._book(values=True)[name].iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "e" and cell.value is not None:
                        marks[(cell.row, cell.column - 1)] = str(cell.value)
        return marks, hidden

    def _book(self, *, values: bool) -> Any:
        """The workbook opened by openpyxl once, with its formulas or with their values."""
        book = self.books.get(values)
        if book is None:
            try:
                import openpyxl
            except ImportError:
                raise InputError(
                    str(self.path),
                    "",
                    Problem("needs_extra_to_read", what=".xlsx", extra="xlsx", package="openpyxl"),
                ) from None
            book = self.books[values] = openpyxl.load_workbook(
                self.path, read_only=True, data_only=values
            )
        return book

    def refuse_far(self, name: str) -> None:
        """Refuse worksheet ``name`` when the area from A1 to its farthest cell is too large
        to hold (``MAX_AREA``), naming that cell: mostly a stray value typed far away. The
        area the sheet states is trusted when small; otherwise its cells are counted."""
        member = self.members.get(name)
        if member is None:
            return
        with self.archive.open(member) as xml:
            head = xml.read(_PIECE)
        stated = _DIMENSION.search(head)
        if stated is not None:
            last_column, last_row = (
                stated.group(3) or stated.group(1),
                stated.group(4) or stated.group(2),
            )
            if _column_number(last_column) * int(last_row) <= MAX_AREA:
                return
        rows = columns = count = 0
        far = ""
        tail = b""
        with self.archive.open(member) as xml:
            while piece := xml.read(_PIECE):
                text = tail + piece
                cut = text.rfind(b"<")
                text, tail = text[:cut], text[cut:]
                for letters, digits in _CELL_REF.findall(text):
                    count += 1
                    row, column = int(digits), _column_number(letters)
                    if row > rows or column > columns:
                        far = f"{letters.decode()}{row}"
                    rows, columns = max(rows, row), max(columns, column)
        if rows * columns > MAX_AREA:
            raise InputError(
                str(self.path), f"{sheet_ref(name)}!{far}",
                Problem("sheet_too_far", rows=rows, columns=columns, count=count, most=MAX_AREA),
                value=far,
            )  # fmt: skip

    def close(self) -> None:
        self.archive.close()
        for book in self.books.values():
            book.close()


def _column_number(letters: bytes | str) -> int:
    """The number of a column from its letters: A → 1, XFD → 16384."""
    number = 0
    for letter in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(letter) - 64
    return number


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's name and the path of its XML in the archive."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    members = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_RELS}id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        members[sheet.get("name", "")] = posixpath.normpath(member)
    return members


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """The cell styles of the workbook (their index, a cell's ``s``) that format numbers as
    a percentage."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    percent = set(_PERCENT_FORMATS)
    for fmt in styles.iter(f"{_MAIN}numFmt"):
        if "%" in fmt.get("formatCode", ""):
            percent.add(int(fmt.get("numFmtId", "-1")))
    xfs = styles.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {
        index
        for index, xf in enumerate(xfs.iter(f"{_MAIN}xf"))
        if int(xf.get("numFmtId", "0")) in percent
    }


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_CELLS = (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell")
#: The type LibreOffice gives a cell's value beside the standard one: ``error`` for one.
_ODS_VALUE_TYPE = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"


def _ods_marks(path: Path) -> dict[str, Marks]:
    """The cells of each sheet of an .ods workbook whose value is a percentage or an error
    (``#DIV/0!``, which calamine gives as an empty cell), by (row, column from 0); repeated
    rows and cells count as many as they repeat."""
    found: dict[str, Marks] = {}
    sheet, row, column = "", 0, 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as xml:
            for event, element in ElementTree.iterparse(xml, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == f"{_ODS_TABLE}table":
                        sheet, row = element.get(f"{_ODS_TABLE}name", ""), 0
                    elif tag == f"{_ODS_TABLE}table-row":
                        column = 0
                    continue
                if tag == f"{_ODS_TABLE}table-row":
                    row += int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
                    element.clear()
                elif tag in _ODS_CELLS:
                    repeat = int(element.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
                    mark = None
                    if element.get(f"{_ODS_OFFICE}value-type") == "percentage":
                        mark = _PERCENT
                    elif element.get(_ODS_VALUE_TYPE) == "error":
                        mark = "".join(element.itertext()).strip() or _ERROR
                    if mark is not None:
                        cells = found.setdefault(sheet, {})
                        cells.update(((row + 1, column + i), mark) for i in range(repeat))
                    column += repeat
                    element.clear()
                elif tag == f"{_ODS_TABLE}table":
                    element.clear()
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise InputError(
            str(path), "", Problem("not_workbook", kind=".ods", detail=str(exc))
        ) from None
    return found


def _xls_errors(path: Path) -> dict[str, Marks]:
    """The cells of each sheet of an .xls workbook that hold an error value (``#DIV/0!``,
    ``#N/A``), which calamine gives as empty cells, read by xlrd, by (row, column from 0)."""
    try:
        import xlrd  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(
            str(path), "", Problem("needs_extra_to_read", what=".xls", extra="xlsx", package="xlrd")
        ) from None
    try:
        book: Any = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises several kinds for a damaged file
        raise InputError(
            str(path), "", Problem("not_workbook", kind=".xls", detail=str(exc))
        ) from None
    found: dict[str, Marks] = {}
    try:
        for index in range(book.nsheets):
            sheet = book.get_sheet(index)
            for row in range(sheet.nrows):
                for column, kind in enumerate(sheet.row_types(row)):
                    if kind == xlrd.XL_CELL_ERROR:
                        code = sheet.cell_value(row, column)
                        text = xlrd.error_text_from_code.get(code, _ERROR)
                        found.setdefault(sheet.name, {})[(row + 1, column)] = text
    finally:
        book.release_resources()
    return found


#: A row's start tag, and what says it is hidden.
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')


def _scan(
    archive: zipfile.ZipFile, member: str, pattern: re.Pattern[bytes]
) -> tuple[bool, bool, tuple[int, ...]]:
    """Whether a worksheet's XML holds ``pattern``, whether it holds an error value, and the
    numbers of its hidden rows, read in one pass in pieces, each cut before a tag the next
    piece ends."""
    found = errors = False
    hidden: list[int] = []
    tail = b""
    with archive.open(member) as xml:
        while piece := xml.read(_PIECE):
            text = tail + piece
            cut = text.rfind(b"<")
            if cut < 0 or b">" in text[cut:]:
                cut = len(text)
            text, tail = text[:cut], text[cut:]
            found = found or pattern.search(text) is not None
            errors = errors or _ERROR_TYPE.search(text) is not None
            if b'hidden="' in text:
                hidden.extend(_hidden_rows(text))
    return found, errors, tuple(hidden)


def _hidden_rows(xml: bytes) -> Iterator[int]:
    """The numbers of the rows that a piece of worksheet XML says are hidden."""
    for tag in _ROW_TAG.finditer(xml):
        number = _ROW_NUMBER.search(tag.group())
        if number is not None and _HIDDEN.search(tag.group()):
            yield int(number.group(1))
