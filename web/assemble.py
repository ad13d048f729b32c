"""Assembles the review page: one self-contained HTML file with everything embedded.

Chrome will not load modules, fetches or service workers from ``file://``, so nothing may be
a separate file: Pyodide's scripts, its wasm and standard library, the wheels and the page's
glue are embedded as base64 of their gzip (unpacked in the worker by DecompressionStream),
the worker's and the page's code inline. The pure wheels come precompiled in one zip
(``web/precompile.mjs``); a wheel with compiled code is embedded as it is. Usage::

    python web/assemble.py PYODIDE_DIR WHEELS_DIR PRECOMPILED_ZIP OUTPUT
"""

from __future__ import annotations

import base64
import datetime
import gzip
import os
import sys
from pathlib import Path

#: The files of the npm ``pyodide`` package the page carries (its core, no packages).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: The most the page may weigh (SPEC §13).
LIMIT = 12 * 1024 * 1024

WEB = Path(__file__).resolve().parent


def _asset(name: str, data: bytes) -> str:
    """An embedded file: base64 of its gzip, in a script element the browser never runs."""
    packed = base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")
    return f'<script type="application/octet-stream" data-asset="{name}">{packed}</script>'


def _inline(name: str) -> str:
    """A source of the page, checked to be safe inside a script or style element."""
    text = (WEB / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise SystemExit(f"{name}: must not contain </script or </style")
    return text


def build_date() -> str:
    """The day the page is built (UTC), or that of SOURCE_DATE_EPOCH for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch
        else datetime.datetime.now(datetime.UTC)
    )
    return when.date().isoformat()


def assemble(pyodide: Path, wheels: Path, precompiled: Path) -> str:
    """The page's HTML, with Pyodide from ``pyodide``, the pure wheels as ``precompiled``
    holds them and every other wheel in ``wheels``."""
    assets = [_asset(name, (pyodide / name).read_bytes()) for name in PYODIDE_FILES]
    assets.append(_asset("glue.py", (WEB / "glue.py").read_bytes()))
    assets.append(_asset("site-packages.zip", precompiled.read_bytes()))
    assets += [
        _asset(whl.name, whl.read_bytes())
        for whl in sorted(wheels.glob("*.whl"))
        if not whl.name.endswith("-none-any.whl")
    ]
    page = (WEB / "index.html").read_text(encoding="utf-8")
    for marker, text in (
        ("/*STYLE*/", _inline("page.css")),
        ("/*WORKER*/", _inline("worker.js")),
        ("/*PAGE*/", _inline("page.js")),
        ("<!--ASSETS-->", "\n".join(assets)),
        ("{{BUILD_DATE}}", build_date()),
    ):
        if page.count(marker) != 1:
            raise SystemExit(f"index.html: expected {marker} once")
        page = page.replace(marker, text)
    return page


def main(argv: list[str]) -> int:
    """Writes the page; refuses one over the size limit."""
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    pyodide, wheels, precompiled, output = (Path(a) for a in argv)
    data = assemble(pyodide, wheels, precompiled).encode("utf-8")
    if len(data) > LIMIT:
        print(f"{output}: {len(data)} bytes, over the limit of {LIMIT}", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(data)
    partial.replace(output)
    print(f"{output}: {len(data) / 1024 / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
