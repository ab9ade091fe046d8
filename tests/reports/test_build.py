"""The strategic assessment end to end: HTML, PDF and Word from the demo workspace, and the
public edition's disclosure control."""

from __future__ import annotations

import builtins
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document as WordDocument

from saferinsight.analysis.engine import analyse_in
from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.results import AreaAnalysis
from saferinsight.clock import FixedClock
from saferinsight.reports.build import (
    BuiltDocument,
    ReportFiles,
    build_document,
    build_report,
    document_text,
    render_document,
    verify_public,
)
from saferinsight.reports.disclosure import NOT_A_COUNT
from saferinsight.reports.prepare import prepare_report
from saferinsight.reports.scan import find_disclosive_numbers
from saferinsight.reports.strategic_assessment import build_strategic_assessment
from saferinsight.reports.workers import RenderWorkers
from saferinsight.workspace import Workspace

PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")


class Recording:
    """Render workers that note which of their methods the pipeline called."""

    def __init__(self, workers: RenderWorkers) -> None:
        self.workers = workers
        self.calls: list[str] = []

    def draw(self, charts: Any) -> Any:
        self.calls.append("draw")
        return self.workers.draw(charts)

    def rasterise(self, charts: Any) -> None:
        self.calls.append("rasterise")
        self.workers.rasterise(charts)

    def pdf(self, html: str) -> Any:
        self.calls.append("pdf")
        return self.workers.pdf(html)


@pytest.fixture(scope="module")
def workers() -> Iterator[Recording]:
    """One pool for several reports, as a web server's job runner keeps one."""
    with RenderWorkers(pdf=True) as pool:
        yield Recording(pool)


