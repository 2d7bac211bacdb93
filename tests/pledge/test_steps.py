"""The steps the pages lacked: the director's enrolment by exception, the fund manager's
return of a claim for correction, and the hourly overdue scan (its task, its schedule and its
command) — each through the route or the command a user runs, with its refusals."""

from __future__ import annotations

import uuid
from datetime import date

from ipcenter.core.models import Deadline
from ipcenter.pledge import services as pl
from ipcenter.pledge.models import PledgeApplication
from ipcenter.pledge.tasks import SCAN_TASK
from ipcenter.pledge.workflow import S
from tests.pledge import journeys as j
from tests.pledge.conftest import NOW, held_right
from tests.pledge.test_pages import CJK, act, login, state_of, text


def _young_firm_in_check(db, crew):
    """An application whose firm is in business for less than a year (a 216号 criterion)."""
    right = held_right(db, crew.firm_org)
    application = pl.file_application(
        j.filing(crew, [right.id], established_on=date(2026, 1, 5)), crew.firm, NOW,
        uuid.uuid4().hex)
    pl.begin_check(application, crew.fund, NOW)
    db.session.flush()
    return application


def test_the_director_enrols_by_exception_with_reasons(client, db, crew):
    application = _young_firm_in_check(db, crew)
    assert pl.eligibility_failures(application, NOW.date())   # it fails a criterion
    # The fund manager may not enrol it, by the rule or by the exception (the director's).
    login(client, crew.fund.username)
    by_rule = act(client, application.id, "enrol")
    assert by_rule.status_code in (400, 409) and "成立" in text(by_rule)
    refused = act(client, application.id, "enrol_by_exception", {"reason": "高校成果转化项目"})
    assert refused.status_code == 403 and CJK.search(text(refused))
    assert state_of(db, application.id) == S.ELIGIBILITY_CHECK
    login(client, crew.director.username)
    page = text(client.get(f"/pledge/{application.id}"))
    assert 'data-testid="form-enrol_by_exception"' in page
    # Without reasons: refused in Chinese, nothing written.
    empty = act(client, application.id, "enrol_by_exception", {"reason": "  "})
    assert empty.status_code == 400 and "理由" in text(empty)
    assert state_of(db, application.id) == S.ELIGIBILITY_CHECK
    done = act(client, application.id, "enrol_by_exception", {"reason": "高校成果转化项目"})
    assert done.status_code == 302
    assert state_of(db, application.id) == S.VALUATION
    enrolled = db.session.get(PledgeApplication, application.id)
    assert enrolled.enrolled_at is not None and enrolled.reason == "高校成果转化项目"


def _claimed(db, crew):
    j.fund_the_pool(crew)
    application = j.file(crew, db)
    steps = j.defaulted(crew)
    names = [name for name, _ in steps]
    for name, _ in j.walk(application, steps[:names.index("file_claim") + 1], db):
        pass
    db.session.flush()
    return application


def _claim_clock(db, application):
    return db.session.query(Deadline).filter_by(
        subject_type="pledge", subject_id=application.id, kind="claim").order_by(
        Deadline.id).all()


def test_the_fund_manager_returns_a_claim_and_the_window_runs_from_the_default(client, db,
                                                                              crew):
    application = _claimed(db, crew)
    first_due = _claim_clock(db, application)[0].due_on
    # The bank that claimed may not return its own claim; nor may the director.
    for user in (crew.bank, crew.director):
        login(client, user.username)
        refused = act(client, application.id, "return_claim", {"reason": "金额有误"})
        assert refused.status_code == 403 and CJK.search(text(refused))
    assert state_of(db, application.id) == S.COMPENSATION_CLAIMED
    login(client, crew.fund.username)
    assert act(client, application.id, "return_claim", {"reason": ""}).status_code == 400
    assert state_of(db, application.id) == S.COMPENSATION_CLAIMED
    response = act(client, application.id, "return_claim", {"reason": "缺少催收记录"})
    assert response.status_code == 302
    assert state_of(db, application.id) == S.DEFAULT
    returned = db.session.get(PledgeApplication, application.id)
    assert returned.claim_amount is None and returned.loss_split == {}
    assert returned.claim_prepared_by_id is None and returned.reason == "缺少催收记录"
    clocks = _claim_clock(db, application)
    open_ = [c for c in clocks if c.closed_at is None]
    assert len(open_) == 1 and open_[0].due_on == first_due   # the same window, not a new one
    # The bank files again, and the director may approve it as before.
    pl.file_claim(returned, crew.bank, j.at(150))
    assert returned.state == S.COMPENSATION_CLAIMED and returned.claim_amount > 0


def _monitoring_loan_due(db, crew):
    j.fund_the_pool(crew)
    application = j.file(crew, db)
    for _ in j.walk(application, j.lent(crew), db):
        pass
    db.session.commit()
    return application


def test_the_overdue_scan_runs_hourly_and_by_hand_once_per_loan(app, db, crew, runner,
                                                                monkeypatch):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["pledge-overdue-scan"]["task"] == SCAN_TASK
    assert SCAN_TASK in app.extensions["celery"].tasks
    application = _monitoring_loan_due(db, crew)
    first_due = min(i.due_on for i in application.instalments)
    # The day after the first instalment fell due, unpaid.
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW",
                        f"{date.fromordinal(first_due.toordinal() + 1).isoformat()}T10:00:00+08:00")
    result = runner.invoke(args=["pledge", "scan-overdue"])
    assert result.exit_code == 0, result.output
    assert "已标记逾期 1 笔贷款" in result.output
    assert state_of(db, application.id) == S.OVERDUE
    assert db.session.get(PledgeApplication, application.id).overdue_since == first_due
    again = runner.invoke(args=["pledge", "scan-overdue"])
    assert "已标记逾期 0 笔贷款" in again.output
    # The task the beat sends does the same (nothing left to mark).
    assert app.extensions["celery"].tasks[SCAN_TASK].apply().get() == 0
