"""Writing files whole or not at all: a temporary file beside the target, then a rename.

A symlink is followed, so the file it points to is replaced and the link kept; anything but a
regular file (a folder, a FIFO, a device) is refused rather than replaced, and so is a
read-only file. A new file gets the permissions the umask gives, an existing one keeps its
mode.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .errors import Problem, UsageError
from .filekind import kind_of

#: Windows would otherwise open the file in text mode and write each newline as two bytes.
_BINARY = getattr(os, "O_BINARY", 0)


def _refuse(mode: int | None, path: str | Path, shown: str) -> None:
    """Refuse to replace what is not a regular file, or a file that is read-only (no write
    permission bit, or none for this user): its owner kept it from being changed."""
    if mode is None:
        return
    if not stat.S_ISREG(mode):
        raise UsageError(Problem("not_a_file", kind=kind_of(mode)), source=shown)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise UsageError(Problem("read_only"), source=shown)


def check_writable(path: str | Path) -> None:
    """Refuse now what :func:`write_atomic` would refuse to replace at ``path``, so that a
    run that ends by writing it is stopped before it starts."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    _refuse(mode, path, str(path))


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new, never half."""
    target = Path(os.path.realpath(path))
    shown = str(path) if target == Path(path).absolute() else f"{path} (→ {target})"
    try:
        mode: int | None = os.stat(path).st_mode  # through links, /dev/stdout's included
    except FileNotFoundError:
        mode = None
    _refuse(mode, path, shown)
    if not target.parent.is_dir():
        raise UsageError(Problem("no_folder", folder=str(target.parent)), source=shown)
    temporary = target.parent / f".{target.name}.{secrets.token_hex(8)}.tmp"
    try:
        # Created as a new file would be, so the umask decides its permissions.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.chmod(temporary, stat.S_IMODE(mode))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows a folder to be synced."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
