"""The Content-Security-Policy in Chromium: it is enforced (an inline script or style injected
into a page does not run and is reported), and the page whose script used to be inline — the
users page greying out the roles an organisation does not allow — works from its static file."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ipcenter import demo

pytestmark = pytest.mark.browser


def _sign_in(page, base: str, username: str) -> None:
    user = next(u for u in demo.USERS if u.username == username)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo.PASSWORDS[user.role])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")


def test_inline_script_and_style_are_refused_and_reported(live_server, page, csp_violations):
    response = page.goto(f"{live_server}/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true;';
        document.body.appendChild(script);
        document.body.setAttribute('style', 'background: red');
    }""")
    page.wait_for_function("() => true")  # let the reports arrive
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected === undefined")
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != \
        "rgb(255, 0, 0)"
    seen = " ".join(csp_violations)
    assert "script-src" in seen and "style-src" in seen, csp_violations
    csp_violations.clear()  # provoked on purpose


def test_users_page_greys_out_roles_the_organisation_does_not_allow(live_server, page):
    _sign_in(page, live_server, "admin")
    form = page.get_by_test_id("user-form")

    def choose(name: str) -> None:
        # The page lists no organisation until one is found by name and chosen.
        page.goto(f"{live_server}/admin/users")
        page.locator("input[name=q]").fill(name)
        page.locator("form[role=search] button").click()
        with page.expect_navigation():
            page.get_by_test_id("org-matches").get_by_role("link", name=name).click()
        page.wait_for_load_state("load")  # the page's script has run
        options = form.locator("select[name=organisation] option")
        expect(options).to_have_count(1)
        expect(options.first).to_contain_text(name)

    def role(value: str):
        return form.locator(f"input[name=roles][value={value}]")

    # expect() waits for the script rather than reading the box once, before it may have run.
    choose(next(org.name for org in demo.ORGS if org.kind == "bank"))
    expect(role("bank")).to_be_enabled()
    expect(role("firm")).to_be_disabled()
    expect(role("director")).to_be_disabled()
    choose(next(org.name for org in demo.ORGS if org.kind == "firm"))
    expect(role("firm")).to_be_enabled()
    expect(role("bank")).to_be_disabled()
