"""A utility model and a design through the service, at the level of the use cases: the
registration, submission, classification, an opinion and the amendment, passing, the filing
at CNIPA and the grant that puts the right in the register, held by the firm."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipcenter.core.errors import Conflict
from ipcenter.ip.models import Right
from ipcenter.prexam import services
from ipcenter.prexam.workflow import FS, S
from tests.prexam.conftest import NOW, approved_filing, submit, uploads

LATER = NOW + timedelta(days=2)


def _all_ticked(kind):
    from ipcenter.prexam.rules import checklist

    return {c.code: True for c in checklist.CHECKLISTS[kind]}


def _point():
    from ipcenter.prexam.rules import checklist

    return [{"basis": checklist.OPINION_BASES[0].code, "text": "权利要求1中“散热板”的结构不清楚。"}]


@pytest.mark.parametrize("kind, number", [("utility_model", "202620123456"),
                                          ("design", "202630123456")])
def test_a_request_from_submission_to_grant(db, crew, kind, number):
    from ipcenter.ip import numbers

    filing = approved_filing(db, crew)
    assert filing.state == FS.APPROVED
    request = submit(db, crew, kind)
    assert request.state == S.SUBMITTED and request.number.startswith("中知预审字〔2026〕")
    services.take_up(request, crew.examiner, NOW)
    services.confirm_classification(request, crew.examiner, NOW)
    assert request.state == S.UNDER_EXAMINATION
    opinion = services.issue_opinion(request, crew.examiner, NOW, {}, _point())
    assert request.state == S.OPINION_ISSUED and opinion.round == 1
    # Ten days after 1 April is Saturday 11 April: the period ends on Monday the 13th.
    assert opinion.reply_due_on == date(2026, 4, 13)
    services.amend(request, crew.firm, LATER, "已按意见修改。", uploads(["amendment"]))
    assert request.state == S.AMENDED and request.opinions[0].answered_at == LATER
    services.pass_request(request, crew.examiner, LATER, _all_ticked(kind))
    assert request.state == S.PASSED and request.passed_on == date(2026, 4, 3)
    full = number + "." + numbers.check_character(number)
    services.record_filing(request, crew.firm, LATER, full, date(2026, 4, 3))
    assert request.state == S.FILED_AT_CNIPA
    services.record_grant(request, crew.firm, LATER + timedelta(days=3), date(2026, 4, 5))
    assert request.state == S.GRANTED
    right = db.session.get(Right, request.right_id)
    assert right.kind == kind and right.holder_org_id == crew.firm_org.id
    assert right.granted_on == date(2026, 4, 5) and right.status == "valid"
    assert right.number == f"ZL{full}"


def test_a_wrong_check_digit_is_refused_and_nothing_changes(db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    services.take_up(request, crew.examiner, NOW)
    services.confirm_classification(request, crew.examiner, NOW)
    services.pass_request(request, crew.examiner, NOW, _all_ticked("utility_model"))
    with pytest.raises(Conflict) as refused:
        services.record_filing(request, crew.firm, NOW, "202620123456.0", date(2026, 4, 1))
    assert "校验" in str(refused.value.message) or "check" in str(refused.value.message)
    assert request.state == S.PASSED and request.application_number is None


def test_no_submission_without_an_approved_registration(db, crew):
    from ipcenter.core.reasons import Refused

    with pytest.raises(Refused) as refused:
        submit(db, crew)
    assert "no_filing" in refused.value.codes


def test_another_examiner_may_not_act_once_one_took_it_up(db, crew):
    from ipcenter.auth.policy import can
    from ipcenter.prexam.workflow import E

    approved_filing(db, crew)
    request = submit(db, crew)
    assert can(crew.examiner2, "prexam.act", (request, E.TAKE_UP))
    services.take_up(request, crew.examiner, NOW)
    assert can(crew.examiner, "prexam.act", (request, E.CONFIRM_CLASSIFICATION))
    assert not can(crew.examiner2, "prexam.act", (request, E.CONFIRM_CLASSIFICATION))
    assert not can(crew.other, "prexam.view", request)
    assert can(crew.firm2, "prexam.view", request)
