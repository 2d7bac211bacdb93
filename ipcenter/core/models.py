"""Tables of the shared kernel. Domains refer to their rows by ``(subject_type, subject_id)``,
so the kernel never imports a domain's models."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.core.db import UTCDateTime, db


class CalendarYear(db.Model):
    """A year whose holidays and adjusted working days an admin has entered and published.

    Used for years the ``chinesecalendar`` package does not know yet (the State Council
    publishes each year's calendar around November)."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by: Mapped[int | None]
    source: Mapped[str] = mapped_column(sa.String(500), default="")


class CalendarDay(db.Model):
    """An admin's entry for one day: a holiday, or a weekend day made a working day (调休).

    An entry overrides the package's data for that day, in any year."""

    __tablename__ = "calendar_day"
    day: Mapped[date] = mapped_column(primary_key=True)
    is_workday: Mapped[bool]
    name: Mapped[str] = mapped_column(sa.String(100), default="")


# The open clocks of a role that no user or organisation holds yet: the shared queue.
_ORG_OPEN = "closed_at IS NULL AND assignee_user_id IS NULL"
_ROLE_QUEUE = "closed_at IS NULL AND assignee_user_id IS NULL AND assignee_org_id IS NULL"


class Deadline(db.Model):
    """A legal or internal time limit as a row: its start, its period, its pauses and its end.

    ``due_on`` is recomputed from ``starts_on``, ``period``, ``extension`` and the pauses
    whenever one of them changes (``ipcenter.core.timelimits``). ``provisional`` is set when the
    period reaches a year whose working days are not known yet."""

    __tablename__ = "deadline"
    # On PostgreSQL the table keeps a quarter of each page free (fillfactor 75, migration
    # f5a7c9e1b3d6), so that the scan's stamps are HOT updates that touch no index.
    __table_args__ = (
        sa.Index("ix_deadline_open_due", "closed_at", "due_on"),
        sa.Index("ix_deadline_subject", "subject_type", "subject_id"),
        # 我的工作: a user's open clocks, their organisation's, and each role's shared queue
        # (the clocks no one has claimed), each in due order; only open rows are indexed.
        sa.Index("ix_deadline_open_user", "assignee_user_id", "due_on", "id",
                 postgresql_where=sa.text("closed_at IS NULL"),
                 sqlite_where=sa.text("closed_at IS NULL")),
        sa.Index("ix_deadline_open_org", "assignee_org_id", "due_on", "id",
                 postgresql_where=sa.text(_ORG_OPEN), sqlite_where=sa.text(_ORG_OPEN)),
        sa.Index("ix_deadline_open_role", "assignee_role", "due_on", "id",
                 postgresql_where=sa.text(_ROLE_QUEUE),
                 sqlite_where=sa.text(_ROLE_QUEUE)),
        # The director's statistics: the open clocks of each subject, overdue and due soon.
        sa.Index("ix_deadline_open_subject", "subject_type", "due_on", "paused_on",
                 postgresql_where=sa.text("closed_at IS NULL"),
                 sqlite_where=sa.text("closed_at IS NULL")),
        # … and the steps closed in a period, within their limit or late (index only).
        sa.Index("ix_deadline_closed_steps", "closed_at", "subject_type", "kind", "outcome",
                 "title"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(sa.String(40))
    subject_id: Mapped[int]
    subject_label: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(60))
    title: Mapped[str] = mapped_column(sa.String(200))
    basis: Mapped[str] = mapped_column(sa.String(300), default="")
    starts_on: Mapped[date]
    period: Mapped[str] = mapped_column(sa.String(20))
    extension: Mapped[str | None] = mapped_column(sa.String(20))
    due_on: Mapped[date] = mapped_column(index=True)
    provisional: Mapped[bool] = mapped_column(default=False)
    paused_on: Mapped[date | None]
    assignee_user_id: Mapped[int | None] = mapped_column(index=True)
    assignee_org_id: Mapped[int | None] = mapped_column(index=True)
    assignee_role: Mapped[str | None] = mapped_column(sa.String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(sa.String(20))  # met / late / cancelled
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Stamped by the scan once the clock is past its due day (the overdue notice, once).
    overdue_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    pauses: Mapped[list["DeadlinePause"]] = relationship(
        back_populates="deadline", order_by="DeadlinePause.started_on",
        cascade="all, delete-orphan")


class DeadlinePause(db.Model):
    """A stretch during which a clock stood still (中止, 公告, 鉴定, 听证 …)."""

    __tablename__ = "deadline_pause"
    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(sa.ForeignKey("deadline.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(40))
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    deadline: Mapped[Deadline] = relationship(back_populates="pauses")


class AuditEvent(db.Model):
    """One append-only audit row; ``hash`` covers the row and the previous row's hash."""

    __tablename__ = "audit_event"
    # A case page's timeline: one object's rows in chain order.
    __table_args__ = (sa.Index("ix_audit_event_object", "object_type", "object_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40), default="")
    object_id: Mapped[str] = mapped_column(sa.String(40), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="{}")
    address: Mapped[str] = mapped_column(sa.String(64), default="")
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditHead(db.Model):
    """The chain's head, one row, locked while a row is appended so the chain never forks."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64))


class NumberSequence(db.Model):
    """The last number issued for one prefix and year, e.g. 中市监知裁字 2026 → 12."""

    __tablename__ = "number_sequence"
    __table_args__ = (sa.UniqueConstraint("prefix", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(sa.String(40))
    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)


class OutboxMessage(db.Model):
    """A task to run after the change that wrote it commits (the transactional outbox)."""

    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_message_pending", "sent_at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(sa.String(80))
    args: Mapped[str] = mapped_column(sa.Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by the task once it finished; sent but not done past the sweeper's window: sent again.
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resent: Mapped[int] = mapped_column(default=0, server_default="0")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")


class StoredFile(db.Model):
    """A blob in the content-addressed store: the same bytes are stored once."""

    __tablename__ = "stored_file"
    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
