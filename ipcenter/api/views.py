"""The endpoints of ``/api/v1``. Each: the token's scope, the same policy as the page, load or
404, one service call inside one unit of work, the answer as JSON. The rules are the domains'
(``pledge.services``, ``cases.patent.services``, ``core.documents``, ``reports.figures``);
nothing here decides what the pages would not.

An application another bank's token asks for is a 404, as if it did not exist (the page's 403
would tell the caller it does); the refusal is still audited."""

from __future__ import annotations

import dataclasses
import io
import math
import uuid
from decimal import Decimal

import sqlalchemy as sa
from flask import abort, current_app, g, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from ipcenter import matters
from ipcenter.api import schemas
from ipcenter.api.auth import caller
from ipcenter.api.errors import API_LOCALE, Unprocessable, _audit_refusal
from ipcenter.auth import policy
from ipcenter.auth.models import Organisation
from ipcenter.core import audit, clock, documents, storage
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    InvalidTransition,
    TooLarge,
)
from ipcenter.matters import PartyData

bp = Blueprint("api", __name__, description="知识产权保护中心开放接口")

PER_PAGE = 50
TOKEN = [{"bearer": []}]   # the OpenAPI security requirement of the token endpoints


def _text(value) -> str:
    with force_locale(API_LOCALE):
        return str(value)


def _api_call(action: str, obj_type: str, obj_id, detail: dict | None = None) -> None:
    """The audit row of a write through the API: which token did it (the service writes its
    own row of what was done)."""
    token = g.api_token
    audit.record(action, actor=token.user, obj_type=obj_type, obj_id=obj_id, now=clock.now(),
                 address=request.remote_addr or "",
                 detail={"token": token.id, "token_name": token.name, **(detail or {})})


# ---------------------------------------------------------------------------------------------
# Loan applications: the bank's


def _application_out(application) -> dict:
    from ipcenter.pledge import presenters

    borrower = db.session.get(Organisation, application.borrower_org_id)
    return {
        "id": application.id, "number": application.number, "title": application.title,
        "state": application.state,
        "state_label": _text(presenters.state_label(application.state)),
        "borrower": borrower.name if borrower else "",
        "amount": application.amount, "term_months": application.term_months,
        "created_at": application.created_at,
        "approved_amount": application.approved_amount,
        "approved_rate": application.approved_rate,
        "approved_term_months": application.approved_term_months,
        "decided_at": application.decided_at, "decline_reason": application.decline_reason,
        "rights": [{"number": p.right.number, "title": p.right.title, "valuation": p.valuation}
                   for p in application.rights],
        "instalments": [{"seq": i.seq, "due_on": i.due_on, "principal": i.principal,
                         "interest": i.interest, "paid_on": i.paid_on}
                        for i in sorted(application.instalments, key=lambda i: i.seq)],
    }


def _application(application_id: int, scope: str):
    """The application the token's user may see (``pledge.view``, as the page), or 404."""
    from ipcenter.pledge.models import PledgeApplication

    user = caller(scope)
    policy.require(user, "pledge.pages")
    application = db.session.get(PledgeApplication, application_id)
    if application is None:
        abort(404)
    if not policy.can(user, "pledge.view", application):
        _audit_refusal("pledge.view", application)
        abort(404)
    return user, application


@bp.route("/applications")
@bp.doc(security=TOKEN)
@bp.arguments(schemas.ListArgs, location="query")
@bp.response(200, schemas.ApplicationListSchema)
def applications(args):
    """The loan applications sent to the token's bank (``applications:read``).

    The same list as the bank's page: what ``pledge.view`` lets the user see, newest first."""
    from ipcenter.pledge.models import PledgeApplication
    from ipcenter.pledge.policy import visible_applications

    user = caller("applications:read")
    policy.require(user, "pledge.pages")
    query = visible_applications(sa.select(PledgeApplication), user)
    if args.get("state"):
        query = query.where(PledgeApplication.state == args["state"])
    total = db.session.execute(sa.select(sa.func.count()).select_from(
        query.subquery())).scalar_one()
    rows = db.session.execute(query.order_by(
        PledgeApplication.created_at.desc(), PledgeApplication.id.desc())
        .limit(PER_PAGE).offset((args["page"] - 1) * PER_PAGE)).scalars().all()
    return {"items": [_application_out(a) for a in rows], "page": args["page"],
            "pages": max(1, math.ceil(total / PER_PAGE)), "total": total}


