"""Who may fire a transition of a pledge application (``pledge.act``), declared against the
policy engine of ``ipcenter.auth.policy``.

The transition table names the role (``workflow.TRANSITIONS``); the user must also stand in
the application's place for that role: the firm is the borrower, a bank reviewer works for the
bank the firm chose (never another bank), the valuer and the insurer for the ones named on the
application; the fund manager and the director are the centre's. Who *sees* an application
(its grants, the list filter, the index principals) comes with its pages.

Importing this module registers its rules; ``ipcenter.pledge.init_app`` does.
"""

from __future__ import annotations

from ipcenter.auth.policy import rule
from ipcenter.auth.roles import Role
from ipcenter.matters import kinds

# The role of a transition → the application's organisation its user must belong to.
_ORG_OF_ROLE = {Role.FIRM: "borrower_org_id", Role.BANK: "bank_org_id",
                Role.VALUER: "valuer_org_id", Role.INSURER: "insurer_org_id"}
# The centre's roles: any holder may act on an application in their part of the table.
_CENTRE = frozenset({Role.FUND_MANAGER, Role.DIRECTOR})


def stands_for(user, application, role: str) -> bool:
    """Whether ``user``, holding ``role``, acts for the application in that role."""
    if not user.has_role(role):
        return False
    if role in _CENTRE:
        return True
    column = _ORG_OF_ROLE.get(role)
    org_id = getattr(application, column) if column else None
    return org_id is not None and user.organisation_id == org_id


@rule("pledge.act")
def _pledge_act(user, obj) -> bool:
    """``obj`` is ``(application, event)``: the transition's role, held for this application."""
    application, event = obj
    transition = kinds.spec_of(application).flow.find(application.state, event)
    if transition is None:
        return False
    return any(stands_for(user, application, role) for role in transition.roles)
