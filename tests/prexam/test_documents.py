"""Pre-examination's official documents: each template rendered from its sample and read back
(title, number, verification code, fonts), then every notice issued by a real flow — the
registration and each decision on it, an opinion's rounds, passing, failing, returning —
rendered through the render task and read back for what the firm checks on it."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pypdf
import pytest
import sqlalchemy as sa

from ipcenter.core import documents as issued
from ipcenter.core import pdf, storage
from ipcenter.core.db import unit_of_work
from ipcenter.prexam import documents, services, settings, tasks
from ipcenter.prexam.models import PrexamFilingDocument
from ipcenter.prexam.rules import checklist
from ipcenter.prexam.workflow import GROUNDS, S
from tests.prexam.conftest import NOW, approved_filing, submit, uploads

LATER = NOW + timedelta(days=2)
FIRM = "中山市古镇华辉灯饰有限公司"  # crew.firm_org's name


def _text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages))


# ------------------------------------------------------------------------------ samples

@pytest.fixture(scope="module")
def rendered(app):
    with app.app_context():
        return {t: pdf.render_pdf(f"prexam/{t}", documents.sample_data(t))
                for t in documents.TEMPLATES}


def test_the_catalogue_has_a_template_a_prefix_and_a_sample_for_each_document():
    assert documents.TEMPLATES == ("filing_application", "filing_notice", "opinion_notice",
                                   "pass_notice", "fail_notice", "return_notice")
    for template in documents.TEMPLATES:
        assert (pdf.PDF_DIR / "prexam" / f"{template}.html").is_file()
        assert template in documents.PREFIXES
        pdf.check_plain(documents.sample_data(template))
    # No document shares the series of the registration's or the request's own number.
    assert not {services.FILING_PREFIX, services.REQUEST_PREFIX} & set(
        documents.PREFIXES.values())
    # Every finding a suspension may rest on has its wording in the notice.
    assert set(documents.GROUND_NAMES) == set(GROUNDS)


@pytest.mark.parametrize("template", documents.TEMPLATES)
def test_each_sample_renders_with_its_title_number_and_code(rendered, template):
    content = rendered[template]
    reader = pypdf.PdfReader(io.BytesIO(content))
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595.28) <= 1  # A4
        assert "核验码：7KQ4-M9XW-TB3H" in re.sub(r"\s+", "", page.extract_text())
    text = _text(content)
    assert documents.TITLES[template] in text
    assert f"{documents.PREFIXES[template]}〔2026〕3号" in text
    if template != "filing_application":  # the form is dated by the firm's filing
        assert "2026年3月5日" in text  # 成文日期 under the seal
    assert reader.metadata.title == documents.TITLES[template]
    assert len(content) < 300 * 1024


def test_the_display_fonts_hold_the_titles_and_the_form_labels():
    """When this fails, a title or a label gained a character: rebuild templates/pdf/fonts/
    (``python -m ipcenter.cases.pdf_catalogue build-fonts``)."""
    from fontTools.ttLib import TTFont

    needed = pdf.display_text(documents.TITLES.values())
    for filename, text in needed.items():
        cmap = TTFont(str(pdf.FONT_DIR / filename))["cmap"].getBestCmap()
        missing = sorted({ch for ch in text if ord(ch) not in cmap})
        assert not missing, f"{filename} lacks {''.join(missing)}: rebuild the fonts"


# ------------------------------------------------------------------------------ real flows

def _official(matter, template):
    found = [d for d in matter.documents if d.template == template]
    assert found, f"no {template} on {matter.label}"
    return found


def _render(db, doc):
    """Render ``doc`` as the task does; its PDF's text and its issued record."""
    rendering = tasks.FILING_RENDERING if isinstance(doc, PrexamFilingDocument) \
        else tasks.RENDERING
    rendering.render(doc.id, NOW)
    db.session.refresh(doc)
    assert doc.render_status == "done" and doc.issued_document_id
    record = db.session.get(issued.IssuedDocument, doc.issued_document_id)
    return _text(storage.path_for(record.sha256).read_bytes()), record


def _checked(db, doc, template):
    """The PDF's text after the checks every notice must pass: its title, its 文号 of the
    template's own series, and its verification code printed."""
    text, record = _render(db, doc)
    assert doc.number and doc.number.startswith(f"{documents.PREFIXES[template]}〔2026〕")
    assert documents.TITLES[template] in text and doc.number in text
    assert record.verify_code in text and "核验码" in text
    return text


