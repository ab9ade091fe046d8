"""Police recorded crime: one offence table, calibrated to the published Shropshire figures, from
which the record-level extract (``police-crime``), the monthly counts (``police-crime-monthly``)
and the Home Office quarterly tables (``home-office-prc``) are all derived, so that they agree.

Per financial year the table has exactly the published totals: all crime, each violence with
injury sub-type, hate crimes by strand, domestic abuse and serious violence offences, drug
possession and trafficking. Months are given so that the monthly and quarterly figures the
reports quote hold exactly (:func:`~.context.allocate`), and each offence type keeps its own
seasonal shape within them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from saferinsight.datasets.catalogue import HATE_STRANDS
from saferinsight.datasets.schema import home_office_offences
from saferinsight.generate.partners import figures as fig
from saferinsight.generate.partners.context import (
    Context,
    FloatArray,
    IntArray,
    Row,
    allocate,
    apportion,
    day_in,
    fy_months,
    monthly_targets,
    seasonal,
)
from saferinsight.generate.street_model import SEASONAL_SHAPE

#: Daily-rate index of domestic abuse by calendar month (January first): summer and Christmas.
DA_SHAPE = (1.00, 0.92, 0.95, 0.96, 1.02, 1.05, 1.08, 1.06, 0.99, 0.97, 0.95, 1.05)
_GENERAL = tuple(
    float(
        np.mean(
            [shape[m] for kind, shape in SEASONAL_SHAPE.items() if kind != "Anti-social behaviour"]
        )
    )
    for m in range(12)
)
_STRAND_COLUMN = {label: f"hate_{key}" for key, label in HATE_STRANDS}


@dataclass(slots=True)
class Offence:
    """One recorded offence."""

    code: str
    text: str
    fy: int
    group: str
    month: int = 0
    hate: str | None = None
    da: bool = False
    sv: bool = False
    day: date | None = None
    lsoa: str = ""
    reference: str = ""

    @property
    def police_uk(self) -> str:
        return home_office_offences()[self.code][3]


def offences(ctx: Context) -> list[Offence]:
    """Every offence of the span, dated and placed, in date order (cached per run)."""
    if "offences" not in ctx.cache:
        rng = ctx.rng("police-crime")
        table: list[Offence] = []
        for fy in ctx.fys:
            table += _year(ctx, rng, fy)
        _place(ctx, rng, table)
        ctx.cache["offences"] = table
    found: list[Offence] = ctx.cache["offences"]
    return found


# --- one financial year -------------------------------------------------------------------------


def _year(ctx: Context, rng: np.random.Generator, fy: int) -> list[Offence]:
    items = _counts(ctx, fy)
    _flag_hate(ctx, rng, fy, items)
    _flag_domestic(ctx, rng, fy, items)
    _flag_serious(ctx, rng, fy, items)
    _months(ctx, rng, fy, items)
    return items


def _counts(ctx: Context, fy: int) -> list[Offence]:
    """The year's offences, undated: each code's count, with groups' residuals and the filler."""
    described = home_office_offences()
    counts: list[tuple[str, str, str, int]] = []
    for group, totals, residual, rows in fig.GROUPS:
        listed = [(code, text or described[code][0], _yearly(ctx, c, fy)) for code, text, c in rows]
        counts += [(group, code, text, n) for code, text, n in listed]
        if residual and totals:
            left = _yearly(ctx, totals, fy) - sum(n for _, _, n in listed)
            counts.append((group, residual, described[residual][0], max(left, 0)))
    filler = ctx.yearly(fig.TOTAL_CRIME, fy) - sum(n for *_, n in counts)
    counts.append(("Public order offences", fig.FILLER, described[fig.FILLER][0], max(filler, 0)))
    return [Offence(code, text, fy, group) for group, code, text, n in counts for _ in range(n)]


def _yearly(ctx: Context, counts: tuple[int, int, int], fy: int) -> int:
    return ctx.yearly3(counts, fy)


def _pick(rng: np.random.Generator, pool: list[Offence], n: int) -> list[Offence]:
    """``n`` offences of ``pool`` at random (all of them if it is smaller)."""
    if n >= len(pool):
        return pool
    return [pool[i] for i in sorted(rng.choice(len(pool), size=n, replace=False))]


