"""Offending, health and treatment data: IOM and proven reoffending, A&E assault attendances,
drug and alcohol treatment, drug-related deaths."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from saferinsight.core.months import add_months, days_in_month
from saferinsight.generate.partners import figures as fig
from saferinsight.generate.partners.context import (
    Context,
    Row,
    day_in,
    fy_months,
    labels,
    position_of,
    seasonal,
    split,
)

#: The months of the last financial year the IOM team re-sent with corrected figures.
IOM_REVISED_MONTHS = (6, 7, 8)  # October to December


def iom_reoffending(ctx: Context) -> tuple[list[Row], list[Row]]:
    """(the rows as first sent, the last financial year as re-sent with corrections).

    Over 2023/24 and 2024/25 the corrected monthly rates run from 4% to 31% with an average of
    16%, January and February 2025 just below it and March 2025 well above [000:L273].
    """
    rng = ctx.rng("iom-reoffending")
    cohorts = [c for fy in ctx.fys for c in _cohorts(rng, ctx.yearly(fig.IOM_COHORT, fy))]
    reoffended = _reoffended(ctx, rng, cohorts)
    rows: list[Row] = [
        {
            "month": month,
            "area": ctx.geo.name,
            "strand": "All",
            "cohort": cohort,
            "reoffended": n,
            "new_to_cohort": int(rng.integers(2, 9)),
        }
        for month, cohort, n in zip(ctx.months, cohorts, reoffended, strict=True)
    ]
    revised = [dict(row) for row in rows[-12:]]
    first_sent = [dict(row) for row in rows]
    for i in IOM_REVISED_MONTHS:
        row = first_sent[len(rows) - 12 + i]
        row["reoffended"] = max(row["reoffended"] + int(rng.choice([-3, -2, 2, 3])), 0)
        row["new_to_cohort"] += 1
    first_sent[len(rows) - 12 + IOM_REVISED_MONTHS[0]]["cohort"] += 2
    return first_sent, revised


def _cohorts(rng: np.random.Generator, mean: int) -> list[int]:
    """Twelve monthly cohort sizes averaging ``mean`` exactly, March equal to it."""
    values = [mean + int(v) for v in np.round(rng.normal(0, 3, 11))]
    gap = 11 * mean - sum(values)
    for i in range(abs(gap)):
        values[i % 11] += 1 if gap > 0 else -1
    return [*values, mean]


def _reoffended(ctx: Context, rng: np.random.Generator, cohorts: list[int]) -> list[int]:
    rates = np.clip(rng.normal(16, 5, len(cohorts)), 7, 26)
    found = [round(rate / 100 * c) for rate, c in zip(rates, cohorts, strict=True)]
    start = position_of(ctx.months, date(2023, 4, 1))
    if start is None or start + 24 > len(cohorts) or not ctx.calibrated:
        return found
    window = list(range(start, start + 24))
    jan, feb, mar = window[21], window[22], window[23]
    free = [i for i in window if i not in (jan, feb, mar)]
    low, high = (free[int(k)] for k in rng.choice(len(free), size=2, replace=False))
    fixed = {low: 4.0, high: 31.0, jan: 15.0, feb: 14.0, mar: 27.0}
    for i, rate in fixed.items():
        found[i] = _count_for(rate, cohorts[i])
    adjustable = [i for i in free if i not in fixed]
    target_low, target_high = fig.IOM_RATE[2] - 0.4, fig.IOM_RATE[2] + 0.4
    for step in range(400):
        mean = np.mean([found[i] / cohorts[i] * 100 for i in window])
        if target_low <= mean <= target_high:
            break
        i = adjustable[step % len(adjustable)]
        change = 1 if mean < target_low else -1
        if 8 <= (found[i] + change) / cohorts[i] * 100 <= 26:
            found[i] += change
    return found


def _count_for(rate: float, cohort: int) -> int:
    """The count whose rate rounds to the whole per cent of ``rate``."""
    count = round(rate / 100 * cohort)
    while round(count / cohort * 100) < round(rate):
        count += 1
    while round(count / cohort * 100) > round(rate):
        count -= 1
    return count


def proven_reoffending(ctx: Context) -> list[Row]:
    """12-month cohorts ending each quarter: adults (1,579 / 300 / 939 for July 2023 to June
    2024), juveniles, and all."""
    rng = ctx.rng("proven-reoffending")
    ends = [m for m in ctx.months if m.month in (3, 6, 9, 12)]
    fixed_start, offenders, reoffenders, reoffences = fig.PROVEN_ADULT
    rows: list[Row] = []
    for k, end in enumerate(ends):
        start = add_months(end, -11)  # the first month of the 12 ending at ``end``
        drift = 1 - 0.015 * (k - len(ends) // 2)
        if start == fixed_start and ctx.calibrated:
            adult = (offenders, reoffenders, reoffences)
        else:
            adult = _cohort(rng, ctx.scaled(offenders * drift), 0.19, 3.1)
        juvenile = _cohort(rng, ctx.scaled(150 * drift), 0.30, 3.3)
        every = tuple(a + j for a, j in zip(adult, juvenile, strict=True))
        for kind, values in (("Adult", adult), ("Juvenile", juvenile), ("All", every)):
            rows.append(
                {
                    "cohort_start": start,
                    "cohort_end": end,
                    "area": ctx.geo.name,
                    "offender_type": kind,
                    "offenders": values[0],
                    "reoffenders": values[1],
                    "reoffences": values[2],
                }
            )
    return rows


def _cohort(rng: np.random.Generator, size: int, rate: float, per: float) -> tuple[int, int, int]:
    offenders = max(int(size + rng.normal(0, size * 0.02)), 1)
    reoffenders = int(rng.binomial(offenders, rate))
    return offenders, reoffenders, round(reoffenders * rng.normal(per, 0.1))


# --- A&E ----------------------------------------------------------------------------------------

AE_SHAPE = (0.85, 0.8, 0.9, 0.95, 1.1, 1.05, 1.15, 1.1, 0.95, 1.1, 0.95, 1.1)


def ae_assaults(ctx: Context) -> list[Row]:
    """Assault attendances; September 2022 to August 2023 has the published profile exactly
    [001:L539-582] (352 attendances, 244 male, 136 punches, 24 stabbings, ...)."""
    rng = ctx.rng("ae-assaults")
    counts = _ae_months(ctx, rng)
    exact = _ae_window(ctx)
    rows: list[Row] = []
    outside = [m for m in ctx.months if m not in exact]
    for months, fixed in ((exact, True), (outside, False)):
        if not months:
            continue
        days = [day_in(rng, m) for m in months for _ in range(counts[m])]
        rows += _attendances(ctx, rng, days, fixed)
    rows.sort(key=lambda r: (r["attendance_date"], str(r)))
    return _unique(rng, rows, "attendance_date")


def _ae_window(ctx: Context) -> list[date]:
    """The months of the published profile, if the span covers all of them."""
    window = [m for m in ctx.months if fig.AE_WINDOW[0] <= m <= fig.AE_WINDOW[1]]
    return window if len(window) == 12 and ctx.calibrated else []


def _ae_months(ctx: Context, rng: np.random.Generator) -> dict[date, int]:
    counts = {m: int(rng.poisson(29.3 * _season(m) * 0.985 ** (m.year - 2022))) for m in ctx.months}
    window = _ae_window(ctx)
    if not window:
        return counts
    others = [m for m in window if m not in fig.AE_PEAKS]
    left = fig.AE_TOTAL - sum(fig.AE_PEAKS.values())
    while True:
        parts = split(rng, left, [_season(m) for m in others])
        if parts.max() < min(fig.AE_PEAKS.values()):
            break
    counts.update(fig.AE_PEAKS)
    counts.update({m: int(n) for m, n in zip(others, parts, strict=True)})
    return counts


def _season(month: date) -> float:
    return AE_SHAPE[month.month - 1] * days_in_month(month) / 30.4


def _attendances(
    ctx: Context, rng: np.random.Generator, days: list[date], exact: bool
) -> list[Row]:
    n = len(days)

    def draw(counts: dict[str, int]) -> list[str]:
        return labels(rng, n, counts, exact=counts if exact else None)

    sexes, methods = draw(fig.AE_SEX), draw(fig.AE_METHOD)
    alcohol, places = draw(fig.AE_ALCOHOL), draw(fig.AE_LOCATION)
    ages = labels(rng, n, fig.AE_AGES)
    weights = ctx.geo.lsoa_weights("violence and sexual offences")
    lsoas = rng.choice(len(weights), size=n, p=weights)
    known = rng.random(n) < 0.88
    return [
        {
            "attendance_date": days[i],
            "age_band": ages[i],
            "sex": sexes[i],
            "method": methods[i],
            "alcohol_or_drugs": alcohol[i] == "Y",
            "location_type": places[i],
            "lsoa": ctx.geo.lsoas[lsoas[i]] if known[i] else None,
            "area": ctx.geo.name,
        }
        for i in range(n)
    ]


def _unique(rng: np.random.Generator, rows: list[Row], day_column: str) -> list[Row]:
    """The rows with any exact repeat moved to another day of its month (validation rejects a
    record sent twice)."""
    seen: set[tuple[object, ...]] = set()
    for row in rows:
        while (key := tuple(map(repr, row.values()))) in seen:
            row[day_column] = day_in(rng, row[day_column])
        seen.add(key)
    rows.sort(key=lambda r: r[day_column])
    return rows


# --- drugs --------------------------------------------------------------------------------------

TREATMENT_SHARES = {  # new presentations and successful completions per adult in treatment
    "Opiate": (0.14, 0.05),
    "Non-opiate": (0.55, 0.30),
    "Non-opiate and alcohol": (0.50, 0.28),
    "Alcohol only": (0.60, 0.35),
}


def drug_alcohol_treatment(ctx: Context) -> list[Row]:
    """Adults in treatment by substance group and year; 2024/25 as published [003:L646-651]."""
    rng = ctx.rng("drug-alcohol-treatment")
    rows = []
    for fy in ctx.fys:
        for group, years in fig.TREATMENT.items():
            total = ctx.yearly3([y[0] for y in years], fy)
            effective = ctx.yearly3([y[1] for y in years], fy)
            new, completed = TREATMENT_SHARES[group]
            rows.append(
                {
                    "financial_year": f"{fy}/{(fy + 1) % 100:02d}",
                    "area": ctx.geo.name,
                    "substance_group": group,
                    "in_treatment": total,
                    "new_presentations": int(rng.binomial(total, new)),
                    "successful_completions": int(rng.binomial(total, completed)),
                    "effective_treatment": min(effective, total),
                }
            )
    return rows


DEATH_AGES = {
    "18-24": 0.05,
    "25-29": 0.08,
    "30-39": 0.25,
    "40-49": 0.32,
    "50-59": 0.22,
    "60-69": 0.07,
    "70+": 0.01,
}
SUBSTANCES = {
    "Opiates": 0.50,
    "Cocaine": 0.28,
    "Benzodiazepines": 0.22,
    "Alcohol": 0.25,
    "Prescribed medication": 0.20,
    "Other": 0.05,
}


def drug_related_deaths(ctx: Context) -> list[Row]:
    """Deaths reviewed by the panel; synthetic opioids (nitazenes) appear more often lately."""
    rng = ctx.rng("drug-related-deaths")
    rows: list[Row] = []
    for fy in ctx.fys:
        n = ctx.yearly(fig.DRUG_DEATHS, fy)
        months = fy_months(fy)
        chosen = rng.choice(12, size=n, p=seasonal(fy))
        for month in sorted(int(m) for m in chosen):
            rows.append(
                {
                    "date_of_death": day_in(rng, months[month]),
                    "area": ctx.geo.name,
                    "age_band": labels(rng, 1, DEATH_AGES)[0],
                    "sex": "Male" if rng.random() < 0.74 else "Female",
                    "substances": _substances(rng, fy),
                    "known_to_treatment": bool(rng.random() < 0.45),
                }
            )
    return _unique(rng, rows, "date_of_death")


SUBSTANCES_ORDER = (
    "Opiates",
    "Cocaine",
    "Benzodiazepines",
    "Synthetic opioids",
    "Alcohol",
    "Prescribed medication",
    "Other",
    "Not known",
)


def _substances(rng: np.random.Generator, fy: int) -> list[str]:
    shares = dict(SUBSTANCES, **{"Synthetic opioids": 0.02 * 2 ** max(fy - 2022, 0)})
    names: Sequence[str] = list(shares)
    picked = [name for name in names if rng.random() < shares[name]]
    if not picked:
        picked = ["Not known"] if rng.random() < 0.3 else ["Opiates"]
    order = [*SUBSTANCES_ORDER]
    return sorted(picked, key=order.index)
