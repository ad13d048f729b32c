"""The compiled roster tally gives what the row-by-row reader gives: same figures to the last
decimal place, same names, same warnings, and on any problem the same errors."""

from __future__ import annotations

import decimal
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clustercheck as cc
from clustercheck.base.compare import Operator
from clustercheck.model.credit import all_valid_credit_codes, check_character, valid_credit_code
from clustercheck.model.roster import LeaderTest, RosterRead
from clustercheck.read import roster_fast as _roster_fast
from clustercheck.read import roster_file as reader
from clustercheck.read import roster_python as _roster_python
from clustercheck.read.roster_file import RosterCluster, read_roster
from clustercheck.rules.measures import leader_tests

needs_tally = pytest.mark.skipif(
    not _roster_fast.AVAILABLE, reason="clustercheck was installed without its compiled tally"
)
#: The packs' tests (超5000万元), and tests of the other directions a pack may state, so
#: that both readers settle a firm counted on 营业收入 alike whichever way a test points.
TESTS = (
    *leader_tests(["henan-2014-196", "miit-2022-119"]),
    LeaderTest(Operator.GE, Decimal(50_000_000)),
    LeaderTest(Operator.LE, Decimal(50_000_000)),
    LeaderTest(Operator.LT, Decimal("50000000.000001")),
)


def code(n: int) -> str:
    body = f"91410100{n:09d}"
    return body + check_character(body)


Outcome = tuple[str, str]  # ("ok", repr of the clusters) or ("error", the message)


