"""What the pledge pages show a given user: plain values for the templates, every total an
SQL aggregate (the list pages make the same number of statements for 3 applications or 30)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from ipcenter.auth.models import Organisation, User
from ipcenter.core import timelimits
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.errors import DomainError
from ipcenter.core.models import Deadline
from ipcenter.core.workdays import load_calendar
from ipcenter.ip.models import Right
from ipcenter.matters import presenters as matter_presenters
from ipcenter.pledge import ledger, watch
from ipcenter.pledge.actions import (
    ACTIONS,
    INPUT_EVENTS,
    form_of,
    permitted,
    proposed_split,
    title_of,
    unpaid_principal,
)
from ipcenter.pledge.kind import SPEC
from ipcenter.pledge.models import (
    Instalment,
    PledgeApplication,
    PledgedRight,
    PoolAccount,
    PoolEntry,
)
from ipcenter.pledge.rules import compensation, ltv, parameters, pool
from ipcenter.pledge.workflow import (
    EVENT_LABELS,
    OUTSTANDING,
    PLEDGE_FLOW,
    STATE_LABELS,
    TERMINAL,
    S,
)

ZERO = Decimal("0.00")
RIGHT_KIND_LABELS = ltv.KIND_LABELS
PARTY_LABELS = compensation.PARTY_LABELS


def state_label(state: str):
    return STATE_LABELS.get(state, state)


# ---------------------------------------------------------------------------------------------
# One application


def timeline(application) -> list[dict]:
    return matter_presenters.timeline(SPEC.subject, application.id, EVENT_LABELS, STATE_LABELS)


def available_actions(application, user, now: datetime) -> list[str]:
    """The actions ``user`` may take now. Guards that read only the application are checked;
    those that read what the user will type are checked on submit."""
    if application.state in TERMINAL and not any(
            t.source == application.state for t in PLEDGE_FLOW.transitions):
        return []  # an end left by no step (a released pledge is left to claim a subsidy)
    facts = SPEC.guard_facts(application, now, actor_id=user.id)
    names = []
    for name, action in ACTIONS.items():
        if not permitted(user, application, action):
            continue
        if action.event is not None:
            if PLEDGE_FLOW.find(application.state, action.event) is None:
                continue
            if action.event not in INPUT_EVENTS and \
                    PLEDGE_FLOW.refusal(application.state, action.event, facts):
                continue
        names.append(name)
    return names


def _names(org_ids) -> dict[int, str]:
    ids = {i for i in org_ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Organisation.id, Organisation.name)
                                   .where(Organisation.id.in_(ids))).all())


def _people(user_ids) -> dict[int, str]:
    """Each user's name with their organisation's (刘芳（中山农村商业银行股份有限公司）)."""
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.display_name, Organisation.name)
                              .join(Organisation, Organisation.id == User.organisation_id)
                              .where(User.id.in_(ids))).all()
    return {i: f"{name}（{org}）" for i, name, org in rows}


def application_page(application, user, now: datetime, failed=None) -> dict:
    today = local_date(now)
    cal = load_calendar()
    clocks = [timelimits.describe(row, today, cal) for row in db.session.execute(
        sa.select(Deadline).where(Deadline.subject_type == SPEC.subject,
                                  Deadline.subject_id == application.id)
        .order_by(Deadline.id)).scalars()]
    forms = {}
    for name in available_actions(application, user, now):
        if failed and failed[0] == name:
            forms[name] = failed[1]
        else:
            forms[name] = form_of(ACTIONS[name], application, user, formdata=None)
    if failed and failed[0] not in forms:
        forms[failed[0]] = failed[1]
    split = None
    if application.loss_split:
        # The services keep the claim's split (each party's share, the pool's part, the loss,
        # what each party bears): the page shows what each bears.
        stored = application.loss_split
        borne = stored.get("borne") or {p: v for p, v in stored.items() if p in PARTY_LABELS}
        returned = stored.get("returned") or {}
        split = [(PARTY_LABELS.get(p, p), Decimal(v), Decimal(returned.get(p, "0")))
                 for p, v in borne.items()]
    elif application.state == S.COMPENSATION_CLAIMED and "approve_compensation" in forms:
        try:
            proposal = proposed_split(application, now)
        except DomainError:  # the claim itself is refused: approving it says why
            proposal = None
        split = [(PARTY_LABELS[p], v, ZERO) for p, v in proposal.borne.items()] \
            if proposal else None
    names = _names([application.borrower_org_id, application.bank_org_id,
                    application.valuer_org_id, application.insurer_org_id])
    instalments = application.instalments
    # Maker–checker on the page: who prepared the claim, who approved it.
    people = _people([application.claim_prepared_by_id,
                      application.compensation_approved_by_id])
    return {
        "application": application,
        "state_label": state_label(application.state),
        "names": names,
        "rights": application.rights,
        "right_kinds": RIGHT_KIND_LABELS,
        "total_value": sum((p.valuation for p in application.rights if p.valuation is not None),
                           ZERO),
        "clocks": clocks,
        # The collateral watch's alerts on this loan, for the sides that receive them (the
        # lending bank, the fund manager and the director; none for anyone else).
        "alerts": [(alert, watch.seen_by_side(alert, user)) for alert in
                   watch.alerts_for(user, limit=50, application=application)],
        "timeline": timeline(application),
        **matter_presenters.document_page(application, user, "pledge.document"),
        "instalments": instalments,
        "unpaid": unpaid_principal(application) if instalments else None,
        "split": split,
        "split_approved": application.compensation_approved_at is not None,
        "prepared_by": people.get(application.claim_prepared_by_id),
        "approved_by": people.get(application.compensation_approved_by_id),
        "compensated": ledger.compensated(application.id),
        "recovered": ledger.recovered(application.id),
        "actions": forms,
        "action_titles": {n: title_of(n, a) for n, a in ACTIONS.items()},
        "open_action": failed[0] if failed else None,
        "today": today,
        "subsidy": subsidy_panel(application, now, "claim_subsidy" in forms),
    }


# ---------------------------------------------------------------------------------------------
# Lists


def list_rows(page) -> dict:
    """What each row of a page of applications shows besides the application: the names of
    its borrower and bank (one statement for the page)."""
    return _names({i for a in page.items for i in (a.borrower_org_id, a.bank_org_id)})


def counts_by_state(query) -> list[tuple[str, object, int]]:
    """``(state, label, count)`` for the applications ``query`` selects, by SQL COUNT."""
    sub = query.subquery()
    rows = db.session.execute(sa.select(sub.c.state, sa.func.count()).group_by(sub.c.state)
                              ).all()
    order = {s.value: i for i, s in enumerate(S)}
    return sorted(((s, state_label(s), n) for s, n in rows), key=lambda r: order.get(r[0], 99))


def _outstanding_of(ids_query):
    """Outstanding principal of the applications ``ids_query`` selects (ids, in OUTSTANDING
    states): approved amounts less principal paid, by SQL sums."""
    approved = db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(
        PledgeApplication.approved_amount), 0)).where(PledgeApplication.id.in_(ids_query))
    ).scalar_one()
    paid = db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(
        Instalment.paid_principal), 0)).where(Instalment.application_id.in_(ids_query))
    ).scalar_one()
    return (Decimal(approved) - Decimal(paid)).quantize(Decimal("0.01"))


def portfolio(visible_query) -> dict:
    """A portfolio's figures: outstanding principal, overdue loans and their principal, and by
    right type the rights pledged, the loans and their value — every figure an SQL aggregate
    over the applications ``visible_query`` (a ``select(PledgeApplication)``) selects."""
    ids = visible_query.with_only_columns(PledgeApplication.id).order_by(None)
    out_ids = ids.where(PledgeApplication.state.in_([str(s) for s in OUTSTANDING]))
    overdue_states = [str(S.OVERDUE), str(S.DEFAULT), str(S.COMPENSATION_CLAIMED),
                      str(S.COMPENSATION_APPROVED)]
    over_ids = ids.where(PledgeApplication.state.in_(overdue_states))
    overdue_count = db.session.execute(sa.select(sa.func.count()).select_from(
        over_ids.subquery())).scalar_one()
    loans = db.session.execute(sa.select(sa.func.count()).select_from(out_ids.subquery())
                               ).scalar_one()
    by_kind = db.session.execute(
        sa.select(Right.kind, sa.func.count(PledgedRight.id),
                  sa.func.count(sa.distinct(PledgedRight.application_id)),
                  sa.func.coalesce(sa.func.sum(PledgedRight.valuation), 0))
        .join(Right, Right.id == PledgedRight.right_id)
        .where(PledgedRight.application_id.in_(out_ids))
        .group_by(Right.kind).order_by(Right.kind)).all()
    return {
        "outstanding": _outstanding_of(out_ids),
        "loans": loans,
        "overdue_count": overdue_count,
        "overdue_principal": _outstanding_of(over_ids),
        "by_kind": [(RIGHT_KIND_LABELS.get(k, k), n, loans_n, Decimal(v))
                    for k, n, loans_n, v in by_kind],
    }


# ---------------------------------------------------------------------------------------------
# The pool


def pool_figures(today: date) -> dict:
    """The pool's position (``rules.pool``) and its ledger's totals, by SQL sums."""
    params = parameters.as_of(today)
    every = sa.select(PledgeApplication)
    outstanding = _outstanding_of(every.with_only_columns(PledgeApplication.id).where(
        PledgeApplication.state.in_([str(s) for s in OUTSTANDING])))
    sums = ledger.balances()
    position = pool.position(sums[PoolAccount.CASH], max(outstanding, ZERO), params)
    return {
        "position": position,
        "leverage": params.leverage,
        "central": -sums[PoolAccount.CENTRAL_CONTRIBUTION],
        "city": -sums[PoolAccount.CITY_CONTRIBUTION],
        "compensations": sums[PoolAccount.COMPENSATION_PAID],
        "recoveries": -sums[PoolAccount.RECOVERIES],
        "interest": -sums[PoolAccount.INTEREST_EARNED],
    }


def monthly_lending_and_losses(today: date, months: int = 12) -> list[tuple[date, Decimal,
                                                                             Decimal]]:
    """For each of the last ``months`` months: the principal disbursed and the compensation the
    pool paid, by SQL sums grouped by month."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    first = starts[0]
    lent_year = sa.extract("year", PledgeApplication.disbursed_on)
    lent_month = sa.extract("month", PledgeApplication.disbursed_on)
    lent = {(int(y), int(m)): Decimal(v) for y, m, v in db.session.execute(
        sa.select(lent_year, lent_month, sa.func.sum(sa.func.coalesce(
            PledgeApplication.approved_amount, PledgeApplication.amount)))
        .where(PledgeApplication.disbursed_on >= first, PledgeApplication.disbursed_on <= today)
        .group_by(lent_year, lent_month)).all()}
    loss_year = sa.extract("year", PoolEntry.posted_on)
    loss_month = sa.extract("month", PoolEntry.posted_on)
    lost = {(int(y), int(m)): Decimal(v) for y, m, v in db.session.execute(
        sa.select(loss_year, loss_month, sa.func.sum(PoolEntry.amount))
        .where(PoolEntry.pool_id == ledger.POOL_ID,
               PoolEntry.account == str(PoolAccount.COMPENSATION_PAID),
               PoolEntry.posted_on >= first, PoolEntry.posted_on <= today)
        .group_by(loss_year, loss_month)).all()}
    return [(s, lent.get((s.year, s.month), ZERO), lost.get((s.year, s.month), ZERO))
            for s in starts]


