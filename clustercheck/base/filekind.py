"""What a path is when it is not a regular file, so that a FIFO, a device or a link to
``/dev/zero`` given as an input is refused before it is read (reading it would hang, or never
end) and one given as an output is refused before it is replaced."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError, Problem
from .messages import Phrase

_KINDS = {
    stat.S_IFDIR: Phrase("a folder", "文件夹"),
    stat.S_IFIFO: Phrase("a FIFO (named pipe)", "命名管道"),
    stat.S_IFCHR: Phrase("a character device", "字符设备"),
    stat.S_IFBLK: Phrase("a block device", "块设备"),
    stat.S_IFSOCK: Phrase("a socket", "套接字"),
}
_SPECIAL = Phrase("a special file", "特殊文件")


def kind_of(mode: int) -> Phrase:
    """What a file of ``mode`` (``st_mode``) is, in words: a folder, a FIFO, a device…"""
    return _KINDS.get(stat.S_IFMT(mode), _SPECIAL)


def refuse_special_input(path: str | Path) -> None:
    """Refuse (``special_input``) an input that exists but is not a regular file or a folder,
    followed through links; a missing file is left to the reader to name."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise InputError(str(path), "", Problem("special_input", kind=kind_of(mode)))
