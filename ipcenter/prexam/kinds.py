"""Pre-examination's kinds of matter, one line each (as ``cases.kinds``, ``pledge.kinds``):
importing this module registers them with ``ipcenter.matters.kinds``."""

from __future__ import annotations

from ipcenter.prexam.kind import FILING, REQUEST

KINDS = {REQUEST.kind: REQUEST, FILING.kind: FILING}
