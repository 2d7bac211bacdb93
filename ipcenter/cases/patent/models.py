"""What a patent dispute records beyond the shared case: the periods its decision clock does
not count (公告, 鉴定, 中止), each a dated event with its reason and its documents."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcenter.cases.models import CaseDocument, PatentCase
from ipcenter.core.db import db, enum_check


class PauseKind(StrEnum):
    ANNOUNCEMENT = "announcement"   # 公告 (e.g. service by public announcement)
    APPRAISAL = "appraisal"         # 鉴定 (technical appraisal commissioned)
    SUSPENSION = "suspension"       # 中止 (an invalidation request accepted by CNIPA)


class PatentPause(db.Model):
    """A stretch of time the decision limit does not count (专利行政执法办法 and
    专利纠纷行政裁决和调解办法: 公告、鉴定、中止 are not counted): from ``started_on`` to
    ``ended_on`` (open while None). The document it started with (a commission letter, the
    announcement, the suspension notice) and the one it ended with are the case's files."""

    __tablename__ = "patent_pause"
    __table_args__ = (enum_check("kind", PauseKind),
                      sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on",
                                         name="ends_after_start"))
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("patent_case.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.Text)
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    outcome: Mapped[str] = mapped_column(sa.Text, default="")
    # None for a suspension carried over from before the periods were recorded as events.
    started_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    ended_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    start_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_document.id"))
    end_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_document.id"))

    start_document: Mapped[CaseDocument | None] = relationship(
        foreign_keys=[start_document_id])
    end_document: Mapped[CaseDocument | None] = relationship(foreign_keys=[end_document_id])

    @property
    def days(self) -> int | None:
        """Calendar days not counted (the first day to the day before it ended), or None while
        open."""
        return None if self.ended_on is None else (self.ended_on - self.started_on).days


PatentCase.pauses = relationship(PatentPause, order_by=(PatentPause.started_on, PatentPause.id),
                                 cascade="all, delete-orphan")
