"""What the shared case machinery (page, presenter, index) asks of a patent dispute.

Read through the kind's ``KindSpec``; nothing outside looks at ``case.kind`` to find it.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from ipcenter.cases import documents as common
from ipcenter.cases import uploads
from ipcenter.cases.models import HandlerRole, PatentKind
from ipcenter.cases.patent import actions, services
from ipcenter.cases.patent import counter as patent_counter
from ipcenter.cases.patent import documents as patent_documents
from ipcenter.cases.patent import workflow as pt
from ipcenter.cases.patent.articles import ARTICLES, citation
from ipcenter.cases.represented import representative_org
from ipcenter.cases.spec import Filing, KindSpec
from ipcenter.ip import search as ip_search
from ipcenter.matters import HANDLER, UploadKind, clocks
from ipcenter.matters.models import DocAudience

# A patent dispute's files: a patent case's kinds (``cases.uploads``), and the documents of its
# periods not counted (the announcement, the appraisal's commission letter and opinion), added
# by the panel.
PATENT_UPLOAD_KINDS = {**uploads.PATENT_UPLOAD_KINDS, "pause_document": UploadKind(
    "公告、鉴定材料", DocAudience.PARTIES, frozenset({HANDLER}))}


def offer_facts(case, now: datetime):
    """The case's facts with the form-supplied inputs assumed present, to decide what to offer."""
    return services.facts(case, now, reason="…", hearing_on=services.earliest_hearing(now),
                           earliest_hearing=services.earliest_hearing(now))


def hidden_actions(case, user) -> set[str]:
    """Actions the table allows but the case's own record rules out now."""
    hidden = set()
    if case.extension_requested_at is None or case.extension_approved_at is not None:
        hidden.add("approve_extension")
    if case.extension_requested_at is not None:
        hidden.add("request_extension")
    if any(p.answered_at for p in case.respondents
           if p.organisation_id == user.organisation_id):
        hidden.add("answer")
    if not any(p.ended_on is None and p.kind != "suspension" for p in case.pauses):
        hidden.add("end_pause")
    return hidden


def page_extra(case, user, today: date) -> dict:
    """The periods not counted, the days they moved the decision limit, and the draft decision
    the director approves (its findings, basis, outcome and articles)."""
    pauses = [{"kind": str(services.PAUSE_LABELS[p.kind]), "reason": p.reason,
               "started_on": p.started_on, "ended_on": p.ended_on, "outcome": p.outcome,
               "days": p.days if p.days is not None else (today - p.started_on).days,
               "open": p.ended_on is None, "start_document": p.start_document,
               "end_document": p.end_document} for p in case.pauses]
    keys = services.decision_articles(case)
    decision = max(clocks(case, "decision", include_closed=True), key=lambda r: r.id,
                   default=None)
    return {"pauses": pauses, "decision_due": decision.due_on if decision else None,
            "duplicate_label": _duplicate_label(case),
            "decision_citation": citation(keys) if case.infringement is not None else "",
            "decision_articles": [ARTICLES[k] for k in keys]}


def _duplicate_label(case) -> str:
    """How the page names the earlier complaint on the same patent and respondent: its case
    number, or its title while it has none (not yet accepted)."""
    if not case.possible_duplicate_of:
        return ""
    from ipcenter.cases.models import Case
    from ipcenter.core.db import db

    other = db.session.get(Case, case.possible_duplicate_of)
    return (other.number or other.title) if other else ""


def codes(case) -> list[str]:
    """The numbers of the rights the case concerns."""
    return [case.patent_number]


def index_fields(case) -> dict:
    return {"codes": [(ip_search.PATENT, number) for number in codes(case)]}


def index_body(case) -> list:
    return [case.patent_title, case.claim, case.facts, case.findings,
            *[p.statement for p in case.respondents]]


