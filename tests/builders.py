"""Builders for tests: a cluster that meets every condition, changed one figure at a time."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import clustercheck as cc
from clustercheck.read.examples import examples_dir

#: Declared figures that meet every condition of henan-2014-196 with room to spare.
PASSING: dict[str, Any] = {
    "operating_revenue": Decimal("2350000000"),
    "main_industry_revenue": Decimal("1700000000"),
    "rd_expense": Decimal("31000000"),
    "leaders": 3,
    "related_smes": 41,
    "building_density": Decimal("0.52"),
    "investment_intensity": Decimal("1180"),
    "clean_audit_required": 6,
    "clean_audit_done": 6,
    "service_functions": ("研发设计", "检验检测"),
}

ATTESTED = {
    "scope": True,
    "coordination": True,
    "plan": True,
    "policy": True,
    "service_functions": True,
    "service_platform": True,
}


def cluster_with(
    *,
    attested: dict[str, bool] | None = None,
    enterprises: tuple[cc.Enterprise, ...] = (),
    **figures: Any,
) -> cc.Cluster:
    """A cluster meeting every condition, except for the declared figures given (None removes one)."""
    declared = {k: v for k, v in {**PASSING, **figures}.items() if v is not None}
    return cc.Cluster(
        name="示例县测试产业集群",
        region="示例县",
        declared=cc.Declared(**declared),
        attested=ATTESTED if attested is None else attested,
        enterprises=enterprises,
    )


def example_files() -> list[Path]:
    """The bundled example cluster files in name order: the 示例县 ones, then Xuchang."""
    return sorted(examples_dir().glob("*.toml"))
