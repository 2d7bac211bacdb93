"""Deadlines as rows: opened, paused, resumed, extended, closed, and listed per user."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from ipcenter.core import audit, timelimits, worklist
from ipcenter.core.errors import Conflict, NotFound, PermissionDenied
from ipcenter.core.workdays import WorkdayCalendar
from tests.conftest import NOW

CAL = WorkdayCalendar()


def _open(**kwargs):
    values = dict(subject_type="case", subject_id=1, subject_label="中市监知裁字〔2026〕1号",
                  kind="decision", title="作出处理决定", starts_on=date(2026, 3, 2), period="3m",
                  now=NOW, basis="专利行政执法办法 第二十一条", cal=CAL)
    values.update(kwargs)
    return timelimits.open_deadline(**values)


def test_open_computes_due_date(db):
    row = _open()
    assert row.due_on == date(2026, 6, 2) and not row.provisional


def test_pause_resume_extend(db):
    row = _open()
    timelimits.pause(row, date(2026, 4, 1), "suspension")
    with pytest.raises(Conflict):
        timelimits.pause(row, date(2026, 4, 2), "suspension")
    timelimits.resume(row, date(2026, 4, 21), CAL)
    assert row.due_on == date(2026, 6, 22)
    timelimits.extend(row, "1m", CAL)
    assert row.due_on == date(2026, 7, 22)
    with pytest.raises(Conflict):
        timelimits.extend(row, "1m", CAL)


def test_resume_without_pause_refused(db):
    with pytest.raises(Conflict):
        timelimits.resume(_open(), date(2026, 4, 1), CAL)


def test_close_records_met_or_late(db):
    on_time, late = _open(), _open(kind="serve", period="5wd")
    timelimits.close(on_time, NOW, date(2026, 6, 2))
    timelimits.close(late, NOW, date(2026, 3, 20))
    assert (on_time.outcome, late.outcome) == ("met", "late")
    assert timelimits.open_for("case", 1) == []


def test_provisional_when_reaching_unknown_year(db):
    row = _open(starts_on=date(2026, 12, 10), period="20wd")
    assert row.provisional and row.due_on.year == 2027


def _ids(sections):
    return {key: sorted(c.row.subject_id for c in section.clocks)
            for key, section in sections.items()}


def test_my_work_groups_and_scopes(db, make_user):
    """A role's clock is no longer on every member's own list (it was before issue 12): it
    waits in the role's shared queue until one member takes it on."""
    me = make_user("adjudicator")
    other = make_user("adjudicator")
    today = date(2026, 9, 29)
    _open(subject_id=1, starts_on=date(2026, 9, 1), period="5wd", assignee_user_id=me.id)
    _open(subject_id=2, starts_on=date(2026, 9, 28), period="3wd", assignee_user_id=me.id)
    _open(subject_id=3, starts_on=date(2026, 9, 28), period="3m", assignee_user_id=me.id)
    _open(subject_id=4, starts_on=date(2026, 9, 1), period="5wd", assignee_user_id=other.id)
    _open(subject_id=5, starts_on=date(2026, 9, 28), period="1wd", assignee_role="adjudicator")
    _open(subject_id=6, starts_on=date(2026, 9, 28), period="1wd", assignee_role="enforcer")
    sections = worklist.my_work(me.id, me.organisation_id, me.roles, today, CAL)
    assert _ids(sections) == {"queue": [5], "overdue": [1], "soon": [2], "later": [3]}
    assert {k: s.total for k, s in sections.items()} == \
        {"queue": 1, "overdue": 1, "soon": 1, "later": 1}


def test_firm_sees_deadlines_of_its_organisation(db, make_user):
    firm_user = make_user("firm")
    _open(subject_id=7, starts_on=date(2026, 3, 2), period="15d",
          assignee_org_id=firm_user.organisation_id, title="提交答辩书")
    sections = worklist.my_work(firm_user.id, firm_user.organisation_id, firm_user.roles,
                                date(2026, 3, 5), CAL)
    assert [c.row.title for c in sections["later"].clocks] == ["提交答辩书"]
    outsider = make_user("firm")
    assert not any(s.total for s in worklist.my_work(
        outsider.id, outsider.organisation_id, outsider.roles, date(2026, 3, 5), CAL).values())


