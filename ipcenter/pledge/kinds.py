"""The pledge family's kinds of matter, one line each (as ``cases.kinds``): importing this
module registers them with ``ipcenter.matters.kinds``."""

from __future__ import annotations

from ipcenter.pledge.kind import SPEC as PLEDGE

KINDS = {PLEDGE.kind: PLEDGE}
