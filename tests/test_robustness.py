"""Robustness: every URL rule of the app, with every method it accepts, as an anonymous visitor
and as one user of every role, with existing and odd ids, without a CSRF token and with garbage
in the fields. The standard: bad input gets a clear error and changes nothing — never a 500,
never a half write.

Real database, real services, no mocks. The world (patent and trademark cases in several
states, their documents, a recusal request, a user and an organisation to act on) is built once
for the module — its official PDFs take seconds to render — inside an outer transaction; each
role's test runs in a savepoint rolled back at its end, with its own copy of the file store and
the search index.

Each role's sweep walks ``app.url_map``: every rule with each filling of its path, HEAD, OPTIONS
and a method it does not accept, GET, POST without a token, with a forged one, then with
garbage. Query strings have their own test (``GARBAGE_QUERY`` on every GET rule, and the
parameters each page reads). What is skipped, and why it loses nothing:

- when a rule's first filling and an odd one are refused alike (403, or the sign-in redirect),
  the view refuses before it reads its parameters: the other fillings are not sent;
- on a case the user cannot see, acting and downloading are refused before the action or the
  document is looked at: two action names and one document show it; on a case the user sees,
  every action the page offers is sent, and a rotating sixth of the others;
- a POST gets every field empty first; refused before its form is read (403, 404, redirect),
  it gets nothing more;
- the deep sweep — the same garbage in every field, each field in turn given each bad value of
  its kind with the others valid, oversized requests, the valid form twice (the second is a
  repeat), a form with a ``client_token`` posted twice the same (a double click) — runs once
  per endpoint and per action in the module, for the first role whose request reaches the form
  (a role run alone does its own); a button it pressed is not pressed again where a page
  offers it (that would only walk the happy path again, rendering its PDFs).

Failures are collected and reported together: method, URL, user, input, status, the start of
the page, and — for a 500 — the exception the error handler logged.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from html import unescape

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FileField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
)
from wtforms.fields.core import UnboundField

from ipcenter.admin import forms as admin_forms
from ipcenter.admin import services as admin_services
from ipcenter.auth import forms as auth_forms
from ipcenter.cases import forms as case_forms
from ipcenter.cases import publication
from ipcenter.cases.actions import actions_for
from ipcenter.cases.kinds import KINDS as CASE_KINDS
from ipcenter.cases.models import CaseDocument, CaseHandler, CaseMeasure
from ipcenter.cases.patent import forms as patent_forms
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import forms as trademark_forms
from ipcenter.cases.trademark import services as tm
from ipcenter.core.db import db as _db
from ipcenter.core.db import unit_of_work
from ipcenter.core.documents import IssuedDocument
from ipcenter.core.models import Deadline, OutboxMessage
from ipcenter.pledge import forms as pledge_forms
from ipcenter.pledge.actions import ACTIONS as PLEDGE_ACTIONS
from ipcenter.pledge.models import PledgeApplication
from ipcenter.web import verify as verify_views
from tests.cases.conftest import PDF, T0, Cast, at, walk
from tests.cases.trademark.test_trademark import complaint, to_investigation, to_prior_notice
from tests.conftest import _BoundSession, _Client, _hash_of_test_password, csrf_from, login

pytestmark = pytest.mark.slow  # a sweep: every rule, method and role (about half a minute)

# A Monday after every event of the world below (the last is on 4 April 2026).
NOW = "2026-04-27T10:00:00+08:00"

ROLES = ["anonymous", "firm", "agent", "adjudicator", "enforcer", "examiner",
         "fund_manager", "bank", "director", "admin", "provincial", "platform"]

# What a refusal may leave behind: its own audit row, nothing else.
REFUSAL_AUDIT = {"permission.refused", "auth.login_failed"}

ODD_INTS = [0, 999999]
ODD_STRINGS = ["-1", "abc", "<script>alert(1)</script>", "' OR 1=1 --", "a\x00b", "x" * 2000]

LONG = "x" * 10_000
SCRIPT = "<script>alert('x')</script>"
SQL = "' OR 1=1 --"
NUL = "a\x00b"
HOSTILE = f"{SCRIPT} {SQL} {NUL} 😀\u202e"
# The same garbage put in every field of a form at once.
EVERY_FIELD = ["", LONG, SCRIPT, SQL, HOSTILE, "abc", "1e309"]
# One field at a time, the others valid, by kind of field.
TEXT_BAD = [LONG, HOSTILE]
# Text fields read as numbers, amounts or codes also get numbers that are not.
NUMBER_BAD = ["abc", "1e309", "-1", "100.001", "99999999999999999999"]
NUMBERISH = {"amount", "fine", "confiscated_value", "turnover", "gains", "unsold_value",
             "patent_number", "registration_number", "uscc", "respondent_uscc", "party_uscc",
             "code", "invalidation_ref"}
INT_BAD = ["abc", "1e309", "-1", "99999999999999999999"]
DATE_BAD = ["abc", "2026-13-45", "0001-01-01", "9999-12-31"]
DATETIME_BAD = ["abc", "2026-13-45T10:00", "0001-01-01T00:00", "9999-12-31T23:59",
                "2026-06-01"]
CHOICE_BAD = ["abc", "-1", "999999"]
MULTI_BAD = [[], ["abc"], ["-1"], ["999999"]]
# A check box has no bad value: anything sent means "checked".


@dataclass(frozen=True)
class Upload:
    """A file field's value; a fresh stream is made for each request."""

    content: bytes
    filename: str
    content_type: str = "application/pdf"

    def open(self):
        return (io.BytesIO(self.content), self.filename, self.content_type)


GOOD_PDF = Upload(PDF + b"%robustness", "证据.pdf")
FILE_BAD = [
    Upload(b"MZ\x90\x00 this is an executable, not a PDF", "evidence.pdf"),
    Upload(PDF[:200], "truncated.pdf"),
    Upload(b"", "empty.pdf"),
    Upload(PDF, "../../../etc/passwd.pdf"),
    Upload(PDF, "x" * 300 + ".pdf"),
    Upload(PDF, "证据\x00.pdf"),
]


# ---------------------------------------------------------------------------------------------
# The world: built once for the module (its official PDFs take seconds to render), inside an
# outer transaction; each role's test runs inside a savepoint rolled back at its end, with its
# own copy of the file store and the search index.


@dataclass
class World:
    cases: dict[str, int]                 # label → id
    kinds: dict[int, str]                 # id → "patent" / "trademark"
    usernames: dict[str, str]             # role → username
    victim_user: int
    victim_org: int
    recusal: int
    recusal_case: int
    published: int
    documents: dict[int, list[int]]       # case id → document ids
    codes: list[str]
    adjudicators: list[int]
    enforcers: list[int]
    grant: int
    deadlines: list[int] = field(default_factory=list)  # open clocks: a role's queue first
    pledges: dict[int, str] = field(default_factory=dict)   # pledge application id → state


@dataclass
class Shared:
    connection: object
    world: World
    data: object
    deep_done: set = field(default_factory=set)


def _scoped_session(connection):
    return _db._make_scoped_session({"bind": connection, "class_": _BoundSession,
                                     "join_transaction_mode": "create_savepoint"})


