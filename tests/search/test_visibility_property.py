"""Who finds a matter in search is who may open it.

For every kind of matter (a patent complaint, one filed by an agent, a trademark complaint, a
clue found in an inspection, one reported by an informant, one from another source), every kind
of file on it (the parties' uploads, the officers' uploads, official documents addressed to the
centre, the filer or the parties, the centre's internal forms), in every state the services
take it through (declined clues and refused complaints too), and for every role (the parties,
another firm, an agent, assigned and unassigned adjudicators and officers, the examiner, the
fund manager, a bank, the director, the admin, an anonymous visitor):

- the users who get a search hit are exactly those ``case.view`` / ``case.document`` let in,
  and those the case page and the download let in (checked by real requests in several states);
- the case list (``visible_cases``) shows exactly the cases ``case.view`` lets in;
- the centre's own matters are open to the director and their handlers only (and, while a clue
  waits in the intake queue, to the officer who registered it), never to every officer nor to
  everyone in the centre's organisation;
- an informant's name and contact are found by no one, not even the director.

The centre's staff all belong to one organisation, as they do in production. The world is built
once per module (one transaction, rolled back at the end); each test drives its matters through
the real services and checks everything built so far after every step.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date

import pytest
import sqlalchemy as sa

from ipcenter import matters, search
from ipcenter.auth import policy
from ipcenter.cases import policy as case_policy
from ipcenter.cases.models import Case, CaseDocument
from ipcenter.cases.patent import services
from ipcenter.cases.patent.services import DecisionData, FilingData
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import services as tm
from ipcenter.cases.trademark.workflow import TS
from ipcenter.core.db import db as _db
from ipcenter.core.db import unit_of_work
from ipcenter.matters import PartyData
from tests.cases.conftest import PATENT, PDF, at
from tests.conftest import NOW, _Client, _hash_of_test_password, login, rolled_back_database
from tests.search.helpers import all_keys

# The findings a decision needs: a similar mark (ordinary infringement, never referred),
# the days of the acts, the party's address.
ACTS = {"mark_identity": "similar", "first_act_on": date(2026, 1, 5),
        "last_act_on": date(2026, 2, 20), "party_address": "广东省中山市古镇镇灯饰城A区18号"}

pytestmark = pytest.mark.slow  # every kind walked through its states, for every role

INFORMANT_NAME, INFORMANT_PHONE = "陈举报", "13912345678"
INFORMANT = f"{INFORMANT_NAME} 139-1234-5678"


@dataclass
class World:
    users: dict                      # role name -> User (None: anonymous)
    clients: dict = field(default_factory=dict)  # role name -> a signed-in client

    def __getitem__(self, name):
        return self.users[name]


def _org(kind, name):
    from ipcenter.auth.models import Organisation
    from ipcenter.ip.uscc import check_character

    n = _org.counter = getattr(_org, "counter", 0) + 1
    base = f"91442000MB{n:07d}"
    org = Organisation(name=name, kind=kind, uscc=base + check_character(base), created_at=NOW)
    _db.session.add(org)
    return org


def _user(username, role, org):
    from ipcenter.auth.models import User

    user = User(username=username, display_name=username, organisation=org, active=True,
                created_at=NOW, password_hash=_hash_of_test_password())
    user.set_roles([role])
    _db.session.add(user)
    return user


@pytest.fixture(scope="module")
def world(app, tmp_path_factory):
    """Every role, the centre's staff in one organisation; one signed-in client each."""
    from ipcenter.extensions import limiter

    folder = tmp_path_factory.mktemp("visibility")
    with rolled_back_database(app, folder, IPCENTER_SEARCH_BACKEND="tantivy"):
        centre = _org("centre", "中山市知识产权保护中心")
        firm_a = _org("firm", "中山市古镇华辉灯饰有限公司")
        firm_b = _org("firm", "中山市古镇明耀照明电器厂")
        firm_c = _org("firm", "中山市横栏星光灯具有限公司")
        agency = _org("agency", "中山市知联专利代理事务所")
        bank = _org("bank", "中山农商银行")
        province = _org("province", "广东省市场监督管理局（知识产权局）")
        platform = _org("platform", "中山灯饰网电子商务平台有限公司")
        users = {
            "firm": _user("huahui", "firm", firm_a),
            "respondent": _user("mingyao", "firm", firm_b),
            "other firm": _user("xingguang", "firm", firm_c),
            "agent": _user("agent1", "agent", agency),
            "judge1": _user("judge1", "adjudicator", centre),
            "judge2": _user("judge2", "adjudicator", centre),
            "judge3": _user("judge3", "adjudicator", centre),
            "unassigned judge": _user("judge4", "adjudicator", centre),
            "officer1": _user("officer1", "enforcer", centre),
            "officer2": _user("officer2", "enforcer", centre),
            "unassigned officer": _user("officer3", "enforcer", centre),
            "examiner": _user("examiner", "examiner", centre),
            "fund": _user("fund", "fund_manager", centre),
            "bank": _user("bank", "bank", bank),
            "director": _user("director", "director", centre),
            "admin": _user("admin", "admin", centre),
            "provincial reader": _user("province", "provincial", province),
            "platform agent": _user("platform1", "agent", platform),
        }
        _db.session.commit()
        app.test_client_class = _Client
        w = World(users={**users, "anonymous": None})
        for name, user in users.items():
            limiter.reset()
            w.clients[name] = app.test_client()
            login(w.clients[name], user.username)
        w.clients["anonymous"] = app.test_client()
        yield w


