"""The export task: build one export's file (``services.build_export``), safe to run twice
(a done export is left as it is), retried on database and broker errors."""

from __future__ import annotations

from celery import shared_task

from ipcenter.core import clock
from ipcenter.core.tasks import RETRYING
from ipcenter.exports.services import BUILD_TASK


@shared_task(name=BUILD_TASK, **RETRYING)
def build(export_id: int) -> int:
    """Build export ``export_id``; return how many rows it holds."""
    from ipcenter.exports import services

    export = services.build_export(int(export_id), clock.now())
    return export.rows_done if export is not None else 0
