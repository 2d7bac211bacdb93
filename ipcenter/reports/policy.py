"""Who may open the statistics: the director alone. The figures are the department's (fines,
loans, each handler's and examiner's workload); the system administrator manages users,
calendars and settings and holds no case role (``auth.policy``), so it is not let in."""

from __future__ import annotations

from ipcenter.auth.policy import rule
from ipcenter.auth.roles import Role


@rule("reports.view")
def _director(user, obj) -> bool:
    return user.has_role(Role.DIRECTOR)
