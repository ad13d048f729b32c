"""The way up from results and errors to data frames: their ``to_frame``.

Reports, reviews and errors sit below the renderers and import none of them. Their
``to_frame`` calls :func:`as_frame`, which loads :mod:`clustercheck.render.frames` by name the
first time a frame is asked for, as :mod:`.notebook` does for a notebook's HTML.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


def as_frame(result: object, backend: str | None, lang: str) -> Any:
    """``result`` (a report, review or error) as a data frame of ``backend``'s library
    (``"pandas"``, ``"polars"`` or ``"pyarrow"``; None: pandas when installed)."""
    renderer = import_module("clustercheck.render.frames")
    return renderer.frame(result, backend, lang)
