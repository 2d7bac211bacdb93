"""The administrator's list of given-up deliveries (who, where masked, what kind of event —
never the text), sent again once; a user's own addresses on the settings page, checked, and a
channel without its address refused; who may do either."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ipcenter.core.db import db as _db
from ipcenter.core.db import unit_of_work
from ipcenter.core.models import AuditEvent, OutboxMessage
from ipcenter.notify import presenters, services
from ipcenter.notify.models import Notice, NoticeChannel, NoticeDelivery
from tests.conftest import NOW, login, post_form

SECRET = "听证定于2026年3月9日举行（某某灯饰有限公司诉某某公司）"


def _given_up(user, channel="email", address="alice@x.cn", error="SMTPRecipientsRefused: x",
              key="k"):
    notice = Notice(user_id=user.id, event="case.hearing", text=SECRET, dedupe_key=key,
                    created_at=NOW)
    delivery = NoticeDelivery(notice=notice, channel=channel, address=address, created_at=NOW,
                              failed_at=NOW, attempts=services.MAX_ATTEMPTS, last_error=error)
    _db.session.add(delivery)
    _db.session.commit()
    return delivery


def test_masking_and_words():
    assert presenters.mask("email", "alice@x.cn") == "a***@x.cn"
    assert presenters.mask("sms", "13812341234") == "138****1234"
    assert presenters.mask("sms", "123") == "1***"


def test_the_admin_sees_who_and_what_kind_never_the_text(client, make_user):
    firm, admin = make_user("firm"), make_user("admin")
    _given_up(firm)
    _given_up(firm, channel="sms", address="13812341234", error="OSError: no route",
              key="k2")
    login(client, admin.username)
    page = client.get("/notices/deliveries").get_data(as_text=True)
    assert "a***@x.cn" in page and "138****1234" in page and "alice@x.cn" not in page
    assert "已安排听证" in page  # the event's kind
    assert SECRET not in page and "case.hearing" not in page and "SMTPRecipients" not in page
    assert "邮件服务器拒收了收件地址" in page and "无法连接发送服务器" in page
    assert page.index("138****1234") < page.index("a***@x.cn")  # newest (last id) first
    assert "重新发送" in page
    assert "已放弃的发送" in client.get("/dashboard").get_data(as_text=True)  # the nav


def test_the_list_is_paginated(client, make_user):
    firm, admin = make_user("firm"), make_user("admin")
    for n in range(services.PER_PAGE + 2):
        _given_up(firm, key=f"k{n}")
    login(client, admin.username)
    assert "共 22 条" in client.get("/notices/deliveries").get_data(as_text=True)
    second = client.get("/notices/deliveries?page=2").get_data(as_text=True)
    assert second.count('data-testid="delivery-') == 2


@pytest.mark.parametrize("role", ["firm", "director", "adjudicator"])
def test_others_are_refused_the_list_and_the_retry(client, make_user, role):
    delivery = _given_up(make_user("firm"))
    user = make_user(role)
    login(client, user.username)
    assert client.get("/notices/deliveries").status_code == 403
    response = post_form(client, f"/notices/deliveries/{delivery.id}/requeue", {},
                         page="/dashboard")
    assert response.status_code == 403
    _db.session.expire_all()
    assert _db.session.get(NoticeDelivery, delivery.id).requeued_at is None
    assert "已放弃的发送" not in client.get("/dashboard").get_data(as_text=True)


def test_a_delivery_is_sent_again_once(client, make_user):
    firm, admin = make_user("firm"), make_user("admin")
    delivery = _given_up(firm, channel="sms", address="13812341234")
    login(client, admin.username)
    response = post_form(client, f"/notices/deliveries/{delivery.id}/requeue", {},
                         page="/notices/deliveries")
    assert response.status_code == 302
    _db.session.expire_all()
    again = _db.session.get(NoticeDelivery, delivery.id)
    assert again.requeued_by_id == admin.id and again.sent_at is not None  # the log SMS sent
    assert _db.session.execute(sa.select(AuditEvent.action).where(
        AuditEvent.action == "notice.requeue")).scalar_one() == "notice.requeue"
    # A second click: refused, and nothing queued.
    queued = _db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar()
    response = post_form(client, f"/notices/deliveries/{delivery.id}/requeue", {},
                         page="/notices/deliveries", follow_redirects=True)
    assert response.status_code == 409
    assert "已经重新发送过一次" in response.get_data(as_text=True)
    assert _db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)
                               ).scalar() == queued
    assert post_form(client, "/notices/deliveries/999999/requeue", {},
                     page="/notices/deliveries").status_code == 404


def test_a_requeued_delivery_given_up_again_is_not_sent_a_third_time(db, make_user):
    admin = make_user("admin")
    delivery = _given_up(make_user("firm"))
    with unit_of_work():
        services.requeue(delivery.id, admin, NOW)
    _db.session.execute(sa.update(NoticeDelivery).where(NoticeDelivery.id == delivery.id)
                        .values(failed_at=NOW, sent_at=None))
    _db.session.commit()
    from ipcenter.core.errors import Conflict
    with pytest.raises(Conflict, match="已经重新发送过一次|already been sent again"), \
            unit_of_work():
        services.requeue(delivery.id, admin, NOW)


def test_the_requeue_without_csrf_is_refused(client, make_user):
    delivery = _given_up(make_user("firm"))
    login(client, make_user("admin").username)
    assert client.post(f"/notices/deliveries/{delivery.id}/requeue").status_code == 400
    _db.session.expire_all()
    assert _db.session.get(NoticeDelivery, delivery.id).requeued_at is None


# ---------------------------------------------------------------------------------------------
# A user's own addresses


def test_a_user_sets_their_addresses_and_channels(client, make_user):
    firm = make_user("firm")
    login(client, firm.username)
    response = post_form(client, "/notices/settings", {
        "email_address": " a@example.cn ", "mobile_number": "138 1234 5678", "sms": "1"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert (firm.email, firm.phone) == ("a@example.cn", "13812345678")
    assert services.chosen(firm) == {"sms"}
    row = _db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "notice.contacts")).scalar_one()
    assert row.actor_id == firm.id and "13812345678" not in (row.detail or "")


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"email_address": "not-an-address"}, "email", "有效的电子邮件地址"),
    ({"email_address": "a@b"}, "email", "有效的电子邮件地址"),
    ({"mobile_number": "12812345678"}, "phone", "11位数字"),
    ({"mobile_number": "1381234567"}, "phone", "11位数字"),
    ({"sms": "1"}, "channels", "没有相应的地址"),
])
def test_bad_input_is_refused_in_chinese_and_kept(client, make_user, data, field, words):
    firm = make_user("firm")
    login(client, firm.username)
    response = post_form(client, "/notices/settings", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and words in page
    assert f'data-testid="error-{field}"' in page
    for value in data.values():
        assert value in page or value == "1"  # what was typed is kept
    _db.session.expire_all()
    assert (firm.email or "", firm.phone or "") == ("", "") and services.chosen(firm) == set()


def test_a_user_cannot_edit_another_users_addresses(client, make_user):
    me, other = make_user("firm"), make_user("firm")
    other.email = "other@example.cn"
    _db.session.commit()
    login(client, me.username)
    post_form(client, "/notices/settings", {"email_address": "mine@example.cn",
                                            "user_id": str(other.id)})
    _db.session.expire_all()
    assert other.email == "other@example.cn" and me.email == "mine@example.cn"
    assert _db.session.execute(sa.select(NoticeChannel).where(
        NoticeChannel.user_id == other.id)).first() is None
    assert "other@example.cn" not in client.get("/notices/settings").get_data(as_text=True)
