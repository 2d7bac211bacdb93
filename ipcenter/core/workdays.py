"""Mainland China's working-day calendar.

Weekends, statutory holidays and adjusted working weekends (调休) come from the
``chinesecalendar`` package; an admin-edited table (``CalendarDay`` / ``CalendarYear``) adds
years the package does not know yet and corrects single days. A date in a year known to
neither is never guessed silently: ``is_workday`` raises ``UnknownCalendarYear`` and the period
functions either raise it too or flag their result as provisional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Mapping

import chinese_calendar


class UnknownCalendarYear(LookupError):
    """The working days of ``year`` are not known (neither the package nor an admin has them)."""

    def __init__(self, year: int):
        super().__init__(f"the working-day calendar of {year} is not known")
        self.year = year


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
        return True
    except NotImplementedError:
        return False


@dataclass(frozen=True)
class WorkdayCalendar:
    """Answers ``is_workday``. ``overrides`` maps single days to working (True) or not;
    ``published_years`` are years an admin has entered completely."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    published_years: frozenset[int] = frozenset()
    # Set for a provisional computation: unknown years follow the Monday–Friday week less the
    # fixed-date statutory holidays.
    assume_weekdays: bool = False

    def knows(self, day: date) -> bool:
        return day.year in self.published_years or package_knows(day.year)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in self.published_years:
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if self.assume_weekdays:
                return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS
            raise UnknownCalendarYear(day.year) from None

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name for display (Chinese), or None."""
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return None
        if not on_holiday or name is None:
            return None
        return HOLIDAY_NAMES.get(name, name)

    def next_workday(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next working day."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (the start day itself is not counted)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def provisional(self) -> "WorkdayCalendar":
        return WorkdayCalendar(self.overrides, self.published_years, assume_weekdays=True)


# The statutory holidays on fixed solar dates (全国年节及纪念日放假办法, 2024 revision): 元旦 1,
# 劳动节 2, 国庆节 3. A provisional computation for an unpublished year at least keeps these off;
# the lunar holidays and the 调休 swaps are unknowable until the State Council publishes them.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def load_calendar() -> WorkdayCalendar:
    """The calendar with the admin's table applied (needs an application context)."""
    import sqlalchemy as sa

    from ipcenter.core.db import db
    from ipcenter.core.models import CalendarDay, CalendarYear

    days = db.session.execute(sa.select(CalendarDay.day, CalendarDay.is_workday)).all()
    years = db.session.execute(
        sa.select(CalendarYear.year).where(CalendarYear.published_at.is_not(None))).scalars()
    return WorkdayCalendar({d: w for d, w in days}, frozenset(years))


def missing_years(cal: WorkdayCalendar, today: date, ahead: int = 1) -> list[int]:
    """Years from this one to ``ahead`` years on whose working days are not known."""
    return [y for y in range(today.year, today.year + ahead + 1) if not cal.knows(date(y, 1, 1))]
