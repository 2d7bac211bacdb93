"""Service of documents (送达) as a recorded fact, for every kind of matter.

A document the centre serves on a party gets a ``ServiceRecord``: the method, the day it was
sent, the day it was received (or the day service is deemed complete) and who received it,
and a 送达回证 issued for it. A clock that the law counts from receipt — the respondent's answer
period (专利行政执法办法: 收到之日起15日内), the party's statement period after the 告知书 is
served (行政处罚法 Art. 64(1)) — is named on the record (``opens``) and opens only when the
receipt is recorded, from the day of receipt. Until then the matter awaits proof of service
(待送达回证), and that wait is itself a clock (``service``): the document must be sent, then
its receipt proved, within the periods of ``RULES``.

A party without an account is served on paper, and the handler records what it sends back on
its behalf (``record_paper_filing``: the scan and the day it was received).

A party served through the system (电子送达) is told by a notice (``ipcenter.notify``). Where the
office asks the party to acknowledge receipt (``IPCENTER_SERVICE_ACKNOWLEDGE``), the notice
carries 确认收到, and the acknowledgement is the receipt (``acknowledge``: the same
``receive`` as the handler's, on the day it is given); otherwise the document is received on
the day it reaches the party's system.

A party that acts through another organisation (an agency that filed for the right holder it
names as requester; the kind says so with ``representative_org``) is served on that agent
(民事诉讼法 Art. 88: 受送达人有诉讼代理人的，可以送交其代理人签收): through the system, to the
agency's users (and the party's own, if it has any), received by the agency on the party's
behalf; the clock the receipt opens is the agency's.

The periods are configuration with their basis (``RULES``; an office may override them with
``IPCENTER_SERVICE_PERIODS``). Each function takes ``actor`` and ``now``, flushes, and raises
``InvalidInput`` or ``Conflict`` with the reason before writing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import BinaryIO

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from ipcenter import notify
from ipcenter.core import audit, outbox, storage, timelimits
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.deadlines import Period, add_months
from ipcenter.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipcenter.core.formatting import zh_date
from ipcenter.core.models import Deadline
from ipcenter.core.text import clean_name
from ipcenter.core.workdays import UnknownCalendarYear, load_calendar
from ipcenter.matters.clocks import open_clock
from ipcenter.matters.handlers import presiding
from ipcenter.matters.kinds import registered, spec_of
from ipcenter.matters.models import DocAudience, ServiceMethod, ServiceRecord, new_row

M = ServiceMethod

METHOD_LABELS = {M.DIRECT: "直接送达", M.POST: "邮寄送达", M.ELECTRONIC: "电子送达",
                 M.LEAVE: "留置送达", M.PUBLIC: "公告送达"}

RECEIPT_TITLE = "送达回证"
TITLES = {"service_receipt": RECEIPT_TITLE}
CLOCK = "service"  # the clock of a service not yet proved

# A party with an account is served through the system (电子送达, 民事诉讼法 Art. 90): its
# consent is the one its firm gives when it takes an account (the centre's terms of use).
SYSTEM_CONSENT = "受送达人使用本系统账户，经其同意通过本系统电子送达"
# A party represented by an agency is served on the agency (民事诉讼法 Art. 88), whose consent
# is the one it gave when it took its account.
AGENT_CONSENT = ("受送达人的代理人{agent}使用本系统账户，经其同意通过本系统向代理人电子送达"
                 "（民事诉讼法第八十八条）")


def representative(matter, party):
    """The organisation served in ``party``'s stead (its agent, as the matter's kind names
    it), or None: the party is served itself."""
    if party is None:
        return None
    hook = getattr(spec_of(matter), "representative_org", None)
    return hook(matter, party) if hook is not None else None


def _agent_line(agent) -> str:
    return f"{agent.name}（代理人）"


@dataclass(frozen=True)
class Rule:
    period: str
    basis: str


# The periods of service, each with its basis. ``send``: from the day the document is issued
# to the day it is sent; ``proof``: from sending to the proof of receipt, by method; ``deemed``:
# after which service is complete without a receipt.
RULES = {
    "send": Rule("5wd", "中心规则：文书作出之日起5个工作日内送达（参照专利行政执法办法立案后"
                        "5个工作日内送达请求书副本）"),
    "proof": {
        M.DIRECT: Rule("3wd", "中心规则：直接送达的，3个工作日内附送达回证"),
        M.LEAVE: Rule("3wd", "民事诉讼法第八十九条：留置送达，记明拒收事由和日期；"
                             "中心规则：3个工作日内附送达回证"),
        M.ELECTRONIC: Rule("3wd", "民事诉讼法第九十条：电子送达以到达受送达人特定系统的日期为"
                                  "送达日期"),
        M.POST: Rule("15d", "民事诉讼法第九十一条：邮寄送达以回执上注明的收件日期为送达日期；"
                            "未退回回执的，依视为送达期间"),
        M.PUBLIC: Rule("30d", "民事诉讼法第九十五条：公告送达，自发出公告之日起经过三十日即视为送达"),
    },
    "deemed": {
        M.PUBLIC: Rule("30d", "民事诉讼法第九十五条：自发出公告之日起，经过三十日，即视为送达"),
        M.POST: Rule("15d", "中心规则：邮寄未退回回执的，自寄出之日起满15日推定为收到之日"
                            "（参照专利法实施细则第四条）"),
    },
}


def rule(name: str, method: str | None = None) -> Rule:
    """The rule ``name`` (for ``method``), with the office's override of its period
    (``IPCENTER_SERVICE_PERIODS = {"deemed.post": "20d", "send": "7wd", …}``)."""
    base = RULES[name] if method is None else RULES[name][M(method)]
    key = name if method is None else f"{name}.{method}"
    overrides = current_app.config.get("IPCENTER_SERVICE_PERIODS", {}) if has_app_context() \
        else {}
    if key in overrides:
        return Rule(str(Period.parse(overrides[key])), f"{base.basis}（本中心设定为"
                                                       f"{overrides[key]}）")
    return base


def deemed_on(record: ServiceRecord) -> date | None:
    """The day service by ``record``'s method is complete without a receipt (公告送达, or post
    without a returned receipt): its period counted from the day after sending, or None for a
    method that needs a receipt."""
    if record.sent_on is None or record.method not in RULES["deemed"]:
        return None
    period = Period.parse(rule("deemed", record.method).period)
    if period.unit == "d":
        return record.sent_on + timedelta(days=period.amount)
    if period.unit == "m":
        return add_months(record.sent_on, period.amount)
    cal = load_calendar()
    try:
        return cal.add_workdays(record.sent_on, period.amount)
    except UnknownCalendarYear:
        return cal.provisional().add_workdays(record.sent_on, period.amount)


# ---------------------------------------------------------------------------------------------
# Reading


def records(matter) -> list[ServiceRecord]:
    """Every service record of the matter, oldest first."""
    return list(db.session.execute(sa.select(ServiceRecord).filter_by(
        subject_type=spec_of(matter).subject, subject_id=matter.id)
        .order_by(ServiceRecord.id)).scalars())


def awaiting_proof(matter, opens: str | None = None) -> list[ServiceRecord]:
    """The records whose receipt is not yet recorded (待送达回证), of the clock ``opens``."""
    return [r for r in records(matter) if r.received_on is None
            and (opens is None or r.opens == opens)]


def require_served(matter, opens: str, done=frozenset()) -> None:
    """Raises ``Conflict`` while a document whose period runs from receipt awaits its proof
    of service: the period has not begun, so it cannot have ended. Parties in ``done`` (their
    ids: they have answered already) no longer wait."""
    waiting = [r for r in awaiting_proof(matter, opens) if r.party_id not in done]
    if waiting:
        raise Conflict(_l("Awaiting proof of service: record when %(party)s received %(doc)s "
                          "first.", party=waiting[0].party_name, doc=waiting[0].document_title))


def _record(matter, record_id) -> ServiceRecord:
    row = db.session.get(ServiceRecord, record_id) if record_id else None
    if row is None or row.subject_type != spec_of(matter).subject or row.subject_id != matter.id:
        raise InvalidInput(_l("Choose a document served on this case."))
    return row


def _party(matter, party_id: int):
    party = next((p for p in matter.parties if p.id == party_id), None)
    if party is None:
        raise InvalidInput(_l("Choose a party of this case."))
    return party


# ---------------------------------------------------------------------------------------------
# Writing


def _open_service_clock(matter, record: ServiceRecord, starts_on: date, now: datetime,
                        rule_: Rule, what: str) -> None:
    """The wait for ``record``'s next step, as a clock the handlers watch."""
    spec = spec_of(matter)
    lead = presiding(matter)
    assignee = ({"assignee_user_id": lead.user_id} if lead
                else {"assignee_role": spec.handler_role})
    row = timelimits.open_deadline(
        subject_type=spec.subject, subject_id=matter.id, subject_label=matter.label,
        kind=CLOCK, title=f"{what}：{record.document_title}（{record.party_name}）"[:200],
        starts_on=starts_on, period=rule_.period, basis=rule_.basis[:300], now=now, **assignee)
    db.session.flush()
    record.clock_id = row.id


