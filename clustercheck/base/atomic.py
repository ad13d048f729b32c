"""Writing files whole or not at all: a temporary file beside the target, then a rename.

A symlink is followed, so the file it points to is replaced and the link kept; anything but a
regular file (a folder, a FIFO, a device) is refused rather than replaced. A new file gets the
permissions the umask gives, an existing one keeps its mode.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .errors import UsageError

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}

#: Windows would otherwise open the file in text mode and write each newline as two bytes.
_BINARY = getattr(os, "O_BINARY", 0)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new, never half."""
    target = Path(os.path.realpath(path))
    shown = str(path) if target == Path(path).absolute() else f"{path} (→ {target})"
    try:
        mode: int | None = os.stat(path).st_mode  # through links, /dev/stdout's included
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
        raise UsageError(
            f"{shown}: is {kind}, not a file; expected the name of a file to write "
            "(leave out -o to write to standard output)"
        )
    if not target.parent.is_dir():
        raise UsageError(f"{shown}: the folder {target.parent} does not exist")
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
