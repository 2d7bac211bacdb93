"""The one writer of the index: ``search.index`` runs on the ``index`` queue (concurrency 1).

It only reads the database, through the registered builder, so it needs no unit of work.
Delivery is at least once and re-indexing is idempotent. A busy index (another writer) is
retried by the worker; run eagerly (the embedded default), the failure goes back to the outbox,
which sends the message again with the next dispatch. An index that cannot be used (another
schema version) is not retried: only ``flask search rebuild`` can bring it back, and the
rebuild reads this change from the database anyway.
"""

from __future__ import annotations

import logging

from celery import shared_task

from ipcenter import search
from ipcenter.search.backends.base import IndexBusy, IndexUnavailable

log = logging.getLogger(__name__)


@shared_task(bind=True, name="search.index", max_retries=8, acks_late=True)
def index(self, kind: str, id) -> None:
    """Bring ``kind``/``id`` in the index up to date with the database."""
    try:
        search.index_now(kind, id)
    except IndexBusy as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=min(300, 5 * 2 ** self.request.retries)) from exc
    except IndexUnavailable as exc:
        log.error("search index unusable, %s:%s not indexed (run flask search rebuild): %s",
                  kind, id, exc)
