"""Rule packs that would be read on a guess are refused: no criteria, a share threshold
without %, an operator not written as the packs write them, a pack list with a gap or a pack
twice, a folder or nothing as a pack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.rules.pack import packs_of

HENAN = (Path(__file__).parents[1] / "criteria" / "henan-2014-196.toml").read_text("utf-8")


def _pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _main_share(old: str, new: str) -> str:
    """The Henan pack with one line of its main_share criterion changed."""
    start = HENAN.index('id = "main_share"')
    end = HENAN.index("[[criteria]]", start)
    block = HENAN[start:end]
    assert old in block
    return HENAN[:start] + block.replace(old, new) + HENAN[end:]


def test_a_pack_without_criteria_is_an_error(tmp_path: Path) -> None:
    head = HENAN[: HENAN.index("[recheck]")].replace("format = 1", "format = 1\ncriteria = []")
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(_pack(tmp_path, head))
    assert (caught.value.code, caught.value.key) == ("no_criteria", ("criteria",))


@pytest.mark.parametrize(
    ("threshold", "ok"), [('"65"', False), ('"65亿元"', False), ('"65%"', True)]
)
def test_a_share_threshold_must_carry_its_percent(tmp_path: Path, threshold: str, ok: bool) -> None:
    path = _pack(tmp_path, _main_share('threshold = "65%"', f"threshold = {threshold}"))
    if ok:
        limit = next(c for c in cc.load_rules(path).criteria if c.id == "main_share").limit
        assert str(limit) == "0.65"
        return
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(path)
    error = caught.value
    assert (error.code, error.key) == ("threshold_not_in_unit", ("criteria", 9, "threshold"))
    assert error.message("zh").endswith(
        f'门槛 {threshold.replace(chr(34), chr(39))} 不是以本条件的单位 % 写的；应写作 "65%"'
    )


def test_a_money_threshold_must_carry_a_money_unit(tmp_path: Path) -> None:
    start = HENAN.index('threshold = "20亿元"')
    path = _pack(tmp_path, HENAN[:start] + 'threshold = "20"' + HENAN[start + 18 :])
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(path)
    assert caught.value.code == "threshold_not_in_unit"


@pytest.mark.parametrize("operator", ["≥", "=>", "==", "ge"])
def test_an_operator_written_otherwise_lists_the_valid_ones_without_a_python_type(
    tmp_path: Path, operator: str
) -> None:
    path = _pack(tmp_path, _main_share('operator = ">="', f'operator = "{operator}"'))
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(path)
    error = caught.value
    assert (error.code, error.key) == ("not_operator", ("criteria", 9, "operator"))
    for lang in ("zh", "en"):
        text = error.message(lang)
        assert "> >= < <=" in text
        assert not re.search(r"clustercheck\.|Operator|NoneType|class", text), text


@pytest.mark.parametrize(
    ("rules", "code"),
    [
        ("henan-2014-196,henan-2014-196", "pack_twice"),
        ("", "empty_rules"),
        ("henan-2014-196,", "empty_rules"),
        (",miit-2022-119", "empty_rules"),
        (" ", "empty_rules"),
    ],
)
def test_a_pack_list_with_a_gap_or_a_pack_twice_is_a_usage_error(rules: str, code: str) -> None:
    with pytest.raises(cc.UsageError) as caught:
        packs_of(rules)
    assert caught.value.code == code


def test_the_command_line_says_so_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--test", "henan-2014-196,"]) in (1, 2)  # --test reads one pack path
    capsys.readouterr()
    assert (
        main(["review", "clustercheck/examples", "--rules", "henan-2014-196,henan-2014-196"]) == 2
    )
    assert capsys.readouterr().err == (
        "clustercheck: 错误: 规则包 'henan-2014-196' 给了两次；每个规则包应只给一次\n"
    )


def test_a_folder_or_nothing_as_a_pack_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(cc.PackError) as caught:
        cc.load_rules(tmp_path)
    assert (caught.value.code, caught.value.source) == ("pack_is_folder", str(tmp_path))
    with pytest.raises(cc.UsageError) as empty:
        cc.load_rules("")
    assert empty.value.code == "empty_rules"
    with pytest.raises(cc.UsageError) as number:
        cc.load_rules(42)  # type: ignore[arg-type]
    assert number.value.code == "wrong_argument"
    assert str(number.value).startswith(
        "<code>: pack: argument pack cannot be 42 (a int); expected a pack"
    )
