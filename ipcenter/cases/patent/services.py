"""Use cases of patent-infringement adjudication. Each takes ``actor`` and ``now``, changes the
case through ``matters.fire`` (the only writer of ``state``), keeps the clocks, writes the audit
row, queues official documents and re-indexing, and flushes; the caller's unit of work commits.
The machinery every kind of matter shares is in ``ipcenter.matters``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter import matters
from ipcenter.auth.models import User
from ipcenter.cases import notices as case_notices
from ipcenter.cases.models import (
    Case,
    CaseHandler,
    CaseParty,
    DocAudience,
    HandlerRole,
    PartyRole,
    PatentCase,
    RecusalRequest,
)
from ipcenter.cases.patent import articles as law
from ipcenter.cases.patent.documents import TITLES
from ipcenter.cases.patent.models import PatentPause, PauseKind
from ipcenter.cases.patent.workflow import (
    HEARING_NOTICE,
    MAX_EXTENSION,
    PANEL_STATES,
    TERMINAL,
    E,
    Facts,
    S,
)
from ipcenter.cases.represented import representative_org
from ipcenter.core import audit, money, numbering, timelimits
from ipcenter.core.clock import CHINA, local_date
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, InvalidInput, NotFound
from ipcenter.core.formatting import zh_date
from ipcenter.core.text import clean_name
from ipcenter.core.workdays import load_calendar
from ipcenter.ip import numbers, register
from ipcenter.matters import (
    PartyData,
    clocks,
    close_clocks,
    earlier_filing,
    fire,
    has_hearing_record,
    index,
    issue,
    open_clock,
    reassign_open_clocks,
    serving,
    set_handlers,
    workdays_after,
)

NUMBER_PREFIX = "中市监知裁字"  # the office's adjudication prefix (configurable per office)
HANDLER_TITLES = {HandlerRole.PRESIDING: "组长", HandlerRole.MEMBER: "合议组成员"}
PAUSE_LABELS = {PauseKind.ANNOUNCEMENT: _l("announcement"), PauseKind.APPRAISAL: _l("appraisal"),
                PauseKind.SUSPENSION: _l("suspension")}

# The filing conditions the handler checks before 立案 (DOMAIN.md §1, Filing conditions).
CHECKLIST = {
    "standing": _l("The requester is the patentee or an interested party."),
    "definite": _l("There is a definite respondent, a definite claim and concrete facts."),
    "no_court": _l("There is no settlement and no court action on the same dispute."),
    "competence": _l("The matter is within this office's competence and territory."),
}


# ---------------------------------------------------------------------------------------------
# The guards' facts


def facts(case: PatentCase, now: datetime, **extra) -> Facts:
    today = local_date(now)
    panel = case.active_handlers
    answer_rows = [d for d in clocks(case, "answer")]
    filed = {d.kind for d in case.documents}
    enforcement_due = max((d.due_on for d in clocks(case, "enforcement", include_closed=True)),
                          default=None)
    return Facts(
        today=today,
        has_respondent=bool(case.respondents),
        has_patent=numbers.is_patent_number(case.patent_number or ""),
        has_claim=bool(case.claim.strip() and case.facts.strip()),
        has_proof_of_right="proof_of_right" in filed,
        checklist_complete=all(json.loads(case.acceptance_checklist or "{}").get(k)
                               for k in CHECKLIST),
        panel_size=len(panel),
        panel_has_presiding=sum(h.role == HandlerRole.PRESIDING for h in panel) == 1,
        answered=bool(case.respondents) and all(p.answered_at for p in case.respondents),
        answer_due=max((d.due_on for d in answer_rows), default=None),
        has_hearing_record=has_hearing_record(case),
        has_invalidation_notice="invalidation_notice" in filed,
        decision_complete=_decision_complete(case),
        suit_window_end=max((d.due_on for d in clocks(case, "suit", include_closed=True)),
                            default=None),
        open_pauses=tuple(str(PAUSE_LABELS[p.kind]) for p in case.pauses
                          if p.ended_on is None),
        parties_without_address=tuple(p.name for p in case.parties if not p.address.strip()),
        stop_ordered=bool(case.infringement) and case.decided_on is not None,
        enforcement_due=enforcement_due,
        enforcement_window_over=enforcement_due is not None and today > enforcement_due,
        **extra,
    )


def _decision_complete(case: PatentCase) -> bool:
    if not (case.findings.strip() and case.basis.strip()) or case.infringement is None:
        return False
    if case.infringement:
        return bool(case.stop_acts.strip() and case.stop_object.strip()
                    and case.stop_scope.strip()) and \
            law.INFRINGEMENT_ARTICLE[case.patent_kind] in decision_articles(case)
    return True


def decision_articles(case: PatentCase) -> list[str]:
    """The substantive articles the draft decision applies (keys of ``articles.ARTICLES``)."""
    return [k for k in json.loads(case.articles or "[]") if k in law.ARTICLES]


# ---------------------------------------------------------------------------------------------
# Filing


@dataclass
class FilingData:
    patent_number: str
    patent_title: str
    claim: str
    facts: str
    respondents: list[PartyData]
    requester_address: str = ""
    requester_legal_representative: str = ""
    requester_contact: str = ""


def file_complaint(data: FilingData, actor: User, now: datetime, client_token: str,
                   requester=None) -> PatentCase:
    """Save a new complaint as a draft for the actor's firm, or for ``requester``: the firm a
    handler enters a complaint brought to the counter for, the right holder an agent files for
    (``matters.filing_orgs``).

    A second call with the same ``client_token`` (a double submit) returns the first case.
    Raises ``InvalidInput`` for a malformed patent number or respondent."""
    existing = earlier_filing(Case, client_token, actor)
    if existing is not None:
        if not isinstance(existing, PatentCase):
            raise Conflict(_l("This form was already used. Reload the page."))
        return existing
    try:
        number = numbers.parse_patent(data.patent_number)
    except ValueError as exc:
        raise InvalidInput(_l("The check character of this patent number is wrong.")
                           if str(exc) == "check" else
                           _l("Write the patent number like ZL202020123456.8.")) from None
    if not data.respondents:
        raise InvalidInput(_l("Name at least one respondent."))
    # The firm itself, the firm a counter filing names, or the right holder an agent names.
    filer_org, requester_org = matters.filing_orgs(actor, requester)
    case = PatentCase(
        state=S.DRAFT, title=f"{requester_org.name}诉{data.respondents[0].name}专利侵权纠纷",
        filed_by_id=actor.id, filed_by_org_id=filer_org.id, client_token=client_token,
        created_at=now, patent_number=str(number), patent_kind=number.kind or "invention",
        patent_title=data.patent_title.strip(), claim=data.claim.strip(),
        facts=data.facts.strip())
    case.parties.append(CaseParty(
        role=PartyRole.REQUESTER, organisation_id=requester_org.id, name=requester_org.name,
        address=data.requester_address or requester_org.address, uscc=requester_org.uscc,
        legal_representative=clean_name(data.requester_legal_representative),
        contact=data.requester_contact, statement=data.facts.strip()))
    for respondent in data.respondents:
        party = matters.party(CaseParty, PartyRole.RESPONDENT, respondent)
        if party.organisation_id == requester_org.id:
            raise InvalidInput(_l("A firm cannot file a complaint against itself."))
        case.parties.append(party)
    case.title = f"{requester_org.name}诉{case.respondents[0].name}专利侵权纠纷"
    db.session.add(case)
    db.session.flush()
    audit.record("case.file", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"patent": case.patent_number})
    register.assert_in_matter(("case", case.id), [register.Asserted(
        case.patent_kind, case.patent_number, case.patent_title)], on=local_date(now),
        actor=actor, now=now)
    index(case)
    return case


def submit(case: PatentCase, actor: User, now: datetime) -> None:
    """Send the draft to the centre; the 5-working-day acceptance clock starts.

    A second open complaint on the same patent and respondent is flagged for the handler."""
    fire(case, E.SUBMIT, actor, now)
    case.submitted_at = now
    respondent_keys = {(p.organisation_id, p.uscc, p.name) for p in case.respondents}
    others = db.session.execute(sa.select(PatentCase).where(
        PatentCase.patent_number == case.patent_number, PatentCase.id != case.id,
        PatentCase.state.not_in([str(s) for s in TERMINAL | {S.DRAFT}]))).scalars()
    for other in others:
        if any((p.organisation_id and p.organisation_id == k[0]) or (p.uscc and p.uscc == k[1])
               or p.name == k[2] for p in other.respondents for k in respondent_keys):
            case.possible_duplicate_of = other.id
            break
    open_clock(case, "accept", local_date(now), now, assignee_role="adjudicator")


# ---------------------------------------------------------------------------------------------
# Acceptance


def accept(case: PatentCase, actor: User, now: datetime, checklist: dict[str, bool]) -> None:
    """立案: the checklist complete, the case gets its number, clocks for service and decision
    start, and the 受理通知书 is issued (and served on the agency that filed for the
    requester)."""
    case.acceptance_checklist = json.dumps({k: bool(checklist.get(k)) for k in CHECKLIST})
    fire(case, E.ACCEPT, actor, now)
    today = local_date(now)
    case.number = numbering.issue_number(NUMBER_PREFIX, today.year)
    case.accepted_at = now
    if actor.has_role("adjudicator") and not case.active_handlers:
        # The adjudicator who accepts the case keeps it (承办) until the director forms the panel.
        case.handlers.append(CaseHandler(user_id=actor.id, role=HandlerRole.PRESIDING,
                                         assigned_at=now))
        db.session.flush()
    close_clocks(case, now, "accept")
    open_clock(case, "serve", today, now)
    open_clock(case, "decision", today, now)
    for row in timelimits.open_for("case", case.id):
        row.subject_label = case.label
    notice = issue(case, "acceptance_notice", TITLES["acceptance_notice"], now, actor,
                   audience=DocAudience.FILER)
    # A requester that filed itself has the notice on its own page. One an agency filed for
    # (often a right holder with no account) is served on the agency, on the record
    # (``matters.serving``; 民事诉讼法 Art. 88).
    for party in case.requesters:
        if representative_org(case, party) is not None:
            serving.to_serve(case, notice, party, now, actor)
    case_notices.accepted(case, now, actor)


def refuse(case: PatentCase, actor: User, now: datetime, reason: str) -> None:
    """不予受理, with reasons, and the 不予受理通知书."""
    fire(case, E.REFUSE, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})
    case.refusal_reason = reason.strip()
    issue(case, "refusal_notice", TITLES["refusal_notice"], now, actor, audience=DocAudience.FILER,
          extra={"reasons": [line for line in reason.splitlines() if line.strip()]})
    case_notices.refused(case, now, actor)


# ---------------------------------------------------------------------------------------------
# Panel and recusal


def assign_panel(case: PatentCase, actor: User, now: datetime, member_ids: list[int],
                 presiding_id: int) -> None:
    """Form (or re-form) the 合议组: an odd number of at least three adjudicators, one presiding,
    none tied to a party."""
    if case.state not in PANEL_STATES:
        raise Conflict(_l("A panel can be formed only for an accepted, open case."))
    ids = list(dict.fromkeys(member_ids))
    if presiding_id not in ids:
        raise InvalidInput(_l("The presiding member must be one of the panel."))
    if len(ids) < 3 or len(ids) % 2 == 0:
        raise InvalidInput(_l("The panel must have an odd number of at least three members."))
    set_handlers(case, [db.session.get(User, i) for i in ids], presiding_id, now, "合议组调整",
                 "adjudicator")
    audit.record("case.assign_panel", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"members": ids, "presiding": presiding_id})
    # 合议组成员告知书: the parties learn who hears the case, and may ask a member to stand down
    # (回避), each time the panel is formed or changed. The 受理通知书 names no panel.
    issue(case, "panel_notice", TITLES["panel_notice"], now, actor,
          extra={"members": [{"name": h.user.display_name, "role": HANDLER_TITLES[h.role]}
                             for h in sorted(case.active_handlers,
                                             key=lambda h: h.role != HandlerRole.PRESIDING)]})


def request_recusal(case: PatentCase, actor: User, now: datetime, handler_id: int,
                    reason: str) -> RecusalRequest:
    """A party asks that a panel member stand down (回避)."""
    handler = next((h for h in case.active_handlers if h.id == handler_id), None)
    if handler is None:
        raise InvalidInput(_l("Choose a member of the panel."))
    if not reason.strip():
        raise InvalidInput(_l("Give the reasons."))
    pending = db.session.execute(sa.select(RecusalRequest).where(
        RecusalRequest.handler_id == handler_id, RecusalRequest.decided_at.is_(None))).first()
    if pending:
        raise Conflict(_l("A request about this member is already waiting for a decision."))
    request = RecusalRequest(case_id=case.id, handler_id=handler_id, requested_by_id=actor.id,
                             reason=reason.strip(), created_at=now)
    db.session.add(request)
    db.session.flush()
    audit.record("case.request_recusal", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"handler": handler_id, "reason": reason.strip()})
    return request


def decide_recusal(request: RecusalRequest, actor: User, now: datetime, granted: bool,
                   reason: str) -> None:
    """The director decides; a granted request removes the member (the panel must then be
    completed before the next step)."""
    if request.decided_at is not None:
        raise Conflict(_l("This request has already been decided."))
    request.decided_at, request.decided_by_id = now, actor.id
    request.granted, request.decision_reason = granted, reason.strip()
    handler = db.session.get(CaseHandler, request.handler_id)
    if granted and handler.removed_at is None:
        handler.removed_at, handler.removal_reason = now, "回避"
    audit.record("case.decide_recusal", actor=actor, obj_type="case", obj_id=request.case_id,
                 now=now, detail={"request": request.id, "granted": granted})
    db.session.flush()


# ---------------------------------------------------------------------------------------------
# Service, answer, hearing


def serve(case: PatentCase, actor: User, now: datetime) -> None:
    """Serve the request on the respondent(s) with the 答辩通知书. Each respondent's 15-day
    answer clock runs from the day it receives it (收到之日起): at once for one with an account
    (served through the system), from the receipt the handler records for one served on paper
    (``matters.serving``)."""
    fire(case, E.SERVE, actor, now)
    close_clocks(case, now, "serve")
    reassign_open_clocks(case)
    notice = issue(case, "answer_notice", TITLES["answer_notice"], now, actor)
    for party in case.respondents:
        serving.to_serve(case, notice, party, now, actor, opens="answer")


def answer(case: PatentCase, actor: User, now: datetime, statement: str) -> None:
    """The respondent's answer (答辩). Late answers are taken too; the case never waits."""
    party = next((p for p in case.respondents if p.organisation_id == actor.organisation_id),
                 None)
    if party is None:
        raise NotFound(_l("You are not a respondent in this case."))
    if S(case.state) not in (S.SERVED, S.EXAMINATION, S.HEARING_SCHEDULED):
        raise Conflict(_l("An answer can be filed only while the case is being examined."))
    if party.answered_at is not None:
        raise Conflict(_l("Your answer has already been filed."))
    if not statement.strip():
        raise InvalidInput(_l("Write the answer."))
    party.statement, party.answered_at = statement.strip(), now
    for row in timelimits.open_for("case", case.id, "answer"):
        if row.assignee_org_id == party.organisation_id:
            timelimits.close(row, now, local_date(now))
    audit.record("case.answer", actor=actor, obj_type="case", obj_id=case.id, now=now)
    case_notices.answered(case, party, now, actor)
    index(case)
    db.session.flush()


