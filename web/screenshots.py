"""Screenshots of the review page for the docs, taken from the built page in Chromium at a
1366×768 laptop's size: empty, with a review, and with an error beside the review.

    python web/screenshots.py        # after bash web/build; writes docs/page-*.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "dist" / "clustercheck.html"
DOCS = ROOT / "docs"
FORM = ROOT / "clustercheck" / "example_forms" / "illustrative-5-ceramics.xlsx"
ROSTER = ROOT / "clustercheck" / "examples" / "rosters" / "province-2015.csv"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def _review(page: Page, files: list[Path]) -> None:
    done = int(page.get_attribute("html", "data-done") or 0)
    page.set_input_files("#files", [str(f) for f in files])
    page.wait_for_selector(f"html[data-done='{done + 1}']", state="attached", timeout=120_000)
    page.wait_for_timeout(500)


def main() -> int:
    if not PAGE.is_file():
        print(f"{PAGE} is missing: run `bash web/build` first", file=sys.stderr)
        return 2
    with sync_playwright() as driver, tempfile.TemporaryDirectory() as folder:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(PAGE.as_uri())
        page.wait_for_selector("html[data-state=ready]", state="attached", timeout=120_000)
        page.screenshot(path=DOCS / "page-empty.png")
        _review(page, [FORM, ROSTER])
        page.locator("#out").scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "page-review.png")
        bad = Path(folder) / "名册-有误.csv"
        lines = ROSTER.read_text(encoding="utf-8-sig").splitlines()
        lines[3] = lines[3].replace('"139,506.2"', "一百万")
        bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
        page.set_input_files("#files", [])
        _review(page, [FORM, bad])
        page.screenshot(path=DOCS / "page-error.png")
        browser.close()
    for name in ("page-empty.png", "page-review.png", "page-error.png"):
        print(DOCS / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
