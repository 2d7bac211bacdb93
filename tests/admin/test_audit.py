"""The audit log page: newest rows first, filter by action, pages, verifying the chain, and
whose eyes a row's details are for."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from ipcenter import matters
from ipcenter.auth import policy
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import services as tm
from ipcenter.core import audit
from ipcenter.core.models import AuditEvent
from tests.cases.conftest import PDF, at, walk
from tests.cases.trademark.test_trademark import findings, to_investigation
from tests.conftest import NOW, login, post_form


def seqs(html: str) -> list[int]:
    body = html[html.index('data-testid="audit-rows"'):]
    return [int(n) for n in re.findall(r'<td class="text-end">(\d+)</td>', body)]


def test_latest_rows_first_with_a_filter(client, db, admin):
    for n in range(3):
        audit.record("case.test_event", actor=admin, obj_type="case", obj_id=n, now=NOW)
    db.session.commit()
    html = client.get("/admin/audit").get_data(as_text=True)
    shown = seqs(html)
    assert shown == sorted(shown, reverse=True) and len(shown) >= 4  # with the sign-in
    assert "auth.login" in html

    html = client.get("/admin/audit?action=case.test_event").get_data(as_text=True)
    rows = db.session.execute(sa.select(AuditEvent.seq).where(
        AuditEvent.action == "case.test_event").order_by(AuditEvent.seq.desc())).scalars()
    assert seqs(html) == list(rows)
    assert "auth.login</code>" not in html


def test_rows_are_paginated(client, db, admin):
    for n in range(60):
        audit.record("case.test_event", actor=admin, obj_type="case", obj_id=n, now=NOW)
    db.session.commit()
    first = seqs(client.get("/admin/audit").get_data(as_text=True))
    second = seqs(client.get("/admin/audit?page=2").get_data(as_text=True))
    assert len(first) == 50 and second and max(second) < min(first)


def test_verify_reports_an_intact_chain(client, db, admin):
    response = post_form(client, "/admin/audit/verify", {}, page="/admin/audit")
    assert response.status_code == 302
    total = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"The audit chain is intact: {total} rows checked." in html


def test_verify_finds_an_altered_row(client, db, admin):
    row = audit.record("case.test_event", actor=admin, obj_type="case", obj_id=7,
                       detail={"amount": 100}, now=NOW)
    audit.record("case.test_event", actor=admin, obj_type="case", obj_id=8, now=NOW)
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == row.id)
                       .values(detail='{"amount": 1}'))
    db.session.commit()
    response = post_form(client, "/admin/audit/verify", {}, page="/admin/audit")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"The audit chain is broken at row {row.seq}: the row has been altered." in html


def test_director_may_read_and_verify(client, make_user):
    make_user("director", username="boss")
    login(client, "boss")
    assert client.get("/admin/audit").status_code == 200
    assert post_form(client, "/admin/audit/verify", {}, page="/admin/audit").status_code == 302


# ---------------------------------------------------------------------------------------------
# What a row holds is the director's to read (policy "audit.details"), never the admin's.

REASON = "请求人未提交涉案专利的专利权评价报告"
FILE_NAME = "华辉灯饰侵权公证书第0427号.pdf"
FINE = "100000.00"


@pytest.fixture
def case_events(db, cast, officers):
    """A refusal with its reason, an upload with its file name, a proposed fine: rows made by
    the real services."""
    case = walk(db, cast, S.DRAFT)
    matters.attach(case, "evidence", io.BytesIO(PDF), FILE_NAME, cast.requester, at(0))
    services.submit(case, cast.requester, at(0))
    services.refuse(case, cast.judges[0], at(1), REASON)
    matter = to_investigation(cast, officers)
    tm.record_findings(matter, officers[0], at(10), findings())
    tm.propose_penalty(matter, officers[0], at(10), "100000", "8000")
    db.session.commit()
    rows = {action: db.session.execute(sa.select(AuditEvent.detail).where(
        AuditEvent.action == action)).scalars().all()
        for action in ("case.refuse", "case.upload", "case.propose_penalty")}
    assert REASON in rows["case.refuse"][0] and FINE in rows["case.propose_penalty"][0]
    assert any(FILE_NAME in d for d in rows["case.upload"])
    return case


def audit_pages(client) -> list[str]:
    urls = ["/admin/audit"] + [f"/admin/audit?action={a}" for a in
                               ("case.refuse", "case.upload", "case.propose_penalty")]
    return [client.get(url).get_data(as_text=True) for url in urls]


def test_admin_sees_who_did_what_but_no_contents(client, db, cast, case_events):
    login(client, "admin")
    pages = audit_pages(client)
    for html in pages:
        assert REASON not in html and FILE_NAME not in html and FINE not in html
        assert "华辉" not in html  # nor a party's or a file's name in any form
    # Who did what to which object and when is still there.
    assert "不予受理" in pages[1] and f"案件 {case_events.id}" in pages[1]
    assert cast.judges[0].display_name in pages[1]


def test_director_reads_the_contents(client, db, cast, case_events):
    login(client, "director")
    pages = audit_pages(client)
    assert REASON in pages[1] and FILE_NAME in pages[2] and FINE in pages[3]


@pytest.mark.parametrize("role, allowed", [("director", True), ("admin", False),
                                           ("adjudicator", False), ("enforcer", False),
                                           ("firm", False), ("bank", False)])
def test_only_the_director_may_read_details(make_user, role, allowed):
    assert policy.can(make_user(role), "audit.details") is allowed
