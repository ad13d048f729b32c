"""The one way up from results to their renderers: a notebook's ``_repr_html_``.

Reports, reviews and comparisons sit below the renderers and import none of them. Their
``_repr_html_`` calls :func:`notebook_html`, which loads :mod:`clustercheck.render.notebook`
by name the first time a notebook shows a result; nothing else in a lower layer reaches up.
The language results show in follows :func:`display_language`.
"""

from __future__ import annotations

from importlib import import_module

from .arguments import one_of
from .labels import LANGS

#: The language notebooks show results in, as :func:`display_language` last set it.
_shown_in = ["zh"]


def display_language(lang: str | None = None) -> str:
    """The language a notebook shows results in: ``"zh"`` (the default) or ``"en"``; given
    ``lang``, results shown from then on are in it. Returns the language in use."""
    if lang is not None:
        _shown_in[0] = one_of(lang, LANGS, "lang")
    return _shown_in[0]


def notebook_html(result: object) -> str:
    """``result`` (a report, review, comparison or batch) as an HTML fragment for a
    notebook, in the language of :func:`display_language`."""
    renderer = import_module("clustercheck.render.notebook")
    html: str = renderer.fragment(result, _shown_in[0])
    return html
