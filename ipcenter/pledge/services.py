"""Use cases of pledge financing: each takes ``actor`` and ``now``, changes the application
through ``matters.fire`` (the only writer of ``state``, one event and one audit row each),
keeps its clocks and flushes; the caller's unit of work commits. Bad input raises
``InvalidInput`` in Chinese before anything is written.

The rules of ``pledge.rules`` are applied here, from the register and the ledger, and reach the
guards as worded refusals in ``Facts`` (one home per rule):

- filing: the collateral checks per right (``rules.collateral`` over the register's standing:
  held by the borrower, in force, the term within the right's life, not pledged elsewhere or
  twice) refuse the filing; the borrower's eligibility (``rules.eligibility``, from what the
  application states: founding day, SME, bad credit records, use of funds) is checked for
  malformed input and kept on the application, and its failed criteria refuse enrolment (the
  director may enrol by exception);
- approval: loan-to-value and the per-firm cap across the firm's open loans (``rules.ltv``),
  the pool's headroom at that moment (``rules.pool`` over ``ledger.balance()``), the collateral
  again (the register may have changed);
- disbursement: the repayment schedule (``rules.schedule``) as ``Instalment`` rows;
- overdue: ``scan_overdue(today)``, set-based and batched; default after the parameters'
  ``default_days``;
- the claim: the loss and its 54 : 26 : 16 : 4 split (``rules.compensation``) stored on the
  claim; the director's approval (never the preparer) posts the pool's share (``ledger``, never
  below zero); recoveries shared pro rata and the pool's part posted.

Documents: each step that has one issues its official document (``pledge.documents.issue_for``:
the application form, the enrolment opinion, the bank's opinion, the registration form, the
schedule, the claim and its approval, the recovery record) — see ``DOCUMENT_HOOKS``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import OrgKind
from ipcenter.core import audit, money
from ipcenter.core.clock import local_date
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.deadlines import add_months
from ipcenter.core.errors import Conflict, InvalidInput
from ipcenter.ip import numbers, register, terms
from ipcenter.ip.models import EventKind, Right
from ipcenter.matters import clocks, close_clocks, earlier_filing, fire, index, open_clock
from ipcenter.matters.models import HandlerRole
from ipcenter.pledge import documents, ledger
from ipcenter.pledge import notices as loan_notices
from ipcenter.pledge.models import (
    KIND,
    Instalment,
    PledgeApplication,
    PledgedRight,
    PledgeHandler,
    PledgeParty,
    PledgePartyRole,
    RepaymentMethod,
)
from ipcenter.pledge.rules import collateral, compensation, eligibility, ltv, parameters, subsidies
from ipcenter.pledge.rules import pool as pool_rule
from ipcenter.pledge.rules import schedule as schedule_rule
from ipcenter.pledge.rules.reasons import Reason, Refused, lazy_join
from ipcenter.pledge.workflow import OPEN_LOAN, TERMINAL, E, Facts, S

# The official document each step issues (step → template of ``pledge.documents``), through
# ``_issue`` once the step's changes are written (its PDF is rendered after commit). A decline
# issues the bank's opinion only when the bank declines (the fund manager's and the insurer's
# reasons stay on the application).
DOCUMENT_HOOKS = {
    "file_application": "application_form",             # 质押融资申请表
    E.ENROL: "eligibility_opinion",                     # 入池审核意见
    E.ENROL_BY_EXCEPTION: "eligibility_opinion",
    E.APPROVE: "bank_opinion",                          # 银行审贷意见
    E.DECLINE: "bank_opinion",
    E.FILE_REGISTRATION: "registration_application",    # 质押登记申请表
    E.BEGIN_MONITORING: "repayment_schedule",           # 还款计划表
    E.FILE_CLAIM: "compensation_application",           # 风险补偿申请表
    E.APPROVE_COMPENSATION: "compensation_approval",    # 风险补偿审批表
    E.CLOSE_RECOVERY: "recovery_record",                # 追偿/核销记录
    E.WRITE_OFF: "recovery_record",
    E.APPROVE_SUBSIDY: "subsidy_approval",             # 贴息及评估费补贴审批表
}


def _issue(application, step, actor, now: datetime, **extra):
    """Issue the document ``DOCUMENT_HOOKS`` names for ``step`` (flushed first, so that its
    number follows the step's own writes)."""
    db.session.flush()
    return documents.issue_for(application, DOCUMENT_HOOKS[step], now, actor, **extra)


_METHODS = {RepaymentMethod.EQUAL: schedule_rule.EQUAL,
            RepaymentMethod.BULLET: schedule_rule.INTEREST_ONLY}


def params_on(now: datetime) -> parameters.Parameters:
    """The scheme's figures in force on the local day of ``now``."""
    return parameters.as_of(local_date(now))


def _worded(reasons_) -> object:
    """A tuple of ``Reason``s as one refusal the guards return (None: no reason)."""
    reasons_ = tuple(reasons_)
    return lazy_join([r.message for r in reasons_], "；") if reasons_ else None


# ---------------------------------------------------------------------------------------------
# The rules, from the register and the ledger


def _other_pledges(right_id: int, application_id: int | None) -> bool:
    """Whether another application not ended pledges the right (or asks to)."""
    query = sa.select(PledgedRight.id).join(PledgeApplication).where(
        PledgedRight.right_id == right_id, PledgedRight.released_on.is_(None),
        PledgeApplication.state.not_in([str(s) for s in TERMINAL]))
    if application_id is not None:
        query = query.where(PledgeApplication.id != application_id)
    return db.session.execute(query.limit(1)).first() is not None


def collateral_checks(rights, *, pledgor: str, day: date, loan_ends_on: date,
                      application_id: int | None = None):
    """``rules.collateral.check_rights`` over the register's standing of each right on ``day``
    (pledged: in the register, or by another application not ended)."""
    snapshots = []
    for right in rights:
        standing = register.standing_on(right, day)
        own = (KIND, application_id) if application_id is not None else None
        rest = {"pledged": standing.pledged_elsewhere(own)
                or _other_pledges(right.id, application_id),
                "pending_cases": _cases_asserting(right, day),
                "annuity_paid": standing.annuity_paid_on(day),
                "annuity_paid_until": standing.annuity_paid_until,
                "frozen": standing.frozen,
                "frozen_by": tuple(f"{f.authority}{f.document_no}" for f in standing.freezes)}
        filed_from_number = _filing_year_start(right)
        if filed_from_number is not None:
            rest.update(filed_on=filed_from_number, expires_on=terms.expiry(
                right.kind, filed_on=filed_from_number, registered_on=right.granted_on))
        snapshots.append(collateral.RightSnapshot.from_standing(right, standing, **rest))
    return collateral.check_rights(snapshots, pledgor=pledgor, loan_ends_on=loan_ends_on)


def _cases_asserting(right, day: date) -> tuple[str, ...]:
    """The matters the register says asserted ``right`` by ``day`` (through its events, never
    a domain's import): a warning on the pledge, registration still possible with the parties'
    written confirmation."""
    found = []
    for event in register.events_of(right, EventKind.ASSERTED_IN_CASE):
        if event.occurred_on <= day and event.matter_id is not None:
            found.append(str((event.detail or {}).get("number")
                             or f"{event.matter_type}:{event.matter_id}"))
    return tuple(dict.fromkeys(found))


# The kinds of right whose term counts from the filing day (patents), as data.
_COUNTS_FROM_FILING = dict.fromkeys(terms.FROM_FILING, True)


def _filing_year_start(right) -> date | None:
    """For a patent whose filing day the register lacks, the first day of the filing year its
    application number states (ZL2020…: 2020-01-01): the right lasts at least that long, so
    the loan's term is checked against the earliest day the right can end."""
    if right.filed_on is not None or not _COUNTS_FROM_FILING.get(right.kind):
        return None  # a trademark counts from its registration; a known filing day is used
    try:
        digits = numbers.parse_patent(right.number).digits
    except (ValueError, InvalidInput):
        return None
    year = int(digits[:4]) if len(digits) == 12 else 1900 + int(digits[:2])
    return date(year, 1, 1)


def collateral_refusals(application, day: date, term_months: int | None = None
                        ) -> tuple[Reason, ...]:
    term = term_months or application.approved_term_months or application.term_months
    start = application.disbursed_on or day
    checks = collateral_checks([p.right for p in application.rights],
                               pledgor=_borrower_name(application), day=day,
                               loan_ends_on=add_months(start, term),
                               application_id=application.id)
    return tuple(r for c in checks for r in c.refusals)


def _borrower_name(application) -> str:
    return application.borrowers[0].name if application.borrowers else ""


def _eligibility_inputs(firm, data) -> dict:
    founded = getattr(firm, "established_on", None) or data.established_on
    for value in (founded, *data.bad_credit_on):
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise InvalidInput(_l("Give the days as dates."))
    return {"established_on": founded.isoformat() if founded else None,
            "is_sme": bool(data.is_sme), "use": data.use_of_funds_kind or "",
            "bad_credit_on": sorted(d.isoformat() for d in data.bad_credit_on),
            "from_university_or_soe": bool(data.from_university)}


def eligibility_failures(application, day: date) -> tuple[Reason, ...]:
    """The 216号 criteria the borrower fails on ``day``, from what its application states.
    Raises ``InvalidInput`` for a malformed code or a founding day after ``day``."""
    inputs = application.eligibility or {}
    if not inputs.get("established_on"):
        return (Reason("founding_unknown", _l(
            "The day the firm was established is not known: the years in business cannot be "
            "checked.")),)
    borrower = eligibility.Borrower(
        uscc=application.borrowers[0].uscc if application.borrowers else "",
        established_on=date.fromisoformat(inputs["established_on"]),
        is_sme=bool(inputs.get("is_sme")), use_of_funds=inputs.get("use", ""),
        bad_credit_on=tuple(date.fromisoformat(d) for d in inputs.get("bad_credit_on", ())),
        rights_from_university_or_soe=bool(inputs.get("from_university_or_soe")))
    return eligibility.check(borrower, day).failures


def unpaid_principal(application) -> Decimal:
    """The principal not yet repaid (the approved amount before a schedule exists)."""
    if application.instalments:
        return sum((i.principal - i.paid_principal for i in application.instalments),
                   money.ZERO)
    return application.approved_amount or application.amount


def _repaid(application) -> Decimal:
    return sum((i.paid_principal + i.paid_interest for i in application.instalments),
               money.ZERO)


def open_loans(borrower_org_id: int | None = None, *, excluding: int | None = None
               ) -> list[Decimal]:
    """The principal outstanding on each open loan (approved, not repaid or compensated) of a
    borrower, or of every borrower: what the pool covers."""
    query = sa.select(PledgeApplication).where(
        PledgeApplication.state.in_([str(s) for s in OPEN_LOAN]))
    if borrower_org_id is not None:
        query = query.where(PledgeApplication.borrower_org_id == borrower_org_id)
    if excluding is not None:
        query = query.where(PledgeApplication.id != excluding)
    return [unpaid_principal(a) for a in db.session.execute(query).scalars()]


def approval_refusals(application, loan: Decimal, now: datetime) -> tuple[Reason, ...]:
    """Loan-to-value and the per-firm cap, then the pool's headroom, for approving ``loan``."""
    params = params_on(now)
    valued = [ltv.Valued(p.right.kind, p.right.number, p.valuation or money.ZERO)
              for p in application.rights]
    refusals = ltv.check_loan(loan, valued, params, open_loans=open_loans(
        application.borrower_org_id, excluding=application.id))
    covered = sum(open_loans(excluding=application.id), money.ZERO)
    return refusals + pool_rule.check_approval(loan, balance=ledger.balance(),
                                               outstanding=covered, params=params)


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
        "default_after_days": params_on(now).default_days,
        "has_release_notice": application.released_on is not None,
        "claim_window_end": max((d.due_on for d in claim_rows), default=None),
        "claim_amount": application.claim_amount,
        "claim_prepared_by_id": application.claim_prepared_by_id,
        "recovered": ledger.recovered(application.id) if application.id else Decimal(0),
        **_subsidy_facts(application, now),
    }
    share = _pool_share(application)
    if share is not None and application.id and ledger.compensated(application.id) == 0:
        available = ledger.balance()
        if share > available or share <= 0:
            values["pool_refusal"] = _l(
                "The pool holds %(balance)s; its share is %(share)s.",
                balance=money.with_unit(available), share=money.with_unit(share))
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
    # What the eligibility check reads (216号): the founding day (when the organisation's own
    # data has none), the fund manager's SME finding as the firm states it, the days of bad
    # records in its credit report, the use of funds as one of ``parameters.USES``, and whether
    # its rights came from a university or an SOE (priority).
    established_on: date | None = None
    is_sme: bool = False
    bad_credit_on: tuple[date, ...] = ()
    use_of_funds_kind: str = ""
    from_university: bool = False
    repayment_method: str = RepaymentMethod.EQUAL


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
    with the same ``client_token`` returns the first application.

    Refused (``InvalidInput``, nothing written): malformed figures; a right the collateral
    checks refuse (not held by the borrower, not in force, outlasted by the loan, pledged
    already or named twice), every reason named; malformed eligibility inputs. The criteria of
    eligibility the firm fails are kept on the application and refuse its enrolment."""
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
    today = local_date(now)
    cap = params_on(now).firm_cap
    if amount > cap:
        raise InvalidInput(_l("The amount (%(amount)s) is more than the cap of %(cap)s per "
                              "firm.", amount=money.with_unit(amount),
                              cap=money.with_unit(cap)))
    if isinstance(data.term_months, bool) or not isinstance(data.term_months, int) \
            or not 1 <= data.term_months <= 120:
        raise InvalidInput(_l("Give the term in whole months (1 to 120)."))
    if data.repayment_method not in {str(m) for m in RepaymentMethod}:
        raise InvalidInput(_l("Choose equal instalments or interest first with the "
                              "principal at the end."))
    ids = list(data.right_ids or [])
    found = {r.id: r for r in db.session.execute(
        sa.select(Right).where(Right.id.in_(ids or [-1]))).scalars()}
    if not ids or any(i not in found for i in ids):
        raise InvalidInput(_l("Choose at least one right to pledge."))
    rights = [found[i] for i in ids]
    checks = collateral_checks(rights, pledgor=firm.name, day=today,
                               loan_ends_on=add_months(today, data.term_months))
    refusals = [r for c in checks for r in c.refusals]
    if refusals:
        raise Refused(refusals)
    inputs = _eligibility_inputs(firm, data)
    application = PledgeApplication(
        kind=KIND, state=S.APPLIED, title=f"{firm.name}知识产权质押融资申请",
        filed_by_id=actor.id, borrower_org_id=firm.id, bank_org_id=bank.id,
        valuer_org_id=valuer.id if valuer else None,
        insurer_org_id=insurer.id if insurer else None, client_token=client_token,
        amount=amount, term_months=data.term_months, use_of_funds=data.use_of_funds.strip(),
        repayment_method=str(data.repayment_method),
        from_university=bool(data.from_university), eligibility=inputs,
        created_at=now, submitted_at=now)
    application.parties.append(PledgeParty(
        role=PledgePartyRole.BORROWER, organisation_id=firm.id, name=firm.name,
        address=firm.address or "", uscc=firm.uscc or ""))
    # Malformed eligibility inputs (a bad credit code, a founding day to come) are refused
    # before anything is written; failed criteria are kept for the fund manager.
    failures = eligibility_failures(application, today)
    application.eligibility = {
        **inputs, "failures": [r.code for r in failures], "checked_on": today.isoformat(),
        # What the register warns of (a pending invalidation, a case asserting a right).
        "collateral_warnings": [{"code": w.code, "number": c.number}
                                for c in checks for w in c.warnings]}
    for right in rights:
        application.rights.append(PledgedRight(right_id=right.id))
    db.session.add(application)
    db.session.flush()
    audit.record("pledge.file", actor=actor, obj_type="pledge", obj_id=application.id, now=now,
                 detail={"amount": str(amount), "bank": bank.id,
                         "rights": [r.id for r in rights],
                         "warnings": [w.code for c in checks for w in c.warnings]})
    index(application)
    _issue(application, "file_application", actor, now)
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


def _enrolment_facts(application, now) -> dict:
    today = local_date(now)
    return {"eligibility_refusal": _worded(eligibility_failures(application, today)),
            "collateral_refusal": _worded(collateral_refusals(application, today))}


def _with_more(computed: dict, more: dict) -> dict:
    """The rules' refusals, with any further refusal a caller adds (never one taken away: a
    refusal passed as None leaves the rule's)."""
    return {**computed, **{k: v for k, v in more.items() if v}}


