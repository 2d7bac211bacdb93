"""A real Celery worker on Redis: work queued through the outbox runs in the worker, and work
the broker refused is sent again by ``dispatch_pending`` once the broker is back.

The worker is the production entry point (``celery -A ipcenter.worker worker``) in a
subprocess, on the same database as the test. Its audit row ``system.ping`` proves it ran.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from ipcenter import ROOT
from ipcenter.config import build_config
from ipcenter.core import audit, outbox
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.models import AuditEvent, OutboxMessage
from tests.conftest import make_app
from tests.integration.conftest import (
    broker_url,
    dispose,
    fresh_database,
    migrated_app,
)

pytestmark = pytest.mark.celery_worker

CLOSED_BROKER = "redis://127.0.0.1:6390/0"  # nothing listens there
TIMEOUT = 30.0


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """PostgreSQL when the tests have one (as in production), else a SQLite file."""
    broker_url()  # skip before building anything
    postgres = os.environ.get("IPCENTER_TEST_DATABASE_URL", "").startswith("postgresql")
    backend = "postgresql" if postgres else "sqlite"
    with fresh_database(backend, tmp_path_factory.mktemp("celery-db")) as url:
        yield url


def _app_with_broker(tmp_path_factory, database: str, broker: str, *, migrate: bool):
    celery = dict(build_config(str(tmp_path_factory.getbasetemp()))["CELERY"],
                  broker_url=broker, task_always_eager=False)
    overrides = {"IPCENTER_BROKER_URL": broker, "CELERY": celery}
    if migrate:
        return migrated_app(tmp_path_factory, database, **overrides)
    return make_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=database, **overrides)


@pytest.fixture(scope="module")
def web(tmp_path_factory, database):
    """The web side: an app that sends to the real broker; it also builds the schema."""
    app = _app_with_broker(tmp_path_factory, database, broker_url(), migrate=True)
    yield app
    dispose(app)


@pytest.fixture(scope="module")
def worker(tmp_path_factory, database, web):
    folder = tmp_path_factory.mktemp("worker")
    log_path = folder / "worker.log"
    # Every server shares the audit key and the audit head file (README, "Many servers").
    env = dict(os.environ, IPCENTER_DATABASE_URL=database, IPCENTER_BROKER_URL=broker_url(),
               IPCENTER_DATA_DIR=str(folder), IPCENTER_SECRET_KEY="worker-test-secret",
               IPCENTER_AUDIT_KEY=web.config["IPCENTER_AUDIT_KEY"],
               IPCENTER_AUDIT_HEAD_FILE=web.config["IPCENTER_AUDIT_HEAD_FILE"])
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ipcenter.worker", "worker",
             "-Q", "celery,index", "--concurrency", "1", "--pool", "solo", "--loglevel", "INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process, log_path
    finally:
        process.terminate()  # warm shutdown
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_ping(app, token: str, worker) -> None:
    process, log_path = worker
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with app.app_context():
            found = db.session.execute(
                sa.select(AuditEvent.id).where(AuditEvent.action == "system.ping",
                                               AuditEvent.object_id == token)).first()
        if found:
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    state = f"exited with {process.returncode}" if process.poll() is not None else "running"
    pytest.fail(f"no system.ping audit row for {token} within {TIMEOUT:.0f} s; the worker is "
                f"{state}; its log:\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 60) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _enqueue_ping(app, token: str) -> int:
    with app.app_context(), unit_of_work():
        message = outbox.enqueue("core.ping", token)
        db.session.flush()
        message_id = message.id
    return message_id


def test_worker_runs_a_task_queued_through_the_outbox(web, worker):
    token = uuid.uuid4().hex
    message_id = _enqueue_ping(web, token)

    with web.app_context():
        message = db.session.get(OutboxMessage, message_id)
        assert message.sent_at is not None, message.last_error
        assert message.attempts == 1
    _wait_for_ping(web, token, worker)
    with web.app_context():
        assert audit.verify().ok, "the worker's audit row must extend the same chain"


def test_a_message_the_broker_refused_is_sent_again(tmp_path_factory, database, web, worker):
    token = uuid.uuid4().hex
    broker_down = _app_with_broker(tmp_path_factory, database, CLOSED_BROKER, migrate=False)
    try:
        message_id = _enqueue_ping(broker_down, token)  # committed; the send fails after it
    finally:
        dispose(broker_down)

    with web.app_context():
        message = db.session.get(OutboxMessage, message_id)
        assert message.sent_at is None
        assert message.claimed_at is None, "a failed send releases its claim"
        assert message.attempts == 1
        assert message.last_error
        assert outbox.pending_count() == 1

    with web.app_context():
        assert outbox.dispatch_pending() == 1
        message = db.session.get(OutboxMessage, message_id)
        assert message.sent_at is not None
        assert message.attempts == 2
    _wait_for_ping(web, token, worker)
