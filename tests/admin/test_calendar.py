"""The working-day calendar pages: viewing a year, entering days, publishing a year the
``chinesecalendar`` package does not know (2027).

Set-up rows are committed before a request that is refused: the refused request rolls the
session back, and uncommitted set-up would go with it.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from ipcenter.core.models import CalendarDay, CalendarYear
from ipcenter.core.workdays import UnknownCalendarYear, load_calendar
from tests.auth.support import audit_rows
from tests.conftest import login, post_form

SOURCE = "国办发明电〔2026〕12号"


def enter_day(client, day: str, is_workday: bool, name: str = ""):
    return post_form(client, "/admin/calendar/edit?year=" + day[:4],
                     {"day": day, "is_workday": "1" if is_workday else "0", "name": name})


def kinds(html: str) -> dict[str, str]:
    """What the page shows for each day: date → workday / weekend / holiday / adjusted / …"""
    return dict(re.findall(r'data-date="([\d-]+)" data-kind="(\w+)"', html))


def test_2026_comes_from_the_official_data(client, make_user):
    make_user("adjudicator", username="judge")
    login(client, "judge")
    html = client.get("/admin/calendar?year=2026").get_data(as_text=True)
    shown = kinds(html)
    assert len(shown) == 365
    assert shown["2026-10-01"] == "holiday"    # 国庆节, a Thursday
    assert shown["2026-02-14"] == "adjusted"   # a Saturday worked for the Spring Festival
    assert shown["2026-03-04"] == "workday"
    assert shown["2026-03-07"] == "weekend"
    assert "国庆节" in html
    assert "Edit the calendar" not in html and "/admin/calendar/edit" not in html


def test_admin_publishes_2027(client, db, admin):
    cal = load_calendar()
    with pytest.raises(UnknownCalendarYear):
        cal.is_workday(date(2027, 3, 3))
    html = client.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert set(kinds(html).values()) == {"unknown"}

    assert enter_day(client, "2027-01-01", False, "元旦").status_code == 302
    assert enter_day(client, "2027-02-08", False, "春节").status_code == 302
    assert enter_day(client, "2027-02-20", True, "春节调休").status_code == 302
    response = post_form(client, "/admin/calendar/2027/publish", {"source": SOURCE},
                         page="/admin/calendar/edit?year=2027")
    assert response.status_code == 302

    cal = load_calendar()
    assert cal.knows(date(2027, 6, 1))
    assert cal.is_workday(date(2027, 1, 1)) is False    # 元旦, a Friday
    assert cal.is_workday(date(2027, 2, 8)) is False    # 春节, a Monday
    assert cal.is_workday(date(2027, 2, 20)) is True    # 调休, a Saturday
    assert cal.is_workday(date(2027, 3, 3)) is True     # an ordinary Wednesday
    assert cal.is_workday(date(2027, 3, 6)) is False    # an ordinary Saturday
    assert cal.add_workdays(date(2027, 2, 5), 1) == date(2027, 2, 9)

    row = db.session.get(CalendarYear, 2027)
    assert row.source == SOURCE and row.published_by == admin.id
    html = client.get("/admin/calendar?year=2027").get_data(as_text=True)
    shown = kinds(html)
    assert (shown["2027-01-01"], shown["2027-02-20"], shown["2027-03-03"]) == (
        "holiday", "adjusted", "workday")
    assert SOURCE in html and "春节调休" in html
    [published] = audit_rows(db, "calendar.year_published")
    assert json.loads(published.detail) == {"source": SOURCE, "entries": 3}
    assert len(audit_rows(db, "calendar.day_set")) == 3


def test_a_year_without_holidays_is_not_published(client, db, admin):
    response = post_form(client, "/admin/calendar/2027/publish", {"source": SOURCE},
                         page="/admin/calendar/edit?year=2027")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'data-testid="error-source"' in html
    assert "No holiday has been entered for 2027 yet." in html
    assert f'value="{SOURCE}"' in html
    assert db.session.get(CalendarYear, 2027) is None


def test_a_year_the_package_knows_is_not_published(client, db, admin):
    enter_day(client, "2026-10-09", False, "补休")
    response = post_form(client, "/admin/calendar/2026/publish", {"source": SOURCE},
                         page="/admin/calendar/edit?year=2026")
    assert response.status_code == 409
    assert "comes from the official data already" in response.get_data(as_text=True)
    assert db.session.get(CalendarYear, 2026) is None


def test_a_single_day_of_a_known_year_can_be_corrected_and_removed(client, db, admin):
    assert load_calendar().is_workday(date(2026, 10, 9)) is True
    enter_day(client, "2026-10-09", False, "临时休假")
    assert load_calendar().is_workday(date(2026, 10, 9)) is False
    html = client.get("/admin/calendar/edit?year=2026").get_data(as_text=True)
    assert "临时休假" in html
    response = post_form(client, "/admin/calendar/days/2026-10-09/remove", {},
                         page="/admin/calendar/edit?year=2026")
    assert response.status_code == 302
    assert db.session.get(CalendarDay, date(2026, 10, 9)) is None
    assert load_calendar().is_workday(date(2026, 10, 9)) is True
    assert len(audit_rows(db, "calendar.day_removed")) == 1


def test_entering_a_day_again_replaces_it(client, db, admin):
    enter_day(client, "2027-02-08", False, "春节")
    enter_day(client, "2027-02-08", True, "")
    assert db.session.get(CalendarDay, date(2027, 2, 8)).is_workday is True


def test_a_day_without_a_date_is_refused(client, db, admin):
    response = post_form(client, "/admin/calendar/edit?year=2027",
                         {"day": "2027-02-30", "is_workday": "0", "name": "春节"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'data-testid="error-day"' in html
    assert 'value="春节"' in html


def test_staff_see_the_calendar_but_cannot_change_it(client, db, make_user):
    staff = make_user("examiner", username="examiner")
    login(client, "examiner")
    assert client.get("/admin/calendar?year=2027").status_code == 200
    response = post_form(client, "/admin/calendar/edit?year=2027",
                         {"day": "2027-01-01", "is_workday": "0", "name": "元旦"},
                         page="/admin/calendar")
    assert response.status_code == 403
    assert db.session.get(CalendarDay, date(2027, 1, 1)) is None
    response = post_form(client, "/admin/calendar/2027/publish", {"source": SOURCE},
                         page="/admin/calendar")
    assert response.status_code == 403
    assert db.session.get(CalendarYear, 2027) is None
    refused = audit_rows(db, "permission.refused", actor_id=staff.id)
    assert [json.loads(r.detail)["action"] for r in refused] == ["admin.calendar"] * 2


@pytest.mark.parametrize("year", ["1800", "99999"])
def test_a_year_out_of_range_is_not_found(client, admin, year):
    assert client.get(f"/admin/calendar?year={year}").status_code == 404
