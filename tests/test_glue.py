"""The review page's glue (web/glue.py), run here as the page runs it in the browser: the
same outputs as the command line, the errors of unreadable files beside the review of the
rest, and no advice a reviewer in the browser cannot follow."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

import clustercheck as cc
from clustercheck.base.notes import Note
from clustercheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "clustercheck" / "example_forms" / "illustrative-5-ceramics.xlsx"


def _glue() -> ModuleType:
    spec = importlib.util.spec_from_file_location("clustercheck_page", ROOT / "web" / "glue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def glue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    module = _glue()
    monkeypatch.setattr(module, "OUT", tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    return module


def test_a_review_is_written_as_the_command_line_writes_it(
    glue: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / FORM.name).write_bytes(FORM.read_bytes())
    (tmp_path / "bad.toml").write_text('name = "x"\n[declared]\nrevenue = 1\n', encoding="utf-8")
    shown: list[str] = []
    answer = json.loads(glue.review_files([FORM.name, "bad.toml"], ["henan-2014-196"], "en",
                                          None, shown.append))  # fmt: skip
    assert [(e["file"], e["code"]) for e in answer["errors"]] == [("bad.toml", "unknown_keys")]
    assert answer["errors"][0]["message"].startswith("bad.toml: declared: unknown key(s)")
    assert set(answer["files"]) == {"html", "xlsx", "csv", "json"}
    assert shown == [answer["files"]["html"]]
    for fmt in ("html", "csv", "json"):
        assert main(["review", FORM.name, "--lang", "en", "-o", f"cli.{fmt}"]) == 0
        assert Path(answer["files"][fmt]).read_bytes() == (tmp_path / f"cli.{fmt}").read_bytes()


def test_no_file_readable_gives_no_review(glue: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("name = ", encoding="utf-8")
    answer = json.loads(glue.review_files(["bad.toml"], ["henan-2014-196"], "zh"))
    assert answer["files"] == {}
    assert [e["code"] for e in answer["errors"]] == ["not_valid_file"]


def test_the_compiler_advice_is_not_shown_in_the_browser(glue: ModuleType) -> None:
    run = glue._Run("zh")
    run.note(Note("tally_missing", {"file": "名册.csv", "size": "9 MB"}))
    run.note(Note("files_unread", {"folder": "材料", "count": "1", "files": "说明.docx"}))
    assert run.notes == [Note("files_unread", {"folder": "材料", "count": "1",
                                               "files": "说明.docx"}).text("zh")]  # fmt: skip


def test_the_template_is_the_chosen_packs(glue: ModuleType) -> None:
    path = json.loads(glue.template(["henan-2014-196", "miit-2022-119"], "en"))["xlsx"]
    assert Path(path).name == "form.xlsx"
    assert os.path.getsize(path) > 0
    assert cc.__version__ in json.loads(glue.info())["version"]
