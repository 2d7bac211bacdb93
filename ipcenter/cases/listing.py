"""The case list as a query: one page of the cases a user may see, newest first, and their
total, with what each row shows loaded in the same few statements whatever the page holds.

The total is counted over the user's grants (``visible_case_branches``), each branch read from
its own index and only up to ``COUNT_CAP`` + 1 rows (``count_capped``): a handler who sees
20,000 cases is told "more than 1,000" instead of waiting for their exact count, which no
``LIMIT`` shortens. A user who sees at most ``FEW_CASES`` cases (a firm: its parties' cases)
then has them found by id and sorted; one who sees more (a handler, whose intake queue is a
share of every case) has the newest read from ``ix_legal_case_created`` with the rule checked
on each, which stops after a page since that many are dense among the newest.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case
from ipcenter.cases.policy import visible_case_branches, visible_case_ids, visible_cases
from ipcenter.core.db import db
from ipcenter.core.paging import Page, count_capped

FEW_CASES = 1000
COUNT_CAP = 1000
PER_PAGE = 20


def _row_loads(shown) -> list:
    """Eager loads of what each kind shows in a list row (its rights' numbers …)."""
    models = sa.inspect(Case).polymorphic_map
    return [orm.selectinload(getattr(getattr(shown, models[kind].class_.__name__), name))
            for kind, spec in KINDS.items() for name in spec.list_loads]


def case_list(user, state: str | None, kind: str | None, number: int) -> Page | None:
    """Page ``number`` of the cases ``user`` may see (of ``state``, of ``kind``); ``None``
    past the last page. The total is counted up to ``COUNT_CAP`` (then the pager says "more
    than"); the page is read one row longer to know whether another follows."""
    # The filters chosen, by column name (a filter, not a branch on the kind).
    chosen = [getattr(Case, name) == value
              for name, value in (("state", state), ("kind", kind)) if value]
    branches = visible_case_branches(user, *chosen)
    by_id = branches is not None  # None: the user sees every case
    total = count_capped(branches if by_id else [sa.select(Case.id).where(*chosen)], COUNT_CAP)
    capped = total > COUNT_CAP
    if number > 1 and not capped and (number - 1) * PER_PAGE >= total:
        return None
    # One query for the page's rows, each kind's columns joined in; their marks in one more.
    shown = orm.with_polymorphic(Case, "*")
    query = sa.select(shown).where(*chosen).options(*_row_loads(shown))
    if by_id and not capped and total <= FEW_CASES:
        query = query.where(Case.id.in_(visible_case_ids(user)))
    else:
        query = visible_cases(query, user)
    rows = db.session.execute(query.order_by(Case.created_at.desc(), Case.id.desc())
                              .limit(PER_PAGE + 1).offset((number - 1) * PER_PAGE)
                              ).scalars().all()
    if number > 1 and not rows:
        return None
    return Page(rows[:PER_PAGE], total, number, PER_PAGE, cap=COUNT_CAP,
                more=len(rows) > PER_PAGE)
