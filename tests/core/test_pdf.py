"""Official documents as PDF: real WeasyPrint, PDFs read back (pypdf, pdffonts), the fetcher's
refusals, and issuing with a stored hash, a verification code and an audit row."""

from __future__ import annotations

import hashlib
import http.server
import io
import re
import shutil
import subprocess
import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import ClassVar

import pypdf
import pytest
import sqlalchemy as sa

from ipcenter.cases import pdf_catalogue as catalogue
from ipcenter.cases.patent import documents as patent_documents
from ipcenter.core import documents, pdf, storage
from ipcenter.core.models import AuditEvent, StoredFile

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
NUMBER = "中市监知裁字〔2026〕12号"


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def _flat(text: str) -> str:
    """Without line breaks and spaces: a sentence wrapped over two lines reads as one."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered(app):
    """Every template rendered once from its sample data."""
    with app.app_context():
        return {name: pdf.render_pdf(name, catalogue.sample_data(name)) for name in patent_documents.TEMPLATES}


def _decision(app, **changes) -> bytes:
    data = catalogue.sample_data("decision")
    data.update(changes)
    with app.app_context():
        return pdf.render_pdf("decision", data)


# --------------------------------------------------------------------------- every template

@pytest.mark.parametrize("name", patent_documents.TEMPLATES)
def test_each_template_renders_an_a4_pdf_with_its_title_and_footer(rendered, name):
    content = rendered[name]
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(content))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) <= 1 and abs(height - 841.89) <= 1  # A4 in points
    text = _flat(_text(content))
    assert _flat(catalogue.TITLES[name]) in text
    assert "中山市市场监督管理局" in text
    # The verification line on every page, with the code and the address to check it at.
    for page in reader.pages:
        page_text = _flat(page.extract_text())
        assert "核验码：7KQ4-M9XW-TB3H" in page_text
        assert "可登录https://ipcenter.zs.gov.cn/verify/7KQ4M9XWTB3H核验本文书真伪" in page_text
    assert reader.metadata.title == catalogue.TITLES[name]


@pytest.mark.parametrize("name", patent_documents.TEMPLATES)
def test_each_template_names_the_case(rendered, name):
    text = _flat(_text(rendered[name]))
    assert "中市监知裁字〔2026〕12号" in text
    assert "ZL202020123456.7" in text


def test_page_numbers_in_the_gbt_9704_style(rendered):
    reader = pypdf.PdfReader(io.BytesIO(rendered["decision"]))
    # The sample decision runs over several pages (four since it cites the articles applied).
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages, start=1):
        assert f"— {number} —" in page.extract_text()


def test_notices_carry_their_specific_content(rendered):
    refusal = _flat(_text(rendered["refusal_notice"]))
    assert "一、请求人未能提交涉案专利有效的权属证明" in refusal
    assert "二、请求书未写明被请求人的名称" in refusal
    assert "申请行政复议" in refusal and "提起行政诉讼" in refusal and "决定不予受理" in refusal

    answer = _flat(_text(rendered["answer_notice"]))
    assert "自收到本通知书之日起15日内" in answer and "答辩书" in answer
    assert "附件：专利侵权纠纷处理请求书副本" in answer
    assert answer.startswith("中山市市场监督管理局") and "中山市古镇星耀灯饰厂：" in answer

    hearing = _flat(_text(rendered["hearing_notice"]))
    assert "2026年4月10日（星期五）上午9时30分" in hearing
    assert "第一审理庭" in hearing and "梁文涛（审理组长）" in hearing
    assert "按撤回处理请求处理" in hearing and "缺席审理" in hearing

    suspension = _flat(_text(rendered["suspension_notice"]))
    assert "中止处理本案" in suspension and "4W123456" in suspension
    resumption = _flat(_text(rendered["resumption_notice"]))
    assert "恢复处理本案" in resumption and "2026年2月2日" in resumption

    mediation = _flat(_text(rendered["mediation_agreement"]))
    assert "一、被请求人向请求人支付赔偿款人民币50,000.00元（大写：伍万元整）" in mediation
    assert "二、上述赔偿款由被请求人" in mediation and "三、被请求人确认" in mediation
    assert "五、双方就本案专利侵权纠纷再无其他争议" in mediation

    extension = _flat(_text(rendered["extension_approval"]))
    for expected in ("原审理期限届满日", "2026年4月12日", "延长后届满日", "2026年5月12日",
                     "需委托技术鉴定", "批准人：张振华", "审理组长：梁文涛"):
        assert expected in extension
    assert len(pypdf.PdfReader(io.BytesIO(rendered["extension_approval"])).pages) == 1


# --------------------------------------------------------------------------- the decision

DECISION_SECTIONS = (
    "请求人：中山市明辉照明科技有限公司，住所：广东省中山市古镇镇东兴中路12号",  # 1 parties
    "被请求人：中山市古镇星耀灯饰厂，住所：广东省中山市古镇镇曹三工业区68号",
    "一、当事人陈述的事实和理由",                                                # 2
    "（一）请求人的请求、事实和理由",
    "（二）被请求人的答辩意见、事实和理由",
    "二、本局认定的事实和依据",                                                  # 3
    "（一）认定的事实",
    "（二）认定的理由和依据",
    "三、处理决定",                                                              # 4
    "四、救济途径",                                                              # 5
    "（印章）中山市市场监督管理局2026年3月5日",                                  # 6
)


def test_decision_has_the_mandatory_content(rendered):
    text = _flat(_text(rendered["decision"]))
    assert "中市监知裁字〔2026〕12号" in text
    assert "中山市明辉照明科技有限公司" in text and "中山市古镇星耀灯饰厂" in text
    positions = [text.index(section) for section in DECISION_SECTIONS]
    assert positions == sorted(positions), "sections out of order"
    assert "请求人称：被请求人未经许可" in text and "被请求人辩称：" in text
    assert "经审理查明" in text and "本局认为" in text
    # 5: the right to sue, within 15 days of receipt, under 专利法 Art. 65.
    assert "可以自收到本决定书之日起15日内" in text and "向人民法院起诉" in text
    # Art. 65 is cited with the articles applied (the sentence may run over a page break,
    # where the page's footer lands inside it).
    footerless = re.sub(r"核验码：[0-9A-Z-]+可登录[^核]*核验本文书真伪|—\d+—", "", text)
    assert "《中华人民共和国专利法》第六十五条" in footerless
    assert "《中华人民共和国专利法》第十一条第一款、第六十四条第一款、第六十五条" in footerless


def test_decision_stop_order_states_type_object_and_scope(rendered):
    text = _flat(_text(rendered["decision"]))
    assert "责令被请求人中山市古镇星耀灯饰厂立即停止侵犯请求人ZL202020123456.7号实用新型专利权" in text
    assert "（一）停止侵权行为的类型：立即停止制造、销售、许诺销售行为" in text
    assert "（二）停止侵权行为的对象：型号为XY-368的吸顶灯" in text
    assert "（三）停止侵权行为的范围：被请求人的全部库存产品、专用模具" in text
    assert "驳回" not in text


def test_decision_without_infringement_dismisses(app):
    text = _flat(_text(_decision(app, infringement=False, stop_order=None)))
    assert "驳回请求人中山市明辉照明科技有限公司的处理请求" in text
    assert "停止侵权行为的类型" not in text and "责令被请求人" not in text
    assert "可以自收到本决定书之日起15日内" in text


def test_mediation_without_amount_numbers_the_terms_from_one(app):
    data = catalogue.sample_data("mediation_agreement")
    data.update(amount=None, terms=["被请求人停止销售；", "双方再无争议。"])
    with app.app_context():
        text = _flat(_text(pdf.render_pdf("mediation_agreement", data)))
    assert "一、被请求人停止销售；二、双方再无争议。" in text and "赔偿款" not in text


def test_decision_without_answer_says_so(app):
    text = _flat(_text(_decision(app, respondent_statement="")))
    assert "被请求人在法定期限内未提交答辩书" in text


def test_document_number_extracted_exactly(rendered):
    """The 文号 as one string, 〔〕 and all, in the text a reader copies out of the PDF."""
    assert NUMBER in _text(rendered["decision"])
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=rendered["decision"],
                             capture_output=True, check=True).stdout.decode("utf-8")
        assert NUMBER in out


# --------------------------------------------------------------------------- fonts and layout

def _embedded_fonts(content: bytes) -> dict[str, bool]:
    """BaseFont → whether the font program is embedded."""
    fonts = {}
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_cjk_font_embedded(rendered):
    fonts = _embedded_fonts(rendered["decision"])
    body = [name for name in fonts if "Noto-Serif-CJK-SC" in name]
    assert body and all(fonts[name] for name in body), fonts
    assert all(fonts.values()), fonts
    # Title (小标宋) and headings (黑体) come from the bundled Noto subsets.
    assert any("IPC-Title-Noto-Serif-SC" in name for name in fonts)
    assert any("IPC-Heading-Noto-Sans-SC" in name for name in fonts)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdffonts_reports_embedded_cjk_font(rendered, tmp_path):
    path = tmp_path / "decision.pdf"
    path.write_bytes(rendered["decision"])
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    cjk = [row for row in rows if "Noto-Serif-CJK-SC" in row[0]]
    assert cjk, out
    # Columns: name, type…, encoding, emb, sub, uni, object, ID: "emb" is the 5th from the end.
    assert all(row[-5] == "yes" for row in rows), out


def test_display_fonts_hold_every_fixed_title_and_heading():
    """When this fails, a title or heading gained a character: run
    ``python -m ipcenter.cases.pdf_catalogue build-fonts`` and commit templates/pdf/fonts/."""
    from fontTools.ttLib import TTFont

    for filename, text in catalogue.display_text().items():
        cmap = TTFont(str(pdf.FONT_DIR / filename))["cmap"].getBestCmap()
        missing = sorted({ch for ch in text if ord(ch) not in cmap})
        assert not missing, f"{filename} lacks {''.join(missing)}: rebuild the fonts"


def test_environment_check_passes_here():
    assert pdf.check_environment() == []


def test_size_small_enough(rendered):
    # Three pages with the CJK font subsets: the issue's target is under 300 KB.
    assert len(rendered["decision"]) < 300 * 1024


# --------------------------------------------------------------------------- data and filters

def test_orm_objects_refused(app, db, make_user):
    user = make_user("adjudicator")
    data = catalogue.sample_data("acceptance_notice")
    data["panel"] = [user]
    with pytest.raises(TypeError, match=r"panel\[0\].*User"):
        pdf.render_pdf("acceptance_notice", data)


def test_missing_key_is_an_error_not_a_blank(app):
    data = catalogue.sample_data("hearing_notice")
    del data["hearing_place"]
    with app.app_context(), pytest.raises(Exception, match="hearing_place"):
        pdf.render_pdf("hearing_notice", data)


def test_unknown_template_refused(app):
    with app.app_context(), pytest.raises(pdf.PdfError):
        pdf.render_pdf("../base", {})


def test_user_text_is_escaped(app):
    data = catalogue.sample_data("refusal_notice")
    data["reasons"] = ['<img src="http://example.com/x.png">材料不全']
    with app.app_context():
        html = pdf.render_html("refusal_notice", data)
    assert "<img" not in html and "&lt;img" in html


@pytest.mark.parametrize("amount, words", [
    ("50000", "伍万元整"), ("1234.05", "壹仟贰佰叁拾肆元零伍分"), ("100005", "壹拾万零伍元整"),
    ("0.5", "伍角整"), ("10010000.10", "壹仟零壹万元壹角整"), ("100000000", "壹亿元整"),
    ("3.07", "叁元零柒分"), ("0", "零元整"), ("1000.00", "壹仟元整"),
])
def test_rmb_upper(amount, words):
    assert pdf.rmb_upper(Decimal(amount)) == words


def test_filters():
    assert pdf.zh_date(date(2026, 3, 5)) == "2026年3月5日"
    assert pdf.zh_date(datetime(2026, 3, 4, 17, 0, tzinfo=UTC)) == "2026年3月5日"
    assert pdf.zh_datetime(datetime(2026, 4, 10, 6, 0, tzinfo=UTC)) == \
        "2026年4月10日（星期五）下午2时"
    assert pdf.yuan(Decimal("1234.5")) == "1,234.50"
    assert pdf.code_groups("7KQ4M9XWTB3H") == "7KQ4-M9XW-TB3H"
    assert [pdf.zh_number(n) for n in (1, 10, 12, 20, 35)] == ["一", "十", "十二", "二十",
                                                               "三十五"]
    assert pdf.patent_kind("实用新型专利") == pdf.patent_kind("实用新型") == "实用新型"
    assert pdf.clause(" 已提出无效宣告请求。\n") == "已提出无效宣告请求"


def test_data_as_the_case_service_gives_it(app):
    """Amounts as strings, kinds with 专利, roles 组长/合议组成员, reasons ending in 。."""
    data = catalogue.sample_data("mediation_agreement")
    data["amount"] = "1234.05"
    data["case"] = {**data["case"], "patent_kind": "实用新型专利"}
    suspension = catalogue.sample_data("suspension_notice")
    suspension["reason"] = "被请求人已提出无效宣告请求。"
    extension = catalogue.sample_data("extension_approval")
    extension["panel"] = [{"name": "何静", "role": "合议组成员"}, {"name": "梁文涛", "role": "组长"}]
    with app.app_context():
        mediation = _flat(_text(pdf.render_pdf("mediation_agreement", data)))
        suspended = _flat(_text(pdf.render_pdf("suspension_notice", suspension)))
        extended = _flat(_text(pdf.render_pdf("extension_approval", extension)))
    assert "人民币1,234.05元（大写：壹仟贰佰叁拾肆元零伍分）" in mediation
    assert "实用新型专利“一种散热型LED吸顶灯”" in mediation and "专利专利" not in mediation
    assert "因被请求人已提出无效宣告请求（国家知识产权局" in suspended
    assert "审理组长：梁文涛" in extended


# --------------------------------------------------------------------------- the fetcher

class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", _Recorder.hits
    finally:
        server.shutdown()
        server.server_close()


def test_fetcher_refuses_outside_urls(app, http_server):
    address, hits = http_server
    source = """
    <html><head>
    <link rel="stylesheet" href="http://{{ host }}/style.css">
    <style>@import url("https://{{ host }}/import.css");
           body { background: url("http://{{ host }}/bg.png") }</style>
    </head><body>
    <p>{{ text }}</p>
    <img src="file:///etc/passwd">
    <img src="../../ipcenter/config.py">
    <img src="data:image/png;base64,iVBORw0KGgo=">
    <a rel="attachment" href="file:///etc/passwd">附件</a>
    </body></html>"""
    fetcher = pdf.SafeFetcher()
    with app.app_context():
        html = app.jinja_env.from_string(source).render(host=address, text="测试")
        with pytest.raises(pdf.UnsafeResource):
            pdf.html_to_pdf(html, fetcher=fetcher)
    assert hits == [], "WeasyPrint reached the network"
    refused = " ".join(fetcher.refused)
    for url in (f"http://{address}/style.css", f"https://{address}/import.css",
                f"http://{address}/bg.png", "file:///etc/passwd", "data:image/png"):
        assert url in refused
    assert "config.py" in refused  # ../ out of templates/pdf/
    assert fetcher.fetched == []


def test_fetcher_serves_only_the_bundled_assets(tmp_path):
    fetcher = pdf.SafeFetcher()
    font = (pdf.FONT_DIR / "ipc-title.otf").as_uri()
    response = fetcher(font)
    assert response.read()[:4] == b"OTTO"
    outside = tmp_path / "x.css"
    outside.write_text("body {}")
    for url in (outside.as_uri(), (pdf.PDF_DIR / "decision.html").as_uri(),  # not an asset type
                "file://otherhost" + str(pdf.FONT_DIR / "ipc-title.otf"),
                pdf.PDF_DIR.as_uri() + "/fonts/../../../ipcenter/config.py"):
        with pytest.raises(pdf.FetchRefused):
            fetcher(url)
    assert fetcher.fetched == [font]


def test_documents_fetch_only_their_fonts(app):
    fetcher = pdf.SafeFetcher()
    with app.app_context():
        pdf.html_to_pdf(pdf.render_html("decision", catalogue.sample_data("decision")), fetcher=fetcher)
    assert fetcher.refused == []
    assert {url.rsplit("/", 1)[-1] for url in fetcher.fetched} <= {"ipc-title.otf",
                                                                   "ipc-heading.otf"}


# --------------------------------------------------------------------------- issuing

def _case_data(template: str = "decision") -> dict:
    data = catalogue.sample_data(template)
    for key in ("title", "number", "verify_code", "site_url"):
        data.pop(key)
    return data


def test_issue_stores_the_pdf_once_with_its_hash_and_an_audit_row(app, db, make_user):
    actor = make_user("director")
    doc = documents.issue("decision", _case_data(), title="专利侵权纠纷处理决定书", number=NUMBER,
                          subject_type="case", subject_id=7, now=NOW, actor=actor)
    assert documents.normalize_code(doc.verify_code) == doc.verify_code
    assert not set(doc.verify_code) & set("01OI")
    content = storage.read_bytes(doc.sha256)
    assert hashlib.sha256(content).hexdigest() == doc.sha256 and doc.size == len(content)
    assert db.session.execute(sa.select(sa.func.count()).select_from(StoredFile)
                              .where(StoredFile.sha256 == doc.sha256)).scalar_one() == 1
    assert db.session.get(StoredFile, doc.sha256).content_type == storage.PDF
    text = _flat(_text(content))
    assert NUMBER in text and doc.verify_code in text  # the code printed is the record's
    assert doc.issued_at == NOW and doc.issued_by_id == actor.id
    assert doc.office == "中山市市场监督管理局" and doc.template == "decision"
    event = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "document.issue")).scalar_one()
    assert (event.object_type, event.object_id, event.actor_id) == ("case", "7", actor.id)
    assert doc.sha256 in event.detail and doc.verify_code in event.detail
    assert documents.documents_for("case", 7) == [doc]


def test_issue_fills_an_empty_site_url(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_SITE_URL", "https://ip.example.gov.cn/")
    data = _case_data()
    data["site_url"] = ""
    doc = documents.issue("acceptance_notice", data, title="受理通知书", number=None,
                          subject_type="case", subject_id=8, now=NOW)
    text = _flat(_text(storage.read_bytes(doc.sha256)))
    assert f"https://ip.example.gov.cn/verify/{doc.verify_code}" in text


def test_codes_are_distinct_and_lookup_is_forgiving(app, db):
    first = documents.issue("acceptance_notice", _case_data(), title="受理通知书", number=None,
                            subject_type="case", subject_id=9, now=NOW)
    second = documents.issue("acceptance_notice", _case_data(), title="受理通知书", number=None,
                             subject_type="case", subject_id=9, now=NOW)
    assert first.verify_code != second.verify_code and first.sha256 != second.sha256
    typed = " " + pdf.code_groups(first.verify_code).lower() + " "
    assert documents.find_by_code(typed) is first
    assert documents.find_by_code("0000-0000-0000") is None
    assert documents.find_by_code("") is None


def test_check_upload_tells_genuine_from_altered(app, db):
    doc = documents.issue("answer_notice", _case_data("answer_notice"), title="答辩通知书", number=None,
                          subject_type="case", subject_id=10, now=NOW)
    content = storage.read_bytes(doc.sha256)
    altered = bytearray(content)
    altered[len(altered) // 2] ^= 0x01
    altered = bytes(altered)

    assert documents.check_upload(doc.verify_code, content).status == documents.GENUINE
    assert documents.check_upload(doc.verify_code, altered).status == documents.ALTERED
    assert documents.check_upload(None, content).document is doc
    assert documents.check_upload(None, altered).status == documents.NOT_FOUND
    assert documents.check_upload("2222-2222-2222", content).status == documents.UNKNOWN_CODE
    from ipcenter.core.errors import InvalidInput

    for code, data in ((None, b""), (None, b"PK\x03\x04 not a pdf"), ("not-a-code", content)):
        with pytest.raises(InvalidInput):
            documents.check_upload(code, data)


def test_revoked_document_still_verifies_its_bytes(app, db):
    doc = documents.issue("acceptance_notice", _case_data(), title="受理通知书", number=None,
                          subject_type="case", subject_id=11, now=NOW)
    documents.revoke(doc, now=NOW, reason="撤销立案")
    assert doc.revoked_at == NOW
    assert documents.check_upload(doc.verify_code, storage.read_bytes(doc.sha256)).genuine
    from ipcenter.core.errors import Conflict

    with pytest.raises(Conflict):
        documents.revoke(doc, now=NOW)
