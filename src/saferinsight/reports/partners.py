"""The strategic assessment's partner-data sections: one per dataset present, and a section
saying which datasets were used (with their versions) and which were not supplied."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from saferinsight.analysis.formatting import format_pct
from saferinsight.analysis.partners._shared import CHANGE_NOTE, SHARE_NOTE, XMR_NOTE
from saferinsight.analysis.partners.common import CrossTab, PartnerSection, Ratio
from saferinsight.analysis.partners.engine import PartnerAnalysis
from saferinsight.analysis.release import released_proportion
from saferinsight.datasets.catalogue import DATASETS
from saferinsight.reports.change_tables import NOT_STATED, change_table_block, printed_rows
from saferinsight.reports.disclosure import Withheld, protect_table
from saferinsight.reports.document import Block, Bullets, Paragraph, Section, Table
from saferinsight.reports.partner_charts import partner_figures

if TYPE_CHECKING:
    from saferinsight.reports.edition import Edition

__all__ = ["CORE_DATASETS", "METHOD_NOTES", "method_notes", "partner_sections"]

RATIO_NOTE = (
    "In this public edition each percentage and interval is computed from the counts as "
    "printed; * where a count is too small to publish."
)


#: Datasets whose sections belong in the core document (the board's partner themes: domestic
#: abuse, hate crime and serious violence, council ASB, offender management); the others'
#: sections are an appendix.
CORE_DATASETS = frozenset(
    {
        "police-crime",
        "domestic-abuse-incidents",
        "asb-incidents",
        "iom-reoffending",
        "dvpn-dvpo",
    }
)
PARTNER_APPENDIX = "Partner data in full"
#: Method paragraphs the analyses attach to many sections: printed once, in the appendix.
METHOD_NOTES = (CHANGE_NOTE, SHARE_NOTE, XMR_NOTE)


def partner_sections(partners: PartnerAnalysis, edition: Edition) -> list[Section]:
    """A section per analysed dataset, then the partner data inventory.

    Open datasets (published statistics) are printed exactly in every edition; a public
    edition applies its disclosure rule to confidential ones (methods.md 3.6), and writes
    their findings from the figures it prints. The sections of :data:`CORE_DATASETS` come
    first, in the core document; the others are level 2 sections of an appendix, and the
    inventory is an appendix too.
    """
    core, rest, profiles = [], [], []
    for item in partners.sections:
        chosen = edition if item.disclosure == "confidential" else edition.open()
        if set(item.dataset.split(", ")) & CORE_DATASETS:
            section, crosstabs = _section(item, chosen, split=True)
            core.append(section)
            if crosstabs:
                # People's profiles (age, sex, role, ethnicity) are full tables: an appendix.
                anchor = section.anchor + "-profiles"
                title = f"{item.title}: profiles"
                profiles.append(Section(title, anchor, crosstabs, level=2, appendix=True))
        else:
            rest.append(_section(item, chosen)[0])
    rest = [dataclasses.replace(s, level=2, appendix=True) for s in (*profiles, *rest)]
    appendix: list[Section] = []
    if rest:
        intro = Paragraph(
            "The profiles of people in the partner data above, and the other partner "
            "datasets supplied for this period, each with its findings, charts and tables."
        )
        appendix = [Section(PARTNER_APPENDIX, "partner-other", (intro,), appendix=True)]
        appendix += rest
    return [*core, *appendix, _inventory(partners)]


def method_notes(partners: PartnerAnalysis) -> list[str]:
    """The method paragraphs of :data:`METHOD_NOTES` that some section uses (printed once,
    in the appendix, instead of in each section)."""
    used = {note for s in partners.sections for note in s.notes}
    return [note for note in METHOD_NOTES if note in used]


def _section(
    section: PartnerSection, edition: Edition, *, split: bool = False
) -> tuple[Section, tuple[Block, ...]]:
    """A dataset's section; with ``split``, its cross-tabulations are returned apart (for an
    appendix) instead of in the section."""
    withheld = Withheld()
    if edition.controlled:
        # A first pass learns what each table withholds, so that every table withholds it.
        _tables(section, edition, withheld)
    tables = _tables(section, edition, withheld)
    if edition.controlled:
        findings = _public_findings(section, edition, withheld)
    else:  # exact figures (in a public edition, open data: marked as not protected counts)
        findings = tuple(edition.other(finding) for finding in section.findings)
    crosstabs: tuple[Block, ...] = ()
    if split:
        crosstabs = tuple(tables[len(tables) - len(section.crosstabs) :])
        tables = tables[: len(tables) - len(section.crosstabs)]
    blocks: list[Block] = [Bullets(findings)] if findings else []
    figures, withheld_charts = partner_figures(section, edition)
    blocks += figures
    blocks += withheld_charts
    blocks += tables
    blocks += [
        Paragraph(edition.other(note), style="note")
        for note in section.notes
        if note not in METHOD_NOTES
    ]
    versions = "; ".join(
        f"version {v.version_id} ({v.provider}, {v.source_file}, received {v.received:%d %b %Y})"
        for v in section.versions
    )
    blocks.append(Paragraph(edition.other(f"Source: {versions}."), style="note"))
    if crosstabs:
        blocks.append(
            Paragraph(
                f"The profiles of the people in these records are in the appendix "
                f"'{PARTNER_APPENDIX}'.",
                style="note",
            )
        )
    anchor = "partner-" + section.dataset
    return Section(section.title, anchor, tuple(blocks)), crosstabs


def _tables(section: PartnerSection, edition: Edition, withheld: Withheld) -> list[Block]:
    """A section's tables: changes, shares, cross-tabulations."""
    blocks: list[Block] = [
        change_table_block(table, edition, caption=caption, withheld=withheld)
        for caption, table in section.changes
    ]
    blocks += [
        _ratio_table(caption, ratios, edition, withheld) for caption, ratios in section.ratios
    ]
    blocks += [_crosstab(table, edition, withheld) for table in section.crosstabs]
    return blocks