# ---------------------------------------------------------------------------------------------
# The subsidy (贴息、评估费补贴)


def subsidy_panel(application, now: datetime, claimable: bool, quote=None) -> dict | None:
    """What the page shows of the subsidy: the claim on record (amounts, invoice, who prepared
    and approved it, the day paid), or, for the firm about to claim, the figures in force and
    the amount (``quote``: ``services.SubsidyQuote`` of what it typed; without one, of the
    interest paid alone). None when there is nothing to show."""
    from ipcenter.auth.models import User
    from ipcenter.pledge import services

    if application.subsidy_claimed_on is None and not claimable:
        return None
    if quote is None and claimable:
        try:
            quote = services.quote_subsidy(application, now)
        except DomainError:
            quote = None
    people = {u.id: u.display_name for u in db.session.execute(sa.select(User).where(
        User.id.in_([i for i in (application.subsidy_prepared_by_id,
                                 application.subsidy_approved_by_id) if i] or [-1]))).scalars()}
    if quote is not None:
        p = quote.params
        figures = {"interest_share": p.interest_subsidy_share,
                   "interest_cap": p.interest_subsidy_yearly_cap,
                   "valuation_share": p.valuation_subsidy_share,
                   "valuation_cap": p.valuation_subsidy_cap}
    else:
        detail = application.subsidy_detail or {}
        figures = {k: Decimal(detail[k]) for k in ("interest_share", "interest_cap",
                                                   "valuation_share", "valuation_cap")
                   if k in detail}
    shown = {k: (f"{(v * 100).normalize():f}%" if k.endswith("share") else v)
             for k, v in figures.items()}
    return {"claimable": claimable, "quote": quote, "figures": shown,
            "on_record": application.subsidy_claimed_on is not None and application.state in
            services.SUBSIDY_UNDER_WAY,
            "detail": application.subsidy_detail or {},
            "prepared_by": people.get(application.subsidy_prepared_by_id, ""),
            "approved_by": people.get(application.subsidy_approved_by_id, "")}