def enrol(application, actor: User, now: datetime, **rule_refusals) -> None:
    """The fund manager enrols the application in the pool (入池) and sends it on: refused
    while the borrower fails a 216号 criterion or a right fails a collateral check."""
    _act(application, E.ENROL, actor, now, **_with_more(_enrolment_facts(application, now),
                                                         rule_refusals))
    application.enrolled_at = now
    _issue(application, E.ENROL, actor, now, enrolled=True, checked_by=actor.display_name)


def enrol_by_exception(application, actor: User, now: datetime, reason: str) -> None:
    """The director enrols a firm failing a criterion, with reasons (never a right that fails
    a collateral check)."""
    _act(application, E.ENROL_BY_EXCEPTION, actor, now, reason=_reason(reason),
         **_enrolment_facts(application, now))
    application.enrolled_at = now
    application.reason = _reason(reason)
    _issue(application, E.ENROL_BY_EXCEPTION, actor, now, enrolled=True,
           checked_by=actor.display_name,
           opinion=f"经审核，同意按例外情形纳入风险补偿资金池。理由：{application.reason}")


def decline(application, actor: User, now: datetime, reason: str) -> None:
    """The fund manager (eligibility), the insurer (cover) or the bank (credit) declines; the
    bank's decline is its opinion (a document)."""
    by_bank = application.state == S.BANK_REVIEW
    _act(application, E.DECLINE, actor, now, reason=_reason(reason))
    close_clocks(application, now, "bank_review")  # the bank answered: its clock is met
    application.decline_reason = _reason(reason)
    application.decided_at, application.decided_by_id = now, actor.id
    if by_bank:
        _issue(application, E.DECLINE, actor, now)
    loan_notices.decided(application, False, now, actor)


