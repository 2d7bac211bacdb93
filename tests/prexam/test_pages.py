"""The pre-examination pages through the test client on a real database: who sees each page
and who is refused, the registration and request forms (a double submit files once, refusals
shown with their reason and nothing written), the actions through their routes moving the
state, and the examiner's panel on 我的工作."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from ipcenter.core.models import AuditEvent
from ipcenter.prexam import services
from ipcenter.prexam.models import PrexamDocument, PrexamFiling, PrexamRequest
from ipcenter.prexam.workflow import FS, S
from tests.conftest import csrf_from
from tests.conftest import login as first_login
from tests.prexam.conftest import NOW, approved_filing, filing_data, pdf, submit

FIXED = "2026-04-01T10:00:00+08:00"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _fixed_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", FIXED)


def text(response):
    return response.get_data(as_text=True)


def login(client, user):
    """Sign in as ``user``, signing out whoever was signed in."""
    if client.get("/login").status_code == 302:
        page = text(client.get("/dashboard"))
        client.post("/logout", data={"csrf_token": csrf_from(page)})
    first_login(client, user.username)


def act(client, request_id, name, data=None, page=None):
    html = text(client.get(page or f"/prexam/{request_id}"))
    url = f"/prexam/{request_id}/{name}" if page is None else page + "/" + name
    return client.post(url, data={"csrf_token": csrf_from(html), **(data or {})},
                       content_type="multipart/form-data")


def state_of(db, model, obj_id):
    db.session.expire_all()
    return db.session.get(model, obj_id).state


def count(db, model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def ticked_all(kind="utility_model"):
    from ipcenter.prexam.rules import checklist

    return {f"check_{c.code}": "y" for c in checklist.CHECKLISTS[kind]}


def form_for(kind="utility_model", token="tok-1", **overrides):
    """The request form as a browser posts it, each required file a real PDF."""
    from ipcenter.prexam.rules import documents

    data = {"client_token": token, "patent_kind": kind, "title": "一种可调光LED吸顶灯",
            "classification": "F21V 23/00" if kind == "utility_model" else "26-05",
            "abstract": "本实用新型公开了一种可调光LED吸顶灯。", "claims_text": "1. 一种吸顶灯……",
            "declared_no_dual_filing": "y"}
    for doc in documents.REQUIRED[kind]:
        data[f"file_{doc}"] = (io.BytesIO(pdf(doc)), f"{doc}.pdf")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post_new(client, data):
    html = text(client.get("/prexam/new"))
    return client.post("/prexam/new", data={"csrf_token": csrf_from(html), **data},
                       content_type="multipart/form-data")


def examined(db, crew):
    """A request taken up and under examination by ``crew.examiner``."""
    approved_filing(db, crew)
    request = submit(db, crew)
    services.take_up(request, crew.examiner, NOW)
    services.confirm_classification(request, crew.examiner, NOW)
    db.session.flush()
    return request


def passed(db, crew):
    from ipcenter.prexam.rules import checklist

    request = examined(db, crew)
    services.pass_request(request, crew.examiner, NOW,
                          {c.code: True for c in checklist.CHECKLISTS["utility_model"]})
    db.session.flush()
    return request


# ---------------------------------------------------------------------------------------------
# Who sees what


def test_the_front_page_for_each_user(client, db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    login(client, crew.firm)
    body = text(client.get("/prexam/"))
    assert 'data-testid="filing-state"' in body and "submit-new" in body
    assert f'data-testid="request-{request.id}"' in body and "预审" in body
    login(client, crew.other)
    body = text(client.get("/prexam/"))
    assert f'request-{request.id}"' not in body and 'data-testid="apply-filing"' in body
    assert "submit-new" not in body
    login(client, crew.examiner)
    body = text(client.get("/prexam/"))
    assert f'data-testid="request-{request.id}"' in body and 'data-testid="view-mine"' in body
    assert f'data-testid="due-{request.id}"' in body and "2026年" in body
    assert f'request-{request.id}"' not in text(client.get("/prexam/?view=mine"))
    login(client, crew.director)
    body = text(client.get("/prexam/"))
    assert f'data-testid="request-{request.id}"' in body and "view-mine" not in body
    login(client, crew.admin)
    body = text(client.get("/prexam/"))
    assert 'data-testid="to-settings"' in body and f'request-{request.id}"' not in body
    for user in (crew.fund, crew.adjudicator):
        login(client, user)
        response = client.get("/prexam/")
        assert response.status_code == 403 and CJK.search(text(response))


def test_the_examiners_see_registrations_and_the_director_proposals(client, db, crew):
    filing = services.apply_for_filing(filing_data(crew.firm_org), crew.firm, NOW,
                                       "tok-filing")
    db.session.flush()
    login(client, crew.examiner)
    assert f'data-testid="filing-{filing.id}"' in text(client.get("/prexam/"))
    login(client, crew.director)
    assert f'filing-{filing.id}"' not in text(client.get("/prexam/"))
    services.approve_filing(filing, crew.examiner, NOW)
    services.propose(filing, crew.examiner, NOW, "suspend", "credit_breach", "严重失信名单")
    db.session.flush()
    assert f'data-testid="filing-{filing.id}"' in text(client.get("/prexam/"))


def test_the_request_page_is_the_firms_and_the_centres_alone(client, db, crew, make_user):
    bank = make_user("bank")
    approved_filing(db, crew)
    request = submit(db, crew)
    doc = request.documents[0]
    for user in (crew.firm, crew.firm2, crew.examiner, crew.director):
        login(client, user)
        response = client.get(f"/prexam/{request.id}")
        assert response.status_code == 200, user.username
        body = text(response)
        assert "实用新型" in body and "px_submitted" not in body.split('data-state="')[0]
        assert request.number in body and 'data-testid="documents"' in body
    for user in (crew.other, crew.admin, crew.fund, crew.adjudicator, bank):
        login(client, user)
        before = db.session.execute(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "permission.refused")).scalar_one()
        assert client.get(f"/prexam/{request.id}").status_code in (403, 404), user.username
        assert client.get(f"/prexam/{request.id}/documents/{doc.id}").status_code in (403, 404)
        after = db.session.execute(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "permission.refused")).scalar_one()
        assert after > before  # the refusal is on record
    assert client.get("/prexam/999999").status_code in (403, 404)


def test_the_firm_downloads_its_file_and_another_request_does_not_serve_it(client, db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    other = submit(db, crew)
    doc = request.documents[0]
    login(client, crew.firm)
    response = client.get(f"/prexam/{request.id}/documents/{doc.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    response.close()
    assert client.get(f"/prexam/{other.id}/documents/{doc.id}").status_code == 404


def test_duplicates_are_shown_to_the_centre_only(client, db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    request.duplicates = [{"type": "right", "id": 1, "label": "ZL202020999999.1 相似吸顶灯",
                           "score": 0.8}]
    db.session.flush()
    login(client, crew.examiner)
    assert 'data-testid="duplicates"' in text(client.get(f"/prexam/{request.id}"))
    login(client, crew.firm)
    assert 'data-testid="duplicates"' not in text(client.get(f"/prexam/{request.id}"))


# ---------------------------------------------------------------------------------------------
# The registration


def test_the_firm_applies_for_registration_once_and_the_examiner_approves(client, db, crew):
    login(client, crew.firm)
    page = text(client.get("/prexam/filing/new"))
    assert crew.firm_org.uscc in page  # prefilled from the organisation
    data = {"csrf_token": csrf_from(page), "client_token": "filing-1",
            "uscc": crew.firm_org.uscc, "contact_name": "李明", "contact_phone": "0760-22345678",
            "rd_staff": "12", "fields": "LED灯具", "undertaking": "y"}
    first = client.post("/prexam/filing/new", data=data)
    assert first.status_code == 302
    again = client.post("/prexam/filing/new", data=data)
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert count(db, PrexamFiling) == 1
    filing = db.session.execute(sa.select(PrexamFiling)).scalar_one()
    body = text(client.get(f"/prexam/filing/{filing.id}"))
    assert "form-withdraw_filing" in body and "form-approve_filing" not in body
    login(client, crew.examiner)
    assert "form-approve_filing" in text(client.get(f"/prexam/filing/{filing.id}"))
    response = act(client, filing.id, "approve_filing", page=f"/prexam/filing/{filing.id}")
    assert response.status_code == 302
    assert state_of(db, PrexamFiling, filing.id) == FS.APPROVED


def test_a_registration_without_the_undertaking_is_refused_with_what_was_typed(client, db,
                                                                               crew):
    login(client, crew.firm)
    page = text(client.get("/prexam/filing/new"))
    response = client.post("/prexam/filing/new", data={
        "csrf_token": csrf_from(page), "client_token": "filing-2", "uscc": crew.firm_org.uscc,
        "contact_name": "李明", "contact_phone": "0760-22345678"})
    assert response.status_code == 400
    body = text(response)
    assert 'data-testid="form-error"' in body and "0760-22345678" in body
    assert count(db, PrexamFiling) == 0


def test_the_proposal_and_the_directors_decision(client, db, crew):
    filing = approved_filing(db, crew)
    url = f"/prexam/filing/{filing.id}"
    login(client, crew.examiner)
    refused = act(client, filing.id, "propose_suspension", {"ground": "", "reason": "x"},
                  page=url)
    assert refused.status_code == 400
    response = act(client, filing.id, "propose_suspension",
                   {"ground": "abnormal_application", "reason": "非正常申请"}, page=url)
    assert response.status_code == 302
    assert state_of(db, PrexamFiling, filing.id) == FS.SUSPENSION_PROPOSED
    login(client, crew.director)
    body = text(client.get(url))
    assert "form-suspend_filing" in body and "form-decline_proposal" in body
    assert act(client, filing.id, "suspend_filing", page=url).status_code == 302
    assert state_of(db, PrexamFiling, filing.id) == FS.SUSPENDED
    assert act(client, filing.id, "no_such_step", page=url).status_code == 404


# ---------------------------------------------------------------------------------------------
# The request form


def test_the_form_shows_the_conditions_before_submitting(client, db, crew):
    approved_filing(db, crew)
    login(client, crew.firm)
    body = text(client.get("/prexam/new"))
    assert 'data-testid="criterion-filing" data-passed="yes"' in body
    assert 'data-testid="criterion-document:claims" data-passed="no"' in body
    assert "✓" in body and "✗" in body
    design = text(client.get("/prexam/new?kind=design"))
    assert 'name="file_views"' in design and 'name="file_claims"' not in design


@pytest.mark.parametrize("kind", ["utility_model", "design"])
def test_a_request_submitted_once_for_a_double_submit(client, db, crew, kind):
    from ipcenter.prexam.rules import documents

    approved_filing(db, crew)
    login(client, crew.firm)
    first = post_new(client, form_for(kind, token="same"))
    assert first.status_code == 302, text(first)[:2000]
    again = post_new(client, form_for(kind, token="same"))
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert count(db, PrexamRequest) == 1
    created = db.session.execute(sa.select(PrexamRequest)).scalar_one()
    assert created.patent_kind == kind
    assert {d.kind for d in created.documents} == set(documents.REQUIRED[kind])
    body = text(client.get(first.headers["Location"]))
    assert ("外观设计" if kind == "design" else "实用新型") in body


def test_joint_applicants_need_their_contract(client, db, crew):
    approved_filing(db, crew)
    login(client, crew.firm)
    response = post_new(client, form_for(co1_name="中山大学", co1_kind="university"))
    assert response.status_code == 400
    body = text(response)
    assert 'data-testid="criterion-co_development_contract" data-passed="no"' in body
    assert 'data-testid="criterion-university_proof" data-passed="no"' in body
    assert "中山大学" in body  # the row typed is kept
    response = post_new(client, form_for(
        token="joint", co1_name="中山大学", co1_kind="university",
        file_co_development_contract=(io.BytesIO(pdf("contract")), "contract.pdf"),
        file_university_proof=(io.BytesIO(pdf("proof")), "proof.pdf")))
    assert response.status_code == 302
    created = db.session.execute(sa.select(PrexamRequest)).scalar_one()
    assert [a.name for a in created.applicants] == [crew.firm_org.name, "中山大学"]


@pytest.mark.parametrize("path", ["/prexam/", "/prexam/new", "/prexam/filing/new"])
def test_anonymous_is_sent_to_sign_in(client, db, crew, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_only_a_firm_opens_the_forms(client, db, crew):
    for user in (crew.examiner, crew.director, crew.admin):
        login(client, user)
        assert client.get("/prexam/new").status_code == 403, user.username
        assert client.get("/prexam/filing/new").status_code == 403, user.username


def test_a_firm_with_a_registration_is_sent_to_it(client, db, crew):
    filing = approved_filing(db, crew)
    login(client, crew.firm)
    response = client.get("/prexam/filing/new")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/prexam/filing/{filing.id}")


def test_no_request_without_an_approved_registration(client, db, crew):
    login(client, crew.firm)
    response = post_new(client, form_for())
    assert response.status_code == 400
    body = text(response)
    assert 'data-testid="refusals"' in body and "备案" in body
    assert 'data-testid="criterion-filing" data-passed="no"' in body
    assert count(db, PrexamRequest) == 0


def test_a_fake_pdf_is_refused_and_nothing_is_written(client, db, crew):
    approved_filing(db, crew)
    login(client, crew.firm)
    documents, audits = count(db, PrexamDocument), count(db, AuditEvent)
    response = post_new(client, form_for(file_claims=(io.BytesIO(b"not a pdf at all"),
                                                      "x.pdf")))
    assert response.status_code in (400, 415)
    assert 'data-testid="form-error"' in text(response)
    assert count(db, PrexamRequest) == 0 and count(db, PrexamDocument) == documents
    assert count(db, AuditEvent) == audits
    assert "一种可调光LED吸顶灯" in text(response)  # what was typed is kept


def test_a_missing_document_is_refused_by_name(client, db, crew):
    approved_filing(db, crew)
    login(client, crew.firm)
    response = post_new(client, form_for(file_claims=None))
    assert response.status_code == 400
    body = text(response)
    assert "权利要求书" in body and 'data-testid="criterion-document:claims" data-passed="no"' \
        in body
    assert count(db, PrexamRequest) == 0


# ---------------------------------------------------------------------------------------------
# A request's actions


def test_the_examiner_takes_up_examines_and_passes(client, db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    login(client, crew.firm)
    assert "form-take_up" not in text(client.get(f"/prexam/{request.id}"))
    login(client, crew.examiner)
    assert act(client, request.id, "take_up").status_code == 302
    assert f'data-testid="request-{request.id}"' in text(client.get("/prexam/?view=mine"))
    assert act(client, request.id, "confirm_classification").status_code == 302
    assert state_of(db, PrexamRequest, request.id) == S.UNDER_EXAMINATION
    refused = act(client, request.id, "pass_request")  # nothing ticked
    assert refused.status_code == 409 and 'data-testid="form-error"' in text(refused)
    assert state_of(db, PrexamRequest, request.id) == S.UNDER_EXAMINATION
    login(client, crew.examiner2)  # not the examiner in charge
    assert act(client, request.id, "fail_request", {"reason": "x"}).status_code == 403
    login(client, crew.examiner)
    assert act(client, request.id, "pass_request", ticked_all()).status_code == 302
    assert state_of(db, PrexamRequest, request.id) == S.PASSED


def test_an_opinion_and_the_firms_amendment(client, db, crew):
    request = examined(db, crew)
    login(client, crew.examiner)
    response = act(client, request.id, "issue_opinion",
                   {"point1_basis": "pl_26_4", "point1_text": "权利要求1不清楚。"})
    assert response.status_code == 302
    assert state_of(db, PrexamRequest, request.id) == S.OPINION_ISSUED
    login(client, crew.firm)
    body = text(client.get(f"/prexam/{request.id}"))
    assert 'data-testid="opinion-1"' in body and "专利法第二十六条第四款" in body
    response = act(client, request.id, "amend", {
        "reply": "已修改权利要求1。",
        "file_amendment": (io.BytesIO(pdf("amend")), "amend.pdf")})
    assert response.status_code == 302
    assert state_of(db, PrexamRequest, request.id) == S.AMENDED
    assert "已修改权利要求1。" in text(client.get(f"/prexam/{request.id}"))


def test_no_amendment_after_passing(client, db, crew):
    request = passed(db, crew)
    login(client, crew.firm)
    body = text(client.get(f"/prexam/{request.id}"))
    assert "form-amend" not in body and "form-upload" not in body
    documents = count(db, PrexamDocument)
    response = act(client, request.id, "amend", {
        "reply": "再改一次", "file_amendment": (io.BytesIO(pdf("late")), "late.pdf")})
    assert response.status_code == 409 and CJK.search(text(response))
    assert state_of(db, PrexamRequest, request.id) == S.PASSED
    assert count(db, PrexamDocument) == documents


def test_a_wrong_check_digit_on_the_filing_is_refused_with_the_message(client, db, crew):
    from ipcenter.ip import numbers

    request = passed(db, crew)
    login(client, crew.firm)
    good = "202620123456." + numbers.check_character("202620123456")
    bad = "202620123456." + ("0" if good[-1] != "0" else "1")
    response = act(client, request.id, "record_filing", {"number": bad, "on": "2026-04-01"})
    assert response.status_code == 409
    body = text(response)
    assert 'data-testid="form-error"' in body and "校验" in body and bad in body
    assert state_of(db, PrexamRequest, request.id) == S.PASSED
    response = act(client, request.id, "record_filing", {"number": good, "on": "2026-04-01"})
    assert response.status_code == 302
    assert state_of(db, PrexamRequest, request.id) == S.FILED_AT_CNIPA


def test_a_forged_action_name_is_not_found(client, db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    login(client, crew.examiner)
    assert act(client, request.id, "approve_everything").status_code == 404
    assert act(client, request.id, "record_grant", {"on": "2026-04-01"}).status_code == 409


def test_the_director_reassigns(client, db, crew):
    request = examined(db, crew)
    login(client, crew.director)
    body = text(client.get(f"/prexam/{request.id}"))
    assert "form-reassign" in body
    # Offered: the examiners, never a firm's or the director's account.
    options = re.findall(r'<option value="(\d+)"', body.split('form-reassign', 1)[1])
    assert {int(o) for o in options} - {0} == {crew.examiner.id, crew.examiner2.id}
    response = act(client, request.id, "reassign",
                   {"examiner": str(crew.examiner2.id), "reason": "工作量调整"})
    assert response.status_code == 302
    login(client, crew.examiner2)
    assert "form-pass_request" in text(client.get(f"/prexam/{request.id}"))
    login(client, crew.examiner)
    assert act(client, request.id, "reassign",
               {"examiner": str(crew.examiner.id), "reason": "x"}).status_code == 403


# ---------------------------------------------------------------------------------------------
# 我的工作


def test_the_examiners_queue_on_my_work(app, client, db, crew):
    from ipcenter.prexam.views import register_worklist

    register_worklist(app)
    approved_filing(db, crew)
    request = submit(db, crew)
    login(client, crew.examiner)
    body = text(client.get("/dashboard"))
    assert 'data-testid="prexam-queue-total">1<' in body
    assert f'data-testid="prexam-queue-{request.id}"' in body
    login(client, crew.firm)
    assert 'data-testid="prexam-queue"' not in text(client.get("/dashboard"))