# ---------------------------------------------------------------------------------------------
# The checks


def _commit():
    """Commit what the services did: the outbox renders the documents, extracts their text and
    indexes them (tasks run eagerly in tests)."""
    with unit_of_work():
        pass


def _describe(key):
    kind, _, ident = key.partition(":")
    if kind == "case":
        case = _db.session.get(Case, int(ident))
        return f"case {case.title} [{case.kind}/{getattr(case, 'source', '')}, {case.state}]"
    doc = _db.session.get(CaseDocument, int(ident))
    return (f"file {doc.title} ({doc.kind}, audience {doc.audience}) of {doc.case.kind}/"
            f"{getattr(doc.case, 'source', '')} in {doc.case.state}")


def _may_see(user, case) -> bool:
    """The rule as DESIGN.md states it (written out, not read from the policy): the director
    sees every case; a handler its own cases and its kind's intake queue; a party user the cases
    of its organisation — the filer always, requesters once filed, respondents once the case
    reached them; no one else."""
    if user is None:
        return False
    roles = user.roles
    if "director" in roles:
        return True
    handler = {"patent": "adjudicator", "trademark": "enforcer"}[case.kind]
    intake = {"patent": {S.SUBMITTED}, "trademark": {TS.CLUE, TS.VERIFYING}}[case.kind]
    if handler in roles:
        # A firm's filing waits for any handler; a clue the centre registered (its informant
        # among its contents) for the officer who registered it.
        clue = getattr(case, "source", "complaint") != "complaint"
        waiting = case.state in intake and (case.filed_by_id == user.id if clue else True)
        return user.id in {h.user_id for h in case.active_handlers} or waiting
    if not roles & {"firm", "agent"}:
        return False
    org = user.organisation_id
    filer = case.filed_by_org_id == org and getattr(case, "source", "complaint") == "complaint"
    requester = org in case.party_org_ids("requester") and case.state not in (S.DRAFT,
                                                                            TS.DRAFT)
    reached = {S.SERVED, S.EXAMINATION, S.HEARING_SCHEDULED, S.DECISION_DRAFTED, S.DECIDED,
               S.DECISION_SERVED, S.LITIGATION, S.FINAL, S.CLOSED, S.SUSPENDED, S.MEDIATING,
               S.MEDIATED, S.WITHDRAWN, S.REVOKED}
    respondent = org in case.party_org_ids("respondent") and (
        case.state in reached if case.kind == "patent"
        else case.state not in (TS.DRAFT, TS.CLUE, TS.VERIFYING, TS.NOT_FILED))
    return filer or requester or respondent