def read(path: Path, *, compiled: bool, python: bool = False, list_smes: bool = False) -> Outcome:
    """What reading the roster gives, as text to compare (``repr`` shows each Decimal's
    places, not only its value): by the compiled tally, by the Python tally (``python``), or
    by the row reader alone (neither)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_fast, "AVAILABLE", compiled)
        patch.setattr(_roster_fast, "PYTHON", python)
        try:
            result: list[RosterCluster] = read_roster(path, TESTS, list_smes=list_smes)
        except (cc.InputError, cc.InputErrors) as exc:
            return "error", str(exc)
    return "ok", repr(result)


def tally_taken(path: Path, *, python: bool = False) -> bool:
    """Whether the compiled tally (or the Python one) read the whole file itself, without
    giving up."""
    taken: list[bool] = []
    original = _roster_fast.tally_csv

    def spy(*args: Any, **kwargs: Any) -> RosterRead | None:
        result = original(*args, **kwargs)
        taken.append(result is not None)
        return result

    with pytest.MonkeyPatch.context() as patch, suppress(cc.InputError, cc.InputErrors):
        patch.setattr(reader, "tally_csv", spy)
        if python:
            patch.setattr(_roster_fast, "AVAILABLE", False)
        read_roster(path, TESTS)
    return taken == [True]


def same_both_ways(path: Path, *, list_smes: bool = False) -> Outcome:
    """The result of reading ``path``, after checking that the row reader, the Python tally
    and (where built) the compiled tally all give it."""
    rows = read(path, compiled=False, list_smes=list_smes)
    assert read(path, compiled=False, python=True, list_smes=list_smes) == rows
    if _roster_fast.AVAILABLE:
        assert read(path, compiled=True, list_smes=list_smes) == rows
    return rows


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
        row(1), "", ",,,,,,,,,,", row(2), ",\u3000,,,,,,,,,", ",,,,,,,,,,", "",
    ]),
    "rows longer than the header, the extra cells empty": roster([row(1) + ",,", row(2) + ',""']),
    "names with 计 or 其中 inside, not at the ends": roster([
        row(1, name="示例计算机有限公司"), row(2, name="示例其中有限公司"), row(3, name="其示例中有限公司"),
    ]),
    "amounts of 19 digits and more, read in Python": roster(
        ["示例甲有限公司,1234567890123.456789", "示例乙有限公司,00000000000000000001234"],
        header="企业名称,营业收入（元）",
    ),
    "title rows above the header": "2015年名册,,,\r\n,,,\r\n" + roster([row(1), row(2)]),
    "empty cells: no 主营业务收入, no 营业收入, no R&D, no flag, no size": roster([
        row(1, business=""), row(2, revenue=""), row(3, rd=""), row(4, main=""),
        row(5, size=""), row(6, size="", employees=""), row(7, size="", employees="1500", revenue='"50,000"'),
        row(8, size="", employees="1500", revenue="", business='"50,000"'), row(9, related="否"),
        row(10, business="", revenue=""), row(11, credit=""),
    ]),
    "only 营业收入 just under, at and over 5000万元, and neither revenue": roster([
        row(1, business="", revenue="4999.999999"), row(2, business="", revenue="5000"),
        row(3, business="", revenue="5000.000001"), row(4, business="", revenue='"5,000.01"'),
        row(5, business="5000.000001", revenue="5000.000001"), row(6, business="", revenue=""),
    ]),
    "money with many decimal places and none": roster([
        row(1, business="4437.123456", revenue="4507.", rd=".5"), row(2, business="5000", revenue="5000.000"),
        row(3, business="5000.000001", revenue="5000.000001", rd="0.0"),
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
    "a column not read right of the last one read": roster(
        ["示例甲有限公司,\"6,000\",备注甲", "示例乙有限公司,12,备注乙"], header="企业名称,营业收入（万元）,备注"
    ),
    "columns not read and rows shorter than the header": roster(
        ["示例甲有限公司,备注甲,\"6,000\"", "示例乙有限公司,备注乙"], header="企业名称,备注,营业收入（万元）"
    ),
    # A header cell wrapped with Alt+Enter: the header is passed over by records, not lines,
    # whether the break is inside the cell, at its end or several times over.
    "header cells holding line breaks": roster(
        [row(1), row(2)],
        header=HEADER.replace("主营业务收入（万元）", '"主营业务收入\r\n（万元）"').replace(
            "营业收入（万元）", '"营业收入（万元）\r\n"', 1).replace("研发费用（万元）", '"研发\n费用\r\n（万元）"'),
    ),
    "a title cell and a header cell ending in a line break": '"2015年\r\n名册",,\r\n' + roster(
        ["示例甲有限公司,\"6,000\"", "示例乙有限公司,12"], header='"企业名称\r\n","营业收入\n（万元）"'
    ),
    "blank records spanning lines, named by their first line": roster([
        row(1), ',"\r\n\r\n",,,,,,,,,', row(2), ',"\u3000\n",,,,,,,,,', row(3, name='"示例丙\r\n有限公司"'),
    ]),
    "firms without credit codes: one name twice with other figures, one row in two clusters": roster([
        row(1, credit=""), row(1, credit="", rd="55"), row(2, "甲", credit=""), row(2, "乙", credit=""),
        row(3, credit="", revenue='"4,437.1"'),
    ]),
    "units after a slash, in square brackets and run on": roster(
        [row(1), row(2)],
        header=HEADER.replace("主营业务收入（万元）", "主营业务收入/万元")
        .replace("营业收入（万元）", "营业收入 [万元]", 1)
        .replace("研发费用（万元）", "研发费用万元"),
    ),
    "names holding 计, total or sum that are firms' names": roster([
        row(1, name="示例会计师事务所"), row(2, name="Total Solutions Ltd"), row(3, name="Summit Co."),
        row(4, name="示例设计院"), row(5, name="示例统计咨询有限公司"), row(6, name="Ａｃｍｅ有限公司"),
        row(7, name="示例（合计）科技有限公司"),
    ]),
    "a region column: one region a cluster, spelt otherwise, cells left empty": roster(
        [f"示例{i}号有限公司,{c},{r},\"6,000\"" for i, (c, r) in enumerate(
            [("甲", "甲县"), ("乙", ""), ("甲", " 甲县\u3000"), ("乙", "乙县"), ("甲", ""), ("丙", ""), ("乙", "乙县")])],
        header="企业名称,所属集群,所在地区,营业收入（万元）",
    ),
    "a region column in a file without a cluster column, named 县（市、区）": roster(
        ["示例甲有限公司,示例县,\"6,000\"", "示例乙有限公司,,12", "示例丙有限公司,示例县,12"],
        header="企业名称,县（市、区）,营业收入（万元）",
    ),
    "firms without credit codes alike but for their regions' spelling": roster(
        ["示例甲有限公司,甲,甲县,12", "示例乙有限公司,甲,甲县 ,12"], header="企业名称,所属集群,地区,营业收入（万元）",
    ),
    "thousands separators in their places": roster([
        row(1, business='"1,234,567.8"', revenue='"1,234,567.80"', rd='"1,000"'), row(2, revenue='"123,456."')
    ]),
}  # fmt: skip


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
    assert tally_taken(path) or not _roster_fast.AVAILABLE
    assert tally_taken(path, python=True)


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
    "a row with a number but no name": roster([row(1), "5,,,,,,,,,,", row(2)]),
    "a row with no name and only a space elsewhere": roster([row(1), " ,,,,,,,,,,", row(2)]),
    "a totals row: 合计 in the name column": roster([row(1), row(2, name="合计", credit="")]),
    "a totals row: 合计 in the number column, no name": roster([row(1), row(2, name="", credit="").replace("2,", "合计,", 1)]),
    "a totals row: 总计": roster([row(1), row(2, name="总计", credit="")]),
    "a totals row: 小计 with spaces": roster([row(1), row(2, name=" 小计\u3000", credit="")]),
    "a totals row: 合 计": roster([row(1), row(2, name="合\u3000计", credit="")]),
    "a totals row: 本页合计": roster([row(1), row(2, name="本页合计", credit="")]),
    "a breakdown row: 其中": roster([row(1), row(2, name="其中：出口企业", credit="")]),
    "a breakdown row: 其 中": roster([row(1), row(2, name="其 中", credit="")]),
    "a filled cell beyond the header": roster([row(1), row(2) + ",备注"]),
    "a filled cell beyond the header, after empty ones": roster([row(1) + ",,,x", row(2)]),
    "a filled cell under an empty header cell at the end": roster([row(1) + ",x"], header=HEADER + ","),
    "19 nines: an amount beyond what the tally holds": roster(["示例甲有限公司,9999999999999.999999"], header="企业名称,营业收入（元）"),
    "a 19-digit amount beyond 10^18 元": roster(["示例甲有限公司,1234567890123456789"], header="企业名称,营业收入（元）"),
    "an amount with an exponent beyond any unit": roster([row(1, revenue="1e999999")]),
    "a field longer than csv's limit": roster([row(1, name="长" * 50_000)]),
    "主营业务收入 above 营业收入": roster([row(1), row(2, business="4507.000001")]),
    "主营业务收入 above 营业收入, in other units": roster(
        ["示例甲有限公司,0.5亿元,4999"], header="企业名称,主营业务收入,营业收入（万元）"
    ),
    "a row repeated, without credit codes": roster([row(1, credit=""), row(2), row(1, credit="")]),
    "a row repeated, its cells spaced otherwise": roster([row(1, credit=""), row(1, credit="", cluster=" 甲 ")]),
    "a row repeated, one giving the region and one not": roster(
        ["示例甲有限公司,甲,甲县,12", "示例甲有限公司,甲,,12"], header="企业名称,所属集群,地区,营业收入（万元）",
    ),
    "two regions in one cluster": roster(
        ["示例甲有限公司,甲,甲县,12", "示例乙有限公司,乙,乙县,12", "示例丙有限公司,甲,乙县,12"],
        header="企业名称,所属集群,地区,营业收入（万元）",
    ),
    "a region holding a character that shows as nothing": roster(
        ["示例甲有限公司,甲,甲县,12", "示例乙有限公司,甲,甲\u200b县,12"], header="企业名称,所属集群,地区,营业收入（万元）",
    ),
    "a line break in a region": roster(['示例甲有限公司,甲,"甲\n县",12'], header="企业名称,所属集群,地区,营业收入（万元）"),
    **{
        f"a control character in a name: U+{ord(c):04X}": roster([row(1), row(2, name=f"示例{c}有限公司")])
        for c in "\t\x01\x08\x0b\x0c\x1b\x1f\x7f\x80\x85\x9f"
    },
    **{
        f"a separator out of place: {cell}": roster([row(1), row(2, revenue=f'"{cell}"')])
        for cell in ["1,5", "3100,5", "1.234,5", "6,20,00", "62 000", "1,234,5678", ",123", "1,234.5,6",
                     "1_000", "1,2345万元", "1，5", "12,34"]
    },
    **{
        f"a totals row spelt {name!r}": roster([row(1), row(2, name=name, credit="")])
        for name in ["合计：", "合计数", "总计（万元）", "小计:", "Total", "TOTAL", "Grand Total", "Sub-total",
                     "sum", "合计(万元)", "本页合计：", "[合计]", "合计：12家", "合计（含税）", "ＴＯＴＡＬ", "Ｓｕｂ－ｔｏｔａｌ"]
    },
}  # fmt: skip


@pytest.mark.parametrize("case", GIVE_UP_CASES)
def test_tally_gives_up_where_the_row_reader_reports(put: Write, case: str) -> None:
    path = put("名册.csv", GIVE_UP_CASES[case].encode("utf-8"))
    same_both_ways(path)
    assert not (_roster_fast.AVAILABLE and tally_taken(path))


def test_a_roster_without_firms_is_an_error_either_way(put: Write) -> None:
    path = put("名册.csv", roster([",,,,,,,,,,", ""]).encode("utf-8"))
    kind, message = same_both_ways(path)
    assert kind == "error"
    assert "no firms below the header row" in message
    assert tally_taken(path) or not _roster_fast.AVAILABLE
    assert tally_taken(path, python=True)


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
    "name": ["示例甲有限公司", " 示例乙公司 ", '"示例""丙"""', '"示例,丁"', "Acme Ltd", "\u3000示例戊\u3000",
             "示例会计师事务所", "Total Solutions Ltd", '"示例己\r\n有限公司"'],
    "cluster": ["甲", "乙", " 甲", "丙\u3000"],
    "money": ['"4,437.1"', "4507", "54.08", "5000", "5000.000001", "0", "", "1.2亿元", ".5",
              '"40,000.5"', "40000", "3e2", '"50,000,000"', '"1,234,567.8"'],
    "employees": ["833", "1000", "999", "", "300人", "0012", '"1,200"'],
    "size": ["小型", "大型", "", "medium", "LARGE", " 微型 "],
    "flag": ["是", "否", "", "Y", "no", "TRUE"],
    "region": ["{}县", "", " {}县\u3000", "{}县 "],
}  # fmt: skip
#: 营业收入 (万元) near the leaders' 5000万元, for firms without 主营业务收入.
NEAR_LEADER = ["4999.999999", "5000", "5000.000001", '"5,000.01"', "5000.5", "0.5亿元"]
INVALID = {
    "name": ["", "\u3000", "示例\t甲", "示例\x85乙", "合计：", "Total", "总计（万元）"],
    "cluster": [""],
    # 12,3: a row longer than the header
    "money": [
        "abc",
        "-3",
        "1.2.3",
        "0.00000001",
        "12,3",
        '"1,5"',
        '"62 000"',
        '"1.234,5"',
        "1_000",
    ],
    "employees": ["many", "1.5"],
    "size": ["特大"],
    "flag": ["也许"],
    "region": ["丁县", "Ｘ{}县"],
}


