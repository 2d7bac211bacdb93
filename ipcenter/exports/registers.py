"""The registers a user may export, each the list page it comes from: the same filters, read
the same way, over the same visibility filter of the domain's policy (``visible_cases``,
``visible_applications``, ``visible_requests``), so the file holds exactly the rows the list
would show the user with those filters, in the list's order — and the words the list shows
(its column headings, its state and kind labels), never a stored code.

The list pages forgive a filter they do not know (they show the list unfiltered); an export
refuses it (``InvalidInput``): a filter the form never sends was forged, and a file that
silently holds more than was asked for is worse than a refusal.

Each register reads its rows in chunks by keyset (``keys``: the list's order as a tuple of
non-null columns ending in the id), so a chunk is one statement, plus the few that load what
its rows show (the list's own ``list_rows`` helpers, one statement each for the chunk).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import orm

from ipcenter.auth import policy
from ipcenter.cases import listing
from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case
from ipcenter.cases.policy import visible_cases
from ipcenter.core.db import db
from ipcenter.core.errors import InvalidInput
from ipcenter.core.formatting import beijing
from ipcenter.pledge import listing as pledge_listing
from ipcenter.pledge import presenters as pledge_presenters
from ipcenter.pledge.models import PledgeApplication
from ipcenter.pledge.policy import visible_applications
from ipcenter.prexam import listing as prexam_listing
from ipcenter.prexam import presenters as prexam_presenters

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    heading: object          # the list's own heading (a msgid, shown in Chinese)
    cell: str = "text"       # text, date or money: how the writers put the value in a cell
    width: int = 16


@dataclass(frozen=True)
class Plan:
    """What one export reads: ``select`` (the visible rows, filtered), its order as keyset
    ``keys`` (all ascending or all descending) and the columns it writes."""

    select: sa.Select
    options: tuple
    keys: tuple
    descending: bool
    columns: tuple[Column, ...]
    rows: object             # (chunk of entities, now) -> list of rows of cell values


def _refuse(what: str):
    raise InvalidInput(_l("This export cannot be made: %(what)s.", what=what))


def _only(args: dict, allowed: set[str]) -> dict:
    """The filters as text, refusing a name the list does not read or a value that is not
    one string."""
    if not isinstance(args, dict):
        _refuse(_("the filters are not readable"))
    unknown = set(args) - allowed
    if unknown:
        _refuse(_("the list has no filter “%(name)s”", name=min(unknown)[:40]))
    out = {}
    for name, value in args.items():
        if value is None:
            value = ""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) > 40:
            _refuse(_("the filter “%(name)s” is not readable", name=name))
        out[name] = value.strip()
    return out


def _accepted(filters):
    """The filters a list's ``parse`` read, unless it could not apply one: a list shows its
    rows without it, an export is refused (``InvalidInput``)."""
    if filters.errors:
        raise InvalidInput(_l("This export cannot be made. %(reason)s",
                              reason=filters.errors[0]))
    if filters.ignored:
        _refuse(filters.ignored[0][1])
    return filters


def _day_of(value) -> date | None:
    if value is None:
        return None
    return beijing(value).date() if isinstance(value, datetime) else value


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT)


# ---------------------------------------------------------------------------------------------
# The case register: the case list (``cases.views.index``, ``cases.listing``)


class CaseRegister:
    name = "cases"
    title = _l("Cases")
    action = "case.list"
    list_endpoint = "cases.index"
    FILTERS = frozenset({"state", "kind", "from", "to", "party", "handler", "sort"})

    def parse(self, args: dict, user) -> dict:
        """The case list's filters, as the list reads them (``cases.listing.parse``), or
        ``InvalidInput``; as the list's query string."""
        return _accepted(listing.parse(_only(args, self.FILTERS), user)).args()

    def list_args(self, filters: dict) -> dict:
        """The list page's query string for these filters (its link on the exports page)."""
        return {k: v for k, v in filters.items() if v}

    def plan(self, user, filters: dict) -> Plan:
        chosen = listing.parse(filters, user)
        shown = orm.with_polymorphic(Case, "*")
        models = sa.inspect(Case).polymorphic_map
        loads = [orm.selectinload(getattr(getattr(shown, models[kind].class_.__name__), name))
                 for kind, spec in KINDS.items() for name in spec.list_loads]
        select = visible_cases(sa.select(shown).where(*chosen.conditions()), user)
        # ``listing.SORTS`` as keys without nulls: by number, the numbered cases first.
        if chosen.sort == "number":
            keys = (sa.case((Case.number.is_(None), 1), else_=0),
                    sa.func.coalesce(Case.number, ""), Case.id)
            descending = False
        else:
            keys = (Case.created_at, Case.id)
            descending = chosen.sort == "newest"
        columns = (Column(_l("Case number"), width=30), Column(_l("Kind"), width=14),
                   Column(_l("Title"), width=40), Column(_l("Patent / mark"), width=22),
                   Column(_l("State"), width=16), Column(_l("Filed"), "date", 16))

        def rows(chunk, now):
            return [[case.number or _("(not yet numbered)"), str(KINDS[case.kind].label),
                     case.title, (KINDS[case.kind].codes(case) or [""])[0],
                     str(KINDS[case.kind].state_labels.get(case.state, "")),
                     _day_of(case.submitted_at or case.created_at)] for case in chunk]

        return Plan(select, tuple(loads), keys, descending, columns, rows)


# ---------------------------------------------------------------------------------------------
# The loan register: the pledge list (``pledge.views.index``)


