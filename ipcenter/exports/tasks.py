"""The export tasks: build one export's file (``services.build_export``), safe to run twice
(a done, purged or expired export is left as it is), and the daily purge of the expired
(``services.purge_expired``); both retried on database and broker errors."""

from __future__ import annotations

import logging

from celery import shared_task

from ipcenter.core import clock
from ipcenter.core.tasks import RETRYING
from ipcenter.exports.services import BUILD_TASK, PURGE_TASK

log = logging.getLogger(__name__)


@shared_task(name=BUILD_TASK, **RETRYING)
def build(export_id: int) -> int:
    """Build export ``export_id``; return how many rows it holds."""
    from ipcenter.exports import services

    export = services.build_export(int(export_id), clock.now())
    return export.rows_done if export is not None else 0


@shared_task(name=PURGE_TASK, **RETRYING)
def purge() -> int:
    """Purge the exports past their expiry (batches that each commit: a retry resumes where
    they stopped); return how many."""
    from ipcenter.exports import services

    purged = services.purge_expired(clock.now())
    log.info("exports purge: %d expired exports purged", purged)
    return purged
