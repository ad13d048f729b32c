"""The review page (SPEC §13), driven in Debian's Chromium through the DevTools protocol.

The page is ``dist/clustercheck.html``, built by ``bash web/build``; opened from ``file://``
as a reviewer opens it, it must give what the command line gives for the same files. One
browser and one page load serve the module; each test waits for its own job to finish
(``data-done`` on ``<html>`` counts the jobs answered).
"""

from __future__ import annotations

import http.server
import io
import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.render.template import render_template
from clustercheck.rules.pack import packs_of

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "dist" / "clustercheck.html"
CHROMIUM = Path("/usr/bin/chromium")
PACKAGE = ROOT / "clustercheck"
FORM = PACKAGE / "example_forms" / "illustrative-5-ceramics.xlsx"
ROSTER = PACKAGE / "examples" / "rosters" / "province-2015.csv"
REGISTRY = PACKAGE / "example_registry"
BOTH = "henan-2014-196,miit-2022-119"
#: Chromium as the tests run it: headless, no sandbox (CI runs as root), nothing of its own
#: fetched from the network, a fresh profile each time.
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
#: How long Python may take to come up, or a job to finish, on a busy CI machine (ms).
WAIT = 120_000


def _missing() -> str | None:
    """Why the page cannot be tested here, or None."""
    if not PAGE.is_file():
        return f"{PAGE.relative_to(ROOT)} is not built: run `bash web/build` first"
    if not CHROMIUM.is_file():
        return "no /usr/bin/chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


_reason = _missing()
if _reason is not None:
    if os.environ.get("CLUSTERCHECK_REQUIRE_PAGE") == "1":
        raise RuntimeError(f"CLUSTERCHECK_REQUIRE_PAGE=1 but {_reason}")
    pytest.skip(_reason, allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def requests() -> list[str]:
    """Every URL the page asked for, the worker's included."""
    return []


@pytest.fixture(scope="module")
def page(browser: Browser, requests: list[str]) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True)
    opened = context.new_page()
    context.on("request", lambda request: requests.append(request.url))
    opened.goto(PAGE.as_uri())
    opened.wait_for_selector("html[data-state=ready]", state="attached", timeout=WAIT)
    yield opened
    context.close()


def _choose(page: Page, *, packs: str = "henan-2014-196", lang: str = "zh") -> None:
    """Sets the pack and language radios without starting a job: the files chosen are
    cleared first (a change of pack or language reviews the files chosen again)."""
    page.set_input_files("#files", [])
    page.check(f"input[name=packs][value='{packs}']")
    page.check(f"input[name=lang][value='{lang}']")


def _job(page: Page, start: Any) -> None:
    """Runs ``start()`` and waits until the page has answered the job it starts."""
    done = int(page.get_attribute("html", "data-done") or 0)
    start()
    page.wait_for_selector(f"html[data-done='{done + 1}']", state="attached", timeout=WAIT)
    page.wait_for_selector("html[data-state=ready]", state="attached", timeout=WAIT)


def _review(
    page: Page, files: Sequence[Path], *, packs: str = "henan-2014-196", lang: str = "zh"
) -> None:
    _choose(page, packs=packs, lang=lang)
    _job(page, lambda: page.set_input_files("#files", [str(f) for f in files]))


def _cli(tmp: Path, files: Sequence[Path], *args: str) -> bytes:
    """What ``clustercheck review FILES ARGS -o out.html`` writes, run where the files are
    named as the page names them (by their own names)."""
    for f in files:
        if f.parent != tmp:
            shutil.copy(f, tmp / f.name)
    cwd = Path.cwd()
    os.chdir(tmp)
    try:
        assert main(["review", *(f.name for f in files), *args, "-o", "out.html"]) == 0
    finally:
        os.chdir(cwd)
    return (tmp / "out.html").read_bytes()


