"""Use cases of pre-examination: each takes ``actor`` and ``now``, changes a registration (备案)
or a request through ``matters.fire`` (the only writer of ``state``, one event and one audit
row each), keeps its clocks and flushes; the caller's unit of work commits. Bad input raises
``InvalidInput`` in Chinese before anything is written.

The rules of ``prexam.rules`` are applied here and reach the guards as worded refusals
(``workflow.Facts``), one home per rule:

- registering: ``rules.eligibility.filing_check`` (a valid USCC of a Zhongshan registrant),
  contacts and the undertaking; one registration not ended per firm;
- submitting: ``rules.eligibility.check`` — the registration standing, the kind served, the
  class in the scope on the submission day (``settings.scope_entries``), the undertaking on
  same-day filings, the contract for joint applicants and the proof for universities, every
  required document (``rules.documents``), each upload a PDF or an image; possible duplicates
  (``prexam.duplicates``, through search) are flagged to the examiner, never refused;
- examining: the checklist of the kind (``rules.checklist``) ticked in full to pass; each
  opinion point with its basis; at most ``targets.max_rounds`` opinions;
- after passing: the CNIPA application number (check digit, the kind digit of the request's
  kind), the filing day (not before passing, not in the future); the grant registers the
  right in the rights register (``ip.register``), held by the firm.

Documents: each step that has one issues its notice (``prexam.documents.issue_for``):
备案申请表 and 备案通知书, 预审意见通知书 each round, 预审合格/不合格通知书, 退回通知.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import OrgKind, Role
from ipcenter.core import audit, numbering, storage
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, InvalidInput
from ipcenter.core.reasons import Refused, lazy_join
from ipcenter.ip import numbers, register, uscc
from ipcenter.ip.models import EventKind
from ipcenter.matters import (
    attach,
    clocks,
    close_clocks,
    earlier_filing,
    fire,
    index,
    open_clock,
    set_handlers,
    upload_kinds_for,
)
from ipcenter.matters.models import HandlerRole
from ipcenter.prexam import documents, settings
from ipcenter.prexam.models import (
    FILING_KIND,
    KIND,
    ApplicantKind,
    PrexamApplicant,
    PrexamFiling,
    PrexamHandler,
    PrexamOpinion,
    PrexamRequest,
)
from ipcenter.prexam.rules import checklist as checklist_rule
from ipcenter.prexam.rules import documents as documents_rule
from ipcenter.prexam.rules import eligibility
from ipcenter.prexam.rules import scope as scope_rule
from ipcenter.prexam.workflow import (
    FE,
    FILING_STANDS,
    FILING_TERMINAL,
    FS,
    E,
    Facts,
    FilingFacts,
    S,
)

FILING_PREFIX, REQUEST_PREFIX = "中知预备字", "中知预审字"
MAX_TEXT = 20_000        # the abstract, the claims' text, a reply
MAX_TITLE = 200


def _worded(reasons) -> object:
    reasons = tuple(reasons)
    return lazy_join([r.message for r in reasons], "；") if reasons else None


def _text(value, limit: int, what, *, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_l("%(what)s must be text.", what=what))
    if required and not text:
        raise InvalidInput(_l("Give %(what)s.", what=what))
    if len(text) > limit:
        raise InvalidInput(_l("%(what)s is longer than %(n)s characters.", what=what, n=limit))
    return text


def _day(value, what) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(_l("%(what)s must be a date.", what=what))
    return value


def _firm_of(actor: User) -> Organisation:
    org = db.session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    if not actor.has_role(Role.FIRM) or org is None or org.kind != OrgKind.FIRM \
            or not org.active:
        raise InvalidInput(_l("Only a firm registers for pre-examination and submits "
                              "requests."))
    return org


# =============================================================================================
# The registration (备案)


@dataclass
class FilingData:
    uscc: str
    contact_name: str
    contact_phone: str
    contact_email: str = ""
    address: str = ""
    rd_staff: int = 0
    fields: str = ""
    undertaking: bool = False


def current_filing(org_id: int) -> PrexamFiling | None:
    """The firm's registration not ended (at most one), or its latest one."""
    rows = db.session.execute(sa.select(PrexamFiling).where(
        PrexamFiling.org_id == org_id).order_by(PrexamFiling.id.desc())).scalars().all()
    open_ = [r for r in rows if r.state not in {str(s) for s in FILING_TERMINAL}]
    return open_[0] if open_ else (rows[0] if rows else None)


