"""Plain-text tables that read in any terminal: ASCII borders, Chinese wrapped without a
mark of punctuation opening a line, and, printed to a terminal, cells free of characters whose
width a console may count as one or two and a narrow layout for a table wider than the screen.

A table is drawn wide when it fits ``width`` (or when no width is given: files, which keep
every character as given); else its single-mark columns are folded into one with a numbered
legend; else each row becomes a block of ``header：value`` lines.
"""

from __future__ import annotations

import re

from ..base.labels import word
from .document import Mark, Table, display_width

#: Characters East Asian consoles draw two cells wide and others one ("ambiguous width"),
#: and what a table shows instead, one width everywhere.
_ONE_WIDTH = str.maketrans({
    "≥": ">=", "≤": "<=", "“": "「", "”": "」", "‘": "『", "’": "』", "…": "⋯", "—": "-",
    "·": "・", "²": "2", "×": "x",
})  # fmt: skip
#: Punctuation that never opens a line, and punctuation that never ends one.
_CLOSING = frozenset("，。、；：！？）》」』】〕,.;:!?)]}%％")
_OPENING = frozenset("（《「『【〔([{")
#: Marks that stand before the name of what they mark.
_MARKS = frozenset("✓✗?・·")
#: Columns of a mark alone (✓ ✗ ? ・) are folded when there are at least this many, into
#: one column of marks in groups of five, so that the eye finds the tenth.
_FOLD = 3
_GROUP = 5
#: Where a numbered legend may break: after each item's separator (``；`` or ``; ``).
_AFTER_SEPARATOR = re.compile(r"(?<=；)|(?<=; )")
#: The narrowest a text column is wrapped to before a table is drawn as blocks instead.
_NARROWEST = 12


def one_width(text: str) -> str:
    """``text`` with ambiguous-width characters replaced by ones of a single width."""
    return text.translate(_ONE_WIDTH)


def _shown(text: str) -> str:
    """Text as a file keeps it: every character as given."""
    return text


def _units(text: str) -> list[str]:
    """``text`` cut where a line may break: between Chinese characters, at spaces, never
    before closing or after opening punctuation, never inside a Latin word or number, never
    between a mark and the Chinese word it marks (``?建筑密度``)."""
    units: list[str] = []
    glue = False  # the last unit ends in opening punctuation or a mark: the next joins it
    for i, ch in enumerate(text):
        marks = ch in _MARKS and not text[i + 1 : i + 2].isascii()
        latin = ch.isascii() and not ch.isspace() and ch not in _OPENING and ch not in _CLOSING
        if units and (
            glue
            or (ch in _CLOSING and not marks)
            or (latin and not marks and units[-1][-1].isascii() and not units[-1][-1].isspace())
        ):
            units[-1] += ch
        else:
            units.append(ch)
        glue = ch in _OPENING or marks
    return units


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a Chinese character counting two);
    a unit wider than a line is cut by characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for unit in _units(paragraph):
            if line and display_width(line + unit) > width:
                lines.append(line.rstrip())
                line = unit.lstrip()
            else:
                line += unit
            while display_width(line) > width > 1:
                cut = _fitting(line, width)
                while 1 < cut < len(line) and line[cut] in _CLOSING:
                    cut -= 1  # closing punctuation goes down with the character before it
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def _fitting(text: str, width: int) -> int:
    """How many leading characters of ``text`` fit in ``width`` columns (at least one)."""
    used = 0
    for i, ch in enumerate(text):
        used += display_width(ch)
        if used > width:
            return max(i, 1)
    return len(text)


def table_lines(table: Table, width: int | None, lang: str) -> str:
    """The table as plain text: wide when it fits ``width`` (always, without one), else
    folded or as blocks."""
    from tabulate import tabulate

    shown = _shown if width is None else one_width
    rows = [[shown(str(c)) for c in row] for row in table.rows]
    headers = [shown(h) for h in table.headers]
    if table.widths is not None:
        rows = [
            [
                "\n".join(wrap(c, cap)) if cap and c else c
                for c, cap in zip(r, table.widths, strict=True)
            ]
            for r in rows
        ]
    style = "grid" if table.widths is not None else "simple"
    wide = tabulate(rows, headers=headers, tablefmt=style, disable_numparse=True)
    if width is None or _widest(wide) <= width:
        return wide
    folded = _folded(table, lang)
    if folded is not None:
        headers, rows, column, legend = folded
        text = _squeezed(headers, rows, column, width)
        if text is not None:
            return text + "\n\n" + "\n".join(_legend_lines(legend, width))
    return _blocks(table, width, lang)


def _squeezed(headers: list[str], rows: list[list[str]], keep: int, width: int) -> str | None:
    """The table drawn simply in ``width`` columns, its widest text columns (never column
    ``keep``) wrapped as far as needed; None when even that does not fit."""
    from tabulate import tabulate

    caps: dict[int, int] = {}
    while True:
        shown = [
            ["\n".join(wrap(c, caps[i])) if i in caps else c for i, c in enumerate(r)] for r in rows
        ]
        text = tabulate(shown, headers=headers, tablefmt="simple", disable_numparse=True)
        over = _widest(text) - width
        if over <= 0:
            return text
        widths = {
            i: max(display_width(line) for r in shown for line in r[i].split("\n"))
            for i in range(len(headers))
            if i != keep
        }
        widest = max(widths, key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] - over < _NARROWEST:
            return None
        caps[widest] = widths[widest] - over


