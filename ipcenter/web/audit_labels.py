"""What an audit row says, in words: the one table of the actions the code writes to the log
(``audit.record("case.file", …)``), read by the admin's audit page and by every matter's
timeline. An action never reaches a page as its code: one the table does not name is
"其他操作". The transitions of a matter (``case.accept``, ``pledge.approve``: its subject and
its workflow's event) are named by that workflow's own event labels, their one home.

Who acted is the user's name, what a row is about is its kind of object in words, and what it
holds (``detail``) is read as "项目：内容" pairs, never as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.core.formatting import days_in_words

# Every action written by name, by its code. A new ``audit.record`` action needs its line here
# (tests/web/test_audit_labels.py reads the source and fails on one that is missing).
ACTIONS = {
    # the chain itself, the system
    "audit.keyed": _l("Audit log switched to keyed hashes"),
    "system.ping": _l("Background worker checked"),
    "system.sweep": _l("Queued messages swept"),
    "permission.refused": _l("Access refused"),
    # signing in
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Failed sign-in"),
    "auth.logout": _l("Signed out"),
    # administration
    "org.created": _l("Organisation created"),
    "org.updated": _l("Organisation changed"),
    "org.deactivated": _l("Organisation deactivated"),
    "org.reactivated": _l("Organisation reactivated"),
    "user.created": _l("Account created"),
    "user.updated": _l("Account changed"),
    "user.password_reset": _l("Password reset"),
    "user.deactivated": _l("Account deactivated"),
    "user.reactivated": _l("Account reactivated"),
    "role_grant.proposed": _l("Role proposed"),
    "role_grant.confirmed": _l("Role confirmed"),
    "role_grant.refused": _l("Role refused"),
    "role_grant.withdrawn": _l("Role proposal withdrawn"),
    "role_grant.appointed_by_operator": _l("Director appointed on the server"),
    "calendar.day_set": _l("Calendar day entered"),
    "calendar.day_removed": _l("Calendar day removed"),
    "calendar.year_published": _l("Year's calendar published"),
    # the rights register
    "right.register": _l("Right entered in the register"),
    "right.event": _l("Event of a right recorded"),
    # what every matter shares: files, official documents, clocks, service
    "document.download": _l("File opened"),
    "document.issue": _l("Official document issued"),
    "document.revoke": _l("Official document revoked"),
    "deadline.claim": _l("Time limit taken on"),
    "service.sent": _l("Document sent for service"),
    "service.received": _l("Receipt of a served document recorded"),
    "service.paper_filing": _l("Paper document received and recorded"),
    "case.upload": _l("Document added"),
    "prexam.upload": _l("Document added"),
    "prexam_filing.upload": _l("Document added"),
    "pledge.upload": _l("Document added"),
    # cases (patent adjudication, trademark enforcement)
    "case.file": _l("Complaint drafted"),
    "case.counter_filing": _l("Complaint received at the counter and entered"),
    "case.answer": _l("Answer filed"),
    "case.assign_panel": _l("Panel formed"),
    "case.assign_officers": _l("Officers assigned"),
    "case.request_recusal": _l("Recusal requested"),
    "case.decide_recusal": _l("Recusal decided"),
    "case.request_extension": _l("Extension requested"),
    "case.approve_extension": _l("Extension approved"),
    "case.record_findings": _l("Findings recorded"),
    "case.propose_penalty": _l("Penalty proposed"),
    "case.statement": _l("Statement recorded"),
    "case.publish": _l("Decision published"),
    "case.collective_extension": _l("Extended by collective decision"),
    "case.measure_preservation": _l("Evidence preserved"),
    "case.measure_seizure": _l("Goods seized"),
    "case.measure_appraisal": _l("Testing or appraisal started"),
    "case.end_preservation": _l("Decision on preserved evidence"),
    "case.end_seizure": _l("Seizure ended"),
    "case.end_appraisal": _l("Testing or appraisal ended"),
    "case.no_referral_reason": _l("Reasons for not referring recorded"),
    "case.approve_no_referral": _l("Reasons for not referring approved"),
    # rapid pre-examination
    "prexam.submit": _l("Request submitted"),
    "prexam.reassign": _l("Handed to another examiner"),
    "prexam.checklist": _l("Checklist recorded"),
    "prexam.duplicates_unchecked": _l("Duplicate check could not be made"),
    "prexam.scope_add": _l("Class added to the pre-examination scope"),
    "prexam.scope_end": _l("Class taken out of the pre-examination scope"),
    "prexam.scope_confirm": _l("Pre-examination scope confirmed"),
    "prexam.targets": _l("Pre-examination targets set"),
    "prexam_filing.apply": _l("Registration applied for"),
    # pledge financing and the pool
    "pledge.file": _l("Application filed"),
    "pledge.payment": _l("Instalment paid"),
    "pledge.recovery": _l("Recovery recorded"),
    "pledge.alert": _l("Risk alert raised"),
    "pledge.alert_seen": _l("Risk alert read"),
    "pool.contribution": _l("Contribution to the pool posted"),
    "pool.compensation": _l("Compensation from the pool posted"),
    "pool.recovery": _l("Recovery to the pool posted"),
    "pool.interest": _l("Interest on the pool posted"),
    # exports and notices
    "export.request": _l("Register export requested"),
    "export.build": _l("Register export built"),
    "export.download": _l("Register export downloaded"),
    "export.purge": _l("Expired register export purged"),
    "notice.channels": _l("Notification channels chosen"),
    "notice.contacts": _l("Own e-mail address or mobile number changed"),
    "notice.requeue": _l("Given-up notice delivery sent again"),
    # the JSON API: its tokens, and the row naming the token of each write through it
    "api_token.create": _l("API token issued"),
    "api_token.revoke": _l("API token revoked"),
    "api.pledge.approve": _l("Loan approved through the API"),
    "api.pledge.decline": _l("Loan declined through the API"),
    "api.pledge.payment": _l("Instalment posted through the API"),
    "api.case.file": _l("Complaint filed through the API"),
}

# An action no line names (a code written before its label): in words, never as its code.
OTHER = _l("Other action")

# What a row is about (its ``object_type``).
SUBJECTS = {
    "case": _l("Case"), "prexam": _l("Pre-examination request"),
    "prexam_filing": _l("Registration for pre-examination"), "pledge": _l("Pledge application"),
    "pool": _l("Risk-compensation pool"), "user": _l("Account"),
    "organisation": _l("Organisation"), "role_grant": _l("Role proposal"),
    "calendar_day": _l("Calendar day"), "calendar_year": _l("Calendar year"),
    "right": _l("Registered right"), "prexam_scope": _l("Pre-examination scope"),
    "prexam_targets": _l("Pre-examination targets"), "outbox": _l("Message queue"),
    "ping": _l("Background worker"), "export": _l("Register export"),
    "api_token": _l("API token"), "notice_delivery": _l("Notice delivery"),
}
OTHER_SUBJECT = _l("Other record")

# The items a row's ``detail`` holds, by key. A key not named is shown as "其他".
DETAIL_KEYS = {
    "from": _l("Was"), "to": _l("Became"), "reason": _l("Reason"), "reasons": _l("Reasons"),
    "note": _l("Note"), "on": _l("Date"), "at": _l("Time"), "day": _l("Date"),
    "kind": _l("Kind"), "name": _l("Name"), "title": _l("Title"), "number": _l("Number"),
    "code": _l("Code"), "amount": _l("Amount"), "paid_on": _l("Paid on"),
    "received_on": _l("Received on"), "posted_on": _l("Posted on"), "sent_on": _l("Sent on"),
    "accepted_on": _l("Accepted on"), "approved_on": _l("Approved on"),
    "suspended_on": _l("Suspended on"), "until": _l("Until"), "expires_at": _l("Expires"),
    "new_due": _l("New time limit"), "original_due": _l("Original time limit"),
    "clock": _l("Time limit"), "deadline": _l("Time limit"), "days": _l("Days"),
    "username": _l("Username"), "role": _l("Role"), "roles": _l("Roles"),
    "firm": _l("Firm"), "party": _l("Party"), "court": _l("Court"), "place": _l("Place"),
    "hearing_at": _l("Hearing"), "hearing_place": _l("Place of hearing"),
    "document": _l("Document"), "document_no": _l("Document number"),
    "template": _l("Document"), "path": _l("File"), "files": _l("Files"),
    "sha256": _l("Fingerprint"), "round": _l("Round"), "seq": _l("Instalment"),
    "memo": _l("Memo"), "debit": _l("Debit"), "credit": _l("Credit"),
    "posting": _l("Posting"), "application": _l("Application"), "event": _l("Event"),
    "authority": _l("Authority"), "year": _l("Year"), "source": _l("Source"),
    "outcome": _l("Outcome"), "measure": _l("Measure"), "members": _l("Members"),
    "presiding": _l("Presiding member"), "officers": _l("Officers"),
    "examiner": _l("Examiner"), "lead": _l("Lead examiner"), "paper": _l("On paper"),
    "approved_by": _l("Approved by"), "acts": _l("Days of the acts"),
    "findings": _l("Findings"), "fine": _l("Fine"), "method": _l("Method"),
    "service": _l("Service"), "error": _l("Error"), "action": _l("Action"),
    "pause": _l("Period not counted"), "right": _l("Right"), "rights": _l("Rights"),
    "decision_number": _l("Decision number"), "is_workday": _l("Working day"),
    "checked_on": _l("Checked on"), "failures": _l("Checks failed"),
    "paid_until": _l("Paid until"), "freeze": _l("Freeze"), "matter": _l("Matter"),
    "requeued": _l("Requeued"), "resent": _l("Sent again"),
    "users_deactivated": _l("Accounts deactivated"), "alert": _l("Alert"),
    "register": _l("Which register"), "filters": _l("Filters"), "format": _l("Format"),
    "rows": _l("Rows"), "channels": _l("Channels"), "token": _l("API token"),
    "token_name": _l("Token name"), "user": _l("Account"), "scopes": _l("Scopes"),
    "channel": _l("Channel"), "changed": _l("Changed"),
}
OTHER_KEY = _l("Other")
# The notice channels and the addresses a user keeps for them (``notice.*`` rows).
NOTICE_WORDS = {"email": _l("E-mail"), "sms": _l("SMS"), "phone": _l("Mobile number")}
YES, NO = _l("yes"), _l("no")


def _transition(action: str, event_labels: Mapping | None = None):
    """The event label of ``action`` when it is a transition (``<subject>.<event>``): by
    ``event_labels`` when given (the matter's own workflow's), else by the registered kinds'
    workflows."""
    from ipcenter.matters.kinds import registered

    subject, _, event = action.partition(".")
    tables = [event_labels] if event_labels is not None else \
        [spec.flow.event_labels for spec in registered().values() if spec.subject == subject]
    for table in tables:
        if table.get(event):
            return table[event]
    return None


def label(action: str, event_labels: Mapping | None = None):
    """The words for ``action``: the table's, a transition's event label, else "其他操作"."""
    return ACTIONS.get(action) or _transition(action, event_labels) or OTHER


def subject_label(obj_type: str):
    return SUBJECTS.get(obj_type, OTHER_SUBJECT) if obj_type else ""


def _states(subject: str) -> dict:
    from ipcenter.matters.kinds import registered

    states = {}
    for spec in registered().values():
        if spec.subject == subject:
            for state, words in spec.flow.state_labels.items():
                states.setdefault(str(state), words)
    return states


def _value(value, states: Mapping) -> str:
    """One item's content in words (``states``: the words for codes it may hold)."""
    if isinstance(value, bool):
        return str(YES if value else NO)
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return "、".join(_value(v, states) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{key_label(k)}：{_value(v, states)}" for k, v in value.items())
    text = str(value)
    return str(states.get(text, days_in_words(text)))


def key_label(key: str):
    return DETAIL_KEYS.get(key, OTHER_KEY)


# Items that repeat another in words (a document's template name beside its title).
HIDDEN_KEYS = frozenset({"template"})


def _words_for(key: str, action: str, subject: str) -> Mapping:
    """The words for the codes item ``key`` of an ``action`` row may hold: a matter's states,
    roles, a file's kind, a right's kind or event."""
    from ipcenter.auth.roles import ROLE_LABELS
    from ipcenter.matters.kinds import registered

    if key in ("role", "roles"):
        return {str(role): words for role, words in ROLE_LABELS.items()}
    if key in ("channel", "channels", "changed"):  # a user's notice channels and addresses
        return NOTICE_WORDS
    if key == "kind" and action.endswith(".upload"):
        return {str(k): upload.title for spec in registered().values()
                if spec.subject == subject for k, upload in spec.upload_kinds.items()}
    if key == "kind" and action == "right.event":
        from ipcenter.ip.register import EVENT_LABELS

        return {str(k): words for k, words in EVENT_LABELS.items()}
    if key == "kind" and action == "right.register":
        from ipcenter.admin.register import KIND_LABELS

        return KIND_LABELS
    return _states(subject) if subject else {}


def _matter(value):
    """``case:3`` (a matter named in a right's event) as 案件 3."""
    subject, _, number = str(value).partition(":")
    return f"{subject_label(subject)} {number}" if number.isdigit() else value


def details(detail: str | dict | None, subject: str = "", action: str = ""
            ) -> list[tuple[str, str]]:
    """A row's ``detail`` as (item, content) pairs in words: days written 2026年12月2日,
    states, roles and kinds by their labels, yes/no, lists joined; never as JSON."""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail or "{}")
        except ValueError:
            return [(str(OTHER_KEY), days_in_words(detail))]
    if not isinstance(detail, dict):
        return [] if detail is None else [(str(OTHER_KEY), _value(detail, {}))]
    return [(str(key_label(k)),
             _value(_matter(v) if k == "matter" and v else v, _words_for(k, action, subject)))
            for k, v in detail.items() if k not in HIDDEN_KEYS]


