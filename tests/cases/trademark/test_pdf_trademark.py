"""Trademark enforcement documents as PDF: real WeasyPrint, text read back with pypdf (and
pdftotext where installed), from the sample data and from the data the case service gives."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime, timedelta

import pypdf
import pytest

from ipcenter.cases import pdf_catalogue as catalogue
from ipcenter.cases.trademark import documents as trademark_documents
from ipcenter.core import pdf
from ipcenter.core.errors import InvalidTransition

TEMPLATES = trademark_documents.TEMPLATES
FORMS = ("case_source", "filing_approval", "decline_approval")
DECISION_NUMBER = "中市监商罚字〔2026〕3号"


_FOOTER = re.compile(r"核验码：[0-9A-Z-]+\s*可登录\s*\S+\s*核验本文书真伪|—\s*\d+\s*—")


def _text(content: bytes) -> str:
    """The text of every page without the running footer (verification line, page number), so
    a sentence running over a page break reads as one."""
    return "\n".join(_FOOTER.sub("", page.extract_text())
                     for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def _flat(text: str) -> str:
    """Without line breaks and spaces: a sentence wrapped over two lines reads as one."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered(app):
    """Every trademark template rendered once from its sample data."""
    with app.app_context():
        return {name: pdf.render_pdf(name, catalogue.sample_data(name)) for name in TEMPLATES}


def _render(app, name, **changes) -> str:
    data = catalogue.sample_data(name)
    data.update(changes)
    with app.app_context():
        return _flat(_text(pdf.render_pdf(name, data)))


# --------------------------------------------------------------------------- every template

@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_renders_an_a4_pdf_with_its_title_and_footer(rendered, name):
    content = rendered[name]
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(content))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) <= 1 and abs(height - 841.89) <= 1
        assert "核验码：7KQ4-M9XW-TB3H" in _flat(page.extract_text())
        assert "可登录https://ipcenter.zs.gov.cn/verify/7KQ4M9XWTB3H核验本文书真伪" in \
            _flat(page.extract_text())
    text = _flat(_text(content))
    assert _flat(catalogue.TITLES[name]) in text and "中山市市场监督管理局" in text
    assert reader.metadata.title == catalogue.TITLES[name]
    # The party and the mark are named in every document.
    assert "中山市古镇明耀照明电器厂" in text and "12345678" in text and "“华辉”" in text
    assert len(content) < 300 * 1024


@pytest.mark.parametrize("name", FORMS)
def test_forms_fit_one_page_and_carry_no_document_number(rendered, name):
    assert len(pypdf.PdfReader(io.BytesIO(rendered[name])).pages) == 1
    text = _flat(_text(rendered[name]))
    # An internal form: its case number (if any) inside the table, not under the office name.
    assert "中山市市场监督管理局" + catalogue.TITLES[name] in text


def test_sample_data_is_plain_and_shaped_like_the_service_data():
    for name in TEMPLATES:
        data = catalogue.sample_data(name)
        pdf.check_plain(data)
        assert set(data["case"]) >= {"number", "title", "source", "filed_on", "accepted_on",
                                     "facts", "marks", "findings", "conduct", "turnover",
                                     "gains", "party_kind", "statement"}
        assert "requesters" not in data and data["parties"] and len(data["officers"]) >= 2


# --------------------------------------------------------------------------- intake forms

def test_case_source_ticks_the_source_and_names_the_complainant(rendered, app):
    text = _flat(_text(rendered["case_source"]))
    assert "■投诉□举报□检查发现□其他" in text
    assert "中山市古镇华辉灯饰有限公司" in text and "（尚未立案）" in text
    assert "第12345678号“华辉”注册商标（核定使用商品第11类，注册人：中山市古镇华辉灯饰有限公司）" \
        in text
    assert "当事人在古镇灯饰城门店及其网店销售" in text and "登记人：梁文涛" in text

    sample = catalogue.sample_data("case_source")
    clue = _render(app, "case_source", complainants=[], officers=[],
                   case={**sample["case"], "source": "clue"})
    assert "□投诉□举报□检查发现■其他" in clue and "投诉人无" in clue
    inspection = _render(app, "case_source", complainants=[],
                         case={**sample["case"], "source": "inspection"})
    assert "□投诉□举报■检查发现□其他" in inspection


