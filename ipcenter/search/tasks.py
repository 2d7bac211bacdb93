"""The one writer of the index: ``search.index`` runs on the ``index`` queue (concurrency 1).

It only reads the database, through the registered builder, so it needs no unit of work.
Delivery is at least once and re-indexing is idempotent; and the last write holds the newest
state: each delivery takes the index's writer lock *before* it reads the object, in a fresh
transaction, so that two deliveries at once (two workers, two web threads run eagerly) write in
the order they read and an older state never overwrites a newer one. A busy index (another
writer) is retried by the worker; run eagerly (the embedded default), the failure goes back to
the outbox. An index that cannot be used (another schema version) is not retried: only
``flask search rebuild`` can bring it back, and the rebuild reads this change from the
database anyway. Database and broker errors are retried with backoff like every task's.
"""

from __future__ import annotations

import fcntl
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from celery import shared_task
from flask import current_app

from ipcenter import search
from ipcenter.core import outbox
from ipcenter.core.tasks import RETRYING
from ipcenter.search.backends.base import IndexBusy, IndexUnavailable

log = logging.getLogger(__name__)


@contextmanager
def writer_lock():
    """An exclusive lock on the configured index directory, across processes and threads."""
    folder = Path(current_app.config["IPCENTER_INDEX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / ".writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@shared_task(bind=True, name="search.index", **RETRYING)
def index(self, kind: str, id) -> None:
    """Bring ``kind``/``id`` in the index up to date with the database."""
    from ipcenter.core.db import db

    try:
        with writer_lock():
            db.session.rollback()  # read what is committed now, not an older snapshot
            search.index_now(kind, id)
            db.session.rollback()
    except IndexBusy as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=min(300, 5 * 2 ** self.request.retries)) from exc
    except IndexUnavailable as exc:
        log.error("search index unusable, %s:%s not indexed (run flask search rebuild): %s",
                  kind, id, exc)


def index_batch(arguments: list[list]) -> None:
    """What ``index`` does, for several ``[kind, id]`` at once, eagerly: a busy index raises
    (the outbox then sends the messages one by one); an unusable one is logged."""
    from ipcenter.core.db import db

    try:
        # Its own application context, so its own session, like a task's.
        with current_app._get_current_object().app_context(), writer_lock():
            db.session.rollback()
            search.index_many((kind, id) for kind, id in arguments)
            db.session.rollback()
    except IndexUnavailable as exc:
        log.error("search index unusable, %d object(s) not indexed (run flask search rebuild): "
                  "%s", len(arguments), exc)


outbox.register_batch("search.index", index_batch)
