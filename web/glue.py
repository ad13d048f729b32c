"""What the review page asks of the library, in the browser's Python (Pyodide, in a worker).

Each call reads the files the reviewer gave (already written to the in-memory file system,
in the working directory, under the names the reviewer sees), writes the outputs under
``OUT`` and answers with JSON: the files to offer (the HTML among them, which the page also
shows), and the errors of the files that could not be read, while the other files are still
reviewed. The outputs are
made exactly as ``clustercheck review`` / ``recheck`` / ``template`` make them, so the page
shows and offers the same bytes as the command line writes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import clustercheck as cc
from clustercheck.base.errors import ClusterCheckError, InputErrors
from clustercheck.base.labels import word
from clustercheck.base.notes import Note
from clustercheck.base.progress import Progress
from clustercheck.rechecking.registry import load_registry, save_registry
from clustercheck.rechecking.verify import recheck, record
from clustercheck.render.document import Document
from clustercheck.render.layout import (
    comparison_document,
    recheck_document,
    render,
    review_document,
)
from clustercheck.render.template import render_template
from clustercheck.reviewing import compare, review
from clustercheck.rules.pack import bundled_packs, load_rules, packs_of

#: Where the outputs are written, to be offered as downloads.
OUT = Path("/tmp/clustercheck-out")
#: The formats offered beside the HTML shown.
DOWNLOADS = ("html", "xlsx", "csv", "json")


def info() -> str:
    """The library's version and its bundled packs, for the page's header and choices."""
    packs = []
    for pack_id in bundled_packs():
        pack = load_rules(pack_id)
        packs.append({"id": pack.id, "document": pack.document, "zh": pack.title("zh"),
                      "en": pack.title("en")})  # fmt: skip
    return json.dumps({"version": cc.__version__, "packs": packs}, ensure_ascii=False)


def _error(exc: ClusterCheckError, lang: str) -> list[dict[str, str]]:
    """An error (each of several) as the page shows it: code, file and message."""
    errors = exc.errors if isinstance(exc, InputErrors) else (exc,)
    return [{"code": e.code, "file": e.source or "", "message": e.message(lang)} for e in errors]


def _json(value: object) -> bytes:
    """JSON as the command line writes it."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class _Run:
    """One request's errors and notes, gathered while the files are read."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.errors: list[dict[str, str]] = []
        self.notes: list[str] = []

    def error(self, exc: ClusterCheckError) -> None:
        self.errors.extend(_error(exc, self.lang))

    def note(self, note: Note) -> None:
        self.notes.append(note.text(self.lang))

    def answer(self, **fields: Any) -> str:
        return json.dumps(
            {"errors": self.errors, "notes": self.notes, **fields}, ensure_ascii=False
        )


def _outputs(
    name: str,
    document: Callable[..., Document],
    data: Callable[[str], object],
    lang: str,
    progress: Progress | None,
    show: Callable[[str], None] | None,
) -> dict[str, str]:
    """Writes each download as the command line writes it (``document(details=…)`` in each
    format, ``data(lang)`` as JSON) to ``OUT/name.FMT``; their paths by format. The HTML is
    made first, and its path given to ``show`` at once."""
    OUT.mkdir(parents=True, exist_ok=True)
    paths: dict[str, str] = {}
    for fmt in DOWNLOADS:
        if fmt == "json":
            output = _json(data(lang))
        else:
            output = render(document(details=fmt in ("xlsx", "html")), fmt, progress)
        path = OUT / f"{name}.{fmt}"
        path.write_bytes(output)
        paths[fmt] = str(path)
        if fmt == "html" and show is not None:
            show(str(path))
    return paths


def review_files(
    paths: Sequence[str],
    packs: Sequence[str],
    lang: str,
    progress: Progress | None = None,
    show: Callable[[str], None] | None = None,
) -> str:
    """The review of ``paths`` against ``packs`` (one or several): as ``clustercheck review
    PATHS --rules PACKS --lang LANG -o review.FMT`` writes it, the unreadable files left out.
    ``show`` is given the HTML's path as soon as it is written, before the other downloads."""
    run = _Run(lang)
    rules = packs_of(list(packs))
    try:
        clusters = list(
            cc.load_clusters(
                paths, rules if len(rules) > 1 else rules[0], on_note=run.note,
                progress=progress, on_error=run.error,
            )
        )  # fmt: skip
        if not clusters:
            return run.answer(files={})
        name = word("review_sheet", lang)
        if len(rules) > 1:
            comparison = compare(clusters, rules)
            document = functools.partial(comparison_document, comparison, lang)
            files = _outputs(name, document, comparison.to_dict, lang, progress, show)
        else:
            result = review(clusters, rules[0])
            document = functools.partial(review_document, result, lang)
            files = _outputs(name, document, result.to_dict, lang, progress, show)
    except ClusterCheckError as exc:
        run.error(exc)
        return run.answer(files={})
    return run.answer(files=files)


def recheck_files(
    registry_path: str,
    paths: Sequence[str],
    year: int,
    lang: str,
    keep: bool,
    progress: Progress | None = None,
) -> str:
    """The re-verification round of ``year``, as ``clustercheck recheck REGISTRY --year YEAR
    PATHS -o recheck.FMT`` writes it; with ``keep``, the registry with the round recorded
    (``--record``), under the registry's own name."""
    run = _Run(lang)
    try:
        registry = load_registry(registry_path)
        rules = load_rules(registry.rules)
        clusters = list(
            cc.load_clusters(paths, rules, on_note=run.note, progress=progress, on_error=run.error)
        )
        result = recheck(registry, year, clusters, rules)
        run.notes.extend(note.text(lang) for note in result.warnings)
        document = functools.partial(recheck_document, result, lang)
        name = f"复核{year}" if lang == "zh" else f"recheck-{year}"
        files = _outputs(name, document, result.to_list, lang, progress, None)
        if keep:
            if not clusters:
                raise cc.UsageError(cc.Problem("record_without_data"))
            path = OUT / Path(registry_path).name
            save_registry(record(registry, result), path)
            files["registry"] = str(path)
    except ClusterCheckError as exc:
        run.error(exc)
        return run.answer(files={})
    return run.answer(files=files)


def template(packs: Sequence[str], lang: str) -> str:
    """The blank fill-in workbook for ``packs``, as ``clustercheck template`` writes it."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / ("申报表.xlsx" if lang == "zh" else "form.xlsx")
    path.write_bytes(render_template(packs_of(list(packs)), lang))
    return json.dumps({"xlsx": str(path)})
