"""The frame: dashboard, language, error pages, filters."""

from datetime import date

import pytest

from ipcenter.core import timelimits
from ipcenter.core.workdays import WorkdayCalendar
from tests.conftest import NOW, login, make_app, post_form, reset_database


@pytest.fixture
def pinned(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-09-29T10:00:00+08:00")


def _deadline(user, subject_id, starts_on, period, title):
    return timelimits.open_deadline(
        subject_type="case", subject_id=subject_id, subject_label=f"案件{subject_id}",
        kind="k", title=title, starts_on=starts_on, period=period, now=NOW,
        assignee_user_id=user.id, cal=WorkdayCalendar())


def test_dashboard_groups_my_deadlines(client, make_user, pinned):
    me = make_user("adjudicator", username="judge")
    _deadline(me, 1, date(2026, 9, 1), "5wd", "送达请求书副本")
    _deadline(me, 2, date(2026, 9, 28), "3wd", "答辩转送")
    _deadline(me, 3, date(2026, 9, 28), "3m", "作出处理决定")
    login(client, "judge")
    html = client.get("/dashboard").get_data(as_text=True)
    overdue = html.index('data-testid="deadlines-overdue"')
    soon = html.index('data-testid="deadlines-soon"')
    later = html.index('data-testid="deadlines-later"')
    assert overdue < html.index("送达请求书副本") < soon < html.index("答辩转送") < later
    assert html.index("作出处理决定") > later
    assert "2026年10月8日" in html  # 答辩转送 due date, in Chinese


def test_dashboard_hides_other_users_deadlines(client, make_user, pinned):
    other = make_user("adjudicator")
    make_user("adjudicator", username="judge")
    _deadline(other, 9, date(2026, 9, 28), "3wd", "别人的期限")
    login(client, "judge")
    assert "别人的期限" not in client.get("/dashboard").get_data(as_text=True)


def test_admin_is_warned_that_next_year_is_missing(client, make_user, pinned):
    make_user("admin", username="root1")
    make_user("firm", username="firm1")
    login(client, "root1")
    assert 'data-testid="calendar-missing"' in client.get("/dashboard").get_data(as_text=True)
    client.post("/logout", data={})  # without a token: refused, still signed in
    client2 = client.application.test_client()
    login(client2, "firm1")
    assert 'data-testid="calendar-missing"' not in client2.get("/dashboard").get_data(as_text=True)


def test_default_language_is_chinese_and_english_switchable(client, make_user):
    make_user("firm", username="firm1")
    login(client, "firm1")
    assert "我的工作" in client.get("/dashboard").get_data(as_text=True)
    post_form(client, "/language", {"locale": "en", "next": "/dashboard"}, page="/dashboard")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "My work" in html and "我的工作" not in html


def test_language_switch_refuses_outside_redirect(client):
    response = post_form(client, "/language", {"locale": "en", "next": "https://evil.example/"},
                         page="/login")
    assert response.status_code == 302 and "evil" not in response.headers["Location"]


def test_anonymous_dashboard_redirects_to_login(client):
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_404_in_chinese(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True)


@pytest.fixture(scope="module")
def fragile_app(tmp_path_factory):
    """A separate app with a tiny upload limit and a route that fails, to see the error pages."""
    app = make_app(tmp_path_factory, MAX_CONTENT_LENGTH=1024, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    @app.route("/upload", methods=["POST"])
    def upload():
        from flask import request

        return str(len(request.get_data()))

    reset_database(app)
    return app


def test_500_shows_no_stack_trace(fragile_app):
    response = fragile_app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internal detail" not in html and "Traceback" not in html
    assert "出错" in html


def test_413_for_oversized_body(fragile_app):
    response = fragile_app.test_client().post("/upload", data=b"x" * 4096,
                                              content_type="application/octet-stream")
    assert response.status_code == 413 and "过大" in response.get_data(as_text=True)


def test_csrf_missing_is_400_in_chinese(client):
    response = client.post("/language", data={"locale": "en"})
    assert response.status_code == 400 and "表单" in response.get_data(as_text=True)


def test_filters():
    from ipcenter.web.filters import yuan

    assert yuan(1234.5) == "¥1,234.50"
    assert yuan("2712600") == "¥2,712,600.00"
    assert yuan(0.005) == "¥0.01"
    assert yuan(-3) == "-¥3.00"


def test_chinese_date_filter(app):
    from ipcenter.web.filters import cn_date

    with app.test_request_context():
        assert cn_date(date(2026, 3, 5)) == "2026年3月5日"


def test_secret_key_generated_once(tmp_path_factory):
    from ipcenter.config import load_secret_key

    folder = tmp_path_factory.mktemp("secret")
    first = load_secret_key(folder)
    assert len(first) == 64 and load_secret_key(folder) == first
    assert oct((folder / "secret_key").stat().st_mode & 0o777) == "0o600"
