"""The risk-compensation pool's double-entry ledger (风险补偿资金池台账), in Decimal 元.

Every posting is two ``PoolEntry`` rows — a debit (positive) and a credit (negative) of the
same amount — so each posting, and the whole ledger, sums to zero. The pool's balance is the
sum of its ``cash`` account, computed each time it is asked, never a stored figure that could
drift. Every posting is one audit row (``pool.<kind>``).

``post_compensation`` never takes the pool below zero, even when two approvals pay at the same
moment: it locks the pool's row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite has a single
writer) before it reads the balance, so the second waits for the first to commit and then sees
the lower balance. Postings never change: a mistake is corrected by a reversing posting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.core import audit, money
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, InvalidInput, NotFound
from ipcenter.pledge.models import Pool, PoolAccount, PoolEntry, PostingKind

A = PoolAccount
ZERO = Decimal("0.00")
# The pool the migration creates: 中山市知识产权质押融资风险补偿资金池.
POOL_ID = 1

# Where each kind of contribution comes from.
SOURCES = {"central": A.CENTRAL_CONTRIBUTION, "city": A.CITY_CONTRIBUTION}


@dataclass(frozen=True)
class Posting:
    """A posting as written: its id, kind, amount and the two accounts."""

    id: str
    kind: str
    amount: Decimal
    debit: str
    credit: str


def pool(pool_id: int = POOL_ID, *, lock: bool = False) -> Pool:
    """The pool's row; with ``lock``, locked until the transaction ends (postings that must
    see a settled balance take it first)."""
    query = sa.select(Pool).where(Pool.id == pool_id)
    if lock:
        query = query.with_for_update()
    row = db.session.execute(query).scalar_one_or_none()
    if row is None:
        raise NotFound(_l("The risk-compensation pool does not exist."))
    return row


def balance(pool_id: int = POOL_ID, on: date | None = None) -> Decimal:
    """The pool's balance: the sum of its cash account (to the end of ``on``, if given)."""
    return account_balance(A.CASH, pool_id, on)


def account_balance(account: str, pool_id: int = POOL_ID, on: date | None = None) -> Decimal:
    """The sum of ``account``'s rows (debits positive, credits negative)."""
    query = sa.select(sa.func.coalesce(sa.func.sum(PoolEntry.amount), 0)).where(
        PoolEntry.pool_id == pool_id, PoolEntry.account == str(account))
    if on is not None:
        query = query.where(PoolEntry.posted_on <= on)
    return Decimal(db.session.execute(query).scalar_one()).quantize(money.CENT)


def balances(pool_id: int = POOL_ID) -> dict[str, Decimal]:
    """Every account's sum (their total is zero)."""
    rows = db.session.execute(sa.select(PoolEntry.account, sa.func.sum(PoolEntry.amount))
                              .where(PoolEntry.pool_id == pool_id)
                              .group_by(PoolEntry.account)).all()
    found = {account: Decimal(total).quantize(money.CENT) for account, total in rows}
    return {str(a): found.get(str(a), ZERO) for a in A}


def _amount(value) -> Decimal:
    try:
        figure = money.amount(value, "amount")
    except (TypeError, ValueError):
        raise InvalidInput(_l("Give the amount in yuan, to the fen, greater than zero.")) \
            from None
    if figure <= 0:
        raise InvalidInput(_l("Give the amount in yuan, to the fen, greater than zero."))
    return figure


def _post(kind: str, debit: str, credit: str, value, actor, now: datetime, *,
          application_id: int | None = None, memo: str = "", posted_on: date | None = None,
          pool_id: int = POOL_ID) -> Posting:
    figure = _amount(value)
    posting = uuid.uuid4().hex
    day = posted_on or local_date(now)
    for account, signed in ((debit, figure), (credit, -figure)):
        db.session.add(PoolEntry(pool_id=pool_id, posting=posting, posting_kind=str(kind),
                                 account=str(account), amount=signed,
                                 application_id=application_id, posted_on=day, posted_at=now,
                                 posted_by_id=getattr(actor, "id", None), memo=memo.strip()))
    db.session.flush()
    audit.record(f"pool.{kind}", actor=actor, obj_type="pool", obj_id=pool_id, now=now,
                 detail={"posting": posting, "amount": str(figure), "debit": str(debit),
                         "credit": str(credit), "application": application_id,
                         "posted_on": day.isoformat(), "memo": memo.strip()})
    return Posting(posting, str(kind), figure, str(debit), str(credit))


