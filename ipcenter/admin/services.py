"""Administration use cases: organisations, user accounts, the working-day calendar.

Each service takes the acting user and ``now``, applies the business rules (raising
``InvalidField`` / ``FieldConflict`` / ``Conflict`` with a message the admin can act on), writes
one audit row per change and flushes; the caller's unit of work commits."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ipcenter.auth import uscc as uscc_rules
from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import ROLE_LABELS, ROLES_BY_ORG_KIND, OrgKind, Role
from ipcenter.auth.services import (FieldConflict, InvalidField, check_password_rules,
                                    end_sessions, find_user)
from ipcenter.core import audit
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict
from ipcenter.core.models import CalendarDay, CalendarYear
from ipcenter.core.text import clean_name
from ipcenter.core.workdays import package_knows

# The years the calendar pages accept (chinesecalendar starts in 2004).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _flush() -> None:
    # The checks below run before the flush; a unique constraint still catches the rare case
    # of two admins saving the same name at the same moment.
    try:
        db.session.flush()
    except IntegrityError:
        raise Conflict(_l("Someone else has just saved the same name or code. Reload the page "
                          "and check the list before trying again.")) from None


# ---------------------------------------------------------------------------------------------
# Organisations


def _check_uscc(code: str) -> str:
    code = uscc_rules.normalise(code)
    if len(code) != 18 or any(ch not in uscc_rules.ALPHABET for ch in code):
        raise InvalidField("uscc", _l(
            "The unified social credit code has 18 characters: digits and capital letters "
            "except I, O, S, V and Z."))
    if not uscc_rules.is_valid(code):
        raise InvalidField("uscc", _l(
            "The check character (the last one) of the unified social credit code %(code)s is "
            "wrong. Please copy the code again from the business licence.", code=code))
    return code


def _check_org_unique(name: str, code: str, org: Organisation | None = None) -> None:
    other = sa.and_(Organisation.id != org.id) if org is not None else sa.true()
    if db.session.execute(sa.select(Organisation.id).where(
            Organisation.name == name, other)).first():
        raise FieldConflict("name", _l("An organisation named %(name)s already exists.",
                                       name=name))
    if db.session.execute(sa.select(Organisation.id).where(
            Organisation.uscc == code, other)).first():
        raise FieldConflict("uscc", _l(
            "Another organisation already has the unified social credit code %(code)s.",
            code=code))


def _name(value: str, field: str) -> str:
    """A name without invisible characters (bidirectional controls …); refused if nothing
    visible is left."""
    name = clean_name(value)
    if not name:
        raise InvalidField(field, _l("Write a name (invisible characters do not count)."))
    return name


def _org_detail(org: Organisation) -> dict:
    return {"name": org.name, "kind": org.kind, "uscc": org.uscc, "address": org.address}


def create_organisation(*, name: str, kind: str, uscc: str, address: str, actor,
                        now: datetime) -> Organisation:
    """Register an organisation (firm, bank, agency or the centre).

    Raises ``InvalidField`` for a malformed or wrong-check-character 统一社会信用代码 and
    ``FieldConflict`` when the name or the code is taken."""
    name = _name(name, "name")
    kind = OrgKind(kind).value
    code = _check_uscc(uscc)
    _check_org_unique(name, code)
    org = Organisation(name=name, kind=kind, uscc=code, address=(address or "").strip(),
                       active=True, created_at=now)
    db.session.add(org)
    _flush()
    audit.record("org.created", actor=actor, obj_type="organisation", obj_id=org.id,
                 detail=_org_detail(org), now=now)
    return org


def update_organisation(org: Organisation, *, name: str, kind: str, uscc: str, address: str,
                        actor, now: datetime) -> None:
    """Change an organisation's name, kind, code or address.

    Raises ``InvalidField`` / ``FieldConflict`` as ``create_organisation``, and ``InvalidField``
    on ``kind`` when a member holds a role the new kind does not allow."""
    name = _name(name, "name")
    kind = OrgKind(kind).value
    code = _check_uscc(uscc)
    _check_org_unique(name, code, org)
    if kind != org.kind:
        allowed = ROLES_BY_ORG_KIND[OrgKind(kind)]
        for member in org.users:
            misfit = sorted(r for r in member.roles if r not in allowed)
            if misfit:
                raise InvalidField("kind", _l(
                    "The kind cannot change: %(user)s holds the role %(role)s, which this kind "
                    "of organisation does not allow.", user=member.display_name,
                    role=ROLE_LABELS[Role(misfit[0])]))
    before = _org_detail(org)
    org.name, org.kind, org.uscc, org.address = name, kind, code, (address or "").strip()
    _flush()
    after = _org_detail(org)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit.record("org.updated", actor=actor, obj_type="organisation", obj_id=org.id,
                 detail=changed, now=now)


def deactivate_organisation(org: Organisation, *, actor, now: datetime) -> int:
    """Deactivate an organisation and every active account of it; their sessions end.

    Returns how many accounts were deactivated. Raises ``Conflict`` when the organisation is
    already inactive or is the acting admin's own (no locking oneself out)."""
    if not org.active:
        raise Conflict(_l("%(name)s is already deactivated.", name=org.name))
    if actor is not None and actor.organisation_id == org.id:
        raise Conflict(_l("You cannot deactivate your own organisation."))
    org.active = False
    members = [u for u in org.users if u.active]
    for member in members:
        member.active = False
        end_sessions(member)
    _flush()
    audit.record("org.deactivated", actor=actor, obj_type="organisation", obj_id=org.id,
                 detail={"name": org.name, "users_deactivated": [u.id for u in members]},
                 now=now)
    return len(members)


