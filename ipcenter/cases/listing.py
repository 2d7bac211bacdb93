"""The case list as a query: its filters read from a query string (``parse``, the one reading
the list page and the export of the register share), one page of the cases a user may see, newest first, and their
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

from ipcenter.auth.roles import Role
from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case, CaseHandler, CaseParty
from ipcenter.cases.policy import visible_case_branches, visible_case_ids, visible_cases
from ipcenter.core.clock import CHINA
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
    # What the query string held that the list could not apply. ``errors``: sentences the
    # page tells the user (a day that is none, a range backwards); ``ignored``: (name, reason)
    # of a value the form never offers (a hand-edited address), set aside without a word.
    # The list shows the rest; an export refuses either (``exports.registers``).
    errors: tuple = ()
    ignored: tuple = ()

    def args(self) -> dict:
        """The query string these filters are read from (``parse`` gives them back): the
        page's links and its export button keep them."""
        return {"state": self.state or "", "kind": self.kind or "",
                "from": self.filed_from.isoformat() if self.filed_from else "",
                "to": self.filed_to.isoformat() if self.filed_to else "",
                "party": self.party or "", "handler": self.handler or "",
                "sort": self.sort if self.sort != "newest" else ""}

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


def centre(user) -> bool:
    """Whether the list offers ``user`` the party and handler filters (the centre's staff)."""
    return user.has_role(Role.ADJUDICATOR, Role.ENFORCER, Role.DIRECTOR)


def _text(args, name: str) -> str:
    value = args.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


# The days the filed-between filter takes: a day outside them names no case, and the first
# instant of a day far out of range overflows when converted to UTC.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def parse(args, user) -> Filters:
    """The case list's filters from the query string ``args`` (the request's, or an export's
    stored copy), as ``user``'s list offers them. A value the list cannot apply is left out
    and named in ``errors`` or ``ignored``; an id larger than any row's is ``NotFound``."""
    from flask_babel import lazy_gettext as _l

    from ipcenter.core.ids import whole_number

    errors, ignored = [], []
    kind = _text(args, "kind")
    if kind and kind not in KINDS:
        ignored.append(("kind", _l("the list has no such kind")))
        kind = ""
    state = _text(args, "state")
    # A kind chosen: its states alone (so no state is offered twice under one name).
    states = {str(s) for name, spec in KINDS.items() if not kind or name == kind
              for s in spec.state_labels}
    if state and state not in states:
        ignored.append(("state", _l("the list has no such state")))
        state = ""
    days = {}
    for name in ("from", "to"):
        raw = _text(args, name)
        try:
            days[name] = date.fromisoformat(raw) if raw else None
        except ValueError:
            errors.append(_l("“%(value)s” is not a day; choose one in the date field.",
                             value=raw[:20]))
            days[name] = None
        if days[name] and not FIRST_DAY <= days[name] <= LAST_DAY:
            # A day no case can have been filed on (and one the instants cannot hold).
            errors.append(_l("“%(value)s” is outside the years the list covers, %(first)s to "
                             "%(last)s.", value=raw[:20], first=FIRST_DAY.year,
                             last=LAST_DAY.year))
            days[name] = None
    if days["from"] and days["to"] and days["from"] > days["to"]:
        errors.append(_l("The first day of the range is after its last day."))
        days = {"from": None, "to": None}
    ids = {}
    for name in ("party", "handler"):
        raw = _text(args, name)
        ids[name] = None
        if not raw:
            continue
        if not centre(user):
            ignored.append((name, _l("the list has no party or handler filter for you")))
            continue
        ids[name] = whole_number(raw, minimum=1)  # beyond any id: NotFound
        if ids[name] is None:
            ignored.append((name, _l("the filter “%(name)s” is not readable", name=name)))
    sort = _text(args, "sort") or "newest"
    if sort not in SORTS:
        ignored.append(("sort", _l("the list has no such order")))
        sort = "newest"
    return Filters(state=state or None, kind=kind or None, filed_from=days["from"],
                   filed_to=days["to"], party=ids["party"], handler=ids["handler"], sort=sort,
                   errors=tuple(errors), ignored=tuple(ignored))


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