class _People:
    """The conftest's ``make_org`` and ``make_user``, for a world that outlives one test."""

    def __init__(self):
        self.n = 0

    def org(self, kind="firm", name=None):
        from ipcenter.auth.models import Organisation
        from ipcenter.ip.uscc import check_character

        self.n += 1
        base = f"91442000MB{self.n:07d}"
        org = Organisation(name=name or f"鲁棒组织{self.n}", kind=kind,
                           uscc=base + check_character(base), created_at=T0)
        _db.session.add(org)
        _db.session.flush()
        return org

    def user(self, role, username, org=None):
        from ipcenter.auth.models import User

        kind = {"firm": "firm", "bank": "bank", "agent": "agency",
                "provincial": "province"}.get(role, "centre")
        user = User(username=username, display_name=f"鲁棒用户{username}",
                    organisation=org or self.org(kind), active=True, created_at=T0)
        user.password_hash = _hash_of_test_password()
        user.set_roles([role])
        _db.session.add(user)
        _db.session.flush()
        return user


def build_pledges(people, cast, users) -> dict[int, str]:
    """Pledge applications of the firm's user with the world's bank: one just filed, one in
    the bank's review, one being repaid (the ``/pledge/`` pages and their actions)."""
    from datetime import date

    from ipcenter.core.clock import local_date
    from ipcenter.ip import register
    from ipcenter.pledge import ledger
    from ipcenter.pledge import services as pledge

    valuer, insurer = people.org("valuer"), people.org("insurer")
    firm = cast.requester.organisation
    made = {}
    # The bank approves only what the pool's headroom covers.
    ledger.contribute("central", "40000000.00", users["fund_manager"], at(0))
    for i, target in enumerate(("applied", "bank_review", "monitoring")):
        right = register.find_or_register(
            "trademark", f"{40000001 + i}", title="华辉", holder=firm.name, holder_org=firm,
            granted_on=date(2021, 3, 2), now=at(0))
        application = pledge.file_application(pledge.FilingData(
            bank_org_id=cast.bank.organisation_id, amount="1000000.00", term_months=12,
            use_of_funds="购置生产线", right_ids=[right.id], valuer_org_id=valuer.id,
            insurer_org_id=insurer.id, established_on=date(2015, 6, 1), is_sme=True,
            use_of_funds_kind="industrialisation"), cast.requester, at(0), uuid.uuid4().hex)
        if target != "applied":
            fund = users["fund_manager"]
            pledge.begin_check(application, fund, at(1))
            pledge.enrol(application, fund, at(1))
            pledge.submit_valuation(application, fund, at(2), "评字001",
                                    {r.right_id: "2500000.00" for r in application.rights})
            pledge.accept_cover(application, fund, at(2))
        if target == "monitoring":
            bank = cast.bank
            pledge.approve(application, bank, at(3), amount="1000000.00", rate="0.0385",
                           term_months=2, checklist={"all": True})
            pledge.sign_contracts(application, bank, at(4), "借字001", local_date(at(4)))
            pledge.file_registration(application, bank, at(4), local_date(at(4)))
            pledge.record_registration(application, bank, at(5), "Y001", local_date(at(5)))
            pledge.disburse(application, bank, at(5), local_date(at(5)))
            pledge.record_schedule(application, bank, at(5), [
                (date(2026, 5, 11), "500000.00", "3208.33"),
                (date(2026, 6, 11), "500000.00", "1604.17")])
        made[application.id] = application.state
    _db.session.flush()
    return made


def build_world() -> World:
    people = _People()
    firms = [people.org("firm", name=n) for n in ("中山市古镇华辉灯饰有限公司",
                                                  "中山市古镇明耀照明电器厂",
                                                  "中山市横栏星光灯具有限公司")]
    cast = Cast(
        requester=people.user("firm", "huahui", firms[0]),
        respondent=people.user("firm", "mingyao", firms[1]),
        outsider=people.user("firm", "xingguang", firms[2]),
        judges=[people.user("adjudicator", f"judge{i}") for i in range(1, 5)],
        director=people.user("director", "director"), admin=people.user("admin", "admin"),
        bank=people.user("bank", "bank"), enforcer=people.user("enforcer", "enforcer"))
    officers = [people.user("enforcer", f"officer{i}") for i in (1, 2, 3)]
    # The firm's user (huahui) is the requester in some cases and the respondent in others,
    # so that one user meets the actions of both sides.
    turned = replace(cast, requester=cast.respondent, respondent=cast.requester)

    made = {}
    # First the cases whose official documents are rendered (downloads, verification codes,
    # the published ruling): the outbox is dispatched after them.
    for state in (S.DRAFT, S.SUBMITTED, S.DECISION_SERVED):
        made[f"patent/{state}"] = walk(_db, cast, state)
    publication.publish(made[f"patent/{S.DECISION_SERVED}"], cast.director, at(33))
    paying = to_prior_notice(_db, turned, officers)
    tm.close_statements(paying, officers[0], datetime(2026, 3, 24, 2, tzinfo=timezone.utc))
    tm.decide_penalty(paying, cast.director, at(23))
    tm.serve_decision(paying, officers[0], at(24))
    made["trademark/awaiting_payment"] = paying
    with unit_of_work():  # commit, and dispatch the outbox: official PDFs rendered, indexed
        pass

    # Then the others, whose documents stay "being prepared": their outbox messages are
    # dropped, as if no worker had taken them yet. Rendering them too would add seconds; the
    # pages and downloads of documents in preparation are tested on them instead.
    for state in (S.SERVED, S.EXAMINATION, S.DECISION_DRAFTED):
        made[f"patent/{state}"] = walk(_db, turned if state == S.SERVED else cast, state)
    examination = made[f"patent/{S.EXAMINATION}"]
    judge2 = next(h for h in examination.active_handlers if h.user_id == cast.judges[1].id)
    recusal = services.request_recusal(examination, cast.requester, at(7), judge2.id,
                                       "审理人员与被请求人有利害关系")
    # (A trademark complaint in draft is what the filing sweep of /cases/new/trademark makes.)
    clue = tm.file_complaint(complaint(cast), cast.requester, at(0), uuid.uuid4().hex)
    tm.submit(clue, cast.requester, at(0))
    made["trademark/clue"] = clue
    investigating = to_investigation(turned, officers)
    tm.start_measure(investigating, officers[0], at(3), "seizure", "吸顶灯120盏")
    made["trademark/investigating"] = investigating
    made["trademark/prior_notice"] = to_prior_notice(_db, turned, officers)
    _db.session.flush()
    _db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
    order = [f"patent/{s}" for s in (S.DRAFT, S.SUBMITTED, S.SERVED, S.EXAMINATION,
                                     S.DECISION_DRAFTED, S.DECISION_SERVED)]
    order += [f"trademark/{s}" for s in ("clue", "investigating", "prior_notice",
                                         "awaiting_payment")]
    cases = {label: made[label] for label in order}

    victim_org = people.org("firm", name="受测组织有限公司")
    victim = people.user("firm", "victim", victim_org)
    # A director grant waiting for a director (proposed by the admin for a judge).
    grant = admin_services.propose(cast.judges[3], "director", actor=cast.admin,
                                   now=datetime.fromisoformat(NOW))
    users = {"firm": cast.requester,
             "agent": people.user("agent", "agent1"), "adjudicator": cast.judges[0],
             "enforcer": officers[0], "examiner": people.user("examiner", "examiner1"),
             "fund_manager": people.user("fund_manager", "fund1"), "bank": cast.bank,
             "director": cast.director, "admin": cast.admin,
             "provincial": people.user("provincial", "province1"),
             # An e-commerce platform's user: an agent, in an organisation of its own kind.
             "platform": people.user("agent", "platform1", people.org("platform"))}
    world = World(
        cases={label: case.id for label, case in cases.items()},
        kinds={case.id: case.kind for case in cases.values()},
        usernames={role: user.username for role, user in users.items()},
        victim_user=victim.id, victim_org=victim_org.id, recusal=recusal.id,
        recusal_case=examination.id, documents={}, codes=[],
        published=cases[f"patent/{S.DECISION_SERVED}"].id,
        adjudicators=[u.id for u in cast.judges], enforcers=[u.id for u in officers],
        grant=grant.id, pledges=build_pledges(people, cast, users))
    _db.session.commit()
    for case_id in world.cases.values():
        world.documents[case_id] = _db.session.execute(
            sa.select(CaseDocument.id).where(CaseDocument.case_id == case_id)
            .order_by(CaseDocument.id)).scalars().all()
    world.codes = _db.session.execute(
        sa.select(IssuedDocument.verify_code).order_by(IssuedDocument.id).limit(2)).scalars().all()
    world.deadlines = _db.session.execute(
        sa.select(Deadline.id).where(Deadline.closed_at.is_(None))
        .order_by(Deadline.assignee_role.is_(None), Deadline.id).limit(2)).scalars().all()
    _db.session.commit()
    return world