def _close_service_clock(record: ServiceRecord, now: datetime) -> None:
    if record.clock_id is not None:
        row = db.session.get(Deadline, record.clock_id)
        if row is not None:
            timelimits.close(row, now, local_date(now))
        record.clock_id = None


def to_serve(matter, document, party, now: datetime, actor=None, opens: str = ""):
    """A document to be served on ``party``: its record, not yet sent, and the clock to send
    it (``RULES["send"]``). ``opens`` names the clock that runs from receipt. A party with an
    account is served through the system at once (``SYSTEM_CONSENT``), and its clock opens
    today."""
    record = ServiceRecord(
        subject_type=spec_of(matter).subject, subject_id=matter.id, document_id=document.id,
        document_title=document.title, party_id=party.id, party_name=party.name, opens=opens,
        created_at=now)
    db.session.add(record)
    db.session.flush()
    _open_service_clock(matter, record, local_date(now), now, rule("send"), "送达")
    agent = representative(matter, party)
    if agent is not None:
        send(matter, record.id, M.ELECTRONIC, None, actor, now,
             consent=AGENT_CONSENT.format(agent=agent.name))
    elif party.organisation_id:
        send(matter, record.id, M.ELECTRONIC, None, actor, now, consent=SYSTEM_CONSENT)
    return record


