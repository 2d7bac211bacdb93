"""Notices: one per event and user (the dedupe key), their deliveries through the outbox on
the channels each user chose, sent once, retried on failure; the deadline scan's notices; the
pages (the bell, the list, read / unread) and who may see a notice."""

from __future__ import annotations

import smtplib
from datetime import UTC, date, datetime
from typing import ClassVar

import pytest
import sqlalchemy as sa

from ipcenter.core import outbox, tasks, timelimits
from ipcenter.core.db import db as _db
from ipcenter.core.db import unit_of_work
from ipcenter.core.models import Deadline, OutboxMessage
from ipcenter.core.workdays import WorkdayCalendar
from ipcenter.notify import channels, services
from ipcenter.notify.models import Notice, NoticeDelivery
from tests.conftest import NOW, login, post_form


class Recorder(channels.Channel):
    """A channel that records what it sends, and fails the first ``failures`` times."""

    def __init__(self, name="email", failures=0):
        self.name, self.label, self.failures, self.sent = name, name, failures, []

    def enabled(self):
        return True

    def address(self, user):
        return user.email

    def send(self, address, message):
        if self.failures:
            self.failures -= 1
            raise channels.ChannelError("the server said 451")
        self.sent.append((address, message))


@pytest.fixture
def mailbox():
    original = channels.get("email")
    recorder = channels.register(Recorder())
    yield recorder
    channels.register(original)


def _notices(user_id=None):
    query = sa.select(Notice)
    if user_id is not None:
        query = query.where(Notice.user_id == user_id)
    return list(_db.session.execute(query.order_by(Notice.id)).scalars())


def _outbox(task=services.DELIVER_TASK):
    return list(_db.session.execute(sa.select(OutboxMessage).where(
        OutboxMessage.task == task)).scalars())


def test_one_event_notifies_each_user_once(db, make_user, mailbox):
    firm = make_user("firm")
    firm.email = "a@example.cn"
    with unit_of_work():
        services.set_channels(firm, ["email"], NOW)
    for _ in range(2):
        with unit_of_work():
            services.notify([firm, firm.id], "case.accept", ("case", 7), "案件已受理",
                            "/cases/7", "case:7:accept", now=NOW)
    assert [n.text for n in _notices(firm.id)] == ["案件已受理"]
    assert len(_outbox()) == 1
    # Sent once, after the first commit, eagerly; the second announcement sent nothing.
    assert [address for address, _ in mailbox.sent] == ["a@example.cn"]
    delivery = _db.session.execute(sa.select(NoticeDelivery)).scalar_one()
    assert delivery.sent_at is not None and delivery.attempts == 1


def test_a_user_who_chose_no_channel_gets_the_bell_only(db, make_user, mailbox):
    firm = make_user("firm")
    firm.email = "a@example.cn"
    with unit_of_work():
        services.notify([firm], "case.accept", ("case", 7), "案件已受理", "/cases/7",
                        "case:7:accept", now=NOW)
    assert len(_notices(firm.id)) == 1 and _outbox() == [] and mailbox.sent == []


def test_inactive_users_and_users_without_an_address_are_skipped(db, make_user, mailbox):
    gone, no_mail = make_user("firm", active=False), make_user("firm")
    with unit_of_work():
        services.set_channels(no_mail, ["email"], NOW)
        services.notify([gone, no_mail], "x", None, "文本", "", "k", now=NOW)
    assert [n.user_id for n in _notices()] == [no_mail.id]
    assert _outbox() == []


def test_a_failed_send_is_tried_again_and_never_twice_once_sent(db, make_user):
    flaky = channels.register(Recorder(failures=1))
    try:
        firm = make_user("firm")
        firm.email = "a@example.cn"
        with unit_of_work():
            services.set_channels(firm, ["email"], NOW)
            services.notify([firm], "case.accept", ("case", 7), "案件已受理", "/cases/7",
                            "case:7:accept", now=NOW)
        message = _outbox()[0]
        delivery = _db.session.execute(sa.select(NoticeDelivery)).scalar_one()
        _db.session.refresh(message)
        _db.session.refresh(delivery)
        # The eager send failed: the outbox keeps the message, the delivery its error.
        assert message.sent_at is None and "451" in message.last_error
        assert delivery.sent_at is None and delivery.attempts == 1
        assert "451" in delivery.last_error and flaky.sent == []
        # Redelivery sends it.
        assert outbox.dispatch([message.id]) == 1
        _db.session.refresh(delivery)
        assert delivery.sent_at is not None and delivery.attempts == 2
        assert len(flaky.sent) == 1
        # A message delivered again (the sweeper, a worker's second try) sends nothing.
        assert services.deliver(delivery.id, NOW) is False
        assert len(flaky.sent) == 1
    finally:
        channels.register(channels.EmailChannel())


