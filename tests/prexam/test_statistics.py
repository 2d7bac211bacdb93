"""The statistics on a small year of requests made through the services, and the page: who may
open it, its figures and charts, its period form, and a number of statements that does not grow
with the number of requests.

The year (2026), by request:

- A: utility model, submitted Wed 1 April, passed the same day with no opinion (0 working
  days), filed at CNIPA on 3 April, granted on 8 April (5 calendar days);
- B: utility model, submitted Thu 30 April, one opinion, passed Wed 6 May across the May Day
  holiday (1–5 May off: 1 working day, 6 May), filed 7 May, granted 19 May (12 days);
- C: design, failed on 2 April (no opinion);
- D: utility model, returned as outside the scope;
- E: design, withdrawn by the firm;
- F: utility model, by the second examiner: two opinions, passed Fri 10 April (2, 3, 7, 8, 9,
  10 April: 4–6 April are the Qingming holiday — 6 working days);
- G: utility model submitted on 1 January 07:00 in Beijing (31 December 23:00 UTC): in 2026,
  January; H: submitted on 31 December 2025 23:30 in Beijing: not in 2026.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ipcenter.ip import numbers
from ipcenter.prexam import services, statistics
from ipcenter.prexam.statistics import Period
from tests.conftest import login
from tests.prexam.conftest import approved_filing, submit

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def at(day: date, hour: int = 10) -> datetime:
    """``hour`` o'clock in Beijing on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


def ticked(kind):
    from ipcenter.prexam.rules import checklist

    return {c.code: True for c in checklist.CHECKLISTS[kind]}


def point():
    from ipcenter.prexam.rules import checklist

    return [{"basis": checklist.OPINION_BASES[0].code, "text": "权利要求1中“散热板”的结构不清楚。"}]


def application_number(serial: int, kind="utility_model") -> str:
    digits = f"2026{'2' if kind == 'utility_model' else '3'}{serial:07d}"
    return f"{digits}.{numbers.check_character(digits)}"


def passed(db, crew, day, examiner=None, kind="utility_model", rounds=(), passed_on=None):
    """A request submitted on ``day``, an opinion issued and answered on each day of
    ``rounds``, passed on ``passed_on`` (default ``day``)."""
    examiner = examiner or crew.examiner
    request = submit(db, crew, kind, now=at(day))
    services.take_up(request, examiner, at(day))
    services.confirm_classification(request, examiner, at(day))
    for opinion_day, reply_day in rounds:
        services.issue_opinion(request, examiner, at(opinion_day), {}, point())
        services.amend(request, crew.firm, at(reply_day), "已按意见修改。", [])
    services.pass_request(request, examiner, at(passed_on or day), ticked(kind))
    return request


def granted(request, crew, serial, filed_on, granted_on):
    services.record_filing(request, crew.firm, at(filed_on), application_number(serial),
                           filed_on)
    services.record_grant(request, crew.firm, at(granted_on), granted_on)


def make_year(db, crew):
    """The requests of the module's docstring; returns them by letter."""
    approved_filing(db, crew, now=at(date(2025, 12, 1)))
    made = {}
    made["A"] = passed(db, crew, date(2026, 4, 1))
    granted(made["A"], crew, 1, date(2026, 4, 3), date(2026, 4, 8))
    made["B"] = passed(db, crew, date(2026, 4, 30), rounds=[(date(2026, 4, 30),
                                                            date(2026, 5, 6))],
                       passed_on=date(2026, 5, 6))
    granted(made["B"], crew, 2, date(2026, 5, 7), date(2026, 5, 19))
    c = made["C"] = submit(db, crew, "design", now=at(date(2026, 4, 1)))
    services.take_up(c, crew.examiner, at(date(2026, 4, 1)))
    services.confirm_classification(c, crew.examiner, at(date(2026, 4, 1)))
    services.fail_request(c, crew.examiner, at(date(2026, 4, 2)), "外观设计图片不清楚，无法确定保护范围。")
    d = made["D"] = submit(db, crew, now=at(date(2026, 4, 1)))
    services.take_up(d, crew.examiner, at(date(2026, 4, 1)))
    services.return_request(d, crew.examiner, at(date(2026, 4, 1)), "不属于中心预审领域。")
    e = made["E"] = submit(db, crew, "design", now=at(date(2026, 4, 1)))
    services.withdraw(e, crew.firm, at(date(2026, 4, 2)), "")
    made["F"] = passed(db, crew, date(2026, 4, 1), examiner=crew.examiner2,
                       rounds=[(date(2026, 4, 2), date(2026, 4, 3)),
                               (date(2026, 4, 7), date(2026, 4, 8))],
                       passed_on=date(2026, 4, 10))
    made["G"] = submit(db, crew, now=datetime(2025, 12, 31, 23, 0, tzinfo=UTC))
    made["H"] = submit(db, crew, now=datetime(2025, 12, 31, 15, 30, tzinfo=UTC))
    db.session.flush()
    return made


