"""Which wards are getting worse and which better: a test of change per ward, corrected for the
number of wards tested (methods.md 3.2 and 3.4).

Each ward's count this period is tested against the previous period with the exact conditional
test (:func:`saferinsight.stats.change.change_test`, days in each period as exposure); the
p-values of all the wards tested for a theme are then corrected together
(:func:`saferinsight.stats.multiple.adjust_p_values`, Holm by default), so that, with no real
change anywhere, the chance of calling any ward worse stays at ``alpha`` instead of one ward in
twenty being called worse by chance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferinsight.core.periods import Period
from saferinsight.errors import Hint, OptionError
from saferinsight.stats.change import ChangeTest, change_test
from saferinsight.stats.multiple import CORRECTIONS, adjust_p_values

if TYPE_CHECKING:
    from saferinsight.analysis.results import AreaAnalysis
    from saferinsight.store.warehouse import Warehouse

__all__ = [
    "WardChange",
    "WardChanges",
    "check_correction",
    "police_ward_changes",
    "ward_changes",
]


@dataclass(frozen=True)
class WardChange:
    """One ward's change between two periods, with its test and the corrected p-value.

    Attributes
    ----------
    code, name
        The ward.
    current, previous
        Its counts in the two periods.
    test
        The exact test of its change (uncorrected p-value in ``test.p_value``).
    adjusted_p
        The p-value corrected for the number of wards tested.
    real
        Whether the change holds after the correction (``adjusted_p < alpha``).
    """

    code: str
    name: str
    current: int
    previous: int
    test: ChangeTest
    adjusted_p: float
    real: bool

    @property
    def change(self) -> int:
        """``current - previous``."""
        return self.current - self.previous


@dataclass(frozen=True)
class WardChanges:
    """Every ward tested for one theme, and which changed for the worse or the better.

    Attributes
    ----------
    key, title, counted
        The theme: its key, title and the noun of its count ("burglaries").
    improvement
        ``"decrease"`` (a rise is worse), ``"increase"`` or ``"neutral"`` (neither: a change
        is named but not called worse or better).
    current_label, previous_label
        The periods compared.
    correction, alpha
        The correction (``"holm"`` or ``"bh"``) and the level after it.
    wards
        Every ward with an event in either period, largest real change first, then by name.
    """

    key: str
    title: str
    counted: str
    improvement: str
    current_label: str
    previous_label: str
    correction: str
    alpha: float
    wards: tuple[WardChange, ...]

    def _moving(self, rise: bool) -> tuple[WardChange, ...]:
        return tuple(w for w in self.wards if w.real and (w.current > w.previous) == rise)

    @property
    def worse(self) -> tuple[WardChange, ...]:
        """Wards whose real change is for the worse (none for a neutral theme)."""
        if self.improvement == "neutral":
            return ()
        return self._moving(rise=self.improvement == "decrease")

    @property
    def better(self) -> tuple[WardChange, ...]:
        """Wards whose real change is for the better (none for a neutral theme)."""
        if self.improvement == "neutral":
            return ()
        return self._moving(rise=self.improvement != "decrease")


def check_correction(correction: str) -> None:
    """Refuse an unknown correction for the number of wards tested.

    Raises
    ------
    OptionError
        Unless ``correction`` is ``"holm"`` or ``"bh"``.
    """
    if correction not in CORRECTIONS:
        raise OptionError(
            "correction",
            f"is {correction!r}; choose holm (the chance of any false call) or bh (the share "
            "of false calls).",
            hint=Hint("retry", "Choose a correction.", options={"correction": tuple(CORRECTIONS)}),
        )


def ward_changes(
    counts: Iterable[tuple[str, str, int, int]],
    *,
    key: str,
    title: str,
    counted: str,
    improvement: str,
    current: Period,
    previous: Period,
    alpha: float = 0.05,
    correction: str = "holm",
) -> WardChanges:
    """Test each ward's change and correct the tests for the number of wards.

    Parameters
    ----------
    counts
        ``(ward code, ward name, current count, previous count)`` of every ward of the area;
        wards with no event in either period are not tested (they cannot change).
    key, title, counted, improvement
        The theme (see :class:`WardChanges`).
    current, previous
        The periods: their days are the exposures of each test.
    alpha
        The level after correction.
    correction
        ``"holm"`` (default) or ``"bh"`` (:func:`~saferinsight.stats.multiple.adjust_p_values`).

    Notes
    -----
    Null hypothesis, per ward: the ward's rate per day is the same in both periods (exact
    conditional binomial test, two-sided). The family of wards is corrected once. Crime counts
    are often overdispersed, which makes each test too ready to call a change; the correction
    does not remove that.

    Examples
    --------
    >>> from saferinsight.core.periods import parse_period
    >>> now = parse_period("2024/25")
    >>> result = ward_changes(
    ...     [("E1", "Castle", 90, 40), ("E2", "Abbey", 21, 20), ("E3", "Quarry", 0, 0)],
    ...     key="burglary", title="Burglary", counted="burglaries", improvement="decrease",
    ...     current=now, previous=now.previous())
    >>> [w.name for w in result.worse], [w.name for w in result.wards], result.better
    (['Castle'], ['Castle', 'Abbey'], ())
    """
    check_correction(correction)
    tested = [
        (code, name, now, before, _test(now, before, current, previous, alpha))
        for code, name, now, before in counts
        if now or before
    ]
    adjusted = adjust_p_values([t.p_value for *_, t in tested], method=correction)
    wards = [
        WardChange(code, name, now, before, test, p, p < alpha)
        for (code, name, now, before, test), p in zip(tested, adjusted, strict=True)
    ]
    wards.sort(key=lambda w: (not w.real, -abs(w.change), w.name))
    return WardChanges(
        key=key,
        title=title,
        counted=counted,
        improvement=improvement,
        current_label=current.label,
        previous_label=previous.label,
        correction=correction,
        alpha=alpha,
        wards=tuple(wards),
    )


def _test(now: int, before: int, current: Period, previous: Period, alpha: float) -> ChangeTest:
    return change_test(
        now, before, current_exposure=current.days, previous_exposure=previous.days, alpha=alpha
    )


def police_ward_changes(
    con: Warehouse,
    analysis: AreaAnalysis,
    *,
    alpha: float = 0.05,
    correction: str = "holm",
    skip: Sequence[str] = ("total",),
) -> tuple[WardChanges, ...]:
    """The ward changes of each police.uk theme of ``analysis`` (but ``skip``), from the
    street records of its period and the previous period.

    Wards are those of the area with a located record in either period; the same street rows
    as the analysis count (:func:`saferinsight.analysis.engine.street_scope`).
    """
    from saferinsight.analysis.engine import street_scope
    from saferinsight.store.analysis import ward_type_counts

    check_correction(correction)
    scope = street_scope(analysis.area, analysis.provenance.forces)
    now = ward_type_counts(con, scope, start=analysis.period.start, end=analysis.period.end)
    before = ward_type_counts(con, scope, start=analysis.previous.start, end=analysis.previous.end)
    names = {code: name for code, name, _, _ in (*now, *before)}
    results = []
    for theme in analysis.themes:
        if theme.theme.key in skip or not theme.top_wards:
            continue
        types = set(theme.theme.crime_types)
        current = _by_ward(now, types)
        previous = _by_ward(before, types)
        rows = [
            (code, names[code], current.get(code, 0), previous.get(code, 0))
            for code in sorted(set(current) | set(previous))
        ]
        results.append(
            ward_changes(
                rows,
                key=theme.theme.key,
                title=theme.theme.title,
                counted=theme.theme.counted,
                improvement=theme.theme.improvement,
                current=analysis.period,
                previous=analysis.previous,
                alpha=alpha,
                correction=correction,
            )
        )
    return tuple(results)


def _by_ward(rows: Sequence[tuple[str, str, str, int]], types: set[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for code, _, crime_type, n in rows:
        if crime_type in types:
            out[code] = out.get(code, 0) + n
    return out
