"""The report's shape: core sections and lettered appendices, the Word file's fields and
styles, partner charts (full and public), the area panel, and the core's page count."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from saferinsight.analysis.area_profile import INDICATORS, area_profile
from saferinsight.analysis.partners.common import PartnerSection, monthly_series
from saferinsight.analysis.partners.engine import PartnerAnalysis, analyse_partners_in
from saferinsight.analysis.results import AreaAnalysis
from saferinsight.reports.area import profile_cell
from saferinsight.reports.document import Document, Figure, Paragraph, Section, section_labels
from saferinsight.reports.docx import render_docx
from saferinsight.reports.edition import Edition
from saferinsight.reports.partner_charts import partner_figures, quarters
from saferinsight.reports.prepare import prepare_report
from saferinsight.reports.strategic_assessment import build_strategic_assessment
from saferinsight.workspace import Workspace

INDICATORS_CSV = Path(__file__).resolve().parents[3] / "shared/data/indicators"


def _document(*sections: Section) -> Document:
    return Document(
        title="T",
        subtitle="S",
        edition="full",
        sections=sections,
        generated_at=datetime(2025, 4, 1),
        area="A",
        period="2024/25",
        running_header="T",
    )


def test_sections_are_numbered_and_appendices_lettered() -> None:
    parts = [
        Section("One", "one", ()),
        Section("Two", "two", ()),
        Section("Two a", "two-a", (), level=2),
        Section("Themes", "themes", (), appendix=True),
        Section("Burglary", "b", (), level=2, appendix=True),
        Section("Robbery", "r", (), level=2, appendix=True),
        Section("Methods", "m", (), appendix=True),
    ]
    assert section_labels(parts) == ["1", "2", "2.1", "A", "A.1", "A.2", "B"]
    assert [s.anchor for s in _document(*parts).core] == ["one", "two", "two-a"]


def test_the_word_file_is_a4_with_a_contents_field_page_numbers_and_captions() -> None:
    from saferinsight.reports.chart import SOURCE, make_chart
    from saferinsight.reports.document import Table

    chart = make_chart(
        "demo",
        "Demo, 2024/25",
        alt_text="Two bars.",
        source=SOURCE,
        body={
            "mark": "bar",
            "data": {"name": "rows"},
            "encoding": {"x": {"field": "n", "type": "quantitative"}},
        },
        datasets={"rows": [{"n": 1}, {"n": 2}]},
    )
    document = _document(
        Section("One", "one", (Table("A table", ("a", "b"), (("x", "1"),)), Figure(chart))),
        Section("Sub", "sub", (Paragraph("text"),), level=2),
        Section("Methods", "m", (Paragraph("how"),), appendix=True),
    )
    data = render_docx(document)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        footers = [archive.read(n).decode() for n in archive.namelist() if "footer" in n]
        settings = archive.read("word/settings.xml").decode("utf-8")
    assert 'TOC \\o "1-2"' in body
    assert any(" PAGE " in f and " NUMPAGES " in f for f in footers)
    assert "SEQ Table" in body
    assert "SEQ Figure" in body
    assert "w:updateFields" in settings
    from docx import Document as WordDocument

    word = WordDocument(io.BytesIO(data))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    styles = [p.style.name for p in word.paragraphs if p.style is not None]
    assert styles.count("Caption") == 2
    assert "Heading 1" in styles
    assert "Heading 2" in styles
    headings = [p.text for p in word.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert headings == ["1. One", "1.1. Sub", "A. Methods"]
    width = word.inline_shapes[0].width
    assert width <= section.page_width - section.left_margin - section.right_margin


def _series_section(values: list[int]) -> PartnerSection:
    months = [date(2023 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(len(values))]
    series = monthly_series(
        "Hate crimes by month, 2023/24 and 2024/25", "hate crimes", months, values
    )
    return PartnerSection(
        "police-crime", "Police recorded crime", "2024/25", "2023/24", series=(series,)
    )


def test_quarters_sum_complete_financial_quarters() -> None:
    labels = ["2024-03", "2024-04", "2024-05", "2024-06", "2024-07"]
    assert quarters(labels, [9, 1, 2, 3, 4]) == [("Q1 2024/25", 6)]


def test_partner_charts_draw_the_printed_values() -> None:
    values = [12, 3, 40, 41, 17, 25, 30, 2, 18, 19, 20, 21] * 2
    section = _series_section(values)
    full, _ = partner_figures(section, Edition(public=False))
    public, _ = partner_figures(section, Edition(public=True))
    assert [f.chart.key for f in full] == [
        "partner-police-crime-0-months",
        "partner-police-crime-0-quarters",
    ]
    drawn = [row["value"] for row in full[0].chart.spec["datasets"]["months"]]
    assert drawn == values
    edition = Edition(public=True)
    shown = [edition.shown(v) for v in values]
    printed = [row["value"] for row in public[0].chart.spec["datasets"]["months"]]
    assert printed == [v for v in shown if v is not None]
    assert 3 not in printed  # suppressed months are left out
    assert 2 not in printed
    # A quarter with a suppressed month is left out; the others are sums of printed months.
    bars = {r["quarter"]: r["value"] for r in public[1].chart.spec["datasets"]["quarters"]}
    assert "Q1 2023/24" not in bars
    assert bars["Q2 2023/24"] == sum(edition.shown(v) or 0 for v in values[3:6])
    assert all(not f.open_data for f in public)


def test_a_public_edition_does_not_draw_rates() -> None:
    months = [date(2024, m, 1) for m in range(1, 13)]
    series = monthly_series("IOM rate (% of the cohort)", "% reoffending", months, [10.0] * 12)
    section = PartnerSection("iom-reoffending", "IOM", "2024/25", "2023/24", series=(series,))
    figures, notes = partner_figures(section, Edition(public=True))
    assert figures == []
    assert len(notes) == 1
    assert len(partner_figures(section, Edition(public=False))[0]) == 1


def test_the_area_panel_equals_the_published_indicators() -> None:
    profile = area_profile("E22000360")
    assert profile is not None
    assert profile.areas == ("Shropshire", "West Midlands", "England")
    source = INDICATORS_CSV / "la_peer_indicators.csv"
    if not source.exists():
        pytest.skip("the source indicators are not here")
    with open(source, encoding="utf-8") as handle:
        lads = list(csv.DictReader(handle))
    shropshire = next(r for r in lads if r["LAD24CD"] == "E06000051")
    region = [r for r in lads if r["RGNCD"] == "E12000005"]
    england = [r for r in lads if r["country"] == "England"]
    rows = {row.column: row for row in profile.rows}
    population = rows["pop_mid2022"].values
    assert population == (
        float(shropshire["pop_mid2022"]),
        sum(float(r["pop_mid2022"]) for r in region),
        sum(float(r["pop_mid2022"]) for r in england),
    )
    older = sum(float(r["pct_age_65_plus_mid2022"]) * float(r["pop_mid2022"]) for r in england)
    assert rows["pct_age_65_plus_mid2022"].values[2] == pytest.approx(
        older / sum(float(r["pop_mid2022"]) for r in england), abs=1e-4
    )
    land = sum(float(r["area_land_ha_sam"]) for r in region) / 100
    assert rows["density_per_km2_mid2022"].values[1] == pytest.approx(
        sum(float(r["pop_mid2022"]) for r in region) / land, abs=1e-3
    )
    # England's most deprived decile is a tenth of its neighbourhoods, by definition.
    assert rows["imd2025_pct_lsoa_most_deprived_10pct"].values[2] == pytest.approx(10, abs=0.01)
    assert profile_cell(rows["pct_age_65_plus_mid2022"], 25.7835) == "25.8%"
    assert len(rows) == len(INDICATORS)


@pytest.fixture(scope="module")
def partners(demo: Workspace, demo_shropshire: AreaAnalysis) -> PartnerAnalysis:
    with demo.reader() as warehouse:
        return analyse_partners_in(warehouse, demo_shropshire.area, demo_shropshire.period)


@pytest.mark.slow
def test_partner_sections_have_their_charts_in_both_editions(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    for public in (False, True):
        document = build_strategic_assessment(
            prepare_report(demo_shropshire, public=public, partners=partners)
        )
        crime = next(s for s in document.sections if s.anchor == "partner-police-crime")
        titles = [b.chart.title for b in crime.blocks if isinstance(b, Figure)]
        assert any(t.startswith("Domestic abuse offences by month") for t in titles)
        assert any(t.startswith("Hate crimes by quarter") for t in titles)
        asb = next(s for s in document.sections if s.anchor == "partner-asb-incidents")
        assert any(isinstance(b, Figure) for b in asb.blocks)
        about = next(s for s in document.sections if s.anchor == "about")
        assert any("West Midlands" in getattr(b, "header", ()) for b in about.blocks)


@pytest.mark.slow
def test_the_core_document_is_at_most_35_pages(demo: Workspace) -> None:
    """The report as ``safer report`` builds it: the summary's ranking, places and peers
    sections included."""
    import weasyprint  # type: ignore[import-untyped]

    from saferinsight.reports.build import build_document
    from saferinsight.reports.html import render_html

    document = build_document(demo, "Shropshire", period="2024/25").document
    first = next(s.anchor for s in document.sections if s.appendix)
    pages = weasyprint.HTML(string=render_html(document, svg_images=True)).render().pages
    core = next(i for i, page in enumerate(pages) if first in page.anchors)
    assert core <= 35, f"the core document has {core} pages"
    assert len(pages) > core  # the appendices follow
