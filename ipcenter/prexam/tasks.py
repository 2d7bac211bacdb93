"""Pre-examination tasks: rendering a queued notice and extracting a file's text, for the
request's files (``prexam_document``) and the registration's (``prexam_filing_document``),
each the kernel's ``matters.rendering.Rendering``, safe to run twice and retried on database
and broker errors; nothing of another domain."""

from __future__ import annotations

from ipcenter.matters.rendering import Rendering
from ipcenter.prexam import documents as catalogue
from ipcenter.prexam.kind import (
    EXTRACT_TASK,
    FILE_SUBJECT,
    FILING_EXTRACT_TASK,
    FILING_FILE_SUBJECT,
    FILING_RENDER_TASK,
    RENDER_TASK,
)
from ipcenter.prexam.models import PrexamDocument, PrexamFilingDocument

RENDERING = Rendering(
    model=PrexamDocument, owner="request_id", subject_type="prexam",
    source_prefix="prexam_document", template_dir=catalogue.TEMPLATE_DIR,
    data=lambda doc, now: catalogue.document_data(doc, now),
    render_task=RENDER_TASK, extract_task=EXTRACT_TASK, index_kind=FILE_SUBJECT,
    owed_render="prexam_render", owed_extract="prexam_extract", issued_by_uploader=True,
    label="pre-examination document")
FILING_RENDERING = Rendering(
    model=PrexamFilingDocument, owner="filing_id", subject_type="prexam_filing",
    source_prefix="prexam_filing_document", template_dir=catalogue.TEMPLATE_DIR,
    data=lambda doc, now: catalogue.document_data(doc, now),
    render_task=FILING_RENDER_TASK, extract_task=FILING_EXTRACT_TASK,
    index_kind=FILING_FILE_SUBJECT, owed_render="prexam_filing_render",
    owed_extract="prexam_filing_extract", issued_by_uploader=True,
    label="pre-examination registration document")

for _rendering in (RENDERING, FILING_RENDERING):
    _rendering.register_owed()

render_document, extract_text = RENDERING.tasks()
render_filing_document, extract_filing_text = FILING_RENDERING.tasks()
