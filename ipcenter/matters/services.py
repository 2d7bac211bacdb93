"""What every kind of matter does the same way: ``fire`` (the only writer of ``state``), issuing
an official document, attaching an upload (its text extracted, then indexed), parties, handlers,
re-indexing and the double-submit token. What differs between kinds is read from the kind's
registered spec (``matters.kinds``); each function takes ``actor`` and ``now`` where it writes,
and flushes where it must; the caller's unit of work commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter import search
from ipcenter.auth.models import Organisation, User
from ipcenter.auth.policy import is_party_user
from ipcenter.auth.roles import OrgKind
from ipcenter.core import audit, outbox, storage
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict, InvalidInput
from ipcenter.core.text import clean_name
from ipcenter.ip.uscc import is_valid as uscc_valid
from ipcenter.ip.uscc import normalise as uscc_normalise
from ipcenter.matters.clocks import close_clocks, reassign_open_clocks
from ipcenter.matters.handlers import conflict_of
from ipcenter.matters.kinds import spec_of
from ipcenter.matters.models import DocAudience, HandlerRole, new_row

# ---------------------------------------------------------------------------------------------
# State


def index(matter) -> None:
    """Queue the matter and its files for re-indexing after commit: who may see them follows
    the matter's state and parties."""
    spec = spec_of(matter)
    search.index_later(spec.subject, matter.id)
    # A kind's files are indexed under its own kind of document (cases': ``file``).
    file_subject = getattr(spec, "file_subject", "file")
    for doc in matter.documents:
        if doc.id is not None and doc.sha256:
            search.index_later(file_subject, doc.id)


def fire(matter, event, actor, now: datetime, facts=None, detail: dict | None = None):
    """Apply ``event`` to ``matter`` with its kind's workflow: the new state, the audit row,
    re-indexing. The only writer of ``matter.state``. Without ``facts``, the guards read what
    the kind's ``guard_facts`` builds.

    Raises ``InvalidTransition`` (409) with the reason when the table or a guard refuses."""
    spec = spec_of(matter)
    if facts is None:
        facts = spec.guard_facts(matter, now)
    old = spec.flow.states(matter.state)
    new = spec.flow.apply(old, event, facts, previous=matter.return_state)
    if spec.flow.find(old, event).returns:
        matter.return_state = None
    elif new in spec.flow.side_states and old not in spec.flow.side_states:
        matter.return_state = old  # a side state remembers where the matter was
    matter.state = new
    if new in spec.terminal:
        matter.closed_at = now
        close_clocks(matter, now,
                     outcome="cancelled" if new not in spec.closed_normally else None)
    audit.record(f"{spec.subject}.{event}", actor=actor, obj_type=spec.subject,
                 obj_id=matter.id, now=now,
                 detail={"from": str(old), "to": str(new), **(detail or {})})
    index(matter)
    db.session.flush()
    return new


def earlier_filing(model, client_token: str, actor: User):
    """The ``model`` row (a matter of any kind) that a filing form with this one-time token
    already created (a double submit), or None; ``Conflict`` when someone else's form used the
    token."""
    existing = db.session.execute(sa.select(model).where(
        model.client_token == client_token)).scalar_one_or_none()
    if existing is not None and existing.filed_by_id != actor.id:
        raise Conflict(_l("This form was already used. Reload the page."))
    return existing


def filing_orgs(actor: User, requester: Organisation | None = None):
    """The organisation a complaint is filed by and the one it is filed for (its requester):
    the actor's own firm for both; for the firm the centre's clerk enters a complaint for at
    the counter, that firm for both (it stands as the filer); for the right holder an agent
    files for, the agency files (and sees the case as its filer) and the right holder is the
    requester."""
    if requester is None:
        return actor.organisation, actor.organisation
    if is_party_user(actor):
        return actor.organisation, requester
    return requester, requester


# ---------------------------------------------------------------------------------------------
# Documents


