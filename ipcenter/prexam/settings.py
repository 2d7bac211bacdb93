"""The centre's scope and service targets as the admin keeps them: ``ScopeClass`` rows read as
``rules.scope.ScopeEntry`` and ``ServiceTargets`` rows as ``rules.targets.Targets`` — the rules
decide, this module only reads and writes their tables (each change audited).

A change never rewrites the past: a subclass leaves the scope by an end day, a new target
takes effect from a day (today or later); a request is checked against the scope in force on
its submission day, a clock keeps the period it opened with.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.core import audit
from ipcenter.core.clock import local_date
from ipcenter.core.clock import now as clock_now
from ipcenter.core.db import db
from ipcenter.core.errors import InvalidInput
from ipcenter.prexam import workflow as px
from ipcenter.prexam.models import ScopeClass, ServiceTargets
from ipcenter.prexam.rules import scope, targets

# ------------------------------------------------------------------------------ scope


def entry_of(row: ScopeClass) -> scope.ScopeEntry:
    return scope.ScopeEntry(kind=row.patent_kind, code=row.code, title=row.title,
                            effective_from=row.effective_from, effective_to=row.effective_to,
                            confirmed=row.confirmed)


def scope_rows() -> list[ScopeClass]:
    return db.session.execute(sa.select(ScopeClass).order_by(
        ScopeClass.patent_kind.desc(), ScopeClass.code, ScopeClass.effective_from)).scalars().all()


def scope_entries() -> list[scope.ScopeEntry]:
    """Every subclass the scope has held, with its dates (the rules pick a day's)."""
    return [entry_of(row) for row in scope_rows()]


def seed_scope(now: datetime) -> int:
    """Fill an empty scope table with ``rules.scope.SEED`` (the IPC subclasses unconfirmed).
    Returns how many rows were added (0 when the table holds any)."""
    if db.session.execute(sa.select(ScopeClass.id).limit(1)).first() is not None:
        return 0
    for entry in scope.SEED:
        db.session.add(ScopeClass(patent_kind=entry.kind, code=entry.code, title=entry.title,
                                  effective_from=entry.effective_from,
                                  effective_to=entry.effective_to, confirmed=entry.confirmed,
                                  changed_at=now))
    db.session.flush()
    return len(scope.SEED)


def add_scope_class(kind: str, code: str, title: str, effective_from: date, actor,
                    now: datetime) -> ScopeClass:
    """Add a subclass to the scope from ``effective_from`` (today or later). Refused: an
    unknown kind, a malformed code, a day in the past, a code already in scope then."""
    if kind not in scope.KINDS:
        raise InvalidInput(_l("Choose utility model or design."))
    code = scope.subclass_of(kind, code)
    if not isinstance(effective_from, date) or effective_from < local_date(now):
        raise InvalidInput(_l("A change of scope takes effect today or later."))
    if any(e.code == code for e in scope.in_force(scope_entries(), kind, effective_from)):
        raise InvalidInput(_l("%(code)s is in the scope on that day already.", code=code))
    row = ScopeClass(patent_kind=kind, code=code, title=(title or "").strip()[:200],
                     effective_from=effective_from, confirmed=True, changed_by_id=actor.id,
                     changed_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record("prexam.scope_add", actor=actor, obj_type="prexam_scope", obj_id=row.id,
                 now=now, detail={"kind": kind, "code": code,
                                  "from": effective_from.isoformat()})
    return row


def end_scope_class(row: ScopeClass, last_day: date, actor, now: datetime) -> None:
    """Take a subclass out of the scope after ``last_day`` (yesterday or later: requests
    submitted before stay as they were checked)."""
    today = local_date(now)
    if not isinstance(last_day, date) or last_day < today.fromordinal(today.toordinal() - 1):
        raise InvalidInput(_l("A subclass leaves the scope from today at the earliest."))
    if last_day < row.effective_from:
        raise InvalidInput(_l("The last day cannot be before the subclass entered the scope."))
    if row.effective_to is not None and row.effective_to <= last_day:
        raise InvalidInput(_l("The subclass leaves the scope on that day already."))
    row.effective_to, row.changed_by_id, row.changed_at = last_day, actor.id, now
    db.session.flush()
    audit.record("prexam.scope_end", actor=actor, obj_type="prexam_scope", obj_id=row.id,
                 now=now, detail={"code": row.code, "to": last_day.isoformat()})


def confirm_scope_class(row: ScopeClass, actor, now: datetime) -> None:
    """The admin has checked the subclass against the centre's published list."""
    if row.confirmed:
        raise InvalidInput(_l("This subclass is confirmed already."))
    row.confirmed, row.changed_by_id, row.changed_at = True, actor.id, now
    db.session.flush()
    audit.record("prexam.scope_confirm", actor=actor, obj_type="prexam_scope", obj_id=row.id,
                 now=now, detail={"code": row.code})


# ------------------------------------------------------------------------------ targets

_FIELDS = ("classification_wd", "round_wd", "reply_days", "max_rounds", "filing_days")


def _as_targets(row: ServiceTargets) -> targets.Targets:
    return targets.Targets(effective_from=row.effective_from,
                           **{name: getattr(row, name) for name in _FIELDS})


def target_versions() -> list[targets.Targets]:
    rows = db.session.execute(sa.select(ServiceTargets).order_by(
        ServiceTargets.effective_from)).scalars().all()
    return [_as_targets(row) for row in rows]


def targets_on(day: date | None = None) -> targets.Targets:
    """The targets in force on ``day`` (today by default)."""
    return targets.as_of(target_versions(), day or local_date(clock_now()))


def period_of(clock_kind: str, day: date | None = None) -> str:
    """The period of the clock ``clock_kind`` under the targets in force on ``day``: working
    days for the centre's own steps, calendar days for the firm's."""
    name = px.TARGET_OF_CLOCK[clock_kind]
    unit = "wd" if name.endswith("_wd") else "d"
    return f"{getattr(targets_on(day), name)}{unit}"


def set_targets(values: dict, effective_from: date, actor, now: datetime) -> ServiceTargets:
    """A new version of the targets from ``effective_from`` (today or later); one version per
    day (a second change on the same day replaces the first's figures)."""
    if not isinstance(effective_from, date) or effective_from < local_date(now):
        raise InvalidInput(_l("New targets take effect today or later."))
    checked = targets.validate(effective_from=effective_from,
                               **{name: values.get(name) for name in _FIELDS})
    row = db.session.execute(sa.select(ServiceTargets).filter_by(
        effective_from=effective_from)).scalar_one_or_none()
    if row is None:
        row = ServiceTargets(effective_from=effective_from)
        db.session.add(row)
    for name in _FIELDS:
        setattr(row, name, getattr(checked, name))
    row.changed_by_id, row.changed_at = actor.id, now
    db.session.flush()
    audit.record("prexam.targets", actor=actor, obj_type="prexam_targets", obj_id=row.id,
                 now=now, detail={"from": effective_from.isoformat(),
                                  **{name: getattr(checked, name) for name in _FIELDS}})
    return row


CLOCK_TITLES = {kind: rule.title for kind, rule in px.DEADLINES.items()}
