"""Security headers on every response: pages, error pages, files, PDFs, redirects.

The policy allows the application's own origin only: no inline script and no inline style
(the templates keep their scripts in ``static/`` and their styles in ``ipcenter.css``), no
framing by any site, no plugins. One fixed policy for every response, so a small hook here
rather than a library: there is nothing per page to configure, and HTTPS itself is the
reverse proxy's business (HSTS is sent when the cookies are HTTPS-only, i.e. behind HTTPS).
"""

from __future__ import annotations

from flask import Flask

_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    # Bootstrap's stylesheet draws its small icons (close, menu, select arrow) as data: SVGs.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
CONTENT_SECURITY_POLICY = "; ".join(_DIRECTIVES)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Addresses hold case ids and search queries: other sites are told nothing.
    "Referrer-Policy": "same-origin",
}

# A year: browsers then refuse plain HTTP to the site, even when a user types it.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def security_headers(secure: bool) -> dict[str, str]:
    """The headers every response carries; HSTS only when the site is served over HTTPS."""
    headers = dict(HEADERS)
    if secure:
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return headers


def register(app: Flask) -> None:
    @app.after_request
    def _add_security_headers(response):
        response.headers.update(security_headers(app.config["SESSION_COOKIE_SECURE"]))
        return response
