"""The JSON API under ``/api/v1`` (DESIGN.md, ``api/``): what the centre's partners' programs
do without the pages — a bank reads the applications sent to it, records its decision and the
repayments; a firm (an e-commerce platform among them) submits a complaint with its
documents; anyone checks a verification code; the director's statistics, read-only.

flask-smorest describes it: the marshmallow schemas that validate each request write the
OpenAPI 3 document (``/api/v1/openapi.json``), so the document cannot drift from the code;
``/api/v1/docs`` lists its operations from that document, served by the application (no CDN).

Like ``reports``, it is the layer above the domains: it calls their services and policy, no
domain imports it, and it is not one of ``ipcenter.DOMAINS``."""

from __future__ import annotations

API_PREFIX = "/api/v1"


def init_app(app) -> None:
    from flask import current_app
    from flask_smorest import Api

    # ``models`` and ``policy`` are imported for what they register: the api_token table and
    # the rule ``api.tokens``.
    from ipcenter.api import admin, auth, docs, errors, models, policy, schemas, views  # noqa: F401
    from ipcenter.extensions import csrf, limiter

    class _Api(Api):
        ERROR_SCHEMA = schemas.ErrorSchema

        def _register_error_handlers(self):
            # The pages keep their HTML error handler; the API's blueprint has its own JSON
            # one (``api.errors``).
            pass

    app.config.setdefault("API_TITLE", "ipcenter API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("IPCENTER_API_RATE_LIMIT", "120 per minute")
    api = _Api(app, spec_kwargs={"servers": [{"url": "/"}]})
    api.register_field(schemas.Money, "string", "decimal")
    api.register_field(schemas.Base64, "string", "byte")
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer",
                   "description": "由系统管理员为机构用户签发的令牌"})
    bp = views.bp
    csrf.exempt(bp)
    if not getattr(bp, "_ipcenter_ready", False):  # the blueprint is set up once, for every app
        bp.before_request(auth.load_token)
        limiter.limit(lambda: current_app.config["IPCENTER_API_RATE_LIMIT"],
                      key_func=auth.rate_key)(bp)
        bp._ipcenter_ready = True
    errors.register(app, bp)
    api.register_blueprint(bp, url_prefix=API_PREFIX)
    app.extensions["ipcenter_api"] = api
    app.register_blueprint(docs.bp, url_prefix=API_PREFIX)
    app.register_blueprint(admin.bp, url_prefix="/admin/api-tokens")
