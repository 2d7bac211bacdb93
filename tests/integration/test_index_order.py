"""Two deliveries of one index message at once never leave an older state in the index.

Delivery A reads the object (v1) and is held between its read and its write; the object
changes (v2, committed); delivery B runs. B must wait for A's write and then read v2: the
index ends with v2. (Had B written first, A would have put v1 over it.) Real threads, each in
its own app context, on a committed database, the eager task as the embedded set-up runs it.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from ipcenter import search
from ipcenter.auth.models import Organisation
from ipcenter.core import clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.ip.uscc import check_character
from ipcenter.search.tasks import index as index_task
from tests.integration.conftest import dispose, fresh_database, migrated_app

KIND = "tests-order"


@pytest.mark.parametrize("backend", [
    pytest.param("postgresql", marks=pytest.mark.postgres),
    "sqlite",
])
def test_an_older_state_never_overwrites_a_newer_one(backend, tmp_path_factory):
    with fresh_database(backend, tmp_path_factory.mktemp("index-order")) as url:
        app = migrated_app(tmp_path_factory, url)
        try:
            _race(app)
        finally:
            search.unregister(KIND)
            dispose(app)


def _race(app) -> None:
    with app.app_context(), unit_of_work():
        base = "91442000MA0000001"
        org = Organisation(name="v1", kind="firm", uscc=base + check_character(base),
                           created_at=clock.now())
        db.session.add(org)
        db.session.flush()
        org_id = org.id
    read_v1, go_on = threading.Event(), threading.Event()
    calls = {"n": 0}

    def build(id):
        name = db.session.execute(sa.select(Organisation.name).where(
            Organisation.id == id)).scalar_one()
        db.session.commit()  # end the read, so that the change can commit (on SQLite too)
        calls["n"] += 1
        if calls["n"] == 1:  # delivery A: hold it between its read and its write
            read_v1.set()
            assert go_on.wait(30)
        return search.SearchDocument(KIND, id, title=name, principals={"public"})

    search.register(KIND, build, lambda: [org_id])
    errors = []

    def deliver():
        try:
            with app.app_context():
                index_task.apply(args=[KIND, org_id], throw=True)
        except Exception as exc:  # noqa: BLE001  reported below
            errors.append(exc)

    first = threading.Thread(target=deliver)
    first.start()
    assert read_v1.wait(30)
    with app.app_context(), unit_of_work():
        db.session.get(Organisation, org_id).name = "v2"
    second = threading.Thread(target=deliver)
    second.start()
    time.sleep(0.5)  # B reaches the index before A writes
    go_on.set()
    first.join(30), second.join(30)
    assert not errors, errors
    with app.app_context():
        titles = [hit.title for hit in search.search("v2", ["public"]).hits]
        stale = [hit.title for hit in search.search("v1", ["public"]).hits]
    assert titles == ["v2"] and stale == []
