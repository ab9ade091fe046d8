"""status.py: rejects_in checks its limit itself, whichever surface calls it."""

from __future__ import annotations

import pytest

from saferinsight.errors import OptionError
from saferinsight.generate.fixtures import street_row, workspace_with_street_files
from saferinsight.workspace.status import rejects_in


@pytest.mark.parametrize("limit", [-1, 0, 2.5, "10"])
def test_a_limit_below_one_is_refused(limit: object) -> None:
    files = {"2024-01-west-mercia-street.csv": [street_row(), street_row(month="2024-1")]}
    with (
        workspace_with_street_files(files) as workspace,
        workspace.reader() as warehouse,
    ):
        assert len(rejects_in(warehouse, limit=None)) == 1
        with pytest.raises(OptionError, match="limit must be a whole number of rows, 1 or more"):
            rejects_in(warehouse, limit=limit)  # type: ignore[arg-type]