def check(world: World, *cases, pages: bool = False):
    """``cases`` as they stand (what a step changed): search hits == policy == the rule; the
    list == the policy; the informant found by no one (in the whole index). For the cases in
    with ``pages``, the case pages and downloads requested as each user."""
    _commit()
    files = [d for c in cases for d in c.documents if d.sha256]
    keys = {f"case:{c.id}" for c in cases} | {f"file:{d.id}" for d in files}
    index = search.current_index()
    problems = []
    for name, user in world.users.items():
        viewed = {c.id for c in cases if policy.can(user, "case.view", c)}
        expected = {f"case:{i}" for i in viewed} | {
            f"file:{d.id}" for d in files if policy.can(user, "case.document", d)}
        found = all_keys(index, "*", policy.principals(user)) & keys
        problems += [f"{name} finds {_describe(k)} but may not open it"
                     for k in sorted(found - expected)]
        problems += [f"{name} may open {_describe(k)} but does not find it"
                     for k in sorted(expected - found)]
        problems += [f"{name}: the policy says {policy.can(user, 'case.view', c)} for "
                     f"{_describe(f'case:{c.id}')}" for c in cases
                     if policy.can(user, "case.view", c) != _may_see(user, c)]
        for doc in files:
            if policy.can(user, "case.document", doc) and not _may_see(user, doc.case):
                problems.append(f"{name} may open {_describe(f'file:{doc.id}')}")
            if doc.audience == "centre" and policy.can(user, "case.document", doc) and \
                    user.roles & {"firm", "agent"}:
                problems.append(f"{name} may open the centre's {_describe(f'file:{doc.id}')}")
        listed = set(_db.session.execute(case_policy.visible_cases(
            sa.select(Case.id).where(Case.id.in_([c.id for c in cases])), user)).scalars())
        if listed != viewed:
            problems.append(f"{name}'s case list differs: {sorted(listed ^ viewed)}")
        for words in (INFORMANT_NAME, INFORMANT_PHONE, "139-1234-5678"):
            hits = all_keys(index, words, policy.principals(user))
            problems += [f"{name} finds the informant {words!r} in {_describe(k)}"
                         for k in sorted(hits)]
    for case in cases if pages else ():
        problems += _page_problems(world, case)
    assert not problems, "\n".join(problems)


def _page_problems(world: World, case) -> list[str]:
    """The case page and each file's download, requested as every user, against the policy
    (and so against the search hits compared above)."""
    problems = []
    files = [d for d in case.documents if d.sha256]
    for name, client in world.clients.items():
        user = world.users[name]
        status = client.get(f"/cases/{case.id}").status_code
        allowed = policy.can(user, "case.view", case)
        if (status == 200) != allowed or status not in (200, 302, 403, 404):
            problems.append(f"{name}: the page of {_describe(f'case:{case.id}')} answers "
                            f"{status}, the policy says {allowed}")
        for doc in files:
            with client.get(f"/cases/{case.id}/documents/{doc.id}") as response:
                status = response.status_code
            allowed = policy.can(user, "case.document", doc)
            if (status == 200) != allowed:
                problems.append(f"{name}: {_describe(f'file:{doc.id}')} answers {status}, "
                                f"the policy says {allowed}")
    return problems


# ---------------------------------------------------------------------------------------------
# The matters, driven through the services


def _attach(case, kind, user, day, data=PDF, name="材料.pdf"):
    matters.attach(case, kind, io.BytesIO(data), name, user, at(day))


def _patent_filing(world, filer):
    return FilingData(
        patent_number=PATENT, patent_title="一种LED吸顶灯散热结构",
        claim="请求责令被请求人立即停止制造、销售侵权产品。",
        facts="被请求人在其天猫店铺销售型号MY-2026的吸顶灯。",
        respondents=[PartyData(name=world["respondent"].organisation.name,
                               address="中山市古镇镇同益工业园明耀路8号",
                               organisation_id=world["respondent"].organisation_id)],
        requester_address="中山市古镇镇东兴中路12号")


def test_patent_complaint_in_every_state(world):
    w = world
    filer, judges = w["firm"], [w["judge1"], w["judge2"], w["judge3"]]
    case = services.file_complaint(_patent_filing(w, filer), filer, at(0), uuid.uuid4().hex)
    _attach(case, "proof_of_right", filer, 0)     # to the parties
    _attach(case, "other", filer, 0)              # to the filer
    check(w, case, pages=True)
    services.submit(case, filer, at(0))
    check(w, case)
    services.accept(case, judges[0], at(1), dict.fromkeys(services.CHECKLIST, True))
    services.assign_panel(case, w["director"], at(1), [j.id for j in judges], judges[0].id)
    check(w, case)
    services.serve(case, judges[0], at(2))
    check(w, case)
    services.answer(case, w["respondent"], at(5), "不构成侵权。")
    _attach(case, "answer", w["respondent"], 5)
    _attach(case, "inspection_record", judges[0], 6)  # kept inside the centre
    services.begin_examination(case, judges[0], at(6))
    check(w, case, pages=True)
    services.draft_decision(case, judges[0], at(30), DecisionData(
        findings="被诉产品落入权利要求1的保护范围。", basis="专利法第十一条、第六十五条",
        infringement=True, stop_acts="制造、销售", stop_object="MY-2026型吸顶灯",
        stop_scope="全部库存", articles=("11.1", "64.1")))
    check(w, case)
    services.approve_decision(case, w["director"], at(31))
    services.serve_decision(case, judges[0], at(32))
    check(w, case)
    services.finalize(case, judges[0], at(50))
    services.record_compliance(case, judges[0], at(51), "已停止销售")
    services.close(case, judges[0], at(51))
    check(w, case, pages=True)


