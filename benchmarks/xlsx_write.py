"""Time writing the review workbook of 1,000 clusters: XlsxWriter (what clustercheck uses)
against openpyxl writing the same cells, formats and page setup.

    python benchmarks/xlsx_write.py            # 1,000 clusters, median of 3 runs each
    python benchmarks/xlsx_write.py --clusters 200 --runs 1

Both write the same document (the review sheet, the band counts, a sheet per cluster):
every cell with its border, alignment, fill and number format, and each sheet's page setup.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import clusters

import clustercheck as cc
from clustercheck.render.document import Document, Mark, Number
from clustercheck.render.layout import review_document
from clustercheck.render.xlsx import (
    _FILLS,
    _FONTS,
    number_format,
    render_xlsx,
    sheet_names,
)


def with_openpyxl(document: Document) -> bytes:
    """The same workbook written with openpyxl, cell by cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="DCE3EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    right = Alignment(horizontal="right", vertical="top")
    centre = Alignment(horizontal="center", vertical="top")
    for section, name in zip(document.sections, sheet_names(document.sections), strict=True):
        sheet = book.create_sheet(name)
        headers = [*section.table.headers]
        if section.sign_off == "columns":
            headers += document.sign_off
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font, cell.fill, cell.alignment, cell.border = (
                Font(bold=True), header_fill, wrap, border,
            )  # fmt: skip
        for row_index, row in enumerate(section.table.rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_index, column=col)
                cell.border = border
                if isinstance(value, Number):
                    cell.value = float(value.value)
                    cell.number_format = number_format(value, document.lang)
                    cell.alignment = right
                elif isinstance(value, Mark):
                    cell.value = value.text
                    cell.alignment = centre
                    cell.fill = PatternFill("solid", fgColor=_FILLS[value.kind][1:])
                    cell.font = Font(color=_FONTS[value.kind][1:], bold=value.kind == "fail")
                else:
                    cell.value = value or None
                    cell.alignment = wrap
        for index in range(1, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 12
        sheet.freeze_panes = "B2" if section.start == "wide" else "A2"
        sheet.page_setup.paperSize = 9
        sheet.page_setup.orientation = "landscape" if section.start == "wide" else "portrait"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
        sheet.page_setup.fitToHeight = 0
        sheet.print_title_rows = "1:1"
        sheet.print_title_cols = "A:A"
        sheet.oddFooter.left.text = document.footer  # type: ignore[union-attr]
        sheet.oddFooter.right.text = "&P / &N"  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(write: Callable[[Document], bytes], document: Document, runs: int) -> float:
    """The median time of ``runs`` writes, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        write(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    document = review_document(cc.review(clusters(args.clusters)), "zh")
    sheets = len(document.sections)
    mine = timed(render_xlsx, document, args.runs)
    theirs = timed(with_openpyxl, document, args.runs)
    print(f"{args.clusters} clusters, {sheets} sheets, median of {args.runs}:")
    print(f"  XlsxWriter (clustercheck): {mine:.2f} s")
    print(f"  openpyxl, the same cells:  {theirs:.2f} s  ({theirs / mine:.1f}× the time)")


if __name__ == "__main__":
    main()
