"""Generate a synthetic province-wide roster CSV for benchmarks.

Every row is valid: unique GB 32100-2015 credit codes, money in 万元 with the header unit,
a realistic mix of firm sizes (a few over 5000万元 per cluster, most of them SMEs, some with
their size declared) and of cluster sizes (log-normal: a few clusters of a thousand firms and
more, most of a hundred or two).

    python benchmarks/generate.py roster.csv --clusters 5000 --firms 1000000
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
from pathlib import Path

from clustercheck.model.credit import check_character

HEADER = [
    "序号", "企业名称", "统一社会信用代码", "所属集群", "主营业务收入（万元）", "营业收入（万元）",
    "研发费用（万元）", "从业人员", "企业规模", "是否主导产业", "是否关联",
]  # fmt: skip
SIZES = ["", "", "", "中型", "小型", "微型"]


def credit_code(serial: int) -> str:
    """A valid 18-character code: 91 (enterprise), region 410100, a serial, the check character."""
    body = f"91410100{serial:09d}"
    return body + check_character(body)


def cluster_of_each_firm(rng: random.Random, clusters: int, firms: int) -> list[int]:
    """Each firm's cluster: every cluster gets one firm, the rest go by log-normal weights."""
    weights = list(itertools.accumulate(rng.lognormvariate(0, 0.8) for _ in range(clusters)))
    rest = rng.choices(range(clusters), cum_weights=weights, k=max(0, firms - clusters))
    return [*range(min(clusters, firms)), *rest]


def rows(clusters: int, firms: int, seed: int = 2015) -> list[list[str]]:
    """The roster rows, firms spread over clusters in a shuffled order."""
    rng = random.Random(seed)
    out = []
    for serial, cluster in enumerate(cluster_of_each_firm(rng, clusters, firms)):
        leader = rng.random() < 0.03
        revenue = rng.randint(6_000, 200_000) if leader else rng.randint(50, 4_800)
        main = round(revenue * rng.uniform(0.85, 1.0), 1)
        out.append([
            str(serial + 1), f"示例{cluster}号集群企业{serial}有限公司", credit_code(serial),
            f"示例{cluster}号产业集群", f"{main:,.1f}", f"{revenue:,}", f"{revenue * 0.012:.2f}",
            str(rng.randint(1100, 5000) if leader else rng.randint(5, 900)),
            rng.choice(SIZES), "是" if rng.random() < 0.8 else "否", "是",
        ])  # fmt: skip
    rng.shuffle(out)
    return out


def write(path: Path, clusters: int, firms: int) -> None:
    """Write the roster, UTF-8 with a byte-order mark as Excel exports it."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows(clusters, firms))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--clusters", type=int, default=5_000)
    parser.add_argument("--firms", type=int, default=1_000_000)
    args = parser.parse_args()
    write(args.path, args.clusters, args.firms)


if __name__ == "__main__":
    main()