def _widest(text: str) -> int:
    return max((display_width(line) for line in text.split("\n")), default=0)


def _single_marks(table: Table) -> list[int]:
    """The columns whose every cell is a mark alone (✓ ✗ ? ・)."""
    return [
        i
        for i in range(len(table.headers))
        if table.rows and all(isinstance(r[i], Mark) and len(str(r[i])) == 1 for r in table.rows)
    ]


def _folded(table: Table, lang: str) -> tuple[list[str], list[list[str]], int, str] | None:
    """The table with its mark columns as one column of marks, and the legend that numbers
    them; None when it has too few to fold."""
    marks = _single_marks(table)
    if len(marks) < _FOLD:
        return None
    first = marks[0]
    kept = [i for i in range(len(table.headers)) if i not in marks]
    title = word("criteria_numbered", lang, first=1, last=len(marks))
    headers = [one_width(table.headers[i]) for i in kept if i < first]
    headers += [title] + [one_width(table.headers[i]) for i in kept if i > first]
    rows = []
    for row in table.rows:
        shown = "".join(one_width(str(row[i])) for i in marks)
        joined = " ".join(shown[k : k + _GROUP] for k in range(0, len(shown), _GROUP))
        cells = [one_width(str(row[i])) for i in kept]
        split = sum(1 for i in kept if i < first)
        rows.append([*cells[:split], joined, *cells[split:]])
    names = word("list_separator", lang).join(
        f"{n} {one_width(table.headers[i])}" for n, i in enumerate(marks, start=1)
    )
    return headers, rows, headers.index(title), _labelled(title, names, lang)


def _legend_lines(legend: str, width: int) -> list[str]:
    """The numbered legend in lines of ``width``, broken only after a separator, so that no
    criterion's number ends one line and its name opens the next (``8`` / ``invest.``)."""
    lines = [""]
    for piece in _AFTER_SEPARATOR.split(legend):
        if lines[-1] and display_width(lines[-1] + piece.rstrip()) > width:
            lines[-1] = lines[-1].rstrip()
            lines.append("")
        lines[-1] += piece
    return [wrapped for line in lines for wrapped in wrap(line.rstrip(), width)]


def _short(text: str) -> bool:
    """Whether a mark is short enough for a row's first line (a verdict, not a list)."""
    return display_width(text) <= 16


def _labelled(label: str, text: str, lang: str) -> str:
    """``label：text`` (``label: text`` in English)."""
    return f"{label}: {text}" if lang == "en" else f"{label}：{text}"


def _blocks(table: Table, width: int, lang: str) -> str:
    """Each row as a block: its first cell (and the second, when short) and its marks on one
    line, then each other cell as ``header：value``, wrapped under itself."""
    blocks = []
    for row in table.rows:
        texts = [one_width(str(c)) for c in row]
        # The second cell (a criterion's name, a cluster's) joins the first on the first line.
        short = (
            len(row) > 1 and not isinstance(row[1], Mark) and display_width(texts[1]) <= width // 2
        )
        head = texts[:2] if short else texts[:1]
        marks = {i for i, c in enumerate(row) if isinstance(c, Mark) and _short(texts[i])}
        named = len(marks) > 1  # several marks (one per pack): each under its header's name
        head += [
            f"{one_width(table.headers[i])} {texts[i]}" if named else texts[i]
            for i in sorted(marks)
            if texts[i]
        ]
        lines = _together([t for t in head if t], width)
        for i, header in enumerate(table.headers):
            if not texts[i] or i == 0 or (i == 1 and short) or i in marks:
                continue
            label = "  " + _labelled(one_width(header), "", lang)
            indent = " " * display_width(label)
            body = wrap(texts[i], max(width - len(indent), 10))
            lines.append(label + body[0])
            lines += [indent + line for line in body[1:]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _together(parts: list[str], width: int) -> list[str]:
    """``parts`` two spaces apart in lines of ``width``, broken only between parts, so that a
    pack's name, its mark and its verdict stay on one line; a line after the first is
    indented as the block's other lines are; a part wider than a line wraps."""
    lines: list[str] = []
    for part in parts:
        if lines and display_width(f"{lines[-1]}  {part}") <= width:
            lines[-1] += f"  {part}"
        else:
            lead = "  " if lines else ""
            lines += [lead + line for line in wrap(part, width - len(lead))]
    return lines


#: The colour of each mark on a terminal (ANSI): passes green, failures red, unknowns yellow.
_COLOURS = {"✓": "\033[32m✓\033[0m", "✗": "\033[31m✗\033[0m", "?": "\033[33m?\033[0m"}


def coloured_marks(text: str) -> str:
    """``text`` with its marks coloured for a terminal."""
    return "".join(_COLOURS.get(ch, ch) for ch in text)
