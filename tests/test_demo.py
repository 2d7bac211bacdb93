"""The demo data: idempotent, complete, valid codes, and every printed sign-in works."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest
import sqlalchemy as sa

from ipcenter import demo
from ipcenter.auth.models import Organisation, User, UserRole
from ipcenter.auth.roles import ROLES_BY_ORG_KIND, OrgKind, Role
from ipcenter.core.db import unit_of_work
from ipcenter.ip.uscc import is_valid
from tests.conftest import login, post_form


def _snapshot(db):
    orgs = db.session.execute(
        sa.select(Organisation.uscc, Organisation.name, Organisation.kind)
        .order_by(Organisation.uscc)).all()
    users = db.session.execute(
        sa.select(User.username, User.password_hash, User.organisation_id)
        .order_by(User.username)).all()
    roles = db.session.execute(
        sa.select(UserRole.user_id, UserRole.role).order_by(UserRole.user_id, UserRole.role)).all()
    return orgs, users, roles


def _seed():
    with unit_of_work():
        return demo.seed()


# Every test but the README's reads the demo seeded once for the session (``demo_db``, in a
# transaction rolled back after the test): seeding renders every demo document, a quarter of a
# minute a seed. ``demo_accounts`` are the sign-ins that first seed returned.


def test_seed_twice_changes_nothing(demo_db, demo_accounts):
    db = demo_db
    before = _snapshot(db)
    second = _seed()
    assert _snapshot(db) == before
    assert second == demo_accounts
    assert len(before[0]) == len(demo.ORGS)
    assert len(before[1]) == len(demo.USERS)


def test_every_role_has_a_demo_user(demo_db, demo_accounts):
    db = demo_db
    users = db.session.execute(sa.select(User)).scalars().all()
    held = set().union(*(u.roles for u in users))
    assert held == {role.value for role in Role}
    adjudicators = [u for u in users if u.has_role(Role.ADJUDICATOR)]
    assert len(adjudicators) >= 3, "a panel of three needs three adjudicators"
    assert len([u for u in users if u.has_role(Role.ENFORCER)]) >= 2
    banks = {u.organisation_id for u in users if u.has_role(Role.BANK)}
    assert len(banks) == 2, "one bank reviewer in each bank"
    firms = {u.organisation_id for u in users if u.has_role(Role.FIRM)}
    assert len(firms) == 2
    assert {a.username for a in demo_accounts} == {u.username for u in users}


def test_roles_fit_the_kind_of_organisation(demo_db):
    for user in demo_db.session.execute(sa.select(User)).scalars():
        allowed = ROLES_BY_ORG_KIND[OrgKind(user.organisation.kind)]
        assert {Role(r) for r in user.roles} <= allowed, user.username


def test_every_uscc_is_valid_and_the_kinds_are_there(demo_db):
    orgs = demo_db.session.execute(sa.select(Organisation)).scalars().all()
    assert orgs
    for org in orgs:
        assert is_valid(org.uscc), (org.name, org.uscc)
    kinds = [org.kind for org in orgs]
    assert kinds.count("centre") == 1
    assert kinds.count("firm") == 3
    assert kinds.count("bank") == 2
    assert kinds.count("agency") == 1
    assert kinds.count("province") == 1
    assert kinds.count("platform") == 1


@pytest.mark.slow
def test_every_printed_sign_in_works(demo_client, demo_accounts):
    client = demo_client
    for account in demo_accounts:
        login(client, account.username, account.password)
        # The provincial office's reader has no worklist: its home is the statistics page.
        page = client.get("/dashboard", follow_redirects=True)
        assert page.status_code == 200, account.username
        assert account.organisation in page.get_data(as_text=True)
        # Sign out the way a user does; the next account signs in on the same client.
        response = post_form(client, "/logout", {}, page=page.request.path)
        assert response.status_code == 302


def test_seed_demo_command_prints_the_sign_ins(demo_app, demo_db, demo_accounts):
    """``flask ipcenter seed-demo`` itself, run twice on the seeded demo: it prints what the
    first seed returned, each time the same (``make setup`` runs it on an empty database)."""
    runner = demo_app.test_cli_runner()
    result = runner.invoke(args=["ipcenter", "seed-demo"])
    assert result.exit_code == 0, result.output
    for spec in demo.USERS:
        assert spec.username in result.output
    assert "Demo-2026-firm" in result.output
    assert "裁决办案人员" in result.output
    lines = result.output.splitlines()[1:]
    assert len(lines) == len(demo_accounts)
    for line, account in zip(lines, demo_accounts):
        assert all(field in line for field in astuple(account)), (line, account)
    again = runner.invoke(args=["ipcenter", "seed-demo"])
    assert again.exit_code == 0, again.output
    assert again.output == result.output


def test_the_readme_lists_the_same_sign_ins():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for spec in demo.USERS:
        assert f"`{spec.username}`" in readme, spec.username
        assert f"`{demo.PASSWORDS[spec.role]}`" in readme, spec.role
        assert demo.ROLE_LABELS_ZH[spec.role] in readme, spec.role
