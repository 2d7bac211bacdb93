"""The service clocks on the real working-day calendar (``chinesecalendar`` through
``ipcenter.core.workdays``): across the 2026 May Day holiday (1–5 May off, Saturday 9 May a
working day in exchange, 国办发明电〔2025〕7号), across a weekend, and a firm's calendar-day
period ending on a Saturday; who each clock is assigned to; each closed when its step is done;
and a change of targets reaching only the clocks opened after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import sqlalchemy as sa

from ipcenter.core.models import Deadline
from ipcenter.core.workdays import WorkdayCalendar
from ipcenter.prexam import services, settings
from ipcenter.prexam.workflow import S
from tests.prexam.conftest import approved_filing, submit, uploads

THURSDAY = datetime(2026, 4, 30, 2, 0, tzinfo=UTC)     # Thursday 30 April, 10:00 in Zhongshan


def at(day: date) -> datetime:
    """10:00 in Zhongshan on ``day``."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


def clocks_of(db, request, kind) -> list[Deadline]:
    return db.session.execute(sa.select(Deadline).filter_by(
        subject_type="prexam", subject_id=request.id, kind=kind).order_by(
        Deadline.id)).scalars().all()


def only(db, request, kind) -> Deadline:
    rows = clocks_of(db, request, kind)
    assert len(rows) == 1, rows
    return rows[0]


def ticked(kind="utility_model"):
    from ipcenter.prexam.rules import checklist

    return {c.code: True for c in checklist.CHECKLISTS[kind]}


POINTS = [{"basis": "pl_26_4", "text": "权利要求1不清楚。"}]


def test_the_may_day_holiday_of_2026_is_what_the_calendar_says():
    # The days these tests rest on, read from the package itself.
    off = [date(2026, 5, d) for d in range(1, 6)]
    assert all(chinese_calendar.get_holiday_detail(d) == (True, "Labour Day") for d in off)
    assert chinese_calendar.is_workday(date(2026, 5, 6))
    assert chinese_calendar.is_workday(date(2026, 5, 9))            # Saturday, worked
    assert not chinese_calendar.is_workday(date(2026, 5, 10))
    assert WorkdayCalendar().add_workdays(date(2026, 4, 30), 1) == date(2026, 5, 6)


def test_the_clocks_of_a_request_through_the_holiday(db, crew):
    approved_filing(db, crew, now=THURSDAY)
    request = submit(db, crew, now=THURSDAY)

    # Classification, 1 working day from Thursday 30 April: the first working day after the
    # May Day holiday, Wednesday 6 May; the examiners' queue watches it until one takes it up.
    classification = only(db, request, "classification")
    assert classification.period == "1wd" and classification.starts_on == date(2026, 4, 30)
    assert classification.due_on == date(2026, 5, 6)
    assert classification.assignee_role == "examiner"
    assert classification.assignee_user_id is None and classification.assignee_org_id is None
    services.take_up(request, crew.examiner, THURSDAY)
    db.session.flush()
    assert classification.assignee_user_id == crew.examiner.id
    assert classification.assignee_role is None and classification.closed_at is None

    # The round, 3 working days from Thursday 7 May: Friday 8, Saturday 9 (worked in exchange
    # for the holiday), Monday 11.
    confirmed = at(date(2026, 5, 7))
    services.confirm_classification(request, crew.examiner, confirmed)
    db.session.flush()
    # Confirmed a day after the target: the clock closes late.
    assert classification.closed_at == confirmed and classification.outcome == "late"
    first_round = only(db, request, "examination")
    assert first_round.period == "3wd" and first_round.due_on == date(2026, 5, 11)
    assert first_round.assignee_user_id == crew.examiner.id

    # The opinion on Wednesday 13 May: the firm's 10 days end on Saturday 23 May, so on
    # Monday 25 May; the firm's organisation watches it.
    issued = at(date(2026, 5, 13))
    opinion = services.issue_opinion(request, crew.examiner, issued, {}, POINTS)
    db.session.flush()
    assert first_round.closed_at == issued and first_round.outcome == "late"
    reply = only(db, request, "reply")
    assert reply.period == "10d" and reply.due_on == date(2026, 5, 25)
    assert opinion.reply_due_on == date(2026, 5, 25)
    assert reply.assignee_org_id == crew.firm_org.id
    assert reply.assignee_user_id is None and reply.assignee_role is None

    # The amendment on Thursday 14 May reopens the examiner's round across a weekend:
    # Friday 15, Monday 18, Tuesday 19.
    amended = at(date(2026, 5, 14))
    services.amend(request, crew.firm, amended, "已修改。", uploads(["amendment"]))
    db.session.flush()
    assert reply.closed_at == amended and reply.outcome == "met"
    second_round = [c for c in clocks_of(db, request, "examination") if c.closed_at is None]
    assert len(second_round) == 1
    assert second_round[0].starts_on == date(2026, 5, 14)
    assert second_round[0].due_on == date(2026, 5, 19)
    assert second_round[0].assignee_user_id == crew.examiner.id

    # Passing on Friday 15 May opens the firm's 30 days to file at CNIPA: Sunday 14 June, so
    # Monday 15 June.
    passed_at = at(date(2026, 5, 15))
    services.pass_request(request, crew.examiner, passed_at, ticked())
    db.session.flush()
    assert second_round[0].closed_at == passed_at and second_round[0].outcome == "met"
    filing = only(db, request, "cnipa_filing")
    assert filing.period == "30d" and filing.due_on == date(2026, 6, 15)
    assert filing.assignee_org_id == crew.firm_org.id

    from ipcenter.ip import numbers

    digits = "202620345678"
    services.record_filing(request, crew.firm, at(date(2026, 5, 18)),
                           f"{digits}.{numbers.check_character(digits)}", date(2026, 5, 18))
    db.session.flush()
    assert request.state == S.FILED_AT_CNIPA
    assert filing.closed_at == at(date(2026, 5, 18)) and filing.outcome == "met"
    assert db.session.execute(sa.select(Deadline).filter_by(
        subject_type="prexam", subject_id=request.id, closed_at=None)).first() is None


