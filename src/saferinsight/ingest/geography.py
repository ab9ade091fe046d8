"""Reference data in the warehouse: the shipped snapshot, and newer ONS files users load."""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from saferinsight import reference
from saferinsight.errors import InputFileError
from saferinsight.ingest.population import read_mye2_workbook, write_mye_csv
from saferinsight.store import loads as store_loads
from saferinsight.store import reference as store_ref
from saferinsight.workspace import JournalEntry, Workspace, new_load_id, utcnow

SHIPPED_LSOA_COLUMNS = {c: c for c in store_ref.LSOA_COLUMNS}
BOUNDARY_LEVELS = {"LSOA": "lsoa", "WD": "ward", "LAD": "lad"}

_Apply = Callable[[duckdb.DuckDBPyConnection, Path], tuple[str, str, int]]


@dataclass(frozen=True)
class ReferenceLoad:
    """What a reference-data load replaced: kind, version and rows."""

    kind: str
    version: str
    source_file: str
    rows: int


def install_shipped_reference(con: duckdb.DuckDBPyConnection) -> list[ReferenceLoad]:
    """Load the reference snapshot shipped in the package into a new warehouse."""
    now = utcnow()
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


# -- boundaries --------------------------------------------------------------------------------


def parse_boundaries(
    data: dict[str, object], *, name: str
) -> tuple[str, str, list[tuple[str, str, str | None, str]]]:
    """Level, version and (code, name, LAD code, geometry JSON) rows of an ONS GeoJSON file."""
    features = data.get("features")
    if data.get("type") != "FeatureCollection" or not isinstance(features, list) or not features:
        raise InputFileError(f"{name}: not a GeoJSON FeatureCollection with features.")
    properties = features[0].get("properties") or {}
    code_key = next((k for k in properties if re.fullmatch(r"(LSOA|WD|LAD)\d{2}CD", k)), None)
    if code_key is None:
        raise InputFileError(
            f"{name}: no ONS code property (LSOA21CD, WDyyCD or LADyyCD) in the features. "
            "Download the boundaries from the ONS Open Geography Portal as GeoJSON."
        )
    prefix = re.match(r"[A-Z]+", code_key)
    assert prefix is not None
    level = BOUNDARY_LEVELS[prefix.group(0)]
    name_key = code_key[:-2] + "NM"
    lad_key = next((k for k in properties if re.fullmatch(r"LAD\d{2}CD", k)), None)
    rows = []
    for index, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not props.get(code_key) or not geometry:
            raise InputFileError(f"{name}: feature {index} has no {code_key} or no geometry.")
        lad = props.get(lad_key) if lad_key else props.get("LADCD_ACTIVE")
        rows.append(
            (
                str(props[code_key]),
                str(props.get(name_key, props[code_key])),
                str(lad) if lad else None,
                json.dumps(geometry, separators=(",", ":")),
            )
        )
    return level, code_key[:-2], rows


# -- user loads of newer ONS files -------------------------------------------------------------


def lsoa_lookup_columns(header: list[str]) -> tuple[dict[str, str], str] | None:
    """Map an ONS LSOA -> ward -> LAD lookup header to our columns, with its version label.

    Examples
    --------
    >>> cols, version = lsoa_lookup_columns(["LSOA21CD", "LSOA21NM", "WD24CD", "WD24NM",
    ...                                      "LAD24CD", "LAD24NM"])
    >>> version, cols["ward_code"]
    ('LSOA21-WD24-LAD24', 'WD24CD')
    """
    found: dict[str, str] = {}
    labels: list[str] = []
    for prefix, ours in (("LSOA", "lsoa"), ("WD", "ward"), ("LAD", "lad")):
        code = next((h for h in header if re.fullmatch(rf"{prefix}\d{{2}}CD", h)), None)
        if code is None or code[:-2] + "NM" not in header:
            return None
        found[f"{ours}_code"], found[f"{ours}_name"] = code, code[:-2] + "NM"
        labels.append(code[:-2])
    return found, "-".join(labels)