@st.composite
def rosters(draw: st.DrawFn, *, valid: bool) -> bytes:
    def cell(kind: str) -> str:
        choices = VALID[kind] if valid else VALID[kind] + INVALID[kind]
        return draw(st.sampled_from(choices))

    rows = []
    for n in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 9)) == 0:
            blank = ["", ",,,,,,,,,,"] + ([] if valid else ["7,,,,,,,,,,", ",,,合计,,,,,,,"])
            rows.append(draw(st.sampled_from(blank)))
            continue
        credit = draw(
            st.sampled_from([code(n), code(n).lower(), ""] + ([] if valid else [code(0)]))
        )
        # One firm in three has only 营业收入, near the leaders' threshold.
        proxied = draw(st.integers(0, 2)) == 0
        business = "" if proxied else cell("money")
        if proxied:
            revenue = draw(st.sampled_from(NEAR_LEADER))
        elif valid:  # 营业收入 at least 主营业务收入, of which it is a part
            revenue = draw(st.sampled_from([business, "", '"50,000,000"']))
        else:
            revenue = cell("money")
        cluster = cell("cluster")
        # a region following the cluster, as a province's roster gives it (丁县 and Ｘ…县 give
        # a cluster a second region, an error)
        region = cell("region").format(cluster.strip()) if valid or draw(st.booleans()) else ""
        rows.append(",".join([
            str(n), cell("name"), credit, cluster, business, revenue,
            cell("money"), cell("employees"), cell("size"), cell("flag"), cell("flag"), region,
        ]))  # fmt: skip
    # A header cell wrapped with Alt+Enter, within the cell or at its end.
    header = draw(st.sampled_from([HEADER, HEADER.replace("营业收入（万元）", '"营业收入\n（万元）"', 1),
                                   HEADER.replace("企业名称", '"企业名称\r\n"')])) + ",所在地区"  # fmt: skip
    text = roster(rows, header=header, newline=draw(st.sampled_from(["\r\n", "\n", "\r"])))
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=True))
def test_random_valid_rosters_are_read_by_the_tally_alike(put: Write, data: bytes) -> None:
    path = put("名册.csv", data)
    same_both_ways(path, list_smes=True)
    if same_both_ways(path)[0] == "ok":
        assert tally_taken(path) or not _roster_fast.AVAILABLE
        assert tally_taken(path, python=True)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=False))
def test_random_rosters_read_alike(put: Write, data: bytes) -> None:
    same_both_ways(put("名册.csv", data))


# The tally reads a file in pieces; where they are cut must never change what it gives.


