"""Statutory periods on real 2025 and 2026 dates (国务院办公厅 holiday notices)."""

from datetime import date

import pytest

from ipcenter.core.deadlines import Pause, Period, add_months, bucket, due_date
from ipcenter.core.workdays import UnknownCalendarYear, WorkdayCalendar

CAL = WorkdayCalendar()


@pytest.mark.parametrize("start, period, expected", [
    # National Day 2026: 1–7 October off, Saturday 10 October a working day (调休).
    # From Tue 29 Sep: 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct (4), Mon 12 Oct (5).
    (date(2026, 9, 29), "5wd", date(2026, 10, 12)),
    # Spring Festival 2026: 15–23 February off, Saturdays 14 and 28 February working.
    # From Thu 12 Feb: 13 Feb (1), Sat 14 Feb (2), 24 Feb (3), 25 Feb (4), 26 Feb (5).
    (date(2026, 2, 12), "5wd", date(2026, 2, 26)),
    # National Day 2025: 1–8 October off, Sunday 28 September and Saturday 11 October working.
    (date(2025, 9, 26), "5wd", date(2025, 10, 10)),
    # 15 days from 16 Sep 2026 end on 1 Oct, a holiday: the period ends on 8 Oct.
    (date(2026, 9, 16), "15d", date(2026, 10, 8)),
    # A 15-day answer period ending on a plain Saturday moves to Monday.
    (date(2026, 3, 6), "15d", date(2026, 3, 23)),
    # 3 months from 31 January: 30 April (April has no 31st).
    (date(2026, 1, 31), "3m", date(2026, 4, 30)),
    # 1 month from 31 January 2026: 28 February, an adjusted working Saturday: not moved.
    (date(2026, 1, 31), "1m", date(2026, 2, 28)),
    # 3 months from 30 Nov 2025, across the year end, to the same working Saturday.
    (date(2025, 11, 30), "3m", date(2026, 2, 28)),
    # 3 months from 1 Feb 2026 end on 1 May, Labour Day (1–5 May 2026): moved to 6 May.
    (date(2026, 2, 1), "3m", date(2026, 5, 6)),
])
def test_due_dates_on_real_calendar(start, period, expected):
    due = due_date(start, period, CAL, strict=True)
    assert due.on == expected
    assert not due.provisional


def test_start_day_is_not_counted():
    # Monday 9 March 2026 + 1 working day is Tuesday, not Monday itself.
    assert due_date(date(2026, 3, 9), "1wd", CAL).on == date(2026, 3, 10)
    assert due_date(date(2026, 3, 9), "1d", CAL).on == date(2026, 3, 10)


def test_pause_is_added_back():
    # Decision limit 3 months from 立案 on 2 March 2026; suspended 1–21 April (20 days).
    plain = due_date(date(2026, 3, 2), "3m", CAL)
    paused = due_date(date(2026, 3, 2), "3m", CAL, pauses=[Pause(date(2026, 4, 1),
                                                                 date(2026, 4, 21))])
    assert plain.on == date(2026, 6, 2)
    assert paused.on == date(2026, 6, 22)  # 2 June + 20 days; 22 June is a Monday


def test_open_pause_moves_the_due_date_each_day():
    start, pause = date(2026, 3, 2), Pause(date(2026, 5, 20))
    on_29th = due_date(start, "3m", CAL, pauses=[pause], today=date(2026, 5, 29)).on
    on_30th = due_date(start, "3m", CAL, pauses=[pause], today=date(2026, 6, 30)).on
    assert on_29th < on_30th


def test_extension_is_added_to_the_original_last_day():
    # 3 months + the director's 1-month extension + the 20-day suspension.
    due = due_date(date(2026, 3, 2), "3m", CAL, extension="1m",
                   pauses=[Pause(date(2026, 4, 1), date(2026, 4, 21))])
    assert due.on == date(2026, 7, 22)


def test_working_day_period_with_pause_skips_paused_working_days():
    # 5 working days from Mon 9 March; paused Wed 11 – Fri 13 (2 working days: 11, 12).
    due = due_date(date(2026, 3, 9), "5wd", CAL, pauses=[Pause(date(2026, 3, 11),
                                                                date(2026, 3, 13))])
    assert due.on == date(2026, 3, 18)


def test_year_without_data_is_refused_when_strict():
    with pytest.raises(UnknownCalendarYear) as info:
        due_date(date(2026, 12, 20), "15wd", CAL, strict=True)
    assert info.value.year == 2027


def test_year_without_data_is_flagged_provisional():
    due = due_date(date(2026, 12, 17), "15d", CAL)
    assert due.provisional
    # 1 January 2027 is New Year's Day whatever the calendar will say: moved to Monday 4th.
    assert due.on == date(2027, 1, 4)


def test_period_inside_a_known_year_is_not_provisional_even_near_year_end():
    assert not due_date(date(2026, 12, 1), "5wd", CAL).provisional


def test_published_year_makes_the_period_definite():
    cal = WorkdayCalendar(overrides={date(2027, 1, 1): False}, published_years=frozenset({2027}))
    due = due_date(date(2026, 12, 17), "15d", cal, strict=True)
    assert due == type(due)(date(2027, 1, 4), False)


def test_admin_override_beats_the_package():
    # An override turning Monday 12 Oct 2026 into a holiday pushes the 5wd result to Tuesday.
    cal = WorkdayCalendar(overrides={date(2026, 10, 12): False})
    assert due_date(date(2026, 9, 29), "5wd", cal).on == date(2026, 10, 13)


@pytest.mark.parametrize("text, expected", [("5wd", Period(5, "wd")), ("15d", Period(15, "d")),
                                            ("3m", Period(3, "m")), (" 3M ", Period(3, "m"))])
def test_period_parse(text, expected):
    assert Period.parse(text) == expected


@pytest.mark.parametrize("text", ["", "5", "wd", "5w", "-3m", "3 months", "5wd5"])
def test_period_parse_refuses_other_forms(text):
    with pytest.raises(ValueError):
        Period.parse(text)


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 8, 31), 1) == date(2026, 9, 30)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


@pytest.mark.parametrize("due, expected", [
    (date(2026, 9, 28), "overdue"),
    (date(2026, 9, 29), "soon"),
    # Three working days from Tue 29 Sep 2026: 30 Sep, 8 Oct, 9 Oct (across National Day).
    (date(2026, 10, 9), "soon"),
    (date(2026, 10, 10), "later"),
])
def test_bucket_counts_working_days(due, expected):
    assert bucket(due, date(2026, 9, 29), CAL) == expected
