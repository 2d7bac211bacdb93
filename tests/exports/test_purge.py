"""Expired exports: purged each night (their file removed unless other rows hold the same
bytes), audited once, never built again; the download and the status page after expiry, a file
missing from the store, and ids no row can have."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ipcenter.cases.patent.workflow import S
from ipcenter.core import storage
from ipcenter.core.models import AuditEvent, StoredFile
from ipcenter.exports import services
from ipcenter.exports.models import Export
from tests.cases.conftest import cast, walk  # noqa: F401  (the fixture)
from tests.conftest import NOW, login
from tests.exports.helpers import ask, latest

LATER = NOW + services.KEPT + timedelta(hours=1)


@pytest.fixture
def cases(db, cast):  # noqa: F811
    found = [walk(db, cast, S.SUBMITTED), walk(db, cast, S.ACCEPTED)]
    db.session.flush()
    return found


def _built(db, user, filters=None, fmt="csv", now=NOW) -> Export:
    export = services.request_export(user, "cases", filters or {}, fmt, now)
    db.session.flush()
    built = services.build_export(export.id, now)
    assert built.state == "done", built.error
    return built


def _purges(db, export_id) -> list[AuditEvent]:
    return db.session.execute(db.select(AuditEvent).where(
        AuditEvent.action == "export.purge", AuditEvent.object_id == str(export_id))
    ).scalars().all()


def test_a_file_another_export_holds_is_kept_until_the_last_one_expires(db, cast,  # noqa
                                                                        cases):
    first = _built(db, cast.director)
    second = _built(db, cast.director, now=NOW + timedelta(days=3))
    sha = first.file_sha256
    assert second.file_sha256 == sha  # the same rows, the same bytes: stored once
    path = storage.path_for(sha)
    assert path.is_file()

    # Only the first has expired: it is purged, the file the second still offers stays.
    assert services.purge_expired(NOW + services.KEPT + timedelta(hours=1)) == 1
    db.session.expire_all()
    assert db.session.get(Export, first.id).state == "purged"
    assert db.session.get(Export, first.id).file_sha256 is None
    assert db.session.get(Export, second.id).state == "done"
    assert path.is_file() and db.session.get(StoredFile, sha) is not None
    [row] = _purges(db, first.id)
    assert '"file_removed": false' in row.detail and row.actor_id is None

    # The second expires as well: now nothing holds the bytes, and they go.
    assert services.purge_expired(NOW + timedelta(days=11)) == 1
    db.session.expire_all()
    assert db.session.get(Export, second.id).state == "purged"
    assert not path.exists() and db.session.get(StoredFile, sha) is None
    [row] = _purges(db, second.id)
    assert '"file_removed": true' in row.detail


def test_a_file_an_issued_document_holds_is_kept(db, cast, cases):  # noqa: F811
    from ipcenter.core.documents import IssuedDocument

    export = _built(db, cast.director)
    sha = export.file_sha256
    # Another table's row holding the same bytes (any foreign key to the store counts).
    db.session.add(IssuedDocument(verify_code="ABCDEFGHJKLM", template="t", title="t",
                                  office="o", subject_type="case", subject_id=1, sha256=sha,
                                  size=1, issued_at=NOW))
    db.session.flush()
    assert services.purge_expired(LATER) == 1
    db.session.expire_all()
    assert db.session.get(Export, export.id).state == "purged"
    assert storage.path_for(sha).is_file() and db.session.get(StoredFile, sha) is not None


def test_the_purge_is_idempotent_and_audited_once(db, cast, cases):  # noqa: F811
    export = _built(db, cast.director)
    sha = export.file_sha256
    assert services.purge_expired(NOW) == 0  # not expired yet
    assert services.purge_expired(LATER) == 1
    assert services.purge_expired(LATER) == 0
    assert services.purge_expired(LATER + timedelta(days=1)) == 0
    db.session.expire_all()
    assert db.session.get(Export, export.id).state == "purged"
    assert len(_purges(db, export.id)) == 1
    assert not storage.path_for(sha).exists()


def test_a_failed_or_stuck_export_is_purged_too(db, cast, cases):  # noqa: F811
    queued = services.request_export(cast.director, "cases", {}, "xlsx", NOW)
    db.session.flush()
    assert services.purge_expired(LATER) == 1
    db.session.expire_all()
    assert db.session.get(Export, queued.id).state == "purged"
    assert len(_purges(db, queued.id)) == 1


def test_the_purge_runs_nightly_and_by_hand(app, db, cast, cases, runner,  # noqa: F811
                                            monkeypatch):
    from ipcenter.exports.services import PURGE_TASK

    entry = app.extensions["celery"].conf.beat_schedule["exports-purge"]
    assert entry["task"] == PURGE_TASK and PURGE_TASK in app.extensions["celery"].tasks
    export = _built(db, cast.director)
    db.session.commit()
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", LATER.isoformat())
    result = runner.invoke(args=["exports", "purge-expired"])
    assert result.exit_code == 0, result.output
    assert "已清除过期导出 1 个" in result.output
    again = runner.invoke(args=["exports", "purge-expired"])
    assert "已清除过期导出 0 个" in again.output
    assert app.extensions["celery"].tasks[PURGE_TASK].run() == 0
    db.session.expire_all()
    assert db.session.get(Export, export.id).state == "purged"


# ---------------------------------------------------------------------------------------------
# Bugs: after expiry, a missing file, a build asked again, ids out of range


def test_the_status_offers_no_download_after_expiry(client, db, cast, cases,  # noqa: F811
                                                    monkeypatch, app):
    login(client, cast.director.username)
    ask(client, "cases", {})
    export = latest(db, cast.director)
    assert client.get(f"/exports/{export.id}/status").get_json()["download"]
    export.expires_at = NOW - timedelta(minutes=1)
    db.session.flush()
    status = client.get(f"/exports/{export.id}/status").get_json()
    assert status["download"] is None and status["expired"]
    html = client.get("/exports/").get_data(as_text=True)
    assert f"/exports/{export.id}/download" not in html and "已过期" in html
    response = client.get(f"/exports/{export.id}/download")
    assert response.status_code == 410
    assert "已过期" in response.get_data(as_text=True)


def test_a_purged_export_shows_expired_and_answers_gone(client, db, cast, cases):  # noqa
    login(client, cast.director.username)
    ask(client, "cases", {})
    export = latest(db, cast.director)
    assert services.purge_expired(export.expires_at) == 1
    status = client.get(f"/exports/{export.id}/status").get_json()
    assert status["state"] == "purged" and status["download"] is None
    assert status["label"] == "已过期"
    assert client.get(f"/exports/{export.id}/download").status_code == 410


def test_a_file_missing_from_the_store_is_a_clear_page_not_a_500(client, db, cast,  # noqa
                                                                 cases):
    login(client, cast.director.username)
    ask(client, "cases", {})
    export = latest(db, cast.director)
    storage.path_for(export.file_sha256).unlink()
    response = client.get(f"/exports/{export.id}/download")
    text = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "不再" in text and "重新导出" in text
    assert "410 Gone" not in text and "Traceback" not in text
    downloads = db.session.execute(db.select(AuditEvent).where(
        AuditEvent.action == "export.download")).scalars().all()
    assert downloads == []


@pytest.mark.parametrize("state", ["purged", "failed", "queued"])
def test_a_build_asked_again_after_expiry_builds_nothing(db, cast, cases, state):  # noqa
    export = services.request_export(cast.director, "cases", {}, "csv", NOW)
    db.session.flush()
    if state == "purged":
        services.build_export(export.id, NOW)
        services.purge_expired(LATER)
    elif state == "failed":
        export.state = "failed"
        db.session.flush()
    # The same message delivered again, or the task retried, after the expiry.
    again = services.build_export(export.id, LATER)
    assert again.state == state and again.file_sha256 is None
    builds = db.session.execute(db.select(AuditEvent).where(
        AuditEvent.action == "export.build")).scalars().all()
    assert len(builds) == (1 if state == "purged" else 0)


def test_a_purged_export_is_not_built_again_by_the_task(app, db, cast, cases):  # noqa: F811
    from ipcenter.exports.services import BUILD_TASK

    export = _built(db, cast.director)
    services.purge_expired(LATER)
    app.extensions["celery"].tasks[BUILD_TASK].run(export.id)
    db.session.expire_all()
    assert db.session.get(Export, export.id).state == "purged"
    assert db.session.get(Export, export.id).file_sha256 is None


@pytest.mark.parametrize("path", ["/exports/999999999999/status",
                                  "/exports/999999999999/download",
                                  "/exports/2147483648/status"])
def test_an_export_id_no_row_can_have_is_not_found(client, db, cast, cases, path):  # noqa
    login(client, cast.director.username)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("name", ["party", "handler"])
def test_a_filter_id_no_row_can_have_is_not_found(client, db, cast, cases, name):  # noqa
    login(client, cast.director.username)
    before = db.session.execute(db.select(db.func.count()).select_from(Export)).scalar_one()
    response = ask(client, "cases", {name: "999999999999"})
    assert response.status_code == 404
    assert db.session.execute(db.select(db.func.count()).select_from(Export)
                              ).scalar_one() == before
    assert client.get(f"/cases/?{name}=999999999999").status_code == 404


def test_a_stored_filter_id_out_of_range_fails_the_export_not_the_worker(db, cast,  # noqa
                                                                         cases):
    export = services.request_export(cast.director, "cases", {}, "csv", NOW)
    export.filters = {**export.filters, "party": 999999999999}
    db.session.flush()
    built = services.build_export(export.id, NOW)
    assert built.state == "failed" and built.file_sha256 is None


def test_the_error_page_has_a_chinese_410(app):
    from ipcenter.web.errors import render_error

    with app.test_request_context("/"):
        body, status = render_error(410)
    assert status == 410
    assert "不再" in body and "Gone" not in body


def _purge_statements(db, owner, count: int) -> int:
    import sqlalchemy as sa

    from ipcenter.core.db import unit_of_work

    with unit_of_work():
        for n in range(count):  # each export its own file (distinct bytes)
            saved = storage.save_bytes(f"登记簿,{n}\n".encode(), f"e{n}.csv",
                                       allowed=frozenset({storage.TEXT}))
            db.session.add(Export(owner_id=owner.id, register="cases", format="csv", filters="{}",
                                  state="done", file_sha256=saved.sha256, created_at=NOW,
                                  expires_at=NOW + services.KEPT))
    seen = []

    def count_it(conn, cursor, statement, *args):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count_it)
    try:
        assert services.purge_expired(LATER) == count
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count_it)
    # The audit chain's rows are written one by one (``core.audit``: each reads and moves the
    # head); the purge's own statements are counted.
    return len([s for s in seen if "audit_" not in s])


def test_the_purge_takes_as_many_statements_for_40_files_as_for_4(db, cast):  # noqa: F811
    # The files still held are looked up per referring column, not per file.
    assert _purge_statements(db, cast.director, 40) == _purge_statements(db, cast.director, 4)