def withdraw(application, actor: User, now: datetime, reason: str = "") -> None:
    _act(application, E.WITHDRAW, actor, now, reason=_reason(reason))
    application.reason = _reason(reason)


def submit_valuation(application, actor: User, now: datetime, report_no: str,
                     values: dict[int, str]) -> None:
    """The valuer's report: its number and the value of each pledged right."""
    parsed = {pledged.right_id: _amount(values[pledged.right_id], "valuation")
              for pledged in application.rights if pledged.right_id in values}
    report = (report_no or "").strip()
    valued = {p.right_id: parsed.get(p.right_id, p.valuation) for p in application.rights}
    _act(application, E.SUBMIT_VALUATION, actor, now, has_valuation_report=bool(report),
         all_rights_valued=bool(valued) and all(v is not None and v > 0
                                                for v in valued.values()))
    for pledged in application.rights:
        if pledged.right_id in parsed:
            pledged.valuation, pledged.valued_on = parsed[pledged.right_id], local_date(now)
    application.valuation_report_no = report


def accept_cover(application, actor: User, now: datetime) -> None:
    """The insurer covers the loan; the bank's review clock starts."""
    _act(application, E.ACCEPT_COVER, actor, now)
    application.cover_accepted_at = now
    open_clock(application, "bank_review", local_date(now), now,
               assignee_org_id=application.bank_org_id)


