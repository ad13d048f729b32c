"""Read the same firms as an XLSX workbook and as a CSV file, and print the ratio.

    pip install '.[bench,xlsx]'
    python benchmarks/xlsx.py                 # 200,000 firms in 1,000 clusters
    python benchmarks/xlsx.py --firms 20000   # to try it out

The CSV reference is read row by row (the compiled tally switched off), in the same process
and the same run; the workbook stores numbers as numbers, as Excel saves them. Each side is
read several times, alternately, and the medians compared. The target: the workbook within 3×
the row-by-row CSV read.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]

from clustercheck.read import roster_fast
from clustercheck.read.roster_file import read_roster

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import HEADER, rows

#: The columns stored as numbers in the workbook: money and the head count.
NUMBERS = {4, 5, 6, 7}
TARGET = 3


def write_both(folder: Path, clusters: int, firms: int) -> tuple[Path, Path]:
    """The roster as a CSV file and as a workbook of the same firms."""
    table = rows(clusters, firms)
    csv_path, xlsx_path = folder / "roster.csv", folder / "roster.xlsx"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(table)
    book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    sheet = book.add_worksheet("企业名册")
    sheet.write_row(0, 0, HEADER)
    for number, row in enumerate(table, start=1):
        sheet.write_row(
            number,
            0,
            [float(c.replace(",", "")) if i in NUMBERS else c for i, c in enumerate(row)],
        )
    book.close()
    return csv_path, xlsx_path


def seconds(path: Path) -> float:
    start = time.perf_counter()
    read_roster(path, ())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=200_000)
    parser.add_argument("--clusters", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    roster_fast.AVAILABLE = False  # the reference is the row-by-row read
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path = write_both(Path(folder), args.clusters, args.firms)
        same = [
            [(c.name, c.figures.firms, c.figures.operating_revenue) for c in read_roster(p, ())]
            for p in (csv_path, xlsx_path)
        ]
        if same[0] != same[1]:
            sys.exit("the workbook and the CSV file give different figures")
        csv_times, xlsx_times = [], []
        for _ in range(args.repeats):
            csv_times.append(seconds(csv_path))
            xlsx_times.append(seconds(xlsx_path))
    csv_s, xlsx_s = statistics.median(csv_times), statistics.median(xlsx_times)
    ratio = xlsx_s / csv_s
    print(f"{args.firms:,} firms: CSV row by row {csv_s:.2f} s, XLSX {xlsx_s:.2f} s")
    print(
        f"XLSX / CSV = {ratio:.2f}× (target ≤ {TARGET}×): {'met' if ratio <= TARGET else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
