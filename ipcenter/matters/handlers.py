"""Who handles a matter: the presiding handler, and why a user may not handle it."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth.models import Relationship, User
from ipcenter.core.db import db
from ipcenter.matters.models import HandlerRole


def presiding(matter):
    """The active handler presiding over ``matter`` (组长 / 主办), or None."""
    return next((h for h in matter.active_handlers if h.role == HandlerRole.PRESIDING), None)


def conflict_of(user: User, matter) -> str | None:
    """Why ``user`` may not handle ``matter`` (tied to a party), or None."""
    party_orgs = matter.party_org_ids()
    if user.organisation_id in party_orgs:
        return _l("%(name)s belongs to a party.", name=user.display_name)
    tie = db.session.execute(sa.select(Relationship).where(
        Relationship.user_id == user.id,
        Relationship.organisation_id.in_(party_orgs or {-1}))).scalars().first()
    if tie is not None:
        return _l("%(name)s has a recorded relationship with a party (%(nature)s).",
                  name=user.display_name, nature=tie.nature)
    return None