def contribute(source: str, value, actor, now: datetime, *, memo: str = "",
               posted_on: date | None = None, pool_id: int = POOL_ID) -> Posting:
    """A contribution to the pool from central (中央) or city (市级) funds."""
    if source not in SOURCES:
        raise InvalidInput(_l("A contribution comes from central or city funds."))
    return _post(PostingKind.CONTRIBUTION, A.CASH, SOURCES[source], value, actor, now,
                 memo=memo, posted_on=posted_on, pool_id=pool_id)


def post_interest(value, actor, now: datetime, *, memo: str = "",
                  posted_on: date | None = None, pool_id: int = POOL_ID) -> Posting:
    """Interest the pool's account earned."""
    return _post(PostingKind.INTEREST, A.CASH, A.INTEREST_EARNED, value, actor, now,
                 memo=memo, posted_on=posted_on, pool_id=pool_id)


def post_recovery(application_id: int | None, value, actor, now: datetime, *, memo: str = "",
                  pool_id: int = POOL_ID) -> Posting:
    """The pool's part of what recovery brought back on a loan it compensated."""
    return _post(PostingKind.RECOVERY, A.CASH, A.RECOVERIES, value, actor, now,
                 application_id=application_id, memo=memo, pool_id=pool_id)


def post_compensation(application_id: int | None, value, actor, now: datetime, *, memo: str = "",
                      pool_id: int = POOL_ID) -> Posting:
    """Pay the pool's share of a loss. The pool's row is locked first, so two payments at the
    same moment are applied one after the other; one the balance cannot cover is refused
    (``Conflict``, with the figures) and nothing is written."""
    figure = _amount(value)
    pool(pool_id, lock=True)
    available = balance(pool_id)
    if figure > available:
        raise Conflict(_l("The pool holds %(balance)s; it cannot pay %(amount)s.",
                          balance=money.with_unit(available), amount=money.with_unit(figure)))
    return _post(PostingKind.COMPENSATION, A.COMPENSATION_PAID, A.CASH, figure, actor, now,
                 application_id=application_id, memo=memo, pool_id=pool_id)


def compensated(application_id: int, pool_id: int = POOL_ID) -> Decimal:
    """What the pool has paid on one loan."""
    total = db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(PoolEntry.amount), 0))
                               .where(PoolEntry.pool_id == pool_id,
                                      PoolEntry.application_id == application_id,
                                      PoolEntry.account == str(A.COMPENSATION_PAID))
                               ).scalar_one()
    return Decimal(total).quantize(money.CENT)


def recovered(application_id: int, pool_id: int = POOL_ID) -> Decimal:
    """What recovery has returned to the pool on one loan."""
    total = db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(PoolEntry.amount), 0))
                               .where(PoolEntry.pool_id == pool_id,
                                      PoolEntry.application_id == application_id,
                                      PoolEntry.account == str(A.RECOVERIES))).scalar_one()
    return -Decimal(total).quantize(money.CENT)


def entries(pool_id: int = POOL_ID, start: date | None = None, end: date | None = None
            ) -> list[PoolEntry]:
    """The ledger's rows in order (between ``start`` and ``end``, inclusive): the statement."""
    query = sa.select(PoolEntry).where(PoolEntry.pool_id == pool_id)
    if start is not None:
        query = query.where(PoolEntry.posted_on >= start)
    if end is not None:
        query = query.where(PoolEntry.posted_on <= end)
    return db.session.execute(query.order_by(PoolEntry.posted_on, PoolEntry.id)).scalars().all()
