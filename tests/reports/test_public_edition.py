"""The public edition: open data printed exactly, confidential partner data protected, and
every statistic of a protected count computed from what is printed (issue 13)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from saferinsight.analysis.engine import analyse_in
from saferinsight.analysis.narrative import long_month
from saferinsight.analysis.partners.engine import PartnerAnalysis, analyse_partners_in
from saferinsight.analysis.results import AreaAnalysis
from saferinsight.reports.attack import attack_document
from saferinsight.reports.build import document_text
from saferinsight.reports.disclosure import DEFAULT_RULE, NOT_A_COUNT
from saferinsight.reports.document import Bullets, Document, KeyFindings, Table
from saferinsight.reports.prepare import prepare_report
from saferinsight.reports.strategic_assessment import build_strategic_assessment
from saferinsight.stats.intervals import proportion
from saferinsight.store.analysis import ward_boundaries
from saferinsight.workspace import Workspace

POLICE_UK = re.compile(
    r"^(summary|about|theme-.*|other-themes|places|repeat-locations|outcomes|stop-search|"
    r"comparison|peers)$"
)


@pytest.fixture(scope="module")
def partners(demo: Workspace, demo_shropshire: AreaAnalysis) -> PartnerAnalysis:
    with demo.reader() as warehouse:
        return analyse_partners_in(warehouse, demo_shropshire.area, demo_shropshire.period)


@pytest.fixture(scope="module")
def editions(demo_shropshire: AreaAnalysis, partners: PartnerAnalysis) -> dict[bool, Document]:
    return {
        public: build_strategic_assessment(
            prepare_report(demo_shropshire, public=public, partners=partners)
        )
        for public in (False, True)
    }


def _text(document: Document, anchor: re.Pattern[str]) -> list[str]:
    sections = tuple(s for s in document.sections if anchor.match(s.anchor))
    chosen = dataclasses.replace(document, title="", subtitle="", sections=sections)
    return [text.replace(NOT_A_COUNT, "") for _, text in document_text(chosen)[2:]]


def _tables(document: Document, anchor: str, *, changes: bool = False) -> dict[str, Table]:
    """A section's tables by caption: its change tables only, or the others."""
    section = next(s for s in document.sections if s.anchor == anchor)
    return {
        b.caption: b
        for b in section.blocks
        if isinstance(b, Table) and ("Numerical change" in b.header) == changes
    }


def test_police_uk_sections_are_the_same_in_both_editions(
    editions: dict[bool, Document], demo_shropshire: AreaAnalysis
) -> None:
    """Open data is printed exactly: no rounding ("7,030, up from 7,030, a 0.0% increase"), no
    zeros for small counts ("ranging from 0 (2024-02)"), no withheld violence ward table."""
    full, public = (_text(editions[p], POLICE_UK) for p in (False, True))
    assert public == full
    robbery = next(t for t in demo_shropshire.themes if t.theme.key == "robbery")
    low = robbery.monthly_three_years
    assert low is not None
    assert 0 < low.minimum < 8  # suppressed before: the test can fail
    assert any(
        f"ranging from {low.minimum} ({long_month(low.minimum_month)})" in line for line in public
    )
    assert "Ten wards with the highest volume of violence and sexual offences, 2024/25" in {
        t.caption for t in _tables(editions[True], "theme-violence-in-full").values()
    }


def test_the_editions_state_the_same_verdict_for_every_theme(
    editions: dict[bool, Document],
) -> None:
    def verdicts(document: Document) -> dict[str, str]:
        summary = next(s for s in document.sections if s.anchor == "summary")
        block = next(b for b in summary.blocks if isinstance(b, KeyFindings))
        return {f.title: f.verdict.replace(NOT_A_COUNT, "") for f in block.findings}

    full, public = verdicts(editions[False]), verdicts(editions[True])
    assert len(full) >= 10
    assert public == full


def test_public_maps_have_classes(demo: Workspace, demo_shropshire: AreaAnalysis) -> None:
    """The weapons and robbery maps had a single legend class "0 and over"."""
    with demo.reader() as warehouse:
        boundaries = ward_boundaries(warehouse, demo_shropshire.area.lad_codes)
    full, public = (
        prepare_report(demo_shropshire, boundaries=boundaries, public=p) for p in (False, True)
    )
    for key in ("weapons", "robbery"):
        assert len(public.maps[key].breaks) >= 3, key
        assert public.maps[key] == full.maps[key]


