"""Use cases of trademark infringement enforcement (商标侵权行政查处).

Built on the machinery every matter shares (``ipcenter.matters``: ``fire``, clocks, documents,
parties, handlers); the fine range and the referral thresholds come from the pure ``penalties``
and ``referral`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter import matters, search
from ipcenter.auth.models import User
from ipcenter.cases import notices as case_notices
from ipcenter.cases.models import (
    Case,
    CaseMark,
    CaseMeasure,
    CaseParty,
    DocAudience,
    HandlerRole,
    PartyRole,
    TrademarkCase,
)
from ipcenter.cases.trademark import penalties, referral
from ipcenter.cases.trademark import workflow as tw
from ipcenter.cases.trademark.documents import TITLES
from ipcenter.cases.trademark.workflow import HEARING_NOTICE, TE, TS, TFacts
from ipcenter.core import audit, clock, numbering, timelimits
from ipcenter.core import money as core_money
from ipcenter.core.clock import CHINA, local_date
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from ipcenter.core.formatting import zh_date
from ipcenter.core.text import clean_name
from ipcenter.core.workdays import load_calendar
from ipcenter.ip import classes, numbers, register
from ipcenter.matters import (
    PartyData,
    clocks,
    close_clocks,
    earlier_filing,
    fire,
    has_hearing_record,
    issue,
    open_clock,
    serving,
    set_handlers,
    workdays_after,
)

CASE_PREFIX = "中市监商立字"      # 立案 number
DECISION_PREFIX = "中市监商罚字"  # 行政处罚决定书 / 不予行政处罚决定书
REFERRAL_PREFIX = "中市监商移字"  # 涉嫌犯罪案件移送书
FOREIGN_UPLOADS = ("authorisation", "authenticity", "undertaking")
# Extensions each clock allows once, with the director's approval (DOMAIN.md §2).
EXTENSIONS = {"verify": "15wd", "decision": "30d", "seizure": "30d"}
# Clocks that stop while goods are tested or appraised (程序规定 Art. 18; 行政处罚法 Art. 60).
PAUSED_BY_APPRAISAL = ("verify", "decision")


MAX_COUNT = 10**9

# A form's amount: Decimal yuan, or None when blank; refused (InvalidInput) when malformed,
# negative, with more than two decimals, or beyond what an amount column holds.
money = core_money.parse_input


@dataclass
class MarkData:
    registration_number: str
    nice_class: int
    holder: str
    text: str


@dataclass
class ComplaintData:
    marks: list[MarkData]
    party: PartyData
    facts: str
    foreign_holder: bool = False
    party_kind: str = "organisation"
    # A clue's source (CLUE_SOURCES) and, for a report, the informant (name and contact).
    clue_source: str = "clue"
    informant: str = ""


# Where a clue came from (案件来源登记表): found in an inspection, reported by an informant, or
# another source (a transfer from another agency, the media …), stored as "clue".
CLUE_SOURCES = {"inspection": _l("an inspection (检查发现)"),
                "report": _l("an informant's report (举报)"),
                "clue": _l("another source (transfer, media …)")}


def _check_marks(marks: list[MarkData]) -> list[CaseMark]:
    if not marks:
        raise InvalidInput(_l("Give at least one registered mark."))
    rows = []
    for mark in marks:
        if not numbers.is_trademark_number(mark.registration_number):
            raise InvalidInput(_l("A trademark registration number is up to 10 digits."))
        number = numbers.parse_trademark(mark.registration_number)
        if not classes.is_nice_class(mark.nice_class):
            raise InvalidInput(_l("The Nice class is a number from 1 to 45."))
        if not mark.holder.strip() or not mark.text.strip():
            raise InvalidInput(_l("Give the mark's holder and its text."))
        rows.append(CaseMark(registration_number=number, nice_class=int(mark.nice_class),
                             holder=mark.holder.strip(), text=mark.text.strip()))
    return rows


def _new_case(data: ComplaintData, actor: User, now: datetime, token: str, state: TS,
              source: str, requester=None) -> TrademarkCase:
    if data.party_kind not in ("organisation", "person"):
        raise InvalidInput(_l("Say whether the party is an organisation or a natural person."))
    marks = _check_marks(data.marks)
    party = matters.party(CaseParty, PartyRole.RESPONDENT, data.party)
    # The firm itself, the firm a counter filing names, or the right holder an agent names.
    filer_org, org = matters.filing_orgs(actor, requester)
    case = TrademarkCase(state=state, source=source, title="", filed_by_id=actor.id,
                         filed_by_org_id=filer_org.id, client_token=token,
                         created_at=now, facts=data.facts.strip(),
                         foreign_holder=data.foreign_holder, party_kind=data.party_kind)
    case.marks = marks
    if source == "complaint":
        if party.organisation_id == org.id:
            raise InvalidInput(_l("A firm cannot file a complaint against itself."))
        case.parties.append(CaseParty(role=PartyRole.REQUESTER, organisation_id=org.id,
                                      name=org.name, address=org.address, uscc=org.uscc))
    case.parties.append(party)
    case.title = f"{party.name}涉嫌侵犯“{marks[0].text}”注册商标专用权案"
    db.session.add(case)
    db.session.flush()
    audit.record("case.file", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"source": source, "marks": [m.registration_number for m in marks]})
    register.assert_in_matter(("case", case.id), [register.Asserted(
        "trademark", m.registration_number, m.text, m.holder, (m.nice_class,)) for m in marks],
        on=local_date(now), actor=actor, now=now)
    search.index_later("case", case.id)  # found at once by those who may see it (a draft too)
    return case


def _earlier(token: str, actor: User, clue: bool) -> TrademarkCase | None:
    existing = earlier_filing(Case, token, actor)
    if existing is not None and not (isinstance(existing, TrademarkCase)
                                     and (existing.source != "complaint") == clue):
        raise Conflict(_l("This form was already used. Reload the page."))
    return existing


def file_complaint(data: ComplaintData, actor: User, now: datetime, token: str,
                   requester=None) -> TrademarkCase:
    """A rights holder's (or its agency's) complaint, saved as a draft; ``requester``: the firm
    a handler enters a complaint brought to the counter for (``cases.counter``), or the right
    holder an agent files for (``matters.filing_orgs``). A second call with the same token (a
    double submit) returns the first case and changes nothing."""
    existing = _earlier(token, actor, clue=False)
    if existing is not None:
        return existing
    return _new_case(data, actor, now, token, TS.DRAFT, "complaint", requester)


def register_clue(data: ComplaintData, actor: User, now: datetime, token: str) -> TrademarkCase:
    """An officer registers a clue (案件来源登记) found in inspection or reported. A second call
    with the same token returns the first case and issues nothing more."""
    existing = _earlier(token, actor, clue=True)
    if existing is not None:
        return existing
    if data.clue_source not in CLUE_SOURCES:
        raise InvalidInput(_l("Say where the clue came from."))
    informant = clean_name(data.informant) if data.clue_source == "report" else ""
    if len(informant) > 300:
        raise InvalidInput(_l("Keep the informant's name and contact under 300 characters."))
    case = _new_case(data, actor, now, token, TS.CLUE, data.clue_source)
    case.informant = informant
    issue(case, "case_source", TITLES["case_source"], now, actor, audience=DocAudience.CENTRE,
          number=None, extra={"registered_by": actor.display_name})
    return case


def facts(case: TrademarkCase, now: datetime, **extra) -> TFacts:
    today = local_date(now)
    kinds = {d.kind for d in case.documents}
    statement_rows = clocks(case, "statement", include_closed=True)
    payment_rows = clocks(case, "payment", include_closed=True)
    return TFacts(
        today=today,
        has_complaint=bool(case.marks and case.respondents and case.facts.strip()),
        required_uploads=not case.foreign_holder or all(k in kinds for k in FOREIGN_UPLOADS),
        officers=len(case.active_handlers),
        has_findings=bool(case.findings.strip()),
        review_done=bool(case.review_opinion.strip()) and case.proposed_fine is not None,
        hearing_right=_hearing_right(case, local_date(now)),
        statement_due=max((r.due_on for r in statement_rows), default=None),
        statement_received=case.statement_at is not None,
        has_hearing_record=has_hearing_record(case),
        penalty_valid=_penalty_valid(case, today),
        payment_due=max((r.due_on for r in payment_rows), default=None),
        paid_in_full=case.paid_amount is not None and case.paid_amount == amount_due(
            case, case.paid_on or today),
        referral_standing=referral_standing(case, today) if case.findings else "unknown",
        innocent_seller=_innocent_seller(case),
        parties_addressed=bool(case.respondents) and all(
            p.address.strip() for p in case.respondents),
        **extra)


def _innocent_seller(case: TrademarkCase) -> bool:
    """The three findings of 商标法 Art. 60 ¶2, last sentence, on a seller."""
    return case.conduct == "sell" and penalties.SellerDefence(
        case.innocent_no_knowledge, case.innocent_lawful_source,
        case.innocent_supplier_named).applies


def _hearing_right(case: TrademarkCase, on: date) -> bool:
    if case.proposed_fine is None:
        return False
    return penalties.hearing_right(case.party_kind, case.proposed_fine,
                                   case.confiscated_value or Decimal("0"), on=on)


# ---------------------------------------------------------------------------------------------
# Intake and verification


def submit(case: TrademarkCase, actor: User, now: datetime, channel: str = "网上投诉") -> None:
    """Send the complaint to the centre; its case-source record names how it came in
    (``channel``: online, or 窗口受理 at the counter)."""
    fire(case, TE.SUBMIT, actor, now, facts=facts(case, now))
    case.submitted_at = now
    issue(case, "case_source", TITLES["case_source"], now, actor, audience=DocAudience.CENTRE,
          number=None, extra={"registered_by": channel})


def verify(case: TrademarkCase, actor: User, now: datetime) -> None:
    """核查 starts: 15 working days to decide whether to open a case (程序规定 Art. 18)."""
    fire(case, TE.VERIFY, actor, now, facts=facts(case, now))
    open_clock(case, "verify", local_date(now), now, assignee_role="enforcer")


def assign_officers(case: TrademarkCase, actor: User, now: datetime, officer_ids: list[int],
                    lead_id: int) -> None:
    """At least two certified officers (行政处罚法 Art. 42), none tied to a party."""
    if case.state in (TS.DRAFT, TS.NOT_FILED, TS.CLOSED):
        raise Conflict(_l("Officers can be assigned only to an open case."))
    ids = list(dict.fromkeys(officer_ids))
    if len(ids) < 2 or lead_id not in ids:
        raise InvalidInput(_l("Assign at least two officers, one of them leading."))
    set_handlers(case, [db.session.get(User, i) for i in ids], lead_id, now, "调整办案人员",
                 "enforcer")
    audit.record("case.assign_officers", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"officers": ids, "lead": lead_id})


def open_case(case: TrademarkCase, actor: User, now: datetime) -> None:
    """立案: numbered, the 90-day decision clock starts, the complainant is told."""
    fire(case, TE.FILE, actor, now, facts=facts(case, now))
    today = local_date(now)
    case.number = numbering.issue_number(CASE_PREFIX, today.year)
    case.accepted_at = now
    close_clocks(case, now, "verify")
    lead = next(h for h in case.active_handlers if h.role == HandlerRole.PRESIDING)
    open_clock(case, "decision", today, now, assignee_user_id=lead.user_id)
    for row in timelimits.open_for("case", case.id):
        row.subject_label = case.number
    issue(case, "filing_approval", TITLES["filing_approval"], now, actor,
          audience=DocAudience.FILER,
          extra={"approved_by": actor.display_name})
    case_notices.accepted(case, now, actor)


def decline(case: TrademarkCase, actor: User, now: datetime, reason: str) -> None:
    """不予立案, with reasons; the complainant is told."""
    fire(case, TE.DECLINE, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})
    case.decline_reason = reason.strip()
    issue(case, "decline_approval", TITLES["decline_approval"], now, actor,
          audience=DocAudience.FILER,
          extra={"reasons": [line for line in reason.splitlines() if line.strip()],
                 "approved_by": actor.display_name})
    case_notices.refused(case, now, actor)


def approve_extension(case: TrademarkCase, actor: User, now: datetime, kind: str) -> None:
    """The director extends a clock once: verification +15 working days, decision +30 days,
    seizure +30 days."""
    if kind not in EXTENSIONS:
        raise InvalidInput(_l("This time limit cannot be extended."))
    rows = clocks(case, kind)
    if not rows:
        raise Conflict(_l("That time limit is not running."))
    row = rows[0]
    original = row.due_on
    timelimits.extend(row, EXTENSIONS[kind])
    audit.record("case.approve_extension", actor=actor, obj_type="case", obj_id=case.id,
                 now=now, detail={"clock": kind, "from": original.isoformat(),
                                  "to": row.due_on.isoformat()})


def collective_extension(case: TrademarkCase, actor: User, now: datetime, days: int,
                         reason: str) -> None:
    """Beyond the +30 days: the heads' collective decision sets a further, reasonable period
    (行政处罚法 Art. 60; 程序规定). Needs the first extension, the decision's record, and a
    period of 1 to 365 days."""
    rows = clocks(case, "decision")
    if not rows:
        raise Conflict(_l("That time limit is not running."))
    row = rows[0]
    if not row.extension:
        raise Conflict(_l("Extend by 30 days with the director's approval first."))
    if not reason.strip():
        raise InvalidInput(_l("Give the reasons."))
    if not 1 <= int(days) <= 365:
        raise InvalidInput(_l("Give a period of 1 to 365 days."))
    original = row.due_on
    timelimits.extend(row, f"{int(days)}d", further=True)
    audit.record("case.collective_extension", actor=actor, obj_type="case", obj_id=case.id,
                 now=now, detail={"days": int(days), "reason": reason.strip(),
                                  "from": original.isoformat(), "to": row.due_on.isoformat()})


# ---------------------------------------------------------------------------------------------
# Investigation measures


# The measures an investigation takes, as forms offer them and pages name them.
MEASURE_KINDS = {"preservation": _l("Preserve evidence (先行登记保存)"),
                 "seizure": _l("Seize goods (查封扣押)"),
                 "appraisal": _l("Testing or appraisal (not counted in the time limits)")}


def start_measure(case: TrademarkCase, actor: User, now: datetime, kind: str,
                  description: str) -> CaseMeasure:
    """先行登记保存 (decision within 7 working days), 查封扣押 (30 days), or a testing /
    appraisal period that the clocks do not count."""
    if case.state not in (TS.VERIFYING, TS.INVESTIGATING):
        raise Conflict(_l("Measures are taken during verification or investigation."))
    if kind not in MEASURE_KINDS:
        raise InvalidInput(_l("Choose the kind of measure."))
    if not description.strip():
        raise InvalidInput(_l("Describe the goods or the test."))
    today = local_date(now)
    if kind == "appraisal":
        if any(m.kind == "appraisal" and m.ended_on is None for m in case.measures):
            raise Conflict(_l("A test or appraisal is already running."))
        for row in timelimits.open_for("case", case.id):
            if row.kind in PAUSED_BY_APPRAISAL and row.paused_on is None:
                timelimits.pause(row, today, "appraisal")
    measure = CaseMeasure(case_id=case.id, kind=kind, description=description.strip(),
                          started_on=today, created_by_id=actor.id)
    case.measures.append(measure)
    db.session.flush()
    if kind in ("preservation", "seizure"):
        lead = next((h for h in case.active_handlers if h.role == HandlerRole.PRESIDING), None)
        open_clock(case, kind, today, now,
                    **({"assignee_user_id": lead.user_id} if lead else
                       {"assignee_role": "enforcer"}))
    if kind == "preservation":
        issue(case, "preservation_notice", TITLES["preservation_notice"], now, actor,
              extra={"goods": description.strip()})
    audit.record(f"case.measure_{kind}", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"measure": measure.id})
    return measure


def end_measure(case: TrademarkCase, actor: User, now: datetime, measure_id: int,
                outcome: str) -> None:
    """Decide on preserved evidence, release seized goods, or end a test (clocks run again)."""
    measure = next((m for m in case.measures if m.id == measure_id), None)
    if measure is None:
        raise InvalidInput(_l("No such measure on this case."))
    if measure.ended_on is not None:
        raise Conflict(_l("This measure has already ended."))
    if not outcome.strip():
        raise InvalidInput(_l("Say how it ended."))
    today = local_date(now)
    measure.ended_on, measure.outcome = today, outcome.strip()
    if measure.kind == "appraisal":
        cal = load_calendar()
        for row in timelimits.open_for("case", case.id):
            if row.paused_on is not None and row.pauses and row.pauses[-1].reason == "appraisal":
                timelimits.resume(row, today, cal)
    else:
        close_clocks(case, now, measure.kind)
    audit.record(f"case.end_{measure.kind}", actor=actor, obj_type="case", obj_id=case.id,
                 now=now, detail={"measure": measure.id, "outcome": outcome.strip()})
    db.session.flush()


@dataclass
class FindingsData:
    findings: str
    conduct: str
    turnover: str | None = None
    gains: str | None = None
    unsold_value: str | None = None
    label_pieces: int | None = None
    marks_count: int = 1
    innocent: tuple[bool, bool, bool] = (False, False, False)
    # identical (the identical mark on the same goods, or counterfeit labels) or similar
    # (商标法 Art. 57(2)); the days of the first and the last act; the party's address as found.
    mark_identity: str | None = None
    first_act_on: date | None = None
    last_act_on: date | None = None
    party_address: str = ""


MARK_IDENTITY = {"identical": _l("the identical mark on the same goods, or counterfeit labels "
                                 "(刑法第213–215条 may apply)"),
                 "similar": _l("a similar mark, or similar goods (商标法第五十七条第（二）项): "
                               "ordinary infringement, never referred")}


def record_findings(case: TrademarkCase, actor: User, now: datetime, data: FindingsData) -> None:
    """The investigation's findings and figures (案值 and the counts the thresholds use), the
    finding of an identical or a similar mark, and the days of the acts. Raises
    ``InvalidInput`` (nothing written) for a missing or malformed finding."""
    if case.state not in (TS.INVESTIGATING, TS.LEGAL_REVIEW):
        raise Conflict(_l("Findings are recorded during the investigation."))
    if data.conduct not in ("use", "sell", "labels"):
        raise InvalidInput(_l("Choose the conduct: using the mark, selling, or making labels."))
    if not data.findings.strip():
        raise InvalidInput(_l("Write the findings."))
    if data.mark_identity not in MARK_IDENTITY:
        raise InvalidInput(_l("Say whether the mark used is identical to the registered mark "
                              "on the same goods, or only similar."))
    if data.first_act_on is None or data.last_act_on is None:
        raise InvalidInput(_l("Give the days of the first and the last act found."))
    if data.first_act_on > data.last_act_on:
        raise InvalidInput(_l("The first act cannot be after the last act."))
    if data.last_act_on > local_date(now):
        raise InvalidInput(_l("The acts cannot be in the future."))
    if data.first_act_on < penalties.FINE_RULES[0].effective_from:
        # The rules start with the 2013 商标法 (in force 2014-05-01); acts that old are long
        # past the limitation period (行政处罚法 Art. 36).
        raise InvalidInput(_l("Acts before 1 May 2014 are outside the rules the centre "
                              "holds."))
    address = clean_name(data.party_address or "")
    if len(address) > 300:
        raise InvalidInput(_l("Keep the party's address under 300 characters."))
    turnover = money(data.turnover, "turnover")
    gains = money(data.gains, "gains")
    unsold = money(data.unsold_value, "unsold stock")
    if data.label_pieces is not None and not 0 <= data.label_pieces <= MAX_COUNT:
        raise InvalidInput(_l("A count cannot be negative."))
    case.findings, case.conduct = data.findings.strip(), data.conduct
    case.turnover, case.gains, case.unsold_value = turnover, gains, unsold
    case.label_pieces = data.label_pieces
    case.marks_count = min(max(1, int(data.marks_count or 1)), 1000)
    (case.innocent_no_knowledge, case.innocent_lawful_source,
     case.innocent_supplier_named) = data.innocent
    case.mark_identity = data.mark_identity
    case.first_act_on, case.last_act_on = data.first_act_on, data.last_act_on
    if address and case.respondents:
        case.respondents[0].address = address
    # Changed figures need the reasons for passing over a referral to be given again.
    case.no_referral_approved_by_id = case.no_referral_approved_at = None
    audit.record("case.record_findings", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"identity": data.mark_identity,
                         "acts": [data.first_act_on.isoformat(), data.last_act_on.isoformat()]})
    db.session.flush()


def _same_party(case: TrademarkCase):
    """The respondents of other cases who are this case's party: the same registered firm, the
    same unified social credit code, or the same name where either side has no code."""
    party = case.respondents[0]
    match = []
    if party.organisation_id:
        match.append(CaseParty.organisation_id == party.organisation_id)
    if party.uscc:
        match.append(CaseParty.uscc == party.uscc)
    if party.name:
        no_code = sa.or_(CaseParty.uscc.is_(None), CaseParty.uscc == "")
        match.append(sa.and_(CaseParty.name == party.name,
                             no_code if party.uscc else sa.true()))
    if not match:
        return None
    return sa.select(CaseParty.case_id).where(CaseParty.role == PartyRole.RESPONDENT,
                                              sa.or_(*match))


def _earlier_penalties(case: TrademarkCase) -> list[TrademarkCase]:
    """The centre's own trademark penalty decisions on the same party, other cases."""
    others = _same_party(case)
    if others is None:
        return []
    return list(db.session.execute(sa.select(TrademarkCase).where(
        TrademarkCase.id.in_(others), TrademarkCase.id != case.id,
        TrademarkCase.decision_kind == "penalty", TrademarkCase.decided_on.is_not(None))
    ).scalars())


