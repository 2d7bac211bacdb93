"""Bad input to pre-examination, through the real services and database (issue 14, "Bad
input"): each refused with its reason and nothing written — the rows of the requests, their
files, applicants, opinions and clocks, the registrations, the register and the audit trail
counted before and after, and the state unchanged. And what is right: the same token twice
gives one request, a PNG of the views is accepted, a joint application with its contract is,
and after the grant the right is in the register, held by the firm."""

from __future__ import annotations

import contextlib
import io
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from ipcenter.auth.policy import can
from ipcenter.core.errors import Conflict, DomainError, InvalidInput, InvalidTransition
from ipcenter.core.reasons import Refused
from ipcenter.ip import numbers
from ipcenter.prexam import services
from ipcenter.prexam.services import ApplicantData, Upload
from ipcenter.prexam.workflow import FS, E, S
from tests.prexam.conftest import (
    DESIGN_DOCUMENTS,
    NOW,
    UM_DOCUMENTS,
    approved_filing,
    filing_data,
    pdf,
    png,
    request_data,
    submit,
    uploads,
)

LATER = NOW + timedelta(days=2)          # Friday 2026-04-03
TABLES = ("prexam_filing", "prexam_filing_document", "prexam_request", "prexam_document",
          "prexam_applicant", "prexam_opinion", "prexam_handler", "audit_event", "deadline",
          "ip_right", "ip_right_event")


def counts(db) -> dict[str, int]:
    return {t: db.session.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in TABLES}


@contextlib.contextmanager
def nothing_written(db, *matters, error=DomainError):
    """The block raises ``error``; afterwards (the session flushed, as a commit would) no row
    of ``TABLES`` was added and each of ``matters`` is in the state it was."""
    db.session.flush()
    before, states = counts(db), [(m, m.state) for m in matters]
    with pytest.raises(error) as refused:
        yield refused
    db.session.flush()
    assert counts(db) == before
    for matter, state in states:
        assert matter.state == state


def message(refused) -> str:
    return str(refused.value.message)


def _text(english, **values) -> str:
    from flask_babel import gettext

    return gettext(english, **values)


def ticked(kind="utility_model"):
    from ipcenter.prexam.rules import checklist

    return {c.code: True for c in checklist.CHECKLISTS[kind]}


def points():
    return [{"basis": "pl_26_4", "text": "权利要求1中“散热板”的结构不清楚。"}]


def application(kind="utility_model", serial="0123456", year=2026) -> str:
    digit = {"invention": 1, "utility_model": 2, "design": 3}[kind]
    digits = f"{year}{digit}{serial}"
    return f"{digits}.{numbers.check_character(digits)}"


def examined(db, crew, kind="utility_model"):
    """A request submitted, taken up and under examination."""
    approved_filing(db, crew)
    request = submit(db, crew, kind)
    services.take_up(request, crew.examiner, NOW)
    services.confirm_classification(request, crew.examiner, NOW)
    return request


def passed(db, crew, kind="utility_model"):
    request = examined(db, crew, kind)
    services.pass_request(request, crew.examiner, LATER, ticked(kind))
    db.session.flush()
    return request


# ======================================================================== submission


@pytest.mark.parametrize("kind, classification", [("utility_model", "A47G 1/00"),
                                                  ("utility_model", "F21"),
                                                  ("design", "09-01")])
def test_a_class_outside_the_scope_is_refused(db, crew, kind, classification):
    approved_filing(db, crew)
    with nothing_written(db, error=Refused) as refused:
        submit(db, crew, kind, classification=classification)
    assert set(refused.value.codes) & {"out_of_scope", "bad_classification"}
    assert refused.value.codes in (("out_of_scope",), ("bad_classification",))


def test_no_submission_without_a_registration(db, crew):
    with nothing_written(db, error=Refused) as refused:
        submit(db, crew)
    assert refused.value.codes == ("no_filing",)
    assert "备案" in message(refused)


