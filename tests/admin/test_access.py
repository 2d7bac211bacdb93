"""Who reaches which admin page: every role, and anonymous visitors."""

from __future__ import annotations

import json

import pytest

from ipcenter.auth.models import Organisation
from ipcenter.auth.roles import Role
from tests.auth.support import audit_rows
from tests.conftest import login, post_form

PAGES = {
    "organisations": "/admin/organisations",
    "users": "/admin/users",
    "calendar edit": "/admin/calendar/edit?year=2027",
    "calendar view": "/admin/calendar?year=2026",
    "audit": "/admin/audit",
    "director grants": "/admin/grants",
}

CENTRE_WORKERS = {"calendar view"}
ALLOWED = {
    Role.FIRM: set(),
    Role.AGENT: set(),
    Role.BANK: set(),
    Role.VALUER: set(),
    Role.INSURER: set(),
    Role.ADJUDICATOR: CENTRE_WORKERS,
    Role.ENFORCER: CENTRE_WORKERS,
    Role.EXAMINER: CENTRE_WORKERS,
    Role.FUND_MANAGER: CENTRE_WORKERS,
    Role.DIRECTOR: CENTRE_WORKERS | {"audit", "director grants"},
    Role.ADMIN: set(PAGES),
    Role.PROVINCIAL: set(),   # the statistics only
}

# The navigation links of the pages a role may open (the calendar edit page has none).
NAV_LINKS = {"organisations": 'href="/admin/organisations"', "users": 'href="/admin/users"',
             "calendar view": 'href="/admin/calendar"', "audit": 'href="/admin/audit"',
             "director grants": 'href="/admin/grants"'}


def test_every_role_is_listed():
    assert set(ALLOWED) == set(Role)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_role_access_to_admin_pages(client, db, make_user, role):
    user = make_user(role.value, username="someone")
    login(client, "someone")
    got = {name: client.get(url).status_code for name, url in PAGES.items()}
    assert got == {name: 200 if name in ALLOWED[role] else 403 for name in PAGES}

    refused = audit_rows(db, "permission.refused", actor_id=user.id)
    refused_paths = sorted(json.loads(row.detail)["path"] for row in refused)
    assert refused_paths == sorted(url.split("?")[0] for name, url in PAGES.items()
                                   if name not in ALLOWED[role])

    # (The provincial reader's home is the statistics page: followed there.)
    dashboard = client.get("/dashboard", follow_redirects=True).get_data(as_text=True)
    for name, link in NAV_LINKS.items():
        assert (link in dashboard) == (name in ALLOWED[role]), name


def test_refusal_page_says_so(client, make_user):
    make_user("director", username="boss")
    login(client, "boss")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "您无权进行此操作。" in response.get_data(as_text=True)


def test_refused_change_changes_nothing(client, db, make_user):
    make_user("director", username="boss")
    login(client, "boss")
    response = post_form(client, "/admin/organisations", {
        "name": "越权公司", "kind": "firm", "uscc": "91350100M000100Y43", "address": ""},
        page="/dashboard")
    assert response.status_code == 403
    assert db.session.query(Organisation).filter_by(name="越权公司").count() == 0
    assert len(audit_rows(db, "permission.refused")) == 1


@pytest.mark.parametrize("url", list(PAGES.values()) + ["/admin/users/1",
                                                        "/admin/organisations/1"])
def test_anonymous_visitor_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert audit_rows(db, "permission.refused") == []