def filing_facts(filing: PrexamFiling, now: datetime, **extra) -> FilingFacts:
    refusal = _worded(eligibility.filing_check(filing.uscc))
    return FilingFacts(actor_id=extra.get("actor_id"), reason=extra.get("reason", ""),
                       ground=extra.get("ground"), proposed_by_id=filing.proposed_by_id,
                       filing_refusal=refusal)


def apply_for_filing(data: FilingData, actor: User, now: datetime, client_token: str
                     ) -> PrexamFiling:
    """The firm's 备案 application (APPLIED), with the examiner's clock. A second call with the
    same token returns the first. Refused: not a firm; a registration of the firm not ended;
    an invalid USCC, one registered outside Zhongshan or another firm's; missing contacts; no
    undertaking."""
    existing = earlier_filing(PrexamFiling, client_token, actor)
    if existing is not None:
        return existing
    firm = _firm_of(actor)
    current = current_filing(firm.id)
    if current is not None and current.state not in {str(s) for s in FILING_TERMINAL}:
        raise Conflict(_l("Your firm's registration (%(number)s) is %(state)s: no second one "
                          "can be made.", number=current.label,
                          state=_filing_state_label(current.state)))
    code = uscc.normalise(_text(data.uscc, 18, _l("the unified social credit code"),
                                required=True))
    reasons = eligibility.filing_check(code)
    if reasons:
        raise Refused(reasons)
    # The registration is the firm's own: not under another registrant's code.
    if firm.uscc and code != uscc.normalise(firm.uscc):
        raise InvalidInput(_l("The unified social credit code is not your firm's (%(code)s).",
                              code=uscc.normalise(firm.uscc)))
    name = _text(data.contact_name, 60, _l("the contact's name"), required=True)
    phone = _text(data.contact_phone, 30, _l("the contact's telephone"), required=True)
    email = _text(data.contact_email, 120, _l("the contact's e-mail"))
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        raise InvalidInput(_l("Write the e-mail address like name@example.com."))
    if isinstance(data.rd_staff, bool) or not isinstance(data.rd_staff, int) \
            or not 0 <= data.rd_staff <= 100_000:
        raise InvalidInput(_l("Give the number of R&D staff as a whole number."))
    if not data.undertaking:
        raise InvalidInput(_l("Give the undertaking that the applications are genuine."))
    filing = PrexamFiling(
        kind=FILING_KIND, state=FS.APPLIED, title=f"{firm.name}专利快速预审备案",
        filed_by_id=actor.id, org_id=firm.id, client_token=client_token, firm_name=firm.name,
        uscc=code, address=_text(data.address, 300, _l("the address")) or (firm.address or ""),
        contact_name=name, contact_phone=phone, contact_email=email, rd_staff=data.rd_staff,
        fields=_text(data.fields, 2_000, _l("the fields of activity")), undertaking=True,
        number=numbering.issue_number(FILING_PREFIX, local_date(now).year),
        created_at=now, submitted_at=now)
    db.session.add(filing)
    db.session.flush()
    audit.record("prexam_filing.apply", actor=actor, obj_type="prexam_filing",
                 obj_id=filing.id, now=now, detail={"uscc": code})
    open_clock(filing, "filing_decision", local_date(now), now, assignee_role=Role.EXAMINER)
    index(filing)
    documents.issue_for(filing, "filing_application", now, actor)
    return filing


def _filing_state_label(state: str):
    from ipcenter.prexam.workflow import FILING_STATE_LABELS

    return FILING_STATE_LABELS.get(FS(state), state)


def _decide(filing, event, actor, now, *, reason: str = "", ground: str | None = None):
    facts = filing_facts(filing, now, actor_id=actor.id, reason=reason, ground=ground)
    fire(filing, event, actor, now, facts=facts, detail={"reason": reason} if reason else None)


