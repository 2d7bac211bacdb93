"""Public verification of issued documents (no sign-in): by the code printed at the foot of each
page, and by uploading a PDF to compare it byte for byte with the record.

The pages show what identifies a document (title, 文号, issuing office, date, SHA-256), never its
content or the parties' personal data.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length, Optional

from ipcenter.core import documents
from ipcenter.core.errors import InvalidInput
from ipcenter.extensions import limiter

bp = Blueprint("verify", __name__)


class VerifyUploadForm(FlaskForm):
    """Shape only: whether the file is a PDF and matches is the service's answer."""

    code = StringField(_l("Verification code (optional)"),
                       validators=[Optional(), Length(max=40)],
                       description=_l("As printed at the foot of each page. Without it, the "
                                      "file is looked up by its SHA-256 fingerprint."))
    file = FileField(_l("PDF file"),
                     validators=[FileRequired(_l("Choose the PDF file to check."))])


def _public(document: documents.IssuedDocument) -> dict:
    """What anyone may see of a record."""
    return {"title": document.title, "number": document.number, "office": document.office,
            "issued_at": document.issued_at, "sha256": document.sha256,
            "size": document.size, "revoked_at": document.revoked_at,
            "code": document.verify_code}


@bp.get("/verify/<code>")
def code(code: str):
    normalized = documents.normalize_code(code)
    if normalized is None:
        return render_template("verify/code.html", state="malformed", code=code[:40],
                               document=None, form=VerifyUploadForm()), 404
    if normalized != code:
        return redirect(url_for("verify.code", code=normalized))
    document = documents.find_by_code(normalized)
    if document is None:
        return render_template("verify/code.html", state="not_found", code=normalized,
                               document=None, form=VerifyUploadForm()), 404
    state = "revoked" if document.revoked_at else "found"
    form = VerifyUploadForm(code=normalized)
    return render_template("verify/code.html", state=state, code=normalized,
                           document=_public(document), form=form)


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def check():
    lookup_error = None
    if request.method == "GET" and "code" in request.args:
        normalized = documents.normalize_code(request.args.get("code"))
        if normalized is not None:
            return redirect(url_for("verify.code", code=normalized))
        lookup_error = _("This is not a verification code: it has 12 letters and digits, "
                         "as printed at the foot of each page.")
    form = VerifyUploadForm()
    result = None
    status = 400 if request.method == "POST" else (404 if lookup_error else 200)
    if form.validate_on_submit():
        typed = (form.code.data or "").strip()
        if typed and documents.normalize_code(typed) is None:
            form.code.errors.append(_("This is not a verification code: it has 12 letters "
                                      "and digits, as printed at the foot of each page."))
        else:
            try:
                outcome = documents.check_upload(typed or None, form.file.data.read())
            except InvalidInput as exc:
                form.file.errors.append(exc.message)
            else:
                status = 200
                result = {"status": outcome.status, "sha256": outcome.sha256,
                          "document": _public(outcome.document) if outcome.document else None}
    return render_template("verify/check.html", form=form, result=result,
                           lookup_error=lookup_error), status
