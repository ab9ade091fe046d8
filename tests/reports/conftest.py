"""Fixtures of the report tests: the Shropshire demo's strategic assessment, both editions, as
the report pipeline builds it (a public edition checked for disclosure)."""

from __future__ import annotations

import pytest

from saferinsight.reports.build import build_document
from saferinsight.reports.document import Document
from saferinsight.workspace import Workspace


@pytest.fixture(scope="session")
def demo_documents(demo: Workspace) -> dict[bool, Document]:
    """public? -> the Shropshire 2024/25 strategic assessment of the demo workspace."""
    return {
        public: build_document(demo, "Shropshire", period="2024/25", public=public).document
        for public in (False, True)
    }
