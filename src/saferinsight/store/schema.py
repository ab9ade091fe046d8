"""Warehouse schema: loads, source files, police.uk records, rejects and reference data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferinsight.store.police import TABLES, category_ddl, table_ddl

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse

SCHEMA_VERSION = 1

DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    *category_ddl(),
    """CREATE TABLE IF NOT EXISTS loads (
        load_id VARCHAR PRIMARY KEY,
        source VARCHAR NOT NULL,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        description VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS source_files (
        file_id INTEGER PRIMARY KEY,
        load_id VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        force VARCHAR,
        month DATE,
        file_name VARCHAR NOT NULL,
        received_as VARCHAR NOT NULL,
        stored_path VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        size_bytes BIGINT NOT NULL,
        rows_loaded BIGINT NOT NULL,
        rows_rejected BIGINT NOT NULL,
        loaded_at TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL,
        replaced_by INTEGER,
        replaced_at TIMESTAMP
    )""",
    "CREATE SEQUENCE IF NOT EXISTS file_ids START 1",
    *(table_ddl(kind) for kind in TABLES),
    """CREATE TABLE IF NOT EXISTS rejects (
        file_id INTEGER NOT NULL,
        line BIGINT,
        column_name VARCHAR,
        value VARCHAR,
        error_type VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        raw_line VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS reference_versions (
        kind VARCHAR NOT NULL,
        version VARCHAR NOT NULL,
        source_file VARCHAR NOT NULL,
        sha256 VARCHAR,
        loaded_at TIMESTAMP NOT NULL,
        shipped BOOLEAN NOT NULL,
        attribution VARCHAR NOT NULL,
        rows BIGINT NOT NULL,
        PRIMARY KEY (kind, version)
    )""",
    """CREATE TABLE IF NOT EXISTS ref_lsoa (
        lsoa_code VARCHAR PRIMARY KEY,
        lsoa_name VARCHAR NOT NULL,
        ward_code VARCHAR NOT NULL,
        ward_name VARCHAR NOT NULL,
        lad_code VARCHAR NOT NULL,
        lad_name VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS ref_lad_csp (
        lad_code VARCHAR NOT NULL,
        lad_name VARCHAR NOT NULL,
        csp_code VARCHAR NOT NULL,
        csp_name VARCHAR NOT NULL,
        pfa_code VARCHAR NOT NULL,
        pfa_name VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS ref_force (
        pfa_code VARCHAR,
        pfa_name VARCHAR,
        police_uk_slug VARCHAR PRIMARY KEY,
        police_uk_name VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS population_lsoa (
        year INTEGER NOT NULL,
        lsoa_code VARCHAR NOT NULL,
        age_group VARCHAR NOT NULL,
        persons BIGINT NOT NULL,
        source VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS population_mye (
        year INTEGER NOT NULL,
        code VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        geography VARCHAR NOT NULL,
        age INTEGER NOT NULL,
        persons BIGINT NOT NULL,
        source VARCHAR NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS boundaries (
        level VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        lad_code VARCHAR,
        version VARCHAR NOT NULL,
        geometry VARCHAR NOT NULL,
        PRIMARY KEY (level, code, version)
    )""",
)


def ensure_schema(con: Warehouse) -> bool:
    """Create every table that does not exist; return True if the warehouse was new."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()
    is_new = not (exists and exists[0])
    from saferinsight.store.datasets import dataset_ddl, sync_dataset_tables

    for statement in (*DDL, *dataset_ddl()):
        con.execute(statement)
    sync_dataset_tables(con)
    if is_new:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    return is_new
