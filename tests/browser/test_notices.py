"""Notices under the bell for the events that need a set-up of their own (issue 16): a
complaint refused acceptance tells the firm that filed it; the deadline scan tells the handler
of a clock due within 3 working days, and again once it is overdue — each once, however often
the scan runs, each leading to the case its clock runs on. Each is read as its user reads it:
the count on the bell, the notice in plain Chinese, its link to the page it is about, the count
going down once it is read.

The deadline scan is the hourly task (``core.scan_deadlines``), run here in the test's thread
on the live server's app and database, with the live server's clock moved on
(``set_clock``)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    Session,
    accept,
    bell_count,
    file_complaint,
    live_app,
    notices_with,
    read_notice,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _file_complaint(firm: Session, tmp_path, respondent: str) -> str:
    """The firm files and submits a patent complaint against ``respondent`` (served on
    paper); the case's address."""
    return file_complaint(firm, tmp_path, respondent=respondent, address="中山市古镇镇同兴路8号",
                          claim="请求责令被请求人停止销售侵权吸顶灯。",
                          facts="被请求人在其门店销售落入权利要求1保护范围的吸顶灯。")


def _path(url: str, base: str) -> str:
    return re.escape(url[len(base):]) + "$"


def test_a_refused_complaint_is_told_to_the_firm(live_server, browser, tmp_path):
    firm = Session(browser, live_server, "firm1")
    case_url = _file_complaint(firm, tmp_path, "中山市古镇伟业灯饰店")

    judge = Session(browser, live_server, "adj2")
    page = judge.case(case_url)
    page.get_by_test_id("open-refuse").click()
    page.locator("#act-refuse.collapse.show").wait_for(state="visible")
    page.wait_for_function("() => !document.querySelector('#actions .collapsing')")
    page.get_by_test_id("form-refuse").locator("textarea[name=reason]").fill(
        "请求人未提交涉案专利权有效的证明。")
    # Refused, the case is no longer the queue's nor the adjudicator's to open: the refusal
    # leads to 我的工作, with its message.
    with page.expect_navigation():
        page.get_by_test_id("do-refuse").click()
    assert page.url == f"{live_server}/dashboard", page.url
    assert "已决定不予受理" in page.locator(".alert-success").inner_text()

    def refused(page):  # the case the notice leads to: refused, its notice there to read
        assert page.get_by_test_id("case-state").get_attribute("data-state") == "rejected"
        assert page.get_by_test_id("doc-refusal_notice").count() == 1

    text = read_notice(firm.page, live_server, "不予受理", _path(case_url, live_server),
                       then=refused)
    assert "不予受理，请查阅不予受理通知书" in text, text
    assert text.count("中山市古镇伟业灯饰店") == 1, text  # the case named once
    # The handler who refused it is not told of what they did.
    assert notices_with(judge.page, live_server, "中山市古镇伟业灯饰店").count() == 0
    for session in (firm, judge):
        session.close()


def _scan() -> int:
    """The hourly deadline scan, now (the live server's clock)."""
    from ipcenter.core import tasks

    with live_app().app_context():
        return tasks.scan_deadlines.run()


def _scanned_once(session: Session, containing: str) -> None:
    """The scan has run: the handler's bell has the notice once; run again, nothing new."""
    page = session.page
    page.goto(f"{session.base}/dashboard")
    count = bell_count(page)
    assert notices_with(page, session.base, containing).count() == 1
    _scan()
    page.goto(f"{session.base}/dashboard")
    assert bell_count(page) == count
    assert notices_with(page, session.base, containing).count() == 1


def test_the_deadline_scan_tells_the_handler_once_due_and_once_overdue(
        live_server, browser, tmp_path, set_clock):
    firm = Session(browser, live_server, "firm1")
    case_url = _file_complaint(firm, tmp_path, "中山市古镇永明灯具行")
    firm.close()
    # Accepted on Thursday 5 March: the complaint is to be served on the respondent within 5
    # working days (by Thursday 12 March), a clock the accepting adjudicator watches.
    judge = Session(browser, live_server, "adj1")
    number = accept(judge, case_url).get_by_test_id("case-number").inner_text()
    judge.close()
    clock = f"将请求书副本送达被请求人（{number}）"

    # Monday 9 March: due within 3 working days.
    set_clock("2026-03-09T09:00:00+08:00")
    _scan()
    judge = Session(browser, live_server, "adj1")
    _scanned_once(judge, f"期限将至：{clock}")

    def shown(overdue: bool):
        def check(page):  # the case the clock runs on, the clock among its time limits
            assert page.get_by_test_id("case-number").inner_text() == number
            card = page.get_by_test_id("clocks").locator("li").filter(
                has_text="将请求书副本送达被请求人")
            assert "2026年3月12日" in card.inner_text()
            assert card.locator(".deadline-overdue" if overdue else ".deadline-soon").count()
        return check

    text = read_notice(judge.page, live_server, f"期限将至：{clock}",
                       _path(case_url, live_server), then=shown(overdue=False))
    assert text == f"期限将至：{clock}，2026年3月12日届满。", text
    judge.close()

    # Friday 13 March, not yet served: overdue, told once more.
    set_clock("2026-03-13T09:00:00+08:00")
    _scan()
    judge = Session(browser, live_server, "adj1")
    _scanned_once(judge, f"期限已届满：{clock}")
    text = read_notice(judge.page, live_server, f"期限已届满：{clock}",
                       _path(case_url, live_server), mark="button", then=shown(overdue=True))
    assert text == f"期限已届满：{clock}，已于2026年3月12日届满，请尽快处理。", text
    # The due-soon notice was not raised again.
    assert notices_with(judge.page, live_server, f"期限将至：{clock}").count() == 1
    judge.close()
