"""Use cases of pledge financing, the minimum that walks an application along both paths of
its table: each takes ``actor`` and ``now``, changes the application through ``matters.fire``
(the only writer of ``state``), keeps its clocks, writes the audit row and flushes; the
caller's unit of work commits.

The rules' refusals (eligibility, collateral, loan-to-value, headroom, the loss split of
``pledge.rules``) reach the guards through ``facts(**extra)``; the services that compute them
from the register and the ledger are the next step (see the package's README in issue 13).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import OrgKind
from ipcenter.core import audit, money
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, InvalidInput
from ipcenter.ip.models import Right
from ipcenter.matters import clocks, close_clocks, earlier_filing, fire, index, open_clock
from ipcenter.matters.models import HandlerRole
from ipcenter.pledge import ledger
from ipcenter.pledge.models import (
    KIND,
    Instalment,
    PledgeApplication,
    PledgedRight,
    PledgeHandler,
    PledgeParty,
    PledgePartyRole,
)
from ipcenter.pledge.workflow import DEFAULT_AFTER_DAYS, E, Facts, S

# ---------------------------------------------------------------------------------------------
# The guards' facts


def days_overdue(application: PledgeApplication, today: date) -> int:
    """Days since the earliest instalment due and not paid in full (0: none overdue)."""
    due = [i.due_on for i in application.instalments
           if i.paid_on is None and i.due_on < today]
    return (today - min(due)).days if due else 0


def facts(application: PledgeApplication, now: datetime, **extra) -> Facts:
    today = local_date(now)
    claim_rows = clocks(application, "claim", include_closed=True)
    values = {
        "today": today,
        "has_rights": bool(application.rights),
        "has_use_of_funds": bool(application.use_of_funds.strip()),
        "all_rights_valued": bool(application.rights) and all(
            r.valuation is not None and r.valuation > 0 for r in application.rights),
        "has_valuation_report": bool(application.valuation_report_no.strip()),
        "checklist_complete": bool(application.checklist) and all(
            application.checklist.values()),
        "has_contracts": bool(application.contract_numbers.strip()
                              and application.contracts_signed_on),
        "registration_filed_on": application.registration_filed_on,
        "has_registration_notice": bool(application.registration_number.strip()
                                        and application.registered_on),
        "disbursed_on": application.disbursed_on,
        "has_schedule": bool(application.instalments),
        "all_instalments_paid": bool(application.instalments) and all(
            i.paid_on is not None for i in application.instalments),
        "days_overdue": days_overdue(application, today),
        "in_arrears": days_overdue(application, today) > 0,
        "default_after_days": DEFAULT_AFTER_DAYS,
        "has_release_notice": application.released_on is not None,
        "claim_window_end": max((d.due_on for d in claim_rows), default=None),
        "claim_amount": application.claim_amount,
        "claim_prepared_by_id": application.claim_prepared_by_id,
        "recovered": ledger.recovered(application.id) if application.id else Decimal(0),
        "subsidy_refusal": _l("Subsidies are not offered under the current rules."),
    }
    share = _pool_share(application)
    if share is not None and share > ledger.balance():
        values["pool_refusal"] = _l("The pool holds %(balance)s; its share is %(share)s.",
                                    balance=money.with_unit(ledger.balance()),
                                    share=money.with_unit(share))
    values.update(extra)
    return Facts(**values)


def _pool_share(application: PledgeApplication) -> Decimal | None:
    share = (application.loss_split or {}).get("pool")
    return Decimal(share) if share is not None else None


def _act(application, event, actor, now, **extra):
    """Fire ``event`` with the facts the services gather, ``extra`` added; the acting user is
    a fact (the maker–checker guard reads it)."""
    return fire(application, event, actor, now,
                facts=facts(application, now, actor_id=getattr(actor, "id", None), **extra),
                detail={k: str(v) for k, v in extra.items() if k == "reason"})


def _reason(text: str) -> str:
    return (text or "").strip()


def _amount(text, what) -> Decimal:
    try:
        value = money.parse(text, what)
    except (TypeError, ValueError):
        raise InvalidInput(_l("Give the amount in yuan, to the fen (at most two decimals)."))\
            from None
    if value <= 0:
        raise InvalidInput(_l("The amount must be greater than zero."))
    return value


# ---------------------------------------------------------------------------------------------
# Filing


@dataclass
class FilingData:
    bank_org_id: int
    amount: str
    term_months: int
    use_of_funds: str
    right_ids: list[int] = field(default_factory=list)
    valuer_org_id: int | None = None
    insurer_org_id: int | None = None


def _org(org_id, kind: str, message):
    """The active organisation ``org_id`` of ``kind``, or ``InvalidInput(message)``."""
    org = db.session.execute(sa.select(Organisation).filter_by(
        id=org_id or -1, kind=kind, active=True)).scalar_one_or_none()
    if org is None:
        raise InvalidInput(message)
    return org


def file_application(data: FilingData, actor: User, now: datetime, client_token: str
                     ) -> PledgeApplication:
    """The firm's application (APPLIED), its rights chosen from the register. A second call
    with the same ``client_token`` returns the first application. Raises ``InvalidInput``."""
    existing = earlier_filing(PledgeApplication, client_token, actor)
    if existing is not None:
        return existing
    if not actor.has_role("firm"):
        raise InvalidInput(_l("Only a firm applies for a pledge loan."))
    firm = _org(actor.organisation_id, OrgKind.FIRM, _l("Only a firm applies for a pledge loan."))
    bank = _org(data.bank_org_id, OrgKind.BANK, _l("Choose one of the participating banks."))
    valuer = _org(data.valuer_org_id, OrgKind.VALUER, _l("Choose a valuation firm.")) \
        if data.valuer_org_id else None
    insurer = _org(data.insurer_org_id, OrgKind.INSURER, _l("Choose an insurer.")) \
        if data.insurer_org_id else None
    amount = _amount(data.amount, "amount")
    if not isinstance(data.term_months, int) or not 1 <= data.term_months <= 120:
        raise InvalidInput(_l("Give the term in whole months (1 to 120)."))
    ids = list(dict.fromkeys(data.right_ids))
    rights = db.session.execute(sa.select(Right).where(Right.id.in_(ids or [-1]))
                                ).scalars().all()
    if not ids or len(rights) != len(ids):
        raise InvalidInput(_l("Choose at least one right to pledge."))
    application = PledgeApplication(
        kind=KIND, state=S.APPLIED, title=f"{firm.name}知识产权质押融资申请",
        filed_by_id=actor.id, borrower_org_id=firm.id, bank_org_id=bank.id,
        valuer_org_id=valuer.id if valuer else None,
        insurer_org_id=insurer.id if insurer else None, client_token=client_token,
        amount=amount, term_months=data.term_months, use_of_funds=data.use_of_funds.strip(),
        created_at=now, submitted_at=now)
    application.parties.append(PledgeParty(
        role=PledgePartyRole.BORROWER, organisation_id=firm.id, name=firm.name,
        address=firm.address or "", uscc=firm.uscc or ""))
    for right in rights:
        application.rights.append(PledgedRight(right_id=right.id))
    db.session.add(application)
    db.session.flush()
    audit.record("pledge.file", actor=actor, obj_type="pledge", obj_id=application.id, now=now,
                 detail={"amount": str(amount), "bank": bank.id,
                         "rights": [r.id for r in rights]})
    index(application)
    return application


# ---------------------------------------------------------------------------------------------
# Enrolment, valuation, cover, credit review


def begin_check(application, actor: User, now: datetime) -> None:
    """The fund manager takes the application up and is its handler (主办)."""
    _act(application, E.BEGIN_CHECK, actor, now)
    if not application.active_handlers:
        application.handlers.append(PledgeHandler(user_id=actor.id,
                                                  role=HandlerRole.PRESIDING, assigned_at=now))
        db.session.flush()


def enrol(application, actor: User, now: datetime, **rule_refusals) -> None:
    _act(application, E.ENROL, actor, now, **rule_refusals)
    application.enrolled_at = now


def decline(application, actor: User, now: datetime, reason: str) -> None:
    """The fund manager (eligibility), the insurer (cover) or the bank (credit) declines."""
    close_clocks(application, now, "bank_review")  # the bank answered: its clock is met
    _act(application, E.DECLINE, actor, now, reason=_reason(reason))
    application.decline_reason = _reason(reason)
    application.decided_at, application.decided_by_id = now, actor.id


def withdraw(application, actor: User, now: datetime, reason: str = "") -> None:
    _act(application, E.WITHDRAW, actor, now, reason=_reason(reason))
    application.reason = _reason(reason)


def submit_valuation(application, actor: User, now: datetime, report_no: str,
                     values: dict[int, str]) -> None:
    """The valuer's report: its number and the value of each pledged right."""
    for pledged in application.rights:
        if pledged.right_id in values:
            pledged.valuation = _amount(values[pledged.right_id], "valuation")
            pledged.valued_on = local_date(now)
    application.valuation_report_no = report_no.strip()
    _act(application, E.SUBMIT_VALUATION, actor, now)


