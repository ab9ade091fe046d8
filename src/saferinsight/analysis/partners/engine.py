"""``analyse_partners_in``: every loaded partner dataset analysed for an area and period,
and the list of datasets not supplied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferinsight.analysis.partners import crime, justice
from saferinsight.analysis.partners.common import PartnerData, PartnerSection, load_partner_data
from saferinsight.core.months import add_months
from saferinsight.core.periods import Period
from saferinsight.datasets.catalogue import DATASETS
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.store.analysis import pfa_of_lads
from saferinsight.store.datasets import datasets_installed

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = ["PartnerAnalysis", "analyse_partners_in"]


@dataclass(frozen=True)
class PartnerAnalysis:
    """The partner-data sections of a strategic assessment."""

    area: Area
    period: Period
    sections: tuple[PartnerSection, ...]
    missing: tuple[str, ...]  # names of declared datasets with no data for the area and period

    def recorded_crime(self) -> tuple[int, str] | None:
        """Police recorded crime in the period (Home Office open data) and the dataset it comes
        from, or ``None`` when none is loaded for the area and period."""
        for section in self.sections:
            if section.dataset == "home-office-prc":
                for _, table in section.changes:
                    if table.total.label:
                        return table.total.current, section.title
        return None


def analyse_partner_datasets(workspace: Workspace, area: Area, period: Period) -> PartnerAnalysis:
    """Analyse every loaded partner dataset for an area and period (the library entry point;
    :func:`analyse_partners_in` works on an open warehouse)."""
    with workspace.reader() as warehouse:
        return analyse_partners_in(warehouse, area, period)


def analyse_partners_in(con: Warehouse, area: Area, period: Period) -> PartnerAnalysis:
    """Analyse every partner dataset that has rows for ``area`` in ``period``.

    DVPN/DVPO data is analysed across the area's police force, so the partnership is seen beside
    the force's other areas; proven reoffending uses the latest cohort ending in the three
    years to the period's end (MoJ cohorts lag by about 18 months).

    Examples
    --------
    >>> from saferinsight.generate.fixtures import reference_warehouse
    >>> from saferinsight.geo.areas import resolve_in
    >>> from saferinsight.core.periods import parse_period
    >>> with reference_warehouse() as warehouse:
    ...     result = analyse_partners_in(
    ...         warehouse, resolve_in(warehouse, "Shropshire"), parse_period("2024/25"))
    >>> result.sections, len(result.missing)
    ((), 17)
    """
    if not datasets_installed(con):
        return PartnerAnalysis(area, period, (), tuple(DATASETS))
    resolver = AreaResolver(con)

    def data(name: str, where: Area = area, when: Period = period) -> PartnerData:
        return load_partner_data(con, name, where, when, resolver=resolver)

    found: dict[str, PartnerData] = {name: data(name) for name in DATASETS}
    force = _force(con, resolver, area)
    if force is not None:
        found["dvpn-dvpo"] = data("dvpn-dvpo", force)
    window = Period("months", add_months(period.end, -35), period.end)
    found["proven-reoffending"] = data("proven-reoffending", when=window)
    sections: list[PartnerSection] = []
    for names, analyse in _analyses():
        inputs = [found[n] for n in names]
        if all(d.empty for d in inputs):
            continue
        section = analyse(*inputs)
        if section is not None:
            sections.append(section)
    missing = tuple(name for name, d in found.items() if d.empty)
    return PartnerAnalysis(area, period, tuple(sections), missing)


def _force(con: Warehouse, resolver: AreaResolver, area: Area) -> Area | None:
    if area.level == "pfa":
        return area
    forces = pfa_of_lads(con, area.lad_codes)
    return resolver.resolve(forces[0]) if len(forces) == 1 else None


def _police_crime(crimes: PartnerData, incidents: PartnerData) -> PartnerSection | None:
    if crimes.empty:
        return crime.analyse_domestic_abuse_incidents(incidents)
    return crime.analyse_police_crime(crimes, incidents)


def _police_crime_monthly(monthly: PartnerData, crimes: PartnerData) -> PartnerSection | None:
    # hate strands once: from the record-level crimes when they are loaded
    return crime.analyse_police_crime_monthly(monthly, strands=crimes.empty)


def _analyses() -> list[tuple[tuple[str, ...], Callable[..., PartnerSection | None]]]:
    """Which analysis reads which datasets, in report order."""
    from saferinsight.analysis.partners import community, health, safeguarding

    return [
        (("police-crime", "domestic-abuse-incidents"), _police_crime),
        (("police-crime-monthly", "police-crime"), _police_crime_monthly),
        (("home-office-prc",), crime.analyse_home_office_prc),
        (("asb-incidents",), community.analyse_asb_incidents),
        (("dvpn-dvpo",), justice.analyse_dvpn_dvpo),
        (("iom-reoffending",), justice.analyse_iom_reoffending),
        (("proven-reoffending",), justice.analyse_proven_reoffending),
        (("ae-assaults",), health.analyse_ae_assaults),
        (("drug-alcohol-treatment",), health.analyse_drug_alcohol_treatment),
        (("drug-related-deaths",), health.analyse_drug_related_deaths),
        (("deliberate-fires",), community.analyse_deliberate_fires),
        (("road-casualties",), community.analyse_road_casualties),
        (("prevent-channel",), community.analyse_prevent_channel),
        (
            ("adult-safeguarding-activity", "adult-safeguarding-enquiries"),
            safeguarding.analyse_adult_safeguarding,
        ),
        (("childrens-safeguarding",), safeguarding.analyse_childrens_safeguarding),
    ]