def ruling(case) -> tuple[str, list]:
    """The published decision's title and text."""
    outcome = ("责令立即停止侵权行为：" + "、".join(
        x for x in (case.stop_acts, case.stop_object, case.stop_scope) if x)
        if case.infringement else "驳回请求人的请求。")
    body = [case.patent_title, case.facts, *[p.statement for p in case.respondents],
            case.findings, case.basis, outcome]
    return f"专利侵权纠纷处理决定书 {case.number}", body


PATENT_KIND_LABELS = {PatentKind.INVENTION: "发明专利", PatentKind.UTILITY_MODEL: "实用新型专利",
                      PatentKind.DESIGN: "外观设计专利"}
HANDLER_LABELS = {HandlerRole.PRESIDING: "组长", HandlerRole.MEMBER: "合议组成员"}


def document_data(doc, now: datetime) -> dict:
    """Everything the template of a patent dispute's document needs, as plain values (the
    contracts in ``patent.documents``)."""
    case = doc.case
    extra = json.loads(doc.render_data or "{}")
    data = {
        **common.heading(doc, now),
        "periods": patent_documents.periods(),
        "case": {
            "number": case.number, "title": case.title,
            "patent_number": case.patent_number,
            "patent_kind": PATENT_KIND_LABELS.get(case.patent_kind, ""),
            "patent_title": case.patent_title,
            "filed_on": common.day(case.submitted_at or case.created_at),
            "accepted_on": common.day(case.accepted_at),
            "claim": case.claim,
        },
        "requesters": [common.party(p) for p in case.requesters],
        "respondents": [common.party(p) for p in case.respondents],
        "panel": [{"name": h.user.display_name, "role": HANDLER_LABELS[h.role]}
                  for h in case.active_handlers],
    }
    if doc.template == "decision":
        data.update({
            "articles": citation(services.decision_articles(case)),
            "requester_statement": "\n".join(p.statement for p in case.requesters) or case.facts,
            "respondent_statement": "\n".join(p.statement for p in case.respondents if p.statement)
            or "被请求人在法定期限内未提交答辩意见。",
            "findings": case.findings, "basis": case.basis,
            "infringement": bool(case.infringement),
            "stop_order": {"acts": case.stop_acts, "object": case.stop_object,
                           "scope": case.stop_scope},
        })
    for key in ("hearing_at",):
        if extra.get(key):
            extra[key] = datetime.fromisoformat(extra[key])
    for key in ("original_due", "new_due"):
        if extra.get(key):
            extra[key] = date.fromisoformat(extra[key])
    data.update(extra)
    return data


SPEC = KindSpec(
    representative_org=representative_org,
    kind="patent", flow=pt.PATENT_FLOW, handler_role="adjudicator",
    guard_facts=services.facts, terminal=pt.TERMINAL, party_states=pt.SERVED_STATES,
    deadlines=pt.DEADLINES,
    presiding_events=frozenset({"draft_decision", "serve", "serve_decision",
                                "schedule_hearing"}),
    paused_states=frozenset({pt.S.SUSPENDED}), closed_normally=frozenset({pt.S.CLOSED}),
    upload_kinds=PATENT_UPLOAD_KINDS, intake_states=frozenset({pt.S.SUBMITTED}),
    draft_state=pt.S.DRAFT, panel_states=pt.PANEL_STATES,
    actions=actions.ACTIONS, input_events=actions.INPUT_EVENTS,
    publishable=frozenset({pt.S.DECISION_SERVED, pt.S.LITIGATION, pt.S.FINAL,
                           pt.S.CLOSED}),
    filings=(Filing(_l("File a patent infringement complaint"), "cases.new", "case.file",
                    "new-case"),
             Filing(_l("Enter a patent complaint brought to the counter"),
                    "cases.counter_patent", "case.counter_file.patent", "counter-patent")),
    counter=patent_counter.COUNTER, services=services,
    views="ipcenter.cases.patent.views", documents=patent_documents, document_data=document_data,
    page_partial="cases/patent/_panel.html", offer_facts=offer_facts,
    hidden_actions=hidden_actions, page_extra=page_extra, codes=codes,
    index_fields=index_fields, index_body=index_body, ruling=ruling,
    label=_l("Patent adjudication"))
