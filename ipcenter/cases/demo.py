"""The cases' demo data (``ipcenter.demo.seed_domains`` calls ``seed``): patent disputes and
trademark cases in several states, walked through the real services, so that each role's
我的工作 has a case waiting for it when a newcomer signs in — a complaint to accept, a panel
to form, an answer to file, an answer received, a hearing record to enter, a draft decision to
approve, a clue to verify, an investigation, a statement to make.

Each kind's cases and how they are walked are in its package (``ipcenter.cases.<kind>.demo``:
``DEMO_CASES`` and ``walk(case, now)``), found by name as ``ipcenter.demo`` finds each
domain's, so that nothing shared imports a kind. Each case's steps are dated ``days_ago``
before today, so the clocks are live whatever the day the demo is seeded. Idempotent: a case is
found again by its filing token. Needs the demo organisations and users (``ipcenter.demo``);
flushes, never commits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from ipcenter.auth.models import Organisation, User
from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case
from ipcenter.core.clock import CHINA
from ipcenter.core.db import db
from ipcenter.matters import PartyData


@dataclass(frozen=True)
class DemoCase:
    """A demo case: its filing token, how far it goes (``stage``, one of its kind's
    ``STAGES``), filed ``days_ago`` before today, who files against whom, and the patent's or
    the mark's title and number."""

    token: str
    stage: str
    days_ago: int
    filer: str          # DemoUser.username
    respondent: str     # DemoOrg.key
    title: str
    number: str


def pdf(text: str) -> bytes:
    """A one-page PDF (the upload check reads the content, not the name)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def user(username: str) -> User:
    return db.session.execute(sa.select(User).filter_by(username=username)).scalar_one()


def org(key: str) -> Organisation:
    from ipcenter import demo as common

    uscc = next(o.uscc for o in common.ORGS if o.key == key)
    return db.session.execute(sa.select(Organisation).filter_by(uscc=uscc)).scalar_one()


def party(found: Organisation) -> PartyData:
    return PartyData(name=found.name, address=found.address, uscc=found.uscc,
                     organisation_id=found.id)


def morning(moment: datetime, *, back: bool = False) -> datetime:
    """9:30 in Beijing on ``moment``'s day, moved off a weekend to the Monday (``back``: to the
    Friday, for a day that must stay in the past whatever day the demo is seeded on)."""
    local = moment.astimezone(CHINA).replace(hour=9, minute=30, second=0, microsecond=0)
    while local.weekday() >= 5:
        local += timedelta(days=-1 if back else 1)
    return local


def kind_demos() -> list:
    """Each kind's demo module (``ipcenter.cases.<kind>.demo``), where it has one."""
    from importlib import import_module, util

    names = [f"ipcenter.cases.{kind}.demo" for kind in KINDS]
    return [import_module(name) for name in names if util.find_spec(name) is not None]


def seed(now: datetime) -> None:
    """The demo cases that are missing, each walked to its stage; flushes, never commits."""
    if db.session.execute(sa.select(User.id).filter_by(username="adj1")).first() is None:
        return  # the centre's demo users are not there (a database seeded otherwise)
    for module in kind_demos():
        for spec in module.DEMO_CASES:
            if db.session.execute(sa.select(Case.id).filter_by(client_token=spec.token)).first():
                continue
            module.walk(spec, now)
