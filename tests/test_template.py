"""The fill-in workbook: what it asks for, and a filled one read back exactly as a TOML file."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.inputs import load_clusters
from clustercheck.read.cluster_file import read_data
from clustercheck.read.examples import examples_dir

EXAMPLES = examples_dir()
#: The filled example workbook, kept apart from the examples the demo reads without extras.
FORMS = EXAMPLES.parent / "example_forms"
ROUND_TRIP = [
    "illustrative-1-textiles.toml",
    "illustrative-2-food.toml",
    "illustrative-3-machinery.toml",
    "illustrative-4-furniture.toml",
]
ROSTER_FIELDS = [
    "name", "credit_code", "main_business_revenue", "operating_revenue", "rd_expense",
    "employees", "size", "in_main_industry", "related",
]  # fmt: skip


def template(tmp_path: Path, *args: str) -> Path:
    path = tmp_path / "申报表.xlsx"
    assert main(["template", *args, "-o", str(path)]) == 0
    return path


def rows_by_key(sheet: Any, column: int = 2) -> dict[str, int]:
    return {
        row[column - 1].value: row[0].row
        for row in sheet.iter_rows(min_row=2)
        if row[column - 1].value
    }


def flag(value: bool) -> str:
    return "是" if value else "否"


def fill(path: Path, data: dict[str, Any]) -> Path:
    """Fills the template with a cluster file's data, as a person would type it: money of a
    file with money_unit as numbers in the 万元 of the unit column, percentages as numbers
    in cells formatted as percentages, lists with 、."""
    book = openpyxl.load_workbook(path)
    declared = book["申报数据"]
    at = rows_by_key(declared)
    for key, value in [*data.items(), *data.get("declared", {}).items()]:
        if key not in at:
            continue
        cell = declared.cell(at[key], 3)
        if isinstance(value, list):
            cell.value = "、".join(value)
        elif isinstance(value, str) and value.endswith("%"):
            cell.value = float(Decimal(value[:-1]) / 100)  # typed 52%, stored 0.52
        else:
            cell.value = value
    findings = book["核查意见"]
    at = rows_by_key(findings)
    for key, value in data.get("attested", {}).items():
        findings.cell(at[key], 3).value = flag(value)
    roster = book["企业名册"]
    for number, firm in enumerate(data.get("enterprises", []), start=2):
        for column, field in enumerate(ROSTER_FIELDS, start=1):
            value = firm.get(field)
            if isinstance(value, bool):
                value = flag(value)
            roster.cell(number, column).value = value
    book.save(path)
    return path


def comparable(report: cc.Report) -> dict[str, Any]:
    return report.to_dict()


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_a_filled_template_gives_the_report_of_the_same_toml_file(
    tmp_path: Path, name: str
) -> None:
    toml = EXAMPLES / name
    filled = fill(template(tmp_path), read_data(toml))
    (from_toml,) = load_clusters([toml])
    (from_form,) = load_clusters([filled])
    # The same report, but that a finding of 否 names the file it was given in.
    assert comparable(cc.check(from_form)) == comparable(
        cc.check(attrs.evolve(from_toml, source=str(filled)))
    )
    assert cc.check(from_form).verdict == cc.check(from_toml).verdict


def test_check_and_review_read_a_filled_template_as_one_cluster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = fill(template(tmp_path), read_data(EXAMPLES / "illustrative-2-food.toml"))
    capsys.readouterr()
    assert main(["check", str(filled), "--format", "json"]) == 0
    (result,) = __import__("json").loads(capsys.readouterr().out)
    assert (result["cluster"], result["verdict"]) == ("示例县食品加工产业集群", "QUALIFIED")
    assert main(["review", str(filled), str(EXAMPLES / "illustrative-4-furniture.toml")]) == 0


def test_the_template_asks_only_for_what_the_packs_use(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template(tmp_path))
    assert book.sheetnames == ["申报数据", "核查意见", "企业名册"]  # 196号 needs no yearly figures
    declared = book["申报数据"]
    assert [c.value for c in declared[1]] == ["指标", "字段", "数值", "单位", "填写说明", "条款"]
    assert list(rows_by_key(declared)) == [
        "name", "region", "main_industry", "year", "id", "operating_revenue",
        "main_industry_revenue", "rd_expense", "leaders", "related_smes", "building_density",
        "investment_intensity", "clean_audit_required", "clean_audit_done", "service_functions",
    ]  # fmt: skip
    revenue = declared[rows_by_key(declared)["operating_revenue"]]
    assert [c.value for c in revenue[:4]] + [revenue[5].value] == [
        "营业收入", "operating_revenue", None, "万元", "三（三）、三（四）",
    ]  # fmt: skip
    assert declared.cell(rows_by_key(declared)["building_density"], 3).number_format == "0.00%"
    figures = [row for row in declared.iter_rows(min_row=2) if row[1].value]
    assert all(row[4].value for row in figures)  # every figure has a hint
    roster = book["企业名册"]
    assert [c.value for c in roster[1]] == [
        "企业名称", "统一社会信用代码", "主营业务收入(万元)", "营业收入(万元)", "研发投入(万元)",
        "从业人员", "企业规模", "是否主导产业", "是否关联",
    ]  # fmt: skip


def test_the_findings_sheet_offers_yes_and_no(tmp_path: Path) -> None:
    findings = openpyxl.load_workbook(template(tmp_path))["核查意见"]
    assert list(rows_by_key(findings)) == ["scope", "coordination", "plan", "policy", "service_functions", "service_platform"]  # fmt: skip
    (validation,) = findings.data_validations.dataValidation
    assert (validation.type, validation.formula1, str(validation.sqref)) == (
        "list",
        '"是,否"',
        "C2:C7",
    )


def test_a_national_template_has_yearly_figures_and_its_clauses(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template(tmp_path, "--rules", "henan-2014-196,miit-2022-119"))
    assert book.sheetnames == ["申报数据", "年度数据", "核查意见", "企业名册"]
    assert [c.value for c in book["年度数据"][1]] == [
        "年份", "产值(万元)", "中小企业产值(万元)", "主导产业产值(万元)", "中小企业研发经费(万元)",
    ]  # fmt: skip
    declared = book["申报数据"]
    area = declared[rows_by_key(declared)["area"]]
    assert (area[3].value, area[5].value) == ("平方公里", "miit-2022-119 一")


def test_yearly_figures_are_read_by_year(tmp_path: Path) -> None:
    path = template(tmp_path, "--rules", "miit-2022-119")
    book = openpyxl.load_workbook(path)
    declared = book["申报数据"]
    declared.cell(rows_by_key(declared)["name"], 3).value = "示例县装备产业集群"
    declared.cell(rows_by_key(declared)["year"], 3).value = 2022
    yearly = book["年度数据"]
    figures: list[tuple[int, int | str]] = [(2020, 400000), (2021, 450000), (2022, "55亿元")]
    for row, (year, output) in enumerate(figures, 2):
        yearly.cell(row, 1).value = year
        yearly.cell(row, 2).value = output
    book.save(path)
    (cluster,) = load_clusters([path], "miit-2022-119")
    assert [(y.year, y.output) for y in cluster.yearly] == [
        (2020, Decimal(4_000_000_000)), (2021, Decimal(4_500_000_000)), (2022, Decimal(5_500_000_000)),
    ]  # fmt: skip
    assert cc.check(cluster, cc.load_rules("miit-2022-119"))["output_3y"].status is cc.Status.PASS


def test_errors_in_a_filled_template_name_the_sheet_and_cell(tmp_path: Path) -> None:
    path = template(tmp_path)
    book = openpyxl.load_workbook(path)
    declared = book["申报数据"]
    at = rows_by_key(declared)
    declared.cell(at["name"], 3).value = "示例县集群"
    declared.cell(at["operating_revenue"], 3).value = "二十亿"
    declared.cell(at["main_industry_revenue"], 3).value = 300000
    declared.cell(at["rd_expense"], 3).value = 100
    declared.cell(at["rd_expense"], 4).value = "美元"
    declared.cell(at["leaders"], 3).value = 2.5
    findings = book["核查意见"]
    findings.cell(rows_by_key(findings)["plan"], 3).value = "有"
    book.save(path)
    with pytest.raises(cc.InputErrors) as caught:
        list(load_clusters([path]))
    assert [(e.place(), e.code) for e in caught.value.errors] == [
        ("申报数据!D9", "not_unit"),  # the unit, at its own cell
        ("核查意见!C4", "not_yes_no"),
        ("申报数据!C7", "not_money"),
        ("申报数据!C10", "not_whole"),
    ]
    assert (
        caught.value.errors[2].message("zh").startswith(f"{path}: 申报数据!C7: '二十亿' 不是金额")
    )


def test_a_template_without_a_name_says_which_cell_to_fill(tmp_path: Path) -> None:
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([template(tmp_path)]))
    assert (caught.value.place(), caught.value.problem) == (
        "申报数据!C2",
        "the cluster's name is empty; expected its name, such as 示例县纺织服装产业集群",
    )


def test_template_without_xlsxwriter_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    assert main(["template", "-o", str(tmp_path / "t.xlsx"), "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        "clustercheck: error: writing .xlsx files needs XlsxWriter: "
        "pip install 'clustercheck-cn[xlsx]'\n"
    )
    assert not (tmp_path / "t.xlsx").exists()


def test_an_unknown_key_in_the_form_is_an_error(tmp_path: Path) -> None:
    path = template(tmp_path)
    book = openpyxl.load_workbook(path)
    book["申报数据"].cell(2, 3).value = "示例县集群"
    book["申报数据"].cell(5, 2).value = "yaer"
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.place(), caught.value.code) == ("申报数据!B5", "form_unknown_key")


def test_the_roster_sheet_errors_name_their_cells(tmp_path: Path) -> None:
    path = template(tmp_path)
    book = openpyxl.load_workbook(path)
    book["申报数据"].cell(2, 3).value = "示例县集群"
    roster = book["企业名册"]
    roster.append(["甲有限公司", None, 6000, "-5"])
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert caught.value.place() == "企业名册!D2, column 营业收入(万元)"


def test_an_english_template_reads_back_too(tmp_path: Path) -> None:
    path = template(tmp_path, "--lang", "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Declared figures", "Findings", "Roster"]
    declared = book["Declared figures"]
    at = rows_by_key(declared)
    declared.cell(at["name"], 3).value = "Example cluster"
    declared.cell(at["operating_revenue"], 3).value = 200000
    book["Findings"].cell(2, 3).value = "yes"
    book.save(path)
    (cluster,) = load_clusters([path])
    assert cluster.declared.operating_revenue == Decimal(2_000_000_000)
    assert cluster.attested == {"scope": True}


def test_template_writes_only_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "-o", str(tmp_path / "申报表.csv"), "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        f"clustercheck: error: {tmp_path / '申报表.csv'}: the fill-in workbook is an Excel "
        "workbook; expected -o OUT ending in .xlsx\n"
    )


def test_the_bundled_filled_workbook_is_a_qualified_cluster() -> None:
    cluster = cc.load_cluster(FORMS / "illustrative-5-ceramics.xlsx")
    assert (cluster.name, cluster.year) == ("示例县陶瓷产业集群", 2015)
    assert cluster.declared.building_density == Decimal("0.55")
    assert cc.check(cluster).verdict is cc.Verdict.QUALIFIED


def test_the_demo_reads_only_the_cluster_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    assert "示例县陶瓷产业集群" not in capsys.readouterr().out


def test_load_cluster_refuses_a_workbook_that_is_not_a_form(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.save(tmp_path / "名册.xlsx")
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(tmp_path / "名册.xlsx")
    assert caught.value.problem == (
        "not a fill-in workbook: no sheet named Declared figures (or 申报数据) "
        "(clustercheck template writes one)"
    )
    assert caught.value.message("zh").endswith(
        "不是填报表格：没有名为 申报数据（或 Declared figures） 的工作表（用 clustercheck template 生成）"
    )


def test_an_unknown_column_of_yearly_figures_is_an_error(tmp_path: Path) -> None:
    path = template(tmp_path, "--rules", "miit-2022-119")
    book = openpyxl.load_workbook(path)
    book["申报数据"].cell(2, 3).value = "示例县集群"
    book["年度数据"].cell(1, 3).value = "利润(万元)"
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.place(), caught.value.code) == ("年度数据!C1", "form_unknown_column")


def test_a_declared_sheet_without_its_header_is_an_error(tmp_path: Path) -> None:
    path = template(tmp_path)
    book = openpyxl.load_workbook(path)
    book["申报数据"].delete_rows(1)
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.place(), caught.value.code) == ("申报数据!A1", "form_no_header")
    assert caught.value.problem == (
        "sheet 申报数据 has no header row; expected a column Key (or 字段) "
        "(as clustercheck template writes it)"
    )


def test_a_declared_sheet_without_its_value_column_is_an_error(tmp_path: Path) -> None:
    path = template(tmp_path)
    book = openpyxl.load_workbook(path)
    book["申报数据"].delete_cols(3)
    book.save(path)
    with pytest.raises(cc.InputError) as caught:
        list(load_clusters([path]))
    assert (caught.value.place(), caught.value.code) == ("申报数据!A1", "form_no_header")
    assert "expected a column Value (or 数值)" in caught.value.problem


def test_a_filled_workbook_saved_as_ods_gives_the_same_report() -> None:
    fixtures = Path(__file__).parent / "fixtures"
    from_ods = cc.load_cluster(fixtures / "filled-form.ods")
    from_xlsx = cc.load_cluster(FORMS / "illustrative-5-ceramics.xlsx")
    assert cc.check(from_ods).to_dict() == cc.check(from_xlsx).to_dict()


def test_a_filled_workbook_saved_as_xls_names_its_percentage_cells() -> None:
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(Path(__file__).parent / "fixtures" / "filled-form.xls")
    assert (caught.value.place(), caught.value.code) == ("申报数据!C12", "percent_format_unseen")


def test_every_template_sheet_prints_as_a_form(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template(tmp_path, "--rules", "henan-2014-196,miit-2022-119"))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr is not None
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddHeader is not None
        assert sheet.oddHeader.center.text == "&B产业集群申报表（henan-2014-196、miit-2022-119）"
        assert sheet.oddFooter is not None
        assert sheet.oddFooter.right.text == "第 &P 页，共 &N 页"
    declared = book["申报数据"]
    assert declared.page_setup.orientation == "landscape"
    # Rows as tall as their wrapped text: the service functions' long hint, two packs' clauses.
    at = rows_by_key(declared)
    height = declared.row_dimensions[at["service_functions"]].height
    assert height is not None and height >= 16 * 2
    assert declared.cell(at["operating_revenue"], 6).value == ("henan-2014-196 三（三）、三（四）")
    assert (declared.column_dimensions["F"].width or 0) >= 24  # two packs' clauses readable


def test_the_form_asks_who_filled_it_in_under_the_figures(tmp_path: Path) -> None:
    path = template(tmp_path)
    declared = openpyxl.load_workbook(path)["申报数据"]
    labels = [row[0].value for row in declared.iter_rows()]
    start = labels.index("填报信息")
    assert labels[start + 1 : start + 6] == ["填报单位", "联系人", "电话", "日期", "盖章"]
    merged = {str(r) for r in declared.merged_cells.ranges}
    for line in range(start + 2, start + 7):  # the key column (B) is part of the label
        assert {f"A{line}:B{line}", f"C{line}:E{line}"} <= merged
    date_row = start + 5
    (date,) = [
        v
        for v in declared.data_validations.dataValidation
        if str(v.sqref) == f"C{date_row}:E{date_row}"
    ]
    assert date.type == "date"
    # Filled in, these rows are not figures: the form still reads.
    book = openpyxl.load_workbook(path)
    sheet = book["申报数据"]
    sheet.cell(rows_by_key(sheet)["name"], 3).value = "示例县填报产业集群"
    sheet.cell(start + 2, 3).value = "示例县工业和信息化局"
    sheet.cell(start + 3, 3).value = "张三"
    book.save(path)
    (cluster,) = load_clusters([path])
    assert cluster.name == "示例县填报产业集群"


def test_the_english_form_is_titled_in_english_brackets(tmp_path: Path) -> None:
    path = template(tmp_path, "--lang", "en", "--rules", "henan-2014-196,miit-2022-119")
    sheet = openpyxl.load_workbook(path)["Declared figures"]
    assert sheet.oddHeader is not None
    assert sheet.oddHeader.center.text == (
        "&BCluster application form (henan-2014-196, miit-2022-119)"
    )


def test_labels_are_protected_and_only_input_cells_are_open(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template(tmp_path, "--rules", "miit-2022-119"))
    for name in ("申报数据", "年度数据", "核查意见"):
        sheet = book[name]
        assert sheet.protection.sheet is True
        assert sheet.protection.password is None  # protected against slips, not locked away
    declared = book["申报数据"]
    at = rows_by_key(declared)
    row = at["area"]
    assert declared.cell(row, 1).protection.locked is True  # the label
    assert declared.cell(row, 2).protection.locked is True  # the key
    assert declared.cell(row, 3).protection.locked is False  # the value
    assert book["企业名册"].protection.sheet is False  # an export is pasted in whole


def test_number_cells_accept_numbers_and_the_unit_is_a_list(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template(tmp_path))
    declared = book["申报数据"]
    at = rows_by_key(declared)
    rules = {str(v.sqref): v for v in declared.data_validations.dataValidation}
    revenue, leaders, density = (f"C{at[k]}" for k in ("operating_revenue", "leaders", "building_density"))  # fmt: skip
    assert (rules[revenue].type, rules[revenue].operator, rules[revenue].formula1) == (
        "decimal", "greaterThanOrEqual", "0"
    )  # fmt: skip
    assert rules[revenue].errorStyle == "warning"  # 23.5亿元 may still be typed
    assert (rules[leaders].type, rules[leaders].formula1) == ("whole", "0")
    assert rules[leaders].errorStyle in (None, "stop")
    assert (rules[density].type, rules[density].formula1, rules[density].formula2) == (
        "decimal", "0", "1"
    )  # fmt: skip  # a fraction: 52% is 0.52, and 52 (5200%) is refused
    assert rules[density].error is not None and "5200%" in rules[density].error
    unit = rules[f"D{at['operating_revenue']}"]
    assert (unit.type, unit.formula1) == ("list", '"元,万元,亿元"')
    assert declared.cell(at["operating_revenue"], 4).protection.locked is False
    assert declared.cell(at["leaders"], 4).protection.locked is True  # 家 is not a choice


def test_the_national_form_asks_the_reviewer_for_the_area_exception(tmp_path: Path) -> None:
    path = template(tmp_path, "--rules", "miit-2022-119")
    book = openpyxl.load_workbook(path)
    findings = book["核查意见"]
    at = rows_by_key(findings)
    assert "area_exception" in at
    assert (
        findings.cell(at["area_exception"], 1).value == "集群占地面积：超出一般要求的例外理由成立"
    )
    assert "area_exception = " not in str([c.value for row in findings.iter_rows() for c in row])
    yearly = book["年度数据"]
    hints = [c.text for c in (yearly.cell(1, n).comment for n in range(2, 6)) if c is not None]
    assert hints and all("列标题括号中" in h for h in hints)  # no unit column on this sheet
    assert not any("“单位”列" in h for h in hints)
    declared = book["申报数据"]
    declared.cell(rows_by_key(declared)["name"], 3).value = "示例县面积产业集群"
    declared.cell(rows_by_key(declared)["area"], 3).value = 120
    findings.cell(at["area_exception"], 3).value = "是"
    book.save(path)
    (cluster,) = load_clusters([path])
    assert cluster.attested == {"area_exception": True}
    area = cc.check(cluster, "miit-2022-119")["area"]
    assert area.status is cc.Status.PASS  # the exception found justified
