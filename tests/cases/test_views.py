"""The case pages through HTTP: filing, acting, refusals, downloads, and who sees what."""

import io
import re

import pytest
import sqlalchemy as sa

from ipcenter.cases.models import PatentCase
from ipcenter.cases.patent.workflow import S
from ipcenter.core.models import AuditEvent
from tests.cases.conftest import PDF, walk
from tests.conftest import csrf_from, login


@pytest.fixture(autouse=True)
def pinned_clock(app, monkeypatch):
    """The pages read the clock; pin it to the reference case's week (Thursday 5 March 2026)."""
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-05T10:00:00+08:00")


def _post(client, case_id, name, data=None, **kwargs):
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    return client.post(f"/cases/{case_id}/act/{name}",
                       data={"csrf_token": csrf_from(html), **(data or {})}, **kwargs)


def _new_form(client):
    html = client.get("/cases/new").get_data(as_text=True)
    token = re.search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
    return html, token


def test_firm_files_a_complaint_through_the_form(client, cast):
    login(client, "huahui")
    html, token = _new_form(client)
    data = {"csrf_token": csrf_from(html), "client_token": token,
            "patent_number": "ZL202020123456.8", "patent_title": "一种LED吸顶灯",
            "respondent_org": str(cast.respondent.organisation_id), "respondent_name": "",
            "claim": "请求责令停止侵权", "facts": "被请求人销售侵权产品",
            "proof_of_right": (io.BytesIO(PDF), "证书.pdf"),
            "evidence": [(io.BytesIO(PDF + b"%1"), "公证书.pdf"), (io.BytesIO(PDF + b"%2"), "发票.pdf")]}
    response = client.post("/cases/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    case = PatentCase.query.one()
    assert {d.kind for d in case.documents} == {"proof_of_right", "evidence"}
    # The same form posted again with its files (a double click) creates no second case and
    # attaches nothing more: it leads to the case the first post made.
    data["proof_of_right"] = (io.BytesIO(PDF), "证书.pdf")
    data["evidence"] = [(io.BytesIO(PDF + b"%1"), "公证书.pdf")]
    again = client.post("/cases/new", data=data, content_type="multipart/form-data")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/cases/{case.id}")
    assert PatentCase.query.count() == 1
    assert len(case.documents) == 3
    assert "已经提交过" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    response = _post(client, case.id, "submit")
    assert response.status_code == 302 and case.state == S.SUBMITTED


def test_bad_patent_number_is_shown_next_to_the_form(client, cast):
    login(client, "huahui")
    html, token = _new_form(client)
    response = client.post("/cases/new", data={
        "csrf_token": csrf_from(html), "client_token": token, "patent_number": "ZL202020123456.7",
        "patent_title": "灯", "respondent_org": "0", "respondent_name": "某厂", "claim": "x",
        "facts": "y"}, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "校验位" in body and 'value="灯"' in body
    assert PatentCase.query.count() == 0


def test_accept_through_the_page_numbers_the_case(client, cast):
    case = walk(client.application.extensions["sqlalchemy"], cast, S.SUBMITTED)
    login(client, "judge1")
    response = _post(client, case.id, "accept", {k: "y" for k in
                                                 ("standing", "definite", "no_court", "competence")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}")  # still theirs to see
    assert case.state == S.ACCEPTED and "中市监知裁字〔2026〕" in case.number


def test_wrong_state_is_409_with_reason_and_nothing_changes(client, cast, db):
    case = walk(db, cast, S.SERVED)
    login(client, "judge1")
    before = db.session.execute(sa.select(sa.func.count()).select_from(AuditEvent)).scalar_one()
    response = _post(client, case.id, "begin_examination")
    assert response.status_code == 409
    assert "答辩" in response.get_data(as_text=True)
    assert case.state == S.SERVED
    after = db.session.execute(sa.select(sa.func.count()).select_from(AuditEvent)).scalar_one()
    assert after == before


@pytest.mark.parametrize("username", ["xingguang", "bank", "admin", "enforcer", "judge4"])
def test_outsiders_cannot_see_a_case(client, cast, db, username):
    case = walk(db, cast, S.SERVED)
    login(client, username)
    assert client.get(f"/cases/{case.id}").status_code == 403
    refusals = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "permission.refused")).scalars().all()
    assert refusals and refusals[-1].actor_name


def test_respondent_sees_the_case_only_once_served(client, cast, db):
    case = walk(db, cast, S.ACCEPTED)
    login(client, "mingyao")
    assert client.get(f"/cases/{case.id}").status_code == 403
    assert str(case.id) not in client.get("/cases/").get_data(as_text=True).split("cases")[-1] \
        or case.title not in client.get("/cases/").get_data(as_text=True)
    from ipcenter.cases.patent import services
    from tests.cases.conftest import at

    services.serve(case, cast.judges[0], at(2))
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert case.title in client.get("/cases/").get_data(as_text=True)


def test_case_list_shows_only_visible_cases(client, cast, db):
    case = walk(db, cast, S.SERVED)
    login(client, "xingguang")
    assert case.title not in client.get("/cases/").get_data(as_text=True)


@pytest.mark.parametrize("username, name", [
    ("huahui", "accept"), ("mingyao", "withdraw"), ("judge2", "serve_decision"),
    ("judge1", "approve_decision"), ("huahui", "panel"), ("judge4", "draft_decision"),
    ("admin", "submit"), ("bank", "answer"),
])
def test_wrong_role_refused(client, cast, db, username, name):
    case = walk(db, cast, S.DECIDED)
    login(client, username)
    html = client.get("/dashboard").get_data(as_text=True)
    response = client.post(f"/cases/{case.id}/act/{name}", data={"csrf_token": csrf_from(html)})
    assert response.status_code == 403
    assert case.state == S.DECIDED


def test_forged_form_without_token_refused(client, cast, db):
    case = walk(db, cast, S.SUBMITTED)
    login(client, "judge1")
    response = client.post(f"/cases/{case.id}/act/accept", data={"standing": "y"})
    assert response.status_code == 400 and case.state == S.SUBMITTED


def test_unknown_action_is_404(client, cast, db):
    case = walk(db, cast, S.SUBMITTED)
    login(client, "judge1")
    assert _post(client, case.id, "jump_to_closed").status_code == 404


def test_page_offers_only_what_the_user_may_do_now(client, cast, db):
    case = walk(db, cast, S.SERVED)
    login(client, "mingyao")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="form-answer"' in html and 'data-testid="form-serve"' not in html
    client.post("/logout", data={"csrf_token": csrf_from(html)})
    login(client, "judge1")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="form-answer"' not in html
    assert 'data-testid="form-begin_examination"' not in html  # answer period still running
    # Suspension needs the invalidation acceptance notice on file first.
    assert 'data-testid="form-suspend"' not in html
    assert 'data-testid="form-start_mediation"' in html
    assert 'data-testid="form-request_extension"' in html  # judge1 presides


def test_evidence_download_checks_permission_and_is_audited(client, cast, db):
    case = walk(db, cast, S.SERVED)
    proof = next(d for d in case.documents if d.kind == "proof_of_right")
    login(client, "mingyao")  # served respondent: the request's documents are served on it
    response = client.get(f"/cases/{case.id}/documents/{proof.id}")
    assert response.status_code == 200 and response.data == PDF
    response.close()
    assert db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "document.download")).scalars().first() is not None
    client2 = client.application.test_client()
    login(client2, "xingguang")
    assert client2.get(f"/cases/{case.id}/documents/{proof.id}").status_code == 403


