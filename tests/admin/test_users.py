"""Opening accounts, roles by kind of organisation, passwords, deactivation.

Set-up rows are committed before a request that is refused: the refused request rolls the
session back, and uncommitted set-up would go with it.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from ipcenter.auth.models import User
from tests.auth.support import audit_rows
from tests.conftest import PASSWORD, login, post_form

NEW_PASSWORD = "Lamp2026light"


def open_account(client, org, **fields):
    data = {"username": "zhang.san", "display_name": "张三", "organisation": str(org.id),
            "roles": ["firm"], "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    data.update(fields)
    return post_form(client, "/admin/users", data)


def user_named(db, username):
    return db.session.execute(
        sa.select(User).where(User.username == username)).scalar_one_or_none()


def sign_in(client, username, password):
    return post_form(client, "/login", {"username": username, "password": password})


def test_admin_opens_an_account_that_can_sign_in(client, other_client, db, admin, make_org):
    centre = make_org("centre", name="调解处")
    response = open_account(client, centre, roles=["adjudicator", "examiner"])
    assert response.status_code == 302
    user = user_named(db, "zhang.san")
    assert user.roles == {"adjudicator", "examiner"}
    assert user.organisation_id == centre.id and user.password_hash.startswith("scrypt:")
    [row] = audit_rows(db, "user.created")
    assert row.actor_id == admin.id and NEW_PASSWORD not in row.detail
    assert json.loads(row.detail)["roles"] == ["adjudicator", "examiner"]
    assert sign_in(other_client, "zhang.san", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("kind, role", [("bank", "adjudicator"), ("firm", "bank"),
                                        ("agency", "admin"), ("centre", "firm")])
def test_role_not_allowed_for_the_kind_is_refused(client, db, admin, make_org, kind, role):
    org = make_org(kind, name="某机构")
    db.session.commit()
    response = open_account(client, org, roles=[role])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-testid="error-roles"' in html
    assert "cannot be given to a member of 某机构" in html
    assert 'value="zhang.san"' in html and 'value="张三"' in html  # what was typed is kept
    assert user_named(db, "zhang.san") is None


def test_duplicate_username_is_refused(client, db, admin, make_org, make_user):
    org = make_org("firm")
    make_user("firm", org=org, username="Zhang.San")
    db.session.commit()
    response = open_account(client, org)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and 'data-testid="error-username"' in html
    assert "The username zhang.san is already taken." in html
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(
        sa.func.lower(User.username) == "zhang.san")) == 1


@pytest.mark.parametrize("password", ["Short1", "onlyletterslong", "1234567890123"])
def test_weak_password_is_refused(client, db, admin, make_org, password):
    org = make_org("firm")
    db.session.commit()
    response = open_account(client, org, password=password, confirm=password)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'data-testid="error-password"' in html
    assert "at least 10 characters long and contain both letters and digits" in html
    assert user_named(db, "zhang.san") is None


def test_missing_csrf_token_creates_no_user(client, db, admin, make_org):
    org = make_org("firm")
    db.session.commit()
    response = client.post("/admin/users", data={
        "username": "zhang.san", "display_name": "张三", "organisation": str(org.id),
        "roles": ["firm"], "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert user_named(db, "zhang.san") is None
    assert audit_rows(db, "user.created") == []


def test_deactivated_organisation_takes_no_new_account(client, db, admin, make_org):
    org = make_org("firm", name="已注销公司", active=False)
    db.session.commit()
    response = open_account(client, org)
    assert response.status_code == 400  # not offered in the list
    assert user_named(db, "zhang.san") is None


def test_list_filters_by_organisation(client, admin, make_org, make_user):
    first, second = make_org("firm", name="甲公司"), make_org("firm", name="乙公司")
    make_user("firm", org=first, username="jia1")
    make_user("firm", org=second, username="yi1")
    html = client.get(f"/admin/users?org={first.id}").get_data(as_text=True)
    assert "jia1" in html and "yi1" not in html
    html = client.get("/admin/users").get_data(as_text=True)
    assert "jia1" in html and "yi1" in html


def test_password_reset_ends_old_sessions(client, other_client, db, admin, make_user):
    holder = make_user("firm", username="holder")
    login(other_client, "holder")
    response = post_form(client, f"/admin/users/{holder.id}/password",
                         {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                         page=f"/admin/users/{holder.id}")
    assert response.status_code == 302
    # The holder's open session has ended …
    assert other_client.get("/dashboard").status_code == 302
    # … the old password no longer works, the new one does.
    assert sign_in(other_client, "holder", PASSWORD).status_code == 401
    assert sign_in(other_client, "holder", NEW_PASSWORD).status_code == 302
    assert other_client.get("/dashboard").status_code == 200
    [row] = audit_rows(db, "user.password_reset")
    assert row.object_id == str(holder.id) and NEW_PASSWORD not in row.detail


def test_weak_reset_password_is_refused_and_sessions_stay(client, other_client, db, admin,
                                                          make_user):
    holder = make_user("firm", username="holder")
    login(other_client, "holder")
    response = post_form(client, f"/admin/users/{holder.id}/password",
                         {"password": "short1", "confirm": "short1"},
                         page=f"/admin/users/{holder.id}")
    assert response.status_code == 400
    assert 'data-testid="error-password"' in response.get_data(as_text=True)
    assert other_client.get("/dashboard").status_code == 200
    assert sign_in(client.application.test_client(), "holder", PASSWORD).status_code == 302


def test_deactivation_ends_sessions_and_sign_in_until_reactivated(client, other_client, db,
                                                                 admin, make_user):
    holder = make_user("firm", username="holder")
    login(other_client, "holder")
    assert other_client.get("/dashboard").status_code == 200
    response = post_form(client, f"/admin/users/{holder.id}/deactivate", {},
                         page=f"/admin/users/{holder.id}")
    assert response.status_code == 302
    assert not db.session.get(User, holder.id).active
    assert other_client.get("/dashboard").status_code == 302  # logged out
    assert sign_in(other_client, "holder", PASSWORD).status_code == 401
    assert len(audit_rows(db, "user.deactivated")) == 1

    post_form(client, f"/admin/users/{holder.id}/reactivate", {},
              page=f"/admin/users/{holder.id}")
    assert sign_in(other_client, "holder", PASSWORD).status_code == 302
    assert len(audit_rows(db, "user.reactivated")) == 1


def test_admin_cannot_deactivate_themself(client, db, admin):
    response = post_form(client, f"/admin/users/{admin.id}/deactivate", {},
                         page=f"/admin/users/{admin.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You cannot deactivate your own account." in page
    assert db.session.get(User, admin.id).active
    assert client.get("/admin/users").status_code == 200


def test_admin_changes_roles_within_the_kind(client, db, admin, make_org, make_user):
    centre = admin.organisation
    clerk = make_user("examiner", org=centre, username="clerk")
    db.session.commit()
    response = post_form(client, f"/admin/users/{clerk.id}",
                         {"display_name": "李四", "roles": ["examiner", "adjudicator"]})
    assert response.status_code == 302
    clerk = db.session.get(User, clerk.id)
    assert clerk.roles == {"examiner", "adjudicator"} and clerk.display_name == "李四"

    response = post_form(client, f"/admin/users/{clerk.id}",
                         {"display_name": "李四", "roles": ["bank"]})
    assert response.status_code == 400
    assert 'data-testid="error-roles"' in response.get_data(as_text=True)
    assert db.session.get(User, clerk.id).roles == {"examiner", "adjudicator"}


def test_users_page_lists_no_organisation_until_one_is_chosen(client, admin, make_org):
    orgs = [make_org("firm", name=f"灯饰{n:02d}有限公司") for n in range(25)]
    html = client.get("/admin/users").get_data(as_text=True)
    assert not any(org.name in html for org in orgs)
    assert 'data-testid="user-form"' not in html and 'data-testid="choose-org"' in html

    html = client.get("/admin/users?q=灯饰").get_data(as_text=True)
    shown = [org for org in orgs if org.name in html]
    assert len(shown) == 20 and "Only the first 20 are shown" in html

    html = client.get("/admin/users?q=灯饰07").get_data(as_text=True)
    assert [org.name for org in orgs if org.name in html] == ["灯饰07有限公司"]
    assert f"/admin/users?org={orgs[7].id}" in html

    html = client.get(f"/admin/users?org={orgs[7].id}").get_data(as_text=True)
    assert 'data-testid="user-form"' in html
    assert html.count("<option ") == 1 and "灯饰07有限公司（Firm）" in html


def test_account_is_opened_for_the_organisation_chosen(client, db, admin, make_org):
    org = make_org("bank", name="中山农商银行")
    response = post_form(client, "/admin/users", {
        "username": "li.si", "display_name": "李四", "organisation": str(org.id),
        "roles": ["bank"], "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        page=f"/admin/users?org={org.id}")
    assert response.status_code == 302 and response.location.endswith(f"?org={org.id}")
    assert user_named(db, "li.si").organisation_id == org.id


def test_deactivated_organisation_shows_no_account_form(client, admin, make_org):
    org = make_org("firm", name="已注销公司", active=False)
    html = client.get(f"/admin/users?org={org.id}").get_data(as_text=True)
    assert 'data-testid="user-form"' not in html and "已注销公司 is deactivated and takes no new account" in html


@pytest.mark.parametrize("value", ["²", "٣", "-1", "1e3", "99999999999999"])
def test_a_forged_organisation_number_opens_no_account(client, db, admin, make_org, value):
    org = make_org("firm", name="甲公司")
    db.session.commit()
    response = post_form(client, "/admin/users", {
        "username": "zhang.san", "display_name": "张三", "organisation": value,
        "roles": ["firm"], "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        page=f"/admin/users?org={org.id}")
    assert response.status_code in (400, 404)
    assert user_named(db, "zhang.san") is None
