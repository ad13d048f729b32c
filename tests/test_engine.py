"""A pack is prepared for checking once and reused: every check must still be a fresh one."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import clustercheck as cc
from clustercheck.base.compare import Operator
from clustercheck.model.roster import Leaders, LeaderTest, Names, RosterFigures
from clustercheck.rules.engine import pack_notices
from clustercheck.rules.pack import _bundled_dir, pack_of

from .builders import cluster_with

Write = Callable[[str, str], Path]
CORE = ["leaders", "related_smes", "revenue", "main_share", "rd_ratio"]
WAN = Decimal(10_000)


def test_checks_with_and_without_tags_in_turn_each_get_their_own_criteria() -> None:
    rules = cc.load_rules()
    cluster = cluster_with(attested={"plan": True, "elsewhere": True})
    for _ in range(2):
        core = cc.check(cluster, rules, tags=["core"])
        full = cc.check(cluster, rules)
        assert [o.id for o in core] == CORE
        assert len(full) == 14
        # Unused input is judged against the whole pack, with tags or without.
        assert [w.args["key"] for w in core.warnings] == ["elsewhere"]
        assert core.warnings == full.warnings
        assert core.deciding == tuple(o for o in full.deciding if o.id in CORE)


def test_an_unknown_tag_is_an_error_on_every_check() -> None:
    for _ in range(2):
        with pytest.raises(cc.PackError, match="cor"):
            cc.check(cc.Cluster(name="x"), tags=["cor"])


def test_an_edited_pack_file_is_seen_at_once(write: Write) -> None:
    text = (_bundled_dir() / "henan-2014-196.toml").read_text(encoding="utf-8")
    cluster = cluster_with(related_smes=25)
    path = write("pack.toml", text)
    assert cc.check(cluster, str(path))["related_smes"].status is cc.Status.PASS
    edited = text.replace('threshold = "20"', 'threshold = "30"').replace(
        "不低于20家", "不低于30家"
    )
    path.write_text(edited, encoding="utf-8")
    assert cc.check(cluster, str(path))["related_smes"].status is cc.Status.FAIL


def test_two_leader_tests_count_their_own_firms_from_one_roster(write: Write) -> None:
    text = (_bundled_dir() / "henan-2014-196.toml").read_text(encoding="utf-8")
    big_leaders = """
[[criteria]]
id = "big_leaders"
clause = "test"
label = { zh = "大龙头", en = "Big leaders" }
short = { zh = "大龙头", en = "big leaders" }
kind = "threshold"
measure = "leaders"
operator = ">="
threshold = "2"
unit = "家"
wording = "主营业务收入超1亿元的企业不少于2家"
params = { firm_operator = ">", firm_threshold = "1亿元" }
"""
    rules = cc.load_rules(write("pack.toml", text + big_leaders))
    firms = tuple(
        cc.Enterprise(name=name, main_business_revenue=revenue * WAN)
        for name, revenue in (("甲", 12_000), ("乙", 6_000), ("丙", 3_000))
    )
    report = cc.check(cc.Cluster(name="x", enterprises=firms), rules)
    assert report["leaders"].items == ("甲", "乙")
    assert report["leaders"].status is cc.Status.PASS
    assert report["big_leaders"].items == ("甲",)
    assert report["big_leaders"].status is cc.Status.FAIL


def test_an_outcome_given_other_notes_keeps_every_other_field_as_evolve_does() -> None:
    # The engine rebuilds outcomes field by field (faster than attrs.evolve): a field added to
    # Outcome and not carried over would be lost from reports without this test failing.
    from clustercheck.rules.engine import _evolved
    from clustercheck.rules.report import Outcome

    rules = cc.load_rules()
    criterion = rules["revenue"]
    values: dict[str, object] = {
        "id": "x", "clause": "三（一）", "label": criterion.label, "short": criterion.short,
        "kind": criterion.kind, "status": cc.Status.FAIL, "wording": "w", "value": Decimal(1),
        "threshold": Decimal(2), "operator": criterion.operator, "unit": "亿元",
        "margin": Decimal(-1), "source": cc.Source.ROSTER, "notes": (cc.Note("rounded"),),
        "items": ("甲",), "exception_pending": False, "reading": "r", "reading_en": "re",
    }  # fmt: skip
    assert set(values) == {f.name for f in attrs.fields(Outcome)}
    outcome = Outcome(**values)  # type: ignore[arg-type]
    notes = (cc.Note("lower_bound"),)
    assert _evolved(outcome, notes=notes) == attrs.evolve(outcome, notes=notes)
    changed = _evolved(
        outcome, notes=notes, status=cc.Status.PASS, items=("乙",), exception_pending=True
    )
    assert changed == attrs.evolve(
        outcome, notes=notes, status=cc.Status.PASS, items=("乙",), exception_pending=True
    )


def _roster_with(remarks: tuple[cc.Note, ...]) -> RosterFigures:
    return RosterFigures(
        firms=1, operating_revenue=Decimal(10**9), lacking_operating_revenue=Names(),
        main_industry_revenue=Decimal(10**9), lacking_main_flag=Names(), rd_expense=Decimal(10**7),
        lacking_rd_expense=Names(), leaders={LeaderTest(Operator.GT, Decimal(5 * 10**7)): Leaders()},
        proxied=Names(), lacking_business_revenue=Names(), related_smes=0,
        undecided_size=Names(), remarks=remarks,
    )  # fmt: skip


@pytest.mark.parametrize("attested", [{}, {"unknown_key": True}])
def test_a_roster_clusters_warnings_are_the_packs_notices_then_the_rosters_remarks(
    attested: dict[str, bool],
) -> None:
    pack = pack_of("miit-2022-119")
    remark = cc.Note("totals_row_matches", {"line": "9"})
    cluster = cc.Cluster(name="X", roster=_roster_with((remark,)), attested=attested)
    unused = [cc.Note("attested_unused", {"key": "unknown_key"})] if attested else []
    assert list(cc.check(cluster, pack).warnings) == [*pack_notices(pack), remark, *unused]
    assert pack_notices(pack)  # the pack has notices of its own to put first