def approve_filing(filing: PrexamFiling, actor: User, now: datetime) -> None:
    _decide(filing, FE.APPROVE, actor, now)
    filing.decided_by_id, filing.decided_at = actor.id, now
    filing.approved_on = local_date(now)
    close_clocks(filing, now, "filing_decision")
    documents.issue_for(filing, "filing_notice", now, actor, outcome="approved")


def reject_filing(filing: PrexamFiling, actor: User, now: datetime, reason: str) -> None:
    reason = _text(reason, 2_000, _l("the reasons"))
    _decide(filing, FE.REJECT, actor, now, reason=reason)
    filing.decided_by_id, filing.decided_at, filing.reason = actor.id, now, reason
    documents.issue_for(filing, "filing_notice", now, actor, outcome="rejected", reason=reason)


def withdraw_filing(filing: PrexamFiling, actor: User, now: datetime, reason: str = "") -> None:
    # The note is checked before the registration moves: a refused note changes nothing.
    reason = _text(reason, 2_000, _l("the note"))
    _decide(filing, FE.WITHDRAW, actor, now)
    filing.reason = reason


def propose(filing: PrexamFiling, actor: User, now: datetime, measure: str, ground: str,
            reason: str) -> None:
    """An examiner proposes to suspend or revoke the registration (the director decides)."""
    event = {"suspend": FE.PROPOSE_SUSPENSION, "revoke": FE.PROPOSE_REVOCATION}.get(measure)
    if event is None:
        raise InvalidInput(_l("Choose suspension or revocation."))
    reason = _text(reason, 2_000, _l("the reasons"))
    _decide(filing, event, actor, now, reason=reason, ground=ground)
    filing.proposal, filing.proposal_ground, filing.proposal_reason = measure, ground, reason
    filing.proposed_by_id = actor.id


def _carry_out(filing, event, actor, now, outcome: str) -> None:
    _decide(filing, event, actor, now)
    filing.decided_by_id, filing.decided_at = actor.id, now
    filing.reason = filing.proposal_reason
    if outcome == "suspended":
        filing.suspended_on = local_date(now)
    documents.issue_for(filing, "filing_notice", now, actor, outcome=outcome,
                        ground=filing.proposal_ground or "", reason=filing.reason)


def suspend_filing(filing: PrexamFiling, actor: User, now: datetime) -> None:
    _carry_out(filing, FE.SUSPEND, actor, now, "suspended")


def revoke_filing(filing: PrexamFiling, actor: User, now: datetime) -> None:
    _carry_out(filing, FE.REVOKE, actor, now, "revoked")


def decline_proposal(filing: PrexamFiling, actor: User, now: datetime, reason: str) -> None:
    reason = _text(reason, 2_000, _l("the reasons"))
    _decide(filing, FE.DECLINE_PROPOSAL, actor, now, reason=reason)
    filing.proposal = filing.proposal_ground = None
    filing.proposal_reason, filing.proposed_by_id = "", None


def reinstate_filing(filing: PrexamFiling, actor: User, now: datetime, reason: str) -> None:
    reason = _text(reason, 2_000, _l("the reasons"))
    _decide(filing, FE.REINSTATE, actor, now, reason=reason)
    filing.suspended_on, filing.reason = None, reason
    filing.proposal = filing.proposal_ground = None
    filing.proposal_reason, filing.proposed_by_id = "", None
    documents.issue_for(filing, "filing_notice", now, actor, outcome="reinstated",
                        reason=reason)


# =============================================================================================
# Submitting a request


@dataclass
class ApplicantData:
    name: str
    kind: str = ApplicantKind.ENTERPRISE
    uscc: str = ""
    address: str = ""


@dataclass
class Upload:
    kind: str
    stream: BinaryIO
    filename: str


@dataclass
class RequestData:
    patent_kind: str
    title: str
    classification: str
    abstract: str = ""
    claims_text: str = ""
    declared_no_dual_filing: bool = False
    # Joint applicants besides the filing firm (the firm is always the first).
    co_applicants: list[ApplicantData] = field(default_factory=list)


