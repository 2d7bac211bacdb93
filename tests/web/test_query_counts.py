"""Query counts that do not grow: each page issues as many SQL statements with 200 cases as
with 10.

Two real cases are walked through the services (a patent case in examination, a trademark case
under investigation): their pages are the case pages measured. Around them ``grow`` adds plain
rows in the shape the services make — cases of both kinds, with parties, a panel, marks, open
clocks (the presiding handler's, the respondent firm's, the role queues', some paused) and
audit rows — so that the lists, the dashboards and the search page have 10, then 200, cases
to show. Each page is opened once to warm what is cached per process (the calendar, the
translations), then counted at 10 and at 200; the counts must be equal. Counting, not timing:
the test is deterministic.

To add a page (pre-examination, pledge …): add a ``Page`` row to ``PAGES`` — a name, the user
who opens it (a ``World`` attribute) and its path (a string, or a function of the world).
"""

from __future__ import annotations

import contextlib
import io
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

import pytest
import sqlalchemy as sa

from ipcenter import matters, search
from ipcenter.auth.models import Organisation, User
from ipcenter.cases.models import Case, CaseHandler, CaseMark, CaseParty, PatentCase, TrademarkCase
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark.workflow import TS
from ipcenter.core import audit
from ipcenter.core.db import db as _db
from ipcenter.core.models import Deadline, DeadlinePause
from ipcenter.ip.uscc import check_character
from tests.cases.conftest import PATENT, PDF, at, walk
from tests.cases.trademark.test_trademark import to_investigation
from tests.conftest import _BoundSession, login

# The day the pages are opened (10:00 in Beijing): some clocks are overdue, some due soon.
TODAY = date(2026, 3, 20)
FIXED_NOW = "2026-03-20T10:00:00+08:00"


@dataclass
class World:
    """The people and the two real cases every page is opened with."""

    cast: object
    officers: list
    patent: PatentCase
    trademark: TrademarkCase
    made: int = 0
    extra: dict = field(default_factory=dict)

    # Who opens the pages.
    @property
    def firm(self):
        return self.cast.requester

    @property
    def respondent(self):
        return self.cast.respondent

    @property
    def handler(self):
        return self.cast.judges[0]

    @property
    def director(self):
        return self.cast.director

    @property
    def officer(self):
        return self.officers[0]

    @property
    def bank(self):
        return self.cast.bank

    @property
    def admin(self):
        return self.cast.admin


@dataclass(frozen=True)
class Page:
    name: str
    user: str                          # an attribute of ``World``
    path: str | Callable[[World], str]

    def url(self, world: World) -> str:
        return self.path(world) if callable(self.path) else self.path


PAGES = [
    Page("case list", "firm", "/cases/"),
    Page("case list", "handler", "/cases/"),
    Page("case list", "director", "/cases/"),
    Page("case list, one state", "director", f"/cases/?state={S.EXAMINATION}"),
    Page("patent case page", "handler", lambda w: f"/cases/{w.patent.id}"),
    Page("patent case page", "firm", lambda w: f"/cases/{w.patent.id}"),
    Page("patent case page", "director", lambda w: f"/cases/{w.patent.id}"),
    Page("trademark case page", "officer", lambda w: f"/cases/{w.trademark.id}"),
    Page("trademark case page", "director", lambda w: f"/cases/{w.trademark.id}"),
    Page("dashboard", "firm", "/dashboard"),
    Page("dashboard", "respondent", "/dashboard"),
    Page("dashboard", "handler", "/dashboard"),
    Page("dashboard", "director", "/dashboard"),
    Page("dashboard", "officer", "/dashboard"),
    Page("dashboard, later page 2", "handler", "/dashboard?later=2"),
    Page("dashboard: collateral alerts", "bank", "/dashboard"),
    Page("dashboard: collateral alerts page 2", "bank", "/dashboard?alerts=2"),
    Page("search", "handler", "/search?q=吸顶灯"),
    Page("search", "firm", "/search?q=吸顶灯"),
    Page("admin: users", "admin", "/admin/users"),
    Page("admin: organisations", "admin", "/admin/organisations"),
    Page("admin: audit log", "admin", "/admin/audit"),
]


