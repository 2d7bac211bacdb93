"""What the case page shows a given user: plain values for the template."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import orm

from ipcenter.auth import policy
from ipcenter.cases import represented
from ipcenter.cases.counter import clerk_of
from ipcenter.cases.kinds import spec_of
from ipcenter.cases.models import RecusalRequest
from ipcenter.core import formatting, timelimits
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.models import Deadline
from ipcenter.core.workdays import request_calendar
from ipcenter.matters import presenters as matter_presenters
from ipcenter.matters import serving
from ipcenter.matters.presenters import TEXT_REASONS, TEXT_STATUS
from ipcenter.web.filters import message as days_in_words

ACTION_TITLES = {
    "answer": _l("File the answer"), "upload": _l("Add a document"),
    "panel": _l("Form the panel"), "request_extension": _l("Ask for a one-month extension"),
    "approve_extension": _l("Approve the extension"),
    "request_recusal": _l("Ask that a panel member stand down"),
    "officers": _l("Assign the officers"), "measure": _l("Take a measure"),
    "end_measure": _l("End a measure"), "findings": _l("Record findings and figures"),
    "propose_penalty": _l("Propose the penalty"), "statement": _l("State your case"),
    "police_answer": _l("Record the police answer"), "extend": _l("Extend a time limit"),
    "publish": _l("Publish the decision (masked)"),
    "collective_extension": _l("Extend further by collective decision"),
    "no_referral_reason": _l("Record why the criminal elements are not made out"),
    "approve_no_referral": _l("Approve the reasons for not referring"),
}


def timeline(case) -> list[dict]:
    spec = spec_of(case)
    return matter_presenters.timeline("case", case.id, spec.event_labels, spec.state_labels)


def _offers(case, user, now: datetime) -> tuple[list[str], dict[str, str]]:
    """The actions this user may take on this case now, and those the case's record does not
    open yet, each with what opens it (the guard's reason). Guards that depend only on the case
    are checked; those that depend on what the user will type are checked on submit."""
    from ipcenter.cases.actions import actions_for, permitted

    spec = spec_of(case)
    if case.state in spec.terminal:
        # A closed case can still have its decision published.
        return (["publish"] if policy.can(user, "case.publish", case) else []), {}
    facts = spec.offer_facts(case, now) if spec.offer_facts else None
    names, locked = [], {}
    for name, action in actions_for(case).items():
        if not permitted(user, case, action):
            continue
        if action.event is not None:
            if spec.flow.find(case.state, action.event) is None:
                continue
            if action.event not in spec.input_events:
                reason = spec.flow.refusal(case.state, action.event, facts)
                if reason:
                    locked[name] = _unlocks(case, action.event, reason, now)
                    continue
        names.append(name)
    hidden = spec.hidden_actions(case, user) | {
        name for name, states in spec.action_states.items() if case.state not in states}
    return ([n for n in names if n not in hidden],
            {n: r for n, r in locked.items() if n not in hidden})


# Events a hearing opens: their record is entered on or after the hearing day.
AFTER_THE_HEARING = frozenset({"record_hearing"})


def _unlocks(case, event: str, reason, now: datetime) -> str:
    """What opens a locked action, in words: the guard's reason, and for the record of a
    hearing still ahead, the day it opens."""
    hearing = getattr(case, "hearing_at", None)
    if event in AFTER_THE_HEARING and hearing is not None and hearing > now:
        return str(_l("Enter the hearing record on or after %(day)s, the hearing day.",
                      day=formatting.zh_date(hearing) if _zh() else formatting.en_date(hearing)))
    return str(reason)


def _zh() -> bool:
    from ipcenter.web.filters import _zh as page_in_chinese

    return page_in_chinese()


def available_actions(case, user, now: datetime) -> list[str]:
    """The actions this user may take on this case now (``_offers``)."""
    return _offers(case, user, now)[0]


def _is_party(case, user) -> bool:
    return any(p.organisation_id == user.organisation_id for p in case.respondents
               if p.organisation_id)


def case_page(case, user, now: datetime, failed=None) -> dict:
    from ipcenter.cases.actions import actions_for, prepare

    spec = spec_of(case)
    actions = actions_for(case)
    cal = request_calendar()
    today = local_date(now)
    clocks = [timelimits.describe(row, today, cal) for row in db.session.execute(
        sa.select(Deadline).where(Deadline.subject_type == "case", Deadline.subject_id == case.id)
        .options(orm.selectinload(Deadline.pauses)).order_by(Deadline.id)).scalars()]
    action_forms = {}
    offered, locked = _offers(case, user, now)
    for name in offered:
        if failed and failed[0] == name:
            action_forms[name] = failed[1]
        else:
            action_forms[name] = prepare(actions[name].form_class(case)(formdata=None), case,
                                            name, user)
    if failed and failed[0] not in action_forms:
        action_forms[failed[0]] = failed[1]
    recusals = []
    if policy.can(user, "case.recusal.decide", case):
        recusals = db.session.execute(sa.select(RecusalRequest).where(
            RecusalRequest.case_id == case.id, RecusalRequest.decided_at.is_(None))).scalars().all()
    page = {
        "case": case,
        "page_partial": spec.page_partial,
        "state_label": spec.state_labels.get(case.state, case.state),
        "clocks": clocks,
        "documents": matter_presenters.documents_for(case, user, "case.document"),
        "timeline": timeline(case),
        "actions": action_forms,
        "action_titles": {**{n: spec.event_labels[a.event] for n, a in actions.items()
                             if a.event}, **{n: a.title for n, a in actions.items()
                                            if a.title}, **ACTION_TITLES},
        "open_action": failed[0] if failed else None,
        # What is not open yet, and what opens it (the days in it as the page writes days).
        "locked": {name: days_in_words(reason) for name, reason in locked.items()
                   if name not in action_forms},
        "recusals": recusals,
        "handlers": {h.id: h for h in case.handlers},
        "is_centre": user.has_role("adjudicator", "director", "enforcer"),
        "is_party": _is_party(case, user),
        "show_informant": policy.can(user, "case.see_informant", case),
        # 窗口受理: the clerk who entered the firm's paper complaint ("" when the firm filed).
        "counter_clerk": clerk_of(case),
        # The agency that filed for the right holder, the requester (None when it filed itself).
        "filing_agency": represented.filing_agency(case),
        "text_status": TEXT_STATUS, "text_reasons": TEXT_REASONS,
    }
    page["service"] = serving.rows(case)  # templates/matters/_service.html
    page.update(spec.page_extra(case, user, today))
    return page