def answer_on_paper(case: PatentCase, actor: User, now: datetime,
                    data: serving.PaperFiling) -> None:
    """The answer of a respondent served on paper (no account), recorded by the handler: the
    scan of what it sent, the day the centre received it and, optionally, its text. Raises
    ``Conflict`` outside the answer stage or for a second answer, ``InvalidInput`` (via
    ``matters.serving.paper_filing``) for another party, a day in the future or before the
    case was accepted, or no scan."""
    if S(case.state) not in (S.SERVED, S.EXAMINATION, S.HEARING_SCHEDULED):
        raise Conflict(_l("An answer can be filed only while the case is being examined."))
    party = next((p for p in case.respondents if p.id == data.party_id), None)
    if party is None:
        raise InvalidInput(_l("Choose a respondent of this case."))
    if party.answered_at is not None:
        raise Conflict(_l("The answer of %(party)s has already been recorded.",
                          party=party.name))
    party, day, _doc = serving.paper_filing(
        case, data, "answer", "答辩书及证据（纸质，中心录入）", actor, now,
        earliest=local_date(case.accepted_at) if case.accepted_at else None)
    party.statement = (data.text or "").strip() or "（纸质答辩书，见扫描件）"
    party.answered_at = datetime.combine(day, time(12), tzinfo=CHINA)
    rows = [r for r in timelimits.open_for("case", case.id, "answer") if not r.assignee_org_id]
    if rows:
        timelimits.close(rows[0], now, day)
    audit.record("case.answer", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"party": party.name, "received_on": day.isoformat(), "paper": True})
    case_notices.answered(case, party, now, actor, what="答辩（纸质，中心录入）")
    index(case)
    db.session.flush()


