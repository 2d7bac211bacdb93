"""Sign-in and sign-out: credentials, throttling, CSRF, redirects after sign-in, cookies."""

from __future__ import annotations

import re
from html import unescape

import pytest

from ipcenter.auth.models import User
from tests.auth.support import audit_rows, in_english
from tests.conftest import PASSWORD, csrf_from, login, post_form

REFUSED_EN = "Wrong username or password, or the account is deactivated."
REFUSED_ZH = "用户名或密码错误，或账号已停用。"
THROTTLED_EN = "Too many attempts in a short time."
THROTTLED_ZH = "短时间内尝试次数过多"


def sign_in(client, username, password=PASSWORD, **kwargs):
    return post_form(client, "/login", {"username": username, "password": password}, **kwargs)


def signed_in(client) -> bool:
    """Whether the browser is signed in, as a user finds out: by opening a page."""
    return client.get("/dashboard").status_code == 200


def test_sign_in_opens_the_dashboard_and_records_it(client, db, make_user):
    user = make_user("firm", username="firm1")
    response = sign_in(client, "firm1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    page = client.get("/dashboard")
    assert page.status_code == 200 and user.display_name in page.get_data(as_text=True)
    assert db.session.get(User, user.id).last_login_at is not None
    assert [row.actor_id for row in audit_rows(db, "auth.login")] == [user.id]


def test_username_is_not_case_sensitive(client, make_user):
    make_user("firm", username="Firm1")
    assert sign_in(client, "  fIRM1 ").status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("username, password", [
    ("firm1", "Wrong-pass-2026"),     # wrong password
    ("nobody", PASSWORD),             # unknown user
])
def test_wrong_credentials_are_refused_with_one_message(client, db, make_user, username,
                                                        password):
    user = make_user("firm", username="firm1")
    response = sign_in(client, username, password)
    assert response.status_code == 401
    assert REFUSED_ZH in response.get_data(as_text=True)  # Chinese by default
    assert not signed_in(client)
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert db.session.get(User, user.id).last_login_at is None
    failed = audit_rows(db, "auth.login_failed")
    assert len(failed) == 1 and username in failed[0].detail
    assert audit_rows(db, "auth.login") == []


def test_refusal_message_in_english(client, make_user):
    make_user("firm", username="firm1")
    in_english(client)
    response = sign_in(client, "firm1", "Wrong-pass-2026")
    html = response.get_data(as_text=True)
    assert response.status_code == 401 and REFUSED_EN in html
    assert 'value="firm1"' in html  # the username typed is kept


def test_deactivated_account_gets_the_same_message(client, make_user):
    make_user("firm", username="gone", active=False)
    response = sign_in(client, "gone")
    assert response.status_code == 401 and REFUSED_ZH in response.get_data(as_text=True)
    assert not signed_in(client)


def test_empty_form_is_refused(client, make_user):
    make_user("firm", username="firm1")
    response = sign_in(client, "firm1", "")
    assert response.status_code == 400
    assert not signed_in(client)


def test_sign_in_without_csrf_token_is_refused(client, db, make_user):
    make_user("firm", username="firm1")
    client.get("/login")
    response = client.post("/login", data={"username": "firm1", "password": PASSWORD})
    assert response.status_code == 400
    assert not signed_in(client)
    assert audit_rows(db, "auth.login") == []


# ---------------------------------------------------------------------------------------------
# Throttling (IPCENTER_LOGIN_LIMIT_PER_ACCOUNT = 5 per 10 minutes by default)


def test_account_is_throttled_after_five_failures(client, other_client, app, make_user):
    assert app.config["IPCENTER_LOGIN_LIMIT_PER_ACCOUNT"] == "5 per 10 minutes"
    make_user("firm", username="target")
    make_user("firm", username="bystander")
    for _ in range(5):
        assert sign_in(client, "target", "Guess-2026-x").status_code == 401
    # The sixth attempt is refused before the password is even looked at, right or wrong …
    response = sign_in(client, "target")
    assert response.status_code == 429
    assert THROTTLED_ZH in response.get_data(as_text=True)
    assert not signed_in(client)
    # … also from another address: the limit is on the account.
    response = sign_in(other_client, "target", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 429
    # Another account from the first address still signs in.
    assert sign_in(client, "bystander").status_code == 302
    assert signed_in(client)


def test_throttled_message_in_english(client, make_user):
    make_user("firm", username="target")
    in_english(client)
    for _ in range(5):
        sign_in(client, "target", "Guess-2026-x")
    response = sign_in(client, "target")
    assert response.status_code == 429 and THROTTLED_EN in response.get_data(as_text=True)


def test_address_is_throttled_across_accounts(client, other_client, app, make_user,
                                              monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_LOGIN_LIMIT_PER_ADDRESS", "3 per 10 minutes")
    make_user("firm", username="real")
    for name in ("guess1", "guess2", "guess3"):
        assert sign_in(client, name, "Guess-2026-x").status_code == 401
    assert sign_in(client, "real").status_code == 429
    # A colleague at another address is not affected.
    response = sign_in(other_client, "real", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 302


def test_successful_sign_ins_do_not_count(client, make_user):
    make_user("firm", username="firm1")
    for _ in range(7):
        assert sign_in(client, "firm1").status_code == 302
        post_form(client, "/logout", {}, page="/dashboard")
    assert sign_in(client, "firm1").status_code == 302


# ---------------------------------------------------------------------------------------------
# Where the browser goes after signing in


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil",
                                    "http:/evil.example", " //evil.example"])
def test_outside_next_is_ignored(client, make_user, target):
    make_user("firm", username="firm1")
    response = post_form(client, "/login",
                         {"username": "firm1", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil"])
def test_outside_next_in_the_link_is_ignored(client, make_user, target):
    make_user("firm", username="firm1")
    page = client.get("/login", query_string={"next": target}).get_data(as_text=True)
    assert '<input id="next" name="next" type="hidden" value="">' in page
    response = client.post("/login", query_string={"next": target},
                           data={"csrf_token": csrf_from(page), "username": "firm1",
                                 "password": PASSWORD, "next": ""})
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"


def test_local_next_is_followed(client, make_user):
    make_user("adjudicator", username="judge")
    page = client.get("/admin/calendar?year=2026")  # not signed in: sent to the sign-in page
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    login_page = client.get(page.headers["Location"]).get_data(as_text=True)
    kept = re.search(r'id="next" name="next" type="hidden" value="([^"]*)"', login_page)
    assert kept and unescape(kept.group(1)) == "/admin/calendar?year=2026"
    response = client.post(page.headers["Location"], data={
        "csrf_token": csrf_from(login_page), "username": "judge", "password": PASSWORD,
        "next": unescape(kept.group(1))})
    assert response.headers["Location"] == "/admin/calendar?year=2026"


# ---------------------------------------------------------------------------------------------
# Session and sign-out


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    make_user("firm", username="firm1")
    response = sign_in(client, "firm1")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_sign_out_ends_the_session(client, db, make_user):
    user = make_user("firm", username="firm1")
    login(client, "firm1")
    response = post_form(client, "/logout", {}, page="/dashboard")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not signed_in(client)
    assert [row.actor_id for row in audit_rows(db, "auth.logout")] == [user.id]


def test_sign_out_without_csrf_token_is_refused(client, make_user):
    make_user("firm", username="firm1")
    login(client, "firm1")
    assert client.post("/logout").status_code == 400
    assert signed_in(client)


def test_language_choice_survives_sign_in(client, make_user):
    make_user("firm", username="firm1")
    in_english(client)
    login(client, "firm1")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "My work" in html and "我的工作" not in html


def test_a_session_of_a_user_deactivated_meanwhile_ends(client, db, make_user):
    user = make_user("firm", username="firm1")
    login(client, "firm1")
    user.active = False
    db.session.flush()
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
