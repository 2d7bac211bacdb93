"""One case model for every case kind.

``Case`` holds what every kind shares — number, state, parties, handlers, documents; its clocks
are ``Deadline`` rows (subject ``case``) and its timeline is the audit log (object ``case``).
Each kind adds its own table (``PatentCase`` …) by joined-table inheritance.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.core.db import UTCDateTime, db, enum_check
from ipcenter.matters import kinds as matter_kinds
from ipcenter.matters.models import (
    DocAudience,
    DocumentColumns,
    HandlerColumns,
    HandlerRole,
    PartyRole,
)

# The rows the statistics' partial indexes hold (reports.figures writes the same conditions).
OPEN_CASE = "closed_at IS NULL AND submitted_at IS NOT NULL"
PRESIDING = "role = 'presiding' AND removed_at IS NULL"
FOREIGN_COMPLAINT = "foreign_holder IS true AND source = 'complaint'"


class Case(db.Model):
    # ``kind`` is a registered kind of matter and ``state`` one of its workflow's states: each
    # kind's workflow is the only writer of ``state``, and every flush checks both against the
    # registry (``_check_kind_and_state``), so a new kind needs no change here.
    __tablename__ = "legal_case"
    __table_args__ = (
        # The case list: newest first, over every case or one state's.
        sa.Index("ix_legal_case_created", "created_at", "id"),
        sa.Index("ix_legal_case_state_created", "state", "created_at", "id"),
        # The director's statistics (reports.figures): cases filed and closed in a period,
        # and the open cases by state and by presiding handler (index only).
        sa.Index("ix_legal_case_accepted", "accepted_at", "kind"),
        sa.Index("ix_legal_case_closed", "closed_at", "kind", "accepted_at"),
        sa.Index("ix_legal_case_submitted", "submitted_at", "id"),
        sa.Index("ix_legal_case_open", "id", "kind", "state",
                 postgresql_where=sa.text(OPEN_CASE), sqlite_where=sa.text(OPEN_CASE)))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    state: Mapped[str] = mapped_column(sa.String(30), index=True)
    # The state a side state (suspension, mediation) returns to.
    return_state: Mapped[str | None] = mapped_column(sa.String(30))
    number: Mapped[str | None] = mapped_column(sa.String(60), unique=True)  # 案号, on 立案
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    filed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    filed_by_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    # The form's one-time token: a double submit finds the case it already created.
    client_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the decision was published (masked) for anyone to find.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Optimistic locking: two officers acting on one case at once cannot both succeed.
    version: Mapped[int] = mapped_column(default=1)

    parties: Mapped[list["CaseParty"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseParty.id")
    handlers: Mapped[list["CaseHandler"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseHandler.id")
    documents: Mapped[list["CaseDocument"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseDocument.id")
    # The filer's organisation, read by the visibility rules once per case (not per file).
    filed_by_org = relationship("Organisation", foreign_keys=[filed_by_org_id], viewonly=True)

    __mapper_args__ = {"polymorphic_on": "kind", "version_id_col": version}

    def parties_in(self, role: str) -> list["CaseParty"]:
        return [p for p in self.parties if p.role == role]

    @property
    def requesters(self) -> list["CaseParty"]:
        return self.parties_in(PartyRole.REQUESTER)

    @property
    def respondents(self) -> list["CaseParty"]:
        return self.parties_in(PartyRole.RESPONDENT)

    @property
    def active_handlers(self) -> list["CaseHandler"]:
        return [h for h in self.handlers if h.removed_at is None]

    def party_org_ids(self, role: str | None = None) -> set[int]:
        return {p.organisation_id for p in self.parties
                if p.organisation_id and (role is None or p.role == role)}

    @property
    def label(self) -> str:
        return self.number or self.title


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _check_kind_and_state(session, flush_context, instances) -> None:
    """Refuse to write a case whose kind is not registered or whose state is not one of its
    kind's workflow's (the rule the database's CHECK constraints held while the kinds were
    listed here)."""
    kinds = None
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Case):
            kinds = kinds or matter_kinds.registered()
            kind = kinds.get(obj.kind)
            if kind is None:
                raise ValueError(f"no kind {obj.kind!r} is registered")
            if obj.state not in {s.value for s in kind.flow.states}:
                raise ValueError(f"{obj.state!r} is not a state of a {obj.kind} case")


class CaseParty(db.Model):
    """A party: an organisation in the system, or one described by name, address and code."""

    __tablename__ = "case_party"
    __table_args__ = (
        enum_check("role", PartyRole),
        # The case list's branch "cases my firm is a party to" (auth.policy.grants_branches).
        sa.Index("ix_case_party_org", "organisation_id", "role", "case_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("legal_case.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"),
                                                        index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    uscc: Mapped[str] = mapped_column(sa.String(18), default="")
    legal_representative: Mapped[str] = mapped_column(sa.String(60), default="")
    contact: Mapped[str] = mapped_column(sa.String(100), default="")
    agent: Mapped[str] = mapped_column(sa.String(200), default="")
    # What the party said: the requester's facts come from the request; the respondent's answer.
    statement: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    case: Mapped[Case] = relationship(back_populates="parties")


class CaseHandler(HandlerColumns, db.Model):
    """A member of the panel (合议组). Removed members stay, with ``removed_at``."""

    __tablename__ = "case_handler"
    __table_args__ = (
        enum_check("role", HandlerRole),
        # The case list's branch "cases I handle": the active panel members only.
        sa.Index("ix_case_handler_active", "user_id", "case_id",
                 postgresql_where=sa.text("removed_at IS NULL"),
                 sqlite_where=sa.text("removed_at IS NULL")),
        # The statistics' open cases by presiding handler (merge-joined with ix_legal_case_open).
        sa.Index("ix_case_handler_presiding", "case_id", "user_id",
                 postgresql_where=sa.text(PRESIDING), sqlite_where=sa.text(PRESIDING)),
        # One presiding handler per case at a time (the statistics count each case once).
        sa.Index("uq_case_handler_one_presiding", "case_id", unique=True,
                 postgresql_where=sa.text(PRESIDING), sqlite_where=sa.text(PRESIDING)),
    )
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("legal_case.id"), index=True)

    case: Mapped[Case] = relationship(back_populates="handlers")


class CaseDocument(DocumentColumns, db.Model):
    """A file on the case: an upload (evidence, answer, hearing record …) or an official
    document the centre issued (the columns: ``matters.models.DocumentColumns``)."""

    __tablename__ = "case_document"
    __table_args__ = (
        enum_check("audience", DocAudience),
        # The statistics' referral letters (涉嫌犯罪案件移送书) issued in a period.
        sa.Index("ix_case_document_template", "template", "created_at", "case_id"),
    )
    party_table = "case_party"
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("legal_case.id"), index=True)

    case: Mapped[Case] = relationship(back_populates="documents")
    party: Mapped[CaseParty | None] = relationship()


class RecusalRequest(db.Model):
    """A party's request that a handler stand down (回避); the director decides."""

    __tablename__ = "recusal_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("legal_case.id"), index=True)
    handler_id: Mapped[int] = mapped_column(sa.ForeignKey("case_handler.id"))
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    granted: Mapped[bool | None]
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")