def earlier_infringements(case: TrademarkCase) -> dict[str, list[date]]:
    """The same party's earlier decided infringements, found by the system: trademark penalty
    decisions and patent decisions finding infringement, matched by organisation, code or
    name (days of the decisions)."""
    from ipcenter.cases.models import PatentCase

    others = _same_party(case) if case.respondents else None
    if others is None:
        return {"trademark": [], "patent": []}
    pt_dates = db.session.execute(sa.select(PatentCase.decided_on).where(
        PatentCase.id.in_(others), PatentCase.infringement.is_(True),
        PatentCase.decided_on.is_not(None))).scalars().all()
    return {"trademark": sorted(c.decided_on for c in _earlier_penalties(case)),
            "patent": sorted(pt_dates)}


def earlier_acts(case: TrademarkCase) -> list[date]:
    """The days of the same party's earlier infringing acts that a penalty decision of the
    centre found (the last act; the decision's day where the acts were not recorded)."""
    return sorted(c.last_act_on or c.decided_on for c in _earlier_penalties(case))


def prior_penalty(case: TrademarkCase) -> date | None:
    """The centre's own penalty of the same party for an act of 刑法 Art. 213–215 (not a
    similar-mark case) that makes it a repeat offender for 法释〔2025〕5号 (penalised, then
    acting again within two years), or ``None``. Needs the act days."""
    if case.first_act_on is None or case.last_act_on is None or not case.respondents:
        return None
    days = [c.decided_on for c in _earlier_penalties(case) if c.mark_identity != "similar"]
    return referral.repeat_offender(case.first_act_on, case.last_act_on, days)