@contextlib.contextmanager
def counting():
    """The SQL statements run inside the block, as a list of their texts."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    bind = _db.session.get_bind()
    engine = getattr(bind, "engine", bind)
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def _clock(case, kind, title, due_on, **assignee):
    row = Deadline(subject_type="case", subject_id=case.id, subject_label=case.label, kind=kind,
                   title=title, basis="", starts_on=due_on - timedelta(days=10), period="10d",
                   due_on=due_on, created_at=at(0), **assignee)
    _db.session.add(row)
    return row


def grow(world: World, total: int) -> None:
    """Add plain cases until ``total`` exist besides the two real ones."""
    cast = world.cast
    firm_a, firm_b = cast.requester.organisation_id, cast.respondent.organisation_id
    judges = cast.judges[:3]
    for i in range(world.made, total):
        created = at(i / 100)
        common = dict(title=f"关于LED吸顶灯的纠纷{i}", summary="吸顶灯", filed_by_id=cast.requester.id,
                      filed_by_org_id=firm_a, client_token=uuid.uuid4().hex, created_at=created,
                      submitted_at=created, accepted_at=created, number=f"测〔2026〕{i + 1}号")
        if i % 2 == 0:
            case = PatentCase(state=S.EXAMINATION, patent_number=PATENT, patent_kind="utility_model",
                              patent_title="一种LED吸顶灯散热结构", **common)
            panel = [(judges[0], "presiding"), (judges[1], "member"), (judges[2], "member")]
        else:
            case = TrademarkCase(state=TS.INVESTIGATING, facts="销售侵权吸顶灯", **common)
            case.marks.append(CaseMark(registration_number=f"{12345000 + i}", nice_class=11,
                                       holder=cast.requester.organisation.name, text="华辉"))
            panel = [(world.officers[0], "presiding"), (world.officers[1], "member")]
        case.parties.append(CaseParty(role="requester", organisation_id=firm_a,
                                      name=cast.requester.organisation.name))
        case.parties.append(CaseParty(role="respondent", organisation_id=firm_b,
                                      name=cast.respondent.organisation.name))
        for user, role in panel:
            case.handlers.append(CaseHandler(user_id=user.id, role=role, assigned_at=created))
        _db.session.add(case)
        _db.session.flush()
        lead = panel[0][0]
        due = TODAY + timedelta(days=(i % 5) * 7 - 7)   # overdue, soon and later ones
        mine = _clock(case, "decision", "作出处理决定", due, assignee_user_id=lead.id)
        if i % 4 == 0:
            mine.pauses.append(DeadlinePause(reason="suspension", started_on=due - timedelta(5),
                                             ended_on=due - timedelta(2)))
        _clock(case, "answer", "提交答辩书", due + timedelta(days=3), assignee_org_id=firm_b)
        role = "adjudicator" if i % 2 == 0 else "enforcer"
        _clock(case, "accept", "审查受理", due + timedelta(days=1), assignee_role=role)
        _clock(case, "legal_review", "法制审核", due + timedelta(days=2), assignee_role="director")
        for action in ("case.submit", "case.accept"):
            audit.record(action, actor=cast.requester, obj_type="case", obj_id=case.id,
                         now=created, detail={"to": case.state})
    _alerts(world, total)
    # More firms and accounts for the admin lists, more files and events on the real cases.
    for i in range(world.made // 5, total // 5):
        org = Organisation(name=f"中山市古镇灯饰厂{i}", kind="firm", uscc=_uscc(i), created_at=at(0))
        user = User(username=f"firm-extra{i}", display_name=f"员工{i}", organisation=org,
                    password_hash="x", created_at=at(0))
        user.set_roles(["firm"])
        _db.session.add_all([org, user])
    for case in (c for c in (world.patent, world.trademark) if c is not None):
        for n in range(total // 50 + 1):
            matters.attach(case, "evidence", io.BytesIO(PDF + f"%{total}-{n}".encode()),
                           f"证据{total}-{n}.pdf", cast.requester, at(7))
    _db.session.flush()
    world.made = total


def _alerts(world: World, total: int) -> None:
    """One loan of the world's bank on one patent, and an alert on it for each case made (an
    event of the register each): the bank's 我的工作 shows them."""
    from ipcenter.ip.models import Right, RightEvent
    from ipcenter.pledge.models import PledgeApplication, PledgedRight
    from ipcenter.pledge.watch import PledgeAlert
    from ipcenter.pledge.workflow import S as PS

    cast = world.cast
    loan = world.extra.get("loan")
    if loan is None:
        from ipcenter.ip.numbers import check_character as patent_check

        digits = "202020999001"
        right = Right(kind="utility_model", number=f"ZL{digits}.{patent_check(digits)}",
                      title="一种LED吸顶灯散热结构",
                      holder_name=cast.requester.organisation.name, status="valid",
                      classes=[], created_at=at(0))
        loan = PledgeApplication(
            kind="pledge", state=PS.MONITORING, title="质押融资申请", filed_by_id=cast.requester.id,
            borrower_org_id=cast.requester.organisation_id,
            bank_org_id=cast.bank.organisation_id, client_token=uuid.uuid4().hex,
            amount=1000000, term_months=12, created_at=at(0), number="质〔2026〕1号")
        loan.rights.append(PledgedRight(right=right))
        _db.session.add_all([right, loan])
        _db.session.flush()
        world.extra["loan"], world.extra["right"] = loan, right
    right = world.extra["right"]
    for i in range(world.made, total):
        event = RightEvent(right_id=right.id, kind="asserted_in_case", occurred_on=TODAY,
                           matter_type="case", matter_id=100000 + i, detail={},
                           recorded_at=at(i / 100))
        _db.session.add(event)
        _db.session.flush()
        _db.session.add(PledgeAlert(application_id=loan.id, right_id=right.id,
                                    event_id=event.id, event_kind=event.kind,
                                    event_date=TODAY, matter_type="case",
                                    matter_id=event.matter_id, created_at=event.recorded_at))