def issue(matter, template: str, title: str, now: datetime, actor=None, *,
          audience: str = DocAudience.PARTIES, extra: dict | None = None,
          number: str | None = None):
    """Queue an official document: the row now, the PDF from the kind's render task after
    commit. ``number`` defaults to the matter's number; ``extra`` is the template's data."""
    doc = new_row(matter, "documents", kind="official", title=title, template=template,
                  number=number or matter.number, audience=audience,
                  uploaded_by_id=getattr(actor, "id", None), created_at=now,
                  render_status="pending",
                  render_data=json.dumps(extra or {}, ensure_ascii=False, default=str))
    db.session.add(doc)
    db.session.flush()
    outbox.enqueue(spec_of(matter).render_task, doc.id)
    return doc


def is_official(doc) -> bool:
    """Whether ``doc`` is an official document the centre issued (``issue``): rendered from a
    template, not uploaded."""
    return doc.template is not None


def documents_by_kind(matter) -> dict[str, list]:
    """The matter's files grouped by their kind, in the order added."""
    groups: dict[str, list] = {}
    for doc in matter.documents:
        groups.setdefault(doc.kind, []).append(doc)
    return groups


# Who may add a kind of file: a party (firm or agent) or the matter's handlers (the centre).
PARTY, HANDLER = "party", "handler"
BOTH = frozenset({PARTY, HANDLER})


@dataclass(frozen=True)
class UploadKind:
    title: str
    audience: DocAudience     # who besides the centre may open it
    added_by: frozenset       # PARTY, HANDLER or both


def uploader_side(matter, user) -> str:
    """HANDLER for a user holding the role that handles this kind of matter, PARTY otherwise
    (who may upload to the matter at all is the policy's ``case.upload``)."""
    return HANDLER if user.has_role(spec_of(matter).handler_role) else PARTY


def upload_kinds_for(matter, user) -> dict[str, UploadKind]:
    """The kinds of file ``user`` may add to ``matter`` (the upload form's choices)."""
    side = uploader_side(matter, user)
    return {k: v for k, v in spec_of(matter).upload_kinds.items() if side in v.added_by}


def attach(matter, kind: str, stream: BinaryIO, filename: str, actor: User, now: datetime):
    """Store an uploaded file on the matter (type by content, size-limited, stored once); its
    text is extracted by the kind's task after commit, and the file indexed from there."""
    spec = spec_of(matter)
    if kind not in spec.upload_kinds:
        raise InvalidInput(_l("Choose what kind of document this is."))
    # A kind's title may be a lazy translation (pledge's): the row keeps the words.
    title, audience = str(spec.upload_kinds[kind].title), spec.upload_kinds[kind].audience
    if kind not in upload_kinds_for(matter, actor):
        raise InvalidInput(_l("You may not add a document of this kind: %(title)s.",
                              title=title))
    if matter.state in spec.terminal:
        raise Conflict(_l("The case is closed; no more documents can be added."))
    saved = storage.save(stream, filename)
    party = next((p for p in matter.parties
                  if p.organisation_id and p.organisation_id == actor.organisation_id), None)
    doc = new_row(matter, "documents", kind=kind, title=title, filename=saved.filename,
                  sha256=saved.sha256, content_type=saved.content_type, size=saved.size,
                  audience=audience, party=party, uploaded_by_id=actor.id, created_at=now)
    db.session.add(doc)
    db.session.flush()
    audit.record(f"{spec.subject}.upload", actor=actor, obj_type=spec.subject, obj_id=matter.id,
                 now=now, detail={"document": doc.id, "kind": kind, "sha256": saved.sha256,
                                  "name": saved.filename})
    doc.text_status = "pending"
    outbox.enqueue(spec.extract_task, doc.id)
    return doc


def by_handler(matter, doc) -> bool:
    """Whether ``doc`` was uploaded by one of the matter's handlers (present or past)."""
    return doc.uploaded_by_id is not None and any(
        h.user_id == doc.uploaded_by_id for h in matter.handlers)


