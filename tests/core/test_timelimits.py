"""Deadlines as rows: opened, paused, resumed, extended, closed, and listed per user."""

from datetime import date, datetime, timezone

import pytest

from ipcenter.core import timelimits
from ipcenter.core.errors import Conflict
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


def test_my_deadlines_groups_and_scopes(db, make_user):
    me = make_user("adjudicator")
    other = make_user("adjudicator")
    today = date(2026, 9, 29)
    _open(subject_id=1, starts_on=date(2026, 9, 1), period="5wd", assignee_user_id=me.id)
    _open(subject_id=2, starts_on=date(2026, 9, 28), period="3wd", assignee_user_id=me.id)
    _open(subject_id=3, starts_on=date(2026, 9, 28), period="3m", assignee_user_id=me.id)
    _open(subject_id=4, starts_on=date(2026, 9, 1), period="5wd", assignee_user_id=other.id)
    _open(subject_id=5, starts_on=date(2026, 9, 28), period="1wd", assignee_role="adjudicator")
    groups = timelimits.my_deadlines(me.id, me.organisation_id, me.roles, today, CAL)
    ids = {key: sorted(c.row.subject_id for c in rows) for key, rows in groups.items()}
    assert ids == {"overdue": [1], "soon": [2, 5], "later": [3]}


def test_firm_sees_deadlines_of_its_organisation(db, make_user):
    firm_user = make_user("firm")
    _open(subject_id=7, starts_on=date(2026, 3, 2), period="15d",
          assignee_org_id=firm_user.organisation_id, title="提交答辩书")
    groups = timelimits.my_deadlines(firm_user.id, firm_user.organisation_id, firm_user.roles,
                                     date(2026, 3, 5), CAL)
    assert [c.row.title for c in groups["later"]] == ["提交答辩书"]
    outsider = make_user("firm")
    assert not any(timelimits.my_deadlines(outsider.id, outsider.organisation_id,
                                           outsider.roles, date(2026, 3, 5), CAL).values())


def test_scan_marks_due_rows_once(db):
    soon = _open(subject_id=1, starts_on=date(2026, 9, 28), period="1wd")
    later = _open(subject_id=2, starts_on=date(2026, 9, 28), period="3m")
    now = datetime(2026, 9, 29, 1, tzinfo=timezone.utc)
    assert timelimits.mark_due(now, date(2026, 9, 29), CAL).stamped == 1
    assert soon.notified_at == now and later.notified_at is None
    assert timelimits.mark_due(now, date(2026, 9, 29), CAL).stamped == 0
