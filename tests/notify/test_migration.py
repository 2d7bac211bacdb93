"""The notices' migration goes down and up again on this test's database backend, leaving the
tables and the deadline's overdue stamp the models describe."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from ipcenter.core.db import db as _db

REVISION, DOWN = "f1a3c5e7b9d0", "a2b4c6d8e0f1"
TABLES = {"notice", "notice_delivery", "notice_channel"}


def _state(engine):
    inspector = sa.inspect(engine)
    return (TABLES & set(inspector.get_table_names()),
            "overdue_notified_at" in {c["name"] for c in inspector.get_columns("deadline")})


def test_upgrade_downgrade_upgrade(app):
    with app.app_context():
        engine = _db.engine
        assert _state(engine) == (TABLES, True)
        try:
            downgrade(revision=DOWN)
            assert _state(engine) == (set(), False)
        finally:
            upgrade()
        assert _state(engine) == (TABLES, True)
