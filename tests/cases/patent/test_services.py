"""The adjudication services on a real database, with real dates."""

import io
import uuid
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from ipcenter import matters
from ipcenter.cases.models import CaseDocument, PatentCase
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.core import audit, timelimits
from ipcenter.core.errors import Conflict, InvalidInput, InvalidTransition
from ipcenter.matters import PartyData
from tests.cases.conftest import PDF, at, filing, walk


def test_filing_saves_a_draft_with_parties(db, cast):
    case = walk(db, cast, S.DRAFT)
    assert case.state == S.DRAFT and case.number is None
    assert [p.name for p in case.requesters] == ["中山市古镇华辉灯饰有限公司"]
    assert case.respondents[0].organisation_id == cast.respondent.organisation_id
    assert case.patent_kind == "utility_model"


def test_double_submit_creates_one_case(db, cast):
    token = uuid.uuid4().hex
    first = services.file_complaint(filing(cast), cast.requester, at(0), token)
    second = services.file_complaint(filing(cast), cast.requester, at(0), token)
    assert first.id == second.id
    assert db.session.execute(sa.select(sa.func.count()).select_from(PatentCase)).scalar_one() == 1


@pytest.mark.parametrize("number, message", [("ZL202020123456.7", "校验位"),
                                             ("12345", "ZL202020123456.8")])
def test_bad_patent_number_refused(db, cast, number, message):
    data = filing(cast)
    data.patent_number = number
    with pytest.raises(InvalidInput) as info:
        services.file_complaint(data, cast.requester, at(0), uuid.uuid4().hex)
    assert message in str(info.value.message)


def test_respondent_outside_the_system_needs_valid_code(db, cast):
    data = filing(cast)
    data.respondents = [PartyData(name="佛山某灯具厂", address="佛山市南海区", uscc="91350100M000100Y44")]
    with pytest.raises(InvalidInput):
        services.file_complaint(data, cast.requester, at(0), uuid.uuid4().hex)
    data.respondents[0].uscc = "91350100M000100Y43"
    case = services.file_complaint(data, cast.requester, at(0), uuid.uuid4().hex)
    assert case.respondents[0].organisation_id is None


def test_submit_needs_proof_of_right(db, cast):
    case = services.file_complaint(filing(cast), cast.requester, at(0), uuid.uuid4().hex)
    with pytest.raises(InvalidTransition) as info:
        services.submit(case, cast.requester, at(0))
    assert "权利证明" in str(info.value.message)
    assert case.state == S.DRAFT


def test_submission_starts_5_working_day_acceptance_clock(db, cast):
    case = walk(db, cast, S.SUBMITTED)
    (clock,) = timelimits.open_for("case", case.id)
    # Submitted Monday 2 March 2026: 5 working days → Monday 9 March.
    assert clock.kind == "accept" and clock.due_on == date(2026, 3, 9)


def test_second_complaint_on_same_patent_and_respondent_is_flagged(db, cast):
    first = walk(db, cast, S.SUBMITTED)
    second = walk(db, cast, S.SUBMITTED)
    assert second.possible_duplicate_of == first.id


def test_accept_needs_the_whole_checklist(db, cast):
    case = walk(db, cast, S.SUBMITTED)
    with pytest.raises(InvalidTransition):
        services.accept(case, cast.judges[0], at(1), {"standing": True})
    assert case.state == S.SUBMITTED and case.number is None


def test_accept_numbers_the_case_and_opens_clocks(db, cast):
    case = walk(db, cast, S.ACCEPTED)
    assert case.number.startswith("中市监知裁字〔2026〕") and case.number.endswith("号")
    clocks = {c.kind: c.due_on for c in timelimits.open_for("case", case.id)}
    # 立案 Tuesday 3 March: serve within 5 working days (10 March); decide within 3 months.
    assert clocks == {"serve": date(2026, 3, 10), "decision": date(2026, 6, 3)}
    # The acceptance notice names no panel; the panel notice follows when the panel is formed.
    assert [d.template for d in case.documents if d.kind == "official"] == [
        "acceptance_notice", "panel_notice"]


