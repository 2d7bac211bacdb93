"""Separation of duties: an administrator holds no case role, changes no role of its own, and
gives the director role only with a director's confirmation (or, with no director at all, the
operator's command on the server).

Set-up rows are committed before a request that is refused: the refused request rolls the
session back, and uncommitted set-up would go with it.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipcenter.admin import services
from ipcenter.auth.models import RoleGrant, User
from ipcenter.auth.roles import Role
from ipcenter.core.errors import Conflict
from tests.admin.test_users import open_account, user_named
from tests.auth.support import audit_rows, in_english
from tests.conftest import NOW, login, post_form


def roles_of(db, user) -> set[str]:
    db.session.expire_all()
    return db.session.get(User, user.id).roles


def grants_of(db, user) -> list[RoleGrant]:
    db.session.expire_all()
    return list(db.session.execute(
        sa.select(RoleGrant).where(RoleGrant.user_id == user.id)
        .order_by(RoleGrant.id)).scalars())


def save_roles(client, user, roles, name=None):
    return post_form(client, f"/admin/users/{user.id}",
                     {"display_name": name or user.display_name, "roles": roles})


@pytest.fixture
def clerk(db, admin, make_user):
    """An adjudicator of the admin's centre."""
    user = make_user("adjudicator", org=admin.organisation, username="clerk")
    db.session.commit()
    return user


@pytest.fixture
def director_client(app, db, admin, make_user):
    """A second browser, signed in as the centre's director."""
    make_user("director", org=admin.organisation, username="boss")
    db.session.commit()
    browser = app.test_client()
    in_english(browser)
    login(browser, "boss")
    return browser


def propose(client, db, clerk) -> RoleGrant:
    response = save_roles(client, clerk, ["adjudicator", "director"])
    assert response.status_code == 302
    [grant] = grants_of(db, clerk)
    return grant


# ---------------------------------------------------------------------------------------------
# An admin's own roles


@pytest.mark.parametrize("roles", [["admin", "director"], ["director"], ["admin", "adjudicator"],
                                   ["enforcer"]], ids="+".join)
def test_admin_cannot_change_its_own_roles(client, db, admin, roles):
    # A forged form (the page sends the admin's roles back unchanged).
    response = save_roles(client, admin, roles)
    assert response.status_code == 403
    assert "You cannot change your own roles" in response.get_data(as_text=True)
    assert roles_of(db, admin) == {"admin"}
    assert grants_of(db, admin) == []
    [refusal] = audit_rows(db, "permission.refused", actor_id=admin.id)
    assert json.loads(refusal.detail)["action"] == "admin.user_roles"
    assert audit_rows(db, "user.updated") == []


def test_own_page_shows_the_roles_fixed_and_still_saves_the_name(client, db, admin):
    html = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert 'data-testid="own-roles"' in html
    assert html.count('class="form-check-input" disabled') == len(Role)
    assert '<input type="hidden" name="roles" value="admin">' in html
    response = save_roles(client, admin, ["admin"], name="系统管理员")
    assert response.status_code == 302
    assert db.session.get(User, admin.id).display_name == "系统管理员"
    assert roles_of(db, admin) == {"admin"}


# ---------------------------------------------------------------------------------------------
# The administrator role is held alone


@pytest.mark.parametrize("holds, wanted", [
    ("admin", ["admin", "director"]), ("admin", ["admin", "adjudicator"]),
    ("director", ["director", "admin"]), ("examiner", ["examiner", "admin"])])
def test_admin_role_combined_with_another_is_refused(client, db, admin, make_user, holds,
                                                     wanted):
    other = make_user(holds, org=admin.organisation, username="other")
    db.session.commit()
    response = save_roles(client, other, wanted)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'data-testid="error-roles"' in html
    assert "is held alone" in html
    assert roles_of(db, other) == {holds}
    assert grants_of(db, other) == []


def test_new_account_cannot_combine_admin_with_a_case_role(client, db, admin):
    response = open_account(client, admin.organisation, roles=["admin", "fund_manager"])
    assert response.status_code == 400
    assert "is held alone" in response.get_data(as_text=True)
    assert user_named(db, "zhang.san") is None


# ---------------------------------------------------------------------------------------------
# The director role: proposed by an admin, confirmed by a director


