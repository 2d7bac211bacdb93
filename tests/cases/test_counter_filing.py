"""窗口受理: a handler enters a complaint a firm brought to the counter on paper, for both case
kinds, on the firm's own filing service (``cases.counter``): the service, the pages, the
refusals (each with nothing written). Real database, real dates."""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from ipcenter.auth.models import Organisation
from ipcenter.cases import counter
from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case, CaseDocument, PatentCase, TrademarkCase
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.workflow import TS
from ipcenter.core import timelimits
from ipcenter.core.errors import InvalidInput, PermissionDenied
from ipcenter.core.models import AuditEvent
from ipcenter.matters import PartyData
from tests.cases.conftest import PDF, filing
from tests.conftest import csrf_from, login

# Thursday 5 March 2026, 10:00 in Beijing.
NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PATENT, TRADEMARK = KINDS["patent"], KINDS["trademark"]


@pytest.fixture(autouse=True)
def pinned_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-05T10:00:00+08:00")


def trademark_data(cast) -> tm.ComplaintData:
    return tm.ComplaintData(
        marks=[tm.MarkData("12345678", 11, cast.requester.organisation.name, "华辉")],
        party=PartyData(name=cast.respondent.organisation.name,
                        organisation_id=cast.respondent.organisation_id),
        facts="被投诉人在其门店销售标有“华辉”商标的吸顶灯。")


def papers(kind: str):
    scan = counter.Paper(KINDS[kind].counter.scan_kind, io.BytesIO(PDF + b"%scan"), "投诉书.pdf")
    if kind == "patent":
        return [scan, counter.Paper("proof_of_right", io.BytesIO(PDF), "证书.pdf")]
    return [scan]


def details(kind, cast):
    return filing(cast) if kind == "patent" else trademark_data(cast)


def clerk(kind, cast, make_user):
    return cast.judges[0] if kind == "patent" else cast.enforcer


def count(db, model=Case):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# ----------------------------------------------------------------------------------- service

@pytest.mark.parametrize("kind", ["patent", "trademark"])
def test_clerk_enters_a_paper_complaint_for_a_registered_firm(db, cast, make_user, kind):
    actor = clerk(kind, cast, make_user)
    firm = cast.requester.organisation
    case = counter.file_at_counter(
        KINDS[kind], details(kind, cast), counter.Complainant(organisation_id=firm.id),
        date(2026, 3, 3), papers(kind), actor, NOW, uuid.uuid4().hex)
    assert case.state == (S.SUBMITTED if kind == "patent" else TS.CLUE)
    assert case.filed_by_org_id == firm.id and case.filed_by_id == actor.id
    assert case.requesters[0].organisation_id == firm.id
    # The day received is the filing day.
    assert case.submitted_at.astimezone(UTC).date() == date(2026, 3, 3)
    scan = next(d for d in case.documents if d.kind == KINDS[kind].counter.scan_kind)
    assert "窗口受理" in scan.title and scan.party is case.requesters[0]
    row = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "case.counter_filing",
        AuditEvent.object_id == str(case.id))).scalar_one()
    assert row.actor_id == actor.id
    detail = json.loads(row.detail)
    assert detail["channel"] == "窗口受理" and detail["firm"] == firm.name
    assert counter.clerk_of(case) == actor.display_name


def test_the_acceptance_clock_runs_from_the_day_received(db, cast):
    case = counter.file_at_counter(
        PATENT, filing(cast), counter.Complainant(cast.requester.organisation_id),
        date(2026, 3, 3), papers("patent"), cast.judges[0], NOW, uuid.uuid4().hex)
    (accept,) = timelimits.open_for("case", case.id, "accept")
    # Received Tuesday 3 March: 5 working days → Tuesday 10 March.
    assert accept.starts_on == date(2026, 3, 3) and accept.due_on == date(2026, 3, 10)
    assert {d.kind for d in case.documents} == {"request", "proof_of_right"}


def test_the_firm_sees_its_counter_filed_case_and_its_scan(db, cast):
    from ipcenter.auth import policy

    case = counter.file_at_counter(
        TRADEMARK, trademark_data(cast), counter.Complainant(cast.requester.organisation_id),
        date(2026, 3, 5), papers("trademark"), cast.enforcer, NOW, uuid.uuid4().hex)
    assert policy.can(cast.requester, "case.view", case)
    (scan,) = [d for d in case.documents if d.kind == "complaint"]
    assert policy.can(cast.requester, "case.document", scan)
    assert not policy.can(cast.outsider, "case.view", case)
    source = [d for d in case.documents if d.template == "case_source"]
    assert source and all("窗口受理" in (d.render_data or "") for d in source)


