"""Pre-examination's official documents (DOMAIN.md §3, §6): each template's title, 文号
prefix, the data it takes (``document_data``) and a complete sample (``sample_data``).

The templates are ``templates/pdf/prexam/<name>.html`` (GB/T 9704 layout of
``templates/pdf/_layout.html``), rendered by ``prexam.tasks`` through the issued-document
machinery (``core.documents``: stored by SHA-256, numbered, verifiable at ``/verify/<code>``).

``issue_for(matter, template, now, actor, **extra)`` queues one on a registration (备案) or a
request (``matters.issue``: the row now, the PDF after commit), numbered in the template's own
sequence; ``extra`` is what the matter does not hold (the outcome of a 备案通知书, the round of
an opinion, the checklist as ticked when passing).

``document_data(doc, now)`` reads the rest from the matter when the PDF is rendered. Fixed text
and labels are Chinese: these are the centre's documents, not the UI, so a label kept as a
msgid (the checklist's) is translated into Chinese whatever the reader's language. Every
template gets the heading (``office``, ``number``, ``title``, ``issued_on`` — the day the
document was queued, so that a render retried later keeps the decision's day — ``site_url``;
``verify_code`` is added by ``core.documents.issue``) and:

- the 备案 documents: ``filing`` ``{number, firm_name, uscc, address, contact_name,
  contact_phone, contact_email, rd_staff, fields, undertaking (bool), submitted_on}``;
  ``filing_notice`` adds ``outcome`` (approved / rejected / suspended / revoked / reinstated),
  ``ground`` and ``ground_label`` (a suspension's or revocation's finding, ``workflow.GROUNDS``),
  ``reasons``, ``decided_on``, ``decided_by``, ``scope`` (the kinds and subclasses served, for an
  approval: list of ``{kind_label, codes}``);
- a request's documents: ``request`` ``{number, kind, kind_label, title, classification,
  subclass, subclass_title, submitted_on, applicants: [{name, uscc, address, kind_label}]}``,
  ``firm`` (the registration as above) and ``examiner`` (the examiner's name), and per template:
  ``opinion_notice``: ``round``, ``points`` ``[{basis, basis_label, text}]``, ``unmet``
  ``[{label, basis}]`` (the checklist items not ticked), ``reply_due_on``, ``reply_days``;
  ``pass_notice``: ``passed_on``, ``checklist`` ``[{label, basis, met}]``, ``filing_days``,
  ``file_by`` (the CNIPA clock's due day, or None); ``fail_notice``: ``failed_on``,
  ``reasons``; ``return_notice``: ``returned_on``, ``reasons``, ``scope_basis``.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale

from ipcenter.auth.models import User
from ipcenter.core import numbering
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.errors import InvalidInput
from ipcenter.matters import clocks
from ipcenter.matters import issue as matter_issue
from ipcenter.matters.models import DocAudience
from ipcenter.prexam import settings
from ipcenter.prexam.models import ApplicantKind, PrexamFiling
from ipcenter.prexam.rules import checklist, scope

FILING_TITLES = {
    "filing_application": "专利快速预审备案申请表",
    "filing_notice": "专利快速预审备案通知书",
}
REQUEST_TITLES = {
    "opinion_notice": "专利预审意见通知书",
    "pass_notice": "专利预审合格通知书",
    "fail_notice": "专利预审不合格通知书",
    "return_notice": "专利预审请求退回通知书",
}
TITLES = {**FILING_TITLES, **REQUEST_TITLES}
TEMPLATES = tuple(TITLES)
TEMPLATE_DIR = "prexam"
# The 文号 prefix of each document (one sequence per prefix and year, ``core.numbering``);
# none is the 备案编号's or the 预审编号's (``services``: 中知预备字, 中知预审字), so that a
# registration's number and its notice's 文号 are never two numbers of one series.
PREFIXES = {
    "filing_application": "中知预备申字",
    "filing_notice": "中知预备通字",
    "opinion_notice": "中知预审意字",
    "pass_notice": "中知预审合字",
    "fail_notice": "中知预审否字",
    "return_notice": "中知预审退字",
}


def issue_for(matter, template: str, now: datetime, actor=None, **extra):
    """Queue ``template`` on ``matter`` (a ``PrexamFiling`` for the 备案 documents, a
    ``PrexamRequest`` for the others). Returns the document row."""
    titles = FILING_TITLES if isinstance(matter, PrexamFiling) else REQUEST_TITLES
    if template not in titles:
        raise ValueError(f"not a document of a {matter.kind}: {template!r}")
    number = numbering.issue_number(PREFIXES[template], local_date(now).year)
    return matter_issue(matter, template, titles[template], now, actor,
                        audience=DocAudience.PARTIES, extra=extra, number=number)


# The locale of the documents' labels that are msgids (the checklist's).
DOCUMENT_LOCALE = "zh_Hans_CN"

KIND_NAMES = {"utility_model": "实用新型", "design": "外观设计"}
APPLICANT_KINDS = {ApplicantKind.ENTERPRISE: "企业", ApplicantKind.UNIVERSITY: "高等院校",
                   ApplicantKind.INSTITUTE: "科研院所", ApplicantKind.INDIVIDUAL: "个人"}
# The findings a suspension or revocation rests on (``workflow.GROUNDS``' keys), as the notice
# writes them.
GROUND_NAMES = {
    "abnormal_application": "经查实存在非正常专利申请行为",
    "credit_breach": "被列入知识产权领域严重失信主体名单",
    "false_statement": "备案材料或预审请求中存在虚假陈述",
}
OUTCOMES = ("approved", "rejected", "suspended", "revoked", "reinstated")
BASIS = "《专利申请预审业务管理办法（试行）》（国知办发办字〔2023〕25号）"
CREDIT_BASIS = "《知识产权信用管理规定》（国知发保字〔2022〕8号）"


def _heading(doc, now: datetime) -> dict:
    return {"office": current_app.config["IPCENTER_OFFICE_NAME"], "number": doc.number,
            "title": doc.title, "issued_on": local_date(doc.created_at or now),
            "site_url": current_app.config["IPCENTER_SITE_URL"]}


def _zh(label) -> str:
    """A label kept as a msgid (``_l``), in the documents' Chinese."""
    with force_locale(DOCUMENT_LOCALE):
        return str(label)