def test_ticking_director_proposes_it_and_gives_nothing(client, db, admin, clerk):
    grant = propose(client, db, clerk)
    assert roles_of(db, clerk) == {"adjudicator"}
    assert grant.role == "director" and grant.outcome is None
    assert grant.proposed_by_id == admin.id
    [row] = audit_rows(db, "role_grant.proposed")
    assert row.actor_id == admin.id and json.loads(row.detail)["user_id"] == clerk.id

    page = client.get(f"/admin/users/{clerk.id}").get_data(as_text=True)
    assert 'data-testid="pending-grant"' in page
    # Saving the page again keeps the one proposal.
    assert save_roles(client, clerk, ["adjudicator", "director"]).status_code == 302
    assert len(grants_of(db, clerk)) == 1


def test_a_new_director_account_is_opened_without_the_role(client, db, admin):
    response = open_account(client, admin.organisation, roles=["director"])
    assert response.status_code == 302
    user = user_named(db, "zhang.san")
    assert user.roles == set()
    [grant] = grants_of(db, user)
    assert grant.role == "director" and grant.outcome is None


def test_a_director_confirms(client, db, admin, clerk, director_client):
    grant = propose(client, db, clerk)
    page = director_client.get("/admin/grants").get_data(as_text=True)
    assert clerk.username in page and f"/admin/grants/{grant.id}/confirm" in page
    response = post_form(director_client, f"/admin/grants/{grant.id}/confirm", {},
                         page="/admin/grants")
    assert response.status_code == 302
    assert roles_of(db, clerk) == {"adjudicator", "director"}
    grant = db.session.get(RoleGrant, grant.id)
    assert grant.outcome == "confirmed"
    [row] = audit_rows(db, "role_grant.confirmed")
    assert row.actor_name and row.actor_id == grant.decided_by_id != admin.id


def test_the_proposing_admin_cannot_confirm(client, db, admin, clerk):
    grant = propose(client, db, clerk)
    page = client.get("/admin/grants").get_data(as_text=True)
    assert f"/admin/grants/{grant.id}/confirm" not in page
    for action in ("confirm", "refuse"):
        response = post_form(client, f"/admin/grants/{grant.id}/{action}", {},
                             page="/admin/grants")
        assert response.status_code == 403
    assert roles_of(db, clerk) == {"adjudicator"}
    assert db.session.get(RoleGrant, grant.id).outcome is None
    assert len(audit_rows(db, "permission.refused", actor_id=admin.id)) == 2


def test_a_director_who_proposed_cannot_confirm(db, admin, clerk, make_user):
    # A director is never an admin; should a proposer become one, it still needs another.
    grant = services.propose(clerk, "director", actor=admin, now=NOW)
    admin.set_roles(["director"])
    with pytest.raises(services.policy.Refused):
        services.confirm_grant(grant, actor=admin, now=NOW)
    assert grant.outcome is None and clerk.roles == {"adjudicator"}


def test_the_account_to_be_cannot_confirm_its_own_grant(app, client, db, admin, clerk):
    grant = propose(client, db, clerk)
    browser = app.test_client()
    login(browser, "clerk")
    response = post_form(browser, f"/admin/grants/{grant.id}/confirm", {}, page="/dashboard")
    assert response.status_code == 403
    assert roles_of(db, clerk) == {"adjudicator"}


def test_a_director_refuses(client, db, admin, clerk, director_client):
    grant = propose(client, db, clerk)
    response = post_form(director_client, f"/admin/grants/{grant.id}/refuse", {},
                         page="/admin/grants")
    assert response.status_code == 302
    assert roles_of(db, clerk) == {"adjudicator"}
    assert db.session.get(RoleGrant, grant.id).outcome == "refused"
    assert len(audit_rows(db, "role_grant.refused")) == 1
    # Refused is final: confirming afterwards changes nothing.
    response = post_form(director_client, f"/admin/grants/{grant.id}/confirm", {},
                         page="/admin/grants")
    page = director_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This proposal has been dealt with already." in page
    assert roles_of(db, clerk) == {"adjudicator"}


def test_the_admin_withdraws(client, db, admin, clerk, director_client):
    grant = propose(client, db, clerk)
    response = post_form(client, f"/admin/grants/{grant.id}/withdraw", {},
                         page=f"/admin/users/{clerk.id}")
    assert response.status_code == 302
    assert db.session.get(RoleGrant, grant.id).outcome == "withdrawn"
    assert len(audit_rows(db, "role_grant.withdrawn")) == 1
    post_form(director_client, f"/admin/grants/{grant.id}/confirm", {}, page="/admin/grants")
    assert roles_of(db, clerk) == {"adjudicator"}


