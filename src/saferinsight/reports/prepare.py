"""The report pipeline's middle step: from the analysis to everything a report edition draws.

:func:`prepare_report` takes the analysis engine's results and computes what the document then
only lays out: the ward shapes ready to draw and the choropleth classes of each theme's ward
map. The police.uk themes are open data, printed exactly in every edition (methods.md 3.6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from saferinsight.analysis.choropleth import Choropleth, ward_choropleth
from saferinsight.analysis.results import AreaAnalysis, ThemeAnalysis
from saferinsight.geo.shapes import WardShape, ward_shapes
from saferinsight.reports.disclosure import DEFAULT_RULE, DisclosureRule
from saferinsight.reports.edition import Edition

if TYPE_CHECKING:
    from saferinsight.analysis.assessment import Assessment
    from saferinsight.analysis.benchmark import Benchmark
    from saferinsight.analysis.partners.engine import PartnerAnalysis
    from saferinsight.reports.places import PlacesReport

__all__ = ["ReportData", "prepare_report"]


@dataclass(frozen=True)
class ReportData:
    """Everything one edition of the strategic assessment draws.

    Attributes
    ----------
    analysis
        The area's analysis, as the engine computed it.
    edition
        The edition: full, or public with its disclosure rule.
    themes
        The police.uk themes, as the analysis gives them (open data: the same in every edition).
    shapes
        The wards to map, ready to draw (none: no maps).
    maps
        The choropleth classes of each theme's ward map (rates per 1,000 residents), by theme
        key. Only themes with ward figures have one.
    partners
        The partner datasets' analyses, or ``None`` for a report without partner sections.
    benchmark
        The area against every partnership and its peers (the peers section), or ``None``.
    places
        The places section (:func:`saferinsight.reports.places.prepare_places`), or ``None``
        for a report without one.
    assessment
        The themes ranked and the wards' changes tested, for the summary that sets priorities
        (:func:`saferinsight.analysis.assessment.assess_in`); ``None``: the summary is the
        police.uk key findings alone.
    """

    analysis: AreaAnalysis
    edition: Edition
    themes: tuple[ThemeAnalysis, ...]
    shapes: tuple[WardShape, ...] = ()
    maps: Mapping[str, Choropleth] = field(default_factory=dict)
    partners: PartnerAnalysis | None = None
    benchmark: Benchmark | None = None
    places: PlacesReport | None = None
    assessment: Assessment | None = None


def prepare_report(
    analysis: AreaAnalysis,
    *,
    boundaries: Sequence[tuple[str, str, str, str]] = (),
    public: bool = False,
    rule: DisclosureRule = DEFAULT_RULE,
    partners: PartnerAnalysis | None = None,
) -> ReportData:
    """What one edition of the strategic assessment draws, from the analysis.

    Parameters
    ----------
    analysis
        The area's analysis (:func:`saferinsight.analysis.engine.analyse_area`).
    boundaries
        ``(ward code, name, boundary version, GeoJSON)`` of the wards to map, as
        :func:`saferinsight.store.analysis.ward_boundaries` returns them; none for no maps.
    public
        A public edition, with disclosure control by ``rule``.
    rule
        The disclosure rule of a public edition.
    partners
        The partner datasets' analyses, for their sections.

    Returns
    -------
    ReportData
        The input of :func:`saferinsight.reports.strategic_assessment.
        build_strategic_assessment`. Nothing in ``analysis`` is modified.
    """
    shapes = ward_shapes(boundaries)
    codes = [shape.code for shape in shapes]
    maps = (
        {
            theme.theme.key: ward_choropleth(theme.ward_counts, codes, measure="rate")
            for theme in analysis.themes
            if theme.top_wards
        }
        if shapes
        else {}
    )
    return ReportData(analysis, Edition(public, rule), analysis.themes, shapes, maps, partners)
