"""The rights register's use cases: find or register a right, record its dated events, and say
what its status was on a day.

Every event is audited and then announced on the ``right_event`` signal, sent with the event's
kind as sender, inside the caller's transaction::

    from ipcenter.ip.register import right_event

    @right_event.connect_via("invalidation_requested")
    def alert_banks(kind, *, right, event): ...

so that a domain hears of another's news (a pledged patent asserted in a case, invalidated,
lapsed, frozen) without importing it. Services flush; the caller's unit of work commits.

Besides the legal status, the register holds what a lender asks of a right: the annuities paid
(``record_annuity``: a patent year's annuity, or the day paid up to; the grant year's is paid
with the grant, 专利法实施细则第九十八条), the freezes on it (``record_freeze``: a court's
preservation or enforcement order, or CNIPA's suspension in an ownership dispute, with its
authority and document number, and ``lift_freeze``), and the pledges registered on it (the
``pledged`` and ``pledge_released`` events a pledge matter writes). ``standing_on`` replays
them for a day; the staff's page records them (``ipcenter.admin.register``).
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
from ipcenter.core.formatting import zh_date
from ipcenter.ip import classes as class_tables
from ipcenter.ip import numbers, terms
from ipcenter.ip.models import PATENT_KINDS, EventKind, Right, RightEvent, RightStatus

signals = Namespace()
right_event = signals.signal("right-event")
# Sent (the right as ``right``) when ``find_or_register`` registers a right or fills in its grant
# day: a right registered already granted has no event, and search must still hear of it.
right_recorded = signals.signal("right-recorded")

# Events recorded once per (right, matter): asserting the same right again in the same case
# (a double submit, a filing and its acceptance) changes nothing.
ONCE_PER_MATTER = frozenset({EventKind.ASSERTED_IN_CASE, EventKind.PLEDGED,
                             EventKind.PLEDGE_RELEASED})
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
    new, was_granted = right is None, right is not None and right.granted_on is not None
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
    if new or (granted_on and not was_granted):
        right_recorded.send(kind, right=right)
    return right


def _check_outcome(right: Right, on: date, detail: dict) -> None:
    if detail.get("outcome") not in OUTCOMES:
        raise ValueError(f"an invalidation decision's outcome is one of {OUTCOMES}")


def _check_new_holder(right: Right, on: date, detail: dict) -> None:
    if not str(detail.get("to") or "").strip():
        raise ValueError("a transfer names the new holder (detail['to'])")


def _iso_day(value, message) -> date | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(message) from None


def _check_annuity(right: Right, on: date, detail: dict) -> None:
    """A patent's annuity: of patent year ``year`` (1 = the year from the filing day), or
    ``paid_until`` (the last day covered); either, or neither (a payment the register notes
    without knowing its year)."""
    if not right.is_patent:
        raise InvalidInput(_l("A trademark pays no annuity: record its renewal instead."))
    year = detail.get("year")
    if year is not None:
        longest = terms.TERMS[right.kind][0].years
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= longest:
            raise InvalidInput(_l("The annuity's year is a patent year from 1 to %(n)s.",
                                  n=longest))
    until = _iso_day(detail.get("paid_until"), _l("Give the day the annuity is paid up to as "
                                                  "a date."))
    if until is not None:
        detail["paid_until"] = until.isoformat()


# The kinds of freeze the register knows (``detail["kind"]`` of a ``frozen`` event).
FREEZE_KINDS = {
    "preservation": _l("Court preservation order"),        # 财产保全
    "enforcement": _l("Court enforcement freeze"),          # 执行冻结
    "ownership_dispute": _l("Suspended for an ownership dispute"),  # 权属纠纷中止
}


def _check_authority(detail: dict) -> None:
    for key in ("authority", "document_no"):
        detail[key] = str(detail.get(key) or "").strip()
    if not detail["authority"] or len(detail["authority"]) > 200:
        raise InvalidInput(_l("Name the court or office that ordered it (up to 200 "
                              "characters)."))
    if not detail["document_no"] or len(detail["document_no"]) > 100:
        raise InvalidInput(_l("Give the number of its ruling or notice (up to 100 "
                              "characters)."))


def _check_freeze(right: Right, on: date, detail: dict) -> None:
    """A freeze: its kind, the authority and the number of its ruling or notice, and, if the
    order has a term, its last day (``until``, not before the freeze)."""
    if detail.get("kind") not in FREEZE_KINDS:
        raise InvalidInput(_l("Choose the kind of freeze."))
    _check_authority(detail)
    until = _iso_day(detail.get("until"), _l("Give the freeze's last day as a date."))
    if until is not None and until < on:
        raise InvalidInput(_l("A freeze cannot end before it starts."))
    detail["until"] = until.isoformat() if until else None


def _check_unfreeze(right: Right, on: date, detail: dict) -> None:
    """The lifting of one freeze in force on ``on`` (``detail["freeze"]``: its event's id),
    by the authority and ruling that lift it."""
    active = {f.event_id: f for f in standing_on(right, on).freezes}
    freeze = detail.get("freeze")
    if isinstance(freeze, bool) or not isinstance(freeze, int) or freeze not in active:
        raise InvalidInput(_l("Choose a freeze in force on that day to lift."))
    _check_authority(detail)


# Event kind → the check of the detail an event of that kind must carry (others need none):
# ``(right, day, detail)``; it may normalise ``detail`` (a copy of the caller's).
DETAIL_CHECKS = {
    EventKind.INVALIDATION_DECIDED: _check_outcome,
    EventKind.TRANSFERRED: _check_new_holder,
    EventKind.ANNUITY_PAID: _check_annuity,
    EventKind.FROZEN: _check_freeze,
    EventKind.UNFROZEN: _check_unfreeze,
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
        DETAIL_CHECKS[kind](right, on, detail)
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
# Event kind → what it adds to the pledges in force under its matter (never fewer than none).
PLEDGES_ADDED = {EventKind.PLEDGED: 1, EventKind.PLEDGE_RELEASED: -1}


@dataclass(frozen=True)
class Freeze:
    """A freeze in force: the ``frozen`` event's id and day, the order's kind, authority and
    document number, and its last day if it has a term."""

    event_id: int | None
    since: date
    kind: str
    authority: str
    document_no: str
    until: date | None = None

    def in_force(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Standing:
    """What the register says of a right on a day (a bank reviewer's first questions)."""

    status: str
    expires_on: date | None
    pledged: bool
    invalidation_pending: bool
    # The last day the annuities recorded cover (patents; None: not known).
    annuity_paid_until: date | None = None
    freezes: tuple[Freeze, ...] = ()
    # The matters (``("pledge", 7)``; ``(None, None)`` for one recorded without) under which a
    # pledge is registered and not released.
    pledged_in: tuple[tuple[str | None, int | None], ...] = ()

    @property
    def frozen(self) -> bool:
        return bool(self.freezes)

    def annuity_paid_on(self, day: date) -> bool | None:
        """Whether the annuities cover ``day`` (None: the register does not know)."""
        return None if self.annuity_paid_until is None else self.annuity_paid_until >= day

    def pledged_elsewhere(self, matter: tuple[str, int] | None) -> bool:
        """Whether a pledge is in force under another matter than ``matter``."""
        return any(m != tuple(matter or ()) for m in self.pledged_in)


def patent_year_end(filed_on: date, year: int) -> date:
    """The last day of patent year ``year`` (year 1 starts on the filing day)."""
    return terms.last_day(filed_on, year)


def _year_containing(filed_on: date, day: date) -> int:
    year = 1
    while patent_year_end(filed_on, year) < day:
        year += 1
    return year


def _paid_until(right: Right, event: RightEvent) -> date | None:
    """The last day an ``annuity_paid`` event covers, if the register can say."""
    detail = event.detail or {}
    if detail.get("paid_until"):
        return date.fromisoformat(detail["paid_until"])
    if detail.get("year") and right.filed_on is not None:
        return patent_year_end(right.filed_on, int(detail["year"]))
    return None


def _freeze_of(event: RightEvent) -> Freeze:
    detail = event.detail or {}
    until = detail.get("until")
    return Freeze(event.id, event.occurred_on, str(detail.get("kind") or ""),
                  str(detail.get("authority") or ""), str(detail.get("document_no") or ""),
                  date.fromisoformat(until) if until else None)


class _Replay:
    """What ``standing_on`` gathers besides the status: the pledges in force by matter, the
    day the annuities are paid up to, the freezes not lifted."""

    def __init__(self, right: Right):
        self.right = right
        self.pledges: Counter = Counter()
        self.paid_until: date | None = None
        self.freezes: dict[int | None, Freeze] = {}

    def nothing(self, event: RightEvent) -> None:
        return None

    def pledge(self, event: RightEvent) -> None:
        matter = (event.matter_type, event.matter_id)
        self.pledges[matter] = max(0, self.pledges[matter] + PLEDGES_ADDED[event.kind])

    def annuity(self, event: RightEvent) -> None:
        until = _paid_until(self.right, event)
        if until is not None:
            self.paid_until = max(self.paid_until or until, until)

    def freeze(self, event: RightEvent) -> None:
        self.freezes[event.id] = _freeze_of(event)

    def unfreeze(self, event: RightEvent) -> None:
        self.freezes.pop((event.detail or {}).get("freeze"), None)


# Event kind → what it changes of the pledges, annuities and freezes replayed.
REPLAYED = {EventKind.PLEDGED: _Replay.pledge, EventKind.PLEDGE_RELEASED: _Replay.pledge,
            EventKind.ANNUITY_PAID: _Replay.annuity, EventKind.FROZEN: _Replay.freeze,
            EventKind.UNFROZEN: _Replay.unfreeze}


def standing_on(right: Right, day: date) -> Standing:
    """Replay the right's events up to ``day`` (inclusive).

    Before its grant date a right is pending; a right registered as granted without a known
    date is valid from the start. Lapse and invalidation end it; a decision that upholds the
    right (wholly or in part) leaves it valid; past its last day it has expired."""
    if right.granted_on is not None:
        status = RightStatus.VALID if day >= right.granted_on else RightStatus.PENDING
    else:
        status = RightStatus.PENDING if right.status == RightStatus.PENDING else RightStatus.VALID
    pending = False
    counts = Counter()
    replay = _Replay(right)
    # The grant year's annuity is paid with the grant (专利法实施细则第九十八条).
    if right.is_patent and right.filed_on and right.granted_on and right.granted_on <= day:
        replay.paid_until = patent_year_end(right.filed_on,
                                            _year_containing(right.filed_on, right.granted_on))
    for event in sorted(right.events, key=lambda e: (e.occurred_on, e.id or 0)):
        if event.occurred_on > day:
            break
        status = STATUS_AFTER.get(event.kind, _status_unchanged)(status, event)
        pending = INVALIDATION_PENDING_AFTER.get(event.kind, pending)
        REPLAYED.get(event.kind, _Replay.nothing)(replay, event)
        counts[event.kind] += 1
    expires = _expiry(right, counts[EventKind.RENEWED])
    if status == RightStatus.VALID and expires is not None and day > expires:
        status = RightStatus.EXPIRED
    in_force = tuple(f for f in replay.freezes.values() if f.in_force(day))
    pledged_in = tuple(m for m, n in replay.pledges.items() if n > 0)
    return Standing(str(status), expires, bool(pledged_in), pending, replay.paid_until,
                    in_force, pledged_in)


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
    last = max((e.occurred_on for e in events), default=None)
    if right.granted_on and (last is None or right.granted_on > last):
        last = right.granted_on
    latest = standing_on(right, last) if last else None
    right.annuity_paid_until = latest.annuity_paid_until if latest else None
    right.frozen = bool(latest and latest.frozen)
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


# ---------------------------------------------------------------------------------------------
# What the centre's staff record by hand (the register page): annuities and freezes


def record_annuity(right: Right, paid_on: date, *, year: int | None = None,
                   paid_until: date | None = None, actor=None, now: datetime) -> RightEvent:
    """A patent's annuity paid on ``paid_on``: of patent ``year``, or up to ``paid_until``
    (one of them). Raises ``InvalidInput`` for a trademark, a year beyond the patent's term,
    neither or both given."""
    if (year is None) == (paid_until is None):
        raise InvalidInput(_l("Give either the patent year the annuity is for or the day it "
                              "is paid up to."))
    if year is not None and right.filed_on is None and right.is_patent:
        raise InvalidInput(_l("The register does not know the filing day of %(number)s: give "
                              "the day the annuity is paid up to.", number=right.number))
    detail = {"year": year} if year is not None else {"paid_until": paid_until}
    return record_event(right, EventKind.ANNUITY_PAID, paid_on, detail=detail, actor=actor,
                        now=now)


def record_freeze(right: Right, on: date, *, kind: str, authority: str, document_no: str,
                  until: date | None = None, actor=None, now: datetime) -> RightEvent:
    """A freeze on ``right`` from ``on`` (a court's preservation or enforcement order, or
    CNIPA suspending its formalities in an ownership dispute). Raises ``InvalidInput``."""
    return record_event(right, EventKind.FROZEN, on, detail={
        "kind": kind, "authority": authority, "document_no": document_no, "until": until},
        actor=actor, now=now)


def lift_freeze(right: Right, freeze_event_id: int, on: date, *, authority: str,
                document_no: str, actor=None, now: datetime) -> RightEvent:
    """The freeze recorded as event ``freeze_event_id`` lifted on ``on`` by ``authority``'s
    ruling ``document_no``. Raises ``InvalidInput`` when that freeze is not in force then."""
    return record_event(right, EventKind.UNFROZEN, on, detail={
        "freeze": freeze_event_id, "authority": authority, "document_no": document_no},
        actor=actor, now=now)


# Event kind → how the register's history names it.
EVENT_LABELS = {
    EventKind.GRANTED: _l("Right granted"),
    EventKind.ANNUITY_PAID: _l("Annuity paid"),
    EventKind.RENEWED: _l("Renewed"),
    EventKind.LAPSED: _l("Lapsed"),
    EventKind.INVALIDATION_REQUESTED: _l("Invalidation requested"),
    EventKind.INVALIDATION_DECIDED: _l("Invalidation decided"),
    EventKind.ASSERTED_IN_CASE: _l("Asserted in a case"),
    EventKind.PLEDGED: _l("Pledge registered"),
    EventKind.PLEDGE_RELEASED: _l("Pledge released"),
    EventKind.TRANSFERRED: _l("Transferred"),
    EventKind.FROZEN: _l("Frozen"),
    EventKind.UNFROZEN: _l("Freeze lifted"),
}
OUTCOME_LABELS = {"invalidated": _l("declared invalid"),
                  "partly_invalidated": _l("upheld in part"), "upheld": _l("upheld")}


def _annuity_note(right, event) -> list:
    detail = event.detail or {}
    notes = []
    if detail.get("year"):
        notes.append(_l("year %(n)s", n=detail["year"]))
    until = _paid_until(right, event)
    if until is not None:
        notes.append(_l("paid up to %(day)s", day=zh_date(until)))
    return notes


def _freeze_note(right, event) -> list:
    detail = event.detail or {}
    notes = [FREEZE_KINDS.get(detail.get("kind"), ""), detail.get("authority", ""),
             detail.get("document_no", "")]
    if detail.get("until"):
        notes.append(_l("until %(day)s", day=zh_date(date.fromisoformat(detail["until"]))))
    return notes


def _unfreeze_note(right, event) -> list:
    detail = event.detail or {}
    return [detail.get("authority", ""), detail.get("document_no", "")]


def _pledge_note(right, event) -> list:
    return [str((event.detail or {}).get("number") or "")]


def _decided_note(right, event) -> list:
    return [OUTCOME_LABELS.get((event.detail or {}).get("outcome"), "")]


def _transfer_note(right, event) -> list:
    return [str((event.detail or {}).get("to") or "")]


def _lapse_note(right, event) -> list:
    return [_l("annuity unpaid")] if (event.detail or {}).get("reason") == "annuity" else []


def _case_note(right, event) -> list:
    return [str((event.detail or {}).get("number") or "")]


# Event kind → what the history says of an event of that kind besides its name.
EVENT_NOTES = {
    EventKind.ANNUITY_PAID: _annuity_note, EventKind.FROZEN: _freeze_note,
    EventKind.UNFROZEN: _unfreeze_note, EventKind.PLEDGED: _pledge_note,
    EventKind.PLEDGE_RELEASED: _pledge_note, EventKind.INVALIDATION_DECIDED: _decided_note,
    EventKind.TRANSFERRED: _transfer_note, EventKind.LAPSED: _lapse_note,
    EventKind.ASSERTED_IN_CASE: _case_note,
}


@dataclass(frozen=True)
class HistoryRow:
    event: RightEvent
    label: object
    note: str


def history(right: Right) -> list[HistoryRow]:
    """The right's events in date order, each named and described for a page."""
    rows = []
    for event in events_of(right):
        notes = EVENT_NOTES.get(event.kind, lambda r, e: [])(right, event)
        rows.append(HistoryRow(event, EVENT_LABELS.get(event.kind, event.kind),
                               " · ".join(str(n) for n in notes if str(n))))
    return rows