def fine_range(case: TrademarkCase, on: date) -> penalties.FineRange:
    """The range the law allows for this case on ``on`` (repeat and innocent seller included).

    商标法 Art. 60 counts earlier *trademark* infringements for the heavier penalty, within five
    years of the first act of this case (not of the day of the proposal); earlier patent
    findings are shown to the officer but do not make the case a repeat."""
    acts_from = case.first_act_on or on
    seller = None
    if case.conduct == "sell":
        seller = penalties.SellerDefence(case.innocent_no_knowledge, case.innocent_lawful_source,
                                         case.innocent_supplier_named)
    repeat = penalties.is_repeat(acts_from, earlier_acts(case)) if case.respondents else False
    return penalties.fine_range(case.turnover, on=on, act_on=case.first_act_on, repeat=repeat,
                                seller=seller)


def _penalty_valid(case: TrademarkCase, on: date) -> bool:
    if case.proposed_fine is None:
        return False
    try:
        penalties.check_proposed_fine(case.proposed_fine, fine_range(case, on))
    except ValueError:
        return False
    return True


def propose_penalty(case: TrademarkCase, actor: User, now: datetime, fine: str,
                    confiscated_value: str | None) -> penalties.FineRange:
    """The officer's proposed fine: refused outside the computed range (and below the heavy end
    for a repeat)."""
    if case.state not in (TS.INVESTIGATING, TS.LEGAL_REVIEW):
        raise Conflict(_l("The penalty is proposed before the advance notice."))
    if not case.findings.strip():
        raise Conflict(_l("Record the investigation's findings first."))
    amount = money(fine, "fine")
    if amount is None:
        raise InvalidInput(_l("Give the proposed fine (0 for none)."))
    allowed = fine_range(case, local_date(now))
    try:
        penalties.check_proposed_fine(amount, allowed)
    except ValueError:
        if allowed.order_only:
            raise InvalidInput(_l("An innocent seller is only ordered to stop: no fine.")) \
                from None
        raise InvalidInput(_l("The fine must be between ¥%(low)s and ¥%(high)s.",
                              low=core_money.figures(allowed.proposal_floor),
                              high=core_money.figures(allowed.maximum))) from None
    case.proposed_fine = amount
    case.confiscated_value = money(confiscated_value, "confiscated value")
    case.heavier = allowed.heavier
    audit.record("case.propose_penalty", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"fine": str(amount), "range": [str(allowed.minimum),
                                                         str(allowed.maximum)],
                         "heavier": allowed.heavier})
    db.session.flush()
    return allowed


