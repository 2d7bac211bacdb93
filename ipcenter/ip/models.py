"""The rights register: a ``Right`` (a patent or a registered trademark) and its dated events.

A right refers to the matter an event concerns by ``(matter_type, matter_id)`` — a case, a
pre-examination request, a pledge — so the register never imports a domain's models; its
holder organisation is a plain foreign key into ``organisation``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.core.db import UTCDateTime, db, enum_check


class RightKind(StrEnum):
    INVENTION = "invention"            # 发明专利
    UTILITY_MODEL = "utility_model"    # 实用新型专利
    DESIGN = "design"                  # 外观设计专利
    TRADEMARK = "trademark"            # 注册商标


# Kind of right → whether the patent law grants it (the others are the trademark law's).
UNDER_PATENT_LAW = {RightKind.INVENTION: True, RightKind.UTILITY_MODEL: True,
                    RightKind.DESIGN: True, RightKind.TRADEMARK: False}
PATENT_KINDS = frozenset(kind for kind, patent in UNDER_PATENT_LAW.items() if patent)


class RightStatus(StrEnum):
    PENDING = "pending"          # filed, not granted (registered) yet
    VALID = "valid"              # 有效
    LAPSED = "lapsed"            # 终止 (annuity unpaid, abandoned, not renewed)
    INVALIDATED = "invalidated"  # 宣告无效 (deemed never to have existed, 专利法 Art. 47)
    EXPIRED = "expired"          # 期限届满


class EventKind(StrEnum):
    GRANTED = "granted"                                # 授权 / 核准注册
    ANNUITY_PAID = "annuity_paid"                      # 年费缴纳
    RENEWED = "renewed"                                # 续展 (trademarks)
    LAPSED = "lapsed"                                  # 终止
    INVALIDATION_REQUESTED = "invalidation_requested"  # 无效宣告请求
    INVALIDATION_DECIDED = "invalidation_decided"      # 无效宣告审查决定
    ASSERTED_IN_CASE = "asserted_in_case"              # 在案件中主张
    PLEDGED = "pledged"                                # 质押登记
    PLEDGE_RELEASED = "pledge_released"                # 质押注销
    TRANSFERRED = "transferred"                        # 转让
    FROZEN = "frozen"                                  # 冻结 / 保全 (a court, or CNIPA in a dispute)
    UNFROZEN = "unfrozen"                              # 解除冻结 / 解除保全


class Right(db.Model):
    __tablename__ = "ip_right"
    __table_args__ = (sa.UniqueConstraint("kind", "number", name="uq_ip_right_kind_number"),
                      enum_check("kind", RightKind), enum_check("status", RightStatus))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    # ZL202020123456.8 for a patent, the registration number for a trademark.
    number: Mapped[str] = mapped_column(sa.String(30), index=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    holder_name: Mapped[str] = mapped_column(sa.String(300), default="")
    holder_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"),
                                                       index=True)
    # As of the last event; ``register.status_on`` gives a day's status (expiry included).
    status: Mapped[str] = mapped_column(sa.String(20))
    filed_on: Mapped[date | None]
    granted_on: Mapped[date | None]      # grant (patents) or registration (trademarks)
    expires_on: Mapped[date | None]      # the last day in force, from ``terms``
    # As of the last event, like ``status`` (``register.standing_on`` gives a day's answer):
    # the last day the annuities paid cover (patents; None: the register does not know), and
    # whether a freeze recorded is not lifted (a freeze's own end date is a day's answer).
    annuity_paid_until: Mapped[date | None]
    frozen: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # IPC symbols, Locarno or Nice classes (``classes.for_kind``).
    classes: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    events: Mapped[list[RightEvent]] = relationship(
        back_populates="right",
        order_by=lambda: [RightEvent.occurred_on, RightEvent.id])

    @property
    def is_patent(self) -> bool:
        return UNDER_PATENT_LAW.get(self.kind, False)


class RightEvent(db.Model):
    __tablename__ = "ip_right_event"
    __table_args__ = (sa.Index("ix_ip_right_event_matter", "matter_type", "matter_id"),
                      enum_check("kind", EventKind))
    id: Mapped[int] = mapped_column(primary_key=True)
    right_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_right.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    occurred_on: Mapped[date]
    # The matter the event arose in (``"case"``, 12), if any; no foreign key into a domain.
    matter_type: Mapped[str | None] = mapped_column(sa.String(40))
    matter_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    right: Mapped[Right] = relationship(back_populates="events")
