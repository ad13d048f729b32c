"""Every public name is documented in docs/api.md, and the analysts' page runs as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import clustercheck as cc

API_DIR = Path(__file__).parent.parent / "docs"
API = (API_DIR / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", cc.__all__)
def test_every_public_name_is_in_the_api_docs(name: str) -> None:
    assert re.search(rf"`{re.escape(name)}[`(.\[ ]", API), f"{name} is not in docs/api.md"


def test_every_public_name_is_importable() -> None:
    assert [name for name in cc.__all__ if not hasattr(cc, name)] == []


def test_the_analysts_three_lines_run_as_written() -> None:
    page = (API_DIR / "analysts.md").read_text(encoding="utf-8")
    section = page.split("## Three lines", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    names: dict[str, Any] = {}
    exec(code, names)
    out = names["out"]
    assert repr(names["review"]) == "<Review henan-2014-196: 3 clusters, 1 qualified>"
    assert list(out["verdict"]) == ["QUALIFIED", "NOT_QUALIFIED", "INCOMPLETE"]
    assert list(out["band"].fillna("")) == ["over-20", "", ""]
    assert out["revenue_value_亿元"].tolist()[:2] == [23.5, 19.0]
    assert out["rd_ratio_rounded"].tolist() == [True, True, False]