def approve(application, actor: User, now: datetime, *, amount: str, rate: str,
            term_months: int, checklist: dict[str, bool], **rule_refusals) -> None:
    """The bank approves with amount, rate and term (its checklist complete), within the
    loan-to-value, the firm's cap and the pool's headroom, its rights still pledgeable."""
    figures = None
    try:
        approved = _amount(amount, "amount")
        annual = Decimal(str(rate))
        if not (Decimal(0) < annual < Decimal(1)) or annual.as_tuple().exponent < -6:
            raise ValueError
        if isinstance(term_months, bool) or not isinstance(term_months, int) \
                or not 1 <= term_months <= 120:
            raise ValueError
    except (InvalidInput, ArithmeticError, ValueError):
        figures = _l("Give the approved amount to the fen, the annual rate as a fraction "
                     "(e.g. 0.0385) and the term in whole months (1 to 120).")
        approved, annual = None, None
    rules = {}
    if approved is not None:
        found = approval_refusals(application, approved, now)
        rules = {"ltv_refusal": _worded(r for r in found if r.code != "beyond_headroom"),
                 "headroom_refusal": _worded(r for r in found if r.code == "beyond_headroom"),
                 "collateral_refusal": _worded(collateral_refusals(
                     application, local_date(now), term_months))}
    checked = {str(k): bool(v) for k, v in (checklist or {}).items()}
    _act(application, E.APPROVE, actor, now, approved_figures_refusal=figures,
         checklist_complete=bool(checked) and all(checked.values()),
         **_with_more(rules, rule_refusals))
    application.checklist = checked
    application.approved_amount, application.approved_rate = approved, annual
    application.approved_term_months = term_months
    application.decided_at, application.decided_by_id = now, actor.id
    close_clocks(application, now, "bank_review")
    _issue(application, E.APPROVE, actor, now)
    loan_notices.decided(application, True, now, actor)


# ---------------------------------------------------------------------------------------------
# Contracts, registration, money


def sign_contracts(application, actor: User, now: datetime, numbers: str, signed_on: date
                   ) -> None:
    _act(application, E.SIGN_CONTRACTS, actor, now,
         has_contracts=bool((numbers or "").strip() and signed_on))
    application.contract_numbers, application.contracts_signed_on = numbers.strip(), signed_on


def file_registration(application, actor: User, now: datetime, filed_on: date) -> None:
    """The complete filing with CNIPA (or the trademark office): 3 working days from it."""
    _act(application, E.FILE_REGISTRATION, actor, now, registration_filed_on=filed_on)
    application.registration_filed_on = filed_on
    open_clock(application, "registration", filed_on, now,
               assignee_org_id=application.bank_org_id)
    _issue(application, E.FILE_REGISTRATION, actor, now)


def registration_refused(application, actor: User, now: datetime, reason: str) -> None:
    _act(application, E.REGISTRATION_REFUSED, actor, now, reason=_reason(reason))
    application.registration_filed_on = None
    close_clocks(application, now, "registration")


def record_registration(application, actor: User, now: datetime, number: str,
                        registered_on: date) -> None:
    _act(application, E.RECORD_REGISTRATION, actor, now,
         has_registration_notice=bool((number or "").strip() and registered_on))
    application.registration_number, application.registered_on = number.strip(), registered_on
    close_clocks(application, now, "registration")
    _on_register(application, EventKind.PLEDGED, registered_on, actor, now)


def _on_register(application, kind: str, on: date, actor, now: datetime) -> None:
    """The pledge's registration or release written on each pledged right's register entry,
    in the same unit of work (the matter is this application: the watch raises no alert on
    a loan for its own pledge)."""
    for pledged in application.rights:
        register.record_event(pledged.right, kind, on, (KIND, application.id),
                              {"number": application.registration_number,
                               "application": application.number or ""},
                              actor=actor, now=now)


