"""Whom a complaint is filed for (请求人 / 投诉人).

A firm files for itself: its filing page names no other requester. An agent (``Role.AGENT``: a
patent or trademark agency, an e-commerce platform acting for the right holder) files for the
right holder it acts for and names it by its name, unified social credit code and address, the
particulars the counter's clerk gives for a complainant firm (``cases.counter``): the
registered firm with that code, or a firm registered from them. The agency stands as the
filer and sees the case; the right holder is the requester (``matters.filing_orgs``).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import Role
from ipcenter.cases.counter import Complainant, described_firm, register_firm
from ipcenter.core.errors import InvalidInput
from ipcenter.ip.uscc import normalise as uscc_normalise


def right_holder(actor: User, who: Complainant | None, now: datetime) -> Organisation | None:
    """The firm ``actor`` files for: ``None`` for its own firm, else the right holder named by
    ``who``. Raises ``InvalidInput`` when an agent names none, when a firm names a firm other
    than itself, or when the particulars are incomplete or contradict the register (the
    counter's checks); the firm it registers is rolled back with the caller's unit of work."""
    if not actor.has_role(Role.AGENT):
        if who is None or uscc_normalise(who.uscc) == (actor.organisation.uscc or ""):
            return None  # the firm itself, named or not
        raise InvalidInput(_l("A firm files complaints for itself: leave the requester out, "
                              "or name your own firm."))
    if who is None:
        raise InvalidInput(_l("An agent files for the right holder: give the right holder's "
                              "name, unified social credit code and address."))
    firm, particulars = described_firm(who)
    return firm if firm is not None else register_firm(particulars, now)
