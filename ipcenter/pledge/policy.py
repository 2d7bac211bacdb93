"""Who may do what on a pledge application, declared against the policy engine of
``ipcenter.auth.policy``.

**Who sees an application** is one table of grants (``PLEDGE_VIEW``); the rule ``pledge.view``,
the list's filter (``visible_applications``) and the search index (``application_principals``)
are derived from it, so the three cannot disagree:

- the borrower firm's users (``party:<org>``), from filing;
- the bank the firm chose (``bank:<org>``: users with the bank role in that bank), once the
  fund manager has enrolled the application in the pool and sent it on (``enrolled_at``) —
  never another bank;
- the valuation firm and the insurer named on it (``valuer:<org>``, ``insurer:<org>``), from
  when they are named;
- the fund manager and the director (``role:``), every application.

No one else: not the admin, not the centre's other staff, not the anonymous visitor.

**Who may add a file** (``pledge.upload``): whoever sees the application and acts on it — the
firm, its bank, the valuer and the insurer named on it, the fund manager — each the kinds of
file of its side (``kind.UPLOAD_KINDS``).

**Who may fire a transition** (``pledge.act``): the transition table names the role
(``workflow.TRANSITIONS``); the user must also stand in the application's place for that role
(the firm is the borrower, a bank reviewer works for the application's bank, the valuer and the
insurer for the ones named on it); the fund manager and the director are the centre's.

Importing this module registers its rules; ``ipcenter.pledge.init_app`` does.
"""

from __future__ import annotations

import sqlalchemy as sa

from ipcenter.auth.policy import Grant, granted, principals, rule, visibility
from ipcenter.auth.roles import Role
from ipcenter.matters import kinds
from ipcenter.pledge.models import PledgeApplication as A

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


# ---------------------------------------------------------------------------------------------
# Who sees an application, as grants (``ipcenter.auth.policy.Grant``).


def _centre_where(role):
    return sa.true() if role in _CENTRE else None


def _sent_to_bank(application) -> bool:
    """The fund manager sent the application to its bank when enrolling it in the pool."""
    return application.enrolled_at is not None


def _org_grant(prefix: str, column: str, *, when=None, when_sql=None) -> Grant:
    def names(application):
        org = getattr(application, column)
        return [org] if org is not None and (when is None or when(application)) else []

    def where(org):
        condition = getattr(A, column) == int(org)
        return condition if when_sql is None else sa.and_(condition, when_sql)
    return Grant(prefix, names, where)


CENTRE = Grant("role", lambda application: sorted(_CENTRE), _centre_where)
BORROWER = _org_grant("party", "borrower_org_id")
BANK = _org_grant("bank", "bank_org_id", when=_sent_to_bank, when_sql=A.enrolled_at.is_not(None))
VALUER = _org_grant("valuer", "valuer_org_id")
INSURER = _org_grant("insurer", "insurer_org_id")
PLEDGE_VIEW = visibility("pledge.view", (CENTRE, BORROWER, BANK, VALUER, INSURER))


def application_principals(application) -> set[str]:
    """Who may see ``application``, as principals (what ``pledge.view`` and the index read)."""
    return PLEDGE_VIEW.principals(application)


def visible_applications(query, user):
    """Filter a ``select(PledgeApplication)`` (or of its columns) to what ``user`` may see."""
    return PLEDGE_VIEW.filter(query, user)


def document_principals(doc) -> set[str]:
    """Who may open a file of an application: the centre's file (audience ``centre``: the
    compensation claim, its approval, the recovery record, the claim's evidence) the fund
    manager, the director and the lending bank that claims; any other, whoever sees the
    application."""
    if doc.audience == "centre":
        return granted((CENTRE, BANK), doc.application)
    return application_principals(doc.application)


@rule("pledge.document")
def _pledge_document(user, doc) -> bool:
    return bool(principals(user) & document_principals(doc))


# ---------------------------------------------------------------------------------------------
# Who adds files (``pledge.upload``)

# Those who act on an application may add its files: the firm, its bank, the valuer and the
# insurer named on it (the kernel's party side) and the fund manager (its handler side). Which
# kinds each may add is the side's (``kind.UPLOAD_KINDS``, read by ``matters.attach``); the
# director decides, and adds none.
_UPLOADERS = (Role.FIRM, Role.BANK, Role.VALUER, Role.INSURER, Role.FUND_MANAGER)


@rule("pledge.upload")
def _pledge_upload(user, application) -> bool:
    """Who sees the application (the bank from the day it is sent to it) and acts on it."""
    return PLEDGE_VIEW.allows(user, application) and any(
        stands_for(user, application, role) for role in _UPLOADERS)

