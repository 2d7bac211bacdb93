"""窗口受理: a complaint a firm brings to the counter on paper, entered by the handler of its
kind for the firm, on the firm's own filing service.

What every kind shares is here: the counter's fields (the complainant firm, chosen or
described, the scanned complaint, the day it was received), the checks made before anything is
written, the firm registered from its particulars, the scans stored, the submission dated from
the day received (the clocks it starts run from that day) and the audit row naming the clerk
and the channel. What differs by kind (its filing form and data, its filing and submit
services, the clocks its submission opens) is the kind's ``KindSpec.counter``
(``cases.spec.Counter``, built in ``cases/<kind>/counter.py``). The page is
``cases.counter_views``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from ipcenter.auth import policy
from ipcenter.auth.models import Organisation
from ipcenter.auth.roles import OrgKind
from ipcenter.core import audit, storage
from ipcenter.core.clock import CHINA, local_date
from ipcenter.core.db import db
from ipcenter.core.errors import InvalidInput, PermissionDenied
from ipcenter.core.models import AuditEvent
from ipcenter.core.text import clean_name
from ipcenter.ip.uscc import is_valid as uscc_valid
from ipcenter.ip.uscc import normalise as uscc_normalise
from ipcenter.matters import close_clocks, open_clock, serving
from ipcenter.matters.forms import strip
from ipcenter.matters.models import DocAudience

CHANNEL = "窗口受理"
AUDIT_ACTION = "case.counter_filing"
# What a scan may be: a PDF or a picture of the paper (not a word-processor file).
SCAN_TYPES = frozenset({storage.PDF, storage.JPEG, storage.PNG})


def rule_name(kind: str) -> str:
    """The policy rule that lets a user enter a complaint of ``kind`` at the counter."""
    return f"case.counter_file.{kind}"


def endpoint_name(kind: str) -> str:
    return f"counter_{kind}"


class CounterFields:
    """The counter's fields, mixed into each kind's counter form beside its firm's filing
    fields: the complainant (a registered firm, or its particulars), the day received, the
    scan. Shape only; the rules are ``file_at_counter``'s."""
    complainant_org = SelectField(_l("Complainant registered in the system"), coerce=int,
                                  validators=[Optional()])
    complainant_name = StringField(_l("Or the complainant's name"), filters=[strip],
                                   validators=[Length(max=200)])
    complainant_uscc = StringField(_l("Complainant's unified social credit code"),
                                   filters=[strip], validators=[Length(max=30)])
    complainant_address = StringField(_l("Complainant's address"), filters=[strip],
                                      validators=[Length(max=300)])
    complainant_representative = StringField(_l("Legal representative"), filters=[strip],
                                             validators=[Length(max=100)])
    complainant_contact = StringField(_l("Contact person and telephone"), filters=[strip],
                                      validators=[Length(max=100)])
    received_on = DateField(_l("Received at the counter on"), validators=[Optional()])
    scan = FileField(_l("Scan of the complaint (PDF, JPEG or PNG)"))


COUNTER_FIELDS = ("complainant_org", "complainant_name", "complainant_uscc",
                  "complainant_address", "complainant_representative", "complainant_contact",
                  "received_on", "scan")


@dataclass
class Complainant:
    """The firm the complaint is filed for: registered (``organisation_id``) or described."""
    organisation_id: int | None = None
    name: str = ""
    uscc: str = ""
    address: str = ""
    legal_representative: str = ""
    contact: str = ""


@dataclass
class Paper:
    """A file brought to the counter and scanned: its kind of file, its bytes and name."""
    kind: str
    stream: BinaryIO | None
    filename: str


def complainant_from(form) -> Complainant:
    return Complainant(organisation_id=form.complainant_org.data or None,
                       name=form.complainant_name.data or "",
                       uscc=form.complainant_uscc.data or "",
                       address=form.complainant_address.data or "",
                       legal_representative=form.complainant_representative.data or "",
                       contact=form.complainant_contact.data or "")


def _registered_firm(organisation_id: int) -> Organisation:
    org = db.session.execute(sa.select(Organisation).filter_by(
        id=organisation_id, kind=OrgKind.FIRM, active=True)).scalar_one_or_none()
    if org is None:
        raise InvalidInput(_l("Choose a firm registered in the system as the complainant, or "
                              "give its particulars."))
    return org


@dataclass(frozen=True)
class Wording:
    """How ``described_firm``'s refusals name the firm described: the counter's complainant,
    or the right holder an agent files for (``cases.represented``). The checks are the same."""
    name: object
    uscc: object
    address: object
    name_taken: Callable  # the message for a name another organisation holds, given the name
    code_taken: Callable  # the message for a code registered to a firm of another name,
                          # given the code, the registered name and the name given


COMPLAINANT = Wording(
    name=_l("Choose the complainant firm, or give its name."),
    uscc=_l("Give the complainant's valid unified social credit code."),
    address=_l("Give the complainant's address."),
    name_taken=lambda name: _l("Another organisation is registered as “%(name)s” with another "
                               "code: choose it from the list or check the code.", name=name),
    code_taken=lambda code, registered, name: _l(
        "The unified social credit code %(code)s is registered to “%(registered)s”, not "
        "“%(name)s”: choose the firm from the list, or check the complainant's name and code.",
        code=code, registered=registered, name=name))


