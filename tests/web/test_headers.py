"""Security headers on every response, and pages that need no exception from the policy: no
inline script, no inline style, no event-handler attributes. (The browser tests run every
page they visit under the policy and fail on any violation Chromium reports.)"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import sqlalchemy as sa

from ipcenter.cases.models import CaseDocument
from ipcenter.cases.patent.workflow import S
from tests.cases.conftest import walk
from tests.conftest import login, make_app

POLICY = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
    "img-src": "'self' data:", "font-src": "'self'", "connect-src": "'self'",
    "object-src": "'none'", "base-uri": "'none'", "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def assert_secured(response, *, hsts: bool = False) -> None:
    policy = _policy(response)
    assert policy == POLICY, policy
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    if hsts:
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    else:
        assert "Strict-Transport-Security" not in response.headers


@pytest.fixture(scope="module")
def failing_app(tmp_path_factory):
    """A separate app with a route that fails: the 500 page."""
    app = make_app(tmp_path_factory, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    return app


def test_pages_redirects_and_files_carry_the_headers(client, make_user):
    make_user("firm", username="firm1")
    for path, status in [("/", None), ("/login", 200), ("/dashboard", 302),
                         ("/static/ipcenter.css", 200),
                         ("/bootstrap/static/css/bootstrap.min.css", 200),
                         ("/verify/ABCD-EFGH-JKLM", None)]:
        with client.get(path) as response:
            assert status is None or response.status_code == status, path
            assert_secured(response)
    login(client, "firm1")
    assert_secured(client.get("/dashboard"))


@pytest.mark.parametrize("path, status", [("/no/such/page", 404), ("/admin/users", 403),
                                          ("/cases/2147483648", 404)])
def test_error_pages_carry_the_headers(client, make_user, path, status):
    make_user("firm", username="firm1")
    login(client, "firm1")
    response = client.get(path)
    assert response.status_code == status
    assert_secured(response)


def test_refused_form_and_wrong_method_carry_the_headers(client):
    response = client.post("/language", data={"locale": "en"})  # no CSRF token
    assert response.status_code == 400
    assert_secured(response)
    response = client.put("/login")
    assert response.status_code == 405
    assert_secured(response)


def test_the_500_page_carries_the_headers(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert_secured(response)


def test_a_downloaded_pdf_carries_the_headers(client, db, cast):
    case = walk(db, cast, S.SUBMITTED)
    doc_id = db.session.execute(sa.select(CaseDocument.id).where(
        CaseDocument.case_id == case.id)).scalars().first()
    login(client, "huahui")
    with client.get(f"/cases/{case.id}/documents/{doc_id}") as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert_secured(response)


def test_hsts_when_the_cookies_are_https_only(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert_secured(client.get("/login", base_url="https://localhost"), hsts=True)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def assert_no_inline_code(html: str, where: str) -> None:
    for name, pattern in [("inline script", INLINE_SCRIPT), ("style attribute", STYLE_ATTRIBUTE),
                          ("style element", STYLE_ELEMENT), ("event handler", HANDLER_ATTRIBUTE),
                          ("javascript: URL", JAVASCRIPT_URL)]:
        match = pattern.search(html)
        assert match is None, f"{name} on {where}: {html[max(match.start() - 80, 0):match.end() + 80]}"


def test_pages_need_no_inline_code(client, db, cast, make_user):
    case = walk(db, cast, S.EXAMINATION)
    pages = {
        None: ["/login", "/search?q=灯", "/verify"],
        "huahui": ["/dashboard", "/cases/", f"/cases/{case.id}", "/cases/new",
                   "/cases/new/trademark"],
        "judge1": [f"/cases/{case.id}", "/dashboard"],
        "director": [f"/cases/{case.id}"],
        "admin": ["/admin/users", "/admin/organisations", "/admin/calendar", "/admin/audit",
                  f"/admin/users/{cast.requester.id}", "/admin/calendar/edit?year=2026"],
    }
    for username, paths in pages.items():
        browser = client.application.test_client()
        if username:
            login(browser, username)
        for path in paths:
            response = browser.get(path)
            assert response.status_code == 200, (username, path, response.status_code)
            assert_no_inline_code(response.get_data(as_text=True), f"{path} as {username}")


def test_the_users_page_script_gets_its_table_as_data(client, make_user):
    admin = make_user("admin", username="root1")
    login(client, "root1")
    html = client.get(f"/admin/users?org={admin.organisation_id}").get_data(as_text=True)
    assert 'src="/static/admin-users.js"' in html
    table = json.loads(unescape(re.search(r"data-roles-by-org='([^']*)'", html).group(1)))
    assert "admin" in table[str(admin.organisation_id)]