@pytest.fixture
def year(db, crew):
    return make_year(db, crew)


def test_the_calendar_the_figures_rest_on():
    # Checked against the package's data, not assumed: May Day 2026 is 1–5 May, Qingming
    # 4–6 April; 9 May (a Saturday) is worked.
    import chinese_calendar

    assert [chinese_calendar.is_workday(date(2026, 5, d)) for d in range(1, 7)] == [
        False, False, False, False, False, True]
    assert [chinese_calendar.is_workday(date(2026, 4, d)) for d in range(4, 8)] == [
        False, False, False, True]


def test_counts_outcomes_and_rates(db, crew, year):
    s = statistics.figures(YEAR)
    assert s.received == 7                      # A–G; H is in 2025
    assert s.by_kind == {"utility_model": 5, "design": 2}
    assert {(r.kind, r.subclass): r.count for r in s.by_subclass} == {
        ("utility_model", "F21V"): 5, ("design", "26-05"): 2}
    o = s.outcomes
    assert (o.passed, o.failed, o.returned, o.withdrawn, o.granted, o.rejected) == (
        3, 1, 1, 1, 2, 0)
    assert o.decided == 4
    assert s.pass_rate == pytest.approx(3 / 4)
    assert s.first_pass == 1 and s.first_pass_share == pytest.approx(1 / 3)   # A only
    assert s.average_rounds == pytest.approx((0 + 1 + 2 + 0) / 4)


def test_working_days_to_pass_count_the_holidays(db, crew, year):
    s = statistics.figures(YEAR)
    # A 0, B 1 (across May Day: a plain Monday-to-Friday count would give 4), F 6.
    assert s.to_pass.count == 3
    assert s.to_pass.average == pytest.approx((0 + 1 + 6) / 3)
    assert s.to_pass.fastest == 0 and not s.to_pass.provisional
    only_b = statistics.figures(Period(date(2026, 5, 1), date(2026, 5, 31)))
    assert only_b.to_pass.count == 1 and only_b.to_pass.average == 1


def test_days_from_filing_to_grant(db, crew, year):
    s = statistics.figures(YEAR)
    assert (s.to_grant.count, s.to_grant.fastest) == (2, 5)
    assert s.to_grant.average == pytest.approx((5 + 12) / 2)


def test_per_examiner(db, crew, year):
    rows = {r.user_id: r for r in statistics.figures(YEAR).examiners}
    assert set(rows) == {crew.examiner.id, crew.examiner2.id}
    first, second = rows[crew.examiner.id], rows[crew.examiner2.id]
    assert (first.decided, first.passed, first.failed) == (3, 2, 1)        # A, B, C
    assert first.average_rounds == pytest.approx(1 / 3)
    assert (second.decided, second.passed, second.average_rounds) == (1, 1, 2)   # F
    assert first.name == crew.examiner.display_name


