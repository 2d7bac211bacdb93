"""Sign-in and sign-out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ipcenter.auth import login as sessions
from ipcenter.auth import services
from ipcenter.auth.forms import LoginForm
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work
from ipcenter.extensions import limiter
from ipcenter.web.safety import safe_next

bp = Blueprint("auth", __name__)
bp.before_app_request(sessions.end_idle_session)


def _account_key() -> str:
    return "account:" + (request.form.get("username") or "").strip().lower()[:60]


def _failed(response) -> bool:
    # Only failed attempts count against the limits; a successful sign-in redirects.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["IPCENTER_LOGIN_LIMIT_PER_ADDRESS"],
               methods=["POST"], deduct_when=_failed)
@limiter.limit(lambda: current_app.config["IPCENTER_LOGIN_LIMIT_PER_ACCOUNT"],
               key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.dashboard"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/login.html", form=form), status
    with unit_of_work():
        user = services.sign_in(form.username.data, form.password.data, now=clock.now(),
                                address=request.remote_addr or "")
    if user is None:
        form.password.errors.append(services.SIGN_IN_REFUSED)
        return render_template("auth/login.html", form=form), 401
    sessions.fresh_session()  # a fresh session on sign-in (no fixation)
    login_user(user)
    sessions.mark_used()
    flash(_("Welcome, %(name)s.", name=user.display_name), "success")
    return redirect(safe_next(form.next.data) or url_for("web.dashboard"))


@bp.post("/logout")
@login_required
def logout():
    with unit_of_work():
        services.sign_out(current_user, now=clock.now(), address=request.remote_addr or "")
    logout_user()
    sessions.fresh_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
