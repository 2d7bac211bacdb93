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
from ipcenter.cases.counter import Complainant, Wording, described_firm, register_firm
from ipcenter.core.errors import InvalidInput
from ipcenter.ip.uscc import normalise as uscc_normalise

# The counter's checks of a firm's particulars, worded for the right holder.
RIGHT_HOLDER = Wording(
    name=_l("Give the right holder's name."),
    uscc=_l("Give the right holder's valid unified social credit code."),
    address=_l("Give the right holder's address."),
    name_taken=lambda name: _l("Another organisation is registered as “%(name)s” with another "
                               "code: check the right holder's unified social credit code.",
                               name=name),
    code_taken=lambda code, registered, name: _l(
        "The unified social credit code %(code)s is registered to “%(registered)s”, not "
        "“%(name)s”: check the right holder's name and code.",
        code=code, registered=registered, name=name))


def names_right_holder(actor: User) -> bool:
    """Whether ``actor`` files for a right holder it names (an agent), not for its own firm:
    its filing page asks for the right holder, and a filing without one is refused."""
    return actor.has_role(Role.AGENT)


def right_holder(actor: User, who: Complainant | None, now: datetime) -> Organisation | None:
    """The firm ``actor`` files for: ``None`` for its own firm, else the right holder named by
    ``who``. Raises ``InvalidInput`` when an agent names none, when a firm names a firm other
    than itself, or when the particulars are incomplete or contradict the register (the
    counter's checks); the firm it registers is rolled back with the caller's unit of work."""
    if not names_right_holder(actor):
        if who is None or uscc_normalise(who.uscc) == (actor.organisation.uscc or ""):
            return None  # the firm itself, named or not
        raise InvalidInput(_l("A firm files complaints for itself: leave the requester out, "
                              "or name your own firm."))
    if who is None:
        raise InvalidInput(_l("An agent files for the right holder: give the right holder's "
                              "name, unified social credit code and address."))
    firm, particulars = described_firm(who, RIGHT_HOLDER)
    if firm is None:
        return register_firm(particulars, now)
    return firm


def filing_agency(case) -> Organisation | None:
    """The agency that filed ``case`` for the right holder it names as requester; ``None``
    when the requester filed itself (or the counter's clerk entered it for the requester), and
    for a matter with no requester (the centre's own clue)."""
    requesters = {p.organisation_id for p in case.requesters}
    if not requesters or case.filed_by_org_id in requesters:
        return None
    return case.filed_by_org


def representative_org(case, party) -> Organisation | None:
    """The organisation that acts for ``party``: the agency that filed ``case`` for it when
    it is a requester the agency names (民事诉讼法 Art. 88: documents are served on the
    party's agent), else ``None`` (a respondent, a requester that filed itself)."""
    if party is None or party.id not in {p.id for p in case.requesters}:
        return None
    return filing_agency(case)
