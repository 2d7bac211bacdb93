"""Files on a pledge application, through the application page on a real database and real
files: each side adds the kinds of file its side may (the firm, its bank, the valuer and the
insurer as parties; the fund manager as the handler), and no one else does; a malformed or
oversized file is refused in Chinese with nothing written; the file is downloaded by exactly
those who may open it, and its text is found by search for them and not for another bank."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from ipcenter import matters, search
from ipcenter.auth.policy import can, principals
from ipcenter.core.errors import InvalidInput
from ipcenter.core.models import AuditEvent
from ipcenter.pledge.models import PledgeDocument
from ipcenter.pledge.search import FILE_KIND
from tests.conftest import csrf_from, minimal_pdf
from tests.pledge.conftest import NOW, held_right
from tests.pledge.journeys import patent_number
from tests.pledge.test_pages import enrolled, filed, login, text
from tests.search.helpers import all_keys

FIXED = "2026-04-01T10:00:00+08:00"


@pytest.fixture(autouse=True)
def _fixed_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", FIXED)


def text_pdf(words: str) -> bytes:
    """A real one-page PDF whose text layer says ``words`` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({words}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
         b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def upload(client, application_id, kind, content=None, name="财务报表.pdf"):
    page = text(client.get(f"/pledge/{application_id}"))
    return client.post(f"/pledge/{application_id}/act/upload", data={
        "csrf_token": csrf_from(page), "kind": kind,
        "file": (io.BytesIO(content if content is not None else minimal_pdf()), name)},
        content_type="multipart/form-data")


def files_of(db, application_id):
    db.session.expire_all()
    return db.session.execute(sa.select(PledgeDocument).where(
        PledgeDocument.application_id == application_id,
        PledgeDocument.template.is_(None)).order_by(PledgeDocument.id)).scalars().all()


# ---------------------------------------------------------------------------------------------
# Who adds what


@pytest.mark.parametrize(("who", "kind"), [
    ("firm", "financial_statements"), ("firm", "credit_authorisation"),
    ("bank", "loan_contract"), ("valuer", "valuation_report"),
    ("insurer", "other"), ("fund", "claim_evidence"), ("fund", "valuation_report")])
def test_each_side_adds_the_files_of_its_side(client, db, crew, who, kind):
    application = enrolled(db, crew)
    login(client, getattr(crew, who).username)
    page = text(client.get(f"/pledge/{application.id}"))
    assert 'data-testid="form-upload"' in page and f'value="{kind}"' in page
    response = upload(client, application.id, kind,
                      minimal_pdf() + f"%{who}{kind}".encode())
    assert response.status_code == 302, text(response)[:800]
    (doc,) = files_of(db, application.id)
    assert doc.kind == kind and doc.uploaded_by_id == getattr(crew, who).id
    assert doc.content_type == "application/pdf" and doc.text_status in ("done", "ocr", "failed")
    assert db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "pledge.upload",
        AuditEvent.object_id == str(application.id))).scalars().first() is not None
    page = text(client.get(f"/pledge/{application.id}"))
    assert f'href="/pledge/{application.id}/documents/{doc.id}"' in page
    assert "已添加材料" in page                # the timeline names the step …
    assert "pledge.upload" not in page and "document.issue" not in page   # … not its code


def test_the_form_offers_each_side_only_its_kinds(client, db, crew):
    application = enrolled(db, crew)
    login(client, crew.fund.username)
    page = text(client.get(f"/pledge/{application.id}"))
    assert 'value="claim_evidence"' in page and 'value="financial_statements"' not in page
    login(client, crew.firm.username)
    page = text(client.get(f"/pledge/{application.id}"))
    assert 'value="financial_statements"' in page and 'value="claim_evidence"' in page


def test_the_fund_manager_may_not_add_a_partys_kind(client, db, crew):
    application = enrolled(db, crew)
    login(client, crew.fund.username)
    response = upload(client, application.id, "financial_statements")
    assert response.status_code == 400 and "不是有效的选择" in text(response)
    assert files_of(db, application.id) == []
    # The kernel refuses it too, whatever the form offered.
    with pytest.raises(InvalidInput):
        matters.attach(application, "financial_statements", io.BytesIO(minimal_pdf()),
                       "报表.pdf", crew.fund, NOW)


