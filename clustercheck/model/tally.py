"""A roster summed firm by firm: exact totals, and the names a report lists.

A :class:`Tally` takes firms one at a time and keeps only sums, counts and the names that
reports show, so a province-wide roster costs memory per cluster, not per firm. The leader
tests (``超5000万元``) are given up front because a firm's revenue is not kept; firms tested
on 营业收入 for want of 主营业务收入 are kept apart wherever that leaves them uncertain.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..base.compare import Operator
from .cluster import Enterprise
from .roster import NAMES_SHOWN, Leaders, LeaderTest, Names, RosterFigures
from .sizes import sme_by_figures

#: The tests that exclude their threshold (超, 低于): a firm exactly at it is listed apart.
_STRICT = (Operator.GT, Operator.LT)


class _NameList:
    """Counts firms and keeps the first :data:`NAMES_SHOWN` names."""

    __slots__ = ("count", "first")

    def __init__(self) -> None:
        self.count = 0
        self.first: list[str] = []

    def add(self, name: str) -> None:
        self.count += 1
        if len(self.first) < NAMES_SHOWN:
            self.first.append(name)

    def frozen(self) -> Names:
        return Names(self.count, tuple(self.first))


class Tally:
    """Sums a cluster's roster one firm at a time."""

    def __init__(self, leader_tests: Iterable[LeaderTest], *, list_smes: bool = False) -> None:
        self.firms = 0
        self.operating_revenue = Decimal(0)
        self.main_industry_revenue = Decimal(0)
        self.rd_expense = Decimal(0)
        self.related_smes = 0
        self.leaders: dict[LeaderTest, tuple[list[str], list[str], list[str]]] = {
            test: ([], [], []) for test in leader_tests
        }
        self.sme_names: list[str] | None = [] if list_smes else None
        self.lacking_operating_revenue = _NameList()
        self.lacking_main_flag = _NameList()
        self.lacking_rd_expense = _NameList()
        self.proxied = _NameList()
        self.lacking_business_revenue = _NameList()
        self.undecided_size = _NameList()

    def add(self, firm: Enterprise) -> None:
        """Count one firm."""
        self.add_figures(
            firm.name, firm.main_business_revenue, firm.operating_revenue, firm.rd_expense,
            firm.in_main_industry, firm.related,
            sme_by_figures(firm.size, firm.sector, firm.employees, firm.operating_revenue,
                           firm.main_business_revenue),
        )  # fmt: skip

    def add_figures(
        self,
        name: str,
        business: Decimal | None,
        revenue: Decimal | None,
        rd_expense: Decimal | None,
        in_main_industry: bool | None,
        related: bool,
        sme: bool | None,
    ) -> None:
        """Count one firm given by its figures (``sme``: None when its size is undecidable)."""
        self.firms += 1
        if revenue is None:
            self.lacking_operating_revenue.add(name)
        else:
            self.operating_revenue += revenue
            if in_main_industry:
                self.main_industry_revenue += revenue
        if in_main_industry is None:
            self.lacking_main_flag.add(name)
        if rd_expense is None:
            self.lacking_rd_expense.add(name)
        else:
            self.rd_expense += rd_expense
        if business is not None:
            for test, (certain, _, at_limit) in self.leaders.items():
                if test.operator.holds(business, test.threshold):
                    certain.append(name)
                elif business == test.threshold and test.operator in _STRICT:
                    at_limit.append(name)  # 超5000万元 does not include 5000万元
        elif revenue is not None:
            # 营业收入 is at least 主营业务收入: failing an upward test (超5000万元) on it settles
            # that a firm is no leader, passing a downward one that it is; else it may be one.
            self.proxied.add(name)
            for test, (certain, proxied, _) in self.leaders.items():
                holds = test.operator.holds(revenue, test.threshold)
                if holds == test.operator.upward:
                    proxied.append(name)
                elif holds:
                    certain.append(name)
        else:
            self.lacking_business_revenue.add(name)
        if related:
            if sme is None:
                self.undecided_size.add(name)
            elif sme:
                self.related_smes += 1
                if self.sme_names is not None:
                    self.sme_names.append(name)

    def result(self) -> RosterFigures:
        """The figures counted so far."""
        return RosterFigures(
            firms=self.firms,
            operating_revenue=self.operating_revenue,
            lacking_operating_revenue=self.lacking_operating_revenue.frozen(),
            main_industry_revenue=self.main_industry_revenue,
            lacking_main_flag=self.lacking_main_flag.frozen(),
            rd_expense=self.rd_expense,
            lacking_rd_expense=self.lacking_rd_expense.frozen(),
            leaders={
                test: Leaders(tuple(certain), tuple(proxied), tuple(at_limit))
                for test, (certain, proxied, at_limit) in self.leaders.items()
            },
            proxied=self.proxied.frozen(),
            lacking_business_revenue=self.lacking_business_revenue.frozen(),
            related_smes=self.related_smes,
            undecided_size=self.undecided_size.frozen(),
            related_sme_names=None if self.sme_names is None else tuple(self.sme_names),
        )


def tally(
    firms: Iterable[Enterprise], leader_tests: Iterable[LeaderTest], *, list_smes: bool = False
) -> RosterFigures:
    """The figures of a whole roster at once."""
    counter = Tally(leader_tests, list_smes=list_smes)
    for firm in firms:
        counter.add(firm)
    return counter.result()