def send(matter, record_id: int, method: str, sent_on: date | None, actor, now: datetime,
         consent: str = "", electronic_receipt: bool | None = None) -> ServiceRecord:
    """Record that the document was sent to the party by ``method`` on ``sent_on`` (today by
    default). 电子送达 needs the party's consent, recorded (民事诉讼法 Art. 90); its users are
    told by a notice, and it is received on the day it reaches the party's system — or, where
    the office asks for an acknowledgement (``electronic_receipt`` False; by default
    ``IPCENTER_SERVICE_ACKNOWLEDGE``), on the day the party acknowledges it (``acknowledge``).
    Raises ``InvalidInput`` (an unknown method, a day in the future or before the document, no
    consent) or ``Conflict`` (sent already)."""
    record = _record(matter, record_id)
    today = local_date(now)
    if record.sent_on is not None:
        raise Conflict(_l("This document has already been sent to this party."))
    try:
        method = M(method)
    except ValueError:
        raise InvalidInput(_l("Choose how the document is served.")) from None
    day = sent_on or today
    if day > today:
        raise InvalidInput(_l("The day it was sent cannot be after today."))
    issued = local_date(record.created_at)
    if day < issued:
        raise InvalidInput(_l("The day it was sent cannot be before the document was made "
                              "(%(day)s).", day=zh_date(issued)))
    consent = clean_name(consent or "")
    if method == M.ELECTRONIC and not consent:
        raise InvalidInput(_l("Electronic service needs the party's consent: record how it "
                              "was given."))
    record.method, record.sent_on, record.consent = method, day, consent
    record.sent_by_id = getattr(actor, "id", None)
    _close_service_clock(record, now)
    audit.record("service.sent", actor=actor, obj_type=spec_of(matter).subject,
                 obj_id=matter.id, now=now,
                 detail={"document": record.document_title, "party": record.party_name,
                         "method": METHOD_LABELS[method], "sent_on": zh_date(day)})
    db.session.flush()
    if electronic_receipt is None:
        electronic_receipt = not acknowledgement_asked()
    if method == M.ELECTRONIC:
        _notice_served(matter, record, now, acknowledge=not electronic_receipt)
    if method == M.ELECTRONIC and electronic_receipt:
        # 民事诉讼法 Art. 90: served on the day it reaches the addressee's system — its agent's,
        # for a party served on its agent (Art. 88).
        agent = representative(matter, _party(matter, record.party_id))
        return receive(matter, record.id, day,
                       _agent_line(agent) if agent is not None else record.party_name,
                       actor, now)
    _open_service_clock(matter, record, day, now, rule("proof", method), "送达回证")
    return record