def described_firm(who: Complainant, wording: Wording = COMPLAINANT
                   ) -> tuple[Organisation | None, dict]:
    """The firm the particulars describe: the registered firm with that code and name, or the
    particulars checked for a firm to register (``None`` and the values). A code registered to
    a firm of another name is refused: a mistyped or borrowed code would hand the case, and its
    files, to another firm. Refusals are worded by ``wording``."""
    name = clean_name(who.name)
    code = uscc_normalise(who.uscc)
    if not name:
        raise InvalidInput(wording.name)
    if not code or not uscc_valid(code):
        raise InvalidInput(wording.uscc)
    if not who.address.strip():
        raise InvalidInput(wording.address)
    firm = db.session.execute(sa.select(Organisation).filter_by(
        uscc=code, kind=OrgKind.FIRM, active=True)).scalar_one_or_none()
    if firm is not None:
        if name != clean_name(firm.name):
            raise InvalidInput(wording.code_taken(firm.uscc, firm.name, name))
        return firm, {}
    if db.session.execute(sa.select(Organisation.id).where(
            Organisation.uscc == code)).first() is not None:
        raise InvalidInput(_l("The unified social credit code %(code)s belongs to an "
                              "organisation that is not a firm.", code=code))
    if db.session.execute(sa.select(Organisation.id).where(
            Organisation.name == name)).first() is not None:
        raise InvalidInput(wording.name_taken(name))
    return None, {"name": name, "uscc": code, "address": who.address.strip()}


def register_firm(particulars: dict, now: datetime) -> Organisation:
    """A firm registered from the particulars ``described_firm`` checked (no account yet)."""
    firm = Organisation(kind=OrgKind.FIRM, created_at=now, **particulars)
    db.session.add(firm)
    db.session.flush()
    return firm


def file_at_counter(spec, details, who: Complainant, received_on: date | None,
                    papers: list[Paper], actor, now: datetime, client_token: str):
    """Enter a complaint of ``spec``'s kind brought to the counter on paper: filed for the
    complainant firm by its own filing service, the scanned complaint (``papers[0]``) and the
    other papers stored, submitted as received on ``received_on`` (the clocks the submission
    opens run from that day), and one audit row naming the clerk (``actor``) and the channel.

    A second call with the same ``client_token`` returns the first case. Raises
    ``PermissionDenied`` for a user who is not the kind's handler, ``InvalidInput`` for an
    unknown firm, bad particulars, a day in the future, a missing scan or a file that is not a
    PDF or a picture (and whatever the kind's filing and submit services refuse); nothing is
    written when it raises (the caller's unit of work rolls back what was flushed)."""
    if spec.counter is None or not policy.can(actor, rule_name(spec.kind)):
        raise PermissionDenied(_l("Only the centre's handlers of this kind of case enter a "
                                  "complaint brought to the counter."))
    today = local_date(now)
    if received_on is None:
        raise InvalidInput(_l("Give the day the papers were received at the counter."))
    if received_on > today:
        raise InvalidInput(_l("The day it was received cannot be after today."))
    if not papers or not papers[0].filename or papers[0].stream is None:
        raise InvalidInput(_l("Attach the scan of the complaint brought to the counter."))
    if who.organisation_id:
        firm, new_firm = _registered_firm(who.organisation_id), {}
    else:
        firm, new_firm = described_firm(who)
    for paper in papers:  # the type of every file, before any row is written
        if paper.filename and paper.stream is not None:
            storage.save(paper.stream, paper.filename, allowed=SCAN_TYPES)
            paper.stream.seek(0)
    if firm is None:
        firm = register_firm(new_firm, now)
    case = spec.counter.file(details, actor, now, client_token, firm)
    if case.state != spec.draft_state:
        return case  # a double submit: the case the first one entered
    requester = next((p for p in case.requesters if p.organisation_id == firm.id), None)
    if requester is not None:
        requester.legal_representative = requester.legal_representative or \
            clean_name(who.legal_representative)
        requester.contact = requester.contact or who.contact.strip()
    for n, paper in enumerate(papers):
        if not paper.filename or paper.stream is None:
            continue
        known = spec.upload_kinds.get(paper.kind)
        title = str(known.title) if n and known else spec.counter.scan_title
        serving.store_scan(case, paper.kind, f"{title}（{CHANNEL}）", paper.stream,
                           paper.filename, actor, now, party=requester,
                           audience=DocAudience.FILER)
    spec.counter.submit(case, actor, now)
    case.submitted_at = datetime.combine(received_on, time(12), tzinfo=CHINA)
    if received_on != today:
        for kind in spec.counter.clocks:  # statutory periods run from the day received
            close_clocks(case, now, kind, outcome="cancelled")
            open_clock(case, kind, received_on, now, assignee_role=spec.handler_role)
    audit.record(AUDIT_ACTION, actor=actor, obj_type="case", obj_id=case.id, now=now,
                 detail={"channel": CHANNEL, "firm": firm.name, "firm_id": firm.id,
                         "firm_registered": bool(new_firm),
                         "received_on": received_on.isoformat()})
    return case


def clerk_of(case) -> str:
    """The name of the clerk who entered ``case`` at the counter ("" for a case its firm
    filed itself), from the audit row of the counter filing."""
    row = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.object_type == "case", AuditEvent.object_id == str(case.id),
        AuditEvent.action == AUDIT_ACTION).order_by(AuditEvent.seq).limit(1)).scalar()
    return row.actor_name if row is not None else ""
