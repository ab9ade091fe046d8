"""The annual strategic assessment, laid out from the analysis engine's results.

No statistic is computed here: every figure comes from the :class:`~saferinsight.reports.
prepare.ReportData` of the edition (the ``AreaAnalysis``, the themes, the map classes). police.uk
street records, ONS estimates and the other open data are printed exactly in every edition
(:meth:`~saferinsight.reports.edition.Edition.open`); the public edition applies disclosure
control to confidential partner data (:mod:`saferinsight.reports.partners`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from saferinsight.analysis.formatting import format_count, format_rate
from saferinsight.analysis.justice import OUTCOME_GROUPS
from saferinsight.analysis.narrative import in_plain_words, summary_verdict, theme_bullets
from saferinsight.analysis.reconcile import Reconciliation, reconcile
from saferinsight.analysis.release import released_rate
from saferinsight.analysis.results import AreaAnalysis, ThemeAnalysis
from saferinsight.reports import charts
from saferinsight.reports.appendix import (
    APPENDIX_TITLE,
    POLICE_UK_CAVEAT,
    methods_appendix,
    theme_appendix,
)
from saferinsight.reports.appendix import share_cell as _share
from saferinsight.reports.area import area_panel
from saferinsight.reports.document import (
    Block,
    Bullets,
    Document,
    Finding,
    KeyFindings,
    Paragraph,
    Section,
    Table,
)
from saferinsight.reports.edition import Edition
from saferinsight.reports.places import places_appendix, places_section
from saferinsight.reports.reconciliation import (
    disagreement_finding,
    reconciliation_section,
    summary_paragraph,
)
from saferinsight.reports.summary import (
    SHOWN_IN_SUMMARY,
    priorities_summary,
    ranking_appendix,
    ward_change_section,
)

if TYPE_CHECKING:
    from saferinsight.analysis.partners.engine import PartnerAnalysis
    from saferinsight.reports.prepare import ReportData

__all__ = ["Edition", "build_strategic_assessment"]


def build_strategic_assessment(data: ReportData) -> Document:
    """The strategic assessment for one area and period as a document.

    ``data`` (:func:`saferinsight.reports.prepare.prepare_report`) carries the analysis and
    everything derived from it for this edition: the document lays it out and computes
    nothing. Partner analyses add a section per partner dataset present and say which are
    missing.
    """
    analysis, edition, themes = data.analysis, data.edition, data.themes
    public = edition.public
    police = edition.open()  # police.uk street records and ONS estimates are open data
    rec = reconcile(analysis, data.partners)
    summary = priorities_summary(data)
    findings = _summary(analysis, themes, police, rec, first=summary is None)
    sections = [summary or findings, _about(analysis, police, data.partners)]
    if summary is not None:
        sections += [s for s in (ward_change_section(data),) if s is not None]
    if rec is not None:
        sections.append(reconciliation_section(rec, edition))
    core, others = _core_themes(data)
    sections += [_theme_section(analysis, theme, police) for theme in core]
    if others:
        sections.append(_other_themes(analysis, others, police))
    if data.places is not None:
        sections.append(places_section(data.places, edition, tables=False))
    if data.benchmark is not None:
        from saferinsight.reports.peers import peer_section

        sections.append(peer_section(data.benchmark, police))
    elif len(analysis.comparison) > 1:
        sections.append(_comparison(analysis, police))
    partner: list[Section] = []
    if data.partners is not None:
        from saferinsight.reports.partners import partner_sections

        partner = partner_sections(data.partners, edition)
    # The core says what partner data shows in plain words; the tests' p-values stay in the
    # change tables beside the sentences.
    sections += [_in_plain_words(s) for s in partner if not s.appendix]
    # The appendices: full tables by theme, the other partner data, the ranking of themes,
    # methods and sources.
    sections += theme_appendix(analysis, themes, data, police)
    if data.places is not None:
        sections.append(places_appendix(data.places, edition))
    sections += [s for s in (_outcomes(analysis, police), _stop_search(analysis, police)) if s]
    sections += [s for s in partner if s.appendix]
    if summary is not None:  # the police.uk findings one by one, after the ranking's summary
        sections.append(findings)
    sections += [s for s in (ranking_appendix(data),) if s is not None]
    sections.append(methods_appendix(analysis, data, rec))
    title = f"{analysis.area.name} strategic assessment {analysis.period.label}"
    return Document(
        title=title,
        subtitle=(
            f"Crime and anti-social behaviour in {analysis.area.label}, {analysis.period.span}"
        ),
        edition="public" if public else "full",
        sections=tuple(sections),
        generated_at=data.analysis.provenance.generated_at,
        area=analysis.area.name,
        period=analysis.period.label,
        running_header=f"{analysis.area.name} strategic assessment {analysis.period.label}"
        + (" (public edition)" if public else " (restricted: full figures)"),
        metadata={"area code": analysis.area.code}
        | ({} if public else {"workspace": analysis.provenance.workspace}),
    )


# -- sections ----------------------------------------------------------------------------------


def _summary(
    analysis: AreaAnalysis,
    themes: Sequence[ThemeAnalysis],
    edition: Edition,
    rec: Reconciliation | None,
    *,
    first: bool = True,
) -> Section:
    """The police.uk themes' findings with their verdicts: the summary (``first``), or the
    section after the summary that sets priorities."""
    differing = {r.key: r for r in rec.differing} if rec is not None and rec.complete else {}
    findings = []
    for theme in themes:
        text = theme_bullets(theme, analysis.area, edition.numbers)[0].split(" Statistically:")[0]
        verdict = summary_verdict(theme, edition.numbers)
        row = differing.get(theme.theme.key)
        if row is not None and rec is not None:
            # The sources' verdicts differ: say so, and headline neither.
            text = disagreement_finding(row, rec, edition)
            verdict = f"Sources disagree (police.uk street records: {verdict})"
        findings.append(Finding(title=theme.theme.title, text=text, verdict=verdict))
    intro = Paragraph(
        f"This assessment covers {analysis.area.label} for {analysis.period.label} "
        f"({analysis.period.span}). Each finding says whether the change is statistically "
        "meaningful: a change is called a rise or a fall only when an exact test supports it, "
        "and a trend only when a seasonal trend test over three years finds one. The monthly "
        "control chart's verdict names every special-cause signal in the period; a change "
        "whose earlier period holds months the chart flags as abnormally low (before a rise) "
        "or high (before a fall) is said to come from an unusual base.",
        style="lead",
    )
    warnings = tuple(Paragraph(edition.other(w), style="note") for w in analysis.warnings)
    sources = () if rec is None else (summary_paragraph(rec, edition),)
    if not first:  # the summary before it states the warnings
        return Section(
            "Key findings by theme",
            "key-findings",
            (intro, *sources, KeyFindings(tuple(findings))),
            appendix=True,
        )
    return Section(
        "Summary of key findings",
        "summary",
        (intro, *sources, *warnings, KeyFindings(tuple(findings))),
    )


def _about(analysis: AreaAnalysis, edition: Edition, partners: PartnerAnalysis | None) -> Section:
    population = analysis.population
    blocks: list[Block] = []
    if population:
        blocks.append(
            Paragraph(
                f"{analysis.area.name} has a population of "
                f"{edition.other(format_count(population.persons))} "
                f"({population.label}). Rates in this report are per 1,000 residents."
                + (f" {population.note}." if population.note else "")
            )
        )
    blocks += area_panel(analysis.area, edition)
    names = [r.area.name for r in analysis.comparison[1:]]
    if names:
        blocks.append(Paragraph(f"It is compared with {', '.join(names)}."))
    left = analysis.left_out_no_location
    if left:
        blocks.append(
            Paragraph(
                f"{edition.count(left)} records of {', '.join(analysis.provenance.forces)} for "
                f"{analysis.period.label} had no location and cannot be placed in "
                f"{analysis.area.name}; they count for the force only.",
                style="note",
            )
        )
    blocks.append(Paragraph(edition.other(POLICE_UK_CAVEAT + _sources(analysis, partners))))
    return Section(f"About {analysis.area.name}", "about", tuple(blocks))


def _sources(analysis: AreaAnalysis, partners: PartnerAnalysis | None) -> str:
    """police.uk street records against police recorded crime, for this area and period."""
    street = next((t.current.count for t in analysis.themes if t.theme.key == "total"), None)
    area, period = analysis.area.name, analysis.period.label
    recorded = partners.recorded_crime() if partners is not None else None
    if street is None:
        return ""
    if recorded is None:
        return (
            f" No police recorded crime for {area} in {period} is loaded, so this report cannot "
            "say how the two compare here."
        )
    count, source = recorded
    share = f" (about {street / count:.0%})" if count else ""
    return (
        f" {area} had {format_count(street)} police.uk street records in {period} against "
        f"{format_count(count)} police recorded crimes{share}, from the {source} section below."
    )


def _theme_section(analysis: AreaAnalysis, theme: ThemeAnalysis, edition: Edition) -> Section:
    """A theme in the core document: what the analysis found, and its monthly chart over
    three years (this year against last when fewer months are loaded). Its control chart,
    wards, ward map and crime types are in its appendix (:func:`~saferinsight.reports.
    appendix.theme_appendix`)."""
    said = theme_bullets(theme, analysis.area, edition.numbers)
    blocks: list[Block] = [Bullets(tuple(in_plain_words(sentence) for sentence in said))]
    if theme.theme.note:
        blocks.append(
            Paragraph(theme.theme.note[0].upper() + theme.theme.note[1:] + ".", style="note")
        )
    blocks.append(
        Paragraph(
            f"The control chart, the wards, the ward map and the crime types of "
            f"{theme.theme.counted} are in the appendix '{APPENDIX_TITLE}'.",
            style="note",
        )
    )
    chart = charts.three_year_chart(theme) or charts.twelve_month_chart(theme)
    if chart is not None:
        blocks.append(edition.figure(chart))
    return Section(theme.theme.title, f"theme-{theme.theme.key}", tuple(blocks))


def _in_plain_words(section: Section) -> Section:
    """``section`` with its bullets' tests' names and p-values left out (the verdict stays)."""
    blocks = tuple(
        Bullets(tuple(in_plain_words(item) for item in b.items)) if isinstance(b, Bullets) else b
        for b in section.blocks
    )
    return dataclasses.replace(section, blocks=blocks)


def _core_themes(data: ReportData) -> tuple[list[ThemeAnalysis], list[ThemeAnalysis]]:
    """The police.uk themes with a section of their own in the core document (all crime, and
    those among the summary's themes of most concern), and the others. Without a ranking,
    every theme has its section."""
    if data.assessment is None:
        return list(data.themes), []
    top = {t.evidence.key for t in data.assessment.ranking.top(SHOWN_IN_SUMMARY)}
    core = [t for t in data.themes if t.theme.key == "total" or t.theme.key in top]
    return core, [t for t in data.themes if t not in core]


def _other_themes(
    analysis: AreaAnalysis, themes: Sequence[ThemeAnalysis], edition: Edition
) -> Section:
    """One section for the police.uk themes outside the summary's themes of most concern: each
    one's headline, with its full analysis in the appendix."""
    return Section(
        "Other crime types",
        "other-themes",
        (
            Paragraph(
                edition.other(
                    f"These crime types are not among the {SHOWN_IN_SUMMARY} themes of most "
                    "concern in the summary. Each one's monthly and control charts, wards, ward "
                    f"map and crime types are in the appendix '{APPENDIX_TITLE}'."
                )
            ),
            Bullets(
                tuple(
                    in_plain_words(theme_bullets(t, analysis.area, edition.numbers)[0])
                    for t in themes
                )
            ),
        ),
    )


def _outcomes(analysis: AreaAnalysis, edition: Edition) -> Section | None:
    outcomes = analysis.outcomes
    if outcomes is None:
        return None
    rows = tuple(
        (
            g.group,
            edition.count(g.count),
            _share(edition, g.count, outcomes.crimes),
            edition.other(
                f"{g.share.interval.lower * 100:.1f}% to {g.share.interval.upper * 100:.1f}%"
            ),
        )
        for g in outcomes.groups
    )
    blocks: list[Block] = [
        Paragraph(outcomes.note, style="note"),
        Table(
            f"Last outcome of street crimes, {analysis.period.label}",
            ("Outcome group", "Crimes", "Share", "95% interval"),
            rows,
            numeric=(False, True, True, True),
            notes=(
                "Groups of police.uk last outcome categories: "
                + "; ".join(
                    f"{k}: {', '.join(c for c in v if c) or 'none recorded'}"
                    for k, v in OUTCOME_GROUPS.items()
                )
                + ".",
            ),
        ),
    ]
    charged = outcomes.charged
    if charged is not None:
        blocks.insert(
            0,
            Paragraph(
                edition.other(
                    f"{charged.value * 100:.1f}% of {analysis.area.name}'s street crimes in "
                    f"{analysis.period.label} had been charged or summonsed when last "
                    f"reported (95% interval {charged.interval.lower * 100:.1f}% to "
                    f"{charged.interval.upper * 100:.1f}%)."
                )
            ),
        )
    return Section("Outcomes", "outcomes", tuple(blocks), appendix=True)


def _stop_search(analysis: AreaAnalysis, edition: Edition) -> Section | None:
    searches = analysis.stop_search
    if searches is None:
        return None
    blocks: list[Block] = [Paragraph(searches.note, style="note")]
    for dimension, rows in searches.breakdowns.items():
        title = dimension.replace("_", " ").capitalize()
        blocks.append(
            Table(
                f"Stop and search by {title.lower()}, {analysis.period.label}",
                (title, "Searches", "Share"),
                tuple(
                    (value, edition.count(n), _share(edition, n, searches.searches))
                    for value, n, _ in rows
                ),
                numeric=(False, True, True),
            )
        )
    return Section("Stop and search", "stop-search", tuple(blocks), appendix=True)


def _comparison(analysis: AreaAnalysis, edition: Edition) -> Section:
    from saferinsight.analysis.themes import THEMES

    titles = {t.key: t.title for t in THEMES}
    header = ("Theme", *(r.area.name for r in analysis.comparison))
    rows = []
    for index, (key, _, _) in enumerate(analysis.comparison[0].rates):
        cells = []
        for area in analysis.comparison:
            _, count, estimate = area.rates[index]
            value = (
                None
                if estimate is None
                else released_rate(count, estimate.denominator, edition.shown)
            )
            if value is None:
                cells.append(edition.count(count))
            else:
                cells.append(f"{edition.count(count)} ({edition.other(format_rate(value))})")
        rows.append((titles[key], *cells))
    populations = sorted({r.population.label for r in analysis.comparison if r.population})
    blocks: list[Block] = [
        Table(
            f"Counts (rate per 1,000 residents), {analysis.period.label}",
            header,
            tuple(rows),
            numeric=(False, *([True] * len(analysis.comparison))),
            notes=(
                edition.other(
                    f"Populations: {'; '.join(populations)}. Rates are whole numbers, or 2 "
                    "decimals where the whole number would be 0. A police force area counts "
                    "its own records including those without a location."
                ),
            ),
        )
    ]
    chart = charts.comparison_chart(analysis, "total")
    if chart is not None:
        blocks.append(edition.figure(chart))
    return Section("Comparison with other areas", "comparison", tuple(blocks))
