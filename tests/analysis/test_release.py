"""Figures of a released (public) edition, derived from the counts a reader sees."""

from __future__ import annotations

import copy
import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from saferinsight.analysis.release import (
    release_theme,
    released_change,
    released_control_chart,
    released_rate,
    released_share,
)
from saferinsight.analysis.results import MonthPair, ThemeAnalysis, WardCount
from saferinsight.generate.fixtures import example_theme as _example_theme
from saferinsight.reports.disclosure import DEFAULT_RULE, protect_count
from saferinsight.stats.intervals import rate
from saferinsight.stats.spc import xmr_chart


def shown(n: int) -> int | None:
    """The default rule: 1 to 7 suppressed, others to the nearest 5."""
    text = protect_count(n, DEFAULT_RULE, thousands=False)
    return None if text == DEFAULT_RULE.symbol else int(text)


MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
COUNTS = [41, 38, 44, 6, 52, 47, 39, 43, 48, 51, 36, 73]


def _theme() -> ThemeAnalysis:
    full = xmr_chart(COUNTS, labels=MONTHS, improvement="decrease", baseline=12)
    return _example_theme(
        series=tuple(zip(MONTHS, COUNTS, strict=True)),
        spc=full,
        twelve_months=(MonthPair("2024-01", 41, 3), MonthPair("2024-02", 38, None)),
        ward_counts=(
            WardCount("W1", "Castle", 12, rate(12, 3_000)),
            WardCount("W2", "Moor", 4, None),
        ),
    )


def test_a_released_theme_draws_the_released_counts() -> None:
    theme = _theme()
    before = copy.deepcopy(theme)
    public = release_theme(theme, shown)
    assert theme == before  # the input is not modified
    assert [n for _, n in public.series] == [40, 40, 45, 0, 50, 45, 40, 45, 50, 50, 35, 75]
    assert public.twelve_months == (MonthPair("2024-01", 40, 0), MonthPair("2024-02", 40, None))
    assert public.ward_counts == (
        WardCount("W1", "Castle", 10, None),
        WardCount("W2", "Moor", 0, None),
    )
    # Tests and everything not a count are the unrounded analysis's.
    assert public.change == theme.change
    assert public.theme == theme.theme


def test_the_public_control_chart_comes_from_the_released_series() -> None:
    theme = _theme()
    public = release_theme(theme, shown)
    released = [n for _, n in public.series]
    expected = xmr_chart(released, labels=MONTHS, improvement=theme.theme.improvement)
    assert public.spc == expected
    assert public.spc != theme.spc
    assert [p.value for p in public.spc.points] == released
    # No chart without one in the analysis; the analysis's own when there is no series to chart.
    assert released_control_chart(dataclasses.replace(theme, spc=None), public.series) is None
    assert released_control_chart(theme, public.series[:1]) is theme.spc


def test_derived_figures_use_the_released_values() -> None:
    assert released_share(786, 17_712, shown) == 785 / 17_710 * 100
    assert released_share(5, 100, shown) is None  # the part is suppressed
    assert released_share(786, 0, shown) is None
    assert released_rate(786, 98_000, shown) == 785 / 98_000 * 1000
    assert released_rate(3, 98_000, shown) is None
    change = released_change(1_232, 1_018, shown)
    assert change is not None
    assert (change.current, change.previous, change.change) == (1_230, 1_020, 210)
    assert change.pct_change == 210 / 1_020 * 100
    assert released_change(12, 0, shown).pct_change is None  # type: ignore[union-attr]
    assert released_change(12, 3, shown) is None


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_the_full_edition_derives_from_the_counts_themselves(part: int, whole: int) -> None:
    share = released_share(part, whole, lambda n: n)
    assert share == (part / whole * 100 if whole else None)
    change = released_change(part, whole, lambda n: n)
    assert change is not None
    assert change.change == part - whole
