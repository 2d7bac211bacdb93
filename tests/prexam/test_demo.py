"""The demo's pre-examination: 华辉 registered and 明耀 awaiting the examiner, a request in every
state the pages show, walked through the real services with real files, the examiner's queue
with clocks overdue and due soon, the granted patent in the rights register held by the firm,
and seeding twice adds nothing."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from ipcenter import demo
from ipcenter.auth.models import Organisation, User
from ipcenter.auth.policy import can
from ipcenter.core import clock, outbox, storage
from ipcenter.core.db import unit_of_work
from ipcenter.core.deadlines import bucket
from ipcenter.core.models import AuditEvent, Deadline
from ipcenter.core.workdays import load_calendar
from ipcenter.ip import numbers
from ipcenter.ip.models import Right
from ipcenter.prexam import demo as prexam_demo
from ipcenter.prexam.models import PrexamFiling, PrexamRequest
from ipcenter.prexam.rules import checklist
from ipcenter.prexam.workflow import EXAMINER_QUEUE, FS, E, S
from tests.conftest import rolled_back_database

SHOWN = {S.SUBMITTED, S.CLASSIFICATION_CHECK, S.UNDER_EXAMINATION, S.OPINION_ISSUED, S.AMENDED,
         S.PASSED, S.FILED_AT_CNIPA, S.GRANTED, S.RETURNED, S.FAILED}


def _seed(app, monkeypatch, at: str | None = None, *, only_prexam: bool = True,
          dispatch: bool = True):
    """``ipcenter.demo.seed`` as ``flask ipcenter seed-demo`` runs it (one unit of work, its
    tasks after the commit); ``only_prexam`` leaves the other domains' demo data out, ``at``
    pins the clock; without ``dispatch`` the tasks (the documents rendered, the uploads' text
    extracted) stay in the outbox, undone."""
    if at:
        monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", at)
    if only_prexam:
        monkeypatch.setattr(demo, "seed_domains", prexam_demo.seed)
    if not dispatch:
        monkeypatch.setattr(outbox, "dispatch_after_commit", outbox.take_queued)
    with unit_of_work():
        demo.seed()


# The tests that take the clock as it is read the demo seeded once for the session
# (``demo_db``, in a transaction rolled back after the test); only those that pin a day seed
# their own.


@pytest.fixture
def demo_files(demo_app, tmp_path):
    """``demo_db`` reading the file store the session's seed wrote its uploads to."""
    files = demo_app.config["IPCENTER_FILES_DIR"]
    with rolled_back_database(demo_app, tmp_path, IPCENTER_FILES_DIR=files) as database:
        yield database


def _requests(db) -> dict[str, PrexamRequest]:
    return {r.client_token: r for r in db.session.execute(sa.select(PrexamRequest)).scalars()}


def _user(db, username) -> User:
    return db.session.execute(sa.select(User).filter_by(username=username)).scalar_one()


def test_the_demo_seed_puts_a_request_in_every_state_the_pages_show(demo_db):
    requests = _requests(demo_db)
    assert {spec.token: requests[spec.token].state for spec in prexam_demo.PREXAM_REQUESTS} \
        == {spec.token: spec.state for spec in prexam_demo.PREXAM_REQUESTS}
    assert {r.state for r in requests.values()} >= {str(s) for s in SHOWN}
    assert {r.patent_kind for r in requests.values()} == {"utility_model", "design"}
    firm = _user(demo_db, "firm1")
    assert all(r.org_id == firm.organisation_id and r.filed_by_id == firm.id
               for r in requests.values())
    # Every step went through the services: one audit row per event fired, at least.
    granted = requests["demo-prexam-1"]
    fired = demo_db.session.execute(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.object_type == "prexam", AuditEvent.object_id == str(granted.id))
    ).scalar_one()
    assert fired >= len(prexam_demo.PREXAM_REQUESTS[0].path)


def test_the_examiners_queue_holds_requests_with_clocks_overdue_and_due_soon(demo_db):
    examiner = _user(demo_db, "examiner")
    assert examiner.display_name == "周静"
    queue = [r for r in _requests(demo_db).values()
             if r.state in {str(s) for s in EXAMINER_QUEUE} and can(examiner, "prexam.view", r)]
    assert {r.state for r in queue} == {str(s) for s in EXAMINER_QUEUE}
    waiting = [r for r in queue if r.state == S.SUBMITTED]
    assert len(waiting) == 2 and all(can(examiner, "prexam.act", (r, E.TAKE_UP))
                                     for r in waiting)
    for taken in (r for r in queue if r.state != S.SUBMITTED):
        assert [h.user_id for h in taken.active_handlers] == [examiner.id]
    today, calendar = clock.today(), load_calendar()
    buckets = set()
    for request in queue:
        rows = demo_db.session.execute(sa.select(Deadline).where(
            Deadline.subject_type == "prexam", Deadline.subject_id == request.id,
            Deadline.closed_at.is_(None))).scalars().all()
        assert len(rows) == 1, request.client_token
        buckets.add(bucket(rows[0].due_on, today, calendar))
    assert {"overdue", "soon"} <= buckets


@pytest.mark.parametrize("at", ["2026-10-09T10:00:00", "2027-01-06T16:30:00",
                                "2026-05-09T08:05:00"])
