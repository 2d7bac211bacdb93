"""What every matter's pages do the same way: load a matter (or 404) and the rows that belong to
it, and send one of its files (the download audited). Who may see either is the domain's
policy, asked by the domain's view before these."""

from __future__ import annotations

from flask import abort, flash, redirect, request, send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ipcenter.core import audit, clock, storage
from ipcenter.core.db import db, unit_of_work


def load(model, obj_id: int):
    """The ``model`` row ``obj_id``, or 404."""
    obj = db.session.get(model, obj_id)
    if obj is None:
        abort(404)
    return obj


def load_of(model, obj_id: int, owner_column: str, owner_id: int):
    """A row of ``model`` that belongs to the matter ``owner_id`` (its ``owner_column``), or
    404: a document of another matter is not found under this one."""
    obj = db.session.get(model, obj_id)
    if obj is None or getattr(obj, owner_column) != owner_id:
        abort(404)
    return obj


def send_document(doc, subject: str, matter_id: int, back: str):
    """The file ``doc`` as an attachment, its download audited on the matter (``subject``,
    ``matter_id``); a document whose PDF is still being rendered sends the user ``back``."""
    if not doc.sha256:
        flash(_l("The document is still being prepared. Try again in a moment."), "warning")
        return redirect(back)
    with unit_of_work():
        audit.record("document.download", actor=current_user, obj_type=subject,
                     obj_id=matter_id, now=clock.now(), address=request.remote_addr or "",
                     detail={"document": doc.id, "sha256": doc.sha256})
    return send_file(storage.path_for(doc.sha256), mimetype=doc.content_type,
                     as_attachment=True,
                     download_name=storage.name_for_type(doc.filename or doc.title,
                                                         doc.content_type))