def read_cut(path: Path, cuts: Iterable[int]) -> tuple[Outcome, bool]:
    """What reading the roster gives when the tally's first reads are ``cuts`` bytes long,
    and whether the tally read it without giving up."""
    taken: list[bool] = []
    original = _roster_fast.tally_csv

    def cut(*args: Any, **kwargs: Any) -> RosterRead | None:
        result = original(*args, cuts=cuts, **kwargs)
        taken.append(result is not None)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader, "tally_csv", cut)
        outcome = read(path, compiled=True)
    return outcome, taken == [True]


@needs_tally
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_every_single_cut_gives_the_row_readers_result(put: Write, encoding: str) -> None:
    """Cut once at every byte: inside each character, between CR and LF, inside quotes."""
    text = "名册,,\r\n" + roster([
        row(1, name='"示例,甲\r\n有限公司"', size="\u3000小型"), "", row(2, name='"示例""乙"""'),
        row(3, revenue="1.2亿元"),
    ])  # fmt: skip
    data = text.encode(encoding)
    path = put("名册.csv", data)
    expected = read(path, compiled=False)
    assert expected[0] == "ok"
    for at in range(1, len(data)):
        assert read_cut(path, [at]) == (expected, True), at


@needs_tally
def test_every_single_cut_of_a_header_spanning_lines_gives_the_row_readers_result(
    put: Write,
) -> None:
    """A title and a header whose cells hold line breaks, cut once at every byte: the tally
    passes over them by records however the reads fall, and reads the firms below."""
    header = HEADER.replace("企业名称", '"企业\r\n名称"').replace(
        "营业收入（万元）", '"营业收入（万元）\n"', 1
    )
    text = '"名册\r\n2015",,\r\n' + roster(
        [row(1, name='"示例,甲\r\n有限公司"'), "", row(2)], header=header
    )
    data = text.encode()
    path = put("名册.csv", data)
    expected = read(path, compiled=False)
    assert expected[0] == "ok"
    for at in range(1, len(data)):
        assert read_cut(path, [at]) == (expected, True), at


@needs_tally
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=False), cuts=st.lists(st.integers(1, 24), min_size=1, max_size=200))
def test_random_rosters_cut_anywhere_read_alike(put: Write, data: bytes, cuts: list[int]) -> None:
    path = put("名册.csv", data)
    expected = read(path, compiled=False)
    outcome, taken = read_cut(path, cuts)
    assert outcome == expected
    if taken:  # what the tally reads in pieces, it reads whole too
        assert tally_taken(path)


@needs_tally
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=True), cuts=st.lists(st.integers(1, 8), min_size=1, max_size=400))
def test_random_valid_rosters_cut_anywhere_are_read_by_the_tally(
    put: Write, data: bytes, cuts: list[int]
) -> None:
    path = put("名册.csv", data)
    expected = read(path, compiled=False)
    outcome, taken = read_cut(path, cuts)
    assert outcome == expected
    assert taken or expected[0] == "error"


# Read on two threads: once enough bytes wait, the compiled tally cuts them in two at a line
# end outside quotes near their middle and reads both halves at once. With the split lowered
# to one byte, every read of a small file is cut so; what it gives must never change.


def read_halves(
    path: Path, *, list_smes: bool = False, cuts: Iterable[int] = ()
) -> tuple[Outcome, int]:
    """What the compiled tally gives with every read cut in two (after ``cuts``), and how many
    reads it cut in two (0 when it gave up before any)."""
    halves: list[int] = []
    made = _roster_fast._new_tally
    original = _roster_fast.tally_csv

    def spied(*args: Any, **kwargs: Any) -> Any:
        tally = made(*args, **kwargs)
        halves.append(0)
        tallies.append(tally)
        return tally

    def cut(*args: Any, **kwargs: Any) -> RosterRead | None:
        return original(*args, cuts=cuts, **kwargs)

    tallies: list[Any] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_fast, "_SPLIT", 1)
        patch.setattr(_roster_fast, "_new_tally", spied)
        patch.setattr(reader, "tally_csv", cut)
        outcome = read(path, compiled=True, list_smes=list_smes)
    return outcome, sum(t.halves for t in tallies)


