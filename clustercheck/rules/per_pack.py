"""What is prepared from a pack once, on first use, and kept for as long as the pack lives."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import Generic, TypeVar

_Pack = TypeVar("_Pack")
_Made = TypeVar("_Made")


class PerPack(Generic[_Pack, _Made]):
    """``make(pack)``, made on a pack's first use and then looked up: keyed by the pack's
    ``id()``, with a weak reference that tells the pack from a later one at the same address.
    An entry goes when its pack does, so packs made on the fly (what-ifs) are not kept."""

    __slots__ = ("_made", "_make")

    def __init__(self, make: Callable[[_Pack], _Made]) -> None:
        self._make = make
        self._made: dict[int, tuple[weakref.ref[_Pack], _Made]] = {}

    def __call__(self, pack: _Pack) -> _Made:
        key = id(pack)
        entry = self._made.get(key)
        if entry is not None and entry[0]() is pack:
            return entry[1]
        made = self._make(pack)
        self._made[key] = (weakref.ref(pack, partial(self._forget, key)), made)
        return made

    def _forget(self, key: int, pack: weakref.ref[_Pack]) -> None:
        """Drops what was made of a pack that is gone (unless its address now serves another)."""
        entry = self._made.get(key)
        if entry is not None and entry[0] is pack:
            del self._made[key]
