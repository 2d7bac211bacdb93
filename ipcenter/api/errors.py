"""The API's refusals: ``{"error": "…"}`` in Chinese with a 4xx status, never an HTML page and
never a stack trace. Domain errors keep their own message and status (``core.errors``); a
permission refusal is audited as on the pages; anything unexpected is logged and answered as a
plain 500 in JSON (the contract tests hold that none happens)."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ipcenter.core import audit, clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import DomainError

log = logging.getLogger(__name__)

API_LOCALE = "zh_Hans_CN"   # the centre's partners read the messages as the pages say them
PREFIX = "/api/"

MESSAGES = {
    400: _l("The request could not be processed."),
    401: _l("A valid API token is required (Authorization: Bearer …)."),
    403: _l("The token is not allowed to do this."),
    404: _l("No such resource, or it is not yours to see."),
    405: _l("This method is not allowed here."),
    409: _l("The action conflicts with the current state."),
    413: _l("The request is larger than allowed."),
    415: _l("Send the body as JSON (Content-Type: application/json)."),
    422: _l("The request does not match the API's description."),
    429: _l("Too many requests. Wait a moment and try again."),
    500: _l("Something went wrong on our side; nothing was saved."),
}


class Unprocessable(DomainError):
    """A request of the described shape that cannot be taken as it stands (a document missing,
    a file of a kind not accepted): 422, with the message and, when known, the fields it
    concerns (``{"files": {"0": ["…"]}}``, as the shape's own refusals)."""

    status = 422

    def __init__(self, message, fields: dict | None = None):
        super().__init__(message)
        self.fields = fields


def payload(status: int, message=None, **extra):
    """The JSON body and status of a refusal."""
    with force_locale(API_LOCALE):
        text = str(message or MESSAGES.get(status) or MESSAGES[400 if status < 500 else 500])
        body = {"error": text, **{k: v for k, v in extra.items() if v}}
    response = jsonify(body)
    response.status_code = status
    return response


def _audit_refusal(action: str, obj) -> None:
    db.session.rollback()
    token = getattr(g, "api_token", None)
    with unit_of_work():
        audit.record("permission.refused", actor=token.user if token else None,
                     obj_type=type(obj).__name__.lower() if obj is not None else "",
                     obj_id=getattr(obj, "id", ""), now=clock.now(),
                     address=request.remote_addr or "",
                     detail={"action": action, "path": request.path, "method": request.method,
                             "token": token.id if token else None})


def _validation_messages(exc: HTTPException):
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    if not isinstance(messages, dict):
        return None
    # webargs nests the messages by location (json, query, path): the fields are what matter.
    flat = {}
    for location in messages.values():
        if isinstance(location, dict):
            flat.update(location)
    return flat or messages


def register(app: Flask, bp) -> None:
    """The error handlers of the API's blueprint ``bp`` (set once, however many apps register
    it: the tests make several), and a last pass over every response under ``/api/`` of
    ``app`` so that no error leaves it as HTML (a routing 404, a 405, the app's own refusals
    before any view runs)."""
    if not getattr(bp, "_ipcenter_errors", False):
        _blueprint_handlers(bp)
        bp._ipcenter_errors = True

    @app.after_request
    def json_refusals(response):
        if (request.path.startswith(PREFIX) and response.status_code >= 400
                and response.mimetype != "application/json"):
            status = response.status_code
            # The security headers (added by a hook that may have run first), Retry-After,
            # Allow: all kept; only the body and its type change.
            kept = [(k, v) for k, v in response.headers.items()
                    if k.lower() not in ("content-type", "content-length")]
            response = payload(status)
            for key, value in kept:
                response.headers[key] = value
        return response


def _blueprint_handlers(bp) -> None:
    @bp.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        from ipcenter.auth.policy import Refused

        if isinstance(exc, Refused):
            _audit_refusal(exc.action, exc.obj)
        else:
            db.session.rollback()
        return payload(exc.status, exc.message, fields=getattr(exc, "fields", None))

    @bp.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        db.session.rollback()
        status = exc.code or 500
        if status == 422:
            return payload(422, fields=_validation_messages(exc))
        message = (getattr(exc, "data", None) or {}).get("message")
        response = payload(status, message)
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @bp.errorhandler(StaleDataError)
    @bp.errorhandler(IntegrityError)
    def concurrent_change(exc: Exception):
        db.session.rollback()
        return payload(409)

    @bp.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return payload(500)
