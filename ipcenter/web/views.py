"""The frame's pages: home, "my work" dashboard, language switch, health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.core import clock, worklist
from ipcenter.core.db import unit_of_work
from ipcenter.core.errors import DomainError
from ipcenter.core.workdays import missing_years, request_calendar
from ipcenter.web import params
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
    if not policy.can(current_user, "dashboard.view") and policy.can(current_user, "reports.view"):
        # A reader of the statistics alone (the provincial office) has no worklist: its home
        # is the statistics page.
        return redirect(url_for("reports.index"))
    policy.require(current_user, "dashboard.view")
    today = clock.today()
    cal = request_calendar()
    # Each section pages on its own: ?queue=2&later=3 …
    pages = {key: params.int_arg(key, 1, minimum=1)
             for key in (*worklist.SECTIONS, *worklist.panel_keys())}
    sections = worklist.my_work(current_user.id, current_user.organisation_id,
                                current_user.roles, today, cal, pages)
    panels = worklist.panels(current_user, pages)
    calendar_missing = (missing_years(cal, today)
                        if policy.can(current_user, "admin.calendar") else [])
    return render_template("web/dashboard.html", sections=sections, pages=pages, today=today,
                           calendar_missing=calendar_missing, panels=panels)


@bp.post("/dashboard/claim/<int:deadline_id>")
@login_required
def claim(deadline_id: int):
    """Take on a clock of the shared queue (待领取)."""
    policy.require(current_user, "dashboard.view")
    try:
        with unit_of_work():
            row = worklist.claim(deadline_id, current_user, clock.now())
    except DomainError as exc:
        # Told on the page, not as an error page: the queue has moved on meanwhile.
        flash(exc.message, "danger")
        return redirect(url_for("web.dashboard"))
    flash(_l("You have taken on “%(title)s” of %(subject)s: it is on your page now.",
             title=row.title, subject=row.subject_label), "success")
    return redirect(url_for("web.dashboard"))


@bp.post("/language")
def set_language():
    chosen = request.form.get("locale", "")
    if chosen in current_app.config["IPCENTER_LANGUAGES"]:
        session["locale"] = chosen
    return redirect(safe_next(request.form.get("next")) or url_for("web.index"))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