@pytest.fixture(scope="module")
def shared(app, tmp_path_factory):
    data = tmp_path_factory.mktemp("robustness")
    with pytest.MonkeyPatch.context() as mp, app.app_context():
        mp.setitem(app.config, "IPCENTER_FIXED_NOW", NOW)
        # Small enough that an oversized upload is cheap to send.
        mp.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
        mp.setitem(app.config, "IPCENTER_INDEX_DIR", str(data / "index"))
        mp.setitem(app.config, "IPCENTER_FILES_DIR", str(data / "files"))
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        _db.session = _scoped_session(connection)
        try:
            world = build_world()
            _db.session.remove()
            yield Shared(connection, world, data)
        finally:
            _db.session.remove()
            _db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app, shared, tmp_path):
    """A browser on the shared world; what it changes is rolled back after the test."""
    from ipcenter.extensions import limiter

    limiter.reset()
    for name in ("index", "files"):
        if (shared.data / name).exists():
            shutil.copytree(shared.data / name, tmp_path / name)
    savepoint = shared.connection.begin_nested()
    module_session = _db.session
    _db.session = _scoped_session(shared.connection)
    app.test_client_class = _Client
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setitem(app.config, "IPCENTER_INDEX_DIR", str(tmp_path / "index"))
            mp.setitem(app.config, "IPCENTER_FILES_DIR", str(tmp_path / "files"))
            yield app.test_client()
    finally:
        _db.session.remove()
        _db.session = module_session
        if savepoint.is_active:
            savepoint.rollback()


# ---------------------------------------------------------------------------------------------
# Filling the path parameters of each rule


def _documents(world: World) -> list[dict]:
    out = []
    case_ids = list(world.cases.values())
    for case_id in case_ids:
        docs = world.documents[case_id]
        for doc_id in dict.fromkeys(docs[:1] + docs[-1:]):
            out.append({"case_id": case_id, "doc_id": doc_id})
        out.append({"case_id": case_id, "doc_id": 999999})
    # A document asked for under another case.
    first, second = case_ids[0], case_ids[-1]
    out.append({"case_id": second, "doc_id": world.documents[first][0]})
    out += [{"case_id": 0, "doc_id": world.documents[first][0]}, {"case_id": 999999, "doc_id": 0}]
    return out


def _acts(world: World) -> list[dict]:
    """Every action of each case's kind on each case, an unknown action, and odd case ids."""
    out = []
    for index, case_id in enumerate(world.cases.values()):
        odd = ["no_such_action", "__class__", "-1"] if index == 0 else ["no_such_action"]
        out += [{"case_id": case_id, "name": name} for name in [*_actions(world, case_id), *odd]]
    out += [{"case_id": bad, "name": "submit"} for bad in ODD_INTS]
    return out


def _pledge_acts(world: World) -> list[dict]:
    """Every action of the pledge pages on each application, an unknown one, and odd ids."""
    from ipcenter.pledge.actions import ACTIONS as PLEDGE_ACTIONS

    out = []
    for index, application_id in enumerate(world.pledges):
        odd = ["no_such_action", "__class__"] if index == 0 else ["no_such_action"]
        out += [{"application_id": application_id, "name": name}
                for name in [*PLEDGE_ACTIONS, *odd]]
    out += [{"application_id": bad, "name": "begin_check"} for bad in ODD_INTS]
    return out


def _actions(world: World, case_id: int) -> list[str]:
    return list(actions_for(_KindOnly(world.kinds[case_id])))


@dataclass
class _KindOnly:
    kind: str


def _pledge_documents(world: World) -> list[dict]:
    """Each application's first file, one it does not have, one of another application."""
    from ipcenter.pledge.models import PledgeDocument

    out, firsts = [], []
    for application_id in world.pledges:
        first = _db.session.execute(sa.select(PledgeDocument.id).where(
            PledgeDocument.application_id == application_id).order_by(PledgeDocument.id)
        ).scalars().first()
        if first is not None:
            firsts.append(first)
            out.append({"application_id": application_id, "doc_id": first})
        out.append({"application_id": application_id, "doc_id": 999999})
    if firsts:
        out.append({"application_id": list(world.pledges)[-1], "doc_id": firsts[0]})
    return [*out, {"application_id": 0, "doc_id": 0}, {"application_id": 999999, "doc_id": 1}]


