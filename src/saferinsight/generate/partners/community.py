"""Community safety data beyond recorded crime: ASB incidents, domestic abuse incidents, DVPNs and
DVPOs, deliberate fires, road casualties and Prevent referrals."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from saferinsight.generate.partners import figures as fig
from saferinsight.generate.partners.context import (
    Context,
    Row,
    csp_population,
    day_in,
    force_partnerships,
    fy_months,
    monthly_targets,
    position_of,
    seasonal,
    split,
)
from saferinsight.generate.partners.crime import DA_SHAPE


def asb_incidents(ctx: Context) -> list[Row]:
    """One row per incident, with the published yearly totals and category shares (and the Q4
    2024/25 Nuisance share)."""
    rng = ctx.rng("asb-incidents")
    found: list[tuple[date, str]] = []
    for fy in ctx.fys:
        for category, counts in fig.ASB.items():
            pins = fig.ASB_QUARTERS.get(fy, {}).get(category) if ctx.calibrated else None
            targets = monthly_targets(
                rng, ctx.yearly3(counts, fy), seasonal(fy, "anti-social behaviour"), quarters=pins
            )
            for month, n in zip(fy_months(fy), targets, strict=True):
                found += [(day_in(rng, month), category) for _ in range(n)]
    places = rng.choice(
        len(ctx.geo.lsoas), size=len(found), p=ctx.geo.lsoa_weights("anti-social behaviour")
    )
    order = sorted(range(len(found)), key=lambda i: (found[i][0], int(places[i]), i))
    serial: Counter[int] = Counter()
    rows = []
    for i in order:
        day, category = found[i]
        serial[day.year] += 1
        lsoa = ctx.geo.lsoas[places[i]]
        rows.append(
            {
                "incident_reference": f"ASB-{day.year}-{serial[day.year]:05d}",
                "date": day,
                "category": category,
                "recorded_by": "Police",
                "lsoa": lsoa,
                "ward": ctx.geo.ward_of[lsoa],
                "area": ctx.geo.name,
            }
        )
    return rows


def domestic_abuse_incidents(ctx: Context) -> list[Row]:
    """Non-crime domestic abuse incidents by month and ward, with repeats (about 30%)."""
    rng = ctx.rng("domestic-abuse-incidents")
    wards = ctx.geo.wards
    weights = ctx.geo.ward_weights("violence and sexual offences")
    rows = []
    for fy in ctx.fys:
        shape = list(DA_SHAPE)
        if fy == 2024:
            shape[2] *= 1.25  # the upturn of March 2025 [000:L259]
        targets = monthly_targets(rng, ctx.yearly(fig.DA_INCIDENTS, fy), seasonal(fy, tuple(shape)))
        for month, total in zip(fy_months(fy), targets, strict=True):
            for ward, n in zip(wards, split(rng, int(total), weights), strict=True):
                if n:
                    repeats = int(rng.binomial(int(n), 0.3))
                    rows.append(
                        {
                            "month": month,
                            "ward": ward,
                            "area": ctx.geo.name,
                            "incidents": int(n),
                            "repeat_incidents": repeats,
                        }
                    )
    return rows


def dvpn_dvpo(ctx: Context) -> list[Row]:
    """DVPNs issued and DVPOs granted by month for every partnership of the force; in West Mercia
    the twelve months to February 2024 add up to the published table [001:L705-711]."""
    rng = ctx.rng("dvpn-dvpo")
    months = ctx.months
    first = position_of(months, fig.DVPN_WINDOW[0])
    last = position_of(months, fig.DVPN_WINDOW[1])
    window = list(range(first, last + 1)) if first is not None and last is not None else []
    partnerships = force_partnerships(ctx.geo)
    shropshire = csp_population("E22000360")
    table: dict[str, tuple[list[int], list[int]]] = {}
    for code, _ in partnerships:
        notices, orders = fig.DVPN_PUBLISHED.get(code) or _dvpn_rate(code, shropshire)
        rate = orders / notices if notices else 0.8
        dvpns = [int(v) for v in rng.poisson(notices / 12, len(months))]
        dvpos = [int(rng.binomial(n, rate)) for n in dvpns]
        if window and code in fig.DVPN_PUBLISHED:
            in_window = split(rng, notices, np.ones(len(window)))
            granted = rng.multivariate_hypergeometric(in_window, orders)
            for i, n, o in zip(window, in_window, granted, strict=True):
                dvpns[i], dvpos[i] = int(n), int(o)
        table[code] = (dvpns, dvpos)
    return [
        {
            "month": month,
            "area": fig.DVPN_NAMES.get(code, name),
            "dvpns": table[code][0][i],
            "dvpos": table[code][1][i],
        }
        for i, month in enumerate(months)
        for code, name in partnerships
    ]


def _dvpn_rate(code: str, shropshire: float) -> tuple[int, int]:
    """Yearly notices and orders of a partnership outside the published table, by population
    (Shropshire's 27 and 22 per 324,000 residents)."""
    notices = max(round(27 * csp_population(code) / shropshire), 1)
    return notices, round(notices * 0.8)


#: Share of deliberate fires by (fire type, property type), and each one's seasonal shape.
FIRE_TYPES = {
    ("Primary", "Dwelling"): (0.06, None),
    ("Primary", "Other building"): (0.05, None),
    ("Primary", "Vehicle"): (
        0.19,
        (0.95, 0.9, 1.0, 1.0, 1.05, 1.0, 1.05, 1.05, 1.0, 1.05, 1.05, 0.9),
    ),
    ("Secondary", "Refuse"): (
        0.40,
        (0.85, 0.8, 0.95, 1.05, 1.1, 1.1, 1.15, 1.1, 1.0, 1.1, 1.25, 0.85),
    ),
    ("Secondary", "Grassland"): (
        0.22,
        (0.4, 0.6, 1.5, 2.3, 1.6, 1.2, 1.5, 1.5, 0.9, 0.6, 0.4, 0.3),
    ),
    ("Secondary", "Other"): (0.08, None),
}


def deliberate_fires(ctx: Context) -> list[Row]:
    """Deliberate fires by month, ward, fire type and property type (grass fires in spring and
    in the hot summer of 2022)."""
    rng = ctx.rng("deliberate-fires")
    wards = ctx.geo.wards
    weights = ctx.geo.ward_weights("criminal damage and arson")
    counts: Counter[tuple[date, str, str, str]] = Counter()
    for fy in ctx.fys:
        kinds = list(FIRE_TYPES)
        shares = [FIRE_TYPES[k][0] for k in kinds]
        for kind, n in zip(
            kinds, split(rng, ctx.yearly(fig.DELIBERATE_FIRES, fy), shares), strict=True
        ):
            shape = list(FIRE_TYPES[kind][1] or (1.0,) * 12)
            if fy == 2022 and kind[1] == "Grassland":
                shape[6] *= 2.5  # July and August 2022 heatwave
                shape[7] *= 2.5
            targets = monthly_targets(rng, int(n), seasonal(fy, tuple(shape)))
            for month, total in zip(fy_months(fy), targets, strict=True):
                for ward, k in zip(wards, split(rng, int(total), weights), strict=True):
                    if k:
                        counts[month, ward, *kind] += int(k)
    return [
        {
            "month": month,
            "ward": ward,
            "area": ctx.geo.name,
            "fire_type": fire_type,
            "property_type": property_type,
            "fires": n,
        }
        for (month, ward, fire_type, property_type), n in sorted(counts.items())
    ]


ROAD_USERS = {
    "KSI": {
        "Car occupant": 0.45,
        "Motorcyclist": 0.22,
        "Pedestrian": 0.14,
        "Cyclist": 0.09,
        "Other": 0.10,
    },
    "Slight": {
        "Car occupant": 0.66,
        "Motorcyclist": 0.08,
        "Pedestrian": 0.10,
        "Cyclist": 0.07,
        "Other": 0.09,
    },
}
ROAD_AGES = {
    "0-9": 0.04,
    "10-17": 0.08,
    "18-24": 0.16,
    "25-29": 0.09,
    "30-39": 0.15,
    "40-49": 0.14,
    "50-59": 0.15,
    "60-69": 0.10,
    "70+": 0.09,
}
ROAD_SHAPE = (0.95, 0.9, 0.95, 0.95, 1.0, 1.05, 1.1, 1.05, 1.05, 1.05, 1.0, 0.95)


def road_casualties(ctx: Context) -> list[Row]:
    """Casualties by date, severity, road user, age band and LSOA; people of one collision who
    are alike share a row (``casualties`` counts them)."""
    rng = ctx.rng("road-casualties")
    weights = 0.5 * ctx.geo.lsoa_weights() + 0.5 / len(ctx.geo.lsoas)
    counts: Counter[tuple[date, str, str, str, str]] = Counter()
    for fy in ctx.fys:
        for severity, yearly in fig.ROAD_CASUALTIES.items():
            users = ROAD_USERS["Slight" if severity == "Slight" else "KSI"]
            targets = monthly_targets(rng, ctx.yearly3(yearly, fy), seasonal(fy, ROAD_SHAPE))
            for month, n in zip(fy_months(fy), targets, strict=True):
                for _ in range(n):
                    key = (
                        day_in(rng, month),
                        severity,
                        _draw(rng, users),
                        _draw(rng, ROAD_AGES),
                        ctx.geo.lsoas[int(rng.choice(len(weights), p=weights))],
                    )
                    counts[key] += 1
    return [
        {
            "date": day,
            "severity": severity,
            "road_user": user,
            "age_band": band,
            "lsoa": lsoa,
            "area": ctx.geo.name,
            "casualties": n,
        }
        for (day, severity, user, band, lsoa), n in sorted(counts.items())
    ]


def _draw(rng: np.random.Generator, shares: dict[str, float]) -> str:
    names = list(shares)
    p = np.array(list(shares.values()))
    return names[int(rng.choice(len(names), p=p / p.sum()))]


PREVENT_CONCERNS = {
    "Extreme right-wing": 0.40,
    "Islamist": 0.12,
    "Mixed, unclear or unstable": 0.33,
    "School massacre": 0.06,
    "Other": 0.09,
}


def prevent_channel(ctx: Context) -> list[Row]:
    """Prevent referrals by month and concern, with those discussed at and adopted by Channel
    (extreme right-wing the largest share of both [001:L825])."""
    rng = ctx.rng("prevent-channel")
    concerns = list(PREVENT_CONCERNS)
    rows = []
    for fy in ctx.fys:
        targets = monthly_targets(rng, ctx.yearly(fig.PREVENT_REFERRALS, fy), seasonal(fy))
        for month, total in zip(fy_months(fy), targets, strict=True):
            by_concern = split(rng, int(total), list(PREVENT_CONCERNS.values()))
            for concern, n in zip(concerns, by_concern, strict=True):
                if not n:
                    continue
                discussed = int(rng.binomial(int(n), 0.35))
                adopted = int(rng.binomial(discussed, 0.55 if concern == concerns[0] else 0.35))
                rows.append(
                    {
                        "month": month,
                        "area": ctx.geo.name,
                        "concern": concern,
                        "referrals": int(n),
                        "channel_discussed": discussed,
                        "channel_adopted": adopted,
                    }
                )
    return rows