def test_the_steps_fall_on_working_days_before_now_around_holidays_and_unknown_years(
        app, db, monkeypatch, at):
    # 9 October 2026 follows the National Day week; 2027 is not in the package's calendar
    # (provisional clocks); 9 May 2026 is a Saturday worked in lieu (调休) of Labour Day.
    # Only the dates are checked: the documents need not be rendered nor their text extracted.
    _seed(app, monkeypatch, at, dispatch=False)
    now = clock.now()
    requests = _requests(db)
    assert {r.state for r in requests.values()} >= {str(s) for s in SHOWN}
    rows = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.object_type.in_(["prexam", "prexam_filing"]))).scalars().all()
    assert rows and all(row.at <= now for row in rows)
    queue = [r for r in requests.values() if r.state in {str(s) for s in EXAMINER_QUEUE}]
    due = {bucket(d.due_on, clock.local_date(now), load_calendar().provisional())
           for d in db.session.execute(sa.select(Deadline).where(
               Deadline.subject_type == "prexam", Deadline.closed_at.is_(None),
               Deadline.subject_id.in_([r.id for r in queue]))).scalars()}
    assert {"overdue", "soon"} <= due


def test_huahui_is_registered_and_mingyao_awaits_the_examiner(demo_db):
    filings = {f.client_token: f
               for f in demo_db.session.execute(sa.select(PrexamFiling)).scalars()}
    huahui, mingyao = filings["demo-prexam-filing-huahui"], filings["demo-prexam-filing-mingyao"]
    assert huahui.state == FS.APPROVED and huahui.approved_on is not None
    assert huahui.org_id == _user(demo_db, "firm1").organisation_id
    assert mingyao.state == FS.APPLIED and mingyao.org_id == _user(demo_db, "firm2").organisation_id
    clocks = demo_db.session.execute(sa.select(Deadline).where(
        Deadline.subject_type == "prexam_filing", Deadline.subject_id == mingyao.id,
        Deadline.closed_at.is_(None))).scalars().all()
    assert [(c.kind, c.assignee_role) for c in clocks] == [("filing_decision", "examiner")]
    assert can(_user(demo_db, "examiner"), "prexam.filing.act", (mingyao, "approve_filing"))


def test_the_opinion_has_its_checklist_and_two_points_with_their_bases(demo_db):
    requests = _requests(demo_db)
    bases = {b.code for b in checklist.OPINION_BASES}
    for token in ("demo-prexam-6", "demo-prexam-5"):
        request = requests[token]
        opinion = request.opinions[-1]
        assert set(opinion.checklist) == {c.code for c in checklist.CHECKLISTS[
            request.patent_kind]}
        assert not all(opinion.checklist.values()) and any(opinion.checklist.values())
        assert len(opinion.points) == 2 and all(p["basis"] in bases and p["text"]
                                                for p in opinion.points)
    waiting = requests["demo-prexam-6"].opinions[-1]
    assert waiting.answered_at is None and waiting.reply_due_on >= clock.today()
    answered = requests["demo-prexam-5"].opinions[-1]
    assert answered.answered_at is not None and answered.reply
    assert {d.kind for d in requests["demo-prexam-5"].documents} >= {"amendment", "reply"}


def test_the_granted_patent_is_in_the_register_held_by_the_firm(demo_db):
    requests = _requests(demo_db)
    firm = demo_db.session.get(Organisation, _user(demo_db, "firm1").organisation_id)
    granted = requests["demo-prexam-1"]
    right = demo_db.session.get(Right, granted.right_id)
    assert right.holder_org_id == firm.id and right.status == "valid"
    assert right.granted_on == granted.granted_on and right.kind == "utility_model"
    parsed = numbers.parse_patent(right.number)       # raises on a wrong check character
    assert parsed.kind == "utility_model" and right.number == f"ZL{granted.application_number}"
    filed = requests["demo-prexam-3"]
    pending = demo_db.session.get(Right, filed.right_id)
    assert pending.holder_org_id == firm.id and pending.granted_on is None
    assert numbers.parse_patent(filed.application_number).kind == "design"
    assert int(filed.application_number[:4]) == filed.cnipa_filed_on.year


def test_the_returned_and_failed_requests_carry_their_reasons(demo_db):
    requests = _requests(demo_db)
    returned, failed = requests["demo-prexam-7"], requests["demo-prexam-2"]
    # Returned by the examiner although its class was in scope when it was submitted.
    assert returned.subclass == "F21V" and "A47G" in returned.return_reason
    assert "第二十三条" in failed.fail_reason and failed.failed_on is not None


def test_the_uploads_are_real_pdfs_and_pngs_with_their_text(demo_files):
    from PIL import Image
    from pypdf import PdfReader

    seen = set()
    for request in _requests(demo_files).values():
        for doc in request.documents:
            if doc.kind == "official":
                continue
            data = storage.read_bytes(doc.sha256)
            seen.add(doc.content_type)
            if doc.content_type == "application/pdf":
                text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                assert text.strip(), (request.client_token, doc.kind)
                if doc.kind in ("request", "brief_description"):
                    assert request.title in text
            else:
                assert Image.open(io.BytesIO(data)).size[0] > 100
            assert doc.text_status in ("done", "ocr"), (request.client_token, doc.kind)
    assert seen == {"application/pdf", "image/png"}


def test_seeding_twice_adds_nothing(demo_app, demo_db, monkeypatch):
    def counts():
        return [demo_db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
                for model in (PrexamRequest, PrexamFiling, Deadline, AuditEvent, Right)]

    before = counts(), sorted((r.client_token, r.state) for r in _requests(demo_db).values())
    _seed(demo_app, monkeypatch)
    assert (counts(), sorted((r.client_token, r.state) for r in _requests(demo_db).values())) \
        == before