def test_refuse_needs_reasons(db, cast):
    case = walk(db, cast, S.SUBMITTED)
    with pytest.raises(InvalidTransition):
        services.refuse(case, cast.judges[0], at(1), "  ")
    services.refuse(case, cast.judges[0], at(1), "请求人不是专利权人或利害关系人。")
    assert case.state == S.REJECTED and case.number is None
    assert timelimits.open_for("case", case.id) == []


def test_panel_must_be_odd_and_at_least_three(db, cast):
    case = walk(db, cast, S.SUBMITTED)
    services.accept(case, cast.judges[0], at(1), dict.fromkeys(services.CHECKLIST, True))
    ids = [j.id for j in cast.judges]
    with pytest.raises(InvalidInput):
        services.assign_panel(case, cast.director, at(1), ids[:2], ids[0])
    with pytest.raises(InvalidInput):
        services.assign_panel(case, cast.director, at(1), ids[:4], ids[0])
    with pytest.raises(InvalidTransition):
        services.serve(case, cast.judges[0], at(2))


def test_handler_tied_to_a_party_cannot_be_assigned(db, cast):
    from ipcenter.auth.models import Relationship

    case = walk(db, cast, S.SUBMITTED)
    services.accept(case, cast.judges[0], at(1), dict.fromkeys(services.CHECKLIST, True))
    db.session.add(Relationship(user_id=cast.judges[3].id, created_at=at(0), nature="曾任职",
                                organisation_id=cast.respondent.organisation_id))
    db.session.flush()
    ids = [cast.judges[0].id, cast.judges[1].id, cast.judges[3].id]
    with pytest.raises(InvalidInput) as info:
        services.assign_panel(case, cast.director, at(1), ids, ids[0])
    assert "关联关系" in str(info.value.message)


def test_recusal_granted_removes_the_member(db, cast):
    case = walk(db, cast, S.SERVED)
    member = case.active_handlers[1]
    request = services.request_recusal(case, cast.respondent, at(3), member.id, "该成员曾代理请求人")
    with pytest.raises(Conflict):
        services.request_recusal(case, cast.respondent, at(3), member.id, "again")
    services.decide_recusal(request, cast.director, at(4), True, "理由成立")
    assert member.removed_at is not None and len(case.active_handlers) == 2
    with pytest.raises(Conflict):
        services.decide_recusal(request, cast.director, at(4), False, "")


def test_service_starts_the_respondents_15_day_answer_clock(db, cast):
    case = walk(db, cast, S.SERVED)
    (answer_clock,) = timelimits.open_for("case", case.id, "answer")
    # Served Wednesday 4 March 2026: 15 days → 19 March (Thursday).
    assert answer_clock.due_on == date(2026, 3, 19)
    assert answer_clock.assignee_org_id == cast.respondent.organisation_id


def test_examination_waits_for_answer_or_period_end(db, cast):
    case = walk(db, cast, S.SERVED)
    with pytest.raises(InvalidTransition):
        services.begin_examination(case, cast.judges[0], at(6))
    # No answer came; on 20 March the 15 days have run and the case goes on.
    services.begin_examination(case, cast.judges[0], datetime(2026, 3, 20, 2, tzinfo=timezone.utc))
    assert case.state == S.EXAMINATION


def test_answer_twice_refused(db, cast):
    case = walk(db, cast, S.SERVED)
    services.answer(case, cast.respondent, at(5), "不侵权")
    with pytest.raises(Conflict):
        services.answer(case, cast.respondent, at(5), "不侵权")