@bp.route("/applications/<int:application_id>")
@bp.doc(security=TOKEN)
@bp.response(200, schemas.ApplicationSchema)
def application(application_id: int):
    """One application sent to the token's bank (``applications:read``)."""
    _user, found = _application(application_id, "applications:read")
    return _application_out(found)


def _require_step(user, application, name: str) -> None:
    """The page's check (``pledge.views._require_open``): the step is open in the state (409)
    and the user's to take (403, audited)."""
    from ipcenter.pledge import presenters
    from ipcenter.pledge.actions import ACTIONS, permitted
    from ipcenter.pledge.policy import stands_for
    from ipcenter.pledge.workflow import PLEDGE_FLOW

    action = ACTIONS[name]
    closed = _l("This step is not open while the application is at “%(state)s”.",
                state=presenters.state_label(application.state))
    if action.event is not None and PLEDGE_FLOW.find(application.state, action.event) is None:
        raise Conflict(closed)
    if not permitted(user, application, action):
        if action.event is None and stands_for(user, application, "bank"):
            raise Conflict(closed)  # the bank's own recording, not open in this state
        raise policy.Refused("pledge.act", application,
                             _l("This step is not yours to take on this application."))


@bp.route("/applications/<int:application_id>/decision", methods=["POST"])
@bp.doc(security=TOKEN)
@bp.arguments(schemas.DecisionSchema)
@bp.response(200, schemas.ApplicationSchema)
def decision(data, application_id: int):
    """The bank's credit decision (``applications:write``): approve with the amount, the annual
    rate (a fraction, 0.0385) and the term, the checklist complete; or decline with a reason.

    The same service as the page's (``pledge.services.approve`` / ``decline``), with its limits:
    loan-to-value, the firm's cap, the pool's headroom, the rights still pledgeable."""
    from ipcenter.pledge import services
    from ipcenter.pledge.forms import CHECKLIST

    user, found = _application(application_id, "applications:write")
    now = clock.now()
    if data["decision"] == "approve":
        _require_step(user, found, "approve")
        missing = [k for k in ("amount", "rate", "term_months") if k not in data]
        if missing:
            raise InvalidInput(_l("Give the approved amount, the annual rate and the term."))
        done = set(data.get("checklist") or ())
        with unit_of_work():
            services.approve(found, user, now, amount=data["amount"], rate=data["rate"],
                             term_months=data["term_months"],
                             checklist={k: k in done for k in CHECKLIST})
            _api_call("api.pledge.approve", "pledge", found.id)
    else:
        _require_step(user, found, "decline")
        with unit_of_work():
            services.decline(found, user, now, data.get("reason") or "")
            _api_call("api.pledge.decline", "pledge", found.id)
    return _application_out(found)


@bp.route("/applications/<int:application_id>/repayments", methods=["POST"])
@bp.doc(security=TOKEN)
@bp.arguments(schemas.RepaymentSchema)
@bp.response(201, schemas.ApplicationSchema)
def repayment(data, application_id: int):
    """An instalment paid in full, as the lending bank records it (``applications:write``;
    ``pledge.services.record_payment``)."""
    from ipcenter.pledge import services

    user, found = _application(application_id, "applications:write")
    _require_step(user, found, "record_payment")
    with unit_of_work():
        services.record_payment(found, user, clock.now(), data["seq"], data["paid_on"])
        _api_call("api.pledge.payment", "pledge", found.id,
                  {"seq": data["seq"], "paid_on": data["paid_on"].isoformat()})
    return _application_out(found)


# ---------------------------------------------------------------------------------------------
# Complaints: a firm's, an e-commerce platform's (registered as a firm), an agency's


# What the API takes as a document: a PDF or an image, by its bytes (the filing page also takes
# a Word file; a partner's program sends scans).
API_FILE_TYPES = frozenset({storage.PDF, storage.JPEG, storage.PNG})


def _file_refused(n: int, item: dict, reason, error=Unprocessable) -> DomainError:
    """The refusal of the ``n``-th file of the request, naming it (422, or ``TooLarge``)."""
    message = _l("The file “%(name)s”: %(reason)s", name=item["filename"], reason=reason)
    if error is Unprocessable:
        return Unprocessable(message, fields={"files": {str(n): [_text(reason)]}})
    return error(message)


