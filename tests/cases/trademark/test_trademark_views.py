"""Trademark cases through HTTP: who sees what, and refusals."""

import io
import uuid

import pytest

from ipcenter import matters
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.workflow import TS
from ipcenter.core.errors import Conflict, InvalidInput
from tests.cases.conftest import PDF
from tests.cases.trademark.test_trademark import at, complaint, findings, to_investigation
from tests.conftest import csrf_from, login


@pytest.fixture(autouse=True)
def pinned_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-12T10:00:00+08:00")


def _post(client, case_id, name, data=None, **kwargs):
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    return client.post(f"/cases/{case_id}/act/{name}",
                       data={"csrf_token": csrf_from(html), **(data or {})}, **kwargs)


def test_party_sees_its_case_only_once_filed(client, db, cast, officers):
    case = tm.file_complaint(complaint(cast), cast.requester, at(0), uuid.uuid4().hex)
    tm.submit(case, cast.requester, at(0))
    login(client, "mingyao")
    assert client.get(f"/cases/{case.id}").status_code == 403
    tm.verify(case, officers[0], at(1))
    tm.assign_officers(case, officers[0], at(1), [officers[0].id, officers[1].id], officers[0].id)
    tm.open_case(case, officers[0], at(2))
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_complainant_does_not_see_the_partys_evidence(client, db, cast, officers):
    case = to_investigation(cast, officers)
    evidence = matters.attach(case, "evidence", io.BytesIO(PDF + b"%party"), "进货发票.pdf",
                              cast.respondent, at(5))
    login(client, "huahui")
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "进货发票" not in page.get_data(as_text=True)
    assert client.get(f"/cases/{case.id}/documents/{evidence.id}").status_code == 403
    client2 = client.application.test_client()
    login(client2, "mingyao")
    response = client2.get(f"/cases/{case.id}/documents/{evidence.id}")
    assert response.status_code == 200
    response.close()


@pytest.mark.parametrize("username", ["xingguang", "bank", "admin", "judge1"])
def test_outsiders_refused(client, db, cast, officers, username):
    case = to_investigation(cast, officers)
    login(client, username)
    assert client.get(f"/cases/{case.id}").status_code == 403


def test_officer_not_on_the_case_cannot_act(client, db, cast, officers):
    case = to_investigation(cast, officers)
    login(client, "officer3")
    assert client.get(f"/cases/{case.id}").status_code == 403
    html = client.get("/dashboard").get_data(as_text=True)
    response = client.post(f"/cases/{case.id}/act/findings",
                           data={"csrf_token": csrf_from(html), "findings": "x",
                                 "conduct": "sell"})
    assert response.status_code == 403 and case.findings == ""


def test_fine_outside_range_refused_on_the_page(client, db, cast, officers):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(turnover="60000"))
    login(client, "officer1")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="fine-range"' in page
    response = _post(client, case.id, "propose_penalty", {"fine": "999999"})
    assert response.status_code == 400 and case.proposed_fine is None
    assert "300,000.00" in response.get_data(as_text=True)


def test_party_gets_statement_form_after_notice(client, db, cast, officers):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings())
    tm.propose_penalty(case, officers[0], at(10), "100000", None)
    tm.close_investigation(case, officers[0], at(10))
    tm.complete_review(case, cast.director, at(10), "同意")
    login(client, "mingyao")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="form-statement"' in html and 'data-testid="form-request_hearing"' in html
    response = _post(client, case.id, "statement", {"statement": "初次违法，请求从轻处罚"})
    assert response.status_code == 302 and case.statement_at is not None
    assert case.state == TS.PRIOR_NOTICE


