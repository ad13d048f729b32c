"""A lock file beside a file that is read, changed and written back, so that two runs
changing it at the same moment take turns instead of one losing the other's change.

Where the system has ``fcntl`` (Linux, macOS) the lock is an ``flock`` on the lock file,
which the system lets go when its process ends, however it ends. Elsewhere (Windows,
Pyodide) it is the lock file itself, created with ``O_CREAT | O_EXCL``. Either way a run that
finds the lock held waits, and after the timeout is refused with an error naming the lock
file (which, without ``fcntl``, a crashed run may have left behind: it can then be deleted).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Problem, UsageError

try:
    import fcntl
except ImportError:  # Windows, Pyodide
    fcntl = None  # type: ignore[assignment]

#: How long a run waits for another to finish with the file, in seconds.
LOCK_TIMEOUT = 60.0
_POLL = 0.02


def lock_path(path: str | Path) -> Path:
    """The lock file of ``path``: beside it (beside a link's target), named after it."""
    target = Path(os.path.realpath(path))
    return target.parent / f".{target.name}.lock"


def _try_flock(lock: Path) -> int | None:
    """The lock file's descriptor, locked, or None while another process holds it. A lock
    file unlinked by its last holder between our open and our lock is opened again."""
    assert fcntl is not None
    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        return None
    try:
        current = os.stat(lock).st_ino
    except FileNotFoundError:
        current = None
    if current != os.fstat(handle).st_ino:
        os.close(handle)
        return None
    return handle


def _try_create(lock: Path) -> int | None:
    """The new lock file's descriptor, or None when it exists already."""
    try:
        return os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return None


@contextmanager
def locked(
    path: str | Path,
    timeout: float = LOCK_TIMEOUT,
    on_wait: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """Hold the lock of ``path`` for the ``with`` block; wait while another run holds it
    (telling ``on_wait`` once, with the lock file), and refuse (a ``locked`` error naming the
    lock file) after ``timeout`` seconds."""
    lock = lock_path(path)
    attempt = _try_create if fcntl is None else _try_flock
    deadline = time.monotonic() + timeout
    told = on_wait is None
    while (handle := attempt(lock)) is None:
        if not told and on_wait is not None:
            on_wait(lock)
            told = True
        if time.monotonic() >= deadline:
            raise UsageError(
                Problem("locked", lock=str(lock), seconds=f"{timeout:g}"), source=str(path)
            )
        time.sleep(_POLL)
    try:
        yield lock
    finally:
        # Unlinked while still held, so that a waiter that opened it sees it is gone.
        lock.unlink(missing_ok=True)
        os.close(handle)
