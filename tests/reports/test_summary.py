"""The summary that sets priorities, on the Shropshire demo: first in the document, in plain
English (no p-value, test or method name), naming the top themes with reasons, what is getting
worse and where, and candidate priorities; the ward change section's top ten tables agree with
an independent count of the record-level police crime; the public edition passes the attack."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from saferinsight.analysis.assessment import Assessment, assess_in
from saferinsight.analysis.partners.common import load_partner_data
from saferinsight.analysis.partners.engine import PartnerAnalysis, analyse_partners_in
from saferinsight.analysis.results import AreaAnalysis
from saferinsight.reports.build import document_text, verify_public
from saferinsight.reports.disclosure import NOT_A_COUNT
from saferinsight.reports.document import Bullets, Document, Paragraph, Section, Table
from saferinsight.reports.prepare import prepare_report
from saferinsight.reports.strategic_assessment import build_strategic_assessment
from saferinsight.reports.summary import BANNED_TERMS
from saferinsight.workspace import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assessed(demo: Workspace, demo_shropshire: AreaAnalysis) -> tuple[PartnerAnalysis, Assessment]:
    with demo.reader() as warehouse:
        partners = analyse_partners_in(warehouse, demo_shropshire.area, demo_shropshire.period)
        return partners, assess_in(warehouse, demo_shropshire, partners)


@pytest.fixture(scope="module")
def editions(
    demo_shropshire: AreaAnalysis, assessed: tuple[PartnerAnalysis, Assessment]
) -> dict[bool, Document]:
    partners, assessment = assessed
    out = {}
    for public in (False, True):
        data = prepare_report(demo_shropshire, public=public, partners=partners)
        out[public] = build_strategic_assessment(dataclasses.replace(data, assessment=assessment))
    return out


def _section(document: Document, anchor: str) -> Section:
    return next(s for s in document.sections if s.anchor == anchor)


def _prose(section: Section, *, tables: bool = True) -> list[str]:
    """The section's sentences: paragraphs, bullets and (``tables``) table cells, not table
    notes."""
    texts: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Bullets):
            texts.extend(block.items)
        elif isinstance(block, Table) and tables:
            texts.append(block.caption)
            texts.extend(cell for row in block.rows for cell in row)
    return [t.replace(NOT_A_COUNT, "") for t in texts]


@pytest.mark.parametrize("public", [False, True])
def test_the_summary_is_first_and_names_no_method_or_p_value(
    editions: dict[bool, Document], public: bool
) -> None:
    document = editions[public]
    assert document.sections[0].anchor == "summary"
    core_themes = [
        s.anchor
        for s in document.sections
        if s.anchor.startswith(("theme-", "partner-")) and not s.appendix
    ]
    assert len(core_themes) >= 3
    present = {s.anchor for s in document.sections}
    wanted = ("summary", "ward-change", "other-themes", "places", *core_themes)
    for anchor in (a for a in wanted if a in present or a in ("summary", "ward-change")):
        # A partner section's change tables have a column of p-values; its sentences none.
        tables = not anchor.startswith("partner-")
        text = " ".join(_prose(_section(document, anchor), tables=tables)).lower()
        found = [term for term in BANNED_TERMS if term in text]
        assert found == [], (anchor, found)
    # The tests are named in the appendix, theme by theme.
    appendix = " ".join(_prose(_section(document, "theme-total-in-full"))).lower()
    assert "p =" in appendix or "p <" in appendix
    # The banned words are where they belong: in the table notes and the appendix.
    notes = " ".join(n for t in _section(document, "ward-change").blocks
                     if isinstance(t, Table) for n in t.notes).lower()  # fmt: skip
    assert "holm" in notes


def test_the_summary_names_the_top_themes_with_reasons_and_candidates(
    editions: dict[bool, Document],
    assessed: tuple[PartnerAnalysis, Assessment],
    demo_shropshire: AreaAnalysis,
) -> None:
    _, assessment = assessed
    summary = _section(editions[False], "summary")
    table = next(b for b in summary.blocks if isinstance(b, Table))
    top = assessment.ranking.top(len(table.rows))
    assert [row[1] for row in table.rows] == [t.evidence.title for t in top]
    # Each reason's count is the analysis's own figure.
    counts = {t.theme.key: t.current.count for t in demo_shropshire.themes}
    for row, ranked in zip(table.rows, top, strict=True):
        assert row[2].startswith(f"{ranked.evidence.current:,} ")
        if ranked.key in counts:
            assert ranked.evidence.current == counts[ranked.key]
    bullets = [b for b in summary.blocks if isinstance(b, Bullets)]
    worse, _, _, candidates = bullets
    assert len(candidates.items) >= 5
    assert candidates.items[0].startswith(top[0].evidence.title + ": ")
    worsening = [t for t in assessment.ranking.themes if t.getting_worse]
    for ranked in worsening:
        assert any(item.startswith(ranked.evidence.title + ":") for item in worse.items)
    wards = {w.name for c in assessment.ward_changes for w in c.worse}
    text = " ".join(worse.items)
    assert all(name in text for name in wards)
    assert bool(wards) != ("No ward is getting worse" in text)


def test_top_ten_domestic_abuse_wards_match_an_independent_count(
    editions: dict[bool, Document],
    demo: Workspace,
    demo_shropshire: AreaAnalysis,
    assessed: tuple[PartnerAnalysis, Assessment],
) -> None:
    with demo.reader() as warehouse:
        data = load_partner_data(
            warehouse, "police-crime", demo_shropshire.area, demo_shropshire.period
        )
    ward_of = {r["crime_reference"]: r["ward"] for r in data.current_rows if r["domestic_abuse"]}
    counts = Counter(w for w in ward_of.values() if w)
    names = assessed[1].ward_names
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    table = next(
        b
        for b in _section(editions[False], "ward-change").blocks
        if isinstance(b, Table) and b.caption.startswith("Ten wards with the highest volume of dom")
    )
    assert [(row[1], row[2]) for row in table.rows] == [
        (names[code], f"{n:,}") for code, n in expected
    ]
    share = expected[0][1] / len(ward_of) * 100
    assert table.rows[0][3] == f"{share:.1f}%"


def test_the_public_summary_passes_the_disclosure_check_and_attack(
    editions: dict[bool, Document],
) -> None:
    verify_public(editions[True])
    text = " ".join(t for _, t in document_text(editions[True]))
    assert "Partner agencies' ward figures are left out of this public edition" in text
