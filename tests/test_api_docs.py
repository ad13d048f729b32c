"""Every public name is documented in docs/api.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import clustercheck as cc

API = (Path(__file__).parent.parent / "docs" / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", cc.__all__)
def test_every_public_name_is_in_the_api_docs(name: str) -> None:
    assert re.search(rf"`{re.escape(name)}[`(.\[ ]", API), f"{name} is not in docs/api.md"


def test_every_public_name_is_importable() -> None:
    assert [name for name in cc.__all__ if not hasattr(cc, name)] == []
