"""The vocabulary every matter's tables share — who a party is, who a handler is, who may open
a document — and ``new_row``, which adds to a matter's collections rows of whatever model they
map, and ``HandlerColumns`` and ``DocumentColumns``, the columns of a matter's handler and
document tables. The tables
themselves stay with their domain.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ipcenter.core.db import UTCDateTime, db, enum_check


class PartyRole(StrEnum):
    REQUESTER = "requester"    # 请求人 / 投诉人
    RESPONDENT = "respondent"  # 被请求人 / 当事人


class HandlerRole(StrEnum):
    PRESIDING = "presiding"    # 组长: presides, signs off documents, watches the deadline
    MEMBER = "member"          # 主审员 / 参审员


class DocAudience(StrEnum):
    """Who besides the centre may open a document."""

    CENTRE = "centre"            # the panel and the director only
    FILER = "filer"              # plus the party that filed it
    PARTIES = "parties"          # plus every party (once the case is served on them)


def new_row(matter, collection: str, **values):
    """A new row appended to ``matter``'s ``collection`` (``documents``, ``handlers`` …), of the
    model that relationship maps."""
    row = sa.inspect(type(matter)).relationships[collection].mapper.class_(**values)
    getattr(matter, collection).append(row)
    return row


class HandlerColumns:
    """The columns of a matter's handler table (``case_handler``, ``pledge_handler``): a member
    of the panel, or the fund manager in charge (``HandlerRole``). Removed handlers stay, with
    ``removed_at`` and the reason. A domain's model declares the key to its matter and its
    relationship back."""

    @declared_attr.directive
    def __table_args__(cls):
        return (enum_check("role", HandlerRole),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removal_reason: Mapped[str] = mapped_column(sa.String(300), default="")

    @declared_attr
    def user(cls):
        return relationship("User", lazy="joined")


class DocumentColumns:
    """The columns of a matter's document table (``case_document``, ``pledge_document``): a file
    on the matter, uploaded (evidence, financial statements …) or an official document the
    centre issued (then ``issued_document_id`` points at its PDF record).

    A domain's model declares the key to its matter (``case_id``, ``application_id``: its own
    name, its relationship's) and names its party table in ``party_table``."""

    party_table: str = ""         # the table ``party_id`` points at (``case_party`` …)

    @declared_attr.directive
    def __table_args__(cls):
        return (enum_check("audience", DocAudience),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(200))
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    sha256: Mapped[str | None] = mapped_column(sa.ForeignKey("stored_file.sha256"))
    content_type: Mapped[str] = mapped_column(sa.String(100), default="")
    size: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    audience: Mapped[str] = mapped_column(sa.String(20), default=DocAudience.FILER)

    @declared_attr
    def party_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey(f"{cls.party_table}.id"))

    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Official documents: rendered by a task after commit (``matters.rendering``).
    template: Mapped[str | None] = mapped_column(sa.String(40))
    number: Mapped[str | None] = mapped_column(sa.String(60))
    issued_document_id: Mapped[int | None]
    render_status: Mapped[str | None] = mapped_column(sa.String(20))  # pending/done/failed
    render_data: Mapped[str | None] = mapped_column(sa.Text)
    # Text extraction (a task after the upload commits): pending / done / ocr / failed.
    text_status: Mapped[str | None] = mapped_column(sa.String(20))
    text_error: Mapped[str] = mapped_column(sa.String(300), default="")
    text: Mapped[str | None] = mapped_column(sa.Text)


class ServiceMethod(StrEnum):
    """How a document is served (送达方式; 民事诉讼法 Art. 87–95, which 行政处罚法 Art. 61 and the
    patent rules follow)."""

    DIRECT = "direct"            # 直接送达
    POST = "post"                # 邮寄送达
    ELECTRONIC = "electronic"    # 电子送达, with the addressee's consent
    LEAVE = "leave"              # 留置送达
    PUBLIC = "public"            # 公告送达


class ServiceRecord(db.Model):
    """The service (送达) of one document of a matter on one party: how and when it was sent,
    when it was received (or deemed received) and by whom, the 送达回证 issued for it, and the
    clock that runs from receipt (``opens``: ``answer``, ``statement`` …). One record per
    document and party. ``subject_type``/``subject_id`` name the matter as its clocks do; the
    document and party ids are rows of the matter's own tables."""

    __tablename__ = "service_record"
    __table_args__ = (
        sa.UniqueConstraint("subject_type", "subject_id", "document_id", "party_id",
                            name="uq_service_record_document_party"),  # explicit: 4 columns
        sa.Index("ix_service_record_subject", "subject_type", "subject_id"),
        sa.CheckConstraint("method IS NULL OR method IN ('direct', 'post', 'electronic', "
                           "'leave', 'public')", name="method_valid"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(sa.String(40))
    subject_id: Mapped[int]
    document_id: Mapped[int]
    document_title: Mapped[str] = mapped_column(sa.String(200))
    party_id: Mapped[int]
    party_name: Mapped[str] = mapped_column(sa.String(200))
    opens: Mapped[str] = mapped_column(sa.String(40), default="")
    method: Mapped[str | None] = mapped_column(sa.String(20))
    sent_on: Mapped[date | None]
    consent: Mapped[str] = mapped_column(sa.String(300), default="")
    received_on: Mapped[date | None]
    deemed: Mapped[bool] = mapped_column(default=False)
    received_by: Mapped[str] = mapped_column(sa.String(200), default="")
    proof_document_id: Mapped[int | None]      # the returned receipt, scanned
    receipt_document_id: Mapped[int | None]    # the 送达回证 the centre issued
    clock_id: Mapped[int | None] = mapped_column(sa.ForeignKey("deadline.id"))  # its open wait
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    received_recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id"))
