"""Official numbers under concurrency: 8 threads × 25 allocations, each in its own app context
and committed unit of work (as requests and tasks do), all threads released together every
round; the numbers must be 1..200, each once. On PostgreSQL the sequence row's lock does the
work (``UPDATE … RETURNING``); on SQLite the database's single writer does."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from ipcenter.core.db import db, unit_of_work
from ipcenter.core.models import NumberSequence
from ipcenter.core.numbering import allocate
from tests.integration.conftest import dispose, fresh_database, migrated_app

PREFIX = "中市监知裁字"
THREADS = 8
ROUNDS = 25


@pytest.mark.parametrize("backend", [
    pytest.param("postgresql", marks=pytest.mark.postgres),
    "sqlite",
])
def test_concurrent_allocations_are_distinct_and_gapless(backend, tmp_path_factory):
    with fresh_database(backend, tmp_path_factory.mktemp("numbering")) as url:
        app = migrated_app(tmp_path_factory, url)
        try:
            numbers = _allocate_concurrently(app)
            assert len(numbers) == THREADS * ROUNDS
            assert sorted(numbers) == list(range(1, THREADS * ROUNDS + 1))
            with app.app_context():
                last = db.session.execute(
                    sa.select(NumberSequence.last).where(NumberSequence.prefix == PREFIX,
                                                         NumberSequence.year == 2026)
                ).scalar_one()
            assert last == THREADS * ROUNDS
        finally:
            dispose(app)


def _allocate_concurrently(app) -> list[int]:
    # Every round, all threads wait at the barrier and then allocate at the same moment.
    barrier = threading.Barrier(THREADS, timeout=60)
    numbers: list[int] = []
    errors: list[Exception] = []

    def work():
        try:
            for _ in range(ROUNDS):
                barrier.wait()
                with app.app_context(), unit_of_work():
                    serial = allocate(PREFIX, 2026)
                numbers.append(serial)  # list.append is atomic
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=work, name=f"allocator-{i}") for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an allocator thread hangs"
    real = [e for e in errors if not isinstance(e, threading.BrokenBarrierError)]
    assert not errors, real or errors
    return numbers


def test_two_units_of_work_in_one_app_context_on_sqlite(tmp_path_factory):
    """A task or CLI command that opens several units of work in one app context, while
    another connection writes between them (deterministic, no threads needed). The session must
    not keep a read transaction open after a unit of work (the outbox's look-up after the
    commit did): SQLite refuses a write from a stale snapshot ('database is locked')."""
    with fresh_database("sqlite", tmp_path_factory.mktemp("numbering")) as url:
        app = migrated_app(tmp_path_factory, url)
        try:
            with app.app_context():
                with unit_of_work():
                    assert allocate(PREFIX, 2026) == 1
                with app.app_context(), unit_of_work():  # another session: another connection
                    assert allocate(PREFIX, 2026) == 2
                with unit_of_work():
                    assert allocate(PREFIX, 2026) == 3
        finally:
            dispose(app)