@pytest.fixture(scope="module")
def full(
    demo: Workspace, workers: Recording, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("full")
    return build_report(demo, "Shropshire", period="2024/25", out_dir=out, workers=workers).paths


@pytest.fixture(scope="module")
def public(demo: Workspace, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The public edition as HTML and Word, the formats its tests read (its PDF, a third of a
    minute, is not read: the PDF tests use the full edition)."""
    out = tmp_path_factory.mktemp("public")  # without workers: the call starts its own
    return build_report(
        demo, "Shropshire", period="2024/25", out_dir=out, public=True, formats=["html", "docx"]
    ).paths


@pytest.fixture(scope="module")
def pinned(
    demo: Workspace, workers: Recording, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ReportFiles, BuiltDocument]:
    """The HTML that build_report writes, and the document build_document builds, at one time."""
    out = tmp_path_factory.mktemp("pinned")
    pinned = Workspace(demo.root, clock=FixedClock(datetime(2026, 1, 2, 3, 4)))
    files = build_report(
        pinned, "Shropshire", period="2024/25", formats=["html"], out_dir=out, workers=workers
    )
    built = build_document(pinned, "Shropshire", period="2024/25", workers=workers)
    return files, built


def test_html_is_self_contained(full: dict[str, Path]) -> None:
    text = full["html"].read_text(encoding="utf-8")
    assert "http://" not in text
    assert "https://" not in text
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=", text)
    assert text.count("<svg") >= 30
    assert 'role="img" aria-label="' in text
    assert '<th scope="col"' in text


@pytest.mark.skipif(PDFTOTEXT is None or PDFTOPPM is None, reason="needs poppler-utils")
def test_pdf_pages_and_key_figures(
    demo_shropshire: AreaAnalysis, full: dict[str, Path], tmp_path: Path
) -> None:
    analysis = demo_shropshire
    text = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(full["pdf"]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.count("\f")
    assert 15 <= pages <= 120
    flat = " ".join(text.split())
    for theme in analysis.themes:
        assert f"{theme.current.count:,} {theme.theme.counted}" in flat, theme.theme.key
    assert "Page 2 of" in flat
    subprocess.run(
        [
            str(PDFTOPPM),
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "3",
            str(full["pdf"]),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    assert len(list(tmp_path.glob("page-*.png"))) == 3


def test_docx_has_headings_tables_and_pictures(full: dict[str, Path], demo: Workspace) -> None:
    word = WordDocument(str(full["docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Summary" in headings
    assert any(h.endswith("Methodology and data") for h in headings)
    assert len(word.tables) >= 15
    assert len(word.inline_shapes) >= 30
    first = word.tables[0]
    assert first.rows[0].cells[0].text


def test_public_edition_has_no_small_counts(
    demo_shropshire: AreaAnalysis, public: dict[str, Path]
) -> None:
    analysis = demo_shropshire
    document = build_strategic_assessment(prepare_report(analysis, public=True))
    verify_public(document)  # raises if anything is disclosive
    for location, text in document_text(document):
        assert not find_disclosive_numbers(text), location
    word = WordDocument(str(public["docx"]))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    paragraphs = [p.text for p in word.paragraphs]
    problems = [v for text in cells + paragraphs for v in find_disclosive_numbers(text)]
    assert problems == []
    html = public["html"].read_text(encoding="utf-8")
    assert "Disclosure control by source" in html


def test_public_charts_draw_open_data_exactly(demo_shropshire: AreaAnalysis) -> None:
    """police.uk street records are open data: a public edition's charts draw them as the full
    edition does (rounding them would protect nobody and distort them)."""
    analysis = demo_shropshire
    unrounded = [t for t in analysis.themes if t.current.count % 5]
    assert unrounded  # otherwise this test could not fail
    drawn = {
        public: {
            f.chart.key: f.chart
            for f in build_strategic_assessment(prepare_report(analysis, public=public)).figures()
        }
        for public in (False, True)
    }
    assert drawn[True].keys() == drawn[False].keys()
    for theme in unrounded:
        key = f"{theme.theme.key}-twelve-months"
        # the same text, its numbers marked as open data (the disclosure check reads it)
        alt_text = drawn[True][key].alt_text
        assert alt_text.replace(NOT_A_COUNT, "") == drawn[False][key].alt_text
        assert f" {format_count(theme.current.count)} " in alt_text.replace(NOT_A_COUNT, "")
        assert NOT_A_COUNT in alt_text
        assert drawn[True][key].spec == drawn[False][key].spec


def test_a_disclosive_document_is_refused(demo: Workspace) -> None:
    from saferinsight.errors import DisclosureError

    with demo.reader() as warehouse:
        analysis = analyse_in(warehouse, "Shropshire", period="2024/25", themes="robbery")
    document = build_strategic_assessment(prepare_report(analysis))  # full numbers
    with pytest.raises(DisclosureError, match="disclosive number"):
        verify_public(document)


def test_pdf_rendering_fetches_nothing() -> None:
    from saferinsight.errors import ExternalReferenceError
    from saferinsight.reports.pdf import render_pdf

    assert render_pdf("<p>fine</p>").startswith(b"%PDF")
    with pytest.raises(ExternalReferenceError, match="reports must not fetch anything"):
        render_pdf('<p>x</p><img src="https://example.org/tile.png">')
    with pytest.raises(ExternalReferenceError, match="reports must not fetch anything"):
        render_pdf('<p>x</p><img src="file:///etc/hostname">')


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs poppler-utils")
def test_pdf_charts_are_embedded_svg_drawn_as_vectors(tmp_path: Path) -> None:
    """The PDF's HTML carries each chart as a data: URI; the PDF draws it (no raster image)."""
    import base64
    from datetime import datetime

    from saferinsight.reports.chart import SOURCE, make_chart
    from saferinsight.reports.document import Document, Figure, Section
    from saferinsight.reports.html import render_html
    from saferinsight.reports.pdf import render_pdf

    chart = make_chart(
        "demo",
        "Demo chart, 2024/25",
        alt_text="Two bars.",
        source=SOURCE,
        body={
            "mark": "bar",
            "data": {"name": "rows"},
            "encoding": {"x": {"field": "label", "type": "nominal"}},
        },
        datasets={"rows": [{"label": "Quarry and Coton Hill"}, {"label": "Meole"}]},
    )
    document = Document(
        title="T",
        subtitle="S",
        edition="full",
        sections=(Section("One", "one", (Figure(chart),)),),
        generated_at=datetime(2026, 11, 22),
        area="Shropshire",
        period="2024/25",
        running_header="R",
    )
    page = render_html(document, svg_images=True)
    (encoded,) = re.findall(
        r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="Two bars\.">', page
    )
    assert base64.b64decode(encoded).decode("utf-8") == chart.svg()
    assert "<svg" not in page
    pdf = render_pdf(page)
    (tmp_path / "chart.pdf").write_bytes(pdf)
    text = subprocess.run(
        [str(PDFTOTEXT), str(tmp_path / "chart.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "Quarry and Coton Hill" in text  # drawn as text, not pixels
    assert "Meole" in text
    assert b"/Subtype /Image" not in pdf


def test_the_pieces_build_the_report_build_report_writes(
    pinned: tuple[ReportFiles, BuiltDocument], workers: Recording
) -> None:
    files, built = pinned
    assert built.name == files.paths["html"].stem
    assert not built.public
    # The time is the workspace clock's, as the analysis recorded it: no reading of the wall.
    assert built.document.generated_at == datetime(2026, 1, 2, 3, 4)
    assert "Generated 02 January 2026 by Safer Insight." in files.paths["html"].read_text()
    rendered = render_document(built.document, formats=["html"], workers=workers)
    assert list(rendered.data) == ["html"]
    assert rendered.data["html"] == files.paths["html"].read_bytes()


def test_rendering_to_bytes_writes_no_file(
    pinned: tuple[ReportFiles, BuiltDocument],
    workers: Recording,
    demo: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, built = pinned
    monkeypatch.chdir(tmp_path)
    before = sorted(demo.root.rglob("*"))
    opened = builtins.open

    def read_only(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        assert not set(mode) & set("wax+"), f"{file} opened to write"
        return opened(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only)
    for name in ("write_bytes", "write_text", "mkdir", "touch"):
        monkeypatch.setattr(Path, name, lambda *a, **k: pytest.fail("a file was written"))
    rendered = render_document(built.document, formats=("html", "docx"), workers=workers)
    monkeypatch.undo()
    assert rendered.data["html"].startswith(b"<!DOCTYPE html>")
    assert rendered.data["docx"].startswith(b"PK")  # a zip: the Word file, in memory
    assert set(rendered.seconds) == {"html", "docx"}
    assert list(tmp_path.iterdir()) == []
    assert sorted(demo.root.rglob("*")) == before


def test_an_injected_executor_is_used_and_left_open(
    full: dict[str, Path], workers: Recording
) -> None:
    assert set(full) == {"html", "pdf", "docx"}
    assert {"draw", "rasterise", "pdf"} <= set(workers.calls)
    assert not workers.workers.closed
    assert workers.pdf("<p>still working</p>").result().startswith(b"%PDF")


def test_unknown_formats_are_refused_before_any_work(demo: Workspace) -> None:
    from saferinsight.errors import OptionError
    from saferinsight.reports.build import render_files

    with pytest.raises(OptionError, match="formats names 'svg'; choose one or more of html") as e:
        build_report(demo, "Shropshire", period="2024/25", formats=["svg"])
    assert e.value.option == "formats"
    with pytest.raises(OptionError, match="formats names no format"):
        render_files(build_strategic_assessment(_empty_data()), formats=[])


def _empty_data() -> Any:
    from saferinsight.generate.fixtures import example_area as _example_area

    return prepare_report(_example_area())