def test_refused_patent_complaint_and_one_filed_by_an_agent(world):
    w = world
    refused = services.file_complaint(_patent_filing(w, w["firm"]), w["firm"], at(0),
                                      uuid.uuid4().hex)
    _attach(refused, "proof_of_right", w["firm"], 0)
    services.submit(refused, w["firm"], at(0))
    services.refuse(refused, w["judge1"], at(1), "不属于本部门管辖")
    agent = w["agent"]
    case = services.file_complaint(_patent_filing(w, agent), agent, at(0), uuid.uuid4().hex)
    _attach(case, "proof_of_right", agent, 0)
    _attach(case, "authorisation", agent, 0)
    check(w, case)
    services.submit(case, agent, at(0))
    services.accept(case, w["judge1"], at(1), dict.fromkeys(services.CHECKLIST, True))
    services.assign_panel(case, w["director"], at(1),
                          [w["judge1"].id, w["judge2"].id, w["judge3"].id], w["judge1"].id)
    services.serve(case, w["judge1"], at(2))
    check(w, refused, case, pages=True)


def _complaint(w, **kw):
    return tm.ComplaintData(
        marks=[tm.MarkData("12345678", 11, w["firm"].organisation.name, "华辉")],
        party=PartyData(name=w["respondent"].organisation.name,
                        organisation_id=w["respondent"].organisation_id),
        facts="当事人在古镇灯饰城销售标有“华辉”商标的吸顶灯。", **kw)


def _verify_and_open(w, case, day=1):
    o1, o2 = w["officer1"], w["officer2"]
    tm.verify(case, o1, at(day))
    check(w, case)
    tm.assign_officers(case, o1, at(day), [o1.id, o2.id], o1.id)
    check(w, case)
    tm.open_case(case, o1, at(day + 1))
    _attach(case, "inspection_record", o1, day + 1)  # the centre's own record
    _attach(case, "evidence", o1, day + 1)           # an officer's evidence
    check(w, case, pages=True)


def _to_prior_notice(w, case, fine="100000"):
    o1 = w["officer1"]
    tm.record_findings(case, o1, at(10), tm.FindingsData(
        findings="经查，当事人销售侵权吸顶灯120盏。", conduct="sell", turnover="60000",
        gains="20000", **ACTS))
    tm.propose_penalty(case, o1, at(10), fine, "8000")
    tm.close_investigation(case, o1, at(11))
    check(w, case)
    tm.complete_review(case, w["director"], at(14), "事实清楚，证据确凿，适用法律正确。")
    check(w, case)


def test_trademark_complaint_through_hearing_penalty_and_payment(world):
    w = world
    complainant, o1 = w["firm"], w["officer1"]
    case = tm.file_complaint(_complaint(w), complainant, at(0), uuid.uuid4().hex)
    _attach(case, "evidence", complainant, 0)
    _attach(case, "other", complainant, 0)
    check(w, case)
    tm.submit(case, complainant, at(0))         # the 案件来源登记表 (inside the centre)
    check(w, case, pages=True)
    _verify_and_open(w, case)                   # the 立案审批表 (to the filer)
    _attach(case, "evidence", w["respondent"], 3)
    _to_prior_notice(w, case)                   # the 行政处罚告知书 (to the parties)
    tm.request_hearing(case, w["respondent"], at(15))
    check(w, case)
    tm.schedule_hearing(case, o1, at(15), at(30), "听证室")
    check(w, case)
    _attach(case, "hearing_record", o1, 30)
    tm.record_hearing(case, o1, at(30))
    check(w, case)
    tm.decide_penalty(case, w["director"], at(31))
    check(w, case)
    tm.serve_decision(case, o1, at(32))
    check(w, case)
    tm.record_payment(case, o1, at(34), "100000.00", date(2026, 4, 5))
    check(w, case)
    tm.close(case, o1, at(35))                  # the 结案审批表 (inside the centre)
    check(w, case, pages=True)


