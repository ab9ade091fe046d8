"""build_report checks its options before it starts any work (no worker process, no file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from saferinsight.errors import OptionError
from saferinsight.reports.build import build_report
from saferinsight.workspace import Workspace


@pytest.mark.parametrize(
    ("options", "option", "message"),
    [
        ({"formats": ["pdf", "xls"]}, "formats", "formats names 'xls'; choose one or more of"),
        ({"formats": []}, "formats", "formats names no format"),
        ({"formats": "html"}, "formats", "choose one or more of html, pdf, docx"),
        ({"period": "9999/00"}, "period", "period '9999/00' is outside the years"),
        ({"period": "Sep-Aug 2022/24"}, "period", "two consecutive years"),
        ({"denominator_year": 5}, "denominator_year", "denominator_year must be a year"),
    ],
)
def test_bad_options_are_refused_up_front(
    workspace: Workspace, options: dict[str, Any], option: str, message: str
) -> None:
    arguments: dict[str, Any] = {"period": "2024/25", **options}
    with pytest.raises(OptionError, match=message) as caught:
        build_report(workspace, "Shropshire", **arguments)
    assert caught.value.option == option
    assert caught.value.hint is not None
    assert not workspace.root.exists()  # nothing was opened or written


def test_an_output_folder_that_is_a_file_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    file = tmp_path / "report.html"
    file.write_text("")
    with pytest.raises(OptionError, match="is a file, not a folder") as caught:
        build_report(workspace, "Shropshire", period="2024/25", out_dir=file)
    assert caught.value.option == "out_dir"


def test_missing_pango_hints_at_html_and_word(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from saferinsight.errors import AppError
    from saferinsight.reports.pdf import render_pdf

    real_import = builtins.__import__

    def no_pango(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(AppError, match="PDF output needs the Pango library") as caught:
        render_pdf("<p>x</p>")
    assert "--" not in str(caught.value)
    hint = caught.value.hint
    assert hint is not None
    assert (hint.action, dict(hint.options)) == ("retry", {"formats": ["html", "docx"]})
