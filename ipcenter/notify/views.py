"""The notices pages: the list (/notices), opening one, marking read, the action a notice
offers (确认收到), and the channels a user chose (/notices/settings). Each user sees only
their own notices: another's is 404."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter.core import clock
from ipcenter.core.db import unit_of_work
from ipcenter.notify import channels, services
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
    """The channels a user receives notices on besides the bell."""
    offered = channels.all_channels()
    if request.method == "POST":
        names = [c.name for c in offered if request.form.get(c.name) and c.enabled()]
        with unit_of_work():
            services.set_channels(current_user, names, clock.now())
        flash(_l("Your notice settings are saved."), "success")
        return redirect(url_for("notify.settings"))
    return render_template("notify/settings.html", offered=offered,
                           chosen=services.chosen(current_user))