def test_filing_approval_lists_officers_and_the_conditions(rendered):
    text = _flat(_text(rendered["filing_approval"]))
    assert "案件编号中市监商立字〔2026〕8号" in text
    assert "梁文涛（主办人员）、何静（协办人员）" in text
    assert "《市场监督管理行政处罚程序规定》第十九条" in text
    assert "同意立案，由梁文涛、何静办理。" in text and "批准人：张振华" in text
    assert "2026年1月15日" in text


def test_decline_approval_gives_reasons_and_tells_the_complainant(rendered, app):
    text = _flat(_text(rendered["decline_approval"]))
    assert "1.投诉人未能提供被投诉商品系侵权商品的初步证据；" in text
    assert "2.经现场核查，当事人门店未发现标有“华辉”商标的商品。" in text
    assert "同意不予立案" in text
    assert "将不予立案的决定及其理由告知投诉人中山市古镇华辉灯饰有限公司" in text
    alone = _render(app, "decline_approval", complainants=[], reasons=["证据不足"])
    assert "无投诉人、举报人，无需告知" in alone and "1." not in alone


# --------------------------------------------------------------------------- notices

def test_preservation_notice(rendered):
    text = _flat(_text(rendered["preservation_notice"]))
    assert text.index("中山市古镇明耀照明电器厂：") < text.index("予以先行登记保存")
    assert "《中华人民共和国行政处罚法》第五十六条" in text
    assert "1.标有“华辉”商标的LED吸顶灯（型号HH-520）120盏" in text
    assert "2.标有“华辉”商标的包装盒200个" in text
    assert "不得使用、销售、转移、损毁" in text and "不得销毁或者转移证据" in text
    assert "7个工作日内" in text and "自动解除" in text


def test_penalty_notice_with_hearing_right(rendered):
    text = _flat(_text(rendered["penalty_notice"]))
    assert "现场查获标有“华辉”商标的LED吸顶灯120盏" in text  # the facts found
    assert "罚款¥100,000.00元（大写：人民币壹拾万元整）" in text
    assert "（一）责令立即停止侵权行为；" in text
    assert "《中华人民共和国行政处罚法》第四十四条、第四十五条" in text
    assert "自收到本告知书之日起5个工作日内向本局提出陈述、申辩意见" in text
    assert "视为放弃陈述、申辩的权利" in text
    assert "有权要求举行听证" in text and "第六十三条、第六十四条" in text
    assert "视为放弃要求听证的权利" in text


def test_penalty_notice_without_hearing_right_has_no_hearing_paragraph(app):
    text = _render(app, "penalty_notice", hearing_right=False, fine="50000.00")
    assert "陈述、申辩" in text and "5个工作日内" in text
    assert "听证" not in text
    assert "罚款¥50,000.00元（大写：人民币伍万元整）" in text


def test_penalty_notice_with_the_basis_and_measures_when_given(app):
    text = _render(app, "penalty_notice", basis=catalogue.sample_data("penalty_decision")["basis"],
                   measures=["责令立即停止侵权行为", "没收、销毁侵权商品"])
    assert "依据《中华人民共和国商标法》第六十条第二款关于“违法经营额五万元以上的" in text
    assert "（一）责令立即停止侵权行为；（二）没收、销毁侵权商品；（三）罚款¥100,000.00元" in text


def test_penalty_notice_takes_the_findings_from_the_case_by_default(app):
    data = catalogue.sample_data("penalty_notice")
    del data["findings"]
    data["case"] = {**data["case"], "findings": "经查，当事人销售侵权吸顶灯8盏。"}
    with app.app_context():
        text = _flat(_text(pdf.render_pdf("penalty_notice", data)))
    assert "经查，当事人销售侵权吸顶灯8盏。" in text


def test_hearing_notice(rendered, app):
    text = _flat(_text(rendered["tm_hearing_notice"]))
    assert "听证时间：2026年4月10日（星期五）上午9时30分" in text
    assert "听证地点：中山市市场监督管理局听证室" in text
    assert "听证主持人：陈国平；书记员：吴敏" in text
    assert "本案调查人员梁文涛、何静将出席听证" in text
    assert "申请回避" in text and "委托一至二人代理" in text
    assert "无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利" in text
    data = catalogue.sample_data("tm_hearing_notice")
    del data["presider"], data["clerk"]
    with app.app_context():
        text = _flat(_text(pdf.render_pdf("tm_hearing_notice", data)))
    assert "听证主持人：由本局指定的非本案调查人员担任。" in text


# --------------------------------------------------------------------------- the decisions

