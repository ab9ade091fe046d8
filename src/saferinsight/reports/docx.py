"""Word (.docx) rendering with python-docx: real headings, tables and images partners can edit."""

from __future__ import annotations

import io

from saferinsight.analysis.narrative import NOT_A_COUNT
from saferinsight.reports.document import (
    Bullets,
    Document,
    Figure,
    KeyFindings,
    Paragraph,
    Section,
    Table,
)

FIGURE_WIDTH_CM = 16.0


def render_docx(document: Document) -> bytes:
    """The document as a Word file."""
    from docx import Document as WordDocument
    from docx.shared import Pt

    word = WordDocument()
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    word.core_properties.title = document.title
    word.core_properties.subject = document.subtitle
    word.core_properties.author = "Safer Insight"
    section = word.sections[0]
    section.header.paragraphs[0].text = document.running_header
    word.add_heading(document.title, level=0)
    word.add_paragraph(document.subtitle)
    word.add_paragraph(
        "Public edition: small numbers are suppressed and counts rounded."
        if document.edition == "public"
        else "Full edition: contains unrounded figures; not for publication."
    ).runs[0].bold = True
    word.add_paragraph(f"Generated {document.generated_at:%d %B %Y} by Safer Insight.")
    word.add_heading("Contents", level=1)
    mark = NOT_A_COUNT if document.edition == "public" else ""
    for number, item in enumerate(document.sections, start=1):
        word.add_paragraph(f"{mark}{number}. {item.title}", style="List Number")
    for number, item in enumerate(document.sections, start=1):
        word.add_page_break()  # type: ignore[no-untyped-call]
        _section(word, item, number, mark)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _section(word: object, section: Section, number: int, mark: str) -> None:
    from docx.document import Document as WordDocument

    assert isinstance(word, WordDocument)
    word.add_heading(f"{mark}{number}. {section.title}", level=1)
    figure = 0
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
            )
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Figure):
            figure += 1
            _figure(word, block, f"{number}.{figure}")


def _table(word: object, table: Table) -> None:
    from docx.document import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    assert isinstance(word, WordDocument)
    word.add_paragraph(table.caption).runs[0].bold = True
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
        cell.paragraphs[0].runs[0].bold = True
    for index, row in enumerate(table.rows):
        cells = grid.add_row().cells
        total = table.total_row and index == len(table.rows) - 1
        for cell, text, is_number in zip(cells, row, numeric, strict=True):
            cell.text = text
            paragraph = cell.paragraphs[0]
            if is_number:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if total and paragraph.runs:
                paragraph.runs[0].bold = True
    for note in table.notes:
        word.add_paragraph(note).runs[0].italic = True


def _figure(word: object, figure: Figure, label: str) -> None:
    from docx.document import Document as WordDocument
    from docx.shared import Cm, Pt

    assert isinstance(word, WordDocument)
    chart = figure.chart
    # Title above, notes and source below: text partners can edit, kept with the picture.
    title = word.add_paragraph(f"Figure {label}: {chart.title}")
    title.runs[0].bold = True
    title.paragraph_format.keep_with_next = True
    drawing = word.add_paragraph()
    drawing.paragraph_format.keep_with_next = True
    picture = drawing.add_run().add_picture(io.BytesIO(chart.png()), width=Cm(FIGURE_WIDTH_CM))
    picture._inline.docPr.set("descr", chart.alt_text)
    picture._inline.docPr.set("title", chart.title)
    for note in chart.notes:
        word.add_paragraph(note).runs[0].font.size = Pt(9)
    source = word.add_paragraph(chart.source).runs[0]
    source.font.size = Pt(9)
    source.italic = True
