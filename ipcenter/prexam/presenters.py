"""What the pre-examination pages show: labels of kinds and states, plain values for the
templates. Every list is one page of rows and the names they need in a fixed number of
statements (the lists and the request's page make as many statements for 3 requests as for
30)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

KIND_LABELS = {"utility_model": _l("Utility model"), "design": _l("Design")}
APPLICANT_KIND_LABELS = {"enterprise": _l("Enterprise"), "university": _l("University"),
                         "institute": _l("Research institute"), "individual": _l("Individual")}
MEASURE_LABELS = {"suspend": _l("Suspension"), "revoke": _l("Revocation")}


def state_label(state: str):
    from ipcenter.prexam.workflow import STATE_LABELS

    return STATE_LABELS.get(state, state)


def filing_state_label(state: str):
    from ipcenter.prexam.workflow import FILING_STATE_LABELS

    return FILING_STATE_LABELS.get(state, state)


def kind_label(kind: str):
    return KIND_LABELS.get(kind, kind)


def ground_label(ground: str | None):
    from ipcenter.prexam.workflow import GROUNDS

    return GROUNDS.get(ground, ground or "")


def basis_label(code: str) -> str:
    from ipcenter.prexam.rules import checklist

    return next((b.label for b in checklist.OPINION_BASES if b.code == code), code)


def checklist_rows(kind: str, ticked: dict) -> list[tuple]:
    """The kind's checklist as (label, basis, ticked) for an opinion's page."""
    from ipcenter.prexam.rules import checklist

    return [(c.label, c.basis, bool((ticked or {}).get(c.code)))
            for c in checklist.CHECKLISTS.get(kind, ())]


# ---------------------------------------------------------------------------------------------
# Clocks


def _clocks_of(subject: str, ids, now: datetime) -> dict[int, list]:
    """Each matter's clocks, described for the clocks macro (one statement for all ``ids``,
    their pauses one more)."""
    from sqlalchemy.orm import selectinload

    from ipcenter.core import timelimits
    from ipcenter.core.clock import local_date
    from ipcenter.core.db import db
    from ipcenter.core.models import Deadline
    from ipcenter.core.workdays import request_calendar

    ids = list(ids)
    found: dict[int, list] = {i: [] for i in ids}
    if not ids:
        return found
    today, cal = local_date(now), request_calendar()
    for row in db.session.execute(
            sa.select(Deadline).where(Deadline.subject_type == subject,
                                      Deadline.subject_id.in_(ids))
            .options(selectinload(Deadline.pauses)).order_by(Deadline.id)).scalars():
        found[row.subject_id].append(timelimits.describe(row, today, cal))
    return found


def open_due(clocks: list):
    """The earliest due day among ``clocks`` still running (None when none runs)."""
    running = [c.row.due_on for c in clocks if c.row.closed_at is None]
    return min(running) if running else None


# ---------------------------------------------------------------------------------------------
# Lists


def names_of(user_ids) -> dict[int, str]:
    from ipcenter.auth.models import User
    from ipcenter.core.db import db

    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.display_name)
                                   .where(User.id.in_(ids))).all())


def list_rows(page, now: datetime) -> dict:
    """What each row of a page of requests shows besides the request: its firm, its examiner
    in charge and the due day of its running clock (three statements for the page)."""
    from ipcenter.auth.models import Organisation
    from ipcenter.core.db import db
    from ipcenter.prexam.kind import REQUEST
    from ipcenter.prexam.models import PrexamHandler

    ids = [r.id for r in page.items]
    firms = dict(db.session.execute(sa.select(Organisation.id, Organisation.name).where(
        Organisation.id.in_({r.org_id for r in page.items} or {-1}))).all())
    leads = dict(db.session.execute(sa.select(PrexamHandler.request_id, PrexamHandler.user_id)
                                    .where(PrexamHandler.request_id.in_(ids or [-1]),
                                           PrexamHandler.removed_at.is_(None))).all())
    people = names_of(leads.values())
    clocks = _clocks_of(REQUEST.subject, ids, now)
    return {"firms": firms, "examiner": {r: people.get(u, "") for r, u in leads.items()},
            "due": {i: open_due(c) for i, c in clocks.items()}}


def filing_rows(page) -> dict:
    return {}


# ---------------------------------------------------------------------------------------------
# A request's page


def timeline(subject: str, matter_id: int, event_labels, state_labels) -> list[dict]:
    from ipcenter.matters import presenters as matter_presenters

    return matter_presenters.timeline(subject, matter_id, event_labels, state_labels)


def available(matter, user, now: datetime, actions: dict, permitted, facts) -> list[str]:
    """The actions ``user`` may take now on ``matter``: permitted, open in its state, and not
    refused by a guard that reads only the matter (``facts``: what the guards would read, with
    the user's input assumed given — that part is checked on submit)."""
    from ipcenter.prexam.actions import open_in_state

    names = []
    for name, action in actions.items():
        if not open_in_state(matter, action) or not permitted(user, matter, action):
            continue
        if action.event is not None:
            from ipcenter.matters import spec_of

            if spec_of(matter).flow.refusal(matter.state, action.event, facts):
                continue
        names.append(name)
    return names


def _forms(matter, user, names, actions, failed):
    found = {}
    for name in names:
        if failed and failed[0] == name:
            found[name] = failed[1]
        else:
            found[name] = actions[name].build(matter, user, formdata=None)
    if failed and failed[0] not in found:
        found[failed[0]] = failed[1]
    return found


def _subclass_title(request) -> str:
    from ipcenter.core.db import db
    from ipcenter.prexam.models import ScopeClass

    return db.session.execute(sa.select(ScopeClass.title).where(
        ScopeClass.patent_kind == request.patent_kind, ScopeClass.code == request.subclass)
        .order_by(ScopeClass.effective_from.desc()).limit(1)).scalar_one_or_none() or ""


def _duplicates(request, for_the_centre: bool) -> dict:
    """The possible duplicates the centre sees, and whether the check ran at all."""
    from ipcenter.prexam import duplicates

    if not for_the_centre:
        return {"duplicates": [], "duplicates_unchecked": False}
    return {"duplicates": request.duplicates or [],
            "duplicates_unchecked": not duplicates.checked(request)}


def request_page(request, user, now: datetime, failed=None) -> dict:
    from ipcenter.auth import policy
    from ipcenter.matters import presenters as matter_presenters
    from ipcenter.matters import presiding
    from ipcenter.prexam import actions, services
    from ipcenter.prexam.kind import REQUEST
    from ipcenter.prexam.workflow import EVENT_LABELS, STATE_LABELS

    facts = services.facts(request, now, actor_id=user.id, **actions.ASSUMED_INPUT)
    names = available(request, user, now, actions.ACTIONS, actions.permitted, facts)
    lead = presiding(request)
    people = names_of([lead.user_id if lead else None,
                       *(o.examiner_id for o in request.opinions)])
    return {
        "req": request,
        "state_label": state_label(request.state),
        "kind_label": kind_label(request.patent_kind),
        "subclass_title": _subclass_title(request),
        "applicants": request.applicants,
        "applicant_kinds": APPLICANT_KIND_LABELS,
        "examiner": people.get(lead.user_id) if lead else None,
        "people": people,
        "clocks": _clocks_of(REQUEST.subject, [request.id], now)[request.id],
        # The centre's alone; "not checked" (the index could not be read at submission) is
        # said as such, never shown as an empty list, which would read as "none found".
        **_duplicates(request, policy.can(user, "prexam.queue")),
        "opinions": [{"opinion": o, "points": [(basis_label(p.get("basis")), p.get("text", ""))
                                               for p in o.points or []],
                      "checklist": checklist_rows(request.patent_kind, o.checklist)}
                     for o in request.opinions],
        "timeline": timeline(REQUEST.subject, request.id, EVENT_LABELS, STATE_LABELS),
        **matter_presenters.document_page(request, user, "prexam.document"),
        "actions": _forms(request, user, names, actions.ACTIONS, failed),
        "action_titles": {n: actions.title_of(a) for n, a in actions.ACTIONS.items()},
        "open_action": failed[0] if failed else None,
    }


def filing_page(filing, user, now: datetime, failed=None) -> dict:
    from ipcenter.matters import presenters as matter_presenters
    from ipcenter.prexam import actions, services
    from ipcenter.prexam.kind import FILING
    from ipcenter.prexam.workflow import FILING_EVENT_LABELS, FILING_STATE_LABELS

    facts = services.filing_facts(filing, now, actor_id=user.id, **actions.ASSUMED_FILING_INPUT)
    names = available(filing, user, now, actions.FILING_ACTIONS, actions.filing_permitted,
                      facts)
    people = names_of([filing.decided_by_id, filing.proposed_by_id])
    return {
        "filing": filing,
        "state_label": filing_state_label(filing.state),
        "ground_label": ground_label(filing.proposal_ground),
        "measure_label": MEASURE_LABELS.get(filing.proposal or "", ""),
        "people": people,
        "clocks": _clocks_of(FILING.subject, [filing.id], now)[filing.id],
        "timeline": timeline(FILING.subject, filing.id, FILING_EVENT_LABELS,
                             FILING_STATE_LABELS),
        **matter_presenters.document_page(filing, user, "prexam.filing.document"),
        "actions": _forms(filing, user, names, actions.FILING_ACTIONS, failed),
        "action_titles": {n: actions.title_of(a) for n, a in actions.FILING_ACTIONS.items()},
        "open_action": failed[0] if failed else None,
    }