def halves_taken(path: Path) -> bool:
    """Whether the compiled tally, every read cut in two, read the whole file itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_fast, "_SPLIT", 1)
        return tally_taken(path)


@needs_tally
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("case", PLAIN_CASES)
def test_plain_files_read_in_halves_as_the_row_reader_does(
    put: Write, case: str, encoding: str
) -> None:
    text = PLAIN_CASES[case]
    if encoding == "gbk":
        text = text.replace("\xa0", " ")
    path = put("名册.csv", text.encode(encoding))
    for list_smes in (False, True):
        outcome, _ = read_halves(path, list_smes=list_smes)
        assert outcome == read(path, compiled=False, list_smes=list_smes)
    assert halves_taken(path)


@needs_tally
@pytest.mark.parametrize("case", GIVE_UP_CASES)
def test_files_read_in_halves_give_up_where_the_row_reader_reports(put: Write, case: str) -> None:
    path = put("名册.csv", GIVE_UP_CASES[case].encode("utf-8"))
    assert read_halves(path)[0] == read(path, compiled=False)
    assert not halves_taken(path)


def halves_roster(first: list[str], second: list[str]) -> str:
    """A roster whose firms ``first`` fill the first half of the bytes below the header and
    ``second`` the rest: the title and header are read alone, the rows in one read cut in two
    at the first line end at or past their middle."""
    header = "名册\n" + HEADER
    size = len("\n".join(first).encode()) + 1
    rest = len("\n".join(second).encode()) + 1
    pad = [row(900 + i, cluster="填") for i in range(max(0, (rest - size) // 120 + 2))]
    return roster([*pad, *first, *second], header=header, newline="\n")


@needs_tally
@pytest.mark.parametrize(
    "rows",
    [
        # a cluster in both halves, leaders and blank rows in both, firms lacking figures
        # past the names shown in both
        [
            row(1),
            row(2, business='"6,000"', revenue='"6,000"'),
            "",
            *(row(10 + i, revenue="", business="", cluster="乙") for i in range(15)),
            row(3, business='"7,000"', revenue='"7,000"'),
            ",,,,,,,,,,",
            *(row(40 + i, revenue="", business="", cluster="乙") for i in range(15)),
            row(4, cluster="丙"),
        ],
        # a cluster first met at the end of the first half, another at the start of the second
        [
            *(row(i) for i in range(20)),
            row(20, cluster="丁"),
            row(21, cluster="戊"),
            *(row(30 + i, cluster="己") for i in range(20)),
        ],
        # proxied firms on either side of the thresholds, SMEs and large firms
        [
            row(i, business="", revenue=r, size=s)
            for i, (r, s) in enumerate(
                [(r, s) for r in NEAR_LEADER for s in ("小型", "大型", "")] * 3
            )
        ],
    ],
    ids=["both halves", "clusters met in order", "proxied"],
)
def test_firms_of_both_halves_are_put_back_in_file_order(put: Write, rows: list[str]) -> None:
    for at in range(1, len(rows)):
        path = put("名册.csv", halves_roster(rows[:at], rows[at:]).encode())
        expected = read(path, compiled=False, list_smes=True)
        assert expected[0] == "ok"
        outcome, halves = read_halves(path, list_smes=True)
        assert outcome == expected, at
        assert halves > 0


@needs_tally
def test_clusters_met_in_the_second_half_first_are_still_ordered_by_the_file() -> None:
    """The second half's thread may ask about a new cluster before the first half's does: the
    clusters still come in the order of their first firms in the file."""
    from clustercheck.read import _ctally

    met: list[str] = []

    def convert(kind: int, text: bytes) -> int:
        name = text.decode()
        if kind == _ctally.CLUSTER and name not in met:
            met.append(name)
        return met.index(name) if kind == _ctally.CLUSTER else 0

    tally = cluster_tally(convert, split=1)
    # 甲 well into the first half (cut at 15/32 of the bytes), 乙 soon after the cut
    first = [f"示例{i},丙" for i in range(4400)] + ["示例甲,甲"]
    second = [f"示例{i},丙" for i in range(4400, 4999)] + [f"示例{i},乙" for i in range(5001)]
    assert tally.feed(("企业名称,所属集群\n" + "\n".join(first + second) + "\n").encode(), True)
    assert tally.halves == 1
    clusters = tally.clusters()
    assert [met[i] for i in tally.order()] == ["丙", "甲", "乙"]
    assert [c[0] for c in clusters] == [4999, 1, 5001]


@needs_tally
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ([row(1), row(2)], [row(3), row(1)]),  # a credit code given again in the second half
        ([row(1), row(2, revenue="约5000")], [row(3), row(4, rd="-5")]),  # an error in each half
        ([row(1), row(2)], [row(3), row(4, rd="-5")]),  # an error in the second half only
        ([row(1, name="合计", credit="")], [row(3), row(4, size="特大")]),
        ([row(1, credit=""), row(2)], [row(1, credit="")]),  # a row given twice, no credit code
        (["示例甲有限公司,甲,甲县,12"], ["示例乙有限公司,甲,乙县,12"]),  # two regions in one cluster
    ],
    ids=["a code twice", "errors in each half", "an error in the second", "a totals row first",
         "a row twice", "two regions"],
)  # fmt: skip
def test_problems_across_the_halves_give_the_row_readers_first_error(
    put: Write, first: list[str], second: list[str]
) -> None:
    text = halves_roster(first, second)
    if "甲县" in first[0]:
        header = "名册\n企业名称,所属集群,地区,营业收入（万元）"
        text = roster([f"示例{900 + i}有限公司,填,填县,1" for i in range(3)] + first + second, header=header, newline="\n")  # fmt: skip
    path = put("名册.csv", text.encode())
    expected = read(path, compiled=False)
    assert read_halves(path)[0] == expected
    assert not halves_taken(path)


@needs_tally
def test_a_quoted_line_break_at_the_middle_moves_the_cut(put: Write) -> None:
    """The line ends near the middle fall inside a quoted name: the cut moves past it, and
    the name is read whole."""
    name = '"示例' + "\n" * 40 + '有限公司"'
    for at in range(1, 12):
        rows = [row(i) for i in range(12)]
        rows[at] = row(at, name=name)
        path = put("名册.csv", roster(rows, newline="\n").encode())
        expected = read(path, compiled=False)
        assert expected[0] == "ok"
        assert read_halves(path)[0] == expected, at
        assert halves_taken(path), at


@needs_tally
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=True), cuts=st.lists(st.integers(1, 64), max_size=20))
def test_random_valid_rosters_read_in_halves_alike(
    put: Write, data: bytes, cuts: list[int]
) -> None:
    path = put("名册.csv", data)
    expected = read(path, compiled=False, list_smes=True)
    assert read_halves(path, list_smes=True, cuts=cuts)[0] == expected
    if read(path, compiled=False)[0] == "ok":
        assert halves_taken(path)


@needs_tally
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=False), cuts=st.lists(st.integers(1, 64), max_size=20))
def test_random_rosters_read_in_halves_alike(put: Write, data: bytes, cuts: list[int]) -> None:
    path = put("名册.csv", data)
    assert read_halves(path, cuts=cuts)[0] == read(path, compiled=False)


@needs_tally
def test_a_large_roster_is_read_in_halves_by_default(put: Write) -> None:
    """Some 5 MB of firms: read on two threads without any knob lowered, alike."""
    rows = [row(i, cluster=f"集群{i % 7}") for i in range(40_000)]
    path = put("名册.csv", roster(rows).encode())
    halves: list[int] = []
    made = _roster_fast._new_tally

    def spied(*args: Any, **kwargs: Any) -> Any:
        tally = made(*args, **kwargs)
        tallies.append(tally)
        return tally

    tallies: list[Any] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_fast, "_new_tally", spied)
        outcome = read(path, compiled=True)
    halves = [t.halves for t in tallies]
    assert halves == [1]
    assert outcome == read(path, compiled=False)


@pytest.mark.parametrize(
    "sequence",
    [
        b"\xe0\xa0\x80", b"\xe0\x80\x80", b"\xe0\x9f\xbf", b"\xed\x9f\xbf", b"\xed\xa0\x80",
        b"\xe1\x80\x80", b"\xec\xbf\xbf", b"\xee\x80\x80", b"\xef\xbf\xbf", b"\xe4\xb8",
        b"\xe4\xb8\x41", b"\xe4\x41\x80", b"\xf0\x90\x80\x80", b"\xf4\x90\x80\x80", b"\xc0\x80",
        b"\x80", b"\xe4\xb8\xad\xe4", b"\xf0\x9f\x98\x80\xe4\xb8\xad", b"\x00",
    ],
)  # fmt: skip
@pytest.mark.parametrize("where", ["name", "cluster"])
def test_bytes_around_three_byte_characters_are_checked_as_python_decodes_them(
    put: Write, sequence: bytes, where: str
) -> None:
    """Three-byte characters are checked a word at a time: E0 and ED, whose second byte is
    limited, a character cut short, bad continuation bytes, four-byte ones beside them."""
    rows = [row(i) for i in range(2000)]
    before, after = (b"\xe7\xa4\xba", b"\xe4\xbe\x8b") if where == "name" else (b"", b"")
    cell = ("名" if where == "name" else "甲").encode() + before + sequence + after
    line = row(2000, name="X", cluster="Y").encode()
    line = line.replace(b"X", cell) if where == "name" else line.replace(b"Y", cell)
    data = roster(rows).encode() + line + b"\r\n"
    path = put("名册.csv", data)
    expected = read(path, compiled=False)
    try:
        data.decode()
    except UnicodeDecodeError:
        assert expected[0] == "error"
    assert read(path, compiled=True) == expected
    if _roster_fast.AVAILABLE:
        assert read_halves(path)[0] == expected


@needs_tally
def test_python_is_asked_about_one_cell_at_a_time_by_the_two_threads() -> None:
    """convert() may let the GIL go midway (here it sleeps): the other half's thread must
    not enter it meanwhile, or two new clusters could be given one index."""
    import time

    from clustercheck.read import _ctally

    met: list[str] = []

    def convert(kind: int, text: bytes) -> int:
        name = text.decode()
        if kind != _ctally.CLUSTER:
            return 0
        if name not in met:
            index = len(met)
            time.sleep(0.0002)  # lets the GIL go
            met.insert(index, name)
        return met.index(name)

    tally = cluster_tally(convert, split=1)
    rows = [f"示例{i},集群{i % 300}" for i in range(3000)]
    assert tally.feed(("企业名称,所属集群\n" + "\n".join(rows) + "\n").encode(), True)
    assert tally.halves == 1
    clusters = tally.clusters()
    assert sorted(met) == sorted(f"集群{i}" for i in range(300))
    assert [met[i] for i in tally.order()] == [f"集群{i}" for i in range(300)]
    assert [c[0] for c in clusters] == [10] * 300


@needs_tally
def test_each_half_learns_the_words_the_other_was_told() -> None:
    """A cluster met by the first half of one read and the second half of the next is asked
    of Python once: after each read in halves, each learns what the other was told."""
    from clustercheck.read import _ctally

    met: list[str] = []
    asked: dict[str, int] = {}

    def convert(kind: int, text: bytes) -> int:
        name = text.decode()
        if kind != _ctally.CLUSTER:
            return 0
        asked[name] = asked.get(name, 0) + 1
        if name not in met:
            met.append(name)
        return met.index(name)

    tally = cluster_tally(convert, split=1)

    def rows(start: int, first: str, second: str) -> bytes:
        names = [first] * 94 + [second] * 106  # the cut falls after the 94th row (15/32)
        return "".join(f"示例{start + i:04d},集群{c}\n" for i, c in enumerate(names)).encode()

    assert tally.feed("企业名称,所属集群\n".encode(), False)
    assert tally.feed(rows(0, "甲", "乙"), False)
    assert tally.feed(rows(200, "乙", "甲"), True)
    assert tally.halves == 2
    assert asked == {"集群甲": 1, "集群乙": 1}
    assert [c[0] for c in tally.clusters()] == [200, 200]


NAME_LAST = "营业收入（万元）,企业名称"


def name_last_rows(count: int) -> bytes:
    """A UTF-8 roster of ``count`` firms, the name in the last column, LF line ends."""
    return roster(
        [f"{i},示例{i}号有限公司" for i in range(count)], header=NAME_LAST, newline="\n"
    ).encode()


@needs_tally
@pytest.mark.parametrize("bad", [b"7,\xe7\xa4\xba\xe4\n", b"7\xe4,\xe7\xa4\xba\n"])
def test_a_bad_byte_ending_a_piece_before_a_line_end_is_the_row_readers_error(
    put: Write, bad: bytes
) -> None:
    """E4 0A, the start of a character cut off by a line end, as the last bytes of a piece:
    the tally must check the E4 with the bytes after it, not count the row and drop it.
    More than the 64 KiB the encoding is told from comes first, all UTF-8."""
    good = name_last_rows(4000)
    assert len(good) > 65_536
    data = good + bad + "8,示例8号有限公司\n".encode()
    path = put("名册.csv", data)
    kind, message = same_both_ways(path)
    assert kind == "error"
    assert ": line 4002: bytes E4 are not UTF-8 text (invalid continuation byte)" in message
    assert read_cut(path, [data.index(bad) + bad.index(b"\xe4") + 2]) == ((kind, message), False)


@needs_tally
def test_a_bad_byte_at_the_end_of_the_first_mebibyte_is_the_row_readers_error(put: Write) -> None:
    """The same where the tally's first read ends: E4 0A as the last bytes of the first MiB."""
    head = name_last_rows(60_000)
    head = head[: head.rindex(b"\n", 0, (1 << 20) - 40) + 1]
    filler = (1 << 20) - len(head) - len(b"7,\xe4\n")
    data = head + b"7," + b"x" * filler + b"\xe4\n" + "8,示例8号有限公司\n".encode()
    assert data[(1 << 20) - 2 : 1 << 20] == b"\xe4\n"
    path = put("名册.csv", data)
    kind, message = same_both_ways(path)
    assert kind == "error"
    line = data[: data.index(b"\xe4\n")].count(b"\n") + 1
    assert f": line {line}: bytes E4 are not UTF-8 text (invalid continuation byte)" in message
    assert not tally_taken(path)