def _day(value) -> date | None:
    return local_date(value) if isinstance(value, datetime) else value


def _name(user_id) -> str:
    user = db.session.get(User, user_id) if user_id else None
    return user.display_name if user is not None else ""


def filing_data(filing: PrexamFiling) -> dict:
    """The firm as its 备案 declares it."""
    return {"number": filing.number or "", "firm_name": filing.firm_name, "uscc": filing.uscc,
            "address": filing.address or "", "contact_name": filing.contact_name,
            "contact_phone": filing.contact_phone, "contact_email": filing.contact_email or "",
            "rd_staff": filing.rd_staff, "fields": filing.fields or "",
            "undertaking": bool(filing.undertaking),
            "submitted_on": _day(filing.submitted_at or filing.created_at)}


def _scope_served(on: date) -> list[dict]:
    entries = settings.scope_entries()
    return [{"kind_label": KIND_NAMES[kind],
             "codes": "、".join(e.code for e in scope.in_force(entries, kind, on))}
            for kind in scope.KINDS]


def _filing_notice(filing: PrexamFiling, extra: dict, today: date) -> dict:
    outcome = extra.get("outcome") or "approved"
    if outcome not in OUTCOMES:
        raise ValueError(f"no outcome {outcome!r} of a 备案通知书")
    ground = extra.get("ground") or ""
    reasons = extra.get("reason", filing.reason or "")
    # Each notice is queued when its decision is taken (a reinstatement keeps the
    # suspension's ``decided_at``): the notice's day is the decision's.
    decided_on = today
    return {"outcome": outcome, "ground": ground, "ground_label": GROUND_NAMES.get(ground, ""),
            "reasons": reasons if outcome != "approved" else "",
            "decided_on": decided_on, "decided_by": _name(filing.decided_by_id),
            "scope": _scope_served(filing.approved_on or decided_on)
            if outcome in ("approved", "reinstated") else [],
            "basis": CREDIT_BASIS if outcome in ("suspended", "revoked") else BASIS}


def _subclass_title(request) -> str:
    on = _day(request.submitted_at) or local_date(request.created_at)
    rows = [e for e in settings.scope_entries()
            if e.kind == request.patent_kind and e.code == request.subclass]
    in_force = [e for e in rows if e.in_force_on(on)]
    chosen = in_force or rows
    return chosen[-1].title if chosen else ""


def request_data(request) -> dict:
    """What every notice on a request shows of it."""
    return {"number": request.number or "", "kind": request.patent_kind,
            "kind_label": KIND_NAMES.get(request.patent_kind, request.patent_kind),
            "title": request.title, "classification": request.classification,
            "subclass": request.subclass, "subclass_title": _subclass_title(request),
            "submitted_on": _day(request.submitted_at or request.created_at),
            "applicants": [{"name": a.name, "uscc": a.uscc or "", "address": a.address or "",
                            "kind_label": APPLICANT_KINDS.get(a.applicant_kind, "")}
                           for a in request.applicants]}