def _filing_state_for_rules(filing: PrexamFiling | None) -> str | None:
    """The registration's state as ``rules.eligibility`` reads it: a proposal not decided
    leaves it standing."""
    if filing is None:
        return None
    if filing.state == FS.REVOCATION_PROPOSED and filing.return_state == FS.SUSPENDED:
        return str(FS.SUSPENDED)   # a revocation proposed while suspended: still suspended
    return str(FS.APPROVED) if filing.state in {str(s) for s in FILING_STANDS} else filing.state


def _applicants(firm: Organisation, data: RequestData) -> list[eligibility.Applicant]:
    found = [eligibility.Applicant(name=firm.name, kind=ApplicantKind.ENTERPRISE,
                                   uscc=firm.uscc or "")]
    for co in data.co_applicants:
        name = _text(co.name, 200, _l("the joint applicant's name"), required=True)
        if co.kind not in {str(k) for k in ApplicantKind}:
            raise InvalidInput(_l("Choose what kind of applicant %(name)s is.", name=name))
        found.append(eligibility.Applicant(name=name, kind=str(co.kind),
                                           uscc=(co.uscc or "").strip()[:18]))
    return found


def submission_of(firm: Organisation, data: RequestData, uploaded, on: date
                  ) -> eligibility.Submission:
    """What the eligibility checker reads of a firm's request."""
    return eligibility.Submission(
        kind=str(data.patent_kind or ""), classification=str(data.classification or ""),
        applicants=tuple(_applicants(firm, data)),
        filing_state=_filing_state_for_rules(current_filing(firm.id)),
        declared_no_dual_filing=bool(data.declared_no_dual_filing),
        uploaded=frozenset(uploaded), on=on, filer_uscc=firm.uscc or "")


def eligibility_preview(actor: User, data: RequestData, uploaded, now: datetime):
    """Each criterion, passed or not, for the firm's page before it submits."""
    firm = _firm_of(actor)
    return eligibility.criteria(submission_of(firm, data, uploaded, local_date(now)),
                                settings.scope_entries())


def _store(uploads: list[Upload]) -> list[tuple[Upload, storage.Saved]]:
    """Store each upload (type by content, size-limited), refusing one that is not a PDF or an
    image: every file is read before any row is written."""
    stored = []
    for upload in uploads:
        if upload.kind not in documents_rule.LABELS:
            raise InvalidInput(_l("Choose what kind of document this is."))
        saved = storage.save(upload.stream, upload.filename,
                             allowed=documents_rule.ALLOWED_TYPES)
        refusal = documents_rule.type_reason(upload.kind, saved.content_type)
        if refusal:
            raise Refused([refusal])
        stored.append((upload, saved))
    return stored


