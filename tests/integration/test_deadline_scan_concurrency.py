"""The deadline scan run twice at once (beat's hourly task and an operator's command, or a task
redelivered while the first copy still runs): every due clock is stamped once, by one of them.

On PostgreSQL the ``UPDATE`` re-tests ``notified_at IS NULL`` on the row version it waited
for; on SQLite the single writer serialises the batches. Committed data, in a fresh database."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ipcenter.core import timelimits
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.models import Deadline
from ipcenter.core.workdays import WorkdayCalendar
from tests.integration.conftest import dispose, fresh_database, migrated_app

CAL = WorkdayCalendar()
TODAY = date(2026, 9, 29)
AT = datetime(2026, 9, 29, 1, tzinfo=UTC)
CLOCKS = 600


def _fill(app) -> list[int]:
    with app.app_context(), unit_of_work():
        rows = [Deadline(subject_type="case", subject_id=i, subject_label=f"案{i}", kind="answer",
                         title="提交答辩书", starts_on=date(2026, 9, 1), period="15d",
                         due_on=TODAY - timedelta(days=i % 7), created_at=AT)
                for i in range(1, CLOCKS + 1)]
        db.session.add_all(rows)
        db.session.flush()
        return sorted(r.id for r in rows)


@pytest.mark.parametrize("backend", [
    pytest.param("postgresql", marks=pytest.mark.postgres),
    "sqlite",
])
def test_two_scans_at_once_stamp_each_clock_once(backend, tmp_path_factory):
    with fresh_database(backend, tmp_path_factory.mktemp("scan")) as url:
        app = migrated_app(tmp_path_factory, url)
        try:
            ids = _fill(app)
            barrier = threading.Barrier(2, timeout=60)
            seen: dict[str, list[int]] = {"a": [], "b": []}
            errors: list[Exception] = []

            def scan(name):
                try:
                    with app.app_context():
                        barrier.wait()
                        timelimits.mark_due(AT, TODAY, CAL, batch_size=25,
                                            on_batch=seen[name].extend)
                        db.session.remove()
                except Exception as exc:  # noqa: BLE001 - reported by the main thread
                    errors.append(exc)

            threads = [threading.Thread(target=scan, args=(n,)) for n in seen]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            assert not errors, errors
            assert sorted(seen["a"] + seen["b"]) == ids  # all of them, none twice
            with app.app_context():
                unstamped = db.session.execute(sa.select(sa.func.count()).where(
                    Deadline.notified_at.is_(None))).scalar()
                db.session.remove()
            assert unstamped == 0
        finally:
            dispose(app)


@pytest.mark.postgres
def test_a_clock_stamped_meanwhile_is_skipped_after_its_lock(tmp_path_factory):
    """Another transaction stamps clock k and holds its lock; the scan's batch waits for it,
    then finds it stamped and leaves it (its stamp stays the other one's)."""
    with fresh_database("postgresql", tmp_path_factory.mktemp("scan")) as url:
        app = migrated_app(tmp_path_factory, url)
        try:
            ids = _fill(app)
            k, other = ids[10], AT - timedelta(hours=1)
            engine = sa.create_engine(url)
            holder = engine.connect()
            held = holder.begin()
            holder.execute(sa.text("UPDATE deadline SET notified_at = :at WHERE id = :id"),
                           {"at": other, "id": k})
            result: dict = {}

            def scan():
                with app.app_context():
                    result["scan"] = timelimits.mark_due(AT, TODAY, CAL, batch_size=100)
                    db.session.remove()

            thread = threading.Thread(target=scan)
            thread.start()
            time.sleep(1.0)
            assert thread.is_alive(), "the scan did not wait for the locked clock"
            held.commit()
            holder.close()
            thread.join(timeout=60)
            assert result["scan"].stamped == CLOCKS - 1
            with engine.connect() as conn:
                stamps = dict(conn.execute(sa.text("SELECT id, notified_at FROM deadline")).all())
            engine.dispose()
            assert stamps[k] == other
            assert all(stamps[i] == AT for i in ids if i != k)
        finally:
            dispose(app)
