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

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy import orm

from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case, CaseHandler, CaseParty
from ipcenter.core.clock import CHINA
from ipcenter.cases.policy import visible_case_branches, visible_case_ids, visible_cases
from ipcenter.core.db import db
from ipcenter.core.paging import Page, count_capped

FEW_CASES = 1000
COUNT_CAP = 1000
PER_PAGE = 20


# The orders the list offers: newest or oldest filing first (``ix_legal_case_created`` read
# either way), or by case number (its unique index).
SORTS = {
    "newest": (Case.created_at.desc(), Case.id.desc()),
    "oldest": (Case.created_at.asc(), Case.id.asc()),
    "number": (Case.number.asc().nulls_last(), Case.id.asc()),
}


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to: a kind, a state, the days filed (Beijing days, both
    included), a party (a registered firm, as requester or respondent) and a handler (an
    active member of the panel or officers); and its order (``SORTS``)."""

    state: str | None = None
    kind: str | None = None
    filed_from: date | None = None
    filed_to: date | None = None
    party: int | None = None
    handler: int | None = None
    sort: str = "newest"

    def conditions(self) -> list:
        """The filters as conditions on ``Case``, each read from an index: the state's or the
        filing day's, the party rows' (``ix_case_party_org``) or the panel's
        (``ix_case_handler_active``)."""
        found = [getattr(Case, name) == value
                 for name, value in (("state", self.state), ("kind", self.kind)) if value]
        if self.filed_from:
            found.append(Case.created_at >= _instant(self.filed_from))
        if self.filed_to:
            found.append(Case.created_at < _instant(self.filed_to + timedelta(days=1)))
        if self.party:
            found.append(Case.id.in_(sa.select(CaseParty.case_id).where(
                CaseParty.organisation_id == self.party)))
        if self.handler:
            found.append(Case.id.in_(sa.select(CaseHandler.case_id).where(
                CaseHandler.user_id == self.handler, CaseHandler.removed_at.is_(None))))
        return found


def _instant(day: date) -> datetime:
    """The first instant of a Beijing day (``created_at`` is stored in UTC)."""
    return datetime.combine(day, time(), tzinfo=CHINA)


def _row_loads(shown) -> list:
    """Eager loads of what each kind shows in a list row (its rights' numbers …)."""
    models = sa.inspect(Case).polymorphic_map
    return [orm.selectinload(getattr(getattr(shown, models[kind].class_.__name__), name))
            for kind, spec in KINDS.items() for name in spec.list_loads]


def case_list(user, state: str | None, kind: str | None, number: int,
              filters: Filters | None = None) -> Page | None:
    """Page ``number`` of the cases ``user`` may see (of ``state``, of ``kind``, and what
    ``filters`` narrow it to, in their order); ``None`` past the last page. The total is
    counted up to ``COUNT_CAP`` (then the pager says "more than"); the page is read one row
    longer to know whether another follows."""
    from dataclasses import replace

    filters = replace(filters or Filters(), state=state, kind=kind)
    # The filters chosen (by column, never a branch on the kind).
    chosen = filters.conditions()
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
    rows = db.session.execute(query.order_by(*SORTS.get(filters.sort, SORTS["newest"]))
                              .limit(PER_PAGE + 1).offset((number - 1) * PER_PAGE)
                              ).scalars().all()
    if number > 1 and not rows:
        return None
    return Page(rows[:PER_PAGE], total, number, PER_PAGE, cap=COUNT_CAP,
                more=len(rows) > PER_PAGE)
