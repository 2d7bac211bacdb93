"""The case kinds: for each, its workflow, labels, clocks and who fires which events.

Shared machinery (``matters.fire``, the policy, the case page) looks a case's kind up here or,
below the domains, in the registry of ``ipcenter.matters.kinds`` that this module fills, so a
new kind adds an entry, not a copy of the machinery.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ipcenter.cases import services
from ipcenter.cases import trademark
from ipcenter.cases import trademark_workflow as tm
from ipcenter.cases import workflow as pt
from ipcenter.core.workflow import Workflow
from ipcenter.matters import kinds as matter_kinds


@dataclass(frozen=True)
class KindSpec:
    kind: str
    flow: Workflow
    state_labels: dict
    event_labels: dict
    terminal: frozenset
    # States in which the respondent / party follows the case.
    party_states: frozenset
    deadlines: dict
    # Events a party user fires as respondent (the rest of the firm events are the filer's).
    respondent_events: frozenset
    # Events whose sign-off is the presiding member's (patent panels).
    presiding_events: frozenset
    # The centre's role that handles this kind.
    handler_role: str
    # Side states whose clocks stop.
    paused_states: frozenset
    # Terminal states reached by the normal end of a case: their open clocks are "met", not
    # cancelled.
    closed_normally: frozenset
    # The facts the workflow's guards read: (case, now, **extra) → Facts.
    guard_facts: Callable
    # Kinds of uploaded file: their title, who may open them and who may add them.
    upload_kinds: dict
    subject: str = "case"
    render_task: str = "cases.render_document"
    extract_task: str = "cases.extract_text"
    # The intake queue: states in which any handler of this kind sees a party's filing (the
    # officer who registered a clue, the clue) before cases are assigned.
    intake_states: frozenset = frozenset()
    # The state of a filing its party is still writing (no one but the filer sees it).
    draft_state: str = ""
    # States in which the director forms or completes a panel (none: the kind has no panel).
    panel_states: frozenset = frozenset()


KINDS = {
    "patent": KindSpec(
        "patent", pt.PATENT_FLOW, pt.STATE_LABELS, pt.EVENT_LABELS, pt.TERMINAL,
        pt.SERVED_STATES, pt.DEADLINES, frozenset(),
        frozenset({"draft_decision", "serve", "serve_decision", "schedule_hearing"}),
        "adjudicator", frozenset({pt.S.SUSPENDED}),
        closed_normally=frozenset({pt.S.CLOSED}), guard_facts=services._facts,
        upload_kinds=services.UPLOAD_KINDS, intake_states=frozenset({pt.S.SUBMITTED}),
        draft_state=pt.S.DRAFT, panel_states=pt.PANEL_STATES),
    "trademark": KindSpec(
        "trademark", tm.TRADEMARK_FLOW, tm.STATE_LABELS, tm.EVENT_LABELS, tm.TERMINAL,
        tm.PARTY_STATES, tm.DEADLINES, frozenset({tm.TE.REQUEST_HEARING}), frozenset(),
        "enforcer", frozenset({tm.TS.SUSPENDED}),
        closed_normally=frozenset({tm.TS.CLOSED}), guard_facts=trademark.facts,
        upload_kinds=services.UPLOAD_KINDS,
        intake_states=frozenset({tm.TS.CLUE, tm.TS.VERIFYING}), draft_state=tm.TS.DRAFT),
}
for _spec in KINDS.values():
    matter_kinds.register(_spec)

ALL_STATES = [s for spec in KINDS.values() for s in spec.flow.states]


def spec_of(case) -> KindSpec:
    return KINDS[case.kind]
