"""A trademark complaint through the API (``POST /api/v1/trademark-complaints``): filed as the
trademark filing page files it, its files stored as uploads, submitted to the enforcement
officers, in one unit of work. An agent names the right holder it files for (``requester``),
on either kind of complaint; a firm files for itself. Refused — a token without the scope, a
user who is no filer, a bad file, an agent naming no one, a firm naming another — nothing is
written, no file is left in the store, and the answer is JSON in Chinese."""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa

from ipcenter.core.models import AuditEvent
from tests.api.conftest import bearer
from tests.api.test_complaints import _body as patent_body
from tests.api.test_complaints import _written
from tests.conftest import PASSWORD, login, minimal_pdf

URL = "/api/v1/trademark-complaints"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _file(kind="proof_of_right", filename="商标注册证.pdf", data=None) -> dict:
    return {"kind": kind, "filename": filename,
            "content_base64": _b64(minimal_pdf() if data is None else data)}


def _body(*files, token="tm-order-0001", **extra) -> dict:
    body = {"marks": [{"registration_number": "12345678", "nice_class": 11,
                       "holder": "中山市古镇华辉灯饰有限公司", "text": "华辉"}],
            "respondent": {"name": "中山市某灯饰商行", "address": "中山市古镇镇东兴路1号"},
            "facts": "当事人在电商平台销售假冒“华辉”商标的灯具",
            "files": list(files) if files else [_file(),
                                                _file("evidence", "购买公证书.pdf",
                                                      minimal_pdf() + b"%tm-evidence\n")],
            **extra}
    if token:
        body["client_token"] = token
    return body


def _stored_files(app) -> set[str]:
    from pathlib import Path

    root = Path(app.config["IPCENTER_FILES_DIR"])
    return {p.name for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp"}


@pytest.fixture
def firm_token(crew, issue):
    return issue(crew.firm, "complaints:write")


@pytest.fixture
def agency(make_org, make_user, issue):
    org = make_org("agency", name="中山市灯都知识产权代理有限公司")
    user = make_user("agent", org=org, username="tm-agent")
    return user, issue(user, "complaints:write")


def _requester_of(crew) -> dict:
    return {"name": crew.firm_org.name, "uscc": crew.firm_org.uscc,
            "address": "中山市古镇镇华辉路8号"}


def _case_actions(db, case_id) -> list[str]:
    return db.session.execute(sa.select(AuditEvent.action).where(
        AuditEvent.object_type == "case", AuditEvent.object_id == str(case_id))).scalars().all()


def test_a_firm_files_a_trademark_complaint(app, client, db, crew, firm_token):
    from ipcenter.cases.models import TrademarkCase
    from ipcenter.core import storage

    answer = client.post(URL, headers=bearer(firm_token), json=_body())
    assert answer.status_code == 201, answer.get_json()
    filed = answer.get_json()
    case = db.session.get(TrademarkCase, filed["id"])
    assert case.submitted_at is not None and filed["state"] == case.state
    assert filed["state_label"] and filed["state_label"] != case.state
    assert case.filed_by_org_id == crew.firm_org.id
    assert [p.organisation_id for p in case.requesters] == [crew.firm_org.id]
    assert [(m.registration_number, m.nice_class, m.text) for m in case.marks] == [
        ("12345678", 11, "华辉")]
    assert {(d.kind, d.filename) for d in case.documents if not d.template} == {
        ("proof_of_right", "商标注册证.pdf"), ("evidence", "购买公证书.pdf")}
    for doc in filed["documents"]:
        assert storage.path_for(doc["sha256"]).exists()  # the documents are in the store
    # The audit rows: the filing, each upload, the submission, and the API's own.
    actions = _case_actions(db, case.id)
    assert {"case.file", "case.upload", "case.submit", "api.case.file"} <= set(actions)
    api_row = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "api.case.file", AuditEvent.object_id == str(case.id))).scalar_one()
    assert api_row.actor_id == crew.firm.id

    # The firm's own list of cases shows it.
    crew.firm.username = "tm-firm"
    db.session.commit()
    login(client, "tm-firm", PASSWORD)
    page = client.get("/cases/")
    assert page.status_code == 200 and case.title in page.get_data(as_text=True)


