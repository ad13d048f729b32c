"""Errors: one hierarchy, facts as attributes, and messages in Chinese and English."""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.base.messages import MESSAGES, PLACES

Write = Callable[[str, str], Path]


def test_every_error_class_is_a_clustercheck_error() -> None:
    assert issubclass(cc.InputError, cc.ClusterCheckError)
    assert issubclass(cc.InputErrors, cc.InputError)
    assert issubclass(cc.FigureError, cc.InputError)
    assert issubclass(cc.PackError, cc.ClusterCheckError)
    assert issubclass(cc.UsageError, cc.ClusterCheckError)


def test_a_bad_value_in_a_file_carries_its_facts(write: Write) -> None:
    path = write("bad.toml", 'name = "示例县集群"\n[declared]\nbuilding_density = "150%"\n')
    with pytest.raises(cc.InputError) as caught:  # one except catches InputErrors too
        cc.load_cluster(path)
    (error,) = caught.value.errors
    assert error.source == str(path)
    assert error.key == ("declared", "building_density")
    assert error.line is None and error.sheet is None
    assert (error.code, error.value, error.expected) == ("above_100", "150%", "0%–100%")
    assert (
        error.message("zh")
        == f"{path}: declared.building_density: '150%' 超过 100%；应为 0% 到 100% 之间的比例"
    )
    assert error.message("en").startswith(f"{path}: declared.building_density: ")
    assert error.message("zh").startswith(f"{path}: declared.building_density: ")
    assert str(error) == error.message("en")


def test_several_errors_are_reported_in_either_language(write: Write) -> None:
    path = write("bad.toml", 'name = "示例县集群"\ncolour = "red"\n[declared]\nleaders = "x"\n')
    with pytest.raises(cc.InputErrors) as caught:
        cc.load_cluster(path)
    errors = caught.value.errors
    assert len(errors) == 2
    assert caught.value.message("zh").splitlines() == [e.message("zh") for e in errors]
    unknown = next(e for e in errors if e.code == "unknown_keys")
    assert unknown.value == "colour"
    assert unknown.key == ()
    assert "未知的键 colour" in unknown.message("zh")
    assert "（顶层）" in unknown.message("zh")


def test_a_pack_error_names_the_pack_and_offers_the_bundled_ones() -> None:
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules("no-such-pack")
    error = caught.value
    assert error.code == "no_pack"
    assert error.value == "no-such-pack"
    assert error.expected is not None and "henan-2014-196" in error.expected
    assert error.message("zh").startswith("没有规则包 'no-such-pack'")


def test_a_malformed_pack_reports_every_problem_with_its_key(write: Write) -> None:
    text = (Path(__file__).parents[1] / "criteria" / "henan-2014-196.toml").read_text("utf-8")
    text = text.replace('id = "related_smes"', 'id = "leaders"', 1)
    text = text.replace(
        'operator = ">="\nthreshold = "20亿元"', 'operator = ">"\nthreshold = "20亿元"'
    )
    path = write("pack.toml", text)
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(path)
    found = {(e.code, e.key) for e in caught.value.errors}
    assert found == {
        ("id_twice", ("criteria", 5, "id")),
        ("operator_against_wording", ("criteria", 8, "operator")),
    }
    assert all(e.source == str(path) for e in caught.value.errors)
    assert "原文读作 '>='" in caught.value.message("zh")


def test_an_error_row_lists_the_facts() -> None:
    error = cc.InputError("firms.csv", "line 7, column 营业收入", "bad", value="x", expected="y")
    assert error.line == 7 and error.column == "营业收入"
    assert error.message("zh") == "firms.csv: 第 7 行“营业收入”列: bad"
    assert error.as_dict() == {
        "source": "firms.csv",
        "key": "",
        "line": 7,
        "column": "营业收入",
        "sheet": None,
        "cell": None,
        "value": "x",
        "expected": "y",
        "code": "text",
        "message": "firms.csv: line 7, column 营业收入: bad",
    }


def test_a_sheet_and_cell_are_a_place() -> None:
    error = cc.InputError("申报表.xlsx", "申报数据!C7", "bad")
    assert (error.sheet, error.cell, error.line) == ("申报数据", "C7", None)
    assert error.message("zh") == "申报表.xlsx: 申报数据!C7: bad"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_each_message_says_the_same_in_both_languages(code: str) -> None:
    zh, en = MESSAGES[code]
    assert _fields(zh) == _fields(en)
    assert zh != en or code == "text"


@pytest.mark.parametrize("kind", sorted(PLACES))
def test_each_place_says_the_same_in_both_languages(kind: str) -> None:
    zh, en = PLACES[kind]
    assert _fields(zh) == _fields(en)


def test_objects_built_in_code_are_refused_in_either_language() -> None:
    with pytest.raises(cc.InputError) as caught:
        cc.Cluster(name="示例县集群", attested={"plan": "否"})  # type: ignore[dict-item]
    error = caught.value
    assert (error.source, error.key, error.code) == (
        "<code>",
        ("Cluster", "attested"),
        "attested_not_flag",
    )
    assert "plan = '否' 不是 true 或 false" in error.message("zh")
    assert "plan = '否' is not true or false" in str(error)


def test_every_impossible_figure_is_named_in_chinese_too() -> None:
    with pytest.raises(cc.InputErrors) as caught:
        cc.Declared(operating_revenue="20亿元", main_industry_revenue="21亿元", rd_expense="25亿元")
    texts = [e.message("zh") for e in caught.value.errors]
    assert [e.code for e in caught.value.errors] == ["part_above_whole", "part_above_whole"]
    assert "主导产业营业收入是总收入的一部分" in texts[0]
    assert "研发投入大于营业收入即研发占比超过100%" in texts[1]


def test_every_code_is_in_the_catalogue_of_the_docs() -> None:
    catalogue = (Path(__file__).parents[1] / "docs" / "errors.md").read_text(encoding="utf-8")
    missing = [code for code in MESSAGES if code != "text" and f"| `{code}` |" not in catalogue]
    assert missing == []