def close_investigation(case: TrademarkCase, actor: User, now: datetime) -> None:
    """调查终结 → 法制审核 within 10 working days."""
    fire(case, TE.CLOSE_INVESTIGATION, actor, now, facts=facts(case, now))
    open_clock(case, "legal_review", local_date(now), now, assignee_role="director")


def complete_review(case: TrademarkCase, actor: User, now: datetime, opinion: str) -> None:
    """法制审核 done; the 行政处罚告知书 is served: 5 working days to state the case or ask for
    a hearing (行政处罚法 Art. 44, 45, 63, 64)."""
    case.review_opinion = opinion.strip()
    fire(case, TE.COMPLETE_REVIEW, actor, now, facts=facts(case, now))
    close_clocks(case, now, "legal_review")
    today = local_date(now)
    allowed = fine_range(case, today)
    notice = issue(case, "penalty_notice", TITLES["penalty_notice"], now, actor,
                   extra={"fine": str(case.proposed_fine),
                          "hearing_right": _hearing_right(case, today),
                          "findings": case.findings, "basis": allowed.basis,
                          "measures": [m.label for m in allowed.measures]})
    # The 5 working days run from the day the party receives the 告知书: at once for a party
    # with an account (served through the system), from the recorded receipt for one served
    # on paper (``matters.serving``).
    serving.to_serve(case, notice, case.respondents[0], now, actor, opens="statement")


