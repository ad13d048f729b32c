"""What real exports hold, read correctly or refused with the place named: totals rows,
broken CSV, mixed encodings, workbooks of several sheets, folders of other files, and names
that differ only in their Unicode forms."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import clustercheck as cc
from clustercheck.inputs import load_clusters
from clustercheck.model.credit import check_character
from clustercheck.model.roster import RosterFigures
from clustercheck.read import roster_fast as _roster_fast

Write = Callable[[str, str], Path]
HEADER = "企业名称,统一社会信用代码,主营业务收入（万元）,营业收入（万元）,是否主导产业"
FIRMS = [
    "甲有限公司,,150000,160000,是",
    "乙有限公司,,100000,110022,是",
    "丙有限公司,,100000,110000,是",
]


@pytest.fixture
def row_reader() -> Iterator[None]:
    """Reads CSV rosters row by row, as whenever the tallies give up on a file."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_fast, "AVAILABLE", False)
        patch.setattr(_roster_fast, "PYTHON", False)
        yield


def code(n: int) -> str:
    body = f"9141000000{n:07d}"
    return body + check_character(body)


def clusters(path: Path) -> list[cc.Cluster]:
    return list(load_clusters([path]))


def only(path: Path) -> cc.Cluster:
    (cluster,) = clusters(path)
    return cluster


def figures(path: Path) -> RosterFigures:
    roster = only(path).roster
    assert roster is not None
    return roster


def notes(cluster: cc.Cluster, lang: str = "zh") -> list[str]:
    assert cluster.roster is not None
    return [n.text(lang) for n in cluster.roster.remarks]


def errors_of(path: Path) -> list[cc.InputError]:
    with pytest.raises((cc.InputError, cc.InputErrors)) as caught:
        clusters(path)
    exc = caught.value
    return list(exc.errors) if isinstance(exc, cc.InputErrors) else [exc]


# 1. Totals rows


@pytest.mark.usefixtures("row_reader")
def test_totals_row_at_the_bottom_is_left_out_and_found_equal(write: Write) -> None:
    path = write("名册.csv", "\n".join([HEADER, *FIRMS, "合计,,350000,380022,"]))
    cluster = only(path)
    assert cluster.roster is not None
    assert cluster.roster.firms == 3
    assert cluster.roster.operating_revenue == Decimal("3800220000")  # 38.0022亿, not 76.0044亿
    assert cc.check(cluster)["leaders"].items == ("甲有限公司", "乙有限公司", "丙有限公司")
    assert notes(cluster) == [
        "名册.csv 第 5 行（企业名称“合计”）是合计行，未计为企业；"
        "其主营业务收入（万元）、营业收入（万元）等于第 2–4 行 3 家企业之和"
    ]
    assert notes(cluster, "en") == [
        "名册.csv: line 5 (name “合计”) is a totals row and was not counted as a firm; its "
        "主营业务收入（万元）、营业收入（万元） equal the sum of the 3 firm(s) on line(s) 2–4"
    ]


@pytest.mark.usefixtures("row_reader")
def test_totals_row_that_differs_says_by_how_much_per_column(write: Write) -> None:
    path = write("名册.csv", "\n".join([HEADER, *FIRMS, "合 计,,350000,380000,"]))
    assert figures(path).operating_revenue == Decimal("3800220000")
    assert notes(only(path)) == [
        "名册.csv 第 5 行（企业名称“合 计”）是合计行，未计为企业；与第 2–4 行 3 家企业之和不符"
        "（合计行 ≠ 企业之和）：主营业务收入（万元） 350000 = 350000；"
        "营业收入（万元） 380000 ≠ 380022 (-22)"
    ]


@pytest.mark.usefixtures("row_reader")
def test_row_without_name_or_code_but_with_figures_is_a_subtotal(write: Write) -> None:
    rows = [HEADER, *FIRMS[:2], ",,250000,270022,", FIRMS[2], "总计,,350000,380022,"]
    cluster = only(write("名册.csv", "\n".join(rows)))
    assert cluster.roster is not None
    assert cluster.roster.firms == 3
    assert notes(cluster, "en") == [
        "名册.csv: line 4 (name “”) is a totals row and was not counted as a firm; its "
        "主营业务收入（万元）、营业收入（万元） equal the sum of the 2 firm(s) on line(s) 2–3",
        "名册.csv: line 6 (name “总计”) is a totals row and was not counted as a firm; its "
        "主营业务收入（万元）、营业收入（万元） equal the sum of the 3 firm(s) on line(s) 2–5",
    ]


