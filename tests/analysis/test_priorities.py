"""The ranking of themes: on constructed themes whose answer is known, it orders them as
RANKING_METHOD documents; a weight override changes the order as expected; bad weights are
refused with a clear message."""

from __future__ import annotations

import math

import pytest

from saferinsight.analysis.narrative import Numbers
from saferinsight.analysis.priorities import (
    CRITERIA,
    HARM_TIERS,
    ThemeEvidence,
    parse_weights,
    rank_themes,
    theme_reasons,
)
from saferinsight.errors import OptionError
from saferinsight.stats.change import change_test


def _theme(key: str, now: int, before: int, **extra: object) -> ThemeEvidence:
    return ThemeEvidence(
        key=key,
        title=key.replace("-", " ").capitalize(),
        source="constructed",
        counted="offences",
        current=now,
        previous=before,
        period="2024/25",
        previous_period="2023/24",
        test=change_test(now, before),
        **extra,  # type: ignore[arg-type]
    )


# A known answer: theft is the largest but least harmful and flat; violence is large, most
# harmful and rising for sure; robbery is small, most harmful and flat; burglary is falling
# for sure. Under equal weights violence leads; by volume alone theft leads.
THEMES = [
    _theme("theft", 5000, 5000),
    _theme("violence", 3000, 2400),
    _theme("robbery", 60, 60),
    _theme("burglary", 800, 1100),
]


def _expected_total(item: ThemeEvidence, largest: int, weights: dict[str, float]) -> float:
    """The documented method, computed again from its description."""
    volume = math.log(1 + item.current) / math.log(1 + largest)
    harm = (HARM_TIERS[item.key].tier - 1) / 3
    assert item.test is not None
    assert item.previous
    ratio = item.current / item.previous  # equal exposures
    direction = 0.5 + 0.5 * max(-1, min(1, math.log2(ratio)))
    p = item.test.p_value
    certainty = 0.5 if ratio == 1 else (1 - p / 2 if ratio > 1 else p / 2)
    scores = {"volume": volume, "harm": harm, "direction": direction, "certainty": certainty}
    return sum(weights[c] * s for c, s in scores.items()) / sum(weights[c] for c in scores)


def test_the_ranking_orders_themes_as_documented() -> None:
    ranking = rank_themes(THEMES)
    weights = {c: parse_weights(None).get(c) for c in CRITERIA}
    expected = sorted(THEMES, key=lambda t: -_expected_total(t, 5000, weights))
    assert [t.key for t in ranking.themes] == [t.key for t in expected]
    assert [t.key for t in ranking.themes][:1] == ["violence"]
    assert ranking.themes[-1].key == "burglary"  # falling for sure, middling harm
    for ranked in ranking.themes:
        assert ranked.total == pytest.approx(_expected_total(ranked.evidence, 5000, weights))
        assert ranked.scores["concentration"] is None
        assert ranked.scores["peers"] is None
    assert [t.rank for t in ranking.themes] == [1, 2, 3, 4]
    assert not ranking.peers_used


def test_a_weight_override_changes_the_order_as_expected() -> None:
    by_volume = rank_themes(THEMES, weights="volume=1,harm=0,direction=0,certainty=0")
    assert [t.key for t in by_volume.themes] == ["theft", "violence", "burglary", "robbery"]
    by_harm = rank_themes(THEMES, weights={"volume": 0, "harm": 1, "direction": 0, "certainty": 0})
    assert [t.key for t in by_harm.themes][:2] == ["violence", "robbery"]  # tie: more first
    rising = rank_themes(THEMES, weights="volume=0,harm=0,direction=1,certainty=0")
    assert [t.key for t in rising.themes] == ["violence", "theft", "robbery", "burglary"]


def test_peers_are_an_optional_criterion() -> None:
    flat = [_theme("theft", 1000, 1000), _theme("public-order", 1000, 1000)]
    assert [t.key for t in rank_themes(flat).themes] == ["public-order", "theft"]  # harm
    # Theft at twice its peers' rate, public order at half: peers decide between them.
    peers = {"theft": 2.0, "public-order": 0.5}
    ranking = rank_themes(flat, weights="harm=0", peers=peers)
    assert [t.key for t in ranking.themes] == ["theft", "public-order"]
    assert ranking.themes[0].scores["peers"] == pytest.approx(1.0)
    assert ranking.themes[1].scores["peers"] == pytest.approx(0.0)
    assert ranking.peers_used
    assert "higher than in similar areas" in ranking.themes[0].reasons


def test_concentration_beyond_chance_scores_and_is_a_reason() -> None:
    gathered = _theme("theft", 1000, 1000, concentration=(0.6, 0.2))
    spread = _theme("vehicle", 1000, 1000, concentration=(0.2, 0.2))
    ranking = rank_themes([spread, gathered], weights="volume=0,harm=0,direction=0,certainty=0")
    assert [t.key for t in ranking.themes] == ["theft", "vehicle"]
    assert ranking.themes[0].scores["concentration"] == pytest.approx(0.5)
    assert ranking.themes[1].scores["concentration"] == 0
    assert "60.0% of them in the tenth of wards with most" in ranking.themes[0].reasons


def test_neutral_themes_are_not_worse_for_rising() -> None:
    drugs = _theme("drugs", 600, 400, improvement="neutral")
    ranked = rank_themes([drugs]).themes[0]
    assert ranked.scores["direction"] == 0.5
    assert ranked.scores["certainty"] is None
    assert not ranked.getting_worse
    assert not ranked.getting_better


def test_reasons_are_plain_english_with_figures_from_the_data() -> None:
    ranking = rank_themes(THEMES)
    violence = next(t for t in ranking.themes if t.key == "violence")
    assert violence.reasons[0] == "3,000 offences in 2024/25"
    assert "up 25.0% on 2023/24 (+600), more than chance explains" in violence.reasons
    assert violence.getting_worse
    theft = next(t for t in ranking.themes if t.key == "theft")
    assert "the same as 2023/24" in theft.reasons
    # A public edition's writer rounds the counts it is given.
    fives = Numbers(shown=lambda n: 5 * round(n / 5), count=lambda n: f"{5 * round(n / 5):,}")
    assert theme_reasons(violence, fives)[0] == "3,000 offences in 2024/25"
    text = " ".join(r for t in ranking.themes for r in t.reasons).lower()
    for term in ("p =", "p-value", "poisson", "test", "significant"):
        assert term not in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("size=2", "the criteria are volume"),
        ("harm=lots", "not a number"),
        ("harm=-1", "0 or above"),
        ("harm", "not criterion=number"),
        ("volume=0,harm=0,direction=0,certainty=0,concentration=0,peers=0", "all 0"),
    ],
)
def test_bad_weights_are_refused(text: str, message: str) -> None:
    with pytest.raises(OptionError, match=message) as caught:
        parse_weights(text)
    assert caught.value.option == "weights"


def test_weights_not_named_keep_their_defaults() -> None:
    weights = parse_weights("Harm=3")
    assert (weights.harm, weights.volume, weights.concentration) == (3, 1, 0.5)
