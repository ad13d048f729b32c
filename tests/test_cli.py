"""The command line as reviewers run it: output, exit codes, and errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
import pytest

from clustercheck.cli import main
from clustercheck.model.cluster import Cluster
from clustercheck.read.examples import examples_dir

Write = Callable[[str, str], Path]
EXAMPLES = examples_dir()
TEXTILES = str(EXAMPLES / "illustrative-1-textiles.toml")
MACHINERY = str(EXAMPLES / "illustrative-3-machinery.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_prints_a_chinese_report_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", TEXTILES)
    assert code == 0 and not err
    assert "示例县纺织服装产业集群" in out and "符合" in out and "三（三）" in out


def test_check_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", TEXTILES, "--lang", "en")
    assert code == 0 and "Verdict: qualified" in out and "Main-industry share" in out


def test_json_is_a_list_in_the_order_given(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", MACHINERY, TEXTILES, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [d["cluster"] for d in data] == ["示例县机械制造产业集群", "示例县纺织服装产业集群"]
    assert [d["verdict"] for d in data] == ["NOT_QUALIFIED", "QUALIFIED"]


def test_strict_exits_1_when_a_cluster_is_not_qualified(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", MACHINERY)[0] == 0
    assert run(capsys, "check", MACHINERY, "--strict")[0] == 1
    assert run(capsys, "check", TEXTILES, "--strict")[0] == 0


def test_core_tag(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", TEXTILES, "--tag", "core", "--format", "json")
    assert code == 0
    assert [o["id"] for o in json.loads(out)[0]["outcomes"]] == [
        "leaders", "related_smes", "revenue", "main_share", "rd_ratio",
    ]  # fmt: skip


def test_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", TEXTILES, "--format", "markdown")
    assert code == 0 and "| 三（三）" in out


def test_output_file_is_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run(capsys, "check", TEXTILES, "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))[0]["verdict"] == "QUALIFIED"


def test_bad_input_exits_2_with_a_named_error_and_no_traceback(
    capsys: pytest.CaptureFixture[str], write: Write
) -> None:
    path = write("bad.toml", 'name = "x"\n[declared]\nmain_share = "120%"\n')
    code, out, err = run(capsys, "check", str(path), "--lang", "en")
    assert code == 2 and out == ""
    assert err.startswith("clustercheck: error: ")
    assert f"{path}: declared.main_share: '120%' is above 100%" in err
    assert "Traceback" not in err


def test_errors_are_in_chinese_by_default(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    path = write("bad.toml", 'name = "x"\n[declared]\nmain_share = "120%"\n')
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and out == ""
    assert (
        err
        == f"clustercheck: 错误: {path}: declared.main_share: '120%' 超过 100%；应为 0% 到 100% 之间的比例\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "absent.toml"),
        ("check", TEXTILES, "--rules", "no-such-pack"),
        ("check", TEXTILES, "--tag", "no-such-tag"),
        ("rules", "no-such-pack"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and "clustercheck: 错误:" in err and "Traceback" not in err


def test_rules_lists_and_shows_packs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "henan-2014-196" in out and "豫工信企业〔2014〕196号" in out
    code, out, _ = run(capsys, "rules", "henan-2014-196", "--lang", "en")
    assert code == 0 and "超5000" in out and "2 years" in out


def test_demo_needs_no_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert "许昌市电力装备产业集群" in out and "示例县纺织服装产业集群" in out
    assert "共 13 个集群" in out


def test_installed_command_runs_from_another_directory(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "clustercheck", "demo", "--lang", "en"],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Xuchang" in result.stdout or "许昌" in result.stdout


def test_rules_shows_thresholds_in_the_language_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "rules", "henan-2014-196", "--lang", "en")
    assert code == 0 and "≥ 20 CNY 100 million" in out and "≥ 20亿元" not in out
    code, out, _ = run(capsys, "rules", "henan-2014-196")
    assert code == 0 and "≥ 20亿元（产业集群年营业收入" in out


def test_a_review_lets_go_of_each_cluster_once_it_is_checked() -> None:
    """The command line reviews the clusters it read as it lets go of them, so that a roster
    of many clusters holds each cluster or its report, not both."""
    import gc
    import weakref

    import clustercheck as cc
    from clustercheck.base.drain import drained

    from .builders import cluster_with

    clusters = [attrs.evolve(cluster_with(), name=f"示例{n}号产业集群") for n in range(3)]
    names = [c.name for c in clusters]
    alive = [weakref.ref(c) for c in clusters]
    given = drained(clusters)
    reports = [cc.check(next(given))]
    gc.collect()
    assert alive[0]() is None  # checked, and no longer held
    assert alive[1]() is not None and alive[2]() is not None
    reports += [cc.check(c) for c in given]
    assert [r.cluster for r in reports] == names
    assert clusters == []


def test_a_review_against_two_packs_lets_go_of_each_cluster_once_it_is_checked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against several packs too, the clusters are given to the comparison as the list that
    held them lets go of each, not as the list: a cluster is held or its reports, not both."""
    import clustercheck.cli as cli
    from clustercheck.reviewing import Comparison
    from clustercheck.reviewing import compare as compared

    given: list[object] = []

    def compare(items: Iterable[Cluster], *args: Any, **kwargs: Any) -> Comparison:
        given.append(items)
        return compared(items, *args, **kwargs)

    monkeypatch.setattr(cli, "compare", compare)
    code, out, _ = run(
        capsys, "review", str(examples_dir()), "--rules", "henan-2014-196,miit-2022-119"
    )
    assert code == 0 and "许昌市" in out
    assert len(given) == 1 and not isinstance(given[0], list | tuple)


def test_a_review_holds_off_the_cyclic_collector_until_it_is_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Reading, checking and writing a review run without Python's cyclic collector, which
    walked every object of a many-cluster roster again and again; it runs again after, and
    after a review that fails on bad input too."""
    import gc

    import clustercheck.cli as cli
    from clustercheck.reviewing import review as checked

    seen: list[bool] = []

    def review(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return checked(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "review", review)
    assert gc.isenabled()
    code, _, _ = run(capsys, "review", str(examples_dir()), "-o", str(tmp_path / "r.csv"))
    assert (code, seen) == (0, [False]) and gc.isenabled()
    bad = tmp_path / "bad.csv"
    bad.write_text("企业名称,所属集群,营业收入（万元）\n甲公司,A集群,很多\n", encoding="utf-8")
    code, _, err = run(capsys, "review", str(bad))
    assert code == 2 and "很多" in err and gc.isenabled()


def test_rules_brackets_the_interval_clause_as_the_language_writes_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    clause = "五（六） 每两年组织一次省级产业集群复核工作，对于不符合条件的予以摘牌"
    _, out, _ = run(capsys, "rules", "henan-2014-196", "--lang", "en")
    assert out.splitlines()[2] == f"Re-verification: every 2 years ({clause})"
    _, out, _ = run(capsys, "rules", "henan-2014-196")
    assert out.splitlines()[2] == f"复核周期：2 年（{clause}）"


def test_importing_clustercheck_loads_no_drawing_workbook_frame_or_digest_library() -> None:
    """``import clustercheck`` stays quick: what only drawing a table, writing or reading a
    workbook, a data frame or a roster row without a credit code needs is loaded then."""
    heavy = ("tabulate", "xlsxwriter", "openpyxl", "python_calamine", "numpy", "narwhals",
             "pandas", "polars", "hashlib")  # fmt: skip
    code = f"import sys, clustercheck; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