def submit_request(data: RequestData, uploads: list[Upload], actor: User, now: datetime,
                   client_token: str) -> PrexamRequest:
    """The firm's request (SUBMITTED), its applicants and files, the classification clock and
    the duplicate check. A second call with the same token returns the first request.

    Refused (``Refused``/``InvalidInput``, nothing written): every failed criterion of the
    eligibility checker, named; an upload that is not a PDF or an image (or a damaged PDF)."""
    existing = earlier_filing(PrexamRequest, client_token, actor)
    if existing is not None:
        return existing
    firm = _firm_of(actor)
    title = _text(data.title, MAX_TITLE, _l("the title of the invention or design"),
                  required=True)
    abstract = _text(data.abstract, MAX_TEXT, _l("the abstract"))
    claims = _text(data.claims_text, MAX_TEXT, _l("the claims"))
    today = local_date(now)
    submission = submission_of(firm, data, {u.kind for u in uploads}, today)
    reasons = eligibility.check(submission, settings.scope_entries())
    if reasons:
        raise Refused(reasons)
    stored = _store(uploads)
    filing = current_filing(firm.id)
    request = PrexamRequest(
        kind=KIND, state=S.SUBMITTED, filed_by_id=actor.id, org_id=firm.id,
        filing_id=filing.id, client_token=client_token, patent_kind=str(data.patent_kind),
        title=title, abstract=abstract, claims_text=claims,
        classification=str(data.classification).strip()[:40],
        subclass=scope_rule.subclass_of(str(data.patent_kind), str(data.classification)),
        declared_no_dual_filing=True,
        number=numbering.issue_number(REQUEST_PREFIX, today.year),
        created_at=now, submitted_at=now)
    for n, applicant in enumerate(submission.applicants):
        # The filing firm first, as an organisation of the system; joint applicants by name.
        request.applicants.append(PrexamApplicant(
            organisation_id=firm.id if n == 0 else None, applicant_kind=applicant.kind,
            name=applicant.name, uscc=applicant.uscc, address=(firm.address or "") if n == 0
            else ""))
    db.session.add(request)
    db.session.flush()
    for upload, saved in stored:
        _add_file(request, upload.kind, saved, actor, now)
    from ipcenter.prexam import duplicates

    request.duplicates = duplicates.find_for(request)
    audit.record("prexam.submit", actor=actor, obj_type="prexam", obj_id=request.id, now=now,
                 detail={"kind": request.patent_kind, "subclass": request.subclass,
                         "files": [u.kind for u, _ in stored],
                         # None: the check could not run (not "no duplicate").
                         "duplicates": len(request.duplicates)
                         if duplicates.checked(request) else None})
    open_clock(request, "classification", today, now, assignee_role=Role.EXAMINER)
    index(request)
    return request


def _add_file(request, kind: str, saved: storage.Saved, actor, now, round_: int | None = None):
    """A stored upload as a file of the request (its text extracted after commit)."""
    from ipcenter.core import outbox
    from ipcenter.matters.models import new_row

    spec_kind = documents_rule.LABELS[kind]
    doc = new_row(request, "documents", kind=kind, title=str(spec_kind), filename=saved.filename,
                  sha256=saved.sha256, content_type=saved.content_type, size=saved.size,
                  audience="filer", party=request.applicants[0] if request.applicants else None,
                  uploaded_by_id=actor.id, created_at=now, round=round_,
                  text_status="pending")
    db.session.add(doc)
    db.session.flush()
    audit.record("prexam.upload", actor=actor, obj_type="prexam", obj_id=request.id, now=now,
                 detail={"document": doc.id, "kind": kind, "sha256": saved.sha256,
                         "name": saved.filename})
    from ipcenter.prexam.kind import EXTRACT_TASK

    outbox.enqueue(EXTRACT_TASK, doc.id)
    return doc


# =============================================================================================
# Examination


def facts(request: PrexamRequest, now: datetime, **extra) -> Facts:
    """What the request's guards read now (``extra`` adds what the user typed)."""
    targets = settings.targets_on(local_date(request.submitted_at or now))
    opinion = request.opinions[-1] if request.opinions else None
    scope_refusal = scope_rule.scope_reason(
        settings.scope_entries(), request.patent_kind, request.classification,
        local_date(request.submitted_at or now))
    return Facts(
        today=local_date(now), actor_id=extra.get("actor_id"), reason=extra.get("reason", ""),
        scope_refusal=scope_refusal.message if scope_refusal else None,
        points_refusal=extra.get("points_refusal"),
        checklist_refusal=extra.get("checklist_refusal"),
        rounds=request.rounds, max_rounds=targets.max_rounds,
        has_reply=bool(extra.get("has_reply")),
        reply_due_on=opinion.reply_due_on if opinion and opinion.answered_at is None else None,
        application_refusal=extra.get("application_refusal"),
        outcome_refusal=extra.get("outcome_refusal"))


def _act(request, event, actor, now, detail=None, **extra) -> None:
    fire(request, event, actor, now, facts=facts(request, now, actor_id=actor.id, **extra),
         detail=detail)


def _refuse_unless(request, event, actor, now, **extra) -> None:
    """Raise what ``fire`` would for ``event`` now, without firing it."""
    from ipcenter.core.errors import InvalidTransition
    from ipcenter.prexam.workflow import FLOW

    reason = FLOW.refusal(request.state, event, facts(request, now, actor_id=actor.id, **extra))
    if reason:
        raise InvalidTransition(reason)