class PatentKind(StrEnum):
    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"


class PatentCase(Case):
    """专利侵权纠纷行政裁决."""

    __tablename__ = "patent_case"
    __table_args__ = (enum_check("patent_kind", PatentKind),)
    __mapper_args__ = {"polymorphic_identity": "patent"}

    id: Mapped[int] = mapped_column(sa.ForeignKey("legal_case.id"), primary_key=True)
    patent_number: Mapped[str] = mapped_column(sa.String(20), index=True)  # ZL…·check
    patent_kind: Mapped[str] = mapped_column(sa.String(20))
    patent_title: Mapped[str] = mapped_column(sa.String(200), default="")
    claim: Mapped[str] = mapped_column(sa.Text, default="")            # 请求事项
    facts: Mapped[str] = mapped_column(sa.Text, default="")            # 事实和理由
    # Flagged at submission when another open case names the same patent and respondent.
    possible_duplicate_of: Mapped[int | None]
    acceptance_checklist: Mapped[str] = mapped_column(sa.Text, default="{}")
    refusal_reason: Mapped[str] = mapped_column(sa.Text, default="")
    hearing_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hearing_place: Mapped[str] = mapped_column(sa.String(200), default="")
    suspension_reason: Mapped[str] = mapped_column(sa.Text, default="")
    invalidation_ref: Mapped[str] = mapped_column(sa.String(60), default="")
    extension_reason: Mapped[str] = mapped_column(sa.Text, default="")
    extension_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    extension_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mediation_terms: Mapped[str] = mapped_column(sa.Text, default="")
    mediation_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    # The decision (处理决定书).
    findings: Mapped[str] = mapped_column(sa.Text, default="")
    basis: Mapped[str] = mapped_column(sa.Text, default="")
    infringement: Mapped[bool | None]
    stop_acts: Mapped[str] = mapped_column(sa.String(200), default="")
    stop_object: Mapped[str] = mapped_column(sa.String(300), default="")
    stop_scope: Mapped[str] = mapped_column(sa.String(300), default="")
    decision_number: Mapped[str | None] = mapped_column(sa.String(60), unique=True)
    decided_on: Mapped[date | None]
    decision_served_on: Mapped[date | None]
    closing_note: Mapped[str] = mapped_column(sa.Text, default="")
    # The substantive articles the decision applies (keys of ``patent.services.ARTICLES``).
    articles: Mapped[str] = mapped_column(sa.Text, default="[]", server_default="[]")
    # After the period to sue: compliance, or the application for court enforcement.
    compliance_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    complied_on: Mapped[date | None]
    enforcement_court: Mapped[str] = mapped_column(sa.String(200), default="",
                                                   server_default="")
    enforcement_applied_on: Mapped[date | None]
    # The day the demand to comply (催告书) was served, at least ten days before the application.
    enforcement_demanded_on: Mapped[date | None]


