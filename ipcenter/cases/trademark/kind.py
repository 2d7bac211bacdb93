"""What the shared case machinery (page, presenter, index) asks of a trademark enforcement case.

Read through the kind's ``KindSpec``; nothing outside looks at ``case.kind`` to find it.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from ipcenter.cases import documents as common
from ipcenter.cases.models import CaseParty, HandlerRole
from ipcenter.cases.represented import representative_org
from ipcenter.cases.spec import Filing, KindSpec
from ipcenter.cases.trademark import actions, services
from ipcenter.cases.trademark import counter as trademark_counter
from ipcenter.cases.trademark import documents as trademark_documents
from ipcenter.cases.trademark import workflow as tw
from ipcenter.cases.trademark.workflow import ACTIVE, TE, TRADEMARK_FLOW
from ipcenter.cases.uploads import TRADEMARK_UPLOAD_KINDS
from ipcenter.ip import search as ip_search


def offer_facts(case, now: datetime):
    """The case's facts with the form-supplied inputs assumed present, to decide what to offer:
    where a referral may be proposed, the referral's facts."""
    if TRADEMARK_FLOW.find(case.state, TE.PROPOSE_REFERRAL) is not None:
        return services.referral_facts(case, now, "…")
    return services.facts(case, now, reason="…", hearing_on=services.earliest_hearing(now),
                    earliest_hearing=services.earliest_hearing(now))


def hidden_actions(case, user) -> set[str]:
    """Actions the table allows but the case's own record rules out now."""
    from ipcenter.core import timelimits
    from ipcenter.core.clock import local_date
    from ipcenter.core.clock import now as clock_now

    hidden = set()
    if case.statement_at is not None:
        hidden.add("statement")
    if not any(m.ended_on is None for m in case.measures):
        hidden.add("end_measure")
    decision = [r for r in timelimits.open_for("case", case.id, "decision")]
    if not decision or not decision[0].extension:
        hidden.add("collective_extension")
    # The reasons for not referring are asked for only where the figures call for a referral,
    # and approved once they are recorded.

    standing = services.referral_standing(case, local_date(clock_now())) if case.findings \
        else "unknown"
    if standing not in ("required", "approved"):
        hidden.add("no_referral_reason")
    if standing != "required" or not case.no_referral_reason.strip():
        hidden.add("approve_no_referral")
    return hidden


def page_extra(case, user, today: date) -> dict:
    """The penalty range, repeat findings and referral assessment an officer sees."""
    sources = {"clue_sources": services.CLUE_SOURCES, "measure_kinds": services.MEASURE_KINDS}
    if not user.has_role("enforcer", "director"):
        return sources
    info = {**sources, "earlier": services.earlier_infringements(case) if case.respondents else {}}
    if case.findings:
        try:
            info["fine_range"] = services.fine_range(case, today)
        except ValueError:
            info["fine_range"] = None
        try:
            info["referral"] = services.assess_referral(case, today)
        except ValueError as exc:
            info["referral_missing"] = str(exc)
        info["prior_penalty"] = services.prior_penalty(case)
        info["mark_identities"] = services.MARK_IDENTITY
    info["amount_due"] = services.amount_due(case, today) if case.fine is not None else None
    # While the case is open before its decision, a reached threshold must be acted on.
    info["referral_due"] = case.state in ACTIVE
    return info


def codes(case) -> list[str]:
    """The numbers of the rights the case concerns."""
    return [m.registration_number for m in case.marks]


def index_fields(case) -> dict:
    return {"codes": [(ip_search.TRADEMARK, number) for number in codes(case)]}


def index_body(case) -> list:
    return [case.facts, *[f"{m.text} {m.holder}" for m in case.marks], case.findings,
            case.statement]


def ruling(case) -> tuple[str, list]:
    """The published decision's title and text."""
    body = [*[f"“{m.text}”注册商标（第{m.registration_number}号）" for m in case.marks],
            case.findings, f"罚款{case.fine:.2f}元" if case.fine is not None else ""]
    return f"行政处罚决定书 {case.decision_number or case.number}", body