def take_up(request: PrexamRequest, actor: User, now: datetime) -> None:
    """An examiner takes the request from the queue and is its examiner in charge (主办)."""
    _act(request, E.TAKE_UP, actor, now)
    if not request.active_handlers:
        request.handlers.append(PrexamHandler(user_id=actor.id, role=HandlerRole.PRESIDING,
                                              assigned_at=now))
        db.session.flush()
        from ipcenter.matters import reassign_open_clocks

        reassign_open_clocks(request)


def reassign(request: PrexamRequest, examiner: User | None, actor: User, now: datetime,
             reason: str) -> None:
    """The director hands the request to another examiner (the clocks follow)."""
    if request.state in {str(s) for s in _terminal()}:
        raise Conflict(_l("The request is closed."))
    reason = _text(reason, 300, _l("the reasons"), required=True)
    if examiner is None or not examiner.active or not examiner.has_role(Role.EXAMINER):
        raise InvalidInput(_l("Choose an active examiner."))
    set_handlers(request, [examiner], examiner.id, now, reason, Role.EXAMINER)
    audit.record("prexam.reassign", actor=actor, obj_type="prexam", obj_id=request.id,
                 now=now, detail={"examiner": examiner.id, "reason": reason})


def _terminal():
    from ipcenter.prexam.workflow import TERMINAL

    return TERMINAL


def confirm_classification(request: PrexamRequest, actor: User, now: datetime) -> None:
    _act(request, E.CONFIRM_CLASSIFICATION, actor, now)
    request.classification_confirmed_at = now
    close_clocks(request, now, "classification")
    open_clock(request, "examination", local_date(now), now)


def return_request(request: PrexamRequest, actor: User, now: datetime, reason: str) -> None:
    """Out of the centre's scope: returned with the reason (退回通知)."""
    reason = _text(reason, 2_000, _l("the reasons"))
    _act(request, E.RETURN, actor, now, detail={"reason": reason}, reason=reason)
    request.return_reason = reason
    documents.issue_for(request, "return_notice", now, actor)


def _checklist(request, ticked) -> dict[str, bool]:
    """The kind's checklist as the examiner ticked it (unknown items dropped)."""
    ticked = ticked or {}
    return {c.code: bool(ticked.get(c.code)) for c in
            checklist_rule.CHECKLISTS[request.patent_kind]}


def _unticked_refusal(request, ticked):
    missing = checklist_rule.unticked(request.patent_kind, ticked or {})
    if not missing:
        return None
    return _l("Every item of the formal checklist must be checked before passing: %(items)s.",
              items=lazy_join([c.label for c in missing], "、"))


def issue_opinion(request: PrexamRequest, actor: User, now: datetime, ticked: dict,
                  points: list[dict]) -> PrexamOpinion:
    """A round's 预审意见通知书: the checklist as ticked, each point with its basis; the firm's
    reply clock opens."""
    try:
        checked = checklist_rule.validate_points(points)
        points_refusal = None
    except InvalidInput as exc:
        checked, points_refusal = [], exc.message
    _act(request, E.ISSUE_OPINION, actor, now, points_refusal=points_refusal)
    request.rounds += 1
    close_clocks(request, now, "examination")
    open_clock(request, "reply", local_date(now), now, assignee_org_id=request.org_id)
    reply = clocks(request, "reply")
    opinion = PrexamOpinion(round=request.rounds, checklist=_checklist(request, ticked),
                            points=checked, examiner_id=actor.id, issued_at=now,
                            reply_due_on=reply[0].due_on if reply else None)
    request.opinions.append(opinion)
    db.session.flush()
    documents.issue_for(request, "opinion_notice", now, actor, round=request.rounds)
    return opinion