def receive(matter, record_id: int, received_on: date | None, received_by: str, actor,
            now: datetime, deemed: bool = False, proof: tuple[BinaryIO, str] | None = None
            ) -> ServiceRecord:
    """Record the receipt: the day (or, with ``deemed``, the day service is complete for a
    公告 or a post without a returned receipt), who received it (留置送达: who refused, and the
    witness), and the returned receipt's scan (``proof``: stream and file name). The clock
    the record names opens from that day; the 送达回证 is issued.

    Raises ``InvalidInput`` (not sent, before sending, in the future, no recipient, deemed
    for a method that needs a receipt or before its day) or ``Conflict`` (recorded already)."""
    record = _record(matter, record_id)
    today = local_date(now)
    if record.received_on is not None:
        raise Conflict(_l("The receipt of this document has already been recorded."))
    if record.sent_on is None:
        raise InvalidInput(_l("Record how and when the document was sent first."))
    if deemed:
        day = deemed_on(record)
        if day is None:
            raise InvalidInput(_l("Only a public notice or a post without a returned receipt "
                                  "is deemed served; record the day it was received."))
        if day > today:
            raise InvalidInput(_l("Service is deemed complete only on %(day)s.",
                                  day=zh_date(day)))
        received_by = received_by or ("公告" if record.method == M.PUBLIC else "邮件未退回回执")
    else:
        day = received_on
        if day is None:
            raise InvalidInput(_l("Give the day it was received."))
        if day > today:
            raise InvalidInput(_l("The day it was received cannot be after today."))
        if day < record.sent_on:
            raise InvalidInput(_l("The day it was received cannot be before the day it was "
                                  "sent (%(day)s).", day=zh_date(record.sent_on)))
    received_by = clean_name(received_by or "")
    if not received_by:
        raise InvalidInput(_l("Give who received it (for a refusal: who refused, and the "
                              "witness)."))
    if len(received_by) > 200:
        raise InvalidInput(_l("The name of who received it is too long (200 characters at "
                              "most)."))
    spec = spec_of(matter)
    if proof is not None:
        stream, filename = proof
        doc = store_scan(matter, "service_proof", f"{RECEIPT_TITLE}（回执扫描件）", stream,
                         filename, actor, now, audience=DocAudience.CENTRE)
        record.proof_document_id = doc.id
    record.received_on, record.deemed, record.received_by = day, deemed, received_by
    record.received_recorded_by_id = getattr(actor, "id", None)
    _close_service_clock(record, now)
    audit.record("service.received", actor=actor, obj_type=spec.subject, obj_id=matter.id,
                 now=now, detail={"document": record.document_title, "party": record.party_name,
                                  "received_on": zh_date(day), "deemed": deemed,
                                  "received_by": received_by})
    if record.opens:
        party = next((p for p in matter.parties if p.id == record.party_id), None)
        agent = representative(matter, party)
        if agent is not None:  # the agent acts for the party: the period is on its desk
            open_clock(matter, record.opens, day, now, assignee_org_id=agent.id)
        elif party is not None and party.organisation_id:
            open_clock(matter, record.opens, day, now, assignee_org_id=party.organisation_id)
        else:
            open_clock(matter, record.opens, day, now)
    if record.method != M.ELECTRONIC:
        # Served through a system, the system's record of arrival is the proof (民事诉讼法
        # Art. 90); on paper, the 送达回证.
        record.receipt_document_id = issue_receipt(matter, record, actor, now).id
    db.session.flush()
    return record


ACKNOWLEDGE = "service.acknowledge"  # the action a notice of electronic service offers


def acknowledgement_asked() -> bool:
    """Whether the office asks a party served electronically to acknowledge receipt."""
    return bool(has_app_context() and current_app.config.get("IPCENTER_SERVICE_ACKNOWLEDGE"))