def test_oversized_upload_is_413_and_nothing_saved(client, cast, db, monkeypatch):
    case = walk(db, cast, S.SERVED)
    monkeypatch.setitem(client.application.config, "MAX_CONTENT_LENGTH", 2048)
    login(client, "mingyao")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    before = len(case.documents)
    response = client.post(f"/cases/{case.id}/act/upload", data={
        "csrf_token": csrf_from(html), "kind": "evidence",
        "file": (io.BytesIO(PDF + b"0" * 4096), "big.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 413
    db.session.expire_all()
    assert len(case.documents) == before


def test_malformed_upload_is_refused_with_message(client, cast, db):
    case = walk(db, cast, S.SERVED)
    login(client, "mingyao")
    response = _post(client, case.id, "upload", {
        "kind": "evidence", "file": (io.BytesIO(b"\x7fELF\x02\x01\x01 not a pdf"), "证据.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400 and "不接受此类文件" in response.get_data(as_text=True)


def test_each_document_shows_its_extraction_status(client, cast, db):
    from tests.conftest import minimal_pdf

    case = walk(db, cast, S.SERVED)
    login(client, "huahui")
    _post(client, case.id, "upload", {"kind": "evidence",
                                      "file": (io.BytesIO(minimal_pdf() + b"%x"), "空白页.pdf")},
          content_type="multipart/form-data")
    doc = case.documents[-1]
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert doc.text_status in ("done", "ocr", "failed")
    assert f'data-testid="text-status-{doc.id}"' in html


def test_two_officers_acting_at_once_the_second_gets_409(client, cast, db):
    """Optimistic locking: the case changed between reading it and writing it."""
    import sqlalchemy as sa

    from ipcenter.cases.models import Case

    case = walk(db, cast, S.SUBMITTED)
    login(client, "judge1")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    # Another officer's change lands first (the version moves on behind this request's back).
    calls = {"n": 0}

    @sa.event.listens_for(db.session, "before_flush")
    def _bump(session, *args):
        if calls["n"] == 0:
            calls["n"] += 1
            session.execute(sa.update(Case.__table__).where(Case.__table__.c.id == case.id)
                            .values(version=Case.__table__.c.version + 1))

    try:
        response = client.post(f"/cases/{case.id}/act/accept", data={
            "csrf_token": csrf_from(html), "standing": "y", "definite": "y", "no_court": "y",
            "competence": "y"})
    finally:
        sa.event.remove(db.session, "before_flush", _bump)
    assert response.status_code == 409
    db.session.expire_all()
    assert case.state == S.SUBMITTED and case.number is None


def test_a_filing_token_of_someone_else_is_refused(client, cast):
    login(client, "huahui")
    html, token = _new_form(client)
    data = {"csrf_token": csrf_from(html), "client_token": token,
            "patent_number": "ZL202020123456.8", "patent_title": "一种LED吸顶灯",
            "respondent_org": "0", "respondent_name": "某灯饰厂", "claim": "停止侵权", "facts": "销售"}
    assert client.post("/cases/new", data=data,
                       content_type="multipart/form-data").status_code == 302
    other = client.application.test_client()  # another firm's browser, replaying the token
    login(other, "mingyao")
    html, _token = _new_form(other)
    data["csrf_token"] = csrf_from(html)
    response = other.post("/cases/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 409 and "刷新页面" in response.get_data(as_text=True)
    assert PatentCase.query.count() == 1


def test_a_malformed_credit_code_is_refused_even_with_a_registered_firm(client, cast):
    login(client, "huahui")
    html, token = _new_form(client)
    response = client.post("/cases/new", data={
        "csrf_token": csrf_from(html), "client_token": token,
        "patent_number": "ZL202020123456.8", "patent_title": "灯",
        "respondent_org": str(cast.respondent.organisation_id), "respondent_uscc": "abc",
        "claim": "x", "facts": "y"}, content_type="multipart/form-data")
    assert response.status_code == 400 and "统一社会信用代码" in response.get_data(as_text=True)
    assert PatentCase.query.count() == 0


def test_an_action_that_ends_the_users_sight_of_the_case_leads_to_their_work(client, cast, db):
    """Refused acceptance (不予受理), the case no longer waits in the adjudicators' queue and
    judge1, who handles none of it, may not open it: the refusal leads to 我的工作 with its
    message, not to a page that would answer 403."""
    case = walk(db, cast, S.SUBMITTED)
    login(client, "judge1")
    response = _post(client, case.id, "refuse", {"reason": "请求人未提交涉案专利权有效的证明。"})
    assert response.status_code == 302 and case.state == S.REJECTED
    assert response.headers["Location"].endswith("/dashboard")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "已决定不予受理，不予受理通知书将送达请求人。" in page.get_data(as_text=True)
    assert client.get(f"/cases/{case.id}").status_code == 403
