"""Turning the paths a user names (files and folders) into clusters, in a stable order.

A folder is read recursively; its files are taken in sorted path order so that a review
table lists the same clusters in the same order on every machine. Cluster files (.toml,
.json) give one cluster each; a roster file (.csv, .xlsx, .xls, .ods) gives one cluster per
value of its cluster column, or one named after the file. A roster that a cluster file names
is read as part of that cluster, not again on its own.

No file in a folder is passed over in silence. A spreadsheet clustercheck cannot read (.xlsb,
.et, …) is an error, for the figures in it would be missing from the review; any other file
(documents, scans, archives) is named in a note. Hidden files, the lock files Office and WPS
leave beside an open workbook (``~$名册.xlsx``) and Windows' folder files are passed over.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..base.drain import drained
from ..base.errors import ClusterCheckError, InputError, InputErrors, Problem, UsageError
from ..base.filekind import refuse_special_input
from ..base.notes import Note
from ..base.progress import Progress
from ..model.cluster import Cluster
from ..model.given import GivenOnce
from ..model.roster import LeaderTest
from .cluster_file import CLUSTER_SUFFIXES, cluster_from_data, read_data
from .outputs import is_registry
from .sheet import ROSTER_SUFFIXES
from .tables import clusters_of_table
from .workbook import WORKBOOK_SUFFIXES

INPUT_SUFFIXES = CLUSTER_SUFFIXES + ROSTER_SUFFIXES
#: Spreadsheets and other tables that could hold a cluster's figures but are not read (yet).
UNREAD_DATA_SUFFIXES = (".xlsm", ".xlsb", ".et", ".ett", ".numbers", ".tsv", ".dbf")
#: Files of the operating system, never anybody's data.
_SYSTEM_FILES = ("thumbs.db", "desktop.ini")
_NAMES_SHOWN = 20

#: What is told of files in a folder that were not read: a :class:`Note` to show the user.
OnNote = Callable[[Note], None]
#: Who is told of a file that cannot be read, when the other files are to be read all the same.
OnError = Callable[[ClusterCheckError], None]


def _passed_over(path: Path, folder: Path) -> bool:
    """Whether a file in a folder is nobody's data: hidden (or in a hidden folder), an Office
    or WPS lock file, or a file Windows keeps for the folder."""
    parts = path.relative_to(folder).parts
    return (
        any(part.startswith(".") for part in parts)
        or path.name.startswith("~$")
        or path.name.lower() in _SYSTEM_FILES
    )


def _unread_data(path: Path, in_folder: bool) -> InputError:
    code = "unread_spreadsheet_in_folder" if in_folder else "unread_spreadsheet"
    expected = ", ".join((".csv", *WORKBOOK_SUFFIXES))
    return InputError(str(path), "", Problem(code, value=path.suffix.lower(), expected=expected))


def _refuse(error: ClusterCheckError, on_error: OnError | None) -> None:
    """Raises the error, or (with ``on_error``) tells it and lets the other files be read."""
    if on_error is None:
        raise error
    on_error(error)


def input_files(
    paths: Iterable[str | Path], *, on_note: OnNote | None = None, on_error: OnError | None = None
) -> list[Path]:
    """Each named file as given, and each folder's input files, recursively, in sorted order.

    A spreadsheet in a folder that cannot be read is an error; other files not read are named
    in a ``files_unread`` note given to ``on_note``, or issued as a :class:`UserWarning`. With
    ``on_error``, each error is told to it and the file or folder left out, instead of raised."""
    return _input_files(paths, on_note, on_error)[0]


def _input_files(
    paths: Iterable[str | Path], on_note: OnNote | None, on_error: OnError | None = None
) -> tuple[list[Path], set[Path]]:
    """The files of :func:`input_files`, and those of them found in a folder."""
    files: list[Path] = []
    in_folders: set[Path] = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found: list[Path] = []  # files read, and spreadsheets refused below
            unread: list[Path] = []
            for p in sorted(path.rglob("*")):
                if p.is_dir() or _passed_over(p, path):
                    continue
                if not p.is_file():  # a FIFO, a device, a socket, a broken link: not read
                    unread.append(p)
                    continue
                suffix = p.suffix.lower()
                if suffix in INPUT_SUFFIXES or suffix in UNREAD_DATA_SUFFIXES:
                    found.append(p)
                else:
                    unread.append(p)
            if unread:
                _tell(_unread_note(path, unread), on_note)
            if not found:
                expected = ", ".join(INPUT_SUFFIXES)
                _refuse(
                    InputError(str(path), "", Problem("empty_folder", expected=expected)), on_error
                )
            files.extend(found)
            in_folders.update(found)
        elif path.exists():
            try:
                refuse_special_input(path)
            except InputError as error:
                _refuse(error, on_error)
                continue
            files.append(path)
        else:
            _refuse(InputError(str(path), "", Problem("no_file_or_folder")), on_error)
    refused = [
        _unread_data(f, f in in_folders) for f in files if f.suffix.lower() in UNREAD_DATA_SUFFIXES
    ]
    if refused and on_error is None:
        raise refused[0] if len(refused) == 1 else InputErrors(refused)
    for refusal in refused:
        _refuse(refusal, on_error)
    return [f for f in files if f.suffix.lower() not in UNREAD_DATA_SUFFIXES], in_folders


def _refuse_repeated(files: list[Path]) -> None:
    """Refuse (``file_twice``) a file given twice, under one name or two (``a.toml`` and
    ``./a.toml``, a link, or a file named beside its folder), naming both as given: its
    clusters would otherwise be counted twice."""
    seen: dict[tuple[int, int], Path] = {}
    for file in files:
        try:
            found = os.stat(file)
        except OSError:
            continue  # reading it says what is wrong
        first = seen.setdefault((found.st_dev, found.st_ino), file)
        if first is not file:
            raise InputError(str(file), "", Problem("file_twice", first=str(first)))


def _unread_note(folder: Path, unread: list[Path]) -> Note:
    """The note naming a folder's files that were not read, by their path in the folder."""
    names = [str(p.relative_to(folder)) for p in unread]
    shown = "、".join(names[:_NAMES_SHOWN]) + ("……" if len(names) > _NAMES_SHOWN else "")
    return Note("files_unread", {"folder": str(folder), "count": str(len(names)), "files": shown})


