"""a2b4c6d8e0f1: the export table goes down and up again on this test's database backend."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from ipcenter.core.db import db as _db


def test_the_export_table_goes_down_and_up(app):
    with app.app_context():
        engine = _db.engine
        assert "export" in sa.inspect(engine).get_table_names()
        try:
            downgrade(revision="e6a8c0d2f4b5")
            assert "export" not in sa.inspect(engine).get_table_names()
        finally:
            upgrade()
        inspector = sa.inspect(engine)
        columns = {c["name"] for c in inspector.get_columns("export")}
        assert {"owner_id", "register", "filters", "format", "state", "rows_done",
                "rows_total", "file_sha256", "created_at", "expires_at"} <= columns
        assert [i["name"] for i in inspector.get_indexes("export")] == ["ix_export_owner_created"]
        _db.session.remove()


def _state_check(engine) -> str:
    found = [c["sqltext"] for c in sa.inspect(engine).get_check_constraints("export")
             if c["name"] == "ck_export_state_valid"]
    assert len(found) == 1
    return str(found[0])


def test_the_purged_state_comes_and_goes_with_its_revision(app):
    with app.app_context():
        engine = _db.engine
        assert "purged" in _state_check(engine)
        try:
            downgrade(revision="d7f9b1c3e5a6")
            check = _state_check(engine)
            assert "purged" not in check and "failed" in check
        finally:
            upgrade()
        assert "purged" in _state_check(engine)
        _db.session.remove()
