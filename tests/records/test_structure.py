"""The partnership's structure through a year, from the demo records."""

from __future__ import annotations

from datetime import date

from saferinsight.records.service import Records
from saferinsight.records.structure import partnership_structure
from saferinsight.records.transfer import DEMO_RECORDS, import_records


def test_the_structure_changes_in_july_2024_as_the_seed_reports_draw_it(records: Records) -> None:
    import_records(records, DEMO_RECORDS)
    before, after = partnership_structure(records, year="2024/25")
    assert (before.label, before.start, before.end) == (
        "April to June 2024",
        date(2024, 4, 1),
        date(2024, 6, 30),
    )
    assert (after.label, after.end) == ("from July 2024", date(2025, 3, 31))
    sgg = next(b for b in before.bodies if b.key == "sgg")
    assert [b.chair for b in sgg.reports][:3] == ["Alison Bussey", "Tanya Miles", "George Branch"]
    assert "sgg" not in {b.key for b in after.bodies}
    lsp = next(b for b in after.bodies if b.key == "lsp")
    assert [(m[1], m[2]) for m in lsp.members] == [
        ("Chief Executive", "Tanya Miles"),
        ("Chief Executive", "Simon Whitehouse"),
        ("Chief Constable", "Richard Cooper"),
    ]
    (executive,) = lsp.reports
    csp = next(b for b in executive.reports if b.name == "Community Safety Partnership")
    assert csp.meets == "bi-monthly"
    assert len(csp.reports) == 5
    # A year with one structure throughout has one part.
    (whole,) = partnership_structure(records, year="2023/24")
    assert whole.label == "April 2023 to March 2024"