def begin_examination(case: PatentCase, actor: User, now: datetime) -> None:
    # The answer period runs from receipt: not begun for a respondent whose receipt is not
    # recorded (unless it answered already).
    serving.require_served(case, "answer", {p.id for p in case.respondents if p.answered_at})
    fire(case, E.BEGIN_EXAMINATION, actor, now)
    close_clocks(case, now, "answer", outcome="cancelled")


def earliest_hearing(now: datetime) -> date:
    """The first day the oral hearing may be held (its notice period after today)."""
    return workdays_after(now, HEARING_NOTICE)


def schedule_hearing(case: PatentCase, actor: User, now: datetime, at: datetime,
                     place: str) -> None:
    """Notice of the oral hearing, at least 3 working days ahead (口头审理通知书)."""
    if not place.strip():
        raise InvalidInput(_l("Give the place of the hearing."))
    fire(case, E.SCHEDULE_HEARING, actor, now,
         facts=facts(case, now, hearing_on=local_date(at), earliest_hearing=earliest_hearing(now)),
         detail={"at": at.isoformat(), "place": place})
    case.hearing_at, case.hearing_place = at, place.strip()
    issue(case, "hearing_notice", TITLES["hearing_notice"], now, actor,
          extra={"hearing_at": at.isoformat(), "hearing_place": place.strip()})
    case_notices.hearing_scheduled(case, at, place.strip(), now, actor)


