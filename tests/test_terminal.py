"""The command line in a terminal: fitted to its width, marks coloured, Chinese wrapped well,
help in the reader's language, --lang anywhere, every file written said the same way."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir
from clustercheck.render.document import display_width
from clustercheck.render.layout import report_section
from clustercheck.render.terminal import table_lines, wrap

ANSI = re.compile(r"\033\[[0-9;]*[mK]")

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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_commands_options_are_one_section_in_either_language(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    _, out, _ = _exit(capsys, "review", "--help", "--lang", lang)
    heading = "选项:" if lang == "zh" else "options:"
    assert out.count(f"\n{heading}\n") == 1
    options = out.split(f"\n{heading}\n")[1]
    names = [line.split()[0].rstrip(",") for line in options.splitlines() if line[:3] == "  -"]
    assert names == ["-h", "--lang", "--format", "-o", "--rules", "--tag", "--strict"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", [(), ("review",), ("template",)])
def test_help_is_wrapped_to_the_terminal_in_either_language(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    command: tuple[str, ...],
) -> None:
    """Chinese has no spaces to break at: its help is wrapped between characters, by the
    columns they take, as English is at spaces (argparse lays out the usage lines itself)."""
    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = _exit(capsys, *command, "--help", "--lang", lang)
    below_usage = out.split("\n\n", 1)[1]
    widest = max(display_width(line) for line in below_usage.splitlines())
    assert 50 <= widest <= 60, below_usage


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


def _on_a_terminal(*argv: str, columns: int, colour: bool = True) -> str:
    """What the command line prints to a terminal of ``columns`` columns (a pseudo-terminal),
    its colours left in."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["COLUMNS"] = str(columns)
    if not colour:
        env["NO_COLOR"] = "1"
    main_fd, child_fd = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "clustercheck", *argv], stdout=child_fd, stderr=subprocess.DEVNULL,
        env=env,
    ) as process:  # fmt: skip
        os.close(child_fd)
        chunks = []
        while True:
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # the terminal closed: all is read
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 0
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def _plain(text: str) -> str:
    return ANSI.sub("", text)