def test_months_by_kind_and_the_period_bounds(db, crew, year):
    s = statistics.figures(YEAR)
    assert [m.month for m in s.months] == [date(2026, m, 1) for m in range(1, 13)]
    by_month = {m.month.month: m.by_kind for m in s.months}
    assert by_month[1] == {"utility_model": 1, "design": 0}    # G, by its Beijing day
    assert by_month[4] == {"utility_model": 4, "design": 2}    # A, B, D, F; C, E
    assert sum(m.total for m in s.months) == s.received
    last_year = statistics.figures(Period(date(2025, 12, 1), date(2025, 12, 31)))
    assert last_year.received == 1 and last_year.outcomes.decided == 0
    assert last_year.pass_rate is None and last_year.to_pass.average is None
    april = statistics.figures(Period(date(2026, 4, 1), date(2026, 4, 30)))
    assert april.outcomes.passed == 2 and april.outcomes.granted == 1      # A and F; A


def test_a_year_not_in_the_calendar_is_counted_provisionally():
    from ipcenter.core.workdays import WorkdayCalendar, package_knows

    year = next(y for y in range(2030, 2100) if not package_knows(y))
    # Thursday 30 April to Wednesday 6 May of a year whose holidays are not published: 1 and 2
    # May are kept off (fixed-date holidays), the weekend too.
    start = date(year, 4, 30)
    end = start + timedelta(days=6)
    days = statistics.working_days([(start, end), (date(2026, 4, 30), date(2026, 5, 6))],
                                   WorkdayCalendar())
    expected = sum(1 for i in range(1, 7) if (d := start + timedelta(days=i)).weekday() < 5
                   and (d.month, d.day) not in {(5, 1), (5, 2)})
    assert days.provisional and days.count == 2 and days.fastest == min(expected, 1)
    assert days.average == pytest.approx((expected + 1) / 2)


def test_an_empty_period(db):
    s = statistics.figures(Period(date(2020, 1, 1), date(2020, 3, 31)))
    assert s.received == 0 and s.outcomes == statistics.Outcomes()
    assert s.pass_rate is None and s.first_pass_share is None and s.examiners == []
    assert [m.total for m in s.months] == [0, 0, 0]


# ---------------------------------------------------------------------------------------------
# The page

FIXED_NOW = "2026-06-01T10:00:00+08:00"


@pytest.fixture
def pinned(app, monkeypatch):
    """Today is 1 June 2026: the page's default period is 2026."""
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", FIXED_NOW)


@pytest.mark.parametrize("who", ["firm", "admin", "fund", "adjudicator"])
def test_the_page_is_refused_outside_the_examiners_and_the_director(client, crew, pinned, who):
    login(client, getattr(crew, who).username)
    assert client.get("/prexam/stats").status_code == 403


@pytest.mark.parametrize("who", ["examiner", "director"])
def test_examiners_and_the_director_see_the_figures_in_chinese(client, db, crew, year, pinned,
                                                                who):
    login(client, getattr(crew, who).username)
    response = client.get("/prexam/stats")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "预审统计" in html and "通过率" in html
    assert 'data-testid="received">7<' in html
    assert 'data-testid="pass-rate">75.0%<' in html
    assert 'data-testid="first-pass">33.3%<' in html
    assert 'data-testid="to-grant">8.5<' in html and "最快5天" in html
    assert 'data-testid="to-pass">2.3<' in html
    # Two charts, drawn on the server, each with its table; no script on the page's charts.
    assert html.count("<svg") == 2 and html.count('class="chart-lent chart-s0"') >= 12
    assert 'data-testid="month-table"' in html and 'data-testid="examiner-table"' in html
    assert crew.examiner2.display_name in html


def test_the_period_is_chosen_and_checked(client, db, crew, year, pinned):
    login(client, crew.director.username)
    may = client.get("/prexam/stats?start=2026-05-01&end=2026-05-31")
    assert may.status_code == 200
    html = may.get_data(as_text=True)
    assert 'data-testid="passed">1<' in html and "2026年5月1日" in html
    wrong = client.get("/prexam/stats?start=2026-13-01")
    assert wrong.status_code == 400
    assert "请按 2026-01-01 的格式填写日期" in wrong.get_data(as_text=True)
    backwards = client.get("/prexam/stats?start=2026-05-01&end=2026-04-30")
    assert backwards.status_code == 400
    assert "结束日期不能早于开始日期" in backwards.get_data(as_text=True)
    too_long = client.get("/prexam/stats?start=2020-01-01&end=2026-12-31")
    assert too_long.status_code == 400 and "60" in too_long.get_data(as_text=True)


