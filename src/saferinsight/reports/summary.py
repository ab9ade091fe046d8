"""The summary that sets priorities (first in the document, two pages at most), the ward
change section, and the ranking method for the appendix.

The summary says in plain words what matters most and why, what is getting worse and where,
what is getting better, what is uncertain, and proposes priorities for the board to accept or
reject. It names no test, p-value or method: those are in the tables' notes and the appendix
(:data:`BANNED_TERMS` is what a test checks it never says). Every figure comes from the
:class:`~saferinsight.analysis.assessment.Assessment` of the report data; a public edition
ranks confidential partner themes on their released counts and prints no ward figure of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from saferinsight.analysis.formatting import PROSE_1DP, format_pct
from saferinsight.analysis.narrative import Numbers
from saferinsight.analysis.priorities import (
    CRITERIA,
    RANKING_METHOD,
    WITHIN_NORMAL,
    RankedTheme,
    Ranking,
    change_reason,
    count_reason,
    theme_reasons,
)
from saferinsight.analysis.ward_change import WardChanges
from saferinsight.reports.document import Block, Bullets, Paragraph, Section, Table
from saferinsight.stats.multiple import CORRECTIONS

if TYPE_CHECKING:
    from saferinsight.analysis.assessment import Assessment
    from saferinsight.analysis.partner_wards import PartnerWardCounts
    from saferinsight.reports.edition import Edition
    from saferinsight.reports.prepare import ReportData

__all__ = [
    "BANNED_TERMS",
    "priorities_summary",
    "ranking_appendix",
    "ward_change_section",
]

#: Words of method and statistics the summary's text never uses (they belong in table notes).
BANNED_TERMS = (
    "p =",
    "p <",
    "p-value",
    "poisson",
    "holm",
    "benjamini",
    "z-score",
    "gi*",
    "spc",
    "mann-kendall",
    "binomial",
    "wilson",
    "confidence interval",
    " ci ",
    "statistically significant",
)
SHOWN_IN_SUMMARY = 8
NORMAL = ", " + WITHIN_NORMAL


def _ranking(data: ReportData) -> Ranking | None:
    assessment = data.assessment
    if assessment is None:
        return None
    edition = data.edition
    if not edition.public:
        return assessment.ranking
    return assessment.released(edition.shown, edition.candidates)


def _numbers(theme: RankedTheme, edition: Edition) -> Numbers:
    """How a theme's figures are written: open data exactly; a public edition's confidential
    themes from their released counts (printed as released, marked as not counts otherwise)."""
    if not edition.public:
        return edition.numbers
    if theme.evidence.confidential:
        return Numbers(mark_other=True)
    return edition.open().numbers


def priorities_summary(data: ReportData) -> Section | None:
    """The summary that sets priorities, or None without an assessment."""
    ranking = _ranking(data)
    assessment = data.assessment
    if ranking is None or assessment is None:
        return None
    edition, analysis = data.edition, data.analysis
    reasons = {t.key: theme_reasons(t, _numbers(t, edition)) for t in ranking.themes}
    moves = {t.key: _movement(t, edition) for t in ranking.themes}
    compared = ", and how the area's rates compare with similar areas" if ranking.peers_used else ""
    blocks: list[Block] = [
        Paragraph(
            edition.other(
                f"This assessment covers {analysis.area.label} for {analysis.period.label} "
                f"({analysis.period.span}). It ranks {len(ranking.themes)} themes, from "
                "police.uk and from partner agencies' data together, by how much each matters: "
                "how many crimes or incidents there were, how much harm each does, whether it "
                "is getting worse and how sure that is, how much it gathers in a few wards"
                f"{compared}. A change is called real only when it is larger than the normal "
                "ups and downs of the figures; how the ranking works is in the appendix."
            ),
            style="lead",
        ),
        Paragraph("What matters most", style="subhead"),
        _top_table(ranking, reasons, edition),
        Paragraph("Getting worse, and where", style="subhead"),
        Bullets(_worse(ranking, assessment, moves, edition)),
        Paragraph("Getting better", style="subhead"),
        Bullets(_better(ranking, assessment, moves, edition)),
        Paragraph("Uncertain", style="subhead"),
        Bullets(_uncertain(ranking, moves, data)),
        Paragraph("Candidate priorities for the board to accept or reject", style="subhead"),
        Bullets(tuple(_candidate(t, moves, reasons) for t in assessment.candidates(ranking))),
    ]
    warnings = tuple(Paragraph(edition.other(w), style="note") for w in analysis.warnings)
    return Section("Summary", "summary", (*blocks, *warnings))


def _candidate(
    theme: RankedTheme, moves: dict[str, str], reasons: dict[str, tuple[str, ...]]
) -> str:
    """'Robbery: 186 robberies in 2024/25, up 26.5% on 2023/24 (+39), more than chance
    explains; robbery is violence or its threat': the figures, the harm and where, in one
    line."""
    harm = theme.evidence.harm
    why = [harm.reason] if harm.tier >= 3 else []
    why += [r for r in reasons[theme.key] if "ward" in r][:1]
    return f"{theme.evidence.title}: {'; '.join([moves[theme.key], *why])}."


def _movement(theme: RankedTheme, edition: Edition) -> str:
    """'186 robberies in 2024/25, up 26.5% on 2023/24 (+39), more than chance explains'."""
    numbers = _numbers(theme, edition)
    change = change_reason(theme.evidence, numbers)
    count = count_reason(theme.evidence, numbers)
    return f"{count}, {change}" if change else count


def _top_table(ranking: Ranking, reasons: dict[str, tuple[str, ...]], edition: Edition) -> Table:
    rows = tuple(
        (
            edition.other(str(t.rank)),
            t.evidence.title,
            "; ".join(reasons[t.key]),
            edition.other(f"{t.total * 100:.0f}"),
        )
        for t in ranking.top(SHOWN_IN_SUMMARY)
    )
    return Table(
        caption=f"The {edition.other(str(len(rows)))} themes of most concern",
        header=("Rank", "Theme", "Why it matters", "Score"),
        rows=rows,
        numeric=(True, False, False, True),
        notes=(
            edition.other(
                "Score: weighted mean of the criteria scores (0 to 100; weights "
                f"{ranking.weights.describe()}). Harm is a proxy (a harm tier per theme), "
                "not the ONS Crime Severity Score. 'More than chance explains': the exact "
                "conditional test of the change is significant at the 5% level; 'within "
                "normal variation': it is not. Every theme's scores are in the appendix."
            ),
        ),
    )


def _ward_text(changes: WardChanges, wards: Sequence[str]) -> str:
    return f"{changes.title}: worse in {_list(wards)}"


def _list(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _shown_changes(assessment: Assessment, edition: Edition) -> tuple[WardChanges, ...]:
    """Ward changes a edition may name: all in the full edition, police.uk ones (open data)
    in a public edition."""
    if not edition.public:
        return assessment.ward_changes
    police = {t.key for t in assessment.ranking.themes if not t.evidence.confidential}
    return tuple(c for c in assessment.ward_changes if c.key in police)


def _worse(
    ranking: Ranking,
    assessment: Assessment,
    moves: dict[str, str],
    edition: Edition,
) -> tuple[str, ...]:
    items = [f"{t.evidence.title}: {moves[t.key]}." for t in ranking.themes if t.getting_worse]
    places = [
        edition.other(_ward_text(c, [w.name for w in c.worse]) + ".")
        for c in _shown_changes(assessment, edition)
        if c.worse
    ]
    if not items:
        items = ["No theme as a whole is getting worse by more than its normal ups and downs."]
    if places:
        items += places
    else:
        items.append("No ward is getting worse in any theme by more than chance explains.")
    return tuple(items)


def _better(
    ranking: Ranking,
    assessment: Assessment,
    moves: dict[str, str],
    edition: Edition,
) -> tuple[str, ...]:
    items = [f"{t.evidence.title}: {moves[t.key]}." for t in ranking.themes if t.getting_better]
    items += [
        edition.other(f"{c.title}: better in {_list([w.name for w in c.better])}.")
        for c in _shown_changes(assessment, edition)
        if c.better
    ]
    return tuple(items) or ("No theme is getting better by more than its normal ups and downs.",)


def _uncertain(ranking: Ranking, moves: dict[str, str], data: ReportData) -> tuple[str, ...]:
    items = [
        f"{t.evidence.title}: {moves[t.key].removesuffix(NORMAL)}; it may be moving, but not "
        "yet by more than its normal ups and downs."
        for t in ranking.themes
        if t.uncertain
    ]
    no_change = [t.evidence.title for t in ranking.themes if t.evidence.previous is None]
    if no_change:
        items.append(
            f"{_list(no_change)}: no comparable figure for the previous period, so whether "
            "it is getting worse is not known."
        )
    if data.partners is not None and data.partners.missing:
        items.append(
            data.edition.other(
                f"{len(data.partners.missing)} partner datasets were not supplied for this "
                "area and period (listed at the end of the partner sections); the themes they "
                "cover could not be ranked."
            )
        )
    if data.edition.public:
        items.append(
            "Partner agencies' ward figures are left out of this public edition; the wards "
            "named above are from police.uk street records."
        )
    return tuple(items) or ("Nothing stands out as uncertain.",)


def ward_change_section(data: ReportData) -> Section | None:
    """Which wards are getting worse and better in each theme (with the tests in the
    tables), and the ten wards with most domestic abuse, hate crime and violence with injury
    from record-level police crime."""
    assessment = data.assessment
    if assessment is None:
        return None
    edition = data.edition
    method = CORRECTIONS[assessment.correction]
    blocks: list[Block] = [
        Paragraph(
            edition.other(
                "Each ward's count this year is compared with last year's. With dozens of "
                "wards, some would look worse by chance alone; a ward is named only when its "
                "change stays larger than chance after allowing for the number of wards "
                "compared."
            )
        )
    ]
    shown = _shown_changes(assessment, edition)
    rows = []
    for changes in shown:
        for ward in (*changes.worse, *changes.better):
            worse = ward in changes.worse
            rows.append(
                (
                    changes.title,
                    ward.name,
                    _count(changes, ward.current, edition),
                    _count(changes, ward.previous, edition),
                    "worse" if worse else "better",
                    edition.other(f"{ward.adjusted_p:.3f}"),
                )
            )
    tested = sum(len(c.wards) for c in shown)
    blocks.append(
        Table(
            caption="Wards whose change is larger than chance, by theme",
            header=(
                "Theme",
                "Ward",
                _period(assessment, 0),
                _period(assessment, 1),
                "Change",
                "Adjusted p",
            ),
            rows=tuple(rows) or (("None", "-", "-", "-", "-", "-"),),
            numeric=(False, False, True, True, False, True),
            notes=(
                edition.other(
                    "Exact conditional test of each ward's change (days as exposure); the "
                    f"p-values of each theme's wards adjusted together by the {method} "
                    f"({tested} ward tests in all); a ward is named when its adjusted p is "
                    f"below {assessment.alpha}."
                ),
            ),
        )
    )
    for counts in assessment.partner_wards:
        if counts.key in ("domestic-abuse", "hate-crime", "violence-with-injury"):
            blocks.append(_top_ten(counts, assessment, edition))
    if not assessment.partner_wards:
        blocks.append(
            Paragraph(
                "No record-level police crime is loaded, so the ten wards with most domestic "
                "abuse and hate crime cannot be listed; violence is ranked by ward from "
                "police.uk street records in its own section.",
                style="note",
            )
        )
    return Section("Wards getting worse and better", "ward-change", tuple(blocks))


def _period(assessment: Assessment, index: int) -> str:
    changes = assessment.ward_changes
    if not changes:
        return ("This period", "Previous period")[index]
    return (changes[0].current_label, changes[0].previous_label)[index]


def _count(changes: WardChanges, n: int, edition: Edition) -> str:
    return edition.count(n) if changes.key in _PARTNER_KEYS else edition.open().count(n)


_PARTNER_KEYS = ("domestic-abuse", "hate-crime", "violence-with-injury", "serious-violence")


def _top_ten(counts: PartnerWardCounts, assessment: Assessment, edition: Edition) -> Table:
    ordered = sorted(counts.current.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    total = counts.total
    shown_total = edition.shown(total)
    rows = []
    for rank, (code, n) in enumerate(ordered, start=1):
        shown = edition.shown(n)
        share = (
            edition.rule.symbol
            if shown is None or not shown_total
            else format_pct(shown / shown_total * 100, PROSE_1DP)
        )
        rows.append(
            (
                edition.other(str(rank)),
                assessment.ward_names.get(code, code),
                edition.count(n),
                share,
            )
        )
    return Table(
        caption=(f"Ten wards with the highest volume of {counts.counted}, {counts.period.label}"),
        header=("Rank", "Ward", "Total", "Percentage"),
        rows=tuple(rows),
        numeric=(True, False, True, True),
        notes=(
            f"Percentage of all {edition.count(total)} {counts.counted} in the area "
            "(record-level police crime, distinct crime references).",
        ),
    )


def ranking_appendix(data: ReportData) -> Section | None:
    """Every theme's score on each criterion, and the ranking method."""
    ranking = _ranking(data)
    if ranking is None:
        return None
    edition = data.edition

    def score(value: float | None) -> str:
        return "-" if value is None else edition.other(f"{value * 100:.0f}")

    used = [c for c in CRITERIA if c != "peers" or ranking.peers_used]
    rows = tuple(
        (
            edition.other(str(t.rank)),
            t.evidence.title,
            t.evidence.source,
            *(score(t.scores.get(c)) for c in used),
            score(t.total),
        )
        for t in ranking.themes
    )
    peers = (
        ""
        if ranking.peers_used
        else " The rate against peers is absent: no benchmark was made, or fewer than 5 of the "
        "most similar partnerships had complete data for the period."
    )
    return Section(
        "How the themes were ranked",
        "ranking-method",
        (
            Paragraph(edition.other(RANKING_METHOD + peers)),
            Table(
                caption="Every theme's scores (0 to 100) by criterion",
                header=("Rank", "Theme", "Source", *(c.capitalize() for c in used), "Total"),
                rows=rows,
                numeric=(True, False, False, *(True for _ in used), True),
                notes=(
                    edition.other(
                        f"Weights: {ranking.weights.describe()}. '-': no figure for that "
                        "criterion (left out of the theme's mean). A public edition ranks "
                        "partner themes on their published (rounded) counts without ward "
                        "figures."
                    ),
                ),
            ),
        ),
        appendix=True,
    )