def test_declined_complaint_and_declined_report(world):
    w = world
    complaint = tm.file_complaint(_complaint(w), w["firm"], at(0), uuid.uuid4().hex)
    tm.submit(complaint, w["firm"], at(0))
    tm.verify(complaint, w["officer1"], at(1))
    tm.decline(complaint, w["officer1"], at(2), "现有证据不能证明存在违法行为")
    report = tm.register_clue(_complaint(w, clue_source="report", informant=INFORMANT),
                              w["officer1"], at(0), uuid.uuid4().hex)
    check(w, report, pages=True)
    tm.verify(report, w["officer1"], at(1))
    tm.decline(report, w["director"], at(2), "举报内容不实")  # the 不予立案审批表
    check(w, complaint, report, pages=True)


def test_clue_from_an_inspection_ends_without_penalty(world):
    w = world
    case = tm.register_clue(_complaint(w, clue_source="inspection"), w["officer1"], at(0),
                            uuid.uuid4().hex)
    _attach(case, "evidence", w["officer1"], 0)
    check(w, case)
    _verify_and_open(w, case)
    tm.suspend(case, w["officer1"], at(4), "商标权属发生争议")
    check(w, case)
    tm.resume(case, w["officer1"], at(8), "争议已解决")
    _to_prior_notice(w, case, fine="50000")
    tm.record_statement(case, w["respondent"], at(15), "我方系初次违法，请求从轻。")
    tm.close_statements(case, w["officer1"], at(15))
    check(w, case)
    tm.decide_no_penalty(case, w["director"], at(16), "违法行为轻微并及时改正")
    check(w, case)
    tm.close(case, w["officer1"], at(17))
    check(w, case, pages=True)


def _inquiry_record() -> bytes:
    """The officers' record of talking to the informant, which names them (a real PDF)."""
    from ipcenter.cases import pdf_catalogue as catalogue
    from ipcenter.core import pdf

    data = catalogue.sample_data("decision")
    data["findings"] = f"举报人{INFORMANT_NAME}（电话139-1234-5678）反映当事人销售假冒吸顶灯。"
    return pdf.render_pdf("decision", data)


def test_clue_from_an_informant_referred_to_the_police(world):
    w = world
    o1 = w["officer1"]
    case = tm.register_clue(_complaint(w, clue_source="report", informant=INFORMANT), o1,
                            at(0), uuid.uuid4().hex)
    _attach(case, "inquiry_record", o1, 0, _inquiry_record(), "询问笔录.pdf")
    check(w, case, pages=True)
    _verify_and_open(w, case)
    tm.record_findings(case, o1, at(10), tm.FindingsData(
        findings="经查，当事人销售侵权吸顶灯。", conduct="sell", turnover="80000",
        gains="35000", unsold_value="0", **{**ACTS, "mark_identity": "identical"}))
    tm.propose_referral(case, o1, at(10), "销售金额8万元，达到追诉标准")
    check(w, case)
    tm.approve_referral(case, w["director"], at(11))  # 涉嫌犯罪案件移送书 (inside the centre)
    check(w, case)
    tm.police_answer(case, o1, at(20), True, "已立案侦查")
    check(w, case, pages=True)


def test_clue_from_another_source(world):
    w = world
    case = tm.register_clue(_complaint(w, clue_source="clue"), w["officer2"], at(0),
                            uuid.uuid4().hex)
    check(w, case)
    _verify_and_open(w, case)
    _to_prior_notice(w, case)
    check(w, case, pages=True)


def test_the_informant_is_in_the_files_but_in_no_index(world):
    """The checks find the informant nowhere; make sure it was there to be found: the centre's
    forms and the officers' record name the informant, and those who may open them still
    find them by the rest of what they say."""
    w = world
    case = tm.register_clue(_complaint(w, clue_source="report", informant=INFORMANT),
                            w["officer1"], at(0), uuid.uuid4().hex)
    _attach(case, "inquiry_record", w["officer1"], 0, _inquiry_record(), "询问笔录.pdf")
    _verify_and_open(w, case)
    forms = [d for d in case.documents if d.template in ("case_source", "filing_approval")
             or d.kind == "inquiry_record"]
    assert len(forms) == 3, [d.title for d in case.documents]
    for doc in forms:
        assert INFORMANT_NAME in "".join((doc.text or "").split()), doc.title
    director = policy.principals(w["director"])
    assert {f"file:{d.id}" for d in forms} <= all_keys(search.current_index(), "举报", director)
    assert not all_keys(search.current_index(), "举报", policy.principals(w["admin"]))
    html = w.clients["director"].get(f"/search?q={INFORMANT_NAME}").get_data(as_text=True)
    assert 'data-testid="hit"' not in html
