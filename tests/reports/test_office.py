"""The Word report and the slide deck open in LibreOffice (headless, converted to PDF): the
Word file's pages are A4 with its contents and page numbers, the deck has a 16:9 page per
slide.

Without LibreOffice (Debian ``libreoffice-writer-nogui`` and ``libreoffice-impress-nogui``,
installed by ``scripts/system-packages.sh``) these tests skip, unless
``SAFER_REQUIRE_OFFICE=1`` (``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from saferinsight.reports.deck import deck_slides
from saferinsight.reports.document import Document
from saferinsight.reports.docx import render_docx
from saferinsight.reports.pptx import render_pptx

pytestmark = pytest.mark.slow

#: An A4 page in points, and the tolerance of LibreOffice's rounding.
A4_POINTS = (595.3, 841.9)


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("SAFER_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice is required (SAFER_REQUIRE_OFFICE=1) but not installed")
        pytest.skip("LibreOffice (soffice) is not installed: scripts/system-packages.sh")
    for tool in ("pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} (poppler-utils) is needed to read the converted PDF")
    return found


def _convert(soffice: str, source: Path) -> Path:
    """``source`` converted to PDF by LibreOffice, with a profile of this test's own (tests in
    parallel do not share one)."""
    profile = source.parent / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = source.with_suffix(".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF of {source.name}"
    return pdf


def _info(pdf: Path) -> tuple[int, list[tuple[float, float]]]:
    """The PDF's page count and the size of every page, in points."""
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]
    sizes = [
        (float(w), float(h))
        for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out, re.M)
    ]
    return pages, sizes


def _text(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_the_word_report_opens_in_libreoffice_a4_with_contents_and_page_numbers(
    soffice: str, demo_documents: dict[bool, Document], tmp_path: Path
) -> None:
    document = demo_documents[False]
    source = tmp_path / "report.docx"
    source.write_bytes(render_docx(document))
    pdf = _convert(soffice, source)
    pages, sizes = _info(pdf)
    assert pages > 20
    assert len(sizes) == pages
    for width, height in sizes:
        assert abs(width - A4_POINTS[0]) < 1
        assert abs(height - A4_POINTS[1]) < 1
    # The contents (page 2 on) list every level 1 and 2 section before the first of them.
    opening = _text(pdf, 2, 4)
    contents = opening[opening.index("Contents") :]
    position = 0
    for label, section in zip(document.labels(), document.sections, strict=True):
        entry = f"{label}. {section.title}"
        found = contents.find(entry, position)
        assert found >= 0, f"no contents entry {entry!r}"
        position = found + len(entry)
    # Each page's footer numbers it: 'Page N of M'.
    for page in (2, pages // 2, pages):
        assert f"Page {page} of {pages}" in _text(pdf, page, page)


def test_the_deck_opens_in_libreoffice_a_16_9_page_per_slide(
    soffice: str, demo_documents: dict[bool, Document], tmp_path: Path
) -> None:
    document = demo_documents[True]
    source = tmp_path / "deck.pptx"
    source.write_bytes(render_pptx(document))
    pdf = _convert(soffice, source)
    pages, sizes = _info(pdf)
    slides = deck_slides(document)
    assert pages == len(slides)
    for width, height in sizes:
        assert abs(width / height - 16 / 9) < 0.01
    # Each slide's title is on its page.
    for number, slide in enumerate(slides, start=1):
        text = " ".join(_text(pdf, number, number).split())
        assert " ".join(slide.title.split()[:3]) in text, (number, slide.title)
