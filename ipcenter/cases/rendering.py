"""Rendering a case's queued official document and extracting a case file's text: the kernel's
``matters.rendering.Rendering`` for ``case_document`` (see there: each safe to run twice).

The module's names (``render``, ``store_text``, ``source_of`` …) are that one instance's.
"""

from __future__ import annotations

from ipcenter.cases.documents import document_data
from ipcenter.cases.models import CaseDocument
from ipcenter.matters.rendering import Rendering

RENDER_TASK, EXTRACT_TASK = "cases.render_document", "cases.extract_text"

# ``document_data`` is read when a document renders (a test may replace it).
RENDERING = Rendering(
    model=CaseDocument, owner="case_id", subject_type="case", source_prefix="case_document",
    template_dir="", data=lambda doc, now: document_data(doc, now), render_task=RENDER_TASK,
    extract_task=EXTRACT_TASK, index_kind="file", owed_render="render", owed_extract="extract")

source_of = RENDERING.source_of
render = RENDERING.render
render_failed = RENDERING.render_failed
text_source = RENDERING.text_source
store_text = RENDERING.store_text
extract_text = RENDERING.extract_text
owed_renders = RENDERING.owed_renders
owed_texts = RENDERING.owed_texts
register_owed = RENDERING.register_owed
