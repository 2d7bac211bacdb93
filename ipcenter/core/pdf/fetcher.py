"""WeasyPrint's URL fetcher for official documents: the application's PDF assets only."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

log = logging.getLogger("ipcenter.core.pdf")

# The templates and their assets (stylesheets, images, the display fonts).
PDF_DIR = Path(__file__).resolve().parents[3] / "templates" / "pdf"

# What the fetcher may serve from templates/pdf/ (stylesheets and images only).
_ASSET_TYPES = {".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg",
                ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".otf": "font/otf"}

class FetchRefused(ValueError):
    """Raised inside WeasyPrint for a URL the fetcher will not serve."""


class SafeFetcher:
    """WeasyPrint's URL fetcher for official documents: files inside ``root`` only.

    Every URL asked for is recorded in ``fetched`` or ``refused``; nothing is opened over the
    network and no file outside ``root`` is read (symlinks and ``..`` are resolved first).
    WeasyPrint calls it with the URL and reads ``_fail_on_errors``; a refusal raises, which
    WeasyPrint turns into a logged "failed to load" and ``html_to_pdf`` into ``UnsafeResource``.
    """

    _fail_on_errors = False

    def __init__(self, root: Path = PDF_DIR):
        self.root = Path(root).resolve()
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def __call__(self, url: str, *args, **kwargs):
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            log.warning("PDF rendering: refused to fetch %s", url[:200])
            raise FetchRefused(f"refused: {url[:200]}")
        self.fetched.append(url)
        mime = _ASSET_TYPES[path.suffix.lower()]
        try:
            from weasyprint.urls import URLFetcherResponse
        except ImportError:  # WeasyPrint before 68: a fetcher returns a dict
            return {"string": path.read_bytes(), "mime_type": mime,
                    "redirected_url": path.as_uri()}
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": mime})

    fetch = __call__

    def _local_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        if path.suffix.lower() not in _ASSET_TYPES:
            return None
        return path
