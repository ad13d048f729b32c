"""The compiled roster tally gives what the row-by-row reader gives: same figures to the last
decimal place, same names, same warnings, and on any problem the same errors."""

from __future__ import annotations

import decimal
import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clustercheck as cc
from clustercheck import _roster_fast
from clustercheck import _roster_file as reader
from clustercheck._credit import check_character
from clustercheck._measures import leader_tests
from clustercheck._roster_figures import RosterRead
from clustercheck._roster_file import RosterCluster, read_roster

needs_tally = pytest.mark.skipif(
    not _roster_fast.AVAILABLE, reason="clustercheck was installed without its compiled tally"
)
TESTS = leader_tests(["henan-2014-196", "miit-2022-119"])


def code(n: int) -> str:
    body = f"91410100{n:09d}"
    return body + check_character(body)


Outcome = tuple[str, str]  # ("ok", repr of the clusters) or ("error", the message)


def read(path: Path, *, compiled: bool, list_smes: bool = False) -> Outcome:
    """What reading the roster gives, by one reader or the other, as text to compare:
    ``repr`` shows each Decimal's places, not only its value."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_fast, "AVAILABLE", compiled)
        try:
            result: list[RosterCluster] = read_roster(path, TESTS, list_smes=list_smes)
        except (cc.InputError, cc.InputErrors) as exc:
            return "error", str(exc)
    return "ok", repr(result)


def tally_taken(path: Path) -> bool:
    """Whether the compiled tally read the whole file itself, without giving up."""
    taken: list[bool] = []
    original = _roster_fast.tally_csv

    def spy(*args: Any) -> RosterRead | None:
        result = original(*args)
        taken.append(result is not None)
        return result

    with pytest.MonkeyPatch.context() as patch, suppress(cc.InputError, cc.InputErrors):
        patch.setattr(reader, "tally_csv", spy)
        read_roster(path, TESTS)
    return taken == [True]


def same_both_ways(path: Path, *, list_smes: bool = False) -> Outcome:
    """The result of reading ``path``, after checking that both readers give it."""
    compiled = read(path, compiled=True, list_smes=list_smes)
    assert compiled == read(path, compiled=False, list_smes=list_smes)
    return compiled


HEADER = (
    "序号,企业名称,统一社会信用代码,所属集群,主营业务收入（万元）,营业收入（万元）,"
    "研发费用（万元）,从业人员,企业规模,是否主导产业,是否关联"
)


def roster(rows: list[str], *, header: str = HEADER, newline: str = "\r\n") -> str:
    return newline.join([header, *rows]) + newline


def row(n: int, cluster: str = "甲", business: str = '"4,437.1"', revenue: str = '"4,507"',
        rd: str = "54.08", employees: str = "833", size: str = "小型", main: str = "是",
        related: str = "是", name: str | None = None, credit: str | None = None) -> str:  # fmt: skip
    name = f"示例{n}号有限公司" if name is None else name
    credit = code(n) if credit is None else credit
    return ",".join([str(n), name, credit, cluster, business, revenue, rd, employees, size, main, related])  # fmt: skip


Write = Callable[[str, bytes], Path]


@pytest.fixture
def put(tmp_path: Path) -> Write:
    def _put(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _put


# Files the tally reads itself: each must give the reference result *and* be read by the tally.
PLAIN_CASES: dict[str, str] = {
    "crlf, quoted money with thousands separators": roster([row(i, "甲" if i % 3 else "乙") for i in range(40)]),
    "lf line ends": roster([row(i) for i in range(5)], newline="\n"),
    "cr line ends": roster([row(i) for i in range(5)], newline="\r"),
    "no line break after the last row": roster([row(i) for i in range(5)]).rstrip("\r\n"),
    "spaces, tabs and 全角 spaces around cells": roster([
        row(1, cluster=" 甲 ", name="\u3000示例甲有限公司\t", business='" 6,000.5 "', revenue=" 7000 ",
            employees=" 1200 ", size=" 大型 ", main="\xa0是"),
        row(2),
    ]),
    "quotes doubled inside a name, a comma and a line break in a quoted name": roster([
        row(1, name='"示例""甲""有限公司"'), row(2, name='"示例,乙\r\n有限公司"'), row(3),
    ]),
    "blank rows between firms and after the last": roster([
        row(1), "", ",,,,,,,,,,", "5,,,,,,,,,,", row(2), ",,,,,,,,,,", "",
    ]),
    "title rows above the header": "2015年名册,,,\r\n,,,\r\n" + roster([row(1), row(2)]),
    "empty cells: no 主营业务收入, no 营业收入, no R&D, no flag, no size": roster([
        row(1, business=""), row(2, revenue=""), row(3, rd=""), row(4, main=""),
        row(5, size=""), row(6, size="", employees=""), row(7, size="", employees="1500", revenue='"50,000"'),
        row(8, size="", employees="1500", revenue="", business='"50,000"'), row(9, related="否"),
        row(10, business="", revenue=""), row(11, credit=""),
    ]),
    "money with many decimal places and none": roster([
        row(1, business="4437.123456", revenue="4507.", rd=".5"), row(2, business="5000", revenue="5000.000"),
        row(3, business="5000.000001", revenue="0", rd="0.0"),
    ]),
    "units in cells where the header has none": roster(
        ["1,示例1号有限公司,,甲,1.2亿元,\"12,000万元\",50万元,30,小型,是,是",
         "2,示例2号有限公司,,甲,5000万元,5000.5万,3000000元,30,小型,是,是"],
        header="序号,企业名称,统一社会信用代码,所属集群,主营业务收入,营业收入,研发费用,从业人员,企业规模,是否主导产业,是否关联",
    ),
    "words the rules accept in other spellings": roster([
        row(1, size="medium", main="Y", related="YES"), row(2, size="MICRO", main="√", related="true"),
        row(3, size="大", main="0", related="1"), row(4, employees="300人", credit=code(4).lower()),
    ]),
    "the same firm in two clusters": roster([row(1, "甲"), row(1, "乙"), row(2, "甲")]),
    "sector column, industrial and not": roster(
        [f"示例{i}号有限公司,{s},\"6,000\",,1500" for i, s in enumerate(["工业", "Industry", "服务业", "制造业", "INDUSTRIAL"])],
        header="企业名称,行业,营业收入（万元）,企业规模,从业人员",
    ),
    "no cluster column, no credit code column": roster(
        ["示例甲有限公司,\"6,000\"", "示例乙有限公司,12"], header="企业名称,营业收入（万元）"
    ),
    "columns not read and rows shorter than the header": roster(
        ["示例甲有限公司,备注甲,\"6,000\"", "示例乙有限公司,备注乙"], header="企业名称,备注,营业收入（万元）"
    ),
}  # fmt: skip


@needs_tally
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
@pytest.mark.parametrize("case", PLAIN_CASES)
def test_tally_reads_plain_files_as_the_row_reader_does(
    put: Write, case: str, encoding: str
) -> None:
    text = PLAIN_CASES[case]
    if encoding == "gbk":
        text = text.replace("\xa0", " ")  # GBK has no no-break space
    path = put("名册.csv", text.encode(encoding))
    assert same_both_ways(path)[0] == "ok"
    assert same_both_ways(path, list_smes=True)[0] == "ok"
    assert tally_taken(path)


# Files with something only the row reader handles or reports: the tally gives up, and the
# result (or every error) is the row reader's.
GIVE_UP_CASES: dict[str, str] = {
    "a bad number": roster([row(1), row(2, revenue="约5000")]),
    "a negative amount": roster([row(1, rd="-5")]),
    "a bad check character": roster([row(1, credit=code(1)[:-1] + "0" if code(1)[-1] != "0" else code(1)[:-1] + "1")]),
    "a credit code twice in one cluster": roster([row(1), row(2), row(1)]),
    "a firm without a name": roster([row(1, name="\u3000")]),
    "a firm without a cluster": roster([row(1, cluster=" ")]),
    "an unknown size": roster([row(1, size="特大")]),
    "a yes/no cell that is neither": roster([row(1, main="也许")]),
    "a quote inside an unquoted cell": roster([row(1, name='示例"甲"有限公司')]),
    "text after a closing quote": roster([row(1, name='"示例甲"有限公司')]),
    "an unterminated quote": roster([row(1)]) + '2,"示例乙有限公司',
    "more decimal places than a 元 × 10⁶ holds": roster([row(1, rd="0.0000001")]),
    "an amount too large to hold": roster([row(1, revenue="99999999999999999999")]),
    "a money column without a unit": roster(["示例甲有限公司,5000"], header="企业名称,营业收入"),
    "a NUL byte": roster([row(1, name="示例\x00有限公司")]),
    "a 19-digit amount beyond 10^18 元": roster(["示例甲有限公司,1234567890123456789"], header="企业名称,营业收入（元）"),
    "an amount with an exponent beyond any unit": roster([row(1, revenue="1e999999")]),
}  # fmt: skip


@needs_tally
@pytest.mark.parametrize("case", GIVE_UP_CASES)
def test_tally_gives_up_where_the_row_reader_reports(put: Write, case: str) -> None:
    path = put("名册.csv", GIVE_UP_CASES[case].encode("utf-8"))
    same_both_ways(path)
    assert not tally_taken(path)


@needs_tally
def test_a_roster_without_firms_is_an_error_either_way(put: Write) -> None:
    path = put("名册.csv", roster([",,,,,,,,,,", ""]).encode("utf-8"))
    kind, message = same_both_ways(path)
    assert kind == "error"
    assert "no firms below the header row" in message
    assert tally_taken(path)


@needs_tally
def test_invalid_utf8_after_the_sample_is_the_row_readers_error(put: Write) -> None:
    text = roster([row(i) for i in range(2000)])
    path = put("名册.csv", text.encode("utf-8") + "示例".encode("gbk") + b"\r\n")
    kind, message = same_both_ways(path)
    assert kind == "error"
    assert "not UTF-8 text" in message


@needs_tally
def test_rows_longer_than_one_read_and_pieces_split_anywhere(put: Write) -> None:
    """A quoted cell larger than the reader's piece, and line ends split between pieces."""
    long_name = '"' + "很长的名称" * 100_000 + '"'
    rows = [row(i) for i in range(30_000)] + [row(30_000, name=long_name)]
    path = put("大.csv", roster(rows).encode("utf-8"))
    assert same_both_ways(path)[0] == "error"  # csv's field limit, reported by the row reader
    path = put("中.csv", roster([row(i, cluster=f"集群{i % 7}") for i in range(60_000)]).encode())
    assert same_both_ways(path)[0] == "ok"
    assert tally_taken(path)