def _notice_served(matter, record: ServiceRecord, now: datetime, acknowledge: bool) -> None:
    """Tell the users of the party served that a document reached them (电子送达); a party
    served on its agent: the agent's users (and the party's own, if it has any)."""
    party = _party(matter, record.party_id)
    agent = representative(matter, party)
    if agent is None:
        text = f"送达：{record.document_title}（{matter.label}）已通过本系统向您送达"
    else:
        text = (f"送达：{record.document_title}（{matter.label}）已通过本系统向{party.name}的"
                f"代理人{agent.name}送达")
    text += "，请查阅后确认收到。" if acknowledge else "。"
    orgs = [party.organisation_id] + ([agent.id] if agent is not None else [])
    notify.notify(notify.recipients.of_organisations(orgs),
                  "service.sent", (spec_of(matter).subject, matter.id), text,
                  _matter_url(matter), f"service:{record.id}", now=now,
                  action=ACKNOWLEDGE if acknowledge else "",
                  action_ref=record.id if acknowledge else None)


def _matter_url(matter) -> str:
    """The matter's page (``cases.detail``…, as its domain registered it with
    ``notify.links``), built without a request (a task, the CLI)."""
    return notify.links.url_of(spec_of(matter).subject, matter.id)


def _matter_of(record: ServiceRecord):
    """The matter a service record belongs to, whichever kind's table holds it."""
    kinds = registered()
    for mapper in db.Model.registry.mappers:
        if mapper.inherits is not None:
            continue
        for sub in mapper.self_and_descendants:
            kind = sub.polymorphic_identity
            column = sub.columns.get("kind")
            if kind is None and column is not None and column.default is not None:
                kind = getattr(column.default, "arg", None)
            spec = kinds.get(kind) if isinstance(kind, str) else None
            if spec is not None and spec.subject == record.subject_type:
                return db.session.get(mapper.class_, record.subject_id)
    return None


def acknowledge(record_id: int | None, user, now: datetime) -> ServiceRecord:
    """The party served electronically acknowledges receipt (确认收到): the receipt is
    recorded as the handler records it (``receive``), on the day of the acknowledgement, by
    the user who gave it; the period that runs from receipt starts.

    Raises ``NotFound`` (no such record), ``PermissionDenied`` (the user is not of the party
    served) or ``Conflict`` (not served electronically, or its receipt recorded already)."""
    record = db.session.get(ServiceRecord, record_id) if record_id else None
    matter = _matter_of(record) if record is not None else None
    if matter is None:
        raise NotFound(_l("No such service."))
    party = next((p for p in matter.parties if p.id == record.party_id), None)
    agent = representative(matter, party)
    org_id = getattr(user, "organisation_id", None)
    served = {party.organisation_id if party is not None else None,
              agent.id if agent is not None else None} - {None}
    if not org_id or org_id not in served:
        raise PermissionDenied(_l("Only the party served may acknowledge its receipt."))
    if record.method != M.ELECTRONIC or record.sent_on is None:
        raise Conflict(_l("This document was not served through the system."))
    if record.received_on is not None:
        raise Conflict(_l("The receipt of this document has already been recorded."))
    by = f"{user.display_name}（本系统确认收到）"
    if agent is not None and org_id == agent.id:
        by = f"{_agent_line(agent)}{user.display_name}（本系统确认收到）"
    return receive(matter, record.id, local_date(now), by, user, now)


notify.register_action(ACKNOWLEDGE, notify.NoticeAction(
    label=_l("Acknowledge receipt"),
    done=_l("Your receipt is recorded; the period running from it has started."),
    run=lambda notice, user, now: acknowledge(notice.action_ref, user, now)))


def issue_receipt(matter, record: ServiceRecord, actor, now: datetime):
    """The 送达回证 of ``record``, under the matter's number, rendered after commit."""
    from ipcenter.matters.services import issue

    sent_by = None
    if record.sent_by_id:
        from ipcenter.auth.models import User

        user = db.session.get(User, record.sent_by_id)
        sent_by = user.display_name if user else None
    return issue(matter, "service_receipt", RECEIPT_TITLE, now, actor,
                 audience=DocAudience.PARTIES, extra={"service": {
                     "document": record.document_title, "party": record.party_name,
                     "method": METHOD_LABELS[M(record.method)],
                     "sent_on": zh_date(record.sent_on),
                     "received_on": zh_date(record.received_on), "deemed": record.deemed,
                     "received_by": record.received_by, "consent": record.consent,
                     "sent_by": sent_by or "",
                     "basis": (rule("deemed", record.method).basis if record.deemed
                               else rule("proof", record.method).basis)}})


