"""The report's blocks that set police.uk street records beside police recorded crime.

Only laid out here: the counts, tests and flags come from :func:`saferinsight.analysis.
reconcile.reconcile`. Both sources are open data, printed exactly in every edition.
"""

from __future__ import annotations

from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.narrative import p_text
from saferinsight.analysis.reconcile import ReconciledTheme, Reconciliation, SourceChange
from saferinsight.reports.document import Block, Paragraph, Section, Table
from saferinsight.reports.edition import Edition

__all__ = [
    "SECTION_TITLE",
    "appendix_paragraph",
    "disagreement_finding",
    "reconciliation_section",
    "summary_paragraph",
]

SECTION_TITLE = "police.uk and police recorded crime"
_WORDS = {
    "rise": "a statistically significant rise",
    "fall": "a statistically significant fall",
    "no change": "no evidence of change",
    "not tested": "not tested",
}


def _pct(source: SourceChange) -> str:
    """'-9.3%' (or 'N/A' from 0), for the table."""
    if not source.previous:
        return "N/A"
    return f"{(source.current - source.previous) / source.previous * 100:+.1f}%"


def _verdict(source: SourceChange) -> str:
    """'fall, p < 0.001', for the table."""
    p = f", {p_text(source.test.p_value)}" if source.test is not None else ""
    return f"{source.verdict}{p}"


def _change(source: SourceChange) -> str:
    """'-9.3%, a statistically significant fall (p < 0.001)'."""
    pct = _pct(source) if source.previous else "no % change from 0"
    p = f" ({p_text(source.test.p_value)})" if source.test is not None else ""
    return f"{pct}, {_WORDS[source.verdict]}{p}"


def _pair(source: SourceChange, rec: Reconciliation) -> str:
    return (
        f"{format_count(source.current)} in {rec.period} against "
        f"{format_count(source.previous)} in {rec.previous} ({_change(source)})"
    )


def _flag(row: ReconciledTheme) -> str:
    if not row.differs:
        return "Agree"
    return "Opposite directions" if row.opposite else "Differ"


def _coverage(row: ReconciledTheme) -> str:
    now, before = row.coverage()
    return " / ".join("-" if c is None else f"{c * 100:.0f}%" for c in (now, before))


def _reason(row: ReconciledTheme, rec: Reconciliation) -> str:
    now, before = row.coverage()
    if now is None or before is None:
        return f"{row.title}: recorded crime has none in one of the periods."
    moved = "rose" if now > before else "fell"
    return (
        f"{row.title}: street records were {before * 100:.0f}% of recorded crimes in "
        f"{rec.previous} and {now * 100:.0f}% in {rec.period}. The share {moved}, so the "
        "likely reason is a change in what reaches police.uk (crimes without a location, "
        "reclassified or cancelled crimes) rather than in crime."
    )


def reconciliation_section(rec: Reconciliation, edition: Edition) -> Section:
    """The reconciliation table with its notes, or why there is none."""
    police = edition.open()
    if not rec.complete:
        return Section(SECTION_TITLE, "reconciliation", (Paragraph(police.other(_partial(rec))),))
    rows: list[tuple[str, ...]] = []
    for row in rec.rows:
        # One row per source: each change and its verdict fit on a line.
        for name, source, coverage, flag in (
            ("police.uk", row.street, _coverage(row), _flag(row)),
            ("Recorded", row.recorded, "", ""),
        ):
            rows.append(
                (
                    row.title,
                    name,
                    format_count(source.current),
                    format_count(source.previous),
                    _pct(source),
                    _verdict(source),
                    coverage,
                    flag,
                )
            )
    notes = [
        f"Recorded crime: {rec.source}, matched to police.uk crime types through the Home "
        "Office offence code mapping. All crime is every recorded offence against every "
        "street crime. Street as % of recorded: this year / last year. Each change is "
        "tested with the exact conditional test of equal rates "
        "per day: rise or fall where p < 0.05, otherwise no change. Sources: Differ where "
        "the two verdicts differ, Opposite directions where one rises and the other falls.",
    ]
    if rec.unmatched:
        notes.append(
            f"Not in the table (no recorded crime counterpart): {', '.join(rec.unmatched)}."
        )
    notes += [_reason(row, rec) for row in rec.differing]
    table = Table(
        f"police.uk street records and police recorded crime, {rec.area}, {rec.period} and "
        f"{rec.previous}",
        (
            "Theme",
            "Source",
            rec.period,
            rec.previous,
            "Change",
            "Verdict",
            "Street as % of recorded",
            "Sources",
        ),
        tuple(tuple(police.other(cell) for cell in row) for row in rows),
        numeric=(False, False, True, True, True, False, True, False),
        notes=tuple(police.other(note) for note in notes),
    )
    blocks: list[Block] = [Paragraph(police.other(_overview(rec))), table]
    return Section(SECTION_TITLE, "reconciliation", tuple(blocks))


