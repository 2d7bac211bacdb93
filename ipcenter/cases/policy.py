"""Who may do what on a case (patent adjudication, trademark enforcement), declared against the
policy engine of ``ipcenter.auth.policy``.

A firm sees the cases it is a party to — as respondent only once the case has reached it; a
handler sees the intake queue of its kind and the cases it is assigned to; the director sees
every case; no one else sees any. Who sees a case is one table of grants (``CASE_VIEW``): the
rule ``case.view``, the case list's filter (``visible_cases``) and the search index
(``case_principals``) are derived from it. The states named here are read from each kind's
workflow (``KindSpec``), never spelled again.

Importing this module registers its rules; ``ipcenter.cases.init_app`` does.
"""

from __future__ import annotations

import sqlalchemy as sa

from ipcenter.auth.models import Organisation, User
from ipcenter.auth.policy import (
    PARTY_ORG_KINDS,
    Grant,
    granted,
    is_party_org,
    is_party_user,
    principals,
    rule,
    visibility,
)
from ipcenter.auth.roles import Role
from ipcenter.cases.kinds import KINDS, spec_of
from ipcenter.cases.models import Case, CaseHandler, CaseParty
from ipcenter.core.db import db
from ipcenter.matters import conflict_of, is_official

# The intake queue of each kind: cases any handler of that kind may see before assignment.
# State names are each kind's own (a trademark case's start with ``tm_``; a test holds that no
# two kinds share one), so a case's state alone says which kind's queue it is in.
INTAKE_STATES = {kind: tuple(sorted(spec.intake_states)) for kind, spec in KINDS.items()}
HANDLER_ROLE = {kind: spec.handler_role for kind, spec in KINDS.items()}
DRAFT_STATES = tuple(spec.draft_state for spec in KINDS.values())


def _case_relation(user, case) -> set[str]:
    """How ``user`` stands to ``case``: filer, requester, respondent, panel, presiding. The
    party relations count for party users only (the rules below check that first)."""
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


@rule("case.file")
def _case_file(user, obj) -> bool:
    return is_party_user(user)


@rule("case.list")
def _case_list(user, obj) -> bool:
    return user.has_role(Role.FIRM, Role.AGENT, Role.ADJUDICATOR, Role.ENFORCER, Role.DIRECTOR)


# Who sees a case, as grants (see ``ipcenter.auth.policy.Grant``).


def _director_where(role):
    return sa.true() if role == Role.DIRECTOR else None


def _centre_filed(case) -> bool:
    """A matter the centre registered itself (an officer's clue, an informant's report): its
    filer's organisation is no party's."""
    return not is_party_org(case.filed_by_org)


def _party_orgs():
    return sa.select(Organisation.id).where(Organisation.kind.in_(sorted(PARTY_ORG_KINDS)))


def _in_intake(column):
    return column.in_(sorted({s for states in INTAKE_STATES.values() for s in states}))


def _intake_names(case):
    # A firm's filing waits for any handler of its kind; the centre's own clue (its informant
    # among its contents) only for the officer who registered it (below).
    if case.state not in INTAKE_STATES[case.kind] or _centre_filed(case):
        return []
    return [HANDLER_ROLE[case.kind]]


def _intake_where(role):
    kinds = [kind for kind, handler in HANDLER_ROLE.items() if handler == role]
    if not kinds:
        return None
    return sa.and_(Case.filed_by_org_id.in_(_party_orgs()),
                   Case.state.in_(sorted({s for kind in kinds for s in INTAKE_STATES[kind]})))


def _registrar_names(case):
    if case.state not in INTAKE_STATES[case.kind] or not _centre_filed(case):
        return []
    return [case.filed_by_id]


def _registrar_where(user_id):
    return sa.and_(Case.filed_by_id == int(user_id), _in_intake(Case.state),
                   Case.filed_by_org_id.not_in(_party_orgs()))


def _handler_where(user_id):
    return Case.id.in_(sa.select(CaseHandler.case_id).where(
        CaseHandler.user_id == int(user_id), CaseHandler.removed_at.is_(None)))


def _filer_names(case):
    # A clue the centre registered has no filing party: its filer's organisation is the centre.
    return [] if _centre_filed(case) else [case.filed_by_org_id]


def _filer_where(org):
    return Case.filed_by_org_id == int(org)


def _requester_names(case):
    return sorted(case.party_org_ids("requester")) if case.state not in DRAFT_STATES else []


def _party_where(role, states):
    def where(org):
        return sa.and_(states(Case.state), Case.id.in_(sa.select(CaseParty.case_id).where(
            CaseParty.organisation_id == int(org), CaseParty.role == role)))
    return where


def _respondent_names(case):
    return sorted(case.party_org_ids("respondent")) \
        if case.state in spec_of(case).party_states else []


def _party_states(column):
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
CASE_VIEW = visibility("case.view", CASE_OFFICERS + CASE_PARTIES, key=lambda: Case.id)


def case_principals(case) -> set[str]:
    """Who may see ``case``, as principals (what ``case.view`` and the index read)."""
    return CASE_VIEW.principals(case)


def visible_cases(query, user):
    """Filter a ``select(Case)`` to the cases ``user`` may see (``case.view``'s grants)."""
    return CASE_VIEW.filter(query, user)


def visible_case_ids(user):
    """The ids of the cases ``user`` may see as one ``UNION`` (``None``: every case)."""
    return CASE_VIEW.ids(user)