def test_officer_registers_a_clue(client, db, cast, officers):
    login(client, "officer1")
    html = client.get("/cases/clue").get_data(as_text=True)
    token = __import__("re").search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
    data = {
        "csrf_token": csrf_from(html), "client_token": token, "registration_number": "12345678",
        "nice_class": "11", "holder": "中山市古镇华辉灯饰有限公司", "mark_text": "华辉",
        "party_org": "0", "party_name": "古镇某灯饰店", "party_address": "古镇灯饰城A区",
        "party_uscc": "", "party_kind": "person", "facts": "巡查发现销售疑似侵权灯具"}
    response = client.post("/cases/clue", data={
        **data, "evidence": [(io.BytesIO(PDF), "现场照片.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    from ipcenter.cases.models import TrademarkCase

    case = TrademarkCase.query.one()
    assert case.state == TS.CLUE and case.source == "inspection"  # the form's default
    # Posted again (a double click): the same case, no second 案件来源登记表, no second upload.
    again = client.post("/cases/clue", data={
        **data, "evidence": [(io.BytesIO(PDF), "现场照片.pdf")]},
        content_type="multipart/form-data")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/cases/{case.id}")
    assert TrademarkCase.query.count() == 1
    assert sorted(d.kind for d in case.documents) == ["evidence", "official"]
    assert [d.title for d in case.documents if d.kind == "official"] == ["案件来源登记表"]


def test_a_clue_form_cannot_be_replayed_as_a_complaint(client, db, cast, officers):
    login(client, "officer1")
    html = client.get("/cases/clue").get_data(as_text=True)
    token = __import__("re").search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
    tm.register_clue(complaint(cast), officers[0], at(0), token)
    with pytest.raises(Conflict):
        tm.file_complaint(complaint(cast), officers[0], at(0), token)


def test_a_reported_clue_keeps_its_informant_inside_the_centre(client, db, cast, officers):
    login(client, "officer1")
    html = client.get("/cases/clue").get_data(as_text=True)
    assert 'name="clue_source"' in html and 'name="informant"' in html
    token = __import__("re").search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/cases/clue", data={
        "csrf_token": csrf_from(html), "client_token": token, "registration_number": "12345678",
        "nice_class": "11", "holder": "中山市古镇华辉灯饰有限公司", "mark_text": "华辉",
        "party_org": str(cast.respondent.organisation_id), "party_name": "",
        "party_kind": "organisation", "facts": "群众举报该店销售假冒“华辉”吸顶灯",
        "clue_source": "report", "informant": "陈先生 13800138000"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    from ipcenter.cases.models import TrademarkCase

    case = TrademarkCase.query.one()
    assert (case.source, case.informant) == ("report", "陈先生 13800138000")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "陈先生 13800138000" in page and "举报" in page
    # The 案件来源登记表 ticks 举报 and names the informant.
    (form,) = [d for d in case.documents if d.title == "案件来源登记表"]
    with client.get(f"/cases/{case.id}/documents/{form.id}") as pdf:
        assert pdf.status_code == 200
        data = pdf.data
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    text = "".join(text.split())
    assert "■举报" in text and "□检查发现" in text and "陈先生13800138000" in text

    # Once the case is open, the party sees it, but never who reported it.
    tm.verify(case, officers[0], at(1))
    tm.assign_officers(case, officers[0], at(1), [officers[0].id, officers[1].id],
                       officers[0].id)
    tm.open_case(case, officers[0], at(2))
    db.session.commit()
    party = client.application.test_client()
    login(party, "mingyao")
    page = party.get(f"/cases/{case.id}")
    assert page.status_code == 200
    assert "陈先生" not in page.get_data(as_text=True)
    with party.get(f"/cases/{case.id}/documents/{form.id}") as refused:
        assert refused.status_code in (403, 404)


def test_an_inspection_clue_drops_an_informant_and_an_unknown_source_is_refused(
        client, db, cast, officers):
    data = complaint(cast)
    data.clue_source, data.informant = "inspection", "不应保存"
    case = tm.register_clue(data, officers[0], at(0), uuid.uuid4().hex)
    assert (case.source, case.informant) == ("inspection", "")
    data.clue_source = "rumour"
    with pytest.raises(InvalidInput):
        tm.register_clue(data, officers[0], at(0), uuid.uuid4().hex)
    login(client, "officer1")
    html = client.get("/cases/clue").get_data(as_text=True)
    token = __import__("re").search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/cases/clue", data={
        "csrf_token": csrf_from(html), "client_token": token, "registration_number": "12345678",
        "nice_class": "11", "holder": "华辉", "mark_text": "华辉", "party_org": "0",
        "party_name": "某店", "party_kind": "person", "facts": "巡查", "clue_source": "rumour"},
        content_type="multipart/form-data")
    assert response.status_code == 400
    from ipcenter.cases.models import TrademarkCase

    assert TrademarkCase.query.count() == 1


def test_who_may_see_an_informant(db, cast, officers):
    from ipcenter.auth import policy

    data = complaint(cast)
    data.clue_source, data.informant = "report", "匿名群众"
    case = tm.register_clue(data, officers[0], at(0), uuid.uuid4().hex)
    tm.verify(case, officers[0], at(1))
    tm.assign_officers(case, officers[0], at(1), [officers[0].id, officers[1].id],
                       officers[0].id)
    tm.open_case(case, officers[0], at(2))
    allowed = {name: policy.can(user, "case.see_informant", case) for name, user in {
        "lead officer": officers[0], "second officer": officers[1],
        "officer not on the case": officers[2], "director": cast.director,
        "party": cast.respondent, "other firm": cast.outsider, "adjudicator": cast.judges[0],
        "admin": cast.admin, "bank": cast.bank}.items()}
    assert allowed == {"lead officer": True, "second officer": True,
                       "officer not on the case": False, "director": True, "party": False,
                       "other firm": False, "adjudicator": False, "admin": False, "bank": False}
    assert policy.can(cast.respondent, "case.view", case)  # the party sees the case itself


FINDINGS_FORM = {"findings": "经查，当事人销售侵权吸顶灯120盏。", "conduct": "sell",
                 "turnover": "60000", "gains": "20000", "unsold_value": "0",
                 "marks_count": "1", "mark_identity": "identical",
                 "first_act_on": "2026-01-05", "last_act_on": "2026-02-20",
                 "party_address": "广东省中山市古镇镇灯饰城A区18号"}


def test_findings_form_records_identity_act_days_and_address(client, db, cast, officers):
    case = to_investigation(cast, officers)
    login(client, "officer1")
    response = _post(client, case.id, "findings", {**FINDINGS_FORM, "mark_identity": ""})
    assert response.status_code == 400 and case.findings == ""
    response = _post(client, case.id, "findings",
                     {**FINDINGS_FORM, "first_act_on": "2026-03-01"})
    assert response.status_code == 400 and case.findings == ""
    assert "首次违法行为的日期不能晚于" in response.get_data(as_text=True)
    response = _post(client, case.id, "findings", FINDINGS_FORM)
    assert response.status_code == 302
    assert case.mark_identity == "identical" and str(case.last_act_on) == "2026-02-20"
    assert case.respondents[0].address == "广东省中山市古镇镇灯饰城A区18号"
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="referral-alert"' in page and "法释〔2025〕5号" in page
    assert "2026年1月5日 – 2026年2月20日" in page
    assert 'data-testid="form-no_referral_reason"' in page
    assert 'data-testid="form-approve_no_referral"' not in page


def test_reasons_for_not_referring_approved_by_the_director_only(client, db, cast, officers):
    case = to_investigation(cast, officers)
    tm.record_findings(case, officers[0], at(10), findings(mark_identity="identical",
                                                           unsold_value="0"))
    login(client, "officer1")
    response = _post(client, case.id, "no_referral_reason",
                     {"reason": "部分商品系正品，假冒商品销售金额不足五万元。"})
    assert response.status_code == 302 and case.no_referral_reason
    assert _post(client, case.id, "approve_no_referral").status_code == 403
    assert case.no_referral_approved_at is None
    director = client.application.test_client()
    login(director, "director")
    page = director.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="form-approve_no_referral"' in page and "待负责人批准" in page
    assert _post(director, case.id, "approve_no_referral").status_code == 302
    assert case.no_referral_approved_by_id == cast.director.id


def test_a_measure_is_named_on_the_page_not_by_its_code(client, db, cast, officers):
    case = to_investigation(cast, officers)
    tm.start_measure(case, officers[0], at(3), "preservation", "吸顶灯120盏")
    db.session.commit()
    login(client, officers[0].username)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "吸顶灯120盏" in html and "preservation ·" not in html
    assert "先行登记保存" in html
