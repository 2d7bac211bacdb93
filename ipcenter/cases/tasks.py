"""Case tasks: each is service calls in units of work, safe to run twice (see
``ipcenter.cases.rendering``), retried on database and broker errors
(``ipcenter.core.tasks.RETRYING``).

A render that fails for another reason (the template cannot be filled, the PDF cannot be made)
marks the document failed and says why in the log: the case page shows it, ``flask search
check`` lists it and ``--repair`` queues it again once the cause is fixed.
"""

from __future__ import annotations

import logging

from celery import shared_task

from ipcenter.cases import rendering
from ipcenter.config import LONGEST_TASK_SECONDS
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work
from ipcenter.core.tasks import RETRYING, TRANSIENT

log = logging.getLogger(__name__)

rendering.register_owed()


@shared_task(name=rendering.RENDER_TASK, **RETRYING)
def render_document(document_id: int) -> None:
    """Render an official document's PDF and store it (once, however often delivered)."""
    try:
        with unit_of_work():
            rendering.render(document_id, clock.now())
    except TRANSIENT:
        raise
    except Exception:
        log.exception("rendering document %s failed; marked failed", document_id)
        with unit_of_work():
            rendering.render_failed(document_id)


@shared_task(name=rendering.EXTRACT_TASK, soft_time_limit=LONGEST_TASK_SECONDS - 60,
             time_limit=LONGEST_TASK_SECONDS, **RETRYING)
def extract_text(document_id: int) -> None:
    """Extract an uploaded or issued file's text for the index (written once, for the file the
    document holds): read what to do, extract with no transaction open, write."""
    from ipcenter.core import extract, storage

    with unit_of_work():
        source = rendering.text_source(document_id)
    if source is None:
        return
    result = extract.extract(storage.path_for(source[0]), source[1])
    with unit_of_work():
        rendering.store_text(document_id, source[0], result)
