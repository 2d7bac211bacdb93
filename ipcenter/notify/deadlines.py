"""The notices of the deadline scan: a clock due within 3 working days is noticed to whoever it
is for, and again once it is overdue — each once: the scan stamps a clock once for each
(``timelimits.mark_due``, ``mark_overdue``) and the notice's key names the clock and which, so
a scan run again notices nothing new, and a clock first seen overdue gets one notice.

Set-based: a batch of the scan (up to 10,000 clocks) takes the same few statements whatever
its size — the clocks with their recipients (one query), the recipients and their channels,
then the notices, deliveries and outbox messages each in one insert per 1,000 rows
(``services.notify_many``); a notice a user has already is skipped by the insert itself
(``ON CONFLICT DO NOTHING`` on the user and key)."""

from __future__ import annotations

from datetime import date, datetime

from ipcenter.core.formatting import zh_date
from ipcenter.notify import links, recipients
from ipcenter.notify.services import Pending, notify_many

DUE, OVERDUE = "deadline.due", "deadline.overdue"


def notice_text(title: str, label: str, due_on: date, overdue: bool) -> str:
    """What the notice of a clock says (due soon, or overdue)."""
    if overdue:
        return f"期限已届满：{title}（{label}），已于{zh_date(due_on)}届满，请尽快处理。"
    return f"期限将至：{title}（{label}），{zh_date(due_on)}届满。"


def notice_due(ids: list[int], now: datetime, today: date) -> None:
    """Notice the clocks the scan just stamped (``ids``), in the scan's batch transaction; each
    notice links to the matter its clock runs on (``links``), or to 我的工作 when that has no
    page or the clock is a role's (a queue's work: the recipient may not be one who can open
    the matter, and 我的工作 lists the clock for them)."""
    pending = []
    for row in recipients.of_clocks(ids):
        overdue = row.due_on < today
        pending.append(Pending(
            row.user_id, OVERDUE if overdue else DUE, row.subject_type, row.subject_id,
            notice_text(row.title, row.subject_label, row.due_on, overdue),
            "/dashboard" if row.pooled else
            links.url_of(row.subject_type, row.subject_id, default="/dashboard"),
            f"deadline:{row.id}:{'overdue' if overdue else 'due'}"))
    notify_many(pending, now=now)
