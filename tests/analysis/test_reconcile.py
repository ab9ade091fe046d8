"""police.uk street records against police recorded crime (issue 13): the counts, tests and
flags of the reconciliation, checked against the demo's loaded files read independently."""

from __future__ import annotations

import csv
import dataclasses
import gzip
from collections import Counter
from pathlib import Path

import pytest
from numpy.testing import assert_allclose
from scipy.stats import binomtest

from saferinsight.analysis.partners.engine import PartnerAnalysis, analyse_partners_in
from saferinsight.analysis.reconcile import Reconciliation, reconcile
from saferinsight.analysis.results import AreaAnalysis, Comparison
from saferinsight.analysis.tables import change_table
from saferinsight.generate.demo import DemoResult
from saferinsight.reference import shipped
from saferinsight.stats.change import change_test
from saferinsight.workspace import Workspace

SHROPSHIRE_LAD = "E06000051"


@pytest.fixture(scope="module")
def partners(demo: Workspace, demo_shropshire: AreaAnalysis) -> PartnerAnalysis:
    with demo.reader() as warehouse:
        return analyse_partners_in(warehouse, demo_shropshire.area, demo_shropshire.period)


@pytest.fixture(scope="module")
def rec(demo_shropshire: AreaAnalysis, partners: PartnerAnalysis) -> Reconciliation:
    result = reconcile(demo_shropshire, partners)
    assert result is not None
    return result


def _recorded_from_file(folder: Path) -> dict[str, Counter[str]]:
    """Offences by financial year and the file's own police.uk column (not the code mapping)."""
    out: dict[str, Counter[str]] = {}
    with open(folder / "home-office-prc-clean.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["csp_name"] == "Shropshire":
                year = out.setdefault(row["financial_year"], Counter())
                year[row["policeuk_cat"].casefold()] += int(row["number_of_offences"])
    return out


def _street_from_files(demo: Workspace, analysis: AreaAnalysis) -> dict[str, Counter[str]]:
    """Street crimes by financial year and crime type, from the raw police.uk files."""
    with gzip.open(shipped("lsoa21_ward23_lad23.csv.gz"), "rt", encoding="utf-8-sig") as handle:
        lsoas = {r["lsoa_code"] for r in csv.DictReader(handle) if r["lad_code"] == SHROPSHIRE_LAD}
    out: dict[str, Counter[str]] = {}
    for name, sha in analysis.provenance.street_files:
        path = demo.root / "raw" / "files" / sha[:2] / sha / name
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                year, month = (int(x) for x in row["Month"].split("-"))
                first = year if month >= 4 else year - 1
                if row["LSOA code"] in lsoas and row["Crime type"] != "Anti-social behaviour":
                    label = f"{first}/{(first + 1) % 100:02d}"
                    out.setdefault(label, Counter())[row["Crime type"].casefold()] += 1
    return out


def test_counts_and_tests_are_those_of_the_loaded_files(
    demo: Workspace, demo_build: DemoResult, demo_shropshire: AreaAnalysis, rec: Reconciliation
) -> None:
    assert demo_build.partner_files is not None
    recorded = _recorded_from_file(demo_build.partner_files)
    street = _street_from_files(demo, demo_shropshire)
    themes = {t.theme.key: t.theme for t in demo_shropshire.themes}
    assert [r.key for r in rec.rows] == [k for k in themes if k != "asb"]
    assert rec.unmatched == ("Anti-social behaviour",)
    assert rec.complete
    for row in rec.rows:
        types = {t.casefold() for t in themes[row.key].crime_types}
        for source, counts in ((row.recorded, recorded), (row.street, street)):
            now = sum(n for t, n in counts["2024/25"].items() if t in types)
            before = sum(n for t, n in counts["2023/24"].items() if t in types)
            assert (source.current, source.previous) == (now, before), row.key
            assert source.test is not None
            # exact conditional test: the current count given the total, days as exposure
            expected = binomtest(now, now + before, 365 / (365 + 366)).pvalue
            assert_allclose(source.test.p_value, expected, rtol=1e-6)
            word = "no change"
            if expected < 0.05:
                word = "rise" if now / 365 > before / 366 else "fall"
            assert source.verdict == word, row.key
        assert row.differs == (row.street.verdict != row.recorded.verdict)
    total = rec.total
    assert total is not None
    assert total.recorded.current == sum(recorded["2024/25"].values()) == 16_508
    assert (total.street.verdict, total.recorded.verdict) == ("no change", "fall")
    assert total.differs
    assert not total.opposite


def constructed(
    analysis: AreaAnalysis, partners: PartnerAnalysis
) -> tuple[AreaAnalysis, PartnerAnalysis]:
    """Shropshire with burglary falling in police.uk (1,000 to 800) and rising in recorded
    crime (1,000 to 1,200)."""
    themes = []
    for theme in analysis.themes:
        if theme.theme.key == "burglary":
            now = dataclasses.replace(theme.change.current, count=800)
            before = dataclasses.replace(theme.change.other, count=1000)
            test = change_test(800, 1000, current_exposure=365, previous_exposure=366)
            theme = dataclasses.replace(theme, change=Comparison(now, before, test))
        themes.append(theme)
    section = next(s for s in partners.sections if s.dataset == "home-office-prc")
    table = change_table(
        [("Burglary", 1200, 1000), ("Other crime", 100, 100)],
        current_label="2024/25",
        previous_label="2023/24",
        total_label="Total recorded crime",
    )
    extra = section.extra | {"police_uk_types": table}
    changed = dataclasses.replace(section, extra=extra)
    sections = tuple(changed if s is section else s for s in partners.sections)
    return (
        dataclasses.replace(analysis, themes=tuple(themes)),
        dataclasses.replace(partners, sections=sections),
    )


def test_a_fall_in_police_uk_and_a_rise_in_recorded_crime_is_flagged(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    analysis, loaded = constructed(demo_shropshire, partners)
    result = reconcile(analysis, loaded)
    assert result is not None
    burglary = next(r for r in result.rows if r.key == "burglary")
    assert (burglary.street.verdict, burglary.recorded.verdict) == ("fall", "rise")
    assert burglary.differs
    assert burglary.opposite
    assert burglary in result.differing
    violence = next(r for r in result.rows if r.key == "violence")
    assert violence.recorded.current == 0  # mapped, none in the constructed table


def test_nothing_is_reconciled_without_recorded_crime(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    assert reconcile(demo_shropshire, None) is None
    others = tuple(s for s in partners.sections if s.dataset != "home-office-prc")
    assert reconcile(demo_shropshire, dataclasses.replace(partners, sections=others)) is None


def test_partial_recorded_crime_is_not_reconciled(
    demo_shropshire: AreaAnalysis, partners: PartnerAnalysis
) -> None:
    section = next(s for s in partners.sections if s.dataset == "home-office-prc")
    partial = dataclasses.replace(section, extra=section.extra | {"months_covered": (9, 12)})
    sections = tuple(partial if s is section else s for s in partners.sections)
    result = reconcile(demo_shropshire, dataclasses.replace(partners, sections=sections))
    assert result is not None
    assert not result.complete
    assert result.rows == ()
