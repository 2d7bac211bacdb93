"""Who may export: whoever may open one of the lists an export is made of (each register
checks its own list's rule again, ``registers.check``). An export is its owner's alone."""

from __future__ import annotations

from ipcenter.auth.policy import can, rule


@rule("exports.use")
def _exports(user, obj) -> bool:
    from ipcenter.exports.registers import REGISTERS

    return any(can(user, register.action) for register in REGISTERS.values())