def test_at_80_columns_the_review_folds_its_marks(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _plain(_on_a_terminal("demo", columns=80))
    widths = [display_width(line) for line in shown.splitlines() if "✓" in line or "?" in line]
    assert widths and max(widths) <= 80
    assert "条件1-14" in shown
    assert "示例县机械制造产业集群        示例县    ✓✓✓✓✗ ✓✗✓✗✓ ✓✓?✗  不符合" in shown
    assert "1 范围；2 协调机构；3 规划" in shown
    wide = _plain(_on_a_terminal("demo", columns=250))
    assert "条件1-14" not in wide and "协调机构" in wide.splitlines()[2]
    assert max(display_width(line) for line in wide.splitlines()[2:17]) > 80


def test_at_80_columns_a_report_is_one_criterion_a_block() -> None:
    shown = _plain(_on_a_terminal("check", TEXTILES, columns=80))
    assert max(display_width(line) for line in shown.splitlines()[1:]) <= 80
    assert (
        "三（二）  龙头企业  ✓ 符合\n  要求：>= 2家（产业集群内主营业务收入超5000万元的龙头企业不少于2家）\n  数值：3家\n  差额：+1家"
        in shown
    )
    assert "+--" not in shown


def test_in_english_too_every_line_fits() -> None:
    for argv in (
        ("demo",),
        ("check", TEXTILES),
        ("review", str(examples_dir()), "--rules", "henan-2014-196,miit-2022-119"),
    ):
        shown = _plain(_on_a_terminal(*argv, "--lang", "en", columns=80))
        tables = [line for line in shown.splitlines() if "✓" in line or "?" in line or "：" in line]
        assert max(display_width(line) for line in tables) <= 80, argv


def test_marks_are_coloured_on_a_terminal_unless_no_color() -> None:
    coloured = _on_a_terminal("demo", columns=120)
    assert "\033[32m✓\033[0m" in coloured and "\033[31m✗\033[0m" in coloured
    assert "\033[" not in _on_a_terminal("demo", columns=120, colour=False)


def test_a_pipe_gets_the_wide_table_as_a_file_does(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "80"}
    piped = subprocess.run(
        [sys.executable, "-m", "clustercheck", "demo"], capture_output=True, env=env, check=True
    ).stdout
    assert main(["demo", "-o", str(tmp_path / "demo.txt")]) == 0
    assert piped == (tmp_path / "demo.txt").read_bytes()
    assert b"\033[" not in piped


def test_chinese_punctuation_never_opens_a_line() -> None:
    texts = [o.wording for o in cc.check(cc.load_cluster(TEXTILES))] + [
        n.text("zh") for c in cc.load_clusters(examples_dir()) for o in cc.check(c) for n in o.notes
    ]
    for text in texts:
        for width in range(8, 41):
            lines = wrap(text, width)
            assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
            assert all(display_width(line) <= width for line in lines), (text, width)
            assert not any(line[:1] in "，。、；：！？）》」』" for line in lines), (
                text,
                width,
                lines,
            )
            assert not any(line[-1:] in "（《「『" for line in lines), (text, width, lines)


def test_a_terminal_table_holds_no_character_of_ambiguous_width() -> None:
    report = cc.check(cc.load_cluster(TEXTILES))
    section = report_section(report, "zh")
    for width in (80, 300):
        drawn = table_lines(section.table, width, "zh")
        assert [ch for ch in drawn if unicodedata.east_asian_width(ch) == "A"] == []
    assert "≥" in table_lines(section.table, None, "zh")  # a file keeps the wording as given


def test_every_file_written_is_said_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = examples_dir().parent / "example_registry"
    copy = tmp_path / "registry.toml"
    copy.write_bytes((registry / "registry.toml").read_bytes())
    runs = [
        ["check", TEXTILES, "-o", str(tmp_path / "a.html")],
        ["review", TEXTILES, "-o", str(tmp_path / "b.csv")],
        ["demo", "-o", str(tmp_path / "c.md")],
        ["template", "-o", str(tmp_path / "d.xlsx")],
        [
            "recheck",
            str(copy),
            "--year",
            "2018",
            str(registry / "2018"),
            "-o",
            str(tmp_path / "e.json"),
            "--record",
        ],
    ]
    for argv in runs:
        assert main(argv) == 0
        err = capsys.readouterr().err
        assert err.startswith(
            (f"已写入 {argv[argv.index('-o') + 1]}\n", f"已写入 {argv[argv.index('-o') + 1]}：")
        ), err
    assert main(["--lang", "en", "demo", "-o", str(tmp_path / "f.txt")]) == 0
    assert capsys.readouterr().err == f"Written {tmp_path / 'f.txt'}\n"


@pytest.mark.parametrize("argv", [("rules",), ("rules", "--test"), ("rules", "--lang", "en")])
def test_the_packs_and_their_cases_fit_the_terminal_as_every_table_does(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    monkeypatch.setattr("clustercheck.cli._terminal_width", lambda: 60)
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    assert max(display_width(line) for line in out.splitlines()) <= 60, out
    assert "henan-2014-196" in out and "miit-2022-119" in out


def test_at_80_columns_a_packs_verdict_stays_on_one_line_with_its_mark() -> None:
    """A block's first line breaks between a pack's verdicts, never inside one."""
    packs = "henan-2014-196,miit-2022-119"
    shown = _plain(_on_a_terminal("review", str(examples_dir()), "--rules", packs, "--lang", "en",
                                  columns=80))  # fmt: skip
    assert (
        "示例县机械制造产业集群  示例县  Provincial ✗ not qualified\n  National ? incomplete\n"
        in shown
    )
    assert not re.search(r"[✓✗?]\n", shown)  # no mark ends a line away from its verdict
    assert (
        "示例县纺织服装产业集群  示例县  Provincial ✓ qualified  National ? incomplete\n" in shown
    )


def test_at_80_columns_the_legend_keeps_each_number_with_its_criterion() -> None:
    shown = _plain(_on_a_terminal("demo", "--lang", "en", columns=80))
    legend = shown[shown.index("Criteria 1-14: 1 area") :].split("\n\n")[0]
    assert all(re.fullmatch(r"(Criteria 1-14: )?(\d+ [^;]+; )*\d+ [^;]+;?", line) for line in
               legend.splitlines()), legend  # fmt: skip
    assert "8 invest.;" in legend and max(display_width(line) for line in legend.splitlines()) <= 80