def record_hearing(case: PatentCase, actor: User, now: datetime) -> None:
    fire(case, E.RECORD_HEARING, actor, now)


# ---------------------------------------------------------------------------------------------
# Suspension, mediation, extension


def suspend(case: PatentCase, actor: User, now: datetime, reason: str,
            invalidation_ref: str) -> None:
    """中止: the clocks stop (the invalidation acceptance notice must be on file); the
    suspension is a period the decision limit does not count, recorded with its notice."""
    fire(case, E.SUSPEND, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason, "invalidation": invalidation_ref})
    today = local_date(now)
    case.suspension_reason, case.invalidation_ref = reason.strip(), invalidation_ref.strip()
    for row in timelimits.open_for("case", case.id):
        if row.kind != "decision" and row.paused_on is None:
            timelimits.pause(row, today, "suspension")
    notice = issue(case, "suspension_notice", TITLES["suspension_notice"], now, actor,
                   extra={"reason": reason.strip(), "invalidation_ref": invalidation_ref.strip()})
    case.pauses.append(PatentPause(kind=PauseKind.SUSPENSION, reason=reason.strip(),
                                   started_on=today, started_by_id=actor.id,
                                   start_document_id=notice.id, outcome=""))
    _follow_pauses(case, today)


def resume(case: PatentCase, actor: User, now: datetime, reason: str) -> None:
    """恢复: the clocks run again; the suspended days are added to their periods."""
    fire(case, E.RESUME, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})
    today = local_date(now)
    cal = load_calendar()
    for row in timelimits.open_for("case", case.id):
        if row.kind != "decision" and row.paused_on is not None:
            timelimits.resume(row, today, cal)
    notice = issue(case, "resumption_notice", TITLES["resumption_notice"], now, actor,
                   extra={"reason": reason.strip()})
    for pause in case.pauses:
        if pause.kind == PauseKind.SUSPENSION and pause.ended_on is None:
            pause.ended_on, pause.ended_by_id = today, actor.id
            pause.outcome, pause.end_document_id = reason.strip(), notice.id
    _follow_pauses(case, today)


