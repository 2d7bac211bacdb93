"""The rights register's page: the centre's staff find a right, read its standing and history
(pledges registered and released among the events) and record an annuity, a freeze and its
lifting; bad input is refused in Chinese with nothing written; the administrator, a bank, a
firm and a valuer may neither read nor record."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from ipcenter.ip import register
from ipcenter.ip.models import Right, RightEvent
from tests.conftest import NOW, csrf_from, login, post_form

PATENT = "ZL202020123456.8"


@pytest.fixture
def right(db):
    right = register.find_or_register("patent", PATENT, title="一种LED吸顶灯",
                                      holder="中山市古镇华辉灯饰有限公司", filed_on=date(2020, 5, 6),
                                      granted_on=date(2020, 11, 3), now=NOW)
    register.record_event(right, "pledged", date(2025, 1, 10), matter=("pledge", 1),
                          detail={"number": "Y2025440000001"}, now=NOW)
    register.record_event(right, "pledge_released", date(2025, 12, 10), matter=("pledge", 1),
                          detail={"number": "Y2025440000001"}, now=NOW)
    db.session.commit()
    return right


def _events(db) -> int:
    return db.session.execute(sa.select(sa.func.count(RightEvent.id))).scalar_one()


def test_staff_find_a_right_and_read_its_history(client, make_user, right):
    make_user("fund_manager", username="fund")
    login(client, "fund")
    listing = client.get("/admin/rights?q=123456").get_data(as_text=True)
    assert PATENT in listing and "一种LED吸顶灯" in listing and "有效" in listing
    html = client.get(f"/admin/rights/{right.id}").get_data(as_text=True)
    assert "质押已登记" in html and "质押已注销" in html and "Y2025440000001" in html
    assert "2025年1月10日" in html and "缴至2021年5月5日" in html   # the grant year's annuity
    assert 'data-testid="form-freeze"' in html and 'data-testid="form-annuity"' in html


def test_staff_record_an_annuity_a_freeze_and_its_lifting(client, db, make_user, right):
    make_user("examiner", username="clerk")
    login(client, "clerk")
    page = f"/admin/rights/{right.id}"
    response = post_form(client, f"{page}/annuity", {"paid_on": "2026-04-20", "year": "7"},
                         page=page, follow_redirects=True)
    assert response.status_code == 200
    assert "缴至2027年5月5日" in response.get_data(as_text=True)
    response = post_form(client, f"{page}/freeze", {
        "frozen_on": "2026-03-01", "kind": "preservation", "authority": "中山市第一人民法院",
        "document_no": "（2026）粤2071财保12号", "until": "2029-02-28"}, page=page,
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "法院财产保全" in html and "财保12号" in html
    db.session.expire_all()
    stored = db.session.get(Right, right.id)
    assert stored.frozen and stored.annuity_paid_until == date(2027, 5, 5)
    (freeze,) = register.standing_on(stored, date(2026, 3, 5)).freezes
    assert 'data-testid="form-unfreeze"' in html
    response = post_form(client, f"{page}/unfreeze", {
        "freeze": str(freeze.event_id), "lifted_on": "2026-03-04", "authority": "中山市第一人民法院",
        "document_no": "（2026）粤2071财保12号之一"}, page=page, follow_redirects=True)
    assert response.status_code == 200 and "解除冻结" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(Right, right.id).frozen
    event = register.events_of(db.session.get(Right, right.id), "unfrozen")[0]
    assert event.recorded_by_id is not None


@pytest.mark.parametrize("path, data, words", [
    ("annuity", {"paid_on": "2026-04-20"}, "二者择一"),
    ("annuity", {"paid_on": "2026-04-20", "year": "11"}, "第1至第10"),
    ("freeze", {"frozen_on": "2026-03-01", "kind": "preservation", "authority": "法院",
                "document_no": "1号", "until": "2026-02-01"}, "不能早于"),
    ("unfreeze", {"freeze": "999", "lifted_on": "2026-03-04", "authority": "法院",
                  "document_no": "1号"}, ""),
])
def test_bad_input_is_refused_with_nothing_written(client, db, make_user, right, path, data,
                                                   words):
    make_user("fund_manager", username="fund")
    login(client, "fund")
    before = _events(db)
    page = f"/admin/rights/{right.id}"
    response = post_form(client, f"{page}/{path}", data, page=page)
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert _events(db) == before


@pytest.mark.parametrize("role", ["admin", "bank", "firm", "valuer"])
def test_others_may_neither_read_nor_record(client, db, make_user, right, role):
    make_user(role, username="other")
    login(client, "other")
    assert client.get("/admin/rights").status_code == 403
    assert client.get(f"/admin/rights/{right.id}").status_code == 403
    token = csrf_from(client.get("/dashboard").get_data(as_text=True))
    before = _events(db)
    for path, data in (("annuity", {"paid_on": "2026-04-20", "year": "7"}),
                       ("freeze", {"frozen_on": "2026-03-01", "kind": "preservation",
                                   "authority": "法院", "document_no": "1号"})):
        response = client.post(f"/admin/rights/{right.id}/{path}",
                               data={"csrf_token": token, **data})
        assert response.status_code == 403
    assert _events(db) == before
    assert "/admin/rights" not in client.get("/dashboard").get_data(as_text=True)
