"""The reference snapshot shipped in the package, installed into every new warehouse."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from saferinsight import reference
from saferinsight.geo.boundaries import parse_boundaries
from saferinsight.store import reference as store_ref

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse

__all__ = ["ReferenceLoad", "install_shipped_reference"]

SHIPPED_LSOA_COLUMNS = {c: c for c in store_ref.LSOA_COLUMNS}


@dataclass(frozen=True)
class ReferenceLoad:
    """What a reference-data load replaced: kind, version and rows."""

    kind: str
    version: str
    source_file: str
    rows: int


def install_shipped_reference(warehouse: Warehouse, *, now: datetime) -> list[ReferenceLoad]:
    """Load the reference snapshot shipped in the package into a new warehouse."""
    con = warehouse
    loads: list[ReferenceLoad] = []

    def record(kind: str, version: str, name: str, rows: int, attribution: str) -> None:
        store_ref.record_version(
            con,
            kind=kind,
            version=version,
            source_file=name,
            sha256=None,
            shipped=True,
            attribution=attribution,
            rows=rows,
            loaded_at=now,
        )
        loads.append(ReferenceLoad(kind, version, name, rows))

    shipped = reference.shipped
    rows = store_ref.replace_lsoa_lookup(
        con,
        str(shipped(reference.LSOA_LOOKUP)),
        header=list(store_ref.LSOA_COLUMNS),
        columns=SHIPPED_LSOA_COLUMNS,
    )
    record("geography", "LSOA21-WD23-LAD23", reference.LSOA_LOOKUP, rows, reference.OGL)
    rows = store_ref.replace_lad_csp(con, str(shipped(reference.LAD_CSP_LOOKUP)))
    record("partnerships", "LAD24-CSP24-PFA24", reference.LAD_CSP_LOOKUP, rows, reference.OGL)
    rows = store_ref.replace_forces(con, str(shipped(reference.POLICE_FORCES)))
    record("forces", "police.uk 2025", reference.POLICE_FORCES, rows, reference.OGL)
    rows = store_ref.replace_census_lsoa(
        con, str(shipped(reference.CENSUS_LSOA)), year=2021, source="Census 2021 (ONS)"
    )
    record("population-lsoa", "Census 2021", reference.CENSUS_LSOA, rows, reference.OGL)
    rows = store_ref.replace_mid_year(
        con, str(shipped(reference.MYE_SNAPSHOT)), source="mye22final.xlsx"
    )
    record("population-mid-year", "mid-2022", reference.MYE_SNAPSHOT, rows, reference.OGL)
    for path in sorted(shipped(reference.BOUNDARY_DIR).glob("*.geojson.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            level, version, features = parse_boundaries(json.load(handle), name=path.name)
        rows = store_ref.replace_boundaries(con, features, level=level, version=version)
        record(
            "boundaries",
            path.name.removesuffix(".geojson.gz"),
            path.name,
            rows,
            f"{reference.OGL} {reference.OS_BOUNDARIES}",
        )
    return loads
