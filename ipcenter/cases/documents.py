"""The plain data an official document's template receives: built from the case when the
rendering task runs, never ORM objects. Each kind builds its own (``KindSpec.document_data``,
the contracts in its ``documents`` module) from the pieces every document shares, here."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app

from ipcenter.cases.models import CaseDocument
from ipcenter.core.clock import local_date
from ipcenter.matters import kinds as matter_kinds


def party(p) -> dict:
    return {"name": p.name, "address": p.address, "uscc": p.uscc,
            "legal_representative": p.legal_representative, "agent": p.agent}


def day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return local_date(value)
    return value


def heading(doc: CaseDocument, now: datetime) -> dict:
    """What every official document carries: the office, its number and title, the day."""
    return {"office": current_app.config["IPCENTER_OFFICE_NAME"], "number": doc.number,
            "title": doc.title, "issued_on": local_date(now),
            "site_url": current_app.config["IPCENTER_SITE_URL"]}


def document_data(doc: CaseDocument, now: datetime) -> dict:
    """Everything the template of ``doc`` needs, as plain values."""
    return matter_kinds.spec_of(doc.case).document_data(doc, now)
