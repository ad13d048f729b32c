"""Telling how far a long job has got: reading a large roster, checking many clusters,
writing a workbook of many sheets.

A :data:`Progress` is called as ``progress(stage, done, total)``; ``total`` is None where it
is not known beforehand. The stages are ``"bytes"`` (of a roster file read), ``"clusters"``
(read from the files named), ``"checked"`` (clusters checked for a review) and ``"sheets"``
(of a workbook written).
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, "int | None"], None]
