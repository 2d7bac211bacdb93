"""The collateral watch: when a right under an active pledge is asserted in a case, its
invalidation is requested or decided, it lapses, is transferred, frozen or pledged again under
another registration, the lending bank and the
fund manager see an alert on the loan and on their dashboard, with the event and its date —
the legal-status counterpart of a lender's margin call.

It listens to the rights register's ``right_event`` signal (``ipcenter.ip.register``), sent
inside the transaction that records the event: the alert is written in the same unit of work,
so an event rolled back leaves no alert. No other domain is imported: a patent case announces
its patent through the register, not to pledge.

``alerts_for(user, limit)`` is what a page shows: a bank reviewer sees the alerts on its own
bank's loans (never another bank's), the fund manager and the director see every alert, anyone
else none. ``acknowledge`` records that the bank, or the centre, has seen one.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from ipcenter.auth.roles import Role
from ipcenter.core import audit
from ipcenter.core.db import UTCDateTime, db
from ipcenter.core.errors import PermissionDenied
from ipcenter.core.worklist import Panel, Section
from ipcenter.ip.models import EventKind
from ipcenter.ip.register import right_event
from ipcenter.pledge import notices as loan_notices
from ipcenter.pledge.models import KIND, PledgeApplication, PledgedRight
from ipcenter.pledge.workflow import S

# The events that put a pledged right's value at risk.
# A pledge registered on it counts when it is another matter's (a loan's own registration,
# written by ``services.record_registration``, is not news to that loan).
WATCHED = frozenset({EventKind.ASSERTED_IN_CASE, EventKind.INVALIDATION_REQUESTED,
                     EventKind.INVALIDATION_DECIDED, EventKind.LAPSED, EventKind.TRANSFERRED,
                     EventKind.FROZEN, EventKind.PLEDGED})
# An active pledge: registered, and not yet released or closed (the collateral still secures a
# debt: the loan, or the pool's and the bank's claim during recovery).
ACTIVE = frozenset({S.REGISTERED, S.DISBURSED, S.MONITORING, S.REPAID, S.OVERDUE, S.DEFAULT,
                    S.COMPENSATION_CLAIMED, S.COMPENSATION_APPROVED, S.COMPENSATED,
                    S.RECOVERY})
EVENT_LABELS = {
    EventKind.ASSERTED_IN_CASE: _l("Asserted in a case"),
    EventKind.INVALIDATION_REQUESTED: _l("Invalidation requested"),
    EventKind.INVALIDATION_DECIDED: _l("Invalidation decided"),
    EventKind.LAPSED: _l("Lapsed"),
    EventKind.TRANSFERRED: _l("Transferred"),
    EventKind.FROZEN: _l("Frozen"),
    EventKind.PLEDGED: _l("Pledged under another registration"),
}
CENTRE_ROLES = (Role.FUND_MANAGER, Role.DIRECTOR)


class PledgeAlert(db.Model):
    """One event on a pledged right, raised on one loan; seen by the bank and by the centre
    each on their own (``bank_seen_*``, ``centre_seen_*``)."""

    __tablename__ = "pledge_alert"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "event_id", name="one_alert_per_event"),
        # A dashboard: the newest alerts first.
        sa.Index("ix_pledge_alert_created", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("pledge_application.id"),
                                                index=True)
    right_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_right.id"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_right_event.id"))
    event_kind: Mapped[str] = mapped_column(sa.String(30))
    event_date: Mapped[date]
    # The matter the event arose in (``case``, 12), if any.
    matter_type: Mapped[str | None] = mapped_column(sa.String(40))
    matter_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    bank_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    bank_seen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    centre_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    centre_seen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    application: Mapped[PledgeApplication] = relationship()
    right = relationship("Right")

    @property
    def label(self):
        return EVENT_LABELS.get(self.event_kind, self.event_kind)


def active_pledges(right_id: int) -> list[PledgeApplication]:
    """The applications under which ``right_id`` is pledged now (not released)."""
    return list(db.session.execute(
        sa.select(PledgeApplication).join(PledgedRight,
                                          PledgedRight.application_id == PledgeApplication.id)
        .where(PledgedRight.right_id == right_id, PledgedRight.released_on.is_(None),
               PledgeApplication.state.in_([str(s) for s in ACTIVE]))
        .order_by(PledgeApplication.id)).scalars())


def raise_alerts(right, event) -> list[PledgeAlert]:
    """An alert on each active pledge of ``right`` for ``event`` (once per loan and event)."""
    if event.kind not in WATCHED:
        return []
    raised = []
    for application in active_pledges(right.id):
        if (event.matter_type, event.matter_id) == (KIND, application.id):
            continue  # the loan's own pledge (or its release) on the register
        exists = db.session.execute(sa.select(PledgeAlert.id).filter_by(
            application_id=application.id, event_id=event.id)).first()
        if exists is not None:
            continue
        alert = PledgeAlert(application_id=application.id, right_id=right.id,
                            event_id=event.id, event_kind=str(event.kind),
                            event_date=event.occurred_on, matter_type=event.matter_type,
                            matter_id=event.matter_id, created_at=event.recorded_at)
        db.session.add(alert)
        db.session.flush()
        audit.record("pledge.alert", actor=None, obj_type="pledge", obj_id=application.id,
                     now=event.recorded_at,
                     detail={"alert": alert.id, "right": right.number,
                             "event": str(event.kind), "on": event.occurred_on.isoformat()})
        loan_notices.alerted(alert, alert.label, event.recorded_at)
        raised.append(alert)
    return raised


@right_event.connect
def _on_right_event(kind, *, right, event, **_):
    raise_alerts(right, event)


def _bank_side(user) -> bool:
    return user.has_role(Role.BANK) and user.organisation_id is not None


def _centre_side(user) -> bool:
    return any(user.has_role(role) for role in CENTRE_ROLES)


def alerts_query(user, *, unseen: bool = False):
    """The ``select`` of the alerts ``user`` may see, newest first (none for anyone else)."""
    from ipcenter.pledge.policy import visible_applications

    # Only on loans the user may see (``pledge.view``, the one home of that rule), and of
    # those the alerts of the user's side.
    query = visible_applications(sa.select(PledgeAlert).join(
        PledgeApplication, PledgeApplication.id == PledgeAlert.application_id), user)
    if _centre_side(user):
        if unseen:
            query = query.where(PledgeAlert.centre_seen_at.is_(None))
    elif _bank_side(user):
        query = query.where(PledgeApplication.bank_org_id == user.organisation_id)
        if unseen:
            query = query.where(PledgeAlert.bank_seen_at.is_(None))
    else:
        query = query.where(sa.false())
    return query.order_by(PledgeAlert.created_at.desc(), PledgeAlert.id.desc())


def alerts_for(user, limit: int = 20, *, unseen: bool = False,
               application: PledgeApplication | None = None) -> list[PledgeAlert]:
    """The newest alerts ``user`` may see (on one loan, if ``application``)."""
    query = alerts_query(user, unseen=unseen)
    if application is not None:
        query = query.where(PledgeAlert.application_id == application.id)
    query = query.options(sa.orm.selectinload(PledgeAlert.right))
    return list(db.session.execute(query.limit(max(1, int(limit)))).scalars())


def seen_by_side(alert: PledgeAlert, user):
    """When ``user``'s side (the centre, or the lending bank) acknowledged ``alert``, or None."""
    return alert.centre_seen_at if _centre_side(user) else alert.bank_seen_at


