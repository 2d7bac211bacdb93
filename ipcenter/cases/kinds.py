"""The case kinds: for each, its workflow, labels, clocks and who fires which events.

Shared machinery (``matters.fire``, the policy, the case page) looks a case's kind up here or,
below the domains, in the registry of ``ipcenter.matters.kinds`` that this module fills, so a
new kind adds an entry, not a copy of the machinery.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ipcenter.cases.patent import kind as patent_kind
from ipcenter.cases.patent import services
from ipcenter.cases.patent import workflow as pt
from ipcenter.cases.trademark import kind as trademark_kind
from ipcenter.cases.trademark import services as trademark
from ipcenter.cases.trademark import workflow as tm
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
    # What the shared page, presenter and index ask of the kind (see ``patent.kind``):
    # the partial (macros ``notices``, ``matter``, ``panels``) the case page imports;
    page_partial: str = "cases/_kind_panel.html"
    # the case's facts for the workflow's guards when deciding which actions to offer;
    offer_facts: Callable | None = None
    # actions the table allows but the case's record rules out now: (case, user) -> names;
    hidden_actions: Callable = lambda case, user: set()
    # the states in which each action that fires no event is offered (absent: any state);
    action_states: dict = field(default_factory=dict)
    # what the kind's partial needs beyond the case: (case, user, today) -> dict;
    page_extra: Callable = lambda case, user, today: {}
    # the numbers of the rights concerned, shown in lists: case -> list;
    codes: Callable = lambda case: []
    # the relationships of the kind's model that ``codes`` reads, loaded with a list's page;
    list_loads: tuple = ()
    # the search fields, body texts and published decision (title, body) of a case;
    index_fields: Callable = lambda case: {}
    index_body: Callable = lambda case: []
    ruling: Callable | None = None
    # the data of an official document, when not the patent catalogue's: (doc, now) -> dict;
    document_data: Callable | None = None
    # the kind's name in search facets.
    label: object = ""
    # Who reported a clue is recorded and stays confidential: the officers who may see the
    # case and the director see the informant, never a party or a complainant.
    informant_confidential: bool = False
    # Its handlers investigate (measures, findings) once they are on the case.
    investigated: bool = False
    # Its handlers come in pairs the director assigns; an officer verifying a clue in the
    # intake queue may form the pair to open the case.
    officers_by_director: bool = False
    # A party opens only its own files (and the official documents addressed to it), not the
    # other party's: the complainant follows its complaint, not the party's evidence.
    own_files_only: bool = False



KINDS = {
    "patent": KindSpec(
        "patent", pt.PATENT_FLOW, pt.STATE_LABELS, pt.EVENT_LABELS, pt.TERMINAL,
        pt.SERVED_STATES, pt.DEADLINES, frozenset(),
        frozenset({"draft_decision", "serve", "serve_decision", "schedule_hearing"}),
        "adjudicator", frozenset({pt.S.SUSPENDED}),
        closed_normally=frozenset({pt.S.CLOSED}), guard_facts=services._facts,
        upload_kinds=services.UPLOAD_KINDS, intake_states=frozenset({pt.S.SUBMITTED}),
        draft_state=pt.S.DRAFT, panel_states=pt.PANEL_STATES,
        page_partial="cases/patent/_panel.html", offer_facts=patent_kind.offer_facts,
        hidden_actions=patent_kind.hidden_actions, page_extra=patent_kind.page_extra,
        codes=patent_kind.codes, index_fields=patent_kind.index_fields,
        index_body=patent_kind.index_body, ruling=patent_kind.ruling,
        label=_l("Patent adjudication")),
    "trademark": KindSpec(
        "trademark", tm.TRADEMARK_FLOW, tm.STATE_LABELS, tm.EVENT_LABELS, tm.TERMINAL,
        tm.PARTY_STATES, tm.DEADLINES, frozenset({tm.TE.REQUEST_HEARING}), frozenset(),
        "enforcer", frozenset({tm.TS.SUSPENDED}),
        closed_normally=frozenset({tm.TS.CLOSED}), guard_facts=trademark.facts,
        upload_kinds=services.UPLOAD_KINDS,
        intake_states=frozenset({tm.TS.CLUE, tm.TS.VERIFYING}), draft_state=tm.TS.DRAFT,
        page_partial="cases/trademark/_panel.html", offer_facts=trademark_kind.offer_facts,
        hidden_actions=trademark_kind.hidden_actions, action_states=tm.ACTION_STATES,
        page_extra=trademark_kind.page_extra, codes=trademark_kind.codes, list_loads=("marks",),
        index_fields=trademark_kind.index_fields, index_body=trademark_kind.index_body,
        ruling=trademark_kind.ruling, document_data=trademark_kind.document_data,
        label=_l("Trademark enforcement"), informant_confidential=True, investigated=True,
        officers_by_director=True, own_files_only=True),
}
for _spec in KINDS.values():
    matter_kinds.register(_spec)

ALL_STATES = [s for spec in KINDS.values() for s in spec.flow.states]


def spec_of(case) -> KindSpec:
    return KINDS[case.kind]
