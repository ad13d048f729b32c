"""Every word, note and message the tables hold is one the code says, and every code the
error catalogue lists is one it raises: a label left behind by a change is noticed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clustercheck.base import labels, messages

PACKAGE = Path(__file__).parents[1] / "clustercheck"
DEFINED_IN = {PACKAGE / "base" / "labels.py", PACKAGE / "base" / "messages.py"}
SOURCE = "\n".join(
    path.read_text(encoding="utf-8")
    for path in sorted(PACKAGE.rglob("*.py"))
    if path not in DEFINED_IN
)
#: Keys the code builds from a prefix: ``word(f"decision_{…}")``.
BUILT = tuple(re.findall(r"""f["']([a-z_]+_)\{""", SOURCE))
TABLES = {
    "WORDS": labels.WORDS,
    "UNITS": labels.UNITS,
    "FIELDS": labels.FIELDS,
    "NOTES": labels.NOTES,
    "MESSAGES": messages.MESSAGES,
    "PLACES": messages.PLACES,
}


def _said(key: str) -> bool:
    return f'"{key}"' in SOURCE or f"'{key}'" in SOURCE or key.startswith(BUILT)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_key_of_the_tables_is_said_by_the_code(table: str) -> None:
    assert [key for key in TABLES[table] if not _said(key)] == []


def test_a_key_no_code_says_is_found() -> None:
    assert not _said("no_such_label_anywhere")
    assert _said("decision_RETAIN")  # built as f"decision_{…}"


def test_every_code_of_the_catalogue_is_a_message() -> None:
    catalogue = (PACKAGE.parent / "docs" / "errors.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"^\| `([a-z0-9_]+)` \|", catalogue, re.MULTILINE))
    facts = {"code", "source", "key", "line", "sheet", "value", "expected", "problem"}
    assert sorted(codes - facts - set(messages.MESSAGES)) == []
