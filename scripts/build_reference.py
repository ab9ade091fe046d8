"""Build the reference data shipped in the package from the public source files.

Run by a developer, never at run time: ``python scripts/build_reference.py ../shared/data``.
It reads the ONS, police.uk and Home Office files and writes compact copies under
``src/saferinsight/reference/data`` (and test fixtures under ``tests/data``), so that the
package never needs the source folder.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import shutil
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from saferinsight.ingest.population import read_mye2_workbook, write_mye_csv

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "saferinsight" / "reference" / "data"
TESTS = ROOT / "tests" / "data"
DEMO_LADS = {"E06000051", "E06000020"}  # Shropshire, Telford and Wrekin
SNAP_POINTS_PER_LSOA = 6


def write_csv_gz(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """Write a gzipped CSV with a fixed timestamp, so rebuilding gives identical bytes."""
    with (
        gzip.GzipFile(path, "wb", mtime=0) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle,
    ):
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def copy_gz(source: Path, target: Path) -> None:
    """Gzip a file with a fixed timestamp."""
    with open(source, "rb") as src, gzip.GzipFile(target, "wb", mtime=0) as dst:
        shutil.copyfileobj(src, dst)


def build_lookups(data: Path) -> set[str]:
    with open(data / "geography/LSOA21_WD23_LAD23_EW_LU.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    write_csv_gz(
        OUT / "lsoa21_ward23_lad23.csv.gz",
        ["lsoa_code", "lsoa_name", "ward_code", "ward_name", "lad_code", "lad_name"],
        [
            [r["LSOA21CD"], r["LSOA21NM"], r["WD23CD"], r["WD23NM"], r["LAD23CD"], r["LAD23NM"]]
            for r in rows
        ],
    )
    shutil.copyfile(data / "geography/LAD24_CSP24_PFA24_EW_LU.csv", OUT / "lad24_csp24_pfa24.csv")
    shutil.copyfile(ROOT / "scripts/police_forces.csv", OUT / "police_forces.csv")
    build_offences(data)
    return {r["LSOA21CD"] for r in rows if r["LAD23CD"] in DEMO_LADS}


def build_offences(data: Path) -> None:
    """Home Office offence codes with their group, sub-group and police.uk crime type."""
    with open(data / "home-office/CrimeCatMappings.csv", encoding="utf-8", newline="") as handle:
        rows = [
            [
                r["Offence_Code"],
                r["Offence_Description"],
                r["Offence_Group"],
                r["Offence_Subgroup"],
                r["Police.uk_Cat"],
            ]
            for r in csv.DictReader(handle)
        ]
    with open(OUT / "home_office_offences.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "description", "group", "subgroup", "police_uk_category"])
        writer.writerows(sorted(rows))


def build_population(data: Path) -> None:
    copy_gz(
        data / "population/census21_usual_residents_lsoa21_by_age.csv",
        OUT / "census21_lsoa_population.csv.gz",
    )
    estimates = read_mye2_workbook(data / "population/mye22final.xlsx")
    write_mye_csv(estimates, OUT / f"mye2_persons_{estimates.year}.csv.gz")


def build_boundaries(data: Path) -> None:
    target = OUT / "boundaries"
    target.mkdir(exist_ok=True)
    for path in sorted((data / "geography").glob("*.geojson")):
        copy_gz(path, target / f"{path.name}.gz")


#: National layers: source file, code and name properties, version label, output file.
NATIONAL_LAYERS = (
    ("wards_ew.geojson.gz", "WD23CD", "WD23NM", "WD23", "wards23_ew.zip"),
    ("lad_ew.geojson.gz", "LAD24CD", "LAD24NM", "LAD24", "lad24_ew.zip"),
    ("lsoa21_ew.geojson.gz", "LSOA21CD", "LSOA21NM", "LSOA21", "lsoa21_ew.zip"),
)


def encode_ring(ring: list[list[float]]) -> list[int]:
    """A ring as whole 1e-5 degrees, the first point absolute and each next one as the
    difference from the one before (x, y interleaved): the same vertices in a third of the
    bytes once compressed."""
    out: list[int] = []
    px = py = 0
    for x, y, *_ in ring:
        ix, iy = round(x * 1e5), round(y * 1e5)
        out += [ix - px, iy - py]
        px, py = ix, iy
    return out


def build_national_boundaries(data: Path) -> None:
    """Ward (WD23), local authority (LAD24) and LSOA 2021 boundaries of all of England and
    Wales, one zip member per local authority (read lazily by ``saferinsight.geo.national``).

    The source layers (``geography/national``, ONS BGC, WGS84 rounded to 5 decimals, exterior
    rings clockwise) are not simplified further: its README shows that simplifying enough to
    shrink the files distorts small urban LSOAs. Coordinates are delta-encoded integers.
    """
    target = OUT / "national"
    target.mkdir(exist_ok=True)
    for source, code_key, name_key, version, output in NATIONAL_LAYERS:
        with gzip.open(data / "geography/national" / source, "rt", encoding="utf-8") as handle:
            features = json.load(handle)["features"]
        by_lad: dict[str, list[list[object]]] = defaultdict(list)
        for feature in features:
            props, geometry = feature["properties"], feature["geometry"]
            polygons = (
                [geometry["coordinates"]]
                if geometry["type"] == "Polygon"
                else geometry["coordinates"]
            )
            encoded = [[encode_ring(ring) for ring in polygon] for polygon in polygons]
            by_lad[props["LAD24CD"]].append([props[code_key], props[name_key], encoded])
        with zipfile.ZipFile(target / output, "w") as archive:
            for lad in sorted(by_lad):
                info = zipfile.ZipInfo(f"{lad}.json", date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                body = {"version": version, "features": sorted(by_lad[lad], key=lambda f: f[0])}
                archive.writestr(info, json.dumps(body, separators=(",", ":")), compresslevel=9)


def build_lsoa_geometry(data: Path) -> None:
    """LSOA centroids (EPSG:27700, whole metres) and contiguity for all of England and Wales.

    Read from ``geography/national``, whose build derives both from the ONS LSOA 2021 BGC
    boundaries. Each neighbour pair is written once (first code < second code) with its shared
    boundary rounded up to whole metres, so that a pair sharing any length stays a rook pair
    and a pair touching at a corner only keeps 0 (queen but not rook).
    """
    national = data / "geography/national"
    with open(national / "lsoa21_centroids.csv", encoding="utf-8", newline="") as handle:
        centroids = [
            [
                r["LSOA21CD"],
                round(float(r["centroid_x_bng"])),
                round(float(r["centroid_y_bng"])),
                r["area_ha"],
            ]
            for r in csv.DictReader(handle)
        ]
    write_csv_gz(
        OUT / "lsoa21_centroids.csv.gz",
        ["lsoa_code", "easting", "northing", "area_ha"],
        sorted(centroids),
    )
    pairs: dict[tuple[str, str], int] = {}
    with open(national / "lsoa21_neighbours.csv", encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            a, b = r["LSOA21CD"], r["NBR_LSOA21CD"]
            if b:
                pairs[(min(a, b), max(a, b))] = math.ceil(float(r["shared_boundary_m"]))
    write_csv_gz(
        OUT / "lsoa21_contiguity.csv.gz",
        ["lsoa_code", "neighbour_code", "shared_boundary_m"],
        [[a, b, m] for (a, b), m in sorted(pairs.items())],
    )


def build_demo_extract(data: Path, demo_lsoas: set[str]) -> None:
    target = OUT / "demo"
    target.mkdir(exist_ok=True)
    for path in sorted((data / "police-uk/west-mercia").glob("*-street.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = [row for row in reader if row[7] in demo_lsoas]
        write_csv_gz(target / f"{path.name}.gz", header, list(rows))
        if path.name < "2024-04":
            copy_gz(path, TESTS / f"{path.name}.gz")


def build_calibration(data: Path) -> None:
    target = OUT / "calibration"
    target.mkdir(exist_ok=True)
    counts: Counter[tuple[str, str, str]] = Counter()
    outcomes: Counter[tuple[str, str]] = Counter()
    points: dict[str, dict[tuple[str, str, str], int]] = defaultdict(dict)
    for path in sorted((data / "police-uk/national-2025-06").glob("*-street.csv")):
        force = path.name[len("2025-06-") : -len("-street.csv")]
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            for row in reader:
                lsoa, crime_type = row[7], row[9]
                counts[(force, lsoa, crime_type)] += 1
                outcomes[(crime_type, row[10])] += 1
                if lsoa and len(points[lsoa]) < SNAP_POINTS_PER_LSOA:
                    points[lsoa].setdefault((row[4], row[5], row[6]), 0)
    write_csv_gz(
        target / "street_2025-06_counts.csv.gz",
        ["force", "lsoa_code", "crime_type", "count"],
        [[*key, n] for key, n in sorted(counts.items())],
    )
    write_csv_gz(
        target / "outcomes_2025-06.csv.gz",
        ["crime_type", "last_outcome_category", "count"],
        [[*key, n] for key, n in sorted(outcomes.items())],
    )
    write_csv_gz(
        target / "snap_points_2025-06.csv.gz",
        ["lsoa_code", "longitude", "latitude", "location"],
        [[lsoa, *point] for lsoa in sorted(points) for point in points[lsoa]],
    )


#: Peer-indicator columns shipped (the rest of the source tables are left out to keep them small).
PEER_COMMON = [
    "pop_mid2022",
    "density_per_km2_mid2022",
    "pop_census2021",
    "pct_age_0_15_census2021",
    "pct_age_16_24_census2021",
    "pct_age_65_plus_census2021",
    "pct_pop_rural_lsoa_census2021",
    "imd2025_avg_score_c21w",
    "imd2025_pct_lsoa_most_deprived_10pct",
    "wimd2019_avg_score_c21w",
    "wimd2019_pct_lsoa11_most_deprived_10pct_wales",
    "ruc21_lad_class",
]
PEER_TABLES = {
    "csp_peer_indicators": ["CSP24CD", "CSP24NM", "country", "LAD24CD", "includes_part_of_lad"],
    "la_peer_indicators": ["LAD24CD", "LAD24NM", "country", "CSP24CD", "n_csp24"],
}


def build_peer_indicators(data: Path) -> None:
    """The "most similar partnership" indicators of CSPs and local authorities (OGL).

    A compact copy of ``indicators/csp_peer_indicators.csv`` and ``la_peer_indicators.csv``:
    identifying columns and the candidate peer variables, values as published, rows sorted by
    code.
    """
    for name, keys in PEER_TABLES.items():
        with open(data / f"indicators/{name}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        columns = [*keys, *PEER_COMMON]
        write_csv_gz(
            OUT / f"{name}.csv.gz",
            columns,
            sorted([[r[c] for c in columns] for r in rows]),
        )


AREA_COLUMNS = [
    "code",
    "name",
    "level",
    "region_code",
    "region_name",
    "pop_mid2022",
    "pct_age_0_17_mid2022",
    "pct_age_18_24_mid2022",
    "pct_age_65_plus_mid2022",
    "density_per_km2_mid2022",
    "pct_pop_rural_lsoa_census2021",
    "ruc21_class",
    "imd2025_avg_score",
    "imd2025_pct_lsoa_most_deprived_10pct",
    "imd2025_crime_pct_lsoa_most_deprived_10pct",
]


def build_area_indicators(data: Path) -> None:
    """``area_indicators.csv``: the About-the-area panel's indicators for every local
    authority and CSP, with each English region and England (and Wales) computed here.

    LAD and CSP rows are copied from ``indicators/la_peer_indicators.csv`` and
    ``csp_peer_indicators.csv`` (a CSP's IMD columns are its Census-2021-weighted ones). The
    aggregates: population the sum of mid-2022 estimates; age shares population-weighted;
    density the population over the land area; the rural share weighted by Census 2021
    population; the IMD average score the Census-2021-weighted mean of LSOA scores and the
    most-deprived shares the share of LSOAs in decile 1, both from ``lsoa21_indicators.csv``
    (the CSP method). Welsh deprivation is not comparable with English (WIMD): blank.
    """
    folder = data / "indicators"
    with open(folder / "la_peer_indicators.csv", encoding="utf-8") as handle:
        lads = list(csv.DictReader(handle))
    with open(folder / "csp_peer_indicators.csv", encoding="utf-8") as handle:
        csps = list(csv.DictReader(handle))
    with open(folder / "lsoa21_indicators.csv", encoding="utf-8") as handle:
        lsoas = list(csv.DictReader(handle))
    region_of = {r["LAD24CD"]: (r["RGNCD"], r["RGNNM"]) for r in lads}
    country_of = {r["LAD24CD"]: r["country"] for r in lads}
    rows: list[list[object]] = []
    for r in lads:
        england = r["country"] == "England"
        rows.append(
            [r["LAD24CD"], r["LAD24NM"], "lad", *region_of[r["LAD24CD"]]]
            + [r[c] for c in AREA_COLUMNS[5:11]]
            + [r["ruc21_lad_class"]]
            + (
                [
                    r["imd2025_avg_score_c21w"],
                    r["imd2025_pct_lsoa_most_deprived_10pct"],
                    r["imd2025_crime_pct_lsoa_most_deprived_10pct"],
                ]
                if england
                else ["", "", ""]
            )
        )
    for r in csps:
        first = r["LAD24CD"].split(";")[0]
        regions = {region_of[code] for code in r["LAD24CD"].split(";")}
        region = regions.pop() if len(regions) == 1 else ("", "")
        rows.append(
            [r["CSP24CD"], r["CSP24NM"], "csp", *region]
            + [r[c] for c in AREA_COLUMNS[5:11]]
            + [r["ruc21_lad_class"]]
            + (
                [
                    r["imd2025_avg_score_c21w"],
                    r["imd2025_pct_lsoa_most_deprived_10pct"],
                    r["imd2025_crime_pct_lsoa_most_deprived_10pct"],
                ]
                if country_of[first] == "England"
                else ["", "", ""]
            )
        )
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for r in lads:
        groups[(r["RGNCD"], r["RGNNM"], "region")].append(r["LAD24CD"])
        country = r["country"]
        code = "E92000001" if country == "England" else "W92000004"
        groups[(code, country, "country")].append(r["LAD24CD"])
    by_code = {r["LAD24CD"]: r for r in lads}
    for (code, name, level), members in sorted(groups.items()):
        if level == "region" and code == "W92000004":
            continue  # Wales is a country row
        chosen = [by_code[m] for m in members]
        people = [lsoa for lsoa in lsoas if lsoa["LAD24CD"] in set(members)]
        region = ("", "") if level == "country" else (code, name)
        england = country_of[members[0]] == "England"
        rows.append([code, name, level, *region, *_aggregate(chosen, people, england=england)])
    with open(OUT / "area_indicators.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(AREA_COLUMNS)
        writer.writerows(rows)


def _aggregate(
    lads: list[dict[str, str]], lsoas: list[dict[str, str]], *, england: bool
) -> list[object]:
    """The panel's indicators of a group of local authorities (see build_area_indicators)."""
    pop = sum(float(r["pop_mid2022"]) for r in lads)
    land_km2 = sum(float(r["area_land_ha_sam"]) for r in lads) / 100

    def weighted(column: str, weight: str) -> float:
        total = sum(float(r[weight]) for r in lads)
        return sum(float(r[column]) * float(r[weight]) for r in lads) / total

    out: list[object] = [
        f"{pop:.0f}",
        f"{weighted('pct_age_0_17_mid2022', 'pop_mid2022'):.4f}",
        f"{weighted('pct_age_18_24_mid2022', 'pop_mid2022'):.4f}",
        f"{weighted('pct_age_65_plus_mid2022', 'pop_mid2022'):.4f}",
        f"{pop / land_km2:.4f}",
        f"{weighted('pct_pop_rural_lsoa_census2021', 'pop_census2021'):.4f}",
        "",
    ]
    if not england:
        return [*out, "", "", ""]
    scored = [r for r in lsoas if r["imd2025_score"]]
    weight = sum(float(r["c21_pop"]) for r in scored)
    score = sum(float(r["imd2025_score"]) * float(r["c21_pop"]) for r in scored) / weight
    decile1 = sum(r["imd2025_decile"] == "1" for r in scored) / len(scored) * 100
    crime1 = sum(r["imd2025_crime_decile"] == "1" for r in scored) / len(scored) * 100
    return [*out, f"{score:.4f}", f"{decile1:.4f}", f"{crime1:.4f}"]


def main(data: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    TESTS.mkdir(parents=True, exist_ok=True)
    demo_lsoas = build_lookups(data)
    build_population(data)
    build_boundaries(data)
    build_lsoa_geometry(data)
    build_national_boundaries(data)
    build_demo_extract(data, demo_lsoas)
    build_calibration(data)
    build_peer_indicators(data)
    build_area_indicators(data)
    shutil.copyfile(data / "population/mye22final.xlsx", TESTS / "mye22final.xlsx")
    print(f"reference data written to {OUT}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peers"]:  # only the peer indicators (quick)
        OUT.mkdir(parents=True, exist_ok=True)
        build_peer_indicators(
            Path(sys.argv[2] if len(sys.argv) > 2 else ROOT.parent / "shared" / "data")
        )
        sys.exit(0)
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"))
