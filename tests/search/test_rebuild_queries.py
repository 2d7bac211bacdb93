"""``flask search rebuild`` reads the database in batches: the number of SQL statements does
not grow with the number of cases (their parties, handlers, files and marks are loaded with
the batch, not one case at a time)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from ipcenter import search
from ipcenter.cases.patent.workflow import S
from ipcenter.core.db import db as _db
from ipcenter.core.models import OutboxMessage
from tests.cases.conftest import cast, officers, walk  # noqa: F401  (fixtures)
from tests.cases.trademark.test_trademark import to_investigation


class _Statements:
    def __init__(self):
        self.count = 0
        self.texts: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.count += 1
        self.texts.append(statement.split("\n")[0][:120])


def _rebuild_statements(app) -> tuple[int, int]:
    counter = _Statements()
    engine = _db.engine
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        report = search.rebuild()
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    assert not report.errors
    return counter.count, report.documents


def _attach(db, cast, officers) -> None:  # noqa: F811
    """The rebuild empties the session after each batch: bring the test's people back."""
    for user in [cast.requester, cast.respondent, cast.outsider, *cast.judges, cast.director,
                 cast.admin, cast.bank, cast.enforcer, *officers]:
        if user not in db.session:
            db.session.add(user)


def _cases(db, cast, officers, patents: int, trademarks: int) -> None:  # noqa: F811
    _attach(db, cast, officers)
    for i in range(patents):
        walk(db, cast, S.ACCEPTED if i % 2 else S.SERVED)
    for _ in range(trademarks):
        to_investigation(cast, officers)
    # Made long ago: the rebuild replays the changes of the last minutes one by one (they
    # may have raced it), which is not what is counted here.
    db.session.execute(sa.update(OutboxMessage).values(
        created_at=datetime(2000, 1, 1, tzinfo=UTC)))
    db.session.commit()
    db.session.expunge_all()
    _attach(db, cast, officers)


def _batches(batch: int) -> int:
    return sum(-(-len(list(r.ids())) // batch) for r in search.registered().values())


@pytest.mark.parametrize("batch", [500, 4])
def test_rebuild_statements_do_not_grow_with_cases(app, db, cast, officers, monkeypatch,  # noqa: F811
                                                   batch):
    monkeypatch.setattr(search, "BATCH", batch)
    _cases(db, cast, officers, 2, 1)
    few, few_docs = _rebuild_statements(app)
    few_batches = _batches(batch)
    _cases(db, cast, officers, 10, 2)
    many, many_docs = _rebuild_statements(app)
    assert many_docs > 3 * few_docs
    if batch >= 500:  # every kind in one batch both times: the very same statements
        assert many == few
    else:  # more batches: at most one batch's statements (8) more for each
        assert many - few <= (_batches(batch) - few_batches) * 8