def _examiner(request, doc) -> str:
    """The examiner in charge (主办), or whoever queued the notice."""
    handlers = request.active_handlers
    return _name(handlers[0].user_id if handlers else doc.uploaded_by_id)


def _checks(kind: str, ticked: dict) -> list[dict]:
    return [{"code": c.code, "label": _zh(c.label), "basis": c.basis,
             "met": bool(ticked.get(c.code))} for c in checklist.CHECKLISTS[kind]]


def _basis_label(code: str) -> str:
    # A point keeps the code it was issued with; a code later dropped from the list of
    # articles still prints (as its code) rather than failing the render.
    try:
        return checklist.basis(code).label
    except InvalidInput:
        return code


def _opinion_notice(request, doc, extra: dict) -> dict:
    number = int(extra.get("round") or request.rounds or 1)
    opinion = next((o for o in request.opinions if o.round == number), None)
    if opinion is None:
        raise ValueError(f"the request {request.id} has no opinion of round {number}")
    points = [{"basis": p["basis"], "basis_label": _basis_label(p["basis"]),
               "text": p["text"]} for p in opinion.points or []]
    unmet = [{"label": c["label"], "basis": c["basis"]}
             for c in _checks(request.patent_kind, opinion.checklist or {}) if not c["met"]]
    # The reply clock took its period from the targets in force when the opinion was issued.
    targets = settings.targets_on(_day(opinion.issued_at))
    return {"round": number, "points": points, "unmet": unmet,
            "reply_due_on": opinion.reply_due_on, "reply_days": targets.reply_days,
            "examiner": _name(opinion.examiner_id)}


def _pass_notice(request, extra: dict, today: date) -> dict:
    passed_on = request.passed_on or today
    ticked = extra.get("checklist") or {}
    open_ = clocks(request, "cnipa_filing", include_closed=True)
    targets = settings.targets_on(passed_on)
    file_by = open_[-1].due_on if open_ else passed_on + timedelta(days=targets.filing_days)
    return {"passed_on": passed_on, "checklist": _checks(request.patent_kind, ticked),
            "filing_days": targets.filing_days, "file_by": file_by}


def document_data(doc, now: datetime) -> dict:
    """Everything the template of ``doc`` (a ``PrexamFilingDocument`` or a ``PrexamDocument``)
    needs, as plain values."""
    extra = json.loads(doc.render_data or "{}")
    today = local_date(doc.created_at or now)
    if hasattr(doc, "filing_id"):
        filing = doc.filing
        data = {**_heading(doc, now), "filing": filing_data(filing)}
        if doc.template == "filing_notice":
            data.update(_filing_notice(filing, extra, today))
        return data
    request = doc.request
    data = {**_heading(doc, now), "request": request_data(request),
            "firm": filing_data(request.filing), "examiner": _examiner(request, doc)}
    if doc.template == "opinion_notice":
        data.update(_opinion_notice(request, doc, extra))
    elif doc.template == "pass_notice":
        data.update(_pass_notice(request, extra, today))
    elif doc.template == "fail_notice":
        data.update({"failed_on": request.failed_on or today,
                     "reasons": request.fail_reason or ""})
    elif doc.template == "return_notice":
        data.update({"returned_on": today, "reasons": request.return_reason or "",
                     "scope_basis": scope.BASIS})
    else:
        raise ValueError(f"no pre-examination document {doc.template!r}")
    return data


# ---------------------------------------------------------------------------- samples

_SAMPLE_FIRM = {
    "number": "中知预备字〔2026〕12号", "firm_name": "中山市古镇华辉灯饰有限公司",
    "uscc": "91442000MA4UH7K2XA", "address": "广东省中山市古镇镇东兴东路28号",
    "contact_name": "李明", "contact_phone": "0760-22345678",
    "contact_email": "liming@example.com", "rd_staff": 12, "fields": "LED灯具、智能照明控制",
    "undertaking": True, "submitted_on": date(2026, 2, 24)}

_SAMPLE_REQUEST = {
    "number": "中知预审字〔2026〕3号", "kind": "utility_model", "kind_label": "实用新型",
    "title": "一种可调光LED吸顶灯", "classification": "F21V 23/00", "subclass": "F21V",
    "subclass_title": "照明装置或其系统的功能特征或零部件；照明装置和其他物品的结构组合物",
    "submitted_on": date(2026, 3, 2),
    "applicants": [{"name": "中山市古镇华辉灯饰有限公司", "uscc": "91442000MA4UH7K2XA",
                    "address": "广东省中山市古镇镇东兴东路28号", "kind_label": "企业"},
                   {"name": "中山职业技术学院", "uscc": "12442000455870316D",
                    "address": "广东省中山市博爱七路25号", "kind_label": "高等院校"}]}


