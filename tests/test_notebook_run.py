"""A real notebook, run by a Jupyter kernel: what an analyst sees of a report and a review."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

CELLS = [
    "import clustercheck as cc",
    "clusters = list(cc.load_clusters([cc.examples_dir()]))\nreview = cc.review(clusters)\nreview",
    "review.reports[7]",
]


def test_a_notebook_shows_a_styled_review_and_explains_each_unknown(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [cell.outputs[0]["data"] for cell in notebook.cells[1:]]
    review_html, report_html = (o["text/html"] for o in outputs)
    assert review_html.startswith('<div class="clustercheck cc-view">\n<style>')
    assert review_html.index("<table>") < review_html.index("<details>")
    assert "许昌市电力装备产业集群" in report_html
    assert "无数据：既未申报，也无企业名册可计算" in report_html  # an UNKNOWN explained
    assert outputs[0]["text/plain"].startswith("<Review henan-2014-196: 13 clusters")
