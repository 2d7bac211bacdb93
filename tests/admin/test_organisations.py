"""Registering, editing and deactivating organisations.

Set-up rows are committed before a request that is refused: the refused request rolls the
session back, and uncommitted set-up would go with it.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from ipcenter.auth.models import Organisation, User
from tests.auth.support import audit_rows
from tests.conftest import PASSWORD, login, post_form

VALID = "91350100M000100Y43"
WRONG_CHECK = "91350100M000100Y44"


def register(client, **fields):
    data = {"name": "明亮照明有限公司", "kind": "firm", "uscc": VALID,
            "address": "中山市古镇镇东岸北路1号"}
    data.update(fields)
    return post_form(client, "/admin/organisations", data)


def orgs_named(db, name):
    return db.session.execute(sa.select(Organisation).where(Organisation.name == name)
                              ).scalars().all()


def test_admin_registers_an_organisation(client, db, admin):
    response = register(client, uscc=" 91350100m000100y43 ")  # as copied, lower case
    assert response.status_code == 302
    [org] = orgs_named(db, "明亮照明有限公司")
    assert (org.kind, org.uscc, org.active) == ("firm", VALID, True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "明亮照明有限公司" in page and VALID in page
    [row] = audit_rows(db, "org.created")
    assert row.actor_id == admin.id and row.object_id == str(org.id)
    assert json.loads(row.detail)["uscc"] == VALID


def test_wrong_check_character_is_refused_next_to_the_field(client, db, admin):
    response = register(client, uscc=WRONG_CHECK)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-testid="error-uscc"' in html
    assert "The check character (the last one)" in html
    # What the admin typed is kept.
    assert f'value="{WRONG_CHECK}"' in html and 'value="明亮照明有限公司"' in html
    assert "中山市古镇镇东岸北路1号" in html
    assert orgs_named(db, "明亮照明有限公司") == []
    assert audit_rows(db, "org.created") == []


def test_malformed_code_is_refused(client, db, admin):
    response = register(client, uscc="91350100MO00100Y4")  # 17 characters, with an O
    assert response.status_code == 400
    assert "18 characters: digits and capital letters" in response.get_data(as_text=True)
    assert orgs_named(db, "明亮照明有限公司") == []


def test_duplicate_name_and_code_are_refused(client, db, admin, make_org):
    existing = make_org("firm", name="明亮照明有限公司")
    db.session.commit()
    response = register(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and 'data-testid="error-name"' in html
    assert "An organisation named 明亮照明有限公司 already exists." in html

    response = register(client, name="另一家公司", uscc=existing.uscc)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and 'data-testid="error-uscc"' in html
    assert orgs_named(db, "另一家公司") == []


def test_missing_csrf_token_changes_nothing(client, db, admin):
    response = client.post("/admin/organisations", data={
        "name": "明亮照明有限公司", "kind": "firm", "uscc": VALID, "address": ""})
    assert response.status_code == 400
    assert orgs_named(db, "明亮照明有限公司") == []


def test_admin_edits_an_organisation(client, db, admin, make_org):
    org = make_org("firm", name="旧名称")
    response = post_form(client, f"/admin/organisations/{org.id}", {
        "name": "新名称", "kind": "firm", "uscc": org.uscc, "address": "新地址"})
    assert response.status_code == 302
    db.session.refresh(org)
    assert (org.name, org.address) == ("新名称", "新地址")
    [row] = audit_rows(db, "org.updated")
    assert json.loads(row.detail) == {"name": ["旧名称", "新名称"], "address": ["", "新地址"]}


def test_kind_cannot_change_under_its_members_roles(client, db, admin, make_org, make_user):
    org = make_org("firm", name="明亮照明")
    make_user("firm", org=org)
    db.session.commit()
    response = post_form(client, f"/admin/organisations/{org.id}", {
        "name": "明亮照明", "kind": "bank", "uscc": org.uscc, "address": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'data-testid="error-kind"' in html
    assert "which this kind of organisation does not allow" in html
    db.session.refresh(org)
    assert org.kind == "firm"


def test_deactivating_an_organisation_ends_its_accounts(client, other_client, db, admin,
                                                        make_org, make_user):
    org = make_org("firm", name="明亮照明")
    member = make_user("firm", org=org, username="member")
    login(other_client, "member")
    response = post_form(client, f"/admin/organisations/{org.id}/deactivate", {},
                         page=f"/admin/organisations/{org.id}")
    assert response.status_code == 302
    db.session.refresh(org)
    assert not org.active and not db.session.get(User, member.id).active
    # The member's open session has ended and they cannot sign in again.
    assert other_client.get("/dashboard").status_code == 302
    again = post_form(other_client, "/login", {"username": "member", "password": PASSWORD})
    assert again.status_code == 401
    [row] = audit_rows(db, "org.deactivated")
    assert json.loads(row.detail)["users_deactivated"] == [member.id]


def test_admin_cannot_deactivate_their_own_organisation(client, db, admin):
    response = post_form(client, f"/admin/organisations/{admin.organisation_id}/deactivate", {},
                         page=f"/admin/organisations/{admin.organisation_id}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You cannot deactivate your own organisation." in page
    assert db.session.get(Organisation, admin.organisation_id).active


def test_list_searches_by_name(client, admin, make_org):
    make_org("firm", name="明亮照明")
    make_org("bank", name="中山农商银行")
    html = client.get("/admin/organisations?q=银行").get_data(as_text=True)
    assert "中山农商银行" in html and "明亮照明" not in html
