"""The fill-in workbook (申报表) for one cluster, for the chosen packs: the figures they use,
each with its unit, a hint and the clause it serves; the yearly figures where a pack needs
them; the reviewer's findings with 是/否 lists; an empty roster with the recognised headers.

``check`` and ``review`` read it back once filled (:mod:`clustercheck.read.form`). Written with
XlsxWriter, the optional ``xlsx`` extra.

It prints as a form: every sheet A4, fit to its width, the header row repeated, the sheet and
packs in the page header and the page number in the footer, rows as tall as their wrapped
text, and a block for 填报单位, 联系人, 电话, 日期 and 盖章 under the figures. Labels are
protected (without a password) and only the cells to fill in are open; number cells accept
numbers, percentage cells fractions (52% is 0.52), the money unit comes from a list.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import attrs

from ..base.errors import Problem, UsageError
from ..base.labels import with_aside, word
from ..read.figure_names import (
    AREA,
    BASIC,
    COUNT,
    DECLARED,
    INTENSITY,
    LIST,
    MONEY,
    PERCENT,
    TEXT,
    YEAR,
    YEARLY,
    FigureName,
)  # fmt: skip
from ..read.roster_cells import COLUMNS, MONEY_FIELDS
from ..rules.measures import DECLARED_GROWTH, DECLARED_SHARES
from ..rules.pack import Criterion, Kind, Label, Rules
from .xlsx import FONT, wrapped_lines

#: The declared figures each measure reads.
_DECLARED_INPUTS: dict[str, tuple[str, ...]] = {
    "leaders": ("leaders",),
    "related_smes": ("related_smes",),
    "revenue": ("operating_revenue",),
    "main_share": ("operating_revenue", "main_industry_revenue"),
    "rd_ratio": ("operating_revenue", "rd_expense"),
    "clean_audit_rate": ("clean_audit_required", "clean_audit_done"),
    "building_density": ("building_density",),
    "investment_intensity": ("investment_intensity",),
    "service_functions": ("service_functions",),
}
#: The settings of a measure that name the yearly figures it reads.
_YEARLY_SETTINGS = ("figure", "part", "whole")
#: The roster's columns in the fill-in workbook, by field.
_ROSTER_FIELDS = (
    "name", "credit_code", "main_business_revenue", "operating_revenue", "rd_expense",
    "employees", "size", "in_main_industry", "related",
)  # fmt: skip
_ROSTER_ROWS = 1000
#: The style of a value cell by the figure's kind: text kept as typed, percentages shown so.
_STYLE_OF_KIND = {TEXT: "text", LIST: "text", PERCENT: "percent"}
_YEARS = 3
#: The money units a figure may be given in, offered as a list in the unit column.
_MONEY_UNITS = ("元", "万元", "亿元")
#: Paper size 9 is A4 in Excel's page setup.
_A4 = 9
#: A line of wrapped 11-point text, in points.
_LINE = 16
#: What each kind of figure accepts: a data validation's type, criteria and bounds; money
#: warns only, since a figure may be typed with its unit (23.5亿元).
_NUMBERS: dict[str, dict[str, Any]] = {
    MONEY: {"validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning"},
    COUNT: {"validate": "integer", "criteria": ">=", "value": 0},
    PERCENT: {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1},
    INTENSITY: {"validate": "decimal", "criteria": ">=", "value": 0},
    AREA: {"validate": "decimal", "criteria": ">=", "value": 0},
    YEAR: {"validate": "integer", "criteria": "between", "minimum": 1949, "maximum": 2200},
}


def _inputs(criterion: Criterion) -> tuple[list[str], list[str]]:
    """The declared and the yearly figures a criterion reads."""
    if criterion.measure == "declared":
        return [criterion.settings["field"]], []
    if criterion.measure in ("yearly_each", "yearly_share", "growth"):
        yearly = [criterion.settings[k] for k in _YEARLY_SETTINGS if k in criterion.settings]
        # A share or rate published without the amounts may be given instead (optional).
        stated = DECLARED_SHARES.get((yearly[0], yearly[-1])) or DECLARED_GROWTH.get(yearly[0])
        return ([stated] if stated and criterion.measure != "yearly_each" else []), yearly
    return list(_DECLARED_INPUTS.get(criterion.measure, ())), []


def template_contents(
    packs: Sequence[Rules],
) -> tuple[list[tuple[FigureName, str]], list[tuple[FigureName, str]], list[tuple[Criterion, str]]]:
    """What the workbook asks for: the declared and the yearly figures the packs use, each
    with the clauses it serves, and the criteria a reviewer attests."""
    declared: dict[str, dict[str, list[str]]] = {}
    yearly: dict[str, dict[str, list[str]]] = {}
    attested: list[tuple[Criterion, str]] = []
    for pack in packs:
        for criterion in pack.criteria:
            clause = criterion.clause if len(packs) == 1 else f"{pack.id} {criterion.clause}"
            if criterion.kind is Kind.ATTESTATION:
                attested.append((criterion, clause))
            elif (
                criterion.exception is not None
            ):  # a general rule: the reviewer finds the exception
                attested.append((_exception(criterion), clause))
            for each in (criterion, *criterion.alternatives):  # a finding's evidence too
                fields, years = _inputs(each)
                for key in fields:
                    declared.setdefault(key, {}).setdefault(pack.id, []).append(criterion.clause)
                for key in years:
                    yearly.setdefault(key, {}).setdefault(pack.id, []).append(criterion.clause)

    def clauses(found: dict[str, list[str]]) -> str:
        """The clauses a figure serves; with several packs, a line per pack naming it once
        (``henan-2014-196 三（三）、三（四）``)."""
        lines = {pack: "、".join(dict.fromkeys(each)) for pack, each in found.items()}
        if len(packs) == 1:
            return "".join(lines.values())
        return "\n".join(f"{pack} {shown}" for pack, shown in lines.items())

    return (
        [(f, clauses(declared[f.key])) for f in DECLARED if f.key in declared],
        [(f, clauses(yearly[f.key])) for f in YEARLY if f.key in yearly],
        attested,
    )


def _exception(criterion: Criterion) -> Criterion:
    """The finding a general rule asks of the reviewer: is exceeding it justified?"""
    assert criterion.exception is not None
    label = Label(
        f"{criterion.label.zh}：超出一般要求的例外理由成立",
        f"{criterion.label.en}: exceeding the general rule is justified",
    )
    return attrs.evolve(criterion, id=criterion.exception, label=label, short=label)


def render_template(packs: Sequence[Rules], lang: str = "zh") -> bytes:
    """The fill-in workbook's bytes."""
    try:
        import xlsxwriter  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError(
            Problem("needs_extra", what=".xlsx", extra="xlsx", package="XlsxWriter")
        ) from None
    declared, yearly, attested = template_contents(packs)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties(
        {"subject": ", ".join(p.id for p in packs), "title": word("form_declared", lang)}
    )
    look = {"font_name": FONT, "valign": "vcenter", "border": 1}
    fill = {**look, "bg_color": "#FFF2CC", "locked": False}
    styles = {
        "head": book.add_format({**look, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True}),
        "label": book.add_format({**look, "text_wrap": True}),
        "key": book.add_format({**look, "font_color": "#808080"}),
        "input": book.add_format(fill),
        "percent": book.add_format({**fill, "num_format": "0.00%"}),
        "text": book.add_format({**fill, "num_format": "@", "text_wrap": True}),
        "unit": book.add_format({**fill, "text_wrap": True}),
        "date": book.add_format({**fill, "num_format": "yyyy-mm-dd"}),
        "hint": book.add_format({**look, "text_wrap": True, "font_color": "#595959"}),
        "title": book.add_format({"font_name": FONT, "bold": True, "valign": "vcenter"}),
    }  # fmt: skip
    ids = word("item_separator", lang).join(p.id for p in packs)
    title = with_aside(word("form_title", lang), ids, lang)
    rows = [(f, "") for f in BASIC] + declared
    _declared_sheet(book, styles, rows, lang, title)
    if yearly:
        _yearly_sheet(book, styles, yearly, lang, title)
    _findings_sheet(book, styles, attested, lang, title)
    _roster_sheet(book, styles, lang, title)
    book.close()
    return out.getvalue()