class TrademarkCase(Case):
    """商标侵权行政查处: from a complaint or clue to a penalty, no penalty, or a referral."""

    __tablename__ = "trademark_case"
    __table_args__ = (
        # The statistics' complaints by a foreign rights holder (涉外商标案件投诉), hash-joined
        # with the cases received in the period (ix_legal_case_submitted).
        sa.Index("ix_trademark_case_foreign", "id",
                 postgresql_where=sa.text(FOREIGN_COMPLAINT),
                 sqlite_where=sa.text(FOREIGN_COMPLAINT)),
    )
    __mapper_args__ = {"polymorphic_identity": "trademark"}

    id: Mapped[int] = mapped_column(sa.ForeignKey("legal_case.id"), primary_key=True)
    # complaint (投诉); or, for a clue: inspection (检查发现), report (举报), clue (other source)
    source: Mapped[str] = mapped_column(sa.String(20), default="complaint")
    # The informant of a report (name and contact): confidential, for the centre's staff and
    # its internal forms only; never indexed.
    informant: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    foreign_holder: Mapped[bool] = mapped_column(default=False)
    facts: Mapped[str] = mapped_column(sa.Text, default="")
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    findings: Mapped[str] = mapped_column(sa.Text, default="")
    review_opinion: Mapped[str] = mapped_column(sa.Text, default="")
    party_kind: Mapped[str] = mapped_column(sa.String(20), default="organisation")  # or person
    conduct: Mapped[str] = mapped_column(sa.String(20), default="sell")  # use / sell / labels
    # Figures, in 元 (Numeric, never float): the case value (案值) and what the law counts.
    turnover: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))      # 违法经营额
    gains: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))        # 违法所得
    unsold_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    label_pieces: Mapped[int | None]
    marks_count: Mapped[int] = mapped_column(default=1)
    innocent_no_knowledge: Mapped[bool] = mapped_column(default=False)
    innocent_lawful_source: Mapped[bool] = mapped_column(default=False)
    innocent_supplier_named: Mapped[bool] = mapped_column(default=False)
    # Findings: identical mark on the same goods (or counterfeit labels) or similar (商标法
    # Art. 57(2)); the days of the first and the last act (the law of the time, the repeat
    # windows). A decision that passes over a referral the figures call for needs the
    # officers' reasons and the director's approval (行政处罚法 Art. 27; 国务院令310 Art. 11).
    mark_identity: Mapped[str | None] = mapped_column(sa.String(20))  # identical / similar
    first_act_on: Mapped[date | None]
    last_act_on: Mapped[date | None]
    no_referral_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    no_referral_approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id"))
    no_referral_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    proposed_fine: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    confiscated_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    heavier: Mapped[bool] = mapped_column(default=False)
    statement: Mapped[str] = mapped_column(sa.Text, default="")
    statement_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hearing_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hearing_place: Mapped[str] = mapped_column(sa.String(200), default="")
    decision_kind: Mapped[str | None] = mapped_column(sa.String(20))  # penalty / none / referral
    decision_number: Mapped[str | None] = mapped_column(sa.String(60), unique=True)
    decided_on: Mapped[date | None] = mapped_column(index=True)   # the statistics' period
    fine: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    served_on: Mapped[date | None]
    paid_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    paid_on: Mapped[date | None]
    referral_reason: Mapped[str] = mapped_column(sa.Text, default="")
    police_answer: Mapped[str] = mapped_column(sa.Text, default="")


class CaseMark(db.Model):
    """A registered mark a trademark case is about."""

    __tablename__ = "case_mark"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("legal_case.id"), index=True)
    registration_number: Mapped[str] = mapped_column(sa.String(20), index=True)
    nice_class: Mapped[int]
    holder: Mapped[str] = mapped_column(sa.String(200))
    text: Mapped[str] = mapped_column(sa.String(200))


class CaseMeasure(db.Model):
    """An investigation measure with its own clock: evidence preserved (先行登记保存), goods
    seized (查封扣押), or a period not counted (检测、鉴定、公告)."""

    __tablename__ = "case_measure"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("legal_case.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # preservation / seizure / appraisal
    description: Mapped[str] = mapped_column(sa.Text, default="")
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    extended: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))


TrademarkCase.marks = relationship(CaseMark, order_by=CaseMark.id, cascade="all, delete-orphan")
TrademarkCase.measures = relationship(CaseMeasure, order_by=CaseMeasure.id,
                                      cascade="all, delete-orphan")
