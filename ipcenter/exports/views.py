"""The exports pages (``/exports/``): ask for an export from a list's 导出 button, the list of
one's own exports with their progress (a small JSON endpoint the page polls, with the app's
own script), and the download of a finished file while it is kept (404 before it is built, 410 once it has
expired or is gone from the store). An export is its owner's alone: another
user's id answers 404, as an id that is none."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work
from ipcenter.exports import registers, services, writers
from ipcenter.exports.models import ExportState

bp = Blueprint("exports", __name__)

# Filters arrive as ``filter.<name>`` fields, the list's query arguments.
PREFIX = "filter."
STATE_LABELS = {ExportState.QUEUED: _l("Export queued"),
                ExportState.RUNNING: _l("Export being built"),
                ExportState.DONE: _l("Export ready"), ExportState.FAILED: _l("Export failed"),
                ExportState.PURGED: _l("File expired")}


def _status(export, now) -> dict:
    """What the page and its polling show of ``export``: the download only while its file is
    offered (built and not expired)."""
    expired = export.expired(now)
    return {"id": export.id, "state": export.state,
            "label": str(STATE_LABELS[ExportState(export.state)]),
            "done": export.rows_done, "total": export.rows_total, "percent": export.percent(),
            "ready": export.ready, "failed": export.state == ExportState.FAILED,
            "error": export.error, "expired": expired,
            "download": url_for("exports.download", export_id=export.id)
            if export.downloadable(now) else None}


@bp.get("/")
@login_required
def index():
    policy.require(current_user, "exports.use")
    now = clock.now()
    rows = []
    for export in services.exports_of(current_user):
        register = registers.REGISTERS[export.register]
        status = _status(export, now)
        rows.append({"export": export, "status": status, "title": register.title,
                     "expired": status["expired"],
                     "list_url": url_for(register.list_endpoint,
                                         **register.list_args(export.filters))})
    return render_template("exports/index.html", rows=rows, labels=STATE_LABELS)


@bp.post("/")
@login_required
def new():
    policy.require(current_user, "exports.use")
    args = {key[len(PREFIX):]: value for key, value in request.form.items()
            if key.startswith(PREFIX)}
    with unit_of_work():
        export = services.request_export(current_user, request.form.get("register"), args,
                                         request.form.get("format"), clock.now())
    flash(_l("The export was started; the file can be downloaded here when it is ready."),
          "success")
    return redirect(url_for("exports.index", _anchor=f"export-{export.id}"))


@bp.get("/<int:export_id>/status")
@login_required
def status(export_id: int):
    return jsonify(_status(services.own_export(current_user, export_id), clock.now()))


@bp.get("/<int:export_id>/download")
@login_required
def download(export_id: int):
    export = services.own_export(current_user, export_id)
    now = clock.now()
    path = services.file_of(export, now)  # 404 not built, 410 expired or gone from the store
    with unit_of_work():
        services.record_download(current_user, export, now)
    mimetype = writers.WRITERS[export.format][1]
    if export.format == "csv":
        mimetype += "; charset=utf-8"
    return send_file(path, mimetype=mimetype,
                     as_attachment=True, download_name=export.filename)
