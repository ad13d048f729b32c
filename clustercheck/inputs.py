"""Clusters from files, read for the packs that will check them.

Reading knows nothing of the rules; but a roster is summed firm by firm, and whether a firm
is a leader is a pack's test (196号: 主营业务收入超5000万元). Here the packs' tests are taken
from the rules and handed to the readers as plain data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path

from .base.arguments import one_path, path_list
from .base.errors import InputError, Problem
from .base.progress import Progress
from .model.cluster import Cluster
from .read.cluster_file import CLUSTER_SUFFIXES, cluster_from_data, read_data
from .read.files import OnError, OnNote, clusters_in
from .read.form import read_form
from .read.frames import FRAME, clusters_from_firm_rows, clusters_from_rows
from .read.workbook import WORKBOOK_SUFFIXES
from .rules.measures import leader_tests
from .rules.pack import Kind, PackChoice, packs_of


def load_cluster(
    path: str | Path, rules: PackChoice = None, *, list_firms: bool = False
) -> Cluster:
    """Read one cluster file (``.toml`` or ``.json``), or a filled fill-in workbook
    (``clustercheck template``). A roster it names or holds is summed for ``rules`` (default
    henan-2014-196); ``list_firms`` keeps the names of related SMEs."""
    file = Path(one_path(path))
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
    paths: str | PathLike[str] | Iterable[str | PathLike[str]],
    rules: PackChoice = None,
    *,
    list_firms: bool = False,
    on_note: OnNote | None = None,
    progress: Progress | None = None,
    on_error: OnError | None = None,
    once: bool = False,
) -> Iterator[Cluster]:
    """The clusters in the named files and folders, in sorted path order within a folder:
    ``paths`` is one path (``"dir"``, ``Path("dir")``: that one folder) or a list of them.

    Rosters are summed for the tests of ``rules`` (one pack or several; default
    henan-2014-196); ``list_firms`` keeps the names of related SMEs for the report. Files in
    a folder that are not read (documents, scans) are named in a note given to ``on_note``,
    or issued as a :class:`UserWarning` without one. ``progress(stage, done, total)`` is told
    the clusters read so far (``"clusters"``) and the bytes of a large CSV roster read
    (``"bytes"``, of its size). With ``on_error``, a file that cannot be read is told to it
    (a :class:`ClusterCheckError`) and gives no cluster, and the other files are still read.
    ``once`` refuses a file given twice (``file_twice``) and a cluster in two files
    (``cluster_twice``), naming the files as given, as a review would count such a cluster
    twice.
    """
    files = path_list(paths)
    tests = leader_tests(rules)
    return clusters_in(
        files, tests, list_firms=list_firms, on_note=on_note, progress=progress,
        on_error=on_error, once=once,
    )  # fmt: skip


def clusters_from_frame(
    frame: object,
    rules: PackChoice = None,
    *,
    units: Mapping[str, str] | None = None,
    money_unit: str | None = None,
    source: str = FRAME,
) -> list[Cluster]:
    """The clusters of a data frame (pandas, polars, pyarrow) with one row per cluster.

    Columns are named as cluster-file keys (``name``, ``year``, ``operating_revenue``, …) or
    as a summary table's Chinese headers (``营业收入(亿元)``); the attestations of ``rules``
    (default henan-2014-196) by id or label (``plan``, ``产业发展规划``), any as
    ``attested.<id>``. A column's unit is its header's, else ``units[key or header]``, else
    (money) ``money_unit``. Missing cells are missing figures; floats read as their repr."""
    return clusters_from_rows(
        frame, units=units, money_unit=money_unit, attestations=attestation_names(rules),
        source=source,
    )  # fmt: skip


def attestation_names(rules: PackChoice) -> dict[str, str]:
    """The column names of the attestations of ``rules`` (id, label, short label) and the
    attestation each names."""
    return {
        name: criterion.id
        for pack in packs_of(rules)
        for criterion in pack.criteria
        if criterion.kind is Kind.ATTESTATION
        for name in (criterion.id, criterion.label.zh, criterion.short.zh)
    }


def clusters_from_firms(
    frame: object,
    rules: PackChoice = None,
    *,
    name: str | None = None,
    units: Mapping[str, str] | None = None,
    money_unit: str | None = None,
    list_firms: bool = False,
    source: str = FRAME,
) -> list[Cluster]:
    """The clusters of a data frame with one row per firm, its columns named as a roster's
    (企业名称/name, 营业收入(万元)/operating_revenue, …), summed for the leader tests of
    ``rules`` exactly as a roster file is. A ``cluster`` (集群) column splits the firms;
    without it they form one cluster called ``name``. A ``region`` (所在地区) column gives
    each cluster the region its firms give."""
    parts = clusters_from_firm_rows(
        frame, leader_tests(rules), name=name, units=units, money_unit=money_unit,
        list_smes=list_firms, source=source,
    )  # fmt: skip
    return [Cluster(name=p.name, roster=p.figures, source=source, region=p.region) for p in parts]
