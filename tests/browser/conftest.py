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
import re
import threading
from pathlib import Path

import pytest

from ipcenter import ROOT
from tests.conftest import make_app, minimal_pdf, reset_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
PINNED = "2026-03-05T10:00:00+08:00"  # the live server's clock (a Thursday)
PDF = minimal_pdf()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The base URL of the demo app served by Werkzeug in a background thread."""
    from werkzeug.serving import make_server

    from ipcenter import demo
    from ipcenter.core.db import db, unit_of_work

    database = tmp_path_factory.mktemp("browser-db") / "browser.db"
    app = make_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                   IPCENTER_FIXED_NOW=PINNED)
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


class Session:
    """A demo user signed in through the login page (``signed_in``), in a browser context of
    their own, acting on the pages as they would."""

    def __init__(self, browser, base: str, username: str):
        self.context, self.page = signed_in(browser, base, username, 60_000)
        self.base = base

    def case(self, case_url: str):
        self.page.goto(case_url)
        return self.page

    def notices(self) -> str:
        """The bell's count, then the list it opens (``/notices``), as the user reads them."""
        self.page.goto(f"{self.base}/dashboard")
        assert int(self.page.get_by_test_id("bell-count").inner_text()) >= 1
        self.page.get_by_test_id("bell").click()
        # The list read once the page it is on has loaded, not the moment it appears.
        self.page.wait_for_url(f"{self.base}/notices")
        return self.page.get_by_test_id("notices").inner_text()

    def act(self, case_url: str, name: str, fill=None):
        """Open the action ``name`` on the case, ``fill(form)``, send it; the page it leads to,
        which must say it was done."""
        page = self.case(case_url)
        page.get_by_test_id(f"open-{name}").click()
        # Wait for Bootstrap's collapse to finish opening (a click during the transition can
        # land on a moving button).
        page.locator(f"#act-{name}.collapse.show").wait_for(state="visible")
        page.wait_for_function(
            "name => !document.querySelector('#actions .collapsing')", arg=name)
        form = page.get_by_test_id(f"form-{name}")
        form.wait_for(state="visible")
        if fill:
            fill(form)
        with page.expect_navigation():
            page.get_by_test_id(f"do-{name}").click()
        alert = page.locator(".alert-success")
        assert alert.count() >= 1, page.inner_text("main")[:3000]
        return page

    def close(self):
        self.context.close()


# ---------------------------------------------------------------------------------------------
# A patent complaint on its way, as the journeys and the notices' tests start it

