"""The indexes the models declare are the ones the migrations build (names, columns and, for
partial indexes, their condition), so a page's plan on a migrated database is the one the
model promises."""

import sqlalchemy as sa

from ipcenter.core.db import db as _db

PAGE_INDEXES = {"ix_audit_event_object", "ix_legal_case_created", "ix_legal_case_state_created",
                "ix_deadline_open_user", "ix_deadline_open_org", "ix_deadline_open_role"}


def _declared() -> dict:
    found = {}
    for table in _db.metadata.tables.values():
        for index in table.indexes:
            where = index.dialect_options["postgresql"].get("where")
            found[index.name] = (table.name, [c.name for c in index.columns],
                                 str(where) if where is not None else None)
    return found


def test_model_and_migration_indexes_agree(app, db):
    inspector = sa.inspect(db.session.get_bind())
    built = {}
    for table in _db.metadata.tables:
        for index in inspector.get_indexes(table):
            # Unique indexes too (a unique constraint's own index is the constraint's).
            if index["name"] and not index.get("duplicates_constraint"):
                built[index["name"]] = (table, index["column_names"])
    declared = _declared()
    assert PAGE_INDEXES <= set(declared)
    for name, (table, columns, _) in declared.items():
        assert built.get(name) == (table, columns), name
    extra = {n for n in built if n not in declared and not n.startswith("sqlite_")}
    assert not extra, extra


def test_partial_indexes_are_partial_in_the_database(app, db):
    bind = db.session.get_bind()
    declared = _declared()
    for name in ("ix_deadline_open_user", "ix_deadline_open_org", "ix_deadline_open_role"):
        if bind.dialect.name == "postgresql":
            sql = "SELECT pg_get_indexdef(%r::regclass)" % name
        else:
            sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '%s'" % name
        text = " ".join(db.session.execute(sa.text(sql)).scalar().split())
        assert "WHERE" in text
        for term in declared[name][2].split(" AND "):
            assert term.split(" IS ")[0] in text, (name, term)