def test_sections_page_in_due_order_with_totals(db, make_user):
    me = make_user("adjudicator")
    for n in range(7):
        _open(subject_id=n, starts_on=date(2026, 9, 1) + timedelta(days=n), period="3m",
              assignee_user_id=me.id)
    today = date(2026, 9, 29)
    first = worklist.my_work(me.id, None, me.roles, today, CAL, per_page=3)["later"]
    third = worklist.my_work(me.id, None, me.roles, today, CAL, {"later": 3}, per_page=3)["later"]
    beyond = worklist.my_work(me.id, None, me.roles, today, CAL, {"later": 99},
                              per_page=3)["later"]
    assert (first.total, first.pages, [c.row.subject_id for c in first.clocks]) == \
        (7, 3, [0, 1, 2])
    assert [c.row.subject_id for c in third.clocks] == [6] and third.has_prev
    assert not third.has_next and beyond.page == 3  # past the end: the last page


def test_own_and_organisation_clocks_merge_in_due_order_across_pages(db, make_user):
    me = make_user("firm")
    for n in range(6):
        who = {"assignee_user_id": me.id} if n % 2 else {"assignee_org_id": me.organisation_id}
        _open(subject_id=n, starts_on=date(2026, 9, 1) + timedelta(days=n), period="3m", **who)
    today = date(2026, 9, 29)
    seen = [c.row.subject_id for page in (1, 2, 3) for c in worklist.my_work(
        me.id, me.organisation_id, me.roles, today, CAL, {"later": page}, per_page=2)
        ["later"].clocks]
    assert seen == [0, 1, 2, 3, 4, 5]


def test_paused_days_of_the_rows_shown(db, make_user):
    me = make_user("adjudicator")
    row = _open(subject_id=1, starts_on=date(2026, 9, 1), period="3m", assignee_user_id=me.id)
    timelimits.pause(row, date(2026, 9, 10), "suspension")
    timelimits.resume(row, date(2026, 9, 20), CAL)
    db.session.expire_all()
    clock = worklist.my_work(me.id, None, me.roles, date(2026, 9, 29), CAL)["later"].clocks[0]
    assert clock.days_paused == 10 and clock.days_used == 18


def test_claim_moves_a_queued_clock_to_the_claimer(db, make_user):
    me, other = make_user("adjudicator"), make_user("adjudicator")
    enforcer = make_user("enforcer")
    row = _open(subject_id=5, starts_on=date(2026, 9, 28), period="1wd",
                assignee_role="adjudicator")
    with pytest.raises(PermissionDenied):
        worklist.claim(row.id, enforcer, NOW)
    worklist.claim(row.id, me, NOW)
    today = date(2026, 9, 29)
    assert _ids(worklist.my_work(me.id, None, me.roles, today, CAL))["soon"] == [5]
    assert not any(s.total for s in worklist.my_work(other.id, None, other.roles, today,
                                                     CAL).values())
    with pytest.raises(Conflict, match="someone else|他人"):
        worklist.claim(row.id, other, NOW)
    with pytest.raises(Conflict, match="already taken on|您已领取"):
        worklist.claim(row.id, me, NOW)
    event = audit.events_for("case", 5)[-1]
    assert (event.action, event.actor_id) == ("deadline.claim", me.id)
    assert json.loads(event.detail)["deadline"] == row.id
    timelimits.close(row, NOW, today)
    with pytest.raises(NotFound):
        worklist.claim(row.id, other, NOW)


def test_scan_marks_due_rows_once(db):
    soon = _open(subject_id=1, starts_on=date(2026, 9, 28), period="1wd")
    later = _open(subject_id=2, starts_on=date(2026, 9, 28), period="3m")
    now = datetime(2026, 9, 29, 1, tzinfo=timezone.utc)
    assert timelimits.mark_due(now, date(2026, 9, 29), CAL).stamped == 1
    assert soon.notified_at == now and later.notified_at is None
    assert timelimits.mark_due(now, date(2026, 9, 29), CAL).stamped == 0