CONDUCT_LABELS = {"use": "在同一种商品上使用与其注册商标相同的商标", "sell": "销售侵犯注册商标专用权的商品",
                  "labels": "伪造、擅自制造他人注册商标标识或者销售伪造、擅自制造的注册商标标识"}


def amount(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def document_data(doc, now: datetime) -> dict:
    """The plain data of a trademark enforcement document (the contracts in
    ``trademark.documents``)."""
    case = doc.case
    extra = json.loads(doc.render_data or "{}")
    data = {
        **common.heading(doc, now),
        "periods": trademark_documents.periods(),
        "case": {
            "number": case.number, "title": case.title, "source": case.source,
            "filed_on": common.day(case.submitted_at or case.created_at),
            "accepted_on": common.day(case.accepted_at), "facts": case.facts,
            "marks": [{"registration_number": m.registration_number, "nice_class": m.nice_class,
                       "holder": m.holder, "text": m.text} for m in case.marks],
            "findings": case.findings, "conduct": CONDUCT_LABELS.get(case.conduct, ""),
            "turnover": amount(case.turnover), "gains": amount(case.gains),
            "party_kind": case.party_kind, "statement": case.statement,
            "review_opinion": case.review_opinion,
            "decline_reason": case.decline_reason,
            "first_act_on": case.first_act_on, "last_act_on": case.last_act_on,
        },
        # A report's informant stands where a complainant would (the forms say 举报人); these
        # forms stay inside the centre.
        "complainants": [common.party(p) for p in case.requesters] or (
            [common.party(CaseParty(name=case.informant, address="", uscc="",
                              legal_representative="", agent=""))]
            if case.source == "report" and case.informant else []),
        "parties": [common.party(p) for p in case.respondents],
        "officers": [{"name": h.user.display_name,
                      "role": "主办人员" if h.role == HandlerRole.PRESIDING else "协办人员"}
                     for h in case.active_handlers],
    }
    for key in ("hearing_at",):
        if extra.get(key):
            extra[key] = datetime.fromisoformat(extra[key])
    for key in ("paid_on",):
        if extra.get(key):
            extra[key] = date.fromisoformat(extra[key])
    data.update(extra)
    return data


SPEC = KindSpec(
    representative_org=representative_org,
    kind="trademark", flow=TRADEMARK_FLOW, handler_role="enforcer",
    guard_facts=services.facts, terminal=tw.TERMINAL, party_states=tw.PARTY_STATES,
    deadlines=tw.DEADLINES, respondent_events=frozenset({TE.REQUEST_HEARING}),
    paused_states=frozenset({tw.TS.SUSPENDED}), closed_normally=frozenset({tw.TS.CLOSED}),
    upload_kinds=TRADEMARK_UPLOAD_KINDS,
    intake_states=frozenset({tw.TS.CLUE, tw.TS.VERIFYING}), draft_state=tw.TS.DRAFT,
    actions=actions.ACTIONS, input_events=actions.INPUT_EVENTS,
    publishable=frozenset({tw.TS.AWAITING_PAYMENT, tw.TS.PAID, tw.TS.COURT_ENFORCEMENT,
                           tw.TS.CLOSED}),
    filings=(Filing(_l("File a trademark complaint"), "cases.new_trademark", "case.file",
                    "new-trademark"),
             Filing(_l("Register a trademark clue"), "cases.register_clue",
                    "case.register_clue", "register-clue"),
             Filing(_l("Enter a trademark complaint brought to the counter"),
                    "cases.counter_trademark", "case.counter_file.trademark",
                    "counter-trademark")),
    counter=trademark_counter.COUNTER, services=services,
    views="ipcenter.cases.trademark.views", documents=trademark_documents, document_data=document_data,
    page_partial="cases/trademark/_panel.html", offer_facts=offer_facts,
    hidden_actions=hidden_actions, action_states=tw.ACTION_STATES, page_extra=page_extra,
    codes=codes, list_loads=("marks",), index_fields=index_fields, index_body=index_body, ruling=ruling,
    label=_l("Trademark enforcement"), informant_confidential=True, investigated=True,
    officers_by_director=True, own_files_only=True)
