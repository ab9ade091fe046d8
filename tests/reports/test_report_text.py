"""The strategic assessment's text as a reader sees it, full and public editions of both demo
partnerships: no command-line instructions, proper plurals, and the same statistical verdicts
in both editions (issue 13, "False or misleading statements")."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest

from saferinsight.analysis.narrative import NOT_A_COUNT
from saferinsight.cli.commands import main
from saferinsight.reports.build import build_document, document_text
from saferinsight.reports.document import Bullets, Document, KeyFindings
from saferinsight.workspace import Workspace

AREAS = ("Shropshire", "Telford and Wrekin")
SRC = Path(__file__).resolve().parents[2] / "src" / "saferinsight"
#: A command ('safer ingest ...', or a command's name in quotes) or a flag ('--public').
COMMAND = re.compile(
    rf"\bsafer (?:{'|'.join(map(re.escape, main.commands))})\b"
    rf"|'(?:{'|'.join(map(re.escape, main.commands))})[ ']"
    r"|(?<![\w-])--[a-z]"
)
CLASSES = ("special cause improvement", "special cause concern", "special cause neutral")


@pytest.fixture(scope="module")
def documents(demo: Workspace) -> dict[tuple[str, bool], Document]:
    return {
        (area, public): build_document(demo, area, period="2024/25", public=public).document
        for area in AREAS
        for public in (False, True)
    }


def reader_text(document: Document) -> list[tuple[str, str]]:
    """Every piece of text, charts' alt text included, as a reader sees it."""
    pieces = document_text(document)
    pieces += [(f"alt text of '{f.chart.title}'", f.chart.alt_text) for f in document.figures()]
    return [(where, html.unescape(text).replace(NOT_A_COUNT, "")) for where, text in pieces]


def test_no_report_text_gives_command_line_instructions(
    documents: dict[tuple[str, bool], Document],
) -> None:
    for (area, public), document in documents.items():
        found = [(where, text) for where, text in reader_text(document) if COMMAND.search(text)]
        assert found == [], f"{area}, public={public}"


def test_library_code_writes_no_command_line_instructions() -> None:
    """Outside the CLI, no string (docstrings aside) names a command or a flag."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "cli" in path.relative_to(SRC).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found += [
            f"{path.relative_to(SRC)}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and COMMAND.search(node.value)
        ]
    assert found == []
    # The check finds what it looks for.
    assert COMMAND.search("Load it with 'safer ingest population'")
    assert COMMAND.search("run it again with --public")
    assert COMMAND.search("see 'datasets' for the list")
    assert not COMMAND.search("a safer place; 2024-25 and 12 -- 13; a report on datasets")


def test_counts_are_written_with_proper_plurals(
    documents: dict[tuple[str, bool], Document],
) -> None:
    for document in documents.values():
        texts = [text for _, text in reader_text(document)]
        assert [t for t in texts if "(s)" in t] == []


def test_iom_names_as_many_months_as_it_counts(
    documents: dict[tuple[str, bool], Document],
) -> None:
    """'marks 7 month(s) as special cause' was followed by six months (the list was cut at 6)."""
    texts = [text for _, text in reader_text(documents["Shropshire", False])]
    sentence = next(t for t in texts if t.startswith("The XmR chart of the monthly rate"))
    assert sentence.startswith("The XmR chart of the monthly rate marks 7 months of 2024/25")
    assert "Aug 2024 to Feb 2025 (7 months in a row below the mean)" in sentence


def _summary(document: Document) -> dict[str, str]:
    """The police.uk key findings (after the ranking's summary, in an appendix)."""
    blocks = [b for s in document.sections for b in s.blocks]
    findings = next(b for b in blocks if isinstance(b, KeyFindings)).findings
    return {f.title: f.verdict.replace(NOT_A_COUNT, "") for f in findings}


def _chart_classes(document: Document) -> dict[str, tuple[str, ...]]:
    found = {}
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Bullets):
                for item in block.items:
                    if item.replace(NOT_A_COUNT, "").startswith("The monthly control chart"):
                        found[section.title] = tuple(c for c in CLASSES if c in item)
    return found


@pytest.mark.parametrize("area", AREAS)
def test_full_and_public_editions_state_the_same_verdicts(
    documents: dict[tuple[str, bool], Document], area: str
) -> None:
    full, public = documents[area, False], documents[area, True]
    assert _summary(full) == _summary(public)
    # The control chart's verdict is decided once, on the true counts: the public edition
    # names the same signals (the old public edition re-ran the chart on rounded counts).
    assert _chart_classes(full) == _chart_classes(public)
    assert len(_chart_classes(full)) == 11
    if area == "Shropshire":
        verdicts = _summary(full)
        assert "special cause concern in Jul 2024" in verdicts["Anti-social behaviour"]
        assert "from an unusually low base" in verdicts["Robbery"]
        assert "from an unusually low base" in verdicts["Drugs"]
