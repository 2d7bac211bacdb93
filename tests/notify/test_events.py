"""The events that notify: a case accepted or refused, a document served (and, where the office
asks for it, its receipt acknowledged from the notice: 电子送达), an answer received, a hearing
scheduled, a decision issued — each once, to the people it concerns."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipcenter import matters
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.core import timelimits
from ipcenter.core.clock import local_date
from ipcenter.core.db import db as _db
from ipcenter.core.errors import Conflict, PermissionDenied
from ipcenter.matters import serving
from ipcenter.notify import services as notices
from ipcenter.notify.models import Notice
from tests.cases.conftest import PDF, at, filing, walk
from tests.conftest import login, post_form


def _of(user, event=None):
    query = sa.select(Notice).where(Notice.user_id == user.id)
    if event:
        query = query.where(Notice.event == event)
    return list(_db.session.execute(query.order_by(Notice.id)).scalars())


@pytest.fixture
def acknowledging(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_SERVICE_ACKNOWLEDGE", True)


def test_the_requester_is_told_the_case_is_accepted(db, cast):
    case = walk(db, cast, S.ACCEPTED)
    (notice,) = _of(cast.requester, "case.accept")
    assert case.number in notice.text and notice.url == f"/cases/{case.id}"
    assert _of(cast.judges[0]) == []  # the adjudicator who accepted it is not told


def test_the_requester_is_told_the_case_is_refused(db, cast):
    case = walk(db, cast, S.SUBMITTED)
    services.refuse(case, cast.judges[0], at(1), "不属于本中心管辖。")
    (notice,) = _of(cast.requester, "case.refuse")
    assert "不予受理" in notice.text and _of(cast.respondent) == []


def test_served_through_the_system_the_respondent_is_told(db, cast):
    case = walk(db, cast, S.SERVED)
    (notice,) = _of(cast.respondent, "service.sent")
    assert "送达" in notice.text and notice.action == ""  # received on arrival by default
    assert notice.url == f"/cases/{case.id}"
    (record,) = serving.records(case)
    assert record.received_on == local_date(at(2))


def test_the_answer_and_the_hearing_are_told(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    assert len(_of(cast.judges[1], "case.answer")) == 1
    assert len(_of(cast.requester, "case.answer")) == 1
    assert _of(cast.respondent, "case.answer") == []  # who answered
    services.schedule_hearing(case, cast.judges[0], at(10), at(20), "中心第一听证室")
    assert "中心第一听证室" in _of(cast.requester, "case.hearing")[0].text
    assert len(_of(cast.respondent, "case.hearing")) == 1
    assert len(_of(cast.judges[1], "case.hearing")) == 1
    assert _of(cast.outsider) == []


def test_the_decision_is_told_to_both_parties(db, cast):
    walk(db, cast, S.DECIDED)
    for user in (cast.requester, cast.respondent, cast.judges[0]):
        assert len(_of(user, "case.decision")) == 1
    assert _of(cast.director, "case.decision") == []  # who approved it
    assert _of(cast.outsider) == []


# ---------------------------------------------------------------------------------------------
# 电子送达: acknowledged from the notice


def _served(db, cast):
    case = services.file_complaint(filing(cast), cast.requester, at(0), uuid.uuid4().hex)
    matters.attach(case, "proof_of_right", io.BytesIO(PDF), "证书.pdf", cast.requester, at(0))
    services.submit(case, cast.requester, at(0))
    j1, j2, j3 = cast.judges[:3]
    services.accept(case, j1, at(1), dict.fromkeys(services.CHECKLIST, True))
    services.assign_panel(case, cast.director, at(1), [j1.id, j2.id, j3.id], j1.id)
    services.serve(case, j1, at(2))
    db.session.flush()
    return case


def test_the_acknowledgement_is_the_receipt_and_starts_the_answer_period(db, cast,
                                                                         acknowledging):
    case = _served(db, cast)
    (record,) = serving.records(case)
    assert record.method == "electronic" and record.received_on is None
    assert timelimits.open_for("case", case.id, "answer") == []
    (notice,) = _of(cast.respondent, "service.sent")
    assert notice.action == serving.ACKNOWLEDGE and notice.action_ref == record.id
    assert "确认收到" in notice.text
    # Three days later the respondent acknowledges: that day is the receipt, and the 15 days
    # to answer run from it.
    notices.act(cast.respondent, notice.id, at(5))
    assert record.received_on == local_date(at(5))
    assert cast.respondent.display_name in record.received_by
    (clock,) = timelimits.open_for("case", case.id, "answer")
    assert clock.starts_on == local_date(at(5))
    assert clock.assignee_org_id == cast.respondent.organisation_id
    assert notice.acted_at == at(5) and notice.read_at == at(5)
    # Twice: refused, nothing changes.
    with pytest.raises(Conflict):
        notices.act(cast.respondent, notice.id, at(6))
    with pytest.raises(Conflict):
        serving.acknowledge(record.id, cast.respondent, at(6))
    assert record.received_on == local_date(at(5))


def test_only_the_party_served_may_acknowledge(db, cast, acknowledging):
    case = _served(db, cast)
    (record,) = serving.records(case)
    for someone in (cast.requester, cast.outsider, cast.judges[0]):
        with pytest.raises(PermissionDenied):
            serving.acknowledge(record.id, someone, at(5))
    assert record.received_on is None
    assert timelimits.open_for("case", case.id, "answer") == []


def test_acknowledging_on_the_page(client, db, cast, acknowledging):
    case = _served(db, cast)
    (notice,) = _of(cast.respondent, "service.sent")
    login(client, cast.outsider.username)
    assert post_form(client, f"/notices/{notice.id}/act", {},
                     page="/notices").status_code == 404
    post_form(client, "/logout", {}, page="/notices")
    login(client, cast.respondent.username)
    page = client.get("/notices").get_data(as_text=True)
    assert f'data-testid="act-{notice.id}"' in page and "确认收到" in page
    response = post_form(client, f"/notices/{notice.id}/act", {}, page="/notices")
    assert response.status_code == 302
    (record,) = serving.records(case)
    _db.session.refresh(record)
    assert record.received_on is not None
    assert timelimits.open_for("case", case.id, "answer")
    page = client.get("/notices").get_data(as_text=True)
    assert f'data-testid="act-{notice.id}"' not in page
    again = post_form(client, f"/notices/{notice.id}/act", {}, page="/notices")
    assert again.status_code == 409
    assert "已经办理过了" in again.get_data(as_text=True)


def test_a_receipt_the_handler_recorded_cannot_be_acknowledged_again(db, cast,
                                                                    acknowledging):
    case = _served(db, cast)
    (record,) = serving.records(case)
    serving.receive(case, record.id, local_date(at(3)), "明耀照明 张三", cast.judges[0], at(3))
    (notice,) = _of(cast.respondent, "service.sent")
    with pytest.raises(Conflict):
        notices.act(cast.respondent, notice.id, at(4) + timedelta(hours=1))
    assert record.received_on == local_date(at(3))