def reactivate_organisation(org: Organisation, *, actor, now: datetime) -> None:
    """Make an organisation active again. Its accounts stay deactivated until an admin
    reactivates each one. Raises ``Conflict`` when it is active already."""
    if org.active:
        raise Conflict(_l("%(name)s is already active.", name=org.name))
    org.active = True
    _flush()
    audit.record("org.reactivated", actor=actor, obj_type="organisation", obj_id=org.id,
                 detail={"name": org.name}, now=now)


# ---------------------------------------------------------------------------------------------
# Users


def join_labels(labels) -> str:
    """Role names as a list in the reader's language (A、B和C / A, B and C)."""
    return format_list([str(label) for label in labels], locale=get_locale() or "zh_CN")


def _check_roles(roles, org: Organisation) -> list[str]:
    wanted = sorted({Role(r).value for r in roles})
    if not wanted:
        raise InvalidField("roles", _l("Choose at least one role."))
    allowed = ROLES_BY_ORG_KIND[OrgKind(org.kind)]
    for role in wanted:
        if role not in allowed:
            raise InvalidField("roles", _l(
                "The role %(role)s cannot be given to a member of %(org)s. The roles this "
                "organisation allows: %(allowed)s.", role=ROLE_LABELS[Role(role)], org=org.name,
                allowed=join_labels(ROLE_LABELS[r] for r in sorted(allowed))))
    return wanted


def create_user(*, username: str, display_name: str, organisation: Organisation, roles,
                password: str, actor, now: datetime) -> User:
    """Open an account in an organisation with roles that kind of organisation allows.

    Raises ``FieldConflict`` for a username taken (case does not matter), ``InvalidField`` for
    a role the organisation's kind does not allow, an inactive organisation, or a password that
    breaks the rules."""
    username = username.strip()
    if find_user(username) is not None:
        raise FieldConflict("username", _l("The username %(username)s is already taken.",
                                           username=username))
    if not organisation.active:
        raise InvalidField("organisation", _l(
            "%(org)s is deactivated; reactivate it before adding accounts.",
            org=organisation.name))
    wanted = _check_roles(roles, organisation)
    check_password_rules(password)
    display_name = _name(display_name, "display_name")
    user = User(username=username, display_name=display_name,
                organisation=organisation, active=True, created_at=now, session_version=1)
    user.set_password(password)
    user.set_roles(wanted)
    db.session.add(user)
    _flush()
    audit.record("user.created", actor=actor, obj_type="user", obj_id=user.id, now=now,
                 detail={"username": user.username, "organisation_id": organisation.id,
                         "roles": wanted})
    return user


def update_user(user: User, *, display_name: str, roles, actor, now: datetime) -> None:
    """Change an account's display name and roles.

    Raises ``InvalidField`` on ``roles`` for a role the organisation's kind does not allow, or
    when an admin would take the admin role from themself (no locking oneself out)."""
    wanted = _check_roles(roles, user.organisation)
    if actor is not None and actor.id == user.id and Role.ADMIN in user.roles \
            and Role.ADMIN not in wanted:
        raise InvalidField("roles", _l("You cannot take the administrator role from yourself."))
    display_name = _name(display_name, "display_name")
    before = {"display_name": user.display_name, "roles": sorted(user.roles)}
    user.display_name = display_name
    user.set_roles(wanted)
    _flush()
    after = {"display_name": user.display_name, "roles": wanted}
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit.record("user.updated", actor=actor, obj_type="user", obj_id=user.id, detail=changed,
                 now=now)


def reset_password(user: User, password: str, *, actor, now: datetime) -> None:
    """Give an account a new password; every session of it ends.

    Raises ``InvalidField`` on ``password`` when it breaks the rules."""
    check_password_rules(password)
    user.set_password(password)
    end_sessions(user)
    _flush()
    audit.record("user.password_reset", actor=actor, obj_type="user", obj_id=user.id,
                 detail={"username": user.username}, now=now)