def test_the_same_client_token_twice_returns_the_same_case(client, db, firm_token):
    first = client.post(URL, headers=bearer(firm_token), json=_body())
    assert first.status_code == 201
    before = _written(db)
    again = client.post(URL, headers=bearer(firm_token), json=_body())
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    assert _written(db) == before
    # A patent complaint cannot take the trademark complaint's token.
    other = client.post("/api/v1/complaints", headers=bearer(firm_token),
                        json=patent_body(token="tm-order-0001"))
    assert other.status_code == 409 and other.get_json()["error"]
    assert _written(db) == before


def test_an_agent_files_for_the_right_holder_it_names(app, client, db, crew, agency):
    from ipcenter.auth.models import User
    from ipcenter.auth.policy import can
    from ipcenter.cases.models import TrademarkCase
    from ipcenter.cases.policy import visible_cases

    agent, secret = agency
    answer = client.post(URL, headers=bearer(secret),
                         json=_body(requester=_requester_of(crew)))
    assert answer.status_code == 201, answer.get_json()
    case = db.session.get(TrademarkCase, answer.get_json()["id"])
    # The right holder is the requester; the agency filed it.
    assert [p.organisation_id for p in case.requesters] == [crew.firm_org.id]
    assert case.filed_by_org_id == agent.organisation_id and case.filed_by_id == agent.id
    assert crew.firm_org.name in case.requesters[0].name
    agent, firm = db.session.get(User, agent.id), db.session.get(User, crew.firm.id)
    assert can(agent, "case.view", case) and can(firm, "case.view", case)
    seen = db.session.execute(visible_cases(sa.select(TrademarkCase.id), agent)).scalars()
    assert case.id in set(seen)
    detail = db.session.execute(sa.select(AuditEvent.detail).where(
        AuditEvent.action == "api.case.file", AuditEvent.object_id == str(case.id))
    ).scalar_one()
    assert "requester" in str(detail)


def test_an_agent_names_an_unregistered_right_holder(client, db, agency):
    from ipcenter.auth.models import Organisation
    from ipcenter.cases.models import TrademarkCase
    from ipcenter.ip.uscc import check_character

    _agent, secret = agency
    base = "91440600MA4W12345"
    code = base + check_character(base)
    holder = {"name": "广东某照明科技有限公司", "uscc": code, "address": "佛山市南海区"}
    answer = client.post(URL, headers=bearer(secret), json=_body(requester=holder))
    assert answer.status_code == 201, answer.get_json()
    case = db.session.get(TrademarkCase, answer.get_json()["id"])
    firm = db.session.execute(sa.select(Organisation).filter_by(uscc=code)).scalar_one()
    assert firm.kind == "firm" and [p.organisation_id for p in case.requesters] == [firm.id]


def test_an_agent_files_a_patent_complaint_for_the_right_holder(client, db, crew, agency):
    from ipcenter.cases.models import PatentCase

    agent, secret = agency
    answer = client.post("/api/v1/complaints", headers=bearer(secret),
                         json={**patent_body(token="agent-patent-1"),
                               "requester": _requester_of(crew)})
    assert answer.status_code == 201, answer.get_json()
    case = db.session.get(PatentCase, answer.get_json()["id"])
    assert [p.organisation_id for p in case.requesters] == [crew.firm_org.id]
    assert case.filed_by_org_id == agent.organisation_id
    assert case.title.startswith(crew.firm_org.name)


@pytest.mark.parametrize("url, body", [
    (URL, _body()), ("/api/v1/complaints", patent_body(token="agent-patent-2"))])