def _flag_hate(ctx: Context, rng: np.random.Generator, fy: int, items: list[Offence]) -> None:
    """One strand per hate crime; aggravated offences are all race or faith hate crimes."""
    strands = {s: _yearly(ctx, c, fy) for s, c in fig.HATE_STRANDS.items()}
    race_faith = ["Race"] * strands.pop("Race") + ["Faith"] * strands.pop("Faith")
    race_faith = [race_faith[i] for i in rng.permutation(len(race_faith))]
    aggravated = [o for o in items if o.code in fig.AGGRAVATED]
    for offence, strand in zip(aggravated, race_faith, strict=False):
        offence.hate = strand
    for offence in aggravated[len(race_faith) :]:
        offence.hate = "Race"
    rest = race_faith[len(aggravated) :] + [s for s, n in strands.items() for _ in range(n)]
    rest = [rest[i] for i in rng.permutation(len(rest))]
    shares = apportion(len(rest), list(fig.HATE_CODES.values()))
    chosen: list[Offence] = []
    for code, n in zip(fig.HATE_CODES, shares, strict=True):
        pool = [o for o in items if o.code == code and o.hate is None and _plain(o)]
        chosen += _pick(rng, pool, int(n))
    for offence, strand in zip(chosen, rest, strict=False):
        offence.hate = strand


def _plain(offence: Offence) -> bool:
    """Whether the offence is not a force sub-type (an assault on an emergency worker)."""
    return offence.code != "8N" or offence.text == "Assault with injury"


def _flag_domestic(ctx: Context, rng: np.random.Generator, fy: int, items: list[Offence]) -> None:
    total = ctx.yearly(fig.DA_OFFENCES, fy)
    shares = apportion(total, list(fig.DA_CODES.values()))
    for code, n in zip(fig.DA_CODES, shares, strict=True):
        pool = [o for o in items if o.code == code and o.hate is None and _plain(o)]
        for offence in _pick(rng, pool, int(n)):
            offence.da = True


def _flag_serious(ctx: Context, rng: np.random.Generator, fy: int, items: list[Offence]) -> None:
    """Serious violence: homicide, robbery, weapons, serious assaults, enough assaults with
    injury to reach the published violence with injury share, then sexual offences (rape
    first) to reach the published total."""
    for offence in items:
        if offence.code in fig.SV_ALWAYS or offence.group in fig.SV_GROUPS:
            offence.sv = True
    vwi = sum(o.sv for o in items if o.code in fig.VWI_CODES)
    assaults = [o for o in items if o.text == "Assault with injury" and o.hate is None]
    for offence in _pick(rng, assaults, max(ctx.yearly(fig.SERIOUS_VIOLENCE_VWI, fy) - vwi, 0)):
        offence.sv = True
    wanted = ctx.yearly(fig.SERIOUS_VIOLENCE, fy) - sum(o.sv for o in items)
    for group in fig.SV_SEXUAL:
        pool = [o for o in items if o.group == group]
        chosen = _pick(rng, pool, max(wanted, 0))
        for offence in chosen:
            offence.sv = True
        wanted -= len(chosen)


