"""Statutory periods as pure functions over dates (DOMAIN.md §5).

- The starting day is not counted (民事诉讼法 期间 article, Art. 85 since 2021).
- "N working days": the N-th working day after the start (行政处罚法 Art. 85 reads 二日、三日、
  五日、七日 as working days); adjusted working weekends count as working days.
- "N days": calendar days; a last day that is not a working day (a weekend or holiday) moves to
  the next working day. "N months": the same day N months on, or that month's last day when it
  has none; holidays inside the period are not deducted (SPC answer, 2014).
- Pauses (中止, 公告, 鉴定, 听证 …) stop the clock: the days they cover are added back.
- An approved extension is added to the original period's (unmoved) last day.
A period that reaches a year with no calendar data either raises ``UnknownCalendarYear``
(``strict=True``) or is computed on a Monday–Friday week and flagged ``provisional``.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from ipcenter.core.workdays import UnknownCalendarYear, WorkdayCalendar

UNITS = {"wd": "working days", "d": "days", "m": "months"}
_PERIOD = re.compile(r"^\s*(\d{1,4})\s*(wd|d|m)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # "wd", "d" or "m"

    @classmethod
    def parse(cls, text: str) -> "Period":
        """``"5wd"`` → 5 working days, ``"15d"`` → 15 days, ``"3m"`` → 3 months.

        Raises ``ValueError`` with the accepted forms."""
        match = _PERIOD.match(text or "")
        if not match:
            raise ValueError(f"not a period: {text!r} (write 5wd, 15d or 3m)")
        return cls(int(match.group(1)), match.group(2).lower())

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def describe_zh(self) -> str:
        return f"{self.amount}" + {"wd": "个工作日", "d": "日", "m": "个月"}[self.unit]


@dataclass(frozen=True)
class Pause:
    """The clock stood still from ``start`` (inclusive) to ``end`` (exclusive; None = still)."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class Due:
    on: date
    provisional: bool = False


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` later, or the last day of that month if it has none."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))


def _raw_end(start: date, period: Period, cal: WorkdayCalendar) -> date:
    if period.unit == "wd":
        return cal.add_workdays(start, period.amount)
    if period.unit == "d":
        return start + timedelta(days=period.amount)
    return add_months(start, period.amount)


def paused_days(pauses: Iterable[Pause], start: date, until: date) -> int:
    """Calendar days inside the pauses that fall after ``start``, counting open pauses to
    ``until``."""
    total = 0
    for p in pauses:
        begin = max(p.start, start + timedelta(days=1))
        end = p.end or until
        if end > begin:
            total += (end - begin).days
    return total


def paused_workdays(pauses: Iterable[Pause], start: date, until: date,
                    cal: WorkdayCalendar) -> int:
    total = 0
    for p in pauses:
        begin = max(p.start, start + timedelta(days=1))
        end = p.end or until
        day = begin
        while day < end:
            if cal.is_workday(day):
                total += 1
            day += timedelta(days=1)
    return total


def _compute(start: date, period: Period, cal: WorkdayCalendar, pauses: tuple[Pause, ...],
             extension: Period | None, today: date | None) -> date:
    end = _raw_end(start, period, cal)
    if extension is not None:
        end = _raw_end(end, extension, cal)
    if pauses:
        until = max(today or end, end)
        if period.unit == "wd":
            end = cal.add_workdays(end, paused_workdays(pauses, start, until, cal))
        else:
            end = end + timedelta(days=paused_days(pauses, start, until))
    return cal.next_workday(end)


def due_date(start: date, period: Period | str, cal: WorkdayCalendar, *,
             pauses: Iterable[Pause] = (), extension: Period | str | None = None,
             today: date | None = None, strict: bool = False) -> Due:
    """The last day of ``period`` started on ``start``.

    ``today`` bounds a pause that has not ended yet (the clock is still stopped, so the due
    date moves each day). Raises ``UnknownCalendarYear`` when ``strict`` and the period reaches
    a year without data; otherwise such a result is flagged ``provisional``.
    """
    period = Period.parse(period) if isinstance(period, str) else period
    if isinstance(extension, str):
        extension = Period.parse(extension)
    pauses = tuple(pauses)
    try:
        return Due(_compute(start, period, cal, pauses, extension, today))
    except UnknownCalendarYear:
        if strict:
            raise
        return Due(_compute(start, period, cal.provisional(), pauses, extension, today), True)



def bucket(due: date, today: date, cal: WorkdayCalendar, soon_workdays: int = 3) -> str:
    """``overdue``, ``soon`` (within ``soon_workdays`` working days) or ``later``."""
    if due < today:
        return "overdue"
    try:
        horizon = cal.add_workdays(today, soon_workdays)
    except UnknownCalendarYear:
        horizon = cal.provisional().add_workdays(today, soon_workdays)
    return "soon" if due <= horizon else "later"
