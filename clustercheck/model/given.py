"""One cluster given once: the same name, region and year twice would count it twice
towards the targets, in a review, a batch or the files of one run."""

from __future__ import annotations

import unicodedata

from ..base.errors import InputError, Problem
from ..base.messages import Phrase

_NO_REGION = Phrase("no region", "无地区")
_NO_YEAR = Phrase("no year", "无年度")


class GivenOnce:
    """The clusters of a review so far, by name, region and year, to refuse one given twice:
    it would be counted twice towards the targets. Names and regions are compared after NFKC
    normalisation and trimming, so full-width and half-width spellings are one cluster."""

    def __init__(self) -> None:
        self._sources: dict[tuple[str, str, int | None], str] = {}

    def add(self, name: str, region: str | None, year: int | None, source: str) -> None:
        key = (same_text(name), same_text(region or ""), year)
        first = self._sources.get(key)
        if first is not None:
            raise InputError(
                source, "name", Problem("cluster_twice", value=name, region=region or _NO_REGION,
                                        year=year or _NO_YEAR, first=first),
            )  # fmt: skip
        self._sources[key] = source


def same_text(text: str) -> str:
    """``text`` as names and regions are compared: NFKC-normalised and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()
