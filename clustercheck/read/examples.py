"""The example clusters that ship with clustercheck, for ``clustercheck demo`` and tutorials."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def examples_dir() -> Path:
    """The folder of bundled example cluster files."""
    return Path(str(resources.files("clustercheck"))) / "examples"
