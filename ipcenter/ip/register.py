"""The rights register's use cases: find or register a right, record its dated events, and say
what its status was on a day.

Every event is audited and then announced on the ``right_event`` signal, sent with the event's
kind as sender, inside the caller's transaction::

    from ipcenter.ip.register import right_event

    @right_event.connect_via("invalidation_requested")
    def alert_banks(kind, *, right, event): ...

so that a domain hears of another's news (a pledged patent asserted in a case, invalidated,
lapsed) without importing it. Services flush; the caller's unit of work commits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from blinker import Namespace
from flask_babel import lazy_gettext as _l

from ipcenter.core import audit
from ipcenter.core.db import db
from ipcenter.core.errors import InvalidInput
from ipcenter.ip import classes as class_tables
from ipcenter.ip import numbers, terms
from ipcenter.ip.models import PATENT_KINDS, EventKind, Right, RightEvent, RightStatus

signals = Namespace()
right_event = signals.signal("right-event")

# Events recorded once per (right, matter): asserting the same right again in the same case
# (a double submit, a filing and its acceptance) changes nothing.
ONCE_PER_MATTER = frozenset({EventKind.ASSERTED_IN_CASE})
# How an invalidation decision ends (无效宣告请求审查决定).
OUTCOMES = ("invalidated", "partly_invalidated", "upheld")


def _trademark_number(kind: str, number: str) -> tuple[str, str]:
    try:
        return kind, numbers.parse_trademark(number)
    except ValueError:
        raise InvalidInput(_l("A trademark registration number is up to 10 digits.")) from None


def _parse_patent(number: str) -> numbers.PatentNumber:
    try:
        return numbers.parse_patent(number)
    except ValueError as exc:
        raise InvalidInput(_l("The check character of this patent number is wrong.")
                           if str(exc) == "check" else
                           _l("Write the patent number like ZL202020123456.8.")) from None


def _patent_number(kind: str, number: str) -> tuple[str, str]:
    """A patent of a named kind: the number's kind digit, if it has one, names the same kind."""
    parsed = _parse_patent(number)
    possible = {parsed.kind} if parsed.kind else PATENT_KINDS
    if kind not in possible:
        raise InvalidInput(_l("The kind digit of this patent number names another kind of patent."))
    return kind, str(parsed)


def _patent_number_of_any_kind(kind: str, number: str) -> tuple[str, str]:
    """A patent of the kind its number's kind digit names."""
    parsed = _parse_patent(number)
    if not parsed.kind:
        raise InvalidInput(_l("Write the patent number like ZL202020123456.8."))
    return parsed.kind, str(parsed)


# Kind of right as a caller writes it → how its number is read: (the kind, the number as stored).
# ``patent`` is a patent whose kind is read from its number.
NUMBER_READERS = {
    "trademark": _trademark_number,
    **dict.fromkeys(PATENT_KINDS, _patent_number),
    "patent": _patent_number_of_any_kind,
}


def _kind_and_number(kind: str, number: str) -> tuple[str, str]:
    if kind not in NUMBER_READERS:
        raise ValueError(f"not a kind of right: {kind!r}")
    return NUMBER_READERS[kind](kind, number)


def _classes(kind: str, values) -> list[str]:
    result = []
    for value in values or ():
        try:
            code = class_tables.for_kind(kind, value)
        except ValueError:
            raise InvalidInput(_l("%(value)s is not a class of the classification this right "
                                  "is filed under.", value=value)) from None
        if code not in result:
            result.append(code)
    return result


def find(kind: str, number: str) -> Right | None:
    kind, number = _kind_and_number(kind, number)
    return db.session.execute(sa.select(Right).filter_by(
        kind=kind, number=number)).scalar_one_or_none()