def has_hearing_record(matter) -> bool:
    """The hearing guard's fact: a handler's hearing record uploaded on or after the day of the
    scheduled hearing (a record a party added does not count)."""
    return matter.hearing_at is not None and any(
        by_handler(matter, d) and local_date(d.created_at) >= local_date(matter.hearing_at)
        for d in documents_by_kind(matter).get("hearing_record", ()))


# ---------------------------------------------------------------------------------------------
# Parties and handlers


@dataclass
class PartyData:
    name: str
    address: str = ""
    uscc: str = ""
    legal_representative: str = ""
    contact: str = ""
    organisation_id: int | None = None


def party(model, role: str, data: PartyData):
    """A new ``model`` party row in ``role`` from a form's ``data``: a firm registered in the
    system (``organisation_id``), or one described by name, address and code (linked to the
    registered firm with that code, if any). Raises ``InvalidInput`` for a malformed code, an
    unknown firm or a missing name."""
    code = uscc_normalise(data.uscc)
    if code and not uscc_valid(code):  # refused even when a registered firm is chosen
        raise InvalidInput(_l("The unified social credit code %(code)s is not valid.",
                              code=data.uscc))
    if data.organisation_id:
        org = db.session.execute(sa.select(Organisation).filter_by(
            id=data.organisation_id, kind=OrgKind.FIRM, active=True)).scalar_one_or_none()
        if org is None:
            raise InvalidInput(_l("Choose a firm registered in the system, or describe the "
                                  "respondent."))
        return model(role=role, organisation_id=org.id, name=org.name,
                     address=data.address or org.address, uscc=org.uscc,
                     legal_representative=clean_name(data.legal_representative),
                     contact=data.contact)
    name = clean_name(data.name)  # no bidirectional controls or other invisible characters
    if not name:
        raise InvalidInput(_l("Give the respondent's name."))
    org = None
    if code:
        org = db.session.execute(sa.select(Organisation).where(
            Organisation.uscc == code)).scalar_one_or_none()
    return model(role=role, organisation_id=org.id if org else None, name=name,
                 address=data.address.strip(), uscc=code,
                 legal_representative=clean_name(data.legal_representative),
                 contact=data.contact.strip())


def set_handlers(matter, users: list[User], lead_id: int, now: datetime, removal_reason: str,
                 role_name: str) -> None:
    """Make ``users`` the matter's active handlers, ``lead_id`` leading (组长 / 主办). Each must
    be active, hold ``role_name`` and have no tie to a party; members leaving stay on record
    with ``removal_reason``. The clocks the handlers watch follow the new lead. Raises
    ``InvalidInput``."""
    for user in users:
        if user is None or not user.active or not user.has_role(role_name):
            raise InvalidInput(_l("Every member must be an active adjudicator.")
                               if role_name == "adjudicator" else
                               _l("Every officer must be an active enforcement officer."))
        reason = conflict_of(user, matter)
        if reason:
            raise InvalidInput(reason)
    ids = {u.id for u in users}
    for handler in matter.active_handlers:
        if handler.user_id not in ids:
            handler.removed_at, handler.removal_reason = now, removal_reason
    current = {h.user_id: h for h in matter.active_handlers}
    # The lead stepping down is written first: at no moment do two rows preside (the unique
    # index ``uq_case_handler_one_presiding``; a flush orders its updates by row, not by role).
    for user_id, handler in current.items():
        if user_id != lead_id and handler.role == HandlerRole.PRESIDING:
            handler.role = HandlerRole.MEMBER
    db.session.flush()
    for user in users:
        role = HandlerRole.PRESIDING if user.id == lead_id else HandlerRole.MEMBER
        if user.id in current:
            current[user.id].role = role
        else:
            new_row(matter, "handlers", user_id=user.id, role=role, assigned_at=now)
    db.session.flush()
    reassign_open_clocks(matter)
    index(matter)  # the new handlers find it, those who left no longer do