def visible_case_branches(user, *where):
    """``visible_case_ids`` as its branches, each narrowed by ``where`` (``None``: every
    case), for a count capped per branch."""
    return CASE_VIEW.branches(user, *where)


def _case_view(user, case) -> bool:
    return CASE_VIEW.allows(user, case)


@rule("case.upload")
def _case_upload(user, case) -> bool:
    relation = _case_relation(user, case)
    if is_party_user(user):
        return bool(relation & {"filer", "requester", "respondent"})
    return user.has_role(HANDLER_ROLE[case.kind]) and "panel" in relation


@rule("case.serve")
def _case_serve(user, case) -> bool:
    # Service (送达) and what a paper-served party sends back are recorded by the case's own
    # handlers, never by a party.
    return not is_party_user(user) and user.has_role(HANDLER_ROLE[case.kind]) and \
        "panel" in _case_relation(user, case)


@rule("case.answer")
def _case_answer(user, case) -> bool:
    return is_party_user(user) and "respondent" in _case_relation(user, case)


@rule("case.recusal.request")
def _case_recusal_request(user, case) -> bool:
    # A party asks for 回避, or the agency that filed for the requester asks on its behalf (an
    # agent acts in the party's procedure; it is served for it, ``cases.represented``).
    return is_party_user(user) and bool(
        _case_relation(user, case) & {"filer", "requester", "respondent"}) and bool(case.number)


def _counter_filer(role: str):
    """窗口受理: the kind's own handlers enter a complaint a firm brought to the counter on
    paper (never a party, whatever its roles)."""
    def allowed(user, obj) -> bool:
        return not is_party_user(user) and user.has_role(role)
    return allowed


for _kind, _role in HANDLER_ROLE.items():
    rule(f"case.counter_file.{_kind}")(_counter_filer(_role))


@rule("case.register_clue")
def _case_register_clue(user, obj) -> bool:
    return user.has_role(Role.ENFORCER)


@rule("case.see_informant")
def _case_see_informant(user, case) -> bool:
    # Who reported a clue stays confidential: the officers who may see the case and the
    # director, never a party or a complainant.
    return spec_of(case).informant_confidential and not is_party_user(user) and \
        _case_view(user, case)


@rule("case.investigate")
def _case_investigate(user, case) -> bool:
    spec = spec_of(case)
    return spec.investigated and user.has_role(spec.handler_role) and \
        "panel" in _case_relation(user, case)


@rule("case.officers")
def _case_officers(user, case) -> bool:
    # The director assigns; an officer verifying a clue may form the pair to open the case.
    spec = spec_of(case)
    if not spec.officers_by_director:
        return False
    return user.has_role(Role.DIRECTOR) or (
        user.has_role(spec.handler_role) and case.state in spec.intake_states
        and _case_view(user, case))


@rule("case.publish")
def _case_publish(user, case) -> bool:
    return user.has_role(Role.DIRECTOR) and case.state in spec_of(case).publishable and \
        case.published_at is None


@rule("case.panel")
def _case_panel(user, case) -> bool:
    return user.has_role(Role.DIRECTOR) and case.state in spec_of(case).panel_states


@rule("case.recusal.decide", "case.extension.approve")
def _case_director(user, case) -> bool:
    return user.has_role(Role.DIRECTOR)


@rule("case.extension.request")
def _case_extension_request(user, case) -> bool:
    return user.has_role(Role.ADJUDICATOR) and "presiding" in _case_relation(user, case)


@rule("case.act")
def _case_act(user, obj) -> bool:
    """``obj`` is ``(case, event)``: the transition's roles, and the user's tie to the case."""
    case, event = obj
    spec = spec_of(case)
    transition = spec.flow.find(case.state, event)
    if transition is None or not user.has_role(*transition.roles):
        return False
    relation = _case_relation(user, case)
    if transition.roles & {"firm", "agent"} and is_party_user(user):
        if event in spec.respondent_events:
            return "respondent" in relation
        return bool(relation & {"filer", "requester"})
    if user.has_role(Role.DIRECTOR) and "director" in transition.roles:
        return True
    if case.state in spec.intake_states:
        # intake: any handler who may see it (a clue: its registrar) not tied to a party
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
    names = granted(CASE_OFFICERS, case)
    if doc.audience == "centre":
        return names
    parties = granted(CASE_PARTIES, case)
    names |= _owned(doc, parties)
    if spec_of(case).own_files_only and not is_official(doc):
        return names
    if doc.audience == "filer":
        if is_official(doc):
            names |= granted((FILER, REQUESTER), case)
        return names
    return names | parties


def _owned(doc, parties: set[str]) -> set[str]:
    """The party a file belongs to, if it sees the case: its party row's organisation, or,
    for a file the filer's agent added (an agency has no party row), that user alone."""
    if doc.party is not None:
        owner = f"party:{doc.party.organisation_id}"
        return {owner} if doc.party.organisation_id and owner in parties else set()
    uploader = db.session.get(User, doc.uploaded_by_id) if doc.uploaded_by_id else None
    if uploader is not None and is_party_user(uploader) and \
            f"party:{uploader.organisation_id}" in parties:
        return {f"user:{uploader.id}"}
    return set()


@rule("case.document")
def _case_document(user, doc) -> bool:
    return bool(principals(user) & document_principals(doc))