# The utility-model checklist's labels as the catalogue translates them, written out so that a
# sample needs no application context (the contract suite builds samples outside one).
_SAMPLE_LABELS = {
    "request": "请求书填写完整（名称、申请人及其代码、发明人、代理机构、签章、申请文件清单）",
    "description": "说明书写明名称，按顺序包括技术领域、背景技术、实用新型内容、附图说明、具体实施方式五部分，"
                   "无“如权利要求……所述”类引用语和商业性宣传用语",
    "drawings": "说明书附图表示产品的形状、构造，按“图1，图2，……”编号，附图标记与文字部分一致",
    "drawings_no_photos": "附图为线条图，不得使用照片",
    "claims_form": "权利要求顺序编号，撰写格式符合要求，从属权利要求只引用在前的权利要求，权利要求中无插图",
    "claims_clear_supported": "权利要求清楚、简要，以说明书为依据；独立权利要求记载必要技术特征",
    "disclosure": "说明书对技术方案作出清楚、完整的说明，所属技术领域的技术人员能够实现",
    "abstract": "说明书摘要写明名称、技术领域、技术问题、技术方案要点和主要用途，无商业性宣传用语，并指定摘要附图",
    "abstract_length": "摘要文字部分不超过300个字",
    "subject_matter": "保护客体是产品的形状、构造或者其结合（非方法或材料本身）",
    "exclusions": "不明显违反法律、社会公德或者妨害公共利益，不属于不授予专利权的客体",
    "patentability": "不明显缺乏新颖性、创造性或者实用性",
    "unity": "权利要求属于一个总的发明构思（单一性）",
    "good_faith": "无非正常专利申请迹象（以真实发明创造活动为基础）",
}


def _sample_checks(unmet=()) -> list[dict]:
    return [{"code": c.code, "label": _SAMPLE_LABELS.get(c.code) or _zh(c.label),
             "basis": c.basis, "met": c.code not in unmet}
            for c in checklist.CHECKLISTS["utility_model"]]


def sample_data(template: str) -> dict:
    """A complete example of the data each template takes (tests, previews)."""
    if template not in TITLES:
        raise KeyError(template)
    base = {"office": "中国中山（灯饰）知识产权快速维权中心",
            "number": f"{PREFIXES[template]}〔2026〕3号", "title": TITLES[template],
            "issued_on": date(2026, 3, 5), "verify_code": "7KQ4M9XWTB3H",
            "site_url": "https://ipcenter.zs.gov.cn"}
    if template == "filing_application":
        return {**base, "filing": dict(_SAMPLE_FIRM)}
    if template == "filing_notice":
        return {**base, "filing": dict(_SAMPLE_FIRM), "outcome": "approved", "ground": "",
                "ground_label": "", "reasons": "", "decided_on": date(2026, 3, 5),
                "decided_by": "郑伟", "basis": BASIS,
                "scope": [{"kind_label": "实用新型",
                           "codes": "F21K、F21L、F21S、F21V、F21W、F21Y、G09F、H01J、H01K、H05B"},
                          {"kind_label": "外观设计",
                           "codes": "26-01、26-02、26-03、26-04、26-05、26-06、26-99"}]}
    common = {**base, "request": {**_SAMPLE_REQUEST,
                                  "applicants": [dict(a) for a in _SAMPLE_REQUEST["applicants"]]},
              "firm": dict(_SAMPLE_FIRM), "examiner": "郑伟"}
    if template == "opinion_notice":
        unmet = ("claims_clear_supported", "abstract_length")
        return {**common, "round": 1, "reply_due_on": date(2026, 3, 16), "reply_days": 10,
                "points": [
                    {"basis": "pl_26_4", "basis_label": "专利法第二十六条第四款",
                     "text": "权利要求1中“散热板”与“灯座”的连接关系不清楚，请予以澄清。"},
                    {"basis": "ir_26", "basis_label": "专利法实施细则第二十六条",
                     "text": "说明书摘要超过300字，且含有宣传用语“行业领先”，请删改。"}],
                "unmet": [{"label": c["label"], "basis": c["basis"]}
                          for c in _sample_checks(unmet) if not c["met"]]}
    if template == "pass_notice":
        return {**common, "passed_on": date(2026, 3, 5), "checklist": _sample_checks(),
                "filing_days": 30, "file_by": date(2026, 4, 7)}
    if template == "fail_notice":
        return {**common, "failed_on": date(2026, 3, 5),
                "reasons": "经两轮预审意见，权利要求1仍未清楚限定散热结构，不符合专利法第二十六条第四款的规定。"}
    return {**common, "returned_on": date(2026, 3, 5),
            "reasons": "分类号H01L 33/00不属于本中心实用新型专利预审服务领域。",
            "scope_basis": scope.BASIS}
