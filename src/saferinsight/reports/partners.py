"""The strategic assessment's partner-data sections: one per dataset present, and a section
saying which datasets were used (with their versions) and which were not supplied."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from saferinsight.analysis.formatting import format_pct
from saferinsight.analysis.partners.common import CrossTab, PartnerSection, Ratio
from saferinsight.analysis.partners.engine import PartnerAnalysis
from saferinsight.analysis.release import released_share
from saferinsight.datasets.catalogue import DATASETS
from saferinsight.reports.change_tables import change_table_block
from saferinsight.reports.document import Block, Bullets, Paragraph, Section, Table

if TYPE_CHECKING:
    from saferinsight.reports.edition import Edition

__all__ = ["partner_sections"]

WITHHELD = (
    "Person-level figures from this dataset are withheld from the public edition: with small "
    "numbers they could identify victims, patients or offenders."
)


def partner_sections(partners: PartnerAnalysis, edition: Edition) -> list[Section]:
    """A section per analysed dataset, then the partner data inventory."""
    sections = [_section(s, edition) for s in partners.sections]
    return [*sections, _inventory(partners)]


def _section(section: PartnerSection, edition: Edition) -> Section:
    blocks: list[Block] = []
    if edition.public and section.sensitive:
        blocks.append(Paragraph(WITHHELD, style="note"))
    elif not edition.public:
        blocks.append(Bullets(section.findings))
    if not (edition.public and section.sensitive):
        blocks += [
            change_table_block(table, edition, caption=caption)
            for caption, table in section.changes
        ]
        blocks += [_ratio_table(caption, ratios, edition) for caption, ratios in section.ratios]
        if not edition.public:
            blocks += [_crosstab(table) for table in section.crosstabs]
    blocks += [Paragraph(edition.other(note), style="note") for note in section.notes]
    versions = "; ".join(
        f"version {v.version_id} ({v.provider}, {v.source_file}, received {v.received:%d %b %Y})"
        for v in section.versions
    )
    blocks.append(Paragraph(edition.other(f"Source: {versions}."), style="note"))
    anchor = "partner-" + section.dataset
    return Section(section.title, anchor, tuple(blocks))


def _ratio_table(caption: str, ratios: Sequence[Ratio], edition: Edition) -> Table:
    rows = []
    for r in ratios:
        percentage = released_share(r.numerator, r.denominator, edition.shown)
        if percentage is None or r.estimate is None:
            share = interval = edition.rule.symbol if edition.public else "N/A"
        else:
            share = format_pct(percentage)
            low, high = r.estimate.interval.lower * 100, r.estimate.interval.upper * 100
            interval = edition.other(f"{low:.1f}% to {high:.1f}%")
        rows.append(
            (r.label, edition.count(r.numerator), edition.count(r.denominator), share, interval)
        )
    return Table(
        caption=caption,
        header=("", "Number", "Of", "%", "95% interval (Wilson)"),
        rows=tuple(rows),
        numeric=(False, True, True, True, False),
    )


def _crosstab(table: CrossTab) -> Table:
    """Counts, or shares as the analysis asks: of everything, or within each pair of columns."""
    totals = table.column_totals()
    grand = table.grand_total()
    missing = "N/A" if table.shares == "all" else "-"

    def cells(counts: Sequence[int]) -> tuple[str, ...]:
        if table.shares == "counts":
            return tuple(f"{n:,}" for n in counts)
        return tuple(missing if p is None else format_pct(p) for p in table.percentages(counts))

    rows = [(label, *cells(counts)) for label, counts in zip(table.rows, table.counts, strict=True)]
    rows.append(("Total", *cells(totals)))
    notes = () if table.shares == "counts" else (f"Based on {grand:,} people or records.",)
    return Table(
        caption=table.caption,
        header=(table.row_header, *table.columns),
        rows=tuple(rows),
        numeric=(False, *(True for _ in table.columns)),
        notes=notes,
        total_row=True,
    )


def _inventory(partners: PartnerAnalysis) -> Section:
    used = [s.title for s in partners.sections]
    missing = [f"{DATASETS[name].title} ({name})" for name in partners.missing]
    blocks: list[Block] = [
        Paragraph(
            "Partner agencies' data adds what police.uk does not carry: offence sub-types, "
            "domestic abuse and hate crime flags, reoffending, health and safeguarding. Each "
            "table above names the version of the file it used; a later file from the same "
            "provider replaces, for the months and areas it covers, what earlier ones said."
        ),
        Paragraph(f"Used for {partners.period.label}: {', '.join(used) if used else 'none'}."),
    ]
    if missing:
        blocks += [
            Paragraph(
                "Not supplied for this area and period (ask the agencies for them; each "
                "dataset has a template to send them):"
            ),
            Bullets(tuple(missing)),
        ]
    return Section("Partner data used and missing", "partner-data", tuple(blocks))
