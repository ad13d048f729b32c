"""Every wording a bundled pack or example quotes occurs in the document it cites."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import clustercheck as cc
from clustercheck.read.examples import examples_dir
from clustercheck.rules.sources import occurs, plain

SOURCES_DIR = Path(__file__).parent / "data" / "sources"
#: The documents the project has the text of, each with the excerpt file that holds it.
SOURCES = {
    "豫工信企业〔2014〕196号": "004_bcfda79aa3039b44.txt",
    "许发改办〔2018〕218号": "000_e5f40e83cc918f30.txt",
}
#: Bundled packs whose document's text the project does not have, and why (its public copies
#: are quoted in criteria/sources/miit-2022-119.md and checked by test_sources.py).
UNSOURCED = {"miit-2022-119": "工信部企业〔2022〕119号 is not among the project's sources"}


def _source(document: str) -> str:
    return plain((SOURCES_DIR / SOURCES[document]).read_text(encoding="utf-8"))


def _pack_wordings(pack: cc.Rules) -> list[str]:
    wordings = [c.wording for c in pack.criteria]
    wordings += [alt.wording for c in pack.criteria for alt in c.any_of]
    wordings += [part.wording for part in (pack.recheck, pack.targets) if part is not None]
    return wordings


def _reported() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, entry)
        for path in sorted(examples_dir().glob("*.toml"))
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("reported", [])
    ]


def test_each_excerpt_is_of_the_document_it_stands_for() -> None:
    for document in SOURCES:
        assert plain(document) in _source(document)


def test_a_quotation_is_matched_exactly_and_in_order() -> None:
    text = _source("许发改办〔2018〕218号")
    assert occurs("集聚关联企业120家，规模突破1000亿元", text)  # spacing and width aside
    assert not occurs("产业规模突破1000亿元", text)  # a word the source does not have
    text = _source("豫工信企业〔2014〕196号")
    assert occurs("有……产业发展规划", text)
    assert not occurs("产业发展规划……有健全的组织协调机构", text)  # parts out of order


def test_every_bundled_pack_has_a_source_or_says_why_not() -> None:
    documents = {pack: cc.load_rules(pack).document for pack in cc.bundled_packs()}
    assert {p for p, d in documents.items() if d not in SOURCES} == set(UNSOURCED)


@pytest.mark.parametrize("pack", [p for p in cc.bundled_packs() if p not in UNSOURCED])
def test_every_pack_wording_occurs_in_its_document(pack: str) -> None:
    rules = cc.load_rules(pack)
    text = _source(rules.document)
    wordings = _pack_wordings(rules)
    assert len(wordings) == len(rules.criteria) + 2  # recheck and targets included
    assert [w for w in wordings if not occurs(w, text)] == []


def test_every_reported_wording_occurs_in_its_document() -> None:
    reported = _reported()
    assert len(reported) == 18  # three figures for each of the six Xuchang clusters
    assert {entry["source"] for _, entry in reported} <= set(SOURCES)
    missing = [
        (name, entry["wording"])
        for name, entry in reported
        if not occurs(entry["wording"], _source(entry["source"]))
    ]
    assert missing == []
