"""The policy engine on a toy matter: from one table of grants it derives the rule (``can``),
the principals the search index stores and the SQL filter of lists, and the three agree for
every user and every row (the case's own grants are checked on real cases in
tests/search/test_visibility_property.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from ipcenter.auth import policy
from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import OrgKind, Role

TOY = sa.Table(
    "toy_matter", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("state", sa.String(10)),
    sa.Column("owner_org", sa.Integer),
    sa.Column("handler_id", sa.Integer, nullable=True),
)


@dataclass(frozen=True)
class Matter:
    id: int
    state: str
    owner_org: int
    handler_id: int | None = None


MATTERS = [
    Matter(1, "draft", owner_org=10),
    Matter(2, "open", owner_org=10),
    Matter(3, "open", owner_org=11, handler_id=2),
    Matter(4, "closed", owner_org=11, handler_id=2),
    Matter(5, "closed", owner_org=10, handler_id=3),
]

# The director sees all; an examiner the open queue; a handler what it is assigned; the owning
# firm its matters once out of draft.
GRANTS = (
    policy.Grant("role", lambda m: [Role.DIRECTOR],
                 lambda role: sa.true() if role == Role.DIRECTOR else None),
    policy.Grant("role", lambda m: [Role.EXAMINER] if m.state == "open" else [],
                 lambda role: TOY.c.state == "open" if role == Role.EXAMINER else None),
    policy.Grant("user", lambda m: [m.handler_id] if m.handler_id else [],
                 lambda user_id: TOY.c.handler_id == int(user_id)),
    policy.Grant("party", lambda m: [m.owner_org] if m.state != "draft" else [],
                 lambda org: sa.and_(TOY.c.owner_org == int(org), TOY.c.state != "draft")),
)


def _user(user_id, org_id, org_kind, *roles, active=True):
    user = User(id=user_id, username=f"u{user_id}", display_name=f"u{user_id}", active=active,
                organisation_id=org_id,
                organisation=Organisation(id=org_id, name=f"o{org_id}", kind=org_kind))
    user.set_roles(roles)
    return user


CENTRE = 1
USERS = {
    "director": _user(1, CENTRE, OrgKind.CENTRE, Role.DIRECTOR),
    "handler": _user(2, CENTRE, OrgKind.CENTRE, Role.ADJUDICATOR),
    "examiner": _user(4, CENTRE, OrgKind.CENTRE, Role.EXAMINER),
    "firm": _user(5, 10, OrgKind.FIRM, Role.FIRM),
    "other firm": _user(6, 12, OrgKind.FIRM, Role.FIRM),
    "bank": _user(7, 13, OrgKind.BANK, Role.BANK),
    "inactive handler": _user(3, CENTRE, OrgKind.CENTRE, Role.ADJUDICATOR, active=False),
    "anonymous": None,
}
SEES = {
    "director": {1, 2, 3, 4, 5},
    "handler": {3, 4},
    "examiner": {2, 3},
    "firm": {2, 5},
    "other firm": set(),
    "bank": set(),
    "inactive handler": set(),  # signed out at once: no grant names a visitor
    "anonymous": set(),
}


@pytest.fixture(scope="module")
def toy():
    declared = policy.visibility("toy.view", GRANTS)
    engine = sa.create_engine("sqlite://")
    TOY.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(TOY.insert(), [vars(m) for m in MATTERS])
    yield declared, engine
    engine.dispose()
    del policy.RULES["toy.view"]


@pytest.mark.parametrize("name", sorted(SEES))
def test_can_principals_and_filter_agree(toy, name):
    declared, engine = toy
    user = USERS[name]
    by_can = {m.id for m in MATTERS if policy.can(user, "toy.view", m)}
    by_principals = {m.id for m in MATTERS if policy.principals(user) & declared.principals(m)}
    with engine.connect() as conn:
        by_sql = set(conn.scalars(declared.filter(sa.select(TOY.c.id), user)))
    assert by_can == by_principals == by_sql == SEES[name]


def test_principals_name_who_holds_them(toy):
    declared, _ = toy
    assert declared.principals(MATTERS[2]) == {
        "role:director", "role:examiner", "user:2", "party:11"}
    assert declared.principals(MATTERS[0]) == {"role:director"}  # a draft: its owner aside
    assert policy.principals(USERS["firm"]) == {"public", "user:5", "role:firm", "party:10"}
    # a bank is no party: it holds no party principal, but its bank's (what is sent to it)
    bank = USERS["bank"]
    assert policy.principals(bank) == {"public", "user:7", "role:bank",
                                       f"bank:{bank.organisation_id}"}


def test_require_refuses_who_may_not_see(toy):
    policy.require(USERS["firm"], "toy.view", MATTERS[1])
    with pytest.raises(policy.Refused) as refused:
        policy.require(USERS["other firm"], "toy.view", MATTERS[1])
    assert refused.value.action == "toy.view" and refused.value.obj is MATTERS[1]


def test_one_rule_per_action(toy):
    with pytest.raises(ValueError, match="two rules for toy.view"):
        policy.visibility("toy.view", GRANTS)


def test_unknown_action_is_refused():
    assert not policy.can(USERS["director"], "toy.unknown", MATTERS[0])