def _partial(rec: Reconciliation) -> str:
    (now, before), (months, previous_months) = rec.months_covered, rec.months
    return (
        f"Police recorded crime is loaded for {rec.area}, but it covers {now} of the "
        f"{months} months of {rec.period} and {before} of the {previous_months} months of "
        f"{rec.previous}, so the two sources are not reconciled in this report."
    )


def _overview(rec: Reconciliation) -> str:
    differing = rec.differing
    if not differing:
        return (
            f"The two sources agree on the direction of change of every theme both count in "
            f"{rec.area}."
        )
    names = ", ".join(row.title.lower() for row in differing)
    return (
        f"The two sources' verdicts differ for {len(differing)} of the {len(rec.rows)} "
        f"themes both count in {rec.area}: {names}."
    )


def summary_paragraph(rec: Reconciliation, edition: Edition) -> Paragraph:
    """Which source the summary's headline figures use, and whether the sources agree."""
    police = edition.open()
    if not rec.complete:
        return Paragraph(
            police.other(_partial(rec) + " The findings below use police.uk street records."),
            style="note",
        )
    total = rec.total
    lead = "The findings below use police.uk street records, which place each crime in a ward."
    if total is None:
        text = f"{lead} {_overview(rec)}"
    elif total.differs:
        text = (
            f"The two sources disagree on all crime in {rec.area}. police.uk street records: "
            f"{_pair(total.street, rec)}. Police recorded crime, the statistic the "
            f"partnership is judged on: {_pair(total.recorded, rec)}. Neither is a headline "
            f"on its own: {lead[0].lower()}{lead[1:]} {_overview(rec)} Where they differ, the "
            f"finding gives both; the section '{SECTION_TITLE}' sets them side by side."
        )
    else:
        text = (
            f"{lead} Police recorded crime, the statistic the partnership is judged on, agrees "
            f"on all crime: {_pair(total.recorded, rec)}, against police.uk's "
            f"{_pair(total.street, rec)}. {_overview(rec)}"
        )
    return Paragraph(police.other(text), style="note")


def disagreement_finding(row: ReconciledTheme, rec: Reconciliation, edition: Edition) -> str:
    """A summary finding that gives both sources, for a theme whose verdicts differ."""
    return edition.open().other(
        f"The sources disagree. police.uk street records: {_pair(row.street, rec)}. Police "
        f"recorded crime: {_pair(row.recorded, rec)}."
    )


def appendix_paragraph(rec: Reconciliation, edition: Edition) -> Paragraph:
    """The difference between the sources, in this report's own area and period."""
    police = edition.open()
    total = rec.total
    if not rec.complete or total is None:
        return Paragraph(police.other(_partial(rec) if not rec.complete else _overview(rec)))
    now, before = total.coverage()
    share = "" if now is None else f" Street records were {now * 100:.0f}% of recorded crime"
    earlier = "" if before is None or not share else f" ({before * 100:.0f}% in {rec.previous})"
    spread = [r for r in rec.rows if r.key != "total" and r.coverage()[0] is not None]
    lowest = min(spread, key=lambda r: r.coverage()[0] or 0.0, default=None)
    highest = max(spread, key=lambda r: r.coverage()[0] or 0.0, default=None)
    ranged = ""
    if lowest is not None and highest is not None and lowest is not highest:
        ranged = (
            f" By theme the street records ranged from {_coverage_now(lowest)} of recorded "
            f"crime ({lowest.title.lower()}) to {_coverage_now(highest)} "
            f"({highest.title.lower()})."
        )
    return Paragraph(
        police.other(
            f"In {rec.area}, police.uk held {format_count(total.street.current)} "
            f"street crimes and police recorded crime {format_count(total.recorded.current)} "
            f"offences in {rec.period}, against {format_count(total.street.previous)} and "
            f"{format_count(total.recorded.previous)} in {rec.previous}.{share}{earlier}"
            f"{'.' if share else ''}{ranged} The two differ because recorded crime counts "
            "offences by Home Office offence code as the force held them when the Home Office "
            "published each quarter, revised for reclassified and cancelled crimes, while "
            "police.uk publishes each month's street records soon after the month, largely "
            "unrevised, by police.uk crime type, and leaves out crimes without a location. "
            "Themes are matched through the Home Office offence "
            "code to police.uk crime type mapping; anti-social behaviour incidents are not "
            "crimes and have no recorded counterpart."
        )
    )


def _coverage_now(row: ReconciledTheme) -> str:
    now = row.coverage()[0]
    return "-" if now is None else f"{now * 100:.0f}%"
