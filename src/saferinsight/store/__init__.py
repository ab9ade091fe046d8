"""The analytics store: every SQL statement Safer Insight runs lives in this package."""

from saferinsight.store.warehouse import Warehouse

__all__ = ["Warehouse"]
