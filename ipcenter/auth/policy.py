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

    def __init__(self, action: str, obj: Any = None):
        super().__init__(_l("You are not allowed to do this."))
        self.action = action
        self.obj = obj


def require(user, action: str, obj: Any = None) -> None:
    """Raise ``Refused`` unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise Refused(action, obj)


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


@rule("audit.view")
def _audit(user, obj) -> bool:
    # The director oversees the department; the admin checks the chain's integrity.
    return user.has_role(Role.DIRECTOR, Role.ADMIN)


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
