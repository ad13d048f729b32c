"""Turning the paths a user names (files and folders) into clusters, in a stable order.

A folder is read recursively; its files are taken in sorted path order so that a review
table lists the same clusters in the same order on every machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ._errors import InputError
from ._load import CLUSTER_SUFFIXES, load_cluster
from ._model import Cluster


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Each named file as given, and each folder's cluster files, recursively, in sorted order."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CLUSTER_SUFFIXES
            )
            if not found:
                raise InputError(
                    str(path),
                    "",
                    f"no cluster files ({', '.join(CLUSTER_SUFFIXES)}) in this folder",
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(str(path), "", "no such file or folder")
    return files


def load_clusters(paths: Iterable[str | Path]) -> Iterator[Cluster]:
    """The clusters in the named files and folders, one at a time, in :func:`input_files` order."""
    for path in input_files(paths):
        yield load_cluster(path)
