"""Adult and children's safeguarding data: the adult front door by month, concluded Section 42
enquiries (whose monthly counts the activity file repeats), and children's services flows."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from saferinsight.generate.partners import figures as fig
from saferinsight.generate.partners.context import (
    Context,
    IntArray,
    Row,
    day_in,
    fy_months,
    labels,
    monthly_targets,
    seasonal,
    split,
)


def adult_safeguarding_enquiries(ctx: Context) -> list[Row]:
    """Concluded Section 42 enquiries; those of 2023/24 have the published profile exactly
    [001:L827-860]."""
    if "enquiries" in ctx.cache:
        cached: list[Row] = ctx.cache["enquiries"]
        return cached
    rng = ctx.rng("adult-safeguarding-enquiries")
    rows: list[Row] = []
    for fy in ctx.fys:
        n = ctx.yearly(fig.ADULT_CONCLUDED, fy)
        exact = fy == fig.ADULT_EXACT_YEAR and ctx.calibrated
        targets = monthly_targets(rng, n, seasonal(fy))
        days = sorted(
            day_in(rng, m) for m, k in zip(fy_months(fy), targets, strict=True) for _ in range(k)
        )
        rows += _enquiries(rng, days, exact)
    rows.sort(key=lambda r: r["concluded_date"])
    found = [
        {"enquiry_reference": f"S42-{serial:05d}", **row, "area": ctx.geo.name}
        for serial, row in enumerate(rows, start=1)
    ]
    ctx.cache["enquiries"] = found
    return found


def _enquiries(rng: np.random.Generator, days: list[date], exact: bool) -> list[Row]:
    n = len(days)
    location = labels(rng, n, fig.ADULT_LOCATION, exact=fig.ADULT_LOCATION if exact else None)
    plan = labels(rng, n, fig.ADULT_PLAN, exact=fig.ADULT_PLAN if exact else None)
    asked = labels(rng, n, fig.ADULT_ASKED, exact=fig.ADULT_ASKED if exact else None)
    achieved = iter(
        labels(
            rng,
            asked.count("Y"),
            fig.ADULT_ACHIEVED,
            exact=fig.ADULT_ACHIEVED if exact else None,
        )
    )
    rows = []
    for i, day in enumerate(days):
        rows.append(
            {
                "concluded_date": day,
                "area": None,
                "abuse_types": _abuse_types(rng),
                "location": location[i],
                "outcomes_asked": asked[i] == "Y",
                "outcomes_achieved": next(achieved) if asked[i] == "Y" else None,
                "plan": plan[i],
            }
        )
    return rows


def _abuse_types(rng: np.random.Generator) -> list[str]:
    kinds = list(fig.ADULT_ABUSE)
    how_many = int(rng.choice([1, 2, 3], p=[0.75, 0.2, 0.05]))
    p = np.array(list(fig.ADULT_ABUSE.values()))
    chosen = rng.choice(len(kinds), size=how_many, replace=False, p=p / p.sum())
    from saferinsight.datasets.catalogue import ADULT_SAFEGUARDING_ENQUIRIES

    order = ADULT_SAFEGUARDING_ENQUIRIES.column("abuse_types").codes
    return sorted((kinds[int(i)] for i in chosen), key=order.index)


def adult_safeguarding_activity(ctx: Context) -> list[Row]:
    """The adult front door by month: contacts, concerns, enquiries started, and the enquiries
    concluded and plans as in the enquiry records."""
    rng = ctx.rng("adult-safeguarding-activity")
    concluded: Counter[date] = Counter()
    plans: Counter[tuple[date, str]] = Counter()
    for row in adult_safeguarding_enquiries(ctx):
        month = row["concluded_date"].replace(day=1)
        concluded[month] += 1
        plans[month, row["plan"]] += 1
    rows = []
    for fy in ctx.fys:
        weights = seasonal(fy)
        contacts = monthly_targets(rng, ctx.yearly(fig.ADULT_CONTACTS, fy), weights)
        concerns = monthly_targets(rng, ctx.yearly(fig.ADULT_CONCERNS, fy), weights)
        started = monthly_targets(rng, ctx.yearly(fig.ADULT_STARTED, fy), weights)
        for i, month in enumerate(fy_months(fy)):
            rows.append(
                {
                    "month": month,
                    "area": ctx.geo.name,
                    "contacts": int(contacts[i]),
                    "concerns": int(concerns[i]),
                    "enquiries_started": int(started[i]),
                    "enquiries_concluded": concluded[month],
                    "plans_new": plans[month, "New"],
                    "plans_ongoing": plans[month, "Ongoing"],
                }
            )
    return rows


#: Daily-rate index by calendar month: Section 47 enquiries and police referrals spike in school
#: holidays [002:L581-586]; school contacts fall in August.
HOLIDAYS = (1.05, 1.0, 1.0, 1.15, 0.95, 1.0, 1.1, 1.2, 0.95, 1.0, 1.0, 1.15)
CONTACTS = (1.05, 1.05, 1.05, 1.0, 1.05, 1.0, 0.95, 0.7, 1.0, 1.05, 1.05, 0.9)


def childrens_safeguarding(ctx: Context) -> list[Row]:
    """Children's services measures by month, with contacts by source, Early Help contacts by
    reason and child exploitation referrals by sex (each breakdown adds up to its measure)."""
    rng = ctx.rng("childrens-safeguarding")
    series: dict[str, IntArray] = {}
    breakdowns: dict[str, tuple[str, dict[str, IntArray]]] = {}
    for measure, counts in fig.CHILDREN.items():
        series[measure] = np.concatenate([_flow(ctx, rng, measure, counts, fy) for fy in ctx.fys])
    for measure, counts in fig.CHILDREN_STOCKS.items():
        series[measure] = _stock(ctx, rng, counts)
    sexes = {
        sex: np.concatenate(
            [monthly_targets(rng, ctx.yearly3(counts, fy), seasonal(fy)) for fy in ctx.fys]
        )
        for sex, counts in fig.CE_SEX.items()
    }
    series["Child exploitation referrals"] = np.sum(list(sexes.values()), axis=0)
    breakdowns["Child exploitation referrals"] = ("sex", sexes)
    breakdowns["Contacts"] = ("source", _parts(rng, series["Contacts"], fig.CONTACT_SOURCES))
    breakdowns["Early Help contacts"] = (
        "reason",
        _parts(rng, series["Early Help contacts"], fig.EARLY_HELP_REASONS),
    )
    from saferinsight.datasets.catalogue import CHILDRENS_SAFEGUARDING

    order = CHILDRENS_SAFEGUARDING.column("measure").codes
    rows: list[Row] = []
    for i, month in enumerate(ctx.months):
        for measure in order:
            rows.append(_child_row(ctx, month, measure, None, None, int(series[measure][i])))
            if measure in breakdowns:
                by, parts = breakdowns[measure]
                for value, monthly in parts.items():
                    rows.append(_child_row(ctx, month, measure, by, value, int(monthly[i])))
    return rows


def _child_row(
    ctx: Context, month: date, measure: str, by: str | None, value: str | None, count: int
) -> Row:
    return {
        "month": month,
        "area": ctx.geo.name,
        "measure": measure,
        "breakdown": by,
        "breakdown_value": value,
        "count": count,
    }


def _flow(
    ctx: Context, rng: np.random.Generator, measure: str, counts: tuple[int, int, int], fy: int
) -> IntArray:
    shape = HOLIDAYS if measure in ("Section 47 enquiries", "Police protection") else CONTACTS
    weights = seasonal(fy, shape)
    if measure.startswith("Early Help") and fy == 2023:
        weights[4:] *= 1.5  # the new Early Help front door, August 2023 [001:L896-970]
    return monthly_targets(rng, ctx.yearly3(counts, fy), weights)


def _stock(ctx: Context, rng: np.random.Generator, counts: tuple[int, int, int]) -> IntArray:
    """Month-end numbers moving from each year's March figure to the next."""
    values: list[int] = []
    previous = ctx.yearly3(counts, ctx.fys[0] - 1)
    for fy in ctx.fys:
        current = ctx.yearly3(counts, fy)
        path = np.linspace(previous, current, 13)[1:]
        noise = rng.normal(0, max(current * 0.01, 1), 12)
        noise[-1] = 0
        values += [round(v) for v in path + noise]
        previous = current
    return np.array(values, dtype=np.int64)


def _parts(
    rng: np.random.Generator, totals: IntArray, shares: dict[str, float]
) -> dict[str, IntArray]:
    split_rows = np.array([split(rng, int(t), list(shares.values())) for t in totals])
    return {name: split_rows[:, j] for j, name in enumerate(shares)}
