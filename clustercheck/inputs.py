"""Clusters from files, read for the packs that will check them.

Reading knows nothing of the rules; but a roster is summed firm by firm, and whether a firm
is a leader is a pack's test (196号: 主营业务收入超5000万元). Here the packs' tests are taken
from the rules and handed to the readers as plain data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .base.errors import InputError, Problem
from .model.cluster import Cluster
from .read.cluster_file import CLUSTER_SUFFIXES, cluster_from_data, read_data
from .read.files import OnNote, clusters_in
from .read.form import read_form
from .read.workbook import WORKBOOK_SUFFIXES
from .rules.measures import leader_tests
from .rules.pack import PackChoice


def load_cluster(
    path: str | Path, rules: PackChoice = None, *, list_firms: bool = False
) -> Cluster:
    """Read one cluster file (``.toml`` or ``.json``), or a filled fill-in workbook
    (``clustercheck template``). A roster it names or holds is summed for ``rules`` (default
    henan-2014-196); ``list_firms`` keeps the names of related SMEs."""
    file = Path(path)
    if file.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_form(file, leader_tests(rules), list_firms=list_firms)
    if file.suffix.lower() not in CLUSTER_SUFFIXES:
        raise InputError(
            str(file), "", Problem("not_cluster_file", expected=" or ".join(CLUSTER_SUFFIXES))
        )
    return cluster_from_data(
        read_data(file), str(file), leader_tests=leader_tests(rules), list_firms=list_firms
    )


def load_clusters(
    paths: Iterable[str | Path],
    rules: PackChoice = None,
    *,
    list_firms: bool = False,
    on_note: OnNote | None = None,
) -> Iterator[Cluster]:
    """The clusters in the named files and folders, in sorted path order within a folder.

    Rosters are summed for the tests of ``rules`` (one pack or several; default
    henan-2014-196); ``list_firms`` keeps the names of related SMEs for the report. Files in
    a folder that are not read (documents, scans) are named in a note given to ``on_note``,
    or issued as a :class:`UserWarning` without one.
    """
    return clusters_in(paths, leader_tests(rules), list_firms=list_firms, on_note=on_note)