def fillings(rule, world: World) -> list[dict]:
    """The values to put in the rule's path: existing ids first, then odd ones."""
    args = set(rule.arguments)
    if not args:
        return [{}]
    endpoint = rule.endpoint
    if endpoint == "cases.act":
        return _acts(world)
    if endpoint == "cases.document":
        return _documents(world)
    if endpoint == "pledge.act":
        return _pledge_acts(world)
    if endpoint == "pledge.document":
        return _pledge_documents(world)
    if args == {"application_id"}:
        return [{"application_id": i} for i in [*world.pledges, *ODD_INTS]]
    if endpoint == "cases.decide_recusal":
        other = world.cases[f"patent/{S.SERVED}"]
        return [{"case_id": world.recusal_case, "request_id": world.recusal},
                {"case_id": other, "request_id": world.recusal},
                {"case_id": world.recusal_case, "request_id": 0},
                {"case_id": world.recusal_case, "request_id": 999999},
                {"case_id": 999999, "request_id": world.recusal}]
    if endpoint == "cases.ruling":  # public: the published ruling, an unpublished case, odd
        unpublished = world.cases[f"patent/{S.EXAMINATION}"]
        return [{"case_id": i} for i in [world.published, unpublished, *ODD_INTS]]
    if args == {"case_id"}:
        return [{"case_id": i} for i in [*world.cases.values(), *ODD_INTS]]
    if args == {"org_id"}:
        return [{"org_id": i} for i in [world.victim_org, *ODD_INTS]]
    if args == {"user_id", "token_id"}:  # revoking an API token: a real account, odd ids
        return [{"user_id": i, "token_id": j} for i, j in
                [(world.victim_user, 1), (world.victim_user, 999999), (999999, 1)]]
    if args == {"user_id"}:
        return [{"user_id": i} for i in [world.victim_user, *ODD_INTS]]
    if args == {"doc_id"}:  # a search hit on a file
        docs = [d for ids in world.documents.values() for d in ids[:1]]
        return [{"doc_id": i} for i in [*docs[:3], *ODD_INTS]]
    if args == {"deadline_id"}:  # taking on a clock of the shared queue
        return [{"deadline_id": i} for i in [*world.deadlines, *ODD_INTS]]
    if args == {"grant_id"}:
        return [{"grant_id": i} for i in [world.grant, *ODD_INTS]]
    if args == {"year"}:
        return [{"year": y} for y in [2026, 1999, *ODD_INTS]]
    if args == {"right_id"}:  # the rights register's page (the pledges' rights are 1 to 3)
        return [{"right_id": i} for i in [1, *ODD_INTS]]
    if args == {"export_id"}:  # an export's status and file (another's, or none: 404)
        return [{"export_id": i} for i in [1, *ODD_INTS]]
    if args == {"notice_id"}:  # a notice (the world's users have none of another's)
        return [{"notice_id": i} for i in [1, *ODD_INTS]]
    if args == {"delivery_id"}:  # sending a given-up notice delivery again (the admin)
        return [{"delivery_id": i} for i in [1, *ODD_INTS]]
    if args == {"alert_id"}:  # acknowledging a collateral alert
        return [{"alert_id": i} for i in [1, *ODD_INTS]]
    if args == {"day"}:
        return [{"day": d} for d in ["2026-05-01", "2026-13-45", "9999-12-31", *ODD_STRINGS]]
    if args == {"code"}:
        return [{"code": c} for c in [*world.codes[:1], world.codes[0].lower(),
                                      "ABCD-EFGH-JKLM", *ODD_STRINGS]]
    if args == {"filename"}:
        return [{"filename": f} for f in ["ipcenter.css", "../../pyproject.toml", "-1"]]
    # Pre-examination: requests, registrations and scope rows by id (1: the demo's first, if
    # any), their actions by a real name and a forged one, their files.
    prexam = {"request_id": [1, *ODD_INTS], "filing_id": [1, *ODD_INTS],
              "class_id": [1, *ODD_INTS], "doc_id": [1, 999999],
              "name": ["take_up", "approve_filing", "no-such-action"]}
    if args and args <= set(prexam) and endpoint.startswith("prexam."):
        rows = [{}]
        for arg in sorted(args):
            rows = [{**row, arg: value} for row in rows for value in prexam[arg]]
        return rows[:12]
    raise AssertionError(f"{rule.rule}: no values for its parameters {sorted(args)}; "
                         "add them to fillings()")


def build_url(app, rule, params: dict) -> str:
    return app.url_map.bind("localhost").build(rule.endpoint, params)


# ---------------------------------------------------------------------------------------------
# The forms behind each POST, and their garbage


class LanguageForm(FlaskForm):
    """The language switch posts two plain fields."""

    locale = SelectField(choices=case_forms.options([("zh_CN", "zh_CN"), ("en", "en")]))
    next = case_forms.StringField()


FORMS = {
    "auth.login": auth_forms.LoginForm,
    "web.set_language": LanguageForm,
    "verify.check": verify_views.VerifyUploadForm,
    "cases.new": patent_forms.FilingForm,
    "cases.new_trademark": trademark_forms.TrademarkComplaintForm,
    "cases.register_clue": trademark_forms.TrademarkComplaintForm,
    # 窗口受理: each kind's counter form (its firm's filing form with the counter's fields).
    **{f"cases.counter_{kind}": spec.counter.form for kind, spec in CASE_KINDS.items()
       if spec.counter is not None},
    "cases.decide_recusal": patent_forms.RecusalDecisionForm,
    "admin.organisations": admin_forms.OrganisationForm,
    "admin.organisation_edit": admin_forms.OrganisationForm,
    "admin.users": admin_forms.UserCreateForm,
    "admin.user_edit": admin_forms.UserEditForm,
    "admin.user_password": admin_forms.PasswordResetForm,
    "admin.calendar_edit": admin_forms.CalendarDayForm,
    "admin.calendar_publish": admin_forms.CalendarPublishForm,
    "pledge.new": pledge_forms.ApplyForm,
    "admin.right_annuity": admin_forms.AnnuityForm,
    "admin.right_freeze": admin_forms.FreezeForm,
    "admin.right_unfreeze": admin_forms.LiftFreezeForm,
}
# Endpoints whose form and service checks are another's: one deep sweep serves both.
SAME_FORM_AND_SERVICE = {"cases.register_clue": "cases.new_trademark"}
# Endpoints that read no form: a button (only the token).
NO_FORM = {"auth.logout", "admin.organisation_deactivate", "admin.organisation_reactivate",
           "admin.user_deactivate", "admin.user_reactivate", "admin.audit_verify",
           "admin.calendar_day_remove", "pledge.alert_seen"}
# Every field name of every form: what an endpoint not in either table gets.
ALL_FORMS = [*FORMS.values(), *(a.form for spec in CASE_KINDS.values()
                                for a in spec.actions.values())]


def form_for(endpoint: str, params: dict, world: World):
    if endpoint == "pledge.subsidy_quote":   # the subsidy claim's form, quoted before it is sent
        endpoint, params = "pledge.act", {**params, "name": "claim_subsidy"}
    if endpoint == "cases.act":
        case_id = params["case_id"]
        if case_id in world.kinds:
            action = actions_for(_KindOnly(world.kinds[case_id])).get(params["name"])
            if action is not None:
                return action.form_class(_KindOnly(world.kinds[case_id]))
        return case_forms.ConfirmForm
    if endpoint == "pledge.act":
        action = PLEDGE_ACTIONS.get(params["name"])
        application = _db.session.get(PledgeApplication, params["application_id"]) \
            if params["application_id"] in world.pledges else None
        if action is None or application is None:
            return pledge_forms.ConfirmForm
        return action.form_class(application)
    return FORMS.get(endpoint)


def fields_of(form_cls) -> dict[str, UnboundField]:
    out = {}
    for klass in reversed(form_cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, UnboundField):
                out[name] = value
    return out


def _is(unbound: UnboundField, *classes) -> bool:
    return issubclass(unbound.field_class, classes)


MONEY = {"amount", "fine", "confiscated_value", "turnover", "gains", "unsold_value"}


def _required(unbound: UnboundField) -> bool:
    from wtforms.validators import DataRequired, InputRequired

    return any(isinstance(v, (DataRequired, InputRequired))
               for v in unbound.kwargs.get("validators") or ())


