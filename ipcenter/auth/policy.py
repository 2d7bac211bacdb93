"""Who may do what: the single place that answers ``can(user, action, obj)`` and filters list
queries (``visible``). Views call ``require``; a refusal raises ``PermissionDenied``, which the
error handler turns into a 403 page and an audit row.

Rules are plain functions ``(user, obj) -> bool`` registered by action name. Domains add their
actions here, in this file, so a reader finds every rule in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from ipcenter.auth.roles import ROLES_BY_ORG_KIND, Role
from ipcenter.core.errors import PermissionDenied

Rule = Callable[[Any, Any], bool]
RULES: dict[str, Rule] = {}


def rule(*actions: str):
    def register(fn: Rule) -> Rule:
        for action in actions:
            if action in RULES:
                raise ValueError(f"two rules for {action}")
            RULES[action] = fn
        return fn
    return register


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def has_role(user, *roles: str) -> bool:
    return _signed_in(user) and user.has_role(*roles)


def can(user, action: str, obj: Any = None) -> bool:
    """True when ``user`` may do ``action`` (on ``obj``). Unknown actions are refused."""
    fn = RULES.get(action)
    if fn is None or not _signed_in(user):
        return False
    return bool(fn(user, obj))


class Refused(PermissionDenied):
    """A refusal by the policy; carries what was asked, for the audit row."""

    def __init__(self, action: str, obj: Any = None, message=None):
        super().__init__(message or _l("You are not allowed to do this."))
        self.action = action
        self.obj = obj


def require(user, action: str, obj: Any = None, message=None) -> None:
    """Raise ``Refused`` (with ``message``, or a general one) unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise Refused(action, obj, message)


# ---------------------------------------------------------------------------------------------
# Foundation rules.

CENTRE_STAFF = (Role.ADJUDICATOR, Role.ENFORCER, Role.EXAMINER, Role.FUND_MANAGER,
                Role.DIRECTOR, Role.ADMIN)


@rule("dashboard.view")
def _any_user(user, obj) -> bool:
    return True


@rule("admin.organisations", "admin.users", "admin.calendar")
def _admin(user, obj) -> bool:
    return user.has_role(Role.ADMIN)


@rule("calendar.view")
def _centre_staff(user, obj) -> bool:
    return user.has_role(*CENTRE_STAFF)


@rule("admin.user_roles")
def _admin_user_roles(user, target) -> bool:
    # Separation of duties: no admin changes its own roles (another admin does).
    return user.has_role(Role.ADMIN) and target is not None and target.id != user.id


@rule("role_grant.list")
def _role_grant_list(user, obj) -> bool:
    return user.has_role(Role.ADMIN, Role.DIRECTOR)


@rule("role_grant.withdraw")
def _role_grant_withdraw(user, grant) -> bool:
    return user.has_role(Role.ADMIN)


@rule("role_grant.decide")
def _role_grant_decide(user, grant) -> bool:
    # The second person: a director who neither proposed the grant nor receives it.
    return user.has_role(Role.DIRECTOR) and (
        grant is None or user.id not in (grant.proposed_by_id, grant.user_id))


@rule("audit.view")
def _audit(user, obj) -> bool:
    # The director oversees the department; the admin checks the chain's integrity.
    return user.has_role(Role.DIRECTOR, Role.ADMIN)


@rule("audit.details")
def _audit_details(user, obj) -> bool:
    # A row's details hold what was done to a case (reasons, file names, fines): the director
    # reads them; the admin sees who did what to which object and when, never the contents.
    return user.has_role(Role.DIRECTOR)


# ---------------------------------------------------------------------------------------------
# Principals: the names under which a user may see something. Search filters by them inside the
# engine, so counts and pages never reveal what is hidden; the case rules below are declared as
# principals, so ``can``, the list filter and the index read one declaration.

PUBLIC = "public"
# The kinds of organisation whose members may be parties (firms, agencies): only they hold a
# ``party:<organisation>`` principal.
PARTY_ORG_KINDS = frozenset(kind for kind, roles in ROLES_BY_ORG_KIND.items()
                            if roles & {Role.FIRM, Role.AGENT})


