"""Rapid pre-examination (专利快速预审) as two kinds of matter of the kernel
(``ipcenter.matters``):

- ``PrexamFiling`` — a firm's registration for the service (备案): kind ``prexam_filing``,
  decided by an examiner, suspended or revoked by the director after a 非正常专利申请 finding
  or a credit breach (国知发保字〔2022〕8号). Its official documents are
  ``PrexamFilingDocument`` rows (备案申请表, 备案通知书).
- ``PrexamRequest`` — one utility model or design taken through pre-examination: kind
  ``prexam``, its applicants (``PrexamApplicant``), the examiner in charge (``PrexamHandler``),
  its files (``PrexamDocument``: the application documents, amendments, the centre's notices)
  and its opinion rounds (``PrexamOpinion``: the checklist ticked, the points with their basis,
  the firm's reply).

Both keep ``state`` (written by ``matters.fire`` alone), ``version`` for optimistic locking and
the form's one-time ``client_token``. The centre's scope (``ScopeClass``: IPC and Locarno
subclasses with effective dates) and its service targets (``ServiceTargets``, versions by day)
are tables an admin keeps; their rules are ``prexam.rules``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.core.db import UTCDateTime, db, enum_check
from ipcenter.matters import kinds as matter_kinds
from ipcenter.matters.models import DocumentColumns, HandlerColumns

KIND = "prexam"
FILING_KIND = "prexam_filing"


class PatentKind(StrEnum):
    """The kinds the service pre-examines (inventions are not among them here)."""

    UTILITY_MODEL = "utility_model"   # 实用新型
    DESIGN = "design"                 # 外观设计


class ApplicantKind(StrEnum):
    ENTERPRISE = "enterprise"   # 企业
    UNIVERSITY = "university"   # 高等院校
    INSTITUTE = "institute"     # 科研院所
    INDIVIDUAL = "individual"   # 个人


class PrexamFiling(db.Model):
    """A firm's 备案 for the service: what it declares, and the examiner's and the director's
    decisions on it. A firm holds at most one filing that is not ended (rejected or revoked)."""

    __tablename__ = "prexam_filing"
    __table_args__ = (
        sa.CheckConstraint("rd_staff >= 0", name="rd_staff_not_negative"),
        sa.Index("ix_prexam_filing_org_state", "org_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default=FILING_KIND)
    state: Mapped[str] = mapped_column(sa.String(30), index=True)
    return_state: Mapped[str | None] = mapped_column(sa.String(30))
    number: Mapped[str | None] = mapped_column(sa.String(60), unique=True)   # 备案编号
    title: Mapped[str] = mapped_column(sa.String(300))
    filed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    client_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # What the firm declares (备案申请表).
    firm_name: Mapped[str] = mapped_column(sa.String(200))
    uscc: Mapped[str] = mapped_column(sa.String(18))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    contact_name: Mapped[str] = mapped_column(sa.String(60))
    contact_phone: Mapped[str] = mapped_column(sa.String(30))
    contact_email: Mapped[str] = mapped_column(sa.String(120), default="")
    rd_staff: Mapped[int] = mapped_column(default=0)            # 研发人员数
    fields: Mapped[str] = mapped_column(sa.Text, default="")    # 主要技术领域
    undertaking: Mapped[bool] = mapped_column(default=False)    # 真实性承诺
    # The decisions: who, when, why (a rejection, a suspension, a revocation).
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    approved_on: Mapped[date | None]
    # Suspension or revocation, proposed by an examiner and approved by the director; the
    # finding it rests on (非正常专利申请 or a credit breach) and its document.
    proposal: Mapped[str | None] = mapped_column(sa.String(20))   # suspend / revoke
    proposal_ground: Mapped[str | None] = mapped_column(sa.String(30))
    proposal_reason: Mapped[str] = mapped_column(sa.Text, default="")
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    suspended_on: Mapped[date | None]

    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    documents: Mapped[list[PrexamFilingDocument]] = relationship(
        back_populates="filing", cascade="all, delete-orphan",
        order_by="PrexamFilingDocument.id")
    organisation = relationship("Organisation", lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    # What the kernel reads of a matter: a filing has no handlers and one party, the firm.
    @property
    def active_handlers(self) -> list:
        return []

    def party_org_ids(self, role: str | None = None) -> set[int]:
        return {self.org_id}

    @property
    def label(self) -> str:
        return self.number or self.title


class PrexamFilingDocument(DocumentColumns, db.Model):
    """A file of a filing: the centre's 备案申请表 and 备案通知书 (and the decision on a
    suspension or revocation). No party table: ``party_id`` stays empty."""

    __tablename__ = "prexam_filing_document"
    party_table = "organisation"
    filing_id: Mapped[int] = mapped_column(sa.ForeignKey("prexam_filing.id"), index=True)

    filing: Mapped[PrexamFiling] = relationship(back_populates="documents")


# The examiner's queue's states (``workflow.EXAMINER_QUEUE``), for its index.
_QUEUE = ("state IN ('px_submitted', 'px_classification_check', 'px_under_examination', "
          "'px_amended')")


class PrexamRequest(db.Model):
    """One pre-examination request, from submission to grant (or return, failure,
    withdrawal, rejection at the national office)."""

    __tablename__ = "prexam_request"
    __table_args__ = (
        enum_check("patent_kind", PatentKind),
        sa.CheckConstraint("rounds >= 0", name="rounds_not_negative"),
        # The firm's list, the examiner's queue (state, oldest first), the statistics.
        sa.Index("ix_prexam_request_org_state", "org_id", "state"),
        sa.Index("ix_prexam_request_state_submitted", "state", "submitted_at"),
        # The lists of all requests and of a firm's, newest first; the statistics' period.
        sa.Index("ix_prexam_request_created", "created_at", "id"),
        sa.Index("ix_prexam_request_org_created", "org_id", "created_at", "id"),
        sa.Index("ix_prexam_request_submitted", "submitted_at", "patent_kind", "subclass"),
        # The examiner's queue (``workflow.EXAMINER_QUEUE``), oldest first.
        sa.Index("ix_prexam_request_queue", "submitted_at", "id",
                 postgresql_where=sa.text(_QUEUE), sqlite_where=sa.text(_QUEUE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default=KIND)
    state: Mapped[str] = mapped_column(sa.String(30))
    return_state: Mapped[str | None] = mapped_column(sa.String(30))
    number: Mapped[str | None] = mapped_column(sa.String(60), unique=True)   # 预审编号
    filed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    filing_id: Mapped[int] = mapped_column(sa.ForeignKey("prexam_filing.id"), index=True)
    client_token: Mapped[str] = mapped_column(sa.String(64), unique=True)

    patent_kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(300))                # 发明创造名称
    abstract: Mapped[str] = mapped_column(sa.Text, default="")        # 摘要 / 简要说明
    claims_text: Mapped[str] = mapped_column(sa.Text, default="")     # 权利要求 (for search)
    classification: Mapped[str] = mapped_column(sa.String(40))        # as the firm gives it
    subclass: Mapped[str] = mapped_column(sa.String(10), index=True)  # F21V / 26-05
    declared_no_dual_filing: Mapped[bool] = mapped_column(default=False)
    # The examiner's findings: the classification check, the rounds of opinions, the result.
    classification_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    return_reason: Mapped[str] = mapped_column(sa.Text, default="")
    rounds: Mapped[int] = mapped_column(default=0)                    # opinions issued
    passed_on: Mapped[date | None] = mapped_column(index=True)
    failed_on: Mapped[date | None]
    fail_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Possible duplicates the search found at submission (earlier requests, granted rights):
    # [{"type": "prexam"|"right", "id": 12, "label": "…", "score": 0.8}].
    duplicates: Mapped[list] = mapped_column(sa.JSON, default=list)
    # After passing: the filing at CNIPA (the filing date arises only now), then its outcome.
    application_number: Mapped[str | None] = mapped_column(sa.String(30), unique=True)
    cnipa_filed_on: Mapped[date | None]
    granted_on: Mapped[date | None]
    grant_number: Mapped[str | None] = mapped_column(sa.String(30))
    rejected_on: Mapped[date | None]
    right_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ip_right.id"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")          # withdrawal / rejection

    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    applicants: Mapped[list[PrexamApplicant]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="PrexamApplicant.id")
    handlers: Mapped[list[PrexamHandler]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="PrexamHandler.id")
    documents: Mapped[list[PrexamDocument]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="PrexamDocument.id")
    opinions: Mapped[list[PrexamOpinion]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="PrexamOpinion.round")
    filing: Mapped[PrexamFiling] = relationship()
    organisation = relationship("Organisation", lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    # The kernel's names (``matters.services``): parties are the applicants.
    @property
    def parties(self) -> list[PrexamApplicant]:
        return self.applicants

    @property
    def active_handlers(self) -> list[PrexamHandler]:
        return [h for h in self.handlers if h.removed_at is None]

    def party_org_ids(self, role: str | None = None) -> set[int]:
        return {self.org_id} | {a.organisation_id for a in self.applicants if a.organisation_id}

    @property
    def label(self) -> str:
        return self.number or self.title

    @property
    def open_opinion(self) -> PrexamOpinion | None:
        """The last opinion, while the firm has not answered it."""
        last = self.opinions[-1] if self.opinions else None
        return last if last is not None and last.answered_at is None else None


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _check_kind_and_state(session, flush_context, instances) -> None:
    """Refuse to write a filing or request whose kind is not registered or whose state is not
    one of its kind's workflow's (as ``cases.models`` does for cases)."""
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, (PrexamFiling, PrexamRequest)):
            kind = matter_kinds.registered().get(obj.kind)
            if kind is None:
                raise ValueError(f"no kind {obj.kind!r} is registered")
            if obj.state not in {s.value for s in kind.flow.states}:
                raise ValueError(f"{obj.state!r} is not a state of a {obj.kind} matter")


class PrexamApplicant(db.Model):
    """An applicant named on the request (申请人): the filing firm first; joint applicants
    need the co-development contract, a university the industry–academia proof."""

    __tablename__ = "prexam_applicant"
    __table_args__ = (enum_check("applicant_kind", ApplicantKind),)
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("prexam_request.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"),
                                                        index=True)
    role: Mapped[str] = mapped_column(sa.String(20), default="applicant")
    applicant_kind: Mapped[str] = mapped_column(sa.String(20), default=ApplicantKind.ENTERPRISE)
    name: Mapped[str] = mapped_column(sa.String(200))
    uscc: Mapped[str] = mapped_column(sa.String(18), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")

    request: Mapped[PrexamRequest] = relationship(back_populates="applicants")


class PrexamHandler(HandlerColumns, db.Model):
    """The examiner in charge of a request (主办, who takes it from the queue); a reassignment
    keeps the removed one with ``removed_at``."""

    __tablename__ = "prexam_handler"
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("prexam_request.id"), index=True)

    request: Mapped[PrexamRequest] = relationship(back_populates="handlers")


class PrexamDocument(DocumentColumns, db.Model):
    """A file on a request: an application document (请求书, 说明书 …), an amendment or reply,
    or a notice the centre issued (the columns: ``matters.models.DocumentColumns``). ``round``
    ties an amendment or reply to the opinion it answers."""

    __tablename__ = "prexam_document"
    party_table = "prexam_applicant"
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("prexam_request.id"), index=True)
    round: Mapped[int | None]

    request: Mapped[PrexamRequest] = relationship(back_populates="documents")
    party: Mapped[PrexamApplicant | None] = relationship()


class PrexamOpinion(db.Model):
    """One round of the examiner's opinion (预审意见通知书): the checklist as ticked, the
    points each with its basis, and the firm's reply (意见陈述, with amended pages)."""

    __tablename__ = "prexam_opinion"
    __table_args__ = (sa.UniqueConstraint("request_id", "round", name="one_opinion_per_round"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("prexam_request.id"), index=True)
    round: Mapped[int]
    checklist: Mapped[dict] = mapped_column(sa.JSON, default=dict)   # code -> ticked
    points: Mapped[list] = mapped_column(sa.JSON, default=list)      # [{"basis", "text"}]
    examiner_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reply_due_on: Mapped[date | None]
    reply: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    request: Mapped[PrexamRequest] = relationship(back_populates="opinions")


class ScopeClass(db.Model):
    """A subclass in the centre's scope (IPC for utility models, Locarno for designs), from
    ``effective_from`` to ``effective_to`` (inclusive; None: open). ``confirmed`` is False until
    an admin checks it against the centre's published list."""

    __tablename__ = "prexam_scope_class"
    __table_args__ = (
        enum_check("patent_kind", PatentKind),
        sa.UniqueConstraint("patent_kind", "code", "effective_from", name="one_code_per_day"),
        sa.CheckConstraint("effective_to IS NULL OR effective_to >= effective_from",
                           name="dates_in_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patent_kind: Mapped[str] = mapped_column(sa.String(20))
    code: Mapped[str] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    effective_from: Mapped[date]
    effective_to: Mapped[date | None]
    confirmed: Mapped[bool] = mapped_column(default=False)
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ServiceTargets(db.Model):
    """A version of the centre's service targets (not law), in force from ``effective_from``:
    the working days for the classification check and each examination round, the firm's days
    to reply, the rounds allowed, the days to file at CNIPA after passing."""

    __tablename__ = "prexam_service_targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(unique=True)
    classification_wd: Mapped[int]
    round_wd: Mapped[int]
    reply_days: Mapped[int]
    max_rounds: Mapped[int]
    filing_days: Mapped[int]
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