def schedule_of(application, start: date):
    """The repayment schedule (``rules.schedule``) of the approved figures from ``start``."""
    method = _METHODS.get(application.repayment_method, schedule_rule.EQUAL)
    return schedule_rule.build(method, application.approved_amount or application.amount,
                               application.approved_rate or application.rate or Decimal(0),
                               application.approved_term_months or application.term_months,
                               start)


def disburse(application, actor: User, now: datetime, disbursed_on: date) -> None:
    """The money is lent: the schedule of the approved figures is generated from that day, as
    ``Instalment`` rows to the fen (``rules.schedule``)."""
    rows = schedule_of(application, disbursed_on) \
        if isinstance(disbursed_on, date) and not isinstance(disbursed_on, datetime) else ()
    _act(application, E.DISBURSE, actor, now, disbursed_on=disbursed_on)
    application.disbursed_on = disbursed_on
    _replace_instalments(application, [(r.due_on, r.principal, r.interest) for r in rows])


def _replace_instalments(application, rows) -> None:
    application.instalments.clear()
    db.session.flush()
    for seq, (due_on, principal, interest) in enumerate(rows, 1):
        application.instalments.append(Instalment(
            seq=seq, due_on=due_on, principal=money.amount(principal),
            interest=money.amount(interest), paid_principal=money.ZERO,
            paid_interest=money.ZERO))
    db.session.flush()
    application.maturity_on = max((i.due_on for i in application.instalments), default=None)


def record_schedule(application, actor: User, now: datetime,
                    rows: list[tuple[date, str, str]] | None = None) -> None:
    """The repayment schedule confirmed (post-loan monitoring begins): the one generated at
    disbursement, or ``rows`` (due day, principal, interest) as the bank's contract states
    them, whose principal must sum to the approved amount."""
    if any(i.paid_on is not None for i in application.instalments):
        raise Conflict(_l("The repayment schedule is already recorded."))
    if rows is not None:
        try:
            parsed = [(due_on, money.parse(principal), money.parse(interest))
                      for due_on, principal, interest in rows]
        except (TypeError, ValueError):
            raise InvalidInput(_l("Give each instalment's day, principal and interest to the "
                                  "fen.")) from None
        total = sum((p for _, p, _ in parsed), money.ZERO)
        lent = application.approved_amount or application.amount
        if not parsed or total != lent or any(not isinstance(d, date) for d, _, _ in parsed):
            raise InvalidInput(_l("The instalments' principal (%(total)s) must add up to the "
                                  "loan (%(loan)s).", total=money.with_unit(total),
                                  loan=money.with_unit(lent)))
    if application.state != S.DISBURSED:
        _act(application, E.BEGIN_MONITORING, actor, now)  # refused: nothing written
    if rows is not None:
        _replace_instalments(application, parsed)
    _act(application, E.BEGIN_MONITORING, actor, now)
    _issue(application, E.BEGIN_MONITORING, actor, now)


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
    _act(application, E.RELEASE_PLEDGE, actor, now,
         has_release_notice=released_on is not None)
    application.released_on = released_on
    for pledged in application.rights:
        pledged.released_on = released_on
    _on_register(application, EventKind.PLEDGE_RELEASED, released_on, actor, now)


# ---------------------------------------------------------------------------------------------
# The loss branch


def mark_overdue(application, actor: User, now: datetime) -> None:
    _act(application, E.MARK_OVERDUE, actor, now)
    due = [i.due_on for i in application.instalments if i.paid_on is None]
    application.overdue_since = min(due) if due else None


@dataclass(frozen=True)
class OverdueScan:
    marked: int
    batches: int
    seconds: float


def scan_overdue(today: date, now: datetime | None = None, *, batch_size: int = 1_000,
                 actor=None) -> OverdueScan:
    """Mark overdue every loan under monitoring with an instalment due before ``today`` and
    unpaid (``MARK_OVERDUE``, one event each). Set-based: each batch is one query for the next
    ``batch_size`` such applications up the primary key, in a unit of work of its own (joining
    the caller's when called inside one), so a failure leaves the earlier batches marked and a
    second run picks up the rest; a loan already marked is no longer under monitoring, so no
    loan is marked twice."""
    started = time.perf_counter()
    now = now or datetime.now(tz=UTC)
    late = sa.select(Instalment.application_id).where(
        Instalment.due_on < today, Instalment.paid_on.is_(None))
    marked = batches = 0
    last_id = 0
    while True:
        with unit_of_work():
            ids = list(db.session.execute(
                sa.select(PledgeApplication.id).where(
                    PledgeApplication.state == S.MONITORING, PledgeApplication.id > last_id,
                    PledgeApplication.id.in_(late))
                .order_by(PledgeApplication.id).limit(batch_size)).scalars())
            if not ids:
                break
            for application in db.session.execute(
                    sa.select(PledgeApplication).where(PledgeApplication.id.in_(ids))
                    .order_by(PledgeApplication.id)).scalars():
                fire(application, E.MARK_OVERDUE, actor, now,
                     facts=facts(application, now, today=today,
                                 days_overdue=days_overdue(application, today)))
                due = [i.due_on for i in application.instalments if i.paid_on is None]
                application.overdue_since = min(due) if due else None
            db.session.flush()
        marked += len(ids)
        batches += 1
        last_id = ids[-1]
    return OverdueScan(marked, batches, time.perf_counter() - started)


def cure(application, actor: User, now: datetime) -> None:
    _act(application, E.CURE, actor, now)
    application.overdue_since = None


def declare_default(application, actor: User, now: datetime) -> None:
    """The default, once the oldest instalment is ``default_days`` overdue (the parameters);
    the claim window starts."""
    _act(application, E.DECLARE_DEFAULT, actor, now)
    application.default_on = local_date(now)
    open_clock(application, "claim", application.default_on, now,
               assignee_org_id=application.bank_org_id)


