"""Query counts that do not grow, for the pledge pages: each page issues as many SQL statements
with 200 applications as with 10 (the harness of ``tests.web.test_query_counts``).

Two real loans are taken through the services — one in repayment with its schedule, one
defaulted and compensated — and their pages are the application pages measured. Around them
``grow`` adds plain rows in the shape the services make: applications in every state of the
bank's queue and portfolio, each with its borrower, the fund manager in charge, a right of the
register, the bank's and the fund manager's clocks, instalments for the loans in repayment,
pool postings and audit rows; the real loans get more files and more audit rows as the world
grows. Counting, not timing: the test is deterministic.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ipcenter.core import audit, outbox
from ipcenter.core.db import db as _db
from ipcenter.core.models import Deadline
from ipcenter.ip.models import Right
from ipcenter.pledge import ledger
from ipcenter.pledge.models import (
    Instalment,
    PledgeApplication,
    PledgeDocument,
    PledgedRight,
    PledgeHandler,
    PledgeParty,
)
from ipcenter.pledge.workflow import S
from tests.pledge.conftest import NOW
from tests.pledge.journeys import at, defaulted, file, fund_the_pool, lent, walk
from tests.web.test_query_counts import Page, _measure

FIXED_NOW = "2026-09-01T10:00:00+08:00"
TODAY = date(2026, 9, 1)

# The states the grown applications take, in turn: the bank's queue, its portfolio, the fund
# manager's steps and the ends.
STATES = [S.APPLIED, S.ELIGIBILITY_CHECK, S.VALUATION, S.INSURER_REVIEW, S.BANK_REVIEW,
          S.APPROVED, S.REGISTRATION, S.MONITORING, S.OVERDUE, S.DEFAULT,
          S.COMPENSATION_CLAIMED, S.PLEDGE_RELEASED, S.DECLINED]
IN_REPAYMENT = {S.MONITORING, S.OVERDUE, S.DEFAULT, S.COMPENSATION_CLAIMED}


@dataclass
class World:
    crew: object
    loan: PledgeApplication        # in repayment
    loss: PledgeApplication        # defaulted, compensated, in recovery
    made: int = 0

    def __getattr__(self, name):   # the crew's people open the pages
        return getattr(self.__dict__["crew"], name)


PAGES = [
    Page("pledge list", "firm", "/pledge/"),
    Page("pledge list", "fund", "/pledge/"),
    Page("pledge list", "director", "/pledge/"),
    Page("pledge list", "bank", "/pledge/"),
    Page("pledge list", "valuer", "/pledge/"),
    Page("pledge list, one state", "fund", f"/pledge/?state={S.MONITORING}"),
    Page("bank queue", "bank", "/pledge/bank"),
    Page("bank portfolio", "bank", "/pledge/bank?view=portfolio"),
    Page("pool", "fund", "/pledge/pool"),
    Page("pool", "director", "/pledge/pool"),
    Page("loan page", "firm", lambda w: f"/pledge/{w.loan.id}"),
    Page("loan page", "bank", lambda w: f"/pledge/{w.loan.id}"),
    Page("loan page", "fund", lambda w: f"/pledge/{w.loan.id}"),
    Page("loss page", "director", lambda w: f"/pledge/{w.loss.id}"),
    Page("loss page", "fund", lambda w: f"/pledge/{w.loss.id}"),
    Page("dashboard", "bank", "/dashboard"),
    Page("dashboard", "fund", "/dashboard"),
    Page("dashboard", "valuer", "/dashboard"),
    Page("dashboard", "insurer", "/dashboard"),
]


def _right(world: World, i: int) -> Right:
    right = Right(kind="trademark", number=f"{40000000 + i}", title=f"灯饰商标{i}",
                  holder_name=world.firm_org.name, holder_org_id=world.firm_org.id,
                  status="valid", granted_on=date(2021, 3, 2),
                  expires_on=date(2031, 3, 1), classes=[11], created_at=NOW)
    _db.session.add(right)
    return right


def _clock(application, kind, title, due_on, **assignee):
    _db.session.add(Deadline(subject_type="pledge", subject_id=application.id,
                             subject_label=application.label, kind=kind, title=title,
                             basis="", starts_on=due_on - timedelta(days=10), period="10d",
                             due_on=due_on, created_at=NOW, **assignee))


def grow(world: World, total: int) -> None:
    """Add plain applications until ``total`` exist besides the two real ones."""
    crew = world.crew
    for i in range(world.made, total):
        state = STATES[i % len(STATES)]
        created = NOW + timedelta(hours=i)
        application = PledgeApplication(
            kind="pledge", state=state, number=f"中知融〔2026〕{1000 + i}号", title=f"知识产权质押融资申请{i}",
            filed_by_id=crew.firm.id, borrower_org_id=crew.firm_org.id,
            bank_org_id=(crew.bank_org if i % 3 else crew.other_bank_org).id,
            valuer_org_id=crew.valuer_org.id, insurer_org_id=crew.insurer_org.id,
            client_token=uuid.uuid4().hex, amount=Decimal("800000.00") + i, term_months=12,
            use_of_funds="购置灯具生产线", created_at=created, submitted_at=created)
        application.parties.append(PledgeParty(role="borrower", organisation_id=crew.firm_org.id,
                                               name=crew.firm_org.name))
        application.handlers.append(PledgeHandler(user_id=crew.fund.id, role="presiding",
                                                  assigned_at=created))
        application.rights.append(PledgedRight(right=_right(world, i),
                                                valuation=Decimal("2000000.00")))
        if state in IN_REPAYMENT:
            application.approved_amount = application.amount
            application.disbursed_on = date(2026, 4, 20)
            for seq in range(1, 13):
                application.instalments.append(Instalment(
                    seq=seq, due_on=date(2026, 4, 20) + timedelta(days=30 * seq),
                    principal=Decimal("66666.67"), interest=Decimal("2566.67")))
        _db.session.add(application)
        _db.session.flush()
        due = TODAY + timedelta(days=(i % 5) * 7 - 7)    # overdue, soon and later ones
        _clock(application, "bank_review", "银行审贷", due, assignee_org_id=application.bank_org_id)
        _clock(application, "registration", "质押登记", due + timedelta(days=2),
               assignee_role="fund_manager")
        audit.record("pledge.file", actor=crew.firm, obj_type="pledge", obj_id=application.id,
                     now=created, detail={"to": state})
    for n in range(world.made // 20, total // 20):
        ledger.contribute("city", "10000.00", crew.fund, at(30 + n))
    for application in (world.loan, world.loss):
        for n in range(total // 50 + 1):
            _db.session.add(PledgeDocument(
                application_id=application.id, kind="other", title="其他材料",
                filename=f"附件{total}-{n}.pdf", content_type="application/pdf", size=1000,
                audience="filer", uploaded_by_id=crew.firm.id, created_at=at(30),
                text_status="done", text=""))
        for n in range(world.made, total):
            audit.record("pledge.note", actor=crew.fund, obj_type="pledge",
                         obj_id=application.id, now=at(31), detail={"n": n})
    _db.session.flush()
    world.made = total


def _taken(crew, db, n, steps):
    application = file(crew, db, n)
    for _ in walk(application, steps, db):
        # The official documents stay queued, not rendered (a step that commits, such as the
        # overdue scan, would render them): a page lists them either way, and twenty PDFs
        # per test would cost more than the pages.
        outbox.take_queued(db.session)
    return application


@pytest.fixture
def world(app, db, crew, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", FIXED_NOW)
    fund_the_pool(crew)
    loan = _taken(crew, db, 1, lent(crew))
    loss = _taken(crew, db, 2, defaulted(crew)[:-1])   # in recovery, not yet closed
    db.session.flush()
    return World(crew, loan, loss)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.name}-{p.user}")
def test_pledge_page_query_count_does_not_grow(client, world, page):
    from tests.conftest import login

    grow(world, 10)
    login(client, getattr(world, page.user).username)
    client.get(page.url(world))  # warm the per-process caches
    small, small_sql = _measure(client, world, page)
    grow(world, 200)
    large, large_sql = _measure(client, world, page)
    assert large == small, (
        f"{page.name} as {page.user}: {small} statements with 10 applications, {large} with 200",
        [s for s in large_sql if large_sql.count(s) > small_sql.count(s)][:3])
