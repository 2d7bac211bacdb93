"""How pre-examination requests, registrations and their files appear in the search index.

A request is found by its number, title, abstract, claims, classification and applicants (the
CNIPA application number and the granted patent's number as ``codes``, matched exactly); a
registration by the firm's name and credit code; a file by its title and extracted text. Who
finds each is read from ``prexam.policy`` (the firm that filed, the examiners and the director;
the centre's working papers the centre only): nobody else. Re-indexing follows ``matters.fire``.

The duplicate check (``prexam.duplicates``) also looks among the granted patents of the rights
register, which ``ipcenter.ip.search`` indexes (``ip_right``).

``register`` is called by ``ipcenter.prexam.init_app``."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from ipcenter import search
from ipcenter.auth.roles import Role
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.ip import search as ip_search
from ipcenter.prexam import policy
from ipcenter.prexam.kind import FILE_SUBJECT, FILING_FILE_SUBJECT
from ipcenter.prexam.models import (
    FILING_KIND,
    KIND,
    PrexamDocument,
    PrexamFiling,
    PrexamFilingDocument,
    PrexamRequest,
)
from ipcenter.prexam.workflow import FILING_STATE_LABELS, STATE_LABELS


def _fields(matter, applicants, codes) -> dict:
    when = matter.submitted_at or matter.created_at
    return {"number": matter.number or "", "parties": applicants, "codes": codes,
            "state": matter.state, "case_type": matter.kind, "year": local_date(when).year,
            "date": local_date(when)}


def _request_fields(request: PrexamRequest) -> dict:
    codes = [(ip_search.USCC, a.uscc) for a in request.applicants if a.uscc]
    for number in (request.application_number, request.grant_number):
        if number:
            codes.append((ip_search.PATENT, number if number.startswith("ZL")
                          else f"ZL{number}"))
    return _fields(request, [a.name for a in request.applicants], codes)


def build_request(request_id) -> search.SearchDocument | None:
    request = db.session.get(PrexamRequest, int(request_id))
    if request is None:
        return None
    body = [request.abstract, request.claims_text, request.classification,
            str(STATE_LABELS.get(request.state, ""))]
    return search.SearchDocument(
        kind=KIND, id=request.id, title=request.title, body="\n".join(b for b in body if b),
        fields=_request_fields(request), principals=policy.request_principals(request),
        scopes={f"{KIND}:{request.id}"})


def build_file(doc_id) -> search.SearchDocument | None:
    doc = db.session.get(PrexamDocument, int(doc_id))
    if doc is None or not doc.sha256:
        return None
    request = doc.request
    fields = _request_fields(request)
    fields["date"] = local_date(doc.created_at)
    return search.SearchDocument(
        kind=FILE_SUBJECT, id=doc.id, title=f"{doc.title}（{request.label}）",
        body=doc.text or "", fields=fields, principals=policy.document_principals(doc),
        scopes={f"{KIND}:{request.id}"})


def build_filing(filing_id) -> search.SearchDocument | None:
    filing = db.session.get(PrexamFiling, int(filing_id))
    if filing is None:
        return None
    body = [filing.fields, filing.address, str(FILING_STATE_LABELS.get(filing.state, ""))]
    return search.SearchDocument(
        kind=FILING_KIND, id=filing.id, title=filing.title,
        body="\n".join(b for b in body if b),
        fields=_fields(filing, [filing.firm_name], [(ip_search.USCC, filing.uscc)]),
        principals=policy.filing_principals(filing), scopes={f"{FILING_KIND}:{filing.id}"})


def build_filing_file(doc_id) -> search.SearchDocument | None:
    doc = db.session.get(PrexamFilingDocument, int(doc_id))
    if doc is None or not doc.sha256:
        return None
    filing = doc.filing
    fields = _fields(filing, [filing.firm_name], [(ip_search.USCC, filing.uscc)])
    fields["date"] = local_date(doc.created_at)
    return search.SearchDocument(
        kind=FILING_FILE_SUBJECT, id=doc.id, title=f"{doc.title}（{filing.label}）",
        body=doc.text or "", fields=fields, principals=policy.filing_principals(filing),
        scopes={f"{FILING_KIND}:{filing.id}"})


def _ids(column, *where):
    return lambda: db.session.execute(sa.select(column).where(*where).order_by(column)).scalars()


def _url(endpoint, **values) -> str:
    try:
        return url_for(endpoint, **values)
    except BuildError:  # the pages are not mounted in every app
        return "#"


def _file_url(doc_id):
    doc = db.session.get(PrexamDocument, int(doc_id))
    return _url("prexam.detail", request_id=doc.request_id) if doc else "#"


def _filing_file_url(doc_id):
    doc = db.session.get(PrexamFilingDocument, int(doc_id))
    return _url("prexam.filing", filing_id=doc.filing_id) if doc else "#"


def register() -> None:
    labels = {"state": {**{str(k): v for k, v in STATE_LABELS.items()},
                        **{str(k): v for k, v in FILING_STATE_LABELS.items()}},
              "case_type": {KIND: _l("Rapid pre-examination request"),
                            FILING_KIND: _l("Registration for pre-examination")}}
    search.register(KIND, build_request, _ids(PrexamRequest.id),
                    label=_l("Pre-examination request"),
                    url=lambda i: _url("prexam.detail", request_id=i), value_labels=labels)
    search.register(FILE_SUBJECT, build_file,
                    _ids(PrexamDocument.id, PrexamDocument.sha256.is_not(None)),
                    label=_l("Pre-examination file"), url=_file_url, value_labels=labels)
    search.register(FILING_KIND, build_filing, _ids(PrexamFiling.id),
                    label=_l("Registration for pre-examination"),
                    url=lambda i: _url("prexam.filing", filing_id=i), value_labels=labels)
    search.register(FILING_FILE_SUBJECT, build_filing_file,
                    _ids(PrexamFilingDocument.id, PrexamFilingDocument.sha256.is_not(None)),
                    label=_l("Registration file"), url=_filing_file_url, value_labels=labels)
    # The register's granted patents, for the staff who judge a possible duplicate (the
    # register's page is the staff's; the firms see their own rights there).
    ip_search.index_rights({f"role:{Role.EXAMINER}", f"role:{Role.DIRECTOR}"})