def amend(request: PrexamRequest, actor: User, now: datetime, reply: str,
          uploads: list[Upload]) -> None:
    """The firm's answer to the open opinion: its observations and amended pages. Only an
    amendment (修改文件) or observations (意见陈述书) may be uploaded here."""
    reply = _text(reply, MAX_TEXT, _l("the reply"))
    for upload in uploads:
        if upload.kind not in ("amendment", "reply"):
            raise InvalidInput(_l("Upload the amended pages or the observations here."))
    opinion = request.open_opinion
    # The table and its guard first: nothing is stored for a reply they refuse.
    _refuse_unless(request, E.AMEND, actor, now, has_reply=bool(reply) or bool(uploads))
    stored = _store(uploads)
    _act(request, E.AMEND, actor, now, has_reply=True, detail={"round": opinion.round})
    for upload, saved in stored:
        _add_file(request, upload.kind, saved, actor, now, round_=opinion.round)
    opinion.reply, opinion.answered_at, opinion.answered_by_id = reply, now, actor.id
    close_clocks(request, now, "reply")
    open_clock(request, "examination", local_date(now), now)


def pass_request(request: PrexamRequest, actor: User, now: datetime, ticked: dict) -> None:
    """预审合格: every item of the checklist ticked; the firm's clock to file at CNIPA opens."""
    _act(request, E.PASS, actor, now, checklist_refusal=_unticked_refusal(request, ticked))
    request.passed_on = local_date(now)
    audit.record("prexam.checklist", actor=actor, obj_type="prexam", obj_id=request.id,
                 now=now, detail={"checklist": _checklist(request, ticked)})
    close_clocks(request, now, "examination")
    open_clock(request, "cnipa_filing", local_date(now), now, assignee_org_id=request.org_id)
    documents.issue_for(request, "pass_notice", now, actor,
                        checklist=_checklist(request, ticked))


def fail_request(request: PrexamRequest, actor: User, now: datetime, reason: str) -> None:
    """预审不合格, with the reasons (the firm may still file by the ordinary route)."""
    reason = _text(reason, 2_000, _l("the reasons"))
    _act(request, E.FAIL, actor, now, detail={"reason": reason}, reason=reason)
    request.failed_on, request.fail_reason = local_date(now), reason
    documents.issue_for(request, "fail_notice", now, actor)


def withdraw(request: PrexamRequest, actor: User, now: datetime, reason: str = "") -> None:
    reason = _text(reason, 2_000, _l("the note"))
    _act(request, E.WITHDRAW, actor, now, detail={"reason": reason})
    request.reason = reason


# =============================================================================================
# After passing: CNIPA


def _application_refusal(request, number: str, filed_on, today: date):
    """Why the CNIPA application number or day is refused, or None; the parsed number."""
    try:
        parsed = numbers.parse_patent(number or "")
    except ValueError as exc:
        return (_l("The check character of this application number is wrong.")
                if str(exc) == "check" else
                _l("Write the application number like 202620123456.7."), None)
    if len(parsed.digits) != 12 or parsed.kind != request.patent_kind:
        return _l("The kind digit of this application number is not that of a %(kind)s.",
                  kind=_kind_label(request.patent_kind)), None
    if not isinstance(filed_on, date) or isinstance(filed_on, datetime):
        return _l("Give the filing day."), None
    if filed_on > today:
        return _l("The filing day cannot be in the future."), None
    if request.passed_on and filed_on < request.passed_on:
        return _l("The filing day cannot be before the request passed pre-examination."), None
    if int(parsed.digits[:4]) != filed_on.year:
        return _l("The year of the application number is not the year of the filing day."), None
    taken = db.session.execute(sa.select(PrexamRequest.id).where(
        PrexamRequest.application_number == parsed.application,
        PrexamRequest.id != request.id)).first()
    if taken is not None:
        return _l("This application number is recorded on another request."), None
    known = register.find(request.patent_kind, str(parsed))
    if known is not None and _held_by_another(known, request.org_id):
        return _l("This application number is in the rights register under another "
                  "holder: %(holder)s.", holder=known.holder_name or "—"), None
    return None, parsed


def _held_by_another(right, org_id: int) -> bool:
    """The register already has this right for someone else (by organisation, or by name when
    it knows no organisation)."""
    if right.holder_org_id is not None:
        return right.holder_org_id != org_id
    firm = db.session.get(Organisation, org_id)
    return bool(right.holder_name) and right.holder_name != firm.name