@needs_tally
@pytest.mark.parametrize("at", ["a name", "a cell after the last column"])
def test_an_unterminated_quote_gives_up_within_a_read(put: Write, at: str) -> None:
    """The tally gives up once a field outgrows csv's limit, not at the end of the file:
    here, the quote being in the bytes it waits for to read them in two halves at once (and
    cannot, every line end after it lying inside the quotes), after reading at most one piece
    past them, of a file eight pieces long."""
    rows = [row(i, business="4437.1", revenue="4507") for i in range(1, 90_000)]
    if at == "a name":
        rows[10] = row(10, name='"示例有限公司', business="4437.1", revenue="4507")
    else:
        rows[10] += ',"'
    data = roster(rows).encode()
    assert len(data) > 8 << 20
    path = put("名册.csv", data)
    pieces: list[int] = []
    original = _roster_fast._utf8

    def counted(*args: Any) -> Iterator[bytes]:
        for piece in original(*args):
            pieces.append(len(piece))
            yield piece

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_fast, "_utf8", counted)
        kind, message = read(path, compiled=True)
    assert len(pieces) <= (_roster_fast._SPLIT >> 20) + 1 < 8
    assert kind == "error"
    assert ": line 12: the quote that opens " in message


def name_tally_arguments(skip_lines: int) -> dict[str, Any]:
    """What a compiled tally of firm names only is made from, the header above ``skip_lines``."""
    from clustercheck.read import _ctally

    columns = [-1] * _ctally.KINDS
    columns[_ctally.NAME] = 0
    return {
        "columns": columns, "width": 1, "factors": [0, 0, 0], "convert": lambda kind, text: 0,
        "leader_tests": [], "revenue_limit": 0, "employee_limit": 0, "spaces": [],
        "skip_lines": skip_lines, "list_smes": False, "names_shown": 20, "split": 0,
    }  # fmt: skip


