"""The case list as a query: one page of the cases a user may see, newest first, and their
total, with what each row shows loaded in the same few statements whatever the page holds.

The total comes from the union of the user's grants (``visible_case_ids``), each branch read
from its own index. A user who sees at most ``FEW_CASES`` cases (a firm: its parties' cases)
then has them found by id and sorted; one who sees more (a handler, whose intake queue is a
share of every case) has the newest read from ``ix_legal_case_created`` with the rule checked
on each, which stops after a page since that many are dense among the newest.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case
from ipcenter.cases.policy import visible_case_ids, visible_cases
from ipcenter.core.db import db
from ipcenter.core.paging import Page

FEW_CASES = 1000
PER_PAGE = 20


def _row_loads(shown) -> list:
    """Eager loads of what each kind shows in a list row (its rights' numbers …)."""
    models = sa.inspect(Case).polymorphic_map
    return [orm.selectinload(getattr(getattr(shown, models[kind].class_.__name__), name))
            for kind, spec in KINDS.items() for name in spec.list_loads]


def case_list(user, state: str | None, kind: str | None, number: int) -> Page | None:
    """Page ``number`` of the cases ``user`` may see (of ``state``, of ``kind``); ``None``
    past the last page."""
    # The filters chosen, by column name (a filter, not a branch on the kind).
    chosen = [getattr(Case, name) == value
              for name, value in (("state", state), ("kind", kind)) if value]
    ids = visible_case_ids(user)
    if ids is None:
        counted = sa.select(Case.id).where(*chosen)
    elif chosen:
        counted = sa.select(Case.id).where(*chosen, Case.id.in_(ids))
    else:
        counted = ids
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted.subquery()))
    if number > 1 and (number - 1) * PER_PAGE >= total:
        return None
    # One query for the page's rows, each kind's columns joined in; their marks in one more.
    shown = orm.with_polymorphic(Case, "*")
    query = sa.select(shown).where(*chosen).options(*_row_loads(shown))
    if ids is not None and total <= FEW_CASES:
        query = query.where(Case.id.in_(ids))
    else:
        query = visible_cases(query, user)
    rows = db.session.execute(query.order_by(Case.created_at.desc(), Case.id.desc())
                              .limit(PER_PAGE).offset((number - 1) * PER_PAGE)).scalars().all()
    return Page(rows, total, number, PER_PAGE)
