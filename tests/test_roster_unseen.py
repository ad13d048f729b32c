"""What a roster cell hides from the eye: money in scientific notation, whose digits a
spreadsheet may have rounded away, and characters that show as nothing in a firm's name.
Both roster readers, the compiled tally and the row reader, give the same result."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

import clustercheck as cc
from clustercheck.model.credit import check_character
from clustercheck.model.roster import RosterRead
from clustercheck.read import roster_fast
from clustercheck.read import roster_file as reader
from clustercheck.read.roster_file import read_roster
from clustercheck.rules.measures import leader_tests

TESTS = tuple(leader_tests(["henan-2014-196"]))
HEADER = "企业名称,统一社会信用代码,主营业务收入(万元),营业收入(万元),是否关联"


def code(n: int) -> str:
    body = f"91410100{n:09d}"
    return body + check_character(body)


def read(path: Path, *, compiled: bool, list_smes: bool = True) -> tuple[str, str]:
    """What a reader gives, as text: the clusters' repr, or the error's message."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(roster_fast, "AVAILABLE", compiled)
        try:
            return "ok", repr(read_roster(path, TESTS, list_smes=list_smes))
        except (cc.InputError, cc.InputErrors) as exc:
            return "error", str(exc)


def both(path: Path) -> tuple[str, str]:
    """The result of reading ``path``, after checking both readers give it."""
    compiled = read(path, compiled=True)
    assert compiled == read(path, compiled=False)
    return compiled


def tally_taken(path: Path) -> bool:
    """Whether the compiled tally read the whole file itself."""
    taken: list[bool] = []
    original = roster_fast.tally_csv

    def spy(*args: Any, **kwargs: Any) -> RosterRead | None:
        result = original(*args, **kwargs)
        taken.append(result is not None)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader, "tally_csv", spy)
        with suppress(cc.InputError, cc.InputErrors):
            read_roster(path, TESTS)
    return taken == [True]


def write(tmp_path: Path, rows: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / "名册.csv"
    path.write_bytes("\r\n".join([HEADER, *rows, ""]).encode(encoding))
    return path


@pytest.mark.parametrize("cell", ["1.23E+04", "1.23e4", "6E3", "5.0001E+03", "1.5E-02"])
def test_money_in_scientific_notation_is_refused_naming_the_cell(tmp_path: Path, cell: str) -> None:
    path = write(tmp_path, [f"甲公司,{code(1)},4000,{cell},是", f"乙公司,{code(2)},100,200,是"])
    kind, message = both(path)
    assert kind == "error"
    assert message == (
        f"{path}: line 2, column 营业收入(万元): '{cell}' is in scientific notation, as Excel "
        "or WPS show a number too wide for its column, its last digits rounded away; expected "
        "the whole number: format the column as Number and export again"
    )
    with pytest.raises(cc.InputError) as caught:
        read_roster(path, TESTS)
    assert (caught.value.code, caught.value.where) == (
        "money_as_scientific", "line 2, column 营业收入(万元)",
    )  # fmt: skip
    assert caught.value.message("zh") == (
        f"{path}: 第 2 行“营业收入(万元)”列: '{cell}' 是科学计数法，Excel 或 WPS 这样显示一个列宽放不下的数"
        "时已舍去了后面的数字；应为完整的数字：把这一列设为“数值”格式后重新导出"
    )


def test_the_same_amount_in_whole_digits_reads(tmp_path: Path) -> None:
    path = write(tmp_path, [f"甲公司,{code(1)},4000,12300,是"])
    (cluster,) = read_roster(path, TESTS)
    assert cluster.figures.operating_revenue == 123_000_000


ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@pytest.mark.parametrize("mark", ZERO_WIDTH)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_name_with_a_character_that_shows_as_nothing_is_the_same_firm(
    tmp_path: Path, mark: str, encoding: str
) -> None:
    # The same firm twice without a credit code: a repeated row, whichever spelling.
    rows = ["甲公司,,100,200,是", f"甲{mark}公司,,100,200,是", "乙公司,,5,6,是"]
    path = write(tmp_path, rows, encoding)
    kind, message = both(path)
    assert kind == "error" and "repeats line 2" in message
    assert not tally_taken(path)


@pytest.mark.parametrize("mark", ZERO_WIDTH)
def test_a_listed_name_is_given_without_it_by_both_readers(tmp_path: Path, mark: str) -> None:
    path = write(tmp_path, [f"甲{mark}公司,{code(1)},100,200,是", f"乙公司,{code(2)},5,6,是"])
    kind, text = both(path)
    assert kind == "ok" and "'甲公司'" in text and mark not in text
    (cluster,) = read_roster(path, TESTS, list_smes=True)
    assert cluster.figures.related_sme_names == ("甲公司", "乙公司")


def test_a_byte_order_mark_at_the_start_alone_keeps_the_tally(tmp_path: Path) -> None:
    path = write(tmp_path, [f"甲公司,{code(1)},100,200,是"], "utf-8-sig")
    assert both(path)[0] == "ok"
    assert tally_taken(path) is roster_fast.AVAILABLE


def test_a_workbook_number_is_read_in_plain_digits_and_text_in_e_notation_refused(
    tmp_path: Path,
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "企业名册"
    sheet.append(HEADER.split(","))
    sheet.append(["甲公司", code(1), 0.00001, 0.00002, "是"])  # stored as numbers: 1e-05
    book.save(tmp_path / "名册.xlsx")
    (cluster,) = read_roster(tmp_path / "名册.xlsx", TESTS)
    assert cluster.figures.operating_revenue == cc.parse_money("0.2元")
    sheet.append(["乙公司", code(2), "4000", "1.23E+04", "是"])  # text, as shown
    book.save(tmp_path / "名册.xlsx")
    with pytest.raises(cc.InputError) as caught:
        read_roster(tmp_path / "名册.xlsx", TESTS)
    assert (caught.value.code, caught.value.where) == (
        "money_as_scientific", "企业名册!D3, column 营业收入(万元)",
    )  # fmt: skip


def test_a_cluster_name_with_a_character_that_shows_as_nothing_is_the_same_cluster(
    tmp_path: Path,
) -> None:
    path = tmp_path / "名册.csv"
    path.write_text(
        "企业名称,所属集群,营业收入(万元)\n甲公司,甲县\u200b集群,100\n乙公司,甲县集群,200\n",
        encoding="utf-8",
    )
    assert both(path)[0] == "ok"
    (cluster,) = read_roster(path, TESTS)
    assert (cluster.name, cluster.figures.firms) == ("甲县集群", 2)
