"""Mainland China's working-day calendar.

Weekends, statutory holidays and adjusted working weekends (调休) come from the
``chinesecalendar`` package; an admin-edited table (``CalendarDay`` / ``CalendarYear``) adds
years the package does not know yet and corrects single days. A date in a year known to
neither is never guessed silently: ``is_workday`` raises ``UnknownCalendarYear`` and the period
functions either raise it too or flag their result as provisional.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

import chinese_calendar


class UnknownCalendarYear(LookupError):
    """The working days of ``year`` are not known (neither the package nor an admin has them)."""

    def __init__(self, year: int):
        super().__init__(f"the working-day calendar of {year} is not known")
        self.year = year


def package_knows(year: int) -> bool:
    return _package_year(year) is not None


@cache
def _package_year(year: int) -> tuple[bool, ...] | None:
    """Whether each day of ``year`` (1 January first) is a working day as the package has it,
    or None when it does not know the year. Asked once a day and kept: the package's own
    ``is_workday`` checks its whole range of dates on every call (its data never changes in a
    running process)."""
    first = date(year, 1, 1)
    try:
        return tuple(chinese_calendar.is_workday(first + timedelta(days=i))
                     for i in range(_days_in(year)))
    except NotImplementedError:
        return None


@cache
def _week_year(year: int, fixed_holidays: bool) -> tuple[bool, ...]:
    """Each day of ``year`` on the Monday–Friday week (less the fixed-date holidays)."""
    first = date(year, 1, 1)
    days = (first + timedelta(days=i) for i in range(_days_in(year)))
    return tuple(d.weekday() < 5 and not (fixed_holidays and (d.month, d.day) in FIXED_HOLIDAYS)
                 for d in days)


def _days_in(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def _day_of_year(day: date) -> int:
    return day.toordinal() - date(day.year, 1, 1).toordinal()


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
        known = _package_year(day.year)
        if known is not None:
            return known[_day_of_year(day)]
        if self.assume_weekdays:
            return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS
        raise UnknownCalendarYear(day.year)

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

    def running_workdays(self, first: date, last: date) -> tuple[list[int], list[int]]:
        """Two running totals over the days after ``first`` up to ``last``: ``worked[i]``, the
        working days in (first, first + i], and ``guessed[i]``, how many of those days fall in
        a year the calendar does not know (counted as ``provisional()`` counts them, on the
        week less the fixed-date holidays). The working days from ``start`` to ``end`` within
        the span are then ``worked[b] - worked[a]`` (a, b their offsets from ``first``), the
        count ``workdays_between`` gives, provisional when ``guessed[b] > guessed[a]``.

        Built a year at a time from the flags of ``_package_year`` (the admin's days laid
        over), not a lookup per day."""
        working: list[bool] = []
        guessing: list[bool] = []
        day = first + timedelta(days=1)
        while day <= last:
            end = min(last, date(day.year, 12, 31))
            flags, guessed = self._year(day.year)
            a, b = _day_of_year(day), _day_of_year(end) + 1
            working.extend(flags[a:b])
            guessing.extend(guessed[a:b])
            day = end + timedelta(days=1)
        return (list(accumulate(working, initial=0)), list(accumulate(guessing, initial=0)))

    def _year(self, year: int) -> tuple[Sequence[bool], Sequence[bool]]:
        """Each day of ``year``: a working day or not, and guessed (an unknown year's) or not."""
        count = _days_in(year)
        if year in self.published_years:
            flags, guessed = _week_year(year, False), (False,) * count
        elif (known := _package_year(year)) is not None:
            flags, guessed = known, (False,) * count
        else:
            flags, guessed = _week_year(year, True), (True,) * count
        mine = [(day, working) for day, working in self.overrides.items() if day.year == year]
        if mine:
            flags, guessed = list(flags), list(guessed)
            for day, working in mine:
                flags[_day_of_year(day)], guessed[_day_of_year(day)] = working, False
        return flags, guessed

    def provisional(self) -> WorkdayCalendar:
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


_REQUEST_KEY = "workday_calendar"


def request_calendar() -> WorkdayCalendar:
    """The calendar of the request being served, loaded once for it (kept on ``flask.g``): a
    page whose parts each count working days (the director's statistics: the clocks due soon
    and the pre-examination's days to pass; the clocks' time left in a list) reads the admin's
    two tables once. Outside a request it is loaded afresh on each call. An edit of the
    calendar forgets it (``forget_request_calendar``), so a request that writes a day and then
    counts sees its own change."""
    from flask import g, has_request_context

    if not has_request_context():
        return load_calendar()
    cal = g.get(_REQUEST_KEY)
    if cal is None:
        cal = load_calendar()
        setattr(g, _REQUEST_KEY, cal)
    return cal


def forget_request_calendar() -> None:
    """Drop the request's calendar (after a write to ``CalendarDay`` or ``CalendarYear``)."""
    from flask import g, has_app_context

    if has_app_context():
        g.pop(_REQUEST_KEY, None)


def missing_years(cal: WorkdayCalendar, today: date, ahead: int = 1) -> list[int]:
    """Years from this one to ``ahead`` years on whose working days are not known."""
    return [y for y in range(today.year, today.year + ahead + 1) if not cal.knows(date(y, 1, 1))]