def cluster_tally(convert: Callable[[int, bytes], int], split: int) -> Any:
    """A compiled tally of firm names and their clusters (two columns below a header line),
    asking ``convert`` about each word, reading in halves past ``split`` bytes."""
    from clustercheck.read import _ctally

    columns = [-1] * _ctally.KINDS
    columns[_ctally.NAME], columns[_ctally.CLUSTER] = 0, 1
    arguments = {**name_tally_arguments(skip_lines=1), "columns": columns, "width": 2,
                 "convert": convert, "split": split}  # fmt: skip
    return _ctally.Tally(**arguments)


@needs_tally
def test_a_tally_is_made_whole_once_and_reads_one_file() -> None:
    from clustercheck.read import _ctally

    make: Any = _ctally.Tally
    with pytest.raises(TypeError):
        make.__new__(make)  # no half-made tally
    tally = make(**name_tally_arguments(skip_lines=1))
    with pytest.raises(ValueError, match="the tally has not read its whole file"):
        tally.clusters()
    assert tally.feed("企业名称\n示例甲\n".encode(), False)
    tally.__init__(**name_tally_arguments(skip_lines=5))  # changes nothing
    assert tally.feed("示例乙\n示例丙\n".encode(), True)
    assert tally.clusters()[0][0] == 3
    with pytest.raises(ValueError, match="the tally has already read the end of its file"):
        tally.feed(b"x\n", True)


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
        assert tally_taken(path) or not _roster_fast.AVAILABLE
        assert tally_taken(path, python=True)


@pytest.mark.parametrize(
    ("cell", "header"),
    [
        ("1e999999", "营业收入（万元）"),
        ("1e999999", "营业收入（元）"),
        ("1" + "0" * 70 + "亿元", "营业收入"),
        ("10000000000000001", "营业收入（元）"),
    ],
)
def test_amounts_past_the_bound_on_money_are_errors_naming_line_column_and_value(
    put: Write, cell: str, header: str
) -> None:
    path = put("名册.csv", roster(["示例乙有限公司,5亿元", f"示例甲有限公司,{cell}"], header=f"企业名称,{header}").encode())  # fmt: skip
    kind, message = same_both_ways(path)
    assert kind == "error"
    assert message.startswith(f"{path}: line 3, column {header}: ")
    assert "is above 10^16 元 (1亿亿元), the bound on money" in message


def test_amounts_with_more_decimal_places_than_a_figure_may_have_are_errors(put: Write) -> None:
    cell = "0." + "0" * 30 + "1"
    path = put("名册.csv", roster([f"示例甲有限公司,{cell}"], header="企业名称,营业收入（元）").encode())  # fmt: skip
    kind, message = same_both_ways(path)
    assert kind == "error"
    assert "has more than 30 digits or 30 decimal places" in message


def test_amounts_just_in_range_are_read(put: Write) -> None:
    path = put("名册.csv", roster(["示例甲有限公司,10000000000000000", "示例乙有限公司,0.000000000000001"], header="企业名称,营业收入（元）").encode())  # fmt: skip
    kind, result = same_both_ways(path)
    assert kind == "ok"
    assert "operating_revenue=Decimal('10000000000000000.000000000000001')" in result


@needs_tally
@pytest.mark.parametrize("gives_up", [False, True])
def test_the_header_search_and_both_readers_read_the_same_file(
    put: Write, tmp_path: Path, gives_up: bool
) -> None:
    """The roster replaced after its header was found: the file opened is read to the end,
    by the tally or, where it gives up, by the row reader reading on."""
    rows = [row(1), row(2, name="合计" if gives_up else None, credit="")]
    path = put("名册.csv", roster(rows).encode())
    expected = read(path, compiled=False)
    assert expected[0] == "ok"
    replacement = tmp_path / "新.csv"
    replacement.write_bytes(roster([row(3)], header="企业名称,营业收入（万元）").encode())
    original = _roster_fast.tally_csv
    taken: list[bool] = []

    def replaced_then_read(*args: Any, **kwargs: Any) -> RosterRead | None:
        replacement.replace(path)
        result = original(*args, **kwargs)
        taken.append(result is not None)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader, "tally_csv", replaced_then_read)
        assert read(path, compiled=True) == expected
    assert taken == [not gives_up]


