"""Dates and times as the centre writes them: 2026年3月5日, in Beijing time.

One implementation each, for the page filters (``ipcenter.web.filters``), the official documents
(``ipcenter.core.pdf``) and the command line. A ``datetime`` is an instant and is written as
the day and hour in Beijing (a naive one is taken to be Beijing time already); a ``date`` is
written as it is. Amounts in 元 are written by ``ipcenter.core.money`` (``figures``,
``with_symbol``, ``with_unit``, ``upper``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from babel.dates import format_date

from ipcenter.core.clock import CHINA

WEEKDAYS = "一二三四五六日"


def beijing(value: datetime) -> datetime:
    """The instant in Beijing time (a naive datetime is taken to be Beijing time)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=CHINA)
    return value.astimezone(CHINA)


def _day(value: date | datetime) -> date:
    return beijing(value).date() if isinstance(value, datetime) else value


def zh_date(value) -> str:
    """2026年3月5日 (Arabic numerals, as GB/T 9704 writes the 成文日期); "" for None or ""."""
    if value is None or value == "":
        return ""
    day = _day(value)
    return f"{day.year}年{day.month}月{day.day}日"


def en_date(value) -> str:
    """5 Mar 2026; "" for None."""
    if value is None:
        return ""
    return format_date(_day(value), "d MMM y", locale="en")


def weekday_zh(value: date | datetime) -> str:
    """五 for a Friday (the caller writes 星期 or 周 before it)."""
    return WEEKDAYS[_day(value).weekday()]


def clock_time(value: datetime) -> str:
    """09:30, in Beijing time."""
    return f"{beijing(value):%H:%M}"


def zh_datetime(value) -> str:
    """2026年4月10日（星期五）上午9时30分, in Beijing time; "" for None."""
    if value is None:
        return ""
    local = beijing(value)
    hour = local.hour
    period = "上午" if hour < 12 else "下午"
    hour12 = hour if hour <= 12 else hour - 12
    minutes = f"{local.minute}分" if local.minute else ""
    return f"{zh_date(local)}（星期{weekday_zh(local)}）{period}{hour12}时{minutes}"


# A day written the ISO way inside a sentence (2026-12-07), not part of a longer number.
_ISO_DAY = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def days_in_words(text: str, write: Callable[[date], str] = zh_date) -> str:
    """``text`` with each ISO day in it (2026-12-07) written by ``write`` (2026年12月7日):
    for messages that reach a page from rules that named a day the machine's way."""
    def one(match: re.Match) -> str:
        try:
            return write(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]
    return _ISO_DAY.sub(one, text)
