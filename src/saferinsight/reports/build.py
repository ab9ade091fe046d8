"""``build_report``: the strategic assessment for an area and period, written as HTML, PDF and
Word, with the public edition checked for disclosive numbers before it is written."""

from __future__ import annotations

import html as html_module
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from saferinsight.errors import DisclosureError, Hint, OptionError
from saferinsight.reports.disclosure import DEFAULT_RULE, DisclosureRule, find_disclosive_numbers
from saferinsight.reports.workers import RenderWorkers

# The analysis and report modules take a third of a second to import: build_report imports
# them once its worker processes have started, so that the workers' start-up overlaps them.
if TYPE_CHECKING:
    from saferinsight.reports.document import Document
    from saferinsight.workspace import Workspace

FORMATS = ("html", "pdf", "docx")


@dataclass(frozen=True)
class ReportFiles:
    """What ``build_report`` wrote, and how long each step took."""

    paths: dict[str, Path]
    public: bool
    seconds: dict[str, float] = field(default_factory=dict)
    figures: int = 0
    tables: int = 0


def report_name(area: str, period: str, *, public: bool) -> str:
    """A file name stem such as 'shropshire-strategic-assessment-2024-25-public'.

    Examples
    --------
    >>> report_name("Telford and Wrekin", "2024/25", public=False)
    'telford-and-wrekin-strategic-assessment-2024-25'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", f"{area} strategic assessment {period}".lower()).strip("-")
    return slug + ("-public" if public else "")


def build_report(
    workspace: Workspace,
    area: str,
    *,
    period: str,
    formats: Sequence[str] = FORMATS,
    public: bool = False,
    compare: Sequence[str] | None = None,
    denominator_year: int | None = None,
    out_dir: Path | None = None,
    rule: DisclosureRule = DEFAULT_RULE,
) -> ReportFiles:
    """Analyse the area and write the strategic assessment in the requested formats.

    PDF is written last, so that a machine without Pango still gets the HTML and Word files
    before the error that says how to install it.

    Raises
    ------
    OptionError
        An option has a value it cannot take (checked before any work starts): an unknown
        format, a malformed period, a denominator year out of range, an output folder that is
        a file; and the options of :func:`~saferinsight.analysis.engine.analyse_area`.
    DisclosureError
        The public edition still contains disclosive numbers; nothing was written.
    """
    _check_options(formats, period=period, denominator_year=denominator_year, out_dir=out_dir)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    # Charts, the PDF's layout and the Word file's pictures are drawn in worker processes,
    # which start now so that their imports overlap ours and the analysis.
    with RenderWorkers(pdf="pdf" in formats) as workers:
        from saferinsight.analysis.engine import analyse_area
        from saferinsight.analysis.partners.engine import analyse_partner_datasets
        from saferinsight.reports.strategic_assessment import build_strategic_assessment
        from saferinsight.store.analysis import ward_boundaries

        with workspace.open_warehouse(read_only=True) as warehouse:
            analysis = analyse_area(
                warehouse,
                area,
                period=period,
                compare=compare,
                denominator_year=denominator_year,
                workspace_name=str(workspace.root),
            )
            boundaries = ward_boundaries(warehouse.con, analysis.area.lad_codes)
            # The charts come from the police.uk analysis alone: draw them while the partner
            # datasets are analysed.
            charts = build_strategic_assessment(
                analysis, boundaries=boundaries, public=public, rule=rule
            ).figures()
            drawn = workers.draw([figure.chart for figure in charts])
            partners = analyse_partner_datasets(warehouse.con, analysis.area, analysis.period)
        timings["analysis"] = time.perf_counter() - started
        document = build_strategic_assessment(
            analysis, boundaries=boundaries, public=public, rule=rule, partners=partners
        )
        if public:
            verify_public(document, rule=rule)
        target = out_dir or workspace.root / "reports"
        target.mkdir(parents=True, exist_ok=True)
        stem = report_name(analysis.area.name, analysis.period.label, public=public)
        paths: dict[str, Path] = {}
        step = time.perf_counter()
        from saferinsight.reports.html import render_html

        drawn()
        text = render_html(document)
        timings["html"] = time.perf_counter() - step
        pdf = workers.pdf(render_html(document, svg_images=True)) if "pdf" in formats else None
        if "html" in formats:
            paths["html"] = _write(target / f"{stem}.html", text.encode("utf-8"))
        if "docx" in formats:
            from saferinsight.reports.docx import render_docx

            step = time.perf_counter()
            workers.rasterise([figure.chart for figure in document.figures()])
            paths["docx"] = _write(target / f"{stem}.docx", render_docx(document))
            timings["docx"] = time.perf_counter() - step
        if pdf is not None:
            step = time.perf_counter()
            paths["pdf"] = _write(target / f"{stem}.pdf", pdf.result())
            timings["pdf wait"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    return ReportFiles(paths, public, timings, len(document.figures()), len(document.tables()))


def _check_options(
    formats: Sequence[str], *, period: str, denominator_year: int | None, out_dir: Path | None
) -> None:
    from saferinsight.analysis.engine import check_options
    from saferinsight.periods import parse_period

    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats or isinstance(formats, str):
        raise OptionError(
            "formats",
            f"names {', '.join(map(repr, unknown)) or 'no format'}; choose one or more of "
            f"{', '.join(FORMATS)}.",
            hint=Hint("retry", "Choose the formats to write.", options={"formats": FORMATS}),
        )
    parse_period(period)
    check_options(denominator_year=denominator_year)
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise OptionError(
            "out_dir",
            f"{str(out_dir)!r} is a file, not a folder.",
            hint=Hint("retry", "Choose a folder for the report files."),
        )


def _write(path: Path, data: bytes) -> Path:
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def document_text(document: Document) -> list[tuple[str, str]]:
    """(location, text) of every piece of text a reader sees, charts' titles, notes and
    sources included."""
    from saferinsight.reports.document import Bullets, Figure, KeyFindings, Paragraph, Table

    pieces: list[tuple[str, str]] = [("title", document.title), ("subtitle", document.subtitle)]
    for number, section in enumerate(document.sections, start=1):
        where = f"section {number} ({section.title})"
        for block in section.blocks:
            if isinstance(block, Paragraph):
                pieces.append((where, block.text))
            elif isinstance(block, Bullets):
                pieces.extend((where, item) for item in block.items)
            elif isinstance(block, KeyFindings):
                for finding in block.findings:
                    pieces += [(where, finding.text), (where, finding.verdict)]
            elif isinstance(block, Figure):
                chart = block.chart
                at = f"{where}, figure '{chart.title}'"
                pieces.extend((at, text) for text in (chart.title, *chart.notes, chart.source))
            elif isinstance(block, Table):
                pieces.append((where, block.caption))
                pieces.extend((where, note) for note in block.notes)
                for row in block.rows:
                    label = row[0]
                    pieces.extend(
                        (
                            f"{where}, table '{block.caption}', row '{label}', column '{header}'",
                            cell,
                        )
                        for header, cell in zip(block.header[1:], row[1:], strict=True)
                    )
    return pieces


def verify_public(document: Document, *, rule: DisclosureRule = DEFAULT_RULE) -> None:
    """Re-read a public document and fail if any count breaks the disclosure rule."""
    problems = []
    for location, text in document_text(document):
        for violation in find_disclosive_numbers(html_module.unescape(text), rule=rule):
            problems.append(f"{location}: {violation.value} ({violation.reason})")
    if problems:
        shown = "\n  ".join(problems[:20])
        raise DisclosureError(
            f"the public edition still contains {len(problems)} disclosive number(s); it was "
            f"not written:\n  {shown}"
        )