def ingest_geography(
    workspace: Workspace, path: Path, *, replay: JournalEntry | None = None
) -> ReferenceLoad:
    """Load a newer ONS lookup: LSOA -> ward -> LAD, or LAD -> CSP -> police force area."""
    from saferinsight.ingest.police_uk import read_header

    header = [h.strip() for h in read_header(path, encoding="utf-8")]
    lsoa = lsoa_lookup_columns(header)
    partnership = [h for h in header if re.fullmatch(r"(ltla|lad|csp|pfa)\d{2}_(code|name)", h)]
    if lsoa is None and len(partnership) != 6:
        raise InputFileError(
            f"{path}: not an ONS lookup this command knows. Expected either an LSOA -> ward -> "
            "local authority lookup (columns LSOA21CD, LSOA21NM, WDyyCD, WDyyNM, LADyyCD, "
            "LADyyNM) or a local authority -> CSP -> police force area lookup (columns "
            f"ltlayy_code, ltlayy_name, cspyy_code, cspyy_name, pfayy_code, pfayy_name). "
            f"Found: {', '.join(header)}"
        )

    def apply(con: duckdb.DuckDBPyConnection, stored: Path) -> tuple[str, str, int]:
        if lsoa is not None:
            rows = store_ref.replace_lsoa_lookup(con, str(stored), header=header, columns=lsoa[0])
            return "geography", lsoa[1], rows
        rows = store_ref.replace_lad_csp(con, str(stored))
        version = "-".join(h.split("_")[0].upper() for h in partnership[::2])
        return "partnerships", version, rows

    return _reference_load(workspace, path, source="geography", apply=apply, replay=replay)


def ingest_boundaries(
    workspace: Workspace, path: Path, *, replay: JournalEntry | None = None
) -> ReferenceLoad:
    """Load ONS boundaries (GeoJSON) for LSOAs, wards or local authorities."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(f"{path}: cannot be read as GeoJSON ({exc}).") from exc
    level, version, features = parse_boundaries(data, name=path.name)

    def apply(con: duckdb.DuckDBPyConnection, stored: Path) -> tuple[str, str, int]:
        rows = store_ref.replace_boundaries(con, features, level=level, version=version)
        return "boundaries", path.stem, rows

    return _reference_load(workspace, path, source="boundaries", apply=apply, replay=replay)


def ingest_population(
    workspace: Workspace,
    path: Path,
    *,
    year: int | None = None,
    replay: JournalEntry | None = None,
) -> ReferenceLoad:
    """Load an ONS mid-year population estimates workbook (MYE2 layout)."""
    estimates = read_mye2_workbook(path, year=year)

    def apply(con: duckdb.DuckDBPyConnection, stored: Path) -> tuple[str, str, int]:
        with tempfile.TemporaryDirectory(dir=workspace.tmp_dir) as tmp:
            wide = Path(tmp) / "mye.csv.gz"
            write_mye_csv(estimates, wide)
            rows = store_ref.replace_mid_year(con, str(wide), source=path.name)
        return "population-mid-year", f"mid-{estimates.year}", rows

    return _reference_load(
        workspace,
        path,
        source="population",
        apply=apply,
        options={"year": estimates.year},
        replay=replay,
    )


def _reference_load(
    workspace: Workspace,
    path: Path,
    *,
    source: str,
    apply: _Apply,
    options: dict[str, object] | None = None,
    replay: JournalEntry | None = None,
) -> ReferenceLoad:
    started = replay.started_at if replay else utcnow()
    load_id = replay.load_id if replay else new_load_id(started)
    with workspace.open_warehouse() as warehouse:
        raw = workspace.store_raw(path, path.name)
        entry = JournalEntry(
            load_id,
            source,
            started,
            files=(
                {
                    "sha256": raw.sha256,
                    "stored": workspace.relative(raw.stored),
                    "received_as": str(path),
                },
            ),
            options=dict(options or {}),
        )
        with (
            workspace.journalled(entry, [raw], replay=replay is not None),
            warehouse.transaction() as con,
        ):
            store_loads.start_load(
                con, load_id=load_id, source=source, started_at=started, description=path.name
            )
            kind, version, rows = apply(con, raw.stored)
            store_ref.record_version(
                con,
                kind=kind,
                version=version,
                source_file=path.name,
                sha256=raw.sha256,
                shipped=False,
                attribution=reference.OGL,
                rows=rows,
                loaded_at=started,
            )
            store_loads.finish_load(con, load_id=load_id, finished_at=utcnow())
    return ReferenceLoad(kind, version, path.name, rows)
