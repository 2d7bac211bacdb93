"""Template filters: dates as 2026年3月5日, amounts as ¥1,234.50, role and state names."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from ipcenter.core import formatting, money


def _zh() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "zh"


def cn_date(value) -> str:
    """2026年3月5日 in Chinese, 5 Mar 2026 in English."""
    return formatting.zh_date(value) if _zh() else formatting.en_date(value)


def cn_datetime(value) -> str:
    """2026年3月5日 09:30 (5 Mar 2026 09:30 in English), in Beijing time."""
    if value is None:
        return ""
    return f"{cn_date(value)} {formatting.clock_time(value)}"


def message(text) -> str:
    """A refusal or a notice as the user reads it: the days in it written as the page
    writes them (2026年12月7日), whatever the rule that worded it."""
    return formatting.days_in_words(str(text), cn_date)


def time_left(clock) -> str:
    """What a running clock has left, in its period's unit: 还剩3个工作日, 还剩10天, 今日到期,
    已逾期2个工作日. The calendar is read once a request."""
    from flask_babel import gettext

    from ipcenter.core import clock as clocks
    from ipcenter.core.workdays import request_calendar
    from ipcenter.core.worklist import time_left as left_of

    n, working = left_of(clock.row, clocks.today(), request_calendar())
    if n == 0:
        return gettext("due today")
    if working:
        return gettext("%(n)s working days left", n=n) if n > 0 else \
            gettext("%(n)s working days overdue", n=-n)
    return gettext("%(n)s days left", n=n) if n > 0 else gettext("%(n)s days overdue", n=-n)


# ¥1,234.50: two decimals, rounded half up, thousands separated.
yuan = money.with_symbol
weekday_zh = formatting.weekday_zh


def register(app: Flask) -> None:
    from ipcenter.auth.roles import ROLE_LABELS
    from ipcenter.web import nav

    app.jinja_env.filters.update(cn_date=cn_date, cn_datetime=cn_datetime, yuan=yuan,
                                 weekday_zh=weekday_zh, message=message,
                                 time_left=time_left)

    @app.context_processor
    def frame():
        locale = get_locale()
        return {"nav_items": nav.items(), "role_labels": ROLE_LABELS,
                "current_locale": str(locale) if locale else "zh_CN"}
