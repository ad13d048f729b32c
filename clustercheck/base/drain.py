"""Giving a list's items in order while the list lets go of each: a roster of many clusters
then holds each cluster in one form at a time (its sums, its figures, its report), not two."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


def drained(items: list[T]) -> Iterator[T]:
    """The items of ``items`` in order, each taken out of the list as it is given; the list
    is empty once they all are."""
    items.reverse()
    while items:
        yield items.pop()