def test_an_agent_must_name_the_right_holder(app, client, db, agency, url, body):
    _agent, secret = agency
    before, files = _written(db), _stored_files(app)
    answer = client.post(url, headers=bearer(secret), json=body)
    assert answer.status_code == 422, answer.get_json()
    assert "权利人" in answer.get_json()["error"]
    assert answer.get_json()["fields"]["requester"]
    assert _written(db) == before and _stored_files(app) == files


def test_a_firm_cannot_name_another_firm(app, client, db, crew, firm_token, make_org):
    other = make_org("firm", name="中山市另一家灯饰有限公司")
    db.session.commit()
    before, files = _written(db), _stored_files(app)
    named = {"name": other.name, "uscc": other.uscc, "address": "中山市"}
    answer = client.post(URL, headers=bearer(firm_token), json=_body(requester=named))
    assert answer.status_code == 422 and "本企业" in answer.get_json()["error"]
    assert _written(db) == before and _stored_files(app) == files
    # Naming itself is the same as naming no one.
    itself = client.post(URL, headers=bearer(firm_token),
                         json=_body(requester=_requester_of(crew)))
    assert itself.status_code == 201, itself.get_json()


def test_an_agents_bad_particulars_are_refused(client, db, agency):
    _agent, secret = agency
    before = _written(db)
    bad = {"name": "某公司", "uscc": "123", "address": "中山市"}
    answer = client.post(URL, headers=bearer(secret), json=_body(requester=bad))
    assert answer.status_code == 422 and "统一社会信用代码" in answer.get_json()["error"]
    assert _written(db) == before


def test_a_token_without_the_scope_or_a_user_who_files_nothing_is_refused(
        client, db, crew, issue):
    before = _written(db)
    reader = issue(crew.bank, "applications:read")
    answer = client.post(URL, headers=bearer(reader), json=_body())
    assert answer.status_code == 403 and answer.get_json()["error"]
    director = issue(crew.director, "statistics:read")
    assert client.post(URL, headers=bearer(director), json=_body()).status_code == 403
    assert client.post(URL, json=_body()).status_code == 401
    assert _written(db) == before


def test_a_bad_second_file_leaves_nothing_in_the_store(app, client, db, firm_token):
    before, files = _written(db), _stored_files(app)
    damaged = b"%PDF-1.7\nnothing of a PDF after its first line\n"
    answer = client.post(URL, headers=bearer(firm_token), json=_body(
        _file(), _file("evidence", "证据.pdf", damaged)))
    assert answer.status_code == 422, answer.get_json()
    assert "证据.pdf" in answer.get_json()["error"]
    assert answer.get_json()["fields"]["files"]["1"]
    assert _written(db) == before
    assert _stored_files(app) == files  # the first file, stored, was removed again


def test_a_refused_submission_leaves_nothing_in_the_store(app, client, db, firm_token):
    # A foreign holder's complaint without the three papers: the submit guard refuses it
    # after the files were stored.
    before, files = _written(db), _stored_files(app)
    answer = client.post(URL, headers=bearer(firm_token),
                         json=_body(foreign_holder=True, token="tm-foreign-01"))
    assert answer.status_code == 422, answer.get_json()
    assert "承诺书" in answer.get_json()["error"]
    assert _written(db) == before and _stored_files(app) == files


def test_a_file_that_is_not_accepted_is_refused_before_anything(app, client, db, firm_token):
    before, files = _written(db), _stored_files(app)
    answer = client.post(URL, headers=bearer(firm_token), json=_body(
        _file(), _file("evidence", "证据.exe", b"MZ\x90\x00 not a pdf")))
    assert answer.status_code == 422 and "不接受此类文件" in answer.get_json()["error"]
    assert _written(db) == before and _stored_files(app) == files


def test_a_bad_registration_number_is_refused(client, db, firm_token):
    before = _written(db)
    body = _body()
    body["marks"][0]["registration_number"] = "12AB"
    answer = client.post(URL, headers=bearer(firm_token), json=body)
    assert answer.status_code == 400 and "注册号" in answer.get_json()["error"]
    assert _written(db) == before
