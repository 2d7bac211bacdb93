"""The plain data an official document's template receives (the contracts in
cases/patent/documents.py and cases/trademark/documents.py): built from the case when the
rendering task runs, never ORM objects."""

from __future__ import annotations

import json
from datetime import date, datetime

from flask import current_app

from ipcenter.cases.kinds import spec_of
from ipcenter.cases.models import CaseDocument, CaseParty, HandlerRole, PatentKind
from ipcenter.cases.patent import documents as pdf_patent
from ipcenter.cases.trademark import documents as pdf_trademark
from ipcenter.core.clock import local_date

PATENT_KIND_LABELS = {PatentKind.INVENTION: "发明专利", PatentKind.UTILITY_MODEL: "实用新型专利",
                      PatentKind.DESIGN: "外观设计专利"}
HANDLER_LABELS = {HandlerRole.PRESIDING: "组长", HandlerRole.MEMBER: "合议组成员"}


def _party(p) -> dict:
    return {"name": p.name, "address": p.address, "uscc": p.uscc,
            "legal_representative": p.legal_representative, "agent": p.agent}


def _date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return local_date(value)
    return value


def _heading(doc: CaseDocument, now: datetime) -> dict:
    """What every official document carries: the office, its number and title, the day."""
    return {"office": current_app.config["IPCENTER_OFFICE_NAME"], "number": doc.number,
            "title": doc.title, "issued_on": local_date(now),
            "site_url": current_app.config["IPCENTER_SITE_URL"]}


def document_data(doc: CaseDocument, now: datetime) -> dict:
    """Everything the template of ``doc`` needs, as plain values."""
    if (own_data := spec_of(doc.case).document_data) is not None:
        return own_data(doc, now)
    case = doc.case
    extra = json.loads(doc.render_data or "{}")
    data = {
        **_heading(doc, now),
        "periods": pdf_patent.periods(),
        "case": {
            "number": case.number, "title": case.title,
            "patent_number": case.patent_number,
            "patent_kind": PATENT_KIND_LABELS.get(case.patent_kind, ""),
            "patent_title": case.patent_title,
            "filed_on": _date(case.submitted_at or case.created_at),
            "accepted_on": _date(case.accepted_at),
            "claim": case.claim,
        },
        "requesters": [_party(p) for p in case.requesters],
        "respondents": [_party(p) for p in case.respondents],
        "panel": [{"name": h.user.display_name, "role": HANDLER_LABELS[h.role]}
                  for h in case.active_handlers],
    }
    if doc.template == "decision":
        data.update({
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


CONDUCT_LABELS = {"use": "在同一种商品上使用与其注册商标相同的商标", "sell": "销售侵犯注册商标专用权的商品",
                  "labels": "伪造、擅自制造他人注册商标标识或者销售伪造、擅自制造的注册商标标识"}


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def trademark_data(doc: CaseDocument, now: datetime) -> dict:
    """The plain data of a trademark enforcement document (contract in
    cases/trademark/documents.py)."""
    case = doc.case
    extra = json.loads(doc.render_data or "{}")
    data = {
        **_heading(doc, now),
        "periods": pdf_trademark.periods(),
        "case": {
            "number": case.number, "title": case.title, "source": case.source,
            "filed_on": _date(case.submitted_at or case.created_at),
            "accepted_on": _date(case.accepted_at), "facts": case.facts,
            "marks": [{"registration_number": m.registration_number, "nice_class": m.nice_class,
                       "holder": m.holder, "text": m.text} for m in case.marks],
            "findings": case.findings, "conduct": CONDUCT_LABELS.get(case.conduct, ""),
            "turnover": _money(case.turnover), "gains": _money(case.gains),
            "party_kind": case.party_kind, "statement": case.statement,
            "review_opinion": case.review_opinion,
            "decline_reason": case.decline_reason,
        },
        # A report's informant stands where a complainant would (the forms say 举报人); these
        # forms stay inside the centre.
        "complainants": [_party(p) for p in case.requesters] or (
            [_party(CaseParty(name=case.informant, address="", uscc="",
                              legal_representative="", agent=""))]
            if case.source == "report" and case.informant else []),
        "parties": [_party(p) for p in case.respondents],
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
