"""A firm's user signs in with the demo password and lands on "my work", in Chinese."""

from __future__ import annotations

import pytest

from ipcenter import demo

pytestmark = pytest.mark.browser


def test_firm_user_signs_in_and_sees_the_dashboard_in_chinese(live_server, page, artifacts):
    firm1 = next(u for u in demo.USERS if u.username == "firm1")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", firm1.username)
    page.fill("input[name=password]", demo.PASSWORDS[firm1.role])
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/dashboard")
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

    who = page.get_by_test_id("who").inner_text()
    assert "梁志华" in who and "中山市古镇华辉灯饰有限公司" in who
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "我的工作" in page.locator("h1").inner_text()
    assert "2026年3月5日" in page.locator("h1").inner_text()
    # No CDN, no outside request of any kind (government intranets have no internet).
    assert requested and all(url.startswith(live_server + "/") for url in requested), requested
