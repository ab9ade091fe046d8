"""The strategic assessment's appendices: each theme in full (its charts, wards, ward map and
crime types), and the methods and data sources, with the method paragraphs that the sections
share printed once.

Laid out only: every figure comes from the analysis (:class:`~saferinsight.reports.prepare.
ReportData`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from saferinsight.analysis.formatting import PROSE_1DP, format_pct
from saferinsight.analysis.narrative import theme_bullets
from saferinsight.analysis.reconcile import Reconciliation
from saferinsight.analysis.release import released_share
from saferinsight.analysis.results import AreaAnalysis, ThemeAnalysis
from saferinsight.reports import charts, maps
from saferinsight.reports.change_tables import change_table_block
from saferinsight.reports.document import Block, Bullets, Paragraph, Section, Table
from saferinsight.reports.edition import Edition
from saferinsight.reports.reconciliation import appendix_paragraph

if TYPE_CHECKING:
    from saferinsight.reports.prepare import ReportData

__all__ = [
    "APPENDIX_TITLE",
    "POLICE_UK_CAVEAT",
    "RECORDING_CAVEAT",
    "breakdown_table",
    "methods_appendix",
    "share_cell",
    "theme_appendix",
    "ward_table",
]

APPENDIX_TITLE = "Each theme in full"
POLICE_UK_CAVEAT = (
    "police.uk street records are not the same statistic as Home Office police recorded crime: "
    "they leave out fraud and crimes without a location, and each record is placed at an "
    "anonymised map point, never an exact address. ASB figures are incidents, not crimes."
)
RECORDING_CAVEAT = (
    "Recorded crime reflects reporting and recording practice as well as offending: changes "
    "in police recording (for example after crime data integrity inspections), in policing "
    "activity (drugs and weapons possession are mostly found by the police) and in public "
    "willingness to report can move the figures without any change in crime."
)
#: How to read the tables of every theme's appendix (once, not under each table).
THEME_TABLES_NOTE = (
    "Tables of wards: the percentage is of all the theme's records in the area, with a "
    "Wilson 95% interval; rates are per 1,000 residents (Census 2021); ranks whose 95% count "
    "intervals overlap cannot be told apart statistically. Tables of crime types: the change "
    "in each row is tested with the exact conditional test of equal rates (days in each year "
    "as exposure); % change is rounded half up to a whole number."
)


def theme_appendix(
    analysis: AreaAnalysis,
    themes: Sequence[ThemeAnalysis],
    data: ReportData,
    edition: Edition,
) -> list[Section]:
    """An appendix of every theme in full: an introduction, then a level 2 section per theme
    with what the analysis found (its tests named), its twelve-month and control charts, its
    ten wards (table and chart) beside its ward map, and its crime types."""
    sections = [
        Section(
            APPENDIX_TITLE,
            "themes-in-full",
            (Paragraph(edition.other(THEME_TABLES_NOTE)),),
            appendix=True,
        )
    ]
    for theme in themes:
        # What the analysis found with its tests named (the core says it in plain words).
        blocks: list[Block] = [Bullets(theme_bullets(theme, analysis.area, edition.numbers))]
        for build in (charts.twelve_month_chart, charts.spc_chart):
            chart = build(theme)
            if chart is not None:
                blocks.append(edition.figure(chart))
        if theme.top_wards:
            blocks.append(ward_table(analysis, theme, edition))
            classes = data.maps.get(theme.theme.key)
            if data.shapes and classes is not None:
                chart = maps.ward_map(theme, data.shapes, classes)
                if chart is not None:
                    blocks.append(edition.figure(chart))
            chart = charts.ward_rank_chart(theme)
            if chart is not None:
                blocks.append(edition.figure(chart))
        if theme.breakdown is not None:
            blocks.append(breakdown_table(theme, edition))
        if blocks:
            anchor = f"theme-{theme.theme.key}-in-full"
            sections.append(Section(theme.theme.title, anchor, tuple(blocks), 2, appendix=True))
    return sections


def _shared_methods(data: ReportData) -> list[str]:
    """The partner analyses' method paragraphs (once for every section that uses them)."""
    if data.partners is None:
        return []
    from saferinsight.reports.partners import method_notes

    return method_notes(data.partners)


def share_cell(edition: Edition, part: int, whole: int) -> str:
    """A share as the edition prints it (the rule's symbol when withheld)."""
    share = released_share(part, whole, edition.shown)
    return edition.rule.symbol if share is None else format_pct(share, PROSE_1DP)


