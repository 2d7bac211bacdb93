"""Sign-in and sign-out."""

from __future__ import annotations

from flask import (Blueprint, current_app, flash, redirect, render_template, request,
                   session, url_for)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from ipcenter.auth import services
from ipcenter.auth.forms import LoginForm
from ipcenter.core import audit, clock
from ipcenter.core.db import unit_of_work
from ipcenter.core.errors import InvalidInput
from ipcenter.extensions import limiter
from ipcenter.web.safety import safe_next

bp = Blueprint("auth", __name__)


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
    if form.validate_on_submit():
        try:
            with unit_of_work():
                user = services.authenticate(form.username.data, form.password.data,
                                             now=clock.now(),
                                             address=request.remote_addr or "")
        except InvalidInput as exc:
            form.password.errors.append(exc.message)
            return render_template("auth/login.html", form=form), 401
        session.clear()  # a fresh session on sign-in (no fixation)
        login_user(user)
        flash(_l("Welcome, %(name)s.", name=user.display_name), "success")
        return redirect(safe_next(form.next.data) or url_for("web.dashboard"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    with unit_of_work():
        audit.record("auth.logout", actor=current_user, obj_type="user", obj_id=current_user.id,
                     now=clock.now(), address=request.remote_addr or "")
    logout_user()
    session.clear()
    flash(_l("You have signed out."), "info")
    return redirect(url_for("auth.login"))
