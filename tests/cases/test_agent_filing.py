"""An agent (an IP agency, an e-commerce platform) files on the web filing pages for the right
holder it acts for: the pages ask it for the right holder (权利人) — name, unified social credit
code, address — which becomes the case's requester (a registered firm, or one registered from
the particulars), while the agency stands as the one who filed. A firm's pages ask for no right
holder. Refused — no right holder, a bad code — the form says why in Chinese and nothing is
written."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from ipcenter.auth.models import Organisation
from ipcenter.cases.models import Case
from tests.cases.conftest import PDF, at
from tests.conftest import csrf_from, login

NEW_FIRM = {"right_holder_name": "中山市小榄新光电器有限公司",
            "right_holder_uscc": "91442000MA4UNR0D2U",
            "right_holder_address": "中山市小榄镇工业大道18号"}


@pytest.fixture(autouse=True)
def pinned_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-05T10:00:00+08:00")


@pytest.fixture
def agent(make_org, make_user):
    org = make_org("agency", name="中山市灯都知识产权代理有限公司")
    return make_user("agent", org=org, username="dengdu")


def _form(client, url):
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
    return {"csrf_token": csrf_from(html), "client_token": token}


def _patent(client, cast, **right_holder):
    data = _form(client, "/cases/new")
    data.update({"patent_number": "ZL202020123456.8", "patent_title": "一种LED吸顶灯",
                 "respondent_org": str(cast.respondent.organisation_id), "respondent_name": "",
                 "claim": "请求责令停止侵权", "facts": "被请求人销售侵权产品",
                 "proof_of_right": (io.BytesIO(PDF), "证书.pdf"), **right_holder})
    return client.post("/cases/new", data=data, content_type="multipart/form-data")


def _trademark(client, cast, **right_holder):
    data = _form(client, "/cases/new/trademark")
    data.update({"registration_number": "12345678", "nice_class": "11",
                 "holder": "中山市古镇华辉灯饰有限公司", "mark_text": "华辉",
                 "party_org": str(cast.respondent.organisation_id), "party_name": "",
                 "party_kind": "organisation", "facts": "当事人销售假冒“华辉”商标的灯具",
                 "evidence": [(io.BytesIO(PDF + b"%tm"), "商标注册证.pdf")], **right_holder})
    return client.post("/cases/new/trademark", data=data, content_type="multipart/form-data")


FILE = {"patent": _patent, "trademark": _trademark}


def _registered(cast) -> dict:
    org = cast.requester.organisation
    return {"right_holder_name": org.name, "right_holder_uscc": org.uscc,
            "right_holder_address": "中山市古镇镇东兴中路12号"}


def _submit(client, case_id):
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    return client.post(f"/cases/{case_id}/act/submit", data={"csrf_token": csrf_from(html)})


def _cases(db) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one()


def _orgs(db) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(Organisation)).scalar_one()


@pytest.mark.parametrize("kind", ["patent", "trademark"])
@pytest.mark.parametrize("registered", [True, False], ids=["registered", "unregistered"])
def test_an_agent_files_for_the_right_holder(client, db, cast, agent, kind, registered):
    login(client, "dengdu")
    url = "/cases/new" if kind == "patent" else "/cases/new/trademark"
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="right-holder"' in page and "权利人统一社会信用代码" in page
    orgs = _orgs(db)
    right_holder = _registered(cast) if registered else NEW_FIRM
    response = FILE[kind](client, cast, **right_holder)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    case = db.session.execute(sa.select(Case)).scalar_one()
    firm = db.session.execute(sa.select(Organisation).filter_by(
        uscc=right_holder["right_holder_uscc"])).scalar_one()
    if registered:
        assert firm.id == cast.requester.organisation_id and _orgs(db) == orgs
    else:  # registered from the particulars the agent gave
        assert (firm.kind, firm.name, firm.address) == (
            "firm", NEW_FIRM["right_holder_name"], NEW_FIRM["right_holder_address"])
        assert _orgs(db) == orgs + 1
    assert [p.organisation_id for p in case.requesters] == [firm.id]
    assert case.filed_by_org_id == agent.organisation_id and case.filed_by_id == agent.id

    # The agent's page: the right holder as the requester, the agency as the one who filed.
    detail = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert firm.name in detail
    filer = re.search(r'data-testid="agent-filer">(.*?)</dd>', detail, re.DOTALL).group(1)
    assert "中山市灯都知识产权代理有限公司" in filer and "代理权利人提交" in filer
    assert case.title in client.get("/cases/").get_data(as_text=True)
    assert _submit(client, case.id).status_code == 302

    others = client.application.test_client()
    if registered:  # the right holder's own users see the case it is the requester of
        login(others, "huahui")
        page = others.get(f"/cases/{case.id}")
        assert page.status_code == 200 and 'data-testid="agent-filer"' in page.get_data(
            as_text=True)
        assert case.title in others.get("/cases/").get_data(as_text=True)
        others = client.application.test_client()
    login(others, "xingguang")  # another firm: refused, and not in its list
    assert others.get(f"/cases/{case.id}").status_code == 403
    assert case.title not in others.get("/cases/").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["patent", "trademark"])
def test_an_agent_naming_no_right_holder_is_refused(client, db, cast, agent, kind):
    login(client, "dengdu")
    response = FILE[kind](client, cast)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "代理用户须代权利人投诉" in body
    assert _cases(db) == 0


@pytest.mark.parametrize("kind", ["patent", "trademark"])
@pytest.mark.parametrize("uscc", ["91442000MA4UNR0D2Y", "abc"])
def test_a_bad_credit_code_of_the_right_holder_is_refused(client, db, cast, agent, kind, uscc):
    login(client, "dengdu")
    orgs = _orgs(db)
    response = FILE[kind](client, cast, **{**NEW_FIRM, "right_holder_uscc": uscc})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "请填写权利人有效的统一社会信用代码" in body and NEW_FIRM["right_holder_name"] in body
    assert _cases(db) == 0 and _orgs(db) == orgs


@pytest.mark.parametrize("kind", ["patent", "trademark"])
def test_a_registered_code_under_another_name_is_refused(client, db, cast, agent, kind):
    # The code is 华辉's: the case must not become 华辉's under a name the agent typed.
    login(client, "dengdu")
    response = FILE[kind](client, cast, **{**_registered(cast),
                                           "right_holder_name": "中山市完全不同灯饰有限公司"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "登记的是“中山市古镇华辉灯饰有限公司”" in body and "请核对权利人的名称和代码" in body
    assert _cases(db) == 0


@pytest.mark.parametrize("kind", ["patent", "trademark"])
def test_an_incomplete_right_holder_is_refused_and_no_firm_registered(client, db, cast, agent,
                                                                       kind):
    login(client, "dengdu")
    orgs = _orgs(db)
    response = FILE[kind](client, cast, **{**NEW_FIRM, "right_holder_address": ""})
    assert response.status_code == 400 and "请填写权利人地址" in response.get_data(as_text=True)
    assert _cases(db) == 0 and _orgs(db) == orgs


@pytest.mark.parametrize("kind", ["patent", "trademark"])
def test_a_firm_files_for_itself_with_no_right_holder_section(client, db, cast, kind):
    login(client, "huahui")
    url = "/cases/new" if kind == "patent" else "/cases/new/trademark"
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="right-holder"' not in page and "right_holder_" not in page
    # Right-holder fields slipped into a firm's post are not its form's: it files for itself.
    response = FILE[kind](client, cast, **NEW_FIRM)
    assert response.status_code == 302
    case = db.session.execute(sa.select(Case)).scalar_one()
    assert [p.organisation_id for p in case.requesters] == [cast.requester.organisation_id]
    assert case.filed_by_org_id == cast.requester.organisation_id
    assert 'data-testid="agent-filer"' not in client.get(f"/cases/{case.id}").get_data(
        as_text=True)
    assert db.session.execute(sa.select(Organisation).filter_by(
        uscc=NEW_FIRM["right_holder_uscc"])).scalar_one_or_none() is None


@pytest.mark.parametrize("registered", [True, False], ids=["registered", "unregistered"])
def test_the_agency_is_told_what_the_right_holder_is_told(client, db, cast, agent, registered):
    from ipcenter.cases.patent import services
    from ipcenter.notify.models import Notice

    login(client, "dengdu")
    response = _patent(client, cast, **(_registered(cast) if registered else NEW_FIRM))
    case_id = int(response.location.rstrip("/").split("/")[-1])
    assert _submit(client, case_id).status_code == 302
    case = db.session.get(Case, case_id)
    services.accept(case, cast.judges[0], at(1), dict.fromkeys(services.CHECKLIST, True))
    db.session.commit()
    told = set(db.session.execute(sa.select(Notice.user_id).where(
        Notice.event == "case.accept", Notice.subject_id == case_id)).scalars())
    assert agent.id in told
    assert (cast.requester.id in told) is registered   # a new right holder has no account yet
    assert cast.outsider.id not in told and cast.respondent.id not in told


# ---------------------------------------------------------------------------------------------
# 送达: a requester an agency filed for is served on the agency (民事诉讼法 Art. 88)

AGENCY = "中山市灯都知识产权代理有限公司"


def _accepted(client, db, cast, right_holder, *, login_as="dengdu", when=4):
    from ipcenter.cases.patent import services

    login(client, login_as)
    response = _patent(client, cast, **right_holder)
    case_id = int(response.location.rstrip("/").split("/")[-1])
    assert _submit(client, case_id).status_code == 302
    case = db.session.get(Case, case_id)
    services.accept(case, cast.judges[0], at(when), dict.fromkeys(services.CHECKLIST, True))
    db.session.commit()
    return case


def _service_notices(db, case_id):
    from ipcenter.notify.models import Notice

    return {n.user_id: n for n in db.session.execute(sa.select(Notice).where(
        Notice.event == "service.sent", Notice.subject_id == case_id)).scalars()}


@pytest.mark.parametrize("registered", [True, False], ids=["registered", "unregistered"])
def test_the_acceptance_notice_is_served_on_the_agency(client, db, cast, agent, registered):
    from ipcenter.core.clock import local_date
    from ipcenter.matters import serving

    case = _accepted(client, db, cast, _registered(cast) if registered else NEW_FIRM)
    (record,) = serving.records(case)
    (requester,) = case.requesters
    assert (record.document_title, record.party_id) == ("受理通知书", requester.id)
    # Electronically, to the agency, received on arrival by the agency for the right holder.
    assert record.method == "electronic" and record.received_on == local_date(at(4))
    assert record.received_by == f"{AGENCY}（代理人）"
    assert AGENCY in record.consent and "第八十八条" in record.consent
    told = _service_notices(db, case.id)
    assert agent.id in told and AGENCY in told[agent.id].text
    assert (cast.requester.id in told) is registered  # a new right holder has no account
    assert cast.outsider.id not in told and cast.respondent.id not in told
    # The agency's page shows the record, received by it as the right holder's agent.
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"{AGENCY}（代理人）" in page


def test_the_agency_acknowledges_the_service_and_another_firm_cannot(client, db, cast, agent,
                                                                    monkeypatch):
    from ipcenter.core.clock import local_date
    from ipcenter.core.errors import PermissionDenied
    from ipcenter.matters import serving
    from ipcenter.notify import services as notices

    monkeypatch.setitem(client.application.config, "IPCENTER_SERVICE_ACKNOWLEDGE", True)
    case = _accepted(client, db, cast, NEW_FIRM)
    (record,) = serving.records(case)
    assert record.method == "electronic" and record.received_on is None
    notice = _service_notices(db, case.id)[agent.id]
    assert notice.action == serving.ACKNOWLEDGE and "确认收到" in notice.text
    for someone in (cast.outsider, cast.respondent, cast.requester, cast.judges[1]):
        with pytest.raises(PermissionDenied):
            serving.acknowledge(record.id, someone, at(5))
    assert record.received_on is None
    notices.act(agent, notice.id, at(6))
    db.session.commit()
    assert record.received_on == local_date(at(6))
    assert record.received_by == f"{AGENCY}（代理人）{agent.display_name}（本系统确认收到）"


def test_a_clock_the_service_opens_for_the_requester_is_the_agencys(client, db, cast, agent):
    from ipcenter.cases.patent import services
    from ipcenter.core import timelimits
    from ipcenter.matters import serving

    case = _accepted(client, db, cast, NEW_FIRM)
    j1, j2, j3 = cast.judges[:3]
    services.assign_panel(case, cast.director, at(5), [j1.id, j2.id, j3.id], j1.id)
    services.serve(case, j1, at(5))
    on_respondent = next(r for r in serving.records(case) if r.opens == "answer")
    doc = next(d for d in case.documents if d.id == on_respondent.document_id)
    # Any period the receipt opens for the requester lands on the agency's desk (我的工作),
    # the respondent's on its own.
    serving.to_serve(case, doc, case.requesters[0], at(5), j1, opens="answer")
    db.session.commit()
    assignees = {c.assignee_org_id for c in timelimits.open_for("case", case.id, "answer")}
    assert assignees == {agent.organisation_id, cast.respondent.organisation_id}


def test_a_firm_filing_for_itself_is_served_as_before(client, db, cast):
    from ipcenter.cases.patent import services
    from ipcenter.matters import serving

    case = _accepted(client, db, cast, {}, login_as="huahui")
    assert serving.records(case) == []  # it has the acceptance notice on its own page
    j1, j2, j3 = cast.judges[:3]
    services.assign_panel(case, cast.director, at(5), [j1.id, j2.id, j3.id], j1.id)
    services.serve(case, j1, at(5))
    db.session.commit()
    (record,) = serving.records(case)
    assert record.party_id == case.respondents[0].id
    assert record.received_by == record.party_name and "代理人" not in record.received_by
    assert set(_service_notices(db, case.id)) == {cast.respondent.id}


def test_the_agency_asks_for_a_recusal_for_the_right_holder(client, db, cast, agent, make_org,
                                                           make_user):
    from ipcenter.auth import policy
    from ipcenter.cases.models import RecusalRequest
    from ipcenter.cases.patent import services

    case = _accepted(client, db, cast, NEW_FIRM)
    j1, j2, j3 = cast.judges[:3]
    services.assign_panel(case, cast.director, at(5), [j1.id, j2.id, j3.id], j1.id)
    db.session.commit()
    other_agency = make_user("agent", org=make_org("agency", name="中山市另一知识产权代理有限公司"),
                             username="another")
    assert policy.can(agent, "case.recusal.request", case)
    assert not policy.can(other_agency, "case.recusal.request", case)
    assert not policy.can(cast.outsider, "case.recusal.request", case)
    member = next(h for h in case.active_handlers if h.user_id == j2.id)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    response = client.post(f"/cases/{case.id}/act/request_recusal", data={
        "csrf_token": csrf_from(html), "handler": str(member.id), "reason": "该成员曾代理被请求人"})
    assert response.status_code == 302
    (request,) = db.session.execute(sa.select(RecusalRequest).where(
        RecusalRequest.case_id == case.id)).scalars()
    assert request.requested_by_id == agent.id and request.handler_id == member.id
    # Another agency is refused, and nothing is written.
    client.post("/logout", data={"csrf_token": csrf_from(html)})
    login(client, "another")
    html = client.get("/dashboard").get_data(as_text=True)
    response = client.post(f"/cases/{case.id}/act/request_recusal", data={
        "csrf_token": csrf_from(html), "handler": str(member.id), "reason": "无关"})
    assert response.status_code in (403, 404)
    assert db.session.execute(sa.select(sa.func.count()).select_from(RecusalRequest).where(
        RecusalRequest.case_id == case.id)).scalar_one() == 1
