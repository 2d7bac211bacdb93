"""The frame's pages: home, "my work" dashboard, language switch, health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.core import clock, timelimits
from ipcenter.core.workdays import load_calendar, missing_years
from ipcenter.web.safety import safe_next

bp = Blueprint("web", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("web.dashboard"))
    return redirect(url_for("auth.login"))


@bp.get("/dashboard")
@login_required
def dashboard():
    policy.require(current_user, "dashboard.view")
    today = clock.today()
    cal = load_calendar()
    groups = timelimits.my_deadlines(current_user.id, current_user.organisation_id,
                                     current_user.roles, today, cal)
    calendar_missing = (missing_years(cal, today)
                        if policy.can(current_user, "admin.calendar") else [])
    return render_template("web/dashboard.html", groups=groups, today=today,
                           calendar_missing=calendar_missing)


@bp.post("/language")
def set_language():
    chosen = request.form.get("locale", "")
    if chosen in current_app.config["IPCENTER_LANGUAGES"]:
        session["locale"] = chosen
    return redirect(safe_next(request.form.get("next")) or url_for("web.index"))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
