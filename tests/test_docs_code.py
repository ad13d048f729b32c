"""The code in the docs runs as written, from any folder: every block of docs/analysts.md,
the README's Python example and set-up commands, the reviewer guide's count of examples."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import clustercheck as cc

ROOT = Path(__file__).parents[1]


def _blocks(path: Path, lang: str = "python") -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder that is not the checkout, and charts drawn off screen."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return tmp_path


@pytest.mark.usefixtures("elsewhere")
def test_every_block_of_the_analysts_page_runs_as_written() -> None:
    blocks = _blocks(ROOT / "docs" / "analysts.md")
    assert len(blocks) == 6
    names: dict[str, Any] = {}
    for block in blocks:
        exec(block, names)
    assert repr(names["batch"]) == "<Batch henan-2014-196: 3 clusters, 1 qualified>"
    assert [c.name for c in names["by_firm"]] == [
        "示例一县纺织服装产业集群", "示例二县食品加工产业集群", "示例三县机械制造产业集群",
    ]  # fmt: skip
    assert list(names["table"]["code"]) == ["not_money", "negative"]
    assert list(names["chart"]["cluster"]) == [
        "甲县纺织服装产业集群",
        "乙县食品产业集群",
        "丙县机械产业集群",
    ]
    assert len(names["sweep"]) == 9


@pytest.mark.usefixtures("elsewhere")
def test_the_english_readme_example_runs_from_any_folder() -> None:
    english = (ROOT / "README.md").read_text(encoding="utf-8").split("## English", 1)[1]
    (block,) = re.findall(r"```python\n(.*?)```", english, flags=re.S)
    names: dict[str, Any] = {}
    exec(block, names)
    assert names["report"].verdict is cc.Verdict.QUALIFIED
    assert str(names["report"]["main_share"].value) == "72.3404255319"


def test_the_two_setup_commands_each_make_their_own_environment() -> None:
    commands = _blocks(ROOT / "README.md", "sh")
    setups = [c.strip() for c in commands if c.startswith("python3 -m venv")]
    assert len(setups) == 4  # in Chinese and in English, the same two
    made = []
    for command in setups:
        found = re.match(r"python3 -m venv (\S+) && \. (\S+)/bin/activate && pip install ", command)
        assert found is not None and found[1] == found[2], command
        made.append(found[1])
    assert made == [".venv", ".venv-dev", ".venv", ".venv-dev"]
    assert "clustercheck demo" in setups[0] and "python -m pytest" in setups[1]


def test_the_reviewer_guide_counts_the_examples_the_demo_checks() -> None:
    guide = (ROOT / "docs" / "reviewer-guide.md").read_text(encoding="utf-8")
    count = len(list(cc.load_clusters(cc.examples_dir())))
    assert count == 13
    assert f"随软件附带的 {count} 个示例集群" in guide
