"""Attack the text of a public edition: sentences, captions, notes and the text of charts.

A sentence that prints counts beside a figure computed from them (a Wilson interval, a share
``12% (n=30)``, a change ``(+9, +17.3%)``, a p-value ``(p = 0.399)`` or a verdict) gives the
counts away when the figure was computed from the true counts and the counts are printed
rounded or suppressed: the candidate counts that reproduce the figure are what a reader
recovers (methods.md 3.6). :func:`attack_text` tries every ordered pair of the sentence's
unmarked counts against every such figure the printed counts themselves do not reproduce
(:func:`~saferinsight.reports.inversion.invert`).

:func:`figure_texts` is every piece of text a reader gets from a chart: its title, alternative
text (the screen reader's and Word's description), notes and source, and, for a chart that is
not open data, the text drawn in its SVG (labels, axis titles, legends).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import permutations

from saferinsight.core.periods import parse_period
from saferinsight.errors import QueryError
from saferinsight.reports.disclosure import DEFAULT_RULE, NOT_A_COUNT, DisclosureRule
from saferinsight.reports.document import Figure
from saferinsight.reports.inversion import (
    INTERVAL,
    Check,
    Count,
    Leak,
    change_checks,
    invert,
    read_count,
    share_checks,
)

__all__ = ["attack_text", "figure_texts"]

_SENTENCE_COUNT = re.compile(
    r"(?<![0-9.,\u2060])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?![0-9.,]*[0-9%])"
)
_P_VALUE = re.compile(r"\bp\s*(<|=)\s*([0-9]*\.[0-9]+)")
_PCT_CHANGE = re.compile(r"(?<![\w.,])([+\-\u2212][0-9][0-9,]*(?:\.[0-9]+)?)%")
_CHANGE = re.compile(
    r"(?<![\w.,])([+\-\u2212](?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+))(?![0-9.,]*[0-9%])"
)
_SHARE = re.compile(r"(?<![\w.,])([0-9]+(?:\.[0-9]+)?)%\s*\(n\s*=\s*")
_PERIOD = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}/[0-9]{2}(?![0-9])")
_VERDICTS = (
    "a statistically significant rise",
    "a statistically significant fall",
    "no evidence of change: within normal variation",
)
_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.DOTALL)


def attack_text(
    text: str, *, rule: DisclosureRule = DEFAULT_RULE, location: str = ""
) -> list[Leak]:
    """Every count a figure printed beside it in ``text`` gives away, sentence by sentence.

    In each sentence, the figures computed from counts (Wilson intervals, shares written
    ``X% (n=Y)``, signed changes and % changes, p-values, verdicts) that no ordered pair of
    the printed counts reproduces are inverted over the candidates of every pair of unmarked
    counts; the candidates left are a leak. Numbers marked as open data (U+2060) are exact.

    Examples
    --------
    A Wilson interval of the true count beside a rounded one:

    >>> leaks = attack_text("Burnell (n=15): 5.5% of 235 offences (3.2% to 9.2%).")
    >>> [leak.recovered for leak in leaks]  # 13 of 236
    [(13,), (236, 237)]
    >>> attack_text("Burnell (n=15): 6.4% of 235 offences (3.9% to 10.4%).")
    []

    A % change and p-value of the true counts (24 against 31) beside rounded ones:

    >>> text = "25 deaths in 2024/25, against 30 in 2023/24 (-7, -22.6%) (p = 0.419)."
    >>> sorted({leak.recovered for leak in attack_text(text)})
    [(24,), (31,)]
    >>> attack_text("25 deaths in 2024/25, against 30 in 2023/24 (-5, -16.7%) (p = 0.590).")
    []
    """
    leaks: list[Leak] = []
    for sentence in re.split(r"(?<=[.;])\s+", text):
        leaks += _attack_sentence(sentence, rule, location or "text")
    return _unique(leaks)


def _attack_sentence(sentence: str, rule: DisclosureRule, location: str) -> list[Leak]:
    found = [m for m in _SENTENCE_COUNT.finditer(sentence) if _is_count(sentence, m)]
    if not found:
        return []
    cap = max(
        [rule.suppress_to]
        + [int(m.group().replace(",", "")) for m in found if m.group() != rule.symbol]
    )
    counts = {m.start(): c for m in found if (c := read_count(m.group(), rule, cap=cap))}
    if all(c.exact for c in counts.values()):
        return []
    plain = sentence.replace(NOT_A_COUNT, "")
    checks = [*_change_checks(plain, sentence), *_interval_checks(plain)]
    shares = _share_checks(sentence, counts)
    pairs = list(permutations(counts.values(), 2))
    printed = [(a.shown, b.shown) for a, b in pairs if a.shown is not None and b.shown is not None]
    unexplained = [c for c in checks if not any(c[2](a, b) for a, b in printed)]
    leaks = []
    for part, whole in pairs:
        if part.exact and whole.exact:
            continue
        own = [c for c in shares.get(id(part), []) if not _explained(c, part, counts.values())]
        if unexplained or own:
            leaks += invert((part, whole), [*unexplained, *own], (location, "", ("", "")), rule)
    # With more than two counts the pairing is a guess: a figure no pair's candidates reproduce
    # says nothing about any one of them.
    return leaks if len(counts) == 2 else [leak for leak in leaks if leak.recovered]


def _explained(check: Check, part: Count, counts: Iterable[Count]) -> bool:
    """Whether a share of ``part`` is reproduced by its printed value of some printed whole."""
    return part.shown is not None and any(
        whole is not part and whole.shown is not None and check[2](part.shown, whole.shown)
        for whole in counts
    )


def _is_count(sentence: str, match: re.Match[str]) -> bool:
    start = match.start()
    before = sentence[start - 1] if start > 0 else ""
    if before and (before == NOT_A_COUNT or before.isalpha() or before in "/+\u2212"):
        return False  # open data, part of a code (Q4, E06000051), of a period, or a change
    if before == "-" and (start < 2 or not sentence[start - 2].isalnum()):
        return False  # a negative change, not a range such as 10-19
    value = int(match.group().replace(",", ""))
    return not (len(match.group()) == 4 and 1900 <= value <= 2100)  # a year


def _exposures(sentence: str) -> list[tuple[float, float]]:
    """(current, previous) exposures the sentence's test may have used: the days of the two
    periods it names, or equal ones."""
    options = [(1.0, 1.0)]
    periods = _PERIOD.findall(sentence.replace(NOT_A_COUNT, ""))
    if len(periods) >= 2:
        try:
            days = [float(parse_period(p).days) for p in periods[:2]]
        except (QueryError, ValueError):
            return options
        options += [(days[0], days[1]), (days[1], days[0])]
    return options


def _change_checks(plain: str, sentence: str) -> list[Check]:
    change = next((m.group(1) for m in _CHANGE.finditer(plain)), "")
    pct = next((m.group(1) + "%" for m in _PCT_CHANGE.finditer(plain)), "")
    p = next((f"p {m.group(1)} {m.group(2)}" for m in _P_VALUE.finditer(plain)), "")
    verdict = next((v for v in _VERDICTS if v in plain), "")
    cells = [c.replace("\u2212", "-") for c in (change, pct, p, verdict)]
    return change_checks(cells, _exposures(sentence))


def _interval_checks(plain: str) -> list[Check]:
    return [check for m in INTERVAL.finditer(plain) for check in share_checks(None, m.group(0))]


def _share_checks(sentence: str, counts: dict[int, Count]) -> dict[int, list[Check]]:
    """``X% (n=Y)``: a share whose part is Y (the whole is another count of the sentence),
    keyed by the part's id."""
    checks: dict[int, list[Check]] = {}
    for m in _SHARE.finditer(sentence):
        part = counts.get(m.end())
        if part is not None:
            checks.setdefault(id(part), []).extend(share_checks(m.group(1) + "%", None))
    return checks


def _unique(leaks: Iterable[Leak]) -> list[Leak]:
    seen: dict[tuple[str, tuple[str, ...], tuple[int, ...]], Leak] = {}
    for leak in leaks:
        seen.setdefault((leak.location, leak.printed, leak.recovered), leak)
    return list(seen.values())


def figure_texts(figure: Figure) -> Iterator[str]:
    """Every piece of text a reader gets from a figure: title, alternative text, notes,
    source and, unless the figure is open data, the text drawn in its SVG."""
    chart = figure.chart
    yield from (chart.title, chart.alt_text, *chart.notes, chart.source)
    if not figure.open_data:
        drawn = [
            re.sub(r"<[^>]+>", "", m.group(1)).strip() for m in _SVG_TEXT.finditer(chart.svg())
        ]
        yield "; ".join(text for text in drawn if text)