def test_the_tally_is_built_where_it_must_be() -> None:
    """Where a build must include the tally (CLUSTERCHECK_REQUIRE_TALLY=1), it is there."""
    if os.environ.get("CLUSTERCHECK_REQUIRE_TALLY") == "1":
        assert _roster_fast.AVAILABLE
    else:
        pytest.skip("CLUSTERCHECK_REQUIRE_TALLY is not set")


# Random rosters: cells drawn from what exports contain, first only valid ones (which the
# tally must read itself), then valid and invalid ones mixed.
VALID = {
    "name": ["示例甲有限公司", " 示例乙公司 ", '"示例""丙"""', '"示例,丁"', "Acme Ltd", "\u3000示例戊\u3000"],
    "cluster": ["甲", "乙", " 甲", "丙\u3000"],
    "money": ['"4,437.1"', "4507", "54.08", "5000", "5000.000001", "0", "", "1.2亿元", ".5", "12,3",
              '"40,000.5"', "40000", "3e2", '"50,000,000"'],
    "employees": ["833", "1000", "999", "", "300人", "0012", '"1,200"'],
    "size": ["小型", "大型", "", "medium", "LARGE", " 微型 "],
    "flag": ["是", "否", "", "Y", "no", "TRUE"],
}  # fmt: skip
INVALID = {
    "name": ["", "\u3000"],
    "cluster": [""],
    "money": ["abc", "-3", "1.2.3", "0.00000001"],
    "employees": ["many", "1.5"],
    "size": ["特大"],
    "flag": ["也许"],
}