def file_complaint(firm: Session, tmp_path, *, claim: str, facts: str,
                   respondent_org: str = "", respondent: str = "",
                   address: str = "") -> str:
    """The firm files a patent complaint (ZL202020123456.8, its certificate attached) against
    a respondent with an account (``respondent_org``, chosen from the list) or one served on
    paper (``respondent`` at ``address``), and submits it; the case's address."""
    proof = tmp_path / "专利证书.pdf"
    proof.write_bytes(PDF)
    page = firm.page
    page.goto(f"{firm.base}/cases/new")
    page.fill("input[name=patent_number]", "ZL202020123456.8")
    page.fill("input[name=patent_title]", "一种LED吸顶灯散热结构")
    if respondent_org:
        page.select_option("select[name=respondent_org]", label=respondent_org)
    else:
        page.fill("input[name=respondent_name]", respondent)
        page.fill("input[name=respondent_address]", address)
    page.fill("textarea[name=claim]", claim)
    page.fill("textarea[name=facts]", facts)
    page.set_input_files("input[name=proof_of_right]", str(proof))
    page.click("form[data-testid=filing-form] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    firm.act(case_url, "submit")
    return case_url


def accept(judge: Session, case_url: str):
    """The adjudicator accepts the case, every condition of the checklist ticked; its page."""
    return judge.act(case_url, "accept", lambda f: [
        f.locator(f"input[name={n}]").check()
        for n in ("standing", "definite", "no_court", "competence")])


def form_panel(director: Session, case_url: str):
    """The director forms the demo panel (李明远 presiding, 张蔚, 黄晓东); the case's page."""
    return director.act(case_url, "panel", lambda f: (
        f.locator("select[name=members]").select_option(label=["李明远", "张蔚", "黄晓东"]),
        f.locator("select[name=presiding]").select_option(label="李明远")))


def live_app():
    """The app the live server serves: the newest one ``make_app`` made on the browser tests'
    database (``tests.conftest`` keeps every app it makes; this module may be imported twice,
    as pytest's conftest and by the tests, so it keeps none itself)."""
    from tests import conftest as root_conftest

    return next(app for app in reversed(root_conftest._APPS)
                if "browser" in app.config["SQLALCHEMY_DATABASE_URI"])


@pytest.fixture
def set_clock(live_server, monkeypatch):
    """Move the live server's clock to an instant (put back at the test's end). Sessions idle
    for the months passed end: sign in again after moving it."""
    app = live_app()

    def set_to(instant: str):
        monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", instant)
    return set_to


# ---------------------------------------------------------------------------------------------
# The bell, as a user reads it

# What a notice must not show: a raw event or field code (``case.hearing``, ``due_on``), an ISO
# day or instant, an English word, Python's None.
_RAW = re.compile(r"[A-Za-z]+[._][A-Za-z_]+|\d{4}-\d{2}-\d{2}|\bNone\b|[A-Za-z]{4,}")
_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def bell_count(page) -> int:
    """The unread count the bell shows on the page open (0: no badge)."""
    badge = page.get_by_test_id("bell-count")
    return int(badge.inner_text()) if badge.count() else 0


def assert_readable(text: str, names: tuple[str, ...] = ()) -> None:
    """A notice's text as a person reads it: Chinese, its days as 2026年3月12日, no code nor
    English word (but for ``names``: a mark, a title the matter itself bears)."""
    assert re.search(r"[\u4e00-\u9fff]", text), text
    plain = text
    for name in names:
        plain = plain.replace(name, "")
    assert not _RAW.search(plain), text
    for year, month, day in _DAY.findall(text):
        assert year == "2026" and not month.startswith("0") and not day.startswith("0"), text


def notices_with(page, base: str, containing: str):
    """The bell's list (``/notices``, opened by clicking the bell) and its items that contain
    ``containing``."""
    page.goto(f"{base}/dashboard")
    page.get_by_test_id("bell").click()
    page.wait_for_url(f"{base}/notices")
    return page.locator("[data-testid=notices] > li").filter(has_text=containing)


def read_notice(page, base: str, containing: str, lands_on: str, *,
                mark: str = "link", names: tuple[str, ...] = (), then=None) -> str:
    """Read the one unread notice containing ``containing`` as its user does and return its
    text: the bell counts it; in the list the bell opens it is there once, marked unread, in
    plain Chinese; its link leads to a page whose address matches ``lands_on``. It is marked
    read by following the link (``mark="link"``: opening a notice reads it) or by its button
    (``mark="button"``, then the link is followed); either way the count goes down by one and
    the notice shows read. ``then(page)``, if given, checks the page the link led to."""
    page.goto(f"{base}/dashboard")
    before = bell_count(page)
    assert before >= 1
    items = notices_with(page, base, containing)
    assert items.count() == 1, page.get_by_test_id("notices").inner_text()
    item = items.first
    testid = item.get_attribute("data-testid")
    assert "未读" in item.inner_text(), item.inner_text()
    text = item.locator("a").inner_text()
    assert_readable(text, names)
    if mark == "button":
        with page.expect_navigation():
            item.get_by_role("button", name="标为已读").click()
        assert bell_count(page) == before - 1
        item = page.get_by_test_id(testid)
        assert "未读" not in item.inner_text() and item.get_by_role("button").count() == 0
    with page.expect_navigation():
        item.locator("a").click()
    assert re.search(lands_on, page.url), (page.url, lands_on)
    if then is not None:
        then(page)
    assert bell_count(page) == before - 1, text
    items = notices_with(page, base, containing)
    assert items.count() == 1 and "未读" not in items.first.inner_text()
    return text
