"""The deadline scan: batched, set-based, idempotent and resumable (``timelimits.mark_due``).

A fault is injected between batches through ``on_batch``, the hook that runs inside each
batch's transaction; the last test does it on a database of its own, where the batches really
commit, and reads the result through a separate connection."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ipcenter.core import timelimits
from ipcenter.core.db import db as _db
from ipcenter.core.models import Deadline
from ipcenter.core.workdays import WorkdayCalendar
from tests.conftest import NOW

CAL = WorkdayCalendar()
TODAY = date(2026, 9, 29)  # a Tuesday before the National Day holiday (10月1日–8日)
SCAN_AT = datetime(2026, 9, 29, 1, tzinfo=UTC)


class Fault(Exception):
    pass


def _clock(subject_id: int, due_on: date, **values) -> Deadline:
    row = Deadline(subject_type="case", subject_id=subject_id, subject_label=f"案{subject_id}",
                   kind="answer", title="提交答辩书", starts_on=date(2026, 9, 1), period="15d",
                   due_on=due_on, created_at=NOW, **values)
    _db.session.add(row)
    return row


def _stamps(ids) -> dict[int, datetime | None]:
    rows = _db.session.execute(sa.select(Deadline.id, Deadline.notified_at)
                               .where(Deadline.id.in_(list(ids))))
    return dict(rows.all())


def test_soon_means_three_working_days_of_the_chinese_calendar(db):
    # From Tuesday 29 September the 3rd working day is Friday 9 October: the 30th, then the
    # holiday, then 9 October (the 10th, a Saturday worked as 调休, is the 4th).
    assert timelimits.notice_cutoff(TODAY, CAL) == date(2026, 10, 9)
    inside = _clock(1, date(2026, 10, 9))
    outside = _clock(2, date(2026, 10, 10))
    _db.session.flush()
    scan = timelimits.mark_due(SCAN_AT, TODAY, CAL)
    assert (scan.stamped, scan.batches, scan.cutoff) == (1, 1, date(2026, 10, 9))
    assert _stamps([inside.id, outside.id]) == {inside.id: SCAN_AT, outside.id: None}


def test_batches_stamp_every_due_clock_once_and_a_rerun_stamps_nothing(db):
    earlier = SCAN_AT - timedelta(days=1)
    due = [_clock(i, TODAY - timedelta(days=i % 5)) for i in range(1, 12)]
    skipped = [_clock(20, date(2026, 12, 1)),                              # later
               _clock(21, TODAY, closed_at=NOW, outcome="met"),            # closed
               _clock(22, TODAY, notified_at=earlier)]                     # already stamped
    _db.session.flush()
    seen: list[list[int]] = []
    scan = timelimits.mark_due(SCAN_AT, TODAY, CAL, batch_size=4, on_batch=seen.append)
    assert (scan.stamped, scan.batches) == (11, 3)
    assert [len(ids) for ids in seen] == [4, 4, 3]
    assert sorted(i for ids in seen for i in ids) == sorted(r.id for r in due)
    assert set(_stamps(r.id for r in due).values()) == {SCAN_AT}
    assert _stamps(r.id for r in skipped) == {skipped[0].id: None, skipped[1].id: None,
                                              skipped[2].id: earlier}
    again = timelimits.mark_due(SCAN_AT + timedelta(hours=1), TODAY, CAL, batch_size=4,
                                on_batch=seen.append)
    assert (again.stamped, again.batches) == (0, 0) and len(seen) == 3
    assert set(_stamps(r.id for r in due).values()) == {SCAN_AT}


def test_a_fault_between_batches_keeps_the_done_ones_and_the_next_run_resumes(db):
    due = [_clock(i, TODAY) for i in range(1, 11)]
    _db.session.flush()
    ids = sorted(r.id for r in due)
    done: list[list[int]] = []

    def fail_on_third(batch):
        if len(done) == 2:
            raise Fault("the worker died")
        done.append(batch)

    with pytest.raises(Fault):
        timelimits.mark_due(SCAN_AT, TODAY, CAL, batch_size=3, on_batch=fail_on_third)
    # Batches 1 and 2 are committed; the third rolled back with its hook.
    assert done == [ids[0:3], ids[3:6]]
    stamps = _stamps(ids)
    assert [i for i in ids if stamps[i] is not None] == ids[:6]
    later = SCAN_AT + timedelta(hours=1)
    scan = timelimits.mark_due(later, TODAY, CAL, batch_size=3, on_batch=done.append)
    assert (scan.stamped, scan.batches) == (4, 2)
    assert sorted(i for batch in done for i in batch) == ids  # each clock once, in all
    stamps = _stamps(ids)
    assert [stamps[i] for i in ids] == [SCAN_AT] * 6 + [later] * 4


def test_batches_commit_for_real(tmp_path_factory, tmp_path):
    """On a database of its own (not the suite's rolled-back transaction): after a fault in
    the second batch, another connection sees the first batch committed and nothing else."""
    from flask_migrate import upgrade

    from tests.conftest import make_app

    url = f"sqlite:///{tmp_path / 'scan.db'}"
    app = make_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        for i in range(1, 6):
            _clock(i, TODAY)
        _db.session.commit()
        calls = []

        def fail_on_second(batch):
            calls.append(batch)
            if len(calls) == 2:
                raise Fault("the worker died")

        with pytest.raises(Fault):
            timelimits.mark_due(SCAN_AT, TODAY, CAL, batch_size=2, on_batch=fail_on_second)
        _db.session.remove()
        other = sa.create_engine(url)
        try:
            with other.connect() as conn:
                stamped = conn.execute(sa.text(
                    "SELECT subject_id FROM deadline WHERE notified_at IS NOT NULL "
                    "ORDER BY subject_id")).scalars().all()
        finally:
            other.dispose()
        assert stamped == [1, 2]
        scan = timelimits.mark_due(SCAN_AT, TODAY, CAL, batch_size=2)
        assert (scan.stamped, scan.batches) == (3, 2)
        _db.session.remove()
        _db.engine.dispose()


def test_the_command_stamps_and_reports(runner, app, db, monkeypatch):
    due = _clock(1, date(2026, 9, 30))
    later = _clock(2, date(2026, 11, 30))
    _db.session.flush()
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-09-29T09:00:00+08:00")
    result = runner.invoke(args=["calendar", "scan-deadlines", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert "1 clocks stamped in 1 batches" in result.output
    assert "due on or before 2026-10-09" in result.output
    stamps = _stamps([due.id, later.id])
    assert stamps[due.id] == SCAN_AT and stamps[later.id] is None
    again = runner.invoke(args=["calendar", "scan-deadlines"])
    assert "0 clocks stamped in 0 batches" in again.output
    refused = runner.invoke(args=["calendar", "scan-deadlines", "--batch-size", "0"])
    assert refused.exit_code == 2 and "batch-size" in refused.output