def valid_value(name: str, unbound: UnboundField, ctx: dict):
    """A value the form's shape accepts (the service may still refuse it)."""
    if name in ctx:
        return ctx[name]
    if _is(unbound, FileField):  # an optional file is left out (each upload costs a task)
        if not _required(unbound):
            return []
        return [GOOD_PDF] if _is(unbound, MultipleFileField) else GOOD_PDF
    if _is(unbound, BooleanField):
        return "y"
    if _is(unbound, DateTimeLocalField):
        return "2026-06-01T10:00"
    if _is(unbound, DateField):
        return "2026-04-20"
    if _is(unbound, IntegerField):
        return "1"
    if _is(unbound, SelectMultipleField):
        choices = unbound.kwargs.get("choices")
        return [_first_choice(choices)] if choices else []
    if _is(unbound, SelectField, RadioField):
        choices = unbound.kwargs.get("choices")
        return _first_choice(choices) if choices else "0"
    if name in MONEY:
        return "1000"
    if name == "client_token":
        return uuid.uuid4().hex
    if name in ("password", "confirm"):
        return "Robust-pass-2026"
    if name == "username":
        return f"robust{uuid.uuid4().hex[:6]}"
    if name == "next":
        return "/dashboard"
    return "鲁棒性测试内容"


def _first_choice(choices):
    if callable(choices):
        choices = choices()
    first = list(choices)[0]
    return str(getattr(first, "value", first[0] if isinstance(first, tuple) else first))


def _plain_text(unbound: UnboundField) -> bool:
    return not _is(unbound, FileField, BooleanField, DateField, DateTimeLocalField,
                   IntegerField, SelectField, RadioField, SelectMultipleField)


def bad_values(name: str, unbound: UnboundField) -> list:
    if _is(unbound, MultipleFileField):
        return [[bad] for bad in FILE_BAD] + [[GOOD_PDF, FILE_BAD[0]]]
    if _is(unbound, FileField):
        return FILE_BAD
    if _is(unbound, BooleanField):
        return []
    if _is(unbound, DateTimeLocalField):
        return DATETIME_BAD
    if _is(unbound, DateField):
        return DATE_BAD
    if _is(unbound, IntegerField):
        return INT_BAD
    if _is(unbound, SelectMultipleField):
        return MULTI_BAD
    if _is(unbound, SelectField, RadioField):
        return CHOICE_BAD
    return TEXT_BAD + NUMBER_BAD if name in NUMBERISH else TEXT_BAD


def choice_context(world: World, endpoint: str, params: dict) -> dict:
    """Valid values for the fields whose choices are filled per case."""
    ctx = {"respondent_org": "0", "party_org": "0", "organisation": str(world.victim_org),
           "roles": ["firm"], "kind": "evidence" if endpoint == "cases.act" else None,
           "locale": "zh_CN", "code": "", "patent_number": "ZL202020123456.8",
           "registration_number": "12345678", "nice_class": "11", "uscc": "",
           "party_uscc": "", "respondent_uscc": "",
           "source": "国办发明电〔2026〕7号", "granted": "no"}
    ctx = {k: v for k, v in ctx.items() if v is not None}
    case_id = params.get("case_id")
    name = params.get("name")
    if endpoint == "cases.act" and case_id in world.kinds:
        if name in ("panel", "officers"):
            ids = world.adjudicators[:3] if name == "panel" else world.enforcers[:2]
            ctx["members"] = [str(i) for i in ids]
            ctx["presiding"] = str(ids[0])
        elif name == "request_recusal":
            handler = _db.session.execute(sa.select(CaseHandler.id).where(
                CaseHandler.case_id == case_id, CaseHandler.removed_at.is_(None))
                .order_by(CaseHandler.id.desc())).scalars().first()
            ctx["handler"] = str(handler or 0)
        elif name == "end_measure":
            measure = _db.session.execute(sa.select(CaseMeasure.id).where(
                CaseMeasure.case_id == case_id, CaseMeasure.ended_on.is_(None))).scalars().first()
            ctx["measure"] = str(measure or 0)
        elif name == "measure":
            ctx["kind"] = "appraisal"
        elif name == "extend":
            ctx["clock"] = "decision"
        elif name == "collective_extension":
            ctx["days"] = "30"
        elif name == "record_payment":
            ctx["amount"] = "100000.00"
    if endpoint == "pledge.new":
        ctx.update({"bank": str(_db.session.execute(sa.text(
            "SELECT bank_org_id FROM pledge_application ORDER BY id LIMIT 1")).scalar()),
            "valuer": "0", "insurer": "0", "repayment_method": "equal",
            "established_on": "2015-06-01", "use_of_funds_kind": "research",
            "rights": [str(_db.session.execute(sa.text(
                "SELECT id FROM ip_right WHERE kind = 'trademark' ORDER BY id LIMIT 1")).scalar())],
            "term_months": "12"})
    if endpoint == "pledge.act":
        ctx.update({"rate": "3.85", "term_months": "12", "seq": "1"})
    return ctx


@dataclass
class Payload:
    label: str
    data: dict
    oversized: bool = False

    def encoded(self) -> dict:
        out = {}
        for key, value in self.data.items():
            if isinstance(value, Upload):
                out[key] = value.open()
            elif isinstance(value, list):
                out[key] = [v.open() if isinstance(v, Upload) else v for v in value]
            else:
                out[key] = value
        return out


def _with_files(data: dict) -> bool:
    """Whether a form's data holds a file (a tuple, alone or in a list)."""
    return any(isinstance(item, tuple) for value in data.values()
               for item in (value if isinstance(value, list) else [value]))


def _multidict(data: dict) -> MultiDict:
    out = MultiDict()
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, tuple):
                stream, filename, content_type = item
                item = FileStorage(stream, filename=filename, content_type=content_type)
            out.add(key, item)
    return out


def every_field_payloads(fields: dict) -> list[Payload]:
    out = []
    for garbage in EVERY_FIELD:
        data = {}
        for name, unbound in fields.items():
            if _is(unbound, FileField):
                data[name] = FILE_BAD[0]
            elif _is(unbound, SelectMultipleField):
                data[name] = [garbage]
            else:
                data[name] = garbage
        out.append(Payload(f"every field = {_short(garbage)}", data))
    return out


def field_payloads(fields: dict, ctx: dict) -> list[Payload]:
    """Each field in turn given each bad value of its kind, the others valid."""
    baseline = {name: valid_value(name, unbound, ctx) for name, unbound in fields.items()}
    # When every field is plain text, the garbage put in all fields at once has reached the
    # service already: one field at a time adds only the numbers for number-like fields.
    plain = all(_plain_text(u) for u in fields.values())
    out = []
    seen = set()
    for name, unbound in fields.items():
        values = bad_values(name, unbound)
        if plain:
            values = [v for v in values if v not in TEXT_BAD]
        # A field checked exactly like one before it (same kind, same validators) gets only
        # the most telling value: e.g. the second and third amounts of the findings.
        signature = (unbound.field_class, name in NUMBERISH, repr([
            (type(v).__name__, getattr(v, "min", None), getattr(v, "max", None))
            for v in unbound.kwargs.get("validators") or ()]))
        if signature in seen:
            values = values[-1:] if name in NUMBERISH else values[:1]
        seen.add(signature)
        for bad in values:
            out.append(Payload(f"{name} = {_short(bad)} (others valid)", {**baseline, name: bad}))
    return out


