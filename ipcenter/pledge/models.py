"""IP pledge financing (知识产权质押融资) as a matter of the kernel (``ipcenter.matters``).

``PledgeApplication`` is the matter: kind ``pledge``, its ``state`` written by ``matters.fire``
alone, ``version`` for optimistic locking and the form's one-time ``client_token``. Its
parties (the borrower), handlers (the fund manager in charge) and documents are pledge's own
tables in the shape the kernel reads (``matters.services``: ``parties``, ``handlers``,
``active_handlers``, ``documents``, ``party_org_ids``, ``label``) — the kernel offers no generic
tables. ``PledgedRight`` ties the application to rights of the register with their value;
``Instalment`` is the repayment schedule; ``PoolEntry`` the risk-compensation pool's
double-entry ledger (``pledge.ledger``), whose balance is a sum, never a stored figure.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.core.db import UTCDateTime, db, enum_check
from ipcenter.matters import kinds as matter_kinds
from ipcenter.matters.models import DocumentColumns, HandlerColumns

KIND = "pledge"


class PledgePartyRole(StrEnum):
    BORROWER = "borrower"      # 出质人 / 借款人
    GUARANTOR = "guarantor"    # 保证人 (a third party guaranteeing the loan)


class RepaymentMethod(StrEnum):
    EQUAL = "equal"            # 等额本息
    BULLET = "bullet"          # 按期付息、到期还本


class PledgeApplication(db.Model):
    """A firm's application for a loan against its pledged rights, from filing to release
    (or to compensation, recovery and write-off)."""

    __tablename__ = "pledge_application"
    __table_args__ = (
        enum_check("repayment_method", RepaymentMethod),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("term_months > 0", name="term_positive"),
        # The bank's queue: its applications in a state, newest first.
        sa.Index("ix_pledge_application_bank_state", "bank_org_id", "state", "created_at"),
        sa.Index("ix_pledge_application_borrower_state", "borrower_org_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The matter's kind (the registry's key) and its workflow's state.
    kind: Mapped[str] = mapped_column(sa.String(20), default=KIND)
    state: Mapped[str] = mapped_column(sa.String(30), index=True)
    return_state: Mapped[str | None] = mapped_column(sa.String(30))
    number: Mapped[str | None] = mapped_column(sa.String(60), unique=True)  # 申请编号
    title: Mapped[str] = mapped_column(sa.String(300))
    filed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # The borrower (出质人): the filer's firm.
    borrower_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    # The bank the firm chose, the valuation firm and the insurer (organisations of those kinds).
    bank_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    valuer_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"),
                                                      index=True)
    insurer_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"),
                                                       index=True)
    client_token: Mapped[str] = mapped_column(sa.String(64), unique=True)

    # What the firm asks for, in 元 (Numeric, never float); the annual rate as a fraction.
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    term_months: Mapped[int]
    rate: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 6))
    repayment_method: Mapped[str] = mapped_column(sa.String(20), default=RepaymentMethod.EQUAL)
    use_of_funds: Mapped[str] = mapped_column(sa.Text, default="")
    # Priority (216号): rights transferred or licensed from a university or a state firm.
    from_university: Mapped[bool] = mapped_column(default=False)

    # Eligibility and enrolment in the pool (入池), by the fund manager.
    eligibility: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The valuation report (评估报告) the valuer submitted.
    valuation_report_no: Mapped[str] = mapped_column(sa.String(60), default="")
    # The insurer's cover.
    cover_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The bank's decision: due-diligence checklist, approved figures, or reasons.
    checklist: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    approved_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    approved_rate: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 6))
    approved_term_months: Mapped[int | None]
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # Contracts, the pledge registration (质押登记) and the money.
    contract_numbers: Mapped[str] = mapped_column(sa.String(200), default="")
    contracts_signed_on: Mapped[date | None]
    registration_filed_on: Mapped[date | None]       # complete filing with CNIPA / the office
    registration_number: Mapped[str] = mapped_column(sa.String(60), default="")
    registered_on: Mapped[date | None]
    disbursed_on: Mapped[date | None]
    maturity_on: Mapped[date | None]
    repaid_on: Mapped[date | None]
    released_on: Mapped[date | None]
    # The loss branch: overdue, default, the claim (maker) and its approval (checker).
    overdue_since: Mapped[date | None]
    default_on: Mapped[date | None]
    claim_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    claim_prepared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    claim_prepared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    compensation_approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id"))
    compensation_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The split of the loss (54 : 26 : 16 : 4) as approved: party -> amount (strings of 元).
    loss_split: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The subsidy claim (贴息、评估费补贴; paid from the city's subsidy fund, not the pool):
    # what the firm claimed (interest paid from its recorded repayments, the valuation fee
    # with its invoice), the amounts the rules computed (``subsidy_amount`` their total), who
    # prepared it (the fund manager), who approved payment (the director, never the
    # preparer) and the day it was paid.
    subsidy_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    subsidy_interest_paid: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    subsidy_interest_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    subsidy_valuation_fee: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    subsidy_invoice_no: Mapped[str] = mapped_column(sa.String(60), default="")
    subsidy_valuation_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    subsidy_claimed_on: Mapped[date | None] = mapped_column(index=True)
    subsidy_claimed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    subsidy_prepared_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id"))
    subsidy_prepared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    subsidy_approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id"))
    subsidy_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    subsidy_paid_on: Mapped[date | None]
    # The figures applied (share, cap, basis, whether the cap cut it), for the record.
    subsidy_detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    reason: Mapped[str] = mapped_column(sa.Text, default="")   # withdrawal / write-off note

    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Optimistic locking: a bank reviewer and the fund manager acting at once cannot both win.
    version: Mapped[int] = mapped_column(default=1)

    parties: Mapped[list[PledgeParty]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="PledgeParty.id")
    handlers: Mapped[list[PledgeHandler]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="PledgeHandler.id")
    documents: Mapped[list[PledgeDocument]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="PledgeDocument.id")
    rights: Mapped[list[PledgedRight]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="PledgedRight.id")
    instalments: Mapped[list[Instalment]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Instalment.seq")

    __mapper_args__ = {"version_id_col": version}

    @property
    def active_handlers(self) -> list[PledgeHandler]:
        return [h for h in self.handlers if h.removed_at is None]

    def party_org_ids(self, role: str | None = None) -> set[int]:
        return {p.organisation_id for p in self.parties
                if p.organisation_id and (role is None or p.role == role)}

    @property
    def borrowers(self) -> list[PledgeParty]:
        return [p for p in self.parties if p.role == PledgePartyRole.BORROWER]

    @property
    def label(self) -> str:
        return self.number or self.title


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _check_kind_and_state(session, flush_context, instances) -> None:
    """Refuse to write an application whose kind is not registered or whose state is not one
    of its kind's workflow's (as ``cases.models`` does for cases)."""
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, PledgeApplication):
            kind = matter_kinds.registered().get(obj.kind)
            if kind is None:
                raise ValueError(f"no kind {obj.kind!r} is registered")
            if obj.state not in {s.value for s in kind.flow.states}:
                raise ValueError(f"{obj.state!r} is not a state of a {obj.kind} application")


class PledgeParty(db.Model):
    """A party to the loan: the borrower (the filer's firm), or a guarantor."""

    __tablename__ = "pledge_party"
    __table_args__ = (enum_check("role", PledgePartyRole),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("pledge_application.id"),
                                                index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"),
                                                        index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    uscc: Mapped[str] = mapped_column(sa.String(18), default="")
    legal_representative: Mapped[str] = mapped_column(sa.String(60), default="")
    contact: Mapped[str] = mapped_column(sa.String(100), default="")

    application: Mapped[PledgeApplication] = relationship(back_populates="parties")


class PledgeHandler(HandlerColumns, db.Model):
    """The fund manager in charge of an application (主办), and any colleague. Removed
    handlers stay, with ``removed_at``."""

    __tablename__ = "pledge_handler"
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("pledge_application.id"),
                                                index=True)

    application: Mapped[PledgeApplication] = relationship(back_populates="handlers")


class PledgeDocument(DocumentColumns, db.Model):
    """A file on the application: an upload (financial statements, valuation report, contract,
    registration notice, repayment proof …) or an official document the centre issued (the
    columns: ``matters.models.DocumentColumns``)."""

    __tablename__ = "pledge_document"
    party_table = "pledge_party"
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("pledge_application.id"),
                                                index=True)

    application: Mapped[PledgeApplication] = relationship(back_populates="documents")
    party: Mapped[PledgeParty | None] = relationship()


