"""argparse's own usage errors in the reviewer's language: Chinese by default, English with
--lang en, the value and what was expected named, exit 2."""

from __future__ import annotations

import pytest

from clustercheck.cli import main

CASES = [
    (
        ["recheck", "r.toml", "--year", "abc"],
        "clustercheck recheck: 错误: 参数 --year: 'abc' 不是年份；应为年份，如 2018",
        "clustercheck recheck: error: argument --year: 'abc' is not a year; expected a year such "
        "as 2018",
    ),
    (
        ["recheck", "r.toml", "--year", "2018", "--watch", "1"],
        "clustercheck recheck: 错误: 参数 --watch: '1' 不是 0 到 1 之间（不含 1）的比例；应为如 0.1 的比例",
        "clustercheck recheck: error: argument --watch: '1' is not a share from 0 up to 1 (1 "
        "excluded); expected a share such as 0.1",
    ),
    (
        ["recheck", "r.toml", "--year", "2018", "--watch", "十分之一"],
        "clustercheck recheck: 错误: 参数 --watch: '十分之一' 不是 0 到 1 之间（不含 1）的比例；应为如 0.1 的比例",
        "clustercheck recheck: error: argument --watch: '十分之一' is not a share from 0 up to 1 (1 "
        "excluded); expected a share such as 0.1",
    ),
    (
        ["review", "--format", "pdf", "x.toml"],
        "clustercheck review: 错误: 参数 --format: 不是可选值：'pdf'（可选：'text', 'markdown', "
        "'html', 'csv', 'xlsx', 'json'）",
        "clustercheck review: error: argument --format: invalid choice: 'pdf' (choose from "
        "'text', 'markdown', 'html', 'csv', 'xlsx', 'json')",
    ),
]


@pytest.mark.parametrize(("argv", "zh", "en"), CASES)
def test_usage_errors_speak_the_reviewers_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], zh: str, en: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：clustercheck ")
    assert err.splitlines()[-1] == zh
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "en", *argv])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: clustercheck ")
    assert err.splitlines()[-1] == en


@pytest.mark.parametrize("year", ["2018", "2000", "2100"])
def test_a_year_in_digits_is_taken(year: str) -> None:
    from clustercheck.cli import _parser

    args = _parser().parse_args(["recheck", "r.toml", "--year", year])
    assert args.year == int(year)