@pytest.mark.usefixtures("row_reader")
def test_subtotals_per_cluster_and_a_grand_total_in_a_province_file(write: Write) -> None:
    rows = [
        "集群,企业名称,营业收入（万元）",
        "甲县集群,A1,100",
        "乙县集群,B1,200",
        "甲县集群,A2,300",
        "甲县集群,小计,400",
        "乙县集群,小计,250",
        ",总计,600",
        ",其中：出口企业,300",
    ]
    jia, yi = clusters(write("省.csv", "\n".join(rows)))
    assert (jia.name, yi.name) == ("甲县集群", "乙县集群")
    assert jia.roster is not None
    assert yi.roster is not None
    assert (jia.roster.operating_revenue, yi.roster.operating_revenue) == (
        Decimal(4_000_000),
        Decimal(2_000_000),
    )
    grand = [
        "省.csv 第 7 行（企业名称“总计”）是合计行，未计为企业；其营业收入（万元）等于第 2–4 行 3 家企业之和",
        "省.csv 第 8 行（企业名称“其中：出口企业”）是合计的分项行，未计为企业",
    ]
    assert notes(jia) == [
        "省.csv 第 5 行（企业名称“小计”）是合计行，未计为企业；其营业收入（万元）等于第 2–4 行 2 家企业之和",
        *grand,
    ]
    assert notes(yi) == [
        "省.csv 第 6 行（企业名称“小计”）是合计行，未计为企业；与第 3 行 1 家企业之和不符"
        "（合计行 ≠ 企业之和）：营业收入（万元） 250 ≠ 200 (+50)",
        *grand,
    ]


@pytest.mark.usefixtures("row_reader")
def test_totals_row_with_nothing_above_it_is_named(write: Write) -> None:
    cluster = only(write("名册.csv", "\n".join([HEADER, "合计,,,,", FIRMS[0]])))
    assert notes(cluster) == [
        "名册.csv 第 2 行（企业名称“合计”）是合计行，未计为企业；无从核对（其上没有企业，或其中没有数额）"
    ]


@pytest.mark.usefixtures("row_reader")
def test_a_firm_whose_name_ends_in_计_is_a_firm(write: Write) -> None:
    assert figures(write("名册.csv", f"{HEADER}\n示例建筑设计,,1,1,是\n")).firms == 1


@pytest.mark.usefixtures("row_reader")
def test_money_without_a_unit_in_the_header_is_compared_in_万元(write: Write) -> None:
    path = write("名册.csv", "企业名称,营业收入\n甲,1.2亿元\n乙,3000万元\n合计,1.6亿元\n")
    assert notes(only(path)) == [
        "名册.csv 第 4 行（企业名称“合计”）是合计行，未计为企业；与第 2–3 行 2 家企业之和不符"
        "（合计行 ≠ 企业之和）：营业收入 16000万元 ≠ 15000万元 (+1000万元)"
    ]


def test_totals_row_in_a_workbook_is_named_by_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业名册"
    rows: list[list[object]] = [
        ["企业名称", "营业收入（万元）"],
        ["甲", 100],
        ["乙", 200],
        ["合计", 300],
    ]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "名册.xlsx"
    book.save(path)
    cluster = only(path)
    assert cluster.roster is not None
    assert cluster.roster.operating_revenue == Decimal(3_000_000)
    assert notes(cluster) == [
        "[名册.xlsx]企业名册 第 4 行（企业名称“合计”）是合计行，未计为企业；"
        "其营业收入（万元）等于第 2–3 行 2 家企业之和"
    ]


# 2. Malformed CSV


@pytest.mark.usefixtures("row_reader")
def test_unterminated_quote_names_the_line_it_opens_on(write: Write) -> None:
    rows = [HEADER, FIRMS[0], '"乙有限公司,,100000,110022,是', *FIRMS[2:], "丁有限公司,,1,1,是"]
    (error,) = errors_of(write("名册.csv", "\n".join(rows) + "\n"))
    assert error.where == "line 3"
    assert error.problem.startswith(
        "the quote that opens '乙有限公司,,100000,110022' is never closed"
    )
    assert 'expected a closing quote (")' in error.problem


