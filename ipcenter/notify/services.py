"""Notices: written with the change that causes them, read in the application, sent on the
channels each user chose.

``notify(users, event, matter, text, url, dedupe_key, now=…)`` writes, in the caller's
transaction, one ``Notice`` per user and, for each channel the user chose (and the office
turned on), a ``NoticeDelivery`` and its outbox message (``notify.deliver``). A user gets one
notice per ``dedupe_key`` (the insert skips a key the user has, and a unique constraint backs
it), so an event announced twice — a task run again, a scan repeated — notifies once.

``deliver(delivery_id, now)`` sends one delivery: claimed in a short transaction of its own
(two workers never send it both), sent, marked sent. A failure records its error and raises
``ChannelError`` so the task is tried again; after ``MAX_ATTEMPTS`` it is given up. A delivery
sent already is never sent again, whatever redelivers its message.

A notice may carry an action the user takes from it (``action``: ``service.acknowledge``);
the package that raised it registers what the action does (``register_action``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload

from ipcenter.auth.models import User
from ipcenter.core import audit, outbox
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, NotFound
from ipcenter.core.paging import Page
from ipcenter.notify import channels
from ipcenter.notify.models import Notice, NoticeChannel, NoticeDelivery

DELIVER_TASK = "notify.deliver"
MAX_ATTEMPTS = 5
# A claim whose sender died is taken again after this long (a send has a 10 s timeout).
CLAIM_TIMEOUT = timedelta(minutes=2)
PER_PAGE = 20


def _subject(matter) -> tuple[str, int | None]:
    """``matter`` as ``(subject_type, subject_id)``: given so, or a row (its table's name)."""
    if matter is None:
        return "", None
    if isinstance(matter, tuple):
        return matter
    return type(matter).__tablename__, matter.id


def _user_ids(users: Iterable) -> list[int]:
    """The ids of ``users`` (rows or ids), each once, in order."""
    return list(dict.fromkeys(user if isinstance(user, int) else user.id for user in users))


def _insert(table, rows: list[dict], returning, *, conflict: list[str] | None = None) -> list:
    """Insert ``rows`` into ``table`` in one statement per 1,000 rows (SQLAlchemy's
    "insertmanyvalues"), skipping a row that breaks the unique key ``conflict`` — in this
    transaction or a concurrent one — when given. Returns the ``returning`` columns of the rows
    inserted."""
    if not rows:
        return []
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table)
    if conflict:
        statement = statement.on_conflict_do_nothing(index_elements=conflict)
    return list(db.session.execute(statement.returning(*returning), rows))


@dataclass(frozen=True)
class Pending:
    """One notice to write: to ``user_id``, about ``event`` (see ``notify``)."""

    user_id: int
    event: str
    subject_type: str
    subject_id: int | None
    text: str
    url: str
    dedupe_key: str
    action: str = ""
    action_ref: int | None = None


def notify_many(pending: Iterable[Pending], *, now: datetime) -> list[int]:
    """Write the notices ``pending`` and their deliveries in a fixed number of statements,
    however many there are: the recipients' rows and channels (two queries), the notices (one
    ``INSERT … ON CONFLICT DO NOTHING``: a user's key noticed already is skipped), the
    deliveries and their outbox messages (one insert each: ``outbox.enqueue_many``) — each insert one statement per
    1,000 rows. Inactive users are skipped. Returns the ids of the notices written."""
    pending = list({(p.user_id, p.dedupe_key[:200]): p for p in pending}.values())
    if not pending:
        return []
    db.session.flush()
    users = {u.id: u for u in db.session.execute(
        sa.select(User).options(lazyload(User.role_rows))
        .where(User.id.in_({p.user_id for p in pending}), User.active.is_(True))).scalars()}
    rows = [{"user_id": p.user_id, "event": p.event[:60], "subject_type": p.subject_type,
             "subject_id": p.subject_id, "text": p.text[:500], "url": p.url[:300],
             "dedupe_key": p.dedupe_key[:200], "action": p.action, "action_ref": p.action_ref,
             "created_at": now, "read_at": None, "acted_at": None}
            for p in pending if p.user_id in users]
    table = Notice.__table__
    written = _insert(table, rows, (table.c.id, table.c.user_id),
                      conflict=["user_id", "dedupe_key"])
    chosen = _chosen_channels(list({user_id for _, user_id in written}))
    offered = [c for c in channels.all_channels() if c.enabled()]
    deliveries = []
    for notice_id, user_id in written:
        for channel in offered:
            if channel.name in chosen.get(user_id, ()):
                address = channel.address(users[user_id])
                if address:
                    deliveries.append({"notice_id": notice_id, "channel": channel.name,
                                       "address": address[:200], "created_at": now,
                                       "attempts": 0, "last_error": ""})
    delivery_table = NoticeDelivery.__table__
    outbox.enqueue_many(DELIVER_TASK, [[delivery_id] for (delivery_id,) in _insert(
        delivery_table, deliveries, (delivery_table.c.id,))])
    return sorted(notice_id for notice_id, _ in written)


