"""Who may do what in pre-examination, declared against the policy engine of
``ipcenter.auth.policy``.

**Who sees a request or a registration** is one table of grants each (``PREXAM_VIEW``,
``FILING_VIEW``); the rules ``prexam.view`` and ``prexam.filing.view``, the lists' filters and
the search index's principals are derived from them, so they cannot disagree:

- the firm that filed it (``party:<org>``);
- the examiners and the director (``role:``), every one.

No one else: not another firm, not a bank, not the centre's adjudicators, enforcers or fund
manager, not the admin (who keeps the scope table and the targets, never a request's
contents), not the anonymous visitor. The centre's own working papers (audience ``centre``)
are the examiners' and the director's only.

**Who may fire a transition** (``prexam.act``, ``prexam.filing.act``): the transition table
names the role; the firm must be the one that filed; on a request an examiner has taken up,
only that examiner (its presiding handler) acts — another examiner is refused, the director
may reassign (``prexam.assign``).

Importing this module registers its rules; ``ipcenter.prexam.init_app`` does.
"""

from __future__ import annotations

import sqlalchemy as sa

from ipcenter.auth.policy import Grant, has_role, principals, rule, visibility
from ipcenter.auth.roles import Role
from ipcenter.matters import kinds, presiding
from ipcenter.prexam.models import PrexamFiling as F
from ipcenter.prexam.models import PrexamRequest as R

_CENTRE = frozenset({Role.EXAMINER, Role.DIRECTOR})


def _centre_where(role):
    return sa.true() if role in _CENTRE else None


def _firm_grant(model) -> Grant:
    return Grant("party", lambda matter: [matter.org_id], lambda org: model.org_id == int(org))


CENTRE = Grant("role", lambda matter: sorted(_CENTRE), _centre_where)
PREXAM_VIEW = visibility("prexam.view", (CENTRE, _firm_grant(R)))
FILING_VIEW = visibility("prexam.filing.view", (CENTRE, _firm_grant(F)))


def request_principals(request) -> set[str]:
    return PREXAM_VIEW.principals(request)


def visible_requests(query, user):
    return PREXAM_VIEW.filter(query, user)


def filing_principals(filing) -> set[str]:
    return FILING_VIEW.principals(filing)


def visible_filings(query, user):
    return FILING_VIEW.filter(query, user)


def is_firm_of(user, matter) -> bool:
    return user.has_role(Role.FIRM) and user.organisation_id == matter.org_id


def stands_for(user, matter, role: str) -> bool:
    """Whether ``user``, holding ``role``, acts for ``matter`` in that role: the firm that
    filed; the examiner in charge (any examiner while none is); the director."""
    if not user.has_role(role):
        return False
    if role == Role.FIRM:
        return user.organisation_id == matter.org_id
    if role == Role.EXAMINER:
        lead = presiding(matter)
        return lead is None or lead.user_id == user.id
    return role == Role.DIRECTOR


def _act(user, obj) -> bool:
    matter, event = obj
    transition = kinds.spec_of(matter).flow.find(matter.state, event)
    if transition is None:
        return False
    return any(stands_for(user, matter, role) for role in transition.roles)


@rule("prexam.act")
def _prexam_act(user, obj) -> bool:
    """``obj`` is ``(request, event)``."""
    return isinstance(obj[0], R) and _act(user, obj)


@rule("prexam.filing.act")
def _filing_act(user, obj) -> bool:
    """``obj`` is ``(filing, event)``."""
    return isinstance(obj[0], F) and _act(user, obj)


def document_principals(doc) -> set[str]:
    """Who may open a file of a request: the centre's working papers the examiners and the
    director; any other, whoever sees the request."""
    if doc.audience == "centre":
        return {f"role:{role}" for role in sorted(_CENTRE)}
    return request_principals(doc.request)


@rule("prexam.document")
def _prexam_document(user, doc) -> bool:
    return bool(principals(user) & document_principals(doc))


@rule("prexam.filing.document")
def _filing_document(user, doc) -> bool:
    return FILING_VIEW.allows(user, doc.filing)


@rule("prexam.upload")
def _prexam_upload(user, request) -> bool:
    """The firm that filed, and the examiner in charge (its working papers)."""
    return PREXAM_VIEW.allows(user, request) and (
        is_firm_of(user, request) or stands_for(user, request, Role.EXAMINER))


@rule("prexam.submit", "prexam.filing.apply")
def _firm_only(user, obj) -> bool:
    return user.has_role(Role.FIRM) and user.organisation_id is not None


@rule("prexam.queue", "prexam.stats")
def _centre(user, obj) -> bool:
    return user.has_role(*_CENTRE)


@rule("prexam.assign")
def _assign(user, request) -> bool:
    # The director hands a request taken up by one examiner to another.
    return user.has_role(Role.DIRECTOR)


@rule("prexam.settings")
def _settings(user, obj) -> bool:
    return user.has_role(Role.ADMIN)


@rule("prexam.pages")
def _pages(user, obj) -> bool:
    """The service's menu entry: firms, examiners, the director, the admin (settings)."""
    return has_role(user, Role.FIRM, Role.EXAMINER, Role.DIRECTOR, Role.ADMIN)
