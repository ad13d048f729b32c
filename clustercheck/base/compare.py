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


def bound_decides(
    operator: Operator, limit: Any, bound: Any, lower: bool, strict: bool
) -> bool | None:
    """What a published bound on a non-negative amount x proves about ``x OP limit``: True
    when every x within the bound meets it, False when none does, None when it cannot tell.
    A lower bound (x > bound, or x ≥ bound) leaves x unbounded above; an upper bound (x <
    bound, or x ≤ bound) leaves x at least 0. Exact: the bound itself counts unless strict."""
    low, low_open, high, high_open = (
        (bound, strict, None, True) if lower else (0, False, bound, strict)
    )
    if operator.upward:  # the condition is x ≥ limit, or x > limit
        closed = operator is Operator.GE
        if low > limit or (low == limit and (closed or low_open)):
            return True
        if high is not None and (high < limit or (high == limit and (high_open or not closed))):
            return False
        return None
    closed = operator is Operator.LE
    if high is not None and (high < limit or (high == limit and (closed or high_open))):
        return True
    if low > limit or (low == limit and (low_open or not closed)):
        return False
    return None
