"""What waits for whom on a trademark case (``cases.waiting`` reads ``QUEUES``): the steps of
商标侵权行政查处 an officer, the director or the party is to take next."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth.roles import Role
from ipcenter.cases import waiting as w
from ipcenter.cases.models import Case, TrademarkCase
from ipcenter.cases.trademark.workflow import TS

ENF, DIR = Role.ENFORCER, Role.DIRECTOR


def _statement_in_or_over(user, today, now):
    table = TrademarkCase.__table__
    spoke = Case.id.in_(sa.select(table.c.id).where(table.c.statement_at.is_not(None)))
    return sa.or_(spoke, w.deadline_passed("statement")(user, today, now))


def _own_statement_missing(user, today, now):
    table = TrademarkCase.__table__
    return Case.id.in_(sa.select(table.c.id).where(table.c.statement_at.is_(None)))


QUEUES = (
    w.Waiting("verify", _l("Clue to verify"), ENF, (TS.CLUE,), w.INTAKE),
    w.Waiting("open_case", _l("Clue under verification: open a case or decline"), ENF,
              (TS.VERIFYING,), w.INTAKE),
    w.Waiting("officers", _l("Officers to assign"), DIR, (TS.VERIFYING,), w.DIRECTOR,
              w.fewer_than_two_officers),
    w.Waiting("investigate", _l("Investigation to conclude"), ENF, (TS.INVESTIGATING,),
              w.PANEL),
    w.Waiting("review", _l("Legal review to complete"), DIR, (TS.LEGAL_REVIEW,), w.DIRECTOR),
    w.Waiting("statement_in", _l("Statement received or period over: close the statements"),
              ENF, (TS.PRIOR_NOTICE,), w.PANEL, _statement_in_or_over),
    w.Waiting("schedule_hearing", _l("Hearing to schedule"), ENF, (TS.HEARING_REQUESTED,),
              w.PANEL),
    w.Waiting("tm_hearing_record", _l("Hearing record to enter"), ENF,
              (TS.HEARING_SCHEDULED,), w.PANEL, w.hearing_day_come(TrademarkCase)),
    w.Waiting("decide", _l("Decision to take"), DIR, (TS.READY,), w.DIRECTOR),
    w.Waiting("referral", _l("Referral to the police to approve"), DIR,
              (TS.REFERRAL_PENDING,), w.DIRECTOR),
    w.Waiting("tm_serve_decision", _l("Decision to serve"), ENF, (TS.PENALTY_DECIDED,),
              w.PANEL),
    w.Waiting("police", _l("Police answer to record"), ENF, (TS.REFERRED,), w.PANEL),
    w.Waiting("statement", _l("Statement or hearing request to make"), w.FIRM,
              (TS.PRIOR_NOTICE,), w.RESPONDENT, _own_statement_missing),
)