def test_a_public_edition_does_not_print_the_workspace_folder(
    demo_shropshire: AreaAnalysis,
) -> None:
    folder = "/home/analyst/community-safety/workspace"
    provenance = dataclasses.replace(demo_shropshire.provenance, workspace=folder)
    analysis = dataclasses.replace(demo_shropshire, provenance=provenance)
    full, public = (
        build_strategic_assessment(prepare_report(analysis, public=p)) for p in (False, True)
    )
    assert any(folder in text for _, text in document_text(full))
    assert not any(folder in text for _, text in document_text(public))
    assert folder not in repr(public.metadata)


def test_confidential_percentages_and_intervals_are_those_of_the_printed_counts(
    editions: dict[bool, Document], partners: PartnerAnalysis
) -> None:
    """DVPN South Worcester printed "100% (62.1% to 96.3%)": the share of the printed
    counts beside the interval of the true ones."""
    checked = 0
    for section in partners.sections:
        if section.disclosure != "confidential":
            continue
        tables = _tables(editions[True], "partner-" + section.dataset)
        for caption, _ in section.ratios:
            for label, top, bottom, share, interval in tables[caption].rows:
                if DEFAULT_RULE.symbol in (top, bottom, share):
                    assert share == interval == DEFAULT_RULE.symbol
                    continue
                expected = proportion(int(top.replace(",", "")), int(bottom.replace(",", "")))
                low, high = (float(x) for x in re.findall(r"[\d.]+", interval))
                assert (low, high) == (
                    round(expected.interval.lower * 100, 1),
                    round(expected.interval.upper * 100, 1),
                ), (caption, label)
                assert low <= float(share.rstrip("%")) <= high + 0.5, (caption, label)
                checked += 1
    assert checked >= 10


def test_confidential_aggregates_are_published_with_the_rule(
    editions: dict[bool, Document], partners: PartnerAnalysis
) -> None:
    """Whole partner sections were withheld as person-level although the seed reports publish
    the same aggregates (DA offences, safeguarding concerns, A&E totals)."""
    public = editions[True]
    for section in partners.sections:
        if section.disclosure != "confidential" or not section.changes:
            continue
        tables = _tables(public, "partner-" + section.dataset, changes=True)
        for caption, table in section.changes:
            assert caption in tables, (section.title, caption)
            shown = tables[caption]
            for row, printed in zip(table.rows, shown.rows, strict=False):
                if printed[1] != DEFAULT_RULE.symbol and row.current > 0:
                    assert int(printed[1].replace(",", "")) % DEFAULT_RULE.round_to == 0
                    assert abs(int(printed[1].replace(",", "")) - row.current) <= 2


def test_p_values_of_suppressed_rows_are_withheld(
    editions: dict[bool, Document], partners: PartnerAnalysis
) -> None:
    """ "Hate: Age * * p = 0.624" could be inverted to the suppressed counts."""
    rows = 0
    for section in partners.sections:
        if section.disclosure != "confidential":
            continue
        for table in _tables(editions[True], "partner-" + section.dataset, changes=True).values():
            for row in table.rows:
                if DEFAULT_RULE.symbol in row[1:3]:
                    assert row[5:] == (DEFAULT_RULE.symbol, DEFAULT_RULE.symbol), row
                    rows += 1
    assert rows >= 3


def test_open_partner_datasets_are_printed_exactly(
    editions: dict[bool, Document], partners: PartnerAnalysis
) -> None:
    """Road deaths were printed "20 vs 20, 0%" (true 19 vs 22, already published)."""
    sections = [s for s in partners.sections if s.disclosure == "open"]
    assert {s.dataset for s in sections} >= {"home-office-prc", "road-casualties"}
    for section in sections:
        anchor = re.compile(re.escape("partner-" + section.dataset) + "$")
        assert _text(editions[True], anchor) == _text(editions[False], anchor)


def test_the_appendix_says_which_rule_each_source_used(
    editions: dict[bool, Document], partners: PartnerAnalysis
) -> None:
    table = _tables(editions[True], "methodology")["Disclosure control by source"]
    rules = {row[0]: (row[1], row[2].replace(NOT_A_COUNT, "")) for row in table.rows}
    for section in partners.sections:
        kind, rule = rules[section.title]
        assert kind == section.disclosure
        assert rule == ("printed exactly" if kind == "open" else DEFAULT_RULE.describe())


