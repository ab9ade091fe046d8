"""What the summary of a strategic assessment rests on: every theme ranked (police.uk and partner
data together), the wards whose change is real, and the candidate priorities.

:func:`assess_in` reads what the ranking needs from an open warehouse (ward counts of the
previous period, the wards and their residents, record-level police crime by ward);
:func:`assess` does the rest from figures alone, for tests and other callers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from saferinsight.analysis.partner_wards import PartnerWardCounts, police_crime_wards
from saferinsight.analysis.priorities import (
    RankedTheme,
    Ranking,
    ThemeEvidence,
    Weights,
    parse_weights,
    rank_themes,
)
from saferinsight.analysis.release import released_test
from saferinsight.analysis.ward_change import (
    WardChanges,
    check_correction,
    police_ward_changes,
    ward_changes,
)
from saferinsight.stats.change import ChangeTest, change_test
from saferinsight.stats.concentration import top_share

if TYPE_CHECKING:
    from saferinsight.analysis.partners.common import PartnerSection
    from saferinsight.analysis.partners.engine import PartnerAnalysis
    from saferinsight.analysis.results import AreaAnalysis, ThemeAnalysis
    from saferinsight.store.warehouse import Warehouse

__all__ = ["CANDIDATES", "Assessment", "assess", "assess_in"]

#: How many themes of most concern are proposed as priorities (themes whose change is real and
#: for the worse are added after them).
CANDIDATES = 5
POLICE_UK = "police.uk street records"


@dataclass(frozen=True)
class Assessment:
    """The ranking, the ward changes and the partner ward counts of an area and period.

    Attributes
    ----------
    ranking
        Every theme ranked (:func:`~saferinsight.analysis.priorities.rank_themes`).
    ward_changes
        Each theme tested ward by ward, police.uk themes first, then record-level police
        crime themes.
    partner_wards
        Record-level police crime by ward (for the top ten wards tables); none when not loaded.
    ward_names
        Ward code -> name, for every ward of the area.
    correction, alpha
        The correction for the number of wards tested, and the level after it.
    peers
        The benchmark given (theme key -> rate over peers' rate), or None.
    """

    ranking: Ranking
    ward_changes: tuple[WardChanges, ...]
    partner_wards: tuple[PartnerWardCounts, ...]
    ward_names: Mapping[str, str]
    correction: str
    alpha: float
    peers: Mapping[str, float] | None = None

    def candidates(self, ranking: Ranking | None = None) -> tuple[RankedTheme, ...]:
        """The candidate priorities: the :data:`CANDIDATES` themes of most concern, then any
        other theme whose change is real and for the worse."""
        themes = (ranking or self.ranking).themes
        top = list(themes[:CANDIDATES])
        top += [t for t in themes[CANDIDATES:] if t.getting_worse]
        return tuple(top)

    def released(
        self, shown: Callable[[int], int | None], candidates: Callable[..., Sequence[int]]
    ) -> Ranking:
        """The ranking a public edition prints: confidential themes ranked on their released
        counts (a test's verdict counts only where it can be stated; no ward figures), open
        ones as they are."""
        evidence = [_release(t.evidence, shown, candidates) for t in self.ranking.themes]
        kept = [e for e in evidence if e is not None]
        return rank_themes(kept, weights=self.ranking.weights, peers=self.peers)


def _release(
    e: ThemeEvidence, shown: Callable[[int], int | None], candidates: Callable[..., Sequence[int]]
) -> ThemeEvidence | None:
    if not e.confidential:
        return e
    now = shown(e.current)
    if now is None:
        return None
    before = None if e.previous is None else shown(e.previous)
    stated = None
    test = None
    if e.test is not None and e.previous is not None and before is not None:
        released = released_test(e.test, now, before, candidates)
        test, stated = released.test, released.verdict
    return replace(
        e,
        current=now,
        previous=before,
        test=test,
        verdict_stated=stated is not None,
        concentration=None,
        worse_wards=(),
        better_wards=(),
    )


def assess_in(
    con: Warehouse,
    analysis: AreaAnalysis,
    partners: PartnerAnalysis | None,
    *,
    weights: Weights | Mapping[str, float] | str | None = None,
    peers: Mapping[str, float] | None = None,
    correction: str = "holm",
    alpha: float = 0.05,
) -> Assessment:
    """Rank the themes of ``analysis`` and ``partners`` and test their wards' changes.

    Parameters as :func:`assess`; the ward figures are read from ``con``.
    """
    from saferinsight.store.analysis import area_wards

    check_correction(correction)
    chosen = parse_weights(weights)
    wards = area_wards(con, analysis.area.lad_codes)
    police = police_ward_changes(con, analysis, alpha=alpha, correction=correction)
    records = police_crime_wards(con, analysis.area, analysis.period)
    return assess(
        analysis,
        partners,
        wards=wards,
        police_changes=police,
        partner_wards=records,
        weights=chosen,
        peers=peers,
        correction=correction,
        alpha=alpha,
    )


def assess(
    analysis: AreaAnalysis,
    partners: PartnerAnalysis | None,
    *,
    wards: Sequence[tuple[str, str, int]],
    police_changes: Sequence[WardChanges] = (),
    partner_wards: Sequence[PartnerWardCounts] = (),
    weights: Weights | Mapping[str, float] | str | None = None,
    peers: Mapping[str, float] | None = None,
    correction: str = "holm",
    alpha: float = 0.05,
) -> Assessment:
    """Rank every theme and collect the ward changes, from figures already computed.

    Parameters
    ----------
    analysis, partners
        The police.uk analysis and the partner datasets' (None: police.uk themes only).
    wards
        ``(code, name, residents)`` of every ward of the area.
    police_changes
        The police.uk themes' ward changes (:func:`~saferinsight.analysis.ward_change.
        police_ward_changes`).
    partner_wards
        Record-level police crime by ward (:func:`~saferinsight.analysis.partner_wards.
        police_crime_wards`); their ward changes are tested here.
    weights, peers
        As :func:`~saferinsight.analysis.priorities.rank_themes` (``peers``: the benchmark's
        rate ratios by theme key; absent when no benchmark is given).
    correction, alpha
        The correction for the number of wards tested (``"holm"`` or ``"bh"``) and the level.
    """
    check_correction(correction)
    names = {code: name for code, name, _ in wards}
    residents = {code: float(n) for code, _, n in wards}
    recorded = [_record_changes(w, names, alpha, correction) for w in partner_wards]
    changes = {c.key: c for c in (*police_changes, *recorded)}
    evidence = [
        _police_evidence(t, changes.get(t.theme.key), residents)
        for t in analysis.themes
        if t.theme.key != "total"
    ]
    evidence += _partner_evidence(partners, partner_wards, changes, residents)
    ranking = rank_themes(evidence, weights=weights, peers=peers)
    return Assessment(
        ranking,
        (*police_changes, *recorded),
        tuple(partner_wards),
        names,
        correction,
        alpha,
        peers,
    )


def _record_changes(
    counts: PartnerWardCounts, names: Mapping[str, str], alpha: float, correction: str
) -> WardChanges:
    codes = sorted(set(counts.current) | set(counts.previous))
    return ward_changes(
        [(c, names.get(c, c), counts.current.get(c, 0), counts.previous.get(c, 0)) for c in codes],
        key=counts.key,
        title=counts.title,
        counted=counts.counted,
        improvement="decrease",
        current=counts.period,
        previous=counts.previous_period,
        alpha=alpha,
        correction=correction,
    )


def _concentration(
    counts: Mapping[str, int], residents: Mapping[str, float]
) -> tuple[float, float] | None:
    share = top_share(counts, residents) if residents else None
    return None if share is None else (share.observed, share.expected)


def _police_evidence(
    theme: ThemeAnalysis, changes: WardChanges | None, residents: Mapping[str, float]
) -> ThemeEvidence:
    previous = theme.previous.count if theme.change.test is not None else None
    return ThemeEvidence(
        key=theme.theme.key,
        title=theme.theme.title,
        source=POLICE_UK,
        counted=theme.theme.counted,
        current=theme.current.count,
        previous=previous,
        period=theme.current.period.label,
        previous_period=theme.previous.period.label,
        test=theme.change.test,
        improvement=theme.theme.improvement,
        concentration=_concentration({w.code: w.count for w in theme.ward_counts}, residents),
        worse_wards=tuple(w.name for w in changes.worse) if changes else (),
        better_wards=tuple(w.name for w in changes.better) if changes else (),
    )


#: Partner themes read from the partner sections: (key, title, noun, dataset, caption start,
#: row label or "" for the table's total, harm tier key).
_SECTION_THEMES = (
    ("domestic-abuse", "Domestic abuse", "domestic abuse offences", "police-crime-monthly",
     "Offences by flag", "Domestic abuse"),
    ("domestic-abuse", "Domestic abuse", "domestic abuse incidents", "domestic-abuse-incidents",
     "Domestic abuse incidents", "Domestic abuse incidents (non-crime)"),
    ("serious-violence", "Serious violence", "serious violence offences", "police-crime-monthly",
     "Offences by flag", "Serious violence"),
    ("hate-crime", "Hate crime", "hate crimes (counted once per strand)", "police-crime-monthly",
     "Hate crime by strand", ""),
    ("safeguarding", "Adult safeguarding", "adult safeguarding concerns",
     "adult-safeguarding-activity", "Safeguarding funnel", "Safeguarding concerns"),
    ("council-asb", "Anti-social behaviour recorded by the council", "incidents",
     "asb-incidents", "ASB incidents by who recorded them", "Council"),
    ("road-safety", "Road safety", "people killed or seriously injured on the roads",
     "road-casualties", "KSI by road user", ""),
)  # fmt: skip


def _partner_evidence(
    partners: PartnerAnalysis | None,
    records: Sequence[PartnerWardCounts],
    changes: Mapping[str, WardChanges],
    residents: Mapping[str, float],
) -> list[ThemeEvidence]:
    if partners is None:
        return []
    found: dict[str, ThemeEvidence] = {}
    for counts in records:
        if counts.key == "violence-with-injury":
            continue  # part of police.uk violence: its wards are tabled, it is not a theme
        found[counts.key] = _record_evidence(counts, changes.get(counts.key), residents)
    for key, title, counted, dataset, caption, label in _SECTION_THEMES:
        if key in found:
            continue
        section = _section(partners, dataset)
        item = None if section is None else _from_table(section, caption, label)
        if item is not None and item[0] > 0:
            current, previous, test = item
            found[key] = ThemeEvidence(
                key=key,
                title=title,
                source=section.title if section else "",
                counted=counted,
                current=current,
                previous=previous,
                period=partners.period.label,
                previous_period=partners.period.previous().label,
                test=test,
                confidential=section is not None and section.disclosure == "confidential",
            )
    reoffending = _reoffending(partners)
    if reoffending is not None:
        found["reoffending"] = reoffending
    return list(found.values())


def _record_evidence(
    counts: PartnerWardCounts, changes: WardChanges | None, residents: Mapping[str, float]
) -> ThemeEvidence:
    test = change_test(
        counts.total,
        counts.previous_total,
        current_exposure=counts.period.days,
        previous_exposure=counts.previous_period.days,
    )
    return ThemeEvidence(
        key=counts.key,
        title=counts.title,
        source="Police recorded crime (record level)",
        counted=counts.counted,
        current=counts.total,
        previous=counts.previous_total,
        period=counts.period.label,
        previous_period=counts.previous_period.label,
        test=test if counts.total + counts.previous_total else None,
        concentration=_concentration(counts.current, residents),
        worse_wards=tuple(w.name for w in changes.worse) if changes else (),
        better_wards=tuple(w.name for w in changes.better) if changes else (),
        confidential=True,
    )


def _section(partners: PartnerAnalysis, dataset: str) -> PartnerSection | None:
    return next((s for s in partners.sections if dataset in s.dataset.split(", ")), None)


def _from_table(
    section: PartnerSection, caption: str, label: str
) -> tuple[int, int, ChangeTest | None] | None:
    for title, table in section.changes:
        if not title.startswith(caption):
            continue
        rows = [table.total] if not label else [r for r in table.rows if r.label == label]
        if rows and (not label or rows[0].label == label):
            row = rows[0]
            return row.current, row.previous, row.test
    return None


def _reoffending(partners: PartnerAnalysis) -> ThemeEvidence | None:
    section = _section(partners, "iom-reoffending")
    if section is None:
        return None
    for _, ratios in section.ratios:
        for ratio in ratios:
            if ratio.numerator > 0:
                return ThemeEvidence(
                    key="reoffending",
                    title="Reoffending (offender management)",
                    source=section.title,
                    counted="times a managed offender was charged again",
                    current=ratio.numerator,
                    previous=None,
                    period=partners.period.label,
                    previous_period=partners.period.previous().label,
                    confidential=section.disclosure == "confidential",
                )
    return None