# ---------------------------------------------------------------------------------------------
# Periods not counted (公告, 鉴定, 中止)


def _follow_pauses(case: PatentCase, today: date) -> None:
    """The decision clock stands still while any period not counted is open: its pauses are
    the union of the case's (they may overlap), and its due day moves by the days they cover."""
    db.session.flush()
    spans: list[list] = []
    for pause in sorted(case.pauses, key=lambda p: p.started_on):
        if spans and (spans[-1][1] is None or pause.started_on <= spans[-1][1]):
            if spans[-1][1] is not None:
                spans[-1][1] = None if pause.ended_on is None else max(spans[-1][1],
                                                                        pause.ended_on)
            spans[-1][2].add(pause.kind)
        else:
            spans.append([pause.started_on, pause.ended_on, {pause.kind}])
    pauses = [(start, end, "、".join(sorted(kinds))[:40]) for start, end, kinds in spans]
    for row in timelimits.open_for("case", case.id, "decision"):
        timelimits.set_pauses(row, pauses, today)


def _day_on_case(case: PatentCase, day: date | None, today: date, what) -> date:
    if day is None:
        return today
    if day > today:
        raise InvalidInput(_l("%(what)s cannot be a day after today.", what=what))
    accepted = local_date(case.accepted_at) if case.accepted_at else today
    if day < accepted:
        raise InvalidInput(_l("%(what)s cannot be before the case was accepted (%(day)s).",
                              what=what, day=zh_date(accepted)))
    return day


