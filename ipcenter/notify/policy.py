"""Who may see and send again the deliveries the sender gave up on: the system administrator,
who keeps the channels running. The list names who was to be told, on which channel and of
what kind of event, never what the notice said: a notice's text tells a case's matters (a
party's name, a hearing, a decision), which the administrator does not see (the reasoning of
``audit.details`` in ``ipcenter.auth.policy``)."""

from __future__ import annotations

from ipcenter.auth.policy import rule
from ipcenter.auth.roles import Role


@rule("notify.deliveries")
def _deliveries(user, obj) -> bool:
    return user.has_role(Role.ADMIN)
