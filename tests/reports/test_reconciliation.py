"""The report's reconciliation of police.uk with police recorded crime (issue 13): the table,
the summary that names its source, and the methodology paragraph, only when recorded crime is
loaded."""

from __future__ import annotations

import dataclasses

import pytest

from saferinsight.analysis.partners.engine import PartnerAnalysis, analyse_partners_in
from saferinsight.analysis.results import AreaAnalysis
from saferinsight.reports.document import Document, KeyFindings, Paragraph, Section, Table
from saferinsight.reports.prepare import prepare_report
from saferinsight.reports.reconciliation import SECTION_TITLE
from saferinsight.reports.strategic_assessment import build_strategic_assessment
from saferinsight.workspace import Workspace
from tests.analysis.test_reconcile import constructed

INVISIBLE = dict.fromkeys(map(ord, "\u2060"), None)  # the public edition's number markers


@pytest.fixture(scope="module")
def partners(demo: Workspace, demo_shropshire: AreaAnalysis) -> PartnerAnalysis:
    with demo.reader() as warehouse:
        return analyse_partners_in(warehouse, demo_shropshire.area, demo_shropshire.period)


def _document(
    analysis: AreaAnalysis, partners: PartnerAnalysis | None, *, public: bool
) -> Document:
    return build_strategic_assessment(prepare_report(analysis, public=public, partners=partners))


def _section(document: Document, anchor: str) -> Section:
    return next(s for s in document.sections if s.anchor == anchor)


def _texts(section: Section) -> list[str]:
    return [b.text.translate(INVISIBLE) for b in section.blocks if isinstance(b, Paragraph)]


def _table(document: Document) -> Table:
    section = _section(document, "reconciliation")
    table = next(b for b in section.blocks if isinstance(b, Table))
    return dataclasses.replace(
        table, rows=tuple(tuple(c.translate(INVISIBLE) for c in r) for r in table.rows)
    )


@pytest.mark.parametrize("public", [False, True])
def test_the_shropshire_report_prints_the_table_exactly(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis, public: bool
) -> None:
    document = _document(demo_shropshire, partners, public=public)
    assert _section(document, "reconciliation").title == SECTION_TITLE
    # One row per source and theme: (theme, source) -> row.
    rows = {(row[0], row[1]): row for row in _table(document).rows}
    assert rows["All crime", "police.uk"] == (
        "All crime",
        "police.uk",
        "17,999",
        "18,170",
        "-0.9%",
        "no change, p = 0.525",
        "109% / 100%",
        "Differ",
    )
    assert rows["All crime", "Recorded"] == (
        "All crime",
        "Recorded",
        "16,508",
        "18,208",
        "-9.3%",
        "fall, p < 0.001",
        "",
        "",
    )
    assert rows["Violence and sexual offences", "police.uk"][-1] == "Agree"
    assert rows["Robbery", "police.uk"][4:] == (
        "+26.5%",
        "rise, p = 0.033",
        "196% / 155%",
        "Differ",
    )
    assert rows["Robbery", "Recorded"][2:6] == ("95", "95", "+0.0%", "no change, p = 1.000")
    rows = {key[0]: row for key, row in rows.items()}
    assert "Anti-social behaviour" not in rows


def test_the_summary_names_its_source_and_headlines_neither_where_they_differ(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    document = _document(demo_shropshire, partners, public=True)
    summary = _section(document, "summary")
    text = " ".join(_texts(summary))
    assert "The two sources disagree on all crime in Shropshire." in text
    assert "police.uk street records: 17,999 in 2024/25 against 18,170 in 2023/24" in text
    assert "Police recorded crime, the statistic the partnership is judged on: 16,508" in text
    assert "the findings below use police.uk street records" in text
    findings = next(b for b in summary.blocks if isinstance(b, KeyFindings)).findings
    by_title = {f.title: f for f in findings}
    all_crime = by_title["All crime"]
    assert all_crime.text.translate(INVISIBLE).startswith("The sources disagree.")
    assert all_crime.verdict.startswith("Sources disagree")
    assert not by_title["Violence and sexual offences"].text.startswith("The sources")


def test_the_appendix_explains_the_difference_with_the_areas_own_figures(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    document = _document(demo_shropshire, partners, public=False)
    text = " ".join(_texts(_section(document, "methodology")))
    assert (
        "In Shropshire, police.uk held 17,999 street crimes and police recorded crime 16,508 "
        "offences in 2024/25, against 18,170 and 18,208 in 2023/24. Street records were 109% "
        "of recorded crime (100% in 2023/24)."
    ) in text


def test_the_report_flags_a_fall_in_police_uk_against_a_rise_in_recorded_crime(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    analysis, loaded = constructed(demo_shropshire, partners)
    document = _document(analysis, loaded, public=True)
    rows = {(row[0], row[1]): row for row in _table(document).rows}
    assert rows["Burglary", "police.uk"][2:4] == ("800", "1,000")
    assert rows["Burglary", "Recorded"][2:4] == ("1,200", "1,000")
    assert rows["Burglary", "police.uk"][-1] == "Opposite directions"
    findings = next(
        b for b in _section(document, "summary").blocks if isinstance(b, KeyFindings)
    ).findings
    burglary = next(f for f in findings if f.title == "Burglary")
    assert "police.uk street records: 800 in 2024/25" in burglary.text.translate(INVISIBLE)
    assert "Police recorded crime: 1,200 in 2024/25" in burglary.text.translate(INVISIBLE)


def test_nothing_appears_without_recorded_crime(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    others = tuple(s for s in partners.sections if s.dataset != "home-office-prc")
    for loaded in (None, dataclasses.replace(partners, sections=others)):
        document = _document(demo_shropshire, loaded, public=False)
        assert all(s.anchor != "reconciliation" for s in document.sections)
        summary = " ".join(_texts(_section(document, "summary")))
        assert "recorded crime" not in summary
        assert "sources" not in summary.replace("the two sources", "")
        methodology = " ".join(_texts(_section(document, "methodology")))
        assert "police.uk held" not in methodology
        about = " ".join(_texts(_section(document, "about")))
        assert "No police recorded crime for Shropshire in 2024/25 is loaded" in about
