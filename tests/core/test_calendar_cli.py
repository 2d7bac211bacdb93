"""``flask calendar due`` and ``flask calendar show`` for staff."""

from datetime import datetime, timezone

from ipcenter.core.models import CalendarDay, CalendarYear


def test_due_across_national_day(runner):
    result = runner.invoke(args=["calendar", "due", "2026-09-29", "5wd"])
    assert result.exit_code == 0, result.output
    assert "2026年10月12日" in result.output and "暂定" not in result.output


def test_due_month_end_rule(runner):
    result = runner.invoke(args=["calendar", "due", "2026-01-31", "3m"])
    assert "2026年4月30日" in result.output


def test_due_into_unknown_year_is_flagged(runner):
    result = runner.invoke(args=["calendar", "due", "2026-12-20", "15wd"])
    assert result.exit_code == 0 and "暂定" in result.output


def test_due_into_unknown_year_refused_when_strict(runner):
    result = runner.invoke(args=["calendar", "due", "--strict", "2026-12-20", "15wd"])
    assert result.exit_code != 0 and "2027" in result.output


def test_due_uses_published_year(runner, db):
    db.session.add(CalendarYear(year=2027, source="国办发明电〔2026〕", published_at=datetime(
        2026, 11, 20, tzinfo=timezone.utc)))
    db.session.add(CalendarDay(day=datetime(2027, 1, 1).date(), is_workday=False, name="元旦"))
    db.session.flush()
    result = runner.invoke(args=["calendar", "due", "--strict", "2026-12-17", "15d"])
    assert result.exit_code == 0 and "2027年1月4日" in result.output


def test_bad_input_gets_a_clear_error(runner):
    assert "write 5wd" in runner.invoke(args=["calendar", "due", "2026-01-01", "5x"]).output
    assert "2026-03-05" in runner.invoke(args=["calendar", "due", "1/1/2026", "5wd"]).output
    assert runner.invoke(args=["calendar", "show", "2026-13"]).exit_code != 0


def test_show_marks_holidays_and_adjusted_days(runner):
    result = runner.invoke(args=["calendar", "show", "2026-10"])
    assert result.exit_code == 0
    assert " 1假" in result.output and "10调" in result.output and "12班" in result.output
    assert "国庆节" in result.output


def test_show_unknown_year_refused(runner):
    result = runner.invoke(args=["calendar", "show", "2027-02"])
    assert result.exit_code != 0 and "2027" in result.output
