"""The notices of the deadline scan: a clock due within 3 working days is noticed to whoever it
is for, and again once it is overdue — each once: the scan stamps a clock once for each
(``timelimits.mark_due``, ``mark_overdue``) and the notice's key names the clock and which, so
a scan run again notices nothing new, and a clock first seen overdue gets one notice."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from ipcenter.core.db import db
from ipcenter.core.formatting import zh_date
from ipcenter.core.models import Deadline
from ipcenter.notify import recipients
from ipcenter.notify.services import notify

DUE, OVERDUE = "deadline.due", "deadline.overdue"


def notice_due(ids: list[int], now: datetime, today: date) -> None:
    """Notice the clocks the scan just stamped (``ids``), in the scan's batch transaction."""
    rows = db.session.execute(sa.select(Deadline).where(Deadline.id.in_(ids))
                              .order_by(Deadline.id)).scalars()
    for row in rows:
        overdue = row.due_on < today
        if overdue:
            text = (f"期限已届满：{row.title}（{row.subject_label}），"
                    f"已于{zh_date(row.due_on)}届满，请尽快处理。")
        else:
            text = f"期限将至：{row.title}（{row.subject_label}），{zh_date(row.due_on)}届满。"
        event = OVERDUE if overdue else DUE
        notify(recipients.of_clock(row), event, (row.subject_type, row.subject_id), text,
               "/dashboard", f"deadline:{row.id}:{'overdue' if overdue else 'due'}", now=now)
