"""Rendering a queued official document: data from the case, PDF from core.documents."""

from __future__ import annotations

from datetime import datetime

from ipcenter.cases.documents import document_data
from ipcenter.cases.models import CaseDocument
from ipcenter.core import documents
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
    db.session.flush()
    return doc
