"""Who may open the statistics: the director and the provincial office's reader. The figures
are the department's (fines, loans, each handler's and examiner's workload); the system
administrator manages users, calendars and settings and holds no case role
(``auth.policy``), so it is not let in.

The tables that name the centre's staff — open cases by handler, each examiner's decisions —
are the director's alone (``reports.staff_figures``): the provincial office reads the
department's figures, not its people's. The page, the PDF, the workbook and the API leave them
out for anyone else."""

from __future__ import annotations

from ipcenter.auth.policy import rule
from ipcenter.auth.roles import Role


@rule("reports.view")
def _director_or_province(user, obj) -> bool:
    return user.has_role(Role.DIRECTOR, Role.PROVINCIAL)


@rule("reports.staff_figures")
def _director(user, obj) -> bool:
    return user.has_role(Role.DIRECTOR)
