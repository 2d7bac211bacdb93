"""Trademark enforcement in a real browser: complaint → verification → case → advance notice →
statement → decision → payment → close, by a complainant, two officers, the director and the
party."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import Session

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_complaint_to_closing(live_server, browser, artifacts):
    complainant = Session(browser, live_server, "firm1")
    page = complainant.page
    page.goto(f"{live_server}/cases/new/trademark")
    page.fill("input[name=registration_number]", "20261234")
    page.fill("input[name=nice_class]", "11")
    page.fill("input[name=holder]", "中山市古镇华辉灯饰有限公司")
    page.fill("input[name=mark_text]", "华辉HUAHUI")
    page.select_option("select[name=party_org]", label="中山市古镇明耀照明电器有限公司")
    page.fill("textarea[name=facts]", "当事人在古镇灯饰城门店销售标有“华辉HUAHUI”商标的吊灯。")
    page.click("form[data-testid=trademark-form] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    complainant.act(case_url, "submit")

    officer = Session(browser, live_server, "enf1")
    officer.act(case_url, "verify")
    officer.act(case_url, "officers", lambda f: (
        f.locator("select[name=members]").select_option(label=["吴建国", "林海"]),
        f.locator("select[name=presiding]").select_option(label="吴建国")))
    page = officer.act(case_url, "file_case")
    assert re.fullmatch(r"中市监商立字〔2026〕\d+号",
                        page.get_by_test_id("case-number").inner_text())
    officer.act(case_url, "findings", lambda f: (
        f.locator("textarea[name=findings]").fill("经查，当事人销售侵权吊灯40盏，违法经营额4万元。"),
        f.locator("select[name=conduct]").select_option("sell"),
        f.locator("input[name=turnover]").fill("40000"),
        f.locator("input[name=gains]").fill("12000"),
        f.locator("input[name=unsold_value]").fill("0"),
        # The identical mark on the same goods (刑法 Art. 214 may apply), the act days, the
        # party's address for the decision.
        f.locator("input[name=mark_identity][value=identical]").check(),
        f.locator("input[name=first_act_on]").fill("2026-01-10"),
        f.locator("input[name=last_act_on]").fill("2026-02-20"),
        f.locator("input[name=party_address]").fill("广东省中山市古镇镇灯饰城A区18号")))
    page = officer.case(case_url)
    assert page.get_by_test_id("act-days").inner_text() == "2026年1月10日 – 2026年2月20日"
    # Turnover under ¥50,000: up to ¥250,000 (商标法 Art. 60); below the criminal thresholds.
    assert "250,000.00" in page.get_by_test_id("fine-range").inner_text()
    assert page.get_by_test_id("referral-alert").count() == 0
    officer.act(case_url, "propose_penalty", lambda f: (
        f.locator("input[name=fine]").fill("120000"),
        f.locator("input[name=confiscated_value]").fill("15000")))
    officer.act(case_url, "close_investigation")

    director = Session(browser, live_server, "director")
    director.act(case_url, "complete_review", lambda f: f.locator(
        "textarea[name=opinion]").fill("事实清楚，证据确凿，适用法律正确，程序合法。"))

    party = Session(browser, live_server, "firm2")
    page = party.act(case_url, "statement", lambda f: f.locator(
        "textarea[name=statement]").fill("我方系初次违法，已停止销售，请求从轻处罚。"))
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "tm_prior_notice"

    officer.act(case_url, "close_statements")
    page = director.act(case_url, "decide_penalty")
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "tm_penalty_decided"
    officer.act(case_url, "serve_decision")
    officer.act(case_url, "record_payment", lambda f: (
        f.locator("input[name=amount]").fill("120000.00"),
        f.locator("input[name=paid_on]").fill("2026-03-05")))
    page = officer.act(case_url, "close")
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "tm_closed"
    page.screenshot(path=str(artifacts / "trademark-closed.png"), full_page=True)

    page = party.case(case_url)
    assert "¥120,000.00" in page.get_by_test_id("fine").inner_text()
    link = page.get_by_test_id("doc-penalty_decision")
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    for session in (complainant, officer, director, party):
        session.close()


def test_paper_served_party_states_its_case_through_the_officer(live_server, browser,
                                                                artifacts, tmp_path):
    """A party without an account is served the 告知书 on paper; the 5 working days wait for
    the receipt; the officer records the statement it brought in (a scan and the day)."""
    from tests.browser.test_patent_journey import PDF, _record_paper_service

    scan = tmp_path / "陈述申辩书.pdf"
    scan.write_bytes(PDF + b"%paper-statement")
    paper_party = "中山市古镇某某灯饰商行"

    complainant = Session(browser, live_server, "firm1")
    page = complainant.page
    page.goto(f"{live_server}/cases/new/trademark")
    page.fill("input[name=registration_number]", "20261234")
    page.fill("input[name=nice_class]", "11")
    page.fill("input[name=holder]", "中山市古镇华辉灯饰有限公司")
    page.fill("input[name=mark_text]", "华辉HUAHUI")
    page.fill("input[name=party_name]", paper_party)
    page.fill("input[name=party_address]", "中山市古镇镇中兴大道南1号")
    page.fill("textarea[name=facts]", "当事人在古镇灯饰城门店销售标有“华辉HUAHUI”商标的台灯。")
    page.click("form[data-testid=trademark-form] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    complainant.act(case_url, "submit")

    officer = Session(browser, live_server, "enf1")
    officer.act(case_url, "verify")
    officer.act(case_url, "officers", lambda f: (
        f.locator("select[name=members]").select_option(label=["吴建国", "林海"]),
        f.locator("select[name=presiding]").select_option(label="吴建国")))
    officer.act(case_url, "file_case")
    officer.act(case_url, "findings", lambda f: (
        f.locator("textarea[name=findings]").fill("经查，当事人销售侵权台灯20盏，违法经营额1万元。"),
        f.locator("select[name=conduct]").select_option("sell"),
        f.locator("input[name=turnover]").fill("10000"),
        f.locator("input[name=gains]").fill("3000"),
        f.locator("input[name=unsold_value]").fill("0"),
        f.locator("input[name=mark_identity][value=similar]").check(),
        f.locator("input[name=first_act_on]").fill("2026-01-10"),
        f.locator("input[name=last_act_on]").fill("2026-02-20")))
    officer.act(case_url, "propose_penalty", lambda f: (
        f.locator("input[name=fine]").fill("30000"),
        f.locator("input[name=confiscated_value]").fill("2000")))
    officer.act(case_url, "close_investigation")
    director = Session(browser, live_server, "director")
    director.act(case_url, "complete_review", lambda f: f.locator(
        "textarea[name=opinion]").fill("事实清楚，证据确凿，适用法律正确，程序合法。"))

    _record_paper_service(officer, case_url, paper_party, method="leave")
    page = officer.act(case_url, "statement_on_paper", lambda f: (
        f.locator("input[name=received_on]").fill("2026-03-05"),
        f.locator("input[name=file]").set_input_files(str(scan)),
        f.locator("textarea[name=text]").fill("我方系初次违法，已停止销售，请求从轻处罚。")))
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "tm_prior_notice"
    page = officer.act(case_url, "close_statements")
    assert page.get_by_test_id("case-state").get_attribute("data-state") != "tm_prior_notice"
    page.screenshot(path=str(artifacts / "trademark-paper-statement.png"), full_page=True)
    for session in (complainant, officer, director):
        session.close()
