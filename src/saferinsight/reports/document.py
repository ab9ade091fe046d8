"""The report as a format-neutral document: sections of headings, paragraphs, bullet lists,
tables and figures. HTML (and PDF from it) and Word render the same document."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from saferinsight.reports.chart import Chart


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text."""

    text: str
    style: str = ""  # "" | "note" | "lead"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a caption, header row and body rows (text cells)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    notes: tuple[str, ...] = ()
    total_row: bool = False


@dataclass(frozen=True)
class Figure:
    """A chart with its title, alternative text and source; ``open_data`` when it is drawn
    from open data only (a public edition prints it exactly; the disclosure attack leaves its
    drawing alone)."""

    chart: Chart
    open_data: bool = False


@dataclass(frozen=True)
class Finding:
    """A key finding with its statistical verdict."""

    title: str
    text: str
    verdict: str


@dataclass(frozen=True)
class KeyFindings:
    """The one-page summary of key findings."""

    findings: tuple[Finding, ...]


Block = Paragraph | Bullets | Table | Figure | KeyFindings


@dataclass(frozen=True)
class Section:
    """A numbered section with its blocks; level 1 sections start a new page in print.

    ``appendix`` sections come after the core document: they are lettered (A, B, ...;
    a level 2 section within one A.1, A.2, ...) where core sections are numbered, and the
    first starts the appendices (a page break, and a heading in the contents). Level 2
    sections are subsections of the level 1 section before them.
    """

    title: str
    anchor: str
    blocks: tuple[Block, ...]
    level: int = 1
    appendix: bool = False


@dataclass(frozen=True)
class Document:
    """A complete report."""

    title: str
    subtitle: str
    edition: str  # "full" or "public"
    sections: tuple[Section, ...]
    generated_at: datetime
    area: str
    period: str
    running_header: str
    metadata: dict[str, str] = field(default_factory=dict)

    def tables(self) -> list[Table]:
        """Every table, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        """Every figure, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def labels(self) -> list[str]:
        """Each section's number as printed: see :func:`section_labels`."""
        return section_labels(self.sections)

    @property
    def core(self) -> tuple[Section, ...]:
        """The sections before the appendices."""
        return tuple(s for s in self.sections if not s.appendix)


def marked_label(label: str, mark: str) -> str:
    """A section label with ``mark`` (a public edition's not-a-count mark) before each number
    in it, so that no check reads "A.1" as a count of 1.

    >>> marked_label("A.1", "*"), marked_label("12", "")
    ('A.*1', '12')
    """
    return re.sub(r"\d+", lambda m: mark + m.group(), label) if mark else label


def section_labels(sections: Sequence[Section]) -> list[str]:
    """The printed number of each section: core sections 1, 2, ... (a level 2 section
    within section 3 is 3.1, 3.2, ...), appendices A, B, ... (A.1, A.2, ...).

    Examples
    --------
    >>> parts = [Section("Summary", "s", ()), Section("Theme", "t", ()),
    ...          Section("Detail", "d", (), level=2), Section("Methods", "m", (), appendix=True),
    ...          Section("Tables", "x", (), appendix=True),
    ...          Section("Burglary", "b", (), level=2, appendix=True)]
    >>> section_labels(parts)
    ['1', '2', '2.1', 'A', 'B', 'B.1']
    """
    labels: list[str] = []
    number = letter = sub = 0
    for section in sections:
        if section.level > 1:
            sub += 1
            parent = labels[-1].split(".")[0] if labels else "0"
            labels.append(f"{parent}.{sub}")
            continue
        sub = 0
        if section.appendix:
            letter += 1
            labels.append(_letters(letter))
        else:
            number += 1
            labels.append(str(number))
    return labels


def _letters(n: int) -> str:
    """A, B, ..., Z, AA, AB, ... for 1, 2, ...

    Examples
    --------
    >>> _letters(1), _letters(26), _letters(27)
    ('A', 'Z', 'AA')
    """
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out
