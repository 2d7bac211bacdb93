"""What the matters kernel asks of a pledge application (``ipcenter.matters.kinds.Kind``):
its ``PledgeKind``, built and registered at import.

The kernel's ``handler_role`` is the centre's role that handles the kind: the fund manager
(风险补偿资金管理人), who receives each application, enrols it, watches the pool and handles
claims. Banks, the valuer and the insurer act on an application through the roles of its
transition table, not as its handlers (a bank is the lender, not the centre).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ipcenter.core.workflow import Workflow
from ipcenter.matters import kinds as matter_kinds
from ipcenter.pledge import services
from ipcenter.pledge import workflow as pl
from ipcenter.pledge.models import KIND


@dataclass(frozen=True, kw_only=True)
class PledgeKind:
    """A kind of pledge matter: what ``matters.kinds.Kind`` reads, and its labels."""

    kind: str
    subject: str
    flow: Workflow
    terminal: frozenset
    closed_normally: frozenset
    deadlines: Mapping
    handler_role: str
    guard_facts: Callable
    # No upload kinds and tasks until the pledge's own tasks exist: the kernel's ``attach``
    # refuses a kind that is not listed, so nothing is queued for a task that is not there.
    upload_kinds: Mapping = field(default_factory=dict)
    render_task: str = "pledge.render_document"
    extract_task: str = "pledge.extract_text"
    # The search index's kind of the matter's files (``pledge.search``), for ``matters.index``.
    file_subject: str = "pledge_file"
    label: object = ""

    def __post_init__(self):
        unknown = {*self.terminal, *self.closed_normally} - {s.value for s in self.flow.states}
        if unknown:
            raise ValueError(f"{self.kind}: states not in its workflow: {sorted(unknown)}")
        if not self.closed_normally <= self.terminal:
            raise ValueError(f"{self.kind}: a normal end must be terminal")


SPEC = matter_kinds.register(PledgeKind(
    kind=KIND, subject="pledge", flow=pl.PLEDGE_FLOW, terminal=pl.TERMINAL,
    closed_normally=pl.CLOSED_NORMALLY, deadlines=pl.DEADLINES, handler_role="fund_manager",
    guard_facts=services.facts, label=_l("IP pledge financing")))