def loss_split(application, now: datetime) -> compensation.Split:
    """The loss of a defaulted loan (``rules.compensation.loss``: unpaid principal, plus
    interest if the parameters say so) split 54 : 26 : 16 : 4, the pool's part capped at its
    balance now."""
    params = params_on(now)
    rows = [schedule_rule.Instalment(i.seq, i.due_on, i.principal, i.interest, money.ZERO)
            for i in application.instalments]
    if rows:
        principal, interest = schedule_rule.unpaid(rows, _repaid(application), local_date(now))
    else:
        principal, interest = unpaid_principal(application), money.ZERO
    loss = compensation.loss(principal, interest, params)
    return compensation.split(loss, pool_balance=ledger.balance(), params=params)


def _split_json(split: compensation.Split) -> dict:
    return {**{p: str(v) for p, v in split.shares.items()}, "pool": str(split.pool_pays),
            "loss": str(split.loss), "uncovered": str(split.uncovered),
            "borne": {p: str(v) for p, v in split.borne.items()}, "returned": {}}


def file_claim(application, actor: User, now: datetime, amount: str | None = None) -> None:
    """The bank's claim (the maker): the loss computed from the schedule and what was repaid,
    split 54 : 26 : 16 : 4 and stored on the claim. ``amount``, when given, must be the loss
    computed (a claim for another figure is refused with both)."""
    if application.state != S.DEFAULT:
        _act(application, E.FILE_CLAIM, actor, now)  # refused: not in default
    split = loss_split(application, now)
    if amount is not None and str(amount).strip():
        claimed = _amount(amount, "claim")
        if claimed != split.loss:
            raise InvalidInput(_l("The claim of %(claimed)s is not the loss computed from the "
                                  "schedule (%(loss)s).", claimed=money.with_unit(claimed),
                                  loss=money.with_unit(split.loss)))
    _act(application, E.FILE_CLAIM, actor, now, claim_amount=split.loss)
    application.claim_amount = split.loss
    application.loss_split = _split_json(split)
    application.claim_prepared_by_id, application.claim_prepared_at = actor.id, now
    close_clocks(application, now, "claim")
    _issue(application, E.FILE_CLAIM, actor, now)


def approve_compensation(application, actor: User, now: datetime,
                         split: dict[str, str] | None = None) -> None:
    """The director (the checker, never the preparer) approves the split on the claim and the
    pool's share is posted to the ledger at once (its row locked: never below zero; a share
    the balance cannot cover is refused with the figures). ``split``, when given, must be the
    one on the claim (a claim filed without one takes it as given)."""
    stored = dict(application.loss_split or {})
    if split is not None:
        try:
            shares = {party: str(money.parse(value)) for party, value in split.items()}
        except (TypeError, ValueError):
            raise InvalidInput(_l("Give each share of the loss in yuan, to the fen.")) from None
        if "pool" not in shares:
            raise InvalidInput(_l("The split names the pool's share."))
        if "loss" in stored and sum(map(Decimal, shares.values())) != Decimal(stored["loss"]):
            raise InvalidInput(_l("The split differs from the one on the claim."))
        if "loss" not in stored:
            stored = {**shares, "borne": dict(shares), "returned": {}}
    if "pool" not in stored:
        raise InvalidInput(_l("The claim has no split of the loss."))
    ledger.pool(lock=True)  # the balance read below stays true until this unit commits
    available = ledger.balance()
    if "loss" in stored:
        # The split of the claim, its pool's part capped at the balance as it is now.
        capped = compensation.split(Decimal(stored["loss"]), pool_balance=available,
                                    params=params_on(now))
        stored = {**_split_json(capped), "returned": stored.get("returned") or {}}
    share = Decimal(stored["pool"])
    refusal = None
    if share <= 0 or share > available:
        refusal = _l("The pool holds %(balance)s; its share is %(share)s.",
                     balance=money.with_unit(available), share=money.with_unit(share))
    _act(application, E.APPROVE_COMPENSATION, actor, now, pool_refusal=refusal)
    ledger.post_compensation(application.id, share, actor, now, memo=application.label)
    application.loss_split = stored
    application.compensation_approved_by_id, application.compensation_approved_at = \
        actor.id, now
    _issue(application, E.APPROVE_COMPENSATION, actor, now)


def return_claim(application, actor: User, now: datetime, reason: str) -> None:
    """The fund manager returns a claim to the bank for correction, with the reason: the loan
    is in default again, the claim's figures cleared, and the claim window runs on from the
    default (its clock reopened with its first day, not the day of the return)."""
    _act(application, E.RETURN_CLAIM, actor, now, reason=_reason(reason))
    application.reason = _reason(reason)
    application.claim_amount = None
    application.loss_split = {}
    application.claim_prepared_by_id = application.claim_prepared_at = None
    open_clock(application, "claim", application.default_on, now,
               assignee_org_id=application.bank_org_id)


def pay_compensation(application, actor: User, now: datetime) -> None:
    """The fund manager records that the pool's share, posted at approval, has been paid to
    the bank (a share not yet posted is posted now; the ledger refuses what its balance cannot
    cover)."""
    share = _pool_share(application)
    _act(application, E.PAY_COMPENSATION, actor, now)
    if share is not None and ledger.compensated(application.id) == 0:
        ledger.post_compensation(application.id, share, actor, now, memo=application.label)


def begin_recovery(application, actor: User, now: datetime) -> None:
    _act(application, E.BEGIN_RECOVERY, actor, now)