def test_no_submission_while_the_registration_is_pending(db, crew):
    from tests.prexam.conftest import filing_data

    services.apply_for_filing(filing_data(crew.firm_org), crew.firm, NOW, uuid.uuid4().hex)
    with nothing_written(db, error=Refused) as refused:
        submit(db, crew)
    assert refused.value.codes == ("filing_pending",)


def test_no_submission_once_suspended_but_while_only_proposed_the_firm_may(db, crew):
    filing = approved_filing(db, crew)
    services.propose(filing, crew.examiner, NOW, "suspend", "abnormal_application",
                     "检索发现多件非正常专利申请。")
    assert filing.state == FS.SUSPENSION_PROPOSED
    submit(db, crew)   # the director has not decided: the registration stands
    services.suspend_filing(filing, crew.director, NOW)
    assert filing.state == FS.SUSPENDED and filing.suspended_on == date(2026, 4, 1)
    with nothing_written(db, filing, error=Refused) as refused:
        submit(db, crew)
    assert refused.value.codes == ("filing_suspended",)


def test_a_missing_required_document_is_refused(db, crew):
    approved_filing(db, crew)
    files = uploads([k for k in UM_DOCUMENTS if k != "claims"])
    with nothing_written(db, error=Refused) as refused:
        submit(db, crew, files=files)
    assert refused.value.codes == ("missing_document",)
    assert "权利要求书" in message(refused)


def test_a_fake_pdf_is_refused(db, crew):
    approved_filing(db, crew)
    files = uploads([k for k in UM_DOCUMENTS if k != "claims"])
    files.append(Upload("claims", io.BytesIO(b"not a pdf"), "x.pdf"))
    with nothing_written(db, error=InvalidInput) as refused:
        submit(db, crew, files=files)
    assert message(refused)


def test_a_png_of_the_views_is_accepted(db, crew):
    approved_filing(db, crew)
    files = uploads([k for k in DESIGN_DOCUMENTS if k != "views"])
    files.append(Upload("views", io.BytesIO(png()), "主视图.png"))
    request = submit(db, crew, "design", files=files)
    views = [d for d in request.documents if d.kind == "views"]
    assert request.state == S.SUBMITTED and len(views) == 1
    assert views[0].content_type == "image/png"


def test_a_huge_title_is_refused_with_a_message(db, crew):
    approved_filing(db, crew)
    with nothing_written(db, error=InvalidInput) as refused:
        submit(db, crew, title="灯" * 10_000)
    assert "200" in message(refused)


def test_the_same_token_twice_returns_the_same_request(db, crew):
    approved_filing(db, crew)
    token = uuid.uuid4().hex
    first = services.submit_request(request_data(), uploads(UM_DOCUMENTS), crew.firm, NOW, token)
    db.session.flush()
    before = counts(db)
    again = services.submit_request(request_data(), uploads(UM_DOCUMENTS), crew.firm, NOW, token)
    db.session.flush()
    assert again is first and counts(db) == before
    # Someone else's form with that token is refused.
    with nothing_written(db, error=Conflict):
        services.submit_request(request_data(), uploads(UM_DOCUMENTS), crew.firm2, NOW, token)


def test_joint_applicants_need_the_co_development_contract(db, crew):
    approved_filing(db, crew)
    joint = [ApplicantData(name="中山市某某电子有限公司")]
    with nothing_written(db, error=Refused) as refused:
        submit(db, crew, co_applicants=joint)
    assert refused.value.codes == ("co_development_contract_missing",)
    request = submit(db, crew, co_applicants=joint,
                     files=uploads([*UM_DOCUMENTS, "co_development_contract"]))
    assert [a.name for a in request.applicants] == ["中山市古镇华辉灯饰有限公司", "中山市某某电子有限公司"]
    assert request.applicants[0].organisation_id == crew.firm_org.id