def _shown(page: Page) -> str:
    """The HTML the page shows: the bytes of the blob its frame loads, which the HTML
    download offers too."""
    shown = page.get_attribute("#review", "src")
    assert shown is not None
    assert shown.startswith("blob:")
    assert page.get_attribute("a[download$='.html']", "href") == shown
    return _download(page, "a[download$='.html']").decode("utf-8")


def _verdicts(page: Page) -> dict[str, str]:
    rows = page.frame_locator("#review").locator("section").first.locator("tr[data-cluster]")
    return {
        rows.nth(i).get_attribute("data-cluster") or "": rows.nth(i).get_attribute("data-verdict")
        or ""
        for i in range(rows.count())
    }


def _download(page: Page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    path = info.value.path()
    return Path(path).read_bytes()


def _native(files: Sequence[Path], packs: str = "henan-2014-196") -> dict[str, str]:
    rules = cc.load_rules(packs)
    notes: list[object] = []
    result = cc.review(list(cc.load_clusters(files, rules, on_note=notes.append)), rules)
    return {r.cluster: r.verdict.value for r in result.reports}


def test_ready_shows_version_packs_and_build_date(page: Page) -> None:
    about = page.inner_text("#about")
    built = page.get_attribute("meta[name=build-date]", "content") or ""
    assert cc.__version__ in about
    assert "henan-2014-196" in about
    assert "miit-2022-119" in about
    assert len(built) == 10
    assert built in about
    assert page.locator("input[type=file]").first.get_attribute("id") == "files"


def test_example_form_and_roster_give_the_command_lines_review(page: Page, tmp_path: Path) -> None:
    _review(page, [FORM, ROSTER])
    assert _verdicts(page) == _native([FORM, ROSTER])
    assert len(_verdicts(page)) == 4
    expected = _cli(tmp_path, [FORM, ROSTER])
    assert _shown(page).encode("utf-8") == expected
    assert _download(page, "a[download$='.html']") == expected
    assert page.locator("#errors li").count() == 0


def test_print_opens_the_review_alone_to_print_as_the_html_review_prints(page: Page) -> None:
    _review(page, [FORM, ROSTER])
    with page.context.expect_page() as opened:
        page.click("#print")
    alone = opened.value
    alone.wait_for_load_state()
    try:
        rows = alone.locator("section").first.locator("tr[data-verdict]")
        assert rows.count() == len(_native([FORM, ROSTER]))
        assert alone.title() == (page.frame_locator("#review").locator("title").text_content())
    finally:
        alone.close()


def test_the_review_workbook_downloads_and_holds_the_review(page: Page) -> None:
    _review(page, [FORM, ROSTER])
    link = page.locator("a[download$='.xlsx']")
    assert link.count() == 1
    book = openpyxl.load_workbook(io.BytesIO(_download(page, "a[download$='.xlsx']")))
    assert book.sheetnames[0] == "评审汇总"
    cells = {str(c.value) for row in book["评审汇总"].iter_rows() for c in row if c.value}
    assert set(_native([FORM, ROSTER])) <= cells
    assert "符合" in cells or "不符合" in cells
    csv = _download(page, "a[download$='.csv']").decode("utf-8-sig")
    assert all(name in csv for name in _native([FORM, ROSTER]))


def test_a_folder_is_reviewed_as_the_command_line_reviews_it(page: Page, tmp_path: Path) -> None:
    folder = tmp_path / "申报材料"
    shutil.copytree(PACKAGE / "examples", folder)
    (folder / "说明.docx").write_bytes(b"not read")
    _choose(page)
    _job(page, lambda: page.set_input_files("#folder", str(folder)))
    assert _verdicts(page) == _native([folder])
    assert len(_verdicts(page)) == 13
    notes = page.locator("#notes li")
    assert notes.count() == 1
    assert "说明.docx" in notes.first.inner_text()
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert main(["review", "申报材料", "-o", "out.html"]) == 0
    finally:
        os.chdir(cwd)
    assert _shown(page).encode("utf-8") == (tmp_path / "out.html").read_bytes()


def test_files_dropped_on_the_page_are_reviewed(page: Page) -> None:
    # A drop made by a program carries files, not the folder entries a person's drop does.
    _choose(page)
    roster = ROSTER.read_bytes()
    dropped = page.evaluate_handle(
        """([name, bytes]) => {
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array(bytes)], name));
            return data;
        }""",
        [ROSTER.name, list(roster)],
    )
    _job(page, lambda: page.dispatch_event("#drop", "drop", {"dataTransfer": dropped}))
    assert _verdicts(page) == _native([ROSTER])


def test_a_gbk_roster(page: Page, tmp_path: Path) -> None:
    gbk = tmp_path / "名册-gbk.csv"
    gbk.write_bytes(ROSTER.read_text(encoding="utf-8-sig").encode("gbk"))
    _review(page, [gbk])
    assert _verdicts(page) == _native([gbk])
    assert len(_verdicts(page)) == 3
    assert _shown(page).encode("utf-8") == _cli(tmp_path, [gbk])


def test_a_bad_file_shows_its_error_and_the_others_are_reviewed(page: Page, tmp_path: Path) -> None:
    bad = tmp_path / "坏名册.csv"
    lines = ROSTER.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace('"139,506.2"', "一百万")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _review(page, [FORM, bad])
    errors = page.locator("#errors li[data-error-code]")
    assert errors.count() == 1
    message = errors.first.inner_text()
    assert "坏名册.csv" in message
    assert "一百万" in message
    assert "第 4 行“主营业务收入（万元）”列" in message
    with pytest.raises(cc.ClusterCheckError) as native:
        list(cc.load_clusters([bad]))
    assert errors.first.get_attribute("data-error-code") == native.value.code
    assert _verdicts(page) == _native([FORM])
    assert _shown(page).encode("utf-8") == _cli(tmp_path, [FORM])


def test_both_packs(page: Page, tmp_path: Path) -> None:
    _review(page, [FORM, ROSTER], packs=BOTH)
    verdicts = _verdicts(page)
    provincial = _native([FORM, ROSTER], "henan-2014-196")
    national = _native([FORM, ROSTER], "miit-2022-119")
    assert verdicts == {name: f"{provincial[name]} {national[name]}" for name in provincial}
    assert _shown(page).encode("utf-8") == _cli(tmp_path, [FORM, ROSTER], "--rules", BOTH)


def test_english(page: Page, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[declared]\nrevenue = "abc"\n', encoding="utf-8")
    _review(page, [ROSTER, bad], lang="en")
    assert page.get_attribute("html", "lang") == "en"
    assert _shown(page).encode("utf-8") == _cli(tmp_path, [ROSTER], "--lang", "en")
    error = page.locator("#errors li[data-error-code]").first
    assert error.get_attribute("data-error-code") == "unknown_keys"
    assert error.inner_text().startswith(
        "bad.toml: declared: unknown key(s) revenue; expected one of: "
    )
    _choose(page)


def test_the_blank_template_for_the_chosen_packs(page: Page) -> None:
    _choose(page, packs=BOTH)
    _job(page, lambda: page.click("#template"))
    book = openpyxl.load_workbook(io.BytesIO(_download(page, "#template-link")))
    native = openpyxl.load_workbook(io.BytesIO(render_template(packs_of(BOTH), "zh")))
    assert book.sheetnames == native.sheetnames
    assert page.get_attribute("#template-link", "download") == "申报表.xlsx"
    _choose(page)


def test_a_re_verification_round_and_its_recorded_registry(page: Page, tmp_path: Path) -> None:
    folder = tmp_path / "2018"
    shutil.copytree(REGISTRY / "2018", folder)
    page.click("#recheck summary")
    page.set_input_files("#registry", str(REGISTRY / "registry.toml"))
    page.set_input_files("#recheck-files", [str(p) for p in sorted(folder.iterdir())])
    page.fill("#year", "2018")
    page.check("#record")
    _job(page, lambda: page.click("#recheck-run"))
    registry = _download(page, "a[download='registry.toml']")
    shutil.copy(REGISTRY / "registry.toml", tmp_path / "registry.toml")
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        names = [f"2018/{p.name}" for p in sorted(folder.iterdir())]
        assert main(["recheck", "registry.toml", "--year", "2018", *names, "--record",
                     "-o", "out.html"]) == 0  # fmt: skip
    finally:
        os.chdir(cwd)
    assert registry == (tmp_path / "registry.toml").read_bytes()
    assert registry != (REGISTRY / "registry.toml").read_bytes()
    shown = _shown(page)
    assert "2018" in shown
    assert page.locator("#errors li").count() == 0


def test_no_request_leaves_the_page(page: Page, requests: list[str]) -> None:
    assert requests
    assert {url.split(":", 1)[0] for url in requests} <= {"file", "blob", "data", "about"}
    policy = page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content") or ""
    assert "connect-src 'none'" in policy
    assert "default-src 'none'" in policy


class _AnyType(http.server.SimpleHTTPRequestHandler):
    """A server that calls every file but the page itself application/octet-stream (a
    ``.wasm`` served so makes a Pyodide loaded from files hang). The page is text/html: a
    document sent as anything else is downloaded by every browser, not opened."""

    def guess_type(self, path: Any) -> str:
        return "text/html" if str(path).endswith(".html") else "application/octet-stream"

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_served_with_any_mime_type(browser: Browser) -> None:
    def handler(*args: Any) -> _AnyType:
        return _AnyType(*args, directory=str(PAGE.parent))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    try:
        served = context.new_page()
        seen: list[str] = []
        context.on("request", lambda request: seen.append(request.url))
        url = f"http://127.0.0.1:{server.server_address[1]}/{PAGE.name}"
        served.goto(url)
        served.wait_for_selector("html[data-state=ready]", state="attached", timeout=WAIT)
        assert cc.__version__ in served.inner_text("#about")
        assert [u for u in seen if not u.startswith("blob:")] == [url]
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_a_huge_exponent_is_the_same_clean_error_as_natively(page: Page, tmp_path: Path) -> None:
    cluster = tmp_path / "huge.json"
    cluster.write_text(
        '{"name": "x", "money_unit": "万元", "declared": {"operating_revenue": 1e999999999}}',
        encoding="utf-8",
    )
    roster = tmp_path / "huge.csv"
    lines = ROSTER.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace('"139,506.2"', "1e999999999")
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    native = {}
    for path in (cluster, roster):
        with pytest.raises(cc.ClusterCheckError) as caught:
            list(cc.load_clusters([path]))
        native[path.name] = caught.value.code
    assert native == {"huge.json": "money_over_bound", "huge.csv": "money_over_bound"}
    _review(page, [FORM, cluster, roster])
    errors = page.locator("#errors li[data-error-code]")
    shown = {
        errors.nth(i).get_attribute("data-file"): errors.nth(i).get_attribute("data-error-code")
        for i in range(errors.count())
    }
    assert shown == native
    assert _verdicts(page) == _native([FORM])


def test_xls_workbooks_read_in_the_page_as_natively(page: Page, tmp_path: Path) -> None:
    """An .xls roster is reviewed, and an Excel error value in an .xls cell (which needs xlrd
    in the page too) is named at its cell, as on the command line."""
    fixtures = Path(__file__).parent / "fixtures"
    roster, errors_book = fixtures / "roster.xls", fixtures / "error-values.xls"
    _review(page, [roster, errors_book])
    errors = page.locator("#errors li[data-error-code]")
    with pytest.raises(cc.ClusterCheckError) as native:
        list(cc.load_clusters([errors_book]))
    found = native.value.errors if isinstance(native.value, cc.InputErrors) else [native.value]
    assert errors.count() == len(found) == 3  # #DIV/0!, #N/A and #VALUE!, each at its cell
    for i, error in enumerate(found):
        shown = errors.nth(i)
        assert shown.get_attribute("data-error-code") == error.code == "error_value"
        assert error.place("zh") in shown.inner_text()
    assert _verdicts(page) == _native([roster])
