"""Whether a firm is an SME: its declared size, else the industrial rule of the 2011 standard.

工信部联企业〔2011〕300号, industry (工业): medium, small and micro firms are those with
fewer than 1000 employees **or** 营业收入 below 40000万元. The standard pairs ``以下`` with
``及以上`` for the next band, so there ``以下`` is strict. A firm is large only when both
figures reach the limits; when the known figures settle neither, the size is undecided.
"""

from __future__ import annotations

from decimal import Decimal

from .cluster import INDUSTRY_WORDS, Enterprise, Size

EMPLOYEE_LIMIT = 1000
REVENUE_LIMIT = Decimal(400_000_000)  # 40000万元 in 元


def is_sme(firm: Enterprise) -> bool | None:
    """True for an SME, False for a large firm, None when it cannot be decided."""
    return sme_by_figures(
        firm.size, firm.sector, firm.employees, firm.operating_revenue, firm.main_business_revenue
    )


def is_industry(sector: str) -> bool:
    """Whether the industrial rule of the standard applies to a firm of this sector."""
    return sector == "industry" or sector.lower() in INDUSTRY_WORDS


def sme_by_figures(
    size: Size | None,
    sector: str,
    employees: int | None,
    revenue: Decimal | None,
    business_revenue: Decimal | None,
) -> bool | None:
    """:func:`is_sme` on a firm's figures, for readers that never build an Enterprise."""
    if size is not None:
        return size.is_sme
    if not is_industry(sector):
        return None
    if (employees is not None and employees < EMPLOYEE_LIMIT) or (
        revenue is not None and revenue < REVENUE_LIMIT
    ):
        return True
    # 主营业务收入 is part of 营业收入, so a main-business revenue at the limit settles it too.
    revenue_at_limit = (revenue if revenue is not None else business_revenue or 0) >= REVENUE_LIMIT
    if employees is not None and employees >= EMPLOYEE_LIMIT and revenue_at_limit:
        return False
    return None