def record_recovery(application, actor: User, now: datetime, pool_part: str | None = None, *,
                    recovered: str | None = None) -> dict:
    """A recovery received (not a transition). ``recovered``: the whole amount, returned to the
    pool, the bank, the insurer and the valuer pro rata to what each still bears
    (``rules.compensation.recovery``), the pool's part posted to the ledger. ``pool_part``
    alone (the older form): the pool's part only. Returns the parts."""
    if application.state != S.RECOVERY:
        raise Conflict(_l("Recoveries are recorded while recovery is under way."))
    split = dict(application.loss_split or {})
    returned = dict(split.get("returned") or {})
    if recovered is not None:
        parts = compensation.recovery(recovered, split.get("borne") or {
            p: split[p] for p in ("pool", "bank", "insurer", "valuer") if p in split}, returned)
    else:
        value = _amount(pool_part, "recovery")
        parts = {"pool": value}
    for party, value in parts.items():
        returned[party] = str(Decimal(returned.get(party, "0")) + value)
    if parts.get("pool", money.ZERO) > 0:
        ledger.post_recovery(application.id, parts["pool"], actor, now, memo=application.label)
    application.loss_split = {**split, "returned": returned}
    audit.record("pledge.recovery", actor=actor, obj_type="pledge", obj_id=application.id,
                 now=now, detail={p: str(v) for p, v in parts.items()})
    db.session.flush()
    return dict(parts)


def close_recovery(application, actor: User, now: datetime) -> None:
    _act(application, E.CLOSE_RECOVERY, actor, now)
    _issue(application, E.CLOSE_RECOVERY, actor, now)


def write_off(application, actor: User, now: datetime, reason: str) -> None:
    _act(application, E.WRITE_OFF, actor, now, reason=_reason(reason))
    application.reason = _reason(reason)
    _issue(application, E.WRITE_OFF, actor, now)


# ---------------------------------------------------------------------------------------------
# Subsidies (贴息、评估费补贴)
#
# Paid from the city's subsidy fund, not the risk-compensation pool: nothing here posts to the
# pool's ledger. The figures are ``rules.parameters``' (off by default: shares and caps 0);
# the amounts are ``rules.subsidies``': the interest subsidy a share of the interest the firm
# paid (its recorded repayments), within the yearly cap across the firm's loans (what its other
# claims of the year took counts against it); the valuation-fee subsidy a share of the fee on
# the valuer's invoice, within its cap.

# The claims that count against the firm's yearly cap: made and not refused.
SUBSIDY_UNDER_WAY = (S.SUBSIDY_CLAIMED, S.SUBSIDY_PREPARED, S.SUBSIDY_APPROVED,
                     S.SUBSIDY_PAID)
_NOT_OFFERED = _l("Subsidies are not offered under the current rules.")


@dataclass(frozen=True)
class SubsidyQuote:
    """What a claim made now would be: the interest paid and its subsidy, the valuation fee
    and its subsidy, what the firm's other claims of the year already took of the cap."""

    day: date
    interest_paid: Decimal
    interest: subsidies.Subsidy
    valuation_fee: Decimal
    valuation: subsidies.Subsidy
    granted_this_year: Decimal
    params: parameters.Parameters

    @property
    def total(self) -> Decimal:
        return self.interest.amount + self.valuation.amount

    @property
    def offered(self) -> bool:
        return self.interest.offered or self.valuation.offered


def subsidies_offered(params: parameters.Parameters) -> bool:
    """Whether the figures in force offer either subsidy (a share and a cap above zero)."""
    return (params.interest_subsidy_share > 0 and params.interest_subsidy_yearly_cap > 0) or \
        (params.valuation_subsidy_share > 0 and params.valuation_subsidy_cap > 0)


def interest_paid(application) -> Decimal:
    """The interest the firm paid on the loan, from its recorded repayments."""
    return sum((i.paid_interest for i in application.instalments), money.ZERO)


def interest_subsidy_granted(borrower_org_id: int, year: int, *,
                             excluding: int | None = None) -> Decimal:
    """The interest subsidy the firm's claims made in ``year`` (and not refused) took, across
    its loans: what counts against the yearly cap."""
    total = db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(
        PledgeApplication.subsidy_interest_amount), 0)).where(
        PledgeApplication.borrower_org_id == borrower_org_id,
        PledgeApplication.state.in_([str(s) for s in SUBSIDY_UNDER_WAY]),
        PledgeApplication.subsidy_claimed_on.between(date(year, 1, 1), date(year, 12, 31)),
        PledgeApplication.id != (excluding or -1))).scalar_one()
    return money.to_fen(total)


def quote_subsidy(application, now: datetime, valuation_fee=None) -> SubsidyQuote:
    """The subsidy the firm would claim now (nothing written). Raises ``InvalidInput`` for a
    malformed fee."""
    day = local_date(now)
    params = params_on(now)
    fee = money.parse_input(valuation_fee, "valuation fee") or money.ZERO
    paid = interest_paid(application)
    granted = interest_subsidy_granted(application.borrower_org_id, day.year,
                                       excluding=application.id)
    return SubsidyQuote(day, paid, subsidies.interest_subsidy(
        paid, params, granted_this_year=granted), fee, subsidies.valuation_subsidy(fee, params),
        granted, params)


def _subsidy_facts(application, now: datetime) -> dict:
    """The subsidy guard's fact: before a claim, whether the figures in force offer one (a
    forged claim is refused with it); on a claim, whether it has an amount to pay."""
    if application.state in (S.SUBSIDY_CLAIMED, S.SUBSIDY_PREPARED):
        refusal = None if (application.subsidy_amount or 0) > 0 else _l(
            "No subsidy is due on this claim.")
    else:
        refusal = None if subsidies_offered(params_on(now)) else _NOT_OFFERED
    return {"subsidy_refusal": refusal,
            "subsidy_prepared_by_id": application.subsidy_prepared_by_id,
            "subsidy_paid_on": application.subsidy_paid_on}