def _print_setup(sheet: Any, lang: str, title: str, header_row: int, landscape: bool) -> None:
    """A4, fit to the width, the header row repeated, the form's title in the page header
    and the page number in the footer."""
    sheet.set_paper(_A4)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    sheet.set_header("&C&B" + title.replace("&", "&&"))
    sheet.set_footer(f"&L&A&R{word('page', lang)}")


def _heights(sheet: Any, row: int, cells: Sequence[tuple[str, float]]) -> None:
    """A row as tall as the most lines its texts wrap to in their columns' widths."""
    lines = max((wrapped_lines(text, width) for text, width in cells if text), default=1)
    sheet.set_row(row, _LINE * lines + 4)


def _numbers(sheet: Any, row: int, column: int, figure: FigureName, lang: str) -> None:
    """The cell's data validation: numbers of the figure's kind (fractions for a percentage)
    with the hint shown on selecting it; the hint alone for text."""
    rule = dict(_NUMBERS.get(figure.kind, {"validate": "any"}))
    if rule["validate"] != "any":
        rule["error_title"] = figure.name(lang)[:32]
        rule["error_message"] = word(f"form_expects_{figure.kind}", lang)[:255]
    _hint(sheet, row, column, figure.name(lang), figure.hint(lang), rule)


def _hint(
    sheet: Any, row: int, column: int, title: str, text: str, rule: dict[str, Any] | None = None
) -> None:
    """An input message shown when the cell is selected (Excel keeps at most 255 characters),
    with the cell's ``rule`` of what it accepts."""
    rule = dict(rule or {"validate": "any"})
    if text:
        rule.update(input_title=title[:32], input_message=text[:255])
    if rule["validate"] != "any" or text:
        sheet.data_validation(row, column, row, column, rule)


