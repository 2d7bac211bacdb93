"""Template filters: dates as 2026年3月5日, amounts as ¥1,234.50, role and state names."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import Flask
from flask_babel import get_locale

from ipcenter.core.clock import CHINA


def _zh() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "zh"


def cn_date(value) -> str:
    """2026年3月5日 in Chinese, 5 Mar 2026 in English."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(CHINA).date()
    if _zh():
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value.strftime('%b')} {value.year}"


def cn_datetime(value) -> str:
    if value is None:
        return ""
    local = value.astimezone(CHINA)
    return f"{cn_date(local)} {local:%H:%M}"


def yuan(value) -> str:
    """¥1,234.50: two decimals, rounded half up, thousands separated."""
    if value is None:
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def weekday_zh(value: date) -> str:
    return "一二三四五六日"[value.weekday()]


def register(app: Flask) -> None:
    from ipcenter.auth.roles import ROLE_LABELS
    from ipcenter.web import nav

    app.jinja_env.filters.update(cn_date=cn_date, cn_datetime=cn_datetime, yuan=yuan,
                                 weekday_zh=weekday_zh)

    @app.context_processor
    def frame():
        locale = get_locale()
        return {"nav_items": nav.items(), "role_labels": ROLE_LABELS,
                "current_locale": str(locale) if locale else "zh_CN"}
