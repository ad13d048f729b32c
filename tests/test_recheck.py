"""Biennial re-verification: the registry, who is due, decisions, changes, watch list, recording."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import clustercheck as cc
from clustercheck.base.labels import word
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir

from .builders import cluster_with

Write = Callable[[str, str], Path]
YI = Decimal(100_000_000)
REGISTRY = """rules = "henan-2014-196"

[[cluster]]
id = "A"
name = "示例县甲产业集群"
accredited = 2014-12-29
status = "active"

[[cluster]]
id = "B"
name = "示例县乙产业集群"
accredited = 2014-06-01
status = "active"
history = [{ year = 2016, decision = "RETAIN" }]

[[cluster]]
id = "C"
name = "示例县丙产业集群"
accredited = 2015-03-01

[[cluster]]
id = "D"
name = "示例县丁产业集群"
accredited = 2014-01-01
status = "delisted"
"""


@pytest.fixture
def registry_file(write: Write) -> Path:
    return write("registry.toml", REGISTRY)


def named(name: str, **figures: Any) -> cc.Cluster:
    return attrs.evolve(cluster_with(**figures), name=name)


def test_due_every_interval_after_accreditation(registry_file: Path) -> None:
    registry = cc.load_registry(registry_file)
    assert [e.id for e in cc.due(registry, 2016)] == ["A", "B"]  # D is delisted
    assert [e.id for e in cc.due(registry, 2017)] == ["C"]
    assert [e.id for e in cc.due(registry, 2018)] == ["A", "B"]
    assert cc.due(registry, 2015) == []
    assert cc.due(registry, 2014) == []


def test_decisions_follow_verdicts_and_missing_data_is_pending(registry_file: Path) -> None:
    registry = cc.load_registry(registry_file)
    result = cc.recheck(registry, 2016, [named("示例县甲产业集群", leaders=1)])
    decisions = {r.entry.id: r.decision for r in result.results}
    # B's 2016 decision is recorded already: without new data it stands, never 待补充材料
    assert decisions == {"A": cc.Decision.DELIST, "B": cc.Decision.RETAIN}
    incomplete = cc.recheck(registry, 2016, [named("示例县乙产业集群", related_smes=None)])
    (b,) = [r for r in incomplete.results if r.entry.id == "B"]
    assert (b.decision, b.recorded) == (cc.Decision.PENDING, cc.Decision.RETAIN)


def test_matching_by_id_before_name(registry_file: Path) -> None:
    registry = cc.load_registry(registry_file)
    by_id = attrs.evolve(named("另一个名字"), id="B")
    (first, second) = cc.recheck(registry, 2016, [by_id]).results
    assert first.report is None
    assert second.report is not None
    assert second.decision is cc.Decision.RETAIN


def test_data_of_no_registered_cluster_is_an_error(registry_file: Path) -> None:
    with pytest.raises(cc.InputError, match="matches no cluster"):
        cc.recheck(cc.load_registry(registry_file), 2016, [named("不在名册中的集群")])


def test_data_of_a_cluster_not_due_is_skipped_with_a_warning(registry_file: Path) -> None:
    # a folder holding every cluster's annual data serves in any year
    data = [named("示例县甲产业集群"), named("示例县丙产业集群")]
    result = cc.recheck(cc.load_registry(registry_file), 2016, data)
    assert [(r.entry.id, r.report is not None) for r in result.results] == [
        ("A", True),
        ("B", False),
    ]
    (warning,) = result.warnings
    assert (
        warning.text("en")
        == "示例县丙产业集群: C (示例县丙产业集群) is not due in 2016; its data was not used"
    )
    assert warning.text("zh") == "示例县丙产业集群：C（示例县丙产业集群）2016年不需复核，其数据未用"


def test_without_data_the_clusters_due_are_listed_pending(
    registry_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cc.recheck(cc.load_registry(registry_file), 2016)
    assert [(r.entry.id, r.decision) for r in result.results] == [
        ("A", cc.Decision.PENDING),
        ("B", cc.Decision.RETAIN),  # recorded for 2016 already
    ]
    assert main(["recheck", str(registry_file), "--year", "2016", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["id"], c["decision"], c["verdict"], c["recorded"]) for c in listed] == [
        ("A", "PENDING", None, None),
        ("B", "RETAIN", None, "RETAIN"),
    ]
    assert main(["recheck", str(registry_file), "--year", "2016"]) == 0
    out = capsys.readouterr().out
    assert out.count("无本轮数据") == 2 and "待补充材料" in out


def test_recording_without_data_is_refused(
    registry_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = registry_file.read_bytes()
    argv = ["recheck", str(registry_file), "--year", "2016", "--record", "--lang", "en"]
    assert main(argv) == 2
    assert "no data to record" in capsys.readouterr().err
    assert registry_file.read_bytes() == before


def test_a_recorded_round_run_again_gives_the_same_list_and_records_nothing(
    registry_file: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    failing = write("a.toml", 'name = "示例县甲产业集群"\n[attested]\nplan = false\n')
    argv = ["recheck", str(registry_file), "--year", "2016", str(failing), "--format", "json"]
    assert main([*argv, "--record", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    first = [(c["id"], c["decision"]) for c in json.loads(out)]
    recorded, written = registry_file.read_bytes(), registry_file.stat().st_mtime_ns
    assert first == [("A", "DELIST"), ("B", "RETAIN")]
    said = word("recorded", "en", path=str(registry_file))
    assert said in err
    assert cc.load_registry(registry_file).clusters[0].status == "delisted"
    # the cluster delisted by this very round is still in it, with its recorded decision
    assert main([*argv, "--record", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert [(c["id"], c["decision"], c["recorded"]) for c in json.loads(out)] == [
        ("A", "DELIST", "DELIST"), ("B", "RETAIN", "RETAIN"),
    ]  # fmt: skip
    assert "nothing new, the file was not rewritten" in err and said not in err
    assert (registry_file.read_bytes(), registry_file.stat().st_mtime_ns) == (recorded, written)
    assert main(argv) == 0
    assert [(c["id"], c["decision"]) for c in json.loads(capsys.readouterr().out)] == first


def test_a_province_wide_round_takes_every_active_cluster(
    registry_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = cc.load_registry(registry_file)
    assert [e.id for e in cc.due(registry, 2016, every=True)] == ["A", "B", "C"]
    assert [e.id for e in cc.due(registry, 2015, every=True)] == ["A", "B"]
    assert (
        cc.recheck(registry, 2016, every=True)
        .chosen_by.text("en")
        .startswith("Clusters chosen: a province-wide round")
    )
    assert main(["recheck", str(registry_file), "--year", "2016", "--all"]) == 0
    out = capsys.readouterr().out
    assert "示例县丙产业集群" in out
    assert "复核范围：全省统一复核，2016年以前认定的全部在册集群" in out
    assert main(["recheck", str(registry_file), "--year", "2016"]) == 0
    assert "复核范围：按认定日期，认定满 2 年整数倍的在册集群" in capsys.readouterr().out


def test_two_files_for_one_cluster_is_an_error(registry_file: Path) -> None:
    twice = [named("示例县甲产业集群"), named("示例县甲产业集群")]
    with pytest.raises(cc.InputError, match="twice"):
        cc.recheck(cc.load_registry(registry_file), 2016, twice)


@pytest.mark.parametrize(
    ("revenue", "watched"),
    [(22 * YI, True), (22 * YI + Decimal("0.01"), False), (20 * YI, True)],
)
def test_watch_list_boundary_is_ten_percent_of_the_threshold(
    registry_file: Path, revenue: Decimal, watched: bool
) -> None:
    cluster = named(
        "示例县甲产业集群",
        operating_revenue=revenue,
        main_industry_revenue=revenue * Decimal("0.8"),
        rd_expense=revenue / 20,
    )
    (result, _) = cc.recheck(cc.load_registry(registry_file), 2016, [cluster]).results
    assert result.decision is cc.Decision.RETAIN
    assert ("revenue" in result.watch) is watched
    assert "clean_audit" not in result.watch  # 100% can only be met exactly


def test_watch_share_is_configurable(registry_file: Path) -> None:
    cluster = named("示例县甲产业集群")  # revenue 23.5亿: 17.5% over 20亿
    registry = cc.load_registry(registry_file)
    assert "revenue" not in cc.recheck(registry, 2016, [cluster]).results[0].watch
    wide = cc.recheck(registry, 2016, [cluster], watch=Decimal("0.175")).results[0]
    assert "revenue" in wide.watch


def test_recording_appends_marks_delisted_and_is_idempotent(registry_file: Path) -> None:
    registry = cc.load_registry(registry_file)
    first = cc.recheck(registry, 2016, [named("示例县甲产业集群")])
    recorded = cc.record(registry, first)
    assert recorded["A"].history[-1].decision is cc.Decision.RETAIN
    assert recorded["A"].history[-1].statuses["revenue"] == "PASS"
    assert recorded["A"].history[-1].figures["revenue"] == "23.5亿元"
    assert recorded["B"].history[0] == registry["B"].history[0]  # never rewritten
    assert cc.record(recorded, first) == recorded
    later = cc.recheck(recorded, 2018, [named("示例县甲产业集群", main_industry_revenue=15 * YI)])
    after = cc.record(recorded, later)
    assert after["A"].status == "delisted"
    (item,) = (r for r in later.results if r.entry.id == "A")
    assert item.changed == ("main_share",)
    (change,) = item.changes
    assert (change.criterion, change.before, change.after) == ("main_share", "72.34%", "63.83%")
    assert cc.due(after, 2020) == [after["B"]]


def test_a_recorded_year_is_not_overwritten_with_another_decision(registry_file: Path) -> None:
    registry = cc.load_registry(registry_file)
    recorded = cc.record(registry, cc.recheck(registry, 2016, [named("示例县甲产业集群")]))
    other = cc.recheck(recorded, 2016, [named("示例县甲产业集群", leaders=0)])
    with pytest.raises(cc.InputError, match="already recorded as RETAIN"):
        cc.record(recorded, other)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_written_registry_reads_back_equal(
    registry_file: Path, tmp_path: Path, suffix: str
) -> None:
    loaded = cc.load_registry(registry_file)
    odd = attrs.evolve(loaded.clusters[0], name='示例县"甲"\\产业集群')
    registry = attrs.evolve(loaded, clusters=(odd, *loaded.clusters[1:]))
    recorded = cc.record(registry, cc.recheck(registry, 2016, [attrs.evolve(named("x"), id="A")]))
    path = tmp_path / f"out{suffix}"
    cc.save_registry(recorded, path)
    assert cc.load_registry(path) == recorded


def test_a_failed_write_leaves_the_old_registry_intact(
    registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = registry_file.read_bytes()
    registry = cc.load_registry(registry_file)
    recorded = cc.record(registry, cc.recheck(registry, 2016, [named("示例县甲产业集群")]))

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        cc.save_registry(recorded, registry_file)
    assert registry_file.read_bytes() == before
    assert [p.name for p in registry_file.parent.iterdir()] == [registry_file.name]


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        (
            "accredited = 2014-12-29",
            'accredited = "29/12/2014"',
            "cluster[0] (A).accredited",
            "YYYY-MM-DD",
        ),
        (
            'status = "active"\n\n[[cluster]]\nid = "B"',
            'status = "paused"\n\n[[cluster]]\nid = "B"',
            "cluster[0] (A).status",
            "one of active, delisted",
        ),
        (
            'decision = "RETAIN"',
            'decision = "KEEP"',
            "cluster[1] (B).history[0].decision",
            "one of RETAIN, DELIST, PENDING",
        ),
        ('id = "C"', 'id = "A"', "cluster[2].id", "also names"),
        (
            'name = "示例县丙产业集群"',
            'name = "示例县丙产业集群"\nnmae = "x"',
            "cluster[2] (C)",
            "unknown key",
        ),
        ("year = 2016", "year = 2014", "cluster[1] (B).history", "not after accreditation"),
    ],
)
def test_registry_errors_name_file_and_entry(
    write: Write, old: str, new: str, where: str, problem: str
) -> None:
    assert old in REGISTRY
    path = write("bad.toml", REGISTRY.replace(old, new, 1))
    with pytest.raises(cc.InputErrors) as caught:
        cc.load_registry(path)
    (error,) = caught.value.errors
    assert error.source == str(path)
    assert error.where == where
    assert problem in error.problem


def test_cli_rounds_on_the_bundled_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = examples_dir()
    bundled = folder.parent / "example_registry"
    registry = tmp_path / "registry.toml"
    registry.write_bytes((bundled / "registry.toml").read_bytes())
    round_one = [
        str(folder / f"illustrative-{n}.toml") for n in ("1-textiles", "2-food", "4-furniture")
    ]
    assert main(["recheck", str(registry), "--year", "2016", *round_one, "--record"]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "recheck",
                str(registry),
                "--year",
                "2018",
                str(bundled / "2018"),
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert {k: r["decision"] for k, r in rows.items()} == {
        "SL-2014-01": "RETAIN", "SL-2014-02": "DELIST", "SL-2014-03": "PENDING",
    }  # fmt: skip
    assert rows["SL-2014-02"]["changed"] == ["main_share"]
    assert "revenue" in rows["SL-2014-01"]["watch"]
    assert (
        tomllib.loads(registry.read_text(encoding="utf-8"))["cluster"][0]["history"][0]["year"]
        == 2016
    )


def test_cli_bad_registry_exits_2(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("r.toml", 'rules = "henan-2014-196"\n[[cluster]]\nid = "A"\n')
    assert main(["recheck", str(path), "--year", "2016", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "cluster[0] (A).name: required key is missing" in err
    assert "Traceback" not in err


def test_accreditation_dates_read_from_json(write: Write) -> None:
    data = {
        "rules": "henan-2014-196",
        "cluster": [{"id": "A", "name": "甲", "accredited": "2014-12-29"}],
    }
    path = write("r.json", json.dumps(data, ensure_ascii=False))
    assert cc.load_registry(path)["A"].accredited == dt.date(2014, 12, 29)


@pytest.mark.parametrize("share", ["abc", "2", "-0.1", "NaN"])
def test_cli_bad_watch_share_exits_2(
    registry_file: Path, share: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(
            ["recheck", str(registry_file), "--year", "2016", str(registry_file), "--watch", share]
        )
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--watch" in err
    assert "Traceback" not in err


def test_a_round_under_another_pack_is_refused_and_nothing_recorded(
    registry_file: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    before = registry_file.read_bytes()
    data = write("a.toml", 'name = "示例县甲产业集群"\n')
    argv = ["recheck", str(registry_file), "--year", "2016", str(data), "--record"]
    assert main([*argv, "--rules", "miit-2022-119", "--lang", "en"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"clustercheck: error: {registry_file}: rules: the registry is kept under "
        "'henan-2014-196', but the round was asked under 'miit-2022-119'; expected the "
        "registry's pack (or no --rules)\n"
    )
    assert registry_file.read_bytes() == before


def test_python_recheck_and_record_refuse_another_pack(registry_file: Path) -> None:
    registry = cc.load_registry(registry_file)
    with pytest.raises(cc.InputError) as caught:
        cc.recheck(registry, 2016, [], "miit-2022-119")
    assert (caught.value.source, caught.value.where) == (str(registry_file), "rules")
    national = attrs.evolve(registry, rules="miit-2022-119")
    with pytest.raises(cc.InputError) as caught:
        cc.record(registry, cc.recheck(national, 2016, []))
    assert caught.value.problem.startswith(
        "the registry is kept under 'henan-2014-196', but the round was asked under "
        "'miit-2022-119';"
    )


def test_a_pack_file_of_the_registry_s_pack_serves(
    registry_file: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = registry_file.parent / "henan.toml"
    pack.write_bytes(Path(cc.load_rules("henan-2014-196").path or "").read_bytes())
    data = write("a.toml", 'name = "示例县甲产业集群"\n')
    argv = ["recheck", str(registry_file), "--year", "2016", str(data), "--rules", str(pack)]
    assert main([*argv, "--format", "json"]) == 0
    decisions = {r["id"]: r["decision"] for r in json.loads(capsys.readouterr().out)}
    assert decisions == {"A": "PENDING", "B": "RETAIN"}  # B's 2016 decision is recorded


def test_a_rerun_with_less_data_shows_each_recorded_decision_beside_what_it_found(
    registry_file: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    failing = write("a.toml", 'name = "示例县甲产业集群"\n[attested]\nplan = false\n')
    assert main(["recheck", str(registry_file), "--year", "2016", str(failing), "--record"]) == 0
    capsys.readouterr()
    assert main(["recheck", str(registry_file), "--year", "2016", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    header, a, b = rows[0], rows[1], rows[2]
    assert header[:5] == ["编号", "产业集群", "结论", "复核决定", "本年已记录"]
    # A was delisted by this round: without data it is listed 摘牌, never 待补充材料
    assert (a[0], a[2], a[3], a[4]) == ("A", "无本轮数据", "摘牌", "摘牌")
    assert (b[0], b[3], b[4]) == ("B", "保留", "保留")
