"""Tokens: hashed at rest, shown once, scoped by the account's roles, expiring, revocable; the
administrator's page issues and revokes them, nobody else's."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipcenter.api import tokens
from ipcenter.api.models import ApiToken
from ipcenter.core.errors import Conflict, InvalidInput
from ipcenter.core.models import AuditEvent
from tests.api.conftest import bearer
from tests.conftest import csrf_from, login
from tests.pledge.journeys import at


def test_only_the_hash_is_stored(db, crew, admin):
    token, secret = tokens.create_token(crew.bank, "信贷系统", ["applications:read"], 30,
                                        actor=admin, now=at(0))
    assert secret.startswith("ipc_") and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.token_hash, token.prefix, token.name, token.scopes}
    assert token.prefix == secret[:12]
    assert tokens.authenticate(secret, at(1)) is token
    assert tokens.authenticate(secret + "x", at(1)) is None
    assert tokens.authenticate(token.token_hash, at(1)) is None  # the hash is no token
    row = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "api_token.create")).scalar_one()
    assert secret not in row.detail


def test_expiry_and_revocation(db, crew, admin):
    token, secret = tokens.create_token(crew.bank, "信贷系统", ["applications:read"], 30,
                                        actor=admin, now=at(0))
    assert tokens.authenticate(secret, at(30) - timedelta(seconds=1)) is token
    assert tokens.authenticate(secret, at(30)) is None
    tokens.revoke_token(token, actor=admin, now=at(2))
    assert tokens.authenticate(secret, at(3)) is None
    with pytest.raises(Conflict):
        tokens.revoke_token(token, actor=admin, now=at(4))


def test_a_deactivated_account_s_token_stops_working(db, crew, admin):
    _token, secret = tokens.create_token(crew.bank, "信贷系统", ["applications:read"], 30,
                                         actor=admin, now=at(0))
    crew.bank.active = False
    assert tokens.authenticate(secret, at(1)) is None


@pytest.mark.parametrize("scopes, days", [([], 30), (["complaints:write"], 30),
                                          (["no:such"], 30), (["applications:read"], 0),
                                          (["applications:read"], 366)])
def test_refused_tokens(db, crew, admin, scopes, days):
    with pytest.raises(InvalidInput):
        tokens.create_token(crew.bank, "x", scopes, days, actor=admin, now=at(0))


def test_scopes_follow_the_roles(crew):
    assert tokens.scopes_for(crew.bank) == ["applications:read", "applications:write"]
    assert tokens.scopes_for(crew.firm) == ["complaints:write"]
    assert tokens.scopes_for(crew.director) == ["statistics:read"]
    assert tokens.scopes_for(crew.fund) == []


def test_a_token_without_the_scope_is_refused_and_audited(client, db, crew, issue):
    secret = issue(crew.bank, "applications:read")
    assert client.get("/api/v1/applications", headers=bearer(secret)).status_code == 200
    answer = client.post("/api/v1/applications/1/repayments", json={"seq": 1,
                         "paid_on": "2026-05-01"}, headers=bearer(secret))
    assert answer.status_code == 403 and answer.get_json()["error"]
    assert db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "permission.refused")).scalars().all()


def test_no_token_no_cookie(client, crew, issue):
    login(client, crew.bank.username)  # a signed-in browser session is not a token
    answer = client.get("/api/v1/applications")
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer"
    assert answer.mimetype == "application/json"
    assert "令牌" in answer.get_json()["error"]
    answer = client.get("/api/v1/applications", headers=bearer("ipc_not-a-token"))
    assert answer.status_code == 401


def test_the_admin_page_issues_shows_once_and_revokes(client, db, crew, admin):
    login(client, admin.username)
    account = client.get(f"/admin/users/{crew.bank.id}").get_data(as_text=True)
    assert f'href="/admin/api-tokens/{crew.bank.id}"' in account
    page = client.get(f"/admin/api-tokens/{crew.bank.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    answer = client.post(f"/admin/api-tokens/{crew.bank.id}", data={
        "csrf_token": csrf_from(html), "name": "信贷系统", "scopes": ["applications:read"],
        "days": "30"})
    assert answer.status_code == 201
    shown = answer.get_data(as_text=True)
    token = db.session.execute(sa.select(ApiToken)).scalar_one()
    secret = shown.split('data-testid="token-secret">', 1)[1].split("<", 1)[0]
    assert tokens.hash_token(secret) == token.token_hash
    assert secret not in client.get(f"/admin/api-tokens/{crew.bank.id}").get_data(as_text=True)
    answer = client.post(f"/admin/api-tokens/{crew.bank.id}/{token.id}/revoke",
                         data={"csrf_token": csrf_from(html)})
    assert answer.status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None
    assert client.get("/api/v1/applications", headers=bearer(secret)).status_code == 401


def test_only_the_admin_issues_tokens(client, crew):
    login(client, crew.bank.username)
    assert client.get(f"/admin/api-tokens/{crew.bank.id}").status_code == 403


def test_no_token_for_an_admin_account(client, admin, make_user):
    other = make_user("admin")
    login(client, admin.username)
    assert client.get(f"/admin/api-tokens/{other.id}").status_code == 403
