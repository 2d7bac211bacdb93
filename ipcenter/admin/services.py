"""Administration use cases: organisations, user accounts, the working-day calendar.

Each service takes the acting user and ``now``, applies the business rules (raising
``InvalidField`` / ``FieldConflict`` / ``Conflict`` with a message the admin can act on), writes
one audit row per change and flushes; the caller's unit of work commits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ipcenter.auth import policy
from ipcenter.auth.models import Organisation, RoleGrant, User
from ipcenter.auth.roles import (
    NEEDS_CONFIRMATION,
    ROLE_LABELS,
    ROLES_BY_ORG_KIND,
    OrgKind,
    Role,
    clash,
)
from ipcenter.auth.services import (
    FieldConflict,
    InvalidField,
    check_password_rules,
    end_sessions,
    find_user,
)
from ipcenter.core import audit
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict
from ipcenter.core.formatting import zh_date
from ipcenter.core.models import CalendarDay, CalendarYear
from ipcenter.core.text import clean_name
from ipcenter.core.workdays import forget_request_calendar, package_knows
from ipcenter.ip import uscc as uscc_rules

# The years the calendar pages accept (chinesecalendar starts in 2004).
FIRST_YEAR, LAST_YEAR = 2000, 2100

# How long a proposed director grant waits for a director's confirmation before it lapses.
GRANT_LIFETIME = timedelta(days=7)


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
    if OrgKind(kind) is not OrgKind(org.kind):
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
    alone = clash(wanted)
    if alone is not None:
        raise InvalidField("roles", _l(
            "The role %(role)s is held alone: an account holding it holds no other role, so "
            "that it never sees a case. Open a second account for the other roles.",
            role=ROLE_LABELS[alone]))
    return wanted


def create_user(*, username: str, display_name: str, organisation: Organisation, roles,
                password: str, actor, now: datetime) -> User:
    """Open an account in an organisation with roles that kind of organisation allows.

    A role of ``NEEDS_CONFIRMATION`` (the director's) is not given but proposed: it takes
    effect when a director confirms it. Raises ``FieldConflict`` for a username taken (case
    does not matter), ``InvalidField`` for a role the organisation's kind does not allow, the
    administrator role combined with another, an inactive organisation, or a password that
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
    given = [r for r in wanted if r not in NEEDS_CONFIRMATION]
    display_name = _name(display_name, "display_name")
    user = User(username=username, display_name=display_name,
                organisation=organisation, active=True, created_at=now, session_version=1)
    user.set_password(password)
    user.set_roles(given)
    db.session.add(user)
    _flush()
    audit.record("user.created", actor=actor, obj_type="user", obj_id=user.id, now=now,
                 detail={"username": user.username, "organisation_id": organisation.id,
                         "roles": given})
    for role in wanted:
        if role in NEEDS_CONFIRMATION:
            propose(user, role, actor=actor, now=now)
    return user


def update_user(user: User, *, display_name: str, roles, actor, now: datetime) -> None:
    """Change an account's display name and roles.

    ``roles`` is what the admin wants the account to hold: a role of ``NEEDS_CONFIRMATION``
    the account does not hold yet is proposed (once), and one left out of ``roles`` while it
    is proposed has its proposal withdrawn. Raises ``Refused`` when an admin changes its own
    roles, and ``InvalidField`` on ``roles`` for a role the organisation's kind does not allow
    or the administrator role combined with another."""
    pending = {g.role: g for g in pending_grants(user, now)}
    if {str(r) for r in roles} != user.roles | set(pending):
        policy.require(actor, "admin.user_roles", user, _l(
            "You cannot change your own roles: another administrator does it."))
    wanted = _check_roles(roles, user.organisation)
    given = [r for r in wanted if r not in NEEDS_CONFIRMATION or r in user.roles]
    display_name = _name(display_name, "display_name")
    before = {"display_name": user.display_name, "roles": sorted(user.roles)}
    user.display_name = display_name
    user.set_roles(given)
    _flush()
    after = {"display_name": user.display_name, "roles": given}
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit.record("user.updated", actor=actor, obj_type="user", obj_id=user.id, detail=changed,
                 now=now)
    for role in NEEDS_CONFIRMATION:
        if role in wanted and role not in user.roles and role not in pending:
            propose(user, role, actor=actor, now=now)
        elif role not in wanted and role in pending:
            withdraw_grant(pending[role], actor=actor, now=now)


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
# Director grants: an admin proposes, a director confirms (two people). On a fresh install with
# no active director, the operator appoints the first one on the server
# (``flask ipcenter appoint-director``).


def pending_grants(user: User | None, now: datetime) -> list[RoleGrant]:
    """The proposals still waiting for a director, of one account (or of all), oldest first."""
    stmt = sa.select(RoleGrant).where(RoleGrant.outcome.is_(None), RoleGrant.expires_at > now)
    if user is not None:
        stmt = stmt.where(RoleGrant.user_id == user.id)
    return list(db.session.execute(stmt.order_by(RoleGrant.id)).scalars())


def recent_grants(limit: int = 20) -> list[RoleGrant]:
    """The latest proposals, whatever became of them (confirmed, refused, withdrawn, lapsed)."""
    return list(db.session.execute(
        sa.select(RoleGrant).order_by(RoleGrant.id.desc()).limit(limit)).scalars())


def _grant_detail(grant: RoleGrant) -> dict:
    return {"user_id": grant.user_id, "username": grant.user.username, "role": grant.role,
            "proposed_by": grant.proposed_by_id}


def propose(user: User, role: str, *, actor, now: datetime) -> RoleGrant:
    """Propose giving ``user`` a role of ``NEEDS_CONFIRMATION``; a director confirms it within
    ``GRANT_LIFETIME``. Returns the pending proposal when there is one already.

    Raises ``Refused`` for an admin proposing for itself (or anyone not an admin), and
    ``Conflict`` when the account cannot hold the role."""
    policy.require(actor, "admin.user_roles", user, _l(
        "You cannot change your own roles: another administrator does it."))
    role = Role(role).value
    if role not in NEEDS_CONFIRMATION or role in user.roles:
        raise Conflict(_l("Only a role the account does not hold yet and a director must "
                          "confirm is proposed."))
    for grant in pending_grants(user, now):
        if grant.role == role:
            return grant
    _eligible(user, user.roles | {role})
    grant = RoleGrant(user=user, role=role, proposed_by_id=actor.id, proposed_at=now,
                      expires_at=now + GRANT_LIFETIME)
    db.session.add(grant)
    _flush()
    audit.record("role_grant.proposed", actor=actor, obj_type="role_grant", obj_id=grant.id,
                 detail={**_grant_detail(grant), "expires_at": grant.expires_at.isoformat()},
                 now=now)
    return grant


def _check_pending(grant: RoleGrant, now: datetime) -> None:
    if grant.outcome is not None:
        raise Conflict(_l("This proposal has been dealt with already."))
    if not grant.pending(now):
        raise Conflict(_l("This proposal has lapsed. An administrator may propose the role "
                          "again."))


def _eligible(user: User, roles) -> list[str]:
    """``roles`` checked for ``user`` as a proposal is confirmed (the account may have changed
    since it was proposed); raises ``Conflict``."""
    if not user.active:
        raise Conflict(_l("The account %(username)s is deactivated.", username=user.username))
    try:
        return _check_roles(roles, user.organisation)
    except InvalidField as exc:
        raise Conflict(exc.message) from None


def confirm_grant(grant: RoleGrant, *, actor, now: datetime) -> None:
    """A director confirms a proposal: the account gets the role.

    Raises ``Refused`` unless ``actor`` is a director who neither proposed the grant nor
    receives it, and ``Conflict`` when the proposal is no longer pending or the account can no
    longer hold the role (deactivated, made an administrator, moved)."""
    policy.require(actor, "role_grant.decide", grant)
    _check_pending(grant, now)
    user = grant.user
    wanted = _eligible(user, user.roles | {grant.role})
    user.set_roles(wanted)
    _decide(grant, "confirmed", actor, now)


def refuse_grant(grant: RoleGrant, *, actor, now: datetime) -> None:
    """A director refuses a proposal; the account stays as it is. Raises as ``confirm_grant``."""
    policy.require(actor, "role_grant.decide", grant)
    _check_pending(grant, now)
    _decide(grant, "refused", actor, now)


def withdraw_grant(grant: RoleGrant, *, actor, now: datetime) -> None:
    """An admin withdraws a pending proposal. Raises ``Refused`` for anyone else and
    ``Conflict`` when it is no longer pending."""
    policy.require(actor, "role_grant.withdraw", grant)
    _check_pending(grant, now)
    _decide(grant, "withdrawn", actor, now)


def _decide(grant: RoleGrant, outcome: str, actor, now: datetime) -> None:
    """Record how a proposal ended (confirmed, refused, withdrawn), with its audit row."""
    grant.outcome, grant.decided_by_id, grant.decided_at = outcome, actor.id, now
    _flush()
    audit.record(f"role_grant.{outcome}", actor=actor, obj_type="role_grant", obj_id=grant.id,
                 detail=_grant_detail(grant), now=now)


def appoint_first_director(user: User, *, now: datetime) -> None:
    """The operator, on the server, makes ``user`` the director when there is no active
    director to confirm a proposal (a fresh install). Raises ``Conflict`` when an active
    director exists, or the account cannot hold the role."""
    directors = db.session.execute(sa.select(User.id).where(
        User.active.is_(True), User.role_rows.any(role=Role.DIRECTOR.value))).first()
    if directors is not None:
        raise Conflict(_l("There is a director already: an administrator proposes the role on "
                          "the account's page and a director confirms it."))
    user.set_roles(_eligible(user, user.roles | {Role.DIRECTOR.value}))
    _flush()
    audit.record("role_grant.appointed_by_operator", obj_type="user", obj_id=user.id,
                 detail={"username": user.username, "role": Role.DIRECTOR.value}, now=now)


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
    forget_request_calendar()
    audit.record("calendar.day_set", actor=actor, obj_type="calendar_day", obj_id=day.isoformat(),
                 detail={"is_workday": entry.is_workday, "name": entry.name, "before": before},
                 now=now)
    return entry


def remove_calendar_day(day: date, *, actor, now: datetime) -> None:
    """Remove the entry for one day (the day falls back to the official data or the week).
    Raises ``Conflict`` when there is no entry for it."""
    entry = db.session.get(CalendarDay, day)
    if entry is None:
        raise Conflict(_l("There is no entry for %(day)s.", day=zh_date(day)))
    detail = {"is_workday": entry.is_workday, "name": entry.name}
    db.session.delete(entry)
    _flush()
    forget_request_calendar()
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
    forget_request_calendar()
    audit.record("calendar.year_published", actor=actor, obj_type="calendar_year", obj_id=year,
                 detail={"source": row.source, "entries": len(entries)}, now=now)
    return row