def ward_table(analysis: AreaAnalysis, theme: ThemeAnalysis, edition: Edition) -> Table:
    total = theme.current.count
    rows = []
    for ward in theme.top_wards:
        share = share_cell(edition, ward.count, total)
        interval = edition.other(
            f"{ward.share.interval.lower * 100:.1f}% to {ward.share.interval.upper * 100:.1f}%"
        )
        rate = "" if ward.rate is None else edition.other(f"{ward.rate.value:.1f}")
        similar = ", ".join(str(r) for r in ward.indistinguishable_from) or "-"
        rows.append(
            (
                edition.other(str(ward.rank)),
                ward.name,
                edition.count(ward.count),
                share,
                interval,
                rate,
                edition.other(similar),
            )
        )
    return Table(
        caption=(
            f"Ten wards with the highest volume of {theme.theme.counted}, {analysis.period.label}"
        ),
        header=(
            "Rank",
            "Ward",
            "Total",
            "Percentage",
            "95% interval",
            "Rate per 1,000",
            "Not distinguishable from ranks",
        ),
        rows=tuple(rows),
        numeric=(True, False, True, True, True, True, False),
        notes=(f"Percentage of all {theme.theme.counted} in {analysis.area.name}.",),
    )


def breakdown_table(theme: ThemeAnalysis, edition: Edition) -> Table:
    table = theme.breakdown
    assert table is not None
    return change_table_block(
        table,
        edition,
        caption=f"{theme.theme.title} by crime type, {table.current_label} and "
        f"{table.previous_label}",
        label_header="Crime type",
        notes=(),
    )


def methods_appendix(
    analysis: AreaAnalysis, data: ReportData, rec: Reconciliation | None
) -> Section:
    """Methods, parameters, disclosure control, source files and reference data: the method
    paragraphs the sections share are printed here once."""
    edition = data.edition.open()
    provenance = analysis.provenance
    method_rows = tuple((name, text) for name, text in analysis.methods.items())
    blocks: list[Block] = [
        Paragraph(edition.other(POLICE_UK_CAVEAT)),
        *(() if rec is None else (appendix_paragraph(rec, edition),)),
        Paragraph(edition.other(RECORDING_CAVEAT)),
        *(Paragraph(edition.other(text)) for text in _shared_methods(data)),
        Table(
            "Methods and parameters",
            ("Item", "Method"),
            tuple((name, edition.other(text)) for name, text in method_rows),
        ),
        Paragraph(
            edition.other(
                f"Period: {analysis.period.label} ({analysis.period.span}, {analysis.period.days} "
                f"days), compared with {analysis.previous.label} ({analysis.previous.span}, "
                f"{analysis.previous.days} days). Months loaded: "
                + (" to ".join(provenance.months_loaded) if provenance.months_loaded else "none")
                + "."
            )
        ),
    ]
    blocks.append(_disclosure_table(data))
    blocks.append(
        Table(
            "Source files (police.uk street files used)",
            ("File", edition.other("SHA-256")),
            tuple((name, edition.other(sha[:16] + "...")) for name, sha in provenance.street_files),
        )
    )
    blocks.append(
        Table(
            "Reference data",
            ("Kind", "Version"),
            tuple((kind, edition.other(version)) for kind, version in provenance.reference),
            notes=(
                "Contains public sector information licensed under the Open Government "
                "Licence v3.0. Boundaries: Contains OS data © Crown copyright and database "
                "right 2023.",
            ),
        )
    )
    generated = f"Generated by Safer Insight on {provenance.generated_at:%d %B %Y at %H:%M} UTC"
    if not edition.public:  # a public edition does not print where the data is kept
        generated += f" from the workspace {provenance.workspace or '(unnamed)'}"
    blocks.append(Paragraph(edition.other(generated + "."), style="note"))
    return Section("Methodology and data", "methodology", tuple(blocks), appendix=True)


def _disclosure_table(data: ReportData) -> Table:
    """Which rule each source's figures were printed with in this edition."""
    edition = data.edition
    controlled = edition.rule.describe() if edition.public else "none (full edition)"
    rows = [("police.uk street records, outcomes and stop and search", "open", "printed exactly")]
    rows.append(("ONS population estimates and boundaries", "open", "printed exactly"))
    if data.partners is not None:
        for section in data.partners.sections:
            kind = section.disclosure
            rows.append((section.title, kind, "printed exactly" if kind == "open" else controlled))
    return Table(
        "Disclosure control by source",
        ("Source", "Open or confidential", "Rule in this edition"),
        tuple((source, kind, edition.open().other(rule)) for source, kind, rule in rows),
        notes=(
            "Open data is published already at a finer level (street-level records, national "
            "open tables), so rounding it would protect nobody; disclosure control is for "
            "partner data that is not published (methods: NHS Digital HES/ECDS rule, with "
            "secondary suppression, and every share, interval and test of a confidential "
            "count computed from the values printed).",
        ),
    )
