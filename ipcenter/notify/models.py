"""The notices a user reads in the application (the bell), what each was sent on besides
(e-mail, SMS: one ``NoticeDelivery`` per notice and channel) and the channels a user chose."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.core.db import UTCDateTime, db


class Notice(db.Model):
    """One notice to one user about one event. ``dedupe_key`` names the event (``case:12:
    accept``, ``deadline:40:due``): a user gets one notice per key, however often the event is
    announced. ``action`` names what the user may do from the notice (``service.acknowledge``
    on ``action_ref``, a service record), done at ``acted_at``."""

    __tablename__ = "notice"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "dedupe_key", name="uq_notice_user_dedupe_key"),
        # The bell: a user's unread notices; the list: a user's notices, newest first.
        sa.Index("ix_notice_user_unread", "user_id", "id",
                 postgresql_where=sa.text("read_at IS NULL"),
                 sqlite_where=sa.text("read_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    event: Mapped[str] = mapped_column(sa.String(60))
    subject_type: Mapped[str] = mapped_column(sa.String(40), default="")
    subject_id: Mapped[int | None]
    text: Mapped[str] = mapped_column(sa.String(500))
    url: Mapped[str] = mapped_column(sa.String(300), default="")
    dedupe_key: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(60), default="")
    action_ref: Mapped[int | None]
    acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    deliveries: Mapped[list[NoticeDelivery]] = relationship(back_populates="notice")


class NoticeDelivery(db.Model):
    """A notice sent (or to be sent) on one channel: claimed by the sender, then ``sent_at``;
    one row per notice and channel, so an event is never sent twice on a channel. A send that
    failed records its error and is tried again, ``MAX_ATTEMPTS`` times at most, then is given
    up (``failed_at``). An administrator may send a given-up delivery again once
    (``requeued_at``, ``requeued_by_id``): ``MAX_ATTEMPTS`` more tries."""

    __tablename__ = "notice_delivery"
    __table_args__ = (
        sa.UniqueConstraint("notice_id", "channel", name="uq_notice_delivery_notice_channel"),
        # The administrator's list of given-up deliveries, newest first.
        sa.Index("ix_notice_delivery_given_up", "failed_at", "id",
                 postgresql_where=sa.text("failed_at IS NOT NULL"),
                 sqlite_where=sa.text("failed_at IS NOT NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(sa.ForeignKey("notice.id"), index=True)
    channel: Mapped[str] = mapped_column(sa.String(20))
    address: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # given up
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.String(2000), default="")
    requeued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    requeued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    notice: Mapped[Notice] = relationship(back_populates="deliveries")


class NoticeChannel(db.Model):
    """A channel (``email``, ``sms``) a user chose to receive notices on, besides the bell."""

    __tablename__ = "notice_channel"
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
