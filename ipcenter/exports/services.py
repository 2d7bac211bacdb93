"""Exports: asking for one (``request_export``), building its file (``build_export``, the
task's work), and finding a user's own.

An export is built in chunks of ``CHUNK`` rows read by keyset (``registers.chunks``), its
progress committed after each, so the exports page shows it moving; the file is written to a
temporary file as it goes and then kept in the content-addressed store. The rows are read with
the owner's visibility at the time the file is built, through the filters checked again then:
a right lost between the request and the build is not exported.

An export past its expiry is purged daily (``purge_expired``, the beat's ``exports.purge``):
marked ``purged``, audited, and its file removed from the store unless another row still holds
the same bytes (the store keeps a file once, under its SHA-256). A purged or expired export is
never built again, whatever message asks for it.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ipcenter.auth.models import User
from ipcenter.core import audit, outbox, storage
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import DomainError, Gone, InvalidInput, NotFound
from ipcenter.core.models import StoredFile
from ipcenter.core.tasks import TRANSIENT
from ipcenter.exports import registers, writers
from ipcenter.exports.models import Export, ExportFormat, ExportState

log = logging.getLogger(__name__)

BUILD_TASK = "exports.build"
PURGE_TASK = "exports.purge"
LOCALE = "zh_Hans_CN"       # the files are the office's: always Chinese
CHUNK = 500
KEPT = timedelta(days=7)    # a file is offered for a week, then expires
MAX_BYTES = 512 * 1024 * 1024
FORMATS = frozenset(f.value for f in ExportFormat)


def request_export(user, register_name, args, fmt, now: datetime) -> Export:
    """Queue an export of ``register_name`` filtered by ``args`` (the list's query string) as
    ``fmt``, owned by ``user``; audited, and built by a task after the commit.

    Raises ``InvalidInput`` for an unknown register or format or a filter the list does not
    offer, ``PermissionDenied`` when the user may not open the list."""
    register = registers.register_of(register_name)
    if fmt not in FORMATS:
        raise InvalidInput(_l("This export cannot be made: %(what)s.",
                              what=_l("there is no such file format")))
    filters = registers.check(register, user, args)
    export = Export(owner_id=user.id, register=register.name, filters=filters, format=fmt,
                    state=ExportState.QUEUED, rows_done=0, created_at=now,
                    expires_at=now + KEPT)
    db.session.add(export)
    db.session.flush()
    audit.record("export.request", actor=user, obj_type="export", obj_id=export.id,
                 detail={"register": register.name, "filters": filters, "format": fmt},
                 now=now)
    outbox.enqueue(BUILD_TASK, export.id)
    return export


def own_export(user, export_id: int) -> Export:
    """The export ``export_id`` if ``user`` owns it; ``NotFound`` otherwise (another's export
    is not told apart from none)."""
    export = db.session.get(Export, export_id)
    if export is None or export.owner_id != user.id:
        raise NotFound(_l("There is no such export."))
    return export


def exports_of(user, limit: int = 50) -> list[Export]:
    return list(db.session.execute(
        sa.select(Export).where(Export.owner_id == user.id)
        .order_by(Export.created_at.desc(), Export.id.desc()).limit(limit)).scalars())


def file_of(export: Export, now: datetime) -> Path:
    """The path of ``export``'s file if it is offered now: ``NotFound`` while it is not built
    (or failed), ``Gone`` (410) once it has expired or its file is no longer in the store."""
    if export.state == ExportState.PURGED or (export.ready and export.expired(now)):
        raise Gone(_l("This export's file has expired and is no longer kept. Export the "
                      "list again to get a new file."))
    if not export.ready:
        raise NotFound(_l("This export's file is not available."))
    path = storage.path_for(export.file_sha256)
    if not path.is_file():
        log.error("export %s: its file %s is missing from the store", export.id,
                  export.file_sha256)
        raise Gone(_l("This export's file is no longer in the store. Export the list again "
                      "to get a new file."))
    return path


def filename_of(export: Export) -> str:
    with force_locale(LOCALE):
        title = str(registers.REGISTERS[export.register].title)
    return f"{title}导出-{export.id}.{export.format}"


def build_export(export_id: int, now: datetime) -> Export | None:
    """Build the file of export ``export_id``: count its rows, write them chunk by chunk
    (each chunk's progress committed), keep the file, mark it done. Safe to run twice: a done
    export is left as it is, and so is a purged or an expired one (a message delivered again
    or a retried task never brings back a file that is gone); a second delivery of an
    unfinished one builds it again. A refusal
    (the owner may no longer open the list) or a failure marks it failed, with its reason; a
    transient database or broker error is raised, for the task to be tried again."""
    with unit_of_work():
        export = db.session.get(Export, export_id, with_for_update=True)
        if export is None or not _buildable(export, now):
            return export
        owner = db.session.get(User, export.owner_id)
        export.state = ExportState.RUNNING
        export.rows_done = 0
        export.error = ""
    try:
        with force_locale(LOCALE):
            _build(export, owner, now)
    except TRANSIENT:
        db.session.rollback()
        raise  # the database or the broker away for a while: the task is tried again
    except Exception as exc:
        db.session.rollback()
        reason = str(exc.message) if isinstance(exc, DomainError) else ""
        if not isinstance(exc, DomainError):
            log.exception("export %s failed", export_id)
        with unit_of_work():
            export = db.session.get(Export, export_id)
            export.state = ExportState.FAILED
            export.error = reason[:300]
            export.finished_at = now
        return export
    return export


def _buildable(export: Export, now: datetime) -> bool:
    return export.state != ExportState.DONE and not export.expired(now)


def _build(export: Export, owner, now: datetime) -> None:
    register = registers.REGISTERS[export.register]
    with unit_of_work():
        filters = registers.check(register, owner, export.filters)
        plan = register.plan(owner, filters)
        export.rows_total = registers.count(plan)
    writer_class = writers.WRITERS[export.format][0]
    base = storage.root() / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=base) as folder:
        path = Path(folder) / f"export.{export.format}"
        writer = writer_class(path, str(register.title), plan.columns)
        for chunk in registers.chunks(plan, CHUNK):
            writer.write(plan.rows(chunk, now))
            with unit_of_work():
                export.rows_done += len(chunk)
        writer.close()
        with unit_of_work(), path.open("rb") as stream:
            db.session.refresh(export, with_for_update=True)
            if export.state == ExportState.PURGED:
                return  # purged while it was being built: nothing to keep
            allowed = frozenset({storage.XLSX if export.format == "xlsx" else storage.TEXT})
            saved = storage.save(stream, "export", allowed=allowed, max_bytes=MAX_BYTES)
            export.file_sha256 = saved.sha256
            export.filename = filename_of(export)
            export.rows_total = export.rows_done
            export.state = ExportState.DONE
            export.finished_at = now
            audit.record("export.build", actor=None, obj_type="export", obj_id=export.id,
                         detail={"rows": export.rows_done, "sha256": saved.sha256}, now=now)
    current_app.logger.info("export %s: %d rows", export.id, export.rows_done)


def record_download(user, export: Export, now: datetime) -> None:
    """The download of an export's file, audited (its rows are the owner's cases, loans or
    requests)."""
    audit.record("export.download", actor=user, obj_type="export", obj_id=export.id,
                 detail={"register": export.register}, now=now)


# ---------------------------------------------------------------------------------------------
# Purging what has expired


def _file_references() -> list[sa.Column]:
    """Every column that holds a stored file's SHA-256 (a foreign key to ``stored_file``)."""
    target = StoredFile.__table__.c.sha256
    return [fk.parent for table in db.metadata.tables.values()
            for fk in table.foreign_keys if fk.column is target]


def _still_held(shas: set[str]) -> set[str]:
    """Which of the stored files ``shas`` a row still refers to: one query per referring
    column, whatever the number of files."""
    held: set[str] = set()
    for column in _file_references():
        held.update(db.session.execute(sa.select(column).distinct()
                                       .where(column.in_(sorted(shas)))).scalars())
    return held


def purge_expired(now: datetime, batch_size: int = 200) -> int:
    """Mark ``purged`` every export whose expiry has passed (each audited ``export.purge``)
    and remove its file from the store when no other row holds the same bytes (another
    export of the same rows, a case's document …); return how many were purged.

    Safe to run twice or at once with itself: a purged export is not purged again, and each
    batch claims its rows before it changes them. A file is unlinked after the commit that
    let go of its last reference."""
    purged = 0
    while True:
        gone: list[str] = []
        with unit_of_work():
            batch = db.session.execute(
                sa.select(Export).where(Export.state != ExportState.PURGED,
                                        Export.expires_at <= now)
                .order_by(Export.id).limit(batch_size)
                .with_for_update(skip_locked=True)).scalars().all()
            if not batch:
                return purged
            held = {export.id: export.file_sha256 for export in batch}
            for export in batch:
                export.state = ExportState.PURGED
                export.file_sha256 = None
            db.session.flush()
            released = {sha for sha in held.values() if sha}
            gone = sorted(released - _still_held(released)) if released else []
            if gone:
                db.session.execute(sa.delete(StoredFile).where(StoredFile.sha256.in_(gone)))
            for export in batch:
                sha = held[export.id]
                audit.record("export.purge", actor=None, obj_type="export", obj_id=export.id,
                             detail={"register": export.register, "sha256": sha or "",
                                     "file_removed": bool(sha) and sha in gone}, now=now)
            purged += len(batch)
        storage.remove_unnamed(gone)
        if len(batch) < batch_size:
            return purged
