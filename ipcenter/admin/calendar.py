"""A year of the working-day calendar laid out as month grids for the calendar page."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date

from ipcenter.core.workdays import UnknownCalendarYear, WorkdayCalendar

# What a day is, as shown on the page.
WORKDAY = "workday"          # an ordinary working day
ADJUSTED = "adjusted"        # a weekend day made a working day (调休上班)
HOLIDAY = "holiday"          # a weekday off: a statutory holiday or a bridge day
WEEKEND = "weekend"          # an ordinary Saturday or Sunday
UNKNOWN = "unknown"          # a year neither the package nor an admin has published


@dataclass(frozen=True)
class DayCell:
    day: date
    kind: str
    name: str = ""
    entered: bool = False    # from the admin's table, not from the official data


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: list[list[DayCell | None]]  # Monday first; None pads the first and last week


def _cell(cal: WorkdayCalendar, day: date, names: dict[date, str]) -> DayCell:
    entered = day in cal.overrides
    try:
        working = cal.is_workday(day)
    except UnknownCalendarYear:
        return DayCell(day, UNKNOWN)
    weekend = day.weekday() >= 5
    name = names.get(day) or ("" if entered else cal.holiday_name(day) or "")
    if working:
        kind = ADJUSTED if weekend else WORKDAY
    else:
        kind = WEEKEND if weekend and not name else HOLIDAY
    return DayCell(day, kind, name, entered)


def year_grid(cal: WorkdayCalendar, year: int, names: dict[date, str]) -> list[MonthGrid]:
    """Twelve month grids; ``names`` gives the admin's names for entered days (春节 …)."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([_cell(cal, d, names) if d.month == month else None for d in week])
        months.append(MonthGrid(year, month, weeks))
    return months
