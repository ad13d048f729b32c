"""check_many: many clusters checked column by column give what review gives, row for row.

Every test compares with the engine (``review`` of the same clusters, ``check`` of one), so
the columns can never decide otherwise than the cluster-by-cluster check does: random frames
straddling every threshold, numbers the columns cannot hold exactly, both packs, tags,
clusters given in code with rosters, errors and duplicates.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import clustercheck as cc
from clustercheck.read.examples import examples_dir
from clustercheck.render.frames import frame_unit, in_frame_unit, money_scale

from .test_fuzz import FUZZ

HENAN = cc.load_rules("henan-2014-196")
MIIT = cc.load_rules("miit-2022-119")


def _amount(rng: random.Random, around: float) -> object:
    """An amount in 亿元 near ``around``: often just at it or one step either side, sometimes
    with more digits than a float keeps exactly, missing, or text."""
    pick = rng.random()
    if pick < 0.1:
        return None
    if pick < 0.3:
        return around + rng.choice([-1e-8, 0.0, 1e-8, -0.0001, 0.0001])
    if pick < 0.35:
        return around * (1 + rng.random()) / 3  # sixteen or seventeen digits
    if pick < 0.38:
        return f"{around * 10000:.0f}万元"
    return round(rng.uniform(around / 4, around * 3), rng.choice([0, 2, 4]))


def _rows(rng: random.Random, count: int) -> dict[str, list[Any]]:
    revenue = [_amount(rng, 20.0) for _ in range(count)]

    def part(share: float) -> list[object]:
        parts: list[object] = []
        for whole in revenue:
            if not isinstance(whole, float) or rng.random() < 0.1:
                parts.append(None)
            elif rng.random() < 0.2:
                parts.append(whole * share)  # at the threshold, as a float makes it
            else:
                parts.append(round(whole * rng.uniform(share / 2, min(1.0, share * 2)), 4))
        return parts

    required = [rng.choice([None, 0, 3, 7, 40]) for _ in range(count)]
    return {
        "集群名称": [f"集群{i}" for i in range(count)],
        "地区": [rng.choice(["郑州市", "洛阳市", None]) for _ in range(count)],
        "年度": [rng.choice([2015, 2016]) for _ in range(count)],
        "营业收入(亿元)": revenue,
        "主导产业营业收入(亿元)": part(0.65),
        "研发投入(亿元)": part(0.01),
        "龙头企业数": [rng.choice([None, 0, 1, 2, 3]) for _ in range(count)],
        "关联中小企业数": [rng.choice([None, 19, 20, 21, 150]) for _ in range(count)],
        "建筑密度": [rng.choice([None, 29.99, 30.0, 30.01, 45.5]) for _ in range(count)],
        "投资强度": [rng.choice([None, 1179.9, 1180, 1180.1, 2000]) for _ in range(count)],
        "应实施清洁生产审核企业数": required,
        "已实施清洁生产审核企业数": [
            None if r is None or rng.random() < 0.1 else rng.randint(0, r) for r in required
        ],
        "公共服务功能": [
            rng.choice([None, "研发设计、检验检测", "融资担保，人才培训;物流", ""])
            for _ in range(count)
        ],
        "champions": [rng.choice([None, 0, 1]) for _ in range(count)],
        "specialised_firms": [rng.choice([None, 9, 10, 11]) for _ in range(count)],
        "area": [rng.choice([None, 99.99, 100, 100.01]) for _ in range(count)],
        "platform_adoption": [rng.choice([None, 9.99, 10, 10.01]) for _ in range(count)],
        "attested.area_exception": [rng.choice([None, True, False]) for _ in range(count)],
        **{
            f"attested.{criterion.id}": [
                rng.choice([True, True, True, False, None]) for _ in range(count)
            ]
            for pack in (HENAN, MIIT)
            for criterion in pack.criteria
            if criterion.kind is cc.Kind.ATTESTATION
        },
    }


UNITS = {"建筑密度": "%", "platform_adoption": "%"}


def _frames(library: str, data: dict[str, list[Any]]) -> Any:
    if library == "pandas":
        frame = pd.DataFrame(data)
        for column in (
            "龙头企业数", "关联中小企业数", "champions", "specialised_firms",
            "应实施清洁生产审核企业数", "已实施清洁生产审核企业数",
        ):  # fmt: skip
            frame[column] = frame[column].astype("Int64")
        return frame
    return pl.DataFrame(data, strict=False)


def _same(batch: cc.Batch, review: cc.Review, backend: str = "pandas") -> None:
    ours, theirs = batch.to_frame(backend), review.to_frame(backend)
    if backend == "pandas":
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    else:
        assert ours.equals(theirs)
    assert batch.verdicts == tuple(r.verdict for r in review)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("pack", [HENAN, MIIT], ids=["henan", "miit"])
def test_a_frame_gives_what_review_gives(seed: int, pack: cc.Rules) -> None:
    rng = random.Random(seed)
    data = _rows(rng, 400)
    if seed % 2:  # the amounts as text in a column of objects, read cell by cell
        data["营业收入(亿元)"] = [
            None if v is None else str(v) if isinstance(v, float) else v
            for v in data["营业收入(亿元)"]
        ]
    frame = _frames("pandas", data)
    frame = frame.drop(columns=[c for c in frame.columns if c.endswith("(亿元)") and seed == 4])
    batch = cc.check_many(frame, pack, units=UNITS)
    review = cc.review(cc.clusters_from_frame(frame, pack, units=UNITS), pack)
    _same(batch, review)
    # The columns decided nearly every row themselves: the engine saw only those they
    # could not hold exactly.
    assert len(batch.checked_by_engine) < len(batch) / 4


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_a_polars_frame_and_every_backend(backend: str) -> None:
    frame = _frames("polars", _rows(random.Random(11), 300))
    batch = cc.check_many(frame, units=UNITS)
    _same(batch, cc.review(cc.clusters_from_frame(frame, units=UNITS)), backend)


def test_published_rates_in_a_percent_column_give_what_review_gives() -> None:
    """A rate's numbers in a ``%`` column are percentages, as a share's are: 10.5 passes the
    10% growth and 9.5 does not, however the columns hold them."""
    frame = pd.DataFrame({
        "集群名称": ["甲", "乙", "丙", "丁", "戊", "己"],
        "output_growth": [10.5, 10, 9.5, -3, 250, None],
        "main_output_share": [70, 75.5, 69, 100, 0, None],
    })  # fmt: skip
    units = {"output_growth": "%", "main_output_share": "%"}
    batch = cc.check_many(frame, MIIT, units=units)
    _same(batch, cc.review(cc.clusters_from_frame(frame, MIIT, units=units), MIIT))
    growth = [r["output_growth"].status for r in batch]
    assert growth[:5] == [
        cc.Status.PASS,
        cc.Status.FAIL,
        cc.Status.FAIL,
        cc.Status.FAIL,
        cc.Status.PASS,
    ]


def test_tags_select_the_criteria_as_review_does() -> None:
    frame = _frames("pandas", _rows(random.Random(3), 200))
    batch = cc.check_many(frame, tags=["core"], units=UNITS)
    review = cc.review(cc.clusters_from_frame(frame, units=UNITS), tags=["core"])
    _same(batch, review)
    assert [c.criterion.id for c in batch.evaluation.criteria] == [
        "leaders", "related_smes", "revenue", "main_share", "rd_ratio",
    ]  # fmt: skip


def _boundary_frame() -> pd.DataFrame:
    """Each core threshold at its number and one step either side, all else passing."""
    rows: list[dict[str, object]] = []
    for revenue, main, rd, leaders, smes in [
        (2_000_000_000, 1_300_000_000, 20_000_000, 2, 20),  # every one exactly at its number
        (1_999_999_999, 1_300_000_000, 20_000_000, 2, 20),  # revenue one 元 short
        (2_000_000_001, 1_300_000_001, 20_000_001, 2, 20),
        (2_000_000_000, 1_299_999_999, 20_000_000, 2, 20),  # main share just below 65%
        (2_000_000_000, 1_300_000_001, 20_000_000, 2, 20),
        (2_000_000_000, 1_300_000_000, 19_999_999, 2, 20),  # R&D just below 1%
        (2_000_000_000, 1_300_000_000, 20_000_001, 2, 20),
        (2_000_000_000, 1_300_000_000, 20_000_000, 1, 20),
        (2_000_000_000, 1_300_000_000, 20_000_000, 3, 19),
        (2_000_000_000, 1_300_000_000, 20_000_000, 3, 21),
    ]:
        rows.append({
            "name": f"集群{len(rows)}", "operating_revenue": revenue,
            "main_industry_revenue": main, "rd_expense": rd, "leaders": leaders,
            "related_smes": smes,
        })  # fmt: skip
    return pd.DataFrame(rows)


def test_every_core_threshold_at_its_number_and_one_step_either_side() -> None:
    frame = _boundary_frame()
    batch = cc.check_many(frame, tags=["core"], money_unit="元")
    expected = {
        "revenue": "PFPPPPPPPP",
        "main_share": "PPPFPPPPPP",
        "rd_ratio": "PPPPPFPPPP",
        "leaders": "PPPPPPPFPP",
        "related_smes": "PPPPPPPPFP",
    }
    for criterion, marks in expected.items():
        got = "".join(s.value[0] for s in batch.statuses(criterion))
        assert got == marks, criterion
    review = cc.review(cc.clusters_from_frame(frame, money_unit="元"), tags=["core"])
    _same(batch, review)


def test_shares_rounded_and_exact_as_the_engine_shows_them() -> None:
    frame = pd.DataFrame({
        "name": ["三分之二", "四分之三", "一半少一点"],
        "operating_revenue": [3, 4, 2_000_000_000_000_001],
        "main_industry_revenue": [2, 3, 1_000_000_000_000_000],
    })  # fmt: skip
    batch = cc.check_many(frame, money_unit="元")
    out = batch.to_frame()
    assert out["main_share_rounded"].tolist() == [True, False, True]
    assert out["main_share_value"].tolist()[:2] == [0.666666666667, 0.75]
    _same(batch, cc.review(cc.clusters_from_frame(frame, money_unit="元")))


def test_numbers_the_columns_cannot_hold_go_to_the_engine() -> None:
    frame = pd.DataFrame({
        "name": ["长", "大", "平常"],
        "营业收入(亿元)": [20.000000000000004, 98_000_000.0, 25.0],
        "主导产业营业收入(亿元)": [13.000000000000002, 65_000_000.0, 20.0],
    })  # fmt: skip
    batch = cc.check_many(frame)
    # Seventeen digits, and 9.8亿亿元 past 2^53 元: the engine checks both, exactly.
    assert sorted(batch.checked_by_engine) == [0, 1]
    _same(batch, cc.review(cc.clusters_from_frame(frame)))


def test_reports_are_made_on_access_and_equal_check() -> None:
    frame = _frames("pandas", _rows(random.Random(5), 50))
    batch = cc.check_many(frame, units=UNITS)
    clusters = cc.clusters_from_frame(frame, units=UNITS)
    engine_rows = set(batch.checked_by_engine)
    assert batch[7] == cc.check(clusters[7])
    assert set(batch.checked_by_engine) == engine_rows  # those the columns could not decide
    assert list(batch) == [cc.check(c) for c in clusters]
    assert batch[-1] == batch[49]
    with pytest.raises(IndexError):
        batch[50]


def test_clusters_given_in_code_with_rosters_and_yearly_figures() -> None:
    clusters = list(cc.load_clusters([examples_dir()]))
    for pack in (HENAN, MIIT):
        batch = cc.check_many(clusters, pack)
        _same(batch, cc.review(clusters, pack))
        with_roster = [i for i, c in enumerate(clusters) if c.roster or c.enterprises or c.yearly]
        assert with_roster and set(with_roster) <= set(batch.checked_by_engine)


def test_bad_cells_give_the_errors_clusters_from_frame_gives() -> None:
    frame = pd.DataFrame({
        "集群名称": ["甲", None, "丙", "丁"],
        "营业收入(亿元)": [20.0, 21.0, -3.0, 30.0],
        "主导产业营业收入(亿元)": [13.0, 14.0, 1.0, 31.0],
        "关联中小企业数": [20, 20, 20.5, 20],
    })  # fmt: skip
    with pytest.raises(cc.InputErrors) as ours:
        cc.check_many(frame)
    with pytest.raises(cc.InputErrors) as theirs:
        cc.clusters_from_frame(frame)
    assert [e.as_dict() for e in ours.value.errors] == [e.as_dict() for e in theirs.value.errors]
    assert len(ours.value.errors) == 4


def test_a_cluster_given_twice_is_refused_as_review_refuses_it() -> None:
    frame = pd.DataFrame(
        {"集群名称": ["甲县纺织", "乙", "甲县纺织"], "地区": ["甲县", None, "甲县"]}
    )
    with pytest.raises(cc.InputError) as ours:
        cc.check_many(frame)
    with pytest.raises(cc.InputError) as theirs:
        cc.review(cc.clusters_from_frame(frame))
    assert ours.value.as_dict() == theirs.value.as_dict()
    assert "row 2" in str(ours.value)


def test_progress_is_told_every_cluster_checked() -> None:
    told: list[tuple[str, int, int | None]] = []
    frame = _frames("pandas", _rows(random.Random(8), 120))
    batch = cc.check_many(frame, units=UNITS, progress=lambda *args: told.append(args))
    assert told[-1] == ("checked", 120, 120)
    assert len(told) == 1 + len(batch.checked_by_engine)


def test_the_batch_in_short() -> None:
    batch = cc.check_many(_boundary_frame(), tags=["core"], money_unit="元")
    assert repr(batch) == "<Batch henan-2014-196: 10 clusters, 5 qualified>"
    assert batch.qualified == 5 == batch.review().qualified
    assert batch.band(0) is None  # exactly 20亿 is not over 20亿: no band
    with pytest.raises(KeyError, match="no criterion 'plan'"):
        batch.statuses("plan")


def test_a_list_with_something_else_is_refused() -> None:
    with pytest.raises(cc.UsageError, match="item 1"):
        cc.check_many([cc.Cluster(name="甲"), "乙"])


def test_numpy_integers_and_floats_of_every_width() -> None:
    frame = pd.DataFrame({
        "name": ["甲", "乙"],
        "operating_revenue": np.array([2_000_000_000, 2_500_000_000], dtype=np.uint64),
        "leaders": np.array([2, 1], dtype=np.int8),
        "building_density": np.array([0.3, 0.25], dtype=np.float32),
    })  # fmt: skip
    units = {"building_density": "fraction"}
    batch = cc.check_many(frame, money_unit="元", units=units)
    _same(batch, cc.review(cc.clusters_from_frame(frame, money_unit="元", units=units)))
    assert batch.statuses("leaders") == (cc.Status.PASS, cc.Status.FAIL)
    assert Decimal(repr(float(np.float32(0.3)))) != Decimal("0.3")  # float32 reads as it is


def test_without_numpy_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(cc.UsageError, match=r"clustercheck-cn\[frames\]"):
        cc.check_many([cc.Cluster(name="甲")])


def test_pyarrow_backed_columns_and_a_pyarrow_table() -> None:
    data = _rows(random.Random(21), 200)
    revenue = data["营业收入(亿元)"]
    data["营业收入(亿元)"] = [None if isinstance(v, str) else v for v in revenue]
    frame = _frames("pandas", data)
    arrow_backed = frame.convert_dtypes(dtype_backend="pyarrow")
    expected = cc.review(cc.clusters_from_frame(frame, units=UNITS)).to_frame()
    for table in (arrow_backed, pa.Table.from_pandas(frame, preserve_index=False)):
        pd.testing.assert_frame_equal(
            cc.check_many(table, units=UNITS).to_frame(), expected, check_exact=True
        )


_ANY_FLOAT = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=200, allow_nan=False),
    st.sampled_from([20.0, 19.99999999, 20.00000001, 0.0, -0.0, 1e-320, 99_999_999.0]),
)


@FUZZ
@given(
    revenue=st.lists(_ANY_FLOAT, min_size=1, max_size=6),
    data=st.data(),
)
def test_any_floats_give_what_review_gives(revenue: list[float | None], data: Any) -> None:
    count = len(revenue)
    column = st.lists(_ANY_FLOAT, min_size=count, max_size=count)
    counts = st.lists(
        st.one_of(st.none(), st.integers(-3, 2**64 - 1).map(float), st.integers(0, 40)),
        min_size=count, max_size=count,
    )  # fmt: skip
    frame = pd.DataFrame({
        "name": [f"集群{i}" for i in range(count)],
        "营业收入(亿元)": revenue,
        "主导产业营业收入(亿元)": data.draw(column),
        "研发投入(万元)": data.draw(column),
        "主导产业占比(%)": data.draw(column),
        "关联中小企业数": data.draw(counts),
    })  # fmt: skip
    expected: list[dict[str, Any]] | None = None
    try:
        review = cc.review(cc.clusters_from_frame(frame), tags=["core"])
    except cc.InputErrors as errors:
        expected = [e.as_dict() for e in errors.errors]
    if expected is None:
        _same(cc.check_many(frame, tags=["core"]), review)
        return
    with pytest.raises(cc.InputErrors) as ours:
        cc.check_many(frame, tags=["core"])
    assert [e.as_dict() for e in ours.value.errors] == expected


@pytest.mark.parametrize(("criterion", "thresholds"), [
    ("revenue", ["20亿元", "25亿元", "1999999999.5元"]),
    ("main_share", ["65%", "70%", "66.6666666667%"]),
])  # fmt: skip
def test_a_sweep_of_a_frame_gives_each_reports_outcome(
    criterion: str, thresholds: list[str]
) -> None:
    frame = _frames("pandas", _rows(random.Random(13), 150))
    swept = cc.sweep(frame, None, criterion, thresholds, units=UNITS)
    clusters = cc.clusters_from_frame(frame, units=UNITS)
    rows = []
    for threshold in thresholds:
        pack = HENAN.with_threshold(criterion, threshold)
        for report in (cc.check(c, pack) for c in clusters):
            outcome = report[criterion]
            shortfall = outcome.shortfall
            rows.append({
                "threshold": threshold, "rules": pack.id, "cluster": report.cluster,
                "region": report.region, "status": outcome.status.value,
                "value": in_frame_unit(outcome.value, outcome.unit),
                "margin": in_frame_unit(outcome.margin, outcome.unit),
                "shortfall": None if shortfall is None else float(shortfall) / money_scale(outcome.unit),
                "unit": frame_unit(outcome.unit),
                "verdict": report.verdict.value,
            })  # fmt: skip
    expected = pd.DataFrame(rows)
    for column in ("value", "margin", "shortfall"):
        expected[column] = expected[column].astype("float64")
    got = swept.assign(
        threshold=swept["threshold"].astype(str),
        status=swept["status"].astype(str),
        verdict=swept["verdict"].astype(str),
    )
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_dtype=False)


def test_a_measure_the_columns_do_not_read_leaves_every_row_to_the_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clustercheck.rules import columnar

    measures = dict(columnar._MEASURES)
    del measures["revenue"]
    monkeypatch.setattr(columnar, "_MEASURES", measures)
    frame = _frames("pandas", _rows(random.Random(17), 60))
    batch = cc.check_many(frame, units=UNITS)
    assert sorted(batch.checked_by_engine) == list(range(60))
    _same(batch, cc.review(cc.clusters_from_frame(frame, units=UNITS)))