def accept_cover(application, actor: User, now: datetime) -> None:
    """The insurer covers the loan; the bank's review clock starts."""
    _act(application, E.ACCEPT_COVER, actor, now)
    application.cover_accepted_at = now
    open_clock(application, "bank_review", local_date(now), now,
               assignee_org_id=application.bank_org_id)


def approve(application, actor: User, now: datetime, *, amount: str, rate: str,
            term_months: int, checklist: dict[str, bool], **rule_refusals) -> None:
    """The bank approves with amount, rate and term (its checklist complete)."""
    application.checklist = {k: bool(v) for k, v in checklist.items()}
    figures = None
    try:
        approved = _amount(amount, "amount")
        annual = Decimal(str(rate))
        if not (Decimal(0) < annual < Decimal(1)) or annual.as_tuple().exponent < -6:
            raise ValueError
    except (InvalidInput, ArithmeticError, ValueError):
        figures = _l("Give the approved amount to the fen and the annual rate as a fraction "
                     "(e.g. 0.0385).")
        approved, annual = None, None
    _act(application, E.APPROVE, actor, now, approved_figures_refusal=figures, **rule_refusals)
    application.approved_amount, application.approved_rate = approved, annual
    application.approved_term_months = term_months
    application.decided_at, application.decided_by_id = now, actor.id
    close_clocks(application, now, "bank_review")


