"""The partnership's funding table, as its annual reports print it.

Each year's table says, for every partner, its contribution and its "% of expected income".
The seeds use two meanings of that share, and a year's budget record says which it uses:
``expected-budget`` (2022/23 and 2023/24: the contribution as a share of the budget the
partnership expected, in whole percentages, the total row the total's share) and
``contributions`` (2024/25: the share of the year's contributions to two decimals, the total
row without a share). A partner with no contribution in a year prints N/A.

Examples
--------
>>> from decimal import Decimal
>>> share_text(Decimal("234580"), Decimal("460000"), 0)
'51%'
>>> share_text(Decimal("869.33"), Decimal("432772.33"), 2)
'0.20%'
>>> money_text(Decimal("266680.00"), pence=False), money_text(Decimal("869.33"), pence=False)
('£266,680', '£869.33')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from saferinsight.errors import RecordNotFoundError
from saferinsight.records.permissions import require
from saferinsight.records.service import find_partnership
from saferinsight.records.tables.resources import BudgetYear, Contribution, Grant

if TYPE_CHECKING:
    from saferinsight.records.service import Records

__all__ = ["FundingTable", "FundingYear", "funding_table", "money_text", "share_text"]

NOT_APPLICABLE = "N/A"


def share_text(amount: Decimal, whole: Decimal, decimals: int) -> str:
    """``amount`` as a percentage of ``whole``, rounded half up to ``decimals``."""
    quantum = Decimal(1).scaleb(-decimals)
    share = (amount * 100 / whole).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{share}%"


def money_text(amount: Decimal, *, pence: bool) -> str:
    """Pounds with thousands separators: always with pence, or pence only where there are."""
    if pence or amount != amount.to_integral_value():
        return f"£{amount:,.2f}"
    return f"£{amount:,.0f}"


@dataclass(frozen=True)
class FundingYear:
    """One year's budget: how shares are printed, the totals, other income, grants."""

    year: str
    share_basis: str
    share_decimals: int
    expected_budget: Decimal | None
    contributions: Decimal
    other_income: Decimal | None
    other_income_sources: tuple[str, ...]
    reserves: Decimal | None
    shared_with: str | None
    total_label: str
    grants: tuple[tuple[str, str | None, Decimal | None], ...]
    notes: str | None

    @property
    def pence(self) -> bool:
        """Whether the year's table prints pence on every amount (the 2023/24 report did)."""
        return self.share_basis == "expected-budget"

    def share(self, amount: Decimal) -> str:
        """A contribution's share, as the year's table prints it."""
        whole = self.expected_budget if self.share_basis == "expected-budget" else None
        return share_text(amount, whole or self.contributions, self.share_decimals)

    def summary(self) -> str:
        """The year's budget beyond the table, in one sentence (empty if nothing is recorded)."""
        parts = []
        if self.expected_budget is not None and self.share_basis == "expected-budget":
            parts.append(f"expected budget {money_text(self.expected_budget, pence=True)}")
        if self.other_income is not None:
            sources = ", ".join(self.other_income_sources)
            parts.append(
                f"other income {money_text(self.other_income, pence=False)}"
                + (f" ({sources})" if sources else "")
            )
        for funder, purpose, amount in self.grants:
            figure = f" {money_text(amount, pence=False)}" if amount is not None else ""
            parts.append(f"{funder} grant{figure}" + (f" for {purpose}" if purpose else ""))
        if self.reserves is not None:
            parts.append(f"reserves {money_text(self.reserves, pence=False)}")
        if self.shared_with:
            parts.append(f"the budget is shared with {self.shared_with}")
        return "; ".join(parts) + "." if parts else ""

    @property
    def total_share(self) -> str:
        """The total row's share: of the expected budget, or blank for shares of the total."""
        if self.share_basis == "expected-budget" and self.expected_budget:
            return share_text(self.contributions, self.expected_budget, self.share_decimals)
        return ""


