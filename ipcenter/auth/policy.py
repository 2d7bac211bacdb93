"""Who may do what: the single place that answers ``can(user, action, obj)`` and filters list
queries (``visible``). Views call ``require``; a refusal raises ``PermissionDenied``, which the
error handler turns into a 403 page and an audit row.

Rules are plain functions ``(user, obj) -> bool`` registered by action name. Domains add their
actions here, in this file, so a reader finds every rule in one place.
"""

from __future__ import annotations

from typing import Any, Callable

from flask_babel import lazy_gettext as _l

from ipcenter.auth.roles import Role
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
# Principals: the names under which a user may see an indexed document (search filters by them
# inside the engine, so counts and pages never reveal what is hidden).

PUBLIC = "public"


def principals(user) -> set[str]:
    """``{"public"}`` for anyone; a signed-in user adds ``user:<id>``, ``org:<id>`` and
    ``role:<role>`` for each role."""
    names = {PUBLIC}
    if _signed_in(user):
        names |= {f"user:{user.id}", f"org:{user.organisation_id}"}
        names |= {f"role:{role}" for role in user.roles}
    return names


# ---------------------------------------------------------------------------------------------
# Cases (patent adjudication). A firm sees the cases it is a party to — as respondent only once
# the case has been served on it; an adjudicator sees the intake queue and its panels' cases;
# the director sees every case; admins and banks see none.


def _case_relation(user, case) -> set[str]:
    """How ``user`` stands to ``case``: filer, requester, respondent, panel, presiding."""
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


@rule("case.view")
def _case_view(user, case) -> bool:
    if user.has_role(Role.DIRECTOR):
        return True
    relation = _case_relation(user, case)
    if _is_party_user(user) and relation & {"filer", "requester", "respondent"}:
        return case.state not in DRAFT_STATES or "filer" in relation
    if user.has_role(HANDLER_ROLE[case.kind]):
        return "panel" in relation or case.state in INTAKE_STATES[case.kind]
    return False


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
        user.has_role(Role.ENFORCER) and case.state in INTAKE_STATES["trademark"])


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
    if case.state in INTAKE_STATES[case.kind]:  # intake: any handler not tied to a party
        from ipcenter.cases.services import conflict_of

        return user.has_role(spec.handler_role) and conflict_of(user, case) is None
    # Sign-offs of the panel's documents are the presiding member's.
    if event in spec.presiding_events:
        return "presiding" in relation
    return "panel" in relation


@rule("case.document")
def _case_document(user, doc) -> bool:
    """Opening a file: the centre's people on the case, the party that filed it, and every
    party for documents addressed to the parties once the case reached them."""
    case = doc.case
    if not _case_view(user, case):
        return False
    if user.has_role(Role.DIRECTOR, HANDLER_ROLE[case.kind]):
        return True
    relation = _case_relation(user, case)
    mine = (doc.party is not None and doc.party.organisation_id == user.organisation_id) or (
        doc.party is None and doc.uploaded_by_id == user.id)
    if doc.audience == "centre":
        return False
    if case.kind == "trademark" and doc.kind != "official":
        # The complainant follows its complaint, not the party's evidence (and vice versa).
        return mine
    if doc.audience == "filer":
        return mine or (doc.kind == "official" and bool(relation & {"filer", "requester"}))
    return mine or bool(relation & {"filer", "requester", "respondent"})


def visible_cases(query, user):
    """Filter a ``select(Case)`` to the cases ``user`` may see (the SQL twin of case.view)."""
    import sqlalchemy as sa

    from ipcenter.cases.kinds import KINDS
    from ipcenter.cases.models import Case, CaseHandler, CaseParty

    if not _signed_in(user):
        return query.where(sa.false())
    if user.has_role(Role.DIRECTOR):
        return query
    conditions = []
    if _is_party_user(user):
        org = user.organisation_id
        conditions.append(Case.filed_by_org_id == org)
        conditions.append(sa.and_(Case.state.not_in(DRAFT_STATES), Case.id.in_(
            sa.select(CaseParty.case_id).where(CaseParty.organisation_id == org,
                                               CaseParty.role == "requester"))))
        party_states = [str(s) for spec in KINDS.values() for s in spec.party_states]
        conditions.append(sa.and_(Case.state.in_(party_states), Case.id.in_(
            sa.select(CaseParty.case_id).where(CaseParty.organisation_id == org,
                                               CaseParty.role == "respondent"))))
    for kind, role in HANDLER_ROLE.items():
        if user.has_role(role):
            conditions.append(sa.and_(Case.kind == kind,
                                      Case.state.in_(INTAKE_STATES[kind])))
            conditions.append(sa.and_(Case.kind == kind, Case.id.in_(
                sa.select(CaseHandler.case_id).where(CaseHandler.user_id == user.id,
                                                     CaseHandler.removed_at.is_(None)))))
    if not conditions:
        return query.where(sa.false())
    return query.where(sa.or_(*conditions))


# ---------------------------------------------------------------------------------------------
# The same rules as principals, for the search index: a case or file is found only by those
# ``case.view`` / ``case.document`` let through (the tests compare both for every role).


def case_principals(case) -> set[str]:
    """Who may see ``case``, as principals (the search twin of ``case.view``)."""
    from ipcenter.cases.kinds import spec_of

    names = {f"role:{Role.DIRECTOR}"}
    if case.state in INTAKE_STATES[case.kind]:
        names.add(f"role:{HANDLER_ROLE[case.kind]}")
    names |= {f"user:{h.user_id}" for h in case.active_handlers}
    party_orgs = set()
    if case.state in DRAFT_STATES:
        party_orgs.add(case.filed_by_org_id)
    else:
        party_orgs.add(case.filed_by_org_id)
        party_orgs |= case.party_org_ids("requester")
        if case.state in spec_of(case).party_states:
            party_orgs |= case.party_org_ids("respondent")
    # Party organisations' firm and agent users: "org:<id>" is shared by every user of the
    # organisation, and only party users of a firm or agency belong to one.
    names |= {f"org:{org}" for org in party_orgs if org}
    return names


def document_principals(doc) -> set[str]:
    """Who may open a case's file, as principals (the search twin of ``case.document``)."""
    case = doc.case
    names = {f"role:{Role.DIRECTOR}"} | {f"user:{h.user_id}" for h in case.active_handlers}
    if case.state in INTAKE_STATES[case.kind]:
        names.add(f"role:{HANDLER_ROLE[case.kind]}")
    if doc.audience == "centre":
        return names
    seen = case_principals(case)
    owner = None
    if doc.party is not None and doc.party.organisation_id:
        owner = f"org:{doc.party.organisation_id}"
    elif doc.party is None and doc.uploaded_by_id:
        owner = f"user:{doc.uploaded_by_id}"
    if owner and (owner in seen or owner.startswith("user:")):
        names.add(owner)
    if case.kind == "trademark" and doc.kind != "official":
        return names
    orgs = {n for n in seen if n.startswith("org:")}
    if doc.audience == "filer":
        if doc.kind == "official":
            names |= {f"org:{o}" for o in ({case.filed_by_org_id} | case.party_org_ids(
                "requester")) if o and f"org:{o}" in seen}
        return names
    return names | orgs
