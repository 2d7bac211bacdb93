"""The director's statistics page in Chromium: the ECharts charts are drawn from the page's
embedded JSON under the application's Content-Security-Policy (the autouse watch fails the
test on any violation), and no request leaves the application."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import signed_in

pytestmark = pytest.mark.browser


def test_the_charts_are_drawn_without_leaving_the_application(live_server, browser):
    context, page = signed_in(browser, live_server, "director", 15_000)
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server) or
            r.url.startswith("data:") else outside.append(r.url))
    try:
        page.goto(f"{live_server}/reports/?year=2026")
        for chart in ("cases", "open", "clocks", "prexam_months", "examiners"):
            drawn = page.locator(f'[data-chart="{chart}"]')
            if page.evaluate(f"""() => JSON.parse(document.getElementById('report-charts')
                .textContent).find(c => c.id === '{chart}').categories.length"""):
                expect(drawn).to_have_attribute("data-drawn", "1")
                expect(drawn.locator("canvas").first).to_be_attached()
        assert not outside, outside
    finally:
        context.close()
