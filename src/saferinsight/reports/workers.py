"""Worker processes for the report's slow steps: drawing charts (vl-convert), laying out the
PDF (WeasyPrint) and rasterising charts for Word.

A report has about 60 charts and, with partner data, over 100 PDF pages; one process would
take twice as long as two on a two-core laptop. The workers are spawned (not forked: the
parent holds DuckDB's threads) when the report starts, and warm up (import, start vl-convert's
JavaScript engine) while the parent runs the analysis.

A long-lived caller (a web server's job runner) can keep one :class:`RenderWorkers` for many
reports and pass it to :func:`saferinsight.reports.build.build_report`; any object with the
methods of :class:`RenderExecutor` will do.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # charts imports the analysis modules: the parent imports it after spawning
    from saferinsight.reports.chart import Chart

__all__ = ["RenderExecutor", "RenderWorkers"]

PROCESSES = 2


class RenderExecutor(Protocol):
    """What the report pipeline asks of the processes that draw its charts and lay out its PDF.

    :class:`RenderWorkers` is one; the pipeline never closes one it is given.
    """

    def draw(self, charts: Sequence[Chart]) -> Callable[[], None]:
        """Start rendering the charts' SVGs; the function returned waits for them and caches
        them for :meth:`Chart.svg`."""

    def rasterise(self, charts: Sequence[Chart]) -> None:
        """Render the charts' PNGs and cache them for :meth:`Chart.png`."""

    def pdf(self, html: str) -> Future[bytes]:
        """Start laying out the PDF of ``html``."""


class RenderWorkers:
    """A pool of spawned processes that draws charts and lays out the PDF.

    Use as a context manager, or call :meth:`close`; the processes end with it. One pool can
    serve any number of reports, from any thread.

    ``pdf`` warms WeasyPrint up in the workers as well as vl-convert (a PDF can be asked of
    a pool without it: the first one then takes longer).
    """

    def __init__(self, *, pdf: bool, processes: int = PROCESSES) -> None:
        self._pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
        self._warm = [self._pool.submit(_warm_up, pdf) for _ in range(processes)]
        self._map = functools.partial(self._pool.map, chunksize=4)
        self._closed = False

    def __enter__(self) -> RenderWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has ended the processes."""
        return self._closed

    def close(self) -> None:
        """End the processes (cancelling work not yet started)."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

    def draw(self, charts: Sequence[Chart]) -> Callable[[], None]:
        """Start rendering the charts' SVGs in the workers; call the function returned to
        wait for them (then :meth:`Chart.svg` is cached)."""
        from saferinsight.reports.chart import prerender

        return prerender(charts, self._map)

    def rasterise(self, charts: Sequence[Chart]) -> None:
        """Render the charts' PNGs in the workers (then :meth:`Chart.png` is cached)."""
        from saferinsight.reports.chart import prerender_png

        prerender_png(charts, self._map)

    def pdf(self, html: str) -> Future[bytes]:
        """Start laying out the PDF of ``html`` in a worker."""
        from saferinsight.reports.pdf import render_pdf

        for warm in self._warm:
            warm.result()
        return self._pool.submit(render_pdf, html)


def _warm_up(pdf: bool) -> None:
    """Import and start vl-convert (its JavaScript engine takes half a second) and WeasyPrint."""
    from saferinsight.reports.chart import spec_to_svg

    spec_to_svg('{"mark": "point", "data": {"values": [{"a": 1}]}}')
    if pdf:
        with contextlib.suppress(OSError):  # render_pdf reports a missing Pango, with the fix
            import weasyprint  # type: ignore[import-untyped]  # noqa: F401
