"""The contract every registered kind of matter keeps, read from the kind's own tables: each
transition of its workflow fires as the table says (new state, one audit row, others refused);
each clock of its deadline table opens and closes; who sees a matter and its files is the same
by the rule, by the principals and by the list's SQL filter; its official documents render.

Matters are real rows made through the kind's services (``tests/matters/<kind>_contract.py``);
the transition and visibility checks then set ``state`` directly, with guard facts that pass.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pypdf
import pytest
import sqlalchemy as sa

from ipcenter import matters
from ipcenter.auth.policy import can, has_role, principals
from ipcenter.cases.models import Case
from ipcenter.cases.policy import case_principals, document_principals, visible_cases
from ipcenter.core import pdf
from ipcenter.core.db import db as sql
from ipcenter.core.models import AuditEvent, Deadline
from ipcenter.matters import kinds
from ipcenter.matters.models import DocAudience
from tests.conftest import minimal_pdf
from tests.matters.conftest import CONTRACTS, contract_of, registered_kinds

KINDS = registered_kinds()
NOW = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)


def _transitions():
    return [pytest.param(kind, t, id=f"{kind}:{t.source}-{t.event}") for kind in KINDS
            for t in kinds.registered()[kind].flow.transitions]


def _documents():
    # A kind without a contract fails ``test_every_registered_kind_has_a_contract``.
    return [pytest.param(kind, template, id=f"{kind}:{template}") for kind in KINDS
            if kind in CONTRACTS for template in contract_of(kind).templates]


def test_every_registered_kind_has_a_contract():
    assert KINDS, "no kind of matter is registered"
    for kind in KINDS:
        contract_of(kind)


# ------------------------------------------------------------------------------ transitions

def _came_from(flow, side_state):
    """A state a matter leaves for ``side_state`` (where a returning event takes it back)."""
    return next(t.source for t in flow.transitions
                if t.target == side_state and t.source not in flow.side_states)


def _audit_rows(subject, matter, action):
    return sql.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_type == subject,
        AuditEvent.object_id == str(matter.id)).order_by(AuditEvent.seq)).scalars().all()


@pytest.mark.parametrize(("kind", "transition"), _transitions())
def test_each_transition_fires_as_its_table_says(db, people, kind, transition):
    spec, contract = kinds.registered()[kind], contract_of(kind)
    matter = contract.matter(people)
    matter.state, matter.closed_at = transition.source, None
    previous = None
    if transition.returns:
        previous = _came_from(spec.flow, transition.source)
        matter.return_state = previous
    db.session.flush()
    pair = (matter, transition.event)

    allowed = [name for name, user in people.users.items() if can(user, contract.act, pair)]
    holders = [name for name, user in people.users.items()
               if has_role(user, *transition.roles)]
    assert allowed, f"no one in the cast may fire {transition.event} in {transition.source}"
    assert set(allowed) <= set(holders), "the policy lets through a user without the role"
    for name, user in people.users.items():
        if name not in holders:
            assert not can(user, contract.act, pair), f"{name} lacks the role but may act"
    assert matter.state == transition.source  # asking changes nothing

    actor = people.users[allowed[0]]
    action = f"{spec.subject}.{transition.event}"
    before = len(_audit_rows(spec.subject, matter, action))
    matters.fire(matter, transition.event, actor, NOW,
                 facts=contract.passing_facts(matter, NOW))
    db.session.flush()
    assert matter.state == (previous if transition.returns else transition.target)
    rows = _audit_rows(spec.subject, matter, action)
    assert len(rows) == before + 1, "one audit row for the transition"
    assert rows[-1].actor_id == actor.id
    assert db.session.get(contract.model or Case, matter.id).state == matter.state


# ------------------------------------------------------------------------------ clocks

def _rows(subject, matter):
    return {row.id: row for row in sql.session.execute(sa.select(Deadline).where(
        Deadline.subject_type == subject, Deadline.subject_id == matter.id)).scalars()}


@pytest.mark.parametrize("kind", KINDS)
def test_each_clock_opens_and_closes_on_its_steps(db, people, kind):
    spec, contract = kinds.registered()[kind], contract_of(kind)
    assert set(contract.clocks) == set(spec.deadlines), \
        "the contract names the steps of every clock in the kind's deadline table"
    seen = {}   # clock kind -> [(opening step, closing step, outcome)]
    for walk in contract.walks:
        matter = walk.start(people)
        db.session.flush()
        opened, closed = {}, {}
        for name, step in walk.steps:
            step(matter, people)
            db.session.flush()
            for row in _rows(spec.subject, matter).values():
                opened.setdefault(row.id, (row.kind, name))
                if row.closed_at is not None:
                    closed.setdefault(row.id, (name, row.outcome))
        assert matter.state in spec.terminal, "each walk ends the matter"
        rows = _rows(spec.subject, matter)
        assert all(row.closed_at is not None for row in rows.values()), \
            "no clock stays open once the matter has ended"
        last = walk.steps[-1][0]
        for row_id, (clock, start) in opened.items():
            end, outcome = closed[row_id]
            if end == last and matter.state not in spec.closed_normally:
                assert outcome == "cancelled", f"{clock} ends cancelled with the matter"
            seen.setdefault(clock, []).append((start, end, outcome))
    for clock, (start, end) in contract.clocks.items():
        met = [(s, e) for s, e, outcome in seen.get(clock, []) if outcome in ("met", "late")]
        assert (start, end) in met, \
            f"{clock}: opened by {start} and closed by {end}; seen {seen.get(clock)}"


# ------------------------------------------------------------------------------ visibility

def _with_documents(spec, matter, people, upload="case.upload"):
    """One file of each kind the matter's parties and handlers may add, and an official
    document for each audience."""
    uploaders = [people.requester, people.respondent,
                 *[people.users[h] for h in ("judge1", "officer1", "fund", "valuer",
                                             "insurer")]]
    for number, file_kind in enumerate(spec.upload_kinds if upload else ()):
        for user in uploaders:
            if can(user, upload, matter) and \
                    file_kind in matters.upload_kinds_for(matter, user):
                matters.attach(matter, file_kind, io.BytesIO(minimal_pdf() + b"%" +
                                                             str(number).encode()),
                               f"{file_kind}.pdf", user, NOW)
    for audience in DocAudience:
        matters.issue(matter, "decision", f"文书{audience}", NOW, audience=audience)
    sql.session.flush()


def _sees_by_sql(matter, user, contract=None):
    model = (contract.model if contract is not None and contract.model is not None else Case)
    visible = contract.visible if contract is not None and contract.visible else visible_cases
    query = visible(sa.select(model.id).where(model.id == matter.id), user)
    return sql.session.execute(query).first() is not None


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_who_sees_a_matter_is_one_answer_in_every_state(db, people, kind):
    spec, contract = kinds.registered()[kind], contract_of(kind)
    if not contract.case_visibility:
        pytest.skip(f"{kind}: its visibility grants are not declared yet")
    for make in (contract.matter, *contract.more_matters):
        matter = make(people)
        _with_documents(spec, matter, people, contract.upload)
        assert matter.documents
        view = contract.view or "case.view"
        document_view = contract.document_view or "case.document"
        names_of = contract.principals or case_principals
        doc_names_of = contract.document_principals or document_principals
        for state in spec.flow.states:
            matter.state = state
            db.session.flush()
            names = names_of(matter)
            for who, user in people.users.items():
                by_rule = can(user, view, matter)
                by_names = bool(principals(user) & names)
                assert by_rule == by_names == _sees_by_sql(matter, user, contract), \
                    f"{make.__name__} in {state}: {who} rule={by_rule} names={by_names}"
                for doc in matter.documents:
                    assert can(user, document_view, doc) == bool(
                        principals(user) & doc_names_of(doc)), \
                        f"{state}: {who} on {doc.kind}/{doc.audience}"


# ------------------------------------------------------------------------------ documents

def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "template"), _documents())
def test_each_official_document_renders_and_reads_back(app, kind, template):
    # The kind's catalogue (``documents``: ``TITLES``, ``sample_data``), its templates under
    # its ``TEMPLATE_DIR`` of ``templates/pdf`` when it has one (pledge's), else at the top.
    catalogue = kinds.registered()[kind].documents
    folder = getattr(catalogue, "TEMPLATE_DIR", "")
    data = catalogue.sample_data(template)
    with app.app_context():
        content = pdf.render_pdf(f"{folder}/{template}" if folder else template, data)
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    assert _flat(catalogue.TITLES[template]) in text
    number = (data.get("case") or {}).get("number") or data.get("number")
    if number:  # a clue's first documents come before the case has its number
        assert number in text