def oversized_payloads(fields: dict, ctx: dict) -> list[Payload]:
    baseline = {name: valid_value(name, unbound, ctx) for name, unbound in fields.items()}
    out = []
    files = [n for n, u in fields.items() if _is(u, FileField)]
    texts = [n for n, u in fields.items() if not _is(u, FileField, SelectMultipleField)]
    if files:
        big = Upload(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), "big.pdf")
        value = [big] if _is(fields[files[0]], MultipleFileField) else big
        out.append(Payload(f"{files[0]} = a file over the upload limit",
                           {**baseline, files[0]: value}, oversized=True))
    if texts:  # over Werkzeug's in-memory limit for one text field (500 kB)
        out.append(Payload(f"{texts[0]} = 600,000 characters",
                           {**baseline, texts[0]: "y" * 600_000}, oversized=True))
    return out


def _short_url(url: str) -> str:
    return url if len(url) <= 120 else f"{url[:100]}…({len(url)} chars)"


NAMED = {LONG: "10,000 × 'x'", HOSTILE: "<script> + SQL + NUL byte + emoji + RTL mark",
         NUL: "'a\\x00b' (NUL byte)"}


def _short(value) -> str:
    if isinstance(value, str) and value in NAMED:
        return NAMED[value]
    if isinstance(value, Upload):
        return f"file {value.filename[:40]!r} ({len(value.content)} bytes)"
    if isinstance(value, list):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…' ({len(value)} chars)"


# ---------------------------------------------------------------------------------------------
# What changed



# What a refusal must leave as it was, besides the row count of every table: per row.
WATCHED = {
    "cases": ("legal_case", ("id", "state", "version", "number")),
    "accounts": ("user_account", ("id", "active", "password_hash", "session_version",
                                  "display_name", "organisation_id")),
    "roles": ("user_role", ("user_id", "role")),
    "organisations": ("organisation", ("id", "active", "name", "kind", "uscc")),
    "calendar": ("calendar_day", ("day", "is_workday", "name")),
    "pledges": ("pledge_application", ("id", "state", "version", "amount")),
}
_SNAPSHOT_SQL = {}


def _snapshot_sql(db):
    """One statement: the row count of every table, each watched table's rows as one string,
    and the audit log's last row."""
    dialect = db.engine.dialect.name
    if dialect not in _SNAPSHOT_SQL:
        parts = [f"(SELECT COUNT(*) FROM {t.name}) AS \"rows in {t.name}\""
                 for t in db.metadata.sorted_tables
                 if t.name not in ("audit_event", "audit_head")]
        for name, (table, columns) in WATCHED.items():
            row = " || ':' || ".join(f"COALESCE(CAST({c} AS TEXT), '')" for c in columns)
            agg = ("string_agg(x, '|' ORDER BY x)" if dialect == "postgresql"
                   else "group_concat(x, '|')")
            parts.append(f"(SELECT {agg} FROM (SELECT {row} AS x FROM {table} "
                         f"ORDER BY 1) AS rows_) AS {name}")
        parts.append("(SELECT COALESCE(MAX(seq), 0) FROM audit_event) AS last_seq")
        _SNAPSHOT_SQL[dialect] = sa.text("SELECT " + ", ".join(parts))
    return _SNAPSHOT_SQL[dialect]


class Snapshot:
    """The database as a refusal must leave it (see ``WATCHED``), and the audit log's end."""

    def __init__(self, db):
        self.values = dict(db.session.execute(_snapshot_sql(db)).one()._mapping)
        self.last_seq = self.values.pop("last_seq")

    def changes_since(self, before: "Snapshot", db) -> list[str]:
        out = []
        actions = db.session.execute(sa.text(
            "SELECT action FROM audit_event WHERE seq > :seq ORDER BY seq"),
            {"seq": before.last_seq}).scalars().all()
        written = [a for a in actions if a not in REFUSAL_AUDIT]
        if written:
            out.append(f"audit rows written: {written}")
        for key, now in self.values.items():
            was = before.values.get(key)
            if was == now:
                continue
            if key in WATCHED:
                old, new = set((was or "").split("|")), set((now or "").split("|"))
                out.append(f"{key}: {sorted(old - new)} → {sorted(new - old)}")
            else:
                out.append(f"{key}: {was} → {now}")
        return out


# ---------------------------------------------------------------------------------------------
# The sweep


