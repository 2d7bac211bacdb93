"""Case tasks: each is one service call in its own unit of work."""

from __future__ import annotations

from celery import shared_task

from ipcenter.core import clock
from ipcenter.core.db import unit_of_work


@shared_task(name="cases.render_document")
def render_document(document_id: int) -> None:
    """Render an official document's PDF and store it (idempotent: done once)."""
    from ipcenter.cases import rendering

    with unit_of_work():
        rendering.render(document_id, clock.now())


@shared_task(name="cases.extract_text", soft_time_limit=600, time_limit=660)
def extract_text(document_id: int) -> None:
    """Extract an uploaded or issued file's text for the index (idempotent)."""
    from ipcenter.cases import rendering

    with unit_of_work():
        rendering.extract_text(document_id)
