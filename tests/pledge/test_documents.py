"""Pledge financing's official documents: each template rendered from its sample and read back
(title, number, key figures, fonts embedded), the display fonts holding pledge's titles and
headings, a real application's document issued through the render task and verifiable, and the
pool's monthly statement from the ledger's rows."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pypdf
import pytest
import sqlalchemy as sa

from ipcenter.core import documents as issued
from ipcenter.core import money, pdf
from ipcenter.core.db import unit_of_work
from ipcenter.core.errors import InvalidInput
from ipcenter.pledge import documents, ledger, services, tasks
from tests.pledge import journeys
from tests.pledge.conftest import NOW, held_right
from tests.pledge.journeys import filing


def _text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages))


def _fonts(content: bytes) -> dict[str, bool]:
    found = {}
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = inner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


@pytest.fixture(scope="module")
def rendered(app):
    with app.app_context():
        return {t: pdf.render_pdf(f"pledge/{t}", documents.sample_data(t))
                for t in documents.TEMPLATES}


def test_the_catalogue_names_exactly_the_ten_templates():
    assert documents.TEMPLATES == (
        "application_form", "eligibility_opinion", "bank_opinion", "registration_application",
        "repayment_schedule", "compensation_application", "compensation_approval",
        "recovery_record", "pool_statement", "subsidy_approval")
    for template in documents.TEMPLATES:
        assert (pdf.PDF_DIR / "pledge" / f"{template}.html").is_file()
        assert template in documents.PREFIXES


@pytest.mark.parametrize("template", documents.TEMPLATES)
def test_each_template_renders_with_its_title_number_and_fonts(rendered, template):
    content = rendered[template]
    reader = pypdf.PdfReader(io.BytesIO(content))
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595.28) <= 1  # A4
        assert "核验码：7KQ4-M9XW-TB3H" in re.sub(r"\s+", "", page.extract_text())
    text = _text(content)
    assert documents.TITLES[template] in text
    assert f"{documents.PREFIXES[template]}〔2026〕7号" in text
    assert reader.metadata.title == documents.TITLES[template]
    fonts = _fonts(content)
    assert fonts and all(fonts.values()), fonts
    assert any("Noto-Serif-CJK-SC" in name for name in fonts)
    # The title is set in the bundled display subset (it holds every pledge title).
    assert any("IPC-Title-Noto-Serif-SC" in name for name in fonts)
    assert len(content) < 300 * 1024


def test_the_application_form_shows_the_loan_and_the_rights(rendered):
    text = _text(rendered["application_form"])
    for expected in ("中山市古镇华辉灯饰有限公司", "91442000MA4UH7K2XA", "人民币3,000,000.00元",
                     "大写：叁佰万元整", "ZL202110345678.3", "30123456", "一种LED灯具的散热结构",
                     "受让或许可自高等院校"):
        assert expected in text, expected


def test_the_approval_shows_the_split_to_the_fen_and_it_sums_to_the_loss(rendered):
    data = documents.sample_data("compensation_approval")
    assert sum(s["amount"] for s in data["split"]) == data["loss"] == Decimal("1000000.03")
    text = _text(rendered["compensation_approval"])
    assert "54:26:16:4" in text
    assert "1,000,000.03" in text and "大写：壹佰万元零叁分" in text
    for share in data["split"]:
        assert share["party"] in text and money.figures(share["amount"]) in text
    # 54 : 26 : 16 : 4 of 1,000,000.03 with the odd fen placed by allocate().
    assert [s["amount"] for s in data["split"]] == money.allocate(Decimal("1000000.03"),
                                                                  [54, 26, 16, 4])
    assert "批准人：罗振华" in text and "经办人：郑伟" in text


def test_the_schedule_and_the_bank_opinion_carry_their_figures(rendered):
    data = documents.sample_data("repayment_schedule")
    assert data["total_principal"] == Decimal("2500000.00")
    text = _text(rendered["repayment_schedule"])
    assert "2,500,000.00" in text and "3.85%" in text
    assert money.figures(data["instalments"][0]["total"]) in text
    opinion = _text(rendered["bank_opinion"])
    assert "同意发放知识产权质押贷款人民币2,500,000.00元" in opinion and "年利率3.85%" in opinion
    registration = _text(rendered["registration_application"])
    assert "国家知识产权局、国家知识产权局商标局：" in registration
    assert "中山农村商业银行股份有限公司" in registration and "2027年2月16日" in registration
    statement = _text(rendered["pool_statement"])
    assert "69,512,499.98" in statement and "695,124,999.80" in statement


def test_the_display_fonts_hold_every_pledge_title_and_heading():
    """When this fails, a pledge title or heading gained a character: run
    ``python -m ipcenter.cases.pdf_catalogue build-fonts`` and commit templates/pdf/fonts/."""
    from fontTools.ttLib import TTFont

    needed = pdf.display_text(documents.TITLES.values())
    for filename, text in needed.items():
        cmap = TTFont(str(pdf.FONT_DIR / filename))["cmap"].getBestCmap()
        missing = sorted({ch for ch in text if ord(ch) not in cmap})
        assert not missing, f"{filename} lacks {''.join(missing)}: rebuild the fonts"
    # The headings of pledge's own folder are among those the heading font must hold.
    assert set("质押权利分担比例") <= set(needed["ipc-heading.otf"])


def test_the_shared_catalogue_builds_the_fonts_for_pledge_titles_too():
    from ipcenter.cases import pdf_catalogue

    titles = pdf_catalogue.every_title()
    assert set(documents.TITLES.values()) <= set(titles)
    assert "专利侵权纠纷处理决定书" in titles


# ------------------------------------------------------------------------ on real rows

def _application(crew, db):
    right = held_right(db, crew.firm_org)
    return services.file_application(filing(
        crew, [right.id], use_of_funds="LED散热技术研发", use_of_funds_kind="research"),
        crew.firm, NOW, uuid.uuid4().hex)


def test_a_real_document_is_issued_through_the_task_numbered_and_verifiable(db, crew):
    with unit_of_work():
        application = _application(crew, db)  # the filing issues the application form
        (doc,) = application.documents
        assert doc.render_status == "pending" and doc.title == documents.TITLES[
            "application_form"]
    db.session.refresh(doc)  # the eager outbox rendered it after the commit
    assert doc.render_status == "done" and doc.issued_document_id
    assert doc.number == "中知融申字〔2026〕1号"
    record = db.session.get(issued.IssuedDocument, doc.issued_document_id)
    assert record.subject_type == "pledge" and record.subject_id == application.id
    assert record.source == tasks.source_of(doc.id)
    assert issued.find_by_code(record.verify_code) == record
    from ipcenter.core import storage
    content = storage.path_for(record.sha256).read_bytes()
    assert hashlib.sha256(content).hexdigest() == record.sha256
    text = _text(content)
    assert documents.TITLES["application_form"] in text and "中知融申字〔2026〕1号" in text
    assert "1,000,000.03" in text and "壹佰万元零叁分" in text
    assert "ZL202020123456.8" in text and crew.firm_org.name in text
    assert record.verify_code in text
    # Its text was extracted for search from the PDF issued.
    assert doc.text_status == "done" and "质押融资申请表" in re.sub(r"\s+", "", doc.text)
    # A second delivery of the render issues nothing more.
    tasks.render_document.apply(args=[doc.id])
    count = db.session.execute(sa.select(sa.func.count()).select_from(issued.IssuedDocument)
                               .where(issued.IssuedDocument.source == record.source)
                               ).scalar_one()
    assert count == 1
    # The next document takes the next number of its own sequence.
    with unit_of_work():
        second = documents.issue_for(application, "application_form", NOW, crew.fund)
    assert second.number == "中知融申字〔2026〕2号"


# The documents each step of a journey issues (``services.DOCUMENT_HOOKS``); a step not named
# issues none.
ISSUED_AT = {"filed": ["application_form"], "enrol": ["eligibility_opinion"],
             "approve": ["bank_opinion"], "file_registration": ["registration_application"],
             "begin_monitoring": ["repayment_schedule"],
             "file_claim": ["compensation_application"],
             "approve_compensation": ["compensation_approval"],
             "close_recovery": ["recovery_record"]}


def _walk_with_documents(db, application, steps):
    """Each step in a unit of work of its own (its documents rendered after the commit);
    yields the step's name and the documents it issued, rendered and read back."""
    seen = set()
    for name, step in [("filed", lambda a: None), *steps]:
        with unit_of_work():
            step(application)
        db.session.refresh(application)
        new = [d for d in application.documents if d.id not in seen]
        seen.update(d.id for d in new)
        yield name, new


