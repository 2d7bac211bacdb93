"""The case kinds: one line each. A kind's package builds its ``KindSpec`` (``cases.spec``) in
its ``kind.py``; listing it here registers it with ``ipcenter.matters.kinds``, where the shared
machinery (``matters.fire``, the policy, the case page, documents, search) looks a case's kind
up, so a new kind adds a package and a line, not a copy of the machinery.
"""

from __future__ import annotations

from ipcenter.cases.patent import kind as patent
from ipcenter.cases.spec import KindSpec
from ipcenter.cases.trademark import kind as trademark
from ipcenter.matters import kinds as matter_kinds

KINDS: dict[str, KindSpec] = {spec.kind: spec for spec in (
    patent.SPEC,
    trademark.SPEC,
)}
for _spec in KINDS.values():
    matter_kinds.register(_spec)

ALL_STATES = [s for spec in KINDS.values() for s in spec.flow.states]


def spec_of(case) -> KindSpec:
    return KINDS[case.kind]