def principals(user) -> set[str]:
    """``{"public"}`` for anyone; a signed-in user adds ``user:<id>`` and ``role:<role>`` for
    each role, and a party user (firm, agent) ``party:<organisation id>``.

    No principal names every member of an organisation: the centre's staff all belong to one,
    and a matter the centre registered itself is not open to all of them."""
    names = {PUBLIC}
    if _signed_in(user):
        names.add(f"user:{user.id}")
        names |= {f"role:{role}" for role in user.roles}
        if _is_party_user(user) and user.organisation.kind in PARTY_ORG_KINDS:
            names.add(f"party:{user.organisation_id}")
    return names


# ---------------------------------------------------------------------------------------------
# Cases (patent adjudication, trademark enforcement). A firm sees the cases it is a party to —
# as respondent only once the case has reached it; a handler sees the intake queue of its kind
# and the cases it is assigned to; the director sees every case; no one else sees any.


def _case_relation(user, case) -> set[str]:
    """How ``user`` stands to ``case``: filer, requester, respondent, panel, presiding. The
    party relations count for party users only (the rules below check that first)."""
    from ipcenter.cases.kinds import spec_of

    relation = set()
    if case.filed_by_org_id == user.organisation_id:
        relation.add("filer")
    for party in case.parties:
        if party.organisation_id == user.organisation_id and party.organisation_id:
            if party.role == "requester":
                relation.add("requester")
            elif case.state in spec_of(case).party_states:
                relation.add("respondent")
    for handler in case.active_handlers:
        if handler.user_id == user.id:
            relation.add("panel")
            if handler.role == "presiding":
                relation.add("presiding")
    return relation


def _is_party_user(user) -> bool:
    return user.has_role(Role.FIRM, Role.AGENT)


@rule("case.file")
def _case_file(user, obj) -> bool:
    return _is_party_user(user)


@rule("case.list")
def _case_list(user, obj) -> bool:
    return user.has_role(Role.FIRM, Role.AGENT, Role.ADJUDICATOR, Role.ENFORCER, Role.DIRECTOR)


# The intake queue of each kind: cases any handler of that kind may see before assignment.
INTAKE_STATES = {"patent": ("submitted",), "trademark": ("tm_clue", "tm_verifying")}
HANDLER_ROLE = {"patent": Role.ADJUDICATOR, "trademark": Role.ENFORCER}
DRAFT_STATES = ("draft", "tm_draft")


# Who sees a case, declared once as grants. Each grant names, for a case, the principals it
# opens the case to (``names``) and, for one principal a user holds, the SQL condition on ``Case``
# for the cases it opens (``where``): ``case.view``, ``visible_cases`` (lists), and the search
# index (``case_principals``) are all read from this table, so they cannot disagree.


@dataclass(frozen=True)
class Grant:
    prefix: str                          # the principal's kind: role, user, party
    names: Callable[[Any], Iterable]     # case -> the principals' values
    where: Callable[[str], Any]          # a principal's value -> SQL condition, or None


def _models():
    from ipcenter.cases import models

    return models


def _director_where(role):
    import sqlalchemy as sa

    return sa.true() if role == Role.DIRECTOR else None


def _centre_filed(case) -> bool:
    """A matter the centre registered itself (an officer's clue, an informant's report): its
    filer's organisation is no party's."""
    from ipcenter.auth.models import Organisation
    from ipcenter.core.db import db

    org = db.session.get(Organisation, case.filed_by_org_id)
    return org is None or org.kind not in PARTY_ORG_KINDS


def _party_orgs():
    import sqlalchemy as sa

    from ipcenter.auth.models import Organisation

    return sa.select(Organisation.id).where(Organisation.kind.in_(sorted(PARTY_ORG_KINDS)))


def _in_intake(column):
    import sqlalchemy as sa

    Case = _models().Case
    return sa.or_(*[sa.and_(Case.kind == kind, column.in_(states))
                    for kind, states in INTAKE_STATES.items()])


def _intake_names(case):
    # A firm's filing waits for any handler of its kind; the centre's own clue (its informant
    # among its contents) only for the officer who registered it (below).
    if case.state not in INTAKE_STATES[case.kind] or _centre_filed(case):
        return []
    return [HANDLER_ROLE[case.kind]]


def _intake_where(role):
    import sqlalchemy as sa

    Case = _models().Case
    kinds = [kind for kind, handler in HANDLER_ROLE.items() if handler == role]
    if not kinds:
        return None
    return sa.and_(Case.filed_by_org_id.in_(_party_orgs()), sa.or_(*[
        sa.and_(Case.kind == kind, Case.state.in_(INTAKE_STATES[kind])) for kind in kinds]))


def _registrar_names(case):
    if case.state not in INTAKE_STATES[case.kind] or not _centre_filed(case):
        return []
    return [case.filed_by_id]