def test_the_registration_clock_is_the_examiners_and_closes_on_the_decision(db, crew):
    filing = approved_filing(db, crew, now=THURSDAY)
    clock = db.session.execute(sa.select(Deadline).filter_by(
        subject_type="prexam_filing", subject_id=filing.id, kind="filing_decision")).scalar_one()
    # 5 working days from 30 April: 6, 7, 8, 9 (Saturday, worked) and 11 May.
    assert clock.due_on == date(2026, 5, 11) and clock.assignee_role == "examiner"
    assert clock.closed_at == THURSDAY


def test_a_withdrawal_cancels_the_open_clocks(db, crew):
    approved_filing(db, crew, now=THURSDAY)
    request = submit(db, crew, now=THURSDAY)
    services.withdraw(request, crew.firm, THURSDAY + timedelta(hours=1))
    db.session.flush()
    clock = only(db, request, "classification")
    assert clock.closed_at is not None and clock.outcome == "cancelled"


def _targets(**values):
    figures = dict(classification_wd=1, round_wd=3, reply_days=10, max_rounds=3,
                   filing_days=30)
    figures.update(values)
    return figures


def _by_settings(db, crew, figures, day, now):
    settings.set_targets(figures, day, crew.admin, now)


def _by_row(db, crew, figures, day, now):
    """The version as ``set_targets`` writes it."""
    from ipcenter.prexam.models import ServiceTargets

    db.session.add(ServiceTargets(effective_from=day, changed_by_id=crew.admin.id,
                                  changed_at=now, **figures))
    db.session.flush()


def _new_targets_reach_only_later_clocks(db, crew, app, monkeypatch, write):
    # As in production, the services' ``now`` is the clock's now.
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-04-30T10:00:00+08:00")
    approved_filing(db, crew, now=THURSDAY)
    before = submit(db, crew, now=THURSDAY)
    write(db, crew, _targets(classification_wd=2, round_wd=5, reply_days=15),
          date(2026, 4, 30), THURSDAY)
    assert settings.targets_on(date(2026, 4, 30)).classification_wd == 2
    running = only(db, before, "classification")
    assert running.period == "1wd" and running.due_on == date(2026, 5, 6)   # unchanged

    after = submit(db, crew, now=THURSDAY)
    opened = only(db, after, "classification")
    assert opened.period == "2wd" and opened.due_on == date(2026, 5, 7)

    services.take_up(before, crew.examiner, THURSDAY)
    services.confirm_classification(before, crew.examiner, THURSDAY)
    db.session.flush()
    exam = only(db, before, "examination")
    # 5 working days from 30 April: 6, 7, 8, 9 and 11 May.
    assert exam.period == "5wd" and exam.due_on == date(2026, 5, 11)
    assert only(db, before, "classification").period == "1wd"


def test_new_targets_reach_only_the_clocks_opened_after_them(db, crew, app, monkeypatch):
    _new_targets_reach_only_later_clocks(db, crew, app, monkeypatch, _by_row)


def test_set_targets_reaches_only_the_clocks_opened_after_it(db, crew, app, monkeypatch):
    _new_targets_reach_only_later_clocks(db, crew, app, monkeypatch, _by_settings)


def test_a_clock_takes_the_targets_in_force_on_the_day_it_opens(db, crew):
    approved_filing(db, crew, now=THURSDAY)
    # Targets from 20 May 2026: after the day the clock opens, before the wall clock's today.
    _by_row(db, crew, _targets(classification_wd=2), date(2026, 5, 20), THURSDAY)
    request = submit(db, crew, now=at(date(2026, 5, 6)))
    assert only(db, request, "classification").period == "1wd"