@st.composite
def rosters(draw: st.DrawFn, *, valid: bool) -> bytes:
    def cell(kind: str) -> str:
        choices = VALID[kind] if valid else VALID[kind] + INVALID[kind]
        return draw(st.sampled_from(choices))

    rows = []
    for n in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 9)) == 0:
            rows.append(draw(st.sampled_from(["", ",,,,,,,,,,", "7,,,,,,,,,,"])))
            continue
        credit = draw(
            st.sampled_from([code(n), code(n).lower(), ""] + ([] if valid else [code(0)]))
        )
        rows.append(",".join([
            str(n), cell("name"), credit, cell("cluster"), cell("money"), cell("money"),
            cell("money"), cell("employees"), cell("size"), cell("flag"), cell("flag"),
        ]))  # fmt: skip
    text = roster(rows, newline=draw(st.sampled_from(["\r\n", "\n", "\r"])))
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])))


@needs_tally
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=True))
def test_random_valid_rosters_are_read_by_the_tally_alike(put: Write, data: bytes) -> None:
    path = put("名册.csv", data)
    same_both_ways(path, list_smes=True)
    if same_both_ways(path)[0] == "ok":
        assert tally_taken(path)


@needs_tally
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=False))
def test_random_rosters_read_alike(put: Write, data: bytes) -> None:
    same_both_ways(put("名册.csv", data))