def notify(users: Iterable, event: str, matter, text: str, url: str, dedupe_key: str, *,
           now: datetime, action: str = "", action_ref: int | None = None) -> list[Notice]:
    """Notify ``users`` (rows or ids; inactive ones skipped) of ``event`` about ``matter``
    (a row, or ``(subject_type, subject_id)``, or None): the notice in the bell and the
    deliveries on their channels, in the caller's transaction (``notify_many``). Returns the
    notices written: none for a user who has one with ``dedupe_key`` already."""
    subject_type, subject_id = _subject(matter)
    ids = notify_many([Pending(user_id, event, subject_type, subject_id, text, url, dedupe_key,
                               action, action_ref) for user_id in _user_ids(users)], now=now)
    if not ids:
        return []
    return list(db.session.execute(sa.select(Notice).where(Notice.id.in_(ids))
                                   .order_by(Notice.id)).scalars())


def _chosen_channels(user_ids: list[int]) -> dict[int, set[str]]:
    chosen: dict[int, set[str]] = {}
    if user_ids:
        for user_id, channel in db.session.execute(
                sa.select(NoticeChannel.user_id, NoticeChannel.channel)
                .where(NoticeChannel.user_id.in_(user_ids))):
            chosen.setdefault(user_id, set()).add(channel)
    return chosen


# ---------------------------------------------------------------------------------------------
# Sending


def _message(notice: Notice, channel: str) -> channels.Message:
    config = current_app.config
    office = config.get("IPCENTER_OFFICE_NAME", "")
    link = f"{config.get('IPCENTER_SITE_URL', '').rstrip('/')}{notice.url}" if notice.url else ""
    body = notice.text if not link else f"{notice.text}\n{link}"
    return channels.Message(subject=f"【{office}】{notice.text[:60]}", body=body,
                            key=f"notice-{notice.id}-{channel}")


def _claim(delivery_id: int, now: datetime) -> bool:
    table = NoticeDelivery.__table__
    row = db.session.execute(
        sa.update(table)
        .where(table.c.id == delivery_id, table.c.sent_at.is_(None),
               table.c.failed_at.is_(None),
               sa.or_(table.c.claimed_at.is_(None), table.c.claimed_at < now - CLAIM_TIMEOUT))
        .values(claimed_at=now, attempts=table.c.attempts + 1)
        .returning(table.c.id)).first()
    db.session.commit()
    return row is not None


def attempt_limit(delivery: NoticeDelivery) -> int:
    """The tries after which a delivery is given up: ``MAX_ATTEMPTS``, and as many again once
    an administrator sent it again (``requeue``)."""
    return MAX_ATTEMPTS * (2 if delivery.requeued_at is not None else 1)


def deliver(delivery_id: int, now: datetime) -> bool:
    """Send one delivery; True if it went now. Sent already, given up, being sent by another
    worker or gone: nothing happens (False). Raises ``ChannelError`` when the send failed and
    will be tried again. Commits (its claim, then its outcome)."""
    if not _claim(delivery_id, now):
        return False
    delivery = db.session.get(NoticeDelivery, delivery_id)
    channel = channels.get(delivery.channel)
    try:
        if channel is None or not channel.enabled():
            raise channels.ChannelError(f"channel {delivery.channel} is not configured")
        channel.send(delivery.address, _message(delivery.notice, delivery.channel))
    except channels.ChannelError as exc:
        delivery.claimed_at = None
        delivery.last_error = str(exc)[:2000]
        if delivery.attempts >= attempt_limit(delivery):
            delivery.failed_at = now
        db.session.commit()
        if delivery.failed_at is None:
            raise
        return False
    delivery.sent_at, delivery.last_error = now, ""
    db.session.commit()
    return True


# ---------------------------------------------------------------------------------------------
# Reading


