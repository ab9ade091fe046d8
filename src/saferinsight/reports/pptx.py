"""The slide deck (.pptx, python-pptx): the board pack of the strategic assessment.

16:9 slides, each with its title in the slide's title placeholder (screen readers and the
outline read it), one chart or table and two to four bullets; every picture has alternative
text, and the notes of a chart's slide hold its title, source and how to read it. The slides
and their order come from :func:`~saferinsight.reports.deck.deck_slides`; this module only lays
them out. Charts are the report's PNG drawings (:meth:`~saferinsight.reports.chart.Chart.png`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from saferinsight.reports.deck import Slide, deck_slides
from saferinsight.reports.document import Document, Table
from saferinsight.reports.docx import _png_size

__all__ = ["SLIDE_INCHES", "render_pptx"]

#: Width and height of a slide (16:9).
SLIDE_INCHES = (13.333, 7.5)
MARGIN = 0.5
TITLE_TOP, TITLE_HEIGHT = 0.3, 0.85
BODY_TOP = 1.3
#: The bottom of the body: the source line and the edition are below it.
BODY_BOTTOM = 6.75
CAPTION_HEIGHT = 0.4
GAP = 0.35
NAVY = (0x12, 0x35, 0x5B)
GREY = (0x59, 0x59, 0x59)
FONT = "Arial"
#: Bullet sizes tried, largest first, until the bullets fit their box.
SIZES = (20, 18, 16, 14, 13, 12, 11, 10)
#: The average width of a character of Arial, in ems (an estimate on the safe side).
CHAR_EM = 0.44


def render_pptx(document: Document) -> bytes:
    """The document as a slide deck (see :mod:`saferinsight.reports.deck` for the slides).

    The report pipeline checks a public deck first
    (:func:`~saferinsight.reports.build.verify_deck`).
    """
    from pptx import Presentation
    from pptx.util import Inches

    slides = deck_slides(document)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_INCHES[0]), Inches(SLIDE_INCHES[1])
    properties = deck.core_properties
    properties.title = document.title
    properties.subject = document.subtitle
    properties.author = "Safer Insight"
    properties.language = "en-GB"
    footer = (
        "Public edition"
        if document.edition == "public"
        else "Restricted: full figures, not for publication"
    )
    for slide in slides:
        _slide(deck, slide, footer)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# -- layout --------------------------------------------------------------------------------


def _slide(deck: Any, slide: Slide, footer: str) -> None:
    if slide.kind == "title":
        _title_slide(deck, slide, footer)
        return
    layout = deck.slide_layouts[1 if slide.bullets else 5]  # title and content; title only
    page = deck.slides.add_slide(layout)
    _title(page, slide.title)
    right = SLIDE_INCHES[0] - MARGIN
    left = MARGIN
    if slide.figure is not None:
        left = _picture(page, slide) + GAP
    elif slide.table is not None:
        width = (right - MARGIN) * (0.62 if slide.bullets else 1.0)
        _table(page, slide.table, slide.caption, width)
        left = MARGIN + width + GAP
    if slide.bullets:
        body = page.placeholders[1]
        _place(body, left, BODY_TOP, right - left, BODY_BOTTOM - BODY_TOP)
        _bullets(body.text_frame, slide.bullets, right - left, BODY_BOTTOM - BODY_TOP, slide.lead)
    _footer(page, slide.source, footer)
    if slide.notes:
        page.notes_slide.notes_text_frame.text = "\n".join(slide.notes)


def _title_slide(deck: Any, slide: Slide, footer: str) -> None:
    from pptx.util import Pt

    page = deck.slides.add_slide(deck.slide_layouts[0])
    width = SLIDE_INCHES[0] - 2 * MARGIN
    title = page.shapes.title
    _place(title, MARGIN, 1.6, width, 1.6)
    title.text = slide.title
    _style(title.text_frame.paragraphs[0], 40, bold=True, colour=NAVY)
    subtitle = page.placeholders[1]
    _place(subtitle, MARGIN, 3.5, width, 2.6)
    frame = subtitle.text_frame
    frame.word_wrap = True
    for index, line in enumerate(slide.subtitle.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        _style(paragraph, 22 if index == 0 else 18, colour=GREY)
        paragraph.space_after = Pt(8)
    _footer(page, "", footer)


def _place(shape: Any, left: float, top: float, width: float, height: float) -> None:
    from pptx.util import Inches

    shape.left, shape.top = Inches(left), Inches(top)
    shape.width, shape.height = Inches(width), Inches(height)


def _style(
    paragraph: Any,
    size: float,
    *,
    bold: bool = False,
    colour: tuple[int, int, int] | None = None,
) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    paragraph.alignment = PP_ALIGN.LEFT
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.name = FONT
        run.font.bold = bold
        if colour is not None:
            run.font.color.rgb = RGBColor(*colour)  # type: ignore[no-untyped-call]


def _title(page: Any, text: str) -> None:
    from pptx.enum.text import MSO_ANCHOR

    title = page.shapes.title
    _place(title, MARGIN, TITLE_TOP, SLIDE_INCHES[0] - 2 * MARGIN, TITLE_HEIGHT)
    title.text = text
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    _style(frame.paragraphs[0], 30 if len(text) <= 60 else 24, bold=True, colour=NAVY)


def _caption(page: Any, text: str, left: float, width: float) -> None:
    box = page.shapes.add_textbox(*_inches(left, BODY_TOP, width, CAPTION_HEIGHT))
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = text
    _style(frame.paragraphs[0], 14 if len(text) <= 90 else 12, bold=True, colour=GREY)


def _inches(*values: float) -> tuple[int, ...]:
    from pptx.util import Inches

    return tuple(int(Inches(v)) for v in values)


def _picture(page: Any, slide: Slide) -> float:
    """The slide's chart under its caption, as large as fits the left of the slide (at most
    60% of its width when bullets share it); returns the right edge, in inches."""
    assert slide.figure is not None
    chart = slide.figure.chart
    image = chart.png()
    pixels_wide, pixels_high = _png_size(image)
    share = 0.62 if slide.bullets else 1.0
    box_width = (SLIDE_INCHES[0] - 2 * MARGIN) * share
    top = BODY_TOP + CAPTION_HEIGHT + 0.1
    box_height = BODY_BOTTOM - top
    scale = min(box_width / pixels_wide, box_height / pixels_high)
    width, height = pixels_wide * scale, pixels_high * scale
    _caption(page, slide.caption, MARGIN, max(width, min(box_width, 6.0)))
    picture = page.shapes.add_picture(io.BytesIO(image), *_inches(MARGIN, top, width, height))
    properties = picture._element.nvPicPr.cNvPr
    properties.set("descr", chart.alt_text.replace("\u2060", ""))
    properties.set("title", slide.caption)
    return MARGIN + max(width, min(box_width, 6.0) if not slide.bullets else width)


def _font_size(items: Sequence[str], width: float, height: float) -> int:
    """The largest of :data:`SIZES` at which the bullets fit a box (inches), by an estimate
    of the characters a line holds (Arial averages about half an em)."""
    for size in SIZES:
        per_line = max(1, int((width - 0.5) * 72 / (size * CHAR_EM)))
        lines = sum(math.ceil(len(item) / per_line) for item in items)
        needed = lines * size * 1.2 / 72 + len(items) * size * 0.6 / 72 + 0.2
        if needed <= height:
            return size
    return SIZES[-1]


def _bullets(frame: Any, items: Sequence[str], width: float, height: float, lead: bool) -> None:
    """Bullets in a body placeholder (its own bullet marks), 'Theme:' in bold when ``lead``."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    size = _font_size(items, width, height)
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for index, item in enumerate(items):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.6)
        head, colon, rest = item.partition(": ")
        parts = [(head + colon, True), (rest, False)] if lead and colon else [(item, False)]
        for text, bold in parts:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.name = FONT
            run.font.bold = bold
            run.font.color.rgb = RGBColor(0x22, 0x22, 0x22)  # type: ignore[no-untyped-call]


