"""The report as a format-neutral document: sections of headings, paragraphs, bullet lists,
tables and figures. HTML (and PDF from it) and Word render the same document."""

from __future__ import annotations

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
    """A numbered section with its blocks; level 1 sections start a new page in print."""

    title: str
    anchor: str
    blocks: tuple[Block, ...]
    level: int = 1


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
