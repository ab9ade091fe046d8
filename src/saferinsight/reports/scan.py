"""Scan a public document's text for numbers that break the disclosure rule.

Every integer in the text is read with its context (a count, a percentage, a year, a code) and
checked against :class:`~saferinsight.reports.disclosure.DisclosureRule`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass

from saferinsight.reports.disclosure import DEFAULT_RULE, DisclosureRule

__all__ = ["Violation", "find_disclosive_numbers"]


@dataclass(frozen=True)
class Violation:
    """A number in public text that breaks the disclosure rule.

    Attributes
    ----------
    location
        Where it is: the caller's ``location`` and, for text of several paragraphs, the
        paragraph (``"paragraph 12"``).
    value
        The number as written (``"1,234"``).
    reason
        Why it breaks the rule (``"count 4 is between 1 and 7"``).
    start
        Its character offset in the scanned text.
    """

    location: str
    value: str
    reason: str
    start: int | None = None


_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]
_MONTH = "(?:" + "|".join(sorted(_MONTH_NAMES + [m.upper() for m in _MONTH_NAMES], key=len)[::-1])
_MONTH += ")"
_SPACE = "[ \u00a0]"
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"
_YEAR = "(?:19[0-9][0-9]|20[0-9][0-9]|2100)"
_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_START = r"(?<![0-9.,])"
_REFERENCE_WORDS = [
    "Table",
    "Figure",
    "Chart",
    "Map",
    "Section",
    "Appendix",
    "Annex",
    "Chapter",
    "Paragraph",
    "Page",
]
_REFERENCE = "|".join(_REFERENCE_WORDS + [w.lower() for w in _REFERENCE_WORDS])

#: Patterns whose matches are not counts; a number inside a match is skipped.
_NOT_COUNTS = tuple(
    re.compile(pattern)
    for pattern in (
        # the caller's marker, covering digits joined by , . : / - or an en dash (an age band)
        "\u2060[0-9](?:[0-9,.:/\\-\u2013]*[0-9])?",
        # ISO months and dates: 2024-03, 2024-03-31
        rf"(?<![0-9]){_YEAR}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?(?![0-9])",
        # numeric dates 31/03/2025, 31/03/25 and months 03/2025
        rf"(?<![0-9/]){_DAY}/(?:0?[1-9]|1[0-2])/(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9/])",
        rf"(?<![0-9/])(?:0?[1-9]|1[0-2])/{_YEAR}(?![0-9/])",
        # 31 March, 1st Jan: a day before a capitalised month name
        rf"{_START}{_DAY}(?:st|nd|rd|th)?{_SPACE}+{_MONTH}\b",
        # March 31, 2025: a day after a month name only when a year follows
        rf"\b{_MONTH}\.?{_SPACE}+{_DAY}(?:st|nd|rd|th)?,?{_SPACE}+{_YEAR}(?![0-9])",
        # times 14:30, 09:15:00
        r"(?<![0-9:.,])(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?![0-9:])",
        # percentages 12%, 12 %, 12 per cent, 4 percentage points
        rf"{_START}{_NUM}{_SPACE}?(?:%|per{_SPACE}?cent\b|percent\b|percentage{_SPACE}points?\b)",
        # money £1,234 and $5
        rf"[£$€]{_SPACE}?{_NUM}",
        # cross-references: Table 3, Figure 2, Section 4, page 5
        rf"\b(?:{_REFERENCE})s?\.?{_SPACE}+{_NUM}",
    )
)
_YEAR_RANGE = re.compile(
    rf"{_START}({_YEAR})[/\-\u2013\u2014]([0-9]{{4}}|[0-9]{{2}})(?![.,]?[0-9])"
)
_NUMBER = re.compile(_NUM)
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_NUMBER_WORD = re.compile(r"(?i)\b(" + "|".join(_NUMBER_WORDS) + r")\b")
_MARKED_WORD = re.compile("\u2060[A-Za-z]+")


class _Spans:
    """Character spans; ``covers`` says whether one span holds a whole token."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self._starts = [a for a, _ in spans]
        self._reach: list[int] = []
        for _, b in spans:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)

    def covers(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end


def _skip_spans(text: str, allow: Collection[str]) -> _Spans:
    spans = [m.span() for pattern in _NOT_COUNTS for m in pattern.finditer(text)]
    spans += [m.span() for m in _MARKED_WORD.finditer(text)]
    for m in _YEAR_RANGE.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        if len(m.group(2)) == 2:
            second += first // 100 * 100
            second += 100 if second <= first else 0
        if first < second <= 2100 and (len(m.group(2)) == 4 or second - first <= 30):
            spans.append(m.span())
    for allowed in {a for a in allow if a}:
        at = text.find(allowed)
        while at >= 0:
            spans.append((at, at + len(allowed)))
            at = text.find(allowed, at + 1)
    return _Spans(spans)


def _integers(match: re.Match[str]) -> list[tuple[int, int]]:
    """The integer tokens in a run of digits, commas and points (none in a decimal)."""
    token, start = match.group(), match.start()
    if "." in token:
        return []
    if "," not in token or _THOUSANDS.fullmatch(token):
        return [match.span()]
    parts, at = [], start
    for part in token.split(","):  # "4,5" is a list, not a thousand-separated number
        parts.append((at, at + len(part)))
        at += len(part) + 1
    return parts


def _inside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before == "_" or after.isalpha() or after == "_"


def _sign(text: str, start: int) -> str:
    """The + or - written straight before a number, unless it joins two numbers or words."""
    if start == 0 or text[start - 1] not in "+-\u2212":
        return ""
    before = text[start - 2] if start > 1 else " "
    return "" if before.isalnum() or before in ".,_" else text[start - 1]


def _breach(value: int, shown: str, rule: DisclosureRule) -> str | None:
    if shown[0] in "+-\u2212":
        if value % rule.round_to:
            return f"change {shown} is not a multiple of {rule.round_to}"
        return None
    if rule.suppresses(value):
        return f"count {shown} is between {rule.suppress_from} and {rule.suppress_to}"
    if value % rule.round_to:
        return f"count {shown} is not a multiple of {rule.round_to}"
    return None


def find_disclosive_numbers(
    text: str,
    *,
    rule: DisclosureRule = DEFAULT_RULE,
    allow: Collection[str] = (),
    location: str | None = None,
    words: bool = False,
) -> list[Violation]:
    """Find numbers in public text that would break the disclosure rule if they were counts.

    The scanner is deliberately cautious: anything that might be a count is treated as one, so
    it reports some numbers that are not counts (ranks, ages, page numbers) and the caller marks
    those. It never needs to know what a number means.

    Parameters
    ----------
    text
        Plain text: a paragraph, a whole report's extracted text, or one table cell.
    rule
        The disclosure rule the counts should follow.
    allow
        Exact strings (case-sensitive) whose numbers are not counts, such as ``"rank 3"`` or
        ``"aged 16-24"``. A number is skipped when it lies wholly inside an occurrence of one.
    location
        Where ``text`` comes from, for the violations (``"table 3, row 'X', column 'Y'"``).
    words
        Also report the number words "two" to "eight" when the rule suppresses their value
        ("three victims"). Off by default because fixed wording ("three years") is common; turn
        it on for hand-written commentary. "one" is never reported.

    Returns
    -------
    list of Violation
        In the order they occur in ``text``.

    Notes
    -----
    A *number* is a run of digits, optionally joined by single commas or points (``1,234``,
    ``3.2``). A run containing a point is a decimal and is not a count. A run with commas that
    are not a valid thousands grouping (``4,5``) is read as a list of separate numbers. Each
    integer that remains is a count unless one of these applies:

    - it is written straight after :data:`NOT_A_COUNT` (U+2060 WORD JOINER), which covers it
      and any digits joined to it by ``, . : / -`` or an en dash (U+2013), as in an age band;
    - it lies wholly inside an occurrence of a string in ``allow``;
    - it touches a letter or underscore: a letter or digit just before it (``Q4``, ``WD22``,
      ``E06000051``) or a letter just after it (``1st``, ``4km``, ``10am``);
    - it has four digits, no comma, and lies from 1900 to 2100: a year (``2024``). A count that
      large must be written with a thousands separator (``2,025``), as :func:`protect_count`
      does by default; otherwise an unrounded count such as ``2024`` is missed;
    - it ends a year range written without spaces, ``2024/25``, ``2023-24``, ``2023-2024`` or
      with an en dash (the second year after the first; a two-digit end at most 30 years on);
    - it is part of a date or time: ``2024-03``, ``2024-03-31``, ``31/03/2025``, ``03/2025``, a
      day before a month name (``31 March``, ``1 Jan``), a day after a month name when a year
      follows (``March 31, 2025``), or ``14:30``. Month names are capitalised or in capitals:
      "4 may" is a count. ``March 12`` without a year is a count;
    - it is a percentage: followed by ``%``, ``per cent``, ``percent`` or ``percentage
      point(s)``, with at most one space between;
    - it is money: straight after ``£``, ``$`` or ``€`` (one space allowed);
    - it follows a cross-reference word: Table, Figure, Chart, Map, Section, Appendix, Annex,
      Chapter, Paragraph, Page (capitalised or lower case, optionally plural or with a point).

    A count breaks the rule when it is in the suppressed range (1 to 7) or is not a multiple of
    ``round_to``. 0 is fine unless the rule suppresses it.

    A number with a sign straight before it (``+5``, ``-5``, ``\u22125``; the sign not itself
    straight after a letter, digit or point, so ``16-24`` and ``COVID-19`` are not signed) is a
    change between two counts. The difference of two rounded counts is a multiple of
    ``round_to``, so a change breaks the rule only when it is not one: ``+5`` passes, ``-4`` does
    not. Its ``value`` includes the sign.

    Examples
    --------
    >>> [(v.value, v.reason) for v in find_disclosive_numbers(
    ...     "In 2024/25 there were 4 incidents and a total of 1,234 crimes (12%).")]
    [('4', 'count 4 is between 1 and 7'), ('1,234', 'count 1,234 is not a multiple of 5')]
    >>> from saferinsight.reports.disclosure import NOT_A_COUNT
    >>> find_disclosive_numbers("Ranked " + NOT_A_COUNT + "3rd; rank 3", allow=["rank 3"])
    []
    """
    skip = _skip_spans(text, allow)
    breaks = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]

    def where(at: int) -> str:
        paragraph = f"paragraph {bisect.bisect_right(breaks, at)}"
        if location is None:
            return paragraph
        return location if len(breaks) == 1 else f"{location}, {paragraph}"

    found = []
    for match in _NUMBER.finditer(text):
        for start, end in _integers(match):
            token = text[start:end]
            if not token or skip.covers(start, end) or _inside_word(text, start, end):
                continue
            value = int(token.replace(",", ""))
            if len(token) == 4 and 1900 <= value <= 2100:
                continue
            sign = _sign(text, start) if start == match.start() else ""
            reason = _breach(value, sign + token, rule)
            if reason:
                found.append(Violation(where(start), sign + token, reason, start - len(sign)))
    if words:
        for match in _NUMBER_WORD.finditer(text):
            value = _NUMBER_WORDS[match.group().lower()]
            if rule.suppresses(value) and not skip.covers(*match.span()):
                reason = f"count '{match.group()}' ({value}) is between "
                reason += f"{rule.suppress_from} and {rule.suppress_to}"
                found.append(Violation(where(match.start()), match.group(), reason, match.start()))
    return sorted(found, key=lambda v: v.start or 0)
