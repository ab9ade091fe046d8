"""Attack a public edition: try to recover each confidential count it protects (issue 13).

The number scan (:mod:`saferinsight.reports.scan`) checks that each count is *printed* as the
rule says. That is not enough: a Wilson interval of a share whose denominator is printed, or
the p-value of an exact test of two counts, can each be inverted to the true count (methods.md
3.6). This module is the attacker. It reads a built :class:`~saferinsight.reports.document.
Document` as a reader would, and for every printed confidential count works out the true
counts it can stand for (:meth:`~saferinsight.reports.disclosure.DisclosureRule.candidates`:
1 to 7 for ``*``, the rounding interval for a rounded count; exactly the printed value for a
number marked as open data with :data:`~saferinsight.reports.disclosure.NOT_A_COUNT`), then
narrows them with everything else printed:

- **inversion** (:func:`attack_table`): in a share row (number, of, %, Wilson interval) and
  in a change row (two counts, numerical change, % change, p-value, verdict), the candidate
  counts that reproduce every printed figure to its printed precision. A row whose figures
  are reproduced by its printed counts themselves discloses nothing more than they do (the
  public edition computes from what it prints); otherwise the figures were computed from
  something else, and the counts that reproduce them are what a reader recovers;
- **differencing** (:func:`attack_table`): a table with a total row gives, per count
  column, the equation "the rows add up to the total"; interval propagation over the
  candidates narrows each cell (a total printed unrounded next to one suppressed cell gives
  it away exactly);
- **one figure, two treatments** (:func:`attack_document`): the same row and column printed
  in two tables of a section (a "Number" column standing for the section's period) must
  agree; the intersection of their candidates is what a reader knows;
- **sentences** (:func:`attack_text`): a Wilson interval printed in a sentence with two
  counts is inverted over their candidates in the same way.

A :class:`Leak` names the place, the printed figures used and the values recovered.
:func:`~saferinsight.reports.build.verify_public` refuses to write a public edition with any.

A suppressed cell of a table with totals may be a secondary suppression (any count), so the
attack never assumes a ``*`` is at most 7; it reports a leak when the printed figures pin a
count to one value, or narrow a ``*`` to part of the suppressed range (or any figure printed
beside a ``*`` narrows it at all), or pin a rounded count inside its rounding interval by a
figure its printed value does not reproduce.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import product

from saferinsight.core.periods import parse_period
from saferinsight.errors import QueryError
from saferinsight.reports.disclosure import DEFAULT_RULE, NOT_A_COUNT, DisclosureRule
from saferinsight.reports.document import Bullets, Document, KeyFindings, Paragraph, Table
from saferinsight.stats.change import ChangeTest, change_test
from saferinsight.stats.intervals import proportion

__all__ = ["Leak", "attack_document", "attack_table", "attack_text"]

_INTEGER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})*|[0-9]+")
_PERCENT = re.compile(r"^([+\-\u2212]?[0-9][0-9,]*(?:\.([0-9]+))?)%$")
_INTERVAL = re.compile(r"([0-9]+(?:\.([0-9]+))?)%\s*to\s*([0-9]+(?:\.([0-9]+))?)%")
_P_VALUE = re.compile(r"^p\s*(<|=)\s*([0-9]*\.([0-9]+))$")
_CHANGE = re.compile(r"^([+\-\u2212])([0-9][0-9,]*)$")
_VERDICTS = (
    "a statistically significant rise",
    "a statistically significant fall",
    "no evidence of change: within normal variation",
)
#: How far above the other printed numbers a suppressed count is tried (a secondary
#: suppression can hide any count).
_SEARCH_LIMIT = 400


@dataclass(frozen=True)
class Leak:
    """A confidential count a reader can recover, or narrow, from a public document.

    Attributes
    ----------
    location
        Where: the section and table (or sentence).
    row, column
        The row label and column header of the count (``""`` in a sentence).
    printed
        The printed figures the attack used (the count's own cell first).
    allowed
        The counts the rule lets the printed cell stand for (first and last, inclusive).
    recovered
        The counts the printed figures leave (sorted).
    attack
        How: ``"Wilson interval"``, ``"p-value"``, ``"% change"``, ``"row total"``...

    Examples
    --------
    >>> Leak("table 'Robbery'", "Meole", "Number", ("*", "186", "1.5% to 6.9%"), (1, 186),
    ...      (6,), "Wilson interval").describe()
    "table 'Robbery', row 'Meole', column 'Number': printed * | 186 | 1.5% to 6.9%; the Wilson interval leaves 6 (the rule allows 1 to 186)"
    """  # noqa: E501

    location: str
    row: str
    column: str
    printed: tuple[str, ...]
    allowed: tuple[int, int]
    recovered: tuple[int, ...]
    attack: str

    def describe(self) -> str:
        """One line for an error message."""
        values = self.recovered
        if not values:
            shown = "no count it tried: it was computed from another count"
        elif len(values) <= 4:
            shown = ", ".join(map(str, values))
        else:
            shown = f"{values[0]} to {values[-1]}"
        where = f"{self.location}, row '{self.row}', column '{self.column}'"
        if not self.row and not self.column:
            where = self.location
        return (
            f"{where}: printed {' | '.join(self.printed)}; the {self.attack} leaves {shown} "
            f"(the rule allows {self.allowed[0]} to {self.allowed[1]})"
        )


@dataclass(frozen=True)
class _Count:
    """A printed count: its text, the value shown (None: suppressed) and what it can be."""

    text: str
    shown: int | None
    low: int
    high: int

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def values(self) -> range:
        return range(self.low, self.high + 1)


def _count(text: str, rule: DisclosureRule, *, cap: int = _SEARCH_LIMIT) -> _Count | None:
    """A cell read as a count, or None when it is not one. A marked number is open data
    (exact); a number the rule could not have printed is taken at face value."""
    bare = text.strip()
    if bare == rule.symbol:
        return _Count(bare, None, rule.suppress_from, max(cap, rule.suppress_to))
    marked = NOT_A_COUNT in bare
    digits = bare.replace(NOT_A_COUNT, "")
    if not _INTEGER.fullmatch(digits):
        return None
    n = int(digits.replace(",", ""))
    if marked or rule.suppresses(n) or rule.rounded(n) != n:
        return _Count(bare, n, n, n)
    allowed = rule.candidates(n)
    return _Count(bare, n, allowed.start, allowed.stop - 1)


def _clean(text: str) -> str:
    return text.replace(NOT_A_COUNT, "").replace("\u2212", "-").strip()


def _near(value: float, printed: str, decimals: int) -> bool:
    """Whether ``value`` rounds to ``printed`` at its precision (either rounding of a half)."""
    return abs(value - float(printed.replace(",", ""))) <= 0.5 * 10.0**-decimals + 1e-9


# -- figures a row prints, each a test of candidate counts ------------------------------------


#: A printed figure of a row: what it is, its text, and the test of candidate counts that
#: reproduce it.
_Figure = tuple[str, str, Callable[[int, int], bool]]


def _pct_holds(printed: str) -> Callable[[int, int], bool]:
    m = _PERCENT.match(printed)
    assert m is not None
    digits, decimals = m.group(1), len(m.group(2) or "")
    return lambda part, whole: (
        0 <= part <= whole > 0 and _near(part / whole * 100, digits, decimals)
    )


def _interval_holds(printed: str) -> Callable[[int, int], bool]:
    m = _INTERVAL.search(printed)
    assert m is not None

    def holds(part: int, whole: int) -> bool:
        if whole <= 0 or not 0 <= part <= whole:
            return False
        estimate = proportion(part, whole).interval
        return _near(estimate.lower * 100, m.group(1), len(m.group(2) or "")) and _near(
            estimate.upper * 100, m.group(3), len(m.group(4) or "")
        )

    return holds


def _share_figures(pct: str | None, interval: str | None) -> list[_Figure]:
    """A share (``12%``) and its Wilson interval (``1.5% to 6.9%``) of part / whole."""
    figures: list[_Figure] = []
    if pct is not None and _PERCENT.match(_clean(pct)):
        figures.append(("percentage", _clean(pct), _pct_holds(_clean(pct))))
    if interval is not None and _INTERVAL.search(_clean(interval)):
        figures.append(("Wilson interval", _clean(interval), _interval_holds(_clean(interval))))
    return figures


def _change_figures(cells: Sequence[str], exposures: tuple[float, float]) -> list[_Figure]:
    """What a change row prints besides its counts: change, % change, p-value, verdict."""
    change, pct, p, verdict = cells
    figures: list[_Figure] = []
    if m := _CHANGE.match(change):
        delta = (-1 if m.group(1) == "-" else 1) * int(m.group(2).replace(",", ""))
        figures.append(("numerical change", change, lambda a, b: a - b == delta))
    if m := _PERCENT.match(pct):
        digits, decimals = m.group(1), len(m.group(2) or "")
        figures.append(
            ("% change", pct, lambda a, b: b > 0 and _near((a - b) / b * 100, digits, decimals))
        )

    def test(a: int, b: int) -> ChangeTest:
        return change_test(a, b, current_exposure=exposures[0], previous_exposure=exposures[1])

    if m := _P_VALUE.match(p):
        bound, digits, decimals = m.group(1), m.group(2), len(m.group(3))
        if bound == "<":
            figures.append(("p-value", p, lambda a, b: test(a, b).p_value < float(digits)))
        else:
            figures.append(("p-value", p, lambda a, b: _near(test(a, b).p_value, digits, decimals)))
    if verdict in _VERDICTS:
        figures.append(("verdict", verdict, lambda a, b: test(a, b).verdict == verdict))
    return figures


# -- inversion --------------------------------------------------------------------------------


def _invert(
    counts: tuple[_Count, _Count],
    figures: Sequence[_Figure],
    where: tuple[str, str, Sequence[str]],
    rule: DisclosureRule,
) -> list[Leak]:
    """The leaks of one row: counts its figures narrow that its printed counts don't explain.

    A figure the printed counts reproduce tells nothing more than they do. The others are
    inverted together; when no candidates reproduce them all (figures computed from different
    counts), each is inverted alone."""
    if all(c.exact for c in counts):
        return []
    first, second = counts[0].shown, counts[1].shown
    if first is None or second is None:
        unexplained = list(figures)
    else:
        unexplained = [f for f in figures if not f[2](first, second)]
    if not unexplained:
        return []  # computed from what is printed: nothing more to learn
    pairs = list(product(counts[0].values(), counts[1].values()))
    found = [pair for pair in pairs if all(holds(*pair) for _, _, holds in unexplained)]
    groups = (
        [(unexplained, found)]
        if found
        else [([figure], [pair for pair in pairs if figure[2](*pair)]) for figure in unexplained]
    )
    location, row, columns = where
    if not any(pairs_left for _, pairs_left in groups):
        return _beside_suppressed(counts, unexplained, where)
    leaks = []
    for used, pairs_left in groups:
        for k, count in enumerate(counts):
            recovered = tuple(sorted({pair[k] for pair in pairs_left}))
            if count.exact or not _narrows(count, recovered, rule, inverted=True):
                continue
            printed = (count.text, counts[1 - k].text, *(text for _, text, _ in used))
            allowed = (count.low, count.high)
            attack = " and ".join(name for name, _, _ in used)
            leaks.append(Leak(location, row, columns[k], printed, allowed, recovered, attack))
    return leaks


def _beside_suppressed(
    counts: tuple[_Count, _Count], figures: Sequence[_Figure], where: tuple[str, str, Sequence[str]]
) -> list[Leak]:
    """A figure printed beside a suppressed count that no candidate reproduces: computed from
    a count the attack did not try (a secondary suppression); printing it discloses that."""
    location, row, columns = where
    attack = " and ".join(name for name, _, _ in figures) + " printed beside a suppressed count"
    return [
        Leak(
            location,
            row,
            columns[k],
            (count.text, counts[1 - k].text, *(text for _, text, _ in figures)),
            (count.low, count.high),
            (),
            attack,
        )
        for k, count in enumerate(counts)
        if count.shown is None
    ]


def _narrows(
    count: _Count, recovered: Sequence[int], rule: DisclosureRule, *, inverted: bool
) -> bool:
    """Whether ``recovered`` tells a reader more than the printed cell may. A figure the
    printed counts do not reproduce (``inverted``) leaks by any narrowing; differencing of
    rounded counts leaks when it pins one value, or a suppressed count within its range."""
    if not recovered:
        return False
    if len(recovered) == 1:
        return True
    if inverted:
        return len(recovered) < count.high - count.low + 1
    if count.shown is None:
        primary = rule.candidates(None)
        inside = primary.start <= recovered[0] and recovered[-1] < primary.stop
        return inside and len(recovered) < len(primary)
    return False


# -- tables -----------------------------------------------------------------------------------


def _column(header: Sequence[str], *names: str) -> int | None:
    for name in names:
        for j, title in enumerate(header):
            if title.strip().lower() == name.lower():
                return j
    return None


def _interval_column(header: Sequence[str]) -> int | None:
    return next((j for j, h in enumerate(header) if "interval" in h.lower()), None)


def _exposures(current: str, previous: str) -> tuple[float, float]:
    try:
        return float(parse_period(current).days), float(parse_period(previous).days)
    except (QueryError, ValueError):
        return 1.0, 1.0


def _share_rows(table: Table, rule: DisclosureRule, location: str) -> list[Leak]:
    header = table.header
    number, whole = _column(header, "Number"), _column(header, "Of")
    pct, interval = _column(header, "%", "Percentage"), _interval_column(header)
    if number is None or whole is None or (pct is None and interval is None):
        return []
    leaks = []
    for row in table.rows:
        share = _share_figures(
            None if pct is None else row[pct], None if interval is None else row[interval]
        )
        bottom = _count(row[whole], rule)
        if not share or bottom is None:
            continue
        top = _count(row[number], rule, cap=bottom.high)
        if top is None:
            continue
        columns = (header[number], header[whole])
        leaks += _invert(
            (top, bottom),
            share,
            (location, _clean(row[0]), columns),
            rule,
        )
    return leaks


def _change_rows(table: Table, rule: DisclosureRule, location: str) -> list[Leak]:
    header = table.header
    change = _column(header, "Numerical change")
    if change is None or change < 3:
        return []
    pct, p = _column(header, "% change"), _column(header, "p")
    verdict = _column(header, "Statistical verdict")
    exposures = _exposures(_clean(header[1]), _clean(header[2]))
    leaks = []
    for row in table.rows:
        # a suppressed count is tried over the suppressed range only (a figure computed from a
        # larger, secondary-suppressed count is reported as printed beside a suppressed one)
        counts = [_count(row[j], rule, cap=rule.suppress_to) for j in (1, 2)]
        cells = [_clean(row[j]) if j is not None else "" for j in (change, pct, p, verdict)]
        figures = _change_figures(cells, exposures)
        current, previous = counts
        if current is None or previous is None or not figures:
            continue
        leaks += _invert(
            (current, previous),
            figures,
            (location, _clean(row[0]), (header[1], header[2])),
            rule,
        )
    return leaks


def _differences(table: Table, rule: DisclosureRule, location: str, known: _Bounds) -> list[Leak]:
    """Each count column of a table with a total row: the rows add up to the total (and a
    figure the section prints elsewhere is known as well as the other table tells)."""
    if not table.total_row or len(table.rows) < 2:
        return []
    leaks = []
    *body, total = table.rows
    for j in range(1, len(table.header)):
        cells = [_count(row[j], rule) for row in (*body, total)]
        counts = [c for c in cells if c is not None]
        if len(counts) != len(cells) or all(c.exact for c in counts):
            continue
        labels = [_clean(row[0]) for row in table.rows]
        start = [
            _tighten((c.low, c.high), known.get((label, _clean(table.header[j]))))
            for c, label in zip(counts, labels, strict=True)
        ]
        bounds = _propagate(start)
        if bounds is None:
            continue  # the rows do not add up to the total: not an equation
        for i, (count, (low, high)) in enumerate(zip(counts, bounds, strict=True)):
            recovered = tuple(range(low, high + 1))
            if count.exact or (low, high) == (count.low, count.high):
                continue
            if not _narrows(count, recovered, rule, inverted=False):
                continue
            row = _clean(table.rows[i][0])
            others = tuple(c.text for k, c in enumerate(counts) if k != i)
            printed = (count.text, *others)
            attack = "column total less the other rows"
            leaks.append(
                Leak(
                    location,
                    row,
                    table.header[j],
                    printed,
                    (count.low, count.high),
                    recovered,
                    attack,
                )
            )
    return leaks


def _tighten(bounds: tuple[int, int], other: tuple[int, int] | None) -> tuple[int, int]:
    if other is None or max(bounds[0], other[0]) > min(bounds[1], other[1]):
        return bounds
    return max(bounds[0], other[0]), min(bounds[1], other[1])


def _propagate(bounds: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """Bounds of each of ``x_1 + ... + x_n = t`` (t last) given each one's bounds; None when
    they cannot all hold. Interval propagation: sound (it never narrows too far)."""
    lows = [low for low, _ in bounds]
    highs = [high for _, high in bounds]
    *_, last = range(len(bounds))
    for _ in range(50):
        sum_low, sum_high = sum(lows[:last]), sum(highs[:last])
        new_lows = [max(lows[k], lows[last] - (sum_high - highs[k])) for k in range(last)]
        new_highs = [min(highs[k], highs[last] - (sum_low - lows[k])) for k in range(last)]
        new_lows.append(max(lows[last], sum_low))
        new_highs.append(min(highs[last], sum_high))
        if any(low > high for low, high in zip(new_lows, new_highs, strict=True)):
            return None
        if (new_lows, new_highs) == (lows, highs):
            break
        lows, highs = new_lows, new_highs
    return list(zip(lows, highs, strict=True))


def attack_table(
    table: Table, *, rule: DisclosureRule = DEFAULT_RULE, location: str = ""
) -> list[Leak]:
    """Every count of ``table`` a reader can recover or narrow from the table alone.

    Share rows (columns "Number", "Of", "%", "... interval ...") and change rows (two count
    columns, "Numerical change", "% change", "p", "Statistical verdict") are inverted over
    their candidate counts; a table with a total row is attacked by differencing (see the
    module docstring).

    Parameters
    ----------
    table
        A table as the document holds it (text cells).
    rule
        The disclosure rule the public edition applied.
    location
        Where the table is, for the leaks (the caption is added).

    Returns
    -------
    list of Leak
        Empty when the table discloses nothing beyond its printed counts.

    Examples
    --------
    A Wilson interval printed beside a suppressed count gives it away:

    >>> table = Table("Robbery share", ("", "Number", "Of", "%", "95% interval (Wilson)"),
    ...               (("Meole", "*", "185", "*", "1.5% to 6.9%"),))
    >>> [(leak.column, leak.recovered) for leak in attack_table(table)]
    [('Number', (6,)), ('Of', (184, 185, 186))]

    Computed from the printed counts, it does not:

    >>> fixed = Table("Robbery share", table.header, (("Meole", "10", "185", "5%", "2.9% to 9.7%"),))
    >>> attack_table(fixed)
    []
    """  # noqa: E501
    where = f"{location}, table '{table.caption}'" if location else f"table '{table.caption}'"
    return _attack(table, rule, where, {})


def _attack(table: Table, rule: DisclosureRule, where: str, known: _Bounds) -> list[Leak]:
    return [
        *_share_rows(table, rule, where),
        *_change_rows(table, rule, where),
        *_differences(table, rule, where, known),
    ]


# -- sentences --------------------------------------------------------------------------------

_SENTENCE_COUNT = re.compile(
    r"(?<![0-9.,\u2060])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?![0-9.,]*[0-9%])"
)


def attack_text(
    text: str, *, rule: DisclosureRule = DEFAULT_RULE, location: str = ""
) -> list[Leak]:
    """Every count a Wilson interval in ``text`` gives away, sentence by sentence.

    In each sentence with an interval (``3.2% to 9.2%``), every pair of unmarked counts (part,
    whole) is tried: when the printed pair does not reproduce the interval but some of their
    candidates do, the candidates left are a leak.

    Examples
    --------
    >>> leaks = attack_text("Burnell (n=15): 5.5% of 235 offences (3.2% to 9.2%).")
    >>> [(leak.recovered, leak.attack) for leak in leaks]
    [((13,), 'Wilson interval')]
    >>> attack_text("Burnell (n=15): 6.4% of 235 offences (3.9% to 10.4%).")
    []
    """
    leaks: list[Leak] = []
    for sentence in re.split(r"(?<=[.;])\s+", text):
        matches = list(_INTERVAL.finditer(sentence.replace(NOT_A_COUNT, "")))
        if not matches or not _has_unmarked(sentence):
            continue
        counts = [
            c
            for m in _SENTENCE_COUNT.finditer(sentence)
            if (c := _sentence_count(sentence, m, rule)) is not None
        ]
        for interval in matches:
            for part, whole in product(counts, counts):
                if part is whole or (part.exact and whole.exact):
                    continue
                if part.shown is not None and whole.shown is not None and part.shown > whole.shown:
                    continue
                where = (location or "text", "", ("", ""))
                figures = _share_figures(None, interval.group(0))
                found = _invert((part, whole), figures, where, rule)
                leaks += [leak for leak in found if leak.printed[0] == part.text][:1]
    return _unique(leaks)


def _has_unmarked(sentence: str) -> bool:
    return any(
        m.start() == 0 or sentence[m.start() - 1] != NOT_A_COUNT
        for m in _SENTENCE_COUNT.finditer(sentence)
    )


def _sentence_count(sentence: str, match: re.Match[str], rule: DisclosureRule) -> _Count | None:
    start = match.start()
    if start > 0 and (sentence[start - 1] == NOT_A_COUNT or sentence[start - 1].isalpha()):
        return None  # open data, or part of a code (Q4, E06000051)
    value = int(match.group().replace(",", ""))
    if len(match.group()) == 4 and 1900 <= value <= 2100:
        return None  # a year
    return _count(match.group(), rule)


def _unique(leaks: Iterable[Leak]) -> list[Leak]:
    seen: dict[tuple[str, str, str, tuple[str, ...]], Leak] = {}
    for leak in leaks:
        seen.setdefault((leak.location, leak.row, leak.column, leak.printed), leak)
    return list(seen.values())


# -- the document -----------------------------------------------------------------------------


def attack_document(document: Document, *, rule: DisclosureRule = DEFAULT_RULE) -> list[Leak]:
    """Every confidential count a reader can recover or narrow from a public document.

    Each table is attacked (:func:`attack_table`), each sentence (:func:`attack_text`), and
    the figures printed more than once in a section are compared (see the module docstring).

    Parameters
    ----------
    document
        A built public edition.
    rule
        The disclosure rule it applied.

    Returns
    -------
    list of Leak
        In document order; empty when the attack recovers nothing.
    """
    leaks: list[Leak] = []
    for number, section in enumerate(document.sections, start=1):
        where = f"section {number} ({section.title})"
        tables = [b for b in section.blocks if isinstance(b, Table)]
        figures = _figures(tables, rule)
        known = _known(figures)
        for table in tables:
            leaks += _attack(table, rule, f"{where}, table '{table.caption}'", known)
        for text in _texts(section.blocks):
            leaks += attack_text(text, rule=rule, location=f"{where}, text '{_short(text)}'")
        leaks += _repeated(figures, known, rule, where)
    return leaks


def _texts(blocks: Iterable[object]) -> Iterable[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Bullets):
            yield from block.items
        elif isinstance(block, KeyFindings):
            for finding in block.findings:
                yield finding.text


def _short(text: str) -> str:
    text = text.replace(NOT_A_COUNT, "")
    return text if len(text) <= 60 else text[:57] + "..."


_PERIOD = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}/[0-9]{2}(?![0-9])")
_NOT_FIGURES = {"of", "%", "p", "numerical change", "% change", "statistical verdict"}

_Key = tuple[str, str]
_Bounds = dict[_Key, tuple[int, int]]


def _figures(tables: Sequence[Table], rule: DisclosureRule) -> dict[_Key, list[tuple[_Count, str]]]:
    """Every count of a section's tables by figure: (row label, column), a share table's
    "Number" read as the period of its caption (or the section's current period), and a
    crosstab's total row as (column, period)."""
    current = next(
        (_clean(t.header[1]) for t in tables if _column(t.header, "Numerical change") is not None),
        None,
    )
    found: dict[_Key, list[tuple[_Count, str]]] = {}
    for table in tables:
        period = next(iter(_PERIOD.findall(_clean(table.caption))), current)
        for row in table.rows:
            for j in range(1, len(table.header)):
                key = _figure_key(_clean(row[0]), _clean(table.header[j]), period)
                count = _count(row[j], rule)
                if key is not None and count is not None:
                    found.setdefault(key, []).append((count, table.caption))
    return found


def _figure_key(label: str, column: str, period: str | None) -> _Key | None:
    if column.lower() in _NOT_FIGURES:
        return None
    if column.lower() == "number":
        return None if period is None else (label, period)
    if label.lower() == "total":
        return None if period is None else (column, period)
    return label, column


def _known(figures: dict[_Key, list[tuple[_Count, str]]]) -> _Bounds:
    """What a reader knows of each figure printed more than once: the intersection."""
    known: _Bounds = {}
    for key, printed in figures.items():
        low = max(c.low for c, _ in printed)
        high = min(c.high for c, _ in printed)
        if len(printed) > 1 and low <= high:
            known[key] = (low, high)
    return known


def _repeated(
    figures: dict[_Key, list[tuple[_Count, str]]], known: _Bounds, rule: DisclosureRule, where: str
) -> list[Leak]:
    """Figures printed in several tables of a section with treatments that narrow each other."""
    leaks = []
    for (label, column), (low, high) in known.items():
        printed = figures[(label, column)]
        recovered = tuple(range(low, high + 1))
        for count, caption in printed:
            if count.exact or (low, high) == (count.low, count.high):
                continue
            if _narrows(count, recovered, rule, inverted=False):
                texts = tuple(f"{c.text} ({t})" for c, t in printed)
                leaks.append(
                    Leak(
                        f"{where}, table '{caption}'",
                        label,
                        column,
                        texts,
                        (count.low, count.high),
                        recovered,
                        "same figure printed in another table",
                    )
                )
    return leaks
