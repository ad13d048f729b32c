"""Error messages in Chinese and English, by code: what an error says is data, like a label.

Each template is filled with the error's arguments; ``{value!r}`` shows a value as Python
writes it, so a stray space or control character in a file can be seen.
"""

from __future__ import annotations

from collections.abc import Mapping


class Phrase(str):
    """A phrase that goes inside messages, such as what was expected: English as a string
    (so ``error.expected`` reads as text), with its Chinese beside it."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Phrase:
        phrase = super().__new__(cls, en)
        phrase.zh = zh
        return phrase

    def text(self, lang: str = "en") -> str:
        """The phrase in ``lang``."""
        return self.zh if lang == "zh" else str(self)


#: Where an error is: (Chinese, English).
PLACES: dict[str, tuple[str, str]] = {
    "line": ("第 {line} 行", "line {line}"),
    "line_column": ("第 {line} 行“{column}”列", "line {line}, column {column}"),
    "line_column_number": ("第 {line} 行第 {column} 列", "line {line}, column {column}"),
    "sheet": ("工作表“{sheet}”", "sheet {sheet}"),
    "cell_column": ("{cell}（“{column}”列）", "{cell}, column {column}"),
    "top": ("（顶层）", "(top level)"),
}

#: What went wrong, by stable code: (Chinese, English).
MESSAGES: dict[str, tuple[str, str]] = {
    "text": ("{text}", "{text}"),
    # Keys and types, for every file read through cattrs (cluster files, packs, registries).
    "unknown_keys": ("未知的键 {value}；应为以下之一：{expected}",
                     "unknown key(s) {value}; expected one of: {expected}"),
    "missing_key": ("缺少必需的键", "required key is missing"),
    "not_one_of": ("不是可选值之一；应为 {expected}", "not one of {expected}"),
    "wrong_type": ("类型不对；应为 {expected}（{detail}）", "expected {expected} ({detail})"),
    # Figures: money, shares, counts, areas, intensities, dates.
    "not_finite": ("{shown} 不是有限的数；应为{expected}", "{shown} is not a finite number; expected {expected}"),
    "money_over_bound": ("{shown} 超过金额上限 10^16 元（1亿亿元）；应为真实集群的数字，即{expected}",
                         "{shown} is above 10^16 元 (1亿亿元), the bound on money; expected a real cluster's figure, {expected}"),
    "over_bound": ("{shown} 超过任何数字的上限 10^16；应为{expected}", "{shown} is above 10^16, the bound on any figure; expected {expected}"),
    "too_many_digits": ("{shown} 超过 {digits} 位数字或 {digits} 位小数；应为{expected}",
                        "{shown} has more than {digits} digits or {digits} decimal places; expected {expected}"),
    "boolean_figure": ("{shown} 是布尔值；应为{expected}", "{shown} is a boolean; expected {expected}"),
    "wrong_python_type": ("{shown} 的类型是 {type}；应为{expected}", "{shown} is a {type}; expected {expected}"),
    "negative": ("{shown} 是负数；应为{expected}", "{shown} is negative; expected {expected}"),
    "bare_money": ('{shown} 是不带单位的数字，而文件没有设 money_unit；应为{expected}，或在文件开头写 money_unit = "万元"',
                   '{shown} is a bare number but the file sets no money_unit; expected {expected}, or set money_unit = "万元" at the top of the file'),
    "not_money": ("{shown} 不是金额；应为{expected}（单位：{units}）", "{shown} is not money; expected {expected} (units: {units})"),
    "money_without_unit": ("{shown} 没有单位，而文件没有设 money_unit；应为{expected}",
                           "{shown} has no unit and the file sets no money_unit; expected {expected}"),
    "bare_percent": ("{shown} 是不带 % 的数字；应为{expected}（65 与 0.65 都说得通，无法判断）",
                     "{shown} is a bare number; expected {expected} (65 or 0.65 would be ambiguous)"),
    "not_percent": ("{shown} 不是百分数；应为{expected}", "{shown} is not a percentage; expected {expected}"),
    "above_100": ("{shown} 超过 100%；应为 0% 到 100% 之间的比例", "{shown} is above 100%; expected a share from 0% to 100%"),
    "not_figure": ("{shown} 不是{noun}；应为{expected}", "{shown} is not {noun}; expected {expected}"),
    "not_date": ("{shown} 不是日期；应为 YYYY-MM-DD，如 2014-12-29", "{shown} is not a date; expected YYYY-MM-DD such as 2014-12-29"),
    "not_count": ("{shown} 不是家数；应为{expected}", "{shown} is not a count; expected {expected}"),
    "not_whole": ("{shown} 不是整数；应为{expected}", "{shown} is not a whole number; expected {expected}"),
    "not_toml": ("不是有效的 TOML：{detail}", "not valid TOML: {detail}"),
    "not_table": ("{value!r} 不是表", "{value!r} is not a table"),
    # Rule packs.
    "no_pack": ("没有规则包 {value!r}：内置规则包为 {expected}；也可给出 .toml 规则包文件的路径",
                "no pack {value!r}: bundled packs are {expected}; or give the path of a .toml pack file"),
    "no_pack_file": ("没有这个规则包文件", "no such pack file"),
    "pack_format": ("{value!r}；应为 format = {expected}", "{value!r}; expected format = {expected}"),
    "unknown_tags": ("规则包 {pack} 中没有条件带有标签 {value}；本规则包的标签：{expected}",
                     "no criterion of pack {pack} carries tag(s) {value}; tags in this pack: {expected}"),
    "not_operator": ("{value!r} 不是比较符；应为 {expected} 之一",
                     "{value!r} is not an operator; expected one of {expected}"),
    "not_function_list": ("{value!r} 不是职能名称的列表", "{value!r} is not a list of function names"),
    "not_choice": ("{value!r} 不是可选值之一；应为 {expected}", "{value!r} is not one of {expected}"),
    "not_years": ("{value!r} 不是年数；应为 {expected}", "{value!r} is not a number of years; expected {expected}"),
    "not_threshold": ('{value!r} 不是门槛；应为 "20亿元"、"65%" 这样的文字',
                      '{value!r} is not a threshold; expected text such as "20亿元" or "65%"'),
    "not_unit": ("{value!r} 不是单位；应为 {expected} 之一", "{value!r} is not a unit; expected one of {expected}"),
    "not_tags": ('{value!r} 不是标签列表，应如 ["core"]', '{value!r} is not a list of tags such as ["core"]'),
    "operator_against_wording": (
        "比较符为 {value!r}，但 {label} 的原文读作 {expected!r}（{words}）；应为 {expected!r}",
        "{value!r} but the wording of {label} reads {expected!r} ({words}); expected {expected!r}"),
    "not_a_threshold": ("{value} 不是单一门槛的条件，不能改门槛", "{value} is not a criterion with one threshold to change"),
    "threshold_unit": ("{value!r} 无法用本条件门槛 {expected!r} 的单位精确写出；应与之同一单位（金额可用任何金额单位）",
                       "{value!r} cannot be written exactly in the unit of this criterion's threshold {expected!r}; expected a threshold in that unit (money in any money unit)"),
    "threshold_not_in_wording": ("门槛 {value!r} 的数字不在 {label} 的原文中（{wording}）；应与原文一致",
                                 "the number of threshold {value!r} is not in the wording of {label} ({wording}); expected the wording's number"),
    "unknown_param": ("不是计量方法 {measure} 的参数；应为 {expected}",
                      "unknown parameter of measure {measure}; expected {expected}"),
    "param_required": ("计量方法 {measure} 需要此参数", "required by measure {measure}"),
    "measure_for_kind": ("{value!r} 不是 {kind} 类条件的计量方法；应为 {expected} 之一",
                         "{value!r} is not a measure for kind {kind}; expected one of {expected}"),
    "any_of_branches": ("“满足其一”的条件需要两个或更多分支", "an either-or condition needs two or more branches"),
    "branch_measure": ("{value!r} 不能用作分支的计量方法", "{value!r} is not a measure a branch can use"),
    "branches_without_any_of": ('只有 measure = "any_of" 的条件才有分支',
                                'only a criterion with measure = "any_of" has branches'),
    "threshold_needs": ("门槛类条件（{criterion}）必须有此项", "required for a threshold criterion ({criterion})"),
    "kind_takes_no_threshold": ("{kind} 类条件没有比较符和门槛", "a {kind} criterion takes no operator or threshold"),
    "not_attestation_key": ("{value!r} 不是认定键名；应为小写字母、数字和下划线，如 area_exception",
                            "{value!r} is not an attestation key; expected lowercase letters, digits and underscores, such as area_exception"),
    "general_unmarked": ("{label} 的原文为一般性要求（{wording}）；应写 general = true，并以 exception 指明例外的认定键",
                         "the wording of {label} states a general rule ({wording}); expected general = true and an exception key"),
    "general_not_in_wording": ("{label} 标为一般性要求，但原文中没有“一般”（{wording}）；应去掉 general",
                               "{label} is marked general but its wording does not say 一般 ({wording}); expected no general flag"),
    "general_needs_exception": ("一般性要求（{criterion}）须以 exception 指明例外的认定键，如 exception = \"{criterion}_exception\"",
                                "a general rule ({criterion}) needs an exception key, such as exception = \"{criterion}_exception\""),
    "exception_without_general": ("只有一般性要求（general = true）才有例外的认定键",
                                  "only a general rule (general = true) has an exception key"),
    "general_not_threshold": ("只有单一门槛的条件才能是一般性要求（{criterion}）",
                              "only a criterion with a single threshold can be a general rule ({criterion})"),
    "exception_key_taken": ("认定键 {value!r} 已被使用；例外的认定键应与条件编号和其他认定键都不同",
                            "attestation key {value!r} is already taken; an exception key must differ from every criterion id and other key"),
    "id_twice": ("{value!r} 出现了两次", "{value!r} appears twice"),
    "not_measure": ("{value!r} 不是计量方法；应为 {expected} 之一", "{value!r} is not a measure; expected one of {expected}"),
    # Test cases that ship with a pack.
    "pack_not_from_file": ("规则包 {pack} 不是从文件读入的，旁边没有用例", "pack {pack} was not read from a file, so it has no cases beside it"),
    "no_criterion": ("规则包 {pack} 中没有条件 {value!r}；应为 {expected} 之一", "no criterion {value!r} in pack {pack}; expected one of {expected}"),
    "not_status": ("{value!r}；应为 {expected} 之一", "{value!r}; expected one of {expected}"),
    "not_verdict": ("{value!r}；应为 {expected} 之一", "{value!r}; expected one of {expected}"),
    "no_targets": ("规则包 {pack} 没有工作目标（targets），无法预期档次", "pack {pack} has no work targets, so no band can be expected"),
    "not_band": ("{value!r} 不是档次；应为 {expected} 之一", "{value!r} is not a band; expected one of {expected}"),
    "expects_nothing": ('没有任何预期；应写 expect = { criterion = "PASS" } 或 verdict', 'expects nothing; expected expect = { criterion = "PASS" } or verdict'),
    "no_cases": ("没有规则包 {pack} 的用例；应写在这个文件中", "no cases for pack {pack}; expected them in this file"),
    "cases_for_other_pack": ("{value!r}：这些用例属于另一个规则包，不是 {expected}", "{value!r}: these cases are for another pack than {expected}"),
    "source_for_other_pack": ("{value!r}：这个原文文件属于另一个规则包，不是 {expected}", "{value!r}: this source file is for another pack than {expected}"),
    "wording_not_in_source": ("引文 {value!r} 不在原文文件 {file} 中（逐字比较，全角半角标点视为相同）", "the quotation {value!r} is not in the source file {file} (compared character for character, full- and half-width punctuation alike)"),
    "condition_not_in_source": ("条件句 {value!r} 不在原文文件 {file} 的原文中", "the condition sentence {value!r} is not in the text of the source file {file}"),
    "condition_unchecked": ("条件句 {value!r} 没有对应的条件；每个陈述条件的句子应至少由一个条件核查", "the condition sentence {value!r} is checked by no criterion; expected at least one"),
    "criterion_without_condition": ("条件 {value!r} 不核查原文文件 {file} 中的任何条件句", "criterion {value!r} checks no condition sentence of the source file {file}"),
    "no_case_tables": ("没有 [[case]] 表；至少应有一个", "no [[case]] tables; expected at least one"),
    # Checking and writing.
    "roster_without_test": ("{cluster} 的名册读入时没有用龙头企业标准 {test} 汇总；请用核查它的规则包读入",
                            "the roster of {cluster} was read without the leader test {test}; load it with the rules it is checked against"),
    "needs_extra": ("写 {what} 文件需要 {package}：pip install 'clustercheck[{extra}]'", "writing {what} files needs {package}: pip install 'clustercheck[{extra}]'"),
    "not_cluster_file": ("应为扩展名为 {expected} 的集群数据文件", "expected a cluster file ending in {expected}"),
    # Cluster files and registries.
    "no_file": ("没有这个文件", "no such file"),
    "not_utf8": ("不是 UTF-8 文本（第 {byte} 字节：{reason}）", "not UTF-8 text ({reason} at byte {byte})"),
    "not_valid_file": ("不是有效的 {kind}：{detail}", "not valid {kind}: {detail}"),
    "long_integer": ("整数有 {digits} 位；应为最多 {most} 位的数字", "an integer of {digits} digits; expected a number of at most {most} digits"),
    "key_twice": ("键 {value!r} 出现了两次（先是 {first}，后是 {then}）；同一个表中每个键只应出现一次",
                  "{value!r} is given twice ({first}, then {then}); expected each key once in a table"),
    "not_cluster_object": ("顶层应为集群的键值", "expected an object of cluster keys at the top level"),
    "not_cluster_table": ('{value!r} 不是表；应为 name = "…" 这样的键值', '{value!r} is not a table; expected keys such as name = "…"'),
    "not_roster_name": ('{value!r} 不是文件名；应如 "firms.csv"', '{value!r} is not a file name; expected "firms.csv"'),
    "not_roster_file": ("{value!r}：应为 {expected} 文件", "{value!r}: expected a file ending in {expected}"),
    "roster_other_clusters": ("名册中有集群 {value}；应只有 {origin} 所写的集群 {expected!r}",
                              "names {value}; expected only {expected!r}, the cluster of {origin}"),
    "cluster_twice": ("{value!r}（{region}，{year}）已由 {first} 给出；每个集群只应给出一次（名称、地区和年度相同即为同一集群）",
                      "{value!r} ({region}, {year}) is also given by {first}; expected each cluster once (the same name, region and year are one cluster)"),
    "report_of_other_pack": ("{cluster} 的报告是按 {value} 做的，不是 {expected}；应为同一规则包的报告",
                             "the report of {cluster} was made with {value}, not {expected}; expected reports of one pack"),
    "not_text": ("{value!r} 不是文字；应为非空字符串", "{value!r} is not text; expected a non-empty string"),
    "not_pairs": ("{value!r} 不是表；应为“条件 = 值”", "{value!r} is not a table; expected criterion = value pairs"),
    "not_history_entry": ('{value!r} 不是表；应如 {{ year = 2016, decision = "RETAIN" }}',
                          '{value!r} is not a table; expected {{ year = 2016, decision = "RETAIN" }}'),
    "not_year": ("{value!r} 不是年份；应为年份，如 {example}", "{value!r} is not a year; expected a year such as {example}"),
    "not_registry_entry": ("{value!r} 不是表；应为带 id、name、accredited 的 [[cluster]]",
                           "{value!r} is not a table; expected [[cluster]] with id, name, accredited"),
    "not_history": ("{value!r} 不是复核记录的列表", "{value!r} is not a list of entries"),
    "history_order": ("年份 {value} 不是递增的；应每年一条，按年排列", "years {value} are not increasing; expected one entry a year, in order"),
    "history_before_accreditation": ("{value} 不在认定年份 {year} 之后", "{value} is not after accreditation in {year}"),
    "not_registry_file": ("应为扩展名为 {expected} 的认定名录文件", "expected a registry file ending in {expected}"),
    # Writing and the command line.
    "not_a_file": ("是{kind}，不是文件；应给出要写入的文件名（不写 -o 则输出到标准输出）",
                   "is {kind}, not a file; expected the name of a file to write (leave out -o to write to standard output)"),
    "no_folder": ("文件夹 {folder} 不存在", "the folder {folder} does not exist"),
    "template_suffix": ("填报表格是 Excel 工作簿；-o 的文件名应以 {expected} 结尾", "the fill-in workbook is an Excel workbook; expected -o OUT ending in {expected}"),
    "unknown_suffix": ("clustercheck 不写 {value} 文件；-o 的文件名应以下列之一结尾：{expected}",
                       "clustercheck does not write {value} files; expected -o OUT ending in {expected}"),
    "suffix_against_format": ("{suffix} 文件是 {implied} 格式，但给出了 --format {value}；{value} 格式的文件名应以 {expected} 结尾，或不写 --format",
                              "a {suffix} file holds {implied}, but --format {value} was given; expected -o OUT ending in {expected} for {value}, or no --format"),
    "no_suffix": ("文件名没有扩展名，无法确定格式；应以下列之一结尾：{expected}，或给出 --format",
                  "the name has no suffix to tell the format; expected -o OUT ending in {expected}, or --format"),
    "binary_to_terminal": ("xlsx 是二进制格式：请用 -o 文件名.xlsx 指定要写入的文件", "xlsx is a binary format: give a file to write with -o OUT.xlsx"),
    # Re-verification.
    "registry_other_pack": ("认定名录按 {expected!r} 记录，但本轮要求按 {value!r} 复核；应为名录的规则包（或不写 --rules）",
                            "the registry is kept under {expected!r}, but the round was asked under {value!r}; expected the registry's pack (or no --rules)"),
    "pack_without_recheck": ("规则包 {pack} 没有规定复核周期（[recheck]）", "pack {pack} sets no re-verification interval ([recheck])"),
    "not_in_registry": ("{value!r} 按编号和名称都对不上认定名录中的集群", "{value!r} matches no cluster of the registry by id or name"),
    "data_twice": ("{id}（{name}）的数据给了两次；每个集群应只有一个数据文件", "{id} ({name}) has data twice; expected one cluster file each"),
    "round_after_later": ("已记录了 {last} 年的复核；{value} 年的复核不能排在其后",
                          "{last} is already recorded; a round for {value} cannot follow it"),
    "recorded_otherwise": ("{year} 年已记录为 {recorded}；本轮结果为 {value}。已有的复核记录不会改写",
                           "{year} is already recorded as {recorded}; this round gives {value}. Earlier history is never rewritten"),
    "record_without_data": ("没有本轮数据，无可记入；先不带 --record 列出应复核的集群，收到材料后再记入",
                            "no data to record; list the clusters due without --record, and record the round once their materials are in"),
    # Clusters, and values given in code.
    "inexact": ("{shown} 是 {type}，不是精确值；应为{expected}", "{shown} is a {type}, which is not exact; expected {expected}"),
    "not_size": ("{value!r} 不是企业规模；应为 大/中/小/微 或 large/medium/small/micro", "{value!r} is not a firm size; expected 大/中/小/微 or large/medium/small/micro"),
    "not_flag": ("{value!r} 不是是/否（true/false）", "{value!r} is not true or false"),
    "not_code": ("{value!r} 不是统一社会信用代码；应为 18 个字符的文字", "{value!r} is not a credit code; expected 18 characters of text"),
    "not_name": ("{value!r} 不是名称；应为非空文字", "{value!r} is not a name; expected non-empty text"),
    "not_sector": ("{value!r} 不是行业；应为 工业 或 industry 这样的文字", "{value!r} is not a sector; expected text such as 工业 or industry"),
    "part_above_whole": ("{prefix}{part} {value} 大于 {whole} {most}；应不超过 {most}，因为 {why}",
                         "{prefix}{part} {value} is above {whole} {most}; expected at most {most}, since {why}"),
    "not_function_name": ('{value!r} 不是职能名称；应为 "研发设计" 这样的文字', '{value!r} is not a function name; expected text such as "研发设计"'),
    "not_attested_table": ("{value!r} 不是表；应为 plan = true 这样的键值", "{value!r} is not a table; expected keys such as plan = true"),
    "not_attestation_name": ("{value!r} 不是认定事项的名称；应为 plan 这样的文字", "{value!r} is not the name of an attestation; expected text such as plan"),
    "attested_not_flag": ("{key} = {value!r} 不是 true 或 false（“否”“no”“0”都不算）", "{key} = {value!r} is not true or false"),
    "attested_none": ("{key} = {value!r} 不是 true 或 false；尚不知道时不写这个键", "{key} = {value!r} is not true or false; leave the key out when it is not known"),
    "not_declared": ("{value!r} 不是申报数据；应为 cc.Declared(…)", "{value!r} is not declared figures; expected cc.Declared(…)"),
    "not_roster_figures": ("{value!r} 不是名册汇总数据；应为 RosterFigures 或 None", "{value!r} is not a roster's figures; expected RosterFigures or None"),
    "not_list_of": ("{value!r} 不是列表；应为 {kind} 的列表", "{value!r} is not a list; expected a list of {kind}"),
    "not_functions": ('{value!r} 不是列表；应如 ["研发设计", "检验检测"]', '{value!r} is not a list; expected a list such as ["研发设计", "检验检测"]'),
    "item_not_of_type": ("第 {index} 项是 {value!r}；应为 {expected}", "item {index} is {value!r}; expected {expected}"),
    "bad_call": ("{detail}；可用的关键字参数：{expected}", "{detail}; expected keywords among: {expected}"),
    "year_twice": ("年度数据中有年份重复（{value}）；每年应只有一组", "yearly figures give a year twice ({value}); expected each year once"),
    "roster_twice": ("既给了 [[enterprises]] 又给了名册文件；名册应只在一处给出", "both [[enterprises]] and a roster file are given; expected the roster in one place"),
    "code_twice": ("统一社会信用代码 {value} 在同一集群中出现两次：{first!r} 和 {then!r}；每家企业应只出现一次",
                   "credit code {value} appears twice in one cluster: {first!r} and {then!r}; expected each firm once"),
    # Credit codes (GB 32100-2015).
    "code_length": ("{value!r} 有 {length} 个字符；统一社会信用代码应为 18 个", "{value!r} has {length} characters; expected 18 (统一社会信用代码)"),
    "code_characters": ("{value!r} 含有 {bad!r}；应为数字和除 I、O、Z、S、V 以外的大写字母（GB 32100-2015）",
                        "{value!r} contains {bad!r}; expected digits and capital letters other than I, O, Z, S, V (GB 32100-2015)"),
    "code_check": ("{value!r} 的校验码是 {given!r}；按 GB 32100-2015 应为 {expected!r}", "{value!r} has check character {given!r}; GB 32100-2015 gives {expected!r}"),
    # Roster files and folders.
    "code_as_number": ("{value!r} 是 Excel 或 WPS 当作数字保存的统一社会信用代码，最后几位数字已经丢失；应为文字：把这一列设为“文本”格式后重新输入代码，或从原系统重新导出",
                       "{value!r} is a credit code that Excel or WPS stored as a number, and its last digits are gone; expected text: format the column as text and enter the codes again, or export them again"),
    "form_no_header": ("工作表“{sheet}”中没有表头行；应有 {expected} 列（用 clustercheck template 生成的表格）",
                       "sheet {sheet} has no header row; expected a column {expected} (as clustercheck template writes it)"),
    "form_unknown_key": ("{value!r} 不是本工具认识的字段；应为以下之一：{expected}", "{value!r} is not a key clustercheck knows; expected one of: {expected}"),
    "form_unknown_column": ("{value!r} 不是年度数据的列；应为以下之一（单位写在括号中）：{expected}",
                            "{value!r} is not a column of yearly figures; expected one of (the unit in brackets): {expected}"),
    "no_clusters_in_summary": ("汇总表的表头下没有任何集群", "no cluster below the summary table's header"),
    "percent_format_unseen": ("{value} 可能是显示为百分数的单元格（.xls 文件中读不到单元格格式，52% 存为 0.52），无法判断；应把这一格写成带 % 的文字（如 52%），或把工作簿另存为 .xlsx",
                              "{value} may be a cell shown as a percentage (in .xls files the cell format cannot be read, and 52% is stored as 0.52), so it cannot be told; expected the cell written as text with % (such as 52%), or the workbook saved as .xlsx"),
    "not_form": ("不是填报表格：没有名为 {expected} 的工作表（用 clustercheck template 生成）",
                 "not a fill-in workbook: no sheet named {expected} (clustercheck template writes one)"),
    "name_required": ("集群名称不能为空；应填写集群的名称，如 示例县纺织服装产业集群", "the cluster's name is empty; expected its name, such as 示例县纺织服装产业集群"),
    "cell_without_unit": ('{shown} 没有单位；表头应写单位，如 营业收入(万元)，或在单元格中写单位，如 "1.2亿元"',
                          '{shown} has no unit; expected a unit in the header such as 营业收入(万元), or in the cell such as "1.2亿元"'),
    "not_yes_no": ("{shown} 不是“是/否”；应为 {expected}", "{shown} is not yes or no; expected {expected}"),
    "control_character": ("{shown} 含有控制字符 {char}；应为可打印的文字（多为复制或导出损坏时带入的字符）",
                          "{shown} holds the control character {char}; expected printable text (a stray character from a copy or a damaged export)"),
    "columns_twice": ("“{first}”列和“{value}”列都是 {field}；应只有一列", "columns {first!r} and {value!r} both give {field}; expected one"),
    # Data frames (pandas, polars, pyarrow).
    "frames_need_extra": ("读取 {value} 需要 narwhals：pip install 'clustercheck[frames]'",
                          "reading a {value} needs narwhals: pip install 'clustercheck[frames]'"),
    "batch_needs_numpy": ("成批检查（check_many、sweep）需要 numpy：pip install 'clustercheck[frames]'",
                          "checking a batch (check_many, sweep) needs numpy: pip install 'clustercheck[frames]'"),
    "not_frame": ("{value} 不是数据表；应为 pandas、polars 或 pyarrow 的 DataFrame",
                  "a {value} is not a data frame; expected a pandas, polars or pyarrow DataFrame"),
    "unknown_frame_column": ("“{value}”列不认识；应为集群文件的键（name、operating_revenue…）、汇总表的表头（营业收入(亿元)…）、认定项（plan 或 attested.plan），或 序号",
                             "column {value!r} is not known; expected a cluster-file key (name, operating_revenue, …), a summary-table header (营业收入(亿元), …), an attestation (plan or attested.plan), or 序号"),
    "units_for_no_column": ("units 中的“{value}”不是任何一列；应为列的表头或集群文件的键", "units names {value!r}, which is no column; expected a column's header or cluster-file key"),
    "unit_against_header": ("units 给的单位 {value} 与表头“{header}”中的单位不同；应只在一处给出单位", "units gives {value}, unlike the unit in the header {header!r}; expected the unit in one place"),
    "frame_without_names": ("没有集群名称列；应有 name 或 集群名称 列", "no column of cluster names; expected a column name or 集群名称"),
    "frame_row_without_name": ("集群名称为空；每行应是一个有名称的集群", "the cluster's name is missing; expected a named cluster in each row"),
    "frame_without_firm_names": ("没有企业名称列；应有 name 或 企业名称 列", "no column of firm names; expected a column name or 企业名称"),
    "not_frame_backend": ("{value!r} 不是可用的数据表库；应为 {expected} 之一", "{value!r} is not a frame library; expected one of {expected}"),
    "no_frame_library": ("没有安装数据表库；应安装 {expected} 之一", "no frame library is installed; expected one of {expected}"),
    "frame_without_cluster": ("不知道企业属于哪个集群；应有 cluster（集群）列，或给出 name=", "which cluster the firms belong to is not given; expected a cluster (集群) column, or name="),
    "unread_spreadsheet": ("{value} 文件，clustercheck 不读取；应为 {expected} 之一：在 Excel 或 WPS 中另存为其中一种",
                           "a {value} file, which clustercheck does not read; expected one of {expected}: save it as one of those in Excel or WPS (另存为)"),
    "unread_spreadsheet_in_folder": ("{value} 文件，clustercheck 不读取；应为 {expected} 之一：在 Excel 或 WPS 中另存为其中一种，或把它移出文件夹",
                                     "a {value} file, which clustercheck does not read; expected one of {expected}: save it as one of those in Excel or WPS (另存为), or move it out of the folder"),
    "empty_folder": ("这里没有集群数据文件或名册文件（{expected}）", "no cluster or roster files ({expected}) here"),
    "no_file_or_folder": ("没有这个文件或文件夹", "no such file or folder"),
    "not_input_file": ("应为扩展名为 {expected} 的集群数据文件或名册文件", "expected a cluster or roster file ending in {expected}"),
    "not_roster_suffix": ("应为扩展名为 {expected} 的名册文件", "expected a roster file ending in {expected}"),
    "not_csv": ("不是有效的 CSV：{detail}", "not valid CSV: {detail}"),
    "open_quote": ('“{value}”开头的引号没有闭合，其后各行都会被读进这一个单元格；单元格末尾应有闭合的引号（"），或开头不加引号',
                   'the quote that opens {value!r} is never closed, so every line after it would be read into that one cell; expected a closing quote (") at the end of the cell, or no quote at its start'),
    "not_encoding": ("不是 {encoding} 文本（{reason}）", "not {encoding} text ({reason})"),
    "bad_bytes": ("字节 {value} 不是 {encoding} 文本（{reason}）；整个文件应使用同一种编码：UTF-8 或 GBK",
                  "bytes {value} are not {encoding} text ({reason}); expected the whole file in one encoding: UTF-8 or GBK"),
    "needs_extra_to_read": ("读取 {what} 文件需要 {package}：pip install 'clustercheck[{extra}]'", "reading {what} files needs {package}: pip install 'clustercheck[{extra}]'"),
    "not_workbook": ("不是可读取的 {kind} 工作簿（{detail}）", "not a readable {kind} workbook ({detail})"),
    "formula_without_value": ("公式 {value!r} 没有保存的值；请在 Excel 或 WPS 中打开工作簿并保存，使公式的值随文件保存",
                              "the formula {value!r} has no saved value; expected a value: open the workbook in Excel or WPS and save it, so that the values of its formulas are saved with it"),
    "no_cluster_name": ("集群列中没有集群名称；应写集群的名称", "no cluster named in the cluster column; expected the cluster's name"),
    "no_firm_name": ("没有企业名称；企业名称列应写企业的名称", "no firm name; expected the name of the firm in the name column"),
    "code_seen": ("{value} 已出现在 {first}（{cluster}）；每家企业应只出现一次", "{value} already appears at {first} in {cluster}; expected each firm once"),
    "right_of_header": ('{value!r} 在表头最后一列（共 {width} 列）的右边；此处不应有值：含逗号的金额请加引号（"1,234"），或给这一列加上表头',
                        '{value!r} is right of the header\'s last column ({width} columns); expected no value there: quote an amount with a comma ("1,234"), or give the column a header'),
    "no_header": ("前 {rows} 行中没有表头行；应有一行写着 企业名称 以及 营业收入(万元)、主营业务收入(万元)、从业人员 等列",
                  "no header row in the first {rows} rows; expected a row with 企业名称 (name) and columns such as 营业收入(万元), 主营业务收入(万元), 从业人员"),
    "no_header_in_sheets": ("任何工作表（{sheets}）的前 {rows} 行中都没有表头行；应有一行写着 企业名称 以及 营业收入(万元)、主营业务收入(万元)、从业人员 等列",
                            "no header row in the first {rows} rows of any worksheet ({sheets}); expected a row with 企业名称 (name) and columns such as 营业收入(万元), 主营业务收入(万元), 从业人员"),
    "more_errors": ("另有 {count} 个错误", "and {count} more errors"),
    "no_firms": ("表头行下面没有企业；每家企业应占一行", "no firms below the header row; expected one row per firm"),
}  # fmt: skip


def message_text(code: str, args: Mapping[str, object], lang: str = "en") -> str:
    """The message of ``code`` in ``lang``, filled with ``args``."""
    zh, en = MESSAGES[code]
    filled = {k: v.text(lang) if isinstance(v, Phrase) else v for k, v in args.items()}
    return (zh if lang == "zh" else en).format(**filled)


def place_text(kind: str, lang: str = "en", **args: object) -> str:
    """A place (a line, a line and column, a sheet) in ``lang``."""
    zh, en = PLACES[kind]
    return (zh if lang == "zh" else en).format(**args)
