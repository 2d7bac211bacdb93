"""The audit log page: newest rows first, filter by action, pages, verifying the chain."""

from __future__ import annotations

import re

import sqlalchemy as sa

from ipcenter.core import audit
from ipcenter.core.models import AuditEvent
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
