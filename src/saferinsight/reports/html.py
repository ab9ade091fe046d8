"""Render a report document as one self-contained, accessible, printable HTML file."""

from __future__ import annotations

import base64
import html
import re

from jinja2 import Environment, select_autoescape

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

#: Namespace declarations are names, not resources; HTML5 gives inline SVG its namespace.
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_SVG_OPEN = re.compile(r"<svg\b")


def _figure_class(key: str) -> str:
    """Maps print large; partner data's small multiples (by month, by quarter) compact."""
    if "-map-" in key:
        return ' class="map"'
    return ' class="compact"' if key.startswith("partner-") else ""


#: A table of at most this many rows is never split across pages.
SHORT_TABLE = 14

CSS = """
@page { size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-center { content: string(running); font-size: 8.5pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8.5pt;
                  color: #555; } }
@page :first { @top-center { content: none; } @bottom-right { content: none; } }
html { font-family: "Liberation Sans", Arial, "DejaVu Sans", sans-serif; font-size: 10.5pt;
       color: #1a1a1a; line-height: 1.45; }
body { max-width: 960px; margin: 0 auto; padding: 0 1.2em; }
.running { string-set: running content(); display: none; }
h1 { font-size: 1.7em; color: #12355b; margin: 1.2em 0 0.4em; }
h2 { font-size: 1.3em; color: #12355b; margin: 1.1em 0 0.4em; }
section.level-1 { break-before: page; }
.cover { padding-top: 30%; }
.cover h1 { font-size: 2.3em; margin-bottom: 0.2em; }
.cover .subtitle { font-size: 1.2em; color: #333; }
.cover .edition { margin-top: 2em; font-weight: bold; color: #9a3412; }
nav.toc { break-before: page; }
nav.toc ol { list-style: none; padding-left: 0; }
nav.toc li { margin: 0.25em 0; }
nav.toc a { color: #12355b; text-decoration: none; }
@media print { nav.toc a::after { content: leader('.') target-counter(attr(href), page); } }
p.lead { font-size: 1.05em; }
p.subhead { font-weight: bold; color: #12355b; font-size: 1.1em; margin: 0.9em 0 0.2em;
            break-after: avoid; }
p.note { color: #444; font-size: 0.92em; border-left: 3px solid #c9d6e3; padding-left: 0.6em; }
ul { padding-left: 1.3em; } li { margin: 0.25em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0 0.3em; font-size: 0.9em; }
caption { caption-side: top; text-align: left; font-weight: bold; margin-bottom: 0.3em;
          break-after: avoid; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.25em 0.45em; vertical-align: top;
         text-align: left; }
th { background: #eef2f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #555; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.table-notes { font-size: 0.85em; color: #444; margin-top: 0; }
figure { margin: 1em 0; break-inside: avoid; }
figure svg, figure img { max-width: 100%; height: auto; }
@media print { figure img { max-height: 82mm; } figure.map img { max-height: 150mm; }
  figure.compact img { max-height: 58mm; } }
figcaption { font-weight: bold; margin-bottom: 0.3em; break-after: avoid; }
.figure-note, .figure-source { font-size: 0.85em; color: #444; margin: 0.2em 0; }
table.findings { font-size: 0.84em; }
table.findings th[scope=row] { width: 18%; color: #12355b; }
table.findings td.verdict { width: 34%; color: #333; }
footer { margin-top: 2em; font-size: 0.85em; color: #555; }
h1, h2, h3 { break-after: avoid; }
h2.sub { font-size: 1.15em; margin-top: 1.4em; }
nav.toc h3 { font-size: 1.05em; margin: 1em 0 0.3em; color: #12355b; }
nav.toc li.sub { padding-left: 1.6em; font-size: 0.95em; }
section.appendix.first { break-before: page; }
/* A table keeps its caption and first rows with it, and its last rows and notes: no page
   holds one row or only notes. A short table is never split. */
.table-block { margin: 0.8em 0 0.3em; }
.table-block.short { break-inside: avoid; }
.table-block table { margin: 0; }
tbody tr:first-child, tbody tr:nth-child(2) { break-after: avoid; }
tbody tr:last-child, tbody tr:nth-last-child(2) { break-before: avoid; }
.table-notes { break-before: avoid; }
.with-next { break-after: avoid; }
figure + .table-block, .table-block + figure.map { break-before: avoid; }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ doc.title }}</title>
<style>{{ css|safe }}</style>
</head>
<body>
<p class="running">{{ doc.running_header }}</p>
<header class="cover">
  <h1>{{ doc.title }}</h1>
  <p class="subtitle">{{ doc.subtitle }}</p>
  <p class="edition">{{ edition_label }}</p>
  <p>Generated {{ doc.generated_at.strftime("%d %B %Y") }} by Safer Insight.</p>
</header>
<nav class="toc" aria-label="Contents">
  <h2>Contents</h2>
  <ol>{% for s, label in entries if not s.appendix %}
    {{ entry(s, label) }}{% endfor %}
  </ol>{% if appendices %}
  <h3>Appendices</h3>
  <ol>{% for s, label in entries if s.appendix %}
    {{ entry(s, label) }}{% endfor %}
  </ol>{% endif %}
</nav>
<main>
{% for s, label in entries %}{{ section(s, label) }}{% endfor %}
</main>
<footer>Contains public sector information licensed under the Open Government Licence v3.0.
Contains OS data &copy; Crown copyright and database right 2023.</footer>
</body>
</html>
"""