def _public_findings(
    section: PartnerSection, edition: Edition, withheld: Withheld
) -> tuple[str, ...]:
    """A public edition's findings, written from the figures it prints (the full edition's
    sentences carry unprotected figures): each change table's total (or its "All" row; each
    row of a table whose rows are not parts of one whole), with its verdict where it can be
    stated; a section without any gets its shares instead."""
    findings = []
    for caption, table in section.changes:
        printed = printed_rows(table, edition, withheld)
        subject = caption.removesuffix(f", {table.current_label} and {table.previous_label}")
        if table.total.label:
            wholes = [(subject, printed[-1])]
        elif any(row.label == "All" for row in printed):
            wholes = [(f"{subject} (all)", next(r for r in printed if r.label == "All"))]
        else:
            wholes = [(row.label, row) for row in printed]
        for name, row in wholes:
            if edition.rule.symbol in (row.current, row.previous):
                continue
            sentence = (
                f"{name}: {row.current} in {table.current_label}, against {row.previous} "
                f"in {table.previous_label}"
            )
            stated = row.verdict not in ("", NOT_STATED, edition.rule.symbol)
            findings.append(sentence + (f": {row.verdict} ({row.p})." if stated else "."))
    if not findings:
        shares = (_share_finding(c, ratios, edition, withheld) for c, ratios in section.ratios)
        findings = [sentence for sentence in shares if sentence]
    return tuple(findings)


def _share_finding(
    caption: str, ratios: Sequence[Ratio], edition: Edition, withheld: Withheld
) -> str:
    """A table of shares in one sentence, as printed: each share with its counts and
    interval (rows it withholds left out)."""
    rows = _ratio_table(caption, ratios, edition, withheld).rows
    parts = [
        f"{label} {share} ({number} of {whole}; 95% interval {interval})"
        for label, number, whole, share, interval in rows
        if edition.rule.symbol not in (number, whole, share, interval)
    ]
    return f"{caption}: {'; '.join(parts)}." if parts else ""