def _tell(note: Note, on_note: OnNote | None) -> None:
    """Gives a note to the caller's ``on_note``; without one, issues it as a warning."""
    if on_note is None:
        warnings.warn(note.text(), UserWarning, stacklevel=3)
    else:
        on_note(note)


def clusters_in(
    paths: Iterable[str | Path],
    leader_tests: Sequence[LeaderTest] = (),
    *,
    list_firms: bool = False,
    on_note: OnNote | None = None,
    progress: Progress | None = None,
    on_error: OnError | None = None,
    once: bool = False,
) -> Iterator[Cluster]:
    """The clusters in the named files and folders, in :func:`input_files` order, rosters
    summed with ``leader_tests``; ``list_firms`` keeps the names of related SMEs. Files in a
    folder that are not read are told to ``on_note`` (see :func:`input_files`); ``progress``
    is told the clusters read so far, and how much of a large CSV roster is read. With
    ``on_error``, a file that cannot be read is told to it, and gives no cluster, while the
    other files are read. ``once`` refuses a file given twice, and a cluster in two files,
    naming the files as given."""
    files, in_folders = _input_files(paths, on_note, on_error)
    if once:
        _refuse_repeated(files)
    clusters = _clusters_of(
        files, in_folders, leader_tests, list_firms, on_note, progress, on_error
    )
    given = GivenOnce() if once else None
    for read, (path, cluster) in enumerate(clusters, start=1):
        if given is not None:
            given.add(cluster.name, cluster.region, cluster.year, str(path))
        if progress is not None:
            progress("clusters", read, None)
        yield cluster


def _not_data(error: InputError, path: Path, in_folders: set[Path], on_note: OnNote | None) -> bool:
    """Whether ``error`` says a file in a folder is one of clustercheck's own outputs (or a
    registry), which is then passed over with a note; named on its own, it is an error."""
    if error.code not in ("earlier_output", "is_registry") or path not in in_folders:
        return False
    _tell(Note(f"skipped_{error.code}", {"file": str(path)}), on_note)
    return True


