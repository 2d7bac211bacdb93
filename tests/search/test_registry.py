"""The registry, ``index_later`` through the outbox to the ``search.index`` task, ``rebuild`` and
``check``, and the ``flask search`` commands. The "domain" is a plain function over a dict: a
stand-in for a domain's ``search.py``, not a mock of the database."""

from __future__ import annotations

import multiprocessing
import os

import pytest
import sqlalchemy as sa

import ipcenter.search.tasks  # noqa: F401  (registers search.index, as the worker does)
from ipcenter import search
from ipcenter.core import outbox
from ipcenter.core.db import unit_of_work
from ipcenter.core.models import OutboxMessage
from ipcenter.search.cli import search_cli
from tests.search.helpers import all_keys

NOTES: dict[int, str] = {}


def build_note(id):
    text = NOTES.get(id)
    if text is None:
        return None
    return search.SearchDocument(kind="note", id=id, title=f"备忘{id}", body=text,
                                 fields={"state": "open"}, principals={"org:1"})


@pytest.fixture
def notes(app, db, backend, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setitem(app.config, "IPCENTER_SEARCH_BACKEND", backend)
    NOTES.clear()
    search.register("note", build_note, lambda: sorted(NOTES), label="Note")
    yield NOTES
    search.unregister("note")
    NOTES.clear()


def found(query: str) -> set[str]:
    return {hit.key for hit in search.search(query, {"org:1"}, per_page=100).hits}


def test_index_later_indexes_after_commit(notes, db):
    notes[1] = "古镇灯饰协会的会议纪要"
    with unit_of_work():
        search.index_later("note", 1)
        assert found("灯饰") == set()  # nothing before the commit
    assert found("灯饰") == {"note:1"}
    message = db.session.execute(sa.select(OutboxMessage)).scalar_one()
    assert message.task == "search.index" and message.sent_at is not None


def test_changes_and_deletions_follow(notes):
    notes[1] = "古镇灯饰协会的会议纪要"
    with unit_of_work():
        search.index_later("note", 1)
    notes[1] = "小榄五金商会的会议纪要"
    with unit_of_work():
        search.index_later("note", 1)
    assert found("灯饰") == set() and found("五金") == {"note:1"}
    del notes[1]
    with unit_of_work():
        search.index_later("note", 1)
    assert found("五金") == set()
    assert search.current_index().count() == 0


def test_a_rolled_back_change_indexes_nothing(notes):
    notes[1] = "古镇灯饰"
    with pytest.raises(RuntimeError), unit_of_work():
        search.index_later("note", 1)
        raise RuntimeError("the change failed")
    assert found("灯饰") == set()
    assert outbox.pending_count() == 0


def test_a_busy_index_leaves_the_message_for_the_next_dispatch(notes, backend, monkeypatch):
    from ipcenter.search.backends import tantivy_backend, whoosh_backend

    monkeypatch.setattr(whoosh_backend, "WRITE_TIMEOUT", 0.2)
    monkeypatch.setattr(tantivy_backend, "WRITE_TIMEOUT", 0.2)
    notes[1] = "古镇灯饰"
    writer = search.current_index().home.current()._writer()  # another writer holds the lock
    try:
        with unit_of_work():
            search.index_later("note", 1)
        assert outbox.pending_count() == 1 and found("灯饰") == set()
    finally:
        if backend == "whoosh":
            writer.cancel()
        else:
            writer.rollback()
            writer.wait_merging_threads()
    assert outbox.dispatch_pending() == 1
    assert found("灯饰") == {"note:1"}


def test_an_unusable_index_does_not_hold_up_the_outbox(notes):
    import json

    notes[1] = "古镇灯饰"
    home = search.current_index().home
    home.current()
    (home.path / home.current_name() / "ipcenter-search.json").write_text(json.dumps({}))
    with unit_of_work():
        search.index_later("note", 1)
    assert outbox.pending_count() == 0  # not retried with every commit until a rebuild
    search.rebuild()
    assert found("灯饰") == {"note:1"}  # the rebuild read the change


def test_an_unregistered_kind_is_left_alone_until_check_repairs(notes):
    search.current_index().add([search.SearchDocument("gone", 5, "旧文档", principals={"org:1"})])
    search.index_now("gone", 5)  # e.g. a worker that did not import the domain
    assert found("旧文档") == {"gone:5"}
    report = search.check(repair=True)
    assert report.extra == ["gone:5"] and found("旧文档") == set()


def test_results_link_through_the_registration(notes, app):
    notes[1] = "古镇灯饰"
    search.register("note", build_note, lambda: sorted(NOTES),
                    url=lambda id: f"/notes/{id}", value_labels={"state": {"open": "Open"}})
    search.index_now("note", 1)
    with app.test_request_context("/search"):
        hit = search.search("灯饰", {"org:1"}).hits[0]
    assert hit.url == "/notes/1" and search.value_label("state", "open") == "Open"
    assert search.search("灯饰", {"org:1"}).hits[0].url is None  # outside a request


def test_rebuild_restores_a_lost_index(notes, tmp_path):
    import shutil

    for i in range(1, 31):
        notes[i] = f"第{i}份纪要：古镇灯饰"
    seen = []
    report = search.rebuild(lambda done, total: seen.append((done, total)))
    assert report.documents == 30 and report.errors == []
    assert seen[-1] == (30, 30)
    assert len(all_keys(search.current_index(), "灯饰", ("org:1",))) == 30
    shutil.rmtree(tmp_path / "index")  # a lost index
    assert found("灯饰") == set()
    search.rebuild()
    assert len(all_keys(search.current_index(), "灯饰", ("org:1",))) == 30


def test_rebuild_applies_changes_committed_meanwhile(notes, db):
    notes[1], notes[2] = "旧的内容", "旧的内容"

    def racing_builder(id):
        doc = build_note(id)
        if id == 2 and notes[2] == "旧的内容":
            # The index worker commits a change while the rebuild reads the database.
            notes[2] = "新的内容"
            outbox.enqueue("search.index", "note", 2)
            db.session.flush()
        return doc

    search.register("note", racing_builder, lambda: sorted(NOTES))
    report = search.rebuild()
    assert report.replayed == 1
    assert found("新的") == {"note:2"} and found("旧的") == {"note:1"}


def test_a_broken_builder_does_not_stop_the_rebuild(notes):
    notes[1], notes[2] = "古镇灯饰", "古镇灯饰"

    def flaky(id):
        if id == 1:
            raise ValueError("bad row")
        return build_note(id)

    search.register("note", flaky, lambda: sorted(NOTES))
    report = search.rebuild()
    assert report.documents == 1 and report.errors == ["note:1: bad row"]


def test_rebuild_with_worker_processes(notes):
    # Whoosh: two writer processes, a segment each; tantivy: two analysis processes.
    docs = [search.SearchDocument("note", i, f"备忘{i}", "古镇灯饰\n协会", principals={"org:1"})
            for i in range(600)]
    index = search.current_index()
    assert index.rebuild(iter(docs), workers=2) == 600
    assert index.count() == 600
    assert len(all_keys(index, "灯饰协会", ("org:1",))) == 600
    assert all_keys(index, "备忘599", ("org:1",)) == {"note:599"}


@pytest.mark.slow
def test_a_large_rebuild_from_the_registry_uses_processes_and_loses_nothing(notes, db,
                                                                           monkeypatch):
    total = 2100  # enough for either backend to start processes
    for i in range(1, total + 1):
        notes[i] = f"第{i}号会议纪要：古镇灯饰协会" if i % 2 else f"第{i}号会议纪要：小榄五金商会"
    backend = search.current_index().backend
    cpus = os.cpu_count() or 1
    # Whoosh writes with a process per core; tantivy analyses in processes from 4 cores on.
    expected = min(4, cpus) if backend == "whoosh" else (1 if cpus < 4 else min(cpus - 1, 4))
    assert search.auto_workers(total, backend) == expected
    if expected == 1:  # on this machine: the process path all the same
        monkeypatch.setattr(search, "auto_workers", lambda _total, _backend: 2)
    report = search.rebuild()
    assert report.documents == total and report.errors == []
    index = search.current_index()
    assert index.count() == total
    assert len(all_keys(index, "灯饰协会", ("org:1",))) == total // 2
    assert all_keys(index, "第1999号", ("org:1",)) == {"note:1999"}
    assert search.check().ok
    db.session.execute(sa.text("SELECT 1"))  # the database connection is still usable


def test_a_failed_rebuild_with_worker_processes_leaves_the_index_and_no_process(notes):
    index = search.current_index()
    index.rebuild(iter([search.SearchDocument("note", 1, "旧的", "旧的内容", principals={"org:1"})]))

    def docs():
        for i in range(400):
            if i == 350:
                raise RuntimeError("the database went away")
            yield search.SearchDocument("note", i, f"备忘{i}", "新的内容", principals={"org:1"})

    with pytest.raises(RuntimeError):
        index.rebuild(docs(), workers=2)
    assert multiprocessing.active_children() == []
    assert index.count() == 1
    assert all_keys(index, "旧的", ("org:1",)) == {"note:1"}
    assert all_keys(index, "新的", ("org:1",)) == set()


def test_check_reports_and_repairs(notes):
    for i in (1, 2, 3):
        notes[i] = f"纪要{i}"
    search.rebuild()
    assert search.check().ok
    index = search.current_index()
    index.remove("note", 1)                                     # missing
    notes[2] = "改过的纪要"                                       # stale
    index.add([search.SearchDocument("note", 9, "多余", principals={"org:1"})])  # extra
    report = search.check()
    assert (report.missing, report.stale, report.extra) == (["note:1"], ["note:2"], ["note:9"])
    assert not report.ok and not report.repaired
    report = search.check(repair=True)
    assert report.repaired
    assert search.check().ok
    assert found("改过") == {"note:2"} and found("多余") == set()


def test_check_repairs_an_index_of_another_schema(notes):
    import json

    notes[1] = "纪要"
    search.rebuild()
    home = search.current_index().home
    (home.path / home.current_name() / "ipcenter-search.json").write_text(json.dumps({}))
    report = search.check()
    assert report.problem and not report.ok
    assert search.check(repair=True).repaired
    assert search.check().ok


def test_cli_rebuild_and_check(notes, app):
    runner = app.test_cli_runner()
    for i in range(1, 6):
        notes[i] = "古镇灯饰"
    result = runner.invoke(search_cli, ["rebuild"])
    assert result.exit_code == 0, result.output
    assert "5 documents" in result.output
    result = runner.invoke(search_cli, ["check"])
    assert result.exit_code == 0 and "agree" in result.output
    search.current_index().remove("note", 3)
    result = runner.invoke(search_cli, ["check"])
    assert result.exit_code == 1 and "note:3" in result.output
    result = runner.invoke(search_cli, ["check", "--repair"])
    assert result.exit_code == 0 and "repaired" in result.output
    assert runner.invoke(search_cli, ["check"]).exit_code == 0


def test_check_on_an_empty_whoosh_index(tmp_path):
    from ipcenter.search import SearchIndex

    index = SearchIndex(tmp_path / "index", "whoosh")
    index.rebuild([])
    assert list(index.stored_keys()) == []
