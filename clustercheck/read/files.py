"""Turning the paths a user names (files and folders) into clusters, in a stable order.

A folder is read recursively; its files are taken in sorted path order so that a review
table lists the same clusters in the same order on every machine. Cluster files (.toml,
.json) give one cluster each; a roster file (.csv, .xlsx) gives one cluster per value of its
cluster column, or one named after the file. A roster that a cluster file names is read as
part of that cluster, not again on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from ..model.cluster import Cluster
from ..model.roster import LeaderTest
from .cluster_file import CLUSTER_SUFFIXES, cluster_from_data, read_data
from .roster_file import read_roster
from .sheet import ROSTER_SUFFIXES

INPUT_SUFFIXES = CLUSTER_SUFFIXES + ROSTER_SUFFIXES


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Each named file as given, and each folder's input files, recursively, in sorted order."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in INPUT_SUFFIXES
                and not p.name.startswith("~$")
            )
            if not found:
                raise InputError(
                    str(path), "", f"no cluster or roster files ({', '.join(INPUT_SUFFIXES)}) here"
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(str(path), "", "no such file or folder")
    return files


def clusters_in(
    paths: Iterable[str | Path],
    leader_tests: Sequence[LeaderTest] = (),
    *,
    list_firms: bool = False,
) -> Iterator[Cluster]:
    """The clusters in the named files and folders, in :func:`input_files` order, rosters
    summed with ``leader_tests``; ``list_firms`` keeps the names of related SMEs."""
    files = input_files(paths)
    data: dict[Path, dict[str, Any]] = {}
    named_rosters: set[Path] = set()
    for path in files:
        if path.suffix.lower() in ROSTER_SUFFIXES:
            continue
        if path.suffix.lower() not in CLUSTER_SUFFIXES:
            raise InputError(
                str(path),
                "",
                f"expected a cluster or roster file ending in {', '.join(INPUT_SUFFIXES)}",
            )
        data[path] = read_data(path)
        roster = data[path].get("roster")
        if isinstance(roster, str):
            named_rosters.add((path.parent / roster.strip()).resolve())
    for path in files:
        if path in data:
            yield cluster_from_data(
                data[path], str(path), leader_tests=leader_tests, list_firms=list_firms
            )
        elif path.resolve() not in named_rosters:
            for part in read_roster(path, leader_tests, list_smes=list_firms):
                yield Cluster(name=part.name, roster=part.figures, source=str(path))
