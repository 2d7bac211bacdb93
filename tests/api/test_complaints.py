"""A complaint through the API is submitted with its documents, as the firm's pages would do it
in two steps: filed, its files stored through the upload path (type read from the bytes, size
limited), submitted (the proof of right required, the acceptance clock started), all in one
unit of work. Refused — the proof missing, a file not a PDF or an image, base64 that is not,
a body too large, a token not a filer's — nothing is written, and the answer is JSON in
Chinese."""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa

from ipcenter.core.models import AuditEvent, StoredFile
from tests.api.conftest import bearer
from tests.conftest import minimal_pdf


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _file(kind="proof_of_right", filename="专利证书.pdf", data=None) -> dict:
    return {"kind": kind, "filename": filename,
            "content_base64": _b64(minimal_pdf() if data is None else data)}


def _body(*files, token="order-20260401-01") -> dict:
    body = {"patent_number": "ZL202020123456.8", "patent_title": "一种LED吸顶灯",
            "claim": "请求责令停止侵权", "facts": "被请求人在电商平台销售侵权产品",
            "respondent": {"name": "中山市某灯饰商行"},
            "files": list(files) if files else [_file()]}
    if token:
        body["client_token"] = token
    return body


def _written(db) -> dict:
    """What a complaint writes: cases, their files, the stored files, the cases' audit rows."""
    from ipcenter.cases.models import Case, CaseDocument

    def count(query):
        return db.session.execute(sa.select(sa.func.count()).select_from(
            query.subquery())).scalar_one()

    return {"cases": count(sa.select(Case.id)), "documents": count(sa.select(CaseDocument.id)),
            "stored": count(sa.select(StoredFile.sha256)),
            "audit": count(sa.select(AuditEvent.id).where(AuditEvent.object_type == "case"))}


@pytest.fixture
def firm_token(crew, issue):
    return issue(crew.firm, "complaints:write")


def test_a_firm_submits_a_complaint_with_its_documents(client, db, crew, firm_token):
    from ipcenter.cases.models import PatentCase
    from ipcenter.cases.patent.workflow import S
    from ipcenter.core import timelimits

    evidence = minimal_pdf() + b"%evidence\n"
    body = _body(_file(), _file("evidence", "购买公证书.pdf", evidence))
    answer = client.post("/api/v1/complaints", headers=bearer(firm_token), json=body)
    assert answer.status_code == 201, answer.get_json()
    filed = answer.get_json()
    case = db.session.get(PatentCase, filed["id"])
    assert case.state == S.SUBMITTED and filed["state"] == S.SUBMITTED
    assert filed["state_label"] == "已提交（待立案）"
    assert case.filed_by_org_id == crew.firm_org.id and case.submitted_at is not None
    assert {(d.kind, d.filename) for d in case.documents} == {
        ("proof_of_right", "专利证书.pdf"), ("evidence", "购买公证书.pdf")}
    assert {d["kind"] for d in filed["documents"]} == {"proof_of_right", "evidence"}
    assert all(d["content_type"] == "application/pdf" for d in filed["documents"])
    clock = timelimits.open_for("case", case.id, "accept")
    assert len(clock) == 1 and filed["acceptance_due_on"] == clock[0].due_on.isoformat()
    assert filed["url"].endswith(f"/cases/{case.id}")
    actions = db.session.execute(sa.select(AuditEvent.action).where(
        AuditEvent.object_type == "case", AuditEvent.object_id == str(case.id))).scalars().all()
    assert {"case.file", "case.upload", "api.case.file"} <= set(actions)
    assert len(actions) > 3  # and the submission's own row

    before = _written(db)
    again = client.post("/api/v1/complaints", headers=bearer(firm_token), json=body)
    assert again.status_code == 201 and again.get_json()["id"] == case.id
    assert again.get_json()["state"] == S.SUBMITTED
    assert _written(db) == before


def test_the_patent_number_is_checked(client, db, firm_token):
    before = _written(db)
    bad = client.post("/api/v1/complaints", headers=bearer(firm_token),
                      json={**_body(token="b" * 9), "patent_number": "ZL202020123456.9"})
    assert bad.status_code == 400 and "校验" in bad.get_json()["error"]
    assert _written(db) == before


