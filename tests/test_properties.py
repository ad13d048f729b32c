"""Properties that hold for every cluster, not just the examples."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

import clustercheck as cc
from clustercheck.rules.report import verdict_of

from .builders import PASSING, cluster_with

money = st.decimals(min_value=0, max_value=Decimal(10**11), places=2)
share = st.decimals(min_value=0, max_value=1, places=4)
count = st.integers(min_value=0, max_value=200)
maybe = st.none() | st.just(True)

figures = st.fixed_dictionaries(
    {
        "operating_revenue": st.none() | money,
        "main_share": st.none() | share,
        "rd_ratio": st.none() | share,
        "leaders": st.none() | count,
        "related_smes": st.none() | count,
        "building_density": st.none() | share,
        "investment_intensity": st.none() | st.decimals(min_value=0, max_value=5000, places=2),
        "clean_audit_rate": st.none() | share,
    }
)
RAISABLE = sorted(k for k in PASSING if k not in ("service_functions",))


def cluster_of(values: dict[str, Any]) -> cc.Cluster:
    """Only the generated figures; amounts the shares would be computed from are left out."""
    removed: dict[str, Any] = dict.fromkeys(PASSING)
    return cluster_with(**{**removed, **values})


@given(figures, st.sampled_from(sorted(["operating_revenue", "leaders", "related_smes",
                                        "building_density", "investment_intensity",
                                        "main_share", "rd_ratio", "clean_audit_rate"])),
       st.decimals(min_value=0, max_value=Decimal(10**9), places=2))  # fmt: skip
def test_raising_a_figure_never_turns_a_pass_into_a_fail(
    values: dict[str, Any], key: str, step: Decimal
) -> None:
    before = cc.check(cluster_of(values))
    current = values[key]
    if current is None:
        return
    raised: Decimal | int
    if key in ("leaders", "related_smes"):
        raised = current + int(step) % 50
    elif key in ("main_share", "rd_ratio", "building_density", "clean_audit_rate"):
        raised = min(Decimal(1), current + step / Decimal(10**9))
    else:
        raised = current + step
    after = cc.check(cluster_of({**values, key: raised}))
    for old, new in zip(before, after, strict=True):
        if old.status is cc.Status.PASS:
            assert new.status is cc.Status.PASS, (key, old.id, current, raised)


@given(figures)
def test_verdict_is_a_function_of_the_deciding_outcomes_alone(values: dict[str, Any]) -> None:
    report = cc.check(cluster_of(values))
    assert report.verdict is verdict_of([o.status for o in report.deciding])
    renamed = attrs.evolve(report, cluster="另一个集群", warnings=())
    assert verdict_of([o.status for o in renamed.deciding]) is report.verdict


@given(figures, st.sampled_from(["zh", "en"]))
def test_json_round_trip(values: dict[str, Any], lang: str) -> None:
    report = cc.check(cluster_of(values))
    data = json.loads(json.dumps(report.to_dict(lang), ensure_ascii=False))
    assert cc.Report.from_dict(data) == report