def record_statement(case: TrademarkCase, actor: User, now: datetime, text: str) -> None:
    """The party's 陈述、申辩."""
    if case.state != TS.PRIOR_NOTICE:
        raise Conflict(_l("A statement can be made after the advance notice, before the "
                          "decision."))
    if case.statement_at is not None:
        raise Conflict(_l("Your statement has already been recorded."))
    if not text.strip():
        raise InvalidInput(_l("Write the statement."))
    case.statement, case.statement_at = text.strip(), now
    close_clocks(case, now, "statement")
    audit.record("case.statement", actor=actor, obj_type="case", obj_id=case.id, now=now)
    party = next((p for p in case.respondents if p.organisation_id == actor.organisation_id),
                 None)
    if party is not None:
        case_notices.answered(case, party, now, actor, what="陈述、申辩")
    db.session.flush()


def record_statement_on_paper(case: TrademarkCase, actor: User, now: datetime,
                              data: serving.PaperFiling) -> None:
    """The 陈述、申辩 of a party served on paper (no account), recorded by the officer: the scan
    of what it sent, the day the centre received it and, optionally, its text. Raises
    ``Conflict`` outside the statement stage or for a second statement, ``InvalidInput`` (via
    ``matters.serving.paper_filing``) for another party, a day in the future or before the
    告知书 was issued, or no scan."""
    if case.state != TS.PRIOR_NOTICE:
        raise Conflict(_l("A statement can be made after the advance notice, before the "
                          "decision."))
    if case.statement_at is not None:
        raise Conflict(_l("The statement has already been recorded."))
    if not any(p.id == data.party_id for p in case.respondents):
        raise InvalidInput(_l("Choose a party of this case."))
    notices = [r for r in serving.records(case) if r.opens == "statement"]
    earliest = local_date(notices[-1].created_at) if notices else None
    _party, day, _doc = serving.paper_filing(case, data, "statement",
                                             "陈述申辩材料（纸质，中心录入）", actor, now,
                                             earliest=earliest)
    case.statement = (data.text or "").strip() or "（纸质陈述申辩材料，见扫描件）"
    case.statement_at = datetime.combine(day, time(12), tzinfo=CHINA)
    close_clocks(case, now, "statement")
    audit.record("case.statement", actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"received_on": day.isoformat(), "paper": True})
    case_notices.answered(case, _party, now, actor, what="陈述、申辩（纸质，中心录入）")
    db.session.flush()


