"""PDF from the report's HTML with WeasyPrint: page numbers, running header, contents with page
numbers, vector charts, table headers repeated across pages; tagged (PDF/UA-1), with the
document's language and bookmarks from its headings."""

from __future__ import annotations

from typing import Any

from saferinsight.errors import AppError, ExternalReferenceError, Hint


def _fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: a report refers to nothing outside it.

    ``data:`` URIs (the charts, embedded in the document itself) are decoded, not fetched.
    """
    from weasyprint.urls import FatalURLFetchingError, URLFetcher  # type: ignore[import-untyped]

    class NoFetching(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(
                f"the report refers to {url}; reports must not fetch anything"
            )

    return NoFetching()


#: Tagged PDF/UA-1 (structure tags, document language and title from the HTML's ``lang`` and
#: ``<title>``; bookmarks from its headings).
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def render_pdf(html: str) -> bytes:
    """The HTML rendered to PDF (WeasyPrint). Any attempt to fetch a resource is an error.

    Pass the HTML of ``render_html(document, svg_images=True)``: the same report, faster to
    lay out.
    """
    try:
        import weasyprint  # type: ignore[import-untyped]
    except OSError as exc:  # Pango or another system library is missing
        raise AppError(
            f"PDF output needs the Pango library, which is not installed ({exc}).",
            hint=Hint(
                "retry",
                "Install Pango (on Debian or Ubuntu: apt-get install libpango-1.0-0 "
                "libpangoft2-1.0-0 libharfbuzz-subset0), or write the report as HTML and Word "
                "only.",
                options={"formats": ["html", "docx"]},
            ),
        ) from exc
    try:
        pdf: bytes = weasyprint.HTML(string=html, url_fetcher=_fetcher()).write_pdf(**PDF_OPTIONS)
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise ExternalReferenceError(str(exc)) from exc
    return pdf
