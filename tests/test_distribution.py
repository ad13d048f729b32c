"""The distribution: a name of our own on the package index, in every install line, and a
LICENSE in the wheel and in the sdist."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
NAME = "clustercheck-cn"
#: What a source checkout needs to build both distributions.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE")
SOURCE_FOLDERS = ("clustercheck", "criteria", "docs", "tests", "benchmarks")


def test_the_distribution_has_a_name_of_its_own_and_keeps_the_command() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == NAME
    assert project["scripts"] == {"clustercheck": "clustercheck.cli:main"}
    assert project["license"] == "MIT"


def _install_lines() -> list[tuple[str, str]]:
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    from clustercheck.base.messages import MESSAGES

    found = [(p.name, line) for p in texts for line in p.read_text("utf-8").splitlines()]
    found += [(code, text) for code, pair in MESSAGES.items() for text in pair]
    return [(where, line) for where, line in found if "pip install" in line]


def test_every_install_line_installs_this_project() -> None:
    lines = _install_lines()
    assert len(lines) > 10
    wrong = [
        (where, line)
        for where, line in lines
        for command in re.findall(r"pip install ([^`&;#\n）)]*)", line)
        for word in command.split()
        if re.fullmatch(r"clustercheck(\[.*\])?", word.strip("'\""))
    ]
    assert wrong == []
    assert any(f"'{NAME}[frames]'" in line for _, line in lines)


def test_the_licence_ships_in_the_wheel_and_the_sdist(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in SOURCE_FOLDERS:
        shutil.copytree(
            ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.so")
        )
    for name in SOURCES:
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path / "dist"
    out.mkdir()
    sdist_name, wheel_name = (_build(hook, source, out) for hook in ("build_sdist", "build_wheel"))
    licence = (ROOT / "LICENSE").read_bytes()
    assert licence.startswith(b"MIT License")
    with tarfile.open(out / sdist_name) as sdist:
        member = sdist.extractfile(f"clustercheck_cn-{_version()}/LICENSE")
        assert member is not None
        assert member.read() == licence
    with zipfile.ZipFile(out / wheel_name) as wheel:
        info = f"clustercheck_cn-{_version()}.dist-info"
        assert wheel.read(f"{info}/licenses/LICENSE") == licence
        metadata = wheel.read(f"{info}/METADATA").decode("utf-8").splitlines()
        assert f"Name: {NAME}" in metadata
        assert "License-File: LICENSE" in metadata
        assert "clustercheck/cli.py" in wheel.namelist()


def _build(hook: str, source: Path, out: Path) -> str:
    """The name of the archive a setuptools build hook writes to ``out``, run as pip runs it:
    in a process of its own, in the source folder."""
    build = (
        "import sys; from setuptools import build_meta as b; "
        "print('BUILT', getattr(b, sys.argv[1])(sys.argv[2]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", build, hook, str(out)], cwd=source, capture_output=True,
        text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    (name,) = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("BUILT ")]
    return name


def _version() -> str:
    import clustercheck

    return clustercheck.__version__
