"""What every matter's page shows of its files: which of them the user may open, and how far
their text extraction got, in words (never the raw status); and its timeline."""

from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l

from ipcenter.auth import policy
from ipcenter.core import audit
from ipcenter.core.formatting import days_in_words
from ipcenter.web import audit_labels

TEXT_STATUS = {"pending": _l("text being extracted"), "done": _l("text extracted"),
               "ocr": _l("text recognised (OCR)"), "failed": _l("text could not be extracted")}
TEXT_REASONS = {
    "encrypted": _l("the file is protected by a password"),
    "corrupt": _l("the file is damaged"), "too large": _l("the file is too large to read"),
    "unsupported": _l("this kind of file is not read"),
    "unknown encoding": _l("the text's encoding is not UTF-8 or GB18030"),
    "ocr unavailable": _l("character recognition is not available"),
    "ocr failed": _l("character recognition failed"),
    "ocr time limit": _l("character recognition ran out of time"),
    "page limit": _l("only the first pages were read"),
    "text limit": _l("the text was cut at the size limit"),
}


def documents_for(matter, user, rule: str) -> list:
    """The matter's files ``user`` may open by the domain's ``rule`` (``case.document`` …), in
    the order added."""
    return [d for d in matter.documents if policy.can(user, rule, d)]


def document_page(matter, user, rule: str) -> dict:
    """What the documents macro (``matters/_documents.html``) reads."""
    return {"documents": documents_for(matter, user, rule), "text_status": TEXT_STATUS,
            "text_reasons": TEXT_REASONS}


def timeline(subject: str, matter_id: int, event_labels, state_labels) -> list[dict]:
    """The matter's audit rows as the timeline macro (``matters/_timeline.html``) reads them,
    oldest first: each named by the one table of audit actions (``ipcenter.web.audit_labels``;
    a transition by the matter's workflow's ``event_labels``), and the state it led to by
    ``state_labels``. Downloads are not steps."""
    rows = []
    for event in audit.events_for(subject, matter_id):
        if event.action == "document.download":
            continue
        detail = json.loads(event.detail or "{}")
        to = detail.get("to")
        rows.append({"at": event.at, "who": event.actor_name,
                     "label": audit_labels.label(event.action, event_labels),
                     "to": state_labels.get(to, "") if to else "",
                     "reason": days_in_words(str(detail.get("reason", "")))})
    return rows
