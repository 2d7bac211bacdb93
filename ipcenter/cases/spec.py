"""What a kind of case tells the shared case machinery: its ``KindSpec``.

Each kind's package builds its spec in its ``kind.py`` (``SPEC``) and ``cases.kinds`` lists the
specs, one line each. Only the kind's name, workflow, handling role and guard facts are
required; everything else has the default of a kind that does not use it (no panel, no
respondent, no uploads, nothing published).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from ipcenter.core.workflow import Workflow


@dataclass(frozen=True)
class Filing:
    """A way to start a case of the kind, offered on the case list to whom the policy lets
    through: its button's label, its page's endpoint, the policy action and a test id."""
    label: object
    endpoint: str
    action: str
    testid: str


@dataclass(frozen=True, kw_only=True)
class Counter:
    """What 窗口受理 (a complaint brought to the counter on paper, entered by the kind's handler
    for a firm; ``cases.counter``) asks of a kind: its form (the firm's own filing form and the
    counter's fields), the kind's filing data read from it, the firm's filing service and the
    submission, the files of the form beside the scan, and the clocks the submission starts
    (run from the day the papers were received)."""
    # The form class: the kind's filing form with ``cases.counter.CounterFields``.
    form: type
    # The choices fields of the form that name a registered firm (the respondent, the party).
    firm_fields: tuple = ()
    # (form) -> the kind's filing data (what its firm's filing service takes).
    details: Callable
    # (details, actor, now, client_token, firm) -> the new draft, filed for ``firm``.
    file: Callable
    # (case, actor, now) -> None: the draft sent to the centre, as the firm's submit does.
    submit: Callable
    # (form) -> [(file kind, upload)]: the form's other files (the proof of right, evidence).
    uploads: Callable = lambda form: []
    # The clocks the submission opens: they run from the day the papers were received.
    clocks: tuple = ()
    # The page's title and the kind of file the scanned complaint is stored as.
    title: object = ""
    scan_kind: str = "complaint_scan"
    scan_title: str = "投诉材料（纸质扫描件）"


@dataclass(frozen=True, kw_only=True)
class KindSpec:
    kind: str
    flow: Workflow
    # The centre's role that handles this kind.
    handler_role: str
    # The facts the workflow's guards read: (case, now, **extra) → Facts.
    guard_facts: Callable
    # The labels of its states and events (absent: the workflow's own).
    state_labels: dict = field(default_factory=dict)
    event_labels: dict = field(default_factory=dict)
    terminal: frozenset = frozenset()
    # States in which the respondent / party follows the case.
    party_states: frozenset = frozenset()
    # Clock kind → DeadlineRule.
    deadlines: dict = field(default_factory=dict)
    # Events a party user fires as respondent (the rest of the firm events are the filer's).
    respondent_events: frozenset = frozenset()
    # Events whose sign-off is the presiding member's (patent panels).
    presiding_events: frozenset = frozenset()
    # Side states whose clocks stop.
    paused_states: frozenset = frozenset()
    # Terminal states reached by the normal end of a case: their open clocks are "met", not
    # cancelled.
    closed_normally: frozenset = frozenset()
    # Kinds of uploaded file: their title, who may open them and who may add them.
    upload_kinds: dict = field(default_factory=dict)
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
    # The actions its page offers (name → ``cases.actions.Action``), and the events among them
    # whose guards read what the user will type (offered even if the facts alone refuse them).
    actions: dict = field(default_factory=dict)
    input_events: frozenset = frozenset()
    # States in which its decision exists and has been served: the director may publish it.
    publishable: frozenset = frozenset()
    # Its official documents: a module with ``TITLES`` (template → title), ``TEMPLATES`` and
    # ``sample_data(template)`` (see ``patent.documents``).
    documents: ModuleType | None = None
    # The ways to start a case of the kind (the case list's buttons).
    filings: tuple = ()
    # 窗口受理: what the counter's page needs of the kind (none: the kind has no counter).
    counter: Counter | None = None
    # Its services module (``file_complaint``, ``submit``, its ``FilingData``), for the layers
    # above the cases that file for a firm without importing the kind (the JSON API).
    services: ModuleType | None = None
    # The module of its own pages (its filing form …), on the cases blueprint: imported by
    # ``cases.init_app`` before the blueprint is registered.
    views: str = ""
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
    # the data of an official document: (doc, now) -> dict (see ``cases.documents``).
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
    # The organisation that acts for a party (the agency that filed for the right holder it
    # names as requester): (case, party) -> Organisation | None. Documents served on the party
    # go to it (``matters.serving``).
    representative_org: Callable = lambda case, party: None

    def __post_init__(self):
        if not self.state_labels:
            object.__setattr__(self, "state_labels", dict(self.flow.state_labels))
        if not self.event_labels:
            object.__setattr__(self, "event_labels", dict(self.flow.event_labels))
        unknown = {*self.terminal, *self.party_states, *self.paused_states,
                   *self.closed_normally, *self.intake_states, *self.panel_states,
                   *self.publishable} - {s.value for s in self.flow.states}
        if unknown:
            raise ValueError(f"{self.kind}: states not in its workflow: {sorted(unknown)}")