def test_a_firm_without_an_account_is_registered_from_its_particulars(db, cast):
    who = counter.Complainant(name="中山市东凤镇某某灯饰厂", uscc="91442000MA4UN1CX3P",
                              address="中山市东凤镇东海五路3号", legal_representative="李明",
                              contact="李明 13800000000")
    from ipcenter.ip.uscc import check_character

    who.uscc = "91442000MA4UN1CX3" + check_character("91442000MA4UN1CX3")
    case = counter.file_at_counter(PATENT, filing(cast), who, date(2026, 3, 5),
                                   papers("patent"), cast.judges[0], NOW, uuid.uuid4().hex)
    org = db.session.get(Organisation, case.filed_by_org_id)
    assert org.name == who.name and org.kind == "firm" and not org.users
    assert case.requesters[0].legal_representative == "李明"
    # The same particulars again name the firm now registered, not a second one.
    again = counter.file_at_counter(PATENT, filing(cast), who, date(2026, 3, 5),
                                    papers("patent"), cast.judges[0], NOW, uuid.uuid4().hex)
    assert again.filed_by_org_id == org.id


def test_a_code_registered_to_another_name_is_refused_and_nothing_written(db, cast):
    # A mistyped or borrowed code would hand the case, and its files, to another firm.
    registered = cast.requester.organisation
    who = counter.Complainant(name="中山市东凤镇某某灯饰厂", uscc=registered.uscc,
                              address="中山市东凤镇东海五路3号")
    before = count(db), count(db, Organisation), count(db, CaseDocument)
    with pytest.raises(InvalidInput) as refused:
        counter.file_at_counter(PATENT, filing(cast), who, date(2026, 3, 5), papers("patent"),
                                cast.judges[0], NOW, uuid.uuid4().hex)
    assert registered.name in str(refused.value.message) and who.name in \
        str(refused.value.message)
    assert (count(db), count(db, Organisation), count(db, CaseDocument)) == before
    # Its registered name (spaced as a clerk may type it) with the code names that firm.
    who.name = f" {registered.name} "
    case = counter.file_at_counter(PATENT, filing(cast), who, date(2026, 3, 5),
                                   papers("patent"), cast.judges[0], NOW, uuid.uuid4().hex)
    assert case.filed_by_org_id == registered.id


def test_a_double_submit_returns_the_first_case(db, cast):
    token = uuid.uuid4().hex
    args = (TRADEMARK, trademark_data(cast), counter.Complainant(
        cast.requester.organisation_id), date(2026, 3, 4))
    first = counter.file_at_counter(*args, papers("trademark"), cast.enforcer, NOW, token)
    second = counter.file_at_counter(*args, papers("trademark"), cast.enforcer, NOW, token)
    assert first is second and count(db, TrademarkCase) == 1


def _bad(cast, what):
    """Arguments of a counter filing with one thing wrong."""
    firm = counter.Complainant(cast.requester.organisation_id)
    received = date(2026, 3, 3)
    scans = papers("patent")
    if what == "unknown firm":
        firm = counter.Complainant(999999)
    elif what == "bank as firm":
        firm = counter.Complainant(cast.bank.organisation_id)
    elif what == "no firm":
        firm = counter.Complainant()
    elif what == "bad code":
        firm = counter.Complainant(name="某某厂", uscc="91442000MA00000000", address="中山")
    elif what == "future":
        received = date(2026, 3, 6)
    elif what == "no day":
        received = None
    elif what == "no scan":
        scans[0] = counter.Paper("request", None, "")
    elif what == "fake pdf":
        scans[0] = counter.Paper("request", io.BytesIO(b"%PDF-1.4 not really"), "请求书.pdf")
    elif what == "docx":
        scans[0] = counter.Paper("request", io.BytesIO(b"PK\x03\x04" + b"\x00" * 40), "a.docx")
    return firm, received, scans


@pytest.mark.parametrize("what", ["unknown firm", "bank as firm", "no firm", "bad code",
                                  "future", "no day", "no scan", "fake pdf", "docx"])
def test_bad_counter_filing_refused_and_nothing_written(db, cast, what):
    firm, received, scans = _bad(cast, what)
    before = count(db), count(db, Organisation), count(db, CaseDocument)
    with pytest.raises(InvalidInput):
        counter.file_at_counter(PATENT, filing(cast), firm, received, scans, cast.judges[0],
                                NOW, uuid.uuid4().hex)
    assert (count(db), count(db, Organisation), count(db, CaseDocument)) == before