# ---------------------------------------------------------------------------------------------
# Contracts, registration, money


def sign_contracts(application, actor: User, now: datetime, numbers: str, signed_on: date
                   ) -> None:
    application.contract_numbers, application.contracts_signed_on = numbers.strip(), signed_on
    _act(application, E.SIGN_CONTRACTS, actor, now)


def file_registration(application, actor: User, now: datetime, filed_on: date) -> None:
    """The complete filing with CNIPA (or the trademark office): 3 working days from it."""
    application.registration_filed_on = filed_on
    _act(application, E.FILE_REGISTRATION, actor, now)
    open_clock(application, "registration", filed_on, now,
               assignee_org_id=application.bank_org_id)


def registration_refused(application, actor: User, now: datetime, reason: str) -> None:
    _act(application, E.REGISTRATION_REFUSED, actor, now, reason=_reason(reason))
    application.registration_filed_on = None
    close_clocks(application, now, "registration")


def record_registration(application, actor: User, now: datetime, number: str,
                        registered_on: date) -> None:
    application.registration_number, application.registered_on = number.strip(), registered_on
    _act(application, E.RECORD_REGISTRATION, actor, now)
    close_clocks(application, now, "registration")


def disburse(application, actor: User, now: datetime, disbursed_on: date) -> None:
    application.disbursed_on = disbursed_on
    _act(application, E.DISBURSE, actor, now)


def record_schedule(application, actor: User, now: datetime,
                    rows: list[tuple[date, str, str]]) -> None:
    """The repayment schedule as the bank agreed it: (due day, principal, interest) each."""
    if application.instalments:
        raise Conflict(_l("The repayment schedule is already recorded."))
    for seq, (due_on, principal, interest) in enumerate(rows, 1):
        application.instalments.append(Instalment(
            seq=seq, due_on=due_on, principal=money.parse(principal),
            interest=money.parse(interest)))
    db.session.flush()
    application.maturity_on = max((i.due_on for i in application.instalments), default=None)
    _act(application, E.BEGIN_MONITORING, actor, now)