class PledgedRight(db.Model):
    """A right of the register pledged by an application, with its value from the valuation
    report (per right; a mixed pledge sums them)."""

    __tablename__ = "pledged_right"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "right_id", name="one_right_once"),
        sa.CheckConstraint("valuation IS NULL OR valuation >= 0", name="valuation_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("pledge_application.id"),
                                                index=True)
    # Indexed: "is this right already pledged?" and the collateral watch look rights up.
    right_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_right.id"), index=True)
    valuation: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    valued_on: Mapped[date | None]
    co_owners_consented: Mapped[bool] = mapped_column(default=False)
    released_on: Mapped[date | None]

    application: Mapped[PledgeApplication] = relationship(back_populates="rights")
    right = relationship("Right", lazy="joined")


class Instalment(db.Model):
    """One instalment of the repayment schedule, in 元 to the fen, and what was paid of it."""

    __tablename__ = "pledge_instalment"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "seq", name="one_seq"),
        sa.CheckConstraint("principal >= 0 AND interest >= 0", name="amounts_not_negative"),
        # The overdue scan: instalments due by a day and not yet paid in full.
        sa.Index("ix_pledge_instalment_due_unpaid", "due_on", "paid_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("pledge_application.id"),
                                                index=True)
    seq: Mapped[int]
    due_on: Mapped[date]
    principal: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    interest: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    paid_principal: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=Decimal(0))
    paid_interest: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=Decimal(0))
    paid_on: Mapped[date | None]

    application: Mapped[PledgeApplication] = relationship(back_populates="instalments")


