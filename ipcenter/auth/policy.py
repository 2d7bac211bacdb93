"""Who may do what: the engine that answers ``can(user, action, obj)``, and the foundation's
rules. Views call ``require``; a refusal raises ``PermissionDenied``, which the error handler
turns into a 403 page and an audit row.

Rules are plain functions ``(user, obj) -> bool`` registered by action name (``rule``). Who sees
a matter is declared once, as a table of ``Grant``s (``Visibility``): from it the engine derives
the rule (``can``), the filter of list queries and the principals the search index stores, so
the three cannot disagree. Each domain declares its rules and grants in its own ``policy``
module, which its ``init_app`` imports; this module imports no domain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth.roles import ROLES_BY_ORG_KIND, STATISTICS_ONLY, Role
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


def statistics_only(user) -> bool:
    """Whether ``user`` holds only roles that read the statistics (``STATISTICS_ONLY``: the
    provincial office's reader): no worklist, no search, no matter of any kind."""
    roles = set(user.roles)
    return bool(roles) and roles <= STATISTICS_ONLY


@rule("dashboard.view", "search.use")
def _any_user(user, obj) -> bool:
    # Every signed-in user has a worklist and may search what its principals open to it,
    # except a reader of the statistics alone, whose home is the statistics page.
    return not statistics_only(user)


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
# engine, so counts and pages never reveal what is hidden; a domain's visibility is declared as
# grants of principals, so ``can``, the list filter and the index read one declaration.

PUBLIC = "public"
# The kinds of organisation whose members may be parties (firms, agencies): only they hold a
# ``party:<organisation>`` principal.
PARTY_ORG_KINDS = frozenset(kind for kind, roles in ROLES_BY_ORG_KIND.items()
                            if roles & {Role.FIRM, Role.AGENT})
# The roles that act for their own organisation on a matter named to it (pledge financing: the
# lending bank, the valuation firm, the insurer): a holder of one, in an organisation of the
# kind that grants it, holds ``<role>:<organisation id>`` — ``bank:3`` sees what is sent to
# bank 3, never what is sent to another bank.
ORG_BOUND_ROLES = frozenset({Role.BANK, Role.VALUER, Role.INSURER})


def principals(user) -> set[str]:
    """``{"public"}`` for anyone; a signed-in user adds ``user:<id>`` and ``role:<role>`` for
    each role, a party user (firm, agent) ``party:<organisation id>``, and a bank reviewer,
    a valuer or an insurer ``bank:``/``valuer:``/``insurer:<organisation id>`` (``ORG_BOUND_ROLES``).

    No principal names every member of an organisation: the centre's staff all belong to one,
    and a matter the centre registered itself is not open to all of them."""
    names = {PUBLIC}
    if _signed_in(user):
        names.add(f"user:{user.id}")
        names |= {f"role:{role}" for role in user.roles}
        if is_party_user(user) and is_party_org(user.organisation):
            names.add(f"party:{user.organisation_id}")
        names |= {f"{role}:{user.organisation_id}" for role in org_bound_roles(user)}
    return names


def org_bound_roles(user) -> set[str]:
    """The roles of ``ORG_BOUND_ROLES`` ``user`` holds for its organisation: the role held, in
    an organisation whose kind grants that role (a bank's reviewer, not a centre user)."""
    org = getattr(user, "organisation", None)
    if org is None or user.organisation_id is None:
        return set()
    allowed = ROLES_BY_ORG_KIND.get(org.kind, set())
    return {str(role) for role in ORG_BOUND_ROLES if role in allowed and user.has_role(role)}


def is_party_org(org) -> bool:
    """Whether ``org`` is a firm or an agency — an organisation whose users are parties to
    matters (the roles its kind grants), not the centre. ``None`` is no party."""
    return org is not None and \
        bool(ROLES_BY_ORG_KIND.get(org.kind, set()) & {Role.FIRM, Role.AGENT})


def is_party_user(user) -> bool:
    """A firm's or an agency's user (a party to matters, never the centre's staff)."""
    return user.has_role(Role.FIRM, Role.AGENT)


# ---------------------------------------------------------------------------------------------
# Grants: who sees a matter, declared once. Each grant names, for a matter, the principals it
# opens the matter to (``names``) and, for one principal a user holds, the SQL condition on the
# matter's model for the matters it opens (``where``, None when that principal opens none).


@dataclass(frozen=True)
class Grant:
    prefix: str                          # the principal's kind: role, user, party
    names: Callable[[Any], Iterable]     # matter -> the principals' values
    where: Callable[[str], Any]          # a principal's value -> SQL condition, or None


def granted(grants: Iterable[Grant], obj) -> set[str]:
    """The principals ``grants`` open ``obj`` to."""
    return {f"{grant.prefix}:{value}" for grant in grants for value in grant.names(obj)}


def _conditions(user, grants: tuple[Grant, ...]) -> list:
    conditions = []
    for name in sorted(principals(user)):
        prefix, _, value = name.partition(":")
        for grant in grants:
            if grant.prefix == prefix and (condition := grant.where(value)) is not None:
                conditions.append(condition)
    return conditions


def grants_filter(query, user, grants: Iterable[Grant]):
    """Filter ``query`` to what ``grants`` open to ``user``: each of the user's principals
    through each grant that names its kind."""
    conditions = _conditions(user, tuple(grants))
    if not conditions:
        return query.where(sa.false())
    return query.where(sa.or_(*conditions))


def grants_branches(user, grants: Iterable[Grant], key, *where) -> list | None:
    """The branches of ``grants_ids``: one ``SELECT key`` per condition of the user's
    principals (and ``where``, the list's own filters), each read from its own index; an empty
    list when the user sees nothing, ``None`` when every matter. A branch holds each id once
    (it selects the key from the matter's table alone), so a count can be capped per branch
    (``ipcenter.core.paging.count_capped``)."""
    conditions = _conditions(user, tuple(grants))
    if any(isinstance(c, sa.sql.elements.True_) for c in conditions):
        return None
    return [sa.select(key).where(c, *where).correlate(None) for c in conditions]


def grants_ids(user, grants: Iterable[Grant], key):
    """The ids (``key``, the matter's primary key) ``grants`` open to ``user``, as one
    ``SELECT … UNION SELECT …`` of a branch per condition (``grants_branches``); ``None``
    when the user sees every matter. Small for a firm (its parties' matters), where filtering
    by ``grants_filter``'s ``OR`` makes the database walk every matter."""
    branches = grants_branches(user, grants, key)
    if branches is None:
        return None
    if not branches:
        return sa.select(key).where(sa.false())
    return sa.union(*branches)


@dataclass(frozen=True)
class Visibility:
    """Who sees one kind of matter, as one table of grants: ``principals`` (what the index
    stores), ``allows`` (what ``can`` answers) and ``filter`` (the list query) read it alone."""

    action: str
    grants: tuple[Grant, ...]
    key: Callable | None = None

    def principals(self, obj) -> set[str]:
        return granted(self.grants, obj)

    def allows(self, user, obj) -> bool:
        return bool(principals(user) & self.principals(obj))

    def filter(self, query, user):
        return grants_filter(query, user, self.grants)

    def ids(self, user):
        """See ``grants_ids``; needs ``key``."""
        return grants_ids(user, self.grants, self.key())

    def branches(self, user, *where):
        """See ``grants_branches``; needs ``key``."""
        return grants_branches(user, self.grants, self.key(), *where)


def visibility(action: str, grants: Iterable[Grant], key: Callable | None = None) -> Visibility:
    """Declare who sees a matter and register ``action`` as the rule that reads it; ``key``
    returns the matter's primary key column (the list query then unions the grants)."""
    declared = Visibility(action, tuple(grants), key)
    rule(action)(lambda user, obj: declared.allows(user, obj))
    return declared