def _check_files(files: list[dict]) -> None:
    """Before anything is stored: each file within the store's limit, not empty, a PDF or an
    image by its first bytes. The store checks again when it keeps the file (the same limit,
    the type, a PDF that cannot be read)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    for n, item in enumerate(files):
        data = item["content_base64"]
        if len(data) > limit:
            raise _file_refused(n, item, _l("The file is larger than %(mb)s MB.",
                                            mb=max(1, limit // (1024 * 1024))), TooLarge)
        if not data:
            raise _file_refused(n, item, _l("The file is empty."))
        head = data[:8192]
        # A zip (an office file) is not one of the API's types: it is not opened to tell.
        found = None if head.startswith(b"PK\x03\x04") else storage.sniff(head, None)
        if found not in API_FILE_TYPES:
            raise _file_refused(n, item, _l(
                "This kind of file is not accepted. Accepted: %(kinds)s.",
                kinds=storage.describe(API_FILE_TYPES)))


def _complaint_out(case) -> dict:
    from ipcenter.core import timelimits

    labels = matters.spec_of(case).state_labels
    due = [d.due_on for d in timelimits.open_for("case", case.id, "accept")]
    return {"id": case.id, "title": case.title, "state": case.state,
            "state_label": _text(labels.get(case.state, case.state)),
            "submitted_at": case.submitted_at, "acceptance_due_on": min(due, default=None),
            "documents": [{"kind": d.kind, "title": d.title, "filename": d.filename,
                           "content_type": d.content_type, "size": d.size,
                           "sha256": d.sha256 or ""}
                          for d in case.documents if not d.template],
            "url": url_for("cases.detail", case_id=case.id, _external=True)}


def _requester(data: dict):
    """The right holder the request names (``requester``), as the counter's particulars."""
    from ipcenter.cases.counter import Complainant

    named = data.get("requester")
    return None if named is None else Complainant(
        name=named["name"], uscc=named["uscc"], address=named["address"])


def _file_and_submit(spec, data: dict, filing):
    """What both complaint endpoints do, with the kind's services (``KindSpec.services``): the
    caller's scope and the page's rule ``case.file``; the same ``client_token`` again returns
    the earlier case unchanged; the files checked; then in one unit of work the right holder
    (``cases.represented``), the complaint filed, each file stored as an upload
    (``matters.attach``), submitted, and the API's audit row. Returns the case; any refusal
    and nothing is saved (no file is left in the store either)."""
    from ipcenter.cases import represented
    from ipcenter.cases.models import Case

    services = spec.services
    user = caller("complaints:write")
    policy.require(user, "case.file")
    token = f"api-{data.get('client_token') or uuid.uuid4().hex}"
    earlier = matters.earlier_filing(Case, token, user)
    if earlier is not None:
        if matters.spec_of(earlier) is not spec:
            raise Conflict(_l("This client_token was already used for another kind of "
                              "complaint."))
        return earlier
    _check_files(data["files"])
    now = clock.now()
    with unit_of_work():
        try:
            firm = represented.right_holder(user, _requester(data), now)
        except InvalidInput as exc:
            raise Unprocessable(exc.message, fields={"requester": [_text(exc.message)]}) \
                from None
        case = services.file_complaint(filing, user, now, token, requester=firm)
        for n, item in enumerate(data["files"]):
            try:
                matters.attach(case, item["kind"], io.BytesIO(item["content_base64"]),
                               item["filename"], user, now)
            except InvalidInput as exc:
                raise _file_refused(n, item, exc.message) from None
        policy.require(user, "case.act", (case, spec.flow.events("submit")))
        try:
            services.submit(case, user, now)
        except InvalidTransition as exc:   # the guard's reason: a document missing
            raise Unprocessable(exc.message) from None
        _api_call("api.case.file", "case", case.id,
                  {"submitted": True, "files": len(data["files"]),
                   **({"requester": firm.id} if firm is not None else {})})
    return case


def _respondent(data: dict) -> PartyData:
    respondent = data["respondent"]
    return PartyData(name=respondent["name"], address=respondent["address"],
                     uscc=respondent["uscc"])


