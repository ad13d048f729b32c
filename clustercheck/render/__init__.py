"""Showing results: documents laid out from reports, reviews and re-verifications, and written
as text, Markdown, HTML, CSV or XLSX. Decides nothing. Internal: the public API is
:mod:`clustercheck`."""
