"""The one place that reads the time.

Services take ``now`` as an argument; entry points get it from here. ``IPCENTER_FIXED_NOW``
pins the clock for demos and browser tests.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

CHINA = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current instant, timezone-aware (UTC)."""
    if has_app_context():
        fixed = current_app.config.get("IPCENTER_FIXED_NOW")
        if fixed:
            value = datetime.fromisoformat(fixed)
            if value.tzinfo is None:
                value = value.replace(tzinfo=CHINA)
            return value.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def local_date(instant: datetime) -> date:
    """The calendar date in China of an instant: legal periods count Beijing days."""
    return instant.astimezone(CHINA).date()


def today() -> date:
    return local_date(now())
