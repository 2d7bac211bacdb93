"""Browser fixtures: the app served for real on a free port, and Debian's Chromium driven by
Playwright (never a browser Playwright downloads: ``make`` installs the ``chromium`` package).

The live server runs in a thread on its own migrated SQLite database loaded with the demo data
(committed, so the server's threads see it), with the clock pinned to a fixed day.

Every browser context a test opens is watched for Content-Security-Policy violations — the
``securitypolicyviolation`` events of every page and Chromium's "Refused to …" console
errors — and the test fails at its end if there was any: the pages must work under the
application's policy, not merely load.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from ipcenter import ROOT
from tests.conftest import make_app, reset_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The base URL of the demo app served by Werkzeug in a background thread."""
    from werkzeug.serving import make_server

    from ipcenter import demo
    from ipcenter.core.db import db, unit_of_work

    database = tmp_path_factory.mktemp("browser-db") / "browser.db"
    app = make_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                   IPCENTER_FIXED_NOW="2026-03-05T10:00:00+08:00")
    reset_database(app)
    with app.app_context(), unit_of_work():
        demo.seed()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Reports each violation to the test through a binding (init scripts and bindings are not
# subject to the page's policy).
_CSP_REPORTER = """
document.addEventListener('securitypolicyviolation', function (event) {
  window.__reportCspViolation(event.violatedDirective + ' refused '
    + (event.blockedURI || 'inline') + ' on ' + event.documentURI
    + (event.lineNumber ? ' line ' + event.lineNumber : ''));
});
"""


def _is_csp_message(message) -> bool:
    text = message.text
    return message.type == "error" and (text.startswith("Refused to")
                                        or "Content Security Policy" in text)


def watch_csp(context, violations: list[str]) -> None:
    """Collect the policy violations of every page of ``context`` into ``violations``."""
    context.expose_binding("__reportCspViolation",
                           lambda source, text: violations.append(f"event: {text}"))
    context.add_init_script(_CSP_REPORTER)
    context.on("console", lambda message: violations.append(f"console: {message.text}")
               if _is_csp_message(message) else None)


@pytest.fixture(autouse=True)
def csp_violations(request, monkeypatch):
    """The policy violations seen in every context the test opens; none may remain at its end
    (a test that provokes one on purpose clears the list)."""
    violations: list[str] = []
    browser = request.getfixturevalue("browser")
    open_context = browser.new_context

    def new_context(*args, **kwargs):
        context = open_context(*args, **kwargs)
        watch_csp(context, violations)
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    yield violations
    assert not violations, "Content-Security-Policy violations:\n  " + "\n  ".join(violations)


@pytest.fixture
def page(browser):
    # 1366×768: the smallest office screen the pages are laid out for (DESIGN.md).
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    """``test-artifacts/`` at the repository root (git-ignored): screenshots for people; or
    the folder ``IPCENTER_TEST_ARTIFACTS`` names (CI gives each of its concurrent suites its
    own, so that neither overwrites a screenshot the other is writing)."""
    folder = Path(os.environ.get("IPCENTER_TEST_ARTIFACTS") or ARTIFACTS)
    folder.mkdir(parents=True, exist_ok=True)
    return folder



def signed_in(browser, base: str, username: str, timeout_ms: int):
    """A new browser context with one page, signed in as the demo user ``username`` through the
    login page (its password from ``ipcenter.demo``), on its 我的工作 page."""
    from ipcenter import demo

    user = next(u for u in demo.USERS if u.username == username)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo.PASSWORDS[user.role])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")
    return context, page
