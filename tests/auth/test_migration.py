"""The provincial office's and the platforms' migration (e2a4c6b8d0f3) goes down and up again
on this test's database backend (SQLite, or PostgreSQL when IPCENTER_TEST_DATABASE_URL is set):
the organisation kind and role CHECK constraints take ``province``, ``platform`` and
``provincial`` after it and refuse them before, as the models' ``enum_check`` says."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from ipcenter.auth.roles import OrgKind, Role
from ipcenter.core.db import db as _db

REVISION, DOWN = "e2a4c6b8d0f3", "d7f9b1c3e5a6"
NOW = datetime(2026, 12, 4, 10, tzinfo=UTC)
ORG = sa.table("organisation", sa.column("id"), sa.column("name"), sa.column("kind"),
               sa.column("uscc"), sa.column("address"), sa.column("active"),
               sa.column("created_at"))
USER = sa.table("user_account", sa.column("id"), sa.column("username"),
                sa.column("display_name"), sa.column("email"), sa.column("phone"),
                sa.column("password_hash"), sa.column("organisation_id"), sa.column("active"),
                sa.column("created_at"), sa.column("session_version"))
ROLE = sa.table("user_role", sa.column("user_id"), sa.column("role"))


def _insert(engine, kind: str, role: str) -> bool:
    """Whether an organisation of ``kind`` with a user holding ``role`` is accepted (inside a
    transaction rolled back either way)."""
    with engine.connect() as conn:
        outer = conn.begin()
        try:
            org_id = conn.execute(ORG.insert().values(
                name="迁移测试组织", kind=kind, uscc="91442000MIGRATE01X", address="",
                active=True, created_at=NOW).returning(ORG.c.id)).scalar_one()
            user_id = conn.execute(USER.insert().values(
                username="migration-test", display_name="迁移测试", email="", phone="",
                password_hash="x", organisation_id=org_id, active=True, created_at=NOW,
                session_version=1).returning(USER.c.id)).scalar_one()
            conn.execute(ROLE.insert().values(user_id=user_id, role=role))
            return True
        except sa.exc.IntegrityError:
            return False
        finally:
            outer.rollback()


def _checks(engine) -> dict[str, str]:
    inspector = sa.inspect(engine)
    return {f"{table}.{c['name']}": c["sqltext"]
            for table in ("organisation", "user_role", "role_grant")
            for c in inspector.get_check_constraints(table)}


@pytest.mark.parametrize("kind, role", [(OrgKind.PROVINCE, Role.PROVINCIAL),
                                        (OrgKind.PLATFORM, Role.AGENT)])
def test_upgrade_downgrade_upgrade(app, kind, role):
    with app.app_context():
        engine = _db.engine
        assert _insert(engine, kind, role)
        try:
            downgrade(revision=DOWN)
            assert not _insert(engine, kind, role)
            assert _insert(engine, OrgKind.AGENCY, Role.AGENT)   # the old values still go in
            assert not any("provincial" in text or "platform" in text
                           for text in _checks(engine).values())
        finally:
            upgrade()
        assert _insert(engine, kind, role)
        checks = _checks(engine)
        for name, enum in (("organisation.ck_organisation_kind_valid", OrgKind),
                           ("user_role.ck_user_role_role_valid", Role),
                           ("role_grant.ck_role_grant_role_valid", Role)):
            assert all(f"'{member.value}'" in checks[name] for member in enum), name
        _db.session.remove()


def test_going_down_refuses_while_an_organisation_of_a_new_kind_remains(app, capfd):
    with app.app_context():
        engine = _db.engine
        with engine.begin() as conn:
            conn.execute(ORG.insert().values(name="广东省测试局", kind="province",
                                             uscc="11440000MIGRATE02X", address="",
                                             active=True, created_at=NOW))
        try:
            with pytest.raises(SystemExit):   # Flask-Migrate's answer to the RuntimeError
                downgrade(revision=DOWN)
            assert "organisations of kind province or platform remain" in capfd.readouterr().err
        finally:
            with engine.begin() as conn:
                conn.execute(ORG.delete().where(ORG.c.uscc == "11440000MIGRATE02X"))
            upgrade()
        assert _insert(engine, OrgKind.PROVINCE, Role.PROVINCIAL)
        _db.session.remove()