def _months(ctx: Context, rng: np.random.Generator, fy: int, items: list[Offence]) -> None:
    """Give each offence a month so that the year's monthly pins hold exactly."""
    pins = ctx.calibrated
    general = seasonal(fy, _GENERAL)
    totals = monthly_targets(
        rng, len(items), general, months=fig.TOTAL_CRIME_MONTHS.get(fy) if pins else None
    )
    hate = [o for o in items if o.hate]
    _fill(rng, fy, hate, _targets(rng, fy, len(hate), "public order", fig.HATE_QUARTERS, pins))
    vwi_all = [o for o in items if o.code in fig.VWI_CODES]
    vwi = [o for o in vwi_all if not o.hate]
    vwi_months = monthly_targets(
        rng,
        len(vwi_all),
        seasonal(fy, "violence and sexual offences"),
        months=fig.VWI_MONTHS.get(fy) if pins else None,
    )
    hate_vwi = np.bincount([o.month for o in vwi_all if o.hate], minlength=12)
    _fill(rng, fy, vwi, vwi_months - hate_vwi)
    used = vwi_months.copy() + np.bincount([o.month for o in hate], minlength=12) - hate_vwi
    buckets: list[tuple[list[Offence], IntArray]] = []
    for which, codes in enumerate((fig.DRUG_POSSESSION, fig.DRUG_TRAFFICKING)):
        group = [o for o in items if o.code in codes and not o.hate]
        quarters = {
            year: {q: pair[which] for q, pair in by_q.items()}
            for year, by_q in fig.DRUG_QUARTERS.items()
        }
        buckets.append((group, _targets(rng, fy, len(group), "drugs", quarters, pins)))
    da = [o for o in items if o.da and o.code in fig.DA_VWOI_CODES and not o.hate]
    buckets.append((da, _targets(rng, fy, len(da), _da_shape(fy), fig.DA_VWOI_QUARTERS, pins)))
    for group, targets in buckets:
        _fill(rng, fy, group, targets)
        used += targets
    placed = {id(o) for o in hate + vwi} | {id(o) for group, _ in buckets for o in group}
    rest = [o for o in items if id(o) not in placed]
    _fill(rng, fy, rest, totals - used)


def _da_shape(fy: int) -> tuple[float, ...]:
    """Domestic abuse seasonality, with the upturn of March 2025 [000:L259]."""
    shape = list(DA_SHAPE)
    if fy == 2024:
        shape[2] *= 1.25
    return tuple(shape)


def _targets(
    rng: np.random.Generator,
    fy: int,
    n: int,
    shape: str | tuple[float, ...],
    quarters: dict[int, dict[int, int]],
    pins: bool,
) -> IntArray:
    pinned = quarters.get(fy) if pins else None
    if pinned and sum(pinned.values()) > n:
        pinned = None
    return monthly_targets(rng, n, seasonal(fy, shape), quarters=pinned)


def _fill(rng: np.random.Generator, fy: int, group: list[Offence], targets: IntArray) -> None:
    if (targets < 0).any():
        raise ValueError(f"{fy}: monthly pins leave a negative count: {targets.tolist()}")
    profiles = np.array([_profile(o, fy) for o in group]).reshape(len(group), 12)
    for offence, month in zip(group, allocate(rng, profiles, targets), strict=True):
        offence.month = int(month)


def _profile(offence: Offence, fy: int) -> FloatArray:
    if offence.da:
        return seasonal(fy, _da_shape(fy))
    return seasonal(fy, offence.police_uk)


# --- days, places, references -------------------------------------------------------------------


def _place(ctx: Context, rng: np.random.Generator, table: list[Offence]) -> None:
    months = {fy: fy_months(fy) for fy in ctx.fys}
    for offence in table:
        offence.day = day_in(rng, months[offence.fy][offence.month])
    by_type: dict[str, list[Offence]] = {}
    for offence in table:
        by_type.setdefault(offence.police_uk, []).append(offence)
    for kind in sorted(by_type):
        group = by_type[kind]
        chosen = rng.choice(len(ctx.geo.lsoas), size=len(group), p=ctx.geo.lsoa_weights(kind))
        for offence, i in zip(group, chosen, strict=True):
            offence.lsoa = ctx.geo.lsoas[i]
    shuffled = [table[i] for i in rng.permutation(len(table))]
    shuffled.sort(key=lambda o: o.day or date.min)  # a day's offences in random order
    table[:] = shuffled
    serial: Counter[int] = Counter()
    for offence in table:
        assert offence.day is not None
        year = offence.day.year
        serial[year] += int(rng.integers(1, 5))  # other areas of the force share the sequence
        offence.reference = f"22/{serial[year]:05d}/{year % 100:02d}"


# --- datasets -----------------------------------------------------------------------------------


def police_crime(ctx: Context) -> list[Row]:
    """One row per offence, or per person for serious violence offences."""
    rng = ctx.rng("police-crime people")
    rows: list[Row] = []
    for offence in offences(ctx):
        base = _offence_row(ctx, offence)
        if not offence.sv:
            rows.append(base)
            continue
        for person in _people(rng, offence):
            rows.append(base | person)
    return rows


