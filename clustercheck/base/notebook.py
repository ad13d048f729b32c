"""The one way up from results to their renderers: a notebook's ``_repr_html_``.

Reports, reviews and comparisons sit below the renderers and import none of them. Their
``_repr_html_`` calls :func:`notebook_html`, which loads :mod:`clustercheck.render.notebook`
by name the first time a notebook shows a result; nothing else in a lower layer reaches up.
"""

from __future__ import annotations

from importlib import import_module


def notebook_html(result: object) -> str:
    """``result`` (a report, review or comparison) as an HTML fragment for a notebook."""
    renderer = import_module("clustercheck.render.notebook")
    html: str = renderer.fragment(result)
    return html
