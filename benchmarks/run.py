"""Measure clustercheck against its references in one run, and print the ratios.

    pip install '.[bench]'              # a regular install: an editable one adds an import
                                        # hook to every interpreter's start
    python benchmarks/run.py            # the full run: up to 1,000,000 firms (a few minutes)
    python benchmarks/run.py --quick    # small sizes, to try it out

References, measured here in the same run: the same rules as a decision model in zen-engine
(the ``bench`` extra), evaluated both ways its documentation shows; a bare ``csv.reader``
pass over the same roster; DuckDB's exact ``DECIMAL`` GROUP BY over it; and a pandas script
(``read_csv`` + ``groupby``). clustercheck is timed with its compiled tally, with its Python
tally (as the review page reads rosters), and at 100,000 firms and fewer with the row reader
alone; then rosters of one cluster per few firms. Whole processes are timed alternately,
median of several runs. The last lines say which targets are met.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

import clustercheck as cc

HERE = Path(__file__).resolve().parent
#: Where the measured processes run: not in the checkout, whose clustercheck folder would
#: shadow the installed package (and its compiled tally) for ``python -m`` and ``-c``.
OUTSIDE = tempfile.gettempdir()
#: The processes run as a user's do: with Python's bytecode cache written and read (an
#: environment that turns it off would make every run compile clustercheck afresh).
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
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

DUCKDB = """
import sys
import duckdb
money = lambda column: f"replace(\\"{column}\\", ',', '')::DECIMAL(38, 6)"
revenue, business = money("营业收入（万元）"), money("主营业务收入（万元）")
duckdb.connect().execute(f'''
COPY (
  SELECT "所属集群" AS cluster, count(*) AS firms, sum({revenue}) AS revenue,
    sum({money("研发费用（万元）")}) AS rd,
    sum(CASE WHEN "是否主导产业" = '是' THEN {revenue} ELSE 0 END) AS main_revenue,
    count(*) FILTER (WHERE {business} > 5000) AS leaders
  FROM read_csv(?, all_varchar = true, header = true) GROUP BY 1 ORDER BY 1
) TO '{sys.argv[2]}' (HEADER)
''', [sys.argv[1]])
"""

#: clustercheck's command line with the compiled tally switched off: CSV rosters read by the
#: Python tally, as the review page reads them, or (``rows``) by the row reader alone.
WITHOUT_TALLY = """
import sys
from clustercheck.read import roster_fast
roster_fast.AVAILABLE = False
roster_fast.PYTHON = sys.argv.pop(1) == "python"
from clustercheck.cli import main
sys.exit(main(sys.argv[1:]))
"""

WRAP = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

PACK = cc.load_rules()
ATTESTATIONS = tuple(c.id for c in PACK.criteria if c.kind is cc.Kind.ATTESTATION)
FUNCTIONS: tuple[str, ...] = PACK["service_functions"].settings["functions"]


#: The rules of henan-2014-196 as zen expressions: when each criterion's figures are known,
#: when it passes, and its margin (UNKNOWN and no margin where a figure is missing, as
#: clustercheck decides).
RULES: dict[str, tuple[str, str, str | None]] = {
    **{a: (f"{a} != null", a, None) for a in ATTESTATIONS},
    "leaders": ("leaders != null", "leaders >= 2", "leaders - 2"),
    "related_smes": ("related_smes != null", "related_smes >= 20", "related_smes - 20"),
    "building_density": ("density != null", "density >= 0.5", "density - 0.5"),
    "investment_intensity": ("intensity != null", "intensity >= 1000", "intensity - 1000"),
    "revenue": ("revenue != null", "revenue >= 2000000000", "revenue - 2000000000"),
    "main_share": ("revenue != null and main_revenue != null and revenue > 0",
                   "main_revenue / revenue >= 0.65", "main_revenue / revenue - 0.65"),
    "rd_ratio": ("revenue != null and rd != null and revenue > 0", "rd / revenue >= 0.01",
                 "rd / revenue - 0.01"),
    "clean_audit": ("audits_required != null and audits_done != null and audits_required > 0",
                    "audits_done / audits_required >= 1", "audits_done / audits_required - 1"),
}  # fmt: skip
CORE = ("leaders", "related_smes", "revenue", "main_share", "rd_ratio")
#: The decision models, by the criteria they decide.
MODELS = {"all 14 criteria": tuple(RULES), "5 core criteria": CORE}


def decision_model(criteria: Sequence[str]) -> dict[str, Any]:
    """A JSON decision model: one expression node for the criteria, one for the verdict."""
    expressions = []
    for key in criteria:
        known, passes, margin = RULES[key]
        status = f"({known}) ? (({passes}) ? 'PASS' : 'FAIL') : 'UNKNOWN'"
        expressions.append({"id": key, "key": key, "value": status})
        if margin is not None:
            margin = f"({known}) ? {margin} : null"
            expressions.append({"id": f"{key}_margin", "key": f"{key}_margin", "value": margin})
    statuses = "[" + ", ".join(criteria) + "]"
    verdict = (
        f"some({statuses}, # == 'FAIL') ? 'NOT_QUALIFIED' : "
        f"(some({statuses}, # == 'UNKNOWN') ? 'INCOMPLETE' : 'QUALIFIED')"
    )

    def node(name: str, content: dict[str, Any]) -> dict[str, Any]:
        return {"id": name, "name": name, "position": {"x": 0, "y": 0}, **content}

    return {
        "nodes": [
            node("input", {"type": "inputNode"}),
            node("criteria", {"type": "expressionNode", "content": {"expressions": expressions}}),
            node("verdict", {"type": "expressionNode", "content": {"passThrough": True, "expressions": [
                {"id": "verdict", "key": "verdict", "value": verdict}]}}),
            node("output", {"type": "outputNode"}),
        ],
        "edges": [
            {"id": "a", "sourceId": "input", "targetId": "criteria", "type": "edge"},
            {"id": "b", "sourceId": "criteria", "targetId": "verdict", "type": "edge"},
            {"id": "c", "sourceId": "verdict", "targetId": "output", "type": "edge"},
        ],
    }  # fmt: skip


def clusters(count: int) -> list[cc.Cluster]:
    """Declared figures straddling every threshold, some missing, so every outcome occurs."""
    out = []
    for i in range(count):
        revenue = 1_950_000_000 + (i % 101) * 1_000_000  # 19.5亿 to 20.5亿
        attested = {a: (i + n) % 7 != 0 for n, a in enumerate(ATTESTATIONS) if (i + n) % 11}
        declared = cc.Declared(
            operating_revenue=Decimal(revenue),
            main_industry_revenue=Decimal(revenue * (60 + i % 11) // 100),
            rd_expense=None if i % 13 == 0 else Decimal(revenue * (8 + i % 5) // 1000),
            leaders=1 + i % 3,
            related_smes=18 + i % 5,
            building_density=Decimal(48 + i % 5) / 100,
            investment_intensity=Decimal(980 + (i % 9) * 10),
            clean_audit_required=6,
            clean_audit_done=5 + i % 2,
            service_functions=tuple(FUNCTIONS[: i % 9]),
        )
        out.append(cc.Cluster(name=f"示例{i}", declared=declared, attested=attested))
    return out


def zen_input(cluster: cc.Cluster) -> dict[str, Any]:
    """The same figures as the decision model's input (whole numbers where they are whole)."""
    d = cluster.declared

    def number(value: Decimal | int | None) -> float | int | None:
        if value is None:
            return None
        return int(value) if value == int(value) else float(value)

    return {
        "leaders": d.leaders, "related_smes": d.related_smes, "density": number(d.building_density),
        "intensity": number(d.investment_intensity), "revenue": number(d.operating_revenue),
        "main_revenue": number(d.main_industry_revenue), "rd": number(d.rd_expense),
        "audits_required": d.clean_audit_required, "audits_done": d.clean_audit_done,
        **{a: cluster.attested.get(a) for a in ATTESTATIONS},
    }  # fmt: skip


