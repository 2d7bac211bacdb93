"""The actions a case page offers: an action (``matters.actions.Action``) has its form, its
permission (the workflow event's, or a named policy action) and its one service call. Each
kind's table is in its package (``patent.actions``, ``trademark.actions``), read through its
``KindSpec``; what every case kind offers (``UPLOAD``, ``PUBLISH``) and how a form is prepared
for a case are here."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth import policy
from ipcenter.auth.models import User
from ipcenter.cases import forms, publication
from ipcenter.core.clock import CHINA
from ipcenter.core.db import db
from ipcenter.core.formatting import zh_date
from ipcenter.matters import kinds as matter_kinds
from ipcenter.matters.actions import Action, confirm, upload, with_reason

__all__ = ["PUBLISH", "UPLOAD", "Action", "actions_for", "confirm", "hearing_at", "permitted",
           "prepare", "with_reason"]


def hearing_at(form):
    return form.at.data.replace(tzinfo=CHINA)


# The actions every kind with files or a published decision offers.
UPLOAD = upload("case.upload")
PUBLISH = Action(forms.ConfirmForm, lambda c, f, u, n: publication.publish(c, u, n),
                 permission="case.publish",
                 message=_l("The decision is published with personal data masked."))


def actions_for(case) -> dict[str, Action]:
    return matter_kinds.spec_of(case).actions


def _handlers(role: str):
    return db.session.execute(sa.select(User).join(User.role_rows).where(
        User.active, sa.text("user_role.role = :role").bindparams(role=role))
        .order_by(User.display_name)).scalars().all()


def prepare(form, case, name: str, user):
    """Fill the choices a form needs for this case and this user."""
    action = actions_for(case).get(name)
    if action is not None and action.prepare is not None:
        action.prepare(form, case, user)
    elif name in ("panel", "officers"):
        choices = forms.options((u.id, u.display_name) for u in _handlers(
            matter_kinds.spec_of(case).handler_role))
        form.members.choices, form.presiding.choices = choices, choices
    elif name == "request_recusal":
        form.handler.choices = forms.options((h.id, h.user.display_name) for h in case.active_handlers)
    elif name == "end_measure":
        form.measure.choices = forms.options(
            (m.id, f"{m.description[:30]}（{zh_date(m.started_on)}）")
            for m in case.measures if m.ended_on is None)
    return form


def permitted(user, case, action: Action) -> bool:
    if action.event is not None:
        return policy.can(user, "case.act", (case, action.event))
    return policy.can(user, action.permission or "case.act", case) and (
        action.allowed is None or action.allowed(user, case))