def _registrar_where(user_id):
    import sqlalchemy as sa

    Case = _models().Case
    return sa.and_(Case.filed_by_id == int(user_id), _in_intake(Case.state),
                   Case.filed_by_org_id.not_in(_party_orgs()))


def _handler_where(user_id):
    import sqlalchemy as sa

    m = _models()
    return m.Case.id.in_(sa.select(m.CaseHandler.case_id).where(
        m.CaseHandler.user_id == int(user_id), m.CaseHandler.removed_at.is_(None)))


def _filer_names(case):
    # A clue the centre registered has no filing party: its filer's organisation is the centre.
    return [] if _centre_filed(case) else [case.filed_by_org_id]


def _filer_where(org):
    return _models().Case.filed_by_org_id == int(org)


def _requester_names(case):
    return sorted(case.party_org_ids("requester")) if case.state not in DRAFT_STATES else []


def _party_where(role, states):
    import sqlalchemy as sa

    m = _models()

    def where(org):
        return sa.and_(states(m.Case.state), m.Case.id.in_(sa.select(m.CaseParty.case_id).where(
            m.CaseParty.organisation_id == int(org), m.CaseParty.role == role)))
    return where


def _respondent_names(case):
    from ipcenter.cases.kinds import spec_of

    return sorted(case.party_org_ids("respondent")) \
        if case.state in spec_of(case).party_states else []


def _party_states(column):
    from ipcenter.cases.kinds import KINDS

    return column.in_([str(s) for spec in KINDS.values() for s in spec.party_states])


# The centre's people on a case: the director, any handler of its kind while a firm's filing
# waits in the intake queue (the officer who registered a clue, while the clue waits there), its
# assigned handlers (never "everyone in the centre").
CASE_OFFICERS = (
    Grant("role", lambda case: [Role.DIRECTOR], _director_where),
    Grant("role", _intake_names, _intake_where),
    Grant("user", _registrar_names, _registrar_where),
    Grant("user", lambda case: [h.user_id for h in case.active_handlers], _handler_where),
)
# Its parties' firm and agent users: the filer always (its draft too), requesters once filed,
# respondents once the case has reached them.
FILER = Grant("party", _filer_names, _filer_where)
REQUESTER = Grant("party", _requester_names,
                  _party_where("requester", lambda state: state.not_in(DRAFT_STATES)))
RESPONDENT = Grant("party", _respondent_names, _party_where("respondent", _party_states))
CASE_PARTIES = (FILER, REQUESTER, RESPONDENT)
CASE_VIEW = CASE_OFFICERS + CASE_PARTIES


def _names(grants, case) -> set[str]:
    return {f"{grant.prefix}:{value}" for grant in grants for value in grant.names(case)}


def case_principals(case) -> set[str]:
    """Who may see ``case``, as principals (what ``case.view`` and the index read)."""
    return _names(CASE_VIEW, case)


@rule("case.view")
def _case_view(user, case) -> bool:
    return bool(principals(user) & case_principals(case))


@rule("case.edit_draft")
def _case_edit_draft(user, case) -> bool:
    return _is_party_user(user) and case.state == "draft" and \
        case.filed_by_org_id == user.organisation_id


@rule("case.upload")
def _case_upload(user, case) -> bool:
    relation = _case_relation(user, case)
    if _is_party_user(user):
        return bool(relation & {"filer", "requester", "respondent"})
    return user.has_role(HANDLER_ROLE[case.kind]) and "panel" in relation


@rule("case.answer")
def _case_answer(user, case) -> bool:
    return _is_party_user(user) and "respondent" in _case_relation(user, case)


@rule("case.recusal.request")
def _case_recusal_request(user, case) -> bool:
    return _is_party_user(user) and bool(
        _case_relation(user, case) & {"requester", "respondent"}) and bool(case.number)


@rule("case.register_clue")
def _case_register_clue(user, obj) -> bool:
    return user.has_role(Role.ENFORCER)


@rule("case.see_informant")
def _case_see_informant(user, case) -> bool:
    # Who reported a clue stays confidential: the officers who may see the case and the
    # director, never a party or a complainant.
    return case.kind == "trademark" and not _is_party_user(user) and _case_view(user, case)


@rule("case.investigate")
def _case_investigate(user, case) -> bool:
    return case.kind == "trademark" and user.has_role(Role.ENFORCER) and \
        "panel" in _case_relation(user, case)