@dataclass(frozen=True)
class FundingTable:
    """Contributions by partner for one or more years, printed as the reports print them."""

    partnership: str
    years: tuple[FundingYear, ...]
    partners: tuple[str, ...]
    labels: tuple[str, ...]
    amounts: tuple[tuple[Decimal | None, ...], ...]

    def header(self) -> tuple[str, ...]:
        """The column headings."""
        columns = ["Contributor"]
        for year in self.years:
            columns += [f"{year.year} % of expected income", f"{year.year} value"]
        return tuple(columns)

    def rows(self) -> tuple[tuple[str, ...], ...]:
        """Every partner's row, then the total row, as text cells."""
        printed = []
        for label, amounts in zip(self.labels, self.amounts, strict=True):
            cells = [label]
            for year, amount in zip(self.years, amounts, strict=True):
                if amount is None:
                    cells += [NOT_APPLICABLE, NOT_APPLICABLE]
                else:
                    cells += [year.share(amount), money_text(amount, pence=year.pence)]
            printed.append(tuple(cells))
        total = [self.years[0].total_label]
        for year in self.years:
            total += [year.total_share, money_text(year.contributions, pence=year.pence)]
        printed.append(tuple(total))
        return tuple(printed)


def funding_table(
    records: Records, *, years: Sequence[str], partnership: str | None = None
) -> FundingTable:
    """The funding table for ``years`` (financial years, oldest first), from the records."""
    with records.session() as session:
        owner = find_partnership(session, partnership)
        require(records.principal, "view-records", partnership=owner.key)
        budgets = []
        for year in years:
            budget = session.scalars(
                select(BudgetYear).where(
                    BudgetYear.partnership_id == owner.id, BudgetYear.year == year
                )
            ).first()
            if budget is None:
                raise RecordNotFoundError(
                    f"The records hold no budget for {owner.key} in {year}.",
                )
            rows = session.scalars(
                select(Contribution)
                .where(Contribution.budget_year_id == budget.id)
                .order_by(Contribution.position, Contribution.id)
            ).all()
            grants = session.scalars(
                select(Grant).where(Grant.partnership_id == owner.id, Grant.year == year)
            ).all()
            budgets.append((budget, rows, grants))
    return _table(owner.key, budgets)


def _table(
    key: str, budgets: list[tuple[BudgetYear, Sequence[Contribution], Sequence[Grant]]]
) -> FundingTable:
    # A row per partner, in the order of the rows' positions (else of first appearance), named
    # as the oldest year names it (a two-year table is the older report's); a partner absent
    # from a year prints N/A there.
    labels: dict[str, str] = {}
    places: dict[str, int] = {}
    amounts: dict[tuple[str, int], Decimal | None] = {}
    years = []
    for index, (budget, rows, grants) in enumerate(budgets):
        for row in rows:
            partner = row.partner or row.contributor
            labels.setdefault(partner, row.contributor)
            if row.position is not None:
                places[partner] = min(places.get(partner, row.position), row.position)
            amounts[(partner, index)] = row.amount
        total = sum((r.amount for r in rows if r.amount is not None), Decimal("0.00"))
        years.append(_year(budget, total, grants))
    order = list(labels)
    partners = tuple(sorted(order, key=lambda p: (places.get(p, len(order)), order.index(p))))
    return FundingTable(
        partnership=key,
        years=tuple(years),
        partners=partners,
        labels=tuple(labels[p] for p in partners),
        amounts=tuple(tuple(amounts.get((p, i)) for i in range(len(budgets))) for p in partners),
    )


def _year(budget: BudgetYear, total: Decimal, grants: Sequence[Grant]) -> FundingYear:
    sources = tuple(
        s.strip() for s in (budget.other_income_sources or "").splitlines() if s.strip()
    )
    return FundingYear(
        year=budget.year,
        share_basis=budget.share_basis,
        share_decimals=budget.share_decimals if budget.share_decimals is not None else 0,
        expected_budget=budget.expected_budget,
        contributions=total,
        other_income=budget.other_income,
        other_income_sources=sources,
        reserves=budget.reserves,
        shared_with=budget.shared_with,
        total_label=budget.total_label or "Total",
        grants=tuple((g.funder, g.purpose, g.amount) for g in grants),
        notes=budget.notes,
    )
