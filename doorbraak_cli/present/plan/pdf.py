"""The plan document as PDF: the same HTML, printed by WeasyPrint, which fetches nothing."""

from __future__ import annotations

from .templating import RenderError


def to_pdf(html: str) -> bytes:
    """The same HTML, printed to PDF by WeasyPrint; nothing is fetched from anywhere."""
    try:
        import weasyprint
    except ImportError as exc:
        raise RenderError("voor PDF is WeasyPrint nodig, en dat is niet geïnstalleerd. Installeer de pdf-extra: "
                          "pip install 'doorbraak[pdf]' (of in een checkout: pip install -e '.[pdf]'); "
                          "of maak HTML met --format html en druk die af") from exc
    except OSError as exc:  # the Python package is there, but Pango (a system library) is not
        raise RenderError(f"WeasyPrint kan niet starten ({exc}); installeer Pango (Debian: apt-get install "
                          "libpango-1.0-0 libpangoft2-1.0-0), of maak HTML met --format html") from exc
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _no_fetch_fetcher(weasyprint)
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def _no_fetch_fetcher(weasyprint):
    """A URL fetcher that refuses every URL (the document is self-contained by design)."""
    urls = getattr(weasyprint, "urls", None)
    base = getattr(urls, "URLFetcher", None)
    if base is not None and isinstance(base, type):
        class NoFetch(base):  # WeasyPrint >= 66
            def fetch(self, url, headers=None):
                raise ValueError(f"doorbraak laadt niets van buiten het document: {url}")

        return NoFetch()

    def no_fetch(url, *args, **kwargs):  # older WeasyPrint: a plain function
        raise ValueError(f"doorbraak laadt niets van buiten het document: {url}")

    return no_fetch