class Targets:
    """The targets of the specification, each with what this run measured."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, bool]] = []

    def add(self, name: str, measured: str, met: bool) -> None:
        self.rows.append((name, measured, met))

    def show(self) -> None:
        print("== targets")
        for name, measured, met in self.rows:
            print(f"{'met    ' if met else 'NOT MET'}  {name}: {measured}")


def per_second(run: Callable[[Any], object], items: Sequence[Any], seconds: float) -> float:
    """Items processed per second, repeating over ``items`` until ``seconds`` have passed."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in items:
            run(item)
        done += len(items)
    return done / (time.perf_counter() - start)


def same_results(
    evaluate: Callable[[dict[str, Any]], Any], criteria: Sequence[str], pack: cc.Rules,
    sample: list[cc.Cluster],
) -> bool:  # fmt: skip
    """Whether the decision model gives every criterion's status and the verdict as
    clustercheck does, for every cluster of the sample: the two are equivalent."""
    for cluster in sample:
        report = cc.check(cluster, pack)
        result = evaluate(zen_input(cluster))["result"]
        ours = [*(report[k].status.value for k in criteria), report.verdict.value]
        if [result[k] for k in (*criteria, "verdict")] != ours:
            return False
    return True


def declared_checks(seconds: float, targets: Targets) -> None:
    print("== checking declared figures (1,000 clusters around the thresholds)")
    sample = clusters(1_000)
    batch = [attrs.evolve(c, name=f"{c.name}-{n}") for n in range(10) for c in sample]
    packs = {"all 14 criteria": PACK, "5 core criteria": PACK.select(["core"])}
    single = {
        label: per_second(lambda c, p=pack: cc.check(c, p), sample, seconds)
        for label, pack in packs.items()
    }
    many = {
        label: per_second(lambda b, p=pack: cc.check_many(b, p), [batch], seconds) * len(batch)
        for label, pack in packs.items()
    }
    for label in packs:
        print(f"clustercheck, {label}: cc.check {single[label]:10,.0f} clusters/s, "
              f"cc.check_many of 10,000 {many[label]:10,.0f} clusters/s")  # fmt: skip
    full = single["all 14 criteria"]
    targets.add("≥ 20,000 declared checks/s (all 14 criteria)", f"{full:,.0f}/s", full >= 20_000)
    try:
        import zen
    except ImportError:
        print("zen-engine is not installed (pip install '.[bench]'): no reference ratio")
        return
    inputs = [zen_input(c) for c in sample]
    for label, criteria in MODELS.items():
        content = json.dumps(decision_model(criteria))
        engine = zen.ZenEngine({"loader": lambda key, c=content: zen.ZenDecisionContent(c)})
        ways: dict[str, Callable[[dict[str, Any]], Any]] = {
            "ZenEngine().create_decision(...).evaluate": zen.ZenEngine().create_decision(content).evaluate,
            "ZenEngine(loader).evaluate": lambda given, e=engine: e.evaluate("rules", given),
        }  # fmt: skip
        same = all(same_results(w, criteria, packs[label], sample) for w in ways.values())
        print(f"zen-engine, {label}: same statuses and verdicts as clustercheck: {'yes' if same else 'NO'}")  # fmt: skip
        for way, evaluate in ways.items():
            rate = per_second(evaluate, inputs, seconds)
            ratios = single[label] / rate, many[label] / rate
            print(f"  {way + ':':43} {rate:8,.0f}/s -> cc.check {ratios[0]:5.2f}x, "
                  f"cc.check_many {ratios[1]:5.2f}x")  # fmt: skip
            targets.add(f"throughput ≥ 10x zen-engine ({label}, {way}; check_many)",
                        f"{ratios[1]:.2f}x", ratios[1] >= 10)  # fmt: skip
            if way.startswith("ZenEngine().create_decision"):
                targets.add(f"single check ≥ 10x zen-engine ({label}, {way})",
                            f"{ratios[0]:.2f}x", ratios[0] >= 10)  # fmt: skip