def test_a_university_co_applicant_needs_its_proof(db, crew):
    approved_filing(db, crew)
    joint = [ApplicantData(name="中山大学", kind="university")]
    files = [*UM_DOCUMENTS, "co_development_contract"]
    with nothing_written(db, error=Refused) as refused:
        submit(db, crew, co_applicants=joint, files=uploads(files))
    assert refused.value.codes == ("university_proof_missing",)
    assert "中山大学" in message(refused)
    request = submit(db, crew, co_applicants=joint, files=uploads([*files, "university_proof"]))
    assert request.applicants[1].applicant_kind == "university"


def test_an_unknown_kind_of_co_applicant_is_refused(db, crew):
    approved_filing(db, crew)
    with nothing_written(db, error=InvalidInput):
        submit(db, crew, co_applicants=[ApplicantData(name="某某", kind="alien")])


def test_without_the_undertaking_the_request_is_refused(db, crew):
    approved_filing(db, crew)
    with nothing_written(db, error=Refused) as refused:
        submit(db, crew, declared_no_dual_filing=False)
    assert refused.value.codes == ("no_declaration",)


def test_only_a_firm_submits(db, crew):
    approved_filing(db, crew)
    with nothing_written(db, error=InvalidInput):
        submit(db, crew, user=crew.examiner)


# ======================================================================== the registration


def test_an_action_twice_is_refused_the_second_time(db, crew):
    filing = services.apply_for_filing(filing_data(crew.firm_org), crew.firm, NOW,
                                       uuid.uuid4().hex)
    services.approve_filing(filing, crew.examiner, NOW)
    with nothing_written(db, filing, error=InvalidTransition) as refused:
        services.approve_filing(filing, crew.examiner2, NOW)
    assert "不能进行" in message(refused)
    assert filing.decided_by_id == crew.examiner.id


def test_a_second_registration_while_one_stands_is_refused(db, crew):
    approved_filing(db, crew)
    with nothing_written(db, error=Conflict):
        services.apply_for_filing(filing_data(crew.firm_org), crew.firm2, NOW, uuid.uuid4().hex)


def test_the_same_registration_token_twice_is_one_registration(db, crew):
    token = uuid.uuid4().hex
    first = services.apply_for_filing(filing_data(crew.firm_org), crew.firm, NOW, token)
    db.session.flush()
    before = counts(db)
    assert services.apply_for_filing(filing_data(crew.firm_org), crew.firm, NOW, token) is first
    assert counts(db) == before


@pytest.mark.parametrize("change", [
    {"uscc": "91442000MA0000000X"},       # a wrong check character
    {"uscc": "91110000600037341L"},       # a valid code registered in Beijing
    {"contact_name": " "},
    {"contact_email": "liming.example.com"},
    {"rd_staff": -1},
    {"undertaking": False},
    {"fields": "灯" * 2_001},
], ids=lambda c: next(iter(c)))
def test_a_bad_registration_is_refused(db, crew, change):
    with nothing_written(db, error=InvalidInput):
        services.apply_for_filing(filing_data(crew.firm_org, **change), crew.firm, NOW,
                                  uuid.uuid4().hex)


def test_the_proposer_cannot_approve_their_own_proposal(db, crew, make_user):
    both = make_user("examiner", "director")
    filing = approved_filing(db, crew)
    services.propose(filing, both, NOW, "revoke", "credit_breach", "列入严重失信名单。")
    assert filing.state == FS.REVOCATION_PROPOSED and filing.proposed_by_id == both.id
    with nothing_written(db, filing, error=InvalidTransition) as refused:
        services.revoke_filing(filing, both, NOW)
    assert message(refused) == _text("The one who proposed this cannot approve it.")
    services.revoke_filing(filing, crew.director, NOW)
    assert filing.state == FS.REVOKED and filing.reason == "列入严重失信名单。"