def test_a_figure_withheld_in_one_table_is_withheld_in_the_others(
    editions: dict[bool, Document], partners: PartnerAnalysis
) -> None:
    """Drug-related deaths: males were "*" in the change table (secondary suppression) and
    "20 of 25" in the share table and the age-by-sex total beside it."""
    symbol, checked = DEFAULT_RULE.symbol, 0
    for section in partners.sections:
        if section.disclosure != "confidential":
            continue
        anchor = "partner-" + section.dataset
        withheld = set()
        for (_, table), printed in zip(
            section.changes, _tables(editions[True], anchor, changes=True).values(), strict=False
        ):
            for row, cells in zip((*table.rows, table.total), printed.rows, strict=False):
                if cells[1] == symbol:
                    withheld.add((row.label, row.current))
        shares = _tables(editions[True], anchor)
        for caption, ratios in section.ratios:
            for ratio, cells in zip(ratios, shares[caption].rows, strict=True):
                if (ratio.label, ratio.numerator) in withheld and ratio.numerator:
                    assert cells[1] == symbol, (section.title, caption, ratio.label)
                    checked += 1
    assert checked >= 2


def test_the_about_section_compares_the_sources_for_its_own_area(
    demo: Workspace, demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    """Every report printed Shropshire's 2025 street count and 2023/24 recorded crime, Telford
    and Wrekin's included."""
    with demo.reader() as warehouse:
        telford = analyse_in(warehouse, "Telford and Wrekin", period="2024/25")
        telford_partners = analyse_partners_in(warehouse, telford.area, telford.period)
    reports = {
        "Shropshire": (demo_shropshire, partners),
        "Telford and Wrekin": (telford, telford_partners),
    }
    texts = {}
    for name, (analysis, partner) in reports.items():
        document = build_strategic_assessment(prepare_report(analysis, partners=partner))
        texts[name] = " ".join(_text(document, re.compile("about$")))
        street = next(t.current.count for t in analysis.themes if t.theme.key == "total")
        recorded = partner.recorded_crime()
        if recorded is None:
            assert f"No police recorded crime for {name} in 2024/25 is loaded" in texts[name]
        else:
            assert f"{name} had {street:,} police.uk street records in 2024/25" in texts[name]
            assert f"against {recorded[0]:,} police recorded crimes" in texts[name]
    assert partners.recorded_crime() is not None  # Shropshire's comparison is tested
    for figure in ("16,643", "18,216"):  # the literal that every report printed
        assert all(figure not in text for text in texts.values())
    shropshire_street = next(
        t.current.count for t in demo_shropshire.themes if t.theme.key == "total"
    )
    assert f"{shropshire_street:,}" not in texts["Telford and Wrekin"]


def test_partner_chart_sentences_cite_only_signals_of_the_period(
    partners: PartnerAnalysis,
) -> None:
    """A partner chart sentence described the latest signal, whenever it was."""
    months = {f"{m} 2024" for m in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}
    months |= {f"{m} 2025" for m in ("Jan", "Feb", "Mar")}
    sentences = [f for s in partners.sections for f in s.findings if "(XmR) shows" in f]
    assert len(sentences) >= 4
    for sentence in sentences:
        assert "in 2024/25" in sentence
        cited = set(re.findall(r"[A-Z][a-z]{2} \d{4}", sentence))
        assert cited <= months, sentence
    assert any("special cause" in s for s in sentences)  # the check can fail


def test_proven_reoffending_compares_like_cohorts_and_never_sums_them(
    demo: Workspace, partners: PartnerAnalysis
) -> None:
    """ "Offenders Apr 2022-Mar 2025: 15,235 vs Apr 2019-Mar 2022: 0, a statistically
    significant rise" summed nine overlapping cohorts against an empty period."""
    section = next(s for s in partners.sections if s.dataset == "proven-reoffending")
    assert section.changes == ()  # no table adds cohorts up
    with demo.reader() as warehouse:
        rows = warehouse.execute(
            "SELECT offender_type, cohort_start, cohort_end, offenders, reoffenders"
            " FROM ds_proven_reoffending WHERE area_code = 'E22000360'"
        ).fetchall()
    assert rows  # the demo loads one version for Shropshire
    latest = max(r[2] for r in rows)
    year_earlier = max(r[2] for r in rows if r[2] <= latest.replace(year=latest.year - 1))
    tables = dict(section.ratios)
    for caption, end in (
        ("Binary reoffending rate", latest),
        ("Binary reoffending rate, the same cohorts a year earlier", year_earlier),
    ):
        expected = sorted((r[0], r[4], r[3]) for r in rows if r[2] == end)
        got = sorted(
            (x.label.split(" cohort")[0], x.numerator, x.denominator) for x in tables[caption]
        )
        assert got == expected, caption
    all_cohort = next(f for f in section.findings if f.startswith("All cohort"))
    assert "against" in all_cohort
    assert "a year earlier" in all_cohort


def _old_rendering(public: Document, full: Document) -> Document:
    """The public edition as it was printed before issue 13: each confidential count
    protected, every figure beside it (share, interval, change, p-value, verdict) that of the
    true counts."""
    by_anchor = {s.anchor: s for s in full.sections}
    sections = []
    for section in public.sections:
        exact = [b for b in by_anchor[section.anchor].blocks if isinstance(b, Table)]
        shown = [b for b in section.blocks if isinstance(b, Table)]
        true_tables = (
            dict(zip(map(id, shown), exact, strict=True)) if len(exact) == len(shown) else {}
        )
        blocks = []
        for block in section.blocks:
            true = true_tables.get(id(block))
            if isinstance(block, Table) and true is not None and true.header == block.header:
                changes = "Numerical change" in block.header
                counts = {j for j, h in enumerate(block.header) if h in ("Number", "Of")}
                counts |= {0, 1, 2} if changes else {0}
                rows = tuple(
                    tuple(
                        p if j in counts else t for j, (p, t) in enumerate(zip(pr, tr, strict=True))
                    )
                    for pr, tr in zip(block.rows, true.rows, strict=True)
                )
                block = dataclasses.replace(block, rows=rows)
            blocks.append(block)
        sections.append(dataclasses.replace(section, blocks=tuple(blocks)))
    return dataclasses.replace(public, sections=tuple(sections))


def test_the_public_edition_withstands_the_disclosure_attack(
    editions: dict[bool, Document],
) -> None:
    """The attack recovers nothing from the public edition, and recovers counts (the issue's
    "Hate: Age * * p = 0.624" among them) from the same data rendered as it was before."""
    assert attack_document(editions[True]) == []
    leaks = attack_document(_old_rendering(editions[True], editions[False]))
    exact = [leak for leak in leaks if len(leak.recovered) == 1]
    assert len(exact) >= 50
    assert any(
        # the hate strand table (once: the monthly section no longer repeats it as flags)
        "Hate crime by strand" in leak.location
        and leak.row == "Age"
        and "p-value" in leak.attack
        and leak.recovered[0] <= 7
        for leak in exact
    )


def test_the_hate_strand_table_is_printed_once(editions: dict[bool, Document]) -> None:
    """The record-level and the monthly police crime sections both printed it (and the monthly
    one printed the strands again as flags)."""
    for document in editions.values():
        captions = [t.caption for t in document.tables()]
        assert sum(c.startswith("Hate crime by strand") for c in captions) == 1
        hate_rows = [
            row[0] for t in document.tables() for row in t.rows if row[0].startswith("Hate: ")
        ]
        assert hate_rows == []


def test_no_total_is_printed_that_is_not_one(editions: dict[bool, Document]) -> None:
    """The safeguarding funnel and measures printed "Sum of the rows (not a meaningful total)"
    rows, and the public sentences headlined them (6,375 contacts, concerns and enquiries)."""
    for document in editions.values():
        text = " ".join(t for _, t in document_text(document))
        assert "Sum of the rows" not in text
        assert "Safeguarding funnel:" not in text
        tables = {t.caption: t for t in document.tables()}
        assert not tables["Safeguarding funnel"].total_row
        assert tables["Safeguarding funnel"].rows[-1][0] == "Section 42 enquiries concluded"


def test_every_public_partner_section_has_sentences(editions: dict[bool, Document]) -> None:
    """DVPN and IOM had tables but no sentences in the public edition; each sentence is written
    from the figures the tables print."""
    public = editions[True]
    for section in public.sections:
        if (
            not section.anchor.startswith("partner-")
            or section.anchor
            in (
                "partner-data",
                "partner-other",  # the appendix's opening: its datasets follow as sections
            )
            or section.anchor.endswith("-profiles")
        ):  # tables continuing a core section
            continue
        bullets = [b for b in section.blocks if isinstance(b, Bullets)]
        assert bullets, section.anchor
        assert bullets[0].items, section.anchor
    dvpn = next(s for s in public.sections if s.anchor == "partner-dvpn-dvpo")
    table = next(b for b in dvpn.blocks if isinstance(b, Table))
    sentence = next(b for b in dvpn.blocks if isinstance(b, Bullets)).items[0]
    for label, number, whole, share, interval in table.rows:
        assert f"{label} {share} ({number} of {whole}; 95% interval {interval})" in sentence