def _under_examination(db, crew, kind="utility_model", **overrides):
    approved_filing(db, crew)
    request = submit(db, crew, kind, **overrides)
    services.take_up(request, crew.examiner, NOW)
    services.confirm_classification(request, crew.examiner, NOW)
    return request


def _all_ticked(kind):
    return {c.code: True for c in checklist.CHECKLISTS[kind]}


def test_the_registration_form_shows_what_the_firm_declared(db, crew):
    filing = approved_filing(db, crew)
    (doc,) = _official(filing, "filing_application")
    text = _checked(db, doc, "filing_application")
    for expected in (FIRM, crew.firm_org.uscc, filing.number, "李明", "0760-22345678",
                     "liming@example.com", "12人", "LED灯具、智能照明控制", "☑本单位承诺",
                     "2026年4月1日"):
        assert expected in text, expected


def test_the_approval_notice_names_the_firm_and_the_scope_served(db, crew):
    filing = approved_filing(db, crew)
    (doc,) = _official(filing, "filing_notice")
    text = _checked(db, doc, "filing_notice")
    assert FIRM in text and filing.number in text and "准予备案" in text
    assert "自2026年4月1日起" in text
    assert "F21V" in text and "26-05" in text
    assert "不予备案" not in text and "暂停" in text  # the warning, not a suspension


def test_a_rejection_gives_its_reasons(db, crew):
    import uuid

    from tests.prexam.conftest import filing_data

    filing = services.apply_for_filing(filing_data(crew.firm_org), crew.firm, NOW,
                                       uuid.uuid4().hex)
    services.reject_filing(filing, crew.examiner, NOW, "研发人员证明材料不全。")
    (doc,) = _official(filing, "filing_notice")
    text = _checked(db, doc, "filing_notice")
    assert "不予备案" in text and "研发人员证明材料不全" in text and "准予备案" not in text


@pytest.mark.parametrize(("measure", "ground"), [("suspend", "abnormal_application"),
                                                 ("revoke", "credit_breach")])
def test_a_suspension_or_revocation_names_its_ground_and_reasons(db, crew, measure, ground):
    filing = approved_filing(db, crew)
    services.propose(filing, crew.examiner, LATER, measure, ground,
                     "2026年3月集中提交的12件申请经国家知识产权局认定为非正常专利申请。")
    carry_out = services.suspend_filing if measure == "suspend" else services.revoke_filing
    carry_out(filing, crew.director, LATER)
    notice = _official(filing, "filing_notice")[-1]
    text = _checked(db, notice, "filing_notice")
    assert FIRM in text and documents.GROUND_NAMES[ground] in text
    assert all(documents.GROUND_NAMES[g] not in text for g in GROUNDS if g != ground)
    assert "集中提交的12件申请经国家知识产权局认定为非正常专利申请" in text
    assert "知识产权信用管理规定" in text
    if measure == "suspend":
        assert "自2026年4月3日起暂停" in text
    else:
        assert "取消你单位的专利快速预审备案" in text
    if measure == "suspend":
        services.reinstate_filing(filing, crew.director2, LATER + timedelta(days=1),
                                  "经复核，相关申请已撤回并完成整改。")
        reinstated = _official(filing, "filing_notice")[-1]
        assert reinstated.number != notice.number
        text = _checked(db, reinstated, "filing_notice")
        assert "恢复你单位的备案" in text and "已撤回并完成整改" in text
        assert "自2026年4月4日起" in text


def _points():
    return [{"basis": "pl_26_4", "text": "权利要求1中“散热板”与“灯座”的连接关系不清楚。"},
            {"basis": "ir_26", "text": "说明书摘要含有宣传用语“行业领先”。"}]


