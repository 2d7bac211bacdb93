"""Pre-examination requests, registrations and their files in the real search index (on disk):
a request found by the words of its title, a Chinese phrase inside its abstract, its number
and, once recorded, its CNIPA application number; its files by their extracted text; found by
the firm that filed it, the examiners and the director, and by no one else — and, for every
kind of user and every state the services take a request (a registration) to, the search
returns it exactly to those ``prexam.view`` (``prexam.filing.view``) lets in."""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta

import pytest
from flask_login import AnonymousUserMixin

from ipcenter import search
from ipcenter.auth.policy import can, principals
from ipcenter.core.db import unit_of_work
from ipcenter.ip import numbers
from ipcenter.prexam import services
from ipcenter.prexam.kind import FILE_SUBJECT, FILING_FILE_SUBJECT
from ipcenter.prexam.workflow import FS, S
from tests.prexam.conftest import (
    NOW,
    UM_DOCUMENTS,
    approved_filing,
    filing_data,
    submit,
    uploads,
)
from tests.search.helpers import all_keys

LATER = NOW + timedelta(days=2)
ABSTRACT = "本实用新型公开了一种可调光LED吸顶灯，散热板采用蜂窝状铝基板，驱动电源内置于灯座。"


def text_pdf(words: str) -> bytes:
    """A real one-page PDF whose text layer says ``words`` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({words}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
         b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _commit():
    with unit_of_work():  # the outbox extracts the files' text and indexes (eagerly in tests)
        pass


def _found(user, query="*"):
    return all_keys(search.current_index(), query, principals(user))


@pytest.fixture
def everyone(crew, make_user):
    """Every kind of user the service must tell apart."""
    return {"firm": crew.firm, "firm colleague": crew.firm2, "other firm": crew.other,
            "examiner": crew.examiner, "examiner2": crew.examiner2,
            "director": crew.director, "admin": crew.admin, "fund": crew.fund,
            "adjudicator": crew.adjudicator, "bank": make_user("bank"),
            "enforcer": make_user("enforcer"), "agent": make_user("agent"),
            "anonymous": AnonymousUserMixin()}


def _all_ticked(kind="utility_model"):
    from ipcenter.prexam.rules import checklist

    return {c.code: True for c in checklist.CHECKLISTS[kind]}


def _point():
    from ipcenter.prexam.rules import checklist

    return [{"basis": checklist.OPINION_BASES[0].code, "text": "权利要求1中“散热板”的结构不清楚。"}]


def _application_number(n: int) -> str:
    base = f"2026201234{n:02d}"
    return f"{base}.{numbers.check_character(base)}"


# ---------------------------------------------------------------------------------------------
# Found by what it says


def test_a_request_is_found_by_title_abstract_number_and_cnipa_number(db, crew):
    approved_filing(db, crew)
    request = submit(db, crew, title="一种可调光LED吸顶灯", abstract=ABSTRACT)
    _commit()
    key = f"prexam:{request.id}"
    for query in ("可调光 吸顶灯", "LED吸顶灯", "蜂窝状铝基板", "驱动电源内置", request.number,
                  crew.firm_org.name):
        assert key in _found(crew.examiner, query), query
    assert key not in _found(crew.examiner, "蜂窝状钢基板")
    number = _application_number(1)
    assert key not in _found(crew.examiner, number)
    services.take_up(request, crew.examiner, NOW)
    services.confirm_classification(request, crew.examiner, NOW)
    services.pass_request(request, crew.examiner, LATER, _all_ticked())
    services.record_filing(request, crew.firm, LATER, number, date(2026, 4, 3))
    _commit()
    for query in (number, f"ZL{number}", number.replace(".", ""), f"专利号:{number}"):
        assert key in _found(crew.examiner, query), query
        assert key in _found(crew.firm, query), query
    assert key not in _found(crew.examiner, _application_number(2))


def test_the_firm_the_examiners_and_the_director_find_it_and_no_one_else(db, crew, everyone):
    approved_filing(db, crew)
    request = submit(db, crew, abstract=ABSTRACT)
    _commit()
    key = f"prexam:{request.id}"
    finders = {name for name, user in everyone.items() if key in _found(user, "蜂窝状铝基板")}
    assert finders == {"firm", "firm colleague", "examiner", "examiner2", "director"}


def test_its_files_are_found_by_their_extracted_text(db, crew, everyone):
    approved_filing(db, crew)
    files = uploads([k for k in UM_DOCUMENTS if k != "description"])
    files.append(services.Upload("description", io.BytesIO(text_pdf(
        "Dimmable ceiling lamp LUMAFINHEAT heat sink description")), "说明书.pdf"))
    request = submit(db, crew, files=files)
    _commit()
    (doc,) = [d for d in request.documents if d.kind == "description"]
    assert doc.text_status == "done" and "LUMAFINHEAT" in doc.text
    key = f"{FILE_SUBJECT}:{doc.id}"
    finders = {name for name, user in everyone.items() if key in _found(user, "lumafinheat")}
    assert finders == {"firm", "firm colleague", "examiner", "examiner2", "director"}
    assert key in _found(crew.examiner, "heat sink")
    assert key in all_keys(search.current_index(), "LUMAFINHEAT", principals(crew.firm),
                           within=f"prexam:{request.id}")


def test_a_registration_is_found_by_the_firm_and_its_credit_code(db, crew, everyone):
    filing = approved_filing(db, crew)
    _commit()
    key = f"prexam_filing:{filing.id}"
    for query in (crew.firm_org.name, crew.firm_org.uscc, filing.number, "智能照明控制"):
        assert key in _found(crew.examiner, query), query
    finders = {name for name, user in everyone.items() if key in _found(user, filing.uscc)}
    assert finders == {"firm", "firm colleague", "examiner", "examiner2", "director"}


# ---------------------------------------------------------------------------------------------
# The search and the policy agree, in every state


def _request_in(db, crew, state, n):
    """A request of ``crew.firm`` driven through the services to ``state``."""
    request = submit(db, crew)
    if state == S.SUBMITTED:
        return request
    if state == S.WITHDRAWN:
        services.withdraw(request, crew.firm, NOW, "撤回")
        return request
    services.take_up(request, crew.examiner, NOW)
    if state == S.CLASSIFICATION_CHECK:
        return request
    if state == S.RETURNED:
        services.return_request(request, crew.examiner, NOW, "不属于中心预审范围")
        return request
    services.confirm_classification(request, crew.examiner, NOW)
    if state == S.UNDER_EXAMINATION:
        return request
    if state == S.FAILED:
        services.fail_request(request, crew.examiner, NOW, "不具备授权前景")
        return request
    if state in (S.OPINION_ISSUED, S.AMENDED):
        services.issue_opinion(request, crew.examiner, NOW, {}, _point())
        if state == S.AMENDED:
            services.amend(request, crew.firm, LATER, "已按意见修改。", uploads(["amendment"]))
        return request
    services.pass_request(request, crew.examiner, LATER, _all_ticked())
    if state == S.PASSED:
        return request
    services.record_filing(request, crew.firm, LATER, _application_number(n), date(2026, 4, 3))
    if state == S.GRANTED:
        services.record_grant(request, crew.firm, LATER + timedelta(days=3), date(2026, 4, 5))
    elif state == S.REJECTED:
        services.record_rejection(request, crew.firm, LATER + timedelta(days=3),
                                  date(2026, 4, 5), "驳回")
    return request


def _agreement(everyone, matters, key_of, view, files=(), file_key=None, file_view=None):
    problems = []
    keys = {key_of(m) for m in matters} | {file_key(d) for d in files}
    for name, user in everyone.items():
        found = _found(user) & keys
        for matter in matters:
            allowed = can(user, view, matter)
            if allowed != (key_of(matter) in found):
                problems.append(f"{name}: {view}={allowed} for {matter.state}, found "
                                f"{key_of(matter) in found}")
        for doc in files:
            allowed = can(user, file_view, doc)
            if allowed != (file_key(doc) in found):
                problems.append(f"{name}: {file_view}={allowed} for {doc.kind} in "
                                f"{doc.matter_state}, found {file_key(doc) in found}")
    return problems


def test_the_search_returns_a_request_to_exactly_those_who_may_view_it(db, crew, everyone):
    approved_filing(db, crew)
    requests = [_request_in(db, crew, state, n) for n, state in enumerate(S, 1)]
    assert [r.state for r in requests] == list(S)      # every state of the table reached
    # The examiner's working paper (the centre's only) on one request taken up.
    taken = requests[list(S).index(S.UNDER_EXAMINATION)]
    services.upload(taken, "working_paper", io.BytesIO(text_pdf("working paper")),
                    "底稿.pdf", crew.examiner, NOW)
    _commit()
    files = [d for r in requests for d in r.documents if d.sha256]
    for doc in files:
        doc.matter_state = doc.request.state
    assert {d.audience for d in files} >= {"filer", "centre"}
    problems = _agreement(everyone, requests, lambda r: f"prexam:{r.id}", "prexam.view",
                          files, lambda d: f"{FILE_SUBJECT}:{d.id}", "prexam.document")
    assert not problems, "\n".join(problems)
    # And the policy is the service's rule: the firm that filed, the examiners, the director.
    for request in requests:
        assert {n for n, u in everyone.items() if can(u, "prexam.view", request)} == {
            "firm", "firm colleague", "examiner", "examiner2", "director"}


def _filing_in(db, crew, make_org, make_user, state):
    """A registration of a new firm driven through the services to ``state``."""
    user = make_user("firm", org=make_org("firm"))
    filing = services.apply_for_filing(filing_data(user.organisation), user, NOW,
                                       uuid.uuid4().hex)
    if state == FS.APPLIED:
        return filing, user
    if state == FS.REJECTED:
        services.reject_filing(filing, crew.examiner, NOW, "材料不全")
        return filing, user
    if state == FS.WITHDRAWN:
        services.withdraw_filing(filing, user, NOW)
        return filing, user
    services.approve_filing(filing, crew.examiner, NOW)
    if state == FS.APPROVED:
        return filing, user
    measure = "suspend" if state in (FS.SUSPENSION_PROPOSED, FS.SUSPENDED) else "revoke"
    services.propose(filing, crew.examiner, NOW, measure, "abnormal_application",
                     "发现非正常专利申请")
    if state == FS.SUSPENDED:
        services.suspend_filing(filing, crew.director, NOW)
    elif state == FS.REVOKED:
        services.revoke_filing(filing, crew.director, NOW)
    return filing, user


def test_the_search_returns_a_registration_to_exactly_those_who_may_view_it(
        db, crew, everyone, make_org, make_user):
    made = [_filing_in(db, crew, make_org, make_user, state) for state in FS]
    assert [f.state for f, _ in made] == list(FS)
    _commit()
    problems = []
    for filing, own in made:
        people = {**everyone, "its firm": own}
        files = [d for d in filing.documents if d.sha256]
        for doc in files:
            doc.matter_state = filing.state
        problems += _agreement(people, [filing], lambda f: f"prexam_filing:{f.id}",
                               "prexam.filing.view", files,
                               lambda d: f"{FILING_FILE_SUBJECT}:{d.id}",
                               "prexam.filing.document")
        assert {n for n, u in people.items() if can(u, "prexam.filing.view", filing)} == {
            "its firm", "examiner", "examiner2", "director"}, filing.state
    assert not problems, "\n".join(problems)