def test_hearing_needs_3_working_days_notice(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    now = datetime(2026, 9, 29, 2, tzinfo=timezone.utc)  # Tuesday before National Day
    with pytest.raises(InvalidTransition) as info:
        services.schedule_hearing(case, cast.judges[0], now,
                                  datetime(2026, 10, 8, 1, tzinfo=timezone.utc), "第一审理庭")
    assert "2026-10-09" in str(info.value.message)
    with pytest.raises(InvalidTransition) as info:  # 9999 for 2026: more than 90 days ahead
        services.schedule_hearing(case, cast.judges[0], now,
                                  datetime(9999, 10, 9, 1, tzinfo=timezone.utc), "第一审理庭")
    assert "2026年12月28日" in str(info.value.message) and case.state == S.EXAMINATION
    services.schedule_hearing(case, cast.judges[0], now,
                              datetime(2026, 10, 9, 1, tzinfo=timezone.utc), "第一审理庭")
    assert case.state == S.HEARING_SCHEDULED
    with pytest.raises(InvalidTransition):
        services.record_hearing(case, cast.judges[0], now)
    matters.attach(case, "hearing_record", io.BytesIO(PDF + b"%rec"), "笔录.pdf", cast.judges[0],
                   datetime(2026, 10, 9, 8, tzinfo=timezone.utc))
    services.record_hearing(case, cast.judges[0], datetime(2026, 10, 9, 9, tzinfo=timezone.utc))
    assert case.state == S.EXAMINATION


def test_suspension_stops_the_decision_clock_and_extension_adds_a_month(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    decision = timelimits.open_for("case", case.id, "decision")[0]
    assert decision.due_on == date(2026, 6, 3)
    with pytest.raises(InvalidTransition) as info:
        services.suspend(case, cast.judges[0], datetime(2026, 4, 1, 2, tzinfo=timezone.utc),
                         "被请求人已提出无效宣告请求", "4W123456")
    assert "无效宣告请求受理通知书" in str(info.value.message)
    matters.attach(case, "invalidation_notice", io.BytesIO(PDF + b"%inv"), "受理通知书.pdf",
                   cast.respondent, datetime(2026, 4, 1, 1, tzinfo=timezone.utc))
    services.suspend(case, cast.judges[0], datetime(2026, 4, 1, 2, tzinfo=timezone.utc),
                     "被请求人已提出无效宣告请求", "4W123456")
    assert case.state == S.SUSPENDED and decision.paused_on == date(2026, 4, 1)
    services.resume(case, cast.judges[0], datetime(2026, 4, 21, 2, tzinfo=timezone.utc),
                    "无效宣告请求审查决定已作出")
    assert case.state == S.EXAMINATION
    # 3 June + 20 suspended days = 23 June 2026 (Tuesday).
    assert decision.due_on == date(2026, 6, 23)
    with pytest.raises(Conflict):
        services.approve_extension(case, cast.director, at(60))
    services.request_extension(case, cast.judges[0], at(60), "需要技术鉴定")
    services.approve_extension(case, cast.director, at(61))
    # 3 June + 1 month + 20 days = 23 July 2026.
    assert decision.due_on == date(2026, 7, 23)
    with pytest.raises(Conflict):
        services.approve_extension(case, cast.director, at(62))


def test_mediation_failure_returns_to_the_path(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    services.start_mediation(case, cast.judges[0], at(10))
    services.mediation_failed(case, cast.judges[0], at(11))
    assert case.state == S.EXAMINATION and case.return_state is None


def test_mediation_agreement_closes_the_case(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    services.start_mediation(case, cast.judges[0], at(10))
    with pytest.raises(InvalidInput):
        services.record_mediation(case, cast.judges[0], at(11), "赔偿", "abc")
    services.record_mediation(case, cast.judges[0], at(11), "被请求人赔偿请求人经济损失\n停止销售",
                              "50000")
    assert case.state == S.MEDIATED and str(case.mediation_amount) == "50000.00"
    assert timelimits.open_for("case", case.id) == []


@pytest.mark.parametrize("amount", ["1.005", "-1", "NaN", "1e309", "1000000000000"])
def test_mediation_amount_is_refused_not_rounded_and_nothing_changes(db, cast, amount):
    case = walk(db, cast, S.EXAMINATION)
    services.start_mediation(case, cast.judges[0], at(10))
    with pytest.raises(InvalidInput):
        services.record_mediation(case, cast.judges[0], at(11), "赔偿", amount)
    assert case.state == S.MEDIATING and case.mediation_amount is None


def test_mediation_amount_as_people_type_it(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    services.start_mediation(case, cast.judges[0], at(10))
    services.record_mediation(case, cast.judges[0], at(11), "赔偿", "¥５０,０００.５")
    assert str(case.mediation_amount) == "50000.50"


def test_decision_needs_type_object_scope_when_infringing(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    with pytest.raises(InvalidTransition):
        services.draft_decision(case, cast.judges[0], at(30), services.DecisionData(
            findings="构成侵权", basis="专利法第十一条", infringement=True,
            articles=("11.1",)))
    services.draft_decision(case, cast.judges[0], at(30), services.DecisionData(
        findings="不构成侵权", basis="专利法第五十九条", infringement=False))
    assert case.state == S.DECISION_DRAFTED


def test_full_path_closes_every_clock_and_audits_each_step(db, cast):
    case = walk(db, cast, S.CLOSED)
    assert timelimits.open_for("case", case.id) == []
    actions = [e.action for e in audit.events_for("case", case.id)]
    for step in ("case.file", "case.submit", "case.accept", "case.assign_panel", "case.serve",
                 "case.answer", "case.begin_examination", "case.draft_decision",
                 "case.approve_decision", "case.serve_decision", "case.finalize", "case.close"):
        assert step in actions
    assert audit.verify().ok


def test_finalize_waits_for_the_suit_window(db, cast):
    case = walk(db, cast, S.DECISION_SERVED)
    (suit,) = timelimits.open_for("case", case.id, "suit")
    with pytest.raises(InvalidTransition):
        services.finalize(case, cast.judges[0], at(33))
    assert suit.due_on >= date(2026, 4, 18)


def test_withdraw_and_revoke(db, cast):
    case = walk(db, cast, S.SERVED)
    services.withdraw(case, cast.requester, at(4), "双方已和解")
    assert case.state == S.WITHDRAWN and timelimits.open_for("case", case.id) == []
    other = walk(db, cast, S.ACCEPTED)
    with pytest.raises(InvalidTransition):
        services.revoke(other, cast.director, at(4), "")
    services.revoke(other, cast.director, at(4), "发现同一纠纷已向法院起诉")
    assert other.state == S.REVOKED


def test_upload_to_closed_case_refused(db, cast):
    case = walk(db, cast, S.SERVED)
    services.withdraw(case, cast.requester, at(4), "撤回")
    with pytest.raises(Conflict):
        matters.attach(case, "evidence", io.BytesIO(PDF), "x.pdf", cast.requester, at(5))


def test_upload_of_renamed_executable_refused_and_nothing_kept(db, cast):
    case = walk(db, cast, S.DRAFT)
    before = len(case.documents)
    with pytest.raises(InvalidInput):
        matters.attach(case, "evidence", io.BytesIO(b"MZ\x90\x00\x03\x00\xff\xfe"), "证据.pdf",
                       cast.requester, at(0))
    assert len(case.documents) == before
    assert db.session.execute(sa.select(sa.func.count()).select_from(CaseDocument)).scalar_one() \
        == before


def test_the_duplicate_warning_names_the_earlier_case_by_its_number(db, cast, client):
    """The warning on the second complaint's page names the first by its 案号 (not ``#id``),
    once, for the centre's staff."""
    from tests.conftest import login

    first = walk(db, cast, S.ACCEPTED)
    second = walk(db, cast, S.SUBMITTED)
    db.session.commit()
    login(client, cast.judges[0].username)
    html = client.get(f"/cases/{second.id}").get_data(as_text=True)
    assert html.count('data-testid="duplicate"') == 1
    assert first.number in html and f"#{first.id}<" not in html
