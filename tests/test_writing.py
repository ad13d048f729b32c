"""Writing output and registries: through symlinks, never over special files, with the
permissions the umask gives, and only in a format the file's name says."""

from __future__ import annotations

import json
import os
import socket
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from clustercheck.base.atomic import write_atomic
from clustercheck.base.errors import UsageError
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir

#: Windows and the browser's Python have no named pipes; the module must still import there.
NEEDS_FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no os.mkfifo here")

EXAMPLES = examples_dir()
TEXTILES = str(EXAMPLES / "illustrative-1-textiles.toml")
SUFFIXES = (
    ".txt (text), .md or .markdown (markdown), .html or .htm (html), .csv (csv), "
    ".xlsx (xlsx), .json (json)"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "reports" / "report.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    code, out, _ = run(capsys, "check", TEXTILES, "-o", str(link))
    assert (code, out) == (0, "")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))[0]["verdict"] == "QUALIFIED"
    assert sorted(p.name for p in real.parent.iterdir()) == ["report.json"]  # no temporary left


def test_record_through_a_symlink_updates_the_real_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = EXAMPLES.parent / "example_registry" / "registry.toml"
    real = tmp_path / "kept" / "registry.toml"
    real.parent.mkdir()
    real.write_bytes(bundled.read_bytes())
    link = tmp_path / "registry.toml"
    link.symlink_to(real)
    code, _, err = run(capsys, "recheck", str(link), "--year", "2016", TEXTILES, "--record")
    assert code == 0
    assert err == f"Written {link}: this round is recorded in the registry\n"
    assert link.is_symlink() and os.readlink(link) == str(real)
    history = tomllib.loads(real.read_text(encoding="utf-8"))["cluster"][0]["history"]
    assert [(h["year"], h["decision"]) for h in history] == [(2016, "RETAIN")]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        pytest.param(lambda path: os.mkfifo(path), "a FIFO (named pipe)", marks=NEEDS_FIFO),
        (os.mkdir, "a folder"),
        pytest.param(
            lambda path: socket.socket(socket.AF_UNIX).bind(str(path)),
            "a socket",
            marks=pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets"),
        ),
    ],
    ids=["fifo", "folder", "socket"],
)
def test_special_files_are_refused_and_left_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, kind: str
) -> None:
    target = tmp_path / "out.txt"
    make(target)  # type: ignore[operator]
    mode = os.lstat(target).st_mode
    code, out, err = run(capsys, "check", TEXTILES, "-o", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"clustercheck: error: {target}: is {kind}, not a file; expected the name of a file to "
        "write (leave out -o to write to standard output)\n"
    )
    assert os.lstat(target).st_mode == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_device_is_refused_even_for_root(tmp_path: Path) -> None:
    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # as /dev/full
    with pytest.raises(UsageError) as caught:
        write_atomic(device, b"report")
    assert str(caught.value).startswith(f"{device}: is a character device, not a file;")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


@NEEDS_FIFO
def test_a_link_to_a_special_file_is_named_with_its_target(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.txt"
    link.symlink_to(fifo)
    with pytest.raises(UsageError) as caught:
        write_atomic(link, b"report")
    assert str(caught.value).startswith(f"{link} (→ {fifo}): is a FIFO (named pipe), not a file;")


def test_a_new_file_gets_the_permissions_of_the_umask(tmp_path: Path, umask_022: None) -> None:
    write_atomic(tmp_path / "a.txt", b"report")
    assert stat.S_IMODE(os.stat(tmp_path / "a.txt").st_mode) == 0o644
    os.umask(0o077)
    write_atomic(tmp_path / "b.txt", b"report")
    assert stat.S_IMODE(os.stat(tmp_path / "b.txt").st_mode) == 0o600


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "registry.toml"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "a.txt"
    with pytest.raises(UsageError) as caught:
        write_atomic(target, b"report")
    assert str(caught.value) == f"{target}: the folder {target.parent} does not exist"


def test_a_folder_that_cannot_be_written_is_named_by_the_file_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "a.txt"
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user may write anywhere")
        code, _, err = run(capsys, "check", TEXTILES, "-o", str(target))
    finally:
        os.chmod(folder, 0o700)
    assert (code, err) == (2, f"clustercheck: error: {target}: Permission denied\n")


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (("-o", "{dir}/评审汇总.pdf"), f"clustercheck does not write .pdf files; expected -o "
         f"OUT ending in {SUFFIXES}"),
        (("-o", "{dir}/out.docx", "--format", "text"), "clustercheck does not write .docx files; expected -o OUT "
         f"ending in {SUFFIXES}"),
        (("-o", "{dir}/out.json", "--format", "csv"), "a .json file holds json, but --format csv "
         "was given; expected -o OUT ending in .csv for csv, or no --format"),
        (("-o", "{dir}/out.txt", "--format", "markdown"), "a .txt file holds text, but --format "
         "markdown was given; expected -o OUT ending in .md or .markdown for markdown, or no "
         "--format"),
        (("-o", "{dir}/评审汇总"), f"the name has no suffix to tell the format; expected -o OUT "
         f"ending in {SUFFIXES}, or --format"),
    ],
    ids=["pdf", "docx-with-format", "json-as-csv", "txt-as-markdown", "no-suffix"],
)  # fmt: skip
def test_an_output_name_that_does_not_say_the_format_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], problem: str
) -> None:
    args = [a.format(dir=tmp_path) for a in argv]
    for command in (["check", TEXTILES], ["review", TEXTILES], ["demo"]):
        code, out, err = run(capsys, *command, *args)
        assert (code, out) == (2, "")
        assert err == f"clustercheck: error: {args[1]}: {problem}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (("-o", "{dir}/评审汇总", "--format", "markdown"), "# 豫工信企业〔2014〕196号"),
        (("-o", "{dir}/report.HTM"), "<!DOCTYPE html>"),
        (("-o", "{dir}/report.markdown", "--format", "markdown"), "# 豫工信企业〔2014〕196号"),
        (("-o", "{dir}/report.json", "--format", "json"), "["),
    ],
    ids=["no-suffix-with-format", "htm-any-case", "markdown-both", "json-both"],
)
def test_an_output_name_and_format_that_agree_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], start: str
) -> None:
    args = [a.format(dir=tmp_path) for a in argv]
    code, out, _ = run(capsys, "check", TEXTILES, *args)
    assert (code, out) == (0, "")
    assert Path(args[1]).read_text(encoding="utf-8").startswith(start)