def store_scan(matter, kind: str, title: str, stream: BinaryIO, filename: str, actor,
               now: datetime, party=None, audience: str = DocAudience.PARTIES):
    """Store a paper document the handler scanned (a returned receipt, an answer brought or
    posted in) on the matter: type by content, size-limited, stored once; its text extracted
    after commit like any upload."""
    spec = spec_of(matter)
    if not filename:
        raise InvalidInput(_l("Attach the scan of the paper document."))
    saved = storage.save(stream, filename)
    doc = new_row(matter, "documents", kind=kind, title=title, filename=saved.filename,
                  sha256=saved.sha256, content_type=saved.content_type, size=saved.size,
                  audience=audience, party=party, uploaded_by_id=getattr(actor, "id", None),
                  created_at=now)
    db.session.add(doc)
    db.session.flush()
    audit.record(f"{spec.subject}.upload", actor=actor, obj_type=spec.subject,
                 obj_id=matter.id, now=now,
                 detail={"document": doc.id, "kind": kind, "sha256": saved.sha256,
                         "name": saved.filename})
    doc.text_status = "pending"
    outbox.enqueue(spec.extract_task, doc.id)
    return doc


@dataclass
class PaperFiling:
    """What a party without an account sent back on paper, as the handler records it."""

    party_id: int
    received_on: date | None
    stream: BinaryIO | None
    filename: str
    text: str = ""


def paper_filing(matter, data: PaperFiling, kind: str, title: str, actor, now: datetime,
                 earliest: date | None = None):
    """Check and store a party's paper filing: the party is one of the matter's and has no
    account (a party with one files for itself), the day it was received is neither in the
    future nor before ``earliest``, and the scan is attached. Returns ``(party, day, doc)``.

    Raises ``InvalidInput`` before anything is written."""
    party = _party(matter, data.party_id)
    if party.organisation_id:
        raise InvalidInput(_l("%(party)s has an account and files for itself.",
                              party=party.name))
    today = local_date(now)
    day = data.received_on
    if day is None:
        raise InvalidInput(_l("Give the day it was received."))
    if day > today:
        raise InvalidInput(_l("The day it was received cannot be after today."))
    if earliest is not None and day < earliest:
        raise InvalidInput(_l("The day it was received cannot be before %(day)s.",
                              day=zh_date(earliest)))
    if data.stream is None or not data.filename:
        raise InvalidInput(_l("Attach the scan of the paper document."))
    doc = store_scan(matter, kind, title, data.stream, data.filename, actor, now, party=party)
    audit.record("service.paper_filing", actor=actor, obj_type=spec_of(matter).subject,
                 obj_id=matter.id, now=now,
                 detail={"party": party.name, "title": title, "received_on": zh_date(day)})
    return party, day, doc


# ---------------------------------------------------------------------------------------------
# The page


def rows(matter, user=None) -> list[dict]:
    """The matter's service records as the page shows them, in words."""
    out = []
    for r in records(matter):
        deemed = deemed_on(r)
        out.append({
            "id": r.id, "document": r.document_title, "party": r.party_name,
            "method": METHOD_LABELS.get(r.method, "") if r.method else "",
            "sent_on": r.sent_on, "received_on": r.received_on, "deemed": r.deemed,
            "deemed_on": deemed if r.received_on is None else None,
            "received_by": r.received_by, "consent": r.consent,
            "receipt_document_id": r.receipt_document_id,
            "proof_document_id": r.proof_document_id,
            "awaiting": r.received_on is None, "unsent": r.sent_on is None,
        })
    return out


def choices(matter, *, sent: bool) -> list[tuple[int, str]]:
    """The records a form may pick: those not yet sent, or those sent and awaiting proof."""
    return [(r.id, f"{r.document_title}（{r.party_name}）") for r in records(matter)
            if r.received_on is None and (r.sent_on is not None) == sent]


def paper_parties(matter, role: str | None = None) -> list[tuple[int, str]]:
    """The parties without an account (served on paper), as a form's choices."""
    return [(p.id, p.name) for p in matter.parties
            if not p.organisation_id and (role is None or p.role == role)]