def acknowledge(alert: PledgeAlert, user, now: datetime) -> None:
    """Record that the bank (a reviewer of the lending bank) or the centre (the fund manager,
    the director) has seen ``alert``. Raises ``PermissionDenied`` for anyone else."""
    if _centre_side(user):
        if alert.centre_seen_at is None:
            alert.centre_seen_at, alert.centre_seen_by_id = now, user.id
    elif _bank_side(user) and alert.application.bank_org_id == user.organisation_id:
        if alert.bank_seen_at is None:
            alert.bank_seen_at, alert.bank_seen_by_id = now, user.id
    else:
        raise PermissionDenied(_l("You may not acknowledge this alert."))
    db.session.flush()
    audit.record("pledge.alert_seen", actor=user, obj_type="pledge",
                 obj_id=alert.application_id, now=now, detail={"alert": alert.id})


# The 我的工作 panel (``core.worklist.contribute``, from ``pledge.init_app``): its page argument
# and its partial.
PANEL_KEY = "alerts"
PANEL_TEMPLATE = "pledge/_alerts.html"


def may_see_alerts(user) -> bool:
    return _centre_side(user) or _bank_side(user)


def dashboard_panel(user, page: int, per_page: int) -> Panel | None:
    """The alerts ``user``'s side has not acknowledged yet, newest first, one page of them
    with their loan and right (two statements: the total by ``COUNT``, the page with its
    joins); None for a user who sees no alerts."""
    if not may_see_alerts(user):
        return None
    query = alerts_query(user, unseen=True)
    total = db.session.execute(sa.select(sa.func.count()).select_from(
        query.order_by(None).subquery())).scalar_one()
    last = max(1, -(-total // per_page))
    page = min(max(1, page), last)
    rows = list(db.session.execute(
        query.options(joinedload(PledgeAlert.application), joinedload(PledgeAlert.right))
        .limit(per_page).offset((page - 1) * per_page)).scalars()) if total else []
    return Panel(PANEL_KEY, PANEL_TEMPLATE, Section(rows, total, page, per_page, PANEL_KEY))
