"""What the actions a case page offers are made of, and what they share: an action has its form,
its permission (the workflow event's, or a named policy action) and its one service call. Each
kind's table is in its package (``patent.actions``, ``trademark.actions``), read through its
``KindSpec``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Callable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter import matters
from ipcenter.auth import policy
from ipcenter.auth.models import User
from ipcenter.cases import forms, publication
from ipcenter.core.clock import CHINA
from ipcenter.core.db import db
from ipcenter.matters import kinds as matter_kinds


@dataclass(frozen=True)
class Action:
    form: type
    run: Callable  # (case, form, actor, now) -> None
    event: StrEnum | None = None
    permission: str = "case.act"
    message: object = _l("Done.")


def hearing_at(form):
    return form.at.data.replace(tzinfo=CHINA)


# The actions every kind with files or a published decision offers.
UPLOAD = Action(forms.UploadForm, lambda c, f, u, n: matters.attach(
    c, f.kind.data, f.file.data.stream, f.file.data.filename, u, n),
    permission="case.upload", message=_l("The document has been added."))
PUBLISH = Action(forms.ConfirmForm, lambda c, f, u, n: publication.publish(c, u, n),
                 permission="case.publish",
                 message=_l("The decision is published with personal data masked."))


def confirm(service, event, **kwargs) -> Action:
    """An action that is one button: ``service(case, actor, now)``."""
    return Action(forms.ConfirmForm, lambda c, f, u, n: service(c, u, n), event, **kwargs)


def with_reason(service, event, **kwargs) -> Action:
    """An action with its reasons: ``service(case, actor, now, reason)``."""
    return Action(forms.ReasonForm, lambda c, f, u, n: service(c, u, n, f.reason.data), event,
                  **kwargs)


def actions_for(case) -> dict[str, Action]:
    return matter_kinds.spec_of(case).actions


def _handlers(role: str):
    return db.session.execute(sa.select(User).join(User.role_rows).where(
        User.active, sa.text("user_role.role = :role").bindparams(role=role))
        .order_by(User.display_name)).scalars().all()


def prepare(form, case, name: str, user):
    """Fill the choices a form needs for this case and this user."""
    if name == "upload":
        form.kind.choices = forms.options(
            (k, v.title) for k, v in matters.upload_kinds_for(case, user).items())
    elif name in ("panel", "officers"):
        choices = forms.options((u.id, u.display_name) for u in _handlers(
            matter_kinds.spec_of(case).handler_role))
        form.members.choices, form.presiding.choices = choices, choices
    elif name == "request_recusal":
        form.handler.choices = forms.options((h.id, h.user.display_name) for h in case.active_handlers)
    elif name == "end_measure":
        form.measure.choices = forms.options(
            (m.id, f"{m.description[:30]}（{m.started_on:%Y-%m-%d}）")
            for m in case.measures if m.ended_on is None)
    return form


def permitted(user, case, action: Action) -> bool:
    if action.event is not None:
        return policy.can(user, "case.act", (case, action.event))
    return policy.can(user, action.permission, case)
