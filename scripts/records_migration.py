"""Write a new records migration from the difference between the table declarations and the
schema the existing migrations build (Alembic autogenerate), for a developer to read and edit.

    .venv/bin/python scripts/records_migration.py "what changed" [--tables a,b,c]

``--tables`` limits the migration to some tables (to split a large change in steps).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from saferinsight.records import database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--tables", help="comma-separated table names to include")
    parser.add_argument("--id", help="revision id (default: Alembic's)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'records.sqlite'}"
        database.upgrade_url(url)
        with database.engine(url).connect() as connection:
            config = Config()
            config.set_main_option("script_location", str(database._MIGRATIONS))
            config.attributes["connection"] = connection
            if args.tables:
                config.attributes["tables"] = set(args.tables.split(","))
            command.revision(config, args.message, autogenerate=True, rev_id=args.id)
        database.dispose_engines()


if __name__ == "__main__":
    main()