DECISION_PARTS = (
    "当事人：中山市古镇明耀照明电器厂，住所：广东省中山市古镇镇灯饰城A区18号",     # 1 party
    "一、违法事实和证据",                                                          # 2 facts
    "现场查获标有“华辉”商标的LED吸顶灯120盏",
    "上述事实，有以下证据证明：1.现场检查笔录及现场照片；",
    "二、行政处罚的种类和依据",                                                    # 3 penalty
    ("依据《中华人民共和国商标法》第六十条第二款关于“违法经营额五万元以上的，可以处违法经营额"
    "五倍以下的罚款”的规定，本局决定对当事人作出如下行政处罚："),
    "三、行政处罚的履行方式和期限",                                                # 4 how, when
    "当事人应当自收到本决定书之日起15日内",
    "四、申请行政复议或者提起行政诉讼的途径和期限",                                # 5 remedies
    "（印章）中山市市场监督管理局2026年3月5日",                                    # 6 seal, date
)


def test_penalty_decision_has_the_six_parts_of_article_59(rendered):
    text = _flat(_text(rendered["penalty_decision"]))
    positions = [text.index(part) for part in DECISION_PARTS]
    assert positions == sorted(positions), "parts out of order"
    assert "统一社会信用代码：92442000MA5MY12345" in text and "法定代表人（负责人）：林明耀" in text
    assert "违法经营额为人民币60,000.00元，违法所得为人民币20,000.00元" in text
    assert "（一）责令立即停止侵权行为；（二）没收、销毁侵权商品；" in text
    assert "（四）罚款¥100,000.00元（大写：人民币壹拾万元整）。" in text
    assert "每日按罚款数额的3%加处罚款" in text and "第七十二条" in text
    assert "自收到本决定书之日起60日内依法向中山市人民政府申请行政复议" in text
    assert "自收到本决定书之日起6个月内依法向人民法院提起行政诉讼" in text
    assert "不停止执行" in text
    assert "从重" not in text


def test_penalty_decision_number_extracted_exactly(rendered):
    content = rendered["penalty_decision"]
    assert DECISION_NUMBER in _text(content)
    assert _flat(_text(content)).startswith("中山市市场监督管理局" + DECISION_NUMBER + "行政处罚决定书")
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content,
                             capture_output=True, check=True).stdout.decode("utf-8")
        assert DECISION_NUMBER in out


def test_penalty_decision_heavier(app):
    heavier = ("《中华人民共和国商标法》第六十条第二款：对五年内实施两次以上商标侵权行为或者有其他严重情节"
               "的，应当从重处罚")
    text = _render(app, "penalty_decision", heavier_basis=heavier)
    assert "本案具有从重处罚情节，依据《中华人民共和国商标法》第六十条第二款关于“对五年内实施两次以上" \
        in text
    assert text.index("从重处罚情节") < text.index("本局决定对当事人作出如下行政处罚")


def test_innocent_seller_is_only_ordered_to_stop(app):
    basis = ("《中华人民共和国商标法》第六十条第二款：销售不知道是侵犯注册商标专用权的商品，能证明该商品是"
             "自己合法取得并说明提供者的，由市场监督管理部门责令停止销售")
    text = _render(app, "penalty_decision", fine="0.00", basis=basis, measures=["责令停止销售"],
                   evidence=[])
    assert "本局决定对当事人作出如下行政处罚：责令停止销售。" in text
    assert "罚款" not in text and "加处罚款" not in text
    assert "有本局依法调查收集的证据在案佐证" in text
    assert "60日内" in text and "6个月内" in text


def test_penalty_decision_for_a_person_with_a_statement(app):
    sample = catalogue.sample_data("penalty_decision")
    text = _render(app, "penalty_decision",
                   parties=[{"name": "黄志强", "address": "广东省中山市古镇镇曹一村5号", "uscc": "",
                             "legal_representative": "", "agent": ""}],
                   complainants=[],
                   case={**sample["case"], "party_kind": "person", "source": "inspection",
                         "statement": "我系初次销售，请求从轻处罚。", "gains": None})
    assert "当事人：黄志强，住所：广东省中山市古镇镇曹一村5号。" in text
    assert "法定代表人" not in text and "投诉" not in text
    assert "当事人在规定期限内提出了陈述、申辩意见：我系初次销售，请求从轻处罚。" in text
    assert "违法经营额为人民币60,000.00元。" in text and "违法所得" not in text