@needs_tally
def test_amounts_are_read_and_summed_exactly_whatever_the_callers_decimal_context(
    put: Write,
) -> None:
    path = put("名册.csv", roster([
        row(1, business="12345678.123456", revenue="12345678.123456", rd="0.000001"),
        row(2, revenue="98765432.1"), row(3, revenue="1.2345亿元", rd="1.5亿"),
    ]).encode())  # fmt: skip
    expected = same_both_ways(path)
    assert expected[0] == "ok"
    assert "operating_revenue=Decimal('1111234552234.560000')" in expected[1]
    assert "rd_expense=Decimal('150540800.010000')" in expected[1]
    with decimal.localcontext(prec=10, traps=dict.fromkeys(decimal.getcontext().traps, False)):
        assert same_both_ways(path) == expected
        assert tally_taken(path)


@needs_tally
@pytest.mark.parametrize(
    ("cell", "header"),
    [
        ("1e999999", "营业收入（万元）"),
        ("1e999999", "营业收入（元）"),
        ("1" + "0" * 70 + "亿元", "营业收入"),
        ("1000000000000000000", "营业收入（元）"),
        ("0.0000000000000000001", "营业收入（元）"),
    ],
)
def test_amounts_out_of_range_are_errors_naming_line_column_and_value(
    put: Write, cell: str, header: str
) -> None:
    path = put("名册.csv", roster(["示例乙有限公司,5亿元", f"示例甲有限公司,{cell}"], header=f"企业名称,{header}").encode())  # fmt: skip
    assert same_both_ways(path) == ("error", (
        f"{path}: line 3, column {header}: {cell!r} is out of range; expected an amount below "
        "10^18 元 with at most 18 decimal places"
    ))  # fmt: skip


@needs_tally
def test_amounts_just_in_range_are_read(put: Write) -> None:
    path = put("名册.csv", roster(["示例甲有限公司,999999999999999999.999999999999999999"], header="企业名称,营业收入（元）").encode())  # fmt: skip
    kind, result = same_both_ways(path)
    assert kind == "ok"
    assert "operating_revenue=Decimal('999999999999999999.999999999999999999')" in result