def _table(page: Any, table: Table, caption: str, width: float) -> None:
    """The table under its caption, its text sized to the rows it has."""
    from pptx.util import Inches, Pt

    if caption:
        _caption(page, caption, MARGIN, width)
    top = BODY_TOP + (CAPTION_HEIGHT + 0.1 if caption else 0)
    rows, columns = len(table.rows) + 1, len(table.header)
    shape = page.shapes.add_table(rows, columns, *_inches(MARGIN, top, width, 0.3 * rows))
    grid = shape.table
    cells = (table.header, *table.rows)
    weights = [
        max(8, *(len(w) + 1 for w in table.header[i].split()), *(min(len(r[i]), 60) for r in cells))
        for i in range(columns)
    ]
    widths = [width * w / sum(weights) for w in weights]
    for column, inches in zip(grid.columns, widths, strict=True):
        column.width = Inches(inches)
    size = _table_size(cells, widths, BODY_BOTTOM - top)
    numeric = table.numeric or tuple(False for _ in table.header)
    for r, row in enumerate((table.header, *table.rows)):
        grid.rows[r].height = Inches(0.3)
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.text = value
            cell.margin_top = cell.margin_bottom = Pt(3)
            paragraph = cell.text_frame.paragraphs[0]
            _style(paragraph, size, bold=r == 0)
            if numeric[c] and r:
                from pptx.enum.text import PP_ALIGN

                paragraph.alignment = PP_ALIGN.RIGHT


def _table_size(rows: Sequence[Sequence[str]], widths: Sequence[float], height: float) -> int:
    """The largest of :data:`SIZES` at which the table's rows fit ``height`` (inches), by the
    estimate of :func:`_font_size`."""
    for size in SIZES:
        needed = 0.0
        for row in rows:
            lines = max(
                math.ceil(len(text) / max(1, int((w - 0.15) * 72 / (size * CHAR_EM))))
                for text, w in zip(row, widths, strict=True)
            )
            needed += lines * size * 1.2 / 72 + 0.1
        if needed <= height:
            return min(size, 16)
    return SIZES[-1]


def _footer(page: Any, source: str, edition: str) -> None:
    """The chart's source (left) and the edition (right) under the body."""
    from pptx.enum.text import PP_ALIGN

    width = SLIDE_INCHES[0] - 2 * MARGIN
    top = BODY_BOTTOM + 0.1
    if source:
        box = page.shapes.add_textbox(*_inches(MARGIN, top, width * 0.72, 0.55))
        box.text_frame.word_wrap = True
        box.text_frame.text = source
        _style(box.text_frame.paragraphs[0], 10, colour=GREY)
    box = page.shapes.add_textbox(*_inches(MARGIN + width * 0.74, top, width * 0.26, 0.4))
    box.text_frame.word_wrap = True
    box.text_frame.text = edition
    paragraph = box.text_frame.paragraphs[0]
    _style(paragraph, 10, bold=True, colour=GREY)
    paragraph.alignment = PP_ALIGN.RIGHT
