"""The admin's settings pages of pre-examination: who may open them, the scope table as the
admin reads it, and each change — a subclass added, ended, confirmed; new targets — written
only when the service accepts it, with its effect on the requests and clocks that follow."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from ipcenter.core.reasons import Refused
from ipcenter.prexam import services, settings
from ipcenter.prexam.models import ScopeClass
from tests.conftest import login, post_form
from tests.prexam.conftest import NOW, UM_DOCUMENTS, approved_filing, request_data, uploads

TODAY = "2026-04-01T10:00:00+08:00"      # tests.prexam.conftest.NOW


@pytest.fixture
def pinned(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", TODAY)


def _rows() -> int:
    from ipcenter.core.db import db

    return db.session.scalar(sa.select(sa.func.count(ScopeClass.id)))


@pytest.mark.parametrize("who", ["examiner", "director", "firm", "fund"])
def test_only_the_admin_opens_the_settings(client, crew, pinned, who):
    login(client, getattr(crew, who).username)
    assert client.get("/prexam/settings").status_code == 403
    assert client.post("/prexam/settings/targets", data={}).status_code in (400, 403)


def test_the_admin_reads_the_scope_and_the_targets(client, crew, pinned):
    login(client, crew.admin.username)
    response = client.get("/prexam/settings")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-code="F21V"' in html and 'data-code="26-05"' in html
    assert "2022年10月1日" in html                          # the seed's first day
    assert "待与中心公布目录核对" in html                     # the IPC seed is not confirmed
    assert 'data-testid="current-classification_wd">1<' in html
    assert "分类审核时限（工作日）" in html


def test_an_out_of_format_code_is_refused_and_nothing_written(client, db, crew, pinned):
    login(client, crew.admin.username)
    before = _rows()
    response = post_form(client, "/prexam/settings/scope", {
        "kind": "utility_model", "code": "F21", "title": "", "effective_from": "2026-04-02"},
        page="/prexam/settings")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'data-testid="error-code">“F21”不是有效的 IPC 分类号' in html
    assert 'value="F21"' in html                                   # what was typed is kept
    assert _rows() == before


def test_a_subclass_is_added_and_confirmed_on_the_page(client, db, crew, pinned):
    login(client, crew.admin.username)
    response = post_form(client, "/prexam/settings/scope", {
        "kind": "utility_model", "code": "f21h", "title": "测试小类",
        "effective_from": "2026-04-02"}, page="/prexam/settings")
    assert response.status_code == 302
    row = db.session.execute(sa.select(ScopeClass).filter_by(code="F21H")).scalar_one()
    assert row.effective_from == date(2026, 4, 2) and row.confirmed
    unconfirmed = db.session.execute(sa.select(ScopeClass).filter_by(
        code="F21V", confirmed=False)).scalar_one()
    response = post_form(client, f"/prexam/settings/scope/{unconfirmed.id}/confirm", {},
                         page="/prexam/settings")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ScopeClass, unconfirmed.id).confirmed


def test_a_subclass_ended_refuses_the_requests_after_its_last_day(client, db, crew, pinned):
    approved_filing(db, crew)
    login(client, crew.admin.username)
    f21v = db.session.execute(sa.select(ScopeClass).filter_by(code="F21V")).scalar_one()
    early = post_form(client, f"/prexam/settings/scope/{f21v.id}/end",
                      {"last_day": "2026-03-01"}, page="/prexam/settings")
    assert early.status_code == 400 and "最早" in early.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ScopeClass, f21v.id).effective_to is None      # nothing written
    response = post_form(client, f"/prexam/settings/scope/{f21v.id}/end",
                         {"last_day": "2026-04-01"}, page="/prexam/settings")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ScopeClass, f21v.id).effective_to == date(2026, 4, 1)
    # Submitted on its last day it is in the scope; the day after it is not.
    services.submit_request(request_data(), uploads(UM_DOCUMENTS), crew.firm, NOW,
                            uuid.uuid4().hex)
    from datetime import timedelta

    with pytest.raises(Refused) as refused:
        services.submit_request(request_data(), uploads(UM_DOCUMENTS), crew.firm,
                                NOW + timedelta(days=1), uuid.uuid4().hex)
    assert "out_of_scope" in refused.value.codes


def test_new_targets_set_the_period_of_the_clocks_opened_afterwards(client, app, db, crew,
                                                                    pinned, monkeypatch):
    from ipcenter import matters

    approved_filing(db, crew)
    before = services.submit_request(request_data(), uploads(UM_DOCUMENTS), crew.firm, NOW,
                                     uuid.uuid4().hex)
    # One working day after Wednesday 1 April.
    assert matters.clocks(before, "classification")[0].due_on == date(2026, 4, 2)
    login(client, crew.admin.username)
    response = post_form(client, "/prexam/settings/targets", {
        "classification_wd": "3", "round_wd": "5", "reply_days": "15", "max_rounds": "2",
        "filing_days": "20", "effective_from": "2026-04-02"}, page="/prexam/settings")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert settings.targets_on(date(2026, 4, 2)).classification_wd == 3
    assert settings.targets_on(date(2026, 4, 1)).classification_wd == 1
    page = client.get("/prexam/settings").get_data(as_text=True)
    assert "自2026年4月2日起" in page
    # Submitted on Thursday 2 April: three working days (3, 7, 8 April; 4–6 April is Qingming).
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-04-02T10:00:00+08:00")
    from datetime import timedelta

    after = services.submit_request(request_data(), uploads(UM_DOCUMENTS), crew.firm,
                                    NOW + timedelta(days=1), uuid.uuid4().hex)
    assert matters.clocks(after, "classification")[0].due_on == date(2026, 4, 8)
    assert matters.clocks(before, "classification")[0].due_on == date(2026, 4, 2)


def test_targets_out_of_range_are_refused_and_nothing_written(client, db, crew, pinned):
    login(client, crew.admin.username)
    response = post_form(client, "/prexam/settings/targets", {
        "classification_wd": "0", "round_wd": "5", "reply_days": "15", "max_rounds": "2",
        "filing_days": "20", "effective_from": "2026-04-02"}, page="/prexam/settings")
    assert response.status_code == 400
    assert "1 至 30 之间的整数" in response.get_data(as_text=True)
    assert settings.target_versions() == []