@pytest.mark.usefixtures("row_reader")
def test_unterminated_quote_longer_than_a_cell_may_be(write: Write) -> None:
    rows = [
        HEADER,
        FIRMS[0],
        '乙有限公司,"',
        *[f"示例{i}号有限公司,,1,1,是" for i in range(20_000)],
    ]
    (error,) = errors_of(write("名册.csv", "\n".join(rows)))
    assert error.where == "line 3"
    assert "never closed" in error.problem


@pytest.mark.usefixtures("row_reader")
def test_quoted_line_breaks_are_read_and_rows_named_by_their_first_line(write: Write) -> None:
    rows = [HEADER, '"甲有限\n公司",,x,1,是', FIRMS[1], '"丙有限\r\n公司",,1,1,是']
    (error,) = errors_of(write("名册.csv", "\n".join(rows)))
    assert error.where == "line 2, column 主营业务收入（万元）"
    path = write(
        "好.csv", "\n".join([HEADER, '"甲有限\n公司",,1,1,是', '"丙有限\r\n公司",,1,1,是'])
    )
    assert figures(path).firms == 2


@pytest.mark.usefixtures("row_reader")
def test_row_longer_than_its_header_is_refused(write: Write) -> None:
    text = "企业名称,企业规模,是否主导产业,营业收入（万元）\n甲公司,中型,是,1,234\n"
    (error,) = errors_of(write("名册.csv", text))
    assert error.where == "line 2, column 5"
    assert error.problem == (
        "'234' is right of the header's last column (4 columns); expected no value there: "
        'quote an amount with a comma ("1,234"), or give the column a header'
    )


@pytest.mark.usefixtures("row_reader")
def test_trailing_empty_cells_are_fine(write: Write) -> None:
    text = "企业名称,营业收入（万元）,,\n甲公司,1,,,,\n乙公司,2, ,\n"
    assert figures(write("名册.csv", text)).operating_revenue == Decimal(30_000)


# 3. Encodings


def test_a_line_in_another_encoding_is_named_as_an_editor_numbers_it(
    tmp_path: Path,
) -> None:
    lines = ["企业名称,营业收入（万元）"]
    lines += [
        '"示例县第' + str(i) + '号纺织\n有限公司",1' if i == 10 else f"示例县第{i}号纺织有限公司,1"
        for i in range(2, 5001)
    ]
    data = ("\n".join(lines) + "\n").encode()
    data = data.replace("示例县第3002号".encode(), "示例县".encode() + "第3002号".encode("gbk"))
    path = tmp_path / "名册.csv"
    path.write_bytes(data)
    (error,) = errors_of(path)
    assert error.where == "line 3003"  # line 10 holds a line break: 3002 records, 3003 lines
    assert error.problem == (
        "bytes B5 DA are not UTF-8 text (invalid start byte); expected the whole file in one "
        "encoding: UTF-8 or GBK"
    )


# 4. Workbooks


