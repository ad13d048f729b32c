"""Every word a user sees, in Chinese (the default) and English."""

from __future__ import annotations

import re

LANGS = ("zh", "en")

#: Words of tables, headings and statuses: key → (Chinese, English).
WORDS: dict[str, tuple[str, str]] = {
    "error": ("错误", "error"),
    "warning": ("提示", "warning"),
    "PASS": ("符合", "pass"),
    "FAIL": ("不符合", "fail"),
    "UNKNOWN": ("未知", "unknown"),
    "INFO": ("参考", "info"),
    "QUALIFIED": ("符合", "qualified"),
    "NOT_QUALIFIED": ("不符合", "not qualified"),
    "INCOMPLETE": ("待补充", "incomplete"),
    "DECLARED": ("申报", "declared"),
    "ROSTER": ("名册", "roster"),
    "ATTESTED": ("认定", "attested"),
    "NONE": ("无", "none"),
    "clause": ("条款", "Clause"),
    "criterion": ("指标", "Criterion"),
    "requirement": ("要求", "Requirement"),
    "value": ("数值", "Value"),
    "margin": ("差额", "Margin"),
    "status": ("结论", "Status"),
    "source": ("来源", "Source"),
    "cluster": ("产业集群", "Cluster"),
    "region": ("地区", "Region"),
    "verdict": ("结论", "Verdict"),
    "rules": ("规则", "Rules"),
    "notes": ("说明", "Notes"),
    "warnings": ("提示", "Warnings"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "firms_counted": ("所计企业：{firms}", "firms counted: {firms}"),
    "legend": ("✓ 符合　✗ 不符合　? 未知（缺数据）　· 参考（不影响结论）",
               "✓ pass   ✗ fail   ? unknown (data missing)   · advisory (does not decide)"),
    "summary": ("共 {total} 个集群：符合 {qualified}，不符合 {not_qualified}，待补充 {incomplete}",
                "{total} {clusters}: {qualified} qualified, {not_qualified} not qualified, "
                "{incomplete} incomplete"),
    "id": ("编号", "ID"),
    "kind": ("类型", "Kind"),
    "tags": ("标签", "Tags"),
    "document": ("文号", "Document"),
    "jurisdiction": ("适用地区", "Jurisdiction"),
    "verdict_line": ("规则：{rules}    结论：**{verdict}**", "Rules: {rules}    Verdict: **{verdict}**"),
    "interval": ("复核周期：{every}（{clause} {wording}）",
                 "Re-verification: {every} ({clause} {wording})"),
    "years": ("{n} 年", "every {n} years"),
    "threshold": ("门槛", "threshold"),
    "attestation": ("认定", "attestation"),
    "advisory": ("参考", "advisory"),
    "of_functions": ("{n}/{total} 项", "{n} of {total}"),
    "pack": ("规则包", "Pack"),
    "band": ("收入分档", "Revenue band"),
    "target": ("目标数", "Target"),
    "qualified_count": ("符合条件的集群数", "Qualified clusters"),
    "no_band": ("符合条件但不入档", "Qualified, in no band"),
    "number": ("序号", "No."),
    "main_industry": ("主导产业", "Main industry"),
    "bands_title": (
        "{year}年目标分档（{clause}）",
        "Targets for {year} by revenue band ({clause})",
    ),
    "bands_note": (
        "各档互不重叠，“超”不含本数：营业收入恰为20亿元的集群符合条件，但不计入任何一档。",
        "The bands do not overlap and 超 is strict: a cluster of exactly 20 CNY 100 million qualifies "
        "but falls in no band.",
    ),
    "bands_sheet": ("目标分档", "Bands"),
    "review_sheet": ("评审汇总", "Review"),
    "opinion": ("评审意见", "Review opinion"),
    "reviewer": ("评审人", "Reviewer"),
    "date": ("日期", "Date"),
    "footer": (
        "规则包 {pack} · {document} · 生成日期 {date} · clustercheck",
        "Rule pack {pack} · {document} · generated {date} · clustercheck",
    ),
    "decision_RETAIN": ("保留", "retain"),
    "decision_DELIST": ("摘牌", "delist"),
    "decision_PENDING": ("待补充材料", "pending"),
    "decision": ("复核决定", "Decision"),
    "changed": ("结论有变化的条件", "Criteria that changed"),
    "figure_changes": ("数值变化", "Figures that moved"),
    "watch": ("临近门槛（{share}以内）", "Near the threshold (within {share})"),
    "no_data": ("无本轮数据", "no data this round"),
    "recorded_decision": ("本年已记录", "Recorded this year"),
    "nothing_recorded": (
        "{path} 中已有{year}年的复核记录，本次没有新内容，文件未改写",
        "{path} holds the {year} round already; nothing new, the file was not rewritten",
    ),
    "recheck_title": ("{year}年复核（{document}）", "Re-verification {year} ({document})"),
    "recheck_summary": (
        "应复核 {total} 个：保留 {retain}，摘牌 {delist}，待补充材料 {pending}",
        "{total} due: {retain} retain, {delist} delist, {pending} pending",
    ),
    "written": ("已写入 {path}", "Written {path}"),
    "recorded": ("已写入 {path}：本轮已记入认定名录", "Written {path}: this round is recorded in the registry"),
    "criteria_numbered": ("条件{first}-{last}", "Criteria {first}-{last}"),
    "cli_usage": ("用法：", "usage: "),
    "cli_positionals": ("位置参数", "positional arguments"),
    "cli_options": ("选项", "options"),
    "cli_help": ("显示本帮助并退出", "show this help message and exit"),
    "tally_in_use": ("CSV 名册汇总：已编译模块，在用", "compiled roster tally: in use"),
    "tally_not_built": (
        "CSV 名册汇总：未编译，用 Python 汇总，约慢 10 倍",
        "compiled roster tally: not built; CSV rosters are summed in Python, about 10 times slower"
    ),
    "lock_wait": (
        "另一次运行正在记入这个名册（锁文件 {lock}），等它写完……",
        "another run is recording into this registry (lock file {lock}); waiting for it…",
    ),
    "interrupted": (
        "已中断（文件要么完整写入，要么没有写）",
        "interrupted (files are written whole or not at all)"
    ),
    "compare_title": ("按多个规则包核查", "Checked against several rule packs"),
    "compare_sheet": ("规则包对照", "Packs"),
    "footer_packs": ("规则包 {packs} · 生成日期 {date} · clustercheck", "Rule packs {packs} · generated {date} · clustercheck"),
    "case": ("用例", "Case"),
    "case_mismatch": ("{criterion} 应为 {expected}，实为 {got}", "{criterion}: expected {expected}, got {got}"),
    "source_check": ("原文对照：引文逐字见于原文，每个条件句都有条件核查", "source text: every quotation in it, every condition sentence checked"),
    "cases_summary": ("共 {total} 个用例：通过 {passed}，未通过 {failed}", "{total} cases: {passed} passed, {failed} failed"),
    "progress": ("已读取 {n} 个集群", "{n} clusters read"),
    "progress_bytes": ("正在读取名册：{percent}%", "reading the roster: {percent}%"),
    "progress_sheets": ("正在写入工作簿：第 {n}/{total} 张工作表", "writing the workbook: sheet {n} of {total}"),
    "title": ("标题", "Title"),
    # The fill-in workbook: its sheets and columns.
    "template_written": ("已写入 {path}：填报表格，填好后用 clustercheck check {path} 核查", "Written {path}: the fill-in workbook; fill it in, then run clustercheck check {path}"),
    "form_declared": ("申报数据", "Declared figures"),
    "form_yearly": ("年度数据", "Yearly figures"),
    "form_findings": ("核查意见", "Findings"),
    "form_roster": ("企业名册", "Roster"),
    "form_figure": ("指标", "Figure"),
    "form_key": ("字段", "Key"),
    "form_unit": ("单位", "Unit"),
    "form_hint": ("填写说明", "How to fill in"),
    "form_condition": ("条件", "Condition"),
    "form_id": ("编号", "Id"),
    "form_finding": ("是否符合", "Met"),
    "form_wording": ("原文", "Wording"),
    "form_year": ("年份", "Year"),
    "form_year_hint": ("每行一年，填近三年，如 2013、2014、2015", "one row a year, the last three years, such as 2013, 2014, 2015"),
    "form_finding_hint": ("从下拉列表选择：是 / 否；未核实的留空", "choose from the list: yes / no; leave empty when not yet verified"),
    "form_roster_hint": ("可不填；填写时每行一家企业，金额单位为万元", "optional; one firm a row, money in 万元"),
    "form_sizes": ("大型,中型,小型,微型", "large,medium,small,micro"),
    "form_title": ("产业集群申报表", "Cluster application form"),
    "form_filled_by": ("填报信息", "Filled in by"),
    "form_unit_name": ("填报单位", "Organisation"),
    "form_contact": ("联系人", "Contact"),
    "form_phone": ("电话", "Telephone"),
    "form_seal": ("盖章", "Seal"),
    "form_yearly_hint": ("填数字，单位见列标题括号中，如 {header}（括号中的单位可改为 元、万元、亿元）",
                         "a number in the unit in the column's heading, such as {header} (the unit in brackets may be changed to 元, 万元 or 亿元)"),
    "form_expects_money": ("应填数字，单位在“单位”列选择（元、万元、亿元）；连单位填写（如 23.5亿元）也可，选“是”保留",
                           "expected a number, its unit chosen in the unit column (元, 万元, 亿元); a figure with its unit (such as 23.5亿元) is read too: choose Yes to keep it"),
    "form_expects_money_yearly": ("应填数字，单位见列标题括号中；连单位填写（如 23.5亿元）也可，选“是”保留",
                                  "expected a number in the unit of the column's heading; a figure with its unit (such as 23.5亿元) is read too: choose Yes to keep it"),
    "form_expects_count": ("应填不小于 0 的整数", "expected a whole number, 0 or more"),
    "form_expects_percent": ("应填百分数，如 52%（在 LibreOffice 中须连 % 一起输入：只输入 52 会存为 5200%）",
                             "expected a percentage such as 52% (in LibreOffice type the % too: 52 alone is stored as 5200%)"),
    "form_expects_intensity": ("应填不小于 0 的数字（万元/公顷）", "expected a number, 0 or more (万元 per hectare)"),
    "form_expects_area": ("应填不小于 0 的数字（平方公里）", "expected a number, 0 or more (square kilometres)"),
    "form_expects_year": ("应填年份，如 2015", "expected a year, such as 2015"),
    "reading": ("读法", "How it is read"),
    "more_details": ("另有 {count} 个集群的逐项结果未在此展开（只展开前 {shown} 个）；用 review.reports[i] 逐个查看",
                     "the criteria of {count} more clusters are not unfolded here (only the first {shown}); see review.reports[i]"),
    "batch_reports": ("batch[i] 给出第 i 个集群的逐项结果，batch.review() 给出评审汇总表",
                      "batch[i] is the report on the i-th cluster, batch.review() the review table"),
    "level_national": ("国家级", "National"),
    "level_provincial": ("省级", "Provincial"),
    "level_city": ("市级", "City"),
    "level_pack": ("{level}：{pack}", "{level}: {pack}"),
    "level_summary": ("{level}（{pack}）：{summary}", "{level} ({pack}): {summary}"),
    "list_separator": ("；", "; "),
    "item_separator": ("、", ", "),
    "failed": ("不符合的条件", "failed"),
    "unknown_criteria": ("缺数据的条件", "data missing"),
    "all_criteria": ("全部 {n} 项", "all {n}"),
    "attested_elsewhere": ("申报材料中另有其他规则包的认定意见（{names}），本规则包不采用，无需处理",
                           "the cluster's file also gives findings for other rule packs ({names}); this pack does not use them, nothing to do"),
    "pack_counts": ("各规则包核查结果", "Results per rule pack"),
    "pack_counts_sheet": ("结果计数", "Counts"),
    "level": ("级别", "Level"),
    "total": ("合计", "Total"),
    "page": ("第 &P 页，共 &N 页", "page &P of &N"),
    "date_expected": ("请填写日期，如 2026-12-01", "Enter a date, such as 2026-12-01"),
}  # fmt: skip

#: Units of figures as printed: unit → (Chinese, English). Chinese units follow the number
#: directly (``23.5亿元``); English ones after a space (``23.5 CNY 100 million``).
UNITS: dict[str, tuple[str, str]] = {
    "元": ("元", "CNY"),
    "千元": ("千元", "CNY 1,000"),
    "万元": ("万元", "CNY 10,000"),
    "万": ("万元", "CNY 10,000"),
    "亿元": ("亿元", "CNY 100 million"),
    "亿": ("亿元", "CNY 100 million"),
    "%": ("%", "%"),
    "家": ("家", "firms"),
    "项": ("项", "items"),
    "万元/公顷": ("万元/公顷", "CNY 10,000/ha"),
    "平方公里": ("平方公里", "km²"),
}


def unit_word(unit: str, lang: str = "zh") -> str:
    """How a unit is printed after a number in ``lang``: ``亿元`` or `` CNY 100 million``."""
    zh, en = UNITS.get(unit, (unit, unit))
    if lang != "en":
        return zh
    return en if en in ("", "%") else f" {en}"


#: Field names that notes mention.
FIELDS: dict[str, tuple[str, str]] = {
    "main_business_revenue": ("主营业务收入", "main-business revenue"),
    "operating_revenue": ("营业收入", "operating revenue"),
    "rd_expense": ("研发投入", "R&D input"),
    "in_main_industry": ("是否主导产业", "whether in the main industry"),
    "employees": ("从业人员", "employees"),
    "main_industry_revenue": ("主导产业营业收入", "main-industry revenue"),
    "clean_audit_required": ("应审核企业数", "firms required to audit"),
    "output": ("产值", "output value"),
    "sme_output": ("中小企业产值", "SME output value"),
    "main_industry_output": ("主导产业产值", "main-industry output value"),
    "sme_rd_expense": ("中小企业研发经费", "SME R&D spending"),
    "clean_audit_done": ("已审核企业数", "audits done"),
}

#: Note templates: code → (Chinese, English); arguments in braces.
NOTES: dict[str, tuple[str, str]] = {
    "threshold_changed": (
        "门槛已按假设分析改动；文件原文为：{original}",
        "threshold changed for a what-if; the document says: {original}",
    ),
    "not_due": (
        "{source}：{id}（{name}）{year}年不需复核，其数据未用",
        "{source}: {id} ({name}) is not due in {year}; its data was not used",
    ),
    "recheck_cycle": (
        "复核范围：按认定日期，认定满 {interval} 年整数倍的在册集群",
        "Clusters chosen: those still accredited whose accreditation lies a whole number of {interval}-year intervals back",
    ),
    "recheck_all": (
        "复核范围：全省统一复核，{year}年以前认定的全部在册集群",
        "Clusters chosen: a province-wide round of every cluster accredited before {year} and still accredited",
    ),
    "no_figure": (
        "无数据：既未申报，也无企业名册可计算",
        "no figure: neither declared nor derivable from a roster",
    ),
    "not_declared": (
        "无数据：未申报（此项须申报，企业名册不能计算）",
        "no figure: not declared (a roster cannot give it)",
    ),
    "no_yearly_figures": ("无数据：未填报各年数据", "no figure: no yearly figures given"),
    "not_attested": ("未提供认定材料", "not attested"),
    "general_exceeded": (
        "超出一般性要求，须说明例外理由：请评审人员认定例外是否成立（核查意见填是或否）",
        "exceeds the general rule, which needs a justified exception: the reviewer decides "
        "whether it is justified (yes or no in the findings)",
    ),
    "exception_granted": (
        "超出一般性要求，评审人员已认定例外成立",
        "exceeds the general rule; the reviewer found the exception justified",
    ),
    "exception_refused": (
        "超出一般性要求，评审人员认定例外不成立",
        "exceeds the general rule; the reviewer found no justified exception",
    ),
    "proxy_revenue": (
        "{firms} 无主营业务收入，按营业收入计（2019年起统计口径改为营业收入）",
        "{firms}: no main-business revenue, operating revenue used instead "
        "(statistics switched to operating revenue in 2019)",
    ),
    "proxy_leaders": (
        "{count} 家企业（名单中标 *）无主营业务收入，仅按营业收入达到龙头标准：{firms}；"
        "营业收入不低于主营业务收入，按其计数可能多计，不作确定的龙头，补充这些企业的主营业务收入即可确定",
        "{count} firm(s) (marked * in the list) have no main-business revenue and meet the "
        "leaders' test on operating revenue only: {firms}; operating revenue is at least "
        "main-business revenue, so they may be over-counted and are not taken as certain "
        "leaders; their main-business revenue would settle it",
    ),
    "count_between": (
        "按企业名册，实际家数在 {low} 至 {high} 家之间",
        "from the roster, the true count lies between {low} and {high}",
    ),
    "roster_differs": (
        "企业名册计得 {roster}，与申报数 {declared} 不一致；以申报数为准",
        "the roster gives {roster}, the declaration {declared}; the declared figure decides",
    ),
    "missing_field": (
        "{count} 家企业缺少{field}：{firms}",
        "{count} firm(s) lack {field}: {firms}",
    ),
    "lower_bound": (
        "部分企业数据缺失，数值为下限",
        "some firms' data are missing: the value is a lower bound",
    ),
    "size_undecided": (
        "{count} 家企业规模无法判定（未申报规模，且从业人员或营业收入不足以按工信部联企业〔2011〕300号判定）：{firms}",
        "{count} firm(s) of undecidable size (no declared size, and employees or revenue "
        "insufficient under the 2011 SME standard): {firms}",
    ),
    "rounded": (
        "显示值已四舍五入，判定按精确比值",
        "the value shown is rounded; the verdict uses the exact ratio",
    ),
    "audit_none_required": (
        "应审核的规模以上企业为0家，实施率无定义，请核实",
        "no firm is required to audit, so the rate is undefined: please verify",
    ),
    "functions_missing": ("尚缺：{functions}", "missing: {functions}"),
    "functions_unlisted": (
        "以下功能不在本文件所列之内，未计入：{functions}",
        "not among the functions this document lists, not counted: {functions}",
    ),
    "share_differs": (
        "申报比重 {declared} 与按申报金额计算的 {computed} 不一致；以申报比重为准",
        "the declared share {declared} differs from {computed} computed from the declared "
        "amounts; the declared share decides",
    ),
    "reported": (
        "公开资料：{wording}（{source}）。{why}，未用于判定",
        "public figure: {wording} ({source}). {why}; not used to decide",
    ),
    "reported_unused": (
        "公开资料“{wording}”对应的指标 {criterion} 不在本规则包中，未显示",
        "the public figure “{wording}” concerns {criterion}, which is not a criterion of this "
        "pack; not shown",
    ),
    "read_as_summary": (
        "{file}：表头是集群汇总表的表头（集群名称及申报指标，没有企业名称），按每行一个集群读取，共 {count} 个集群",
        "{file}: its header is a summary table's (a cluster name and declared figures, no firm name), so each row was read as one cluster: {count} clusters",
    ),
    "summary_totals_row": (
        "{file} 第 {line} 行（“{label}”）是合计行，不是集群，未读取",
        "{file}: line {line} (“{label}”) is a totals row, not a cluster, and was not read",
    ),
    "columns_unread": (
        "{file} 中以下列不是本工具读取的列，未使用：{columns}",
        "{file}: these columns are not ones clustercheck reads and were not used: {columns}",
    ),
    "rows_above_header": (
        "企业名册 {file} 开头 {count} 行是标题等，不是企业，未计入",
        "the roster {file}: its first {count} row(s) are titles and the like, not firms, and were not counted",
    ),
    "hidden_sheet_read": (
        "{file} 是隐藏的工作表，其中的企业已照常读取；如是不应计入的副本，请删去",
        "{file}: the worksheet is hidden in Excel and its firms were read as any others; "
        "delete it if it is a copy that should not count",
    ),
    "hidden_rows_read": (
        "{file} 中 {count} 个隐藏的行已照常读取（第 {lines} 行）",
        "{file}: {count} row(s) hidden in Excel were read as any others (lines {lines})",
    ),
    "shown_rounded": (
        "{file} 第 {line} 行（{label}）的主营业务收入 {value} 只凭第二位小数之后的数字决定是否为龙头企业，"
        "而工作簿显示时会四舍五入为 {shown}；已按存储的值读取，请核对该数字",
        "{file}: line {line} ({label}): 主营业务收入 {value} decides whether the firm is a "
        "leader only by its digits past the second decimal place, which the workbook shows "
        "rounded ({shown}); it was read as stored: check the figure",
    ),
    "blank_rows": (
        "{file} 中 {count} 个空行已跳过（第 {lines} 行）",
        "{file}: {count} empty row(s) skipped (lines {lines})",
    ),
    "totals_row": (
        "{file} 第 {line} 行（企业名称“{label}”）是合计行，未计为企业；无从核对（其上没有企业，或其中没有数额）",
        "{file}: line {line} (name “{label}”) is a totals row and was not counted as a firm; "
        "there is nothing to check it against (no firms above it, or no figures in it)",
    ),
    "totals_row_matches": (
        "{file} 第 {line} 行（企业名称“{label}”）是合计行，未计为企业；其{columns}等于第 {lines} 行 {count} 家企业之和",
        "{file}: line {line} (name “{label}”) is a totals row and was not counted as a firm; "
        "its {columns} equal the sum of the {count} firm(s) on line(s) {lines}",
    ),
    "totals_row_differs": (
        "{file} 第 {line} 行（企业名称“{label}”）是合计行，未计为企业；与第 {lines} 行 {count} 家企业之和不符（合计行 ≠ 企业之和）：{differences}",
        "{file}: line {line} (name “{label}”) is a totals row and was not counted as a firm; "
        "it does not equal the sum of the {count} firm(s) on line(s) {lines} (totals row ≠ "
        "sum of firms): {differences}",
    ),
    "part_row": (
        "{file} 第 {line} 行（企业名称“{label}”）是合计的分项行，未计为企业",
        "{file}: line {line} (name “{label}”) is a part of a total (其中) and was not counted "
        "as a firm",
    ),
    "sheets_unread": (
        "{file} 中以下工作表前 30 行内没有名册表头（企业名称等列），未读取：{sheets}",
        "{file}: these worksheets have no roster header (企业名称 and other columns) in their "
        "first 30 rows and were not read: {sheets}",
    ),
    "tally_missing": (
        "{file}（{size}）用 Python 汇总：未编译 CSV 名册汇总模块。有该模块时读取约快 10 倍：备好 C 编译器（Linux 上为 gcc 和 Python 头文件）后重新 pip install 即可",
        "{file} ({size}) is summed in Python: the compiled roster tally is not built. With it, "
        "reading is about 10 times faster: have a C compiler at hand (on Linux, gcc and the "
        "Python headers) and pip install again",
    ),
    "skipped_earlier_output": (
        "{file} 是 clustercheck 以前写出的核查结果，不是集群数据，未读取",
        "{file} is a result clustercheck wrote earlier, not a cluster's data; not read",
    ),
    "skipped_is_registry": (
        "{file} 是认定名录，不是集群数据，未读取",
        "{file} is a registry of accredited clusters, not a cluster's data; not read",
    ),
    "files_unread": (
        "{folder} 中 {count} 个文件不是本工具读取的格式（.toml、.json、.csv、.xlsx、.xls、.ods），未读取：{files}",
        "{folder}: {count} file(s) not in a format clustercheck reads (.toml, .json, .csv, "
        ".xlsx, .xls, .ods) were not read: {files}",
    ),
    "missing_years": (
        "缺少{field}：{years}年",
        "{field} missing for {years}",
    ),
    "each_year": ("各年：{values}", "each year: {values}"),
    "growth_from_zero": (
        "{field}首年为0，增速无定义",
        "{field} is 0 in the first year: growth is undefined",
    ),
    "growth_arithmetic": (
        "年均增速按算术平均计算（{years}各年增速的平均值）",
        "average annual growth as the arithmetic mean of the yearly rates ({years})",
    ),
    "growth_geometric": (
        "年均增速按水平法（几何平均）计算（{years}，{n}个间隔）：末年/首年 = {ratio}，与 (1+门槛)^{n} = {bound} 精确比较；显示的增速已四舍五入",
        "average annual growth, geometric (水平法) ({years}, {n} intervals): last/first = {ratio}, "
        "compared exactly with (1 + threshold)^{n} = {bound}; the rate shown is rounded",
    ),
    "growth_other_reading": (
        "按各年增速的算术平均计算为 {arithmetic}，会判为{other_zh}；本规则包按水平法（几何平均）计算为 {geometric}，以此判定",
        "the arithmetic mean of the yearly rates, {arithmetic}, would be judged {other_en}; the "
        "pack reads the rate as geometric (水平法), {geometric}, and decides on that",
    ),
    "branch": (
        "{mark} {label}：{value}（要求 {requirement}）",
        "{mark} {label_en}: {value} (required {requirement})",
    ),
    "pack_notice": ("{zh}", "{en}"),
    "declared_lower_bound": (
        "申报数是下限（实际 {value}），不是确数：能证明结论时据以判定，否则为未知",
        "the figure declared is a lower bound (the amount is {value}), not the amount: it decides "
        "where it proves the condition, and is unknown otherwise",
    ),
    "declared_upper_bound": (
        "申报数是上限（实际 {value}），不是确数：能证明结论时据以判定，否则为未知",
        "the figure declared is an upper bound (the amount is {value}), not the amount: it "
        "decides where it proves the condition, and is unknown otherwise",
    ),
    "growth_declared": (
        "申报的年均增速，按申报数判定（其算法未说明）",
        "the average annual growth as declared, which decides (its method is not stated)",
    ),
    "share_of_bounds": (
        "申报的金额中有上下限而非确数，比例无法算出",
        "some amounts declared are bounds, not amounts: the share cannot be computed",
    ),
    "functions_declared": (
        "申报已具备的功能 {count}/{total} 项：{functions}",
        "functions declared in place: {count} of {total}: {functions}",
    ),
    "source_unverified": (
        "规则包 {pack} 所据原文未能全部核实（见其原文文件 sources/{pack}.md）：结论须对照官方文本确认",
        "The text pack {pack} encodes could not be fully verified (see its source file "
        "sources/{pack}.md): confirm the verdict against the official text",
    ),
    "attested_no": (
        "评审人员的核查意见为“否”（见 {source}）",
        "the reviewer's finding is no (given in {source})",
    ),
    "leader_at_limit": (
        "{firms} 主营业务收入恰为 {value}，“超”不含本数，未计为龙头企业",
        "{firms}: main-business revenue of exactly {value}; 超 (over) is strict, so not "
        "counted as a leading firm",
    ),
    "attested_unused": (
        "attested.{key} 不是本规则包的认定项，未使用",
        "attested.{key} is not an attestation of this pack and was not used",
    ),
}


def word(key: str, lang: str = "zh", **args: object) -> str:
    """A word or phrase of the interface in ``lang``, with ``args`` filled in."""
    zh, en = WORDS[key]
    text = en if lang == "en" else zh
    return text.format(**args) if args else text


def with_aside(text: str, aside: str, lang: str = "zh") -> str:
    """``text`` with ``aside`` in brackets as ``lang`` writes them: ``文字（旁注）``, or
    ``text (aside)`` in English."""
    return f"{text} ({aside})" if lang == "en" else f"{text}（{aside}）"


def words_of(key: str) -> set[str]:
    """The word for ``key`` in every language: what a header or sheet name clustercheck
    wrote may say, whichever language it was written in."""
    return {word(key, lang) for lang in LANGS}


def field_name(key: str, lang: str = "zh") -> str:
    """A field's name as a reviewer knows it."""
    zh, en = FIELDS[key]
    return en if lang == "en" else zh


#: Note arguments that are figures with their unit (``18亿元``; ``2013: 12亿元、2014: …``).
_FIGURE_ARGS = frozenset({"roster", "declared", "computed", "values", "value", "requirement"})
#: Note arguments that are lists the rules join the Chinese way (``2013、2014``;
#: ``2013: 12亿元；2014: …``), and the punctuation they take in English.
_LIST_ARGS = frozenset({"years", "values"})
_LIST_PUNCTUATION = str.maketrans({"、": ", ", "；": "; "})
_UNIT_AFTER_NUMBER = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)(万元/公顷|亿元|万元|千元|元|家|项|平方公里)"
)


def figures_in(text: str, lang: str = "zh") -> str:
    """``text`` with the unit after each number in ``lang``: ``18亿元`` is
    ``18 CNY 100 million`` in English."""
    if lang != "en":
        return text
    return _UNIT_AFTER_NUMBER.sub(lambda m: m[1] + _counted(m[1], m[2], lang), text)


def _counted(number: str, unit: str, lang: str) -> str:
    """A unit after ``number``: one firm, not ``1 firms``."""
    shown = unit_word(unit, lang)
    return shown.removesuffix("s") if number == "1" and unit == "家" else shown


def note_text(code: str, args: dict[str, str], lang: str = "zh") -> str:
    """A note in ``lang``; field names and the units of figures are translated too."""
    zh, en = NOTES[code]
    template = en if lang == "en" else zh
    filled = {
        k: field_name(v, lang) if k == "field" else figures_in(v, lang) if k in _FIGURE_ARGS else v
        for k, v in args.items()
    }
    if lang == "en":
        filled = {
            k: v.translate(_LIST_PUNCTUATION) if k in _LIST_ARGS else v for k, v in filled.items()
        }
    return template.format(**filled)
