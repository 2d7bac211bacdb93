"""The one writer of the index: ``search.index`` runs on the ``index`` queue (concurrency 1).

It only reads the database, through the registered builder, so it needs no unit of work. A
busy index (another writer) is retried; delivery is at least once and re-indexing is
idempotent.
"""

from __future__ import annotations

from celery import shared_task

from ipcenter import search
from ipcenter.search.backends.base import IndexBusy


@shared_task(name="search.index", autoretry_for=(IndexBusy,), retry_backoff=True,
             max_retries=8, acks_late=True)
def index(kind: str, id) -> None:
    """Bring ``kind``/``id`` in the index up to date with the database."""
    search.index_now(kind, id)