def _ratio_table(
    caption: str, ratios: Sequence[Ratio], edition: Edition, withheld: Withheld
) -> Table:
    rows = []
    for r in ratios:
        hidden = edition.controlled and (r.label, r.numerator) in withheld
        if edition.controlled:
            estimate = (
                None if hidden else released_proportion(r.numerator, r.denominator, edition.shown)
            )
            if estimate is None:
                withheld.add(r.label, r.numerator)
        else:
            estimate = r.estimate
        if estimate is None:
            share = interval = edition.rule.symbol if edition.controlled else "N/A"
        else:
            share = format_pct(estimate.value * 100)
            low, high = estimate.interval.lower * 100, estimate.interval.upper * 100
            interval = edition.other(f"{low:.1f}% to {high:.1f}%")
        number = edition.rule.symbol if hidden else edition.count(r.numerator)
        rows.append((r.label, number, edition.count(r.denominator), share, interval))
    return Table(
        caption=caption,
        header=("", "Number", "Of", "%", "95% interval (Wilson)"),
        rows=tuple(rows),
        numeric=(False, True, True, True, False),
        notes=(RATIO_NOTE,) if edition.controlled else (),
    )


def _crosstab(table: CrossTab, edition: Edition, withheld: Withheld) -> Table:
    """Counts, or shares as the analysis asks: of everything, or within each pair of columns.

    With disclosure control the counts get :func:`~saferinsight.reports.disclosure.
    protect_table` (column totals, secondary suppression) and shares are of the values
    printed; a pair of shares is suppressed when either count is. A column total is
    withheld when another table withholds the same figure under the column's name."""
    if edition.controlled:
        totals = table.column_totals()
        below = len(table.rows)
        hide = {(below, j) for j, n in enumerate(totals) if (table.columns[j], n) in withheld}
        protected = protect_table(table.counts, row_totals=False, rule=edition.rule, withheld=hide)
        assert protected.column_totals is not None
        for column, n, text in zip(table.columns, totals, protected.column_totals, strict=True):
            if text == edition.rule.symbol:
                withheld.add(column, n)
        grid = [*protected.cells, protected.column_totals]
        values = [tuple(_shown(cell, edition) for cell in row) for row in grid]
    else:
        counts = [*table.counts, table.column_totals()]
        grid = [tuple(edition.count(n) for n in row) for row in counts]
        values = [tuple(row) for row in counts]
    grand = edition.shown(table.grand_total())
    missing = "N/A" if table.shares == "all" else "-"

    def shares(row: Sequence[int | None]) -> tuple[str, ...]:
        out: list[str] = []
        if table.shares == "all":
            for n in row:
                if n is None or grand is None:
                    out.append(edition.rule.symbol)
                else:
                    out.append(missing if not grand else format_pct(n / grand * 100))
            return tuple(out)
        for a, b in zip(row[::2], row[1::2], strict=True):
            if a is None or b is None:
                out += [edition.rule.symbol] * 2
            elif a + b == 0:
                out += [missing] * 2
            else:
                out += [format_pct(a / (a + b) * 100), format_pct(b / (a + b) * 100)]
        return tuple(out)

    labels = tuple(edition.other(label) for label in (*table.rows, "Total"))  # age bands
    if table.shares == "counts":
        rows = [(label, *cells) for label, cells in zip(labels, grid, strict=True)]
        notes: tuple[str, ...] = ()
    else:
        rows = [(label, *shares(row)) for label, row in zip(labels, values, strict=True)]
        based = edition.count(table.grand_total())
        notes = (f"Based on {based} people or records.",)
    return Table(
        caption=table.caption,
        header=(table.row_header, *table.columns),
        rows=tuple(rows),
        numeric=(False, *(True for _ in table.columns)),
        notes=notes,
        total_row=True,
    )


def _shown(text: str, edition: Edition) -> int | None:
    return None if text == edition.rule.symbol else int(text.replace(",", ""))


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
    return Section("Partner data used and missing", "partner-data", tuple(blocks), appendix=True)