def _clusters_of(
    files: list[Path],
    in_folders: set[Path],
    leader_tests: Sequence[LeaderTest],
    list_firms: bool,
    on_note: OnNote | None,
    progress: Progress | None,
    on_error: OnError | None = None,
) -> Iterator[tuple[Path, Cluster]]:
    """Each cluster of ``files`` with the file it is read from."""
    data: dict[Path, dict[str, Any]] = {}
    named_rosters: set[Path] = set()
    passed: set[Path] = set()
    for path in files:
        if path.suffix.lower() in ROSTER_SUFFIXES:
            continue
        if path.suffix.lower() not in CLUSTER_SUFFIXES:
            expected = ", ".join(INPUT_SUFFIXES)
            _refuse(
                InputError(str(path), "", Problem("not_input_file", expected=expected)), on_error
            )
            passed.add(path)
            continue
        try:
            data[path] = read_data(path)
            if is_registry(data[path]):
                raise InputError(str(path), "", Problem("is_registry"))
        except InputError as error:
            data.pop(path, None)
            passed.add(path)
            if not _not_data(error, path, in_folders, on_note):
                _refuse(error, on_error)
            continue
        roster = data[path].get("roster")
        if isinstance(roster, str):
            named_rosters.add((path.parent / roster.strip()).resolve())
    read: list[tuple[Path, Iterable[Cluster]]] = []
    for path in files:
        if path not in data and (path in passed or path.resolve() in named_rosters):
            continue
        try:
            found = _clusters_of_file(
                path, data.get(path), leader_tests, list_firms, on_note, progress
            )
            if on_error is not None:  # read whole here, so that an error leaves no cluster out
                found = list(found)
        except ClusterCheckError as error:
            if not (isinstance(error, InputError) and _not_data(error, path, in_folders, on_note)):
                _refuse(error, on_error)
            continue
        read.append((path, found))
    # Every file is read (its errors raised) before the first cluster is given; a roster's
    # clusters are then made from its sums one at a time.
    for path, found in drained(read):
        for cluster in found:
            yield path, cluster


def _clusters_of_file(
    path: Path,
    data: dict[str, Any] | None,
    leader_tests: Sequence[LeaderTest],
    list_firms: bool,
    on_note: OnNote | None,
    progress: Progress | None,
) -> Iterable[Cluster]:
    """The cluster of a cluster file's ``data``, or the clusters of a table, as read."""
    if data is not None:
        return [
            cluster_from_data(data, str(path), leader_tests=leader_tests, list_firms=list_firms)
        ]
    return clusters_of_table(
        path, leader_tests, list_firms=list_firms,
        on_note=lambda note: _tell(note, on_note), progress=progress,
    )  # fmt: skip


def _named_roster(path: Path) -> Path | None:
    """The roster file a cluster file names, if it names one."""
    roster = read_data(path).get("roster")
    return (path.parent / roster.strip()) if isinstance(roster, str) else None


def _inputs_of(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file a run given ``paths`` reads: the files named, the input files of each folder
    and the rosters that cluster files name."""
    for name in paths:
        path = Path(name)
        found = (
            [p for p in sorted(path.rglob("*")) if p.is_file() and not _passed_over(p, path)]
            if path.is_dir()
            else [path]
        )
        for file in found:
            yield file
            if file.suffix.lower() in CLUSTER_SUFFIXES and file.is_file():
                roster = _named_roster(file)
                if roster is not None:
                    yield roster


def refuse_output_over_input(output: str | Path | None, paths: Iterable[str | Path]) -> None:
    """Refuse (``output_is_input``) an ``output`` that is one of the files a run given
    ``paths`` reads, through a link or another name included, before it is written."""
    if output is None:
        return
    try:
        written = os.stat(output)
    except OSError:
        return  # a file that does not exist yet is nobody's input
    for file in _inputs_of(paths):
        try:
            read = os.stat(file)
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise UsageError(Problem("output_is_input", input=str(file)), source=str(output))