@pytest.mark.parametrize("journey", ["defaulted", "repaid", "declined_by_bank"])
def test_each_step_issues_its_document_and_it_renders(db, crew, journey, caplog):
    """A loan walked through the services issues, at each step of ``DOCUMENT_HOOKS``, that
    step's document — numbered in its own sequence, rendered by the task after the commit,
    its title, number and borrower in the PDF — and no document at any other step. No table
    of any of them loses a cell (WeasyPrint drops a row's cells beyond the table's columns,
    with a warning)."""
    from ipcenter.core import storage
    from ipcenter.pledge import services as pl

    journeys.fund_the_pool(crew)
    steps = {"defaulted": journeys.defaulted(crew), "repaid": journeys.repaid(crew),
             "declined_by_bank": [*journeys.to_review(crew), (
                 "decline", lambda a: pl.decline(a, crew.bank, journeys.at(9), "授信额度不足"))]
             }[journey]
    with unit_of_work():
        application = _application(crew, db)
    db.session.expire_all()
    issued_at = {**ISSUED_AT, "decline": ["bank_opinion"]}
    walked = []
    for name, new in _walk_with_documents(db, application, steps):
        walked.append(name)
        assert [d.template for d in new] == issued_at.get(name, []), name
        for doc in new:
            assert doc.render_status == "done", (name, doc.template)
            assert doc.number.startswith(documents.PREFIXES[doc.template])
            record = db.session.get(issued.IssuedDocument, doc.issued_document_id)
            text = _text(storage.path_for(record.sha256).read_bytes())
            assert documents.TITLES[doc.template] in text and doc.number in text
            assert crew.firm_org.name in text and record.verify_code in text
            assert "None" not in text, doc.template
    assert walked[-1] == steps[-1][0]
    assert not [r.getMessage() for r in caplog.records
                if r.name.startswith("weasyprint") and "columns" in r.getMessage()]
    if journey == "declined_by_bank":
        (opinion,) = [d for d in application.documents if d.template == "bank_opinion"]
        assert documents.document_data(opinion, NOW)["reasons"] == "授信额度不足"


