"""The patent adjudication journey in a real browser: a firm files, the centre accepts and
forms the panel, the respondent answers, the panel decides, the director approves, and both
parties download the decision (处理决定书) as a PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.browser.conftest import (
    PDF,
    Session,
    accept,
    file_complaint,
    form_panel,
    read_notice,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_complaint_to_decision_downloaded_by_both_parties(live_server, browser, artifacts,
                                                         tmp_path):
    firm = Session(browser, live_server, "firm1")
    case_url = file_complaint(
        firm, tmp_path, respondent_org="中山市古镇明耀照明电器有限公司",
        claim="请求责令被请求人立即停止制造、销售侵权吸顶灯。",
        facts="被请求人在古镇灯饰城销售MY-2026型吸顶灯，落入权利要求1的保护范围。")
    page = firm.page
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "submitted"

    judge = Session(browser, live_server, "adj1")
    page = accept(judge, case_url)
    number = page.get_by_test_id("case-number").inner_text()
    assert re.fullmatch(r"中市监知裁字〔2026〕\d+号", number), number
    assert f"已立案受理，案号{number}" in firm.notices()  # the bell tells the firm

    director = Session(browser, live_server, "director")
    form_panel(director, case_url)
    judge.act(case_url, "serve")

    respondent = Session(browser, live_server, "firm2")
    assert "已通过本系统向您送达" in respondent.notices()  # served electronically
    page = respondent.act(case_url, "answer", lambda f: f.locator(
        "textarea[name=statement]").fill("被诉产品采用现有技术，不构成侵权。"))
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "served"
    assert "中山市古镇明耀照明电器有限公司的答辩" in firm.notices()  # the answer received

    judge.act(case_url, "begin_examination")
    judge.act(case_url, "draft_decision", lambda f: (
        f.locator("textarea[name=findings]").fill("经比对，被诉产品具备权利要求1的全部技术特征。"),
        f.locator("textarea[name=basis]").fill("《中华人民共和国专利法》第十一条、第六十五条"),
        f.locator("input[name=infringement][value=yes]").check(),
        f.locator("input[name=stop_acts]").fill("制造、销售、许诺销售"),
        f.locator("input[name=stop_object]").fill("MY-2026型吸顶灯"),
        f.locator("input[name=stop_scope]").fill("全部库存及线上在售链接"),
        f.locator("input[name=articles][value='11.1']").check(),
        f.locator("input[name=articles][value='64.1']").check()))
    # The director reads the draft (findings, basis, articles, outcome) before approving.
    page = director.case(case_url)
    draft = page.get_by_test_id("draft-decision")
    assert "第十一条第一款" in draft.inner_text() and "MY-2026型吸顶灯" in draft.inner_text()
    assert page.get_by_test_id("draft-preview").get_attribute("href").endswith(
        "/decision-preview")
    page = director.act(case_url, "approve_decision")
    page.screenshot(path=str(artifacts / "patent-decided.png"), full_page=True)
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "decided"

    from pypdf import PdfReader

    for party in (firm, respondent):
        assert "本案决定书已作出" in party.notices()
        page = party.case(case_url)
        link = page.get_by_test_id("doc-decision")
        with page.expect_download() as download:
            link.click()
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF")
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        compact = re.sub(r"\s+", "", text)
        assert number in compact
        assert "中山市古镇华辉灯饰有限公司" in compact and "中山市古镇明耀照明电器有限公司" in compact
    for session in (firm, judge, director, respondent):
        session.close()


def _record_paper_service(judge, case_url: str, party_name: str, method: str = "direct"):
    """The handler records how the document was sent and the receipt: until then the case
    shows 待送达回证; afterwards the 送达回证 is on the case, as a PDF."""
    page = judge.case(case_url)
    assert page.get_by_test_id("service-unsent").count() == 1
    judge.act(case_url, "send_service", lambda f: f.locator("select[name=method]")
              .select_option(method))
    page = judge.case(case_url)
    assert "待送达回证" in page.get_by_test_id("service").inner_text()
    page = judge.act(case_url, "record_receipt", lambda f: (
        f.locator("input[name=received_on]").fill("2026-03-05"),
        f.locator("input[name=received_by]").fill(f"{party_name}经营者本人")))
    assert "待送达回证" not in page.get_by_test_id("service").inner_text()
    from pypdf import PdfReader

    with page.expect_download() as download:
        page.get_by_test_id("service-receipt").click()
    text = re.sub(r"\s+", "", "".join(
        p.extract_text() for p in PdfReader(Path(download.value.path())).pages))
    assert "送达回证" in text and party_name in text and "2026年3月5日" in text
    return page


def test_paper_served_respondent_answers_through_the_handler(live_server, browser, artifacts,
                                                            tmp_path):
    """A respondent without an account is served on paper; the answer period waits for the
    receipt; the panel records the answer it posted back (a scan and the day received)."""
    scan = tmp_path / "答辩书扫描件.pdf"
    scan.write_bytes(PDF + b"%paper-answer")
    paper_party = "中山市小榄镇恒亮灯具经营部"

    firm = Session(browser, live_server, "firm1")
    case_url = file_complaint(
        firm, tmp_path, respondent=paper_party, address="中山市小榄镇升平中路18号",
        claim="请求责令被请求人立即停止销售侵权吸顶灯。",
        facts="被请求人在小榄门店销售MY-2026型吸顶灯，落入权利要求1的保护范围。")

    judge = Session(browser, live_server, "adj1")
    accept(judge, case_url)
    director = Session(browser, live_server, "director")
    form_panel(director, case_url)
    judge.act(case_url, "serve")
    page = judge.case(case_url)
    assert page.get_by_test_id("open-begin_examination").count() == 0

    _record_paper_service(judge, case_url, paper_party)
    page = judge.act(case_url, "answer_on_paper", lambda f: (
        f.locator("input[name=received_on]").fill("2026-03-05"),
        f.locator("input[name=file]").set_input_files(str(scan)),
        f.locator("textarea[name=text]").fill("被诉产品系从合法渠道购入，不构成侵权。")))
    assert "被诉产品系从合法渠道购入" in page.inner_text("main")
    page = judge.act(case_url, "begin_examination")
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "examination"
    page.screenshot(path=str(artifacts / "patent-paper-answer.png"), full_page=True)

    # The oral hearing: the firm finds its notice under the bell, with its day and place, and
    # follows it to the case.
    judge.act(case_url, "schedule_hearing", lambda f: (
        f.locator("input[name=at]").fill("2026-03-12T09:30"),
        f.locator("input[name=place]").fill("中心第一审理庭")))
    number = judge.case(case_url).get_by_test_id("case-number").inner_text()
    hearing = f"听证（口头审理）定于2026年3月12日（星期四）上午9时30分在中心第一审理庭举行（{number}）"

    def scheduled(page):
        assert page.get_by_test_id("case-state").get_attribute("data-state") \
            == "hearing_scheduled"
    assert read_notice(firm.page, live_server, hearing, re.escape(
        case_url[len(live_server):]) + "$", then=scheduled) == hearing
    for session in (firm, judge, director):
        session.close()


def test_adjudicator_enters_a_complaint_brought_to_the_counter(live_server, browser, tmp_path):
    """窗口受理: from the case list, an adjudicator enters a firm's paper complaint with its
    scan; the case page names the firm and the clerk."""
    scan, proof = tmp_path / "请求书.pdf", tmp_path / "专利证书.pdf"
    scan.write_bytes(PDF + b"%counter")
    proof.write_bytes(PDF)
    judge = Session(browser, live_server, "adj2")
    page = judge.page
    page.goto(f"{live_server}/cases/")
    with page.expect_navigation():
        page.get_by_test_id("counter-patent").click()
    form = page.get_by_test_id("counter-form")
    form.locator("select[name=complainant_org]").select_option(label="中山市古镇华辉灯饰有限公司")
    form.locator("input[name=received_on]").fill("2026-03-04")
    form.locator("input[name=scan]").set_input_files(str(scan))
    form.locator("input[name=patent_number]").fill("ZL202020123456.8")
    form.locator("input[name=patent_title]").fill("一种LED吸顶灯散热结构")
    form.locator("input[name=respondent_name]").fill("中山市古镇星河灯饰厂")
    form.locator("input[name=respondent_address]").fill("中山市古镇镇星河路1号")
    form.locator("textarea[name=claim]").fill("请求责令被请求人停止销售侵权吸顶灯。")
    form.locator("textarea[name=facts]").fill("被请求人在其门店销售落入权利要求1保护范围的吸顶灯。")
    form.locator("input[name=proof_of_right]").set_input_files(str(proof))
    with page.expect_navigation():
        page.get_by_test_id("counter-submit").click()
    assert "已受理窗口来件" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("case-state").get_attribute("data-state") == "submitted"
    filer = page.get_by_test_id("counter-filer").inner_text()
    assert "中山市古镇华辉灯饰有限公司" in filer and "窗口受理（经办：" in filer
    judge.close()