def test_the_chart_geometry():
    from ipcenter.prexam.stats_views import bar_chart

    chart = bar_chart([("26/1", [0, 3]), ("26/2", [7, 1])])
    assert [v for _, v in chart.ticks] == [0, 2, 4, 6, 8] and chart.peak == 8
    tall = chart.groups[1].bars[0]
    assert tall.value == 7 and tall.y + tall.height == chart.baseline
    assert tall.height == pytest.approx(7 / 8 * (chart.baseline - chart.top), abs=0.1)
    assert chart.groups[0].bars[0].height == 0
    empty = bar_chart([])
    assert empty.groups == () and [v for _, v in empty.ticks] == [0, 1]


def _count_statements(client, url):
    """The SQL statements one page view runs, in a session of its own (as a real request)."""
    import sqlalchemy as sa

    from ipcenter.core.db import db as _db
    from tests.conftest import _BoundSession

    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    _db.session.commit()
    connection = _db.session.get_bind()
    test_session = _db.session
    _db.session = _db._make_scoped_session({"bind": connection, "class_": _BoundSession,
                                            "join_transaction_mode": "create_savepoint"})
    engine = getattr(connection, "engine", connection)
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
        _db.session.remove()
        _db.session = test_session
    assert response.status_code == 200
    _db.session.expire_all()
    return statements


def _grow(db, crew, n, start):
    """``n`` requests more, in a mix of outcomes, by both examiners."""
    for i in range(n):
        day = start + timedelta(days=i % 20)
        examiner = (crew.examiner, crew.examiner2)[i % 2]
        if i % 3 == 0:
            submit(db, crew, "design" if i % 2 else "utility_model", now=at(day))
        elif i % 3 == 1:
            passed(db, crew, day, examiner=examiner)
        else:
            r = submit(db, crew, now=at(day))
            services.take_up(r, examiner, at(day))
            services.confirm_classification(r, examiner, at(day))
            services.fail_request(r, examiner, at(day), "不符合授权条件。")


def test_the_page_makes_as_many_statements_with_30_requests_as_with_3(client, db, crew,
                                                                      pinned):
    approved_filing(db, crew, now=at(date(2026, 1, 5)))
    _grow(db, crew, 3, date(2026, 2, 2))
    login(client, crew.director.username)
    client.get("/prexam/stats")          # warm the per-process caches
    small = _count_statements(client, "/prexam/stats")
    _grow(db, crew, 27, date(2026, 3, 2))
    large = _count_statements(client, "/prexam/stats")
    assert len(small) == len(large), (small, large)


def test_working_days_of_many_pairs_agree_with_the_calendar_pair_by_pair():
    """The running totals give each pair what ``workdays_between`` counts, across the Spring
    Festival and National Day swaps, same-day and reversed pairs included."""
    from ipcenter.core.workdays import WorkdayCalendar

    calendar = WorkdayCalendar({date(2026, 3, 2): False})    # an admin's correction
    first = date(2025, 12, 20)
    pairs = [(first + timedelta(days=i), first + timedelta(days=i + (i * 7) % 23 - 2))
             for i in range(0, 320, 3)]
    days = statistics.working_days(pairs, calendar)
    expected = [calendar.workdays_between(start, end) for start, end in pairs]
    assert days.count == len(pairs) and not days.provisional
    assert days.fastest == min(expected) == 0
    assert days.average == pytest.approx(sum(expected) / len(expected))


def test_working_days_weigh_each_pair_by_its_requests():
    from ipcenter.core.workdays import WorkdayCalendar

    # Friday to Monday: 1 working day, for 3 requests; Monday to Friday: 4, for one.
    days = statistics.working_days([(date(2026, 3, 6), date(2026, 3, 9)),
                                    (date(2026, 3, 9), date(2026, 3, 13))],
                                   WorkdayCalendar(), [3, 1])
    assert (days.count, days.fastest) == (4, 1)
    assert days.average == pytest.approx((3 * 1 + 4) / 4)