def test_a_send_failing_every_time_is_given_up(db, make_user):
    channels.register(Recorder(failures=99))
    try:
        firm = make_user("firm")
        firm.email = "a@example.cn"
        with unit_of_work():
            services.set_channels(firm, ["email"], NOW)
            services.notify([firm], "e", None, "文本", "", "k", now=NOW)
        delivery = _db.session.execute(sa.select(NoticeDelivery)).scalar_one()
        for _ in range(services.MAX_ATTEMPTS):
            try:
                services.deliver(delivery.id, NOW)
            except channels.ChannelError:
                pass
        _db.session.refresh(delivery)
        assert delivery.failed_at is not None and delivery.attempts == services.MAX_ATTEMPTS
        assert services.deliver(delivery.id, NOW) is False  # given up: not tried again
    finally:
        channels.register(channels.EmailChannel())


def test_the_worker_retries_a_failed_send_with_backoff(app, db, make_user, monkeypatch):
    from celery.exceptions import Retry

    from ipcenter.notify import tasks as notify_tasks

    channels.register(Recorder(failures=1))
    try:
        firm = make_user("firm")
        firm.email = "a@example.cn"
        with unit_of_work():
            services.set_channels(firm, ["email"], NOW)
        delivery = NoticeDelivery(notice=Notice(user_id=firm.id, event="e", text="t",
                                                dedupe_key="k", created_at=NOW),
                                  channel="email", address="a@example.cn", created_at=NOW)
        _db.session.add(delivery)
        _db.session.commit()
        task = notify_tasks.deliver
        monkeypatch.setattr(task, "retry", lambda **kw: Retry(exc=kw["exc"],
                                                              when=kw["countdown"]))
        task.push_request(is_eager=False, retries=0)
        try:
            with pytest.raises(Retry) as raised:
                task.run(delivery.id)
        finally:
            task.pop_request()
        assert raised.value.when == 30
    finally:
        channels.register(channels.EmailChannel())


# ---------------------------------------------------------------------------------------------
# The adapters


class FakeSMTP:
    sent: ClassVar[list] = []
    fail = False

    def __init__(self, host, port, timeout):
        self.host, self.port, self.calls = host, port, []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.calls.append("starttls")

    def login(self, user, password):
        self.calls.append(("login", user))

    def send_message(self, mail):
        if FakeSMTP.fail:
            raise smtplib.SMTPRecipientsRefused({mail["To"]: (550, b"no such user")})
        FakeSMTP.sent.append((self.host, self.port, self.calls, mail))


def test_the_email_adapter_is_off_by_default(app):
    with app.app_context():
        assert channels.EmailChannel().enabled() is False
        assert channels.LogSMS().enabled() is True


def test_the_email_adapter_sends_through_smtp(app, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], False
    config = {"IPCENTER_MAIL_ENABLED": True, "IPCENTER_MAIL_HOST": "mail.zs.gov.cn",
              "IPCENTER_MAIL_PORT": "587", "IPCENTER_MAIL_USER": "ipc",
              "IPCENTER_MAIL_PASSWORD": "pw", "IPCENTER_MAIL_FROM": "ipc@zs.gov.cn"}
    with app.app_context():
        monkeypatch.setitem(app.config, "IPCENTER_MAIL_ENABLED", True)
        for key, value in config.items():
            monkeypatch.setitem(app.config, key, value)
        mail = channels.EmailChannel()
        assert mail.enabled()
        mail.send("a@example.cn", channels.Message("【中心】案件已受理", "案件已受理\nhttps://x/1",
                                                   "notice-1-email"))
        host, port, calls, message = FakeSMTP.sent[0]
        assert (host, port, calls) == ("mail.zs.gov.cn", 587, ["starttls", ("login", "ipc")])
        assert message["To"] == "a@example.cn" and "ipc@zs.gov.cn" in message["From"]
        assert message["Subject"] == "【中心】案件已受理"
        assert "案件已受理" in message.get_content()
        FakeSMTP.fail = True
        with pytest.raises(channels.ChannelError, match="SMTPRecipientsRefused"):
            mail.send("a@example.cn", channels.Message("s", "b", "notice-1-email"))


