"""Pre-examination's official documents (DOMAIN.md §3, §6): each template's title, 文号
prefix, the data it takes (``document_data``) and a complete sample (``sample_data``).

The templates are ``templates/pdf/prexam/<name>.html`` (GB/T 9704 layout of
``templates/pdf/_layout.html``), rendered by ``prexam.tasks`` through the issued-document
machinery (``core.documents``: stored by SHA-256, numbered, verifiable at ``/verify/<code>``).

``issue_for(matter, template, now, actor, **extra)`` queues one on a registration (备案) or a
request (``matters.issue``: the row now, the PDF after commit), numbered in the template's own
sequence; ``extra`` is what the matter does not hold (the outcome of a 备案通知书, the round of
an opinion).
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from ipcenter.core import numbering
from ipcenter.core.clock import local_date
from ipcenter.matters import issue as matter_issue
from ipcenter.matters.models import DocAudience
from ipcenter.prexam.models import PrexamFiling

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
PREFIXES = {
    "filing_application": "中知预备申字",
    "filing_notice": "中知预备字",
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


def _heading(doc, now: datetime) -> dict:
    return {"office": current_app.config["IPCENTER_OFFICE_NAME"], "number": doc.number,
            "title": doc.title, "issued_on": local_date(now),
            "site_url": current_app.config["IPCENTER_SITE_URL"]}


def document_data(doc, now: datetime) -> dict:
    """The template's data for a queued document of a registration or a request."""
    import json

    extra = json.loads(doc.render_data or "{}")
    matter = doc.filing if hasattr(doc, "filing") else doc.request
    return {**_heading(doc, now), "matter": {"number": matter.number, "title": matter.title},
            **extra}
