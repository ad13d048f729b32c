"""Results and errors as data frames: the columns, their types, money in the pack's unit
named in the header, other figures in input units, the rounded flag, each frame library, and
one-line reprs."""

from __future__ import annotations

import importlib.util
import math
from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import clustercheck as cc

from .builders import cluster_with

STATUSES = ["PASS", "FAIL", "UNKNOWN", "INFO"]


def _review() -> cc.Review:
    """Three clusters: one qualified with a share of exactly 2/3, one failing, one unknown."""
    qualified = cluster_with(
        operating_revenue=Decimal("3000000000"), main_industry_revenue=Decimal("2000000000")
    )
    failing = cc.Cluster(
        name="乙县集群", region="乙县", year=2015,
        declared=cc.Declared(operating_revenue="19亿元", main_share="65%", leaders=2),
    )  # fmt: skip
    return cc.review([qualified, failing, cc.Cluster(name="丙县集群")])


def test_review_frame_one_row_per_cluster_criteria_in_pack_order() -> None:
    review = _review()
    frame = review.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["cluster"]) == ["示例县测试产业集群", "乙县集群", "丙县集群"]
    assert list(frame["verdict"]) == ["QUALIFIED", "NOT_QUALIFIED", "INCOMPLETE"]
    assert list(frame["band"].fillna("")) == ["over-20", "", ""]
    statuses = [c for c in frame.columns if c in {k.id for k in review.rules.criteria}]
    assert statuses == [c.id for c in review.rules.criteria]
    assert list(frame.columns[:8]) == [
        "cluster", "id", "region", "year", "verdict", "band", "scope", "coordination",
    ]  # fmt: skip
    assert [c for c in frame.columns if c.startswith("revenue")] == [
        "revenue", "revenue_value_亿元", "revenue_margin_亿元",
    ]  # fmt: skip
    assert [c for c in frame.columns if c.startswith("main_share")] == [
        "main_share", "main_share_value", "main_share_margin", "main_share_rounded",
    ]  # fmt: skip


def test_review_frame_types_money_in_the_packs_unit_and_shares_as_fractions() -> None:
    frame = _review().to_frame("pandas")
    assert list(frame["revenue"].cat.categories) == STATUSES
    assert list(frame["verdict"].cat.categories) == ["QUALIFIED", "NOT_QUALIFIED", "INCOMPLETE"]
    assert str(frame["year"].dtype) == "Int64"
    assert frame["year"].isna().tolist() == [True, False, True]
    assert str(frame["revenue_value_亿元"].dtype) == "float64"
    assert frame["revenue_value_亿元"].tolist()[:2] == [30.0, 19.0]
    assert frame["revenue_margin_亿元"].tolist()[:2] == [10.0, -1.0]
    assert math.isnan(frame["revenue_value_亿元"][2])
    assert frame["main_share_value"][1] == 0.65 and frame["main_share_margin"][1] == 0.0
    assert frame["main_share_value"][0] == pytest.approx(2 / 3, abs=1e-12)
    assert frame["main_share_rounded"].tolist() == [True, False, False]
    assert list(frame["revenue"]) == ["PASS", "FAIL", "UNKNOWN"]


def test_review_frame_in_polars_and_pyarrow() -> None:
    review = _review()
    polars = review.to_frame("polars")
    assert isinstance(polars, pl.DataFrame)
    assert polars.schema["revenue"] == pl.Enum(STATUSES)
    assert polars.schema["year"] == pl.Int64 and polars["year"].to_list() == [None, 2015, None]
    assert polars["revenue_value_亿元"].to_list()[:2] == [30.0, 19.0]
    arrow = review.to_frame("pyarrow")
    assert isinstance(arrow, pa.Table)
    assert pa.types.is_dictionary(arrow.schema.field("verdict").type)
    assert arrow.column("verdict").to_pylist() == ["QUALIFIED", "NOT_QUALIFIED", "INCOMPLETE"]


def test_report_frame_one_row_per_criterion() -> None:
    report = _review().reports[1]
    frame = report.to_frame(lang="en")
    assert list(frame["id"]) == [c.id for c in cc.load_rules().criteria]
    assert list(frame.columns) == [
        "cluster", "id", "clause", "criterion", "kind", "status", "value", "threshold",
        "margin", "unit", "rounded", "attested", "source", "notes",
    ]  # fmt: skip
    revenue = frame.set_index("id").loc["revenue"]
    assert revenue["value"] == 19.0 and revenue["threshold"] == 20.0 and revenue["margin"] == -1.0
    assert revenue["unit"] == "亿元" and revenue["status"] == "FAIL"
    assert revenue["source"] == "DECLARED" and revenue["criterion"] == "Annual operating revenue"
    share = frame.set_index("id").loc["main_share"]
    assert share["unit"] == "fraction" and share["threshold"] == 0.65
    assert frame.set_index("id").loc["plan"]["notes"] == "not attested"
    assert pd.isna(frame.set_index("id").loc["plan"]["attested"])


