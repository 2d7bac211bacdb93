"""The rights register's migration goes down and up again on this test's database backend
(SQLite, or PostgreSQL when IPCENTER_TEST_DATABASE_URL is set), leaving the schema the models
describe."""

from datetime import UTC

import pytest
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


def test_annuities_and_freezes_go_down_and_up_with_their_rows(app):
    """e1f3a5c7b9d2: the two columns of ip_right, the freeze kinds and the pledge release
    renamed from ``released`` (and back)."""
    with app.app_context():
        engine = _db.engine
        right = sa.table("ip_right", sa.column("id"), sa.column("kind"), sa.column("number"),
                         sa.column("title"), sa.column("holder_name"), sa.column("status"),
                         sa.column("classes", sa.JSON), sa.column("created_at"))
        event = sa.table("ip_right_event", sa.column("id"), sa.column("right_id"),
                         sa.column("kind"), sa.column("occurred_on"),
                         sa.column("detail", sa.JSON), sa.column("recorded_at"))
        from datetime import date, datetime
        now = datetime(2026, 3, 5, tzinfo=UTC)
        with engine.begin() as conn:
            right_id = conn.execute(right.insert().values(
                kind="utility_model", number="ZL202099000001.X", title="", holder_name="",
                status="valid", classes=[], created_at=now).returning(right.c.id)).scalar_one()
            for kind in ("pledged", "pledge_released", "frozen"):
                conn.execute(event.insert().values(right_id=right_id, kind=kind,
                                                   occurred_on=date(2025, 1, 1), detail={},
                                                   recorded_at=now))
        try:
            downgrade(revision="c7e9a1b3d5f7")
            columns = {c["name"] for c in sa.inspect(engine).get_columns("ip_right")}
            assert not {"annuity_paid_until", "frozen"} & columns
            with engine.connect() as conn:
                kinds = conn.execute(sa.select(event.c.kind).where(
                    event.c.right_id == right_id).order_by(event.c.id)).scalars().all()
            assert kinds == ["pledged", "released"]
        finally:
            upgrade()
        columns = {c["name"] for c in sa.inspect(engine).get_columns("ip_right")}
        assert {"annuity_paid_until", "frozen"} <= columns
        with engine.begin() as conn:
            kinds = conn.execute(sa.select(event.c.kind).where(
                event.c.right_id == right_id).order_by(event.c.id)).scalars().all()
            assert kinds == ["pledged", "pledge_released"]
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(event.insert().values(right_id=right_id, kind="released",
                                               occurred_on=date(2025, 1, 1), detail={},
                                               recorded_at=now))
        with engine.begin() as conn:
            conn.execute(event.delete().where(event.c.right_id == right_id))
            conn.execute(right.delete().where(right.c.id == right_id))
        _db.session.remove()
