"""A pack's source text (``sources/<pack id>.md`` beside the pack): the clauses as published,
and a table of the sentences that state a condition with the criteria that check them.

Two checks hold a pack to its text: every wording it quotes occurs there, character for
character (full- and half-width punctuation alike, ``……`` for words left out), and every
condition sentence maps to at least one criterion of the pack. A text that could not be read
whole says so in its front matter (``verified: partly``), and reports under the pack say so.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import attrs

from ..base.errors import PackError, Problem
from .pack import Rules

#: Where a condition is known to exist but its text was not found: a criterion checking it
#: starts its wording with this mark instead of quoting.
NOT_FOUND = "〔原文未找到〕"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_ROW = re.compile(r"^\|(.*)\|\s*$")


@attrs.frozen
class Condition:
    """A sentence of the text that states a condition, and the criteria that check it."""

    clause: str
    sentence: str
    criteria: tuple[str, ...]


@attrs.frozen
class SourceText:
    """A pack's source file, read: its quoted text, its condition sentences, and whether the
    whole text could be verified against a published copy."""

    path: str
    pack: str
    verified: bool
    text: str
    conditions: tuple[Condition, ...]
    #: What could not be read as the format asks: (where, what was found, what was expected).
    malformed: tuple[tuple[str, str, str], ...] = ()


def plain(text: str) -> str:
    """Text as compared: NFKC (full- and half-width punctuation alike), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def occurs(wording: str, text: str) -> bool:
    """Whether the quotation is in ``text`` (already :func:`plain`); ``……`` stands for words
    left out, so its parts must occur in order."""
    at = 0
    for part in (plain(p) for p in wording.split("……")):
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def source_path(rules: Rules) -> Path | None:
    """Where the source file of ``rules`` is (``sources/<pack file name>.md`` beside the pack
    file), or None when the pack ships none (or was not loaded from a file)."""
    if rules.path is None:
        return None
    path = Path(rules.path)
    candidate = path.parent / "sources" / f"{path.stem}.md"
    return candidate if candidate.is_file() else None


#: What the front matter's ``verified`` may say.
VERIFIED = ("full", "partly")


@lru_cache(maxsize=32)
def _read(path: str, mtime: float) -> SourceText:
    try:
        content = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem("not_utf8", byte=exc.start, reason=exc.reason)
        raise PackError(problem, source=path) from None
    front = _FRONT.match(content)
    lines = (front.group(1) if front else "").splitlines()
    fields = {key.strip(): value.strip() for key, _, value in (x.partition(":") for x in lines)}
    malformed = []
    if fields.get("verified") not in VERIFIED:
        malformed.append(("verified", fields.get("verified", ""), " or ".join(VERIFIED)))
    body = content[front.end() :] if front else content
    quoted = [line[1:] for line in body.splitlines() if line.startswith(">")]
    conditions = []
    in_table = False
    for number, line in enumerate(body.splitlines(), start=1):
        if line.startswith("#"):
            in_table = line.lstrip("#").strip().lower().startswith("conditions")
            continue
        row = _ROW.match(line)
        if not in_table or row is None:
            continue
        cells = [cell.strip() for cell in row.group(1).split("|")]
        if len(cells) != 3:
            malformed.append((f"line {number}", line, "| clause | sentence | criteria |"))
            continue
        if set(cells[0]) <= set("-: ") or cells[0] == "clause":
            continue  # the table's header and its rule
        ids = tuple(i.strip(" `") for i in re.split(r"[,，、]", cells[2]) if i.strip(" `"))
        conditions.append(Condition(cells[0], cells[1], ids))
    return SourceText(
        path, fields.get("pack", ""), fields.get("verified") == "full",
        plain("".join(quoted)), tuple(conditions), tuple(malformed),
    )  # fmt: skip


def read_source(rules: Rules) -> SourceText | None:
    """The source file of ``rules``, read (once while it is unchanged), or None."""
    path = source_path(rules)
    return None if path is None else _read(str(path), path.stat().st_mtime)


def _quoted(rules: Rules) -> list[tuple[str, str, str | None]]:
    """Every wording the pack quotes, with the key that holds it and its criterion's id."""
    found: list[tuple[str, str, str | None]] = [
        (f"criteria[{i}].wording", c.wording, c.id) for i, c in enumerate(rules.criteria)
    ]
    found += [
        (f"criteria[{i}].any_of[{n}].wording", alt.wording, c.id)
        for i, c in enumerate(rules.criteria)
        for n, alt in enumerate(c.any_of)
    ]
    found += [(f"{name}.wording", part.wording, None)
              for name, part in (("recheck", rules.recheck), ("targets", rules.targets))
              if part is not None]  # fmt: skip
    return found


def source_problems(rules: Rules, source: SourceText) -> list[tuple[str, Problem]]:
    """What does not hold between a pack and its source text, each at its key: a wording
    not in the text, a condition sentence not in it or checked by no criterion (or by one the
    pack does not have), a criterion that checks no condition sentence."""
    problems: list[tuple[str, Problem]] = [
        (where, Problem("source_malformed", value=found, file=source.path, expected=expected))
        for where, found, expected in source.malformed
    ]
    if source.pack != rules.id:
        problems.append(("pack", Problem("source_for_other_pack", value=source.pack, expected=rules.id)))  # fmt: skip
    # A criterion of a condition whose text was not found may say so instead of quoting.
    unfound = {c for condition in source.conditions if condition.sentence.startswith(NOT_FOUND)
               for c in condition.criteria}  # fmt: skip
    for key, wording, owner in _quoted(rules):
        if wording.startswith(NOT_FOUND) and owner in unfound:
            continue
        if not occurs(wording, source.text):
            problems.append((key, Problem("wording_not_in_source", value=wording, file=source.path)))  # fmt: skip
    ids = {c.id for c in rules.criteria}
    checked: set[str] = set()
    for n, condition in enumerate(source.conditions):
        where = f"conditions[{n}]"
        if not condition.sentence.startswith(NOT_FOUND) and not occurs(
            condition.sentence, source.text
        ):
            problems.append((where, Problem("condition_not_in_source", value=condition.sentence, file=source.path)))  # fmt: skip
        if not condition.criteria:
            problems.append((where, Problem("condition_unchecked", value=condition.sentence)))
        for unknown in sorted(set(condition.criteria) - ids):
            problems.append((where, Problem("no_criterion", value=unknown, pack=rules.id, expected=", ".join(sorted(ids)))))  # fmt: skip
        checked.update(condition.criteria)
    for index, criterion in enumerate(rules.criteria):
        if criterion.id not in checked:
            problems.append((f"criteria[{index}]", Problem("criterion_without_condition", value=criterion.id, file=source.path)))  # fmt: skip
    return problems
