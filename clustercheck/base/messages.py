"""Error messages in Chinese and English, by code: what an error says is data, like a label.

Each template is filled with the error's arguments; ``{value!r}`` shows a value as Python
writes it, so a stray space or control character in a file can be seen.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Where an error is: (Chinese, English).
PLACES: dict[str, tuple[str, str]] = {
    "line": ("第 {line} 行", "line {line}"),
    "line_column": ("第 {line} 行“{column}”列", "line {line}, column {column}"),
    "sheet": ("工作表“{sheet}”", "sheet {sheet}"),
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
    "id_twice": ("{value!r} 出现了两次", "{value!r} appears twice"),
    "not_measure": ("{value!r} 不是计量方法；应为 {expected} 之一", "{value!r} is not a measure; expected one of {expected}"),
    # Test cases that ship with a pack.
    "pack_not_from_file": ("规则包 {pack} 不是从文件读入的，旁边没有用例", "pack {pack} was not read from a file, so it has no cases beside it"),
    "no_criterion": ("规则包 {pack} 中没有条件 {value!r}；应为 {expected} 之一", "no criterion {value!r} in pack {pack}; expected one of {expected}"),
    "not_status": ("{value!r}；应为 {expected} 之一", "{value!r}; expected one of {expected}"),
    "not_verdict": ("{value!r}；应为 {expected} 之一", "{value!r}; expected one of {expected}"),
    "expects_nothing": ('没有任何预期；应写 expect = { criterion = "PASS" } 或 verdict', 'expects nothing; expected expect = { criterion = "PASS" } or verdict'),
    "no_cases": ("没有规则包 {pack} 的用例；应写在这个文件中", "no cases for pack {pack}; expected them in this file"),
    "cases_for_other_pack": ("{value!r}：这些用例属于另一个规则包，不是 {expected}", "{value!r}: these cases are for another pack than {expected}"),
    "no_case_tables": ("没有 [[case]] 表；至少应有一个", "no [[case]] tables; expected at least one"),
    # Checking and writing.
    "roster_without_test": ("{cluster} 的名册读入时没有用龙头企业标准 {test} 汇总；请用核查它的规则包读入",
                            "the roster of {cluster} was read without the leader test {test}; load it with the rules it is checked against"),
    "needs_extra": ("写 {what} 文件需要 {package}：pip install 'clustercheck[{extra}]'", "writing {what} files needs {package}: pip install 'clustercheck[{extra}]'"),
    "not_cluster_file": ("应为扩展名为 {expected} 的集群数据文件", "expected a cluster file ending in {expected}"),
}  # fmt: skip


def message_text(code: str, args: Mapping[str, object], lang: str = "en") -> str:
    """The message of ``code`` in ``lang``, filled with ``args``."""
    zh, en = MESSAGES[code]
    return (zh if lang == "zh" else en).format(**args)


def place_text(kind: str, lang: str = "en", **args: object) -> str:
    """A place (a line, a line and column, a sheet) in ``lang``."""
    zh, en = PLACES[kind]
    return (zh if lang == "zh" else en).format(**args)
