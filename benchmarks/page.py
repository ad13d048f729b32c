"""The review page against its targets (SPEC §11), in Debian's Chromium.

Opens ``dist/clustercheck.html`` (``bash web/build``) from ``file://`` in a fresh profile,
reviews a 100,000-firm and a 1,000,000-firm roster made by ``benchmarks/generate.py``, and
prints each figure against its target and whether it is met: the time to ready from a cold
open, each roster's time until its review shows (and until its downloads are made), the
longest freeze of the page meanwhile (the longest gap between animation frames, and the
longest task the browser reports), and the file's size.

    python benchmarks/page.py [--skip-million]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "dist" / "clustercheck.html"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
#: Watches the page's main thread from its first moment: the longest gap between animation
#: frames and the longest task, kept on <html> where a test can read them (the page's
#: Content-Security-Policy forbids evaluating code in it).
MONITOR = """
(() => {
  let last = 0, loading = 0, gap = 0, task = 0, taskAt = 0, taskOf = "", seenReady = false;
  const root = () => document.documentElement;
  const mark = () => {
    if (!root()) return;
    root().dataset.gapLoading = String(Math.round(loading));
    root().dataset.maxGap = String(Math.round(gap));
    root().dataset.maxTask = String(Math.round(task));
    root().dataset.maxTaskAt = String(Math.round(taskAt));
    root().dataset.maxTaskOf = taskOf;
  };
  const frame = (now) => {
    seenReady = seenReady || (root() && root().dataset.state === "ready");
    if (last && seenReady) gap = Math.max(gap, now - last);
    else if (last) loading = Math.max(loading, now - last);
    last = now; mark(); requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (seenReady && entry.duration > task) {
        task = entry.duration; taskAt = entry.startTime; taskOf = entry.name;
      }
    }
    mark();
  }).observe({ type: "longtask" });
})();
"""
MIB = 1024 * 1024


def _attribute(page: Page, name: str) -> int:
    return int(page.get_attribute("html", name) or 0)


def _review(page: Page, roster: Path, timeout_s: int) -> dict[str, int]:
    """Reviews ``roster`` in the page: how long until the review shows, until the downloads
    are made (ms), and the longest freeze since Python was ready."""
    page.set_input_files("#files", [])
    done = _attribute(page, "data-done")
    page.set_input_files("#files", str(roster))
    page.wait_for_selector(
        f"html[data-done='{done + 1}']", state="attached", timeout=timeout_s * 1000
    )
    page.wait_for_timeout(300)  # a frame or two after the job, for the watch to see them
    return {
        "shown": _attribute(page, "data-shown-ms"),
        "job": _attribute(page, "data-job-ms"),
        "gap": _attribute(page, "data-max-gap"),
        "task": _attribute(page, "data-max-task"),
        "task_at": _attribute(page, "data-max-task-at") - _attribute(page, "data-started-ms"),
        "task_of": page.get_attribute("html", "data-max-task-of") or "",
    }


def _line(what: str, value: float, unit: str, target: float, met: bool) -> str:
    return f"{what:<44} {value:>10.2f} {unit:<4} target ≤ {target:g} {unit:<4} {'met' if met else 'NOT met'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-million", action="store_true", help="only the 100,000-firm roster")
    args = parser.parse_args()
    if not PAGE.is_file():
        print(f"{PAGE} is missing: run `bash web/build` first", file=sys.stderr)
        return 2
    lines: list[str] = []
    size = PAGE.stat().st_size
    lines.append(_line("file size", size / MIB, "MiB", 12, size <= 12 * MIB))
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as driver:
        rosters = [(100_000, 500)] + ([] if args.skip_million else [(1_000_000, 5_000)])
        files = {}
        for firms, clusters in rosters:
            path = Path(folder) / f"roster-{firms}.csv"
            started = time.perf_counter()
            write(path, clusters, firms)
            print(f"generated {path.name}: {firms:,} firms in {clusters:,} clusters, "
                  f"{path.stat().st_size / MIB:.0f} MiB, {time.perf_counter() - started:.0f} s")  # fmt: skip
            files[firms] = path
        context = driver.chromium.launch_persistent_context(
            str(Path(folder) / "profile"), executable_path="/usr/bin/chromium", args=FLAGS
        )
        context.add_init_script(MONITOR)
        page = context.new_page()
        page.goto(PAGE.as_uri())
        page.wait_for_selector("html[data-state=ready]", state="attached", timeout=120_000)
        ready = _attribute(page, "data-ready-ms") / 1000
        lines.append(_line("ready from a cold open (file://)", ready, "s", 5, ready <= 5))
        lines.append(f"{'':<4}worker's steps (ms since it started): "
                     f"{page.get_attribute('html', 'data-load-steps')}")  # fmt: skip
        lines.append(f"{'':<4}longest gap between frames while loading: "
                     f"{_attribute(page, 'data-gap-loading')} ms")  # fmt: skip
        longest = 0
        for firms, path in files.items():
            result = _review(page, path, 1800)
            target = 5 if firms == 100_000 else 40
            shown = result["shown"] / 1000
            lines.append(_line(f"{firms:,} firms reviewed (shown)", shown, "s", target,
                               shown <= target))  # fmt: skip
            lines.append(
                f"{'':<4}and its downloads made (XLSX, CSV, JSON): {result['job'] / 1000:.2f} s"
            )
            longest = max(longest, result["task"])
            lines.append(f"{'':<4}longest gap between frames {result['gap']} ms, "
                         f"longest task {result['task']} ms "
                         f"({result['task_at'] / 1000:.1f} s after the files were chosen, "
                         f"in {result['task_of'] or 'no context'})")  # fmt: skip
        lines.append(_line("longest freeze (main-thread task) reviewing", longest, "ms", 200,
                           longest <= 200))  # fmt: skip
        lines.append(f"{'':<4}(a gap between frames with no long task is the machine's own load: "
                     "the page's thread was free)")  # fmt: skip
        context.close()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
