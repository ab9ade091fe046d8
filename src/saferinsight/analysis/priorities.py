"""Ranking the themes of a strategic assessment, police.uk and partner data together, so that a
board sees what matters most and why.

Each theme (:class:`ThemeEvidence`) is scored from 0 to 1 on six criteria, the scores are
averaged with weights the user can change (:class:`Weights`, ``--weights`` on the command
line), and the themes are ranked by that average. :data:`RANKING_METHOD` is the method as the
appendix prints it; :func:`theme_reasons` says in plain words why a theme ranks where it does.

Harm uses a documented proxy: a harm tier per theme (:data:`HARM_TIERS`), ordered as the
offences' sentencing-based severity broadly orders them in the ONS Crime Severity Score. The
ONS weights by offence code were not available with their licence when this was written, so
no ONS weight is shipped or claimed.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn

from saferinsight.analysis.formatting import PROSE_1DP, format_pct
from saferinsight.analysis.narrative import FULL, Numbers
from saferinsight.errors import Hint, OptionError
from saferinsight.stats.change import ChangeTest

__all__ = [
    "CRITERIA",
    "HARM_TIERS",
    "RANKING_METHOD",
    "WITHIN_NORMAL",
    "HarmTier",
    "RankedTheme",
    "Ranking",
    "ThemeEvidence",
    "Weights",
    "change_reason",
    "count_reason",
    "parse_weights",
    "rank_themes",
    "theme_reasons",
]

#: How a change the test does not support is described.
WITHIN_NORMAL = "within normal variation"
#: The criteria, in the order tables print them.
CRITERIA = ("volume", "harm", "direction", "certainty", "concentration", "peers")


@dataclass(frozen=True)
class HarmTier:
    """How much harm one event of a theme does, on a scale of 1 (least) to 4 (most)."""

    tier: int
    reason: str


#: The harm proxy: a tier per theme key, with its reason (a proxy for the ONS Crime Severity
#: Score, whose sentencing-based weights put violence, sexual offences and robbery far above
#: theft and damage).
HARM_TIERS: Mapping[str, HarmTier] = {
    "violence": HarmTier(4, "violence and sexual offences do the most harm to victims"),
    "robbery": HarmTier(4, "robbery is violence or its threat"),
    "serious-violence": HarmTier(4, "serious violence does the most harm to victims"),
    "domestic-abuse": HarmTier(4, "domestic abuse is violence and control, often repeated"),
    "road-safety": HarmTier(4, "every one is a death or a life-changing injury"),
    "weapons": HarmTier(3, "weapons carried can take a life"),
    "burglary": HarmTier(3, "burglary invades people's homes"),
    "hate-crime": HarmTier(3, "hate crime targets people for who they are"),
    "safeguarding": HarmTier(3, "safeguarding concerns are about people at risk of abuse"),
    "reoffending": HarmTier(2, "reoffending is new victims from known offenders"),
    "criminal-damage": HarmTier(2, "criminal damage and arson include fires set on purpose"),
    "vehicle": HarmTier(2, "vehicle crime is costly but rarely violent"),
    "drugs": HarmTier(2, "drug offences fuel exploitation and other crime"),
    "public-order": HarmTier(2, "public order offences frighten people in public places"),
    "theft": HarmTier(1, "theft is the least harmful to each victim"),
    "asb": HarmTier(1, "anti-social behaviour does the least harm per incident"),
    "council-asb": HarmTier(1, "anti-social behaviour does the least harm per incident"),
}
_DEFAULT_HARM = HarmTier(2, "harm not classified")


@dataclass(frozen=True)
class Weights:
    """How much each criterion counts in a theme's total (any non-negative numbers; only their
    ratios matter). The defaults count every criterion once, and concentration in places
    half, as place is also the subject of its own section."""

    volume: float = 1.0
    harm: float = 1.0
    direction: float = 1.0
    certainty: float = 1.0
    concentration: float = 0.5
    peers: float = 1.0

    def get(self, criterion: str) -> float:
        """The weight of ``criterion``."""
        return float(getattr(self, criterion))

    def describe(self) -> str:
        """``volume=1, harm=1, ...`` for the appendix."""
        return ", ".join(f"{c}={self.get(c):g}" for c in CRITERIA)


def parse_weights(text: str | Mapping[str, float] | Weights | None) -> Weights:
    """Weights from ``"volume=1,harm=2"`` (criteria not named keep their default), a mapping
    or :class:`Weights`.

    Raises
    ------
    OptionError
        On an unknown criterion, a value that is not a number, a negative weight, or weights
        that are all zero.

    Examples
    --------
    >>> parse_weights("harm=2, peers=0").describe()
    'volume=1, harm=2, direction=1, certainty=1, concentration=0.5, peers=0'
    """
    if text is None:
        return Weights()
    if isinstance(text, Weights):
        pairs: dict[str, object] = {c: text.get(c) for c in CRITERIA}
    elif isinstance(text, str):
        pairs = {}
        for part in (p.strip() for p in text.split(",")):
            name, sep, value = part.partition("=")
            if not part:
                continue
            if not sep:
                _refuse(f"has {part!r}, which is not criterion=number")
            pairs[name.strip().lower()] = value.strip()
    else:
        pairs = dict(text)
    unknown = sorted(set(pairs) - set(CRITERIA))
    if unknown:
        _refuse(f"names {', '.join(map(repr, unknown))}; the criteria are {', '.join(CRITERIA)}")
    values: dict[str, float] = {}
    for criterion, given in pairs.items():
        try:
            number = float(str(given))
        except ValueError:
            _refuse(f"gives {criterion} the value {given!r}, which is not a number")
        if not (math.isfinite(number) and number >= 0):
            _refuse(f"gives {criterion} the weight {given!r}; a weight is a number 0 or above")
        values[criterion] = number
    weights = dataclasses.replace(Weights(), **values)
    if not any(weights.get(c) for c in CRITERIA):
        _refuse("are all 0; give at least one criterion a weight above 0")
    return weights


def _refuse(problem: str) -> NoReturn:
    raise OptionError(
        "weights",
        problem + ' (for example "volume=1,harm=2").',
        hint=Hint("retry", "Give each criterion a weight.", options={"weights": "harm=2"}),
    )


@dataclass(frozen=True)
class ThemeEvidence:
    """What the ranking knows of one theme.

    Attributes
    ----------
    key, title
        The theme (keys of :data:`HARM_TIERS` give its harm tier).
    source
        Where its figures come from ("police.uk street records", a partner dataset's title).
    counted
        The noun of its count ("burglaries", "offences").
    current, previous
        Its count this period and in the previous one (``previous`` None: not known).
    period, previous_period
        The labels of the two periods.
    test
        The test of the change (None when not tested).
    improvement
        ``"decrease"`` (a rise is worse), ``"increase"``, or ``"neutral"`` (neither).
    concentration
        The share of its events in the tenth of wards with most of them, and the share that
        chance would give if events were spread as residents are: ``(observed, expected)``;
        None when not known by ward.
    worse_wards, better_wards
        Names of wards whose change is real (after correction for the number of wards).
    confidential
        From confidential partner data (a public edition releases its counts).
    verdict_stated
        False when a public edition cannot state the verdict of ``test`` without narrowing the
        released counts (certainty is then not scored).
    """

    key: str
    title: str
    source: str
    counted: str
    current: int
    previous: int | None
    period: str
    previous_period: str
    test: ChangeTest | None = None
    improvement: str = "decrease"
    concentration: tuple[float, float] | None = None
    worse_wards: tuple[str, ...] = ()
    better_wards: tuple[str, ...] = ()
    confidential: bool = False
    verdict_stated: bool = True

    @property
    def harm(self) -> HarmTier:
        """The theme's harm tier (the proxy of :data:`HARM_TIERS`)."""
        return HARM_TIERS.get(self.key, _DEFAULT_HARM)

    @property
    def worse_rise(self) -> bool | None:
        """Whether a rise is worse (None for a neutral theme)."""
        return None if self.improvement == "neutral" else self.improvement == "decrease"


@dataclass(frozen=True)
class RankedTheme:
    """A theme's place in the ranking.

    Attributes
    ----------
    evidence
        What the ranking knew of it.
    scores
        Each criterion's score from 0 (least concern) to 1 (most), or None when the theme has
        no figure for it (the criterion is then left out of its total).
    total
        The weighted mean of its scores, from 0 to 1.
    rank
        1 for the theme of most concern.
    reasons
        Why, in plain English (full figures; :func:`theme_reasons` writes them for an edition).
    """

    evidence: ThemeEvidence
    scores: Mapping[str, float | None]
    total: float
    rank: int
    reasons: tuple[str, ...]

    @property
    def key(self) -> str:
        """The theme's key."""
        return self.evidence.key

    @property
    def getting_worse(self) -> bool:
        """Whether its change is real and for the worse."""
        return _real_direction(self.evidence) == "worse"

    @property
    def getting_better(self) -> bool:
        """Whether its change is real and for the better."""
        return _real_direction(self.evidence) == "better"

    @property
    def uncertain(self) -> bool:
        """Whether it moved by a twentieth or more without the test supporting a change."""
        e = self.evidence
        if e.test is None or not e.previous or e.worse_rise is None:
            return False
        return _real_direction(e) is None and abs(e.current - e.previous) >= 0.05 * e.previous


@dataclass(frozen=True)
class Ranking:
    """Every theme ranked, with the weights used and whether peers were compared."""

    themes: tuple[RankedTheme, ...]
    weights: Weights
    peers_used: bool

    def top(self, n: int) -> tuple[RankedTheme, ...]:
        """The ``n`` themes of most concern."""
        return self.themes[:n]


RANKING_METHOD = (
    "Every theme, police.uk and partner data together, is scored from 0 (least concern) to 1 "
    "(most) on six criteria. Volume: the logarithm of its count this period over that of the "
    "largest theme (so a theme ten times smaller is not ten times less important). Harm: a "
    "harm tier from 1 to 4 per theme, scored (tier - 1) / 3; this is a proxy for the ONS "
    "Crime Severity Score (offence weights from sentencing), whose weights were not shipped: "
    "violence and sexual offences, robbery, serious violence, domestic abuse and deaths and "
    "serious injuries on the roads are tier 4; "
    "weapons, burglary, hate crime and safeguarding 3; reoffending, criminal damage, vehicle "
    "crime, drugs and public order 2; theft and anti-social behaviour 1. Direction: "
    "0.5 + 0.5 x log2 of the rate ratio (this period over the previous, per day), capped at a "
    "doubling (1) or a halving (0), reversed where a fall is worse, 0.5 for neutral themes "
    "(drugs and weapons, found mostly by police activity). Certainty: how sure the change is "
    "for the worse, one minus half the two-sided p-value of the exact conditional test when "
    "the rate moved the worse way, half the p-value when it moved the better way (0.5: no "
    "information). Concentration: the share of the theme's events in the tenth of wards with "
    "most of them, above the share expected if events were spread as residents are (Census "
    "2021, 500 seeded multinomial draws), scaled to 0-1. Peers: 0.5 + 0.5 x log2 of the "
    "area's rate over its peers' rate, capped as direction, when a benchmark is given. The "
    "total is the weighted mean of the scores a theme has (a criterion it has no figure for "
    "is left out of its mean); themes are ranked by total, then volume. The weights can be "
    "changed for a report (for example volume 1, harm 2)."
)


def rank_themes(
    evidence: Sequence[ThemeEvidence],
    *,
    weights: Weights | Mapping[str, float] | str | None = None,
    peers: Mapping[str, float] | None = None,
) -> Ranking:
    """Rank themes by the weighted mean of their scores on the six :data:`CRITERIA`.

    Parameters
    ----------
    evidence
        The themes.
    weights
        The weights (:func:`parse_weights`); the defaults of :class:`Weights` when None.
    peers
        Theme key -> the area's rate divided by its peers' rate (a benchmark result); the
        criterion is absent for themes not in it, and for all when None.

    Returns
    -------
    Ranking
        The themes, of most concern first.

    Notes
    -----
    The method is :data:`RANKING_METHOD`. The ranking is a weighting of evidence, not a
    statistical test: certainty uses the change test's p-value (null hypothesis: the same rate
    in both periods) only as a measure of evidence.

    Examples
    --------
    >>> from saferinsight.stats.change import change_test
    >>> themes = [
    ...     ThemeEvidence("theft", "Theft", "police.uk", "thefts", 900, 880, "2024/25",
    ...                   "2023/24", change_test(900, 880)),
    ...     ThemeEvidence("violence", "Violence", "police.uk", "offences", 600, 450,
    ...                   "2024/25", "2023/24", change_test(600, 450)),
    ... ]
    >>> [t.key for t in rank_themes(themes).themes]
    ['violence', 'theft']
    >>> [t.key for t in rank_themes(themes, weights="volume=5,harm=0,certainty=0").themes]
    ['theft', 'violence']
    """
    chosen = parse_weights(weights)
    largest = max((e.current for e in evidence), default=0)
    scored = []
    for item in evidence:
        scores = _scores(item, largest, None if peers is None else peers.get(item.key))
        used = [(chosen.get(c), s) for c, s in scores.items() if s is not None]
        total_weight = sum(w for w, _ in used)
        total = sum(w * s for w, s in used) / total_weight if total_weight else 0.0
        scored.append((item, scores, total))
    scored.sort(key=lambda t: (-t[2], -t[0].current, t[0].title))
    themes = tuple(
        RankedTheme(item, scores, total, rank, ())
        for rank, (item, scores, total) in enumerate(scored, start=1)
    )
    themes = tuple(dataclasses.replace(t, reasons=theme_reasons(t)) for t in themes)
    return Ranking(themes, chosen, peers is not None)


def _scores(item: ThemeEvidence, largest: int, peer: float | None) -> dict[str, float | None]:
    volume = math.log1p(item.current) / math.log1p(largest) if largest else 0.0
    return {
        "volume": volume,
        "harm": (item.harm.tier - 1) / 3,
        "direction": _direction(item),
        "certainty": _certainty(item),
        "concentration": _concentration(item.concentration),
        "peers": None if peer is None or peer <= 0 else _log_score(peer),
    }


def _log_score(ratio: float) -> float:
    return 0.5 + 0.5 * max(-1.0, min(1.0, math.log2(ratio)))


def _ratio(item: ThemeEvidence) -> float | None:
    if item.test is not None and item.test.rate_ratio is not None:
        return item.test.rate_ratio if item.test.rate_ratio > 0 else 0.5
    if not item.previous:
        return None
    return item.current / item.previous if item.current else 0.5


def _direction(item: ThemeEvidence) -> float | None:
    ratio = _ratio(item)
    if ratio is None:
        return None
    if item.worse_rise is None:
        return 0.5
    score = _log_score(ratio)
    return score if item.worse_rise else 1 - score


def _certainty(item: ThemeEvidence) -> float | None:
    test = item.test
    if test is None or not item.verdict_stated or item.worse_rise is None:
        return None
    if test.direction == "no change":
        return 0.5
    worse = (test.direction == "increase") == item.worse_rise
    return 1 - test.p_value / 2 if worse else test.p_value / 2


def _concentration(share: tuple[float, float] | None) -> float | None:
    if share is None:
        return None
    observed, expected = share
    if expected >= 1:
        return 0.0
    return max(0.0, min(1.0, (observed - expected) / (1 - expected)))


def _real_direction(item: ThemeEvidence) -> str | None:
    test = item.test
    if test is None or not test.significant or not item.verdict_stated:
        return None
    if item.worse_rise is None or test.direction == "no change":
        return None
    return "worse" if (test.direction == "increase") == item.worse_rise else "better"


def theme_reasons(theme: RankedTheme, numbers: Numbers = FULL) -> tuple[str, ...]:
    """Why a theme ranks where it does, in plain English, the strongest reasons first.

    ``numbers`` writes the counts (a public edition's writer for its figures); the sentences
    name no test, p-value or method.

    Examples
    --------
    >>> from saferinsight.stats.change import change_test
    >>> item = ThemeEvidence("robbery", "Robbery", "police.uk", "robberies", 150, 100,
    ...                      "2024/25", "2023/24", change_test(150, 100))
    >>> rank_themes([item]).themes[0].reasons
    ('150 robberies in 2024/25', 'robbery is violence or its threat', \
'up 50.0% on 2023/24 (+50), more than chance explains')
    """
    e, scores = theme.evidence, theme.scores
    reasons = [count_reason(e, numbers)]
    change = change_reason(e, numbers)
    harm = e.harm.reason if e.harm.tier >= 3 else ""
    concentration = scores.get("concentration")
    placed = ""
    if e.worse_wards:
        placed = "getting worse in " + numbers.other(_names(e.worse_wards))
    elif concentration is not None and concentration >= 0.2 and e.concentration is not None:
        placed = numbers.other(
            f"{format_pct(e.concentration[0] * 100, PROSE_1DP)} of them in the tenth of wards "
            "with most"
        )
    peer = scores.get("peers")
    compared = ""
    if peer is not None and abs(peer - 0.5) >= 0.05:
        compared = "higher than in similar areas" if peer > 0.5 else "lower than in similar areas"
    ordered = [change, harm, placed, compared]
    if (scores.get("harm") or 0) > (scores.get("certainty") or 0):
        ordered = [harm, change, placed, compared]
    reasons += [r for r in ordered if r]
    return tuple(reasons)


def count_reason(e: ThemeEvidence, numbers: Numbers = FULL) -> str:
    """'186 robberies in 2024/25'."""
    return numbers.other(f"{numbers.count(e.current)} {e.counted} in {e.period}")


def change_reason(e: ThemeEvidence, numbers: Numbers = FULL) -> str:
    """'up 26.5% on 2023/24 (+39), more than chance explains', or '' with no previous figure."""
    if e.previous is None:
        return ""
    if e.current == e.previous:
        return f"the same as {e.previous_period}"
    direction = _real_direction(e)
    word = "up" if e.current > e.previous else "down"
    pct = numbers.pct_change(e.current, e.previous)
    if pct:
        change = numbers.change(e.current, e.previous)
        size = f"{word} {pct.lstrip('-+')} on {e.previous_period} ({change})"
    else:
        size = f"{word} from {numbers.count(e.previous)} in {e.previous_period}"
    if e.test is None:
        return size
    if direction is not None or (e.worse_rise is None and e.test.significant):
        return f"{size}, more than chance explains"
    if not e.verdict_stated:
        return size
    return f"{size}, {WITHIN_NORMAL}"


def _names(names: Sequence[str], most: int = 3) -> str:
    shown = list(names[:most])
    more = len(names) - len(shown)
    if more:
        shown.append(f"{more} more ward{'s' if more > 1 else ''}")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