class PledgeRegister:
    name = "pledge"
    title = _l("Pledge financing")
    action = "pledge.pages"
    list_endpoint = "pledge.index"
    FILTERS = frozenset({"state"})

    def parse(self, args: dict, user) -> dict:
        """The loan list's filters (``pledge.listing.parse``), or ``InvalidInput``."""
        return _accepted(pledge_listing.parse(_only(args, self.FILTERS), user)).args()

    def list_args(self, filters: dict) -> dict:
        return {k: v for k, v in filters.items() if v}

    def plan(self, user, filters: dict) -> Plan:
        chosen = pledge_listing.parse(filters, user)
        select = chosen.apply(visible_applications(sa.select(PledgeApplication), user))
        columns = (Column(_l("Application number"), width=30), Column(_l("Borrower"), width=34),
                   Column(_l("Bank"), width=34), Column(_l("Amount"), "money", 16),
                   Column(_l("State"), width=16), Column(_l("Filed"), "date", 16))

        def rows(chunk, now):
            names = pledge_presenters.list_rows(SimpleNamespace(items=chunk))
            return [[a.number or a.title, names.get(a.borrower_org_id, ""),
                     names.get(a.bank_org_id, ""), _money(a.approved_amount or a.amount),
                     str(pledge_presenters.state_label(a.state)),
                     _day_of(a.submitted_at or a.created_at)] for a in chunk]

        return Plan(select, (), pledge_listing.ORDER, True, columns, rows)


# ---------------------------------------------------------------------------------------------
# The pre-examination register: the request list (``prexam.views.index``)


class PrexamRegister:
    name = "prexam"
    title = _l("Rapid pre-examination")
    action = "prexam.pages"
    list_endpoint = "prexam.index"
    FILTERS = frozenset({"view"})

    def parse(self, args: dict, user) -> dict:
        """The request list's view (``prexam.listing.parse``), or ``InvalidInput``; refused
        when the user's page shows no list of requests."""
        chosen = _accepted(prexam_listing.parse(_only(args, self.FILTERS), user))
        if not chosen.shows_list:
            _refuse(_("your pre-examination page shows no list of requests"))
        return chosen.args()

    def list_args(self, filters: dict) -> dict:
        return {k: v for k, v in filters.items() if v}

    def plan(self, user, filters: dict) -> Plan:
        """The list ``prexam.views.index`` shows (``prexam.listing.select``): the firm's own
        requests, newest first; the centre's queue, the examiner's own (in submission order)
        or all requests."""
        chosen = prexam_listing.parse(filters, user)
        select, keys, descending = prexam_listing.select(chosen, user)
        show_firm = chosen.shows_firm
        columns = [Column(_l("Request number"), width=30), Column(_l("Kind"), width=12),
                   Column(_l("Name of the invention or design"), width=40)]
        if show_firm:
            columns.append(Column(_l("Firm"), width=34))
        columns += [Column(_l("Examiner"), width=20), Column(_l("State"), width=16),
                    Column(_l("Submitted"), "date", 16), Column(_l("Due"), "date", 16)]

        def rows(chunk, now):
            shown = prexam_presenters.list_rows(SimpleNamespace(items=chunk), now)
            out = []
            for r in chunk:
                row = [r.number or r.title, str(prexam_presenters.kind_label(r.patent_kind)),
                       r.title]
                if show_firm:
                    row.append(shown["firms"].get(r.org_id, ""))
                row += [shown["examiner"].get(r.id, ""),
                        str(prexam_presenters.state_label(r.state)),
                        _day_of(r.submitted_at or r.created_at), _day_of(shown["due"].get(r.id))]
                out.append(row)
            return out

        return Plan(select, (), keys, descending, tuple(columns), rows)


REGISTERS = {r.name: r for r in (CaseRegister(), PledgeRegister(), PrexamRegister())}


def register_of(name) -> CaseRegister | PledgeRegister | PrexamRegister:
    """The register called ``name``, or ``InvalidInput``."""
    found = REGISTERS.get(name) if isinstance(name, str) else None
    if found is None:
        _refuse(_("there is no such register"))
    return found


def check(register, user, args: dict) -> dict:
    """The filters of ``register`` for ``user``, normalised; ``PermissionDenied`` when the user
    may not open the list (a ``Refused``, audited by the error handler), ``InvalidInput`` when
    a filter is none the list offers."""
    policy.require(user, register.action, message=_l("You may not open this list."))
    return register.parse(args, user)


# ---------------------------------------------------------------------------------------------
# Reading the rows


def count(plan: Plan) -> int:
    """How many rows the plan selects (one ``COUNT`` over it)."""
    sub = plan.select.with_only_columns(*plan.keys[-1:]).order_by(None).subquery()
    return db.session.execute(sa.select(sa.func.count()).select_from(sub)).scalar_one()


def _after(keys, last, descending: bool):
    """The keyset condition: rows after ``last`` (the previous chunk's last keys)."""
    ahead = (lambda k, v: k < v) if descending else (lambda k, v: k > v)
    return sa.or_(*[sa.and_(*[keys[j] == last[j] for j in range(i)], ahead(keys[i], last[i]))
                    for i in range(len(keys))])


def chunks(plan: Plan, size: int):
    """The plan's entities, ``size`` at a time, in the list's order: one statement a chunk."""
    order = [k.desc() if plan.descending else k.asc() for k in plan.keys]
    labelled = [k.label(f"_k{i}") for i, k in enumerate(plan.keys)]
    last = None
    while True:
        query = plan.select.add_columns(*labelled).options(*plan.options)
        if last is not None:
            query = query.where(_after(plan.keys, last, plan.descending))
        found = db.session.execute(query.order_by(*order).limit(size)).all()
        if not found:
            return
        yield [row[0] for row in found]
        if len(found) < size:
            return
        last = tuple(found[-1][1:])