def workbook(
    tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "名册.xlsx"
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


ROSTER_HEAD: list[object] = ["企业名称", "统一社会信用代码", "营业收入（万元）"]


def test_every_sheet_with_a_roster_header_is_read_and_others_named(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        {
            "填表说明": [["请按下表填写"], ["金额单位：万元"]],
            "名册一": [
                ["示例县企业名册"],
                ROSTER_HEAD,
                ["甲", code(1), 100],
                ["乙", code(2), "200"],
            ],
            "名册二": [
                ROSTER_HEAD,
                ["丙", code(3), 300],
                [None, None, None],
                ["丁", code(4), 5000],
            ],
        },
    )
    cluster = only(path)
    assert cluster.name == "名册"
    assert cluster.roster is not None
    assert cluster.roster.firms == 4
    assert cluster.roster.operating_revenue == Decimal(56_000_000)
    assert notes(cluster) == [
        "企业名册 [名册.xlsx]名册一 开头 1 行是标题等，不是企业，未计入",
        "[名册.xlsx]名册二 中 1 个空行已跳过（第 3 行）",
        "名册.xlsx 中以下工作表前 30 行内没有名册表头（企业名称等列），未读取：填表说明",
    ]


def test_the_same_firm_on_two_sheets_is_found(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        {
            "Sheet 1": [ROSTER_HEAD, ["甲", code(1), 100]],
            "名册二": [ROSTER_HEAD, ["甲", code(1), 100]],
        },
    )
    (error,) = errors_of(path)
    assert error.where == "名册二!B2, column 统一社会信用代码"
    assert (
        error.problem
        == f"{code(1)} already appears at 'Sheet 1'!B2 in 名册; expected each firm once"
    )


def test_a_formula_without_a_saved_value_is_an_error_naming_its_cell(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["企业名称", "营业收入（万元）", "备注"],
        ["甲", 100, "=A2&A3"],
        ["乙", "=B2*2", None],
    ]
    (error,) = errors_of(workbook(tmp_path, {"企业名册": rows}))
    assert error.where == "企业名册!B3, column 营业收入（万元）"
    assert error.problem == (
        "the formula '=B2*2' has no saved value; expected a value: open the workbook in Excel "
        "or WPS and save it, so that the values of its formulas are saved with it"
    )


def test_a_workbook_without_any_roster_header_names_its_sheets(tmp_path: Path) -> None:
    (error,) = errors_of(workbook(tmp_path, {"说明": [["说明"]], "Sheet2": [["a", "b"]]}))
    assert error.problem.startswith(
        "no header row in the first 30 rows of any worksheet (说明、Sheet2); expected a row with "
        "企业名称"
    )


# 6. Names


@pytest.mark.parametrize("how", ["compiled", "python", "rows"])
def test_cluster_names_equal_after_nfkc_are_one_cluster(write: Write, how: str) -> None:
    rows = [
        "集群,企业名称,营业收入（万元）",
        "Ａ县纺织产业集群,甲,1",
        "A县纺织产业集群 ,乙,2",
        "\u3000A县纺织产业集群,丙,3",
    ]
    path = write("省.csv", "\n".join(rows))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_roster_fast, "AVAILABLE", how == "compiled" and _roster_fast.AVAILABLE)
        patch.setattr(_roster_fast, "PYTHON", how == "python")
        (cluster,) = clusters(path)
    assert cluster.name == "A县纺织产业集群"
    assert cluster.roster is not None
    assert cluster.roster.firms == 3


@pytest.mark.usefixtures("row_reader")
def test_credit_codes_and_headers_are_compared_after_nfkc(write: Write) -> None:
    wide = code(1).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    text = f"ｎａｍｅ,ｃｒｅｄｉｔ_ｃｏｄｅ,营业收入（万元）\n甲,{code(1)},1\n乙,{wide},2\n"
    (error,) = errors_of(write("名册.csv", text))
    assert error.where == "line 3, column ｃｒｅｄｉｔ_ｃｏｄｅ"
    assert error.problem.startswith(f"{code(1)} already appears at line 2")


@pytest.mark.usefixtures("row_reader")
@pytest.mark.parametrize(
    ("row", "where", "problem"),
    [
        ("甲,示例\x00有限公司,1", "line 2, column 企业名称", "'示例\\x00有限公司' holds the control character U+0000"),
        ("甲,示例\t有限公司,1", "line 2, column 企业名称", "'示例\\t有限公司' holds the control character U+0009"),
        ("甲\x1b县,示例有限公司,1", "line 2, column 集群", "'甲\\x1b县' holds the control character U+001B"),
        ('"甲\n县",示例有限公司,1', "line 2, column 集群", "'甲\\n县' holds the control character U+000A"),
    ],
)  # fmt: skip
def test_control_characters_in_names_are_refused(
    write: Write, row: str, where: str, problem: str
) -> None:
    (error,) = errors_of(write("省.csv", f"集群,企业名称,营业收入（万元）\n{row}\n"))
    assert error.where == where
    assert (
        error.problem
        == f"{problem}; expected printable text (a stray character from a copy or a damaged export)"
    )


@pytest.mark.usefixtures("row_reader")
def test_tabs_around_a_name_and_line_breaks_in_a_firm_name_are_kept(write: Write) -> None:
    rows = ["集群,企业名称,营业收入（万元）", '\t甲县\t,"示例\n有限公司",1']
    (cluster,) = clusters(write("省.csv", "\n".join(rows)))
    assert cluster.name == "甲县"