@pytest.mark.parametrize("who", ["other_bank", "other_firm", "director", "examiner"])
def test_no_one_else_adds_a_file(client, db, crew, make_user, make_org, who):
    application = enrolled(db, crew)
    user = {"other_bank": lambda: crew.other_bank, "director": lambda: crew.director,
            "other_firm": lambda: make_user("firm", org=make_org("firm")),
            "examiner": lambda: make_user("examiner")}[who]()
    assert not can(user, "pledge.upload", application)
    login(client, user.username)
    token = csrf_from(text(client.get("/dashboard")))   # a valid form token, of the session
    response = client.post(f"/pledge/{application.id}/act/upload", data={
        "csrf_token": token, "kind": "other", "file": (io.BytesIO(minimal_pdf()), "x.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 403
    assert files_of(db, application.id) == []


def test_the_bank_adds_nothing_before_the_application_is_sent_to_it(client, db, crew):
    application = filed(db, crew)
    assert not can(crew.bank, "pledge.upload", application)
    assert can(crew.firm, "pledge.upload", application)
    login(client, crew.bank.username)
    response = client.post(f"/pledge/{application.id}/act/upload", data={
        "csrf_token": csrf_from(text(client.get("/dashboard"))), "kind": "loan_contract",
        "file": (io.BytesIO(minimal_pdf()), "合同.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 403 and files_of(db, application.id) == []


# ---------------------------------------------------------------------------------------------
# Bad files


def test_a_malformed_file_is_refused_in_chinese_and_nothing_written(client, db, crew):
    application = enrolled(db, crew)
    login(client, crew.firm.username)
    response = upload(client, application.id, "financial_statements",
                      b"\x7fELF\x02\x01\x01 not a pdf", "报表.pdf")
    assert response.status_code == 400 and "不接受此类文件" in text(response)
    assert 'data-testid="form-upload"' in text(response)
    assert files_of(db, application.id) == []


def test_a_file_without_a_kind_is_refused_and_nothing_written(client, db, crew):
    application = enrolled(db, crew)
    login(client, crew.firm.username)
    response = upload(client, application.id, "")
    assert response.status_code == 400 and files_of(db, application.id) == []


def test_an_oversized_file_is_refused_and_nothing_written(client, db, crew, monkeypatch):
    application = enrolled(db, crew)
    login(client, crew.firm.username)
    page = text(client.get(f"/pledge/{application.id}"))
    monkeypatch.setitem(client.application.config, "MAX_CONTENT_LENGTH", 2048)
    response = client.post(f"/pledge/{application.id}/act/upload", data={
        "csrf_token": csrf_from(page), "kind": "financial_statements",
        "file": (io.BytesIO(minimal_pdf() + b"0" * 4096), "大文件.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 413 and "大" in text(response)
    assert files_of(db, application.id) == []


def test_no_file_is_added_once_the_application_is_closed(client, db, crew):
    application = filed(db, crew)
    login(client, crew.firm.username)
    page = text(client.get(f"/pledge/{application.id}"))
    application.state = "pl_withdrawn"
    db.session.flush()
    assert 'data-testid="form-upload"' not in text(client.get(f"/pledge/{application.id}"))
    response = client.post(f"/pledge/{application.id}/act/upload", data={
        "csrf_token": csrf_from(page), "kind": "other",
        "file": (io.BytesIO(minimal_pdf()), "x.pdf")}, content_type="multipart/form-data")
    assert response.status_code in (400, 409) and files_of(db, application.id) == []


# ---------------------------------------------------------------------------------------------
# Opening and finding a file


def test_a_file_is_downloaded_by_who_sees_the_application_and_the_centres_by_the_centre(
        client, db, crew, make_user, make_org):
    application = enrolled(db, crew)
    login(client, crew.firm.username)
    content = minimal_pdf() + b"%statements"
    assert upload(client, application.id, "financial_statements", content).status_code == 302
    login(client, crew.fund.username)
    assert upload(client, application.id, "claim_evidence",
                  minimal_pdf() + b"%evidence").status_code == 302
    statements, evidence = files_of(db, application.id)
    url = f"/pledge/{application.id}/documents/{statements.id}"
    for user in (crew.firm, crew.bank, crew.fund, crew.director):
        login(client, user.username)
        response = client.get(url)
        assert response.status_code == 200 and response.data == content, user.username
        response.close()
    assert db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "document.download", AuditEvent.object_type == "pledge")
    ).scalars().first() is not None
    for user in (crew.other_bank, make_user("firm", org=make_org("firm"))):
        login(client, user.username)
        assert client.get(url).status_code == 403
    # The claim's evidence is the centre's: the firm neither sees it listed nor opens it.
    login(client, crew.firm.username)
    page = text(client.get(f"/pledge/{application.id}"))
    assert f"/documents/{evidence.id}" not in page and f"/documents/{statements.id}" in page
    assert client.get(f"/pledge/{application.id}/documents/{evidence.id}").status_code == 403
    # A document of another application is not found under this one.
    other = filed(db, crew, right=held_right(db, crew.firm_org, patent_number(7)))
    assert client.get(f"/pledge/{other.id}/documents/{statements.id}").status_code == 404


def test_the_uploaded_pdfs_text_is_found_by_the_firm_and_not_by_another_bank(client, db, crew):
    application = enrolled(db, crew)
    login(client, crew.firm.username)
    response = upload(client, application.id, "financial_statements",
                      text_pdf("Huahui balance sheet QUASARLEDGER 2025"), "资产负债表.pdf")
    assert response.status_code == 302
    (doc,) = files_of(db, application.id)
    assert doc.text_status == "done" and "QUASARLEDGER" in doc.text
    key = f"{FILE_KIND}:{doc.id}"
    index = search.current_index()
    assert key in all_keys(index, "QUASARLEDGER", principals(crew.firm))
    assert key in all_keys(index, "QUASARLEDGER", principals(crew.fund))
    assert key in all_keys(index, "QUASARLEDGER", principals(crew.bank))
    assert key not in all_keys(index, "QUASARLEDGER", principals(crew.other_bank))
