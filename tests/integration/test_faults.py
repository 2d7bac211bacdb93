"""Background work under broker, worker and database faults: nothing lost, nothing done twice.

Real services throughout: a Redis of the test's own (another port: it is stopped and started
here), Celery workers and beat on the production entry point, PostgreSQL. To put a task in
the middle of its work at a known point, the test holds a lock the task needs next (the
``issued_document`` table for a render, the document's row for an extraction's write) and
waits until PostgreSQL shows the worker's backend waiting for it; then it kills the worker, or
terminates the worker's database connections (``pg_terminate_backend``: what a database
restart does to its clients, without stopping the machine's PostgreSQL).

Each test prints its figures (operations, lost, duplicated, time to recover): ``pytest -s``.
"""

from __future__ import annotations

import io
import json
import os
import re
import statistics
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipcenter import matters, search
from ipcenter.auth.models import Organisation, User
from ipcenter.cases import rendering
from ipcenter.cases.models import CaseDocument, PatentCase
from ipcenter.cases.patent import services
from ipcenter.cases.patent.services import FilingData
from ipcenter.config import build_config
from ipcenter.core import clock, outbox
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.documents import IssuedDocument
from ipcenter.core.models import AuditEvent, OutboxMessage
from ipcenter.ip.uscc import check_character
from ipcenter.matters import PartyData
from ipcenter.search import tasks as search_tasks
from tests.conftest import PASSWORD, csrf_from, minimal_pdf
from tests.integration import processes
from tests.integration.conftest import broker_url, dispose, fresh_database, migrated_app

pytestmark = pytest.mark.celery_worker

PATENT = "ZL202020123456.8"
CHECKLIST = {k: "y" for k in ("standing", "definite", "no_court", "competence")}
VISIBILITY = 6        # s: a killed worker's message goes back to the queue after this
REDELIVER = 2         # s: beat's outbox redelivery period
SWEEP = 3             # s: beat's sweeper period
STALE = 30            # s: the sweeper's window
RECOVERY_LIMIT = 90   # s: the bound on any recovery below


