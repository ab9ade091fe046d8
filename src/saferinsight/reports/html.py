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
)

#: Namespace declarations are names, not resources; HTML5 gives inline SVG its namespace.
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_SVG_OPEN = re.compile(r"<svg\b")

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
figcaption { font-weight: bold; margin-bottom: 0.3em; break-after: avoid; }
.figure-note, .figure-source { font-size: 0.85em; color: #444; margin: 0.2em 0; }
table.findings { font-size: 0.84em; }
table.findings th[scope=row] { width: 18%; color: #12355b; }
table.findings td.verdict { width: 34%; color: #333; }
footer { margin-top: 2em; font-size: 0.85em; color: #555; }
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
  <ol>{% for s in doc.sections %}
    <li><a href="#{{ s.anchor }}">{{ mark }}{{ loop.index }}. {{ s.title }}</a></li>{% endfor %}
  </ol>
</nav>
<main>
{% for s in doc.sections %}{{ section(s, loop.index) }}{% endfor %}
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
    return template.render(
        doc=document,
        css=CSS,
        section=lambda item, number: _section(item, number, mark, svg_images),
        edition_label=edition,
        mark=mark,
    )


def _section(section: Section, number: int, mark: str, svg_images: bool) -> str:
    from markupsafe import Markup

    parts = [
        f'<section class="level-{section.level}" id="{section.anchor}" '
        f'aria-labelledby="{section.anchor}-h">',
        f'<h1 id="{section.anchor}-h">{mark}{number}. {html.escape(section.title)}</h1>',
    ]
    figure_number = 0
    for block in section.blocks:
        if isinstance(block, Figure):
            figure_number += 1
        parts.append(_block(block, f"{number}.{figure_number}", svg_images))
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
            f'<figure id="figure-{chart.key}"><figcaption>Figure {figure_label}: '
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
    return (
        f"<table><caption>{html.escape(table.caption)}</caption><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(body)}</tbody></table>{notes}"
    )
