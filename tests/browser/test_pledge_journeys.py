"""IP pledge financing in a real browser (issue 13), each step taken by the user whose step it
is, signed in through the login page, through the pages alone.

1. A firm applies against a right from its register; the fund manager checks and enrols it;
   the valuer values the right; the insurer accepts cover; the firm's bank approves, records
   the contracts, the registration, the disbursement and the schedule; the instalments are
   paid to the end and the pledge is released. Another bank's reviewer cannot open it.
2. A demo loan in repayment falls overdue and into default; the bank claims compensation; the
   director (never the claim's preparer) approves the 54 : 26 : 16 : 4 split, the pool pays
   and its balance falls; a recovery is returned pro rata and recovery is closed.

The live server's clock is pinned (``IPCENTER_FIXED_NOW``); where months must pass (the
instalments falling due, 90 days overdue) the test moves that clock on, as time would.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.conftest import read_notice, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRM_NAME = "中山市古镇明耀照明电器有限公司"       # firm2's firm
RIGHT = "ZL201910789012.X"                         # firm2's invention, its demo pledge released
PLEDGED_RIGHT = "ZL202120567890.X"                 # 华辉's right, pledged to 中山农商行 (demo)
BANK_NAME = "中国工商银行股份有限公司中山分行"      # bank2's bank, the one the firm chooses
VALUER_NAME = "中山市云创知识产权服务有限公司"
INSURER_NAME = "中国人民财产保险股份有限公司中山市分公司"


def yuan(text: str) -> Decimal:
    """¥1,234.50 as a Decimal (the figure shown must have two decimals)."""
    match = re.search(r"¥(-?[\d,]+\.\d{2})(?!\d)", text)
    assert match, text
    return Decimal(match.group(1).replace(",", ""))


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
        """Take step ``name`` on the application at ``url`` with its form; the page says done."""
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
        return self.page.get_by_test_id("application-state").inner_text()

    def notices(self) -> str:
        """What the bell opens (``/notices``), after checking it counts something unread."""
        page = self.open(f"{self.base}/dashboard")
        assert int(page.get_by_test_id("bell-count").inner_text()) >= 1
        page.get_by_test_id("bell").click()
        # The list read once the page it is on has loaded, not the moment it appears.
        page.wait_for_url(f"{self.base}/notices")
        return page.get_by_test_id("notices").inner_text()

    def download(self, testid: str) -> str:
        """Download the document ``testid`` from the page shown; its PDF text, spaces gone."""
        from pypdf import PdfReader

        with self.page.expect_download() as download:
            self.page.get_by_test_id(testid).click()
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF"), data[:100]
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        return re.sub(r"\s+", "", text)

    def close(self):
        self.context.close()


def _documents(page) -> str:
    return page.get_by_test_id("documents").inner_text()


def _clocks(page) -> str:
    return page.get_by_test_id("clocks").inner_text()


def test_application_to_pledge_released(live_server, browser, artifacts, set_clock):
    # -- The firm applies against a right of its own in the register.
    firm = User(browser, live_server, "firm2")
    page = firm.open(f"{live_server}/pledge/new")
    option = page.locator("select[name=rights] option", has_text=RIGHT)
    page.select_option("select[name=rights]", value=option.get_attribute("value"))
    page.fill("input[name=amount]", "1600000")
    page.fill("input[name=term_months]", "6")
    page.select_option("select[name=repayment_method]", label="等额本息")
    page.fill("textarea[name=use_of_funds]", "LED驱动电源调光技术研发及试产")
    page.select_option("select[name=use_of_funds_kind]", value="research")
    page.fill("input[name=established_on]", "2016-08-09")
    page.check("input[name=is_sme]")
    page.select_option("select[name=bank]", label=BANK_NAME)
    page.select_option("select[name=valuer]", label=VALUER_NAME)
    page.select_option("select[name=insurer]", label=INSURER_NAME)
    with page.expect_navigation():
        page.get_by_test_id("file").click()
    assert re.search(r"/pledge/\d+$", page.url), page.inner_text("main")[:3000]
    url = page.url
    assert firm.state() == "已申请，待资金管理人受理"
    facts = page.get_by_test_id("facts").inner_text()
    assert "¥1,600,000.00" in facts and "6 个月" in facts and BANK_NAME in facts
    assert "2026年3月5日" in facts
    assert RIGHT in page.get_by_test_id("rights").inner_text()
    assert "知识产权质押融资申请表" in _documents(page)
    assert RIGHT in firm.download("doc-application_form")

    # The other bank's reviewer: refused, before enrolment and after.
    other_bank = User(browser, live_server, "bank1")
    response = other_bank.page.goto(url)
    assert response.status == 403
    refused = other_bank.page.get_by_test_id("error").inner_text()
    assert "无权访问" in refused and FIRM_NAME not in refused

    # -- The fund manager checks eligibility and enrols the application in the pool.
    fund = User(browser, live_server, "fund")
    page = fund.act(url, "begin_check")
    assert fund.state() == "入池资格审核"
    page = fund.act(url, "enrol")
    assert fund.state() == "知识产权评估"
    assert "入池" in page.get_by_test_id("facts").inner_text()
    assert "知识产权质押融资入池审核意见" in _documents(page)
    opinion = fund.download("doc-eligibility_opinion")
    assert FIRM_NAME in opinion

    # -- The valuer values the right.
    valuer = User(browser, live_server, "valuer")
    page = valuer.open(url)
    # One value field per pledged right.
    assert page.locator("[data-testid=form-submit_valuation] input[name^=value_]").count() == 1
    page = valuer.act(url, "submit_valuation", lambda f: (
        f.locator("input[name=report_no]").fill("云创评报字〔2026〕第18号"),
        f.locator("input[name^=value_]").fill("4000000")))
    assert valuer.state() == "保险机构审核"
    assert page.get_by_test_id("total-value").inner_text() == "¥4,000,000.00"
    assert "云创评报字〔2026〕第18号" in page.get_by_test_id("facts").inner_text()

    # -- The insurer accepts cover; the bank's review clock starts.
    insurer = User(browser, live_server, "insurer")
    page = insurer.act(url, "accept_cover")
    assert insurer.state() == "银行审贷"
    assert "银行审贷" in _clocks(page) and "2026年3月19日" in _clocks(page)

    # Enrolled and sent to the firm's bank: still not the other bank's.
    response = other_bank.page.goto(url)
    assert response.status == 403
    assert "无权访问" in other_bank.page.get_by_test_id("error").inner_text()
    path = url[len(live_server):]
    for listing in ("/pledge/bank", "/pledge/bank?view=portfolio", "/pledge/"):
        other_bank.open(f"{live_server}{listing}")
        assert other_bank.page.locator(f"a[href$='{path}']").count() == 0, listing

    # -- The firm's bank works through the checklist and approves.
    bank = User(browser, live_server, "bank2")
    page = bank.open(f"{live_server}/pledge/bank")
    assert page.locator(f"a[href$='{path}']").count() >= 1

    def approve(f):
        f.locator("input[name=amount]").fill("1500000")
        f.locator("input[name=rate]").fill("3.85")
        f.locator("input[name=term_months]").fill("6")
        for box in f.locator("input[type=checkbox]").all():
            box.check()
    page = bank.act(url, "approve", approve)
    assert bank.state() == "贷款已批准"
    approved = page.get_by_test_id("approved").inner_text()
    assert "¥1,500,000.00" in approved and "3.85%" in approved and "6 个月" in approved
    assert "银行审贷" in _clocks(page) and "按期完成" in _clocks(page)
    assert "知识产权质押贷款银行审贷意见" in _documents(page)
    assert "1,500,000.00" in bank.download("doc-bank_opinion")
    assert "已获银行批准" in firm.notices()  # the bell tells the borrower

    # -- Contracts, registration (its 3-working-day clock), disbursement.
    page = bank.act(url, "sign_contracts", lambda f: (
        f.locator("input[name=numbers]").fill("工银质借字2026第0305号、工银质押字2026第0305号"),
        f.locator("input[name=on]").fill("2026-03-05")))
    assert bank.state() == "借款及质押合同已签订"
    page = bank.act(url, "file_registration", lambda f: f.locator("input[name=on]").fill(
        "2026-03-05"))
    assert bank.state() == "已申请质押登记"
    assert "办理质押登记" in _clocks(page) and "2026年3月10日" in _clocks(page)
    assert "知识产权质押登记申请表" in _documents(page)
    assert "国家知识产权局" in bank.download("doc-registration_application")
    page = bank.act(url, "record_registration", lambda f: (
        f.locator("input[name=number]").fill("Y2026440000123"),
        f.locator("input[name=on]").fill("2026-03-05")))
    assert bank.state() == "质押已登记"
    assert "Y2026440000123" in page.get_by_test_id("facts").inner_text()
    page = bank.act(url, "disburse", lambda f: f.locator("input[name=on]").fill("2026-03-05"))
    assert bank.state() == "贷款已发放"
    assert "2026年3月5日" in page.get_by_test_id("facts").inner_text()

    # -- The schedule: six equal instalments summing to the loan.
    page = bank.act(url, "record_schedule", lambda f: f.locator(
        "input[name=first_due_on]").fill("2026-03-05"))
    assert bank.state() == "还款中（贷后管理）"
    rows = page.locator("[data-testid=instalments] tbody tr")
    assert rows.count() == 6
    dues = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(6)]
    assert dues[0] == "2026年4月5日" and dues[-1] == "2026年9月5日", dues
    principal = sum(yuan(rows.nth(i).locator("td").nth(2).inner_text()) for i in range(6))
    assert principal == Decimal("1500000.00")
    assert page.get_by_test_id("unpaid").inner_text() == "¥1,500,000.00"
    assert "知识产权质押贷款还款计划表" in _documents(page)
    assert "1,500,000.00" in bank.download("doc-repayment_schedule")
    firm_page = firm.open(url)
    assert firm.state() == "还款中（贷后管理）"
    assert "2026年9月5日" in firm_page.get_by_test_id("instalments").inner_text()

    # -- Half a year later: each instalment paid on its day, recorded by the bank.
    set_clock("2026-09-10T10:00:00+08:00")
    bank.close()
    bank = User(browser, live_server, "bank2")
    days = ["2026-04-05", "2026-05-05", "2026-06-05", "2026-07-05", "2026-08-05", "2026-09-05"]
    for seq, day in enumerate(days, start=1):
        page = bank.act(url, "record_payment", lambda f, seq=seq, day=day: (
            f.locator("input[name=seq]").fill(str(seq)),
            f.locator("input[name=on]").fill(day)))
    assert page.get_by_test_id("unpaid").inner_text() == "¥0.00"
    assert "2026年9月5日" in page.locator("[data-testid=instalments] tbody tr").nth(5)\
        .inner_text()
    page = bank.act(url, "record_repaid")
    assert bank.state() == "已全部还清"
    page = bank.act(url, "release_pledge", lambda f: f.locator("input[name=on]").fill(
        "2026-09-08"))
    assert bank.state() == "质押已注销"
    assert "2026年9月8日" in page.get_by_test_id("facts").inner_text()
    # No step of the workflow is left for the bank; it may still add a file (the release
    # notice) to the application.
    offered = page.locator("[data-testid=actions] form[data-testid^=form-]")
    assert [offered.nth(i).get_attribute("data-testid") for i in range(offered.count())] \
        == ["form-upload"]
    page.screenshot(path=str(artifacts / "pledge-released.png"), full_page=True)

    firm.close()
    firm = User(browser, live_server, "firm2")
    page = firm.open(url)
    assert firm.state() == "质押已注销"
    docs = _documents(page)
    for title in ("知识产权质押融资申请表", "知识产权质押融资入池审核意见", "知识产权质押贷款银行审贷意见",
                  "知识产权质押登记申请表", "知识产权质押贷款还款计划表"):
        assert title in docs, docs
    for session in (firm, other_bank, fund, valuer, insurer, bank):
        session.close()


def _split(page) -> dict[str, list[Decimal]]:
    """The split table: party → [share of the loss, returned (when shown)]."""
    rows = page.locator("[data-testid=split] tbody tr")
    return {rows.nth(i).locator("td").first.inner_text():
            [yuan(c) for c in rows.nth(i).locator("td").all_inner_texts()[1:]]
            for i in range(rows.count())}


def _balance(user: User) -> Decimal:
    return yuan(user.open(f"{user.base}/pledge/pool").get_by_test_id("balance").inner_text())


def test_default_to_compensation_and_recovery(live_server, browser, artifacts, set_clock):
    # The demo's loan of 华辉 at 中山农商行, repaying since October 2025 (paid to February):
    # the instalment of 22 March 2026 goes unpaid, and three months pass.
    set_clock("2026-06-25T10:00:00+08:00")
    bank = User(browser, live_server, "bank1")
    page = bank.open(f"{live_server}/pledge/bank?view=portfolio")
    row = page.locator("[data-testid=applications] tbody tr").filter(
        has_text="中山市古镇华辉灯饰有限公司").filter(has_text="还款中（贷后管理）")
    assert row.count() == 1, page.inner_text("main")
    assert "¥2,000,000.00" in row.inner_text()
    url = live_server + row.locator("a").get_attribute("href")

    # -- The bank records the arrears it sees, then the default (90 days overdue).
    page = bank.open(url)
    assert page.locator("[data-testid=instalments] tr.deadline-overdue").count() == 4
    page = bank.act(url, "mark_overdue")
    assert bank.state() == "逾期"
    assert "逾期起始日\n2026年3月22日" in page.get_by_test_id("facts").inner_text()
    unpaid = yuan(page.get_by_test_id("unpaid").inner_text())
    page = bank.act(url, "declare_default")
    assert bank.state() == "已违约"
    assert "2026年6月25日" in page.get_by_test_id("facts").inner_text()
    assert "提交风险补偿申请" in _clocks(page) and "2026年12月25日" in _clocks(page)

    # -- The bank files its claim for the unpaid principal (the maker).
    page = bank.act(url, "file_claim", lambda f: f.locator("input[name=amount]").fill(
        f"{unpaid:.2f}"))
    assert bank.state() == "已申请风险补偿"
    assert page.get_by_test_id("claim").inner_text() == f"¥{unpaid:,.2f}"
    assert "按期完成" in _clocks(page)
    assert "刘芳（中山农村商业银行股份有限公司）" in page.get_by_test_id("prepared-by").inner_text()
    assert "编制人不得审批" in page.get_by_test_id("approved-by").inner_text()
    split = _split(page)
    assert list(split) == ["风险补偿资金池", "贷款银行", "保险机构", "评估及知识产权运营机构"], split
    shares = [v[0] for v in split.values()]
    assert sum(shares) == unpaid
    for share, ratio in zip(shares, (54, 26, 16, 4)):
        assert abs(share - unpaid * ratio / 100) <= Decimal("0.01"), (share, ratio)
    pool_share = shares[0]
    assert page.get_by_test_id("form-approve_compensation").count() == 0
    # Maker–checker: the preparer's own approval, sent anyway, is refused (not a 500).
    with page.expect_navigation() as navigation:
        page.evaluate("""url => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = url + '/act/approve_compensation';
            const token = document.querySelector('input[name=csrf_token]').cloneNode();
            form.appendChild(token);
            document.body.appendChild(form);
            form.submit();
        }""", url)
    assert navigation.value.status == 403
    assert "这一步不由您在本申请上办理。" in page.get_by_test_id("error").inner_text()
    bank.open(url)
    assert bank.state() == "已申请风险补偿"

    # -- The fund manager checks the claim: the split, its preparer; not theirs to approve.
    fund = User(browser, live_server, "fund")
    before = _balance(fund)
    page = fund.open(url)
    assert "拟定的损失分担（54 : 26 : 16 : 4）" in page.get_by_test_id("split").inner_text()
    assert "刘芳" in page.get_by_test_id("prepared-by").inner_text()
    assert page.get_by_test_id("form-approve_compensation").count() == 0
    assert "知识产权质押融资风险补偿申请表" in _documents(page)
    assert f"{unpaid:,.2f}" in fund.download("doc-compensation_application")

    # -- The director, who did not prepare it, approves: the pool's share is posted.
    director = User(browser, live_server, "director")
    page = director.open(url)
    assert "刘芳" in page.get_by_test_id("prepared-by").inner_text()
    page = director.act(url, "approve_compensation")
    assert director.state() == "风险补偿已审批"
    assert "经批准的损失分担（54 : 26 : 16 : 4）" in page.get_by_test_id("split").inner_text()
    assert "罗振华（中国中山（灯饰）知识产权快速维权中心）" in page.get_by_test_id(
        "approved-by").inner_text()
    assert "知识产权质押融资风险补偿审批表" in _documents(page)
    approval = director.download("doc-compensation_approval")
    assert "54:26:16:4" in approval and f"{pool_share:,.2f}" in approval

    # -- The fund manager pays; the pool's page shows the balance less the pool's share.
    page = fund.act(url, "pay_compensation")
    assert fund.state() == "资金池已补偿"
    assert f"¥{pool_share:,.2f}" in page.get_by_test_id("split").inner_text()
    assert _balance(fund) == before - pool_share
    newest = fund.page.locator("[data-testid=entries] tbody tr").first.inner_text()
    assert "2026年6月25日" in newest and f"{pool_share:,.2f}" in newest, newest

    # -- Recovery: the bank begins it; 100,000.00 recovered is returned pro rata.
    page = bank.act(url, "begin_recovery")
    assert bank.state() == "追偿中"

    # -- The collateral watch: the court freezes the pledged right (the bank's preservation
    # order); the director, reading the pages in English, records it on the rights register.
    # The lending bank and the fund manager each find the alert under the bell, in Chinese,
    # and it leads to the loan.
    label = bank.open(url).get_by_test_id("application-title").inner_text()
    page = director.open(f"{live_server}/admin/rights?q={PLEDGED_RIGHT}")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    with page.expect_navigation():
        page.get_by_test_id("rights").get_by_role("link", name=PLEDGED_RIGHT).click()
    form = page.get_by_test_id("form-freeze")
    form.locator("input[name=frozen_on]").fill("2026-06-24")
    form.locator("select[name=kind]").select_option("preservation")
    form.locator("input[name=authority]").fill("中山市第一人民法院")
    form.locator("input[name=document_no]").fill("（2026）粤2071财保88号")
    with page.expect_navigation():
        form.get_by_test_id("do-freeze").click()
    assert page.locator(".alert-success").count() == 1, page.inner_text("main")[:2000]
    alert = f"质押物预警：{label}的质押权利发生“冻结”"
    path = url[len(live_server):]

    def on_the_loan(page):  # the loan's alerts: the right, the event, its day
        assert page.locator("[data-testid^=loan-alert-]").filter(has_text=PLEDGED_RIGHT) \
            .filter(has_text="冻结").filter(has_text="2026年6月24日").count() == 1
    text = read_notice(bank.page, live_server, alert, re.escape(path) + "$", then=on_the_loan)
    assert read_notice(fund.page, live_server, alert, re.escape(path) + "$",
                       mark="button") == text
    page = fund.act(url, "record_recovery", lambda f: f.locator("input[name=amount]").fill(
        "100000.00"))
    returned = [v[1] for v in _split(page).values()]
    assert sum(returned) == Decimal("100000.00")
    for back, share in zip(returned, shares):
        assert abs(back - Decimal("100000.00") * share / unpaid) <= Decimal("0.01")
    assert _balance(fund) == before - pool_share + returned[0]

    # -- Recovery closed with the proceeds returned: the record of it.
    page = fund.act(url, "close_recovery")
    assert fund.state() == "追偿款已返还，已结案"
    assert page.get_by_test_id("nothing-to-do").count() == 1
    assert "知识产权质押融资追偿/核销记录" in _documents(page)
    record = fund.download("doc-recovery_record")
    assert "100,000.00" in record
    page.screenshot(path=str(artifacts / "pledge-recovered.png"), full_page=True)
    for session in (bank, fund, director):
        session.close()
