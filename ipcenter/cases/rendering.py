"""Rendering a queued official document and extracting a file's text, each safe to run twice.

A render claims its document with a conditional update (``render_status`` pending → done, in
the transaction that issues the PDF): a second delivery, at once or later, finds nothing to
claim and changes nothing; on PostgreSQL a concurrent one waits for the first to commit, then
finds the row done. ``issued_document.source`` is unique per document as well. An extraction
writes its text only if the document still holds the file it read (its SHA-256 is the
version) and still waits for text: never an older text over a newer one, never twice.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ipcenter import search
from ipcenter.cases.documents import document_data
from ipcenter.cases.models import CaseDocument
from ipcenter.core import documents, outbox
from ipcenter.core.db import db

RENDER_TASK, EXTRACT_TASK = "cases.render_document", "cases.extract_text"


def source_of(document_id: int) -> str:
    """What an issued PDF is issued for, unique (``issued_document.source``)."""
    return f"case_document:{document_id}"


def render(document_id: int, now: datetime) -> CaseDocument | None:
    """Issue the PDF of a pending document; one rendered, failed or gone is left alone."""
    table = CaseDocument.__table__
    claimed = db.session.execute(
        sa.update(table).where(table.c.id == document_id, table.c.render_status == "pending")
        .values(render_status="done").returning(table.c.id)).first()
    if claimed is None:
        return db.session.get(CaseDocument, document_id)
    doc = db.session.get(CaseDocument, document_id, populate_existing=True)
    issued = documents.issue(doc.template, document_data(doc, now), title=doc.title,
                             number=doc.number, subject_type="case", subject_id=doc.case_id,
                             now=now, source=source_of(doc.id))
    doc.issued_document_id = issued.id
    doc.sha256, doc.size, doc.content_type = issued.sha256, issued.size, "application/pdf"
    doc.filename = f"{doc.title}.pdf"
    doc.text_status = "pending"
    db.session.flush()
    outbox.enqueue(EXTRACT_TASK, doc.id)
    return doc


def render_failed(document_id: int) -> None:
    """Mark a render that cannot succeed as failed (a pending one only)."""
    table = CaseDocument.__table__
    db.session.execute(sa.update(table).where(table.c.id == document_id,
                                              table.c.render_status == "pending")
                       .values(render_status="failed"))


def text_source(document_id: int) -> tuple[str, str] | None:
    """The file (SHA-256, content type) whose text a document still waits for, or None."""
    doc = db.session.get(CaseDocument, document_id)
    if doc is None or not doc.sha256 or doc.text_status != "pending":
        return None
    return doc.sha256, doc.content_type


def store_text(document_id: int, sha256: str, result) -> bool:
    """Write an extraction of file ``sha256`` (an ``extract.Extraction``) and queue the file for
    the index; False (nothing written) when the document holds another file by now or has
    its text already. On success ``reason`` notes what was left out (page limit …); kept, but
    it is no error."""
    table = CaseDocument.__table__
    written = db.session.execute(
        sa.update(table).where(table.c.id == document_id, table.c.sha256 == sha256,
                               table.c.text_status == "pending")
        .values(text_status=result.status, text=result.text,
                text_error=(result.reason or "")[:300]).returning(table.c.id)).first()
    if written is None:
        return False
    search.index_later("file", document_id)
    return True


def extract_text(document_id: int) -> CaseDocument | None:
    """Extract a file's text (OCR for scans) and queue it for the index, in the current
    transaction. A file that cannot be read is marked failed with the reason; the case goes
    on. (The task does the same in three steps, holding no transaction during the OCR.)"""
    from ipcenter.core import extract, storage

    source = text_source(document_id)
    if source is not None:
        result = extract.extract(storage.path_for(source[0]), source[1])
        store_text(document_id, source[0], result)
    return db.session.get(CaseDocument, document_id, populate_existing=True)


# -- work owed: the sweeper and ``flask search check`` --------------------------------------------

def _owed(what: str, column, task: str, cutoff: datetime) -> list[outbox.Work]:
    rows = db.session.execute(
        sa.select(CaseDocument.id, column).where(
            sa.or_(sa.and_(column == "pending", CaseDocument.created_at < cutoff),
                   column == "failed")).order_by(CaseDocument.id)).all()
    return [outbox.Work(task, (row[0],), what, source_of(row[0]), row[1]) for row in rows]


def owed_renders(cutoff: datetime) -> list[outbox.Work]:
    """Official documents whose PDF is still pending since before ``cutoff``, or failed."""
    return _owed("render", CaseDocument.render_status, RENDER_TASK, cutoff)


def owed_texts(cutoff: datetime) -> list[outbox.Work]:
    """Files whose text is pending since before ``cutoff``. A failed extraction is a fact about
    the file (damaged, protected …) shown on the case page, not work owed."""
    return [work for work in _owed("extract", CaseDocument.text_status, EXTRACT_TASK, cutoff)
            if work.state == "pending"]


def _reset(column: str):
    def reset(work: outbox.Work) -> None:
        table = CaseDocument.__table__
        db.session.execute(sa.update(table).where(table.c.id == work.args[0],
                                                  table.c[column] == "failed")
                           .values({column: "pending"}))
    return reset


def register_owed() -> None:
    outbox.register_owed("render", owed_renders, _reset("render_status"))
    outbox.register_owed("extract", owed_texts, _reset("text_status"))