def figures(name: str, **values) -> None:
    print(f"\nFIGURES {name}: " + ", ".join(f"{k}={v}" for k, v in values.items()))


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    broker_url()  # the real-worker stage only (CI sets it); this module owns its Redis
    if not os.environ.get("IPCENTER_TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("the fault tests need PostgreSQL (row locks, pg_terminate_backend)")
    with fresh_database("postgresql", tmp_path_factory.mktemp("faults-db")) as url:
        yield url


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    server = processes.RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def web(tmp_path_factory, database, redis):
    celery = dict(build_config(str(tmp_path_factory.getbasetemp()))["CELERY"],
                  broker_url=redis.url, task_always_eager=False)
    app = migrated_app(tmp_path_factory, database, IPCENTER_BROKER_URL=redis.url,
                       CELERY=celery, IPCENTER_STALE_WORK_SECONDS=STALE)
    with app.app_context():
        _seed()
    yield app
    dispose(app)


def _seed() -> None:
    now = clock.now()
    with unit_of_work():
        orgs = {}
        for n, (key, kind, name) in enumerate([
                ("firm", "firm", "中山市古镇华辉灯饰有限公司"),
                ("other", "firm", "中山市古镇明耀照明电器厂"),
                ("centre", "centre", "中山市知识产权保护中心")], start=1):
            base = f"91442000MA{n:07d}"
            orgs[key] = Organisation(name=name, kind=kind, uscc=base + check_character(base),
                                     created_at=now)
            db.session.add(orgs[key])
        db.session.flush()
        for username, org, role in [("huahui", "firm", "firm"), ("judge", "centre",
                                                                 "adjudicator")]:
            user = User(username=username, display_name=username, organisation=orgs[org],
                        active=True, created_at=now)
            user.set_password(PASSWORD)
            user.set_roles([role])
            db.session.add(user)


@pytest.fixture
def env(tmp_path, database, redis, web):
    """The environment of the worker and beat processes: the web's database, broker, files
    and index, and short periods so that recovery fits in a test."""
    return dict(os.environ, IPCENTER_DATABASE_URL=database, IPCENTER_BROKER_URL=redis.url,
                IPCENTER_DATA_DIR=str(tmp_path), IPCENTER_SECRET_KEY="fault-test-secret",
                IPCENTER_FILES_DIR=web.config["IPCENTER_FILES_DIR"],
                IPCENTER_INDEX_DIR=web.config["IPCENTER_INDEX_DIR"],
                IPCENTER_BROKER_VISIBILITY_TIMEOUT=str(VISIBILITY),
                IPCENTER_REDELIVER_SECONDS=str(REDELIVER), IPCENTER_SWEEP_SECONDS=str(SWEEP),
                IPCENTER_STALE_WORK_SECONDS=str(STALE))


@pytest.fixture
def started(tmp_path, env):
    """Start Celery processes; stop (or reap) every one at the end, logs shown on failure."""
    running: list[processes.Celery] = []

    def start(kind="worker", name="worker", **options):
        proc = (processes.beat(tmp_path, env) if kind == "beat"
                else processes.worker(tmp_path, name, env, **options))
        proc.start(wait_ready=kind != "beat")
        if kind == "beat":
            proc.wait_for_log("Starting", timeout=30)
        running.append(proc)
        return proc

    yield start
    for proc in running:
        proc.stop()
    for proc in running:
        print(f"\n--- {proc.name} log\n{processes.tail(proc.log, 40)}")


# -- the database side: what the test reads and the locks it holds --------------------------------

def _scalar(web, stmt):
    with web.app_context():
        try:
            return db.session.execute(stmt).scalar_one()
        finally:
            db.session.remove()


def wait_until(predicate, what: str, timeout: float = RECOVERY_LIMIT) -> float:
    """Poll ``predicate`` until true; return the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


@contextmanager
def holding(web, sql: str, **params):
    """Hold the lock ``sql`` takes, in a transaction of its own, until the block ends."""
    with web.app_context():
        conn = db.engine.connect()
    tx = conn.begin()
    try:
        conn.execute(sa.text(sql), params)
        yield conn
    finally:
        tx.rollback()
        conn.close()


def waiting(web, pattern: str) -> list[int]:
    """The backends waiting for a lock whose statement matches ``pattern``."""
    with web.app_context():
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")).all()
    return [row.pid for row in rows if re.search(pattern, row.query, re.I)]


RENDER_INSERT = r"INSERT INTO issued_document"
TEXT_UPDATE = r"UPDATE case_document SET text_status"
RENDER_CLAIM = r"UPDATE case_document SET render_status"
LOCK_RENDERS = "LOCK TABLE issued_document IN SHARE MODE"
LOCK_DOCUMENT = "SELECT id FROM case_document WHERE id = :id FOR UPDATE"


def _issued_for(web, doc_id: int) -> int:
    return _scalar(web, sa.select(sa.func.count()).select_from(IssuedDocument).where(
        IssuedDocument.source == rendering.source_of(doc_id)))


def _issue_audits(web, case_id: int) -> int:
    return _scalar(web, sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "document.issue", AuditEvent.object_id == str(case_id)))


def _doc(web, doc_id: int) -> CaseDocument:
    with web.app_context():
        doc = db.session.get(CaseDocument, doc_id)
        db.session.expunge(doc)
        db.session.remove()
    return doc


def _unfinished_messages(web) -> int:
    return _scalar(web, sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.done_at.is_(None)))


# -- cases made through the services (the broker up) ---------------------------------------------

def _users(web):
    with web.app_context():
        firm = db.session.execute(sa.select(User).where(User.username == "huahui")).scalar_one()
        judge = db.session.execute(sa.select(User).where(User.username == "judge")).scalar_one()
        other = db.session.execute(sa.select(Organisation).where(
            Organisation.name == "中山市古镇明耀照明电器厂")).scalar_one()
        return firm.id, judge.id, other.id


def _submitted_case(web) -> int:
    firm_id, _, other_id = _users(web)
    with web.app_context(), unit_of_work():
        firm = db.session.get(User, firm_id)
        data = FilingData(patent_number=PATENT, patent_title="一种LED吸顶灯散热结构",
                          claim="请求责令停止侵权。", facts="被请求人销售侵权产品。",
                          respondents=[PartyData(name="中山市古镇明耀照明电器厂",
                                                 organisation_id=other_id)])
        case = services.file_complaint(data, firm, clock.now(), uuid.uuid4().hex)
        matters.attach(case, "proof_of_right", io.BytesIO(minimal_pdf() + uuid.uuid4().bytes),
                       "专利证书.pdf", firm, clock.now())
        services.submit(case, firm, clock.now())
        return case.id


def _accept(web, case_id: int) -> int:
    """Accept the case (its 受理通知书 is queued); return the notice's document id."""
    _, judge_id, _ = _users(web)
    with web.app_context(), unit_of_work():
        case = db.session.get(PatentCase, case_id)
        services.accept(case, db.session.get(User, judge_id), clock.now(),
                        dict.fromkeys(services.CHECKLIST, True))
        db.session.flush()
        return next(d.id for d in case.documents if d.template == "acceptance_notice")


def _upload(web, case_id: int, content: bytes, *, dispatch: bool = True) -> int:
    """Attach a file; ``dispatch=False`` leaves its extraction message in the outbox."""
    firm_id, _, _ = _users(web)
    with web.app_context(), unit_of_work():
        case = db.session.get(PatentCase, case_id)
        doc = matters.attach(case, "evidence", io.BytesIO(content), "公证书.pdf",
                             db.session.get(User, firm_id), clock.now())
        db.session.flush()
        if not dispatch:
            outbox.forget_queued(db.session)
        return doc.id


def _sample_pdf(web, phrase: str) -> bytes:
    """A PDF with a text layer holding ``phrase`` (the decision template, sample data)."""
    from ipcenter.cases import pdf_catalogue as catalogue
    from ipcenter.core import pdf

    with web.app_context():
        data = catalogue.sample_data("decision")
        data["findings"] = phrase
        return pdf.render_pdf("decision", data)


def _principals(web, username: str) -> list[str]:
    from ipcenter.auth import policy

    user = db.session.execute(sa.select(User).where(User.username == username)).scalar_one()
    return sorted(policy.principals(user))


# -- the tests -------------------------------------------------------------------------------------

def _login(client, username: str) -> float:
    html = client.get("/login").get_data(as_text=True)
    started = time.monotonic()
    response = client.post("/login", data={"csrf_token": csrf_from(html), "username": username,
                                           "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return time.monotonic() - started


def _timed_post(client, page: str, url: str, data: dict, **kwargs) -> float:
    html = client.get(page).get_data(as_text=True)
    started = time.monotonic()
    response = client.post(url, data={"csrf_token": csrf_from(html), **data}, **kwargs)
    elapsed = time.monotonic() - started
    assert response.status_code == 302, (url, response.status_code,
                                         response.get_data(as_text=True)[:300])
    return elapsed


def test_broker_down_changes_answer_fast_and_all_work_is_done_once_it_is_back(
        web, redis, started):
    started(pool="threads", concurrency=4)
    started("beat")
    _, _, other_id = _users(web)
    with web.app_context():
        before_cases = db.session.execute(sa.select(PatentCase.id)).scalars().all()
    redis.stop()
    try:
        timings = []
        firm = web.test_client()
        timings.append(_login(firm, "huahui"))  # signing in audits through a unit of work
        for n in range(10):
            html = firm.get("/cases/new").get_data(as_text=True)
            token = re.search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
            timings.append(_timed_post(firm, "/cases/new", "/cases/new", {
                "client_token": token, "patent_number": PATENT, "patent_title": f"吸顶灯{n}",
                "respondent_org": str(other_id), "respondent_name": "",
                "claim": "请求责令停止侵权", "facts": f"被请求人销售侵权产品第{n}批",
                "proof_of_right": (io.BytesIO(minimal_pdf() + f"%{n}".encode()), "证书.pdf")},
                content_type="multipart/form-data"))
        with web.app_context():
            case_ids = [i for i in db.session.execute(
                sa.select(PatentCase.id).order_by(PatentCase.id)).scalars()
                if i not in before_cases]
        for case_id in case_ids:
            timings.append(_timed_post(firm, f"/cases/{case_id}",
                                       f"/cases/{case_id}/act/submit", {}))
        judge = web.test_client()
        timings.append(_login(judge, "judge"))
        for case_id in case_ids:
            timings.append(_timed_post(judge, f"/cases/{case_id}",
                                       f"/cases/{case_id}/act/accept", CHECKLIST))
        assert judge.get(f"/cases/{case_ids[0]}").status_code == 200  # pages answer too
        waiting_messages = _scalar(web, sa.select(sa.func.count()).select_from(OutboxMessage)
                                   .where(OutboxMessage.sent_at.is_(None)))
    finally:
        redis.start()
    back = time.monotonic()
    assert len(case_ids) == 10
    assert max(timings) < 2.0, timings
    assert waiting_messages >= 40  # index ×3, text ×10, render ×10 … all waited in the outbox

    with web.app_context():
        notices = db.session.execute(sa.select(CaseDocument.id).where(
            CaseDocument.case_id.in_(case_ids),
            CaseDocument.template == "acceptance_notice")).scalars().all()
        uploads = db.session.execute(sa.select(CaseDocument.id).where(
            CaseDocument.case_id.in_(case_ids),
            CaseDocument.kind == "proof_of_right")).scalars().all()

    def all_done():
        with web.app_context():
            try:
                rendered = db.session.execute(sa.select(sa.func.count()).where(
                    CaseDocument.id.in_(notices), CaseDocument.render_status == "done")
                ).scalar_one()
                extracted = db.session.execute(sa.select(sa.func.count()).where(
                    CaseDocument.id.in_(notices + uploads),
                    CaseDocument.text_status.in_(("done", "ocr")))).scalar_one()
                return (rendered == len(notices) and extracted == len(notices) + len(uploads)
                        and _unfinished_messages(web) == 0 and search.check().ok)
            finally:
                db.session.remove()

    recovered = wait_until(all_done, "every PDF rendered, every text extracted, indexed")
    with web.app_context():
        issued = {doc_id: _issued_for(web, doc_id) for doc_id in notices}
        db.session.remove()
    assert len(notices) == 10 and set(issued.values()) == {1}, issued
    assert all(_issue_audits(web, case_id) == 1 for case_id in case_ids)
    with web.app_context():
        hits = search.search(PATENT, _principals(web, "judge"), per_page=100)
        assert {hit.id for hit in hits.hits if hit.kind == "case"} >= set(case_ids)
        db.session.remove()
    figures("broker down", changes=len(timings) - 2, sign_ins=2,
            slowest_ms=round(max(timings) * 1000), median_ms=round(
                statistics.median(timings) * 1000), waited_in_outbox=waiting_messages,
            lost=0, duplicated=sum(issued.values()) - len(issued),
            recovered_s=round(recovered, 1), since_broker_back_s=round(
                time.monotonic() - back, 1))


def test_worker_killed_mid_render_and_mid_extraction_loses_nothing_issues_nothing_twice(
        web, started):
    case_id = _submitted_case(web)
    upload_id = _upload(web, case_id, _sample_pdf(web, "被诉灯具的散热鳍片呈放射状排列。"))
    notice_id = _accept(web, case_id)  # no worker yet: both wait in the broker
    killed: list[str] = []   # what each killed worker was in the middle of
    seen: set[int] = set()   # the backends of the killed workers (they wait on, unaware)
    with holding(web, LOCK_RENDERS), holding(web, LOCK_DOCUMENT, id=upload_id):
        while set(killed) != {"render", "extract"}:
            assert len(killed) < 4, killed  # a killed task comes back first, at most twice
            worker = started(name=f"killed{len(killed) + 1}")
            stuck: dict[int, str] = {}

            def in_the_middle(stuck=stuck):
                for what, pattern in (("render", RENDER_INSERT), ("extract", TEXT_UPDATE)):
                    for pid in set(waiting(web, pattern)) - seen:
                        stuck[pid] = what
                return bool(stuck)

            wait_until(in_the_middle, "a worker in the middle of a render or extraction", 30)
            worker.kill()
            killed_at = time.monotonic()
            seen.update(stuck)
            killed += stuck.values()
    # the locks are gone: the killed workers' transactions end without a commit
    started(name="restarted")
    recovered = wait_until(
        lambda: _doc(web, notice_id).render_status == "done"
        and _doc(web, upload_id).text_status in ("done", "ocr")
        and _doc(web, notice_id).text_status in ("done", "ocr"),
        "the render and the extraction done after the restart")
    assert _issued_for(web, notice_id) == 1
    assert _issue_audits(web, case_id) == 1
    assert "散热鳍片" in _doc(web, upload_id).text
    with web.app_context():
        files = os.listdir(web.config["IPCENTER_FILES_DIR"])
        assert files  # the killed render's PDF may stay as a stored blob, never as a document
        db.session.remove()
    figures("worker SIGKILL", operations=2, kills=len(killed), killed_in="+".join(killed),
            lost=0,
            duplicated=_issued_for(web, notice_id) - 1,
            recovered_s=round(time.monotonic() - killed_at, 1), after_restart_s=round(
                recovered, 1))


def test_database_connections_killed_during_a_render_the_task_retries_and_completes(
        web, started):
    worker = started()
    case_id = _submitted_case(web)
    with holding(web, LOCK_RENDERS) as lock:
        notice_id = _accept(web, case_id)
        wait_until(lambda: waiting(web, RENDER_INSERT), "the render waiting to insert", 30)
        # a database restart, as its clients see it: every other connection terminated
        terminated = lock.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar_one()
        cut = time.monotonic()
    recovered = wait_until(lambda: _doc(web, notice_id).render_status == "done",
                           "the render done after the database came back", 60)
    assert terminated >= 1
    assert _issued_for(web, notice_id) == 1 and _issue_audits(web, case_id) == 1
    log = worker.log.read_text()
    assert "OperationalError" in log and "Retry in" in log, processes.tail(worker.log)
    figures("database restart during a render", operations=1, connections_cut=terminated,
            lost=0, duplicated=0, recovered_s=round(time.monotonic() - cut, 1),
            wait_s=round(recovered, 1))


def _send_twice(web, task: str, *args) -> None:
    with web.app_context():
        celery = web.extensions["celery"]
        for _ in range(2):
            celery.send_task(task, args=list(args))


def test_two_deliveries_at_once_one_document_one_text_newest_index_entry(web, started):
    started(pool="threads", concurrency=4)
    case_id = _submitted_case(web)
    with holding(web, LOCK_RENDERS):
        notice_id = _accept(web, case_id)
        wait_until(lambda: waiting(web, RENDER_INSERT), "the render queued by the change", 30)
        _send_twice(web, rendering.RENDER_TASK, notice_id)
        wait_until(lambda: len(waiting(web, RENDER_INSERT + "|" + RENDER_CLAIM)) >= 3,
                   "three deliveries of the render at once", 30)
    wait_until(lambda: _doc(web, notice_id).text_status in ("done", "ocr"), "render, text")
    assert _issued_for(web, notice_id) == 1 and _issue_audits(web, case_id) == 1

    upload_id = _upload(web, case_id, _sample_pdf(web, "两次投递的提取只写一次。"), dispatch=False)
    index_messages = sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.task == "search.index", OutboxMessage.args == json.dumps(["file",
                                                                                upload_id]))
    with holding(web, LOCK_DOCUMENT, id=upload_id):
        with web.app_context():
            assert outbox.dispatch_pending() == 1  # the upload's own message
            db.session.remove()
        _send_twice(web, rendering.EXTRACT_TASK, upload_id)
        wait_until(lambda: len(waiting(web, TEXT_UPDATE)) >= 3,
                   "three deliveries of the extraction at once", 60)
    wait_until(lambda: _scalar(web, index_messages) >= 1, "the text written")
    time.sleep(1)
    assert _scalar(web, index_messages) == 1  # written once: one index message for it
    assert "两次投递" in _doc(web, upload_id).text

    # Two index deliveries wait for the writer lock; the case changes meanwhile (a change
    # committed with no index message of its own): the entry holds the newest title.
    with web.app_context(), search_tasks.writer_lock():
        _send_twice(web, "search.index", "case", case_id)
        time.sleep(1.5)
        cases = PatentCase.__mapper__.base_mapper.local_table
        db.session.execute(sa.update(cases).where(cases.c.id == case_id)
                           .values(title="最新的案件标题"))
        db.session.commit()
        db.session.remove()

    def newest_indexed():
        with web.app_context():
            try:
                hits = search.search("最新的案件标题", _principals(web, "judge"))
                return any(hit.id == case_id for hit in hits.hits)
            finally:
                db.session.remove()

    wait_until(newest_indexed, "the newest title in the index", 30)
    figures("two deliveries at once", render_deliveries=3, issued=_issued_for(web, notice_id),
            extract_deliveries=3, texts_written=_scalar(web, index_messages),
            index_deliveries=2, newest_indexed=True)


def test_sweeper_finds_work_left_pending_and_finishes_it(web, redis, started):
    case_id = _submitted_case(web)
    notice_id = _accept(web, case_id)
    upload_id = _upload(web, case_id, _sample_pdf(web, "清扫程序找回的文件。"))
    old = clock.now() - timedelta(hours=1)
    with web.app_context():
        # The broker lost the render (Redis restarted without a journal): its message says
        # sent, nothing runs it. The upload's message is lost altogether.
        db.session.execute(sa.update(OutboxMessage.__table__).where(
            OutboxMessage.task == rendering.RENDER_TASK,
            OutboxMessage.args == json.dumps([notice_id])).values(sent_at=old))
        db.session.execute(sa.delete(OutboxMessage.__table__).where(
            OutboxMessage.task == rendering.EXTRACT_TASK,
            OutboxMessage.args == json.dumps([upload_id])))
        db.session.execute(sa.update(CaseDocument.__table__).where(
            CaseDocument.id == upload_id).values(created_at=old))
        db.session.commit()
        db.session.remove()
    import redis as redis_client

    redis_client.Redis(port=redis.port).flushdb()  # and the broker lost what it held
    started()
    started("beat")
    recovered = wait_until(
        lambda: _doc(web, notice_id).render_status == "done"
        and _doc(web, upload_id).text_status in ("done", "ocr"),
        "the sweeper's work done", 60)
    assert _issued_for(web, notice_id) == 1
    with web.app_context():
        sweeps = db.session.execute(sa.select(AuditEvent.detail).where(
            AuditEvent.action == "system.sweep")).scalars().all()
        db.session.remove()
    found = [json.loads(detail) for detail in sweeps]
    assert sum(d["resent"] for d in found) >= 1 and sum(d["requeued"] for d in found) >= 1
    figures("sweeper", left_pending=2, sweeps=len(found), lost=0, duplicated=0,
            recovered_s=round(recovered, 1))