def start_pause(case: PatentCase, actor: User, now: datetime, kind: str, reason: str,
                started_on: date | None, upload=None) -> PatentPause:
    """Record a period the decision limit does not count (公告 or 鉴定), from ``started_on``
    (today by default), with the document it started with (the announcement, the commission
    letter). Suspension is ``suspend``. Raises ``InvalidInput``, or ``InvalidTransition``."""
    today = local_date(now)
    if kind not in (PauseKind.ANNOUNCEMENT, PauseKind.APPRAISAL):
        raise InvalidInput(_l("Choose announcement or appraisal."))
    if not reason.strip():
        raise InvalidInput(_l("Give the reasons."))
    if any(p.kind == kind and p.ended_on is None for p in case.pauses):
        raise InvalidInput(_l("A period of this kind is already open on this case; end it "
                              "first."))
    day = _day_on_case(case, started_on, today, _l("The first day"))
    if upload is None or not getattr(upload, "filename", ""):
        raise InvalidInput(_l("Attach the document the period starts with (the announcement or "
                              "the commission letter)."))
    fire(case, E.START_PAUSE, actor, now, detail={"kind": kind, "from": day.isoformat(),
                                                  "reason": reason.strip()})
    doc = matters.attach(case, "pause_document", upload.stream, upload.filename, actor, now)
    pause = PatentPause(kind=kind, reason=reason.strip(), started_on=day,
                        started_by_id=actor.id, start_document_id=doc.id, outcome="")
    case.pauses.append(pause)
    _follow_pauses(case, today)
    return pause


def end_pause(case: PatentCase, actor: User, now: datetime, pause_id: int, outcome: str,
              ended_on: date | None, upload=None) -> None:
    """End a period not counted on ``ended_on`` (today by default), with its outcome and,
    optionally, the document it ended with (the appraisal opinion …); the decision limit
    moves by its days. A suspension ends with ``resume``."""
    today = local_date(now)
    pause = next((p for p in case.pauses if p.id == pause_id), None)
    if pause is None or pause.kind == PauseKind.SUSPENSION:
        raise InvalidInput(_l("Choose a period that is open on this case."))
    if pause.ended_on is not None:
        raise Conflict(_l("This period has already ended."))
    if not outcome.strip():
        raise InvalidInput(_l("Write how the period ended."))
    day = _day_on_case(case, ended_on, today, _l("The last day"))
    if day < pause.started_on:
        raise InvalidInput(_l("The period cannot end before it started (%(day)s).",
                              day=zh_date(pause.started_on)))
    fire(case, E.END_PAUSE, actor, now, detail={"pause": pause.id, "to": day.isoformat(),
                                                "outcome": outcome.strip()})
    if upload is not None and getattr(upload, "filename", ""):
        doc = matters.attach(case, "pause_document", upload.stream, upload.filename, actor, now)
        pause.end_document_id = doc.id
    pause.ended_on, pause.ended_by_id, pause.outcome = day, actor.id, outcome.strip()
    _follow_pauses(case, today)


def record_address(case: PatentCase, actor: User, now: datetime, party_id: int,
                   address: str) -> None:
    """Complete a party's address (住所), which the decision prints."""
    party = next((p for p in case.parties if p.id == party_id), None)
    if party is None:
        raise InvalidInput(_l("Choose a party of this case."))
    address = clean_name(address or "")
    if not address:
        raise InvalidInput(_l("Write the address."))
    if len(address) > 300:
        raise InvalidInput(_l("The address is too long (300 characters at most)."))
    fire(case, E.RECORD_ADDRESS, actor, now,
         detail={"party": party.id, "from": party.address, "to": address})
    party.address = address
    index(case)


def start_mediation(case: PatentCase, actor: User, now: datetime) -> None:
    fire(case, E.START_MEDIATION, actor, now)


def record_mediation(case: PatentCase, actor: User, now: datetime, terms: str,
                     amount: str | None) -> None:
    """A mediation agreement on damages (专利法 Art. 65: damages may only be mediated) closes
    the case with the 调解协议书."""
    lines = [line.strip() for line in terms.splitlines() if line.strip()]
    if not lines:
        raise InvalidInput(_l("Write the terms the parties agreed."))
    value = money.parse_input(amount, "damages")
    fire(case, E.MEDIATION_AGREED, actor, now)
    case.mediation_terms, case.mediation_amount = "\n".join(lines), value
    issue(case, "mediation_agreement", TITLES["mediation_agreement"], now, actor,
          extra={"terms": lines, "amount": str(value) if value is not None else None})


def mediation_failed(case: PatentCase, actor: User, now: datetime) -> None:
    fire(case, E.MEDIATION_FAILED, actor, now)


def request_extension(case: PatentCase, actor: User, now: datetime, reason: str) -> None:
    """The presiding member asks the director to extend the decision limit by one month."""
    if case.extension_requested_at is not None:
        raise Conflict(_l("An extension has already been requested for this case."))
    if S(case.state) in TERMINAL or S(case.state) in (S.DRAFT, S.SUBMITTED, S.DECIDED,
                                                      S.DECISION_SERVED, S.FINAL, S.LITIGATION):
        raise Conflict(_l("The decision limit of this case cannot be extended now."))
    if not reason.strip():
        raise InvalidInput(_l("Give the reasons."))
    case.extension_reason, case.extension_requested_at = reason.strip(), now
    audit.record("case.request_extension", actor=actor, obj_type="case", obj_id=case.id,
                 now=now, detail={"reason": reason.strip()})
    db.session.flush()