def deactivate_user(user: User, *, actor, now: datetime) -> None:
    """Deactivate an account: it can no longer sign in and its sessions end.

    Raises ``Conflict`` when it is inactive already or is the acting admin's own."""
    if not user.active:
        raise Conflict(_l("The account %(username)s is already deactivated.",
                          username=user.username))
    if actor is not None and actor.id == user.id:
        raise Conflict(_l("You cannot deactivate your own account."))
    user.active = False
    end_sessions(user)
    _flush()
    audit.record("user.deactivated", actor=actor, obj_type="user", obj_id=user.id,
                 detail={"username": user.username}, now=now)


def reactivate_user(user: User, *, actor, now: datetime) -> None:
    """Let a deactivated account sign in again (with its current password).

    Raises ``Conflict`` when it is active already or its organisation is deactivated."""
    if user.active:
        raise Conflict(_l("The account %(username)s is already active.",
                          username=user.username))
    if not user.organisation.active:
        raise Conflict(_l("%(org)s is deactivated; reactivate the organisation first.",
                          org=user.organisation.name))
    user.active = True
    _flush()
    audit.record("user.reactivated", actor=actor, obj_type="user", obj_id=user.id,
                 detail={"username": user.username}, now=now)


# ---------------------------------------------------------------------------------------------
# The working-day calendar


def _check_year(year: int, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidField(field, _l("Choose a year between %(first)s and %(last)s.",
                                     first=FIRST_YEAR, last=LAST_YEAR))


def calendar_entries(year: int) -> list[CalendarDay]:
    """The admin's entries for one year, in date order."""
    return list(db.session.execute(
        sa.select(CalendarDay).where(CalendarDay.day >= date(year, 1, 1),
                                     CalendarDay.day <= date(year, 12, 31))
        .order_by(CalendarDay.day)).scalars())


def set_calendar_day(day: date, *, is_workday: bool, name: str, actor,
                     now: datetime) -> CalendarDay:
    """Enter one day as a working day or a day off (a holiday, or a 调休 working weekend),
    replacing an earlier entry for that day. Raises ``InvalidField`` on ``day`` for a year
    outside the calendar's range."""
    _check_year(day.year, "day")
    entry = db.session.get(CalendarDay, day)
    before = None if entry is None else {"is_workday": entry.is_workday, "name": entry.name}
    if entry is None:
        entry = CalendarDay(day=day)
        db.session.add(entry)
    entry.is_workday = bool(is_workday)
    entry.name = (name or "").strip()
    _flush()
    audit.record("calendar.day_set", actor=actor, obj_type="calendar_day", obj_id=day.isoformat(),
                 detail={"is_workday": entry.is_workday, "name": entry.name, "before": before},
                 now=now)
    return entry


def remove_calendar_day(day: date, *, actor, now: datetime) -> None:
    """Remove the entry for one day (the day falls back to the official data or the week).
    Raises ``Conflict`` when there is no entry for it."""
    entry = db.session.get(CalendarDay, day)
    if entry is None:
        raise Conflict(_l("There is no entry for %(day)s.", day=day.isoformat()))
    detail = {"is_workday": entry.is_workday, "name": entry.name}
    db.session.delete(entry)
    _flush()
    audit.record("calendar.day_removed", actor=actor, obj_type="calendar_day",
                 obj_id=day.isoformat(), detail=detail, now=now)


def publish_calendar_year(year: int, *, source: str, actor, now: datetime) -> CalendarYear:
    """Publish the entered holidays and 调休 days of a year the official data does not cover,
    so that periods reaching that year are no longer provisional.

    Raises ``Conflict`` when the ``chinesecalendar`` package knows the year already (single
    days can still be corrected) or the year is published already, and ``InvalidField`` on
    ``source`` when no holiday has been entered for it (every year has statutory holidays, so
    an empty year is a mistake)."""
    _check_year(year, "source")
    if package_knows(year):
        raise Conflict(_l("The calendar of %(year)s comes from the official data already; "
                          "enter corrections for single days instead.", year=year))
    row = db.session.get(CalendarYear, year)
    if row is not None and row.published_at is not None:
        raise Conflict(_l("The calendar of %(year)s has been published already.", year=year))
    entries = calendar_entries(year)
    if not any(not e.is_workday and e.day.weekday() < 5 for e in entries):
        raise InvalidField("source", _l(
            "No holiday has been entered for %(year)s yet. Enter the holidays and the "
            "adjusted working days from the State Council's notice first.", year=year))
    if row is None:
        row = CalendarYear(year=year)
        db.session.add(row)
    row.source = source.strip()
    row.published_at = now
    row.published_by = getattr(actor, "id", None)
    _flush()
    audit.record("calendar.year_published", actor=actor, obj_type="calendar_year", obj_id=year,
                 detail={"source": row.source, "entries": len(entries)}, now=now)
    return row