def _kind_label(kind: str):
    from ipcenter.prexam.presenters import KIND_LABELS

    return KIND_LABELS.get(kind, kind)


def record_filing(request: PrexamRequest, actor: User, now: datetime, number: str,
                  filed_on: date) -> None:
    """The firm filed at CNIPA: the application number (check digit, kind digit) and the
    filing day; the register knows the application from now (pending)."""
    refusal, parsed = (None, None)
    if request.state == S.PASSED:
        refusal, parsed = _application_refusal(request, number, filed_on, local_date(now))
    _act(request, E.RECORD_FILING, actor, now, application_refusal=refusal,
         detail={"number": parsed.application if parsed else ""})
    request.application_number, request.cnipa_filed_on = parsed.application, filed_on
    firm = db.session.get(Organisation, request.org_id)
    right = register.find_or_register(
        request.patent_kind, str(parsed), title=request.title, holder=firm.name,
        holder_org=firm, filed_on=filed_on, classes=[request.classification], actor=actor,
        now=now)
    request.right_id = right.id
    close_clocks(request, now, "cnipa_filing")


def _outcome_refusal(request, on, today: date):
    if not isinstance(on, date) or isinstance(on, datetime):
        return _l("Give the day.")
    if on > today:
        return _l("The day cannot be in the future.")
    if request.cnipa_filed_on and on < request.cnipa_filed_on:
        return _l("The day cannot be before the filing at CNIPA.")
    return None


def record_grant(request: PrexamRequest, actor: User, now: datetime, granted_on: date) -> None:
    """CNIPA granted the patent: the right in the register is granted on that day, held by the
    firm, so that it can later be asserted in a case or pledged."""
    refusal = _outcome_refusal(request, granted_on, local_date(now)) \
        if request.state == S.FILED_AT_CNIPA else None
    _act(request, E.RECORD_GRANT, actor, now, outcome_refusal=refusal,
         detail={"on": granted_on.isoformat() if isinstance(granted_on, date) else ""})
    from ipcenter.ip.models import Right

    right = db.session.get(Right, request.right_id)
    register.record_event(right, EventKind.GRANTED, granted_on, matter=(KIND, request.id),
                          detail={"number": request.number}, actor=actor, now=now)
    request.granted_on, request.grant_number = granted_on, right.number


def record_rejection(request: PrexamRequest, actor: User, now: datetime, rejected_on: date,
                     reason: str) -> None:
    reason = _text(reason, 2_000, _l("the reasons"))
    refusal = _outcome_refusal(request, rejected_on, local_date(now)) \
        if request.state == S.FILED_AT_CNIPA else None
    _act(request, E.RECORD_REJECTION, actor, now, outcome_refusal=refusal, reason=reason,
         detail={"reason": reason})
    request.rejected_on, request.reason = rejected_on, reason


# =============================================================================================
# Files added on the page


def upload(request: PrexamRequest, kind: str, stream: BinaryIO, filename: str, actor: User,
           now: datetime):
    """A file added on the request's page: the firm's documents only before the examiner
    takes them up or in answer to an opinion (never after passing: no amendment then); the
    examiner's working papers any time the request is open."""
    if kind in documents_rule.LABELS and request.state not in (S.SUBMITTED, S.OPINION_ISSUED):
        raise Conflict(_l("The application documents cannot be changed now: %(state)s.",
                          state=_state_label(request.state)))
    if kind in documents_rule.LABELS:
        # These bypass ``attach``, so its side check is made here: the examiner does not add
        # the firm's documents in the firm's name.
        if kind not in upload_kinds_for(request, actor):
            raise InvalidInput(_l("You may not add a document of this kind: %(title)s.",
                                  title=documents_rule.LABELS[kind]))
        saved = _store([Upload(kind, stream, filename)])[0][1]
        return _add_file(request, kind, saved, actor, now,
                         round_=request.open_opinion.round if request.open_opinion else None)
    return attach(request, kind, stream, filename, actor, now)


def _state_label(state: str):
    from ipcenter.prexam.workflow import STATE_LABELS

    return STATE_LABELS.get(S(state), state)

