"""A theme's page and a ward's or LSOA's profile.

A theme page draws the strategic assessment's own charts of the theme (months against a year
earlier, the control chart, three years, the wards with the most records, the ward map: the same
:class:`~saferinsight.reports.chart.Chart` objects the report draws), each with its data as a
table beneath, so that the page reads with JavaScript off and to a screen reader. A profile
gives an area's counts by theme and their change, with the same tests as the overview.
police.uk data is open, so these pages are the same for every member of the partnership.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferinsight.analysis.formatting import format_count, format_pct, format_signed
from saferinsight.analysis.results import ThemeAnalysis
from saferinsight.analysis.themes import THEMES, Theme
from saferinsight.dashboard.cache import RESULTS
from saferinsight.dashboard.overview import analysis_of, reading
from saferinsight.dashboard.scope import Choice, Scope, resolve_scope, within
from saferinsight.dashboard.tiles import Tile, theme_tile
from saferinsight.errors import Hint, OptionError
from saferinsight.records.permissions import Principal
from saferinsight.reports.chart import Chart

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = ["AreaProfile", "DataTable", "PageChart", "ThemePage", "area_profile", "theme_page"]


@dataclass(frozen=True)
class DataTable:
    """A chart's or a page's data as a table: the header, the rows as text, which columns are
    numbers, and for each row the area code its first cell links to (None: no link)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    links: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class PageChart:
    """A report chart on a page: its spec (for the interactive drawing), its static drawing
    (SVG, for JavaScript off) and its data table."""

    chart: Chart
    spec: str
    svg: str
    table: DataTable

    @property
    def svg_uri(self) -> str:
        """The static drawing as a ``data:`` address, for an ``img`` element."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True)
class ThemePage:
    """A theme's page: its tile, the analysis's sentences, the charts with their tables, and the
    other themes (for the page's navigation)."""

    scope: Scope
    theme: Theme
    themes: tuple[Choice, ...]
    tile: Tile | None = None
    narrative: tuple[str, ...] = ()
    charts: tuple[PageChart, ...] = ()


@dataclass(frozen=True)
class AreaProfile:
    """A ward's or LSOA's profile: a tile per theme, and the same figures as a table."""

    scope: Scope
    tiles: tuple[Tile, ...] = ()
    table: DataTable | None = None


def theme_page(
    workspace: Workspace,
    partnership: str,
    who: Principal,
    theme: str,
    *,
    period: str | None = None,
    area: str | None = None,
) -> ThemePage:
    """The page of one police.uk ``theme`` (a key of :data:`~saferinsight.analysis.themes.
    THEMES`) for the partnership's area or one of its wards, in a period.

    Raises
    ------
    OptionError
        ``theme`` is not a theme, or the period or area is not one of the choices.
    """
    chosen = next((t for t in THEMES if t.key == theme), None)
    if chosen is None:
        raise OptionError(
            "theme",
            f"{theme!r} is not a theme.",
            hint=Hint("retry", "Choose a theme from the overview."),
        )
    themes = tuple(Choice(t.key, t.title) for t in THEMES)
    with reading(workspace) as warehouse:
        scope = resolve_scope(workspace, warehouse, partnership, who, period=period, area=area)
        if warehouse is None or not scope.ready:
            return ThemePage(scope, chosen, themes)
        assert scope.area is not None
        assert scope.period is not None
        analysis = analysis_of(workspace, warehouse, scope.area, scope.period.label)
        found = next((t for t in analysis.themes if t.theme.key == theme), None)
        if found is None:
            return ThemePage(scope, chosen, themes)
        # The charts of this analysis (a newer analysis, after a load, draws its own).
        made = analysis.provenance.generated_at.isoformat()
        key = ("theme-charts", scope.area.code, scope.period.label, theme, made)
        charts = RESULTS.get(
            workspace, warehouse, key, lambda reader: _charts(reader, scope, found)
        )
    return ThemePage(scope, chosen, themes, theme_tile(found), found.narrative, charts)


def area_profile(
    workspace: Workspace,
    partnership: str,
    who: Principal,
    code: str,
    *,
    period: str | None = None,
) -> AreaProfile:
    """The profile of the ward or LSOA ``code`` of the partnership's area, in a period.

    Raises
    ------
    AreaError
        ``code`` is not a ward or LSOA of the partnership's area.
    """
    with reading(workspace) as warehouse:
        scope = resolve_scope(workspace, warehouse, partnership, who, period=period)
        if warehouse is None or not scope.ready:
            return AreaProfile(scope)
        assert scope.partnership_area is not None
        assert scope.period is not None
        place = within(warehouse, scope.partnership_area, code)
        analysis = analysis_of(workspace, warehouse, place, scope.period.label)
    scope = Scope(
        scope.partnership,
        scope.name,
        scope.partnership_area,
        place,
        scope.period,
        scope.periods,
        scope.areas,
    )
    tiles = tuple(theme_tile(theme) for theme in analysis.themes)
    return AreaProfile(scope, tiles, _profile_table(analysis.themes, scope))


def _profile_table(themes: tuple[ThemeAnalysis, ...], scope: Scope) -> DataTable:
    assert scope.period is not None
    assert scope.area is not None
    rows = []
    for theme in themes:
        test = theme.change.test
        rate = theme.current.rate
        rows.append(
            (
                theme.theme.title,
                format_count(theme.current.count),
                format_count(theme.previous.count),
                format_signed(test.absolute_change) if test else "",
                format_pct(test.pct_change) if test else "",
                test.verdict if test else (theme.change.note or "not tested"),
                f"{rate.value:.1f}" if rate is not None else "",
            )
        )
    return DataTable(
        f"Records by theme in {scope.area.name}, {scope.period.label} against "
        f"{scope.period.previous().label}",
        (
            "Theme",
            scope.period.label,
            scope.period.previous().label,
            "Change",
            "% change",
            "Statistical verdict",
            "Per 1,000 residents",
        ),
        tuple(rows),
        (False, True, True, True, True, False, True),
    )


def _charts(warehouse: Warehouse, scope: Scope, theme: ThemeAnalysis) -> tuple[PageChart, ...]:
    from saferinsight.reports import charts

    found: list[PageChart] = []
    for build, table in (
        (charts.twelve_month_chart, _twelve_months_table),
        (charts.spc_chart, _spc_table),
        (charts.three_year_chart, _months_table),
    ):
        chart = build(theme)
        if chart is not None:
            found.append(_page_chart(chart, table(theme)))
    assert scope.area is not None
    if scope.area.level in ("ward", "lsoa") or not theme.top_wards:
        return tuple(found)
    chart = charts.ward_rank_chart(theme)
    if chart is not None:
        found.append(_page_chart(chart, _wards_table(theme)))
    chart = _ward_map(warehouse, scope, theme)
    if chart is not None:
        found.append(_page_chart(chart, _map_table(theme)))
    return tuple(found)


def _ward_map(warehouse: Warehouse, scope: Scope, theme: ThemeAnalysis) -> Chart | None:
    from saferinsight.analysis.choropleth import ward_choropleth
    from saferinsight.geo.shapes import ward_shapes
    from saferinsight.reports.maps import ward_map
    from saferinsight.store.analysis import ward_boundaries

    assert scope.area is not None
    shapes = ward_shapes(ward_boundaries(warehouse, scope.area.lad_codes))
    classes = ward_choropleth(theme.ward_counts, [s.code for s in shapes], measure="rate")
    return ward_map(theme, shapes, classes)


def _page_chart(chart: Chart, table: DataTable) -> PageChart:
    return PageChart(chart, chart.spec_text(), chart.svg(), table)


def _twelve_months_table(theme: ThemeAnalysis) -> DataTable:
    now, before = theme.current.period.label, theme.current.period.previous().label
    rows = tuple(
        (
            _month(pair.month),
            format_count(pair.count),
            "" if pair.year_earlier is None else format_count(pair.year_earlier),
        )
        for pair in theme.twelve_months
    )
    return DataTable(
        f"{theme.theme.title} by month, {now} against {before}",
        ("Month", now, "A year earlier"),
        rows,
        (False, True, True),
    )


def _spc_table(theme: ThemeAnalysis) -> DataTable:
    assert theme.spc is not None
    rows = tuple(
        (
            _month(p.label),
            format_count(int(p.value)),
            f"{p.centre:,.1f}",
            "" if p.lower is None else f"{p.lower:,.1f}",
            "" if p.upper is None else f"{p.upper:,.1f}",
            p.classification if p.special_cause else "",
        )
        for p in theme.spc.points
    )
    return DataTable(
        f"{theme.theme.title}: control chart by month",
        ("Month", "Count", "Mean", "Lower limit", "Upper limit", "Signal"),
        rows,
        (False, True, True, True, True, False),
    )


def _months_table(theme: ThemeAnalysis) -> DataTable:
    rows = tuple((_month(label), format_count(n)) for label, n in theme.series)
    years = "; ".join(
        f"{y.period.label}: {format_count(y.count)}" + ("" if y.complete else " (partial)")
        for y in theme.three_years
    )
    return DataTable(
        f"{theme.theme.title} by month over three years (totals {years})",
        ("Month", "Count"),
        rows,
        (False, True),
    )


def _wards_table(theme: ThemeAnalysis) -> DataTable:
    rows = tuple(
        (
            w.name,
            str(w.rank),
            format_count(w.count),
            f"{w.share.value * 100:.1f}%",
            f"{w.share.interval.lower * 100:.1f}% to {w.share.interval.upper * 100:.1f}%",
            "" if w.rate is None else f"{w.rate.value:.1f}",
            ", ".join(str(r) for r in w.indistinguishable_from) or "-",
        )
        for w in theme.top_wards
    )
    return DataTable(
        f"The wards with the most {theme.theme.unit}, {theme.current.period.label}",
        (
            "Ward",
            "Rank",
            "Count",
            "Share of the area",
            "95% interval of the share",
            "Per 1,000 residents",
            "Ranks it cannot be told apart from",
        ),
        rows,
        (False, True, True, True, False, True, False),
        tuple(w.code for w in theme.top_wards),
    )


def _map_table(theme: ThemeAnalysis) -> DataTable:
    wards = sorted(theme.ward_counts, key=lambda w: w.name)
    rows = tuple(
        (
            w.name,
            format_count(w.count),
            "" if w.rate is None else f"{w.rate.value:.1f}",
        )
        for w in wards
    )
    return DataTable(
        f"{theme.theme.title} by ward, {theme.current.period.label}",
        ("Ward", "Count", "Per 1,000 residents"),
        rows,
        (False, True, True),
        tuple(w.code for w in wards),
    )


def _month(label: str) -> str:
    from saferinsight.core.months import month_from_label

    return f"{month_from_label(label):%B %Y}"
