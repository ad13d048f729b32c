"""Whether the compiled roster tally is in use: said by --version, and once when a large CSV
roster is read without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read import roster_fast

#: Runs the command line in a process of its own, the compiled tally's import made to fail.
WITHOUT_TALLY = (
    "import sys; sys.modules['clustercheck.read._ctally'] = None; "
    "from clustercheck.cli import main; sys.exit(main(sys.argv[1:]))"
)
ROSTER = "企业名称,营业收入（万元）,主营业务收入（万元）\n" + "".join(
    f"示例{i}有限公司,{1000 + i},{900 + i}\n" for i in range(200)
)


def _version(*argv: str, without_tally: bool = False) -> str:
    code = WITHOUT_TALLY if without_tally else "from clustercheck.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_version_says_when_the_tally_is_not_built() -> None:
    assert _version("--version", without_tally=True) == (
        f"clustercheck {cc.__version__}（CSV 名册汇总：未编译，用 Python 汇总，约慢 10 倍）"
    )
    assert _version("--lang", "en", "--version", without_tally=True) == (
        f"clustercheck {cc.__version__} (compiled roster tally: not built; CSV rosters are "
        "summed in Python, about 10 times slower)"
    )


@pytest.mark.skipif(not roster_fast.AVAILABLE, reason="installed without the compiled tally")
def test_version_says_when_the_tally_is_in_use() -> None:
    assert (
        _version("--version") == f"clustercheck {cc.__version__}（CSV 名册汇总：已编译模块，在用）"
    )
    assert _version("--version", "--lang", "en") == (
        f"clustercheck {cc.__version__} (compiled roster tally: in use)"
    )


@pytest.fixture
def no_tally(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tally missing, a roster of 200 firms counted as large, and nothing said yet."""
    monkeypatch.setattr(roster_fast, "AVAILABLE", False)
    monkeypatch.setattr(roster_fast, "LARGE_ROSTER", len(ROSTER.encode()) - 1)
    monkeypatch.setattr(roster_fast, "_told_missing", False)


def _rosters(tmp_path: Path, *names: str) -> list[Path]:
    for name in names:
        (tmp_path / name).write_text(ROSTER, encoding="utf-8")
    return [tmp_path / name for name in names]


@pytest.mark.usefixtures("no_tally")
def test_a_large_roster_read_without_the_tally_is_told_once(tmp_path: Path) -> None:
    notes: list[cc.Note] = []
    clusters = list(cc.load_clusters(_rosters(tmp_path, "甲.csv", "乙.csv"), on_note=notes.append))
    assert len(clusters) == 2
    assert [n.code for n in notes] == ["tally_missing"]
    assert (
        notes[0]
        .text("zh")
        .startswith(
            "甲.csv（0 MB）用 Python 汇总：未编译 CSV 名册汇总模块。有该模块时读取约快 10 倍"
        )
    )
    assert "pip install again" in notes[0].text("en")
    again: list[cc.Note] = []
    list(cc.load_clusters(_rosters(tmp_path, "丙.csv"), on_note=again.append))
    assert again == []


@pytest.mark.usefixtures("no_tally")
def test_a_roster_below_the_size_is_not_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_fast, "LARGE_ROSTER", len(ROSTER.encode()) + 1)
    notes: list[cc.Note] = []
    list(cc.load_clusters(_rosters(tmp_path, "甲.csv"), on_note=notes.append))
    assert notes == []


def test_with_the_tally_nothing_is_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roster_fast, "AVAILABLE", True)
    monkeypatch.setattr(roster_fast, "LARGE_ROSTER", 1)
    monkeypatch.setattr(roster_fast, "_told_missing", False)
    assert roster_fast.missing_tally(_rosters(tmp_path, "甲.csv")[0]) is None


@pytest.mark.usefixtures("no_tally")
def test_the_command_line_tells_it_once_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in _rosters(tmp_path, "甲.csv", "乙.csv")]
    assert main(["review", *files]) == 0
    err = capsys.readouterr().err
    assert err.count("未编译 CSV 名册汇总模块") == 1
    assert err.startswith("clustercheck: 提示: 甲.csv（0 MB）用 Python 汇总")
