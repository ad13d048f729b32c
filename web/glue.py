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

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import clustercheck as cc
from clustercheck import ClusterCheckError, InputErrors, Note
from clustercheck.base.labels import word
from clustercheck.base.progress import Progress
from clustercheck.render.results import Result
from clustercheck.render.template import render_template
from clustercheck.rules.pack import packs_of

#: Where the outputs are written, to be offered as downloads.
OUT = Path("/tmp/clustercheck-out")
#: Notes whose advice is for an installed machine (a C compiler for the roster tally), which
#: a reviewer in the browser cannot follow.
_NOT_HERE = ("tally_missing",)
#: The formats offered beside the HTML shown.
DOWNLOADS = ("html", "xlsx", "csv", "json")


def info() -> str:
    """The library's version and its bundled packs, for the page's header and choices."""
    packs = []
    for pack_id in cc.bundled_packs():
        pack = cc.load_rules(pack_id)
        packs.append({"id": pack.id, "document": pack.document, "zh": pack.title("zh"),
                      "en": pack.title("en")})  # fmt: skip
    return json.dumps({"version": cc.__version__, "packs": packs}, ensure_ascii=False)


def _error(exc: ClusterCheckError, lang: str) -> list[dict[str, str]]:
    """An error (each of several) as the page shows it: code, file and message."""
    errors = exc.errors if isinstance(exc, InputErrors) else (exc,)
    return [{"code": e.code, "file": e.source or "", "message": e.message(lang)} for e in errors]


class _Run:
    """One request's errors and notes, gathered while the files are read."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.errors: list[dict[str, str]] = []
        self.notes: list[str] = []

    def error(self, exc: ClusterCheckError) -> None:
        self.errors.extend(_error(exc, self.lang))

    def note(self, note: Note) -> None:
        if note.code in _NOT_HERE:
            return
        self.notes.append(note.text(self.lang))

    def answer(self, **fields: Any) -> str:
        return json.dumps(
            {"errors": self.errors, "notes": self.notes, **fields}, ensure_ascii=False
        )


def _outputs(
    name: str,
    result: Result,
    lang: str,
    progress: Progress | None,
    show: Callable[[str], None] | None,
) -> dict[str, str]:
    """Writes ``result`` in each download's format, as ``cc.write`` (and ``-o``) writes it, to
    ``OUT/name.FMT``; their paths by format. The HTML is made first, and its path given to
    ``show`` at once."""
    OUT.mkdir(parents=True, exist_ok=True)
    paths: dict[str, str] = {}
    for fmt in DOWNLOADS:
        path = OUT / f"{name}.{fmt}"
        cc.write(result, path, format=fmt, lang=lang, progress=progress)
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
        result = cc.compare(clusters, rules) if len(rules) > 1 else cc.review(clusters, rules[0])
        files = _outputs(name, result, lang, progress, show)
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
        registry = cc.load_registry(registry_path)
        rules = cc.load_rules(registry.rules)
        clusters = list(
            cc.load_clusters(paths, rules, on_note=run.note, progress=progress, on_error=run.error)
        )
        result = cc.recheck(registry, year, clusters, rules)
        run.notes.extend(note.text(lang) for note in result.warnings)
        name = f"复核{year}" if lang == "zh" else f"recheck-{year}"
        files = _outputs(name, result, lang, progress, None)
        if keep:
            if not clusters:
                raise cc.UsageError(cc.Problem("record_without_data"))
            path = OUT / Path(registry_path).name
            cc.save_registry(cc.record(registry, result), path)
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