def _uscc(i: int) -> str:
    base = f"91442000MB{i:07d}"
    return base + check_character(base)


@pytest.fixture
def world(app, db, cast, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", FIXED_NOW)
    officers = [make_user("enforcer", username=f"officer{i}") for i in (1, 2)]
    patent = walk(db, cast, S.EXAMINATION)
    trademark = to_investigation(cast, officers)
    db.session.flush()
    return World(cast, officers, patent, trademark)


def _reindex(page: Page) -> None:
    """The search page reads the index: put every case in it (only for that page)."""
    if page.path.startswith("/search") if isinstance(page.path, str) else False:
        for case_id in _db.session.execute(sa.select(Case.id)).scalars().all():
            search.index_now("case", case_id)


def _measure(client, world: World, page: Page) -> tuple[int, list[str]]:
    """Open the page in a session of its own, as a real request starts with (the test's session
    holds the world's objects, which would spare the page some loads)."""
    url = page.url(world)
    _db.session.commit()
    connection = _db.session.get_bind()
    test_session = _db.session
    _db.session = _db._make_scoped_session({"bind": connection, "class_": _BoundSession,
                                            "join_transaction_mode": "create_savepoint"})
    try:
        with counting() as statements:
            response = client.get(url)
    finally:
        _db.session.remove()
        _db.session = test_session
    assert response.status_code == 200, (page, response.status_code)
    _db.session.expire_all()
    return len(statements), statements


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.name}-{p.user}")
def test_page_query_count_does_not_grow(client, world, page):
    grow(world, 10)
    _reindex(page)
    user = getattr(world, page.user)
    login(client, user.username)
    client.get(page.url(world))  # warm the per-process caches
    small, small_sql = _measure(client, world, page)
    grow(world, 200)
    _reindex(page)
    large, large_sql = _measure(client, world, page)
    if os.environ.get("IPCENTER_QUERY_COUNTS"):  # print the figures: pytest -s
        print(f"\n{page.name} as {page.user}: {small} statements (10 cases), {large} (200)")
    assert large == small, (
        f"{page.name} as {page.user}: {small} statements with 10 cases, {large} with 200",
        list((Counter(large_sql) - Counter(small_sql)).items())[:3],
        list((Counter(small_sql) - Counter(large_sql)).items())[:3])


def test_the_work_list_reads_the_calendar_once(client, make_user):
    """我的工作 counts each clock's time left on the request's calendar, read once
    (``core.workdays.request_calendar``), however many clocks the page shows."""
    from datetime import date as _date

    from tests.conftest import login

    handler = make_user("adjudicator")
    for n in range(3):
        _db.session.add(Deadline(subject_type="case", subject_id=900 + n, subject_label=f"案{n}",
                                 kind="decision", title="作出处理决定", basis="",
                                 starts_on=_date(2026, 3, 1), period="2m",
                                 due_on=_date(2026, 5, 1), created_at=at(0),
                                 assignee_user_id=handler.id))
    _db.session.commit()
    login(client, handler.username)
    with counting() as statements:
        assert client.get("/dashboard").status_code == 200
    assert sum(1 for s in statements if "FROM calendar_day" in s) == 1