@bp.route("/complaints", methods=["POST"])
@bp.doc(security=TOKEN)
@bp.arguments(schemas.ComplaintSchema)
@bp.response(201, schemas.ComplaintResultSchema)
def complaint(data):
    """A patent-infringement complaint submitted with its documents (``complaints:write``).

    What the firm's pages do, in one unit of work: the complaint filed
    (``cases.patent.services.file_complaint``), each file stored as an upload
    (``matters.attach``: the type read from the bytes, the size limited; through the API a PDF,
    a JPEG or a PNG, sent as base64), then submitted (``services.submit``: the proof of right
    is required, and the five working days to decide on acceptance start). Any refusal and
    nothing is saved: a missing proof of right or a file not accepted is a 422, a file too
    large a 413. The same ``client_token`` again returns the same case, unchanged.

    ``requester``, the right holder (name, unified social credit code, address): an agent
    (an agency, an e-commerce platform acting for the right holder) must name it, as the
    counter's clerk names a complainant firm — the registered firm with that code, or one
    registered from the particulars; the agency is the filer and sees the case, the right
    holder is the requester. A firm files for itself, as on its filing page: left out or
    naming the firm itself; naming another firm is a 422, as is an agent's request without
    it."""
    from ipcenter.cases.kinds import KINDS

    spec = KINDS["patent"]
    filing = spec.services.FilingData(
        patent_number=data["patent_number"], patent_title=data["patent_title"],
        claim=data["claim"], facts=data["facts"], respondents=[_respondent(data)],
        requester_contact=data["requester_contact"])
    return _complaint_out(_file_and_submit(spec, data, filing))


@bp.route("/trademark-complaints", methods=["POST"])
@bp.doc(security=TOKEN)
@bp.arguments(schemas.TrademarkComplaintSchema)
@bp.response(201, schemas.ComplaintResultSchema)
def trademark_complaint(data):
    """A trademark-infringement complaint submitted with its documents (``complaints:write``).

    What the trademark filing page does (``cases.trademark.services.file_complaint``: each
    registration number, Nice class, holder and text checked, the party named), each file
    stored as an upload as for a patent complaint (a PDF, a JPEG or a PNG, as base64), then
    submitted to the enforcement officers (``services.submit``: a foreign holder's
    authorisation, authenticity certificate and undertaking are required, else a 422). Any
    refusal and nothing is saved; the same ``client_token`` again returns the same case.

    ``requester`` as for a patent complaint: required of an agent, the right holder it files
    for; a firm files for itself (naming another firm is a 422)."""
    from ipcenter.cases.kinds import KINDS

    spec = KINDS["trademark"]
    services = spec.services
    filing = services.ComplaintData(
        marks=[services.MarkData(m["registration_number"], m["nice_class"], m["holder"],
                                 m["text"]) for m in data["marks"]],
        party=_respondent(data), facts=data["facts"], foreign_holder=data["foreign_holder"],
        party_kind=data["party_kind"])
    return _complaint_out(_file_and_submit(spec, data, filing))


# ---------------------------------------------------------------------------------------------
# Verification codes: anyone, no token


@bp.route("/verify/<code>")
@bp.response(200, schemas.VerificationSchema)
def verify(code: str):
    """Whether a verification code names a document the centre issued (no token needed): what
    identifies it, never its content. A malformed code is 400, an unknown one 404."""
    normalized = documents.normalize_code(code)
    if normalized is None:
        raise InvalidInput(_l("This is not a verification code: it has 12 letters and digits, "
                              "as printed at the foot of each page."))
    found = documents.find_by_code(normalized)
    if found is None:
        abort(404)
    return {"status": "revoked" if found.revoked_at else "valid",
            "document": {"code": found.verify_code, "title": found.title,
                         "number": found.number, "office": found.office,
                         "issued_at": found.issued_at, "sha256": found.sha256,
                         "size": found.size, "revoked_at": found.revoked_at}}


# ---------------------------------------------------------------------------------------------
# Statistics: read-only, the director's figures


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@bp.route("/statistics")
@bp.doc(security=TOKEN)
@bp.arguments(schemas.StatisticsArgs, location="query")
@bp.response(200, schemas.StatisticsSchema)
def statistics(args):
    """The published figures of a year, a quarter or a month and the pool's standing today
    (``statistics:read``; the statistics page's rule ``reports.view``). Each examiner's
    figures (``prexam.examiners``) only for whom the page shows them
    (``reports.staff_figures``: the director, not the provincial office)."""
    from ipcenter.reports import figures, periods

    user = caller("statistics:read")
    policy.require(user, "reports.view")
    today = clock.today()
    chosen = periods.choose(args.get("year"), args.get("quarter"), args.get("month"),
                            today=today)
    report = figures.annual(chosen.period)
    ops = figures.operations(chosen.period, today)
    prexam = _plain(report.prexam)
    if not policy.can(user, "reports.staff_figures"):
        prexam.pop("examiners", None)
    return {"period_start": chosen.period.start, "period_end": chosen.period.end,
            "cases": {**_plain(report.cases), "penalties": str(report.cases.penalties)},
            "loans": _plain(report.loans), "prexam": prexam,
            "pool": _plain(ops.pool), "open_cases": ops.open_cases}