def approve_extension(case: PatentCase, actor: User, now: datetime) -> None:
    """The director's approval: the decision limit grows by one month, once (执法办法)."""
    if case.extension_requested_at is None:
        raise Conflict(_l("No extension has been requested."))
    if case.extension_approved_at is not None:
        raise Conflict(_l("The extension has already been approved."))
    rows = timelimits.open_for("case", case.id, "decision")
    if not rows:
        raise Conflict(_l("The decision limit of this case cannot be extended now."))
    row = rows[0]
    original = row.due_on
    timelimits.extend(row, MAX_EXTENSION)
    case.extension_approved_at = now
    audit.record("case.approve_extension", actor=actor, obj_type="case", obj_id=case.id,
                 now=now, detail={"from": original.isoformat(), "to": row.due_on.isoformat()})
    issue(case, "extension_approval", TITLES["extension_approval"], now, actor,
          audience=DocAudience.CENTRE,
          extra={"reason": case.extension_reason, "original_due": original.isoformat(),
                 "new_due": row.due_on.isoformat(), "approved_by": actor.display_name})


# ---------------------------------------------------------------------------------------------
# Decision


@dataclass
class DecisionData:
    findings: str
    basis: str
    infringement: bool
    stop_acts: str = ""
    stop_object: str = ""
    stop_scope: str = ""
    # The substantive articles applied (keys of ``articles.ARTICLES``).
    articles: tuple = ()


def _check_articles(case: PatentCase, data: DecisionData) -> list[str]:
    chosen = list(dict.fromkeys(data.articles))
    unknown = [k for k in chosen if k not in law.ARTICLES]
    if unknown:
        raise InvalidInput(_l("Choose the articles from the list."))
    for key in chosen:
        article = law.ARTICLES[key]
        if case.patent_kind not in article.kinds:
            raise InvalidInput(_l("Patent Law %(article)s does not apply to a patent of this "
                                  "kind.", article=article.citation))
        if article.infringing is not None and article.infringing != data.infringement:
            raise InvalidInput(_l("Patent Law %(article)s does not support this outcome.",
                                  article=article.citation))
    needed = law.ARTICLES[law.INFRINGEMENT_ARTICLE[case.patent_kind]]
    if data.infringement and law.INFRINGEMENT_ARTICLE[case.patent_kind] not in chosen:
        raise InvalidInput(_l("An order to stop applies Patent Law %(article)s: choose it.",
                              article=needed.citation))
    return chosen


def draft_decision(case: PatentCase, actor: User, now: datetime, data: DecisionData) -> None:
    """The panel's draft, sent to the director for approval, with the substantive articles it
    applies. Raises ``InvalidInput`` for articles that do not fit the patent or the outcome."""
    chosen = _check_articles(case, data)
    case.articles = json.dumps(chosen)
    case.findings, case.basis = data.findings.strip(), data.basis.strip()
    case.infringement = data.infringement
    case.stop_acts = data.stop_acts.strip() if data.infringement else ""
    case.stop_object = data.stop_object.strip() if data.infringement else ""
    case.stop_scope = data.stop_scope.strip() if data.infringement else ""
    fire(case, E.DRAFT_DECISION, actor, now)


def return_draft(case: PatentCase, actor: User, now: datetime, reason: str) -> None:
    fire(case, E.RETURN_DRAFT, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})


def approve_decision(case: PatentCase, actor: User, now: datetime) -> None:
    """The director approves: the 处理决定书 is issued under the case number."""
    fire(case, E.APPROVE_DECISION, actor, now)
    case.decided_on = local_date(now)
    case.decision_number = case.number
    close_clocks(case, now, "decision")
    issue(case, "decision", TITLES["decision"], now, actor)
    case_notices.decided(case, now, actor)


def draft_decision_pdf(case: PatentCase, now: datetime) -> bytes:
    """The draft decision rendered as the PDF it will be, marked as a draft (no number of its
    own, no verification code), for the director to read before approving; nothing stored."""
    from types import SimpleNamespace

    from ipcenter.cases.documents import document_data
    from ipcenter.core import pdf

    doc = SimpleNamespace(case=case, template="decision", title=TITLES["decision"],
                          number=case.number, render_data="{}")
    data = {**document_data(doc, now), "draft": True, "verify_code": ""}
    return pdf.render_pdf("decision", data)


