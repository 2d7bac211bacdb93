"""A firm's own rights (/rights): the patents and marks the rights register holds for its
organisation — those granted after the centre's pre-examination among them — with their status,
filing, grant and expiry days. Read-only: the register changes through its events
(``ipcenter.ip.register``); the staff's page is ``admin.rights``.

Who: a firm's (or agent's) user with an organisation (``rights.own``); it lists only rights whose
holder is that organisation.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.auth.roles import Role
from ipcenter.core.db import db
from ipcenter.ip.models import Right
from ipcenter.web import nav, params

bp = Blueprint("rights", __name__)
PER_PAGE = 50


@policy.rule("rights.own")
def _own_rights(user, obj) -> bool:
    return user.has_role(Role.FIRM) and user.organisation_id is not None


@bp.get("/rights", endpoint="mine")
@login_required
def mine():
    policy.require(current_user, "rights.own")
    from ipcenter.admin.register import KIND_LABELS, STATUS_LABELS

    stmt = (sa.select(Right).where(Right.holder_org_id == current_user.organisation_id)
            .order_by(Right.granted_on.desc().nulls_last(), Right.id.desc()))
    page = db.paginate(stmt, page=params.page_arg(), per_page=PER_PAGE, error_out=False,
                       count=True)
    return render_template("web/rights.html", page=page, statuses=STATUS_LABELS,
                           kinds=KIND_LABELS)


def init_app(app) -> None:
    app.register_blueprint(bp)
    nav.register(app, nav.NavItem(_l("My rights"), "rights.mine", "rights.own", order=28))