@pytest.mark.parametrize("kind", ["patent", "trademark"])
def test_a_firm_is_not_its_own_respondent(db, cast, make_user, kind):
    firm = cast.respondent.organisation  # the respondent named in the details
    with pytest.raises(InvalidInput):
        counter.file_at_counter(KINDS[kind], details(kind, cast), counter.Complainant(firm.id),
                                date(2026, 3, 3), papers(kind), clerk(kind, cast, make_user),
                                NOW, uuid.uuid4().hex)
    assert count(db) == 0


@pytest.mark.parametrize("who", ["requester", "director", "bank", "admin", "enforcer"])
def test_only_the_kinds_handler_enters_a_patent_complaint(db, cast, who):
    with pytest.raises(PermissionDenied):
        counter.file_at_counter(PATENT, filing(cast), counter.Complainant(
            cast.requester.organisation_id), date(2026, 3, 3), papers("patent"),
            getattr(cast, who), NOW, uuid.uuid4().hex)
    assert count(db) == 0


def test_an_adjudicator_does_not_enter_a_trademark_complaint(db, cast):
    with pytest.raises(PermissionDenied):
        counter.file_at_counter(TRADEMARK, trademark_data(cast), counter.Complainant(
            cast.requester.organisation_id), date(2026, 3, 3), papers("trademark"),
            cast.judges[0], NOW, uuid.uuid4().hex)
    assert count(db) == 0


# ------------------------------------------------------------------------------------- pages

def _form(client, kind):
    html = client.get(f"/cases/counter/{kind}").get_data(as_text=True)
    token = re.search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
    return html, token


