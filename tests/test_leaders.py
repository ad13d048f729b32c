"""Leaders counted with certainty: 超5000万元 on 主营业务收入, and 营业收入 only as the bound it is.

营业收入 is at least 主营业务收入, so a firm counted on its 营业收入 may be over-counted: it
can settle that a firm is no leader, never that it is one. Every case is read three ways
(firms given in code, a CSV roster row by row, and by the compiled tally) with one result.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import clustercheck as cc
from clustercheck.base.compare import Operator
from clustercheck.model.roster import Leaders, LeaderTest, RosterRead
from clustercheck.model.tally import Tally
from clustercheck.read import roster_fast as _roster_fast
from clustercheck.read import roster_file as reader

from .builders import cluster_with

PASS, FAIL, UNKNOWN = cc.Status.PASS, cc.Status.FAIL, cc.Status.UNKNOWN
WAN = Decimal(10_000)
FEN = Decimal("0.01")
LIMIT = 5000 * WAN

#: A firm: its name, 主营业务收入 and 营业收入 in 元 (None: the cell is empty).
Firm = tuple[str, Decimal | None, Decimal | None]
Read = Callable[[list[Firm]], cc.Cluster]

READERS = ["firms", "rows", "python", "compiled"]


def _cell(amount: Decimal | None) -> str:
    return "" if amount is None else str(amount)


@pytest.fixture(params=READERS)
def read(request: pytest.FixtureRequest, tmp_path: Path) -> Read:
    """Reads firms into a cluster by one of the four ways."""
    how: str = request.param
    if how == "compiled" and not _roster_fast.AVAILABLE:
        pytest.skip("clustercheck was installed without its compiled tally")

    def firms(rows: list[Firm]) -> cc.Cluster:
        return cc.Cluster(
            name="名册",
            enterprises=tuple(
                cc.Enterprise(name=name, main_business_revenue=business,
                              operating_revenue=revenue, size=cc.Size.LARGE)
                for name, business, revenue in rows
            ),
        )  # fmt: skip

    def csv(rows: list[Firm]) -> cc.Cluster:
        lines = ["企业名称,主营业务收入（元）,营业收入（元）,企业规模"]
        lines += [f"{n},{_cell(b)},{_cell(r)},大型" for n, b, r in rows]
        path = tmp_path / "名册.csv"
        path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        taken: list[bool] = []
        original = _roster_fast.tally_csv

        def spy(*args: Any, **kwargs: Any) -> RosterRead | None:
            result = original(*args, **kwargs)
            taken.append(result is not None)
            return result

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_roster_fast, "AVAILABLE", how == "compiled")
            patch.setattr(_roster_fast, "PYTHON", how == "python")
            patch.setattr(reader, "tally_csv", spy)
            (cluster,) = cc.load_clusters([path])
        assert taken == [how in ("compiled", "python")]
        return cluster

    return firms if how == "firms" else csv


def leaders(read: Read, rows: list[Firm]) -> cc.Outcome:
    return cc.check(read(rows), tags=["core"])["leaders"]


def codes(outcome: cc.Outcome) -> dict[str, cc.Note]:
    return {note.code: note for note in outcome.notes}


@pytest.mark.parametrize(
    ("business", "counted"),
    [(LIMIT - FEN, False), (LIMIT, False), (LIMIT + FEN, True)],
)
def test_a_leader_has_main_business_revenue_strictly_over_5000_wan(
    read: Read, business: Decimal, counted: bool
) -> None:
    outcome = leaders(read, [("甲", business, business), ("乙", 6000 * WAN, 6000 * WAN)])
    assert outcome.status is (PASS if counted else FAIL)
    assert outcome.value == (2 if counted else 1)
    assert outcome.items == (("甲", "乙") if counted else ("乙",))
    if business == LIMIT:  # not counted, and named with the reason, however the roster came
        assert [(n.code, n.args) for n in outcome.notes] == [
            ("leader_at_limit", {"firms": "甲", "value": "5000万元"})
        ]
    else:
        assert outcome.notes == ()


def test_operating_revenue_just_over_5000_wan_leaves_the_count_uncertain(read: Read) -> None:
    outcome = leaders(read, [("甲", 6000 * WAN, 6000 * WAN), ("乙", None, LIMIT + FEN)])
    assert outcome.status is UNKNOWN
    assert outcome.value == 1
    assert outcome.margin == -1
    assert outcome.items == ("甲", "乙*")
    notes = codes(outcome)
    assert notes["proxy_leaders"].args == {"count": "1", "firms": "乙"}
    assert notes["count_between"].args == {"low": "1", "high": "2"}
    zh = notes["proxy_leaders"].text("zh")
    assert zh.startswith("1 家企业（名单中标 *）无主营业务收入，仅按营业收入达到龙头标准：乙；")
    assert set(notes) == {"proxy_revenue", "proxy_leaders", "count_between", "lower_bound"}


def test_operating_revenue_of_5000_wan_settles_that_a_firm_is_no_leader(read: Read) -> None:
    """主营业务收入 ≤ 营业收入 = 5000万元: not 超5000万元, whatever the missing figure."""
    outcome = leaders(read, [("甲", 6000 * WAN, 6000 * WAN), ("乙", None, LIMIT)])
    assert outcome.status is FAIL
    assert outcome.value == 1
    assert outcome.items == ("甲",)
    assert set(codes(outcome)) == {"proxy_revenue"}


def test_enough_certain_leaders_pass_whatever_the_proxied_firms(read: Read) -> None:
    outcome = leaders(read, [
        ("甲", 6000 * WAN, 6000 * WAN), ("乙", None, 9000 * WAN), ("丙", LIMIT + FEN, 7000 * WAN),
        ("丁", None, None),
    ])  # fmt: skip
    assert outcome.status is PASS
    assert outcome.value == 2
    assert outcome.items == ("甲", "丙", "乙*")
    assert codes(outcome)["count_between"].args == {"low": "2", "high": "4"}


def test_too_few_even_counting_every_proxied_firm_fail(read: Read) -> None:
    outcome = leaders(read, [("甲", None, 8000 * WAN), ("乙", None, 3000 * WAN), ("丙", 100 * WAN, 200 * WAN)])  # fmt: skip
    assert outcome.status is FAIL
    assert outcome.value == 0
    assert outcome.items == ("甲*",)
    assert codes(outcome)["count_between"].args == {"low": "0", "high": "1"}


def test_a_firm_without_either_revenue_may_be_a_leader(read: Read) -> None:
    maybe = leaders(read, [("甲", 6000 * WAN, 6000 * WAN), ("乙", None, None)])
    assert maybe.status is UNKNOWN
    assert codes(maybe)["missing_field"].args["firms"] == "乙"
    assert codes(maybe)["count_between"].args == {"low": "1", "high": "2"}
    short = leaders(read, [("甲", None, None), ("乙", 100 * WAN, 100 * WAN)])
    assert short.status is FAIL  # one more at most: never 2
    assert codes(short)["count_between"].args == {"low": "0", "high": "1"}


def test_proxied_names_shown_in_the_note_stop_at_twenty(read: Read) -> None:
    rows: list[Firm] = [(f"企业{i:02d}", None, 6000 * WAN) for i in range(25)]
    outcome = leaders(read, rows)
    assert outcome.status is UNKNOWN
    assert len(outcome.items) == 25
    note = codes(outcome)["proxy_leaders"]
    assert note.args["count"] == "25"
    assert note.args["firms"].endswith("企业19……（另5家）")


def test_the_roster_range_is_shown_beside_a_declared_count() -> None:
    firms = (
        cc.Enterprise(name="甲", main_business_revenue=6000 * WAN, size=cc.Size.LARGE),
        cc.Enterprise(name="乙", operating_revenue=7000 * WAN, size=cc.Size.LARGE),
        cc.Enterprise(name="丙", size=cc.Size.LARGE),
    )
    outcome = cc.check(cluster_with(leaders=2, enterprises=firms))["leaders"]
    assert outcome.status is PASS
    assert outcome.source is cc.Source.DECLARED
    assert codes(outcome)["roster_differs"].args == {"roster": "1–3家", "declared": "2家"}


def test_a_downward_firm_test_is_settled_by_operating_revenue_that_passes_it() -> None:
    """For a test like 主营业务收入不超过X, 营业收入 ≤ X proves it; 营业收入 > X leaves it open."""
    test = LeaderTest(Operator.LE, LIMIT)
    tally = Tally([test])
    for name, business, revenue in [
        ("甲", LIMIT, LIMIT + 1), ("乙", None, LIMIT), ("丙", None, LIMIT + FEN), ("丁", LIMIT + 1, None)
    ]:  # fmt: skip
        tally.add_figures(name, business, revenue, None, True, True, True)
    assert tally.result().leaders == {test: Leaders(("甲", "乙"), ("丙",))}


def test_a_firm_at_exactly_the_strict_threshold_is_named_as_not_a_leader() -> None:
    """超5000万元 is strict: a firm at exactly 5000万元 is not counted, and the note says which
    firm and why; one 分 over is counted and not named; one 分 under is simply not a leader."""
    at, over, under = Decimal(50_000_000), Decimal("50000000.01"), Decimal("49999999.99")
    cluster = cc.Cluster(
        name="示例县边界产业集群", region="示例县", source="edge.toml",
        enterprises=[
            cc.Enterprise(name="恰好公司", main_business_revenue=at),
            cc.Enterprise(name="超出公司", main_business_revenue=over),
            cc.Enterprise(name="不足公司", main_business_revenue=under),
        ],
    )  # fmt: skip
    outcome = cc.check(cluster)["leaders"]
    assert outcome.value == 1
    assert outcome.items == ("超出公司",)
    notes = [n.text("zh") for n in outcome.notes]
    assert "恰好公司 主营业务收入恰为 5000万元，“超”不含本数，未计为龙头企业" in notes
    assert not any("超出公司" in n or "不足公司" in n for n in notes if "恰为" in n)
    english = [n.text("en") for n in outcome.notes if n.code == "leader_at_limit"]
    assert english == [
        "恰好公司: main-business revenue of exactly 5000 CNY 10,000; 超 (over) is strict, so "
        "not counted as a leading firm"
    ]


def test_a_finding_answered_no_says_where_it_came_from() -> None:
    cluster = cc.Cluster(
        name="示例县否认产业集群", source="示例县否认.toml", attested={"plan": False}
    )
    outcome = cc.check(cluster)["plan"]
    assert outcome.status is cc.Status.FAIL
    assert [n.text("zh") for n in outcome.notes] == [
        "评审人员的核查意见为“否”（见 示例县否认.toml）"
    ]
    assert [n.text("en") for n in outcome.notes] == [
        "the reviewer's finding is no (given in 示例县否认.toml)"
    ]
    yes = cc.check(attrs.evolve(cluster, attested={"plan": True}))["plan"]
    assert yes.notes == ()