def test_a_proposal_needs_its_ground_and_reasons(db, crew):
    filing = approved_filing(db, crew)
    with nothing_written(db, filing, error=InvalidInput):
        services.propose(filing, crew.examiner, NOW, "fine", "credit_breach", "理由")
    with nothing_written(db, filing, error=InvalidTransition):
        services.propose(filing, crew.examiner, NOW, "suspend", "rumour", "理由")
    with nothing_written(db, filing, error=InvalidTransition):
        services.propose(filing, crew.examiner, NOW, "suspend", "credit_breach", "  ")
    assert filing.proposal is None and filing.proposed_by_id is None


def test_a_withdrawal_note_too_long_is_refused_before_the_registration_moves(db, crew):
    filing = services.apply_for_filing(filing_data(crew.firm_org), crew.firm, NOW,
                                       uuid.uuid4().hex)
    with nothing_written(db, filing, error=InvalidInput):
        services.withdraw_filing(filing, crew.firm, NOW, "撤" * 2_001)


# ======================================================================== examination


def test_an_amendment_after_passing_is_refused(db, crew):
    request = passed(db, crew)
    with nothing_written(db, request, error=Conflict):
        services.upload(request, "amendment", io.BytesIO(pdf("late")), "修改页.pdf",
                        crew.firm, LATER)
    with nothing_written(db, request, error=InvalidTransition) as refused:
        services.amend(request, crew.firm, LATER, "再次修改。", uploads(["amendment"]))
    assert "不能进行" in message(refused)


def test_an_amendment_without_a_reply_is_refused(db, crew):
    request = examined(db, crew)
    services.issue_opinion(request, crew.examiner, NOW, {}, points())
    with nothing_written(db, request, error=InvalidTransition):
        services.amend(request, crew.firm, LATER, "  ", [])
    # A reply of the wrong kind of file is refused too.
    with nothing_written(db, request, error=InvalidInput):
        services.amend(request, crew.firm, LATER, "已修改。", uploads(["claims"]))
    assert request.open_opinion is not None


def test_passing_with_an_item_unticked_is_refused(db, crew):
    request = examined(db, crew)
    partial = {**ticked(), "unity": False}
    with nothing_written(db, request, error=InvalidTransition) as refused:
        services.pass_request(request, crew.examiner, LATER, partial)
    assert request.passed_on is None and message(refused)


def test_failing_during_the_reply_period_is_refused(db, crew):
    request = examined(db, crew)
    opinion = services.issue_opinion(request, crew.examiner, NOW, {}, points())
    with nothing_written(db, request, error=InvalidTransition) as refused:
        services.fail_request(request, crew.examiner, LATER, "未答复。")
    assert opinion.reply_due_on.isoformat() in message(refused)
    after = NOW + timedelta(days=13)   # the day after the period, Tuesday 14 April
    services.fail_request(request, crew.examiner, after, "逾期未答复。")
    assert request.state == S.FAILED


def test_no_opinion_beyond_the_maximum_of_rounds(db, crew):
    request = examined(db, crew)
    for n in range(3):
        services.issue_opinion(request, crew.examiner, NOW, {}, points())
        services.amend(request, crew.firm, NOW, f"第{n + 1}次答复。", [])
    assert request.rounds == 3 and request.state == S.AMENDED
    with nothing_written(db, request, error=InvalidTransition) as refused:
        services.issue_opinion(request, crew.examiner, NOW, {}, points())
    assert "3" in message(refused)


def test_an_opinion_without_a_point_is_refused(db, crew):
    request = examined(db, crew)
    with nothing_written(db, request, error=InvalidTransition):
        services.issue_opinion(request, crew.examiner, NOW, {}, [])
    assert request.rounds == 0