def _patent_post(cast, html, token, **changes):
    data = {"csrf_token": csrf_from(html), "client_token": token,
            "complainant_org": str(cast.requester.organisation_id),
            "received_on": "2026-03-03", "scan": (io.BytesIO(PDF + b"%s"), "请求书.pdf"),
            "patent_number": "ZL202020123456.8", "patent_title": "一种LED吸顶灯",
            "respondent_org": str(cast.respondent.organisation_id),
            "claim": "请求责令停止侵权", "facts": "被请求人销售侵权产品",
            "complainant_contact": "王芳 0760-22334455",
            "proof_of_right": (io.BytesIO(PDF), "证书.pdf")}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _trademark_post(cast, html, token, **changes):
    data = {"csrf_token": csrf_from(html), "client_token": token,
            "complainant_org": str(cast.requester.organisation_id),
            "received_on": "2026-03-04", "scan": (io.BytesIO(PNG), "投诉书.png"),
            "registration_number": "12345678", "nice_class": "11", "holder": "华辉",
            "mark_text": "华辉", "party_org": str(cast.respondent.organisation_id),
            "party_kind": "organisation", "facts": "被投诉人销售假冒“华辉”吸顶灯"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


POSTS = {"patent": ("judge1", _patent_post), "trademark": ("enforcer", _trademark_post)}


@pytest.mark.parametrize("kind", ["patent", "trademark"])
def test_handler_enters_a_paper_complaint_through_the_page(client, cast, kind):
    username, post = POSTS[kind]
    login(client, username)
    listing = client.get("/cases/").get_data(as_text=True)
    assert f'data-testid="counter-{kind}"' in listing
    html, token = _form(client, kind)
    assert "窗口" in html and "2026-03-05" in html  # today offered as the day received
    response = client.post(f"/cases/counter/{kind}", data=post(cast, html, token),
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    case = Case.query.one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"已受理窗口来件：{case.title}" in page
    filer = re.search(r'data-testid="counter-filer">([^<]*)<', page).group(1)
    clerk = {"judge1": cast.judges[0], "enforcer": cast.enforcer}[username]
    assert cast.requester.organisation.name in filer
    assert f"窗口受理（经办：{clerk.display_name}）" in filer
    assert case.submitted_at.astimezone(UTC).date() == \
        date.fromisoformat(post(cast, html, token)["received_on"])


def test_a_firm_filed_case_shows_no_counter_clerk(client, cast, db):
    from tests.cases.conftest import walk

    case = walk(db, cast, S.SUBMITTED)
    login(client, "judge1")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="counter-filer"' not in page


@pytest.mark.parametrize("kind, username", [
    ("patent", "huahui"), ("patent", "bank"), ("patent", "admin"), ("patent", "director"),
    ("patent", "enforcer"), ("trademark", "huahui"), ("trademark", "bank"),
    ("trademark", "judge1"), ("trademark", "admin"), ("trademark", "examiner")])
def test_other_roles_are_refused_the_counter_page(client, cast, make_user, kind, username):
    if username == "examiner":
        make_user("examiner", username="examiner")
    login(client, username)
    assert client.get(f"/cases/counter/{kind}").status_code == 403
    html = client.get("/cases/").get_data(as_text=True) if username != "bank" else ""
    assert f'data-testid="counter-{kind}"' not in html
    response = client.post(f"/cases/counter/{kind}", data={"received_on": "2026-03-03"})
    assert response.status_code in (400, 403)
    assert Case.query.count() == 0


@pytest.mark.parametrize("kind", ["patent", "trademark"])
def test_the_counter_page_is_in_chinese(client, cast, kind):
    login(client, POSTS[kind][0])
    html = client.get(f"/cases/counter/{kind}").get_data(as_text=True)
    form = html[html.index('data-testid="counter-form"'):html.index("</form>")]
    text = re.sub(r"<[^>]+>", " ", form)
    assert not re.search(r"\b(?:the|and|of|or|Complainant|Scan|Enter)\b", text), text


def test_the_counter_page_needs_sign_in(client, cast):
    response = client.get("/cases/counter/patent")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


BAD_PAGE = {
    "missing scan": ({"scan": None}, "请附上窗口收到的投诉材料扫描件"),
    "fake pdf": ({"scan": (io.BytesIO(b"%PDF-1.4 fake"), "请求书.pdf")}, None),
    "unknown firm": ({"complainant_org": "999999"}, None),
    "future day": ({"received_on": "2026-03-06"}, "收到日期不能晚于今天"),
    "no day": ({"received_on": ""}, "请填写窗口收件日期"),
    "garbage day": ({"received_on": "2026-02-30"}, None),
    "huge facts": ({"facts": "侵" * 50001}, None),
}


@pytest.mark.parametrize("what", sorted(BAD_PAGE))
def test_bad_input_is_told_in_chinese_and_nothing_is_written(client, cast, db, what):
    changes, words = BAD_PAGE[what]
    login(client, "judge1")
    html, token = _form(client, "patent")
    orgs, docs = count(db, Organisation), count(db, CaseDocument)
    response = client.post("/cases/counter/patent",
                           data=_patent_post(cast, html, token, **changes),
                           content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-testid="counter-form"' in page
    if words:
        assert words in page
    assert re.search(r'class="(invalid-feedback|alert alert-danger)[^"]*"[^>]*>[^<]*'
                     r'[\u4e00-\u9fff]', page), page[:3000]
    assert count(db, PatentCase) == 0
    assert (count(db, Organisation), count(db, CaseDocument)) == (orgs, docs)


def test_a_code_registered_to_another_name_is_told_on_the_page(client, cast, db):
    login(client, "judge1")
    html, token = _form(client, "patent")
    orgs = count(db, Organisation)
    response = client.post("/cases/counter/patent", data=_patent_post(
        cast, html, token, complainant_org="", complainant_name="中山市东凤镇某某灯饰厂",
        complainant_uscc=cast.requester.organisation.uscc, complainant_address="中山市东凤镇"),
        content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"登记的是“{cast.requester.organisation.name}”，不是“中山市东凤镇某某灯饰厂”" in page
    assert count(db, PatentCase) == 0 and count(db, Organisation) == orgs


@pytest.mark.parametrize("csrf", ["forged", "missing"])
def test_a_forged_or_missing_csrf_token_is_refused(client, cast, db, csrf):
    login(client, "enforcer")
    html, token = _form(client, "trademark")
    data = _trademark_post(cast, html, token)
    if csrf == "forged":
        data["csrf_token"] = "forged-" + data["csrf_token"][:20]
    else:
        del data["csrf_token"]
    response = client.post("/cases/counter/trademark", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert re.search(r"[\u4e00-\u9fff]", response.get_data(as_text=True))
    assert count(db, TrademarkCase) == 0


def test_the_same_form_sent_twice_enters_one_case(client, cast, db):
    login(client, "enforcer")
    html, token = _form(client, "trademark")
    first = client.post("/cases/counter/trademark", data=_trademark_post(cast, html, token),
                        content_type="multipart/form-data")
    again = client.post("/cases/counter/trademark", data=_trademark_post(cast, html, token),
                        content_type="multipart/form-data")
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert count(db, TrademarkCase) == 1
