"""The fill-in workbook (申报表) for one cluster, for the chosen packs: the figures they use,
each with its unit, a hint and the clause it serves; the yearly figures where a pack needs
them; the reviewer's findings with 是/否 lists; an empty roster with the recognised headers.

``check`` and ``review`` read it back once filled (:mod:`clustercheck.read.form`). Written with
XlsxWriter, the optional ``xlsx`` extra.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ..base.errors import Problem, UsageError
from ..base.labels import word
from ..read.figure_names import BASIC, DECLARED, LIST, PERCENT, TEXT, YEAR, YEARLY, FigureName
from ..read.roster_cells import COLUMNS, MONEY_FIELDS
from ..rules.measures import DECLARED_GROWTH, DECLARED_SHARES
from ..rules.pack import Criterion, Kind, Rules

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
    declared: dict[str, list[str]] = {}
    yearly: dict[str, list[str]] = {}
    attested: list[tuple[Criterion, str]] = []
    for pack in packs:
        for criterion in pack.criteria:
            clause = criterion.clause if len(packs) == 1 else f"{pack.id} {criterion.clause}"
            if criterion.kind is Kind.ATTESTATION:
                attested.append((criterion, clause))
            for each in (criterion, *criterion.alternatives):  # a finding's evidence too
                fields, years = _inputs(each)
                for key in fields:
                    declared.setdefault(key, []).append(clause)
                for key in years:
                    yearly.setdefault(key, []).append(clause)

    def clauses(found: list[str]) -> str:
        return "、".join(dict.fromkeys(found))

    return (
        [(f, clauses(declared[f.key])) for f in DECLARED if f.key in declared],
        [(f, clauses(yearly[f.key])) for f in YEARLY if f.key in yearly],
        attested,
    )


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
    styles = {
        "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}),
        "label": book.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"}),
        "key": book.add_format({"border": 1, "font_color": "#808080", "valign": "vcenter"}),
        "input": book.add_format({"border": 1, "bg_color": "#FFF2CC", "valign": "vcenter"}),
        "percent": book.add_format({"border": 1, "bg_color": "#FFF2CC", "num_format": "0.00%", "valign": "vcenter"}),
        "text": book.add_format({"border": 1, "bg_color": "#FFF2CC", "num_format": "@", "valign": "vcenter"}),
        "hint": book.add_format({"border": 1, "text_wrap": True, "font_color": "#595959", "valign": "vcenter"}),
    }  # fmt: skip
    rows = [(f, "") for f in BASIC] + declared
    _declared_sheet(book, styles, rows, lang)
    if yearly:
        _yearly_sheet(book, styles, yearly, lang)
    _findings_sheet(book, styles, attested, lang)
    _roster_sheet(book, styles, lang)
    book.close()
    return out.getvalue()


def _hint(sheet: Any, row: int, column: int, title: str, text: str) -> None:
    """An input message shown when the cell is selected (Excel keeps at most 255 characters)."""
    if text:
        sheet.data_validation(row, column, row, column, {
            "validate": "any", "input_title": title[:32], "input_message": text[:255],
        })  # fmt: skip


def _declared_sheet(
    book: Any, styles: dict[str, Any], rows: list[tuple[FigureName, str]], lang: str
) -> None:
    sheet = book.add_worksheet(word("form_declared", lang))
    headers = [word(k, lang) for k in ("form_figure", "form_key", "value", "form_unit", "form_hint", "clause")]  # fmt: skip
    sheet.write_row(0, 0, headers, styles["head"])
    for row, (figure, clause) in enumerate(rows, start=1):
        cell = styles[_STYLE_OF_KIND.get(figure.kind, "input")]
        sheet.write(row, 0, figure.name(lang), styles["label"])
        sheet.write(row, 1, figure.key, styles["key"])
        sheet.write_blank(row, 2, None, cell)
        sheet.write(row, 3, "" if figure.kind == YEAR else figure.unit, styles["label"])
        sheet.write(row, 4, figure.hint(lang), styles["hint"])
        sheet.write(row, 5, clause, styles["label"])
        _hint(sheet, row, 2, figure.name(lang), figure.hint(lang))
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 18)
    sheet.set_column(3, 3, 10)
    sheet.set_column(4, 4, 60)
    sheet.set_column(5, 5, 14)
    sheet.freeze_panes(1, 0)


def _yearly_sheet(
    book: Any, styles: dict[str, Any], figures: list[tuple[FigureName, str]], lang: str
) -> None:
    sheet = book.add_worksheet(word("form_yearly", lang))
    sheet.write(0, 0, word("form_year", lang), styles["head"])
    for column, (figure, clause) in enumerate(figures, start=1):
        sheet.write(0, column, figure.header(lang), styles["head"])
        sheet.write_comment(
            0,
            column,
            f"{figure.hint(lang)}（{clause}）"
            if lang == "zh"
            else f"{figure.hint(lang)} ({clause})",
        )
        sheet.set_column(column, column, 18)
    for row in range(1, _YEARS + 1):
        sheet.write_blank(row, 0, None, styles["input"])
        sheet.data_validation(row, 0, row, 0, {
            "validate": "integer", "criteria": "between", "minimum": 1949, "maximum": 2200,
            "input_title": word("form_year", lang), "input_message": word("form_year_hint", lang),
        })  # fmt: skip
        for column, (figure, _) in enumerate(figures, start=1):
            sheet.write_blank(row, column, None, styles["input"])
            _hint(sheet, row, column, figure.name(lang), figure.hint(lang))
    sheet.set_column(0, 0, 10)
    sheet.freeze_panes(1, 1)


def _findings_sheet(
    book: Any, styles: dict[str, Any], criteria: list[tuple[Criterion, str]], lang: str
) -> None:
    sheet = book.add_worksheet(word("form_findings", lang))
    headers = [word(k, lang) for k in ("form_condition", "form_id", "form_finding", "clause", "form_wording")]  # fmt: skip
    sheet.write_row(0, 0, headers, styles["head"])
    choices = [word("yes", lang), word("no", lang)]
    for row, (criterion, clause) in enumerate(criteria, start=1):
        sheet.write(row, 0, criterion.label(lang), styles["label"])
        sheet.write(row, 1, criterion.id, styles["key"])
        sheet.write_blank(row, 2, None, styles["input"])
        sheet.write(row, 3, clause, styles["label"])
        sheet.write(row, 4, criterion.wording, styles["hint"])
    if criteria:
        sheet.data_validation(1, 2, len(criteria), 2, {
            "validate": "list", "source": choices,
            "input_title": word("form_finding", lang), "input_message": word("form_finding_hint", lang),
        })  # fmt: skip
    for column, width in enumerate((30, 18, 10, 10, 60)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)


def _roster_sheet(book: Any, styles: dict[str, Any], lang: str) -> None:
    sheet = book.add_worksheet(word("form_roster", lang))
    for column, field in enumerate(_ROSTER_FIELDS):
        name = COLUMNS[field][0] if lang == "zh" else field
        header = f"{name}(万元)" if field in MONEY_FIELDS else name
        sheet.write(0, column, header, styles["head"])
        sheet.set_column(column, column, 28 if column < 2 else 14)
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
