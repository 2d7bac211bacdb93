"""Who may add which kind of file: the centre's own records (hearing, inspection and inquiry
records) are the handlers'; a party's forged form is refused and nothing is stored; the hearing
guard counts only a handler's record."""

import io
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from ipcenter import matters
from ipcenter.cases.models import CaseDocument, DocAudience
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.workflow import TS
from ipcenter.core.errors import InvalidInput, InvalidTransition
from ipcenter.core.models import StoredFile
from tests.cases.conftest import PDF, walk
from tests.cases.trademark.test_trademark import at as tm_at
from tests.cases.trademark.test_trademark import to_prior_notice
from tests.conftest import csrf_from, login

CENTRE_ONLY = {"hearing_record", "inspection_record", "inquiry_record"}
HEARING_DAY = datetime(2026, 10, 9, 1, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def pinned_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-05T10:00:00+08:00")


def offered_kinds(html: str) -> set[str]:
    select = re.search(r'<select[^>]*name="kind"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the page has no upload form"
    return set(re.findall(r'<option[^>]*value="([^"]+)"', select.group(1)))


def stored_count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile))


def files_on_disk(app) -> list[Path]:
    root = Path(app.config["IPCENTER_FILES_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_each_user_is_offered_only_the_kinds_they_may_add(client, db, cast):
    from ipcenter.cases.patent.kind import PATENT_UPLOAD_KINDS

    case = walk(db, cast, S.SERVED)
    party_kinds = {k for k, v in PATENT_UPLOAD_KINDS.items() if "party" in v.added_by}
    handler_kinds = {k for k, v in PATENT_UPLOAD_KINDS.items() if "handler" in v.added_by}
    assert CENTRE_ONLY <= handler_kinds and not CENTRE_ONLY & party_kinds
    for username, wanted in (("huahui", party_kinds), ("mingyao", party_kinds),
                             ("judge1", handler_kinds)):
        browser = client.application.test_client()
        login(browser, username)
        offered = offered_kinds(browser.get(f"/cases/{case.id}").get_data(as_text=True))
        assert offered == wanted, username
    assert "hearing_record" not in party_kinds and "answer" not in handler_kinds


def test_respondent_posting_a_forged_hearing_record_is_refused(client, app, db, cast):
    case = walk(db, cast, S.SERVED)
    login(client, "mingyao")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    before_docs, before_files = len(case.documents), stored_count(db)
    response = client.post(f"/cases/{case.id}/act/upload", data={
        "csrf_token": csrf_from(html), "kind": "hearing_record",
        "file": (io.BytesIO(PDF + b"%forged"), "口头审理笔录.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    db.session.expire_all()
    assert len(case.documents) == before_docs and stored_count(db) == before_files
    assert not any(d.kind == "hearing_record" for d in case.documents)


@pytest.mark.parametrize("kind", sorted(CENTRE_ONLY))
def test_service_refuses_a_centre_record_from_a_party_and_stores_nothing(app, db, cast, kind):
    case = walk(db, cast, S.SERVED)
    before_docs, before_files = len(case.documents), stored_count(db)
    on_disk = files_on_disk(app)
    with pytest.raises(InvalidInput) as info:
        matters.attach(case, kind, io.BytesIO(PDF + b"%party"), "笔录.pdf", cast.respondent,
                       HEARING_DAY)
    assert "您不能添加此类材料" in str(info.value.message)  # the default language
    assert len(case.documents) == before_docs and stored_count(db) == before_files
    assert files_on_disk(app) == on_disk


def test_handler_may_not_file_a_partys_answer(db, cast):
    case = walk(db, cast, S.SERVED)
    with pytest.raises(InvalidInput):
        matters.attach(case, "answer", io.BytesIO(PDF + b"%a"), "答辩书.pdf", cast.judges[0],
                       HEARING_DAY)


def _party_record(db, case, user, created_at):
    """A hearing record a party added before uploads were checked (a legacy row)."""
    party = next(p for p in case.parties if p.organisation_id == user.organisation_id)
    doc = CaseDocument(case=case, kind="hearing_record", title="口头审理笔录", filename="笔录.pdf",
                       audience=DocAudience.PARTIES, party=party, uploaded_by_id=user.id,
                       created_at=created_at)
    db.session.add(doc)
    db.session.flush()
    return doc


def test_hearing_guard_counts_only_the_handlers_record(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    now = datetime(2026, 9, 29, 2, tzinfo=timezone.utc)
    services.schedule_hearing(case, cast.judges[0], now, HEARING_DAY, "第一审理庭")
    _party_record(db, case, cast.respondent, datetime(2026, 10, 9, 8, tzinfo=timezone.utc))
    with pytest.raises(InvalidTransition):
        services.record_hearing(case, cast.judges[0], datetime(2026, 10, 9, 9, tzinfo=timezone.utc))
    assert case.state == S.HEARING_SCHEDULED
    matters.attach(case, "hearing_record", io.BytesIO(PDF + b"%rec"), "笔录.pdf", cast.judges[1],
                   datetime(2026, 10, 9, 8, tzinfo=timezone.utc))
    services.record_hearing(case, cast.judges[0], datetime(2026, 10, 9, 9, tzinfo=timezone.utc))
    assert case.state == S.EXAMINATION


def test_trademark_hearing_guard_counts_only_the_officers_record(db, cast, officers):
    case = to_prior_notice(db, cast, officers, fine="100000")
    tm.request_hearing(case, cast.respondent, tm_at(15))
    tm.schedule_hearing(case, officers[0], tm_at(15), tm_at(30), "听证室")
    _party_record(db, case, cast.respondent, tm_at(30))
    assert not tm.facts(case, tm_at(30)).has_hearing_record
    with pytest.raises(InvalidTransition):
        tm.record_hearing(case, officers[0], tm_at(30))
    with pytest.raises(InvalidInput):
        matters.attach(case, "hearing_record", io.BytesIO(PDF + b"%h"), "听证笔录.pdf",
                       cast.respondent, tm_at(30))
    matters.attach(case, "hearing_record", io.BytesIO(PDF + b"%h"), "听证笔录.pdf",
                   officers[1], tm_at(30))
    tm.record_hearing(case, officers[0], tm_at(30))
    assert case.state == TS.READY
