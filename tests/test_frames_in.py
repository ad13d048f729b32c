"""Clusters from data frames: pandas, polars and pyarrow-backed columns, missing cells,
floats through their repr, units from headers, errors at row and column, firm frames."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir

from .builders import ATTESTED, example_files


def _frame(library: str, data: dict[str, list[Any]]) -> Any:
    return pd.DataFrame(data) if library == "pandas" else pl.DataFrame(data, strict=False)


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_a_row_per_cluster_with_summary_headers(library: str) -> None:
    frame = _frame(library, {
        "集群名称": ["甲县纺织", "乙县食品"],
        "年度": [2015, 2016],
        "营业收入(亿元)": [23.5, 18.0],
        "主导产业占比(%)": [72.5, 65.0],
        "研发投入(万元)": [3100, 2000],
        "龙头企业数": [3, 1],
        "plan": [True, False],
    })  # fmt: skip
    first, second = cc.clusters_from_frame(frame)
    assert first.name == "甲县纺织" and first.year == 2015
    assert first.declared.operating_revenue == Decimal("2350000000")
    assert first.declared.main_share == Decimal("0.725")
    assert first.declared.rd_expense == Decimal("31000000")
    assert first.declared.leaders == 3
    assert first.attested == {"plan": True}
    assert second.declared.operating_revenue == Decimal("1800000000")
    assert second.attested == {"plan": False}
    assert cc.check(second)["plan"].status is cc.Status.FAIL


def test_missing_cells_are_missing_figures_never_zero() -> None:
    frame = pd.DataFrame({
        "name": ["甲", "乙", "丙"],
        "operating_revenue": [np.nan, None, pd.NA],
        "leaders": pd.array([None, 2, None], dtype="Int64"),
        "related_smes": [np.nan, 30.0, np.nan],
        "plan": [None, True, np.nan],
    })  # fmt: skip
    clusters = cc.clusters_from_frame(frame, money_unit="万元")
    assert [c.declared.operating_revenue for c in clusters] == [None, None, None]
    assert [c.declared.leaders for c in clusters] == [None, 2, None]
    assert [c.declared.related_smes for c in clusters] == [None, 30, None]
    assert [c.attested for c in clusters] == [{}, {"plan": True}, {}]
    report = cc.check(clusters[0])
    assert report["revenue"].status is cc.Status.UNKNOWN
    assert report["leaders"].status is cc.Status.UNKNOWN


def test_polars_nulls_and_nan_are_missing() -> None:
    frame = pl.DataFrame({"name": ["甲", "乙"], "营业收入(亿元)": [float("nan"), None]})
    assert [c.declared.operating_revenue for c in cc.clusters_from_frame(frame)] == [None, None]


def test_floats_read_through_their_shortest_repr() -> None:
    frame = pd.DataFrame({"name": ["甲"], "营业收入(亿元)": [0.1 + 0.2], "主导产业占比(%)": [65.1]})
    (cluster,) = cc.clusters_from_frame(frame)
    assert cluster.declared.operating_revenue == Decimal(repr(0.1 + 0.2)) * 100_000_000
    assert cluster.declared.operating_revenue == Decimal("30000000.000000004")
    assert cluster.declared.main_share == Decimal("0.651")


@pytest.mark.parametrize(
    "column",
    [
        np.array([3, 41], dtype=np.int64),
        np.array([3, 41], dtype=np.uint16),
        pd.array([3, 41], dtype="int64[pyarrow]"),
        pd.array([3, 41], dtype="Int32"),
    ],
)
def test_integers_of_any_type(column: Any) -> None:
    frame = pd.DataFrame({"name": ["甲", "乙"], "related_smes": column, "year": column + 2000})
    clusters = cc.clusters_from_frame(frame)
    assert [c.declared.related_smes for c in clusters] == [3, 41]
    assert [type(c.declared.related_smes) for c in clusters] == [int, int]
    assert [c.year for c in clusters] == [2003, 2041]


def test_pyarrow_backed_columns() -> None:
    frame = pd.DataFrame({
        "name": pd.array(["甲", None], dtype="string[pyarrow]"),
        "营业收入(万元)": pd.array([230000.5, None], dtype="double[pyarrow]"),
    }).iloc[:1]  # fmt: skip
    (cluster,) = cc.clusters_from_frame(frame)
    assert cluster.declared.operating_revenue == Decimal("2300005000")


def test_units_by_mapping_and_text_with_units() -> None:
    frame = pd.DataFrame({
        "name": ["甲", "乙"],
        "operating_revenue": [23.5, "19亿元"],
        "main_share": [0.7, 0.65],
        "rd_ratio": ["1.2%", "1%"],
        "service_functions": ["研发设计、检验检测", "物流服务"],
    })  # fmt: skip
    clusters = cc.clusters_from_frame(
        frame, units={"operating_revenue": "亿元", "main_share": "fraction"}
    )
    assert [c.declared.operating_revenue for c in clusters] == [
        Decimal("2350000000"),
        Decimal("1900000000"),
    ]
    assert [c.declared.main_share for c in clusters] == [Decimal("0.7"), Decimal("0.65")]
    assert [c.declared.rd_ratio for c in clusters] == [Decimal("0.012"), Decimal("0.01")]
    assert clusters[0].declared.service_functions == ("研发设计", "检验检测")


def test_attestations_by_id_label_or_prefix() -> None:
    frame = pd.DataFrame({
        "name": ["甲"], "产业发展规划": ["是"], "attested.policy": [1], "coordination": ["否"],
    })  # fmt: skip
    (cluster,) = cc.clusters_from_frame(frame)
    assert cluster.attested == {"plan": True, "policy": True, "coordination": False}


def test_errors_name_row_and_column_all_at_once() -> None:
    frame = pd.DataFrame({
        "name": ["甲", None, "丙"],
        "营业收入(亿元)": [23.5, 1.0, -2.0],
        "main_share": [65, 0.5, "65%"],
        "plan": [True, "也许", True],
    })  # fmt: skip
    with pytest.raises(cc.InputErrors) as caught:
        cc.clusters_from_frame(frame)
    found = [(e.place(), e.code) for e in caught.value.errors]
    assert found == [
        ("row 0.main_share", "bare_percent"),
        ("row 1.name", "frame_row_without_name"),
        ("row 1.main_share", "bare_percent"),
        ("row 1.plan", "not_yes_no"),
        ("row 2.营业收入(亿元)", "negative"),
    ]
    assert caught.value.errors[0].key == ("row 0", "main_share")
    assert caught.value.errors[0].column == "main_share"
    assert caught.value.errors[0].source == "<frame>"


def test_impossible_figures_are_placed_at_their_column() -> None:
    frame = pd.DataFrame({"name": ["甲"], "营业收入(亿元)": [10], "主导产业营业收入(亿元)": [12]})
    with pytest.raises(cc.InputError) as caught:
        cc.clusters_from_frame(frame)
    assert caught.value.place() == "row 0.主导产业营业收入(亿元)"
    assert caught.value.code == "part_above_whole"


def test_unknown_columns_twice_given_and_bad_units() -> None:
    frame = pd.DataFrame({
        "name": ["甲"], "revenu": [1], "营业收入(亿元)": [1], "operating_revenue": [1],
        "leaders(亿元)": [1], "序号": [1],
    })  # fmt: skip
    with pytest.raises(cc.InputErrors) as caught:
        cc.clusters_from_frame(frame)
    assert [(e.place(), e.code) for e in caught.value.errors] == [
        ("revenu", "unknown_frame_column"),
        ("operating_revenue", "columns_twice"),
        ("leaders(亿元)", "not_unit"),
    ]


def test_a_frame_without_names_and_what_is_no_frame() -> None:
    with pytest.raises(cc.InputError) as caught:
        cc.clusters_from_frame(pd.DataFrame({"营业收入(亿元)": [1]}))
    assert caught.value.code == "frame_without_names"
    with pytest.raises(cc.InputError) as caught:
        cc.clusters_from_frame([{"name": "甲"}])
    assert caught.value.code == "not_frame"
    assert caught.value.message("zh").startswith("<frame>: list 不是数据表")


def _declared_row(cluster: cc.Cluster) -> dict[str, Any]:
    """A cluster's declared figures as an analyst's frame holds them: floats in 亿元 and %."""
    declared = cluster.declared
    row: dict[str, Any] = {"name": cluster.name, "region": cluster.region, "year": cluster.year}
    for key in ("operating_revenue", "main_industry_revenue", "rd_expense"):
        value = getattr(declared, key)
        row[f"{key}(亿元)"] = None if value is None else float(value / 100_000_000)
    for key in ("main_share", "rd_ratio", "building_density", "clean_audit_rate"):
        value = getattr(declared, key)
        row[f"{key}(%)"] = None if value is None else float(value * 100)
    for key in ("leaders", "related_smes", "clean_audit_required", "clean_audit_done"):
        row[key] = getattr(declared, key)
    intensity = declared.investment_intensity
    row["investment_intensity"] = None if intensity is None else float(intensity)
    functions = declared.service_functions
    row["service_functions"] = None if functions is None else "、".join(functions)
    for key in ATTESTED:  # service_functions is a figure and a finding: the finding is attested.…
        row[f"attested.{key}" if key == "service_functions" else key] = cluster.attested.get(key)
    return row


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_the_bundled_examples_as_a_frame_give_the_same_verdicts(library: str) -> None:
    clusters = [cc.load_cluster(p) for p in example_files()]
    declared = [c for c in clusters if not c.enterprises]
    assert len(declared) == 9
    rows = [_declared_row(c) for c in declared]
    frame = _frame(library, {key: [row[key] for row in rows] for key in rows[0]})
    from_frame = cc.clusters_from_frame(frame)
    assert [c.declared for c in from_frame] == [c.declared for c in declared]
    assert [cc.check(c).verdict for c in from_frame] == [cc.check(c).verdict for c in declared]
    statuses = [[o.status for o in cc.check(c)] for c in from_frame]
    assert statuses == [[o.status for o in cc.check(c)] for c in declared]


ROSTER = examples_dir() / "rosters" / "province-2015.csv"


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_firms_frame_summed_as_the_roster_file(library: str) -> None:
    firms = pd.read_csv(ROSTER, skiprows=1)
    frame = firms if library == "pandas" else pl.from_pandas(firms)
    from_frame = cc.clusters_from_firms(frame)
    from_file = list(cc.load_clusters([ROSTER]))
    assert [c.name for c in from_frame] == [c.name for c in from_file]
    for mine, theirs in zip(from_frame, from_file, strict=True):
        assert mine.roster is not None and theirs.roster is not None
        assert mine.roster.operating_revenue == theirs.roster.operating_revenue
        assert mine.roster.leaders == theirs.roster.leaders
        assert mine.roster.related_smes == theirs.roster.related_smes
        assert cc.check(mine).to_dict()["outcomes"] == cc.check(theirs).to_dict()["outcomes"]


def test_firms_of_one_cluster_numbers_and_totals_rows() -> None:
    frame = pd.DataFrame({
        "企业名称": ["甲公司", "乙公司", "合计"],
        "主营业务收入": [6000.5, 100, 6100.5],
        "营业收入": [np.int64(7000), 200, 7200],
        "从业人员": [120.0, np.nan, None],
        "是否主导产业": [True, False, None],
    })  # fmt: skip
    (cluster,) = cc.clusters_from_firms(frame, name="丙县集群", money_unit="万元")
    assert cluster.name == "丙县集群"
    assert cluster.roster is not None
    assert cluster.roster.firms == 2
    assert cluster.roster.operating_revenue == Decimal("72000000")
    assert cluster.roster.main_industry_revenue == Decimal("70000000")
    assert [n.code for n in cluster.roster.remarks] == ["totals_row_matches"]
    report = cc.check(cluster)
    assert report["leaders"].items == ("甲公司",)


def test_firm_frame_errors_name_row_and_column() -> None:
    frame = pd.DataFrame({
        "name": ["甲公司", "乙公司", "丁公司"],
        "credit_code": ["91410700000100001C", "91410700000100001C", None],
        "operating_revenue(万元)": [5, 5, "x"],
    })  # fmt: skip
    with pytest.raises(cc.InputErrors) as caught:
        cc.clusters_from_firms(frame, name="丙县集群")
    assert [(e.place(), e.code) for e in caught.value.errors] == [
        ("row 1.credit_code", "code_seen"),
        ("row 2.operating_revenue(万元)", "not_money"),
    ]
    assert "already appears at row 0.credit_code in 丙县集群" in str(caught.value.errors[0])
    with pytest.raises(cc.InputError) as no_cluster:
        cc.clusters_from_firms(frame)
    assert no_cluster.value.code == "frame_without_cluster"


def test_examples_dir_is_the_bundled_folder_the_demo_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = cc.examples_dir()
    assert isinstance(folder, Path) and (folder / "rosters" / "province-2015.csv").is_file()
    names = [c.name for c in cc.load_clusters([folder])]
    assert len(names) == 13
    assert main(["demo", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [row["cluster"] for row in shown["clusters"]] == names


def test_numbers_written_as_text_in_a_column_with_a_unit() -> None:
    frame = pd.DataFrame({"name": ["甲"], "主导产业占比(%)": ["65"], "rd_ratio": ["0.012"]})
    (cluster,) = cc.clusters_from_frame(frame, units={"rd_ratio": "fraction"})
    assert cluster.declared.main_share == Decimal("0.65")
    assert cluster.declared.rd_ratio == Decimal("0.012")


def test_units_that_fit_no_column_or_contradict_a_header() -> None:
    frame = pd.DataFrame({"name": ["甲"], "营业收入(亿元)": [23.5]})
    with pytest.raises(cc.InputErrors) as caught:
        cc.clusters_from_frame(
            frame, units={"营业收入(亿元)": "万元", "revenue": "亿元"}, money_unit="万亿"
        )
    assert [(e.place(), e.code, e.value) for e in caught.value.errors] == [
        ("money_unit", "not_unit", "万亿"),
        ("units", "unit_against_header", "万元"),
        ("units", "units_for_no_column", "revenue"),
    ]


def test_firm_frame_units_by_key_header_or_for_every_money_column() -> None:
    frame = pd.DataFrame({"name": ["甲公司"], "营业收入": [6000], "主营业务收入": [5500]})
    (by_key,) = cc.clusters_from_firms(
        frame, name="丙县集群", units={"operating_revenue": "万元", "主营业务收入": "万元"}
    )
    (by_default,) = cc.clusters_from_firms(frame, name="丙县集群", money_unit="万元")
    assert by_key.roster == by_default.roster
    assert by_key.roster is not None and by_key.roster.operating_revenue == Decimal("60000000")
    with pytest.raises(cc.InputErrors) as caught:
        cc.clusters_from_firms(
            frame, name="丙县集群", units={"name": "万元", "营业收入": "万亿", "rd": "万元"}
        )
    assert [(e.code, e.value) for e in caught.value.errors] == [
        ("not_unit", "万元"),
        ("not_unit", "万亿"),
        ("units_for_no_column", "rd"),
    ]


def test_a_pyarrow_table_and_polars_decimals() -> None:
    import pyarrow as pa

    table = pa.table({"name": ["甲", "乙"], "营业收入(亿元)": pa.array([23.5, None])})
    assert [c.declared.operating_revenue for c in cc.clusters_from_frame(table)] == [
        Decimal("2350000000"),
        None,
    ]
    exact = pl.DataFrame(
        {"name": ["甲"], "营业收入(万元)": [Decimal("230000.05")]},
        schema={"name": pl.String, "营业收入(万元)": pl.Decimal(12, 2)},
    )
    (cluster,) = cc.clusters_from_frame(exact)
    assert cluster.declared.operating_revenue == Decimal("2300000500")


def test_without_narwhals_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "narwhals", None)
    with pytest.raises(cc.InputError) as caught:
        cc.clusters_from_frame(pd.DataFrame({"name": ["甲"]}), source="汇总表")
    assert str(caught.value) == (
        "汇总表: reading a DataFrame needs narwhals: pip install 'clustercheck-cn[frames]'"
    )


def test_a_published_rate_is_read_as_a_share_is_and_may_be_negative() -> None:
    """产值年均增速 and the growth of R&D: text, a published bound, or a number in % or as a
    fraction, as a share is read; negative or above 100% too, as a share may not be."""
    frame = pd.DataFrame({
        "name": ["甲", "乙", "丙", "丁"],
        "output_growth": [12, -3, 250, None],
        "rd_growth": ["12%", "逾10%", "-3%", None],
    })  # fmt: skip
    clusters = cc.clusters_from_frame(frame, units={"output_growth": "%"})
    assert [c.declared.output_growth for c in clusters] == [
        Decimal("0.12"), Decimal("-0.03"), Decimal("2.5"), None,
    ]  # fmt: skip
    assert [repr(c.declared.rd_growth) for c in clusters] == [
        "Decimal('0.12')", "FigureBound('0.1', lower=True, strict=True)", "Decimal('-0.03')",
        "None",
    ]  # fmt: skip
    fractions = pd.DataFrame({"name": ["甲"], "output_growth": [0.12]})
    (cluster,) = cc.clusters_from_frame(fractions, units={"output_growth": "fraction"})
    assert cluster.declared.output_growth == Decimal("0.12")
    with pytest.raises(cc.InputError) as caught:
        cc.clusters_from_frame(fractions)
    assert (caught.value.place(), caught.value.code) == ("row 0.output_growth", "bare_percent")