def render_html(document: Document, *, svg_images: bool = False) -> str:
    """The document as one HTML file with inline CSS and SVG: no external reference.

    With ``svg_images`` each chart is an ``<img>`` whose source is the SVG as a ``data:`` URI
    instead of inline markup. The drawing is the same vector SVG; WeasyPrint parses it with
    an XML parser rather than as part of the HTML and styles none of its elements, which
    makes the PDF about 20% faster. Browsers get the inline form, which screen readers read.
    """
    environment = Environment(autoescape=select_autoescape(default=True))
    template = environment.from_string(TEMPLATE)
    edition = (
        "Public edition: small numbers are suppressed and counts rounded"
        if document.edition == "public"
        else "Full edition: contains unrounded figures; not for publication"
    )
    mark = NOT_A_COUNT if document.edition == "public" else ""
    first = next((s.anchor for s in document.sections if s.appendix), None)
    return template.render(
        doc=document,
        css=CSS,
        section=lambda item, label: _section(item, label, mark, svg_images, item.anchor == first),
        entries=list(zip(document.sections, document.labels(), strict=True)),
        entry=lambda item, label: _entry(item, label, mark),
        appendices=first is not None,
        edition_label=edition,
        mark=mark,
    )


def _entry(section: Section, label: str, mark: str) -> str:
    """A line of the contents (a level 2 section indented)."""
    from markupsafe import Markup

    sub = ' class="sub"' if section.level > 1 else ""
    return Markup(
        f'<li{sub}><a href="#{section.anchor}">{marked_label(label, mark)}. '
        f"{html.escape(section.title)}</a></li>"
    )


def _section(section: Section, label: str, mark: str, svg_images: bool, first: bool) -> str:
    """A section: level 1 under an ``h1`` (a new page in print), level 2 under an ``h2``."""
    from markupsafe import Markup

    classes = [f"level-{section.level}"]
    if section.appendix:
        classes += ["appendix", "first"] if first else ["appendix"]
    level = min(section.level, 2)
    heading = ' class="sub"' if level > 1 else ""
    parts = [
        f'<section class="{" ".join(classes)}" id="{section.anchor}" '
        f'aria-labelledby="{section.anchor}-h">',
        f'<h{level} id="{section.anchor}-h"{heading}>{marked_label(label, mark)}. '
        f"{html.escape(section.title)}</h{level}>",
    ]
    figure_number = 0
    for block in section.blocks:
        if isinstance(block, Figure):
            figure_number += 1
        parts.append(_block(block, f"{label}.{figure_number}", svg_images))
    parts.append("</section>")
    return Markup("\n".join(parts))


def _block(block: object, figure_label: str, svg_images: bool = False) -> str:
    if isinstance(block, Paragraph):
        style = f' class="{block.style}"' if block.style else ""
        return f"<p{style}>{html.escape(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{html.escape(i)}</li>" for i in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        chart = block.chart
        if svg_images:
            data = base64.b64encode(chart.svg().encode("utf-8")).decode("ascii")
            drawing = (
                f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(chart.alt_text)}">'
            )
        else:
            drawing = _SVG_OPEN.sub(
                f'<svg role="img" aria-label="{html.escape(chart.alt_text)}"',
                _NAMESPACES.sub("", chart.svg()),
                count=1,
            )
        notes = "".join(f'<p class="figure-note">{html.escape(n)}</p>' for n in chart.notes)
        return (
            f'<figure id="figure-{chart.key}"{_figure_class(chart.key)}>'
            f"<figcaption>Figure {figure_label}: "
            f"{html.escape(chart.title)}</figcaption>{drawing}{notes}"
            f'<p class="figure-source">{html.escape(chart.source)}</p></figure>'
        )
    if isinstance(block, KeyFindings):
        rows = "".join(
            f'<tr><th scope="row">{html.escape(f.title)}</th><td>{html.escape(f.text)}</td>'
            f'<td class="verdict">{html.escape(f.verdict)}</td></tr>'
            for f in block.findings
        )
        return (
            '<table class="findings"><caption>Key findings and what the statistics say'
            '</caption><thead><tr><th scope="col">Theme</th><th scope="col">Finding</th>'
            f'<th scope="col">Statistical verdict</th></tr></thead><tbody>{rows}</tbody>'
            "</table>"
        )
    raise TypeError(f"unknown block {type(block).__name__}")


def _table(table: Table) -> str:
    numeric = table.numeric or tuple(False for _ in table.header)
    num = ' class="num"'
    head = "".join(
        f'<th scope="col"{num if n else ""}>{html.escape(h)}</th>'
        for h, n in zip(table.header, numeric, strict=True)
    )
    body = []
    for index, row in enumerate(table.rows):
        total = table.total_row and index == len(table.rows) - 1
        cells = []
        for column, (cell, n) in enumerate(zip(row, numeric, strict=True)):
            tag = "th" if column == 0 else "td"
            scope = ' scope="row"' if column == 0 else ""
            cls = num if n else ""
            cells.append(f"<{tag}{scope}{cls}>{html.escape(cell)}</{tag}>")
        row_class = ' class="total"' if total else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    notes = "".join(f'<p class="table-notes">{html.escape(n)}</p>' for n in table.notes)
    size = "short" if len(table.rows) <= SHORT_TABLE else "long"
    return (
        f'<div class="table-block {size}">'
        f"<table><caption>{html.escape(table.caption)}</caption><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(body)}</tbody></table>{notes}</div>"
    )
