"""Measure clustercheck against its references in one run, and print the ratios.

    python benchmarks/run.py            # the full run: up to 1,000,000 firms (a few minutes)
    python benchmarks/run.py --quick    # small sizes, to try it out

References, measured here in the same run: an equivalent decision model in zen-engine (the
``bench`` extra), a bare ``csv.reader`` pass over the same roster, and a pandas script
(``read_csv`` + ``groupby``). Whole processes are timed alternately, median of several runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import clustercheck as cc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import write  # noqa: E402

CSV_READER = """
import csv, sys
rows = 0
with open(sys.argv[1], encoding="utf-8-sig", newline="") as handle:
    for row in csv.reader(handle):
        rows += 1
print(rows)
"""

PANDAS = """
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], thousands=",")
money = ["主营业务收入（万元）", "营业收入（万元）", "研发费用（万元）"]
totals = frame.groupby("所属集群")[money].sum()
leaders = frame[frame["主营业务收入（万元）"] > 5000].groupby("所属集群").size()
totals.assign(leaders=leaders).to_csv(sys.argv[2])
"""

WRAP = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

JDM = {
    "nodes": [
        {"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}},
        {"id": "rules", "type": "expressionNode", "name": "rules", "position": {"x": 1, "y": 0},
         "content": {"expressions": [
             {"id": "1", "key": "leaders", "value": "leaders >= 2"},
             {"id": "2", "key": "related_smes", "value": "related_smes >= 20"},
             {"id": "3", "key": "revenue", "value": "revenue >= 2000000000"},
             {"id": "4", "key": "main_share", "value": "main_revenue / revenue >= 0.65"},
             {"id": "5", "key": "rd_ratio", "value": "rd / revenue >= 0.01"},
             {"id": "6", "key": "qualified", "value": "leaders >= 2 and related_smes >= 20 and "
              "revenue >= 2000000000 and main_revenue / revenue >= 0.65 and rd / revenue >= 0.01"},
         ]}},
        {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 2, "y": 0}},
    ],
    "edges": [
        {"id": "a", "sourceId": "in", "targetId": "rules", "type": "edge"},
        {"id": "b", "sourceId": "rules", "targetId": "out", "type": "edge"},
    ],
}  # fmt: skip


def clusters(count: int) -> list[cc.Cluster]:
    """Declared figures around the thresholds, so every outcome occurs."""
    out = []
    for i in range(count):
        revenue = Decimal(1_900_000_000 + i * 1_000)
        out.append(cc.Cluster(name=f"示例{i}", declared=cc.Declared(
            operating_revenue=revenue, main_industry_revenue=revenue * Decimal("0.66"),
            rd_expense=revenue / 90, leaders=1 + i % 3, related_smes=18 + i % 5,
            building_density=Decimal("0.52"), investment_intensity=Decimal(1180),
            clean_audit_required=6, clean_audit_done=6,
        ), attested=dict.fromkeys(("scope", "coordination", "plan", "policy", "service_platform"), True)))  # fmt: skip
    return out


def per_second(run: object, items: list[object], seconds: float = 2.0) -> float:
    """Items processed per second, repeating until ``seconds`` have passed."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in items:
            run(item)  # type: ignore[operator]
        done += len(items)
    return done / (time.perf_counter() - start)


def declared_checks() -> None:
    print("== checking declared figures")
    sample = clusters(1_000)
    rules = cc.load_rules()
    core = rules.select(["core"])
    full_rate = per_second(lambda c: cc.check(c, rules), sample)
    core_rate = per_second(lambda c: cc.check(c, core), sample)
    print(f"clustercheck, all 14 criteria: {full_rate:10,.0f} clusters/s (target 20,000)")
    print(f"clustercheck, 5 core criteria: {core_rate:10,.0f} clusters/s")
    try:
        import zen
    except ImportError:
        print("zen-engine is not installed (pip install '.[bench]'): no reference ratio")
        return
    decision = zen.ZenEngine().create_decision(json.dumps(JDM))
    inputs = [
        {"leaders": c.declared.leaders, "related_smes": c.declared.related_smes,
         "revenue": float(c.declared.operating_revenue or 0),
         "main_revenue": float(c.declared.main_industry_revenue or 0),
         "rd": float(c.declared.rd_expense or 0)}
        for c in sample
    ]  # fmt: skip
    zen_rate = per_second(decision.evaluate, inputs)  # type: ignore[arg-type]
    print(f"zen-engine, the 5 core rules:  {zen_rate:10,.0f} evaluations/s")
    print(f"ratio core / zen-engine: {core_rate / zen_rate:.2f}x (target 10x); "
          f"all 14 / zen-engine: {full_rate / zen_rate:.2f}x")  # fmt: skip


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of a whole process."""
    out = subprocess.run(
        [sys.executable, "-c", WRAP, *command], check=True, capture_output=True, text=True
    ).stdout
    seconds, peak = out.split()
    return float(seconds), int(peak)


def roster_run(
    firms: int, clusters_count: int, repeats: int, work: Path
) -> dict[str, tuple[float, int]]:
    roster = work / f"roster-{firms}.csv"
    if not roster.exists():
        write(roster, clusters_count, firms)
    commands = {
        "clustercheck": [sys.executable, "-m", "clustercheck", "review", str(roster), "--format", "csv", "-o", str(work / "review.csv")],
        "csv.reader": [sys.executable, "-c", CSV_READER, str(roster)],
    }  # fmt: skip
    try:
        import pandas  # noqa: F401

        commands["pandas"] = [sys.executable, "-c", PANDAS, str(roster), str(work / "pandas.csv")]
    except ImportError:
        pass
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():  # alternate, so drift hits every command alike
            results[name].append(timed(command))
    return {
        name: (statistics.median(t for t, _ in runs), max(m for _, m in runs))
        for name, runs in results.items()
    }


def rosters(sizes: list[tuple[int, int]], repeats: int) -> None:
    print("== province-wide roster, end to end (median of", repeats, "runs)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        rows = []
        for firms, count in sizes:
            result = roster_run(firms, count, repeats, work)
            ours, reader = result["clustercheck"], result["csv.reader"]
            line = (f"{firms:>9,} firms / {count:>5,} clusters: clustercheck {ours[0]:6.2f} s "
                    f"{ours[1] / 1024:6.0f} MB | csv.reader {reader[0]:5.2f} s -> {ours[0] / reader[0]:4.2f}x")  # fmt: skip
            if "pandas" in result:
                pandas_time, pandas_peak = result["pandas"]
                line += f" | pandas {pandas_time:5.2f} s {pandas_peak / 1024:5.0f} MB -> {ours[0] / pandas_time:4.2f}x"
            print(line)
            rows.append((firms, ours[0]))
        print(
            "scaling (microseconds per firm):",
            ", ".join(f"{f:,}: {t / f * 1e6:.2f}" for f, t in rows),
        )
        print(
            "targets: within 3x of csv.reader, faster than pandas, under 300 MB at 1,000,000 firms"
        )


def import_time(repeats: int = 7) -> None:
    def median(code: str) -> float:
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    bare = median("pass")
    ours = median("import clustercheck")
    print(f"== import clustercheck: {(ours - bare) * 1000:.0f} ms beyond a bare interpreter "
          f"({ours * 1000:.0f} ms in all; target 150 ms)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, clustercheck {cc.__version__}")
    declared_checks()
    import_time()
    if args.quick:
        rosters([(10_000, 50), (100_000, 500)], repeats=1)
    else:
        rosters([(10_000, 50), (100_000, 500), (1_000_000, 5_000)], repeats=3)


if __name__ == "__main__":
    main()