def summary_frame(count: int) -> Any:
    """A summary table of ``count`` clusters as an analyst's pandas frame: amounts in 亿元
    with four places, shares in %, counts, yes/no answers with some missing, functions as
    text; every threshold straddled."""
    import numpy as np
    import pandas as pd

    i = np.arange(count)
    revenue = np.round(19.5 + (i % 101) * 0.01, 4)  # 19.5亿 to 20.5亿
    frame = pd.DataFrame({
        "集群名称": [f"示例{n}号产业集群" for n in range(count)],
        "地区": np.array(["郑州市", "洛阳市", "许昌市", "南阳市"])[i % 4],
        "营业收入(亿元)": revenue,
        "主导产业营业收入(亿元)": np.round(revenue * (60 + i % 11) / 100, 4),
        "研发投入(亿元)": np.where(i % 13 == 0, np.nan, np.round(revenue * (8 + i % 5) / 1000, 4)),
        "龙头企业数": 1 + i % 3, "关联中小企业数": 18 + i % 5,
        "建筑密度(%)": 48.0 + i % 5, "投资强度": 980.0 + (i % 9) * 10,
        "应实施清洁生产审核企业数": np.full(count, 6), "已实施清洁生产审核企业数": 5 + i % 2,
        "公共服务功能": ["、".join(FUNCTIONS[: n % 9]) for n in range(count)],
    })  # fmt: skip
    for n, key in enumerate(ATTESTATIONS):
        answers = pd.array((i + n) % 7 != 0, dtype="boolean")
        answers[(i + n) % 11 == 0] = pd.NA
        frame[f"attested.{key}"] = answers  # service_functions is also the declared list
    return frame