#: The columns of the declared figures' sheet and their widths.
_DECLARED_WIDTHS = (30, 22, 18, 10, 60, 14)


def _declared_sheet(
    book: Any, styles: dict[str, Any], rows: list[tuple[FigureName, str]], lang: str, title: str
) -> None:
    sheet = book.add_worksheet(word("form_declared", lang))
    headers = [word(k, lang) for k in ("form_figure", "form_key", "value", "form_unit", "form_hint", "clause")]  # fmt: skip
    sheet.write_row(0, 0, headers, styles["head"])
    widths = list(_DECLARED_WIDTHS)
    if any(" " in clause for _, clause in rows):
        widths[5] = 24  # the clauses of two packs, each named
    for row, (figure, clause) in enumerate(rows, start=1):
        cell = styles[_STYLE_OF_KIND.get(figure.kind, "input")]
        sheet.write(row, 0, figure.name(lang), styles["label"])
        sheet.write(row, 1, figure.key, styles["key"])
        sheet.write_blank(row, 2, None, cell)
        unit = "" if figure.kind == YEAR else figure.unit
        sheet.write(row, 3, unit, styles["unit" if figure.kind == MONEY else "label"])
        sheet.write(row, 4, figure.hint(lang), styles["hint"])
        sheet.write(row, 5, clause, styles["label"])
        _numbers(sheet, row, 2, figure, lang)
        if figure.kind == MONEY:
            sheet.data_validation(
                row, 3, row, 3, {"validate": "list", "source": list(_MONEY_UNITS)}
            )
        texts = (figure.name(lang), figure.key, "", unit, figure.hint(lang), clause)
        _heights(sheet, row, list(zip(texts, widths, strict=True)))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    _filled_by(sheet, styles, len(rows) + 2, lang)
    sheet.freeze_panes(1, 0)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    _print_setup(sheet, lang, title, 0, landscape=True)


def _filled_by(sheet: Any, styles: dict[str, Any], row: int, lang: str) -> None:
    """Who fills the form in: 填报单位, 联系人, 电话, 日期 and room for the seal, under the
    figures; the sheet is read by its key column, which these rows leave empty (each label
    spans it, each answer is in the value column and those after it)."""
    sheet.write(row, 0, word("form_filled_by", lang), styles["title"])
    for offset, key in enumerate(("form_unit_name", "form_contact", "form_phone", "date", "form_seal"), 1):  # fmt: skip
        line = row + offset
        sheet.merge_range(line, 0, line, 1, word(key, lang), styles["label"])
        style = styles["date"] if key == "date" else styles["unit"]
        sheet.merge_range(line, 2, line, 4, None, style)
        if key == "date":
            sheet.data_validation(line, 2, line, 4, {
                "validate": "date", "criteria": ">", "minimum": dt.date(2000, 1, 1),
                "error_message": word("date_expected", lang),
            })  # fmt: skip
        sheet.set_row(line, 60 if key == "form_seal" else 22)


