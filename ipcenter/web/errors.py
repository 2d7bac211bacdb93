"""Error pages in the user's language, never a stack trace, and the audit row for refusals."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ipcenter.core import audit, clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import DomainError

log = logging.getLogger(__name__)

TITLES = {
    400: _l("The request could not be processed"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Action not allowed"),
    409: _l("The action conflicts with the current state"),
    410: _l("No longer available"),
    413: _l("The upload is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}

MESSAGES = {
    400: _l("Please check what you entered and try again."),
    403: _l("You are not allowed to see this page or to do this."),
    404: _l("The page you asked for does not exist, or has been removed."),
    405: _l("This action cannot be taken this way."),
    409: _l("The matter has changed in the meantime; reload the page and try again."),
    410: _l("What you asked for was here once and is no longer kept."),
    413: _l("The file or form is larger than allowed."),
    429: _l("Too many attempts in a short time. Please wait a few minutes and try again."),
    500: _l("The error has been recorded. Please try again later; nothing you sent was lost "
            "or half-saved."),
}


def render_error(status: int, message=None):
    from ipcenter.web.filters import message as readable

    status = status if status in TITLES else 500
    return render_template("errors/error.html", status=status, title=TITLES[status],
                           message=readable(message or MESSAGES[status])), status


def _audit_refusal(action: str, obj) -> None:
    db.session.rollback()
    actor = current_user if getattr(current_user, "is_authenticated", False) else None
    obj_type = type(obj).__name__.lower() if obj is not None else ""
    with unit_of_work():
        audit.record("permission.refused", actor=actor, obj_type=obj_type,
                     obj_id=getattr(obj, "id", ""), now=clock.now(),
                     address=request.remote_addr or "",
                     detail={"action": action, "path": request.path, "method": request.method})


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes():
        # No text a person types holds a NUL byte, and PostgreSQL refuses to store one:
        # refuse such input up front (400) rather than fail in the database.
        values = list(request.args.values()) + list(request.form.values())
        if any("\x00" in value for value in values):
            return render_error(400)

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        from ipcenter.auth.policy import Refused

        if isinstance(exc, Refused):
            _audit_refusal(exc.action, exc.obj)
        else:
            db.session.rollback()
        return render_error(exc.status, exc.message)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        db.session.rollback()
        return render_error(400, _l("The form has expired or did not come from this site. "
                                    "Reload the page and submit it again."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        db.session.rollback()
        if exc.code == 403:
            _audit_refusal("http.403", None)
        return render_error(exc.code or 500)

    @app.errorhandler(StaleDataError)
    @app.errorhandler(IntegrityError)
    def concurrent_change(exc: Exception):
        # Two people acted on the same record at once (optimistic locking), or a duplicate
        # slipped past the checks: the later change is refused whole.
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)
