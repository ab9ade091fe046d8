"""PDF from the report's HTML with WeasyPrint: page numbers, running header, contents with page
numbers, vector charts, table headers repeated across pages."""

from __future__ import annotations

from typing import Any

from saferinsight.errors import AppError


def _no_network(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise AppError(f"the report refers to {url}; reports must not fetch anything")


def render_pdf(html: str) -> bytes:
    """The HTML rendered to PDF (WeasyPrint). Any attempt to fetch a resource is an error."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except OSError as exc:  # Pango or another system library is missing
        raise AppError(
            f"PDF output needs the Pango library ({exc}). On Debian or Ubuntu install it with "
            "'apt-get install libpango-1.0-0 libpangoft2-1.0-0', or ask for --format html,docx."
        ) from exc
    document = weasyprint.HTML(string=html, url_fetcher=_no_network)
    pdf: bytes = document.write_pdf()
    return pdf
