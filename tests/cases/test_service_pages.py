"""Service of documents through the case page: 待送达回证 until the receipt is recorded, the
handler's forms, refusals in Chinese with nothing written, and a firm kept out."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from ipcenter.core import timelimits
from ipcenter.matters import serving
from ipcenter.matters.models import ServiceRecord
from tests.cases.conftest import PDF
from tests.cases.test_service_of_documents import paper_case
from tests.conftest import csrf_from, login


@pytest.fixture(autouse=True)
def pinned_clock(app, monkeypatch):
    # Thursday 5 March 2026, the day after the answer notice was issued.
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-05T10:00:00+08:00")


def _post(client, case_id, name, data=None):
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    return client.post(f"/cases/{case_id}/act/{name}",
                       data={"csrf_token": csrf_from(html), **(data or {})},
                       content_type="multipart/form-data")


def test_handler_records_service_and_the_paper_answer(client, db, cast):
    case = paper_case(db, cast)
    db.session.commit()
    (record,) = serving.records(case)
    login(client, "judge1")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="service-unsent"' in page and "尚未发出" in page
    assert 'data-testid="open-send_service"' in page
    assert 'data-testid="open-record_receipt"' not in page

    response = _post(client, case.id, "send_service", {
        "record": str(record.id), "method": "post", "sent_on": "2026-03-05"})
    assert response.status_code == 302
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "待送达回证" in page and "邮寄送达" in page and "2026年3月5日" in page

    # A receipt dated tomorrow is refused, in Chinese, and nothing is written.
    response = _post(client, case.id, "record_receipt", {
        "record": str(record.id), "received_on": "2026-03-06", "received_by": "张三"})
    assert response.status_code == 400
    assert "收到日期不能晚于今天" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).received_on is None
    assert timelimits.open_for("case", case.id, "answer") == []

    response = _post(client, case.id, "record_receipt", {
        "record": str(record.id), "received_on": "2026-03-05", "received_by": "张三",
        "proof": (io.BytesIO(PDF), "回执.pdf")})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(timelimits.open_for("case", case.id, "answer")) == 1
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="service-receipt"' in page and "待送达回证" not in page

    party = case.respondents[0]
    response = _post(client, case.id, "answer_on_paper", {
        "party": str(party.id), "received_on": "2026-03-05",
        "file": (io.BytesIO(PDF + b"%answer"), "答辩书.pdf"), "text": "不构成侵权。"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(party), party.id).statement == "不构成侵权。"
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="open-answer_on_paper"' not in page


def test_a_firm_cannot_record_service(client, db, cast):
    case = paper_case(db, cast)
    db.session.commit()
    (record,) = serving.records(case)
    login(client, "huahui")  # the requester: a party, not a handler
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="open-send_service"' not in page
    response = client.post(f"/cases/{case.id}/act/send_service", data={
        "csrf_token": csrf_from(page), "record": str(record.id), "method": "direct"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).sent_on is None
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceRecord))
    assert count == 1
