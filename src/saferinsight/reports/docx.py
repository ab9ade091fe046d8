"""Word (.docx) rendering with python-docx: real headings, tables and images partners can edit.

The file is A4 with 20 mm margins; its contents are a Word table-of-contents field (Word fills
it in when the file is opened: the file asks it to update its fields), its footer numbers the
pages with PAGE and NUMPAGES fields, sections are Heading 1 and their subsections Heading 2
(appendices lettered), and each table and figure has a caption in Word's Caption style with a
SEQ field, so Word can list them and cross-refer to them.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from saferinsight.analysis.narrative import NOT_A_COUNT
from saferinsight.reports.document import (
    Bullets,
    Document,
    Figure,
    KeyFindings,
    Paragraph,
    Section,
    Table,
    marked_label,
)

__all__ = ["A4_MM", "FIGURE_WIDTH_CM", "MARGIN_MM", "render_docx"]

A4_MM = (210, 297)
MARGIN_MM = 20
#: Figures are this wide at most (the text is 17 cm wide between the margins) ...
FIGURE_WIDTH_CM = 16.0
#: ... and this tall at most (maps are taller than wide).
FIGURE_HEIGHT_CM = 20.0
_TOC_BOOKMARK = "_Toc"


def render_docx(document: Document) -> bytes:
    """The document as a Word file."""
    from docx import Document as WordDocument
    from docx.shared import Mm, Pt

    word = WordDocument()
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    word.core_properties.title = document.title
    word.core_properties.subject = document.subtitle
    word.core_properties.author = "Safer Insight"
    word.core_properties.language = "en-GB"
    section = word.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.header.paragraphs[0].text = document.running_header
    _page_numbers(section.footer.paragraphs[0])
    _update_fields_on_open(word)
    word.add_heading(document.title, level=0)
    word.add_paragraph(document.subtitle)
    word.add_paragraph(
        "Public edition: small numbers are suppressed and counts rounded."
        if document.edition == "public"
        else "Full edition: contains unrounded figures; not for publication."
    ).runs[0].bold = True
    word.add_paragraph(f"Generated {document.generated_at:%d %B %Y} by Safer Insight.")
    word.add_page_break()  # type: ignore[no-untyped-call]
    contents = word.add_paragraph("Contents", style="TOC Heading")
    contents.paragraph_format.keep_with_next = True
    mark = NOT_A_COUNT if document.edition == "public" else ""
    labels = document.labels()
    _contents(
        word,
        [
            (s.level, f"{marked_label(label, mark)}. {s.title}")
            for s, label in zip(document.sections, labels, strict=True)
        ],
    )
    counters = {"Figure": 0, "Table": 0}
    started_appendices = False
    for number, (item, label) in enumerate(zip(document.sections, labels, strict=True), 1):
        if item.level == 1:
            word.add_page_break()  # type: ignore[no-untyped-call]
        if item.appendix and not started_appendices:
            started_appendices = True
            word.add_paragraph("Appendices", style="Title")
        _section(word, item, marked_label(label, mark), counters, number)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A complex field (``instruction``) in ``paragraph``, showing ``shown`` until updated."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _contents(word: Any, entries: list[tuple[int, str]]) -> None:
    """The table-of-contents field, its result filled in: one paragraph per heading (levels 1
    and 2) with a PAGEREF field to the heading's bookmark (:func:`_bookmark`). Word rebuilds
    the field when the file opens; a reader that does not (LibreOffice) shows the entries as
    written, with their page numbers from the PAGEREF fields."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm

    styles = {}
    for level in (1, 2):
        style = word.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = word.styles["Normal"]
        style.paragraph_format.left_indent = Mm(6 * (level - 1))
        style.paragraph_format.space_after = Mm(1)
        style.paragraph_format.tab_stops.add_tab_stop(
            Mm(A4_MM[0] - 2 * MARGIN_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        styles[level] = style
    first = word.add_paragraph()
    _field_char(first, "begin")
    _instruction(first, 'TOC \\o "1-2" \\h \\z \\u')
    _field_char(first, "separate")
    paragraph = first
    for number, (level, text) in enumerate(entries, start=1):
        paragraph = first if number == 1 else word.add_paragraph()
        paragraph.style = styles[min(level, 2)]
        paragraph.add_run(f"{text}\t")
        _field(paragraph, f"PAGEREF {_TOC_BOOKMARK}{number} \\h", "")
    _field_char(paragraph, "end")


def _field_char(paragraph: Any, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _instruction(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)


def _bookmark(paragraph: Any, number: int) -> None:
    """A bookmark around a heading, for its contents entry's PAGEREF field."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), f"{_TOC_BOOKMARK}{number}")
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _page_numbers(paragraph: Any) -> None:
    """'Page N of M' with PAGE and NUMPAGES fields, right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")


def _update_fields_on_open(word: Any) -> None:
    """Ask Word to update the fields (the contents) when the file is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    word.settings.element.append(update)


def _caption(word: Any, kind: str, counters: dict[str, int], text: str) -> Any:
    """'Figure 3: ...' in the Caption style, its number a SEQ field; kept with what follows."""
    counters[kind] += 1
    paragraph = word.add_paragraph(style="Caption")
    paragraph.add_run(f"{kind} ")
    _field(paragraph, f"SEQ {kind} \\* ARABIC", str(counters[kind]))
    paragraph.add_run(f": {text}")
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _section(
    word: Any, section: Section, label: str, counters: dict[str, int], number: int
) -> None:
    heading = word.add_heading(f"{label}. {section.title}", level=min(section.level, 2))
    _bookmark(heading, number)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            paragraph = word.add_paragraph(block.text)
            for run in paragraph.runs:
                run.italic = block.style == "note" or None
                run.bold = block.style == "subhead" or None
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, KeyFindings):
            _table(
                word,
                Table(
                    "Key findings and what the statistics say",
                    ("Theme", "Finding", "Statistical verdict"),
                    tuple((f.title, f.text, f.verdict) for f in block.findings),
                ),
                counters,
            )
        elif isinstance(block, Table):
            _table(word, block, counters)
        elif isinstance(block, Figure):
            _figure(word, block, counters)


def _table(word: Any, table: Table, counters: dict[str, int]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _caption(word, "Table", counters, table.caption)
    grid = word.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    numeric = table.numeric or tuple(False for _ in table.header)
    header = grid.rows[0]
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, text in zip(header.cells, table.header, strict=True):
        cell.text = text
        if cell.paragraphs[0].runs:
            cell.paragraphs[0].runs[0].bold = True
    for index, row in enumerate(table.rows):
        word_row = grid.add_row()
        # A row is never split across pages.
        cant_split = OxmlElement("w:cantSplit")
        word_row._tr.get_or_add_trPr().append(cant_split)
        total = table.total_row and index == len(table.rows) - 1
        for cell, text, is_number in zip(word_row.cells, row, numeric, strict=True):
            cell.text = text
            paragraph = cell.paragraphs[0]
            if index < len(table.rows) - 1:
                paragraph.paragraph_format.keep_with_next = len(table.rows) <= 14
            if is_number:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if total and paragraph.runs:
                paragraph.runs[0].bold = True
    for note in table.notes:
        paragraph = word.add_paragraph(note)
        if paragraph.runs:
            paragraph.runs[0].italic = True


def _figure(word: Any, figure: Figure, counters: dict[str, int]) -> None:
    from docx.shared import Cm, Pt

    chart = figure.chart
    # Caption above, notes and source below: text partners can edit, kept with the picture.
    _caption(word, "Figure", counters, chart.title)
    drawing = word.add_paragraph()
    drawing.paragraph_format.keep_with_next = True
    image = chart.png()
    width, height = _png_size(image)
    size = Cm(FIGURE_WIDTH_CM)
    if height * FIGURE_WIDTH_CM > width * FIGURE_HEIGHT_CM:
        picture = drawing.add_run().add_picture(io.BytesIO(image), height=Cm(FIGURE_HEIGHT_CM))
    else:
        picture = drawing.add_run().add_picture(io.BytesIO(image), width=size)
    picture._inline.docPr.set("descr", chart.alt_text)
    picture._inline.docPr.set("title", chart.title)
    for note in chart.notes:
        word.add_paragraph(note).runs[0].font.size = Pt(9)
    source = word.add_paragraph(chart.source).runs[0]
    source.font.size = Pt(9)
    source.italic = True


def _png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels of a PNG, from its header.

    Examples
    --------
    >>> start = b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR"
    >>> _png_size(start + struct.pack(">II", 640, 300))
    (640, 300)
    """
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)
