"""The slide deck: its slides in the documented order with their titles, pictures with
alternative text, plain words (no p-value or method name), and a public deck that prints no
number its public document does not."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Emu

from saferinsight.reports.build import document_text, verify_deck
from saferinsight.reports.deck import ORDER, Slide, deck_slides, plain, uncovered_numbers
from saferinsight.reports.document import Document, Figure
from saferinsight.reports.pptx import SLIDE_INCHES, render_pptx
from saferinsight.reports.summary import BANNED_TERMS

P_VALUE = re.compile(r"\bp\s*[=<>]")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text.replace("\u2060", "")))


# -- plain words ---------------------------------------------------------------------------


SENTENCES = [
    "17,999 crimes were recorded in 2024/25, down from 18,170 the previous year, a 0.9% "
    "reduction. Statistically: no evidence of change: within normal variation (p = 0.525).",
    "Over the three years to 2024/25 there was a statistically significant downward trend in "
    "monthly crimes (seasonal Mann-Kendall, p < 0.001; about -2.3% a year).",
    "4.4% (n=786) of these crimes were in Quarry and Coton Hill ward, the highest volume (95% "
    "interval 4.1% to 4.7%).",
    "In Mar 2025 there were 1,527 crimes, up from 1,278 in Feb 2025 (a statistically "
    "significant rise, p = 0.045).",
    "Hate crime by strand: 312 against 337 (no evidence of change: within normal variation "
    "(p = 0.346)); the largest is Race with 61% (n=190).",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_plain_words_drop_methods_and_add_no_number(sentence: str) -> None:
    text = plain(sentence)
    assert text is not None
    lower = text.lower()
    assert [t for t in BANNED_TERMS if t in lower] == []
    assert not P_VALUE.search(lower)
    assert "interval" not in lower
    assert _numbers(text) <= _numbers(sentence)
    # The first figure of the sentence (what it is about) is kept.
    assert NUMBER.findall(sentence)[0] in text


def test_plain_words_keep_the_verdict() -> None:
    assert plain(SENTENCES[3]) == (
        "In Mar 2025 there were 1,527 crimes, up from 1,278 in Feb 2025 (more than chance "
        "explains)."
    )
    assert plain(SENTENCES[0]) is not None
    assert str(plain(SENTENCES[0])).endswith("The change is within normal variation.")
    assert plain("The monthly control chart shows only common cause variation.") is None


def test_a_number_of_the_deck_alone_is_found() -> None:
    # The check of a public deck can fail: a number no document text holds is named.
    slides = [Slide("theme", "Robbery", ("186 robberies", "up 26.5% (+39)"))]
    assert uncovered_numbers(["186 robberies in 2024/25, up 26.5%"], slides) == {"39"}


# -- the demo's deck -----------------------------------------------------------------------


def _shapes_text(slide: Any) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return texts


def _pictures(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


@pytest.fixture(scope="module")
def decks(demo_documents: dict[bool, Document]) -> dict[bool, Any]:
    return {
        public: Presentation(io.BytesIO(render_pptx(document)))
        for public, document in demo_documents.items()
    }


@pytest.mark.slow
@pytest.mark.parametrize("public", [False, True])
def test_the_slides_are_in_the_documented_order_with_their_titles(
    demo_documents: dict[bool, Document], decks: dict[bool, Any], public: bool
) -> None:
    slides = deck_slides(demo_documents[public])
    kinds = [s.kind for s in slides]
    assert [ORDER.index(k) for k in kinds] == sorted(ORDER.index(k) for k in kinds)
    # The demo has every kind of slide: a ranking, police.uk themes, places, peers, partners.
    assert set(kinds) == set(ORDER)
    assert kinds[:6] == ["title", "matters", "priorities", "worse", "better", "uncertain"]
    assert kinds[-2:] == ["area", "methods"]
    # A slide per core theme section, with that section's own chart (nothing redrawn).
    document = demo_documents[public]
    themes = [s for s in document.core if s.anchor.startswith("theme-")]
    theme_slides = [s for s in slides if s.kind == "theme"]
    assert [s.title for s in theme_slides] == [t.title for t in themes]
    for slide, section in zip(theme_slides, themes, strict=True):
        assert slide.figure in [b for b in section.blocks if isinstance(b, Figure)]
    titles = [s.title for s in slides if s.kind == "partner"]
    assert any("Domestic abuse" in t for t in titles)
    assert any("Hate crime" in t for t in titles)
    assert any("ASB" in t for t in titles)
    deck = decks[public]
    assert (deck.slide_width, deck.slide_height) == (
        Emu(int(SLIDE_INCHES[0] * 914400)),
        Emu(int(SLIDE_INCHES[1] * 914400)),
    )
    assert [page.shapes.title.text for page in deck.slides] == [s.title for s in slides]


@pytest.mark.slow
@pytest.mark.parametrize("public", [False, True])
def test_each_picture_has_alternative_text_and_each_chart_its_source_in_the_notes(
    demo_documents: dict[bool, Document], decks: dict[bool, Any], public: bool
) -> None:
    slides = deck_slides(demo_documents[public])
    pictures = 0
    for slide, page in zip(slides, decks[public].slides, strict=True):
        found = _pictures(page)
        assert len(found) == (slide.figure is not None)
        for picture in found:
            assert slide.figure is not None
            alt = picture._element.nvPicPr.cNvPr.get("descr")
            assert alt == slide.figure.chart.alt_text.replace("\u2060", "")
            assert len(alt) > 20
            notes = page.notes_slide.notes_text_frame.text
            assert slide.figure.chart.source.replace("\u2060", "") in notes
            pictures += 1
        # One chart and two to four bullets on a chart's slide (one when the report has one).
        if slide.figure is not None:
            assert 1 <= len(slide.bullets) <= 4, slide.title
    assert pictures >= 10


@pytest.mark.slow
@pytest.mark.parametrize("public", [False, True])
def test_no_p_value_or_method_name_on_a_slide(decks: dict[bool, Any], public: bool) -> None:
    for number, page in enumerate(decks[public].slides, start=1):
        text = " ".join(_shapes_text(page)).lower()
        assert [t for t in BANNED_TERMS if t in f" {text} "] == [], number
        assert not P_VALUE.search(text), number
        assert "interval" not in text, number
        assert "control chart" not in text, number


@pytest.mark.slow
def test_the_public_deck_prints_no_number_its_document_does_not(
    demo_documents: dict[bool, Document], decks: dict[bool, Any]
) -> None:
    document = demo_documents[True]
    printed: set[str] = set()
    for _, text in document_text(document):
        printed |= _numbers(text)
    shown: set[str] = set()
    for page in decks[True].slides:
        for text in _shapes_text(page):
            shown |= _numbers(text)
        for picture in _pictures(page):
            shown |= _numbers(picture._element.nvPicPr.cNvPr.get("descr"))
        if page.has_notes_slide:
            shown |= _numbers(page.notes_slide.notes_text_frame.text)
    assert shown - printed == set()
    assert len(shown) > 50  # the deck has figures to check
    verify_deck(document)  # the pipeline's own check agrees
    # A partner count the public edition rounds is printed as that edition prints it.
    full_value, public_value = (
        _cell(demo_documents[p], "Domestic abuse, ", "Domestic abuse incidents (non-crime)")
        for p in (False, True)
    )
    assert full_value != public_value  # the demo's count is not a multiple of 5
    full = " ".join(t for page in decks[False].slides for t in _shapes_text(page))
    public = " ".join(t for page in decks[True].slides for t in _shapes_text(page))
    assert full_value in full
    assert public_value in public
    assert full_value not in public


def _cell(document: Document, caption: str, row: str) -> str:
    """The first count of a row of a table of the document."""
    for table in document.tables():
        if table.caption.startswith(caption):
            for cells in table.rows:
                if cells[0] == row:
                    return cells[1].replace("\u2060", "")
    raise AssertionError(f"no row {row!r} in a table {caption!r}")