def _offence_row(ctx: Context, offence: Offence) -> Row:
    row: Row = {
        "crime_reference": offence.reference,
        "date": offence.day,
        "offence_code": offence.code,
        "offence": offence.text,
        "domestic_abuse": offence.da,
        "serious_violence": offence.sv,
        "lsoa": offence.lsoa,
        "ward": ctx.geo.ward_of[offence.lsoa],
        "area": ctx.geo.name,
    }
    for label, column in _STRAND_COLUMN.items():
        row[column] = offence.hate == label
    return row


def _people(rng: np.random.Generator, offence: Offence) -> list[Row]:
    """The people of a serious violence offence: victims and suspects, or two people who were
    both (a fight), each different from the others."""
    if rng.random() < 0.10:
        roles = ["Suspect and victim"] * 2
    else:
        victims = 1 + int(rng.random() < 0.08)
        suspects = int(rng.choice(4, p=[0.12, 0.68, 0.14, 0.06]))
        roles = ["Victim"] * victims + ["Suspect"] * suspects
    sexual = offence.group in fig.SV_SEXUAL
    people: list[Row] = []
    seen: set[tuple[object, ...]] = set()
    for role in roles:
        while True:
            person = _person(rng, role, sexual)
            key = tuple(person.values())
            if key not in seen:
                break
        seen.add(key)
        people.append(person)
    return people


def _person(rng: np.random.Generator, role: str, sexual: bool) -> Row:
    band = int(rng.choice(8, p=fig.ROLE_AGES[role]))
    low, high = fig.AGE_BANDS_10[band]
    female = fig.ROLE_FEMALE[role][band]
    if sexual:
        female = 0.88 if role == "Victim" else 0.03
    ethnicity = list(fig.ETHNICITY_SHARES)
    weights = np.array(list(fig.ETHNICITY_SHARES.values()))
    return {
        "role": role,
        "age": int(rng.integers(max(low, 10 if role != "Victim" else 0), high + 1)),
        "sex": "Female" if rng.random() < female else "Male",
        "ethnicity": ethnicity[int(rng.choice(len(ethnicity), p=weights / weights.sum()))],
    }


def police_crime_monthly(ctx: Context) -> list[Row]:
    """Counts by month and offence: all offences, then domestic abuse, serious violence and
    each hate strand."""
    counts: Counter[tuple[date, str, str, str]] = Counter()
    for offence in offences(ctx):
        assert offence.day is not None
        month = offence.day.replace(day=1)
        for flag in _flags(offence):
            counts[month, flag, offence.code, offence.text] += 1
    flags = ["All", "Domestic abuse", "Serious violence", *(f"Hate: {s}" for _, s in HATE_STRANDS)]
    return [
        {
            "month": month,
            "area": ctx.geo.name,
            "offence_code": code,
            "offence": text,
            "flag": flag,
            "offences": n,
        }
        for (month, flag, code, text), n in sorted(
            counts.items(), key=lambda item: (item[0][0], flags.index(item[0][1]), item[0][2:])
        )
    ]


def _flags(offence: Offence) -> Iterable[str]:
    yield "All"
    if offence.da:
        yield "Domestic abuse"
    if offence.sv:
        yield "Serious violence"
    if offence.hate:
        yield f"Hate: {offence.hate}"


def home_office_prc(ctx: Context) -> list[Row]:
    """The Home Office open data table for the partnership: offences by quarter and code."""
    counts: Counter[tuple[int, int, str]] = Counter()
    for offence in offences(ctx):
        counts[offence.fy, offence.month // 3 + 1, offence.code] += 1
    described = home_office_offences()
    rows = []
    for (fy, quarter, code), n in sorted(counts.items()):
        description, group, subgroup, category = described[code]
        rows.append(
            {
                "financial_year": f"{fy}/{(fy + 1) % 100:02d}",
                "financial_quarter": quarter,
                "force_name": ctx.geo.pfa_name,
                "csp_name": ctx.geo.name,
                "offence_description": description,
                "offence_group": group,
                "offence_subgroup": subgroup,
                "offence_code": code,
                "number_of_offences": n,
                "policeuk_cat": category,
            }
        )
    return rows