def _yearly_sheet(
    book: Any, styles: dict[str, Any], figures: list[tuple[FigureName, str]], lang: str,
    title: str,
) -> None:  # fmt: skip
    sheet = book.add_worksheet(word("form_yearly", lang))
    sheet.write(0, 0, word("form_year", lang), styles["head"])
    for column, (figure, clause) in enumerate(figures, start=1):
        sheet.write(0, column, figure.header(lang), styles["head"])
        hint = _yearly_hint(figure, lang)
        sheet.write_comment(0, column, with_aside(hint, clause, lang))
        sheet.set_column(column, column, 18)
    _heights(sheet, 0, [(f.header(lang), 18) for f, _ in figures])
    for row in range(1, _YEARS + 1):
        sheet.write_blank(row, 0, None, styles["input"])
        sheet.data_validation(row, 0, row, 0, {
            "validate": "integer", "criteria": "between", "minimum": 1949, "maximum": 2200,
            "input_title": word("form_year", lang), "input_message": word("form_year_hint", lang),
            "error_message": word("form_year_hint", lang),
        })  # fmt: skip
        for column, (figure, _) in enumerate(figures, start=1):
            sheet.write_blank(row, column, None, styles["input"])
            rule = dict(_NUMBERS[MONEY], error_message=word("form_expects_money_yearly", lang))
            _hint(sheet, row, column, figure.name(lang), _yearly_hint(figure, lang), rule)
    sheet.set_column(0, 0, 10)
    sheet.freeze_panes(1, 1)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    _print_setup(sheet, lang, title, 0, landscape=len(figures) > 4)


def _yearly_hint(figure: FigureName, lang: str) -> str:
    """How to fill in a yearly figure: its unit is in its column's heading (there is no unit
    column on this sheet)."""
    return word("form_yearly_hint", lang, header=figure.header(lang))


def _findings_sheet(
    book: Any, styles: dict[str, Any], criteria: list[tuple[Criterion, str]], lang: str,
    title: str,
) -> None:  # fmt: skip
    sheet = book.add_worksheet(word("form_findings", lang))
    headers = [word(k, lang) for k in ("form_condition", "form_id", "form_finding", "clause", "form_wording")]  # fmt: skip
    sheet.write_row(0, 0, headers, styles["head"])
    choices = [word("yes", lang), word("no", lang)]
    widths = (30, 18, 10, 24 if any("、" in c or " " in c for _, c in criteria) else 10, 60)
    for row, (criterion, clause) in enumerate(criteria, start=1):
        sheet.write(row, 0, criterion.label(lang), styles["label"])
        sheet.write(row, 1, criterion.id, styles["key"])
        sheet.write_blank(row, 2, None, styles["input"])
        sheet.write(row, 3, clause, styles["label"])
        sheet.write(row, 4, criterion.wording, styles["hint"])
        texts = (criterion.label(lang), criterion.id, "", clause, criterion.wording)
        _heights(sheet, row, list(zip(texts, widths, strict=True)))
    if criteria:
        sheet.data_validation(1, 2, len(criteria), 2, {
            "validate": "list", "source": choices,
            "input_title": word("form_finding", lang), "input_message": word("form_finding_hint", lang),
        })  # fmt: skip
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    _print_setup(sheet, lang, title, 0, landscape=True)


def _roster_sheet(book: Any, styles: dict[str, Any], lang: str, title: str) -> None:
    """The roster: a free table, left open to paste an export into (not protected)."""
    sheet = book.add_worksheet(word("form_roster", lang))
    for column, field in enumerate(_ROSTER_FIELDS):
        name = COLUMNS[field][0] if lang == "zh" else field
        header = f"{name}(万元)" if field in MONEY_FIELDS else name
        sheet.write(0, column, header, styles["head"])
        sheet.set_column(column, column, 28 if column < 2 else 14)
    sheet.set_row(0, 2 * _LINE + 4)  # headings of money columns wrap onto two lines
    last = _ROSTER_ROWS
    code = _ROSTER_FIELDS.index("credit_code")
    sheet.set_column(code, code, 24, styles["text"])  # 18 characters, kept as text
    flags = [word("yes", lang), word("no", lang)]
    lists = {
        "size": word("form_sizes", lang).split(","),
        "in_main_industry": flags,
        "related": flags,
    }
    for field, choices in lists.items():
        column = _ROSTER_FIELDS.index(field)
        sheet.data_validation(1, column, last, column, {"validate": "list", "source": choices})
    sheet.write_comment(0, 0, word("form_roster_hint", lang))
    sheet.freeze_panes(1, 1)
    _print_setup(sheet, lang, title, 0, landscape=True)