def request_hearing(case: TrademarkCase, actor: User, now: datetime) -> None:
    """The party asks for a hearing; the decision clock stops until it is held."""
    fire(case, TE.REQUEST_HEARING, actor, now, facts=facts(case, now))
    _stop_for_hearing(case, now, local_date(now))


def hearing_offered(case: TrademarkCase) -> bool:
    """Whether the officers are offered to record a hearing request received on paper: the
    advance notice is out and its penalty gives a right to a hearing."""
    return case.state == TS.PRIOR_NOTICE and _hearing_right(case, local_date(clock.now()))


def request_hearing_on_paper(case: TrademarkCase, actor: User, now: datetime,
                             data: serving.PaperFiling) -> None:
    """The hearing request (听证申请) of a party served on paper, recorded by the officer: the
    scan of what it sent and the day the centre received it, which must fall within the 5
    working days of 行政处罚法 Art. 64(1) counted from its receipt of the 告知书. The decision
    clock stops from that day.

    Raises ``InvalidTransition`` outside the advance-notice stage, without a right to a
    hearing or after the 5 working days, and ``InvalidInput`` (via
    ``matters.serving.paper_filing``) for another party, a day in the future or before the
    告知书 was issued, or no scan; nothing is written when it raises."""
    if not any(p.id == data.party_id for p in case.respondents):
        raise InvalidInput(_l("Choose a party of this case."))
    # The 5 working days are judged on the day received (a missing or future day is refused
    # by ``paper_filing`` below, before anything is stored).
    guard = replace(facts(case, now), today=data.received_on or local_date(now))
    if data.received_on is not None and data.received_on <= local_date(now):
        reason = tw.TRADEMARK_FLOW.refusal(case.state, TE.REQUEST_HEARING, guard)
        if reason:
            raise InvalidTransition(reason)
    notices = [r for r in serving.records(case) if r.opens == "statement"]
    earliest = local_date(notices[-1].created_at) if notices else None
    _party, day, _doc = serving.paper_filing(case, data, "hearing_request",
                                             "听证申请（纸质，中心录入）", actor, now,
                                             earliest=earliest)
    fire(case, TE.REQUEST_HEARING, actor, now, facts=guard,
         detail={"received_on": zh_date(day), "paper": True})
    _stop_for_hearing(case, now, day)


def _stop_for_hearing(case: TrademarkCase, now: datetime, on: date) -> None:
    close_clocks(case, now, "statement")
    for row in clocks(case, "decision"):
        timelimits.pause(row, on, "hearing")


def earliest_hearing(now: datetime) -> date:
    """The first day the hearing (听证) may be held (its notice period after today)."""
    return workdays_after(now, HEARING_NOTICE)


def schedule_hearing(case: TrademarkCase, actor: User, now: datetime, at: datetime,
                     place: str) -> None:
    if not place.strip():
        raise InvalidInput(_l("Give the place of the hearing."))
    fire(case, TE.SCHEDULE_HEARING, actor, now, facts=facts(
        case, now, hearing_on=local_date(at), earliest_hearing=earliest_hearing(now)))
    case.hearing_at, case.hearing_place = at, place.strip()
    # The hearing is presided by someone who did not investigate (行政处罚法 Art. 64(4)).
    investigators = {h.user_id for h in case.active_handlers}
    extra = {"hearing_at": at.isoformat(), "hearing_place": place.strip()}
    if actor.id not in investigators:
        extra["presider"] = actor.display_name
    issue(case, "tm_hearing_notice", TITLES["tm_hearing_notice"], now, actor, extra=extra)
    case_notices.hearing_scheduled(case, at, place.strip(), now, actor)


def record_hearing(case: TrademarkCase, actor: User, now: datetime) -> None:
    fire(case, TE.RECORD_HEARING, actor, now, facts=facts(case, now))
    cal = load_calendar()
    for row in clocks(case, "decision"):
        if row.paused_on is not None:
            timelimits.resume(row, local_date(now), cal)


def close_statements(case: TrademarkCase, actor: User, now: datetime) -> None:
    fire(case, TE.CLOSE_STATEMENTS, actor, now, facts=facts(case, now))
    close_clocks(case, now, "statement")


# ---------------------------------------------------------------------------------------------
# Decision, payment, close


# 行政复议法 (2023, in force 2024-01-01) Art. 24 ¶1(1): the people's government at the same level
# hears a review of its departments' acts; Art. 20: within 60 days. Zhongshan has no county
# level: the review body of the 市场监督管理局 is the city's government.
REVIEW_BODY = "中山市人民政府"


def _decision_extra(case: TrademarkCase) -> dict:
    item = penalties.article57_item(case.conduct, case.mark_identity)
    return {"review_body": REVIEW_BODY, "article57_item": item,
            "article57_text": penalties.ARTICLE57_ITEMS[item]}


