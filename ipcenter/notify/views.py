"""The notices pages: the list (/notices), opening one, marking read, the action a notice
offers (确认收到), a user's own addresses and the channels they chose (/notices/settings);
and, for the system administrator, the deliveries given up (/notices/deliveries), each sent
again once. Each user sees only their own notices: another's is 404."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work
from ipcenter.notify import channels, contacts, services
from ipcenter.web import params
from ipcenter.web.safety import safe_next

bp = Blueprint("notify", __name__, url_prefix="/notices")


@bp.get("")
@login_required
def index():
    page = services.page_of(current_user, params.int_arg("page", 1, minimum=1))
    return render_template("notify/index.html", page=page, action_of=services.action_of)


@bp.get("/<int:notice_id>")
@login_required
def open_notice(notice_id: int):
    """Open a notice: it is read, and its page shown."""
    with unit_of_work():
        notice = services.mark_read(current_user, notice_id, clock.now())
    return redirect(safe_next(notice.url) or url_for("notify.index"))


@bp.post("/<int:notice_id>/read")
@login_required
def read(notice_id: int):
    with unit_of_work():
        services.mark_read(current_user, notice_id, clock.now())
    return redirect(url_for("notify.index", page=request.form.get("page", type=int) or 1))


@bp.post("/read-all")
@login_required
def read_all():
    with unit_of_work():
        count = services.mark_all_read(current_user, clock.now())
    flash(_l("%(count)s notices marked read.", count=count), "success")
    return redirect(url_for("notify.index"))


@bp.post("/<int:notice_id>/act")
@login_required
def act(notice_id: int):
    """Take the action the notice offers (电子送达: 确认收到)."""
    with unit_of_work():
        action = services.act(current_user, notice_id, clock.now())
    flash(action.done, "success")
    return redirect(url_for("notify.index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """A user's own e-mail address and mobile number, and the channels they receive notices on
    besides the bell. Always the signed-in user's: the page takes no user id."""
    offered = channels.all_channels()
    typed = {"email": current_user.email or "", "phone": current_user.phone or ""}
    chosen, errors = services.chosen(current_user), {}
    if request.method == "POST":
        # The addresses' fields are not named after the channels, whose boxes use their names.
        typed = {"email": request.form.get("email_address", ""),
                 "phone": request.form.get("mobile_number", "")}
        names = [c.name for c in offered if request.form.get(c.name) and c.enabled()]
        try:
            with unit_of_work():
                services.save_settings(current_user, typed["email"], typed["phone"], names,
                                       clock.now())
        except contacts.Invalid as refused:
            flash(refused.message, "danger")
            return render_template("notify/settings.html", offered=offered, chosen=set(names),
                                   typed=typed, errors=refused.errors), 400
        flash(_l("Your notice settings are saved."), "success")
        return redirect(url_for("notify.settings"))
    return render_template("notify/settings.html", offered=offered, chosen=chosen,
                           typed=typed, errors=errors)


@bp.get("/deliveries")
@login_required
def deliveries():
    """The deliveries the sender gave up on, newest first (the system administrator)."""
    policy.require(current_user, "notify.deliveries")
    page = services.given_up_page(params.int_arg("page", 1, minimum=1))
    return render_template("notify/deliveries.html", page=page)


@bp.post("/deliveries/<int:delivery_id>/requeue")
@login_required
def requeue(delivery_id: int):
    """Send a given-up delivery again (重新发送), once."""
    policy.require(current_user, "notify.deliveries")
    with unit_of_work():
        services.requeue(delivery_id, current_user, clock.now())
    flash(_l("The delivery is queued to be sent again."), "success")
    return redirect(url_for("notify.deliveries", page=request.form.get("page", type=int) or 1))
