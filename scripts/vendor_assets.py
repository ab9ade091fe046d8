"""Vendor the web application's front-end assets from the npm registry into the package, so that
nothing is fetched at run time: GOV.UK Frontend's compiled CSS and JavaScript (without the
GOV.UK fonts, which only GOV.UK services may use: their @font-face rules are removed, so the
pages fall back to the system's sans-serif), htmx, and Vega, Vega-Lite, vega-embed and the Vega
expression interpreter for the interactive charts (the versions vl-convert draws the reports'
charts with, so that a page and a report draw the same; the interpreter lets Vega run under a
Content-Security-Policy without 'unsafe-eval'). The browser tests' axe-core goes to
``tests/browser/vendor``. Run by a developer when a version changes:

    .venv/bin/python scripts/vendor_assets.py
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src" / "saferinsight" / "web" / "static" / "vendor"
PACKAGES = {
    "govuk-frontend@6.6.0": {
        "package/dist/govuk/govuk-frontend.min.css": "govuk-frontend.min.css",
        "package/dist/govuk/govuk-frontend.min.js": "govuk-frontend.min.js",
    },
    "htmx.org@2.0.11": {
        "package/dist/htmx.min.js": "htmx.min.js",
        "package/LICENSE": "htmx.LICENSE.txt",
    },
    "vega@6.2.0": {
        "package/build/vega.min.js": "vega.min.js",
        "package/LICENSE": "vega.LICENSE.txt",
    },
    "vega-lite@6.4.1": {
        "package/build/vega-lite.min.js": "vega-lite.min.js",
        "package/LICENSE": "vega-lite.LICENSE.txt",
    },
    "vega-embed@7.0.2": {
        "package/build/vega-embed.min.js": "vega-embed.min.js",
        "package/LICENSE": "vega-embed.LICENSE.txt",
    },
    "vega-interpreter@2.2.1": {
        "package/build/vega-interpreter.js": "vega-interpreter.js",
    },
}
TEST_TARGET = Path(__file__).resolve().parents[1] / "tests" / "browser" / "vendor"
TEST_PACKAGES = {
    "axe-core@4.14.1": {
        "package/axe.min.js": "axe.min.js",
        "package/LICENSE": "axe-core.LICENSE.txt",
    },
}
NOTICE = (
    "govuk-frontend: MIT licence, (c) Crown copyright (Government Digital Service); its "
    "fonts are not included.\nhtmx: BSD Zero Clause licence (htmx.LICENSE.txt).\n"
    "vega, vega-lite, vega-embed, vega-interpreter: BSD 3-Clause licence, (c) University of "
    "Washington Interactive Data Lab (vega*.LICENSE.txt).\n"
)
TEST_NOTICE = "axe-core: Mozilla Public License 2.0, (c) Deque Systems (axe-core.LICENSE.txt).\n"
#: The interpreter is published as an ES module importing ``vega-util`` by its bare name, which
#: a browser cannot resolve: it takes the same functions from the ``vega`` bundle's global.
_VEGA_UTIL = re.compile(r"^import \{([^}]*)\} from 'vega-util';$", re.MULTILINE)
_FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+")


def main() -> None:
    vendor(PACKAGES, TARGET, NOTICE)
    vendor(TEST_PACKAGES, TEST_TARGET, TEST_NOTICE)


def vendor(packages: dict[str, dict[str, str]], target_dir: Path, notice: str) -> None:
    """Unpack each package's files from ``npm pack`` into ``target_dir``, with VERSIONS.txt."""
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for spec, files in packages.items():
            name = (
                subprocess.run(
                    ["npm", "pack", spec, "--silent"],
                    cwd=folder,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            with tarfile.open(Path(folder) / name) as archive:
                for member, target in files.items():
                    extracted = archive.extractfile(member)
                    assert extracted is not None, member
                    text = io.TextIOWrapper(extracted, encoding="utf-8").read()
                    text = _SOURCE_MAP.sub("", _FONT_FACE.sub("", text))
                    text = _VEGA_UTIL.sub(r"const {\1} = globalThis.vega;", text)
                    (target_dir / target).write_text(text, encoding="utf-8")
    versions = "\n".join(f"{spec}: {', '.join(files.values())}" for spec, files in packages.items())
    (target_dir / "VERSIONS.txt").write_text(versions + "\n\n" + notice, encoding="utf-8")


if __name__ == "__main__":
    main()