def test_unticking_director_withdraws_the_proposal(client, db, admin, clerk):
    grant = propose(client, db, clerk)
    assert save_roles(client, clerk, ["adjudicator"]).status_code == 302
    assert db.session.get(RoleGrant, grant.id).outcome == "withdrawn"


def test_a_director_cannot_withdraw(client, db, admin, clerk, director_client):
    grant = propose(client, db, clerk)
    response = post_form(director_client, f"/admin/grants/{grant.id}/withdraw", {},
                         page="/admin/grants")
    assert response.status_code == 403
    assert db.session.get(RoleGrant, grant.id).outcome is None


def test_a_lapsed_proposal_cannot_be_confirmed(db, admin, clerk, make_user):
    director = make_user("director", org=admin.organisation)
    grant = services.propose(clerk, "director", actor=admin, now=NOW)
    assert grant.expires_at == NOW + services.GRANT_LIFETIME
    assert services.pending_grants(clerk, grant.expires_at - timedelta(seconds=1)) == [grant]
    assert services.pending_grants(clerk, grant.expires_at) == []
    with pytest.raises(Conflict, match="lapsed"):
        services.confirm_grant(grant, actor=director, now=grant.expires_at)
    assert clerk.roles == {"adjudicator"} and grant.outcome is None


@pytest.mark.parametrize("change", ["made admin", "deactivated"])
def test_confirming_checks_the_account_again(db, admin, clerk, make_user, change):
    director = make_user("director", org=admin.organisation)
    grant = services.propose(clerk, "director", actor=admin, now=NOW)
    if change == "made admin":
        clerk.set_roles(["admin"])
    else:
        clerk.active = False
    with pytest.raises(Conflict):
        services.confirm_grant(grant, actor=director, now=NOW)
    assert "director" not in clerk.roles and grant.outcome is None


@pytest.mark.parametrize("role", ["adjudicator", "enforcer", "examiner", "fund_manager",
                                  "firm", "bank"])
def test_others_cannot_see_or_decide_proposals(app, client, db, admin, clerk, make_user, role):
    grant = propose(client, db, clerk)
    make_user(role, username="someone")
    db.session.commit()
    browser = app.test_client()
    login(browser, "someone")
    assert browser.get("/admin/grants").status_code == 403
    response = post_form(browser, f"/admin/grants/{grant.id}/confirm", {}, page="/dashboard")
    assert response.status_code == 403
    assert roles_of(db, clerk) == {"adjudicator"}


# ---------------------------------------------------------------------------------------------
# The first director, on a fresh install: the operator's command


def test_operator_appoints_the_first_director(runner, db, make_user):
    user = make_user("adjudicator", username="first")
    result = runner.invoke(args=["ipcenter", "appoint-director", "first"])
    assert result.exit_code == 0, result.output
    assert roles_of(db, user) == {"adjudicator", "director"}
    [row] = audit_rows(db, "role_grant.appointed_by_operator")
    assert row.actor_id is None and row.object_id == str(user.id)


def test_operator_cannot_appoint_once_a_director_exists(runner, db, make_user):
    make_user("director", username="boss")
    user = make_user("adjudicator", username="second")
    db.session.commit()
    result = runner.invoke(args=["ipcenter", "appoint-director", "second"])
    assert result.exit_code == 1, result.output  # refused (an unknown command would be 2)
    assert "There is a director already" in result.output or "已有主任" in result.output
    assert roles_of(db, user) == {"adjudicator"}
    assert audit_rows(db, "role_grant.appointed_by_operator") == []


@pytest.mark.parametrize("case", ["admin", "unknown", "firm"])
def test_operator_cannot_appoint_an_unfit_account(runner, db, make_user, case):
    if case != "unknown":
        make_user(case, username="someone")
    db.session.commit()
    result = runner.invoke(args=["ipcenter", "appoint-director", "someone"])
    assert result.exit_code == 1, result.output  # refused (an unknown command would be 2)
    assert audit_rows(db, "role_grant.appointed_by_operator") == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.role_rows.any(role="director"))) == 0


def test_demo_sign_ins_keep_the_administrator_alone(demo_db):
    from ipcenter import demo
    from ipcenter.auth.roles import clash

    for spec in demo.USERS:
        assert clash(user_named(demo_db, spec.username).roles) is None
