"""A roster's region column (所在地区): each cluster's region is the one its firms give, read
alike by the row reader and both tallies, carried to the review's 地区 column and each
cluster's page title; two regions in one cluster are an error at the second."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read import roster_fast
from clustercheck.read.examples import examples_dir
from clustercheck.read.roster_file import read_roster

from .test_roster_fast import TESTS, same_both_ways, tally_taken

HEADER = "企业名称,所属集群,所在地区,营业收入（万元）"


def csv(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "名册.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def errors_of(path: Path) -> Sequence[cc.InputError]:
    """The errors of reading ``path``."""
    with pytest.raises(cc.InputError) as caught:
        list(cc.load_clusters([path]))
    exc = caught.value
    return exc.errors if isinstance(exc, cc.InputErrors) else [exc]


def regions(path: Path, *, compiled: bool, python: bool) -> dict[str, str | None]:
    """Each cluster's region as one reader reads it: the compiled tally, the Python tally, or
    the row reader alone (neither)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(roster_fast, "AVAILABLE", compiled)
        patch.setattr(roster_fast, "PYTHON", python)
        return {c.name: c.region for c in read_roster(path, TESTS)}


READERS = [
    pytest.param(False, False, id="row reader"),
    pytest.param(False, True, id="Python tally"),
    pytest.param(
        True,
        False,
        id="compiled tally",
        marks=pytest.mark.skipif(not roster_fast.AVAILABLE, reason="no compiled tally"),
    ),
]


@pytest.mark.parametrize(("compiled", "python"), READERS)
def test_each_reader_gives_each_cluster_the_region_its_firms_give(
    tmp_path: Path, compiled: bool, python: bool
) -> None:
    path = csv(tmp_path, [
        "甲公司,A集群,示例县,100", "乙公司,A集群,,5", "丙公司,B集群,Ｂ县\u3000,7", "丁公司,B集群, B县,7",
        "戊公司,C集群,,7",
    ])  # fmt: skip
    assert regions(path, compiled=compiled, python=python) == {
        "A集群": "示例县",  # an empty cell gives none, and takes none away
        "B集群": "B县",  # NFKC and trimmed: one region however it is spaced or typed
        "C集群": None,
    }
    if compiled or python:
        assert tally_taken(path, python=python)


@pytest.mark.parametrize(
    "header",
    ["所在地区", "地区", "所属地区", "所在地", "县（市、区）", "所在县（市、区）", "Region"],
)
def test_every_name_of_the_region_column_is_read(tmp_path: Path, header: str) -> None:
    path = csv(tmp_path, ["甲公司,A集群,示例县,100"], header=HEADER.replace("所在地区", header))
    (cluster,) = cc.load_clusters([path])
    assert cluster.region == "示例县"
    assert cluster.roster is not None and cluster.roster.remarks == ()  # no column unread


def test_without_a_cluster_column_the_files_one_cluster_has_the_region(tmp_path: Path) -> None:
    path = csv(
        tmp_path, ["甲公司,示例县,100", "乙公司,示例县,5"], header="企业名称,地区,营业收入（万元）"
    )
    assert same_both_ways(path)[0] == "ok"
    (cluster,) = cc.load_clusters([path])
    assert (cluster.name, cluster.region) == ("名册", "示例县")


def test_two_regions_in_one_cluster_are_an_error_at_the_second_naming_the_first(
    tmp_path: Path,
) -> None:
    path = csv(tmp_path, ["甲公司,A集群,示例县,100", "乙公司,B集群,乙县,5", "丙公司,A集群,乙县,7"])
    assert same_both_ways(path)[0] == "error"
    assert not (roster_fast.AVAILABLE and tally_taken(path))
    assert not tally_taken(path, python=True)
    (error,) = errors_of(path)
    assert (error.place(), error.code, error.value) == ("line 4, column 所在地区", "region_differs", "乙县")  # fmt: skip
    assert error.message("zh").endswith(
        "第 4 行“所在地区”列: A集群 的企业在 第 2 行 写的地区是 '示例县'，"
        "这里写的是 '乙县'；一个集群只在一个地区，应写同一个地区"
    )
    assert "A集群's firms give the region '示例县' at line 2 and '乙县' here" in error.message("en")


def test_the_command_line_names_the_conflict_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv(tmp_path, ["甲公司,A集群,示例县,100", "丙公司,A集群,乙县,7"])
    assert main(["check", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "line 3, column 所在地区" in err and "'示例县' at line 2 and '乙县' here" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("case", ["a character that shows as nothing", "a region spelt alike"])
def test_what_only_the_row_reader_reads_gives_the_same_region(tmp_path: Path, case: str) -> None:
    spelt = "示例\u200b县" if case.startswith("a character") else "示例县 "
    path = csv(tmp_path, ["甲公司,A集群,示例县,100", f"乙公司,A集群,{spelt},5"])
    assert same_both_ways(path)[0] == "ok"
    assert regions(path, compiled=False, python=False) == {"A集群": "示例县"}


def test_a_line_break_in_a_region_is_an_error_by_every_reader(tmp_path: Path) -> None:
    path = csv(tmp_path, ['甲公司,A集群,"示例\n县",100'])
    outcome, message = same_both_ways(path)
    assert outcome == "error" and "line 2, column 所在地区" in message


def test_a_workbook_roster_gives_the_region_and_names_a_conflict_by_its_cell(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业名册"
    rows: list[list[Any]] = [["企业名称", "所属集群", "所在地区", "营业收入（万元）"], ["甲公司", "A集群", "示例县", 100]]  # fmt: skip
    for cells in rows:
        sheet.append(cells)
    path = tmp_path / "名册.xlsx"
    book.save(path)
    (cluster,) = cc.load_clusters([path])
    assert cluster.region == "示例县"
    sheet.append(["乙公司", "A集群", "乙县", 5])
    book.save(path)
    (error,) = errors_of(path)
    assert (error.place(), error.code) == ("企业名册!C3, column 所在地区", "region_differs")
    assert "'示例县' at 企业名册!C2 and '乙县' here" in error.message("en")


def test_a_frame_of_firms_gives_the_region() -> None:
    firms = pd.DataFrame(
        {"企业名称": ["甲公司", "乙公司"], "所属集群": ["A集群", "B集群"], "所在地区": ["示例县", None],
         "营业收入（万元）": [100, 5]}
    )  # fmt: skip
    assert [(c.name, c.region) for c in cc.clusters_from_firms(firms)] == [
        ("A集群", "示例县"),
        ("B集群", None),
    ]


def test_the_example_rosters_clusters_carry_their_regions_to_the_review(tmp_path: Path) -> None:
    path = examples_dir() / "rosters" / "province-2015.csv"
    clusters = list(cc.load_clusters([path]))
    assert [(c.name, c.region, c.year) for c in clusters] == [
        ("示例一县纺织服装产业集群", "示例一县", 2015),
        ("示例二县食品加工产业集群", "示例二县", 2015),
        ("示例三县机械制造产业集群", "示例三县", 2015),
    ]
    out = tmp_path / "review.html"
    assert main(["review", str(path), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<h2>示例一县纺织服装产业集群（示例一县，2015年）" in page
    assert '<td class="mid">示例二县食品加工产业集群</td><td class="short">示例二县</td>' in page
    english = cc.render(cc.review(clusters), "html", lang="en")
    assert "<h2>示例三县机械制造产业集群 (示例三县, 2015)" in english
