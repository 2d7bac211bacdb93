"""The demo's pledge loans: one in each state the pages need, walked through the real services,
the pool's contributions in the ledger, compensation paid from it, and seeding twice changes
nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from ipcenter import demo
from ipcenter.auth.models import Organisation
from ipcenter.core.db import unit_of_work
from ipcenter.core.models import AuditEvent
from ipcenter.pledge import demo as pledge_demo
from ipcenter.pledge import ledger
from ipcenter.pledge.models import PledgeApplication, PoolAccount, PoolEntry
from ipcenter.pledge.workflow import S


@pytest.fixture
def db(demo_db):
    """The demo seeded once for the session (``demo_db``), in a transaction rolled back."""
    return demo_db


def _seed():
    with unit_of_work():
        demo.seed()


def _loans(db):
    return {a.client_token: a for a in db.session.execute(
        sa.select(PledgeApplication)).scalars()}


def test_the_demo_loans_stand_in_their_states(db):
    loans = _loans(db)
    states = {spec.token: loans[spec.token].state for spec in pledge_demo.PLEDGE_LOANS}
    assert states == {
        "demo-pledge-1": S.APPLIED, "demo-pledge-2": S.BANK_REVIEW,
        "demo-pledge-3": S.MONITORING, "demo-pledge-4": S.OVERDUE,
        "demo-pledge-5": S.COMPENSATED, "demo-pledge-6": S.PLEDGE_RELEASED}
    repaying = loans["demo-pledge-3"]
    assert len(repaying.instalments) == 12
    assert sum(i.principal for i in repaying.instalments) == repaying.approved_amount
    assert any(i.paid_on for i in repaying.instalments)
    assert any(i.paid_on is None for i in repaying.instalments)
    overdue = loans["demo-pledge-4"]
    assert overdue.overdue_since is not None
    released = loans["demo-pledge-6"]
    assert all(i.paid_on for i in released.instalments) and released.released_on
    # Every step went through the services: each transition has its audit row.
    fired = db.session.execute(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.object_type == "pledge", AuditEvent.object_id == str(released.id),
        AuditEvent.action.like("pledge.%"))).scalar_one()
    assert fired >= 12


def test_both_banks_and_the_fund_have_loans_to_see(db):
    by_bank = {}
    for application in _loans(db).values():
        by_bank.setdefault(application.bank_org_id, []).append(application)
    banks = db.session.execute(sa.select(Organisation).where(Organisation.kind == "bank")
                               ).scalars().all()
    assert len(banks) == 2 and all(len(by_bank.get(b.id, [])) >= 2 for b in banks)


def test_the_pool_holds_its_contributions_less_the_compensation_paid(db):
    sums = ledger.balances()
    assert sums[PoolAccount.CENTRAL_CONTRIBUTION] == Decimal("-40000000.00")
    assert sums[PoolAccount.CITY_CONTRIBUTION] == Decimal("-30000000.00")
    assert sum(sums.values()) == 0
    compensated = _loans(db)["demo-pledge-5"]
    paid = ledger.compensated(compensated.id)
    assert paid > 0 and paid == Decimal(compensated.loss_split["pool"])
    # The split of the claim: the loss computed is the amount claimed, and what the four
    # parties bear sums to it, to the fen.
    split = compensated.loss_split
    assert Decimal(split["loss"]) == compensated.claim_amount > 0
    assert sum(Decimal(v) for v in split["borne"].values()) == compensated.claim_amount
    assert Decimal(split["borne"]["pool"]) == paid
    assert ledger.balance() == Decimal("70000000.00") - paid


def test_seeding_twice_adds_no_loan_and_no_posting(db):
    _seed()  # the session's demo database is seeded already: this is at least the second time
    loans = sorted((a.client_token, a.state) for a in _loans(db).values())
    rows = db.session.execute(sa.select(sa.func.count(PoolEntry.id))).scalar_one()
    _seed()
    assert sorted((a.client_token, a.state) for a in _loans(db).values()) == loans
    assert db.session.execute(sa.select(sa.func.count(PoolEntry.id))).scalar_one() == rows
