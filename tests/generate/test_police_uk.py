"""Tests of the synthetic police.uk generator (saferinsight.generate)."""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferinsight.core.police_uk import FILE_KINDS, header_of
from saferinsight.errors import QueryError
from saferinsight.generate import (
    CRIME_TYPES,
    OUTCOMES_HEADER,
    STREET_HEADER,
    expected_monthly_volume,
    generate_police_uk,
    load_calibration,
    seasonal_multipliers,
)
from saferinsight.generate.street_model import NOT_OUTCOMES, OUTCOME_SHARE
from saferinsight.reference import DEMO_DIR, shipped
from saferinsight.store import police as store_police

SHROPSHIRE, TELFORD = "E06000051", "E06000020"
HEX64 = re.compile(r"^[0-9a-f]{64}$")
ASB = "Anti-social behaviour"
# England and Wales, generously: every coordinate must fall inside.
LONGITUDE = (-6.5, 1.8)
LATITUDE = (49.8, 55.9)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def street_path(folder: Path, month: str, force: str, kind: str = "street") -> Path:
    return folder / month / f"{month}-{force}-{kind}.csv"


def lad_of() -> dict[str, str]:
    cal = load_calibration()
    return dict(zip(cal.lsoa_code, cal.lad_code, strict=True))


@pytest.fixture(scope="module")
def west_mercia(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """West Mercia around the calibration month (seasonality and drift close to 1)."""
    folder = tmp_path_factory.mktemp("west-mercia")
    generate_police_uk(folder, start="2025-05", end="2025-07", seed=7, forces=["west-mercia"])
    return folder


# ------------------------------------------------------------------------------------------
# Determinism


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    options = {"start": "2024-01", "end": "2024-02", "forces": ["city-of-london", "cumbria"]}
    first = generate_police_uk(tmp_path / "a", seed=3, **options)  # type: ignore[arg-type]
    second = generate_police_uk(tmp_path / "b", seed=3, **options)  # type: ignore[arg-type]
    other = generate_police_uk(tmp_path / "c", seed=4, **options)  # type: ignore[arg-type]
    assert len(first.files) == 8
    for a, b, c in zip(first.files, second.files, other.files, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()
        assert a.rows == b.rows
        assert a.path.read_bytes() != c.path.read_bytes()


def test_force_month_does_not_depend_on_the_other_forces_and_months(tmp_path: Path) -> None:
    generate_police_uk(tmp_path / "alone", start="2024-02", end="2024-02", forces=["cumbria"])
    generate_police_uk(
        tmp_path / "many",
        start="2024-01",
        end="2024-03",
        forces=["city-of-london", "cumbria", "dyfed-powys"],
    )
    for kind in ("street", "outcomes"):
        alone = street_path(tmp_path / "alone", "2024-02", "cumbria", kind).read_bytes()
        many = street_path(tmp_path / "many", "2024-02", "cumbria", kind).read_bytes()
        assert alone == many


def test_lad_subset_is_exactly_the_lads_rows_of_the_full_force(
    tmp_path: Path, west_mercia: Path
) -> None:
    generate_police_uk(tmp_path, start="2025-06", end="2025-06", seed=7, lad_codes=[TELFORD])
    lads = lad_of()
    _, full = read_csv(street_path(west_mercia, "2025-06", "west-mercia"))
    _, subset = read_csv(street_path(tmp_path, "2025-06", "west-mercia"))
    located = [row for row in subset if row[7]]
    assert located == [row for row in full if row[7] and lads[row[7]] == TELFORD]
    assert len(located) > 1000


# ------------------------------------------------------------------------------------------
# Format


@pytest.mark.parametrize("kind", ["street", "outcomes"])
def test_each_kind_written_has_the_header_the_store_loads(west_mercia: Path, kind: str) -> None:
    header, _ = read_csv(street_path(west_mercia, "2025-06", "west-mercia", kind))
    assert header == header_of(kind)
    # The store's table for the kind has one column per header column, under our names.
    ddl = store_police.table_ddl(kind)
    table_columns = [line.split()[0] for line in ddl.splitlines()[1:-1]]
    assert table_columns == ["file_id", *(c.name for c in FILE_KINDS[kind])]
    assert len(table_columns) == len(header) + 1


def test_street_files_look_like_police_uk(west_mercia: Path) -> None:
    cal = load_calibration()
    names = dict(zip(cal.lsoa_code, cal.lsoa_name, strict=True))
    header, rows = read_csv(street_path(west_mercia, "2025-06", "west-mercia"))
    assert header == list(STREET_HEADER)
    assert (
        street_path(west_mercia, "2025-06", "west-mercia")
        .read_text(encoding="utf-8")
        .split("\n")[0]
        == "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Crime type,Last outcome category,Context"
    )
    assert len(rows) > 7000
    ids = []
    for row in rows:
        crime_id, month, reported, falls, lon, lat, location, lsoa, name, kind, outcome, context = (
            row
        )
        assert month == "2025-06"
        assert reported == falls == "West Mercia Police"
        assert context == ""
        assert kind in CRIME_TYPES
        if kind == ASB:
            assert crime_id == ""
            assert outcome == ""
        else:
            assert HEX64.match(crime_id)
            ids.append(crime_id)
        if lsoa:
            assert names[lsoa] == name
            assert LONGITUDE[0] < float(lon) < LONGITUDE[1]
            assert LATITUDE[0] < float(lat) < LATITUDE[1]
            assert location.startswith("On or near ")
        else:
            assert (lon, lat, location, name) == ("", "", "No Location", "")
    assert len(ids) == len(set(ids))
    lsoas = [row[7] for row in rows if row[7]]
    assert lsoas == sorted(lsoas)


def test_lsoa_names_with_commas_are_quoted(tmp_path: Path) -> None:
    generate_police_uk(tmp_path, start="2024-01", end="2024-01", forces=["dorset"], outcomes=False)
    path = street_path(tmp_path, "2024-01", "dorset")
    assert ',"Bournemouth, Christchurch and Poole ' in path.read_text(encoding="utf-8")
    _, rows = read_csv(path)
    assert {len(row) for row in rows} == {12}
    assert any(row[8].startswith("Bournemouth, Christchurch and Poole") for row in rows)
    assert not (tmp_path / "2024-01" / "2024-01-dorset-outcomes.csv").exists()


def test_no_location_share_of_a_big_force(tmp_path: Path) -> None:
    generate_police_uk(tmp_path, start="2024-03", end="2024-03", forces=["thames-valley"])
    _, rows = read_csv(street_path(tmp_path, "2024-03", "thames-valley"))
    share = sum(row[6] == "No Location" for row in rows) / len(rows)
    assert 0.01 <= share <= 0.04


def test_missing_force_points_are_inside_their_area(tmp_path: Path) -> None:
    generate_police_uk(
        tmp_path, start="2024-01", end="2024-01", forces=["metropolitan"], scale=0.05
    )
    _, rows = read_csv(street_path(tmp_path, "2024-01", "metropolitan"))
    located = [row for row in rows if row[7]]
    assert len(located) > 3000
    lon = np.asarray([float(row[4]) for row in located])
    lat = np.asarray([float(row[5]) for row in located])
    assert ((lon > -0.6) & (lon < 0.4) & (lat > 51.25) & (lat < 51.75)).all()  # Greater London


def test_lad_filters_keep_and_drop_lsoas(tmp_path: Path) -> None:
    lads = lad_of()
    keep = generate_police_uk(
        tmp_path / "keep", start="2024-01", end="2024-01", lad_codes=[SHROPSHIRE, TELFORD]
    )
    assert keep.forces == ("west-mercia",)
    _, rows = read_csv(keep.files[0].path)
    assert {lads[row[7]] for row in rows if row[7]} == {SHROPSHIRE, TELFORD}
    drop = generate_police_uk(
        tmp_path / "drop",
        start="2024-01",
        end="2024-01",
        forces=["west-mercia"],
        exclude_lad_codes=[SHROPSHIRE, TELFORD],
    )
    _, rows = read_csv(drop.files[0].path)
    found = {lads[row[7]] for row in rows if row[7]}
    assert found
    assert not found & {SHROPSHIRE, TELFORD}
    # rows without a location are shared out in proportion to the expected volume
    whole = expected_monthly_volume(forces=["west-mercia"], include_no_location=False)
    part = expected_monthly_volume(lad_codes=[SHROPSHIRE, TELFORD], include_no_location=False)
    assert 0.3 < part / whole < 0.5
    no_location = expected_monthly_volume(forces=["west-mercia"]) - whole
    part_no_location = expected_monthly_volume(lad_codes=[SHROPSHIRE, TELFORD]) - part
    assert part_no_location == pytest.approx(no_location * part / whole, rel=0.05)


def test_options_without_no_location_rows_and_with_zero_scale(tmp_path: Path) -> None:
    report = generate_police_uk(
        tmp_path / "a",
        start="2024-01",
        end="2024-01",
        forces=["lancashire"],
        include_no_location=False,
    )
    _, rows = read_csv(report.files[0].path)
    assert rows
    assert all(row[7] for row in rows)
    empty = generate_police_uk(
        tmp_path / "b", start="2024-01", end="2024-01", forces=["lancashire"], scale=0
    )
    assert empty.street_rows == empty.outcome_rows == 0
    assert empty.files[0].path.read_text(encoding="utf-8") == ",".join(STREET_HEADER) + "\n"


def test_scale_multiplies_the_volume(tmp_path: Path) -> None:
    report = generate_police_uk(
        tmp_path, start="2024-01", end="2024-01", forces=["lincolnshire"], scale=2.0
    )
    expected = 2 * expected_monthly_volume(forces=["lincolnshire"], month="2024-01")
    assert report.street_rows == pytest.approx(expected, rel=0.1)


# ------------------------------------------------------------------------------------------
# Calibration


def test_crime_type_mix_matches_the_calibration(west_mercia: Path) -> None:
    cal = load_calibration()
    position = [force.slug for force in cal.forces].index("west-mercia")
    real = cal.located[cal.lsoa_force == position].sum(axis=0) + cal.no_location[position]
    generated: Counter[str] = Counter()
    for month in ("2025-05", "2025-06", "2025-07"):
        _, rows = read_csv(street_path(west_mercia, month, "west-mercia"))
        generated.update(row[9] for row in rows)
    mix = np.asarray([generated[kind] for kind in CRIME_TYPES], dtype=float)
    distance = 0.5 * np.abs(mix / mix.sum() - real / real.sum()).sum()
    assert distance < 0.05


def test_national_volume_is_about_half_a_million() -> None:
    assert 450_000 <= expected_monthly_volume() <= 560_000
    seasonal = [expected_monthly_volume(month=f"2025-{m:02d}") for m in range(1, 13)]
    assert np.mean(seasonal) == pytest.approx(expected_monthly_volume(), rel=1e-9)


def test_seasonality_matches_real_shropshire_and_telford_2024() -> None:
    """Real January to April 2024 against real June 2025, in the two demo LADs."""
    lads = lad_of()
    real: Counter[str] = Counter()
    for month in ("2024-01", "2024-02", "2024-03", "2024-04"):
        with gzip.open(shipped(f"{DEMO_DIR}/{month}-west-mercia-street.csv.gz"), "rt") as handle:
            real[month] = sum(1 for row in csv.DictReader(handle) if row["LSOA code"])
    cal = load_calibration()
    in_lads = np.asarray([lads[code] in {SHROPSHIRE, TELFORD} for code in cal.lsoa_code])
    real_june = int(cal.located[in_lads].sum())
    real_ratio = np.mean(list(real.values())) / real_june  # 0.88

    demo = {"lad_codes": [SHROPSHIRE, TELFORD], "include_no_location": False}
    model_june = expected_monthly_volume(month="2025-06", **demo)  # type: ignore[arg-type]
    model = [expected_monthly_volume(month=m, **demo) for m in real]  # type: ignore[arg-type]
    assert model_june == pytest.approx(real_june, rel=0.05)
    assert np.mean(model) / model_june == pytest.approx(real_ratio, abs=0.06)
    # each month on its own, loosely (real months are noisy)
    for month, count in real.items():
        assert expected_monthly_volume(month=month, **demo) == pytest.approx(count, rel=0.12)  # type: ignore[arg-type]


def test_seasonal_multipliers_average_one_and_peak_where_documented() -> None:
    table = seasonal_multipliers()
    assert np.allclose(table.mean(axis=0), 1.0)
    column = {kind: table[:, position] for position, kind in enumerate(CRIME_TYPES)}
    assert column[ASB].argmax() in (6, 7)  # July or August
    assert column["Burglary"].argmax() in (10, 11)  # November or December
    assert column["Violence and sexual offences"][6] > column["Violence and sexual offences"][1]


# ------------------------------------------------------------------------------------------
# Outcomes


def test_outcomes_refer_to_crimes_of_the_same_month(west_mercia: Path) -> None:
    header, outcomes = read_csv(street_path(west_mercia, "2025-06", "west-mercia", "outcomes"))
    assert header == list(OUTCOMES_HEADER)
    _, street = read_csv(street_path(west_mercia, "2025-06", "west-mercia"))
    crimes = {row[0]: row for row in street if row[0]}
    assert outcomes
    for row in outcomes:
        crime = crimes[row[0]]
        assert row[:9] == crime[:9]
        assert row[9] not in NOT_OUTCOMES
        if crime[10] not in NOT_OUTCOMES:
            assert row[9] == crime[10]
    assert len(outcomes) / len(crimes) == pytest.approx(OUTCOME_SHARE, abs=0.03)
    assert len({row[0] for row in outcomes}) == len(outcomes)


# ------------------------------------------------------------------------------------------
# Archive, report, progress


def test_archive_has_the_police_uk_layout_and_the_same_bytes(tmp_path: Path) -> None:
    options = {"start": "2023-12", "end": "2024-01", "forces": ["city-of-london", "gwent"]}
    loose = generate_police_uk(tmp_path / "loose", **options)  # type: ignore[arg-type]
    report = generate_police_uk(tmp_path / "zip", archive=True, **options)  # type: ignore[arg-type]
    archive = tmp_path / "zip" / "police-uk-2023-12-to-2024-01.zip"
    assert [p.name for p in (tmp_path / "zip").iterdir()] == [archive.name]
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        assert names == [file.member for file in report.files]
        assert "2024-01/2024-01-gwent-street.csv" in names
        assert "2023-12/2023-12-city-of-london-outcomes.csv" in names
        for zipped, file in zip(report.files, loose.files, strict=True):
            assert zipped.path == archive
            assert bundle.read(zipped.member) == file.path.read_bytes()
            text = io.TextIOWrapper(bundle.open(zipped.member), encoding="utf-8", newline="")
            assert sum(1 for _ in csv.reader(text)) == zipped.rows + 1
    again = generate_police_uk(tmp_path / "again", archive=True, **options)  # type: ignore[arg-type]
    assert again.files[0].path.read_bytes() == archive.read_bytes()


def test_report_and_progress(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    report = generate_police_uk(
        tmp_path,
        start="2024-11",
        end="2025-01",
        forces=["city-of-london", "warwickshire"],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(step, 6) for step in range(1, 7)]
    assert report.months == ("2024-11", "2024-12", "2025-01")
    assert report.forces == ("city-of-london", "warwickshire")
    assert report.seed == 0
    assert len(report.files) == 12
    assert report.street_rows == sum(f.rows for f in report.files if f.kind == "street")
    assert 0 < report.outcome_rows < report.street_rows
    for file in report.files:
        assert file.path == tmp_path / file.member
        assert file.path.read_text(encoding="utf-8").count("\n") == file.rows + 1


def test_every_force_by_default(tmp_path: Path) -> None:
    report = generate_police_uk(
        tmp_path, start="2024-01", end="2024-01", scale=0.002, outcomes=False
    )
    assert len(report.forces) == 43
    assert not {"btp", "northern-ireland"} & set(report.forces)
    assert len(list((tmp_path / "2024-01").iterdir())) == 43


# ------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"start": "2024-13", "end": "2024-12"}, "YYYY-MM"),
        ({"start": "2024-1", "end": "2024-12"}, "YYYY-MM"),
        ({"start": "2024-01", "end": "January"}, "YYYY-MM"),
        ({"start": "2024-05", "end": "2024-04"}, "after"),
        ({"forces": ["west-murcia"]}, "west-mercia"),
        ({"forces": ["btp"]}, "unknown police force"),
        ({"lad_codes": ["E06999999"]}, "E06999999"),
        ({"exclude_lad_codes": ["X"]}, "exclude_lad_codes"),
        ({"forces": ["kent"], "lad_codes": [SHROPSHIRE]}, "no LSOA"),
        ({"seed": -1}, "seed"),
        ({"scale": -0.5}, "scale"),
        ({"scale": float("nan")}, "scale"),
    ],
)
def test_bad_options_raise_query_error(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {"start": "2024-01", "end": "2024-01", "forces": ["kent"]}
    arguments.update(options)
    with pytest.raises(QueryError, match=message):
        generate_police_uk(tmp_path, **arguments)  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


@settings(max_examples=50, deadline=None)
@given(
    st.text(max_size=10).filter(
        lambda text: not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", text.strip())
    )
)
def test_anything_but_a_month_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match="YYYY-MM"):
        expected_monthly_volume(month=text)
