"""The command line in a terminal: help in the reader's language, --lang anywhere."""

from __future__ import annotations

import pytest

from clustercheck.cli import main
from clustercheck.read.examples import examples_dir

TEXTILES = str(examples_dir() / "illustrative-1-textiles.toml")


def _exit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(caught.value.code or 0), out, err


def test_help_is_in_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _exit(capsys, "--help")
    assert code == 0
    assert out.startswith("用法：clustercheck ")
    assert "显示本帮助并退出" in out and "逐个集群的逐项报告" in out
    assert "show this help" not in out
    code, out, _ = _exit(capsys, "review", "--help")
    assert (
        "核查多个集群，每个集群一行" in out
        and "--strict" in out
        and "有集群不符合时退出码为 1" in out
    )


@pytest.mark.parametrize(
    "argv",
    [("--lang", "en", "--help"), ("check", "--help", "--lang", "en"), ("--lang=en", "check", "-h")],
)
def test_help_is_in_english_with_lang_en(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, _ = _exit(capsys, *argv)
    assert code == 0
    assert out.startswith("usage: clustercheck")
    assert "show this help message and exit" in out
    assert not any("\u4e00" <= c <= "\u9fff" for c in out.split("豫工信")[0])


def test_usage_errors_read_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _exit(capsys, "check")
    assert code == 2
    assert err.splitlines()[-1] == "clustercheck check: 错误: 缺少必需的参数：FILE"
    code, _, err = _exit(capsys, "--lang", "en", "chek")
    assert code == 2
    assert "clustercheck: error: argument COMMAND: invalid choice: 'chek'" in err


def test_lang_is_taken_before_the_command_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "check", TEXTILES]) == 0
    before = capsys.readouterr().out
    assert main(["check", TEXTILES, "--lang", "en"]) == 0
    assert capsys.readouterr().out == before
    assert "Verdict: qualified" in before
    assert main(["--lang", "en", "check", TEXTILES, "--lang", "zh"]) == 0
    assert "结论" in capsys.readouterr().out