class Pool(db.Model):
    """The risk-compensation pool (风险补偿资金池). Its row holds no balance: the balance is
    the sum of its ledger's cash account; the row is what a compensation locks."""

    __tablename__ = "pledge_pool"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PoolAccount(StrEnum):
    """The pool's ledger accounts. Debits are positive, credits negative; every posting's rows
    sum to zero, and the pool's balance is the sum of ``CASH``."""

    CASH = "cash"                                # the pool's money (asset)
    CENTRAL_CONTRIBUTION = "central_contribution"  # 中央财政资金
    CITY_CONTRIBUTION = "city_contribution"        # 市级财政资金
    COMPENSATION_PAID = "compensation_paid"        # 代偿支出
    RECOVERIES = "recoveries"                      # 追偿收回
    INTEREST_EARNED = "interest_earned"            # 利息收入


class PostingKind(StrEnum):
    CONTRIBUTION = "contribution"
    COMPENSATION = "compensation"
    RECOVERY = "recovery"
    INTEREST = "interest"


class PoolEntry(db.Model):
    """One row of a double-entry posting to the pool's ledger. Never updated or deleted: a
    mistake is corrected by a reversing posting."""

    __tablename__ = "pledge_pool_entry"
    __table_args__ = (
        enum_check("account", PoolAccount),
        enum_check("posting_kind", PostingKind),
        sa.CheckConstraint("amount <> 0", name="amount_not_zero"),
        # The balance (sum of an account) and the monthly statement (by day).
        sa.Index("ix_pledge_pool_entry_account_day", "pool_id", "account", "posted_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    pool_id: Mapped[int] = mapped_column(sa.ForeignKey("pledge_pool.id"))
    posting: Mapped[str] = mapped_column(sa.String(32), index=True)   # the rows of one posting
    posting_kind: Mapped[str] = mapped_column(sa.String(20))
    account: Mapped[str] = mapped_column(sa.String(30))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))        # debit +, credit −
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("pledge_application.id"), index=True)
    posted_on: Mapped[date]
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    posted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    memo: Mapped[str] = mapped_column(sa.String(300), default="")
