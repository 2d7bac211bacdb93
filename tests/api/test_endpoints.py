"""The endpoints through the real services: a bank's token sees its bank's applications only
(another bank's is a 404, audited), records its decision and the repayments (audited, with the
token named); anyone checks a code; the director's token reads the statistics; too many
requests are a 429; every refusal is JSON. A firm's complaint: ``test_complaints``."""

from __future__ import annotations

import sqlalchemy as sa

from ipcenter.core.models import AuditEvent
from ipcenter.pledge.workflow import S
from tests.api.conftest import bearer


def _actions(db, *names):
    return db.session.execute(sa.select(AuditEvent.action).where(
        AuditEvent.action.in_(names))).scalars().all()


def test_a_bank_lists_only_its_applications(client, db, crew, in_review, issue, pinned):
    mine = issue(crew.bank, "applications:read")
    theirs = issue(crew.other_bank, "applications:read")
    listed = client.get("/api/v1/applications", headers=bearer(mine)).get_json()
    assert [a["id"] for a in listed["items"]] == [in_review.id]
    assert listed["items"][0]["state"] == S.BANK_REVIEW
    assert listed["items"][0]["state_label"] == "银行审贷"
    assert listed["total"] == 1
    assert client.get("/api/v1/applications", headers=bearer(theirs)).get_json()["items"] == []
    one = client.get(f"/api/v1/applications/{in_review.id}", headers=bearer(mine))
    assert one.status_code == 200 and one.get_json()["borrower"] == crew.firm_org.name
    other = client.get(f"/api/v1/applications/{in_review.id}", headers=bearer(theirs))
    assert other.status_code == 404 and other.get_json()["error"]
    assert _actions(db, "permission.refused")
    assert client.get("/api/v1/applications/999999", headers=bearer(mine)).status_code == 404


def test_the_bank_approves(client, db, crew, in_review, issue, pinned):
    secret = issue(crew.bank, "applications:read", "applications:write")
    answer = client.post(f"/api/v1/applications/{in_review.id}/decision", headers=bearer(
        secret), json={"decision": "approve", "amount": "1000000.03", "rate": "0.0385",
                       "term_months": 12, "checklist": ["legal_status", "disputes",
                                                        "existing_pledges", "valuation", "ltv",
                                                        "credit", "cover", "headroom"]})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["state"] == S.APPROVED
    db.session.refresh(in_review)
    assert in_review.state == S.APPROVED and in_review.decided_by_id == crew.bank.id
    assert str(in_review.approved_amount) == "1000000.03"
    assert set(_actions(db, "api.pledge.approve")) == {"api.pledge.approve"}
    again = client.post(f"/api/v1/applications/{in_review.id}/decision", headers=bearer(
        secret), json={"decision": "decline", "reason": "再议"})
    assert again.status_code == 409 and "银行审贷" not in again.get_json()["error"]


def test_an_incomplete_checklist_is_refused_in_chinese(client, db, crew, in_review, issue,
                                                       pinned):
    secret = issue(crew.bank, "applications:write")
    answer = client.post(f"/api/v1/applications/{in_review.id}/decision", headers=bearer(
        secret), json={"decision": "approve", "amount": "1000000.03", "rate": "0.0385",
                       "term_months": 12, "checklist": ["ltv"]})
    assert answer.status_code == 409
    assert answer.get_json()["error"]
    db.session.refresh(in_review)
    assert in_review.state == S.BANK_REVIEW


