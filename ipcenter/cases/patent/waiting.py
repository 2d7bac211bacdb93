"""What waits for whom on a patent dispute (``cases.waiting`` reads ``QUEUES``): the steps of
专利侵权纠纷行政裁决 a handler, the director or the respondent firm is to take next."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth.roles import Role
from ipcenter.cases import waiting as w
from ipcenter.cases.models import Case, PatentCase
from ipcenter.cases.patent.workflow import S

ADJ, DIR = Role.ADJUDICATOR, Role.DIRECTOR


def _extension_asked(user, today, now):
    table = PatentCase.__table__
    return Case.id.in_(sa.select(table.c.id).where(table.c.extension_requested_at.is_not(None),
                                                   table.c.extension_approved_at.is_(None)))


QUEUES = (
    w.Waiting("accept", _l("Complaint to accept or refuse"), ADJ, (S.SUBMITTED,), w.INTAKE),
    w.Waiting("panel", _l("Panel to form"), DIR, (S.ACCEPTED,), w.DIRECTOR, w.panel_incomplete),
    w.Waiting("serve", _l("Complaint to serve on the respondent"), ADJ, (S.ACCEPTED,),
              w.PRESIDING, w.panel_complete),
    w.Waiting("answer_in", _l("Answer received or answer period over: begin examination"),
              ADJ, (S.SERVED,), w.PANEL, w.answered),
    w.Waiting("hearing_record", _l("Oral hearing record to enter"), ADJ,
              (S.HEARING_SCHEDULED,), w.PANEL, w.hearing_day_come(PatentCase)),
    w.Waiting("draft", _l("Decision to draft"), ADJ, (S.EXAMINATION,), w.PRESIDING),
    w.Waiting("approve", _l("Draft decision to approve"), DIR, (S.DECISION_DRAFTED,),
              w.DIRECTOR),
    w.Waiting("serve_decision", _l("Decision to serve"), ADJ, (S.DECIDED,), w.PRESIDING),
    w.Waiting("suit_over", _l("Period to sue over: record the outcome"), ADJ,
              (S.DECISION_SERVED,), w.PRESIDING, w.deadline_passed("suit")),
    w.Waiting("extension", _l("Extension to approve"), DIR,
              (S.ACCEPTED, S.SERVED, S.EXAMINATION, S.HEARING_SCHEDULED), w.DIRECTOR,
              _extension_asked),
    w.Waiting("answer", _l("Answer to file"), w.FIRM, (S.SERVED,), w.RESPONDENT,
              w.own_answer_missing),
)
