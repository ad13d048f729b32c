"""Long jobs tell how far they have got: to a callback in Python, on a terminal's stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read import roster_fast
from clustercheck.render.layout import render, review_document

from .builders import cluster_with

Calls = list[tuple[str, int, int | None]]

ROSTER = "所属集群,企业名称,营业收入（万元）\n" + "".join(
    f"示例{c}县集群,示例{c}县{n}号有限公司,{100 + n}\n" for c in range(3) for n in range(40)
)


def recorder() -> tuple[Calls, Callable[[str, int, int | None], None]]:
    calls: Calls = []
    return calls, lambda stage, done, total: calls.append((stage, done, total))


@pytest.mark.parametrize("how", ["compiled", "python", "rows"])
def test_reading_a_roster_tells_the_bytes_and_the_clusters(tmp_path: Path, how: str) -> None:
    path = tmp_path / "名册.csv"
    path.write_text(ROSTER, encoding="utf-8")
    calls, progress = recorder()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(roster_fast, "AVAILABLE", how == "compiled" and roster_fast.AVAILABLE)
        patch.setattr(roster_fast, "PYTHON", how == "python")
        clusters = list(cc.load_clusters([path], progress=progress))
    size = path.stat().st_size
    read = [c for c in calls if c[0] == "bytes"]
    assert read and read[-1] == ("bytes", size, size)
    assert all(done <= size for _, done, _ in read)
    assert [c for c in calls if c[0] == "clusters"] == [("clusters", n, None) for n in (1, 2, 3)]
    assert len(clusters) == 3


def test_a_review_tells_the_clusters_checked_of_how_many() -> None:
    calls, progress = recorder()
    clusters = [cluster_with(), cluster_with(leaders=0)]
    clusters[1] = cc.Cluster(name="示例县乙集群", declared=clusters[1].declared)
    cc.review(clusters, progress=progress)
    assert calls == [("checked", 1, 2), ("checked", 2, 2)]
    calls.clear()
    cc.review(iter(clusters), progress=progress)
    assert calls == [("checked", 1, None), ("checked", 2, None)]


def test_writing_a_workbook_tells_the_sheets() -> None:
    pytest.importorskip("xlsxwriter")
    calls, progress = recorder()
    document = review_document(cc.review([cluster_with()]), "zh")
    render(document, "xlsx", progress)
    sheets = len(document.sections)
    assert calls == [("sheets", n, sheets) for n in range(1, sheets + 1)]


def test_the_command_line_shows_progress_on_a_terminal_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "名册.csv"
    path.write_text(ROSTER, encoding="utf-8")
    assert main(["check", str(path), "--format", "json"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: nothing but the output
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys.stderr, "isatty", lambda: True)
        assert main(["check", str(path), "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert "\r正在读取名册：100%" in err
    assert err.endswith("\r\033[K")  # the line cleared when done, the cursor at its start
