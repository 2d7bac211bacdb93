"""Rendering a matter's queued official document and extracting a file's text, each safe to
run twice, for every family of matters: one ``Rendering`` per document table (cases'
``case_document``, pledge's ``pledge_document``), built with what differs between them.

A render claims its document with a conditional update (``render_status`` pending → done, in
the transaction that issues the PDF): a second delivery, at once or later, finds nothing to
claim and changes nothing; on PostgreSQL a concurrent one waits for the first to commit, then
finds the row done. ``issued_document.source`` is unique per document as well. An extraction
writes its text only if the document still holds the file it read (its SHA-256 is the
version) and still waits for text: never an older text over a newer one, never twice.

A render that fails for another reason (the template cannot be filled, the PDF cannot be made)
marks the document failed and says why in the log: the matter's page shows it, ``flask search
check`` lists it and ``--repair`` queues it again once the cause is fixed (the owed work).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ipcenter import search
from ipcenter.core import documents, outbox
from ipcenter.core.db import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendering:
    model: type                   # the document table's model (``CaseDocument`` …)
    owner: str                    # its column holding the matter's id (``case_id`` …)
    subject_type: str             # the issued PDF's subject (``case``, ``pledge``)
    source_prefix: str            # ``issued_document.source`` is ``<prefix>:<id>``
    template_dir: str             # under ``templates/pdf`` ("" for the top)
    data: Callable                # (doc, now) -> the template's data
    render_task: str
    extract_task: str
    index_kind: str               # the search index's kind of the files
    owed_render: str              # the names of the owed work (one registry holds every
    owed_extract: str             # family's: no two share a name)
    # Whether the issued PDF's record names who queued it (the document's ``uploaded_by``).
    issued_by_uploader: bool = False
    label: str = "document"       # in the log

    def source_of(self, document_id: int) -> str:
        """What an issued PDF is issued for, unique (``issued_document.source``)."""
        return f"{self.source_prefix}:{document_id}"

    def render(self, document_id: int, now: datetime):
        """Issue the PDF of a pending document; one rendered, failed or gone is left alone."""
        table = self.model.__table__
        claimed = db.session.execute(
            sa.update(table).where(table.c.id == document_id,
                                   table.c.render_status == "pending")
            .values(render_status="done").returning(table.c.id)).first()
        if claimed is None:
            return db.session.get(self.model, document_id)
        doc = db.session.get(self.model, document_id, populate_existing=True)
        actor = None
        if self.issued_by_uploader and doc.uploaded_by_id:
            from ipcenter.auth.models import User

            actor = db.session.get(User, doc.uploaded_by_id)
        template = f"{self.template_dir}/{doc.template}" if self.template_dir else doc.template
        issued = documents.issue(template, self.data(doc, now), title=doc.title,
                                 number=doc.number, subject_type=self.subject_type,
                                 subject_id=getattr(doc, self.owner), now=now, actor=actor,
                                 source=self.source_of(doc.id))
        doc.issued_document_id = issued.id
        doc.sha256, doc.size, doc.content_type = issued.sha256, issued.size, "application/pdf"
        doc.filename = f"{doc.title}.pdf"
        doc.text_status = "pending"
        db.session.flush()
        outbox.enqueue(self.extract_task, doc.id)
        return doc

    def render_failed(self, document_id: int) -> None:
        """Mark a render that cannot succeed as failed (a pending one only)."""
        table = self.model.__table__
        db.session.execute(sa.update(table).where(table.c.id == document_id,
                                                  table.c.render_status == "pending")
                           .values(render_status="failed"))

    def text_source(self, document_id: int) -> tuple[str, str] | None:
        """The file (SHA-256, content type) whose text a document still waits for, or None."""
        doc = db.session.get(self.model, document_id)
        if doc is None or not doc.sha256 or doc.text_status != "pending":
            return None
        return doc.sha256, doc.content_type

    def store_text(self, document_id: int, sha256: str, result) -> bool:
        """Write an extraction of file ``sha256`` (an ``extract.Extraction``) and queue the file
        for the index; False (nothing written) when the document holds another file by now or
        has its text already. On success ``reason`` notes what was left out (page limit …);
        kept, but it is no error."""
        table = self.model.__table__
        written = db.session.execute(
            sa.update(table).where(table.c.id == document_id, table.c.sha256 == sha256,
                                   table.c.text_status == "pending")
            .values(text_status=result.status, text=result.text,
                    text_error=(result.reason or "")[:300]).returning(table.c.id)).first()
        if written is None:
            return False
        search.index_later(self.index_kind, document_id)
        return True

    def extract_text(self, document_id: int):
        """Extract a file's text (OCR for scans) and queue it for the index, in the current
        transaction. A file that cannot be read is marked failed with the reason; the matter
        goes on. (The task does the same in three steps, holding no transaction during the
        OCR.)"""
        from ipcenter.core import extract, storage

        source = self.text_source(document_id)
        if source is not None:
            result = extract.extract(storage.path_for(source[0]), source[1])
            self.store_text(document_id, source[0], result)
        return db.session.get(self.model, document_id, populate_existing=True)

    # -- work owed: the sweeper and ``flask search check`` ----------------------------------

    def _owed(self, what: str, column, task: str, cutoff: datetime) -> list[outbox.Work]:
        model = self.model
        rows = db.session.execute(
            sa.select(model.id, column).where(
                sa.or_(sa.and_(column == "pending", model.created_at < cutoff),
                       column == "failed")).order_by(model.id)).all()
        return [outbox.Work(task, (row[0],), what, self.source_of(row[0]), row[1])
                for row in rows]

    def owed_renders(self, cutoff: datetime) -> list[outbox.Work]:
        """Official documents whose PDF is still pending since before ``cutoff``, or failed."""
        return self._owed(self.owed_render, self.model.render_status, self.render_task, cutoff)

    def owed_texts(self, cutoff: datetime) -> list[outbox.Work]:
        """Files whose text is pending since before ``cutoff``. A failed extraction is a fact
        about the file (damaged, protected …) shown on the matter's page, not work owed."""
        return [work for work in self._owed(self.owed_extract, self.model.text_status,
                                            self.extract_task, cutoff)
                if work.state == "pending"]

    def _reset(self, column: str):
        def reset(work: outbox.Work) -> None:
            table = self.model.__table__
            db.session.execute(sa.update(table).where(table.c.id == work.args[0],
                                                      table.c[column] == "failed")
                               .values({column: "pending"}))
        return reset

    def register_owed(self) -> None:
        outbox.register_owed(self.owed_render, self.owed_renders, self._reset("render_status"))
        outbox.register_owed(self.owed_extract, self.owed_texts, self._reset("text_status"))

    # -- the tasks ----------------------------------------------------------------------------

    def tasks(self):
        """The two Celery tasks (render, extract), named ``render_task`` and ``extract_task``,
        each service calls in units of work, retried on database and broker errors
        (``ipcenter.core.tasks.RETRYING``)."""
        from celery import shared_task

        from ipcenter.config import LONGEST_TASK_SECONDS
        from ipcenter.core import clock
        from ipcenter.core.db import unit_of_work
        from ipcenter.core.tasks import RETRYING, TRANSIENT

        @shared_task(name=self.render_task, **RETRYING)
        def render_document(document_id: int) -> None:
            """Render an official document's PDF and store it (once, however often
            delivered)."""
            try:
                with unit_of_work():
                    self.render(document_id, clock.now())
            except TRANSIENT:
                raise
            except Exception:
                log.exception("rendering %s %s failed; marked failed", self.label, document_id)
                with unit_of_work():
                    self.render_failed(document_id)

        @shared_task(name=self.extract_task, soft_time_limit=LONGEST_TASK_SECONDS - 60,
                     time_limit=LONGEST_TASK_SECONDS, **RETRYING)
        def extract_text(document_id: int) -> None:
            """Extract an uploaded or issued file's text for the index (written once, for the
            file the document holds): read what to do, extract with no transaction open,
            write."""
            from ipcenter.core import extract, storage

            with unit_of_work():
                source = self.text_source(document_id)
            if source is None:
                return
            result = extract.extract(storage.path_for(source[0]), source[1])
            with unit_of_work():
                self.store_text(document_id, source[0], result)

        return render_document, extract_text
