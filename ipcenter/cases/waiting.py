"""What waits for whom on the cases: the queues of 我的工作 beside the clocks (the machinery;
each kind's queues are in its package, ``ipcenter.cases.<kind>.waiting``).

A clock says when something is due; a queue says what a user is to do next — complaints to
accept, panels to form, answers received, hearing records to enter, drafts to approve. Each
``Waiting`` row names a role, the states of a case it waits in, how the user stands to the case
(any handler of the intake queue, a panel member, the presiding member, the director, the
filing firm, the respondent firm) and, where the state alone does not say it, a condition on
the case's record (the answer is in, the hearing day has come).

States are unique across kinds (``tests/cases/test_no_kind_branches.py``), so a queue filters by
state alone and never asks a case's kind.

The panel (``dashboard_panel``) is a fixed number of statements whatever it holds: one for the
counts (each queue's state read from ``ix_legal_case_state_created``, counted up to ``CAP``
+ 1), one for the page's ids (each branch's first ``offset + limit`` rows in filing order,
merged), one for the rows with each kind's columns, one for their open clocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import orm

from ipcenter.auth.models import Organisation
from ipcenter.auth.policy import PARTY_ORG_KINDS, is_party_user
from ipcenter.auth.roles import Role
from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case, CaseHandler, CaseParty, RecusalRequest
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.models import Deadline
from ipcenter.core.worklist import Panel, Section

CAP = 1000
PANEL_KEY = "cases"
PANEL_TEMPLATE = "cases/_worklist.html"

# How a user stands to a case a queue shows them.
INTAKE = "intake"        # any handler of the kind, for a firm's filing (a clue: its registrar)
PANEL = "panel"          # an active member of its panel / its officers
PRESIDING = "presiding"  # the presiding member
DIRECTOR = "director"    # the head of department: every case
FILER = "filer"          # the firm (or agency) that filed it
RESPONDENT = "respondent"  # the firm named as respondent / party


@dataclass(frozen=True)
class Waiting:
    """A queue: ``label`` (what the user is to do), ``role``, the case ``states`` it waits in,
    ``who`` (one of the relations above) and ``where(user, today, now)``: a further condition
    on the case, or None."""

    key: str
    label: object
    role: str
    states: tuple
    who: str
    where: Callable | None = None


def deadline_passed(kind: str):
    """The case has a ``kind`` clock whose last day is before ``today``."""
    def where(user, today, now):
        return sa.exists().where(Deadline.subject_type == "case",
                                 Deadline.subject_id == Case.id, Deadline.kind.in_([kind]),
                                 Deadline.due_on < today)
    return where


def answered(user, today, now):
    answered = sa.exists().where(CaseParty.case_id == Case.id, CaseParty.role == "respondent",
                                 CaseParty.answered_at.is_not(None))
    return sa.or_(answered, deadline_passed("answer")(user, today, now))


def own_answer_missing(user, today, now):
    return sa.exists().where(CaseParty.case_id == Case.id, CaseParty.role == "respondent",
                             CaseParty.organisation_id == user.organisation_id,
                             CaseParty.answered_at.is_(None))


def _active_handlers():
    return sa.select(sa.func.count()).where(CaseHandler.case_id == Case.id,
                                            CaseHandler.removed_at.is_(None)).scalar_subquery()


def panel_incomplete(user, today, now):
    # 合议组 of three or more, an odd number (the patent workflow's ``panel_formed``); until
    # then the adjudicator who accepted the case holds it alone.
    size = _active_handlers()
    return sa.or_(size < 3, size % 2 == 0)


def panel_complete(user, today, now):
    return ~panel_incomplete(user, today, now)


def fewer_than_two_officers(user, today, now):
    return _active_handlers() < 2


def hearing_day_come(model):
    table = model.__table__

    def where(user, today, now):
        return Case.id.in_(sa.select(table.c.id).where(table.c.hearing_at.is_not(None),
                                                       table.c.hearing_at <= now))
    return where


def _recusal_asked(user, today, now):
    return sa.exists().where(RecusalRequest.case_id == Case.id,
                             RecusalRequest.decided_at.is_(None))


def _open_states():
    return tuple(str(s) for spec in KINDS.values() for s in spec.flow.states
                 if s not in spec.terminal)


FIRM = Role.FIRM

# What waits on a case of any kind: a recusal request, a firm's draft (each kind's
# ``draft_state``).
SHARED = (
    Waiting("recusal", _l("Recusal request to decide"), Role.DIRECTOR, _open_states(),
            DIRECTOR, _recusal_asked),
    Waiting("submit", _l("Draft to finish and submit"), FIRM,
            tuple(spec.draft_state for spec in KINDS.values() if spec.draft_state), FILER),
)


def _kind_queues() -> tuple:
    """Each kind's queues: ``QUEUES`` of its package's ``waiting`` module
    (``ipcenter.cases.<kind>.waiting``), found by name as ``ipcenter.demo`` finds each domain's
    demo, so that this module never imports a kind; each queue's states checked against the
    kind's workflow."""
    from importlib import import_module, util

    found = []
    for kind, spec in KINDS.items():
        name = f"ipcenter.cases.{kind}.waiting"
        if util.find_spec(name) is None:
            continue
        for queue in import_module(name).QUEUES:
            unknown = {str(s) for s in queue.states} - {str(s) for s in spec.flow.states}
            if unknown:
                raise ValueError(f"{name}: {queue.key}: not states of {kind}: {unknown}")
            found.append(queue)
    return tuple(found)


