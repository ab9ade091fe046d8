"""The strategic assessment for an area and period, in three steps a caller can use apart.

- :func:`build_document` analyses the area and builds the report as a :class:`Document`
  (a public edition is checked for disclosive numbers here, before anything is rendered);
- :func:`render_document` renders a document to bytes per format (HTML, PDF, Word, and the
  slide deck on request), writing nothing;
- :func:`write_report` writes rendered bytes to files.

:func:`build_report` composes them, as the ``safer report strategic-assessment`` command uses
it. Charts, the PDF's layout and Word's pictures are drawn by a :class:`~saferinsight.reports.
workers.RenderExecutor`: a caller that builds many reports (a web server's job runner) passes
one :class:`~saferinsight.reports.workers.RenderWorkers` it keeps alive; without one, each call
starts its own processes and ends them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html as html_module
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from saferinsight.errors import AppError, DisclosureError, Hint, OptionError
from saferinsight.reports.disclosure import DEFAULT_RULE, DisclosureRule
from saferinsight.reports.scan import find_disclosive_numbers
from saferinsight.reports.workers import RenderExecutor, RenderWorkers

# The analysis and report modules take a third of a second to import: build_report imports
# them once its worker processes have started, so that the workers' start-up overlaps them.
if TYPE_CHECKING:
    from concurrent.futures import Future

    from saferinsight.analysis.benchmark import Benchmark
    from saferinsight.analysis.results import AreaAnalysis
    from saferinsight.reports.document import Document
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "BuiltDocument",
    "DisclosureError",
    "RenderedFile",
    "RenderedReport",
    "ReportFiles",
    "build_document",
    "build_report",
    "document_text",
    "render_document",
    "render_files",
    "report_name",
    "verify_deck",
    "verify_public",
    "write_report",
]

#: Every format a report can be written in: the slide deck (``pptx``) is the board pack.
FORMATS = ("html", "pdf", "docx", "pptx")
#: The formats written when none are named.
DEFAULT_FORMATS = ("html", "pdf", "docx")


@dataclass(frozen=True)
class ReportFiles:
    """What ``build_report`` wrote, and how long each step took."""

    paths: dict[str, Path]
    public: bool
    seconds: dict[str, float] = field(default_factory=dict)
    figures: int = 0
    tables: int = 0


@dataclass(frozen=True)
class BuiltDocument:
    """What :func:`build_document` built.

    Attributes
    ----------
    document
        The report, ready to render (a public edition has passed :func:`verify_public`).
    name
        A file name stem for it (:func:`report_name`).
    seconds
        How long the analysis and the document took (``"analysis"``).
    """

    document: Document
    name: str
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def public(self) -> bool:
        """Whether this is a public edition."""
        return self.document.edition == "public"


@dataclass(frozen=True)
class RenderedFile:
    """One format of a rendered report: its bytes, and how long they took."""

    format: str
    data: bytes
    seconds: float


@dataclass(frozen=True)
class RenderedReport:
    """A report rendered in memory: the bytes of each format, in the order they were made
    (HTML, Word, PDF), and how long each took (PDF: the wait for its worker)."""

    data: Mapping[str, bytes]
    seconds: Mapping[str, float] = field(default_factory=dict)


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
    formats: Sequence[str] = DEFAULT_FORMATS,
    public: bool = False,
    compare: Sequence[str] | None = None,
    denominator_year: int | None = None,
    out_dir: Path | None = None,
    rule: DisclosureRule = DEFAULT_RULE,
    workers: RenderExecutor | None = None,
    weights: str | Mapping[str, float] | None = None,
    correction: str = "holm",
    peers: Mapping[str, float] | None = None,
) -> ReportFiles:
    """Analyse the area and write the strategic assessment in the requested formats.

    Files go to ``out_dir`` (by default the workspace's ``reports`` folder), named by
    :func:`report_name`. PDF is written last, so that a machine without Pango still gets the
    HTML and Word files before the error that says how to install it.

    ``workers`` draw the charts and lay out the PDF; they stay open for the caller. Without
    them, processes start at once (their start-up overlaps the analysis) and end on return.

    ``weights``, ``correction`` and ``peers`` are those of :func:`build_document`.
    """
    _check_options(formats, period=period, denominator_year=denominator_year, out_dir=out_dir)
    _check_summary_options(weights, correction)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if workers is None:
            workers = stack.enter_context(RenderWorkers(pdf="pdf" in formats))
        built = build_document(
            workspace,
            area,
            period=period,
            public=public,
            compare=compare,
            denominator_year=denominator_year,
            rule=rule,
            workers=workers,
            weights=weights,
            correction=correction,
            peers=peers,
        )
        timings = dict(built.seconds)
        timings["analysis"] = time.perf_counter() - started
        target = out_dir or workspace.root / "reports"
        target.mkdir(parents=True, exist_ok=True)
        paths: dict[str, Path] = {}
        for rendered in render_files(built.document, formats=formats, workers=workers):
            kind = rendered.format
            paths[kind] = _write(target / f"{built.name}.{kind}", rendered.data)
            timings["pdf wait" if kind == "pdf" else kind] = rendered.seconds
    timings["total"] = time.perf_counter() - started
    document = built.document
    return ReportFiles(paths, public, timings, len(document.figures()), len(document.tables()))


def build_document(
    workspace: Workspace,
    area: str,
    *,
    period: str,
    public: bool = False,
    compare: Sequence[str] | None = None,
    denominator_year: int | None = None,
    rule: DisclosureRule = DEFAULT_RULE,
    workers: RenderExecutor | None = None,
    weights: str | Mapping[str, float] | None = None,
    correction: str = "holm",
    peers: Mapping[str, float] | None = None,
) -> BuiltDocument:
    """Analyse the area and build the strategic assessment as a document, rendering nothing.

    The warehouse is opened read-only for the analysis. A public edition is checked with
    :func:`verify_public` and refused (:class:`DisclosureError`) if any count breaks ``rule``.

    With ``workers``, the charts are drawn in them while the partner datasets are analysed,
    and the call returns once they are drawn (:func:`render_document` then finds them
    cached); without, they are drawn when the document is rendered.

    The summary ranks the themes with ``weights`` (``"volume=1,harm=2"``, see
    :func:`saferinsight.analysis.priorities.parse_weights`), names the wards whose change holds
    after ``correction`` for the number of wards tested (``"holm"`` or ``"bh"``), and compares
    with peers when ``peers`` (theme key -> the area's rate over its peers') is given.
    """
    from saferinsight.analysis.assessment import assess_in
    from saferinsight.analysis.benchmark import peer_ratios
    from saferinsight.analysis.engine import analyse_in
    from saferinsight.analysis.partners.engine import analyse_partners_in
    from saferinsight.geo.national import with_national
    from saferinsight.reports.places import places_report
    from saferinsight.reports.prepare import prepare_report
    from saferinsight.reports.strategic_assessment import build_strategic_assessment
    from saferinsight.store.analysis import ward_boundaries

    _check_summary_options(weights, correction)
    started = time.perf_counter()
    drawn = None
    with workspace.reader() as warehouse:
        analysis = analyse_in(
            warehouse,
            area,
            period=period,
            compare=compare,
            denominator_year=denominator_year,
            workspace_name=str(workspace.root),
            clock=workspace.clock,
        )
        lads = analysis.area.lad_codes
        boundaries = with_national(ward_boundaries(warehouse, lads), lads)
        data = prepare_report(analysis, boundaries=boundaries, public=public, rule=rule)
        if compare is None:  # areas the user names keep the plain comparison section
            data = dataclasses.replace(data, benchmark=_benchmark(warehouse, analysis))
        data = dataclasses.replace(data, places=places_report(warehouse, analysis, boundaries))
        if workers is not None:
            # The charts come from the police.uk analysis alone: draw them while the partner
            # datasets are analysed.
            charts = build_strategic_assessment(data).figures()
            drawn = workers.draw([figure.chart for figure in charts])
        partners = analyse_partners_in(warehouse, analysis.area, analysis.period)
        if peers is None and data.benchmark is not None:
            peers = peer_ratios(data.benchmark)
        assessment = assess_in(
            warehouse, analysis, partners, weights=weights, peers=peers, correction=correction
        )
    data = dataclasses.replace(data, partners=partners, assessment=assessment)
    document = build_strategic_assessment(data)
    if public:
        verify_public(document, rule=rule)
    if drawn is not None:
        drawn()
    name = report_name(analysis.area.name, analysis.period.label, public=public)
    return BuiltDocument(document, name, {"analysis": time.perf_counter() - started})


def _benchmark(warehouse: Warehouse, analysis: AreaAnalysis) -> Benchmark | None:
    """The area against every partnership and its peers, or ``None`` when it cannot be
    benchmarked (not a partnership, its data or all its peers' incomplete)."""
    from saferinsight.analysis.benchmark import benchmark_in

    try:
        return benchmark_in(warehouse, analysis.area.code, period=analysis.period, themes="all")
    except AppError:
        return None


def render_document(
    document: Document,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    workers: RenderExecutor | None = None,
) -> RenderedReport:
    """The document rendered to bytes in each of ``formats`` (``html``, ``pdf``, ``docx``,
    ``pptx``).

    Nothing is written to disk. ``workers`` draw the charts and lay out the PDF and stay open
    for the caller; without them, processes start for this call and end with it.

    Raises
    ------
    OptionError
        On an unknown format.
    AppError
        If PDF is asked for and WeasyPrint cannot run (the message says what to install).
    """
    data: dict[str, bytes] = {}
    seconds: dict[str, float] = {}
    for rendered in render_files(document, formats=formats, workers=workers):
        data[rendered.format] = rendered.data
        seconds[rendered.format] = rendered.seconds
    return RenderedReport(data, seconds)


def render_files(
    document: Document,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    workers: RenderExecutor | None = None,
) -> Iterator[RenderedFile]:
    """Render the document format by format, as :func:`render_document` does, yielding each
    as it is ready: HTML, then Word, then the slide deck, then PDF (laid out meanwhile by a
    worker).

    A caller that writes each file as it comes keeps the HTML and Word files when the PDF
    fails.

    Raises
    ------
    OptionError
        On an unknown format (at once, not when the first file is asked for).
    """
    _check_formats(formats)
    return _render_files(document, formats, workers)


def _render_files(
    document: Document, formats: Sequence[str], workers: RenderExecutor | None
) -> Iterator[RenderedFile]:
    from saferinsight.reports.html import render_html

    with contextlib.ExitStack() as stack:
        if workers is None:
            workers = stack.enter_context(RenderWorkers(pdf="pdf" in formats))
        step = time.perf_counter()
        figures = [figure.chart for figure in document.figures()]
        workers.draw(figures)()
        text = render_html(document)
        html_seconds = time.perf_counter() - step
        pdf: Future[bytes] | None = None
        if "pdf" in formats:
            pdf = workers.pdf(render_html(document, svg_images=True))
        if "html" in formats:
            yield RenderedFile("html", text.encode("utf-8"), html_seconds)
        if "docx" in formats:
            from saferinsight.reports.docx import render_docx

            step = time.perf_counter()
            workers.rasterise(figures)
            data = render_docx(document)
            yield RenderedFile("docx", data, time.perf_counter() - step)
        if "pptx" in formats:
            from saferinsight.reports.deck import deck_slides
            from saferinsight.reports.pptx import render_pptx

            step = time.perf_counter()
            if document.edition == "public":
                verify_deck(document)
            # The deck's charts only (cached already when Word was rendered).
            workers.rasterise([s.figure.chart for s in deck_slides(document) if s.figure])
            data = render_pptx(document)
            yield RenderedFile("pptx", data, time.perf_counter() - step)
        if pdf is not None:
            step = time.perf_counter()
            data = pdf.result()
            yield RenderedFile("pdf", data, time.perf_counter() - step)


def write_report(rendered: RenderedReport, directory: Path, name: str) -> dict[str, Path]:
    """Write each format of a rendered report to ``directory/name.<format>`` (created if
    needed; each file replaced whole, never left half-written); return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    return {
        kind: _write(directory / f"{name}.{kind}", data) for kind, data in rendered.data.items()
    }


def _check_formats(formats: Sequence[str]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats or isinstance(formats, str):
        raise OptionError(
            "formats",
            f"names {', '.join(map(repr, unknown)) or 'no format'}; choose one or more of "
            f"{', '.join(FORMATS)}.",
            hint=Hint("retry", "Choose the formats to write.", options={"formats": FORMATS}),
        )


def _check_options(
    formats: Sequence[str], *, period: str, denominator_year: int | None, out_dir: Path | None
) -> None:
    from saferinsight.analysis.engine import check_options
    from saferinsight.core.periods import parse_period

    _check_formats(formats)
    parse_period(period)
    check_options(denominator_year=denominator_year)
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise OptionError(
            "out_dir",
            f"{str(out_dir)!r} is a file, not a folder.",
            hint=Hint("retry", "Choose a folder for the report files."),
        )


def _check_summary_options(weights: str | Mapping[str, float] | None, correction: str) -> None:
    from saferinsight.analysis.priorities import parse_weights
    from saferinsight.analysis.ward_change import check_correction

    parse_weights(weights)
    check_correction(correction)


def _write(path: Path, data: bytes) -> Path:
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def document_text(document: Document) -> list[tuple[str, str]]:
    """(location, text) of every piece of text a reader sees, charts' titles, alternative
    text, notes and sources included."""
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
                pieces.extend(
                    (at, text) for text in (chart.title, chart.alt_text, *chart.notes, chart.source)
                )
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
    """Re-read a public document and fail if any count breaks the disclosure rule, or if an
    attack on it (:func:`~saferinsight.reports.attack.attack_document`) recovers or narrows
    a protected count.

    Raises
    ------
    DisclosureError
        Naming each disclosive number and each leak (table, row, column, what is recovered).
    """
    from saferinsight.reports.attack import attack_document

    problems = []
    for location, text in document_text(document):
        for violation in find_disclosive_numbers(html_module.unescape(text), rule=rule):
            problems.append(f"{location}: {violation.value} ({violation.reason})")
    leaks = [leak.describe() for leak in attack_document(document, rule=rule)]
    if problems or leaks:
        parts = []
        if problems:
            shown = "\n  ".join(problems[:20])
            parts.append(f"{len(problems)} disclosive number(s):\n  {shown}")
        if leaks:
            shown = "\n  ".join(leaks[:20])
            parts.append(f"{len(leaks)} protected count(s) recoverable by an attack:\n  {shown}")
        raise DisclosureError(
            f"the public edition still contains {' and '.join(p.split(':')[0] for p in parts)}; "
            f"it was not written. Compute every figure beside a protected count from the "
            f"printed counts, or withhold it.\n" + "\n".join(parts)
        )


def verify_deck(document: Document) -> None:
    """Fail if the slide deck of a public document would print a number the document does not
    (the deck is made of the document's own text, shortened: a number of its own would be a
    defect, and one the disclosure check has not read).

    Raises
    ------
    DisclosureError
        Naming the numbers.
    """
    from saferinsight.reports.deck import deck_slides, uncovered_numbers

    extra = uncovered_numbers((text for _, text in document_text(document)), deck_slides(document))
    if extra:
        raise DisclosureError(
            "the public slide deck would print numbers its document does not: "
            f"{', '.join(sorted(extra))}; it was not written. Build the deck from the public "
            "document's text only."
        )
