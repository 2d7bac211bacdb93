"""Pledge tasks: rendering a queued official document of an application and extracting a file's
text, each safe to run twice, retried on database and broker errors
(``ipcenter.core.tasks.RETRYING``): the kernel's ``matters.rendering.Rendering`` for
``pledge_document``, as the cases' documents have theirs; nothing of cases.

A render claims its document with a conditional update (``render_status`` pending → done, in
the transaction that issues the PDF): a second delivery finds nothing to claim and changes
nothing; ``issued_document.source`` (``pledge_document:<id>``) is unique as well. An extraction
writes its text only if the document still holds the file it read and still waits for text.
A render that fails for another reason marks the document failed (the sweeper's owed work,
``flask search check --repair`` queues it again).
"""

from __future__ import annotations

import logging

from celery import shared_task

from ipcenter.core import clock
from ipcenter.core.tasks import RETRYING
from ipcenter.matters.rendering import Rendering
from ipcenter.pledge import documents as catalogue
from ipcenter.pledge.kind import EXTRACT_TASK, RENDER_TASK
from ipcenter.pledge.models import PledgeDocument

log = logging.getLogger(__name__)
# The search index's kind of a pledge file (its builder is pledge's search module's).
FILE_KIND = "pledge_file"
TEMPLATE_DIR = catalogue.TEMPLATE_DIR

# Named apart from the cases' owed work ("render", "extract"): one registry holds every
# domain's.
RENDERING = Rendering(
    model=PledgeDocument, owner="application_id", subject_type="pledge",
    source_prefix="pledge_document", template_dir=TEMPLATE_DIR,
    data=lambda doc, now: catalogue.document_data(doc, now),
    render_task=RENDER_TASK, extract_task=EXTRACT_TASK, index_kind=FILE_KIND,
    owed_render="pledge_render", owed_extract="pledge_extract", issued_by_uploader=True,
    label="pledge document")

source_of = RENDERING.source_of

RENDERING.register_owed()

render_document, extract_text = RENDERING.tasks()


# The hourly scan of due instalments (``pledge.init_app`` adds it to the beat schedule).
SCAN_TASK = "pledge.scan_overdue"


@shared_task(name=SCAN_TASK, **RETRYING)
def scan_overdue() -> int:
    """Mark overdue the loans with an instalment due and unpaid (``services.scan_overdue``,
    batches that each commit: a retry resumes where they stopped). Returns how many."""
    from ipcenter.pledge import services

    scan = services.scan_overdue(clock.today(), clock.now())
    log.info("pledge overdue scan: %d loans marked in %d batches, %.2f s", scan.marked,
             scan.batches, scan.seconds)
    return scan.marked