@cache
def all_queues() -> tuple:
    """Every kind's queues and the shared ones (read once)."""
    return (*_kind_queues(), *SHARED)


def labels() -> dict:
    return {q.key: q.label for q in all_queues()}


def _who(who: str, user):
    if who == DIRECTOR:
        return sa.true()
    if who == INTAKE:
        party_orgs = sa.select(Organisation.id).where(
            Organisation.kind.in_(sorted(PARTY_ORG_KINDS)))
        return sa.or_(Case.filed_by_org_id.in_(party_orgs), Case.filed_by_id == user.id)
    if who in (PANEL, PRESIDING):
        mine = sa.select(CaseHandler.case_id).where(CaseHandler.user_id == user.id,
                                                   CaseHandler.removed_at.is_(None))
        if who == PRESIDING:
            mine = mine.where(CaseHandler.role == "presiding")
        return Case.id.in_(mine)
    if who == FILER:
        return Case.filed_by_org_id == user.organisation_id
    if who == RESPONDENT:
        return Case.id.in_(sa.select(CaseParty.case_id).where(
            CaseParty.organisation_id == user.organisation_id, CaseParty.role == "respondent"))
    raise ValueError(who)


def queues_of(user) -> list[Waiting]:
    """The queues ``user``'s roles give them (a firm's and an agency's users: the firm's)."""
    party = is_party_user(user)
    return [q for q in all_queues() if (party if q.role == FIRM else user.has_role(q.role))]


def branches(user, today: date, now: datetime) -> list[tuple[str, object]]:
    """(queue key, condition) pairs, one per queue and state: each reads one state's rows
    from the state index, in filing order."""
    found = []
    for q in queues_of(user):
        for state in q.states:
            cond = [Case.state == str(state), _who(q.who, user)]
            if q.where is not None:
                cond.append(q.where(user, today, now))
            found.append((q.key, sa.and_(*cond)))
    return found


def counts(found, cap: int = CAP) -> dict[str, int]:
    """How many cases each queue holds (up to ``cap`` + 1 a branch), in one statement."""
    if not found:
        return {}
    limit = sa.literal_column(str(int(cap) + 1))
    parts = []
    for key, cond in found:
        ids = sa.select(Case.id).where(cond).limit(limit).subquery()
        parts.append(sa.select(sa.literal(key).label("queue"),
                               sa.select(sa.func.count()).select_from(ids)
                               .scalar_subquery().label("n")))
    result: dict[str, int] = {}
    for key, n in db.session.execute(sa.union_all(*parts)).all():
        result[key] = result.get(key, 0) + n
    return {key: n for key, n in result.items() if n}


def page_ids(found, offset: int, limit: int) -> list[tuple[int, str]]:
    """(case id, queue key) of one page, oldest filing first, in one statement."""
    if not found:
        return []
    heads = [sa.select(Case.id.label("id"), Case.created_at.label("created_at"),
                       sa.literal(key).label("queue")).where(cond)
             .order_by(Case.created_at, Case.id).limit(offset + limit).subquery()
             for key, cond in found]
    merged = sa.union_all(*(sa.select(h.c.id, h.c.created_at, h.c.queue) for h in heads))
    merged = merged.subquery()
    rows = db.session.execute(sa.select(merged.c.id, merged.c.queue)
                              .order_by(merged.c.created_at, merged.c.id, merged.c.queue)
                              .limit(limit).offset(offset)).all()
    return [(row.id, row.queue) for row in rows]


@dataclass(frozen=True)
class WaitingSection(Section):
    """A page of (case, queue key) rows, each queue's count, and each row's earliest open
    due day."""

    counts: dict = field(default_factory=dict, kw_only=True)
    labels: dict = field(default_factory=dict, kw_only=True)
    due: dict = field(default_factory=dict, kw_only=True)
    state_labels: dict = field(default_factory=dict, kw_only=True)


def waiting_for(user, now: datetime, page: int = 1, per_page: int = 20) -> WaitingSection:
    """One page of what waits for ``user`` on the cases, oldest first, and the totals."""
    today = local_date(now)
    found = branches(user, today, now)
    per_queue = counts(found)
    total = sum(per_queue.values())
    last = max(1, -(-total // per_page))
    page = min(max(1, page), last)
    chosen = page_ids(found, (page - 1) * per_page, per_page) if total else []
    shown = orm.with_polymorphic(Case, "*")
    cases = {c.id: c for c in db.session.execute(
        sa.select(shown).where(shown.id.in_([i for i, _ in chosen]))).scalars()} \
        if chosen else {}
    due = {}
    if chosen:
        due = dict(db.session.execute(
            sa.select(Deadline.subject_id, sa.func.min(Deadline.due_on))
            .where(Deadline.subject_type == "case",
                   Deadline.subject_id.in_(list(cases)), Deadline.closed_at.is_(None))
            .group_by(Deadline.subject_id)).all())
    rows = [(cases[i], key) for i, key in chosen if i in cases]
    state_labels = {str(k): v for spec in KINDS.values() for k, v in spec.state_labels.items()}
    return WaitingSection(rows, total, page, per_page, PANEL_KEY, cap=None,
                          counts=per_queue, labels=labels(), due=due, state_labels=state_labels)


def dashboard_panel(user, page: int, per_page: int):
    """The cases waiting for ``user`` on 我的工作; None for who has no case queue."""
    from ipcenter.core import clock

    if not queues_of(user):
        return None
    return Panel(PANEL_KEY, PANEL_TEMPLATE, waiting_for(user, clock.now(), page, per_page))
