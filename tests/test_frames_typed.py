"""An analyst's script, checked by ``mypy --strict`` with the rest of the tests: every frame
function as users call it, with the types they would write."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa

import clustercheck as cc


def verdicts(summary: pd.DataFrame) -> pd.DataFrame:
    """From a frame to a result frame in three lines."""
    clusters: list[cc.Cluster] = cc.clusters_from_frame(summary, units={"营业收入": "亿元"})
    review: cc.Review = cc.review(clusters)
    return review.to_frame("pandas")


def batch_verdicts(summary: pd.DataFrame) -> tuple[pd.DataFrame, cc.Report]:
    """A large frame to a result frame without a report per cluster, and one report."""
    batch: cc.Batch = cc.check_many(summary, units={"营业收入": "亿元"}, tags=["core"])
    statuses: tuple[cc.Status, ...] = batch.statuses("revenue")
    assert len(statuses) == len(batch)
    return batch.to_frame("pandas"), batch[0]


def firm_criteria(firms: pl.DataFrame) -> pl.DataFrame:
    """Firms summed into a cluster, its criteria one per row."""
    rosters: list[cc.Cluster] = cc.clusters_from_firms(firms, name="甲县集群", money_unit="万元")
    report: cc.Report = cc.check(rosters[0])
    return report.to_frame("polars", lang="en")


def error_table(summary: pd.DataFrame) -> pa.Table | None:
    """What is wrong with a frame, as a table."""
    try:
        cc.clusters_from_frame(summary)
    except cc.InputErrors as errors:
        return errors.to_frame("pyarrow")
    return None


def test_the_script_runs() -> None:
    folder: Path = cc.examples_dir()
    assert folder.is_dir()
    summary = pd.DataFrame({"集群名称": ["甲县集群"], "营业收入": [23.5]})
    assert verdicts(summary)["revenue_value_亿元"].tolist() == [23.5]
    frame, report = batch_verdicts(summary)
    assert frame["revenue"].tolist() == ["PASS"] and report["revenue"].status is cc.Status.PASS
    firms = pl.DataFrame({"企业名称": ["甲公司"], "营业收入": [60000]})
    assert firm_criteria(firms)["id"][0] == "scope"
    table = error_table(summary.assign(营业收入=["x"], 年度=[1.5]))
    assert table is not None
    assert table.column("code").to_pylist() == ["not_money", "not_year"]
