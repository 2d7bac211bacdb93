"""Rendering a queued official document: data from the case, PDF from core.documents."""

from __future__ import annotations

from datetime import datetime

from ipcenter.cases.documents import document_data
from ipcenter.cases.models import CaseDocument
from ipcenter import search
from ipcenter.core import documents, outbox
from ipcenter.core.db import db


def render(document_id: int, now: datetime) -> CaseDocument | None:
    """Issue the PDF of a pending document; a document already rendered is left alone."""
    doc = db.session.get(CaseDocument, document_id)
    if doc is None or doc.render_status == "done":
        return doc
    issued = documents.issue(doc.template, document_data(doc, now), title=doc.title,
                             number=doc.number, subject_type="case", subject_id=doc.case_id,
                             now=now)
    doc.issued_document_id = issued.id
    doc.sha256, doc.size, doc.content_type = issued.sha256, issued.size, "application/pdf"
    doc.filename = f"{doc.title}.pdf"
    doc.render_status = "done"
    doc.text_status = "pending"
    db.session.flush()
    outbox.enqueue("cases.extract_text", doc.id)
    return doc


def extract_text(document_id: int) -> CaseDocument | None:
    """Extract a file's text (OCR for scans) and queue it for the index. A file that cannot be
    read is marked failed with the reason; the case goes on."""
    from ipcenter.core import extract, storage

    doc = db.session.get(CaseDocument, document_id)
    if doc is None or not doc.sha256 or doc.text_status in ("done", "ocr"):
        return doc
    result = extract.extract(storage.path_for(doc.sha256), doc.content_type)
    doc.text_status, doc.text = result.status, result.text
    # On success ``reason`` notes what was left out (page limit …); kept, but it is no error.
    doc.text_error = (result.reason or "")[:300]
    db.session.flush()
    search.index_later("file", doc.id)
    return doc