def test_no_penalty_decision(rendered):
    text = _flat(_text(rendered["no_penalty_decision"]))
    assert "中市监商罚字〔2026〕4号" in text
    assert "当事人：中山市古镇明耀照明电器厂" in text
    assert "本局认为：当事人系初次违法" in text
    assert "依据《中华人民共和国行政处罚法》第五十七条第一款的规定，本局决定对当事人不予行政处罚" in text
    assert "60日内依法向中山市人民政府申请行政复议" in text and "6个月内依法向人民法院提起行政诉讼" in text
    assert "（印章）中山市市场监督管理局2026年3月5日" in text


# --------------------------------------------------------------------------- the referral

def test_referral_letter_lists_the_thresholds(rendered):
    text = _flat(_text(rendered["referral_letter"]))
    assert "中市监商移字〔2026〕1号" in text
    assert text.index("中山市公安局：") < text.index("本局在查处")
    assert "涉嫌构成销售假冒注册商标的商品罪（《中华人民共和国刑法》第二百一十四条）" in text
    assert "（一）销售金额在五万元以上；" in text
    assert "（二）尚未销售，货值金额在十五万元以上（以未遂论处）。" in text
    assert "移送理由：当事人销售金额达人民币60,000.00元" in text
    assert "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）" in text
    assert "3日内" in text
    assert "附件：1.调查终结报告2.涉案物品清单3.检验鉴定报告" in text
    assert "抄送：中山市人民检察院" in text


# --------------------------------------------------------------------------- fonts

def test_cjk_font_embedded(rendered):
    for name in ("penalty_decision", "filing_approval"):
        reader = pypdf.PdfReader(io.BytesIO(rendered[name]))
        fonts = {}
        for page in reader.pages:
            for ref in page["/Resources"]["/Font"].values():
                font = ref.get_object()
                descendant = font["/DescendantFonts"][0].get_object() \
                    if "/DescendantFonts" in font else font
                descriptor = descendant["/FontDescriptor"].get_object()
                fonts[str(font["/BaseFont"])] = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert any("Noto-Serif-CJK-SC" in font for font in fonts), fonts
        assert all(fonts.values()), fonts
        # Title and headings (or the form's labels) from the bundled subsets, not the system's
        # large fonts: the display fonts hold these documents' fixed text.
        assert any("IPC-Title-Noto-Serif-SC" in font for font in fonts), fonts
        assert any("IPC-Heading-Noto-Sans-SC" in font for font in fonts), fonts
        assert not any(re.search(r"Noto-Sans-CJK|Serif-CJK-SC-Bold", font) for font in fonts), \
            fonts


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdffonts_reports_embedded_cjk_font(rendered, tmp_path):
    path = tmp_path / "penalty_decision.pdf"
    path.write_bytes(rendered["penalty_decision"])
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert [row for row in rows if "Noto-Serif-CJK-SC" in row[0]], out
    assert all(row[-5] == "yes" for row in rows), out


def test_user_text_is_escaped(app):
    data = catalogue.sample_data("referral_letter")
    data["thresholds"] = ['<img src="http://example.com/x.png">销售金额在五万元以上']
    with app.app_context():
        html = pdf.render_html("referral_letter", data)
    assert "<img" not in html and "&lt;img" in html


# --------------------------------------------------------------------------- service data