def test_the_bank_declines(client, db, crew, in_review, issue, pinned):
    secret = issue(crew.bank, "applications:write")
    answer = client.post(f"/api/v1/applications/{in_review.id}/decision",
                         headers=bearer(secret), json={"decision": "decline",
                                                       "reason": "企业征信存在不良记录"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["decline_reason"] == "企业征信存在不良记录"
    assert _actions(db, "api.pledge.decline")


def test_another_bank_cannot_decide(client, db, crew, in_review, issue, pinned):
    secret = issue(crew.other_bank, "applications:write")
    answer = client.post(f"/api/v1/applications/{in_review.id}/decision",
                         headers=bearer(secret), json={"decision": "decline", "reason": "x"})
    assert answer.status_code == 404
    db.session.refresh(in_review)
    assert in_review.state == S.BANK_REVIEW


def test_the_bank_posts_a_repayment(client, db, crew, repaying, issue, pinned):
    pinned(60)
    secret = issue(crew.bank, "applications:write")
    first = min(repaying.instalments, key=lambda i: i.seq)
    answer = client.post(f"/api/v1/applications/{repaying.id}/repayments",
                         headers=bearer(secret),
                         json={"seq": first.seq, "paid_on": first.due_on.isoformat()})
    assert answer.status_code == 201, answer.get_json()
    paid = answer.get_json()["instalments"][0]
    assert paid["paid_on"] == first.due_on.isoformat()
    assert _actions(db, "pledge.payment") and _actions(db, "api.pledge.payment")
    twice = client.post(f"/api/v1/applications/{repaying.id}/repayments",
                        headers=bearer(secret),
                        json={"seq": first.seq, "paid_on": first.due_on.isoformat()})
    assert twice.status_code == 409 and twice.get_json()["error"]
    unknown = client.post(f"/api/v1/applications/{repaying.id}/repayments",
                          headers=bearer(secret), json={"seq": 999, "paid_on": "2026-06-01"})
    assert unknown.status_code == 400 and unknown.get_json()["error"]


def test_a_repayment_before_the_loan_is_a_conflict(client, crew, in_review, issue, pinned):
    secret = issue(crew.bank, "applications:write")
    answer = client.post(f"/api/v1/applications/{in_review.id}/repayments",
                         headers=bearer(secret), json={"seq": 1, "paid_on": "2026-05-01"})
    assert answer.status_code == 409 and answer.get_json()["error"]


def test_a_body_that_does_not_match_is_422_with_the_fields(client, crew, in_review, issue,
                                                            pinned):
    secret = issue(crew.bank, "applications:write")
    answer = client.post(f"/api/v1/applications/{in_review.id}/decision",
                         headers=bearer(secret), json={"decision": "maybe", "extra": 1})
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["error"] == "请求内容不符合接口说明。"
    assert {"decision", "extra"} <= set(body["fields"])


def _issued(db, now, **changes):
    from ipcenter.core import documents, storage
    from tests.conftest import minimal_pdf

    saved = storage.save_bytes(minimal_pdf(), "决定书.pdf", allowed=frozenset({storage.PDF}))
    row = documents.IssuedDocument(
        verify_code=documents.new_code(), template="test", title="专利侵权纠纷处理决定书",
        number="中市监知裁字〔2026〕1号", office="中山市市场监督管理局", subject_type="case",
        subject_id=1, sha256=saved.sha256, size=saved.size, issued_at=now, **changes)
    db.session.add(row)
    db.session.commit()
    return row


def test_anyone_checks_a_code(client, db):
    from tests.pledge.journeys import at

    issued = _issued(db, at(0))
    answer = client.get(f"/api/v1/verify/{issued.verify_code}")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "valid" and body["document"]["sha256"] == issued.sha256
    assert body["document"]["number"] == "中市监知裁字〔2026〕1号"
    assert client.get(f"/api/v1/verify/{issued.verify_code.lower()}").status_code == 200
    revoked = _issued(db, at(0), revoked_at=at(1))
    assert client.get(f"/api/v1/verify/{revoked.verify_code}").get_json()["status"] == "revoked"
    unknown = client.get("/api/v1/verify/ABCD-EFGH-JKLM")
    assert unknown.status_code in (400, 404) and unknown.get_json()["error"]
    malformed = client.get("/api/v1/verify/garbage")
    assert malformed.status_code == 400 and "核验码" in malformed.get_json()["error"]


def test_the_director_reads_the_statistics(client, crew, issue):
    secret = issue(crew.director, "statistics:read")
    answer = client.get("/api/v1/statistics?year=2026", headers=bearer(secret))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["period_start"] == "2026-01-01" and "patent_filed" in body["cases"]
    assert client.get("/api/v1/statistics?year=1800",
                      headers=bearer(secret)).status_code == 400
    bank = issue(crew.bank, "applications:read")
    assert client.get("/api/v1/statistics", headers=bearer(bank)).status_code == 403


def test_the_rate_limit_is_per_token(app, client, crew, issue, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_API_RATE_LIMIT", "3 per minute")
    one, two = issue(crew.bank, "applications:read"), issue(crew.other_bank, "applications:read")
    statuses = [client.get("/api/v1/applications", headers=bearer(one)).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/applications", headers=bearer(one))
    assert refused.status_code == 429 and refused.mimetype == "application/json"
    assert refused.get_json()["error"] == "请求过于频繁，请稍后再试。"
    assert client.get("/api/v1/applications", headers=bearer(two)).status_code == 200


def test_no_refusal_is_html(client):
    for method, path in [("GET", "/api/v1/nowhere"), ("DELETE", "/api/v1/applications"),
                         ("GET", "/api/v1/applications/99999999999999"),
                         ("GET", "/api/v1/applications?page=abc"),
                         ("GET", "/api/v1/verify/ABCDEFGHJKLM?x=%00"),
                         ("POST", "/api/v1/complaints")]:
        answer = client.open(path, method=method)
        assert 400 <= answer.status_code < 500, (path, answer.status_code)
        assert answer.mimetype == "application/json", path
        assert answer.get_json()["error"], path
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_the_document_and_its_page(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/applications/{application_id}/decision" in spec["paths"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/complaints" in html and "cdn" not in html.lower()
