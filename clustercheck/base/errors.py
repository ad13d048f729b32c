"""The errors clustercheck raises: each names where the bad input is and what was expected."""

from __future__ import annotations


class ClusterCheckError(Exception):
    """Base class of every error clustercheck raises on bad input."""


class InputError(ClusterCheckError, ValueError):
    """A value in an input file (or given in code) that cannot be used.

    ``source`` is the file (or ``"<code>"``), ``where`` the key path or row, so the
    message reads ``file: where: problem``.
    """

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source = source
        self.where = where
        self.problem = problem
        super().__init__(f"{source}: {where}: {problem}" if where else f"{source}: {problem}")


class InputErrors(ClusterCheckError, ValueError):
    """Several input errors found in one file, reported together rather than one at a time."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in errors))


class PackError(ClusterCheckError, ValueError):
    """A rule pack that is malformed: the message names the pack and the key."""


class FigureError(ValueError):
    """A single value that is not a valid figure; the loader adds the file and key path."""


class UsageError(ClusterCheckError):
    """A command asked for something it cannot do, such as binary output to a terminal."""
