"""find_hotspots end to end on generated police.uk files for Shropshire: a planted persistent
cluster and a planted emerging cluster are found and classed right, and LSOAs far from both
are left alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from saferinsight.analysis.hotspots import find_hotspots
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.geo.contiguity import lsoa_centroids, lsoa_neighbour_pairs
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.workspace import Workspace

MONTHS = [f"2024-{m:02d}" for m in range(4, 13)] + [f"2025-{m:02d}" for m in range(1, 4)]


def shropshire_lsoas() -> list[str]:
    import csv
    import gzip

    from saferinsight.reference import LSOA_LOOKUP, shipped

    with gzip.open(shipped(LSOA_LOOKUP), "rt", encoding="utf-8") as handle:
        return sorted(
            r["lsoa_code"] for r in csv.DictReader(handle) if r["lad_code"] == "E06000051"
        )


def test_planted_persistent_and_emerging_clusters_are_found(tmp_path: Path) -> None:
    codes = shropshire_lsoas()
    pairs = lsoa_neighbour_pairs(codes)
    neighbours: dict[str, set[str]] = {c: set() for c in codes}
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    centroids = lsoa_centroids()
    # Two centres far apart (over 20 km), each with its neighbours.
    first = max(codes, key=lambda c: (len(neighbours[c]), c))
    far = [c for c in codes if np.hypot(*np.subtract(centroids[c], centroids[first])) > 20_000]
    second = max(far, key=lambda c: (len(neighbours[c]), c))
    persistent = {first, *neighbours[first]}
    emerging = {second, *neighbours[second]}
    rng = np.random.default_rng(16)
    for month in MONTHS:
        rows = []
        for code in codes:
            mean = 3.0
            if code in persistent or (code in emerging and month >= "2025-01"):
                mean = 25.0
            rows += [
                street_row(month=month, crime_type="Burglary", lsoa=code, lsoa_name=code)
                for _ in range(int(rng.poisson(mean)))
            ]
        write_police_csv(tmp_path / "files" / f"{month}-west-mercia-street.csv", rows)
    workspace = Workspace(tmp_path / "ws")
    ingest_police_uk(workspace, [tmp_path / "files"])
    result = find_hotspots(
        workspace, "Shropshire", period="2024/25", theme="burglary", over="quarter", permutations=0
    )
    classes = {p.key: p.over_time for p in result.places}
    assert classes[first] == "persistent hotspot"
    assert classes[second] == "emerging hotspot"
    # The rim of a cluster also borders ordinary LSOAs: a third of each cluster at least.
    assert sum(classes[c] == "persistent hotspot" for c in persistent) * 3 >= len(persistent)
    assert sum(classes[c] == "emerging hotspot" for c in emerging) * 3 >= len(emerging)
    # (A rim LSOA of the persistent cluster can be "former": in the last quarter the emerging
    # cluster raises the area's mean and spread, and the rim drops below significance.)
    assert not any(
        classes[c] == "emerging hotspot" or classes[c].endswith("coldspot") for c in persistent
    )
    assert not any(classes[c].startswith(("persistent", "former")) for c in emerging)
    # Nothing far from both clusters is flagged: neither neighbours nor neighbours' neighbours.
    near = set(persistent | emerging)
    for code in list(near):
        near |= neighbours[code]
    elsewhere = [c for c in codes if c not in near]
    assert len(elsewhere) > 100
    assert sum(classes[c].endswith("hotspot") for c in elsewhere) <= 1