def test_without_the_proof_of_right_nothing_is_written(client, db, firm_token):
    before = _written(db)
    answer = client.post("/api/v1/complaints", headers=bearer(firm_token),
                         json=_body(_file("evidence", "公证书.pdf")))
    assert answer.status_code == 422
    assert "权利证明" in answer.get_json()["error"]
    assert _written(db) == before
    no_files = client.post("/api/v1/complaints", headers=bearer(firm_token),
                           json={**_body(), "files": []})
    assert no_files.status_code == 422 and "files" in no_files.get_json()["fields"]
    assert _written(db) == before


@pytest.mark.parametrize("data, words", [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 not a pdf", "不接受此类文件"),
    (b"just some text, named .pdf", "不接受此类文件"),
    (b"%PDF-1.7\nnothing of a PDF after its first line\n", "PDF"),
    (b"PK\x03\x04" + b"\x00" * 40, "不接受此类文件"),
    (b"", "文件为空"),
])
def test_a_file_that_is_not_a_pdf_or_an_image_is_refused(client, db, firm_token, data, words):
    before = _written(db)
    answer = client.post("/api/v1/complaints", headers=bearer(firm_token), json=_body(
        _file(), _file("evidence", "证书.pdf", data)))
    assert answer.status_code == 422, answer.get_json()
    body = answer.get_json()
    assert "证书.pdf" in body["error"] and words in body["error"]
    assert words in body["fields"]["files"]["1"][0]
    assert _written(db) == before


def test_an_image_is_taken(client, db, firm_token):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    answer = client.post("/api/v1/complaints", headers=bearer(firm_token), json=_body(
        _file(), _file("evidence", "截图.png", png)))
    assert answer.status_code == 201, answer.get_json()
    assert "image/png" in {d["content_type"] for d in answer.get_json()["documents"]}


def test_base64_that_is_not_is_refused(client, db, firm_token):
    before = _written(db)
    for text in ("这不是base64", "abc", "QUJD$$$="):
        answer = client.post("/api/v1/complaints", headers=bearer(firm_token), json=_body(
            {"kind": "proof_of_right", "filename": "证书.pdf", "content_base64": text}))
        assert answer.status_code == 422, text
        body = answer.get_json()
        assert body["error"] == "请求内容不符合接口说明。"
        assert "base64" in str(body["fields"]["files"]), body
    assert _written(db) == before
    wrapped = "\n".join(_b64(minimal_pdf())[i:i + 76] for i in range(0, 400, 76))
    assert client.post("/api/v1/complaints", headers=bearer(firm_token), json=_body(
        {"kind": "proof_of_right", "filename": "证书.pdf", "content_base64": wrapped + "x"}),
    ).status_code == 422


def test_a_body_too_large_is_refused_before_anything(app, client, db, firm_token,
                                                    monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)
    before = _written(db)
    large = minimal_pdf() + b"%" + b"x" * (100 * 1024) + b"\n"
    answer = client.post("/api/v1/complaints", headers=bearer(firm_token),
                         json=_body(_file(data=large)))
    assert answer.status_code == 413
    assert answer.mimetype == "application/json" and "大" in answer.get_json()["error"]
    assert _written(db) == before


def test_a_file_over_the_stores_limit_is_refused(app, monkeypatch):
    """The body's limit comes first; the file's own is the store's, checked before storing."""
    from ipcenter.api.views import _check_files
    from ipcenter.core.errors import TooLarge

    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    item = {"kind": "proof_of_right", "filename": "证书.pdf",
            "content_base64": b"%PDF-" + b"x" * 1024}
    with app.test_request_context(), pytest.raises(TooLarge):
        _check_files([item])


def test_a_bank_cannot_file_a_complaint(client, db, crew, issue):
    secret = issue(crew.bank, "applications:read")
    before = _written(db)
    answer = client.post("/api/v1/complaints", headers=bearer(secret), json=_body())
    assert answer.status_code == 403 and answer.get_json()["error"]
    assert _written(db) == before
