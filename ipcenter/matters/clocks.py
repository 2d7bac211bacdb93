"""A matter's clocks: ``Deadline`` rows whose subject is the matter, opened from the rules of
its kind (``spec_of(matter).deadlines``), listed, closed, and following its presiding handler.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.core import timelimits
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.deadlines import Period
from ipcenter.core.formatting import zh_date
from ipcenter.core.models import Deadline
from ipcenter.core.workdays import UnknownCalendarYear, load_calendar
from ipcenter.matters.handlers import presiding
from ipcenter.matters.kinds import spec_of


def clocks(matter, kind: str, include_closed: bool = False) -> list[Deadline]:
    """The matter's clocks of ``kind``: the open ones, or every one with ``include_closed``."""
    subject = spec_of(matter).subject
    if include_closed:
        return db.session.execute(sa.select(Deadline).filter_by(
            subject_type=subject, subject_id=matter.id, kind=kind)).scalars().all()
    return timelimits.open_for(subject, matter.id, kind)


def open_clock(matter, kind: str, starts_on: date, now: datetime, **assignee) -> None:
    """Start the matter's clock ``kind`` on ``starts_on``, with its kind's period, title and
    basis. It is watched by ``assignee`` (``assignee_user_id``, ``assignee_role`` or
    ``assignee_org_id``), by default the presiding handler or, without one, the handlers'
    role."""
    spec = spec_of(matter)
    # A kind whose periods are configurable gives the rules in force on the clock's first day.
    rules = spec.deadlines.on(starts_on) if hasattr(spec.deadlines, "on") else spec.deadlines
    rule = rules[kind]
    if not assignee:
        lead = presiding(matter)
        assignee = ({"assignee_user_id": lead.user_id} if lead
                    else {"assignee_role": spec.handler_role})
    timelimits.open_deadline(subject_type=spec.subject, subject_id=matter.id,
                             subject_label=matter.label, kind=kind, title=rule.title,
                             starts_on=starts_on, period=rule.period, basis=rule.basis, now=now,
                             **assignee)


def close_clocks(matter, now: datetime, *kinds: str, outcome: str | None = None) -> None:
    """Close the matter's open clocks of ``kinds`` (all of them when none is named), as met or
    with ``outcome`` ("cancelled", "late" …)."""
    subject = spec_of(matter).subject
    for kind in dict.fromkeys(kinds) or (None,):
        for row in timelimits.open_for(subject, matter.id, kind):
            timelimits.close(row, now, local_date(now), outcome)


def reassign_open_clocks(matter) -> None:
    """Clocks the panel watches follow the presiding member."""
    lead = presiding(matter)
    if lead is None:
        return
    spec = spec_of(matter)
    rules = spec.deadlines
    for row in timelimits.open_for(spec.subject, matter.id):
        if rules.get(row.kind) and rules[row.kind].who in ("presiding", "panel", "officers"):
            row.assignee_user_id, row.assignee_role = lead.user_id, None


def workdays_after(now: datetime, period: str) -> date:
    """The day ``period`` (in working days, like ``"3wd"``) after today; for a year whose
    calendar is not yet published, on the provisional calendar."""
    cal = load_calendar()
    days = Period.parse(period).amount
    try:
        return cal.add_workdays(local_date(now), days)
    except UnknownCalendarYear:
        return cal.provisional().add_workdays(local_date(now), days)


# A hearing is set within the time a matter can still be decided in; one further ahead is a
# typing error.
HEARING_HORIZON = timedelta(days=90)


def hearing_within_horizon(hearing_on: date, today: date | None):
    """A hearing is held while the case can still be decided in time: a patent case has three
    months (专利行政执法办法), a trademark case ninety days (行政处罚法 Art. 60); a date further
    ahead than ``HEARING_HORIZON`` is a typing error, not a plan."""
    if today is not None and hearing_on > today + HEARING_HORIZON:
        return _l("The hearing must be within %(days)s days of the notice (on or before "
                  "%(day)s).", days=HEARING_HORIZON.days,
                  day=zh_date(today + HEARING_HORIZON))
    return None
