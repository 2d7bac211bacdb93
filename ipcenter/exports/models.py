"""An export: one user's request for a register (the case list, the loan list, the
pre-examination list) as a file, with the filters the list had, built by a task and kept
until it expires (then purged: the row stays, its file goes). Its progress (``rows_done`` of ``rows_total``) is committed chunk by chunk,
so the exports page can show it while the task runs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.core.db import UTCDateTime, db, enum_check


class ExportState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    PURGED = "purged"   # past its expiry: its file removed from the store (``purge_expired``)


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class Export(db.Model):
    __tablename__ = "export"
    __table_args__ = (
        enum_check("state", ExportState),
        enum_check("format", ExportFormat),
        # The exports page: a user's own, newest first.
        sa.Index("ix_export_owner_created", "owner_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    # Which register (``exports.registers.REGISTERS``) and its filters as the list read them.
    register: Mapped[str] = mapped_column(sa.String(20))
    filters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    format: Mapped[str] = mapped_column(sa.String(10))
    state: Mapped[str] = mapped_column(sa.String(10), default=ExportState.QUEUED)
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None]
    file_sha256: Mapped[str | None] = mapped_column(sa.ForeignKey("stored_file.sha256"))
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    error: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def ready(self) -> bool:
        return self.state == ExportState.DONE and self.file_sha256 is not None

    def expired(self, now: datetime) -> bool:
        """Whether its week is over (or its file already purged): never offered, never built
        again."""
        return self.state == ExportState.PURGED or self.expires_at <= now

    def downloadable(self, now: datetime) -> bool:
        """Whether its file is offered now: built, and not yet expired."""
        return self.ready and self.expires_at > now

    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