# The Python tally counts a chunk of rows at a time, each column at once where its cells are
# plain; chunks cut anywhere must never change what it gives.


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rosters(valid=False), chunk=st.integers(1, 5))
def test_random_rosters_counted_in_chunks_of_any_size_read_alike(
    put: Write, data: bytes, chunk: int
) -> None:
    path = put("名册.csv", data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_python, "_CHUNK", chunk)
        assert read(path, compiled=False, python=True) == read(path, compiled=False)


@pytest.mark.parametrize(
    "amounts",
    [
        ['"4,437.10"', "12.50", "", "0.00"],  # the same places throughout, one cell empty
        ["4437.1", "12.50", "7"],  # places that differ: read cell by cell
        ["4437.", ".5", "123456789"],  # no digit after the point, or before it
        ["４４３７", "1.2亿元"],  # full-width digits, a unit in the cell
    ],
)
def test_a_column_of_amounts_is_read_alike_at_once_or_cell_by_cell(
    put: Write, amounts: list[str]
) -> None:
    rows = [row(i, business=a, revenue=a, rd=a) for i, a in enumerate(amounts)]
    path = put("名册.csv", roster(rows).encode())
    assert same_both_ways(path)[0] == "ok"
    assert tally_taken(path, python=True)


def test_credit_codes_checked_all_at_once_as_one_by_one() -> None:
    valid = [code(n) for n in range(40)]
    assert all_valid_credit_codes(valid)
    assert all_valid_credit_codes([])
    wrong_check = code(7)[:-1] + ("0" if code(7)[-1] != "0" else "1")
    for bad in [wrong_check, code(7).lower(), code(7)[:-1], code(7) + "0", "Ｏ" * 18,
                code(7)[:5] + "I" + code(7)[6:], ""]:  # fmt: skip
        assert not valid_credit_code(bad)
        assert not all_valid_credit_codes([*valid[:5], bad, *valid[5:]]), bad
    assert not all_valid_credit_codes([code(1)[:-1], code(2) + "0"])  # 17 + 19 characters


@pytest.mark.parametrize(
    ("employees", "refused"),
    [
        ("9999999999999999", False),
        ("10000000000000000", False),
        ("10000000000000001", True),
        ("1" + "0" * 63, True),
    ],
)
def test_a_head_count_past_the_bound_on_figures_is_an_error_by_every_reader(
    put: Write, employees: str, refused: bool
) -> None:
    """10^16 is the bound on any figure; a longer count in plain digits was read without it,
    and the row reader then failed on summing it."""
    path = put("名册.csv", roster([f"示例甲有限公司,{employees}"], header="企业名称,从业人员").encode())  # fmt: skip
    kind, message = same_both_ways(path)
    assert kind == ("error" if refused else "ok")
    if refused:
        assert message.startswith(f"{path}: line 2, column 从业人员: ")
        assert "is above 10^16, the bound on any figure" in message


@pytest.mark.parametrize(
    ("name", "tallied"),
    [
        ("SUMMIT有限公司", True),  # "sum" in any case, yet a firm's name
        ("ſum有限公司", True),  # a long s: no "sum" as str.lower takes it
        ("Ｔｏｔａｌ", False),  # letters typed full-width: a totals row
        ("合　计", False),  # a totals row
        ("其中：出口企业", False),  # a breakdown of a total
        ("其乐有限公司", True),  # 其 that begins no breakdown
    ],
)
def test_names_that_may_be_a_totals_row_are_read_alike(
    put: Write, name: str, tallied: bool
) -> None:
    """The Python tally looks for what a totals row's name may hold in each chunk's names at
    once, then asks of each name as the row reader does: a firm's name is counted, a totals
    row or a breakdown is left to the row reader."""
    rows = [row(1), row(2, name=name), row(3)]
    path = put("名册.csv", roster(rows).encode())
    same_both_ways(path)
    assert tally_taken(path, python=True) is tallied


def test_leaders_by_either_revenue_are_listed_in_the_files_order(put: Write) -> None:
    """A downward leader test settles a firm without 主营业务收入 by its 营业收入; the
    Python tally finds such firms apart from those with 主营业务收入, and still lists a
    cluster's leaders in the file's order, as the row reader does."""
    rows = [
        row(1, business="", revenue="100"),  # by 营业收入: a leader at most 5000万元
        row(2, business="200", revenue="300"),  # by 主营业务收入
        row(3, business="", revenue="5000"),  # 营业收入 at the threshold: ≥ may hold
        row(4, business="", revenue="400"),
        row(5, business="5000", revenue="6000"),  # at the threshold
    ]
    path = put("名册.csv", roster(rows).encode())
    assert same_both_ways(path)[0] == "ok" and tally_taken(path, python=True)
    (cluster,) = read_roster(path, TESTS)
    at_most, at_least = cluster.figures.leaders[TESTS[2]], cluster.figures.leaders[TESTS[1]]
    assert at_most.certain == tuple(f"示例{n}号有限公司" for n in range(1, 6))
    assert at_most.proxied == ()
    assert (at_least.certain, at_least.proxied) == (("示例5号有限公司",), ("示例3号有限公司",))


@pytest.mark.parametrize("empty", [False, True])
def test_main_business_above_revenue_is_left_to_the_row_reader(put: Write, empty: bool) -> None:
    """主营业务收入 above 营业收入 is an error the row reader reports, whether the chunk's
    columns are all filled (compared at once) or not (compared firm by firm)."""
    rows = [row(1), row(2, business="900", revenue="800")]
    if empty:
        rows.append(row(3, business="", revenue=""))
    path = put("名册.csv", roster(rows).encode())
    assert same_both_ways(path)[0] == "error"
    assert not tally_taken(path, python=True)
