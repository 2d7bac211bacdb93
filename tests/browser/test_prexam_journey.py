"""Rapid pre-examination in a real browser, each step taken by the user whose step it is,
signed in through the login page, through the pages alone — once for a utility model and once
for a design:

a firm new to the service applies for registration (备案) and the examiner approves it; the
firm reads the conditions on the request form and submits its request with the documents the
kind needs (real PDFs; a design's views as a PNG); the examiner takes it up, confirms the
classification, examines it and issues an opinion (预审意见通知书) with the checklist ticked;
the firm answers with amended pages; the examiner passes it (预审合格通知书); the firm records
the CNIPA application number and filing day, and later the grant; the granted right is then in
the firm's rights (我的权利, and the rights the pledge application form offers it) and in the
register the centre keeps. Another firm is refused the request's page throughout.

The live server's clock is pinned (``IPCENTER_FIXED_NOW``, 2026年3月5日); the grant comes a
week later (the test moves that clock on, as time would).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests import conftest as root_conftest
from tests.browser.conftest import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PINNED = "2026-03-05T10:00:00+08:00"
GRANT_DAY = "2026-03-12T10:00:00+08:00"   # a Thursday, a week after the pass
OTHER_FIRM = "firm1"                       # 华辉: a registered firm, not the requester


def _live_app():
    """The app the live server serves (``tests.conftest`` keeps every app it makes)."""
    return next(app for app in reversed(root_conftest._APPS)
                if app.config.get("IPCENTER_FIXED_NOW") == PINNED
                and "browser" in app.config["SQLALCHEMY_DATABASE_URI"])


@pytest.fixture
def set_clock(monkeypatch):
    """Move the live server's clock to an instant (put back at the test's end)."""
    app = _live_app()

    def set_to(instant: str):
        monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", instant)
    return set_to


@pytest.fixture
def new_firm(monkeypatch):
    """A Zhongshan lighting firm new to the service (no registration, no rights) and its one
    user, made in the live server's database and known to the sign-in helper as a demo user.
    Returns a function of (username, firm's name, organisation code) giving the firm's name."""
    from ipcenter import demo
    from ipcenter.auth.roles import Role
    from ipcenter.core import clock
    from ipcenter.core.db import unit_of_work

    app = _live_app()

    def make(username: str, name: str, code: str) -> str:
        spec_org = demo.DemoOrg(username, name, demo.OrgKind.FIRM, demo.uscc("91", code),
                                "广东省中山市古镇镇同兴路88号")
        spec_user = demo.DemoUser(username, "冯嘉欣", Role.FIRM, username)
        with app.app_context(), unit_of_work():
            now = clock.now()
            org = demo._ensure_org(spec_org, now)
            demo._ensure_user(spec_user, org, now)
        monkeypatch.setattr(demo, "USERS", [*demo.USERS, spec_user])
        return name
    return make


class User:
    """One user's browser, signed in through the login page."""

    def __init__(self, browser, base: str, username: str):
        self.context, self.page = signed_in(browser, base, username, 15_000)
        self.base = base

    def open(self, url: str):
        response = self.page.goto(url)
        assert response.status == 200, (response.status, self.page.inner_text("main")[:2000])
        return self.page

    def act(self, url: str, name: str, fill=None):
        """Take step ``name`` on the matter at ``url`` with its form; the page says done."""
        page = self.open(url)
        form = page.get_by_test_id(f"form-{name}")
        assert form.count() == 1, (name, page.get_by_test_id("actions").inner_text())
        if fill:
            fill(form)
        with page.expect_navigation():
            form.get_by_test_id(f"do-{name}").click()
        assert page.locator(".alert-success").count() >= 1, page.inner_text("main")[:3000]
        return page

    def state(self) -> str:
        """The request's state as the page says it (and never its code)."""
        badge = self.page.get_by_test_id("request-state")
        assert "px_" not in badge.inner_text()
        return badge.inner_text()

    def download(self, testid: str) -> str:
        """Download the document ``testid`` from the page shown; its PDF text, spaces gone."""
        from pypdf import PdfReader

        link = self.page.get_by_test_id(testid)
        assert link.count() == 1, (testid, self.page.get_by_test_id("documents").inner_text())
        with self.page.expect_download() as download:
            link.click()
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF"), data[:100]
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        return re.sub(r"\s+", "", text)

    def close(self):
        self.context.close()


def _pdf(tag: str) -> dict:
    """A real small PDF, distinct per ``tag``, as a file for the browser to upload."""
    return {"name": f"{tag}.pdf", "mimeType": "application/pdf",
            "buffer": root_conftest.minimal_pdf() + f"\n% {tag}\n".encode()}


def _png(tag: str) -> dict:
    from tests.prexam.conftest import png

    return {"name": f"{tag}.png", "mimeType": "image/png", "buffer": png()}


def _application_number(kind_digit: str, serial: str) -> str:
    from ipcenter.ip.numbers import check_character

    digits = f"2026{kind_digit}{serial}"
    return f"{digits}.{check_character(digits)}"


KINDS = {
    "utility_model": {
        "label": "实用新型", "firm": ("xingguang", "中山市古镇星光照明科技有限公司", "MA5KX21P"),
        "title": "一种防眩光LED筒灯", "classification": "F21V 11/00",
        "abstract": ("本实用新型公开了一种防眩光LED筒灯，包括灯壳、LED光源板和蜂窝防眩格栅，"
                     "格栅嵌装于透光罩内侧，降低直射眩光。"),
        "claims": ("1. 一种防眩光LED筒灯，包括灯壳（1）、LED光源板（2）和透光罩（3），其特征在于："
                   "所述透光罩（3）内侧嵌装蜂窝防眩格栅（4）。"),
        "files": {"request": _pdf("request"), "description": _pdf("description"),
                  "claims": _pdf("claims"), "drawings": _pdf("drawings"),
                  "abstract": _pdf("abstract")},
        "scope_title": "照明装置或其系统的功能特征或零部件",
        "duplicate": "一种防眩光LED筒灯",  # the demo's 华辉 request of that title
        "kind_digit": "2", "serial": "0345678", "expires": "2036年3月4日",
        "unticked": "claims_clear_supported",
        "basis": ("pl_26_4", "专利法第二十六条第四款"),
        "point": "权利要求1中“蜂窝防眩格栅”与透光罩的连接关系不清楚，请以结构特征限定。"},
    "design": {
        "label": "外观设计", "firm": ("yueming", "中山市古镇月明灯饰有限公司", "MA5LM63R"),
        "title": "吊灯（星月）", "classification": "26-05",
        "abstract": "本外观设计产品的名称为吊灯（星月），用于室内照明，设计要点在于形状。",
        "claims": "",
        "files": {"request": _pdf("request"), "views": _png("views"),
                  "brief_description": _pdf("brief_description")},
        "scope_title": "灯、落地灯、枝形吊灯", "duplicate": "",
        "kind_digit": "3", "serial": "0456789", "expires": "2041年3月4日", "unticked": "views_set",
        "basis": ("ir_30", "专利法实施细则第三十条"),
        "point": "左视图与主视图中灯罩的比例不一致，请修改视图使各视图对应一致。"},
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_registration_to_grant_and_the_right_in_the_firms_rights(
        live_server, browser, artifacts, set_clock, new_firm, kind):
    spec = KINDS[kind]
    firm_name = new_firm(*spec["firm"])
    username = spec["firm"][0]

    # -- The firm is new to the service: it applies for registration (备案).
    firm = User(browser, live_server, username)
    page = firm.open(f"{live_server}/prexam/")
    assert "备案" in page.get_by_test_id("filing-status").inner_text()
    assert page.get_by_test_id("submit-new").count() == 0  # no request without 备案
    with page.expect_navigation():
        page.get_by_test_id("apply-filing").click()
    form = page.get_by_test_id("filing-form")
    assert form.locator("input[name=uscc]").input_value() == spec_uscc(spec)
    form.locator("input[name=contact_phone]").fill("0760-22998877")
    form.locator("input[name=contact_email]").fill(f"ip@{username}.example")
    form.locator("input[name=rd_staff]").fill("14")
    form.locator("textarea[name=fields]").fill("LED室内照明灯具、吊灯")
    form.locator("input[name=undertaking]").check()
    with page.expect_navigation():
        page.get_by_test_id("apply").click()
    assert re.search(r"/prexam/filing/\d+$", page.url), page.inner_text("main")[:3000]
    filing_url = page.url
    assert page.locator(".alert-success").count() == 1
    filing_state = page.get_by_test_id("filing-state")
    assert filing_state.inner_text() == "已申请备案，待预审员审核"
    facts = page.get_by_test_id("facts").inner_text()
    assert spec_uscc(spec) in facts and "2026年3月5日" in facts
    application_form = firm.download("doc-filing_application")
    assert firm_name in application_form and spec_uscc(spec) in application_form

    # -- The examiner approves the registration.
    examiner = User(browser, live_server, "examiner")
    page = examiner.open(f"{live_server}/prexam/")
    path = filing_url[len(live_server):]
    assert page.locator(f"[data-testid=filings-waiting] a[href$='{path}']").count() == 1
    page = examiner.act(filing_url, "approve_filing")
    assert page.get_by_test_id("filing-state").inner_text() == "已备案"
    notice = examiner.download("doc-filing_notice")
    assert firm_name in notice and "备案" in notice

    # -- The firm sees the conditions before it submits, then submits with its documents.
    page = firm.open(f"{live_server}/prexam/")
    assert page.get_by_test_id("submit-new").count() == 1
    page = firm.open(f"{live_server}/prexam/new?kind={kind}")
    criteria = page.get_by_test_id("eligibility")
    assert criteria.locator("[data-passed]").count() >= 3, criteria.inner_text()
    assert "备案" in criteria.inner_text()
    # Nothing typed yet: the undertaking and the class are not there, said in Chinese.
    assert criteria.locator("[data-passed=no]").count() >= 1, criteria.inner_text()
    form = page.get_by_test_id("request-form")
    assert form.locator("select[name=patent_kind]").input_value() == kind
    # A design has no claims: the form does not ask for them.
    assert form.locator("textarea[name=claims_text]").count() == (1 if spec["claims"] else 0)
    form.locator("input[name=title]").fill(spec["title"])
    form.locator("input[name=classification]").fill(spec["classification"])
    form.locator("textarea[name=abstract]").fill(spec["abstract"])
    if spec["claims"]:
        form.locator("textarea[name=claims_text]").fill(spec["claims"])
    form.locator("input[name=declared_no_dual_filing]").check()
    for document, upload in spec["files"].items():
        form.locator(f"input[name=file_{document}]").set_input_files(upload)
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    assert re.search(r"/prexam/\d+$", page.url), page.inner_text("main")[:3000]
    url = page.url
    path = url[len(live_server):]
    assert firm.state() == "已提交，待预审员受理"
    number = page.get_by_test_id("request-title").inner_text()
    assert re.fullmatch(r"\S+〔2026〕\d+号", number), number
    assert page.get_by_test_id("kind").inner_text() == spec["label"]
    facts = page.get_by_test_id("facts").inner_text()
    assert spec["title"] in facts and "2026年3月5日" in facts and firm_name in facts
    documents = page.get_by_test_id("documents").inner_text()
    for document in spec["files"]:
        assert page.locator(f"[data-testid=doc-{document}]").count() == 1, documents
    assert "2026年3月6日" in page.get_by_test_id("clocks").inner_text()  # 1 working day
    assert page.get_by_test_id("nothing-to-do").count() == 0  # the firm may withdraw

    # -- Another firm: refused the request's page, its documents and its actions.
    other = User(browser, live_server, OTHER_FIRM)
    response = other.page.goto(url)
    assert response.status == 403
    refused = other.page.get_by_test_id("error").inner_text()
    assert "无权" in refused and spec["title"] not in refused and firm_name not in refused
    document = live_server + page.get_by_test_id("doc-request").get_attribute("href")
    assert other.page.goto(document).status == 403
    other.open(f"{live_server}/prexam/")
    assert other.page.locator(f"a[href$='{path}']").count() == 0
    token = other.page.locator("input[name=csrf_token]").first.get_attribute("value")
    forged = other.page.request.post(f"{url}/withdraw", form={
        "csrf_token": token, "reason": "撤回"}, max_redirects=0)
    assert forged.status == 403 and spec["title"] not in forged.text()

    # -- The examiner takes it up and checks the classification against the scope.
    page = examiner.open(f"{live_server}/prexam/")
    assert page.locator(f"[data-testid=requests] a[href$='{path}']").count() == 1
    page = examiner.act(url, "take_up")
    assert examiner.state() == "分类审核中"
    classification = page.get_by_test_id("classification").inner_text()
    assert classification.startswith(f"{spec['classification']} · ")
    assert spec["scope_title"] in classification and classification.count(
        spec["classification"]) == 1, classification
    assert page.get_by_test_id("examiner").inner_text() == "周静"
    page = examiner.act(url, "confirm_classification")
    assert examiner.state() == "预审中"
    assert "已确认" in page.get_by_test_id("classification").inner_text()
    # The duplicate check ran (no "未查重"): the earlier request of the same title is flagged
    # to the examiner, never to the firm.
    assert page.get_by_test_id("duplicates-unchecked").count() == 0
    flagged = page.get_by_test_id("duplicates")
    if spec["duplicate"]:
        assert spec["duplicate"] in flagged.inner_text() and "相似度" in flagged.inner_text()
    else:
        assert flagged.count() == 0

    # -- The examiner examines, ticks the checklist and issues an opinion.
    def opinion(form):
        boxes = form.locator("input[type=checkbox]")
        assert boxes.count() >= 5
        for box in boxes.all():
            if box.get_attribute("name") != f"check_{spec['unticked']}":
                box.check()
        form.locator("select[name=point1_basis]").select_option(spec["basis"][0])
        form.locator("textarea[name=point1_text]").fill(spec["point"])
    page = examiner.act(url, "issue_opinion", opinion)
    assert examiner.state() == "已发出预审意见，待申请人答复"
    card = page.get_by_test_id("opinion-1").inner_text()
    assert spec["point"] in card and spec["basis"][1] in card and "2026年3月5日" in card
    assert "2026年3月16日" in card  # 10 days, the 15th a Sunday: the Monday
    opinion_pdf = examiner.download("doc-opinion_notice")
    assert "预审意见通知书" in opinion_pdf and number in opinion_pdf
    assert spec["title"] in opinion_pdf and firm_name in opinion_pdf
    assert re.sub(r"\s+", "", spec["point"])[:20] in opinion_pdf
    assert spec["basis"][1] in opinion_pdf and "2026年3月16日" in opinion_pdf

    # -- The firm reads the opinion and answers with amended documents.
    page = firm.open(url)
    assert spec["point"] in page.get_by_test_id("opinion-1").inner_text()
    assert page.get_by_test_id("duplicates").count() == 0  # the centre's alone
    assert "预审意见通知书" in firm.download("doc-opinion_notice")
    reply = "已按意见修改，修改页替换原页。"
    page = firm.act(url, "amend", lambda f: (
        f.locator("textarea[name=reply]").fill(reply),
        f.locator("input[name=file_amendment]").set_input_files(_pdf("amendment"))))
    assert firm.state() == "已答复修改，待预审员审查"
    assert reply in page.get_by_test_id("reply-1").inner_text()
    assert page.locator("[data-testid=doc-amendment]").count() == 1

    # -- The examiner passes it with every item of the checklist ticked.
    def tick_all(form):
        for box in form.locator("input[type=checkbox]").all():
            box.check()
    page = examiner.act(url, "pass_request", tick_all)
    assert examiner.state() == "预审合格，待向国家知识产权局提交"
    assert "2026年3月5日" in page.get_by_test_id("facts").inner_text()
    pass_pdf = examiner.download("doc-pass_notice")
    assert "预审合格通知书" in pass_pdf and spec["title"] in pass_pdf
    assert firm_name in pass_pdf and "2026年3月5日" in pass_pdf

    # The firm may not amend after passing: no such form, and a forged post is refused.
    page = firm.open(url)
    assert page.get_by_test_id("form-amend").count() == 0
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    forged = page.request.post(f"{url}/amend", multipart={
        "csrf_token": token, "reply": "再次修改",
        "file_amendment": _pdf("late-amendment")}, max_redirects=0)
    assert forged.status == 409 and "预审合格" in forged.text()
    page = firm.open(url)
    assert firm.state() == "预审合格，待向国家知识产权局提交"
    assert page.locator("[data-testid=doc-amendment]").count() == 1  # nothing written
    assert "预审合格通知书" in firm.download("doc-pass_notice")

    # -- The firm files at CNIPA and records the number: first with a wrong check digit.
    application = _application_number(spec["kind_digit"], spec["serial"])
    wrong = application[:-1] + str((int(application[-1]) + 1) % 10
                                   if application[-1] != "X" else 0)
    page = firm.open(url)
    form = page.get_by_test_id("form-record_filing")
    form.locator("input[name=number]").fill(wrong)
    form.locator("input[name=on]").fill("2026-03-05")
    with page.expect_navigation():
        form.get_by_test_id("do-record_filing").click()
    refused = page.get_by_test_id("form-record_filing").inner_text()
    assert "校验" in refused, refused
    assert firm.state() == "预审合格，待向国家知识产权局提交"
    page = firm.act(url, "record_filing", lambda f: (
        f.locator("input[name=number]").fill(application),
        f.locator("input[name=on]").fill("2026-03-05")))
    assert firm.state() == "已向国家知识产权局提交，快速审查中"
    assert page.get_by_test_id("application-number").inner_text() \
        == f"{application} · 2026年3月5日"

    # -- A week later CNIPA grants it; the firm records the grant.
    set_clock(GRANT_DAY)
    for user in (firm, examiner, other):
        user.close()
    firm = User(browser, live_server, username)
    page = firm.open(url)
    assert "授权公告日" in page.get_by_test_id("form-record_grant").inner_text()
    page = firm.act(url, "record_grant", lambda f: f.locator("input[name=on]").fill(
        "2026-03-12"))
    assert firm.state() == "已授权"
    facts = page.get_by_test_id("facts").inner_text()
    assert f"授权\nZL{application} · 2026年3月12日" in facts, facts
    page.screenshot(path=str(artifacts / f"prexam-{kind}-granted.png"), full_page=True)

    # -- The granted right is in the firm's rights (我的权利), granted, in force.
    page = firm.open(f"{live_server}/rights")
    row = page.get_by_test_id("my-rights").locator("tr", has_text=f"ZL{application}")
    assert row.count() == 1, page.inner_text("main")[:2000]
    text = row.inner_text()
    assert spec["title"] in text and "有效" in text and "2026年3月12日" in text, text
    assert spec["expires"] in text, text
    # -- And among the rights it may pledge.
    page = firm.open(f"{live_server}/pledge/new")
    rights = page.locator("select[name=rights] option", has_text=f"ZL{application}")
    assert rights.count() == 1, page.inner_text("main")[:2000]
    assert spec["title"] in rights.inner_text()

    # -- And in the register the centre keeps: in force, the firm its holder.
    examiner = User(browser, live_server, "examiner")
    page = examiner.open(f"{live_server}/admin/rights?q=ZL{application}")
    row = page.locator("tr", has_text=f"ZL{application}")
    assert row.count() == 1, page.inner_text("main")[:2000]
    text = row.inner_text()
    assert firm_name in text and "有效" in text, text
    with page.expect_navigation():
        row.locator("a").first.click()
    right = page.inner_text("main")
    # Granted on the 12th; in force to the day before the filing day's anniversary: 10 years
    # for a utility model, 15 for a design (专利法第四十二条第一款).
    assert "2026年3月12日" in right and spec["expires"] in right, right[:2000]

    # Another firm: still refused.
    other = User(browser, live_server, OTHER_FIRM)
    assert other.page.goto(url).status == 403
    for user in (firm, examiner, other):
        user.close()


def spec_uscc(spec) -> str:
    from ipcenter import demo

    return demo.uscc("91", spec["firm"][2])
