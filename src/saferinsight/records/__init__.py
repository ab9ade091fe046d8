"""The partnership's governance records: structure, priorities, action plans, statutory case
reviews and their deadlines, audits, funding, training and initiatives.

The records live in the workspace's second database (SQLite in the workspace by default,
PostgreSQL when ``SAFER_DATABASE_URL`` names one), beside the DuckDB warehouse. Every change is
written with its author to an append-only history; two people editing the same record at once
never lose an edit (the second is told of the conflict).
"""