def decide_penalty(case: TrademarkCase, actor: User, now: datetime) -> None:
    """行政处罚决定书 under a decision number, with the six parts of 行政处罚法 Art. 59, the
    item of 商标法 Art. 57 infringed and the review body. Refused (``InvalidTransition``) for an
    innocent seller, a party without an address, or figures that call for a referral without
    the director's approval of the reasons for not referring."""
    fire(case, TE.DECIDE_PENALTY, actor, now, facts=facts(case, now))
    today = local_date(now)
    case.decision_kind, case.fine, case.decided_on = "penalty", case.proposed_fine, today
    case.decision_number = numbering.issue_number(DECISION_PREFIX, today.year)
    close_clocks(case, now, "decision")
    allowed = fine_range(case, today)
    issue(case, "penalty_decision", TITLES["penalty_decision"], now, actor,
          number=case.decision_number,
          extra={"fine": str(case.fine), "basis": allowed.basis,
                 "measures": [m.label for m in allowed.measures],
                 "heavier_basis": allowed.heavier_basis, **_decision_extra(case)})
    case_notices.decided(case, now, actor)


def decide_no_penalty(case: TrademarkCase, actor: User, now: datetime, reason: str) -> None:
    """不予行政处罚决定书. For an innocent seller (商标法 Art. 60 ¶2) it orders the party to stop
    selling, on that paragraph. Refused like ``decide_penalty`` without the party's address or
    with a referral the figures call for."""
    fire(case, TE.DECIDE_NO_PENALTY, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})
    today = local_date(now)
    case.decision_kind, case.decided_on = "none", today
    case.decision_number = numbering.issue_number(DECISION_PREFIX, today.year)
    close_clocks(case, now, "decision")
    extra = {"reasons": [reason.strip()], **_decision_extra(case)}
    if _innocent_seller(case):
        allowed = fine_range(case, today)
        extra.update(basis=allowed.basis.partition("：")[0],
                     orders=[m.label for m in allowed.measures])
    issue(case, "no_penalty_decision", TITLES["no_penalty_decision"], now, actor,
          number=case.decision_number, extra=extra)
    case_notices.decided(case, now, actor)


def serve_decision(case: TrademarkCase, actor: User, now: datetime) -> None:
    """Served: the 15 days to pay start (行政处罚法 Art. 67)."""
    fire(case, TE.SERVE_DECISION, actor, now, facts=facts(case, now))
    case.served_on = local_date(now)
    party = case.respondents[0]
    assignee = ({"assignee_org_id": party.organisation_id} if party.organisation_id
                else {"assignee_role": "enforcer"})
    open_clock(case, "payment", case.served_on, now, **assignee)


def amount_due(case: TrademarkCase, on: date) -> Decimal:
    """The fine plus the late-payment surcharge on ``on`` (3% a day, capped at the fine)."""
    if case.fine is None:
        return Decimal("0.00")
    rows = clocks(case, "payment", include_closed=True)
    if not rows:
        return case.fine
    due_on = max(r.due_on for r in rows)
    return case.fine + penalties.surcharge(case.fine, due_on, on)


def record_payment(case: TrademarkCase, actor: User, now: datetime, amount: str,
                   paid_on: date) -> None:
    """Payment of the fine (and any surcharge), checked to the fen."""
    value = money(amount, "payment")
    if value is None:
        raise InvalidInput(_l("Give the amount paid."))
    if paid_on > local_date(now):
        raise InvalidInput(_l("The payment date cannot be in the future."))
    if case.served_on is not None and paid_on < case.served_on:
        raise InvalidInput(_l("The payment date cannot be before the decision was served "
                              "(%(day)s).", day=zh_date(case.served_on)))
    expected = amount_due(case, paid_on)
    if value != expected:
        raise InvalidInput(_l("The amount due on that day is ¥%(due)s (fine and surcharge).",
                              due=core_money.figures(expected)))
    case.paid_amount, case.paid_on = value, paid_on
    fire(case, TE.RECORD_PAYMENT, actor, now, facts=facts(case, now),
         detail={"amount": str(value), "paid_on": paid_on.isoformat()})
    close_clocks(case, now, "payment")


def request_enforcement(case: TrademarkCase, actor: User, now: datetime) -> None:
    fire(case, TE.REQUEST_ENFORCEMENT, actor, now, facts=facts(case, now))
    close_clocks(case, now, "payment", outcome="late")


def close(case: TrademarkCase, actor: User, now: datetime, note: str = "") -> None:
    """结案, with the 结案审批表."""
    fire(case, TE.CLOSE, actor, now, facts=facts(case, now, reason=note or "结案"))
    issue(case, "closing_approval", TITLES["closing_approval"], now, actor,
          audience=DocAudience.CENTRE,
          number=None, extra={
              "decision_kind": case.decision_kind, "decision_number": case.decision_number,
              "fine": None if case.fine is None else str(case.fine),
              "confiscated_value": None if case.confiscated_value is None
              else str(case.confiscated_value),
              "paid_amount": None if case.paid_amount is None else str(case.paid_amount),
              "paid_on": case.paid_on, "note": note.strip(),
              "approved_by": actor.display_name})


def suspend(case: TrademarkCase, actor: User, now: datetime, reason: str) -> None:
    """中止 while ownership is disputed or a suit is pending (商标法 Art. 62)."""
    fire(case, TE.SUSPEND, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})
    for row in timelimits.open_for("case", case.id):
        if row.paused_on is None:
            timelimits.pause(row, local_date(now), "suspension")


def resume(case: TrademarkCase, actor: User, now: datetime, reason: str) -> None:
    fire(case, TE.RESUME, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})
    cal = load_calendar()
    for row in timelimits.open_for("case", case.id):
        if row.paused_on is not None and row.pauses[-1].reason == "suspension":
            timelimits.resume(row, local_date(now), cal)


# ---------------------------------------------------------------------------------------------
# Criminal referral


