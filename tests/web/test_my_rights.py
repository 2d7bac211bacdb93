"""A firm's own rights (/rights): the register's rights held by its organisation, none of
another's; every other role refused."""

from __future__ import annotations

from datetime import date

import pytest

from ipcenter.auth.roles import Role
from ipcenter.ip import register
from tests.conftest import NOW, login


@pytest.fixture
def held(db, make_org, make_user):
    firm, other = make_org("firm", name="中山市古镇华辉灯饰有限公司"), make_org("firm")
    ours = register.find_or_register("utility_model", "ZL202620123456.5", title="一种防眩光LED筒灯",
                                     holder=firm.name, holder_org=firm,
                                     filed_on=date(2026, 3, 5), granted_on=date(2026, 3, 12),
                                     now=NOW)
    theirs = register.find_or_register("design", "ZL202630234567.9", title="灯具（吸顶式）",
                                       holder=other.name, holder_org=other,
                                       filed_on=date(2026, 1, 5), now=NOW)
    db.session.commit()
    return make_user("firm", org=firm), ours, theirs


def test_the_firm_sees_its_rights_and_not_anothers(client, held):
    user, ours, theirs = held
    login(client, user.username)
    html = client.get("/rights").get_data(as_text=True)
    assert ours.number in html and "一种防眩光LED筒灯" in html
    assert "2026年3月12日" in html and "2036年3月4日" in html     # granted; in force 10 years
    assert theirs.number not in html and "灯具（吸顶式）" not in html
    assert "我的权利" in client.get("/dashboard").get_data(as_text=True)   # in the bar


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FIRM])
def test_every_other_role_is_refused(client, make_user, role):
    user = make_user(role)
    login(client, user.username)
    assert client.get("/rights").status_code == 403
    assert 'href="/rights"' not in client.get("/dashboard").get_data(as_text=True)


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get("/rights")
    assert response.status_code in (302, 401)
