"""Comparisons with the strictness that Chinese legal wording gives them.

《民法典》第一千二百五十九条: 以上、以下、以内、届满 include the number; 不满、超过、以外 exclude it.
The rules read an operator from a pack's wording; the roster readers apply one to each firm.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from operator import ge, gt, le, lt
from typing import Any


class Operator(enum.Enum):
    """A comparison, with the strictness Chinese legal wording gives it."""

    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="

    def holds(self, value: Any, threshold: Any) -> bool:
        """Whether ``value OP threshold``; exact for Decimal, Fraction and int alike."""
        return bool(self.comparison(value, threshold))

    @property
    def comparison(self) -> Callable[[Any, Any], Any]:
        """The comparison as a function (``operator.ge`` for ``>=``): looked up once, called often."""
        return _COMPARISONS[self]

    @property
    def upward(self) -> bool:
        """True when larger values are better (``>`` and ``>=``)."""
        return self in (Operator.GT, Operator.GE)

    @property
    def symbol(self) -> str:
        """The mathematical sign shown in tables."""
        return {">": ">", ">=": "≥", "<": "<", "<=": "≤"}[self.value]


_COMPARISONS: dict[Operator, Callable[[Any, Any], Any]] = {
    Operator.GT: gt,
    Operator.GE: ge,
    Operator.LT: lt,
    Operator.LE: le,
}