@rule("case.officers")
def _case_officers(user, case) -> bool:
    # The director assigns; an officer verifying a clue may form the pair to open the case.
    if case.kind != "trademark":
        return False
    return user.has_role(Role.DIRECTOR) or (
        user.has_role(Role.ENFORCER) and case.state in INTAKE_STATES["trademark"]
        and _case_view(user, case))


@rule("case.publish")
def _case_publish(user, case) -> bool:
    from ipcenter.cases.publication import PUBLISHABLE

    return user.has_role(Role.DIRECTOR) and case.state in PUBLISHABLE[case.kind] and \
        case.published_at is None


@rule("case.panel")
def _case_panel(user, case) -> bool:
    from ipcenter.cases.workflow import PANEL_STATES

    return user.has_role(Role.DIRECTOR) and case.kind == "patent" and case.state in PANEL_STATES


@rule("case.recusal.decide", "case.extension.approve")
def _case_director(user, case) -> bool:
    return user.has_role(Role.DIRECTOR)


@rule("case.extension.request")
def _case_extension_request(user, case) -> bool:
    return user.has_role(Role.ADJUDICATOR) and "presiding" in _case_relation(user, case)


@rule("case.act")
def _case_act(user, obj) -> bool:
    """``obj`` is ``(case, event)``: the transition's roles, and the user's tie to the case."""
    from ipcenter.cases.kinds import spec_of

    case, event = obj
    spec = spec_of(case)
    transition = spec.flow.find(case.state, event)
    if transition is None or not user.has_role(*transition.roles):
        return False
    relation = _case_relation(user, case)
    if transition.roles & {"firm", "agent"} and _is_party_user(user):
        if event in spec.respondent_events:
            return "respondent" in relation
        return bool(relation & {"filer", "requester"})
    if user.has_role(Role.DIRECTOR) and "director" in transition.roles:
        return True
    if case.state in INTAKE_STATES[case.kind]:
        # intake: any handler who may see it (a clue: its registrar) not tied to a party
        from ipcenter.matters import conflict_of

        return user.has_role(spec.handler_role) and _case_view(user, case) and \
            conflict_of(user, case) is None
    # Sign-offs of the panel's documents are the presiding member's.
    if event in spec.presiding_events:
        return "presiding" in relation
    return "panel" in relation


def document_principals(doc) -> set[str]:
    """Who may open a case's file, as principals (what ``case.document`` and the index read):
    the case's officers; unless it stays inside the centre, the party it belongs to; on a
    patent case, or for an official document, the parties it is addressed to (the filer and
    requesters, or every party) once the case reached them. The complainant of a trademark case
    follows its complaint, not the party's evidence (and vice versa)."""
    case = doc.case
    names = _names(CASE_OFFICERS, case)
    if doc.audience == "centre":
        return names
    parties = _names(CASE_PARTIES, case)
    names |= _owned(doc, parties)
    if case.kind == "trademark" and doc.kind != "official":
        return names
    if doc.audience == "filer":
        if doc.kind == "official":
            names |= _names((FILER, REQUESTER), case)
        return names
    return names | parties


def _owned(doc, parties: set[str]) -> set[str]:
    """The party a file belongs to, if it sees the case: its party row's organisation, or,
    for a file the filer's agent added (an agency has no party row), that user alone."""
    from ipcenter.auth.models import User
    from ipcenter.core.db import db

    if doc.party is not None:
        owner = f"party:{doc.party.organisation_id}"
        return {owner} if doc.party.organisation_id and owner in parties else set()
    uploader = db.session.get(User, doc.uploaded_by_id) if doc.uploaded_by_id else None
    if uploader is not None and _is_party_user(uploader) and \
            f"party:{uploader.organisation_id}" in parties:
        return {f"user:{uploader.id}"}
    return set()


@rule("case.document")
def _case_document(user, doc) -> bool:
    return bool(principals(user) & document_principals(doc))


def visible_cases(query, user):
    """Filter a ``select(Case)`` to the cases ``user`` may see: each of the user's principals
    through each grant of ``CASE_VIEW`` that names its kind."""
    import sqlalchemy as sa

    conditions = []
    for name in sorted(principals(user)):
        prefix, _, value = name.partition(":")
        for grant in CASE_VIEW:
            if grant.prefix == prefix and (condition := grant.where(value)) is not None:
                conditions.append(condition)
    if not conditions:
        return query.where(sa.false())
    return query.where(sa.or_(*conditions))