def test_the_email_adapter_reports_an_unreachable_server(app, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    with app.app_context():
        monkeypatch.setitem(app.config, "IPCENTER_MAIL_HOST", "127.0.0.1")
        with pytest.raises(channels.ChannelError, match="ConnectionRefused"):
            channels.EmailChannel().send("a@example.cn", channels.Message("s", "b", "k"))


def test_the_sms_adapter_writes_to_the_log(app, caplog, make_user, db):
    firm = make_user("firm")
    firm.phone = "13800000000"
    with caplog.at_level("INFO", logger="ipcenter.notify.channels"), unit_of_work():
        services.set_channels(firm, ["sms"], NOW)
        services.notify([firm], "case.accept", ("case", 7), "案件已受理", "/cases/7",
                        "case:7:accept", now=NOW)
    assert "13800000000" in caplog.text and "案件已受理" in caplog.text
    delivery = _db.session.execute(sa.select(NoticeDelivery)).scalar_one()
    assert delivery.channel == "sms" and delivery.sent_at is not None


# ---------------------------------------------------------------------------------------------
# The deadline scan

SCAN_AT = datetime(2026, 9, 29, 1, tzinfo=UTC)  # Tuesday 29 September, 9:00 in Beijing


def test_the_deadline_scan_notices_each_clock_once(app, db, make_user, monkeypatch):
    handler = make_user("adjudicator")
    firm = make_user("firm")
    soon = Deadline(subject_type="case", subject_id=1, subject_label="中知裁字〔2026〕1号",
                    kind="decision", title="作出处理决定", starts_on=date(2026, 7, 1),
                    period="3m", due_on=date(2026, 9, 30), created_at=NOW,
                    assignee_user_id=handler.id)
    late = Deadline(subject_type="case", subject_id=2, subject_label="案2", kind="answer",
                    title="提交答辩书", starts_on=date(2026, 9, 1), period="15d",
                    due_on=date(2026, 9, 20), created_at=NOW,
                    assignee_org_id=firm.organisation_id)
    later = Deadline(subject_type="case", subject_id=3, subject_label="案3", kind="answer",
                     title="提交答辩书", starts_on=date(2026, 9, 20), period="15d",
                     due_on=date(2026, 11, 20), created_at=NOW, assignee_user_id=handler.id)
    _db.session.add_all([soon, late, later])
    _db.session.commit()
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", SCAN_AT.isoformat())
    # Two due (one of them overdue already: stamped as due, and as overdue), one not yet.
    assert tasks.scan_deadlines.run() == 3
    assert tasks.scan_deadlines.run() == 0  # the next hour: nothing new
    # And a hook run again on the same clocks (a retried batch) adds nothing either.
    timelimits.due_hooks(SCAN_AT, date(2026, 9, 29))([soon.id, late.id])
    mine, theirs = _notices(handler.id), _notices(firm.id)
    assert [(n.event, n.text) for n in mine] == [
        ("deadline.due", "期限将至：作出处理决定（中知裁字〔2026〕1号），2026年9月30日届满。")]
    assert [(n.event, n.dedupe_key, n.url) for n in theirs] == [
        ("deadline.overdue", f"deadline:{late.id}:overdue", "/cases/2")]
    assert "已于2026年9月20日届满" in theirs[0].text
    # The day after its due day the first clock is overdue: noticed again, once.
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-10-09T01:00:00+00:00")
    assert tasks.scan_deadlines.run() == 1
    assert tasks.scan_deadlines.run() == 0
    assert [n.event for n in _notices(handler.id)] == ["deadline.due", "deadline.overdue"]
    assert len(_notices(firm.id)) == 1


def test_the_scan_command_does_what_the_hourly_task_does(app, db, make_user, runner,
                                                         monkeypatch):
    """``flask calendar scan-deadlines`` runs the task's scan: the same notices, once, and the
    overdue stamp."""
    handler = make_user("adjudicator")
    soon = Deadline(subject_type="case", subject_id=1, subject_label="案1", kind="decision",
                    title="作出处理决定", starts_on=date(2026, 7, 1), period="3m",
                    due_on=date(2026, 9, 30), created_at=NOW, assignee_user_id=handler.id)
    late = Deadline(subject_type="case", subject_id=2, subject_label="案2", kind="answer",
                    title="提交答辩书", starts_on=date(2026, 9, 1), period="15d",
                    due_on=date(2026, 9, 20), created_at=NOW, assignee_user_id=handler.id)
    _db.session.add_all([soon, late])
    _db.session.commit()
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", SCAN_AT.isoformat())
    result = runner.invoke(args=["calendar", "scan-deadlines"])
    assert result.exit_code == 0, result.output
    assert "2 clocks stamped" in result.output and "1 clocks newly overdue" in result.output
    again = runner.invoke(args=["calendar", "scan-deadlines"])
    assert "0 clocks stamped" in again.output and "0 clocks newly overdue" in again.output
    assert sorted((n.event, n.dedupe_key) for n in _notices(handler.id)) == [
        ("deadline.due", f"deadline:{soon.id}:due"),
        ("deadline.overdue", f"deadline:{late.id}:overdue")]
    _db.session.expire_all()
    assert late.overdue_notified_at == SCAN_AT and soon.overdue_notified_at is None



@pytest.mark.parametrize(("subject", "page"), [
    ("case", "/cases/{}"), ("pledge", "/pledge/{}"), ("prexam", "/prexam/{}"),
    ("prexam_filing", "/prexam/filing/{}"), ("unheard_of", "/dashboard")])
def test_a_deadline_notice_links_to_the_matter_of_its_clock(app, db, make_user, monkeypatch,
                                                             subject, page):
    """期限将至 / 期限已届满 open the case, loan, request or registration the clock runs on (a
    clock of a subject without a page: 我的工作)."""
    handler = make_user("adjudicator")
    for due_on in (date(2026, 9, 30), date(2026, 9, 20)):  # due soon, and overdue
        _db.session.add(Deadline(subject_type=subject, subject_id=41, subject_label="事项41",
                                 kind="answer", title="提交答辩书", starts_on=date(2026, 9, 1),
                                 period="15d", due_on=due_on, created_at=NOW,
                                 assignee_user_id=handler.id))
    _db.session.commit()
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", SCAN_AT.isoformat())
    assert tasks.scan_deadlines.run() == 3
    assert sorted((n.event, n.url) for n in _notices(handler.id)) == [
        ("deadline.due", page.format(41)), ("deadline.overdue", page.format(41))]


def test_a_role_clock_notice_links_to_the_work_list(app, db, make_user, monkeypatch):
    """A clock for a role (a queue's work: every enforcement officer is told of a clue to
    verify) links to 我的工作, which lists it, not to a matter the officer may not open; the
    officer's own clock on the same case links to the case."""
    mine, other = make_user("enforcer"), make_user("enforcer")
    _db.session.add_all([
        Deadline(subject_type="case", subject_id=41, subject_label="线索41", kind="verify",
                 title="核查线索", starts_on=date(2026, 9, 1), period="15d",
                 due_on=date(2026, 9, 30), created_at=NOW, assignee_role="enforcer"),
        Deadline(subject_type="case", subject_id=41, subject_label="线索41", kind="decide",
                 title="作出处理决定", starts_on=date(2026, 9, 1), period="15d",
                 due_on=date(2026, 9, 30), created_at=NOW, assignee_user_id=mine.id)])
    _db.session.commit()
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", SCAN_AT.isoformat())
    assert tasks.scan_deadlines.run() == 2
    assert sorted((n.text[5:9], n.url) for n in _notices(mine.id)) == [
        ("作出处理", "/cases/41"), ("核查线索", "/dashboard")]
    assert [n.url for n in _notices(other.id)] == ["/dashboard"]


def test_the_scan_hooks_roll_back_with_their_batch(db, make_user):
    handler = make_user("adjudicator")
    _db.session.add(Deadline(subject_type="case", subject_id=1, subject_label="案1",
                             kind="answer", title="提交答辩书", starts_on=date(2026, 9, 1),
                             period="15d", due_on=date(2026, 9, 30), created_at=NOW,
                             assignee_user_id=handler.id))
    _db.session.commit()
    hooks = timelimits.due_hooks(SCAN_AT, date(2026, 9, 29))

    def failing(ids):
        hooks(ids)
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        timelimits.mark_due(SCAN_AT, date(2026, 9, 29), WorkdayCalendar(), on_batch=failing)
    assert _notices(handler.id) == []
    scan = timelimits.mark_due(SCAN_AT, date(2026, 9, 29), WorkdayCalendar(), on_batch=hooks)
    assert scan.stamped == 1 and len(_notices(handler.id)) == 1


# ---------------------------------------------------------------------------------------------
# The pages


def _notice(user, key="k", text="案件已受理", url="/dashboard"):
    with unit_of_work():
        return services.notify([user], "case.accept", ("case", 1), text, url, key,
                               now=NOW)[0]


def test_the_bell_counts_the_unread_notices_in_one_query(client, make_user):
    firm = make_user("firm")
    for n in range(3):
        _notice(firm, key=f"k{n}")
    login(client, firm.username)
    statements = []

    def count(conn, cursor, statement, *args):
        if "FROM notice" in statement:
            statements.append(statement)

    engine = _db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        page = client.get("/dashboard").get_data(as_text=True)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert 'data-testid="bell-count">3<' in page
    assert len(statements) == 1


def test_the_list_marks_read_one_or_all(client, make_user):
    firm = make_user("firm")
    first, second, _third = (_notice(firm, key=f"k{n}", text=f"通知{n}") for n in range(3))
    login(client, firm.username)
    page = client.get("/notices").get_data(as_text=True)
    assert "通知0" in page and "通知2" in page and page.index("通知2") < page.index("通知0")
    response = post_form(client, f"/notices/{first.id}/read", {}, page="/notices")
    assert response.status_code == 302
    assert services.unread_count(firm) == 2
    # Opening a notice reads it and goes to its page.
    response = client.get(f"/notices/{second.id}")
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    post_form(client, "/notices/read-all", {}, page="/notices")
    _db.session.expire_all()
    assert all(n.read_at is not None for n in _notices(firm.id))
    assert 'data-testid="bell-count"' not in client.get("/notices").get_data(as_text=True)


def test_the_list_is_paginated(client, make_user):
    firm = make_user("firm")
    for n in range(services.PER_PAGE + 3):
        _notice(firm, key=f"k{n}", text=f"通知第{n}条")
    login(client, firm.username)
    first = client.get("/notices").get_data(as_text=True)
    second = client.get("/notices?page=2").get_data(as_text=True)
    assert f"通知第{services.PER_PAGE + 2}条" in first and "通知第0条<" not in first
    assert "通知第0条" in second and "共 23 条" in first


def test_another_user_cannot_read_or_mark_my_notice(client, make_user):
    me, other = make_user("firm"), make_user("firm")
    notice = _notice(me)
    login(client, other.username)
    assert client.get(f"/notices/{notice.id}").status_code == 404
    assert post_form(client, f"/notices/{notice.id}/read", {},
                     page="/notices").status_code == 404
    assert post_form(client, f"/notices/{notice.id}/act", {},
                     page="/notices").status_code == 404
    assert "案件已受理" not in client.get("/notices").get_data(as_text=True)
    post_form(client, "/notices/read-all", {}, page="/notices")
    _db.session.expire_all()
    assert _db.session.get(Notice, notice.id).read_at is None


def test_the_pages_need_a_signed_in_user(client, make_user):
    notice = _notice(make_user("firm"))
    for url in ("/notices", f"/notices/{notice.id}", "/notices/settings"):
        assert client.get(url).status_code == 302


def test_each_user_chooses_their_channels(client, make_user):
    firm = make_user("firm")
    firm.phone = "13800000000"
    login(client, firm.username)
    page = client.get("/notices/settings").get_data(as_text=True)
    assert "短信" in page and "电子邮件" in page and "13800000000" in page
    # E-mail is not offered until the centre configures it: ticking it changes nothing.
    post_form(client, "/notices/settings", {"sms": "1", "email": "1",
                                            "mobile_number": "13800000000"})
    assert services.chosen(firm) == {"sms"}
    post_form(client, "/notices/settings", {"mobile_number": "13800000000"})
    assert services.chosen(firm) == set()