def test_an_opinion_notice_gives_its_round_points_with_their_basis_and_the_reply_day(
        db, crew):
    request = _under_examination(db, crew)
    ticked = {**_all_ticked("utility_model"), "claims_clear_supported": False}
    opinion = services.issue_opinion(request, crew.examiner, NOW, ticked, _points())
    (doc,) = _official(request, "opinion_notice")
    text = _checked(db, doc, "opinion_notice")
    assert FIRM in text and request.number in text and request.title in text
    assert "实用新型" in text and "F21V23/00" in text
    assert "照明装置或其系统的功能特征或零部件" in text  # the subclass's title, from the scope
    assert "第1次预审" in text
    assert "1.依据专利法第二十六条第四款：权利要求1中“散热板”与“灯座”的连接关系不清楚" in text
    assert "2.依据专利法实施细则第二十六条" in text and "行业领先" in text
    # The one check not met, in Chinese with its article; the others are not listed.
    assert "权利要求清楚、简要" in text and "专利法第二十六条第四款；专利法实施细则第二十三条" in text
    assert "请求书填写完整" not in text
    assert opinion.reply_due_on == date(2026, 4, 13) and "2026年4月13日前" in text
    assert f"起{settings.targets_on(date(2026, 4, 1)).reply_days}日内" in text
    assert crew.examiner.display_name in text

    # The second round: its own notice, number and round.
    services.amend(request, crew.firm, LATER, "已按意见修改。", uploads(["amendment"]))
    services.issue_opinion(request, crew.examiner, LATER, _all_ticked("utility_model"),
                           [{"basis": "pl_31_1", "text": "权利要求3与权利要求1不属于一个总的发明构思。"}])
    first, second = _official(request, "opinion_notice")
    assert second.number != first.number
    text = _checked(db, second, "opinion_notice")
    assert "第2次预审" in text and "专利法第三十一条第一款" in text
    assert "未满足的形式审查事项" not in text and "散热板" not in text


def test_a_pass_notice_lists_the_checks_met_and_says_to_file_at_cnipa_in_time(db, crew):
    request = _under_examination(db, crew, "design")
    services.pass_request(request, crew.examiner, LATER, _all_ticked("design"))
    assert request.state == S.PASSED
    (doc,) = _official(request, "pass_notice")
    text = _checked(db, doc, "pass_notice")
    assert FIRM in text and request.number in text and "外观设计" in text
    assert "2026年4月3日确认预审合格" in text
    assert "26-05：灯、落地灯、枝形吊灯" in text  # the subclass's title, from the scope table
    for check in checklist.CHECKLISTS["design"]:
        assert check.basis.replace(" ", "") in text
    assert "不符合" not in text
    days = settings.targets_on(date(2026, 4, 3)).filing_days
    assert f"自预审合格之日起{days}日内" in text
    from ipcenter.matters import clocks

    (due,) = clocks(request, "cnipa_filing")
    assert f"{due.due_on.year}年{due.due_on.month}月{due.due_on.day}日前" in text
    assert "向国家知识产权局提交" in text and "不得主动修改" in text


def test_a_fail_notice_gives_the_reasons_and_the_ordinary_route(db, crew):
    request = _under_examination(db, crew)
    services.fail_request(request, crew.examiner, LATER,
                          "权利要求1所述技术方案明显不具备新颖性。")
    (doc,) = _official(request, "fail_notice")
    text = _checked(db, doc, "fail_notice")
    assert FIRM in text and request.number in text and "预审不合格" in text
    assert "权利要求1所述技术方案明显不具备新颖性" in text
    assert "2026年4月3日" in text and "通过普通程序" in text


def test_a_return_notice_gives_the_reason_outside_the_scope(db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    services.take_up(request, crew.examiner, NOW)
    services.return_request(request, crew.examiner, NOW,
                            "所述产品为LED芯片封装结构，属H01L，不在本中心预审领域。")
    assert request.state == S.RETURNED
    (doc,) = _official(request, "return_notice")
    text = _checked(db, doc, "return_notice")
    assert FIRM in text and request.number in text and "现予退回" in text
    assert "所述产品为LED芯片封装结构，属H01L，不在本中心预审领域" in text
    assert "不属于本中心专利快速预审服务范围" in text


def test_a_notice_is_issued_once_however_often_it_is_rendered(db, crew):
    with unit_of_work():
        request = _under_examination(db, crew)
        services.fail_request(request, crew.examiner, NOW, "明显不具备实用性。")
    (doc,) = _official(request, "fail_notice")
    db.session.refresh(doc)  # the eager outbox rendered it after the commit
    assert doc.render_status == "done"
    source = tasks.RENDERING.source_of(doc.id)
    first = doc.issued_document_id
    tasks.render_document.apply(args=[doc.id])
    tasks.RENDERING.render(doc.id, LATER)
    db.session.refresh(doc)
    count = db.session.execute(sa.select(sa.func.count()).select_from(issued.IssuedDocument)
                               .where(issued.IssuedDocument.source == source)).scalar_one()
    assert count == 1 and doc.issued_document_id == first


def test_the_samples_checklist_reads_as_the_catalogue_translates_it(app):
    with app.app_context():
        for check in checklist.CHECKLISTS["utility_model"]:
            assert documents._SAMPLE_LABELS[check.code] == documents._zh(check.label)
