"""A roster's clusters made one at a time: each cluster's figures from the tally's sums only as
it is checked, so that a review of many clusters never holds every cluster's figures at once,
while every file is still read, and every error raised, before any cluster is checked."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clustercheck import reviewing
from clustercheck.cli import main
from clustercheck.model.roster import RosterFigures
from clustercheck.read import roster_fast
from clustercheck.read.roster_file import read_roster, read_roster_each
from clustercheck.rules.engine import check
from clustercheck.rules.measures import leader_tests

from .test_roster_fast import code

HEADER = (
    "序号,企业名称,统一社会信用代码,所属集群,主营业务收入（万元）,营业收入（万元）,研发经费（万元）"
)
TESTS = leader_tests("henan-2014-196")
#: The tallies a CSV roster may be read by: the compiled one (where built) and Python's.
TALLIES = [
    pytest.param(True, marks=pytest.mark.skipif(not roster_fast.AVAILABLE, reason="not built")),
    False,
]


def write_roster(path: Path, clusters: int, start: int = 0, bad: bool = False) -> Path:
    """A roster of two firms in each of ``clusters`` clusters (named from ``start`` on), one
    of them a leader; ``bad``: the last firm's R&D is not a number."""
    rows = [HEADER]
    for c in range(start, start + clusters):
        for f in range(2):
            n = 2 * c + f + 1
            business = "6000" if f == 0 else "120.5"
            rows.append(f"{n},示例{n}号有限公司,{code(n)},示例{c}号产业集群,{business},7000,30")
    if bad:
        rows[-1] = rows[-1].rsplit(",", 1)[0] + ",约30"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[weakref.ref[RosterFigures]]:
    """Each cluster's figures as the tallies make them, held weakly."""
    figures: list[weakref.ref[RosterFigures]] = []
    original = roster_fast._figures

    def counted(*args: Any) -> RosterFigures:
        result = original(*args)
        figures.append(weakref.ref(result))
        return result

    monkeypatch.setattr(roster_fast, "_figures", counted)
    return figures


@pytest.mark.parametrize("compiled", TALLIES)
def test_a_rosters_clusters_are_made_as_they_are_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: list[Any], compiled: bool
) -> None:
    """The file is read whole first; then each cluster's figures are made only when it is
    asked for, and the clusters are those the row reader reads, in the same order."""
    path = write_roster(tmp_path / "名册.csv", 40)
    monkeypatch.setattr(roster_fast, "AVAILABLE", compiled and roster_fast.AVAILABLE)
    each = read_roster_each(path, TESTS)
    assert made == []
    first = next(each)
    assert len(made) == 1 and first.name == "示例0号产业集群"
    clusters = [first, *each]
    assert len(made) == 40
    monkeypatch.setattr(roster_fast, "AVAILABLE", False)
    monkeypatch.setattr(roster_fast, "PYTHON", False)
    assert clusters == read_roster(path, TESTS)  # the row reader's


@pytest.mark.parametrize("compiled", TALLIES)
def test_a_review_holds_one_clusters_figures_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: list[Any], compiled: bool
) -> None:
    """While a roster of many clusters is reviewed, each cluster's figures are made just
    before it is checked and let go of once it is: at most one cluster's figures exist."""
    path = write_roster(tmp_path / "名册.csv", 30)
    monkeypatch.setattr(roster_fast, "AVAILABLE", compiled and roster_fast.AVAILABLE)
    alive: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        alive.append(sum(ref() is not None for ref in made))
        return check(*args, **kwargs)

    monkeypatch.setattr(reviewing, "check", counted)
    output = tmp_path / "审核.csv"
    assert main(["review", str(path), "--format", "csv", "-o", str(output)]) == 0
    assert alive == [1] * 30
    assert output.read_text(encoding="utf-8-sig").count("示例") >= 30


def test_every_file_is_read_before_any_cluster_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad cell in the second roster is reported before the first roster's clusters are
    checked, and nothing is written."""
    first = write_roster(tmp_path / "一.csv", 3)
    second = write_roster(tmp_path / "二.csv", 3, start=3, bad=True)
    checked: list[object] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        checked.append(args)
        return check(*args, **kwargs)

    monkeypatch.setattr(reviewing, "check", counted)
    output = tmp_path / "审核.csv"
    code_ = main(["review", str(first), str(second), "--format", "csv", "-o", str(output)])
    assert code_ == 2 and checked == [] and not output.exists()
    assert "二.csv" in capsys.readouterr().err


def test_a_cluster_in_two_rosters_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cluster named in two rosters, known only once the second is given, is refused, and
    no review is written, although the clusters before it were checked."""
    first = write_roster(tmp_path / "一.csv", 3)
    second = write_roster(tmp_path / "二.csv", 2, start=2)  # 示例2号产业集群 again
    output = tmp_path / "审核.csv"
    code_ = main(["review", str(first), str(second), "--format", "csv", "-o", str(output)])
    err = capsys.readouterr().err
    assert code_ == 2 and not output.exists()
    assert "示例2号产业集群" in err and "一.csv" in err


def test_the_compiled_tally_gives_its_clusters_one_at_a_time_as_all_at_once() -> None:
    """``Tally.each()`` gives what ``clusters()`` gives, in its order, read on two threads or
    one (more clusters than one block of records), keeps the tally while it is used, and
    gives its clusters once."""
    if not roster_fast.AVAILABLE:
        pytest.skip("the compiled tally is not built")
    from clustercheck.read import _ctally

    from .test_roster_fast import cluster_tally

    def tally(split: int) -> tuple[Any, list[str]]:
        met: list[str] = []

        def convert(kind: int, text: bytes) -> int:
            name = text.decode()
            if kind == _ctally.CLUSTER and name not in met:
                met.append(name)
            return met.index(name) if kind == _ctally.CLUSTER else 0

        made = cluster_tally(convert, split=split)
        rows = [f"示例{i},集群{i % 5000}" for i in range(12000)]
        with pytest.raises(ValueError, match="whole file"):
            made.each()
        assert made.feed(("企业名称,所属集群\n" + "\n".join(rows) + "\n").encode(), True)
        return made, met

    for split in (0, 1):
        (whole, met_whole), (one, met_one) = tally(split), tally(split)
        assert (one.halves > 0) == (split == 1)
        each: Iterator[Any] = one.each()
        order = [met_one[i] for i in one.order()]  # on two threads convert() meets them in turn
        del one  # the iterator keeps it
        assert list(each) == whole.clusters() and order == [met_whole[i] for i in whole.order()]
        assert list(each) == []
    given, _ = tally(1)
    assert given.each() is not None
    with pytest.raises(ValueError, match="given by each"):
        given.clusters()  # its records were let go of as they were given
    with pytest.raises(ValueError, match="given by each"):
        given.each()