def test_a_decline_before_the_bank_issues_no_opinion(db, crew):
    with unit_of_work():
        application = _application(crew, db)
    for _name, new in _walk_with_documents(db, application,
                                           journeys.declined_at_eligibility(crew)):
        assert [d.template for d in new] in (["application_form"], [])
    assert [d.template for d in application.documents] == ["application_form"]


def test_only_a_pledge_template_is_issued_on_an_application(db, crew):
    application = _application(crew, db)
    for template in ("pool_statement", "decision", ""):
        with pytest.raises(ValueError):
            documents.issue_for(application, template, NOW, crew.fund)


def test_the_compensation_approval_of_a_real_loan_shows_its_split(db, crew):
    from ipcenter.pledge.workflow import S

    application = _application(crew, db)
    application.state = S.COMPENSATION_CLAIMED
    application.claim_amount, application.claim_prepared_by_id = Decimal("1000000.03"), \
        crew.bank.id
    db.session.flush()
    ledger.contribute("central", "40000000.00", crew.fund, NOW)
    split = dict(zip(("pool", "bank", "insurer", "valuer"),
                     map(str, money.allocate(Decimal("1000000.03"), [54, 26, 16, 4]))))
    services.approve_compensation(application, crew.director, NOW, split)
    with unit_of_work():
        doc = documents.issue_for(application, "compensation_approval", NOW, crew.director)
    db.session.refresh(doc)
    assert doc.render_status == "done"
    data = documents.document_data(doc, NOW)
    assert sum(s["amount"] for s in data["split"]) == data["loss"] == Decimal("1000000.03")
    assert data["approved_by"] == crew.director.display_name
    record = db.session.get(issued.IssuedDocument, doc.issued_document_id)
    from ipcenter.core import storage
    text = _text(storage.path_for(record.sha256).read_bytes())
    assert "540,000.02" in text and "260,000.01" in text and "54:26:16:4" in text


