"""The slide deck's content: which slides, in which order, with which chart and bullets.

The deck is the board pack the partnership's own annual report and children's partnership
report are (report-catalogue.md 4.1): one chart and two to four plain-English bullets a
slide. It is drawn from a finished :class:`~saferinsight.reports.document.Document` and
computes nothing: every number on a slide is text of the document (a public edition's deck
is made from the public document, already checked for disclosure), shortened by
:func:`plain`, which takes out p-values, intervals and method names and never adds a number.

The slides, in order (:data:`ORDER`):

1. ``title``: the report's title, subtitle and edition;
2. ``matters``: what matters most (the ranking's top themes with the reasons);
3. ``priorities``: candidate priorities for the board to accept or reject;
4. ``worse``: what is getting worse, and where;
5. ``better``: what is getting better;
6. ``uncertain``: what is uncertain;
7. ``theme``: a slide per theme with a section in the core document (its monthly chart);
8. ``other-themes``: the other crime types in one slide;
9. ``places``: the hotspot map;
10. ``peers``: the funnel plot against similar partnerships;
11. ``partner``: a slide per partner chart (domestic abuse, hate crime, ASB, IOM ...), or per
    partner section without one;
12. ``area``: about the area (the area panel);
13. ``methods``: data and methods, pointing to the full assessment's appendices.

A document without a section a slide needs (no partner data, no ranking) has no such slide.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from saferinsight.analysis.narrative import NOT_A_COUNT
from saferinsight.reports.document import Bullets, Document, Figure, Paragraph, Section, Table
from saferinsight.reports.summary import BANNED_TERMS

__all__ = ["ORDER", "Slide", "deck_slides", "plain", "slide_text", "uncovered_numbers"]

ORDER = (
    "title",
    "matters",
    "priorities",
    "worse",
    "better",
    "uncertain",
    "theme",
    "other-themes",
    "places",
    "peers",
    "partner",
    "area",
    "methods",
)
#: Bullets on a slide with a chart (the seed decks have two to four).
MAX_BULLETS = 4
#: A bullet longer than this is left out of a chart's slide when others can stand in.
LONG_BULLET = 240
#: Words that mark a sentence as about method (control charts, tests): it stays in the report.
TECHNICAL = (
    *BANNED_TERMS,
    "interval",
    "control chart",
    "special cause",
    "common cause",
    "xmr",
    "significan",
    "sen's slope",
)
_P_VALUE = re.compile(r"\bp\s*[=<>]")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SUBHEADS = {
    "What matters most": "matters",
    "Getting worse, and where": "worse",
    "Getting better": "better",
    "Uncertain": "uncertain",
    "Candidate priorities for the board to accept or reject": "priorities",
}
_SLIDE_TITLES = {
    "matters": "What matters most",
    "priorities": "Candidate priorities for the board",
    "worse": "Getting worse, and where",
    "better": "Getting better",
    "uncertain": "Uncertain",
}
_VERDICT_SENTENCES = {
    "more than chance explains": "More than chance explains this change.",
    "within normal variation": "The change is within normal variation.",
}
_PEER_WORDS = {
    "Higher": "Higher than similar partnerships",
    "Lower": "Lower than similar partnerships",
    "Similar": "No different from similar partnerships",
}


@dataclass(frozen=True)
class Slide:
    """One slide: its kind (see :data:`ORDER`), title, bullets and at most one chart or table.

    ``caption`` is printed above the chart (the chart's title); ``notes`` are the speaker notes
    (the chart's source and how to read it); ``lead`` bullets are written 'Theme: reason' with
    the theme in bold.
    """

    kind: str
    title: str
    bullets: tuple[str, ...] = ()
    figure: Figure | None = None
    table: Table | None = None
    caption: str = ""
    source: str = ""
    notes: tuple[str, ...] = ()
    subtitle: str = ""
    lead: bool = False


def plain(text: str) -> str | None:
    """A report sentence in plain words for a slide, or None when it is about method.

    p-values, intervals and test names go (a change's verdict stays, in words); nothing is
    added but fixed words, so every number left was in ``text``.

    Examples
    --------
    >>> plain("186 robberies were recorded in 2024/25, up from 147 the previous year, a 26.5% "
    ...       "increase. Statistically: a statistically significant rise (p = 0.033).")
    '186 robberies were recorded in 2024/25, up from 147 the previous year, a 26.5% increase. \
More than chance explains this change.'
    >>> plain("In Mar 2025 there were 14 robberies, up from 2 in Mar 2024 (a statistically "
    ...       "significant rise, p = 0.004).")
    'In Mar 2025 there were 14 robberies, up from 2 in Mar 2024 (more than chance explains).'
    >>> plain("Shropshire 80% (20 of 25; 95% interval 60.9% to 91.1%).")
    'Shropshire 80% (20 of 25).'
    >>> plain("Domestic abuse offences: 2,625 against 3,140 (a statistically significant fall "
    ...       "(p < 0.001)).")
    'Domestic abuse offences: 2,625 against 3,140 (more than chance explains).'
    >>> plain("The monthly control chart shows only common cause variation.") is None
    True
    """
    text = text.replace(NOT_A_COUNT, "")
    head, said, tail = text.partition(" Statistically:")
    if said:
        verdict = _verdict(tail)
        text = head + (f" {_VERDICT_SENTENCES[verdict]}" if verdict else "")
    text = _without_method_brackets(text)
    for before, after in (
        ("no evidence of change: within normal variation", "within normal variation"),
        ("a statistically significant ", "a real "),
        ("no statistically significant ", "no real "),
        ("Statistically significant ", "Real "),
        (" statistically from", " from"),
    ):
        text = text.replace(before, after)
    text = re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    if _technical(text):
        return None
    return text


def _verdict(text: str) -> str:
    lower = text.lower()
    if "statistically significant" in lower and "no statistically" not in lower:
        return "more than chance explains"
    if "within normal variation" in lower or "no evidence" in lower or "no statistically" in lower:
        return "within normal variation"
    return ""


def _technical(text: str) -> bool:
    lower = f" {text.lower()} "
    return bool(_P_VALUE.search(lower)) or any(term in lower for term in TECHNICAL)


def _without_method_brackets(text: str) -> str:
    """Each bracket's parts about method replaced by the verdict they state, or left out."""
    out: list[str] = []
    position = 0
    for start, end in _brackets(text):
        out.append(text[position:start])
        position = end + 1
        kept = []
        for part in text[start + 1 : end].split("; "):
            if not _technical(part):
                kept.append(part)
            elif verdict := _verdict(part):
                kept.append(verdict)
        if kept:
            out.append(f"({'; '.join(kept)})")
    out.append(text[position:])
    return "".join(out)


def _brackets(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each outermost pair of round brackets."""
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                yield start, index


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", _unmarked(text).strip())


def _clean(items: Sequence[str]) -> list[str]:
    return [p for p in (plain(item) for item in items) if p]


def _chosen(items: Sequence[str], prefer: Sequence[str] = ("trend", " ward")) -> tuple[str, ...]:
    """Two to four bullets for a chart's slide: the first (the headline), then those about
    the trend and the places, then others, short ones first, in the report's order."""
    cleaned: list[str] = []
    for text in _clean(items):  # one figure said twice ('by category: 3,020 ...') once
        if text.partition(": ")[2] not in {c.partition(": ")[2] for c in cleaned} - {""}:
            cleaned.append(text)
    if not cleaned:
        return ()
    picked = [0]
    for words in prefer:
        picked += [i for i, t in enumerate(cleaned) if words in t and i not in picked][:1]
    rest = sorted(
        (i for i in range(len(cleaned)) if i not in picked), key=lambda i: len(cleaned[i])
    )
    picked += [i for i in rest if len(cleaned[i]) <= LONG_BULLET]
    chosen = [cleaned[i] for i in sorted(picked[:MAX_BULLETS])]
    clauses = chosen[0].removesuffix(".").split("; ")
    if len(chosen) == 1 and len(clauses) == 2:  # one bullet of two clauses: a bullet each
        chosen = [c[0].upper() + c[1:] + "." for c in clauses]
    return tuple(chosen)


def _unmarked(text: str) -> str:
    return text.replace(NOT_A_COUNT, "")


def _figure_slide(kind: str, title: str, figure: Figure, bullets: tuple[str, ...]) -> Slide:
    chart = figure.chart
    return Slide(
        kind,
        title,
        bullets,
        figure=figure,
        caption=_unmarked(chart.title),
        source=_unmarked(chart.source),
        notes=tuple(_unmarked(t) for t in (f"Chart: {chart.title}.", chart.source, *chart.notes)),
    )


def _bullets(section: Section) -> list[str]:
    return [item for block in section.blocks if isinstance(block, Bullets) for item in block.items]


def _figures(section: Section) -> list[Figure]:
    return [b for b in section.blocks if isinstance(b, Figure)]


def _tables(section: Section) -> list[Table]:
    return [b for b in section.blocks if isinstance(b, Table)]


def deck_slides(document: Document) -> tuple[Slide, ...]:
    """The deck's slides for ``document``, in the order of :data:`ORDER`.

    Examples
    --------
    >>> from datetime import datetime
    >>> doc = Document("Area strategic assessment 2024/25", "Crime in Area", "full", (),
    ...                datetime(2025, 5, 1), "Area", "2024/25", "Area (restricted)")
    >>> [(s.kind, s.title) for s in deck_slides(doc)]
    [('title', 'Area strategic assessment 2024/25'), ('methods', 'Data and methods')]
    """
    core = document.core
    by_anchor = {s.anchor: s for s in core}
    slides = [_title_slide(document)]
    summary = by_anchor.get("summary")
    if summary is not None:
        slides += _summary_slides(summary)
    for section in core:
        if section.anchor.startswith("theme-"):
            slides += _theme_slide(section)
    if "other-themes" in by_anchor:
        other = by_anchor["other-themes"]
        slides.append(Slide("other-themes", other.title, tuple(_clean(_bullets(other)))))
    if "places" in by_anchor:
        slides += _places_slide(by_anchor["places"])
    if "peers" in by_anchor:
        slides += _peers_slide(by_anchor["peers"])
    for section in core:
        if section.anchor.startswith("partner-"):
            slides += _partner_slides(section)
    if "about" in by_anchor:
        slides.append(_area_slide(by_anchor["about"]))
    slides.append(_methods_slide(document))
    return tuple(slides)


def _title_slide(document: Document) -> Slide:
    edition = (
        "Public edition: partner agencies' small numbers are withheld and their counts rounded."
        if document.edition == "public"
        else "Restricted: full figures, not for publication."
    )
    return Slide(
        "title",
        document.title,
        subtitle=f"{_unmarked(document.subtitle)}\n{edition}\nBoard summary of the strategic "
        "assessment: the full report has every table, map and method.",
    )


def _summary_slides(summary: Section) -> list[Slide]:
    """What matters most, candidate priorities, worse, better, uncertain; or, from a summary of
    key findings without a ranking, nothing."""
    found: dict[str, Table | Bullets] = {}
    current = ""
    for block in summary.blocks:
        if isinstance(block, Paragraph) and block.style == "subhead":
            current = _SUBHEADS.get(block.text, "")
        elif current and isinstance(block, Table | Bullets) and current not in found:
            found[current] = block
    slides = []
    for kind in ("matters", "priorities", "worse", "better", "uncertain"):
        part = found.get(kind)
        if isinstance(part, Table):
            keep = [i for i, h in enumerate(part.header) if h != "Score"]
            rows = tuple(tuple(_unmarked(_plain_cell(row[i])) for i in keep) for row in part.rows)
            table = Table(
                _unmarked(part.caption),
                tuple(part.header[i] for i in keep),
                rows,
                numeric=tuple(part.numeric[i] for i in keep) if part.numeric else (),
            )
            notes = tuple(_unmarked(n) for n in part.notes)
            slides.append(
                Slide(kind, _SLIDE_TITLES[kind], table=table, caption=table.caption, notes=notes)
            )
        elif isinstance(part, Bullets):
            items = tuple(_clean(part.items))
            slides.append(Slide(kind, _SLIDE_TITLES[kind], items, lead=True))
    return slides


def _plain_cell(text: str) -> str:
    return plain(text) or ""


def _theme_slide(section: Section) -> list[Slide]:
    figures = _figures(section)
    bullets = _chosen(_bullets(section))
    if not figures:
        return [Slide("theme", section.title, bullets)]
    return [_figure_slide("theme", section.title, figures[0], bullets)]


def _places_slide(section: Section) -> list[Slide]:
    figures = _figures(section)
    paragraphs = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.style != "note"]
    bullets = tuple(_clean([s for p in paragraphs for s in _sentences(p)]))[:MAX_BULLETS]
    if not figures:
        return [Slide("places", "Places", bullets)]
    slide = _figure_slide("places", "Places: where crime gathers", figures[0], bullets)
    keys = [_unmarked(b.text) for b in section.blocks if isinstance(b, Paragraph)]
    keys = [k for k in keys if k.startswith("Ward key")]
    extra = tuple(
        _unmarked(f.chart.title) + ": " + _unmarked(f.chart.alt_text) for f in figures[1:]
    )
    return [dataclasses.replace(slide, notes=(*slide.notes, *keys, *extra))]


def _peers_slide(section: Section) -> list[Slide]:
    figures = _figures(section)
    bullets: list[str] = []
    for table in _tables(section):
        if "Against peers" not in table.header:
            continue
        column = table.header.index("Against peers")
        groups: dict[str, list[str]] = {}
        for row in table.rows:
            groups.setdefault(row[column], []).append(row[0])
        for word in ("Higher", "Lower", "Similar"):
            if word in groups:
                bullets.append(f"{_PEER_WORDS[word]}: {', '.join(groups[word])}.")
    notes = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.style == "note"]
    bullets += [
        s.split(": ")[0].removesuffix(".") + "."
        for s in _clean([s for n in notes for s in _sentences(n)])
        if "too few" in s
    ]
    chosen = tuple(bullets[:MAX_BULLETS])
    title = "Against similar partnerships"
    if not figures:
        return [Slide("peers", title, chosen)]
    figure = next((f for f in figures if f.chart.key.endswith("funnel-peers")), figures[0])
    return [_figure_slide("peers", title, figure, chosen)]


def _partner_slides(section: Section) -> list[Slide]:
    """A slide per monthly chart of the section (the quarters' bars stay in the report), with
    the section's bullets about its subject; the section's first bullets when it has no
    chart."""
    items = _bullets(section)
    months = [f for f in _figures(section) if f.chart.key.endswith("-months")]
    if not months:
        bullets = _chosen(items, prefer=())
        return [Slide("partner", section.title, bullets)] if bullets else []
    slides = []
    for figure in months:
        subject = _unmarked(figure.chart.title).split(" by month")[0]
        first = subject.split()[0].lower()
        about = [i for i in items if i.lower().startswith(first)] or items
        slides.append(_figure_slide("partner", subject, figure, _chosen(about, prefer=())))
    return slides


def _area_slide(section: Section) -> Slide:
    paragraphs = [b.text for b in section.blocks if isinstance(b, Paragraph) and not b.style]
    bullets = tuple(_clean([_sentences(p)[0] for p in paragraphs[:2]]))
    tables = _tables(section)
    table = tables[0] if tables else None
    if table is not None:
        table = Table(
            _unmarked(table.caption),
            table.header,
            tuple(tuple(_unmarked(c) for c in row) for row in table.rows),
            numeric=table.numeric,
        )
    notes = tuple(_unmarked(n) for t in tables[:1] for n in t.notes)
    caption = table.caption if table is not None else ""
    return Slide("area", section.title, bullets, table=table, caption=caption, notes=notes)


def _methods_slide(document: Document) -> Slide:
    labels = dict(zip((s.anchor for s in document.sections), document.labels(), strict=True))
    appendices = [
        f"{title} (appendix {labels[anchor]})"
        for anchor, title in (
            ("ranking-method", "how the themes were ranked"),
            ("methodology", "methods and data sources"),
            ("themes-in-full", "each theme in full"),
            ("partner-other", "partner data in full"),
        )
        if anchor in labels
    ]
    bullets = [
        f"Every figure here is from the full report, '{document.title}', which has the tables, "
        "maps and notes behind each slide.",
    ]
    if appendices:
        bullets.append(f"In the report: {'; '.join(appendices)}.")
    bullets.append(
        "A change is called real only when it is larger than the normal ups and downs of the "
        "figures; police.uk street records leave out crimes without a location."
    )
    if document.edition == "public":
        bullets.append(
            "Partner agencies' counts are rounded and small numbers withheld, as in the public "
            "edition of the report."
        )
    return Slide("methods", "Data and methods", tuple(bullets))


def slide_text(slides: Sequence[Slide]) -> list[str]:
    """Every piece of text the slides show (titles, bullets, captions, table cells, sources)
    and their notes, for checks."""
    texts: list[str] = []
    for slide in slides:
        texts += [slide.title, slide.subtitle, *slide.bullets, slide.caption, slide.source]
        texts += slide.notes
        if slide.figure is not None:
            texts.append(_unmarked(slide.figure.chart.alt_text))
        if slide.table is not None:
            texts += [*slide.table.header, *(c for row in slide.table.rows for c in row)]
    return [t for t in texts if t]


def uncovered_numbers(printed: Iterable[str], slides: Sequence[Slide]) -> set[str]:
    """Numbers in the slides' text (notes included) that none of the ``printed`` texts (the
    document's, :func:`~saferinsight.reports.build.document_text`) holds.

    Examples
    --------
    >>> slides = [Slide("theme", "Crime", ("1,230 in 2024",))]
    >>> uncovered_numbers(["1,230 crimes in 2024/25"], slides)
    set()
    >>> uncovered_numbers(["1,230 crimes"], [Slide("theme", "Crime", ("1,232 crimes",))])
    {'1,232'}
    """
    seen: set[str] = set()
    for text in printed:
        seen.update(_NUMBER.findall(_unmarked(text)))
    shown: set[str] = set()
    for text in slide_text(slides):
        shown.update(_NUMBER.findall(text))
    return shown - seen
