"""The working-day calendar's running totals (what the statistics count days to pass with) and
the request's calendar, read once a page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ipcenter.core.workdays import WorkdayCalendar, package_knows, request_calendar
from tests.web.test_query_counts import counting

NOW = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)


def _selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def _between(calendar, start, end):
    """``workdays_between`` of the provisional calendar when a year is unknown."""
    return calendar.provisional().workdays_between(start, end)


def test_the_running_totals_agree_day_by_day_with_the_calendar():
    """Across the Spring Festival and National Day (with their 调休 weekends), an admin's
    correction, a year an admin published and a year nobody knows yet: every difference of
    the totals is what ``workdays_between`` counts, flagged when it reaches the unknown year."""
    unknown = next(y for y in range(2030, 2100) if not package_knows(y))
    published = unknown - 1 if not package_knows(unknown - 1) else None
    overrides = {date(2026, 3, 2): False,                 # a Monday off
                 date(2026, 3, 7): True,                  # a Saturday worked
                 date(unknown, 1, 5): False}              # a day of the unknown year set
    calendar = WorkdayCalendar(overrides, frozenset({published} if published else ()))
    for first, last in [(date(2025, 12, 20), date(2026, 11, 10)),
                        (date(unknown - 1, 12, 1), date(unknown, 1, 31))]:
        worked, guessed = calendar.running_workdays(first, last)
        assert len(worked) == len(guessed) == (last - first).days + 1
        for a in range(0, len(worked), 7):
            for b in range(a, len(worked), 11):
                start, end = first + timedelta(days=a), first + timedelta(days=b)
                assert worked[b] - worked[a] == _between(calendar, start, end), (start, end)
                reaches_unknown = any(
                    (d := start + timedelta(days=i)).year == unknown and d not in overrides
                    for i in range(1, b - a + 1))
                assert (guessed[b] > guessed[a]) == reaches_unknown


def test_the_package_days_are_the_package_own():
    import chinese_calendar

    calendar = WorkdayCalendar()
    day = date(2026, 1, 1)
    while day < date(2027, 1, 1):
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_a_page_reads_the_calendar_once_and_sees_its_own_edit(app, db):
    from ipcenter.admin import services

    with app.test_request_context("/"):
        with counting() as statements:
            first = request_calendar()
            again = request_calendar()
        assert again is first and len(_selects(statements)) == 2       # the admin's two tables, once
        assert first.is_workday(date(2026, 3, 2))            # a Monday
        services.set_calendar_day(date(2026, 3, 2), is_workday=False, name="测试", actor=None,
                                  now=NOW)
        assert not request_calendar().is_workday(date(2026, 3, 2))
    with app.test_request_context("/"):                      # the next request reads afresh
        assert not request_calendar().is_workday(date(2026, 3, 2))


def test_outside_a_request_each_call_reads_the_tables(app, db):
    with counting() as statements:
        request_calendar()
        request_calendar()
    assert len(_selects(statements)) == 4