def assess_referral(case: TrademarkCase, on: date) -> referral.Assessment:
    """The referral assessment on the case's own findings: the law of the days of the acts
    (从旧兼从轻), the identical/similar finding, and the repeat-offender figures when the
    centre's own records show a penalty of the same party within two years before the acts.
    Raises ``ValueError`` when the findings or figures needed are missing."""
    if case.mark_identity not in MARK_IDENTITY:
        raise ValueError("record whether the mark is identical or similar")
    if case.last_act_on is None:
        raise ValueError("record the days of the acts")
    return referral.assess(referral.Figures(
        conduct=case.conduct, turnover=case.turnover, gains=case.gains,
        sales=case.turnover if case.conduct == "sell" else None,
        unsold_stock=case.unsold_value, marks=case.marks_count,
        label_pieces=case.label_pieces, identical=case.mark_identity == "identical",
        repeat=prior_penalty(case) is not None), on, acts_on=min(case.last_act_on, on))


def referral_facts(case: TrademarkCase, now: datetime, reason: str) -> TFacts:
    try:
        assessment = assess_referral(case, local_date(now))
        figures, required = True, assessment.required
    except ValueError:
        figures, required = False, False
    return facts(case, now, reason=reason, referral_figures=figures, referral_required=required)


def referral_standing(case: TrademarkCase, on: date) -> str:
    """Whether a decision without a referral may be made: ``clear`` (the figures reach no
    threshold, or a similar mark), ``required`` (they reach one and no approved reasons say
    why the criminal elements are not made out), ``approved`` (they do, with the director's
    approval of those reasons), or ``unknown`` (findings or figures missing)."""
    try:
        assessment = assess_referral(case, on)
    except ValueError:
        return "unknown"
    if not assessment.required:
        return "clear"
    return "approved" if case.no_referral_approved_at is not None else "required"


def record_no_referral_reason(case: TrademarkCase, actor: User, now: datetime,
                              reason: str) -> None:
    """The officers record why the criminal elements are not made out although the figures
    reach a threshold (行政处罚法 Art. 27; 国务院令310 Art. 11: no penalty instead of a
    referral). The director must approve it before a decision. Raises ``Conflict`` when the
    figures reach no threshold, ``InvalidInput`` without reasons."""
    if case.state not in tw.ACTION_STATES["no_referral_reason"]:
        raise Conflict(_l("The reasons are recorded before the decision."))
    text = reason.strip()
    if not text:
        raise InvalidInput(_l("Give the reasons."))
    if len(text) > 10000:
        raise InvalidInput(_l("Keep the reasons under 10,000 characters."))
    if referral_standing(case, local_date(now)) not in ("required", "approved"):
        raise Conflict(_l("The figures reach no criminal threshold: there is nothing to "
                          "explain."))
    case.no_referral_reason = text
    case.no_referral_approved_by_id = case.no_referral_approved_at = None
    audit.record("case.no_referral_reason", actor=actor, obj_type="case", obj_id=case.id,
                 now=now, detail={"reason": text})
    db.session.flush()


def approve_no_referral(case: TrademarkCase, actor: User, now: datetime) -> None:
    """The director approves the officers' reasons for not referring. Raises
    ``PermissionDenied`` for anyone but a director, ``Conflict`` without recorded reasons or
    once approved."""
    if not actor.has_role("director"):
        raise PermissionDenied(_l("Only the director may approve the reasons for not referring "
                                  "the case to the police."))
    if case.state not in tw.ACTION_STATES["approve_no_referral"]:
        raise Conflict(_l("The reasons are recorded before the decision."))
    if not case.no_referral_reason.strip():
        raise Conflict(_l("The officers have not recorded why the criminal elements are not "
                          "made out."))
    if case.no_referral_approved_at is not None:
        raise Conflict(_l("The reasons have already been approved."))
    case.no_referral_approved_by_id, case.no_referral_approved_at = actor.id, now
    audit.record("case.approve_no_referral", actor=actor, obj_type="case", obj_id=case.id,
                 now=now)
    db.session.flush()


def propose_referral(case: TrademarkCase, actor: User, now: datetime, reason: str) -> None:
    """The figures reach a criminal threshold: the director decides within 3 days."""
    fire(case, TE.PROPOSE_REFERRAL, actor, now, facts=referral_facts(case, now, reason),
         detail={"reason": reason})
    case.referral_reason = reason.strip()
    open_clock(case, "referral_decision", local_date(now), now, assignee_role="director")


def approve_referral(case: TrademarkCase, actor: User, now: datetime) -> None:
    """涉嫌犯罪案件移送书; the case waits for the police answer."""
    fire(case, TE.APPROVE_REFERRAL, actor, now, facts=facts(case, now))
    close_clocks(case, now, "referral_decision")
    assessment = assess_referral(case, local_date(now))
    case.decision_kind = "referral"
    issue(case, "referral_letter", TITLES["referral_letter"], now, actor,
          audience=DocAudience.CENTRE,
          number=numbering.issue_number(REFERRAL_PREFIX, local_date(now).year),
          extra={"offence": assessment.offence,
                 "thresholds": [t.label for t in assessment.reached],
                 "reason": case.referral_reason})


def reject_referral(case: TrademarkCase, actor: User, now: datetime, reason: str) -> None:
    fire(case, TE.REJECT_REFERRAL, actor, now, facts=facts(case, now, reason=reason),
         detail={"reason": reason})
    close_clocks(case, now, "referral_decision")


def police_answer(case: TrademarkCase, actor: User, now: datetime, accepted: bool,
                  answer: str) -> None:
    event = TE.POLICE_ACCEPTED if accepted else TE.POLICE_DECLINED
    fire(case, event, actor, now, facts=facts(case, now, reason=answer),
         detail={"answer": answer})
    case.police_answer = answer.strip()


def figures_summary(case: TrademarkCase) -> dict:
    """案值 and 罚没 of a case, in Decimal yuan (the annual report adds these up)."""
    zero = Decimal("0.00")
    fined = (case.paid_amount or zero) if case.paid_amount is not None else zero
    return {"case_value": case.turnover or zero,
            "fined_and_confiscated": fined + (case.confiscated_value or zero)}
