"""Service of documents (送达) on both case kinds: the answer and statement periods run from the
recorded receipt; a paper-served party's answer or statement is recorded by the handler; bad
input refused with nothing written. Real database, real dates."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.workflow import TS
from ipcenter.core import timelimits
from ipcenter.core.errors import Conflict, InvalidInput, InvalidTransition
from ipcenter.core.models import Deadline
from ipcenter.matters import PartyData, serving
from ipcenter.matters.models import ServiceRecord
from tests.cases.conftest import PDF, at, filing
from tests.cases.trademark.test_trademark import complaint, findings

PAPER = PartyData(name="中山市小榄镇某某灯具经营部", address="中山市小榄镇升平中路1号")


def beijing(y, m, d, hour=10):
    return datetime(y, m, d, hour - 8, tzinfo=timezone.utc)


def paper_case(db, cast):
    """A patent complaint against a respondent without an account, accepted and served (the
    answer notice issued on Wednesday 4 March 2026)."""
    data = filing(cast)
    data.respondents = [PAPER]
    case = services.file_complaint(data, cast.requester, at(0), uuid.uuid4().hex)
    from ipcenter import matters

    matters.attach(case, "proof_of_right", io.BytesIO(PDF), "证书.pdf", cast.requester, at(0))
    services.submit(case, cast.requester, at(0))
    j1, j2, j3 = cast.judges[:3]
    services.accept(case, j1, at(1), dict.fromkeys(services.CHECKLIST, True))
    services.assign_panel(case, cast.director, at(1), [j1.id, j2.id, j3.id], j1.id)
    services.serve(case, j1, at(2))
    db.session.flush()
    return case


def counts(db):
    return (db.session.scalar(sa.select(sa.func.count()).select_from(ServiceRecord)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Deadline)))


# ------------------------------------------------------------------------- the patent answer

def test_paper_respondent_has_no_answer_clock_until_receipt(db, cast):
    case = paper_case(db, cast)
    assert case.state == S.SERVED
    assert timelimits.open_for("case", case.id, "answer") == []
    (record,) = serving.records(case)
    assert record.sent_on is None and record.opens == "answer"
    # Awaiting service is itself a clock: send within 5 working days.
    (wait,) = timelimits.open_for("case", case.id, "service")
    assert wait.due_on == date(2026, 3, 11)
    # Nothing runs, so nothing has ended: examination cannot begin on the answer period.
    with pytest.raises(Conflict, match="待送达回证"):
        services.begin_examination(case, cast.judges[0], at(40))
    assert case.state == S.SERVED


def test_answer_period_runs_from_the_recorded_receipt(db, cast):
    case = paper_case(db, cast)
    j1 = cast.judges[0]
    (record,) = serving.records(case)
    serving.send(case, record.id, "post", date(2026, 3, 5), j1, beijing(2026, 3, 5))
    (proof,) = timelimits.open_for("case", case.id, "service")
    assert proof.title.startswith("送达回证") and proof.due_on == date(2026, 3, 20)
    serving.receive(case, record.id, date(2026, 3, 9), "张三（经营者本人）", j1,
                    beijing(2026, 3, 10), proof=(io.BytesIO(PDF), "回执.pdf"))
    (answer,) = timelimits.open_for("case", case.id, "answer")
    # 15 days from receipt on 9 March (收到之日起), not from the notice of 4 March.
    assert answer.starts_on == date(2026, 3, 9) and answer.due_on == date(2026, 3, 24)
    assert timelimits.open_for("case", case.id, "service") == []
    receipt = next(d for d in case.documents if d.id == record.receipt_document_id)
    assert receipt.template == "service_receipt" and receipt.title == "送达回证"
    assert receipt.number == case.number


def test_respondent_with_account_is_served_through_the_system_at_once(db, cast):
    data = filing(cast)
    case = services.file_complaint(data, cast.requester, at(0), uuid.uuid4().hex)
    from ipcenter import matters

    matters.attach(case, "proof_of_right", io.BytesIO(PDF), "证书.pdf", cast.requester, at(0))
    services.submit(case, cast.requester, at(0))
    j1, j2, j3 = cast.judges[:3]
    services.accept(case, j1, at(1), dict.fromkeys(services.CHECKLIST, True))
    services.assign_panel(case, cast.director, at(1), [j1.id, j2.id, j3.id], j1.id)
    services.serve(case, j1, at(2))
    (record,) = serving.records(case)
    assert record.method == "electronic" and record.consent
    assert record.received_on == date(2026, 3, 4)
    (answer,) = timelimits.open_for("case", case.id, "answer")
    assert answer.assignee_org_id == cast.respondent.organisation_id


@pytest.mark.parametrize("sent, received, message", [
    (date(2026, 3, 6), date(2026, 3, 5), "不能早于发出日期"),
    (date(2026, 3, 5), date(2026, 3, 20), "不能晚于今天"),
])
def test_bad_receipt_refused_and_nothing_written(db, cast, sent, received, message):
    case = paper_case(db, cast)
    j1 = cast.judges[0]
    (record,) = serving.records(case)
    serving.send(case, record.id, "direct", sent, j1, beijing(2026, 3, 6))
    db.session.flush()
    before = counts(db)
    with pytest.raises(InvalidInput) as refused:
        serving.receive(case, record.id, received, "张三", j1, beijing(2026, 3, 10))
    assert message in str(refused.value.message)
    db.session.refresh(record)
    assert record.received_on is None and counts(db) == before
    assert timelimits.open_for("case", case.id, "answer") == []


def test_bad_sending_refused(db, cast):
    case = paper_case(db, cast)
    j1 = cast.judges[0]
    (record,) = serving.records(case)
    with pytest.raises(InvalidInput):
        serving.send(case, record.id, "pigeon", None, j1, beijing(2026, 3, 5))
    with pytest.raises(InvalidInput):
        serving.send(case, record.id, "post", date(2026, 3, 9), j1, beijing(2026, 3, 5))
    with pytest.raises(InvalidInput):  # before the notice was made
        serving.send(case, record.id, "post", date(2026, 3, 3), j1, beijing(2026, 3, 5))
    with pytest.raises(InvalidInput):  # electronic without the party's consent
        serving.send(case, record.id, "electronic", None, j1, beijing(2026, 3, 5))
    with pytest.raises(InvalidInput):  # receipt before sending
        serving.receive(case, record.id, date(2026, 3, 5), "张三", j1, beijing(2026, 3, 5))
    assert record.sent_on is None and record.method is None
    serving.send(case, record.id, "post", None, j1, beijing(2026, 3, 5))
    with pytest.raises(Conflict):
        serving.send(case, record.id, "post", None, j1, beijing(2026, 3, 5))


def test_receipt_recorded_twice_refused(db, cast):
    case = paper_case(db, cast)
    j1 = cast.judges[0]
    (record,) = serving.records(case)
    serving.send(case, record.id, "direct", None, j1, beijing(2026, 3, 5))
    serving.receive(case, record.id, date(2026, 3, 5), "张三", j1, beijing(2026, 3, 5))
    before = counts(db)
    with pytest.raises(Conflict):
        serving.receive(case, record.id, date(2026, 3, 5), "张三", j1, beijing(2026, 3, 6))
    assert counts(db) == before
    assert len(timelimits.open_for("case", case.id, "answer")) == 1


def test_public_notice_deemed_served_after_its_period(db, cast):
    case = paper_case(db, cast)
    j1 = cast.judges[0]
    (record,) = serving.records(case)
    serving.send(case, record.id, "public", date(2026, 3, 5), j1, beijing(2026, 3, 5))
    assert serving.deemed_on(record) == date(2026, 4, 4)  # 民事诉讼法 Art. 95: 30 days
    with pytest.raises(InvalidInput):
        serving.receive(case, record.id, None, "", j1, beijing(2026, 4, 3), deemed=True)
    serving.receive(case, record.id, None, "", j1, beijing(2026, 4, 7), deemed=True)
    assert record.deemed and record.received_on == date(2026, 4, 4)
    (answer,) = timelimits.open_for("case", case.id, "answer")
    assert answer.starts_on == date(2026, 4, 4)


def test_direct_service_cannot_be_deemed(db, cast):
    case = paper_case(db, cast)
    j1 = cast.judges[0]
    (record,) = serving.records(case)
    serving.send(case, record.id, "direct", None, j1, beijing(2026, 3, 5))
    with pytest.raises(InvalidInput):
        serving.receive(case, record.id, None, "", j1, beijing(2026, 5, 5), deemed=True)


def test_post_deemed_period_is_configurable(app, db, cast):
    case = paper_case(db, cast)
    j1 = cast.judges[0]
    (record,) = serving.records(case)
    serving.send(case, record.id, "post", date(2026, 3, 5), j1, beijing(2026, 3, 5))
    assert serving.deemed_on(record) == date(2026, 3, 20)
    app.config["IPCENTER_SERVICE_PERIODS"] = {"deemed.post": "7d"}
    try:
        assert serving.deemed_on(record) == date(2026, 3, 12)
    finally:
        app.config.pop("IPCENTER_SERVICE_PERIODS")


def test_handler_records_the_paper_answer(db, cast):
    case = paper_case(db, cast)
    j1 = cast.judges[0]
    (record,) = serving.records(case)
    serving.send(case, record.id, "direct", None, j1, beijing(2026, 3, 5))
    serving.receive(case, record.id, date(2026, 3, 5), "张三", j1, beijing(2026, 3, 5))
    party = case.respondents[0]
    services.answer_on_paper(case, j1, beijing(2026, 3, 12), serving.PaperFiling(
        party.id, date(2026, 3, 11), io.BytesIO(PDF), "答辩书.pdf", "被诉产品系自行设计。"))
    assert party.statement == "被诉产品系自行设计。"
    assert party.answered_at.astimezone(timezone.utc).date() == date(2026, 3, 11)
    assert timelimits.open_for("case", case.id, "answer") == []
    scan = [d for d in case.documents if d.kind == "answer"]
    assert scan and scan[0].party_id == party.id and scan[0].uploaded_by_id == j1.id
    services.begin_examination(case, j1, beijing(2026, 3, 12))
    assert case.state == S.EXAMINATION
    with pytest.raises(Conflict):
        services.answer_on_paper(case, j1, beijing(2026, 3, 12), serving.PaperFiling(
            party.id, date(2026, 3, 11), io.BytesIO(PDF), "答辩书.pdf"))


@pytest.mark.parametrize("received, filename", [
    (date(2026, 3, 20), "答辩书.pdf"),   # in the future
    (date(2026, 3, 1), "答辩书.pdf"),    # before the case was accepted
    (date(2026, 3, 11), ""),             # no scan
])
def test_bad_paper_answer_refused_and_nothing_written(db, cast, received, filename):
    case = paper_case(db, cast)
    party = case.respondents[0]
    documents = len(case.documents)
    with pytest.raises(InvalidInput):
        services.answer_on_paper(case, cast.judges[0], beijing(2026, 3, 12), serving.PaperFiling(
            party.id, received, io.BytesIO(PDF), filename))
    assert party.answered_at is None and len(case.documents) == documents


def test_paper_answer_not_for_a_party_with_an_account(db, cast):
    from tests.cases.conftest import walk

    case = walk(db, cast, S.SERVED)
    party = case.respondents[0]
    with pytest.raises(InvalidInput):
        services.answer_on_paper(case, cast.judges[0], at(3), serving.PaperFiling(
            party.id, date(2026, 3, 4), io.BytesIO(PDF), "答辩书.pdf"))
    with pytest.raises(InvalidInput):  # the requester is not a respondent
        services.answer_on_paper(case, cast.judges[0], at(3), serving.PaperFiling(
            case.requesters[0].id, date(2026, 3, 4), io.BytesIO(PDF), "答辩书.pdf"))


def test_record_of_another_case_refused(db, cast):
    one, other = paper_case(db, cast), paper_case(db, cast)
    (record,) = serving.records(other)
    with pytest.raises(InvalidInput):
        serving.send(one, record.id, "direct", None, cast.judges[0], beijing(2026, 3, 5))
    assert record.sent_on is None


# --------------------------------------------------------------------- the trademark statement

def tm_paper_case(cast, officers):
    case = tm.file_complaint(complaint(cast), cast.requester, at(0), uuid.uuid4().hex)
    case.parties.remove(case.respondents[0])
    from ipcenter.cases.models import CaseParty
    from ipcenter.matters.models import PartyRole

    case.parties.append(CaseParty(role=PartyRole.RESPONDENT, name=PAPER.name,
                                  address=PAPER.address))
    tm.submit(case, cast.requester, at(0))
    tm.verify(case, officers[0], at(1))
    tm.assign_officers(case, officers[0], at(1), [officers[0].id, officers[1].id],
                       officers[0].id)
    tm.open_case(case, officers[0], at(2))
    tm.record_findings(case, officers[0], at(10), findings())
    tm.propose_penalty(case, officers[0], at(10), "100000", "8000")
    tm.close_investigation(case, officers[0], at(11))
    tm.complete_review(case, cast.director, at(14), "事实清楚，证据确凿，适用法律正确。")
    return case


def test_statement_period_runs_from_the_served_notice(db, cast, officers):
    case = tm_paper_case(cast, officers)
    assert case.state == TS.PRIOR_NOTICE
    assert timelimits.open_for("case", case.id, "statement") == []
    with pytest.raises(InvalidTransition):  # the 5 working days have not begun
        tm.close_statements(case, officers[0], at(40))
    (record,) = serving.records(case)
    assert record.document_title == "行政处罚告知书"
    serving.send(case, record.id, "leave", date(2026, 3, 17), officers[0], beijing(2026, 3, 17))
    serving.receive(case, record.id, date(2026, 3, 17), "经营者拒收，见证人：社区工作人员李四",
                    officers[0], beijing(2026, 3, 17))
    (statement,) = timelimits.open_for("case", case.id, "statement")
    # Received Tuesday 17 March: 5 working days → Tuesday 24 March.
    assert statement.due_on == date(2026, 3, 24)
    tm.close_statements(case, officers[0], beijing(2026, 3, 25))
    assert case.state == TS.READY


def test_officer_records_the_paper_statement(db, cast, officers):
    case = tm_paper_case(cast, officers)
    (record,) = serving.records(case)
    serving.send(case, record.id, "direct", date(2026, 3, 17), officers[0], beijing(2026, 3, 17))
    serving.receive(case, record.id, date(2026, 3, 17), "经营者本人", officers[0],
                    beijing(2026, 3, 17))
    party = case.respondents[0]
    with pytest.raises(InvalidInput):  # a day in the future
        tm.record_statement_on_paper(case, officers[0], beijing(2026, 3, 19), serving.PaperFiling(
            party.id, date(2026, 3, 20), io.BytesIO(PDF), "陈述书.pdf"))
    assert case.statement_at is None
    tm.record_statement_on_paper(case, officers[0], beijing(2026, 3, 19), serving.PaperFiling(
        party.id, date(2026, 3, 19), io.BytesIO(PDF), "陈述书.pdf", "初次违法，请求从轻。"))
    assert case.statement == "初次违法，请求从轻。"
    with pytest.raises(Conflict):
        tm.record_statement_on_paper(case, officers[0], beijing(2026, 3, 19),
                                     serving.PaperFiling(party.id, date(2026, 3, 19),
                                                         io.BytesIO(PDF), "陈述书.pdf"))
    tm.close_statements(case, officers[0], beijing(2026, 3, 19))
    assert case.state == TS.READY


def _served_on_paper(case, officers):
    (record,) = serving.records(case)
    serving.send(case, record.id, "post", date(2026, 3, 17), officers[0], beijing(2026, 3, 17))
    serving.receive(case, record.id, date(2026, 3, 18), "经营者本人", officers[0],
                    beijing(2026, 3, 19))
    return case.respondents[0]


def test_officer_records_a_hearing_request_received_on_paper(db, cast, officers):
    case = tm_paper_case(cast, officers)
    assert tm.hearing_offered(case)
    party = _served_on_paper(case, officers)
    (decision,) = timelimits.open_for("case", case.id, "decision")
    tm.request_hearing_on_paper(case, officers[0], beijing(2026, 3, 26), serving.PaperFiling(
        party.id, date(2026, 3, 24), io.BytesIO(PDF), "听证申请书.pdf"))
    assert case.state == TS.HEARING_REQUESTED
    # The decision clock stops from the day the request reached the centre, not the day typed.
    assert decision.paused_on == date(2026, 3, 24)
    assert timelimits.open_for("case", case.id, "statement") == []
    assert any(d.title.startswith("听证申请") and d.party_id == party.id
               for d in case.documents)
    assert not tm.hearing_offered(case)


@pytest.mark.parametrize("received, why", [
    (date(2026, 3, 26), InvalidTransition),  # received 18 March: 5 working days end 25 March
    (date(2026, 3, 27), InvalidInput),       # after today
    (None, InvalidInput),                     # no day
])
def test_late_or_bad_paper_hearing_request_refused_and_nothing_written(
        db, cast, officers, received, why):
    case = tm_paper_case(cast, officers)
    party = _served_on_paper(case, officers)
    before = len(case.documents)
    with pytest.raises(why):
        tm.request_hearing_on_paper(case, officers[0], beijing(2026, 3, 26), serving.PaperFiling(
            party.id, received, io.BytesIO(PDF), "听证申请书.pdf"))
    assert case.state == TS.PRIOR_NOTICE and len(case.documents) == before
    (decision,) = timelimits.open_for("case", case.id, "decision")
    assert decision.paused_on is None


def test_paper_hearing_request_needs_the_scan_and_a_party_of_the_case(db, cast, officers):
    case = tm_paper_case(cast, officers)
    party = _served_on_paper(case, officers)
    with pytest.raises(InvalidInput):
        tm.request_hearing_on_paper(case, officers[0], beijing(2026, 3, 20), serving.PaperFiling(
            party.id, date(2026, 3, 20), None, ""))
    with pytest.raises(InvalidInput):
        tm.request_hearing_on_paper(case, officers[0], beijing(2026, 3, 20), serving.PaperFiling(
            case.requesters[0].id, date(2026, 3, 20), io.BytesIO(PDF), "听证申请书.pdf"))
    assert case.state == TS.PRIOR_NOTICE


def test_paper_hearing_request_through_the_page(app, client, db, cast, officers, monkeypatch):
    from tests.conftest import csrf_from, login

    case = tm_paper_case(cast, officers)
    party = _served_on_paper(case, officers)
    db.session.commit()
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-20T10:00:00+08:00")
    login(client, "officer1")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "录入纸质听证申请" in html
    response = client.post(f"/cases/{case.id}/act/hearing_on_paper", data={
        "csrf_token": csrf_from(html), "party": party.id, "received_on": "2026-03-20",
        "file": (io.BytesIO(PDF), "听证申请书.pdf")}, content_type="multipart/form-data",
        follow_redirects=True)
    assert response.status_code == 200
    db.session.refresh(case)
    assert case.state == TS.HEARING_REQUESTED
    assert "已录入纸质听证申请" in response.get_data(as_text=True)
    other = app.test_client()
    login(other, "officer3")  # an officer not on the case
    page = other.get(f"/cases/{case.id}")
    assert page.status_code == 403


def test_trademark_party_with_account_served_at_once(db, cast, officers):
    from tests.cases.trademark.test_trademark import to_prior_notice

    case = to_prior_notice(db, cast, officers)
    (record,) = serving.records(case)
    assert record.method == "electronic" and record.received_on == date(2026, 3, 16)
    (statement,) = timelimits.open_for("case", case.id, "statement")
    assert statement.due_on == date(2026, 3, 23)
