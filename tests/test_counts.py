"""National counts: every partnership by financial year, and the month x LSOA x type export."""

from __future__ import annotations

import csv
from pathlib import Path

from saferinsight.analysis.counts import count_in, count_partnerships, export_street_counts
from saferinsight.store.counts import count_all_street
from saferinsight.workspace import Workspace


def test_partnership_totals_match_counts_one_area_at_a_time(loaded: Workspace) -> None:
    with loaded.reader() as warehouse:
        result = count_partnerships(warehouse)
        totals = {code: n for year, code, n in result.rows if year == "2023/24"}
        for name, code in (("Shropshire", "E22000360"), ("Telford & Wrekin", "E22000333")):
            one = count_in(warehouse, name, start="2024-01", end="2024-03")
            assert totals[code] == one.total
        every_row = sum(row[-1] for row in count_all_street(warehouse))
    assert [year for year, _, _ in result.rows] == ["2023/24"] * len(result.rows)
    assert result.partial_years == ("2023/24",)  # January to March only
    assert len(result.areas) == 301
    placed = sum(n for _, _, n in result.rows)
    assert placed + result.left_out_no_location + result.left_out_unknown_lsoa == every_row


def test_export_writes_what_count_all_street_returns(loaded: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "counts.csv"
    with loaded.reader() as warehouse:
        written = export_street_counts(warehouse, out)
        expected = count_all_street(warehouse)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["month", "lsoa", "crime_type", "count"]
    assert written == len(rows) - 1 == len(expected)
    assert sorted((m, lsoa, t, int(n)) for m, lsoa, t, n in rows[1:]) == expected
