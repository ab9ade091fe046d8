"""Run the whole pytest suite and refuse an empty selection.

pytest exits with 5 when it collects no tests; `make test` must never mistake that for success.
"""

from __future__ import annotations

import subprocess
import sys

NO_TESTS_COLLECTED = 5


def main() -> int:
    code = subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]])
    if code == NO_TESTS_COLLECTED:
        print(
            "pytest collected no tests: treating the empty selection as a failure", file=sys.stderr
        )
        return 1
    return code


if __name__ == "__main__":
    raise SystemExit(main())