def names_of(ids: Iterable) -> dict[int, str]:
    """Users' names by id, in one query."""
    from ipcenter.auth.models import User
    from ipcenter.core.db import db

    wanted = {int(i) for i in ids if i is not None and str(i).isdigit()}
    if not wanted:
        return {}
    return dict(db.session.execute(
        sa.select(User.id, User.display_name).where(User.id.in_(wanted))).all())


def rows(events) -> list[dict]:
    """Audit rows as the admin's page shows them: when, who (the user's name), what (in
    words), about what (its kind and, for an account, its holder's name), the details."""
    events = list(events)
    names = names_of([e.actor_id for e in events] +
                     [e.object_id for e in events if e.object_type == "user"])
    shown = []
    for event in events:
        about = subject_label(event.object_type)
        if event.object_type == "user" and event.object_id.isdigit() \
                and int(event.object_id) in names:
            about = f"{about}：{names[int(event.object_id)]}"
        elif event.object_id:
            about = f"{about} {days_in_words(event.object_id)}"
        shown.append({
            "seq": event.seq, "at": event.at, "action": event.action,
            "who": event.actor_name or names.get(event.actor_id, ""),
            "label": label(event.action), "about": about,
            "details": details(event.detail, event.object_type, event.action),
            "address": event.address,
        })
    return shown