def unread_count(user) -> int:
    """How many notices ``user`` has not read (the bell): one query, kept for the request."""
    cache = g.setdefault("notice_unread", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = db.session.execute(
            sa.select(sa.func.count()).select_from(Notice)
            .where(Notice.user_id == user.id, Notice.read_at.is_(None))).scalar_one()
    return cache[user.id]


def page_of(user, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of ``user``'s notices, newest first."""
    total = db.session.execute(sa.select(sa.func.count()).select_from(Notice)
                               .where(Notice.user_id == user.id)).scalar_one()
    page = max(1, min(page, max(1, -(-total // per_page))))
    items = list(db.session.execute(
        sa.select(Notice).where(Notice.user_id == user.id).order_by(Notice.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).scalars())
    return Page(items, total, page, per_page)


def own_notice(user, notice_id: int) -> Notice:
    """``user``'s notice ``notice_id``; ``NotFound`` for another's (whose existence is not
    told)."""
    notice = db.session.get(Notice, notice_id)
    if notice is None or notice.user_id != user.id:
        raise NotFound(_l("No such notice."))
    return notice


def mark_read(user, notice_id: int, now: datetime) -> Notice:
    """Mark one of ``user``'s notices read (again: no change). Raises ``NotFound``."""
    notice = own_notice(user, notice_id)
    if notice.read_at is None:
        notice.read_at = now
    db.session.flush()
    return notice


def mark_all_read(user, now: datetime) -> int:
    """Mark every unread notice of ``user`` read; returns how many."""
    result = db.session.execute(sa.update(Notice).where(
        Notice.user_id == user.id, Notice.read_at.is_(None)).values(read_at=now))
    return result.rowcount


def chosen(user) -> set[str]:
    return _chosen_channels([user.id]).get(user.id, set())


def set_channels(user, names: Iterable[str], now: datetime) -> set[str]:
    """Make ``names`` (known channels) the channels ``user`` receives notices on besides the
    bell; returns them."""
    wanted = {name for name in names if channels.get(name) is not None}
    have = chosen(user)
    if wanted == have:
        return wanted
    db.session.execute(sa.delete(NoticeChannel).where(NoticeChannel.user_id == user.id,
                                                      NoticeChannel.channel.not_in(wanted)))
    for name in sorted(wanted - have):
        db.session.add(NoticeChannel(user_id=user.id, channel=name))
    audit.record("notice.channels", actor=user, obj_type="user", obj_id=user.id, now=now,
                 detail={"channels": sorted(wanted)})
    db.session.flush()
    return wanted


# ---------------------------------------------------------------------------------------------
# Actions taken from a notice


@dataclass(frozen=True)
class NoticeAction:
    label: object         # the button
    done: object          # the flash once it is done
    run: Callable         # (notice, user, now) → None; raises a DomainError to refuse


_ACTIONS: dict[str, NoticeAction] = {}


def register_action(name: str, action: NoticeAction) -> None:
    """What a notice with ``action == name`` lets its user do (its package registers it)."""
    _ACTIONS[name] = action


def action_of(notice: Notice) -> NoticeAction | None:
    return _ACTIONS.get(notice.action) if notice.action else None


def act(user, notice_id: int, now: datetime) -> NoticeAction:
    """Take the action ``user``'s notice offers; the notice is read and marked done. Raises
    ``NotFound`` (not the user's, or no action) or ``Conflict`` (done already) or whatever the
    action refuses with."""
    notice = own_notice(user, notice_id)
    action = action_of(notice)
    if action is None:
        raise NotFound(_l("This notice asks nothing of you."))
    if notice.acted_at is not None:
        raise Conflict(_l("This has already been done."))
    action.run(notice, user, now)
    notice.read_at = notice.read_at or now
    # Done for everyone it was asked of (the other users of a party served, say).
    db.session.execute(sa.update(Notice).where(
        Notice.action == notice.action, Notice.action_ref == notice.action_ref,
        Notice.acted_at.is_(None)).values(acted_at=now))
    db.session.flush()
    db.session.refresh(notice)
    return action


# ---------------------------------------------------------------------------------------------
# Given-up deliveries (the administrator's list)


@dataclass(frozen=True)
class GivenUp:
    """A given-up delivery as the administrator's list shows it: who, where (masked), which
    kind of event — never the notice's text."""

    id: int
    channel: object
    user: str
    address: str
    event: object
    attempts: int
    error: object
    created_at: datetime
    failed_at: datetime
    requeued_at: datetime | None

    @property
    def can_requeue(self) -> bool:
        return self.requeued_at is None


def given_up_page(page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of the deliveries given up, newest first (by when they were given up). Reads
    the notice's event, not its text."""
    from ipcenter.notify import presenters

    d = NoticeDelivery.__table__
    total = db.session.execute(sa.select(sa.func.count()).select_from(d)
                               .where(d.c.failed_at.is_not(None))).scalar_one()
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows = db.session.execute(
        sa.select(d.c.id, d.c.channel, d.c.address, d.c.attempts, d.c.last_error,
                  d.c.created_at, d.c.failed_at, d.c.requeued_at, Notice.event,
                  User.display_name)
        .join(Notice, Notice.id == d.c.notice_id).join(User, User.id == Notice.user_id)
        .where(d.c.failed_at.is_not(None))
        .order_by(d.c.failed_at.desc(), d.c.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).all()
    items = []
    for row in rows:
        channel = channels.get(row.channel)
        items.append(GivenUp(
            row.id, channel.label if channel else _l("Another channel"), row.display_name,
            presenters.mask(row.channel, row.address), presenters.event_label(row.event),
            row.attempts, presenters.error_label(row.last_error), row.created_at,
            row.failed_at, row.requeued_at))
    return Page(items, total, page, per_page)


def requeue(delivery_id: int, actor, now: datetime) -> NoticeDelivery:
    """Send a given-up delivery again, once: it is queued with ``MAX_ATTEMPTS`` more tries and
    the administrator's act recorded. Raises ``NotFound`` (no such delivery) or ``Conflict``
    (sent again already, or not given up). One conditional ``UPDATE`` decides, so two clicks
    at once queue it once."""
    d = NoticeDelivery.__table__
    done = db.session.execute(
        sa.update(d).where(d.c.id == delivery_id, d.c.failed_at.is_not(None),
                           d.c.requeued_at.is_(None))
        .values(failed_at=None, claimed_at=None, requeued_at=now, requeued_by_id=actor.id)
        .returning(d.c.id)).first()
    delivery = db.session.get(NoticeDelivery, delivery_id)
    if delivery is None:
        raise NotFound(_l("No such delivery."))
    if done is None:
        db.session.refresh(delivery)
        if delivery.requeued_at is not None:
            raise Conflict(_l("This delivery has already been sent again once; it is not "
                              "sent a second time."))
        raise Conflict(_l("This delivery was not given up; there is nothing to send again."))
    db.session.refresh(delivery)
    outbox.enqueue(DELIVER_TASK, delivery.id)
    audit.record("notice.requeue", actor=actor, obj_type="notice_delivery", obj_id=delivery.id,
                 now=now, detail={"channel": delivery.channel})
    return delivery


# ---------------------------------------------------------------------------------------------
# A user's own addresses and channels (the settings page)


class _WithContacts:
    """``user`` as it would be with ``email`` and ``phone``: what a channel's address would be
    before anything is written."""

    def __init__(self, user, email: str, phone: str):
        self._user, self.email, self.phone = user, email, phone

    def __getattr__(self, name):
        return getattr(self._user, name)


def save_settings(user, email: str, phone: str, names: Iterable[str], now: datetime) -> set[str]:
    """Set ``user``'s own e-mail address and mobile number and the channels they receive
    notices on besides the bell, or nothing: a malformed address (``contacts.check``) or a
    channel chosen without its address raises ``contacts.Invalid`` with each field's error.
    The change of address is audited (which fields, not the values). Returns the channels."""
    from ipcenter.notify import contacts

    email, phone = contacts.check(email, phone)
    wanted = {name for name in names if channels.get(name) is not None}
    future = _WithContacts(user, email, phone)
    missing = [channels.get(name) for name in sorted(wanted)
               if not channels.get(name).address(future)]
    if missing:
        raise contacts.Invalid({"channels": [
            _l("%(channel)s is chosen but there is no address for it: add it above, or "
               "untick the channel.", channel=channel.label) for channel in missing]})
    changed = [field for field, old, new in (("email", user.email or "", email),
                                             ("phone", user.phone or "", phone)) if old != new]
    if changed:
        user.email, user.phone = email, phone
        audit.record("notice.contacts", actor=user, obj_type="user", obj_id=user.id, now=now,
                     detail={"changed": changed})
    return set_channels(user, wanted, now)