def test_money_is_shown_as_written_not_in_scientific_notation() -> None:
    review = _review()
    wide = review.to_frame("pandas")[
        ["revenue_value_亿元", "revenue_margin_亿元", "main_share_value"]
    ]
    assert repr(wide).splitlines() == [
        "   revenue_value_亿元  revenue_margin_亿元  main_share_value",
        "0              30.0               10.0          0.666667",
        "1              19.0               -1.0          0.650000",
        "2               NaN                NaN               NaN",
    ]
    # One row per criterion: each row's value in the unit beside it, never 元 beside 亿元.
    report = review.reports[1].to_frame("pandas", lang="en").set_index("id")
    rows = report.loc[
        ["revenue", "main_share", "leaders"], ["value", "threshold", "margin", "unit"]
    ]
    assert repr(rows).splitlines()[2:] == [
        "revenue     19.00      20.00    -1.0        亿元",
        "main_share   0.65       0.65     0.0  fraction",
        "leaders      2.00       2.00     0.0         家",
    ]
    units = review.reports[1].to_frame("polars", lang="en")
    assert dict(zip(units["id"].to_list(), units["unit"].to_list(), strict=True))["plan"] is None


def test_attested_column_holds_the_answer() -> None:
    report = cc.check(cluster_with(attested={"plan": False, "scope": True}))
    table = report.to_frame("polars")
    by_id = dict(zip(table["id"].to_list(), table["attested"].to_list(), strict=True))
    assert by_id["plan"] is False and by_id["scope"] is True and by_id["policy"] is None


def test_errors_as_a_frame() -> None:
    with pytest.raises(cc.InputErrors) as caught:
        cc.clusters_from_frame(pd.DataFrame({"name": ["甲", None], "营业收入(亿元)": ["x", 1]}))
    frame = caught.value.to_frame()
    assert list(frame.columns) == [
        "source", "key", "line", "column", "sheet", "cell", "value", "expected", "code",
        "message",
    ]  # fmt: skip
    assert list(frame["code"]) == ["not_money", "frame_row_without_name"]
    assert list(frame["key"]) == ["row 0.营业收入(亿元)", "row 1.name"]
    assert list(frame["column"]) == ["营业收入(亿元)", "name"]
    assert frame["value"][0] == "x"
    assert str(frame["line"].dtype) == "Int64"
    zh = caught.value.to_frame("polars", lang="zh")
    assert zh["message"][1] == "<frame>: row 1.name: 集群名称为空；每行应是一个有名称的集群"


def test_a_single_error_and_a_file_error_as_frames() -> None:
    error = cc.InputError("名册.csv", "line 5, column 营业收入", cc.Problem("not_money", shown="'x'", units="万元", value="x", expected="money"))  # fmt: skip
    row = error.to_frame("polars").row(0, named=True)
    assert row["line"] == 5 and row["column"] == "营业收入" and row["source"] == "名册.csv"


def test_an_unknown_backend_is_a_usage_error() -> None:
    with pytest.raises(cc.UsageError) as caught:
        _review().to_frame("excel")
    assert caught.value.code == "not_frame_backend"
    assert (
        caught.value.message("zh")
        == "'excel' 不是可用的数据表库；应为 pandas, polars, pyarrow 之一"
    )


def test_reprs_are_one_short_line() -> None:
    many = cc.review(cc.Cluster(name=f"集群{n}") for n in range(500))
    assert repr(many) == "<Review henan-2014-196: 500 clusters, 0 qualified>"
    assert repr(many.reports[0]) == "<Report '集群0' henan-2014-196: INCOMPLETE>"
    assert repr(many.rules) == "<Rules henan-2014-196 豫工信企业〔2014〕196号: 14 criteria>"
    both = cc.compare([cc.Cluster(name="甲")], ["henan-2014-196", "miit-2022-119"])
    assert repr(both) == "<Comparison henan-2014-196, miit-2022-119: 1 clusters>"


def test_frame_in_frame_out_round_trip() -> None:
    out = _review().to_frame()
    again = pd.DataFrame({
        "name": out["cluster"], "operating_revenue": out["revenue_value_亿元"],
        "main_share": out["main_share_value"],
    }).iloc[1:2]  # fmt: skip
    (cluster,) = cc.clusters_from_frame(
        again, units={"operating_revenue": "亿元", "main_share": "fraction"}
    )
    assert cluster.declared.operating_revenue == Decimal("1900000000")
    assert cluster.declared.main_share == Decimal("0.65")


def test_without_any_frame_library_the_default_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(cc.UsageError) as caught:
        _review().to_frame()
    assert str(caught.value) == (
        "no frame library is installed; expected one of pandas, polars, pyarrow"
    )