def record_payment(application, actor: User, now: datetime, seq: int, paid_on: date) -> None:
    """An instalment paid in full (not a transition; the bank records it)."""
    instalment = next((i for i in application.instalments if i.seq == seq), None)
    if instalment is None:
        raise InvalidInput(_l("No such instalment."))
    if instalment.paid_on is not None:
        raise Conflict(_l("This instalment is already paid."))
    instalment.paid_principal, instalment.paid_interest = instalment.principal, \
        instalment.interest
    instalment.paid_on = paid_on
    db.session.flush()
    audit.record("pledge.payment", actor=actor, obj_type="pledge", obj_id=application.id,
                 now=now, detail={"seq": seq, "paid_on": paid_on.isoformat()})


def record_repaid(application, actor: User, now: datetime) -> None:
    _act(application, E.RECORD_REPAID, actor, now)
    application.repaid_on = local_date(now)


def release_pledge(application, actor: User, now: datetime, released_on: date) -> None:
    application.released_on = released_on
    for pledged in application.rights:
        pledged.released_on = released_on
    _act(application, E.RELEASE_PLEDGE, actor, now)


# ---------------------------------------------------------------------------------------------
# The loss branch


def mark_overdue(application, actor: User, now: datetime) -> None:
    _act(application, E.MARK_OVERDUE, actor, now)
    due = [i.due_on for i in application.instalments if i.paid_on is None]
    application.overdue_since = min(due) if due else None


def cure(application, actor: User, now: datetime) -> None:
    _act(application, E.CURE, actor, now)
    application.overdue_since = None


def declare_default(application, actor: User, now: datetime) -> None:
    """The default; the claim window starts."""
    _act(application, E.DECLARE_DEFAULT, actor, now)
    application.default_on = local_date(now)
    open_clock(application, "claim", application.default_on, now,
               assignee_org_id=application.bank_org_id)


def file_claim(application, actor: User, now: datetime, amount: str) -> None:
    """The bank's claim (the maker): the unpaid principal claimed."""
    claimed = _amount(amount, "claim")
    _act(application, E.FILE_CLAIM, actor, now, claim_amount=claimed)
    application.claim_amount = claimed
    application.claim_prepared_by_id, application.claim_prepared_at = actor.id, now
    close_clocks(application, now, "claim")


def approve_compensation(application, actor: User, now: datetime,
                         split: dict[str, str]) -> None:
    """The director (the checker, never the preparer) approves the split of the loss."""
    shares = {party: str(money.parse(value)) for party, value in split.items()}
    if "pool" not in shares:
        raise InvalidInput(_l("The split names the pool's share."))
    previous = application.loss_split
    application.loss_split = shares
    try:
        _act(application, E.APPROVE_COMPENSATION, actor, now)
    except Exception:
        application.loss_split = previous
        raise
    application.compensation_approved_by_id, application.compensation_approved_at = \
        actor.id, now


def pay_compensation(application, actor: User, now: datetime) -> None:
    """The pool pays its share (the ledger refuses what its balance cannot cover)."""
    _act(application, E.PAY_COMPENSATION, actor, now)
    ledger.post_compensation(application.id, _pool_share(application), actor, now,
                             memo=application.label)


def begin_recovery(application, actor: User, now: datetime) -> None:
    _act(application, E.BEGIN_RECOVERY, actor, now)


def record_recovery(application, actor: User, now: datetime, pool_part: str) -> None:
    """The pool's part of a recovery received (not a transition)."""
    if application.state != S.RECOVERY:
        raise Conflict(_l("Recoveries are recorded while recovery is under way."))
    ledger.post_recovery(application.id, pool_part, actor, now, memo=application.label)


def close_recovery(application, actor: User, now: datetime) -> None:
    _act(application, E.CLOSE_RECOVERY, actor, now)


def write_off(application, actor: User, now: datetime, reason: str) -> None:
    _act(application, E.WRITE_OFF, actor, now, reason=_reason(reason))
    application.reason = _reason(reason)
