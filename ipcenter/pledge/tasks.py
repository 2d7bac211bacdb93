"""Pledge tasks: rendering a queued official document of an application and extracting a file's
text, each safe to run twice, retried on database and broker errors
(``ipcenter.core.tasks.RETRYING``). The pattern of ``cases.rendering``, written against the
kernel's pieces (``core.documents``, ``core.outbox``, ``core.extract``), not against cases.

A render claims its document with a conditional update (``render_status`` pending → done, in
the transaction that issues the PDF): a second delivery finds nothing to claim and changes
nothing; ``issued_document.source`` (``pledge_document:<id>``) is unique as well. An extraction
writes its text only if the document still holds the file it read and still waits for text.
A render that fails for another reason marks the document failed (the sweeper's owed work,
``flask search check --repair`` queues it again).
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from celery import shared_task

from ipcenter import search
from ipcenter.auth.models import User
from ipcenter.config import LONGEST_TASK_SECONDS
from ipcenter.core import clock, documents, outbox
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.tasks import RETRYING, TRANSIENT
from ipcenter.pledge import documents as catalogue
from ipcenter.pledge.kind import EXTRACT_TASK, RENDER_TASK
from ipcenter.pledge.models import PledgeDocument

log = logging.getLogger(__name__)

# The search index's kind of a pledge file (its builder is pledge's search module's).
FILE_KIND = "pledge_file"
TEMPLATE_DIR = "pledge"


def source_of(document_id: int) -> str:
    """What an issued PDF is issued for, unique (``issued_document.source``)."""
    return f"pledge_document:{document_id}"


def render(document_id: int, now: datetime) -> PledgeDocument | None:
    """Issue the PDF of a pending document; one rendered, failed or gone is left alone."""
    table = PledgeDocument.__table__
    claimed = db.session.execute(
        sa.update(table).where(table.c.id == document_id, table.c.render_status == "pending")
        .values(render_status="done").returning(table.c.id)).first()
    if claimed is None:
        return db.session.get(PledgeDocument, document_id)
    doc = db.session.get(PledgeDocument, document_id, populate_existing=True)
    actor = db.session.get(User, doc.uploaded_by_id) if doc.uploaded_by_id else None
    issued = documents.issue(f"{TEMPLATE_DIR}/{doc.template}",
                             catalogue.document_data(doc, now), title=doc.title,
                             number=doc.number, subject_type="pledge",
                             subject_id=doc.application_id, now=now, actor=actor,
                             source=source_of(doc.id))
    doc.issued_document_id = issued.id
    doc.sha256, doc.size, doc.content_type = issued.sha256, issued.size, "application/pdf"
    doc.filename = f"{doc.title}.pdf"
    doc.text_status = "pending"
    db.session.flush()
    outbox.enqueue(EXTRACT_TASK, doc.id)
    return doc


def render_failed(document_id: int) -> None:
    """Mark a render that cannot succeed as failed (a pending one only)."""
    table = PledgeDocument.__table__
    db.session.execute(sa.update(table).where(table.c.id == document_id,
                                              table.c.render_status == "pending")
                       .values(render_status="failed"))


def text_source(document_id: int) -> tuple[str, str] | None:
    """The file (SHA-256, content type) whose text a document still waits for, or None."""
    doc = db.session.get(PledgeDocument, document_id)
    if doc is None or not doc.sha256 or doc.text_status != "pending":
        return None
    return doc.sha256, doc.content_type


def store_text(document_id: int, sha256: str, result) -> bool:
    """Write an extraction of file ``sha256`` and queue the file for the index; False (nothing
    written) when the document holds another file by now or has its text already."""
    table = PledgeDocument.__table__
    written = db.session.execute(
        sa.update(table).where(table.c.id == document_id, table.c.sha256 == sha256,
                               table.c.text_status == "pending")
        .values(text_status=result.status, text=result.text,
                text_error=(result.reason or "")[:300]).returning(table.c.id)).first()
    if written is None:
        return False
    search.index_later(FILE_KIND, document_id)
    return True


# -- work owed: the sweeper and ``flask search check`` --------------------------------------------

def _owed(what: str, column, task: str, cutoff: datetime) -> list[outbox.Work]:
    rows = db.session.execute(
        sa.select(PledgeDocument.id, column).where(
            sa.or_(sa.and_(column == "pending", PledgeDocument.created_at < cutoff),
                   column == "failed")).order_by(PledgeDocument.id)).all()
    return [outbox.Work(task, (row[0],), what, source_of(row[0]), row[1]) for row in rows]


def owed_renders(cutoff: datetime) -> list[outbox.Work]:
    return _owed("pledge_render", PledgeDocument.render_status, RENDER_TASK, cutoff)


def owed_texts(cutoff: datetime) -> list[outbox.Work]:
    return [work for work in _owed("pledge_extract", PledgeDocument.text_status, EXTRACT_TASK,
                                   cutoff) if work.state == "pending"]


def _reset(column: str):
    def reset(work: outbox.Work) -> None:
        table = PledgeDocument.__table__
        db.session.execute(sa.update(table).where(table.c.id == work.args[0],
                                                  table.c[column] == "failed")
                           .values({column: "pending"}))
    return reset


# Named apart from the cases' ("render", "extract"): one registry holds every domain's.
outbox.register_owed("pledge_render", owed_renders, _reset("render_status"))
outbox.register_owed("pledge_extract", owed_texts, _reset("text_status"))


# -- the tasks ------------------------------------------------------------------------------------

@shared_task(name=RENDER_TASK, **RETRYING)
def render_document(document_id: int) -> None:
    """Render a pledge document's PDF and store it (once, however often delivered)."""
    try:
        with unit_of_work():
            render(document_id, clock.now())
    except TRANSIENT:
        raise
    except Exception:
        log.exception("rendering pledge document %s failed; marked failed", document_id)
        with unit_of_work():
            render_failed(document_id)


@shared_task(name=EXTRACT_TASK, soft_time_limit=LONGEST_TASK_SECONDS - 60,
             time_limit=LONGEST_TASK_SECONDS, **RETRYING)
def extract_text(document_id: int) -> None:
    """Extract an uploaded or issued file's text for the index: read what to do, extract with
    no transaction open, write."""
    from ipcenter.core import extract, storage

    with unit_of_work():
        source = text_source(document_id)
    if source is None:
        return
    result = extract.extract(storage.path_for(source[0]), source[1])
    with unit_of_work():
        store_text(document_id, source[0], result)


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