def serve_decision(case: PatentCase, actor: User, now: datetime) -> None:
    """Served on both parties; the 15-day period to sue starts (专利法 Art. 65)."""
    fire(case, E.SERVE_DECISION, actor, now)
    case.decision_served_on = local_date(now)
    open_clock(case, "suit", local_date(now), now)


def record_suit(case: PatentCase, actor: User, now: datetime) -> None:
    fire(case, E.RECORD_SUIT, actor, now)
    close_clocks(case, now, "suit")


def finalize(case: PatentCase, actor: User, now: datetime) -> None:
    """No suit within the period: the decision is final. After an order to stop, the three
    months to apply to the court for enforcement start from the day the period to sue
    expired (行政强制法 Art. 53)."""
    ended = facts(case, now).suit_window_end
    fire(case, E.FINALIZE, actor, now)
    close_clocks(case, now, "suit")
    if case.infringement and ended is not None:
        open_clock(case, "enforcement", ended, now)


def record_compliance(case: PatentCase, actor: User, now: datetime, note: str,
                      complied_on: date | None = None) -> None:
    """The respondent has stopped as ordered: how it was checked, and the day."""
    today = local_date(now)
    day = complied_on or today
    if day > today:
        raise InvalidInput(_l("%(what)s cannot be a day after today.", what=_l("The day")))
    fire(case, E.RECORD_COMPLIANCE, actor, now, facts=facts(case, now, reason=note),
         detail={"note": note.strip(), "on": day.isoformat()})
    case.compliance_note, case.complied_on = note.strip(), day
    close_clocks(case, now, "enforcement")


# 行政强制法 Art. 54: the application follows a demand to comply served at least 10 days before.
DEMAND_NOTICE_DAYS = 10


def apply_enforcement(case: PatentCase, actor: User, now: datetime, court: str,
                      applied_on: date | None = None, note: str = "",
                      demanded_on: date | None = None) -> None:
    """The respondent neither sued nor stopped: the office's application to the people's court
    for enforcement (专利法 Art. 65; 行政强制法 Art. 53, within three months after the period
    to sue expired; Art. 54, ten days or more after the demand to comply was served), recorded
    with the court, the day the demand was served and the day the application was filed."""
    today = local_date(now)
    court = clean_name(court or "")
    if not court:
        raise InvalidInput(_l("Name the court applied to."))
    day = applied_on or today
    if day > today:
        raise InvalidInput(_l("%(what)s cannot be a day after today.", what=_l("The day")))
    if demanded_on is None:
        raise InvalidInput(_l("Give the day the demand to comply (催告书) was served."))
    if (day - demanded_on).days < DEMAND_NOTICE_DAYS:
        raise InvalidInput(_l("The application may be filed only %(days)s days after the demand "
                              "to comply was served (on or after %(day)s).",
                              days=DEMAND_NOTICE_DAYS,
                              day=zh_date(demanded_on + timedelta(days=DEMAND_NOTICE_DAYS))))
    ended = facts(case, now).suit_window_end
    if ended is not None and demanded_on <= ended:
        raise InvalidInput(_l("The demand to comply is served after the period to sue has ended "
                              "(after %(day)s).", day=zh_date(ended)))
    # The guard reads the day the application was filed, not the day it is entered.
    fire(case, E.APPLY_ENFORCEMENT, actor, now, facts=facts(case, now + (day - today)),
         detail={"court": court, "on": day.isoformat(), "note": note.strip()})
    case.enforcement_court, case.enforcement_applied_on = court, day
    case.enforcement_demanded_on = demanded_on
    case.compliance_note = note.strip()
    close_clocks(case, now, "enforcement")


def close(case: PatentCase, actor: User, now: datetime, note: str = "") -> None:
    """Close and archive. After an order to stop, only once compliance or the application for
    enforcement is recorded (or, with the reasons, after the three months to apply)."""
    case.closing_note = note.strip()
    fire(case, E.CLOSE, actor, now, facts=facts(case, now, reason=note or (
        "" if S(case.state) in (S.FINAL, S.ENFORCEMENT_REQUESTED) else "归档")))


def withdraw(case: PatentCase, actor: User, now: datetime, reason: str) -> None:
    """The requester withdraws; every clock stops."""
    fire(case, E.WITHDRAW, actor, now, detail={"reason": reason})


def revoke(case: PatentCase, actor: User, now: datetime, reason: str) -> None:
    """撤销案件: a defect of admissibility found after 立案."""
    fire(case, E.REVOKE, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})


def get_case(case_id: int) -> PatentCase:
    case = db.session.get(PatentCase, case_id)
    if case is None:
        raise NotFound(_l("No such case."))
    return case