def find_or_register(kind: str, number: str, *, title: str = "", holder: str = "",
                     holder_org=None, filed_on: date | None = None,
                     granted_on: date | None = None, classes=(), status: str | None = None,
                     actor=None, now: datetime) -> Right:
    """The right of this kind and number, registered if the register does not know it yet.

    ``kind`` is ``invention``, ``utility_model``, ``design``, ``trademark``, or ``patent`` (the
    kind read from the number's kind digit). What the register does not know yet (title, holder,
    dates, classes) is filled in from the arguments; what it knows is never overwritten here —
    changes come as events. ``status`` defaults to valid when granted, else pending."""
    kind, number = _kind_and_number(kind, number)
    codes = _classes(kind, classes)
    if status is not None and status not in (RightStatus.PENDING, RightStatus.VALID):
        raise ValueError(f"a right is registered pending or valid, not {status!r}")
    right = db.session.execute(sa.select(Right).filter_by(
        kind=kind, number=number)).scalar_one_or_none()
    if right is None:
        right = Right(kind=kind, number=number, title="", holder_name="", classes=[],
                      status=status or (RightStatus.VALID if granted_on else RightStatus.PENDING),
                      created_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(right)
                db.session.flush()
        except sa.exc.IntegrityError:  # registered meanwhile by another transaction
            right = db.session.execute(sa.select(Right).filter_by(
                kind=kind, number=number)).scalar_one()
        else:
            audit.record("right.register", actor=actor, obj_type="right", obj_id=right.id,
                         now=now, detail={"kind": kind, "number": number})
    right.title = right.title or (title or "").strip()[:300]
    right.holder_name = right.holder_name or (holder or "").strip()[:300]
    if right.holder_org_id is None and holder_org is not None:
        right.holder_org_id = getattr(holder_org, "id", holder_org)
    right.filed_on = right.filed_on or filed_on
    right.granted_on = right.granted_on or granted_on
    if codes:
        right.classes = list(right.classes or []) + [c for c in codes
                                                     if c not in (right.classes or [])]
    if right.status == RightStatus.PENDING and right.granted_on:
        right.status = RightStatus.VALID
    _refresh(right)
    db.session.flush()
    return right


def _check_outcome(detail: dict) -> None:
    if detail.get("outcome") not in OUTCOMES:
        raise ValueError(f"an invalidation decision's outcome is one of {OUTCOMES}")


def _check_new_holder(detail: dict) -> None:
    if not str(detail.get("to") or "").strip():
        raise ValueError("a transfer names the new holder (detail['to'])")


# Event kind → the check of the detail an event of that kind must carry (others need none).
DETAIL_CHECKS = {
    EventKind.INVALIDATION_DECIDED: _check_outcome,
    EventKind.TRANSFERRED: _check_new_holder,
}


def _granted(right: Right, on: date, detail: dict) -> None:
    if right.granted_on is None:
        right.granted_on = on


def _transferred(right: Right, on: date, detail: dict) -> None:
    right.holder_name = str(detail["to"]).strip()[:300]
    right.holder_org_id = detail.get("to_org_id")


# Event kind → what an event of that kind changes on the right itself (besides its status and
# expiry, replayed from the events).
RIGHT_CHANGES = {EventKind.GRANTED: _granted, EventKind.TRANSFERRED: _transferred}


def record_event(right: Right, kind: str, on: date, matter: tuple[str, int] | None = None,
                 detail: dict | None = None, *, actor=None, now: datetime) -> RightEvent:
    """Record that ``kind`` happened to ``right`` on ``on``, in ``matter`` (``("case", 12)``) if
    any; audit it and send ``right_event``. An event of ``ONCE_PER_MATTER`` already recorded for
    the same matter is returned as it is (no second row, audit or signal)."""
    kind = EventKind(kind)
    if not isinstance(on, date) or isinstance(on, datetime):
        raise TypeError("an event is dated by a date")
    matter_type, matter_id = matter if matter is not None else (None, None)
    detail = dict(detail or {})
    if kind in DETAIL_CHECKS:
        DETAIL_CHECKS[kind](detail)
    if kind in ONCE_PER_MATTER and matter is not None:
        existing = db.session.execute(sa.select(RightEvent).filter_by(
            right_id=right.id, kind=kind, matter_type=matter_type,
            matter_id=matter_id)).scalar_one_or_none()
        if existing is not None:
            return existing
    event = RightEvent(right=right, kind=kind, occurred_on=on, matter_type=matter_type,
                       matter_id=matter_id, detail=detail, recorded_at=now,
                       recorded_by_id=getattr(actor, "id", None))
    db.session.add(event)
    if kind in RIGHT_CHANGES:
        RIGHT_CHANGES[kind](right, on, detail)
    db.session.flush()
    db.session.refresh(right, ["events"])
    _refresh(right)
    db.session.flush()
    audit.record("right.event", actor=actor, obj_type="right", obj_id=right.id, now=now,
                 detail={"event": event.id, "kind": str(kind), "on": on.isoformat(),
                         "number": right.number,
                         "matter": f"{matter_type}:{matter_id}" if matter else None})
    right_event.send(str(kind), right=right, event=event)
    return event


def events_of(right: Right, kind: str | None = None) -> list[RightEvent]:
    """The right's events in date order (then as recorded), of one kind if given."""
    query = sa.select(RightEvent).where(RightEvent.right_id == right.id)
    if kind is not None:
        query = query.filter_by(kind=EventKind(kind))
    return list(db.session.execute(
        query.order_by(RightEvent.occurred_on, RightEvent.id)).scalars())


def rights_of_matter(matter_type: str, matter_id: int) -> list[Right]:
    """The rights asserted (or otherwise concerned) in a matter, in the order first named."""
    first = (sa.select(RightEvent.right_id, sa.func.min(RightEvent.id).label("first"))
             .where(RightEvent.matter_type == matter_type, RightEvent.matter_id == matter_id)
             .group_by(RightEvent.right_id).subquery())
    return list(db.session.execute(sa.select(Right).join(first, first.c.right_id == Right.id)
                                   .order_by(first.c.first)).scalars())


def _granted_status(status: str, event: RightEvent) -> str:
    return RightStatus.VALID if status == RightStatus.PENDING else status


def _lapsed_status(status: str, event: RightEvent) -> str:
    return RightStatus.LAPSED if status == RightStatus.VALID else status


def _decided_status(status: str, event: RightEvent) -> str:
    return RightStatus.INVALIDATED if event.detail.get("outcome") == "invalidated" else status


def _status_unchanged(status: str, event: RightEvent) -> str:
    return status


# Event kind → the right's status after an event of that kind, from its status before (and the
# event's detail); the other kinds leave the status as it was.
STATUS_AFTER = {
    EventKind.GRANTED: _granted_status,
    EventKind.LAPSED: _lapsed_status,
    EventKind.INVALIDATION_DECIDED: _decided_status,
}
# Event kind → whether an invalidation is pending after it; the others leave that as it was.
INVALIDATION_PENDING_AFTER = {EventKind.INVALIDATION_REQUESTED: True,
                              EventKind.INVALIDATION_DECIDED: False}
# Event kind → what it adds to the pledges in force (never fewer than none).
PLEDGES_ADDED = {EventKind.PLEDGED: 1, EventKind.RELEASED: -1}


@dataclass(frozen=True)
class Standing:
    """What the register says of a right on a day (a bank reviewer's first questions)."""

    status: str
    expires_on: date | None
    pledged: bool
    invalidation_pending: bool


def standing_on(right: Right, day: date) -> Standing:
    """Replay the right's events up to ``day`` (inclusive).

    Before its grant date a right is pending; a right registered as granted without a known
    date is valid from the start. Lapse and invalidation end it; a decision that upholds the
    right (wholly or in part) leaves it valid; past its last day it has expired."""
    if right.granted_on is not None:
        status = RightStatus.VALID if day >= right.granted_on else RightStatus.PENDING
    else:
        status = RightStatus.PENDING if right.status == RightStatus.PENDING else RightStatus.VALID
    pledges = 0
    pending = False
    counts = Counter()
    for event in sorted(right.events, key=lambda e: (e.occurred_on, e.id or 0)):
        if event.occurred_on > day:
            break
        status = STATUS_AFTER.get(event.kind, _status_unchanged)(status, event)
        pending = INVALIDATION_PENDING_AFTER.get(event.kind, pending)
        pledges = max(0, pledges + PLEDGES_ADDED.get(event.kind, 0))
        counts[event.kind] += 1
    expires = _expiry(right, counts[EventKind.RENEWED])
    if status == RightStatus.VALID and expires is not None and day > expires:
        status = RightStatus.EXPIRED
    return Standing(str(status), expires, pledges > 0, pending)


def status_on(right: Right, day: date) -> str:
    """The right's legal status on ``day``: pending, valid, lapsed, invalidated or expired."""
    return standing_on(right, day).status


def _expiry(right: Right, renewals: int) -> date | None:
    return terms.expiry(right.kind, filed_on=right.filed_on, registered_on=right.granted_on,
                        renewals=renewals)


def _refresh(right: Right) -> None:
    """The stored expiry and status from the events (status as of the latest event)."""
    events = list(right.events)
    right.expires_on = _expiry(right, Counter(e.kind for e in events)[EventKind.RENEWED])
    if events:
        status = standing_on(right, date.max).status
        right.status = RightStatus.VALID if status == RightStatus.EXPIRED else status



@dataclass(frozen=True)
class Asserted:
    """A right a party asserts in a matter, as the filing names it."""

    kind: str                # a kind of right, or "patent" (read from the number)
    number: str
    title: str = ""
    holder: str = ""
    classes: tuple = ()


def assert_in_matter(matter: tuple[str, int], rights, *, on: date, actor=None, now: datetime,
                     detail: dict | None = None) -> list[Right]:
    """Find or register each asserted right and record it ``asserted_in_case`` in ``matter``,
    once per right and matter however often this is called. A right first known this way is
    registered as valid: the party asserts it is in force (its proof of right is checked in the
    matter, not here)."""
    found = []
    for claim in rights:
        right = find_or_register(claim.kind, claim.number, title=claim.title,
                                 holder=claim.holder, classes=claim.classes,
                                 status=RightStatus.VALID, actor=actor, now=now)
        record_event(right, EventKind.ASSERTED_IN_CASE, on, matter, detail, actor=actor,
                     now=now)
        if right not in found:
            found.append(right)
    return found