def _subsidy_detail(quote: SubsidyQuote) -> dict:
    p = quote.params
    return {"day": quote.day.isoformat(),
            "interest_share": str(p.interest_subsidy_share),
            "interest_cap": str(p.interest_subsidy_yearly_cap),
            "interest_capped": quote.interest.capped,
            "granted_this_year": str(quote.granted_this_year),
            "valuation_share": str(p.valuation_subsidy_share),
            "valuation_cap": str(p.valuation_subsidy_cap),
            "valuation_capped": quote.valuation.capped,
            "basis": quote.interest.basis if quote.interest.offered else quote.valuation.basis}


def claim_subsidy(application, actor: User, now: datetime, valuation_fee="",
                  invoice_no: str = "", expected_total=None) -> SubsidyQuote:
    """The firm claims the subsidy once its pledge is released: the interest paid (from its
    recorded repayments) and the valuation fee with its invoice number, the amounts computed
    by ``rules.subsidies`` with the figures in force. ``expected_total``, when given, is the
    amount the page showed: a claim whose amount has changed since is refused with both.

    Refused (nothing written): the parameters offer no subsidy (``InvalidTransition``, with
    the reason); a malformed fee, a fee without its invoice, nothing due, a changed amount
    (``InvalidInput``)."""
    if application.state != S.PLEDGE_RELEASED or not subsidies_offered(params_on(now)):
        _act(application, E.CLAIM_SUBSIDY, actor, now)  # refused: not open, or not offered
    # Two claims of one firm at once cannot both take the year's room under the cap: its row
    # is locked until this unit commits (PostgreSQL; SQLite writes one at a time).
    db.session.execute(sa.select(Organisation.id).where(
        Organisation.id == application.borrower_org_id).with_for_update())
    quote = quote_subsidy(application, now, valuation_fee)
    invoice = (invoice_no or "").strip()
    if quote.valuation_fee > 0 and not invoice:
        raise InvalidInput(_l("Give the number of the valuation fee's invoice."))
    if len(invoice) > 60:
        raise InvalidInput(_l("The invoice number is at most 60 characters."))
    if quote.total <= 0:
        raise InvalidInput(_l("No subsidy is due: the interest paid is %(interest)s and the "
                              "valuation fee %(fee)s under the figures in force.",
                              interest=money.with_unit(quote.interest_paid),
                              fee=money.with_unit(quote.valuation_fee)))
    if expected_total is not None and str(expected_total).strip():
        shown = money.parse_input(expected_total, "subsidy")
        if shown != quote.total:
            raise InvalidInput(_l("The subsidy is now %(now)s, not the %(shown)s shown: check "
                                  "it and submit again.", now=money.with_unit(quote.total),
                                  shown=money.with_unit(shown)))
    _act(application, E.CLAIM_SUBSIDY, actor, now, subsidy_refusal=None)
    application.subsidy_interest_paid = quote.interest_paid
    application.subsidy_interest_amount = quote.interest.amount
    application.subsidy_valuation_fee = quote.valuation_fee
    application.subsidy_invoice_no = invoice
    application.subsidy_valuation_amount = quote.valuation.amount
    application.subsidy_amount = quote.total
    application.subsidy_claimed_on, application.subsidy_claimed_by_id = quote.day, actor.id
    application.subsidy_prepared_by_id = application.subsidy_prepared_at = None
    application.subsidy_approved_by_id = application.subsidy_approved_at = None
    application.subsidy_paid_on = None
    application.subsidy_detail = _subsidy_detail(quote)
    open_clock(application, "subsidy_review", quote.day, now)
    db.session.flush()
    return quote


def prepare_subsidy(application, actor: User, now: datetime) -> None:
    """The fund manager has reviewed the claim and prepares it for the director (the maker);
    the review clock is met."""
    _act(application, E.PREPARE_SUBSIDY, actor, now)
    application.subsidy_prepared_by_id, application.subsidy_prepared_at = actor.id, now
    close_clocks(application, now, "subsidy_review")


def refuse_subsidy(application, actor: User, now: datetime, reason: str) -> None:
    """The fund manager refuses the claim, with reasons: the loan is back at its release (the
    firm may claim again) and the claim no longer counts against the year's cap."""
    _act(application, E.REFUSE_SUBSIDY, actor, now, reason=_reason(reason))
    application.subsidy_detail = {**(application.subsidy_detail or {}),
                                  "refused": _reason(reason)}
    close_clocks(application, now, "subsidy_review")


def return_subsidy(application, actor: User, now: datetime, reason: str) -> None:
    """The director returns the prepared claim to the fund manager, with reasons; the review
    clock runs again."""
    _act(application, E.RETURN_SUBSIDY, actor, now, reason=_reason(reason))
    application.subsidy_prepared_by_id = application.subsidy_prepared_at = None
    application.subsidy_detail = {**(application.subsidy_detail or {}),
                                  "returned": _reason(reason)}
    open_clock(application, "subsidy_review", local_date(now), now)


def approve_subsidy(application, actor: User, now: datetime) -> None:
    """The director approves payment (the checker: never the one who prepared it); the
    approval form is issued. Nothing is posted to the pool's ledger."""
    _act(application, E.APPROVE_SUBSIDY, actor, now)
    application.subsidy_approved_by_id, application.subsidy_approved_at = actor.id, now
    _issue(application, E.APPROVE_SUBSIDY, actor, now)


def pay_subsidy(application, actor: User, now: datetime, paid_on: date) -> None:
    """The fund manager records the day the subsidy fund paid the approved amount."""
    if isinstance(paid_on, datetime) or (paid_on is not None and not isinstance(paid_on, date)):
        raise InvalidInput(_l("Give the day the subsidy was paid."))
    approved_on = local_date(application.subsidy_approved_at) \
        if application.subsidy_approved_at else None
    if paid_on is not None and approved_on is not None and paid_on < approved_on:
        raise InvalidInput(_l("The subsidy cannot be paid before it was approved (%(day)s).",
                              day=approved_on.isoformat()))
    _act(application, E.PAY_SUBSIDY, actor, now, subsidy_paid_on=paid_on)
    application.subsidy_paid_on = paid_on
