"""Who issues and revokes API tokens: the system administrator, who opens the organisations'
accounts (the project has no administrator per organisation). A token is for an account of a
partner organisation or the centre's director, never for an administrator's account (its
holder manages accounts, and the API has nothing for it)."""

from __future__ import annotations

from ipcenter.auth.policy import rule
from ipcenter.auth.roles import Role


@rule("api.tokens")
def _admin(user, target) -> bool:
    return user.has_role(Role.ADMIN) and (target is None or not target.has_role(Role.ADMIN))