def _blank_pdf() -> bytes:
    """A real one-page PDF: uploads are checked to be readable."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# Monday 2 March 2026, 10:00 in Beijing.
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def at(days):
    return T0 + timedelta(days=days)


@pytest.fixture
def cast(make_user, make_org):
    holder = make_org("firm", name="中山市古镇华辉灯饰有限公司")
    seller = make_org("firm", name="中山市古镇明耀照明电器厂")
    return {"holder": make_user("firm", org=holder, username="tm_holder"),
            "seller": make_user("firm", org=seller, username="tm_seller"),
            "director": make_user("director", username="tm_director"),
            "officers": [make_user("enforcer", username=f"tm_officer{i}") for i in (1, 2)]}


def _complaint(cast):
    from ipcenter.cases.trademark import services as tm
    from ipcenter.matters import PartyData

    seller = cast["seller"].organisation
    return tm.ComplaintData(
        marks=[tm.MarkData("12345678", 11, cast["holder"].organisation.name, "华辉")],
        party=PartyData(name=seller.name, address="广东省中山市古镇镇灯饰城A区18号",
                        organisation_id=seller.id),
        facts="当事人在古镇灯饰城销售标有“华辉”商标的吸顶灯。")


def _open(cast):
    from ipcenter.cases.trademark import services as tm

    o1, o2 = cast["officers"]
    case = tm.file_complaint(_complaint(cast), cast["holder"], at(0), uuid.uuid4().hex)
    tm.submit(case, cast["holder"], at(0))
    tm.verify(case, o1, at(1))
    tm.assign_officers(case, o1, at(1), [o1.id, o2.id], o1.id)
    tm.open_case(case, o1, at(2))
    return case


def _findings(**kw):
    from ipcenter.cases.trademark import services as tm

    return tm.FindingsData(findings="经查，当事人销售侵权吸顶灯120盏，每盏500元。", conduct="sell",
                           **{"turnover": "60000", "gains": "20000", "mark_identity": "similar",
                              "first_act_on": date(2026, 1, 5), "last_act_on": date(2026, 2, 20),
                              "party_address": "广东省中山市古镇镇灯饰城A区18号", **kw})


def _to_prior_notice(cast):
    from ipcenter.cases.trademark import services as tm

    o1 = cast["officers"][0]
    case = _open(cast)
    tm.start_measure(case, o1, at(3), "preservation", "吸顶灯120盏\n包装盒200个")
    tm.record_findings(case, o1, at(10), _findings())
    tm.propose_penalty(case, o1, at(10), "100000", "8000")
    tm.close_investigation(case, o1, at(11))
    tm.complete_review(case, cast["director"], at(14), "事实清楚，证据确凿，适用法律正确。")
    return case


def _render_issued(case, now) -> dict[str, str]:
    """Every document the services issued for ``case``, rendered from ``document_data`` as the
    rendering task builds it (the verification code is added by ``core.documents.issue``)."""
    from ipcenter.cases.documents import document_data

    texts = {}
    for doc in case.documents:
        if doc.kind != "official":
            continue
        data = document_data(doc, now)
        data["verify_code"] = "7KQ4M9XWTB3H"
        texts[doc.template] = _flat(_text(pdf.render_pdf(doc.template, data)))
    return texts


def test_documents_render_from_the_service_data_penalty_path(db, cast):
    from ipcenter import matters
    from ipcenter.cases.trademark import services as tm

    o1 = cast["officers"][0]
    case = _to_prior_notice(cast)
    tm.request_hearing(case, cast["seller"], at(15))
    tm.schedule_hearing(case, o1, at(15), at(30), "中山市市场监督管理局听证室")
    matters.attach(case, "hearing_record", io.BytesIO(_blank_pdf()), "听证笔录.pdf", o1,
                   at(30))
    tm.record_hearing(case, o1, at(30))
    tm.decide_penalty(case, cast["director"], at(31))
    texts = _render_issued(case, at(31))
    assert set(texts) >= {"case_source", "filing_approval", "preservation_notice",
                          "penalty_notice", "tm_hearing_notice", "penalty_decision"}
    for text in texts.values():
        assert "中山市古镇明耀照明电器厂" in text and "第12345678号“华辉”" in text
    assert "■投诉" in texts["case_source"] and "中山市古镇华辉灯饰有限公司" in texts["case_source"]
    assert case.number in texts["filing_approval"]
    assert "1.吸顶灯120盏" in texts["preservation_notice"]
    notice = texts["penalty_notice"]
    assert "经查，当事人销售侵权吸顶灯120盏" in notice
    assert "罚款¥100,000.00元（大写：人民币壹拾万元整）" in notice and "有权要求举行听证" in notice
    assert "听证地点：中山市市场监督管理局听证室" in texts["tm_hearing_notice"]
    decision = texts["penalty_decision"]
    assert case.decision_number in decision and re.fullmatch(r"中市监商罚字〔2026〕[1-9]\d*号",
                                                              case.decision_number)
    assert decision.startswith("中山市市场监督管理局" + case.decision_number)
    for part in ("当事人：中山市古镇明耀照明电器厂", "一、违法事实和证据",
                 "违法经营额为人民币60,000.00元", "二、行政处罚的种类和依据",
                 "《中华人民共和国商标法》第六十条第二款关于“违法经营额五万元以上的",
                 "责令立即停止侵权行为", "罚款¥100,000.00元（大写：人民币壹拾万元整）",
                 "三、行政处罚的履行方式和期限", "15日内", "四、申请行政复议或者提起行政诉讼的途径和期限",
                 "60日内", "6个月内", "（印章）中山市市场监督管理局",
                 # The item of 商标法 Art. 57 infringed, the review body (行政复议法 Art. 24),
                 # the party's address (行政处罚法 Art. 59(1)).
                 "属于《中华人民共和国商标法》第五十七条第（三）项规定的“销售侵犯注册商标专用权的商品的”情形",
                 "60日内依法向中山市人民政府申请行政复议", "广东省中山市古镇镇灯饰城A区18号"):
        assert part in decision, part


def test_documents_render_from_the_service_data_other_outcomes(db, cast):
    from ipcenter.cases.trademark import services as tm

    o1 = cast["officers"][0]
    declined = tm.file_complaint(_complaint(cast), cast["holder"], at(0), uuid.uuid4().hex)
    tm.submit(declined, cast["holder"], at(0))
    tm.verify(declined, o1, at(1))
    tm.decline(declined, o1, at(2), "投诉人未提供侵权的初步证据\n当事人门店未发现涉案商品")
    text = _render_issued(declined, at(2))["decline_approval"]
    assert "1.投诉人未提供侵权的初步证据" in text and "2.当事人门店未发现涉案商品" in text
    assert "告知投诉人中山市古镇华辉灯饰有限公司" in text

    clue = tm.register_clue(_complaint(cast), o1, at(0), uuid.uuid4().hex)
    text = _render_issued(clue, at(0))["case_source"]
    assert "■其他" in text and "投诉人无" in text

    spared = _to_prior_notice(cast)
    tm.close_statements(spared, o1, datetime(2026, 3, 24, 2, tzinfo=UTC))
    tm.decide_no_penalty(spared, cast["director"], at(23), "当事人违法行为轻微并及时改正，没有造成危害后果。")
    text = _render_issued(spared, at(23))["no_penalty_decision"]
    assert spared.decision_number in text and "本局认为：当事人违法行为轻微并及时改正" in text
    assert "不予行政处罚" in text and "60日内" in text and "6个月内" in text
    assert "向中山市人民政府申请行政复议" in text and "责令停止销售" not in text

    referred = _open(cast)
    tm.record_findings(referred, o1, at(10), _findings(turnover="80000", gains="35000",
                                                       unsold_value="0",
                                                       mark_identity="identical"))
    tm.propose_referral(referred, o1, at(10), "销售金额8万元，达到追诉标准")
    tm.approve_referral(referred, cast["director"], at(11))
    text = _render_issued(referred, at(11))["referral_letter"]
    assert "中山市公安局：" in text and "国务院令第310号" in text
    assert "（一）违法所得数额在三万元以上（数额较大）；" in text
    assert "（二）销售金额在五万元以上。" in text
    assert "移送理由：销售金额8万元，达到追诉标准。" in text
    assert "非法经营数额为人民币80,000.00元，违法所得数额为人民币35,000.00元" in text


def test_innocent_seller_gets_a_no_penalty_decision_with_the_order_to_stop(db, cast):
    """商标法 Art. 60 ¶2: the innocent seller is only ordered to stop selling, in a 不予行政处罚
    决定书 — never a penalty decision whose only "penalty" is the order."""
    from ipcenter.cases.trademark import services as tm

    o1 = cast["officers"][0]
    case = _open(cast)
    tm.record_findings(case, o1, at(10), _findings(turnover="6000", gains="1000",
                                                   innocent=(True, True, True)))
    tm.propose_penalty(case, o1, at(10), "0", None)
    tm.close_investigation(case, o1, at(11))
    tm.complete_review(case, cast["director"], at(14), "当事人系不知情的销售者。")
    tm.close_statements(case, o1, datetime(2026, 3, 24, 2, tzinfo=UTC))
    with pytest.raises(InvalidTransition) as refused:
        tm.decide_penalty(case, cast["director"], at(23))
    assert "不予行政处罚决定" in str(refused.value.message)
    assert case.decision_number is None and case.state == "tm_ready"
    tm.decide_no_penalty(case, cast["director"], at(23),
                         "当事人不知道其销售的是侵犯注册商标专用权的商品，能证明合法取得并说明了提供者。")
    text = _render_issued(case, at(23))["no_penalty_decision"]
    assert "依据《中华人民共和国商标法》第六十条第二款的规定，本局决定对当事人不予行政处罚，并责令停止销售" in text
    assert "立即停止销售" in text and "罚款" not in text
