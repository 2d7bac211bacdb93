"""``/api/v1/docs``: the API's operations as a plain page, read from the OpenAPI document the
code generates. Swagger UI and ReDoc load their scripts from a CDN, which the site's policy
(``web.headers``: our own origin only) and the centre's network both refuse; a list of the
operations, their parameters, bodies and answers is what a partner's programmer needs, and
the JSON document beside it feeds any tool they use."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(schema: dict | None) -> str:
    if not schema:
        return ""
    ref = schema.get("$ref") or (schema.get("items") or {}).get("$ref") or ""
    return ref.rsplit("/", 1)[-1]


def operations(spec: dict) -> list[dict]:
    """Each operation of ``spec``: method, path, summary, description, parameters, the
    request body's schema, the answers and whether it needs a token."""
    out = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {})
            out.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [*item.get("parameters", []), *op.get("parameters", [])],
                "body": _ref_name(body.get("schema")),
                "responses": sorted((code, r.get("description", "")) for code, r in
                                    op.get("responses", {}).items()),
                "secured": bool(op.get("security")),
            })
    return out


@bp.get("/docs")
def page():
    spec = current_app.extensions["ipcenter_api"].spec.to_dict()
    return render_template("api/docs.html", spec=spec, operations=operations(spec),
                           schemas=spec.get("components", {}).get("schemas", {}))
