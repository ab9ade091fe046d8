"""The store's police.uk tables are built from the one declaration in core.police_uk."""

from __future__ import annotations

import duckdb
import pytest

from saferinsight.core.categories import CRIME_TYPES, STOP_SEARCH_TYPES
from saferinsight.core.police_uk import CATEGORIES, FILE_KINDS, LOGICAL_TYPES
from saferinsight.store import police as store_police


def test_every_logical_type_has_a_scan_type_and_a_table_type() -> None:
    assert set(store_police.SCAN_TYPES) == set(LOGICAL_TYPES)
    assert set(store_police.TABLE_TYPES) == set(LOGICAL_TYPES)
    assert set(store_police.TABLES) == set(FILE_KINDS)
    assert set(CATEGORIES) <= set(LOGICAL_TYPES)


@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_column_names_are_unique_within_a_kind(kind: str) -> None:
    columns = FILE_KINDS[kind]
    assert len({c.name for c in columns}) == len({c.csv_name for c in columns}) == len(columns)


def test_the_tables_have_the_declared_columns_and_types() -> None:
    con = duckdb.connect()
    for statement in store_police.category_ddl():
        con.execute(statement)
    for kind, table in store_police.TABLES.items():
        con.execute(store_police.table_ddl(kind))
        described = con.execute(f"DESCRIBE {table}").fetchall()
        names = [row[0] for row in described]
        assert names == ["file_id", *(c.name for c in FILE_KINDS[kind])]
        types = {row[0]: row[1] for row in described}
        assert types["file_id"] == "INTEGER"
        nullable = {row[0]: row[2] for row in described}
        if kind != "stop-and-search":
            assert (types["month"], nullable["month"]) == ("DATE", "NO")
            assert types["longitude"] == "DOUBLE"
        if kind == "street":
            assert types["crime_type"].startswith("ENUM(")
            assert nullable["crime_type"] == "NO"
        if kind == "stop-and-search":
            assert types["searched_at"] == "TIMESTAMP"
            assert types["part_of_operation"] == "BOOLEAN"
    enum = con.execute("SELECT enum_range(NULL::crime_type)").fetchone()
    assert enum is not None
    assert tuple(enum[0]) == CRIME_TYPES
    search = con.execute("SELECT enum_range(NULL::search_type)").fetchone()
    assert search is not None
    assert tuple(search[0]) == STOP_SEARCH_TYPES
