"""Notes: remarks on a figure or an outcome, kept as a code and arguments so they read in
either language. Readers attach them to what they read; the rules attach them to outcomes."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .labels import note_text


@attrs.frozen
class Note:
    """A remark on an outcome, kept as a code and arguments so it reads in either language."""

    code: str
    args: Mapping[str, str] = attrs.field(factory=dict)

    def text(self, lang: str = "zh") -> str:
        """The note in ``lang``."""
        return note_text(self.code, dict(self.args), lang)
