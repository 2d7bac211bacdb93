"""What the case page shows a given user: plain values for the template."""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth import policy
from ipcenter.cases.models import PatentCase, RecusalRequest
from ipcenter.cases.workflow import EVENT_LABELS, PATENT_FLOW, STATE_LABELS, TERMINAL, E, S
from ipcenter.core import audit, timelimits
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.models import Deadline
from ipcenter.core.workdays import load_calendar

OTHER_LABELS = {
    "case.file": _l("Complaint drafted"), "case.upload": _l("Document added"),
    "case.answer": _l("Answer filed"), "case.assign_panel": _l("Panel formed"),
    "case.request_recusal": _l("Recusal requested"),
    "case.decide_recusal": _l("Recusal decided"),
    "case.request_extension": _l("Extension requested"),
    "case.approve_extension": _l("Extension approved"),
    "document.issue": _l("Official document issued"),
    "document.download": _l("Document downloaded"),
}

ACTION_TITLES = {
    "answer": _l("File the answer"), "upload": _l("Add a document"),
    "panel": _l("Form the panel"), "request_extension": _l("Ask for a one-month extension"),
    "approve_extension": _l("Approve the extension"),
    "request_recusal": _l("Ask that a panel member stand down"),
}


def timeline(case: PatentCase) -> list[dict]:
    rows = []
    for event in audit.events_for("case", case.id):
        if event.action == "document.download":
            continue
        name = event.action.split(".", 1)[1]
        label = OTHER_LABELS.get(event.action) or EVENT_LABELS.get(name, event.action)
        detail = json.loads(event.detail or "{}")
        rows.append({"at": event.at, "who": event.actor_name, "label": label,
                     "to": STATE_LABELS.get(detail.get("to"), "") if detail.get("to") else "",
                     "reason": detail.get("reason", "")})
    return rows


def available_actions(case: PatentCase, user, now: datetime) -> list[str]:
    """The actions this user may take on this case now (guards that depend only on the case
    are checked; those that depend on what the user will type are checked on submit)."""
    from ipcenter.cases import services
    from ipcenter.cases.views import ACTIONS, permitted

    names = []
    if S(case.state) not in TERMINAL:
        facts = services._facts(case, now, reason="…",
                                hearing_on=services.earliest_hearing(now),
                                earliest_hearing=services.earliest_hearing(now))
        for name, action in ACTIONS.items():
            if not permitted(user, case, action):
                continue
            if action.event is not None:
                transition = PATENT_FLOW.find(case.state, action.event)
                if transition is None:
                    continue
                # Guards the form's input will satisfy are not held against the offer.
                if action.event not in (E.DRAFT_DECISION, E.SUBMIT) and \
                        PATENT_FLOW.refusal(case.state, action.event, facts):
                    continue
            names.append(name)
    if "approve_extension" in names and (case.extension_requested_at is None
                                         or case.extension_approved_at is not None):
        names.remove("approve_extension")
    if "request_extension" in names and case.extension_requested_at is not None:
        names.remove("request_extension")
    if "answer" in names and any(p.answered_at for p in case.respondents
                                 if p.organisation_id == user.organisation_id):
        names.remove("answer")
    return names


def case_page(case: PatentCase, user, now: datetime, failed=None) -> dict:
    from ipcenter.cases.views import ACTIONS, prepare

    cal = load_calendar()
    today = local_date(now)
    clocks = [timelimits.describe(row, today, cal) for row in db.session.execute(
        sa.select(Deadline).where(Deadline.subject_type == "case", Deadline.subject_id == case.id)
        .order_by(Deadline.id)).scalars()]
    names = available_actions(case, user, now)
    action_forms = {}
    for name in names:
        if failed and failed[0] == name:
            action_forms[name] = failed[1]
        else:
            action_forms[name] = prepare(ACTIONS[name].form(formdata=None), case, name)
    if failed and failed[0] not in action_forms:
        action_forms[failed[0]] = failed[1]
    recusals = []
    if policy.can(user, "case.recusal.decide", case):
        recusals = db.session.execute(sa.select(RecusalRequest).where(
            RecusalRequest.case_id == case.id, RecusalRequest.decided_at.is_(None))).scalars().all()
    return {
        "case": case,
        "state_label": STATE_LABELS.get(S(case.state), case.state),
        "clocks": clocks,
        "documents": [d for d in case.documents if policy.can(user, "case.document", d)],
        "timeline": timeline(case),
        "actions": action_forms,
        "action_titles": {**{n: EVENT_LABELS[a.event] for n, a in ACTIONS.items() if a.event},
                          **ACTION_TITLES},
        "open_action": failed[0] if failed else None,
        "recusals": recusals,
        "handlers": {h.id: h for h in case.handlers},
        "is_centre": user.has_role("adjudicator", "director"),
    }
