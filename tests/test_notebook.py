"""How a notebook shows results: styled, explained, the summary before the details."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest

import clustercheck as cc
from clustercheck.render.notebook import FOLDED

from .builders import cluster_with


def test_a_report_carries_its_own_scoped_style_and_every_note() -> None:
    report = cc.check(cluster_with(leaders=None, related_smes=None))
    html = report._repr_html_()
    assert html.startswith('<div class="clustercheck cc-view">\n<style>')
    assert ".clustercheck.cc-view table td.fail {" in html and "white-space: nowrap" in html
    assert "<style>" in html and "body {" not in html  # nothing outside the fragment is styled
    for outcome in report.outcomes:
        for note in outcome.notes:
            assert note.text("zh") in html  # each UNKNOWN says why
    assert "无数据：既未申报，也无企业名册可计算" in html
    assert '<td class="unknown">' in html or 'class="unknown' in html


def test_a_review_shows_its_summary_first_and_folds_each_cluster() -> None:
    clusters = list(cc.load_clusters([cc.examples_dir()]))
    html = cc.review(clusters)._repr_html_()
    summary = html.index("<table>")
    first_fold = html.index("<details>")
    assert summary < first_fold
    assert html.count("<details>") == len(clusters)
    assert (
        '<summary class="verdict-QUALIFIED">示例县纺织服装产业集群（示例县，2015年）：<strong>符合</strong></summary>'
        in html
    )


def test_a_large_review_folds_only_its_first_clusters() -> None:
    base = cluster_with()
    review = cc.review([attrs.evolve(base, name=f"示例{i}县产业集群") for i in range(FOLDED + 30)])
    html = review._repr_html_()
    assert html.count("<details>") == FOLDED
    assert "另有 30 个集群的逐项结果未在此展开" in html
    assert (
        repr(review) == f"<Review henan-2014-196: {FOLDED + 30} clusters, {FOLDED + 30} qualified>"
    )


def test_a_comparison_shows_in_a_notebook_too() -> None:
    comparison = cc.compare([cluster_with()], ["henan-2014-196", "miit-2022-119"])
    html = comparison._repr_html_()
    assert html.startswith('<div class="clustercheck cc-view">') and "<table>" in html


# The fragment under JupyterLab's own rules, in a real browser.

BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
needs_printing = pytest.mark.skipif(
    BROWSER is None and os.environ.get("CI") != "true", reason="needs chromium (CI installs it)"
)

#: JupyterLab's rules for tables in rendered outputs (@jupyterlab/rendermime, base.css), as
#: nbconvert's lab template carries them too, and a dark theme's colours.
JUPYTERLAB = """
body { --jp-layout-color0: #111111; --jp-layout-color2: #424242;
  --jp-ui-font-color1: rgba(255, 255, 255, 0.87); --jp-border-color1: #616161;
  --jp-rendermime-table-row-background: #1f1f1f; background: var(--jp-layout-color0);
  color: var(--jp-ui-font-color1); }
.jp-RenderedHTMLCommon table { border-collapse: collapse; border-spacing: 0; border: none;
  color: var(--jp-ui-font-color1); table-layout: fixed; margin-left: auto;
  margin-bottom: 1em; margin-right: auto; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr {
  vertical-align: middle; padding: 0.5em 0.5em; line-height: normal; white-space: normal;
  max-width: none; border: none; }
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td,
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th,
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon tr { text-align: right; }
.jp-RenderedHTMLCommon th { font-weight: bold; }
.jp-RenderedHTMLCommon tbody tr:nth-child(odd) { background: var(--jp-layout-color0); }
.jp-RenderedHTMLCommon tbody tr:nth-child(even) {
  background: var(--jp-rendermime-table-row-background); }
"""

#: Records each cell's computed alignment and the header's colours into the page.
PROBE = """<script>
const out = [];
for (const cell of document.querySelectorAll('.cc-view td, .cc-view th')) {
  const style = getComputedStyle(cell);
  out.push([cell.tagName, cell.className, style.textAlign, style.backgroundColor, style.color,
            style.borderTopWidth].join('|'));
}
const table = getComputedStyle(document.querySelector('.cc-view table'));
out.push(['TABLE', '', table.marginLeft].join('|'));
document.getElementById('probe').textContent = out.join('\\n');
</script>"""


@needs_printing
def test_tables_are_left_aligned_and_themed_under_jupyterlabs_rules(tmp_path: Path) -> None:
    assert BROWSER is not None
    report = cc.check(
        next(iter(cc.load_clusters([cc.examples_dir() / "illustrative-3-machinery.toml"])))
    )
    page = tmp_path / "lab.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{JUPYTERLAB}</style></head>"
        "<body><div class='jp-OutputArea-output jp-RenderedHTMLCommon jp-RenderedHTML'>"
        f"{report._repr_html_()}</div><pre id='probe'></pre>{PROBE}</body></html>",
        encoding="utf-8",
    )
    dom = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    probe = dom.split('<pre id="probe">')[1].split("</pre>")[0]
    cells = [line.split("|") for line in probe.splitlines()]
    *cells, (_, _, margin) = cells
    assert margin == "0px"  # not centred by JupyterLab's auto margins
    for tag, css, align, background, colour, border in cells:
        expected = (
            "right"
            if "num" in css
            else "center"
            if css in {"pass", "fail", "unknown", "info"}
            else "left"
        )
        assert align == expected, (tag, css, align)
        assert border == "1px"
        if tag == "TH":  # the theme's heading colour and its light text, not a fixed grey
            assert background == "rgb(66, 66, 66)"
            assert colour == "rgba(255, 255, 255, 0.87)"


def test_a_batch_shows_a_summary_without_a_report_per_cluster() -> None:
    clusters = list(cc.load_clusters([cc.examples_dir()]))
    batch = cc.check_many(clusters)
    html = batch._repr_html_()
    assert html.startswith('<div class="clustercheck cc-view">')
    assert "共 13 个集群：符合 2，不符合 2，待补充 9" in html
    # Per deciding criterion: clusters that pass, fail, lack figures (龙头: 5 ✓, 2 ✗, 6 ?).
    leaders = html.split('<td class="short">龙头企业</td>')[1].split("</tr>")[0]
    assert leaders == '<td class="num">5</td><td class="num">2</td><td class="num">6</td>'
    assert batch.statuses("leaders").count(cc.Status.PASS) == 5
    assert "<details>" not in html  # no cluster's criteria made to show the summary


def test_the_display_follows_the_language_option() -> None:
    report = cc.check(cluster_with())
    assert cc.display_language() == "zh"
    try:
        assert cc.display_language("en") == "en"
        html = report._repr_html_()
        assert "Verdict" in html and "结论" not in html.split("</style>")[1].split("<table>")[0]
        assert "qualified" in cc.review([cluster_with()])._repr_html_()
    finally:
        cc.display_language("zh")
    assert "结论" in report._repr_html_()
    with pytest.raises(cc.UsageError) as caught:
        cc.display_language("fr")
    assert caught.value.code == "not_choice"


def test_a_language_the_notebook_cannot_show_is_named_as_render_names_it() -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.display_language("fr")
    shown = caught.value
    with pytest.raises(cc.UsageError) as caught:
        cc.render(cc.review([cluster_with()]), "html", lang="fr")
    rendered = caught.value
    assert (shown.code, shown.source, shown.key) == ("not_choice", "<code>", ("lang",))
    assert shown.message("zh") == rendered.message("zh")
    assert cc.display_language() == "zh"
