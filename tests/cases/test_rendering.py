"""Rendering and extraction are safe to run twice; work left pending is found again (the
sweeper, ``flask search check``) and shown on the admin's health page."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipcenter.cases import rendering, tasks
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.core import extract, outbox
from ipcenter.core.db import unit_of_work
from ipcenter.core.documents import IssuedDocument
from ipcenter.core.models import AuditEvent, OutboxMessage
from ipcenter.search.cli import search_cli
from tests.cases.conftest import at, walk
from tests.conftest import login


def _count(db, model, *where):
    return db.session.execute(sa.select(sa.func.count()).select_from(model).where(*where)
                              ).scalar_one()


def _notice(db, cast):
    """An accepted case; its 受理通知书 rendered (tasks are eager in tests)."""
    case = walk(db, cast, S.ACCEPTED)
    with unit_of_work():
        pass
    return next(d for d in case.documents if d.template == "acceptance_notice")


def test_a_second_delivery_of_a_render_issues_nothing(db, cast):
    doc = _notice(db, cast)
    assert doc.render_status == "done" and doc.issued_document_id
    tasks.render_document.apply(args=[doc.id])
    tasks.render_document.apply(args=[doc.id])
    source = rendering.source_of(doc.id)
    assert _count(db, IssuedDocument, IssuedDocument.source == source) == 1
    # One issue per official document of the case (the acceptance and the panel notice).
    official = [d for d in doc.case.documents if d.template]
    assert _count(db, AuditEvent, AuditEvent.action == "document.issue",
                  AuditEvent.object_id == str(doc.case_id)) == len(official) == 2


def test_one_issued_document_per_notice_is_a_constraint(db, cast):
    from ipcenter.cases.documents import document_data
    from ipcenter.core import documents

    doc = _notice(db, cast)
    with pytest.raises(sa.exc.IntegrityError):
        with db.session.begin_nested():
            documents.issue(doc.template, document_data(doc, at(1)), title=doc.title,
                            number=doc.number, subject_type="case", subject_id=doc.case_id,
                            now=at(1), source=rendering.source_of(doc.id))


def test_a_render_that_cannot_succeed_is_marked_failed(db, cast, monkeypatch):
    case = walk(db, cast, S.SUBMITTED)
    monkeypatch.setattr(rendering, "document_data", lambda doc, now: {"bad": object()})
    with unit_of_work():
        services.accept(case, cast.judges[0], at(1), dict.fromkeys(services.CHECKLIST, True))
    doc = next(d for d in case.documents if d.template == "acceptance_notice")
    db.session.refresh(doc)
    assert doc.render_status == "failed" and doc.issued_document_id is None


def test_text_is_written_once_and_only_for_the_file_the_document_holds(db, cast):
    case = walk(db, cast, S.DRAFT)
    doc = case.documents[0]
    doc.text_status, doc.text = "pending", None
    db.session.flush()
    sha = doc.sha256
    older = extract.Extraction(status="done", text="旧文本", reason="")
    assert rendering.store_text(doc.id, "0" * 64, older) is False  # another file's text
    newer = extract.Extraction(status="done", text="新文本", reason="")
    assert rendering.store_text(doc.id, sha, newer) is True
    assert rendering.store_text(doc.id, sha, older) is False  # a second delivery
    db.session.refresh(doc)
    assert doc.text == "新文本" and doc.text_status == "done"


def _leave_pending(db, doc, **status):
    """A document whose work was lost: status pending, its messages gone."""
    for name, value in status.items():
        setattr(doc, name, value)
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()


def test_sweeper_finishes_a_document_left_pending(db, cast):
    case = walk(db, cast, S.SUBMITTED)
    services.accept(case, cast.judges[0], at(1), dict.fromkeys(services.CHECKLIST, True))
    doc = next(d for d in case.documents if d.template == "acceptance_notice")
    _leave_pending(db, doc)
    now = at(1) + timedelta(hours=2)
    report = outbox.sweep(now, timedelta(hours=1))
    assert report.requeued >= 2  # the notice's render, the proof of right's text
    assert f"render:{rendering.source_of(doc.id)}" in report.keys
    db.session.refresh(doc)
    assert doc.render_status == "done"
    assert _count(db, IssuedDocument, IssuedDocument.source == rendering.source_of(doc.id)) == 1
    assert doc.text_status in ("done", "ocr")
    assert outbox.sweep(now, timedelta(hours=1)).total == 0  # nothing left


def test_sweeper_leaves_recent_work_and_work_under_way(db, cast):
    case = walk(db, cast, S.SUBMITTED)
    services.accept(case, cast.judges[0], at(1), dict.fromkeys(services.CHECKLIST, True))
    db.session.commit()  # queued, not yet sent: a message is under way
    assert outbox.sweep(at(1) + timedelta(hours=2), timedelta(hours=1)).requeued == 0
    assert outbox.sweep(at(1) + timedelta(minutes=5), timedelta(hours=1)).requeued == 0


def test_search_check_reports_owed_work_and_repair_queues_it(db, cast, app, monkeypatch):
    case = walk(db, cast, S.ACCEPTED)
    doc = next(d for d in case.documents if d.template == "acceptance_notice")
    upload = next(d for d in case.documents if d.kind == "proof_of_right")
    _leave_pending(db, doc, render_status="failed")
    with unit_of_work():
        pass
    # an upload still waiting for its text, queued long before the window
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW",
                        (at(0) + timedelta(days=3)).isoformat())
    runner = app.test_cli_runner()
    result = runner.invoke(search_cli, ["check"])
    assert result.exit_code == 1, result.output
    assert f"rendering 失败 / failed: 1: {rendering.source_of(doc.id)}" in result.output
    assert f"pending too long: 1: {rendering.source_of(upload.id)}" in result.output
    result = runner.invoke(search_cli, ["check", "--repair"])
    assert result.exit_code == 0, result.output
    db.session.refresh(doc), db.session.refresh(upload)
    assert doc.render_status == "done" and upload.text_status in ("done", "ocr")
    result = runner.invoke(search_cli, ["check"])
    assert result.exit_code == 0, result.output


def test_health_page_shows_owed_work_to_the_admin_only(client, db, cast, app, monkeypatch):
    case = walk(db, cast, S.SUBMITTED)
    services.accept(case, cast.judges[0], at(1), dict.fromkeys(services.CHECKLIST, True))
    doc = next(d for d in case.documents if d.template == "acceptance_notice")
    _leave_pending(db, doc)
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW",
                        (at(1) + timedelta(days=1)).isoformat())
    login(client, "admin")
    page = client.get("/admin/health")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "后台任务" in html and "尚未生成的法律文书" in html
    assert 'data-testid="health-render">1<' in html
    assert 'data-testid="health-extract">1<' in html  # the proof of right
    other = app.test_client()
    login(other, "huahui")
    assert other.get("/admin/health").status_code == 403