def test_the_pool_statement_is_the_months_ledger_rows(db, crew):
    march = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    ledger.contribute("central", "40000000.00", crew.fund, march, posted_on=date(2026, 2, 27))
    ledger.contribute("city", "30000000.00", crew.fund, march, posted_on=date(2026, 3, 2),
                      memo="市级财政资金拨付")
    ledger.post_interest("52500.00", crew.fund, march, posted_on=date(2026, 3, 31))
    ledger.post_interest("9.99", crew.fund, march, posted_on=date(2026, 4, 1))  # April's
    data = documents.statement_data(date(2026, 3, 1))
    assert data["opening_balance"] == Decimal("40000000.00")
    assert [r["amount_in"] for r in data["rows"]] == [Decimal("30000000.00"),
                                                       Decimal("52500.00")]
    assert data["closing_balance"] == Decimal("70052500.00") == ledger.balance(
        on=date(2026, 3, 31))
    assert data["capacity"] == Decimal("700525000.00")
    record = documents.statement("2026-03", NOW, crew.fund)
    assert record.subject_type == documents.SUBJECT_POOL and record.number == \
        "中知融账字〔2026〕1号"
    from ipcenter.core import storage
    text = _text(storage.path_for(record.sha256).read_bytes())
    assert documents.TITLES["pool_statement"] in text
    assert "2026年3月1日至2026年3月31日" in text
    assert "40,000,000.00" in text and "70,052,500.00" in text and "市级财政资金" in text
    assert "9.99" not in text
    # One statement per month: asked again, the same document.
    assert documents.statement(date(2026, 3, 15), NOW, crew.fund) == record


def test_a_statement_of_a_month_not_ended_or_malformed_is_refused(db, crew):
    for month in ("2026-04", "2026-13", "March", None):
        with pytest.raises(InvalidInput):
            documents.statement(month, NOW, crew.fund)
    assert db.session.execute(sa.select(sa.func.count()).select_from(issued.IssuedDocument)
                              ).scalar_one() == 0


@pytest.mark.parametrize("token", ["demo-pledge-5", "demo-pledge-6", "demo-pledge-1"])
def test_every_application_document_renders_from_a_real_loan(demo_db, token):
    """Each template's data built from a loan the real services took through its path (the
    demo's compensated, released and just-filed loans, seeded once for the session):
    rendered by the task, read back."""
    from ipcenter.core import storage
    from ipcenter.pledge.models import PledgeApplication

    db = demo_db
    application = db.session.execute(sa.select(PledgeApplication).filter_by(
        client_token=token)).scalar_one()
    templates = [t for t in documents.TEMPLATES if t != "pool_statement"]
    with unit_of_work():
        docs = [documents.issue_for(application, t, NOW, None) for t in templates]
    for doc in docs:
        db.session.refresh(doc)
        assert doc.render_status == "done", doc.template
        record = db.session.get(issued.IssuedDocument, doc.issued_document_id)
        text = _text(storage.path_for(record.sha256).read_bytes())
        assert documents.TITLES[doc.template] in text and doc.number in text
        assert application.borrowers[0].name in text
        assert "None" not in text, doc.template  # no empty value printed as Python's None
    if token == "demo-pledge-5":
        data = documents.document_data(docs[templates.index("compensation_approval")], NOW)
        assert sum(s["amount"] for s in data["split"]) == data["loss"] == \
            application.claim_amount
        schedule = documents.document_data(docs[templates.index("repayment_schedule")], NOW)
        assert schedule["total_principal"] == application.approved_amount


def test_a_pledge_statement_is_verifiable_by_anyone_at_its_code(client, db, crew):
    ledger.contribute("central", "40000000.00", crew.fund, NOW, posted_on=date(2026, 2, 27))
    record = documents.statement("2026-02", NOW, crew.fund)
    db.session.flush()
    page = client.get(f"/verify/{record.verify_code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert documents.TITLES["pool_statement"] in html and record.number in html