def batch_frames(count: int, repeats: int, targets: Targets) -> None:
    """A frame of clusters to a result frame: ``check_many`` against the same result made
    cluster by cluster (``review(clusters_from_frame(df)).to_frame()``), checked equal first."""
    import pandas as pd

    print(f"== a frame of {count:,} clusters to a result frame (all 14 criteria)")
    frame = summary_frame(count)
    sample = frame.head(5_000)
    one_by_one = cc.review(cc.clusters_from_frame(sample)).to_frame()
    pd.testing.assert_frame_equal(cc.check_many(sample).to_frame(), one_by_one, check_exact=True)
    print("check_many and review give the same frame for the first 5,000: yes")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        batch = cc.check_many(frame)
        batch.to_frame()
        times.append(time.perf_counter() - start)
    ours = count / statistics.median(times)
    print(f"cc.check_many(df).to_frame(): {ours:10,.0f} clusters/s "
          f"({len(batch.checked_by_engine)} rows checked by the engine)")  # fmt: skip
    start = time.perf_counter()
    cc.review(cc.clusters_from_frame(sample)).to_frame()
    reference = len(sample) / (time.perf_counter() - start)
    print(f"cc.review(cc.clusters_from_frame(df)).to_frame(): {reference:10,.0f} clusters/s "
          f"-> check_many {ours / reference:.1f}x")  # fmt: skip
    targets.add(f"frame of {count:,} clusters to a result frame ≥ 200,000/s", f"{ours:,.0f}/s",
                ours >= 200_000)  # fmt: skip


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of a whole process."""
    out = subprocess.run(
        [sys.executable, "-c", WRAP, *command], check=True, capture_output=True, text=True,
        cwd=OUTSIDE, env=USER_ENV,
    ).stdout  # fmt: skip
    seconds, peak = out.split()
    return float(seconds), int(peak)


def roster_commands(roster: Path, work: Path, rows: bool) -> dict[str, list[str]]:
    """The whole processes compared on a roster: clustercheck (with its compiled tally where
    built), its Python tally (the review page's path), the row reader alone (``rows``), and
    the references that are installed."""
    review = ["review", str(roster), "--format", "csv", "-o", str(work / "review.csv")]
    commands = {
        "clustercheck": [sys.executable, "-m", "clustercheck", *review],
        "python tally": [sys.executable, "-c", WITHOUT_TALLY, "python", *review],
        "csv.reader": [sys.executable, "-c", CSV_READER, str(roster)],
    }
    if rows:
        commands["row reader"] = [sys.executable, "-c", WITHOUT_TALLY, "rows", *review]
    for name, script, module in (("duckdb", DUCKDB, "duckdb"), ("pandas", PANDAS, "pandas")):
        if importlib.util.find_spec(module) is not None:
            commands[name] = [sys.executable, "-c", script, str(roster), str(work / f"{name}.csv")]
    return commands


def roster_run(
    firms: int, clusters_count: int, repeats: int, work: Path, *, rows: bool = False
) -> dict[str, tuple[float, int]]:
    """Each command's median wall time and largest peak memory (KiB) over ``repeats`` runs,
    the commands alternated so that drift hits each alike."""
    roster = work / f"roster-{firms}-{clusters_count}.csv"
    if not roster.exists():
        write(roster, clusters_count, firms)
    commands = roster_commands(roster, work, rows)
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            results[name].append(timed(command))
    return {
        name: (statistics.median(t for t, _ in runs), max(m for _, m in runs))
        for name, runs in results.items()
    }


def rosters(sizes: list[tuple[int, int]], repeats: int, targets: Targets) -> None:
    print("== province-wide roster, end to end: clustercheck review roster.csv --format csv -o …")
    print(f"   (whole processes, alternated, median of {repeats}; peak resident memory;")
    print("    ratios: clustercheck's time over each other's)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        costs = []
        for firms, count in sizes:
            result = roster_run(firms, count, repeats, work, rows=firms <= 100_000)
            ours, peak = result["clustercheck"]
            print(f"{firms:>9,} firms / {count:>5,} clusters: clustercheck {ours:6.2f} s {peak / 1024:4.0f} MB")  # fmt: skip
            for name, (seconds, memory) in result.items():
                if name != "clustercheck":
                    print(f"    {name:13} {seconds:6.2f} s {memory / 1024:5.0f} MB -> clustercheck {ours / seconds:5.2f}x")  # fmt: skip
            costs.append((firms, ours))
            python = result["python tally"][0]
            if "row reader" in result:
                faster = result["row reader"][0] / python
                print(f"    the Python tally is {faster:.2f}x as fast as the row reader")
                if firms == 100_000:
                    targets.add("100k-firm roster, Python tally ≥ 3x as fast as the row reader",
                                f"{faster:.2f}x ({python:.2f} s)", faster >= 3)  # fmt: skip
            if firms == 1_000_000:
                reader = result["csv.reader"][0]
                targets.add("1M-firm roster within 3x csv.reader", f"{ours / reader:.2f}x", ours <= 3 * reader)  # fmt: skip
                targets.add("1M-firm roster at or under 1.0x csv.reader", f"{ours / reader:.2f}x", ours <= reader)  # fmt: skip
                if "duckdb" in result:
                    duck = result["duckdb"][0]
                    targets.add("1M-firm roster within 1.2x DuckDB", f"{ours / duck:.2f}x", ours <= 1.2 * duck)  # fmt: skip
                if "pandas" in result:
                    pandas = result["pandas"][0]
                    targets.add("1M-firm roster faster than pandas", f"{ours / pandas:.2f}x", ours < pandas)  # fmt: skip
                targets.add("peak memory at 1M firms under 100 MB", f"{peak / 1024:.0f} MB", peak < 100 * 1024)  # fmt: skip
                targets.add("1M-firm roster, Python tally within 40 s (natively)", f"{python:.2f} s", python <= 40)  # fmt: skip
        print("cost a firm, start-up included (µs): " + ", ".join(f"{f:,}: {t / f * 1e6:.2f}" for f, t in costs))  # fmt: skip
        for (small, t_small), (large, t_large) in itertools.pairwise(costs):
            growth = (t_large - t_small) / (large - small) * 1e6
            print(f"marginal cost from {small:,} to {large:,} firms: {growth:.2f} µs a firm")


def many_clusters(shapes: list[tuple[int, int]], repeats: int) -> None:
    """Rosters of one cluster per few firms: what a cluster costs, in time and memory, beyond
    what the same firms cost in a few clusters."""
    print(
        "== many clusters: clustercheck review roster.csv --format csv -o … (median; peak memory)"
    )
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        runs = {}
        for firms, count in shapes:
            roster = work / f"roster-{firms}-{count}.csv"
            write(roster, count, firms)
            command = roster_commands(roster, work, rows=False)["clustercheck"]
            measured = [timed(command) for _ in range(repeats)]
            runs[count] = (statistics.median(t for t, _ in measured), max(m for _, m in measured))
            seconds, peak = runs[count]
            print(f"{firms:>9,} firms / {count:>7,} clusters: {seconds:6.2f} s {peak / 1024:5.0f} MB")  # fmt: skip
        (few, (t_few, m_few)), (many, (t_many, m_many)) = min(runs.items()), max(runs.items())
        print(f"each cluster more: {(t_many - t_few) / (many - few) * 1e6:.1f} µs, "
              f"{(m_many - m_few) * 1024 / (many - few):,.0f} bytes of peak memory")  # fmt: skip


def import_time(targets: Targets, repeats: int = 15) -> None:
    """The time ``import clustercheck`` adds to a fresh interpreter's start: the medians of
    ``python -c "import clustercheck"`` and ``python -c pass``, alternated."""
    runs: dict[str, list[float]] = {"pass": [], "import clustercheck": []}
    subprocess.run([sys.executable, "-c", "import clustercheck"], check=True, env=USER_ENV)
    for _ in range(repeats):
        for code, times in runs.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=OUTSIDE, env=USER_ENV)
            times.append(time.perf_counter() - start)
    bare, ours = (statistics.median(times) for times in runs.values())
    took = (ours - bare) * 1000
    print(
        f"== import clustercheck: {took:.0f} ms (a bare interpreter starts in {bare * 1000:.0f} ms)"
    )
    targets.add("import clustercheck under 150 ms", f"{took:.0f} ms", took < 150)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    args = parser.parse_args()
    from clustercheck.read.roster_fast import AVAILABLE

    print(f"Python {sys.version.split()[0]}, clustercheck {cc.__version__}, "
          f"compiled roster tally: {'yes' if AVAILABLE else 'no'}")  # fmt: skip
    targets = Targets()
    declared_checks(1.0 if args.quick else 3.0, targets)
    batch_frames(10_000 if args.quick else 100_000, 1 if args.quick else 5, targets)
    import_time(targets)
    if args.quick:
        rosters([(10_000, 50), (100_000, 500)], 1, targets)
        many_clusters([(30_000, 100), (30_000, 10_000)], 1)
    else:
        rosters([(10_000, 50), (100_000, 500), (1_000_000, 5_000)], 5, targets)
        many_clusters([(300_000, 1_000), (300_000, 100_000)], 3)
    targets.show()


if __name__ == "__main__":
    main()
