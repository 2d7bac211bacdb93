"""How pledge applications and their files appear in the search index.

An application is found by its title, its borrower, the numbers of its pledged rights (as
``codes``, matched exactly: ``patent:ZL…``, ``trademark:…``), its state and its bank; a file by
its title and extracted text. Who finds either is read from ``pledge.policy`` (the grants of
``pledge.view``; the centre's files for the centre only): never another bank. Re-indexing
follows ``matters.fire`` (``matters.index`` queues the application and its files after each
state change), so a bank finds an application from the day it is sent to it.

``register`` is called when ``pledge.policy`` is imported (``ipcenter.pledge.init_app``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from ipcenter import search
from ipcenter.auth.models import Organisation
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.ip import search as ip_search
from ipcenter.pledge import policy
from ipcenter.pledge.models import KIND, PledgeApplication, PledgeDocument
from ipcenter.pledge.workflow import STATE_LABELS

FILE_KIND = "pledge_file"
# The kind of right → the code type its number is indexed under.
CODE_TYPE = {"invention": ip_search.PATENT, "utility_model": ip_search.PATENT,
             "design": ip_search.PATENT, "trademark": ip_search.TRADEMARK}


def _code(right) -> tuple[str, str]:
    return (CODE_TYPE.get(right.kind, ip_search.PATENT), right.number)


def _bank_name(application) -> str:
    bank = db.session.get(Organisation, application.bank_org_id)
    return bank.name if bank is not None else ""


def _fields(application) -> dict:
    when = application.submitted_at or application.created_at
    codes = [_code(p.right) for p in application.rights if p.right is not None]
    codes += [(ip_search.USCC, p.uscc) for p in application.parties if p.uscc]
    return {"number": application.number or "", "parties": [p.name for p in application.parties],
            "codes": codes, "state": application.state, "case_type": KIND,
            "year": local_date(when).year, "date": local_date(when)}


def build_application(application_id) -> search.SearchDocument | None:
    application = db.session.get(PledgeApplication, int(application_id))
    if application is None:
        return None
    rights = [f"{p.right.number} {p.right.title}" for p in application.rights
              if p.right is not None]
    body = [*rights, _bank_name(application), str(STATE_LABELS.get(application.state, "")),
            application.use_of_funds, *(p.address for p in application.parties)]
    return search.SearchDocument(
        kind=KIND, id=application.id, title=application.title,
        body="\n".join(b for b in body if b), fields=_fields(application),
        principals=policy.application_principals(application),
        scopes={f"{KIND}:{application.id}"})


def build_file(doc_id) -> search.SearchDocument | None:
    doc = db.session.get(PledgeDocument, int(doc_id))
    if doc is None or not doc.sha256:
        return None
    application = doc.application
    fields = _fields(application)
    fields["date"] = local_date(doc.created_at)
    return search.SearchDocument(
        kind=FILE_KIND, id=doc.id, title=f"{doc.title}（{application.label}）",
        body=doc.text or "", fields=fields, principals=policy.document_principals(doc),
        scopes={f"{KIND}:{application.id}"})


def _application_ids():
    return db.session.execute(sa.select(PledgeApplication.id).order_by(PledgeApplication.id)
                              ).scalars()


def _file_ids():
    return db.session.execute(sa.select(PledgeDocument.id).where(
        PledgeDocument.sha256.is_not(None)).order_by(PledgeDocument.id)).scalars()


def _url(endpoint, **values) -> str:
    # The pages (``/pledge/``) may not be mounted in every app: a result then links nowhere.
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return "#"


def _file_url(doc_id):
    doc = db.session.get(PledgeDocument, int(doc_id))
    return _url("pledge.detail", application_id=doc.application_id) if doc else "#"


def register() -> None:
    labels = {"state": {str(k): v for k, v in STATE_LABELS.items()},
              "case_type": {KIND: _l("IP pledge financing")}}
    search.register(KIND, build_application, _application_ids,
                    label=_l("Pledge financing application"),
                    url=lambda i: _url("pledge.detail", application_id=i), value_labels=labels)
    search.register(FILE_KIND, build_file, _file_ids, label=_l("Pledge financing file"),
                    url=_file_url, value_labels=labels)