def test_returning_needs_the_reasons(db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    services.take_up(request, crew.examiner, NOW)
    with nothing_written(db, request, error=InvalidTransition):
        services.return_request(request, crew.examiner, NOW, "")
    services.return_request(request, crew.examiner, NOW, "分类号不在中心预审范围内。")
    assert request.state == S.RETURNED and request.return_reason


# ======================================================================== CNIPA


@pytest.mark.parametrize("number, filed_on, says", [
    ("202620123456.0", date(2026, 4, 3), "The check character of this application number is "
                                         "wrong."),
    # a design's number (kind digit 3) on a utility model
    (application("design"), date(2026, 4, 3), None),
    ("20262012", date(2026, 4, 3), "Write the application number like 202620123456.7."),
    (application(), date(2026, 4, 2),
     "The filing day cannot be before the request passed pre-examination."),
    (application(), date(2026, 4, 4), "The filing day cannot be in the future."),
    (application(year=2025), date(2026, 4, 3),
     "The year of the application number is not the year of the filing day."),
], ids=["check digit", "kind digit", "form", "before passing", "future", "year"])
def test_a_bad_cnipa_filing_is_refused(db, crew, number, filed_on, says):
    from ipcenter.prexam.presenters import KIND_LABELS

    request = passed(db, crew)
    assert request.passed_on == date(2026, 4, 3)
    with nothing_written(db, request, error=InvalidTransition) as refused:
        services.record_filing(request, crew.firm, LATER, number, filed_on)
    expected = _text(says) if says else _text(
        "The kind digit of this application number is not that of a %(kind)s.",
        kind=str(KIND_LABELS["utility_model"]))
    assert message(refused) == expected
    assert request.application_number is None and request.right_id is None


def test_an_application_number_on_two_requests_is_refused(db, crew):
    first = passed(db, crew)
    services.record_filing(first, crew.firm, LATER, application(), date(2026, 4, 3))
    second = submit(db, crew)
    services.take_up(second, crew.examiner, NOW)
    services.confirm_classification(second, crew.examiner, NOW)
    services.pass_request(second, crew.examiner, LATER, ticked())
    with nothing_written(db, second, error=InvalidTransition):
        services.record_filing(second, crew.firm, LATER, application(), date(2026, 4, 3))


@pytest.mark.parametrize("granted_on", [date(2026, 4, 2), date(2026, 4, 30)],
                         ids=["before filing", "future"])
def test_a_bad_grant_day_is_refused(db, crew, granted_on):
    request = passed(db, crew)
    services.record_filing(request, crew.firm, LATER, application(), date(2026, 4, 3))
    with nothing_written(db, request, error=InvalidTransition):
        services.record_grant(request, crew.firm, LATER, granted_on)
    assert request.granted_on is None


def test_after_the_grant_the_right_is_the_firms_in_the_register(db, crew):
    from ipcenter.ip import register
    from ipcenter.ip.models import Right

    request = passed(db, crew)
    number = application()
    services.record_filing(request, crew.firm, LATER, number, date(2026, 4, 3))
    pending = db.session.get(Right, request.right_id)
    assert pending.status == "pending" and pending.filed_on == date(2026, 4, 3)
    services.record_grant(request, crew.firm, NOW + timedelta(days=6), date(2026, 4, 7))
    assert request.state == S.GRANTED and request.closed_at is not None
    right = register.find("utility_model", f"ZL{number}")
    assert right is not None and right.id == request.right_id
    assert right.holder_org_id == crew.firm_org.id
    assert right.holder_name == crew.firm_org.name
    assert right.granted_on == date(2026, 4, 7) and right.status == "valid"
    assert "F21V 23/00" in right.classes or any(c.startswith("F21V") for c in right.classes)
    assert request.grant_number == right.number == f"ZL{number}"


# ======================================================================== who acts


def test_a_firm_may_not_act_on_anothers_request(db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    assert can(crew.firm, "prexam.act", (request, E.WITHDRAW))
    assert can(crew.firm2, "prexam.act", (request, E.WITHDRAW))
    assert not can(crew.other, "prexam.act", (request, E.WITHDRAW))
    assert not can(crew.other, "prexam.upload", request)
    assert not can(crew.other, "prexam.view", request)


def test_the_director_reassigns_then_only_the_new_examiner_acts(db, crew):
    from ipcenter.core.models import Deadline

    approved_filing(db, crew)
    request = submit(db, crew)
    services.take_up(request, crew.examiner, NOW)
    event = (request, E.CONFIRM_CLASSIFICATION)
    assert can(crew.examiner, "prexam.act", event)
    assert not can(crew.examiner2, "prexam.act", event)
    assert not can(crew.examiner, "prexam.assign", request)
    assert can(crew.director, "prexam.assign", request)
    with nothing_written(db, request, error=InvalidInput):
        services.reassign(request, crew.admin, crew.director, NOW, "工作量调整")
    with nothing_written(db, request, error=InvalidInput):
        services.reassign(request, crew.examiner2, crew.director, NOW, " ")
    services.reassign(request, crew.examiner2, crew.director, NOW, "工作量调整")
    db.session.flush()
    assert can(crew.examiner2, "prexam.act", event)
    assert not can(crew.examiner, "prexam.act", event)
    clock = db.session.execute(sa.select(Deadline).filter_by(
        subject_type="prexam", subject_id=request.id, kind="classification")).scalar_one()
    assert clock.assignee_user_id == crew.examiner2.id


def test_a_closed_request_is_not_reassigned(db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    services.withdraw(request, crew.firm, NOW, "不再申请。")
    with nothing_written(db, request, error=Conflict):
        services.reassign(request, crew.examiner2, crew.director, NOW, "工作量调整")


def test_each_side_uploads_its_own_kinds_of_file_only(db, crew):
    request = examined(db, crew)
    services.issue_opinion(request, crew.examiner, NOW, {}, points())
    # The firm's documents are the firm's: the examiner does not add them in its name …
    with nothing_written(db, request, error=InvalidInput):
        services.upload(request, "claims", io.BytesIO(pdf("by examiner")), "权利要求书.pdf",
                        crew.examiner, NOW)
    # … and the centre's working papers are the examiner's.
    with nothing_written(db, request, error=InvalidInput):
        services.upload(request, "working_paper", io.BytesIO(pdf("by firm")), "检索.pdf",
                        crew.firm, NOW)
    doc = services.upload(request, "claims", io.BytesIO(pdf("by firm")), "权利要求书.pdf",
                          crew.firm, NOW)
    assert doc.audience == "filer" and doc.round == 1 and doc.uploaded_by_id == crew.firm.id


def test_a_revocation_proposed_while_suspended_keeps_the_suspension(db, crew):
    filing = approved_filing(db, crew)
    services.propose(filing, crew.examiner, NOW, "suspend", "abnormal_application", "多件非正常申请。")
    services.suspend_filing(filing, crew.director, NOW)
    services.propose(filing, crew.examiner, LATER, "revoke", "credit_breach", "列入严重失信名单。")
    assert filing.state == FS.REVOCATION_PROPOSED
    # Still suspended while the director has not decided: no submission.
    with nothing_written(db, filing, error=Refused) as refused:
        submit(db, crew, now=LATER)
    assert refused.value.codes == ("filing_suspended",)
    # Declining the revocation leaves the registration suspended, not approved.
    services.decline_proposal(filing, crew.director, LATER, "证据不足，维持暂停。")
    assert filing.state == FS.SUSPENDED and filing.suspended_on == date(2026, 4, 1)
    services.reinstate_filing(filing, crew.director, LATER, "已整改。")
    assert filing.state == FS.APPROVED


def test_a_revocation_proposed_while_approved_is_declined_back_to_approved(db, crew):
    filing = approved_filing(db, crew)
    services.propose(filing, crew.examiner, NOW, "revoke", "false_statement", "备案信息不实。")
    submit(db, crew)   # the registration stands while the director decides
    services.decline_proposal(filing, crew.director, NOW, "经核实信息属实。")
    assert filing.state == FS.APPROVED and filing.proposal is None


def test_passing_with_nothing_ticked_is_refused_not_an_error(db, crew):
    request = examined(db, crew)
    with nothing_written(db, request, error=InvalidTransition):
        services.pass_request(request, crew.examiner, LATER, None)
    with nothing_written(db, request, error=InvalidInput):
        services.pass_request(request, crew.examiner, LATER, {**ticked(), "colour": True})


def test_a_reply_with_a_fake_pdf_is_refused(db, crew):
    request = examined(db, crew)
    services.issue_opinion(request, crew.examiner, NOW, {}, points())
    with nothing_written(db, request, error=InvalidInput):
        services.amend(request, crew.firm, LATER, "已修改。",
                       [Upload("amendment", io.BytesIO(b"not a pdf"), "x.pdf")])
    assert request.open_opinion is not None and not request.open_opinion.reply


def test_a_registration_under_another_firms_credit_code_is_refused(db, crew):
    with nothing_written(db, error=InvalidInput) as refused:
        services.apply_for_filing(filing_data(crew.firm_org, uscc=crew.other_org.uscc),
                                  crew.firm, NOW, uuid.uuid4().hex)
    assert "不一致" in message(refused) and crew.firm_org.uscc in message(refused)
    # The firm's own code written in lower case is its own.
    services.apply_for_filing(filing_data(crew.firm_org, uscc=crew.firm_org.uscc.lower()),
                              crew.firm, NOW, uuid.uuid4().hex)


def test_each_step_twice_is_refused_the_second_time(db, crew):
    request = examined(db, crew)
    with nothing_written(db, request, error=InvalidTransition):
        services.confirm_classification(request, crew.examiner, NOW)
    with nothing_written(db, request, error=InvalidTransition):
        services.take_up(request, crew.examiner, NOW)
    services.issue_opinion(request, crew.examiner, NOW, {}, points())
    services.amend(request, crew.firm, LATER, "已修改。", [])
    with nothing_written(db, request, error=InvalidTransition):
        services.amend(request, crew.firm, LATER, "再次修改。", [])
    services.pass_request(request, crew.examiner, LATER, ticked())
    with nothing_written(db, request, error=InvalidTransition):
        services.pass_request(request, crew.examiner, LATER, ticked())
    services.record_filing(request, crew.firm, LATER, application(), date(2026, 4, 3))
    with nothing_written(db, request, error=InvalidTransition):
        services.record_filing(request, crew.firm, LATER, application(), date(2026, 4, 3))
    services.record_grant(request, crew.firm, LATER, date(2026, 4, 3))
    with nothing_written(db, request, error=InvalidTransition):
        services.record_grant(request, crew.firm, LATER, date(2026, 4, 3))


@pytest.mark.parametrize("held_by", ["organisation", "name"])
def test_an_application_number_the_register_holds_for_another_is_refused(db, crew, held_by):
    """The register knows this application for someone else (asserted in a case, pledged):
    the firm's request does not take it over."""
    from ipcenter.ip import register

    other = crew.other_org if held_by == "organisation" else None
    register.find_or_register("utility_model", application(), holder="中山市另一照明有限公司",
                              holder_org=other, filed_on=date(2026, 4, 3), now=NOW)
    request = passed(db, crew)
    with nothing_written(db, request, error=InvalidTransition) as refused:
        services.record_filing(request, crew.firm, LATER, application(), date(2026, 4, 3))
    assert "中山市另一照明有限公司" in message(refused)
    assert request.application_number is None and request.right_id is None


def test_an_application_number_the_register_holds_for_the_firm_is_taken(db, crew):
    from ipcenter.ip import register

    right = register.find_or_register("utility_model", application(),
                                      holder=crew.firm_org.name, filed_on=date(2026, 4, 3),
                                      now=NOW)
    request = passed(db, crew)
    services.record_filing(request, crew.firm, LATER, application(), date(2026, 4, 3))
    assert request.right_id == right.id and right.holder_org_id == crew.firm_org.id
