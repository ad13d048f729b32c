"""The test suite itself runs where Python lacks what only some systems have (os.mkfifo is
missing on Windows and in the browser's Python): every test module still imports there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

_COLLECT = """
import os, sys
del os.mkfifo
import pytest
sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", sys.argv[1]]))
"""


def test_every_test_module_imports_without_mkfifo() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _COLLECT, str(TESTS)],
        capture_output=True, text=True, timeout=300, cwd=TESTS.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "error" not in done.stdout.lower().splitlines()[-1]
