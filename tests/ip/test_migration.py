"""The rights register's migration goes down and up again on this test's database backend
(SQLite, or PostgreSQL when IPCENTER_TEST_DATABASE_URL is set), leaving the schema the models
describe."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from ipcenter.core.db import db as _db

REVISION, DOWN = "f2a9c4e6b8d1", "e8b40c7f3a15"


def tables(engine):
    return set(sa.inspect(engine).get_table_names())


def test_upgrade_downgrade_upgrade(app):
    with app.app_context():
        engine = _db.engine
        assert {"ip_right", "ip_right_event"} <= tables(engine)
        try:
            downgrade(revision=DOWN)
            assert not {"ip_right", "ip_right_event"} & tables(engine)
        finally:
            upgrade()
        assert {"ip_right", "ip_right_event"} <= tables(engine)
        columns = {c["name"] for c in sa.inspect(engine).get_columns("ip_right_event")}
        assert {"right_id", "kind", "occurred_on", "matter_type", "matter_id",
                "detail"} <= columns
        uniques = sa.inspect(engine).get_unique_constraints("ip_right")
        assert [u["column_names"] for u in uniques] == [["kind", "number"]]
        _db.session.remove()
