"""Results as HTML fragments for notebooks, reached from their ``_repr_html_`` through
:func:`clustercheck.base.notebook.notebook_html`."""

from __future__ import annotations

from ..reviewing import Comparison, Review
from ..rules.report import Report
from .html import fragment_html
from .layout import comparison_document, report_fragment, review_document


def fragment(result: object) -> str:
    """The HTML fragment of a report, review or comparison, in Chinese."""
    if isinstance(result, Report):
        return report_fragment(result)
    if isinstance(result, Review):
        return fragment_html(review_document(result, "zh"))
    if isinstance(result, Comparison):
        return fragment_html(comparison_document(result, "zh"))
    raise TypeError(f"no notebook view for {type(result).__name__}")