class _Tracebacks(logging.Handler):
    """The error handler logs each unexpected exception; keep the last one for the report."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.last = None

    def emit(self, record):
        if record.exc_info:
            self.last = record.exc_info


def _summary(exc_info) -> str:
    import traceback

    if not exc_info:
        return "(no exception logged)"
    frames = traceback.extract_tb(exc_info[2])
    ours = [f for f in frames if "/ipcenter/" in f.filename] or frames
    where = " ← ".join(f"{f.filename.split('/work/main/')[-1]}:{f.lineno} {f.name}"
                       for f in reversed(ours[-3:]))
    exc = exc_info[1]
    cause = getattr(exc, "orig", None)  # a database error: the driver's own message
    message = (f"{type(cause).__name__}: {cause}" if cause is not None else str(exc))
    message = message.strip().splitlines()[0][:200] if message.strip() else ""
    return f"{type(exc).__name__} ({message}) at {where}"


_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def page_start(body: str, limit: int = 240) -> str:
    main = body.split("<main", 1)[-1] if "<main" in body else body
    text = " ".join(unescape(_TAGS.sub(" ", main)).split())
    return text[:limit]


@dataclass
class Sweep:
    app: object
    client: object
    role: str
    world: World
    deep_done: set
    failures: list = field(default_factory=list)
    requests: int = 0
    token: str = ""
    tracebacks: _Tracebacks = field(default_factory=_Tracebacks)
    snapshot: Snapshot | None = None     # the database as the last POST left it
    detail_status: dict = field(default_factory=dict)
    offered: dict = field(default_factory=dict)   # case id → the actions its page offers
    stale: set = field(default_factory=set)       # cases changed since their page was read
    last_body: str = ""

    def worth_it(self, endpoint: str, params: dict) -> bool:
        """On a case the user cannot see, acting and downloading are refused before the
        action or the document is looked at: a sample shows it."""
        case_id = params.get("case_id")
        if case_id not in self.world.kinds:
            return True
        if self.detail_status.get(case_id) == 200:
            if endpoint != "cases.act":
                return True
            # On a case the user sees: every action its page offers, and a sixth of the
            # others (a different sixth on each case, so each name meets several states).
            names = _actions(self.world, case_id)
            name = params["name"]
            if case_id in self.stale:  # an action succeeded: what the page offers has changed
                self.look_at(case_id)
            if name in self.offered.get(case_id, ()) or name not in names:
                return True
            position = list(self.world.kinds).index(case_id)
            return (names.index(name) + position) % 6 == 0
        if endpoint == "cases.act":
            return params["name"] in UNSEEN_SAMPLE
        if endpoint == "cases.document":
            return params["doc_id"] in self.world.documents[case_id][:1]
        return True

    def read_page(self, case_id: int, status: int):
        self.detail_status[case_id] = status
        self.offered[case_id] = set(re.findall(rf'action="/cases/{case_id}/act/(\w+)"',
                                               self.last_body))
        self.stale.discard(case_id)

    def would_do(self, url: str, params: dict) -> bool:
        case_id = params.get("case_id")
        return "/act/" in url and params.get("name") in self.offered.get(case_id, ())

    def look_at(self, case_id: int):
        self.read_page(case_id, self.send("GET", f"/cases/{case_id}"))

    def refresh_token(self):
        page = "/login" if self.role == "anonymous" else "/dashboard"
        # (The provincial reader's home is the statistics page: the redirect is followed.)
        self.token = csrf_from(self.client.get(page, follow_redirects=True)
                               .get_data(as_text=True))

    def send(self, method: str, url: str, payload: Payload | None = None, *,
             csrf: bool = True, query: dict | None = None) -> int:
        """One request; a 500, or a refusal that changed something, is a failure."""
        writes = method not in ("GET", "HEAD", "OPTIONS")
        before = (self.snapshot or Snapshot(_db)) if writes else None
        kwargs = {}
        if method == "POST":
            data = payload.encoded() if payload else {}
            if csrf:
                data["csrf_token"] = self.token
            kwargs["data"] = data
            if payload is not None and (payload.oversized or _with_files(data)):
                # Encoded in memory: Werkzeug's test client spools a body over 500 kB to a
                # temporary file it never closes (a form with several files reaches it too).
                boundary, body = encode_multipart(_multidict(data))
                kwargs = {"data": body,
                          "content_type": f"multipart/form-data; boundary={boundary}"}
        self.tracebacks.last = None
        response = self.client.open(url, method=method, query_string=query, **kwargs)
        self.requests += 1
        status = response.status_code
        body = "" if method == "HEAD" else response.get_data().decode("utf-8", "replace")
        self.last_body = body
        response.close()
        shown = "?" + "&".join(f"{k}={_short(v)}" for k, v in query.items()) if query else ""
        what = (f"{method} {_short_url(url)}{shown} as {self.role}"
                f"{' [no CSRF token]' if not csrf and method == 'POST' else ''}"
                f"{' [' + payload.label + ']' if payload else ''}")
        if status >= 500:
            self.failures.append(f"{what} → {status}: {page_start(body)!r}\n"
                                 f"      {_summary(self.tracebacks.last)}")
        elif status >= 400 and "<title>" in body and 'data-testid="error"' not in body \
                and "csrf_token" not in body:
            # A refusal must be the application's page in the user's language, not Werkzeug's.
            self.failures.append(f"{what} → {status}: not the application's error page: "
                                 f"{page_start(body)!r}")
        if writes:
            self.snapshot = Snapshot(_db)
            if status == 302 and "/act/" in url:
                self.stale.add(int(url.split("/")[2]))
            if status >= 400:
                changes = self.snapshot.changes_since(before, _db)
                if changes:
                    self.failures.append(f"{what} → {status} but it wrote: "
                                         f"{'; '.join(changes)}")
        else:
            self.snapshot = None  # a GET may write (a download's audit row): measure afresh
        return status

    def visit(self, rule, params: dict, *, first: bool) -> int:
        """Every request this sweep makes of one rule with one filling; returns the status of
        its GET, or of its first POST with a token."""
        url = build_url(self.app, rule, params)
        status = None
        if first:
            # Each method it accepts, HEAD and OPTIONS included, and one it does not.
            for method in ("HEAD", "OPTIONS"):
                self.send(method, url)
            self.send("DELETE", url)
        if "GET" in rule.methods:
            status = self.send("GET", url)
            if rule.endpoint == "cases.detail":
                self.read_page(params["case_id"], status)
        if "POST" in rule.methods:
            if first:
                self.send("POST", url, None, csrf=False)
                self.send("POST", url, Payload("forged token", {"csrf_token": "forged"}),
                          csrf=False)
            fields = _fields_for(rule.endpoint, params, self.world)
            key = _deep_key(rule.endpoint, params, self.world)
            deep = key not in self.deep_done
            read, posted = self.post_all(url, rule.endpoint, params, fields, deep)
            if read and deep:
                self.deep_done.add(key)
            status = status or posted
        return status

    def double_submit(self, url: str, fields: dict, ctx: dict):
        """The same form (same ``client_token``) posted twice, a double click: the second
        must not write anything again."""
        valid = {name: valid_value(name, unbound, ctx) for name, unbound in fields.items()}
        for name, unbound in fields.items():  # with its files, as a browser sends them again
            if _is(unbound, FileField):
                valid[name] = [GOOD_PDF] if _is(unbound, MultipleFileField) else GOOD_PDF
        first = self.send("POST", url, Payload("valid form, first of a double click", valid))
        if first != 302:
            return
        before = self.snapshot
        status = self.send("POST", url, Payload("the same form again (double click)", valid))
        changes = [c for c in self.snapshot.changes_since(before, _db)
                   if not c.startswith("audit rows")]
        if changes:
            self.failures.append(f"POST {url} as {self.role} [the same form posted twice] → "
                                 f"{status}, the second wrote again: {'; '.join(changes)}")

    def post_all(self, url: str, endpoint: str, params: dict, fields: dict | None, deep: bool):
        """Garbage into one POST URL: every field empty first; when the form is read (not
        refused before) and this is the deep sweep of its endpoint or action, every field at
        once with each garbage value, each field in turn with each bad value of its kind, the
        oversized requests, and the valid form twice (the second is a repeat); a form with a
        ``client_token`` is posted twice the same, a double click, once per endpoint."""
        if fields is None:  # a button: only the token (and stray fields)
            if not deep and self.would_do(url, params):
                # Pressed once already, and again (a repeat); pressing it where the page
                # offers it would only walk the happy path once more (and render its PDFs).
                return False, None
            status = self.send("POST", url, Payload("empty form", {}))
            self.send("POST", url, Payload("stray fields", {"x": LONG, "id": "-1"}))
            return False, status
        first, *rest = every_field_payloads(fields)
        status = self.send("POST", url, first)
        if status in (302, 403, 404, 405, 429):
            return False, status  # refused before the form is read: the rest would be too
        ctx = choice_context(self.world, endpoint, params)
        if deep:
            payloads = [*rest, *field_payloads(fields, ctx)]
            if ("oversized", endpoint) not in self.deep_done:  # the limits are the same for all
                self.deep_done.add(("oversized", endpoint))
                payloads += oversized_payloads(fields, ctx)
            for payload in payloads:
                self.send("POST", url, payload)
            if "client_token" not in fields:  # the valid form, twice: the second is a repeat
                valid = {name: valid_value(name, u, ctx) for name, u in fields.items()}
                self.send("POST", url, Payload("valid form", valid))
                self.send("POST", url, Payload("valid form again", valid))
        if "client_token" in fields and ("double", endpoint) not in self.deep_done:
            self.deep_done.add(("double", endpoint))
            self.double_submit(url, fields, ctx)
        return True, status


def _rules(app):
    # Signing out last: the sweep stays signed in until then.
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.rule))


# Acting on a case the user cannot see is refused before the action is looked at: a few
# names show it.
UNSEEN_SAMPLE = {"submit", "no_such_action"}
REFUSED_EARLY = (302, 401, 403)


def run_sweep(sweep: Sweep):
    app, world = sweep.app, sweep.world
    for rule in _rules(app):
        values = fillings(rule, world)
        # The first filling and the last (an odd id) go first: when both are refused alike,
        # the view refuses before it reads its parameters and the other fillings are skipped.
        values = [values[0], values[-1], *values[1:-1]] if len(values) > 2 else values
        seen = []
        for index, params in enumerate(values):
            if index >= 2 and seen[0] == seen[1] and seen[0] in REFUSED_EARLY:
                break
            if not sweep.worth_it(rule.endpoint, params):
                continue
            seen.append(sweep.visit(rule, params, first=index == 0))


def _deep_key(endpoint: str, params: dict, world: World):
    """What one deep sweep covers: an endpoint, or one action (the same action object serves
    both kinds of case for uploads and publication)."""
    if endpoint == "cases.act" and params["case_id"] in world.kinds:
        action = actions_for(_KindOnly(world.kinds[params["case_id"]])).get(params["name"])
        if action is not None:
            return ("cases.act", id(action))
    if endpoint == "pledge.act" and params["name"] in PLEDGE_ACTIONS:
        return ("pledge.act", params["name"])
    return (SAME_FORM_AND_SERVICE.get(endpoint, endpoint), params.get("name"))


def _fields_for(endpoint: str, params: dict, world: World) -> dict | None:
    form_cls = form_for(endpoint, params, world)
    if form_cls is not None:
        return fields_of(form_cls) or None
    if endpoint in NO_FORM:
        return None
    # An endpoint this file does not know gets every field name of every form.
    fields = {}
    for cls in ALL_FORMS:
        fields.update(fields_of(cls))
    return fields


def _start(app, client, shared, role) -> Sweep:
    if role != "anonymous":
        login(client, shared.world.usernames[role])
    sweep = Sweep(app, client, role, shared.world, shared.deep_done)
    sweep.refresh_token()
    return sweep


@contextmanager
def _tracebacks(sweep):
    logger = logging.getLogger("ipcenter.web.errors")
    logger.addHandler(sweep.tracebacks)
    try:
        yield
    finally:
        logger.removeHandler(sweep.tracebacks)


@pytest.mark.parametrize("role", ROLES)
def test_every_rule_every_method_every_role(app, client, shared, role):
    sweep = _start(app, client, shared, role)
    started = time.perf_counter()
    with _tracebacks(sweep):
        run_sweep(sweep)
    elapsed = time.perf_counter() - started
    assert not sweep.failures, (
        f"{len(sweep.failures)} failures in {sweep.requests} requests as {role} "
        f"({elapsed:.1f} s):\n  " + "\n  ".join(sweep.failures))


# ---------------------------------------------------------------------------------------------
# Query strings


QUERIES = ["", LONG, "!@#$%^&*()_+-=[]{};:,./<>?|~`", '"', '"unbalanced', "*", "?", "OR",
           "AND", "NOT", "-", "- -", "(", ")", SQL, "'; DROP TABLE legal_case; --", SCRIPT,
           "title:x", "a~2", "a^3", "[a TO b]", "{}", "\\", "中市监知裁字〔2026〕", NUL, "1e309"]
GET_CASES = [
    *[("/search", {"q": q}) for q in QUERIES],
    ("/search", {"q": "灯", "page": "-1"}), ("/search", {"q": "灯", "page": "abc"}),
    ("/search", {"q": "灯", "page": "999999"}), ("/search", {"q": "灯", "page": "1e309"}),
    ("/search", {"q": "灯", "page": "99999999999999999999999"}),
    ("/search", {"q": "灯", "kind": "no_such_kind"}), ("/search", {"q": "灯", "year": "abc"}),
    ("/search", {"q": "灯", "year": "-1"}), ("/search", {"state": "nonsense"}),
    ("/search", {"case_type": SCRIPT}), ("/search", {"kind": LONG}),
    ("/search", {"q": "灯", "sort": "nonsense"}), ("/search", {"q": "灯", "sort": "date"}),
    ("/search", {"within": "garbage"}), ("/search", {"q": "灯", "within": "case:abc"}),
    ("/search", {"q": "灯", "within": "case:999999"}), ("/search", {"within": LONG}),
    ("/cases/", {"state": "nonsense", "kind": "x", "page": "abc"}),
    ("/cases/", {"page": "-1"}), ("/cases/", {"page": "999999"}), ("/cases/", {"page": "0"}),
    ("/cases/", {"state": SCRIPT, "kind": SQL}),
    ("/pledge/", {"state": "nonsense", "page": "abc"}), ("/pledge/", {"page": "999999"}),
    ("/pledge/", {"state": SCRIPT}), ("/pledge/bank", {"view": SCRIPT, "page": "-1"}),
    ("/pledge/bank", {"view": "portfolio", "page": "999999"}),
    ("/pledge/pool", {"page": "abc"}), ("/pledge/pool", {"page": "99999999999999999999"}),
    ("/admin/users", {"org": "abc"}), ("/admin/users", {"org": "-1"}),
    ("/admin/users", {"org": "999999"}), ("/admin/users", {"page": "abc"}),
    ("/admin/users", {"page": "-5"}), ("/admin/users", {"org": "1e309"}),
    ("/admin/organisations", {"q": SQL}), ("/admin/organisations", {"q": "%_%"}),
    ("/admin/organisations", {"page": "999999"}),
    ("/admin/audit", {"action": SCRIPT, "page": "abc"}), ("/admin/audit", {"page": "-1"}),
    ("/admin/calendar", {"year": "abc"}), ("/admin/calendar", {"year": "99999"}),
    ("/admin/calendar", {"year": "-1"}), ("/admin/calendar", {"year": "0"}),
    ("/admin/calendar/edit", {"year": "abc"}), ("/admin/calendar/edit", {"year": "99999"}),
    ("/verify", {"code": "garbage"}), ("/verify", {"code": ""}), ("/verify", {"code": LONG}),
    ("/verify", {"code": SCRIPT}),
    ("/login", {"next": "//evil.example"}), ("/login", {"next": LONG}),
    ("/login", {"next": "javascript:alert(1)"}), ("/login", {"next": NUL}),
]
GET_PATHS = ["/verify/garbage", "/verify/" + "x" * 5000, "/verify/%3Cscript%3E",
             "/verify/' OR 1=1 --", "/verify/-1", "/verify/0", "/verify/ABCD-EFGH-JKLM",
             "/verify/abcd efgh jklm"]


# Every parameter some page reads, each with a value it does not expect.
GARBAGE_QUERY = {"page": "abc", "q": SCRIPT, "year": "99999", "org": "abc", "state": "nonsense",
                 "kind": "x", "next": "//evil.example", "code": SQL, "sort": "nonsense",
                 "within": "garbage", "action": NUL, "view": SCRIPT}


@pytest.mark.parametrize("role", ["anonymous", "firm", "director", "admin"])
def test_query_strings(app, client, shared, role):
    sweep = _start(app, client, shared, role)
    case_id = shared.world.cases[f"patent/{S.EXAMINATION}"]
    extra = [("/search", {"q": "灯", "within": f"case:{case_id}"}),
             ("/search", {"q": "", "within": f"case:{case_id}"})]
    # Every GET rule, its first filling, with the garbage query string.
    every_get = [(build_url(app, rule, fillings(rule, shared.world)[0]), GARBAGE_QUERY)
                 for rule in _rules(app) if "GET" in rule.methods]
    with _tracebacks(sweep):
        for path, query in [*GET_CASES, *extra, *every_get]:
            sweep.send("GET", path, query=query)
        for path in GET_PATHS:
            sweep.send("GET", path)
    assert not sweep.failures, (
        f"{len(sweep.failures)} failures as {role}:\n  " + "\n  ".join(sweep.failures))
