"""A chart: a self-contained Vega-Lite spec with its text, drawn offline by vl-convert.

:class:`Chart` carries the spec (data inline, no URLs), its title, notes, source and alternative
text; :func:`make_chart` builds one; SVG and PNG drawings are cached by spec.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SOURCE",
    "Chart",
    "make_chart",
    "prerender",
    "prerender_png",
    "spec_to_svg",
    "svg_to_png",
]

#: Plot area of a chart, in pixels (axes, titles and legends come on top: about 640 wide).
WIDTH = 560
HEIGHT = 280
#: Plot width of bar charts, whose category labels take room on the left.
BAR_WIDTH = 420

BLUE = "#1F77B4"
ORANGE = "#FF7F0E"
PURPLE = "#9467BD"
GREY = "#7F7F7F"
LIGHT_BLUE = "#AEC7E8"
LIGHT_GREY = "#C7C7C7"
INK = "#333333"

SOURCE = "Source: police.uk street records; Safer Insight analysis"

#: Liberation Sans first: vl-convert ships it and measures labels with it, and the PDF draws
#: with it too (Debian fonts-liberation2, installed by make), so legends and axis labels are
#: laid out for the width they are drawn at. It has Arial's metrics, which browsers on Windows
#: use instead. (A font vl-convert does not have is measured by a rough estimate, too narrow
#: for DejaVu Sans, and DejaVu Sans itself makes vl-convert three times slower.)
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    # No ARIA label per mark: the SVG gets the chart's title and alternative text instead.
    "aria": False,
    "padding": 8,
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": 11,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "labelColor": INK,
        "titleColor": INK,
        "domainColor": "#888888",
        "tickColor": "#888888",
        "gridColor": "#E6E6E6",
    },
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal"},
}

#: Rendered charts by content (a report has about 60; both editions fit).
_SVG_CACHE: dict[str, str] = {}
_PNG_CACHE: dict[tuple[str, float], bytes] = {}
_CACHE_SIZE = 256

# SPC point classes: legend label, colour, shape.


@dataclass(frozen=True)
class Chart:
    """A chart of the report: a Vega-Lite spec with its title, notes, alternative text and
    source.

    Attributes
    ----------
    key
        A stable identifier such as ``"asb-twelve-months"`` (for file names and anchors).
    title
        The title, with the period: the report prints it above the drawing.
    alt_text
        What the chart shows, with the key numbers, for screen readers and Word.
    source
        The source line the report prints under the drawing.
    spec
        The Vega-Lite spec of the drawing: self-contained, with its data inline under
        ``datasets``.
    notes
        Paragraphs on how to read the chart (method, lines and marks), printed under it.
    """

    key: str
    title: str
    alt_text: str
    source: str
    spec: dict[str, Any] = field(hash=False)
    notes: tuple[str, ...] = ()

    def svg(self) -> str:
        """The chart as an SVG document, rendered offline (cached by the spec's content).

        The title and the alternative text come first, as ``<title>`` and ``<desc>``: an SVG
        file opened on its own describes itself. (The HTML report adds ``role`` and
        ``aria-label`` where it embeds the SVG.)

        Examples
        --------
        >>> chart = make_chart("demo", "Demo, 2024/25", alt_text="Two bars.", source=SOURCE,
        ...                    body={"mark": "bar", "data": {"name": "rows"},
        ...                          "encoding": {"x": {"field": "n", "type": "quantitative"}}},
        ...                    datasets={"rows": [{"n": 1}, {"n": 2}]})
        >>> chart.svg().startswith("<svg")
        True
        """
        svg = _render_svg(self.spec_text())
        end = svg.index(">") + 1
        return (
            f"{svg[:end]}<title>{html.escape(self.title)}</title>"
            f"<desc>{html.escape(self.alt_text)}</desc>{svg[end:]}"
        )

    def png(self, *, scale: float = 2.0) -> bytes:
        """The chart as a PNG image, ``scale`` times its size in pixels (for Word).

        Examples
        --------
        >>> chart = make_chart("demo", "Demo, 2024/25", alt_text="Two bars.", source=SOURCE,
        ...                    body={"mark": "bar", "data": {"name": "rows"},
        ...                          "encoding": {"x": {"field": "n", "type": "quantitative"}}},
        ...                    datasets={"rows": [{"n": 1}, {"n": 2}]})
        >>> chart.png(scale=1.0)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
        True
        """
        svg = self.svg()
        key = (hashlib.sha256(svg.encode("utf-8")).hexdigest(), scale)
        data = _PNG_CACHE.get(key)
        if data is None:
            data = svg_to_png(svg, scale)
            _remember(_PNG_CACHE, key, data)
        return data

    def spec_text(self) -> str:
        """The spec as canonical JSON (what vl-convert reads, and the SVG cache's key)."""
        # allow_nan=False: NaN is not JSON, and a NaN in a result should fail loudly here.
        return json.dumps(self.spec, sort_keys=True, separators=(",", ":"), allow_nan=False)


def spec_to_svg(text: str) -> str:
    """Render a Vega-Lite spec (JSON text) to SVG; nothing may be fetched."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(text, allowed_base_urls=[]))


def svg_to_png(svg: str, scale: float) -> bytes:
    """Rasterise an SVG (for Word)."""
    import vl_convert

    data: bytes = vl_convert.svg_to_png(svg, scale=scale)
    return data


def prerender(charts: Sequence[Chart], mapper: Callable[..., Iterable[Any]]) -> Callable[[], None]:
    """Start rendering the SVGs of ``charts`` not yet cached with ``mapper`` (such as a
    process pool's ``map``, which submits at once); the function returned waits for them and
    caches them for :meth:`Chart.svg`."""
    texts = {}
    for chart in charts:
        text = chart.spec_text()
        digest = _digest(text)
        if digest not in _SVG_CACHE:
            texts[digest] = text
    results = mapper(spec_to_svg, list(texts.values()))

    def finish() -> None:
        for digest, svg in zip(texts, results, strict=True):
            _remember(_SVG_CACHE, digest, svg)

    return finish


def prerender_png(
    charts: Sequence[Chart], mapper: Callable[..., Iterable[Any]], *, scale: float = 2.0
) -> None:
    """Rasterise the charts not yet cached with ``mapper``, for :meth:`Chart.png`."""
    svgs = {}
    for chart in charts:
        svg = chart.svg()
        key = (_digest(svg), scale)
        if key not in _PNG_CACHE:
            svgs[key] = svg
    scales = [scale] * len(svgs)
    for key, data in zip(svgs, mapper(svg_to_png, list(svgs.values()), scales), strict=True):
        _remember(_PNG_CACHE, key, data)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = value


def _render_svg(text: str) -> str:
    digest = _digest(text)
    svg = _SVG_CACHE.get(digest)
    if svg is None:
        svg = spec_to_svg(text)
        _remember(_SVG_CACHE, digest, svg)
    return svg


def make_chart(
    key: str,
    title: str,
    *,
    alt_text: str,
    source: str,
    body: dict[str, Any],
    datasets: dict[str, Any],
    notes: Sequence[str] = (),
) -> Chart:
    """A report chart: the drawing's spec, with the title, notes and source kept as text.

    Parameters
    ----------
    key, title, alt_text, source
        As for :class:`Chart`.
    body
        A unit or layer spec without a title; it gets the default size unless it sets one.
    datasets
        Inline data, referred to from ``body`` as ``{"name": ...}``.
    notes
        Paragraphs on how to read the chart.

    Returns
    -------
    Chart

    Examples
    --------
    >>> chart = make_chart("demo", "Demo, 2024/25", alt_text="Two bars.", source=SOURCE,
    ...                    body={"mark": "bar", "data": {"name": "rows"},
    ...                          "encoding": {"x": {"field": "n", "type": "quantitative"}}},
    ...                    datasets={"rows": [{"n": 1}, {"n": 2}]}, notes=["Bars: counts."])
    >>> chart.notes, chart.spec["datasets"]["rows"], "title" in chart.spec
    (('Bars: counts.',), [{'n': 1}, {'n': 2}], False)
    """
    spec = {
        "width": WIDTH,
        "height": HEIGHT,
        **body,
        "description": alt_text,
        "datasets": datasets,
        "config": CONFIG,
    }
    return Chart(key, title, alt_text, source, spec, tuple(notes))
