"""Sessions end: a cookie copied before sign-out, a password reset or a deactivation is refused
afterwards, and a session idle past IPCENTER_SESSION_IDLE_MINUTES ends, renewed by activity.

The "copied cookie" is the session cookie's value taken from the browser and set in another
one, as someone reading it off a shared computer would."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask_login.utils import encode_cookie

from ipcenter.admin import services as admin_services
from ipcenter.auth.models import User
from ipcenter.cases.patent.workflow import S
from ipcenter.config import build_config
from ipcenter.core.clock import CHINA
from tests.auth.support import audit_rows, in_english
from tests.cases.conftest import walk
from tests.conftest import NOW, csrf_from, login, post_form

START = datetime(2026, 3, 5, 10, 0, tzinfo=CHINA)
IDLE_ENDED_ZH = "您已超过120分钟未操作，已自动退出登录，请重新登录。"
IDLE_ENDED_EN = "You were signed out after 120 minutes without activity."


def _copy_of(client):
    """A second browser holding a copy of ``client``'s session cookie."""
    app = client.application
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    assert cookie is not None, "no session cookie to copy"
    thief = app.test_client()
    thief.set_cookie(name, cookie.value)
    return thief


def _opens(client, path: str) -> bool:
    response = client.get(path)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def _sign_out(client):
    response = post_form(client, "/logout", {}, page="/dashboard")
    assert response.status_code == 302 and response.headers["Location"] == "/login"


@pytest.fixture
def clock_at(app, monkeypatch):
    """Move the application's clock to ``START + minutes``."""

    def move(minutes: float) -> None:
        when = START + timedelta(minutes=minutes)
        monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", when.isoformat())

    move(0)
    return move


# ---------------------------------------------------------------------------------------------
# A copied cookie after sign-out, password reset, deactivation


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_case(client, db, cast, clock_at):
    case = walk(db, cast, S.SUBMITTED)
    page = f"/cases/{case.id}"
    login(client, "huahui")
    assert _opens(client, page)
    thief = _copy_of(client)
    assert _opens(thief, page)  # the copy works while the owner is signed in …

    _sign_out(client)
    # … and not after: the case page and every other page send it to the sign-in page.
    response = thief.get(page)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert not _opens(thief, "/dashboard")
    assert not _opens(client, page)
    # Signing in again does not bring the copy back to life.
    login(client, "huahui")
    assert _opens(client, page)
    assert not _opens(thief, page)
    assert [row.actor_id for row in audit_rows(db, "auth.logout")] == [cast.requester.id]


def test_sign_out_ends_the_accounts_sessions_on_other_computers(client, other_client,
                                                                make_user):
    make_user("firm", username="firm1")
    login(client, "firm1")
    login(other_client, "firm1")
    _sign_out(client)
    assert not _opens(other_client, "/dashboard")


def test_a_copied_cookie_is_refused_after_a_password_reset(client, db, make_user):
    holder = make_user("firm", username="holder")
    admin = make_user("admin", username="root1")
    login(client, "holder")
    thief = _copy_of(client)
    assert _opens(thief, "/dashboard")
    admin_services.reset_password(holder, "Another-pass-2027", actor=admin, now=NOW)
    assert not _opens(thief, "/dashboard")
    assert not _opens(client, "/dashboard")


def test_a_copied_cookie_stays_refused_after_deactivation_and_reactivation(client, db,
                                                                           make_user):
    holder = make_user("firm", username="holder")
    admin = make_user("admin", username="root1")
    login(client, "holder")
    thief = _copy_of(client)
    admin_services.deactivate_user(holder, actor=admin, now=NOW)
    assert not _opens(thief, "/dashboard")
    admin_services.reactivate_user(db.session.get(User, holder.id), actor=admin, now=NOW)
    assert not _opens(thief, "/dashboard")


def test_a_remember_me_cookie_is_not_honoured(app, client, make_user):
    # The application issues none; one made with the secret key still does not sign anyone in.
    user = make_user("firm", username="firm1")
    forged = app.test_client()
    name = app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    forged.set_cookie(name, encode_cookie(user.get_id()))
    assert not _opens(forged, "/dashboard")
    assert forged.get_cookie(name) is None  # and the browser is told to drop it


# ---------------------------------------------------------------------------------------------
# The idle limit (IPCENTER_SESSION_IDLE_MINUTES, 120 by default)


def test_the_idle_limit_defaults_to_two_hours_and_is_configurable(app, monkeypatch, tmp_path):
    assert app.config["IPCENTER_SESSION_IDLE_MINUTES"] == 120
    monkeypatch.setenv("IPCENTER_SESSION_IDLE_MINUTES", "30")
    assert build_config(str(tmp_path))["IPCENTER_SESSION_IDLE_MINUTES"] == 30


def test_an_idle_session_ends_and_activity_renews_it(client, make_user, clock_at):
    make_user("firm", username="firm1")
    login(client, "firm1")
    clock_at(119)
    assert _opens(client, "/dashboard")   # 119 minutes idle: still signed in, and renewed
    clock_at(119 + 119)
    assert _opens(client, "/dashboard")   # 119 minutes since the last page
    clock_at(119 + 119 + 120)
    assert _opens(client, "/dashboard")   # exactly the limit
    clock_at(119 + 119 + 120 + 121)
    response = client.get("/cases/?state=x")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/cases/?state%3Dx"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert IDLE_ENDED_ZH in page
    # Ended, not paused: going on now does not sign the browser back in.
    assert not _opens(client, "/dashboard")


def test_a_copy_of_an_idle_session_is_refused_too(client, make_user, clock_at):
    make_user("firm", username="firm1")
    login(client, "firm1")
    thief = _copy_of(client)
    clock_at(121)
    assert not _opens(thief, "/dashboard")


def test_a_copy_does_not_outlive_the_limit_by_being_used_elsewhere(client, make_user,
                                                                   clock_at):
    # Renewal is written into the cookie of the browser that was used: an old copy keeps its
    # own last use and ends when that is past the limit.
    make_user("firm", username="firm1")
    login(client, "firm1")
    thief = _copy_of(client)
    clock_at(100)
    assert _opens(client, "/dashboard")
    clock_at(125)
    assert _opens(client, "/dashboard")
    assert not _opens(thief, "/dashboard")


def test_a_shorter_configured_limit_applies(app, client, make_user, clock_at, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_SESSION_IDLE_MINUTES", 5)
    make_user("firm", username="firm1")
    in_english(client)
    login(client, "firm1")
    clock_at(6)
    response = client.get("/dashboard", follow_redirects=True)
    assert "You were signed out after 5 minutes without activity." in response.get_data(
        as_text=True)


def test_a_form_sent_after_the_limit_changes_nothing(client, db, cast, clock_at):
    case = walk(db, cast, S.DRAFT)
    login(client, "huahui")
    token = csrf_from(client.get(f"/cases/{case.id}").get_data(as_text=True))
    clock_at(121)
    response = client.post(f"/cases/{case.id}/act/submit", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    db.session.expire_all()
    assert case.state == S.DRAFT


def test_the_sign_in_page_is_usable_after_the_limit(client, make_user, clock_at):
    make_user("firm", username="firm1")
    in_english(client)
    login(client, "firm1")
    clock_at(121)
    page = client.get("/login")
    assert page.status_code == 200 and IDLE_ENDED_EN in page.get_data(as_text=True)
    login(client, "firm1")
    assert _opens(client, "/dashboard")
