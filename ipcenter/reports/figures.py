"""The centre's figures for a period (the director's page, the annual report, its PDF and
workbook), modelled on the figures a bureau publishes in its annual report (中山市 2020:
专利行政案件立案357宗、结案304宗; 商标侵权案件查处433件、案值271.26万元、罚没316.44万元、移送涉嫌犯罪
案件9件; 涉外商标案件投诉受理转办118宗; 知识产权质押贷款1.58亿元), and the operational figures of
the day the page is opened.

What each figure counts (events in the period, by the Beijing day they happened):

- 专利行政案件立案: patent cases accepted (``accepted_at``) in the period; 结案: accepted cases
  that reached a terminal state (closed, mediated, withdrawn, revoked: ``closed_at``) in it;
- 商标侵权案件查处: trademark cases filed (立案, ``accepted_at``) in the period; 结案 likewise;
  案值: the illegal turnover (违法经营额) of the cases decided in the period (a penalty or no
  penalty, ``decided_on``); 罚没: the fines plus the value confiscated (``fine`` +
  ``confiscated_value``) of the penalty decisions of the period; 移送涉嫌犯罪案件: cases whose
  referral letter (涉嫌犯罪案件移送书) was issued in the period;
- 涉外商标案件投诉受理: complaints by a foreign rights holder (``foreign_holder``, ticked on the
  complaint form) received in the period;
- 知识产权质押贷款: the principal of the loans disbursed in the period (the approved amount),
  their number and the largest of them;
- pre-examination: ``ipcenter.prexam.statistics`` (requests received, pass rate, days to
  grant, each examiner's decisions), not computed again here.

Operational figures (``operations``): the open cases by state and by the handler in charge
(both from one statement, grouped by state and handler);
the open time limits overdue and due within three working days; the steps closed in the
period within their statutory limit or late (each step's own clock, ``Deadline.outcome``); the
pool's position (``ipcenter.pledge.presenters.pool_figures``) and its loss rate (compensation
paid ÷ the principal ever disbursed).

Every count and sum is an SQL aggregate (``COUNT``, ``SUM(CASE …)``, ``GROUP BY``) that runs
alike on SQLite and PostgreSQL: a fixed number of statements whatever the number of rows. Each
reads the period's rows through an index on its day, or the open rows through a partial index
(migration ``c4d6e8f0a2b4``, whose docstring has the plans); ``benchmarks/reports_bench.py``
times the page at 100,000 cases. The open cases by state and by handler are one join of the
partial indexes ``ix_legal_case_open`` and ``ix_case_handler_presiding`` (at 100,000 cases,
78,671 open: 43-48 ms on a loaded machine, where the two statements it replaces took 26 and
33 ms); a partial index on the open cases' (kind, state) was tried and not chosen by
PostgreSQL's planner for it, so there is none. The working-day calendar is the request's
(``core.workdays.request_calendar``), shared with the pre-examination figures. Pure reading:
nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from ipcenter.auth.models import User
from ipcenter.cases.models import Case, CaseDocument, CaseHandler, TrademarkCase
from ipcenter.core.db import db
from ipcenter.core.models import Deadline
from ipcenter.core.workdays import UnknownCalendarYear, request_calendar
from ipcenter.matters.models import HandlerRole
from ipcenter.pledge import presenters as pledge_presenters
from ipcenter.pledge.models import PledgeApplication
from ipcenter.prexam import statistics as prexam_statistics
from ipcenter.prexam.statistics import Period

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# The clock of a case's decision (both kinds of case name it so): its statutory limit.
DECISION_CLOCK = ("case", "decision")
DUE_SOON_WORKDAYS = 3     # "due soon": within three working days (the reminder's horizon)


# ---------------------------------------------------------------------------------------------
# The published figures


@dataclass(frozen=True)
class CaseFigures:
    patent_filed: int            # 专利行政案件立案
    patent_closed: int           # 结案
    trademark_filed: int         # 商标侵权案件查处 (立案)
    trademark_closed: int
    trademark_decided: int       # decided in the period (penalty or no penalty)
    case_value: Decimal          # 案值: illegal turnover of the cases decided
    fines: Decimal               # the fines of the penalty decisions
    confiscated: Decimal         # the value confiscated
    referred: int                # 移送涉嫌犯罪案件
    foreign_complaints: int      # 涉外商标案件投诉受理

    @property
    def penalties(self) -> Decimal:
        """罚没: fines and confiscations."""
        return self.fines + self.confiscated


@dataclass(frozen=True)
class LoanFigures:
    count: int
    total: Decimal               # 知识产权质押贷款
    largest: Decimal | None      # the largest single loan


@dataclass(frozen=True)
class Annual:
    period: Period
    cases: CaseFigures
    loans: LoanFigures
    prexam: prexam_statistics.Statistics


def annual(period: Period) -> Annual:
    """The published figures of ``period`` (eleven statements: two for the cases, one for the
    referrals, one for the loans, the pre-examination statistics' seven, two of them the
    calendar's, read once a request and shared with ``operations``)."""
    return Annual(period, _cases(period), _loans(period), prexam_statistics.figures(period))


def _at(column, period: Period):
    lo, hi = period.instants()
    return sa.and_(column >= lo, column < hi)


def _on(column, period: Period):
    return column.between(period.start, period.end)


def _count_if(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _sum_if(condition, value):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, sa.func.coalesce(value, 0)),
                                                else_=0)), 0)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _cases(period: Period) -> CaseFigures:
    """Two statements: the cases filed and closed (each a range of its own index), the
    trademark decisions' money (the range of ``decided_on``) with the foreign holders'
    complaints; and the referrals."""
    kinds = Case.kind.in_(("patent", "trademark"))
    filed = (sa.select(sa.literal_column("'filed'"), Case.kind, sa.func.count())
             .where(_at(Case.accepted_at, period), kinds).group_by(Case.kind))
    closed = (sa.select(sa.literal_column("'closed'"), Case.kind, sa.func.count())
              .where(_at(Case.closed_at, period), Case.accepted_at.is_not(None), kinds)
              .group_by(Case.kind))
    counts = {(what, kind): int(n)
              for what, kind, n in db.session.execute(sa.union_all(filed, closed)).all()}
    # The trademark rows themselves (no join to legal_case but for the complaints' day).
    trademark, case = TrademarkCase.__table__, Case.__table__
    T = trademark.c
    penalty = T.decision_kind.in_(["penalty"])
    money = (sa.select(sa.func.count().label("decided"),
                       sa.func.coalesce(sa.func.sum(T.turnover), 0).label("value"),
                       _sum_if(penalty, T.fine).label("fines"),
                       _sum_if(penalty, T.confiscated_value).label("confiscated"))
             .where(_on(T.decided_on, period), T.decision_kind.in_(("penalty", "none")))
             .subquery())
    foreign = (sa.select(sa.func.count())
               .select_from(trademark.join(case, case.c.id == T.id))
               .where(T.foreign_holder.is_(True), T.source == "complaint",
                      _at(case.c.submitted_at, period)))
    found = db.session.execute(sa.select(money, foreign.scalar_subquery())).one()
    referred = db.session.execute(
        sa.select(sa.func.count(sa.distinct(CaseDocument.case_id)))
        .where(CaseDocument.template == "referral_letter",
               _at(CaseDocument.created_at, period))).scalar_one()
    return CaseFigures(
        patent_filed=counts.get(("filed", "patent"), 0),
        patent_closed=counts.get(("closed", "patent"), 0),
        trademark_filed=counts.get(("filed", "trademark"), 0),
        trademark_closed=counts.get(("closed", "trademark"), 0),
        trademark_decided=int(found[0]), case_value=_money(found[1]), fines=_money(found[2]),
        confiscated=_money(found[3]), referred=int(referred),
        foreign_complaints=int(found[4]))


def _principal():
    return sa.func.coalesce(PledgeApplication.approved_amount, PledgeApplication.amount)


def _loans(period: Period) -> LoanFigures:
    count, total, largest = db.session.execute(
        sa.select(sa.func.count(PledgeApplication.id),
                  sa.func.coalesce(sa.func.sum(_principal()), 0), sa.func.max(_principal()))
        .where(_on(PledgeApplication.disbursed_on, period))).one()
    return LoanFigures(int(count), _money(total),
                       None if largest is None else _money(largest))


# ---------------------------------------------------------------------------------------------
# The operational figures


@dataclass(frozen=True)
class StateCount:
    kind: str          # patent / trademark
    state: str
    count: int


@dataclass(frozen=True)
class HandlerCount:
    user_id: int
    name: str
    count: int


@dataclass(frozen=True)
class ClockCount:
    subject: str       # case / prexam / prexam_filing / pledge
    overdue: int
    due_soon: int
    open: int


@dataclass(frozen=True)
class StepTimeliness:
    subject: str
    kind: str
    title: str         # the step as the clock names it (作出处理决定)
    met: int
    late: int

    @property
    def share_met(self) -> float | None:
        return None if not self.met + self.late else self.met / (self.met + self.late)


@dataclass(frozen=True)
class PoolFigures:
    balance: Decimal
    outstanding: Decimal
    capacity: Decimal
    headroom: Decimal
    leverage: Decimal
    compensations: Decimal
    recoveries: Decimal
    lent: Decimal                 # principal ever disbursed
    loss_rate: float | None       # compensations ÷ lent


@dataclass(frozen=True)
class Operations:
    today: date
    due_soon_by: date             # the last day counted as "due soon"
    open_by_state: list[StateCount]
    open_by_handler: list[HandlerCount]
    clocks: list[ClockCount]
    steps: list[StepTimeliness]   # closed in the period: within the limit or late
    pool: PoolFigures

    @property
    def open_cases(self) -> int:
        return sum(row.count for row in self.open_by_state)

    @property
    def decisions(self) -> StepTimeliness | None:
        """The cases' decision clocks (the statutory limit of a case as a whole)."""
        found = [s for s in self.steps if (s.subject, s.kind) == DECISION_CLOCK]
        met, late = sum(s.met for s in found), sum(s.late for s in found)
        return StepTimeliness("case", "decision", "", met, late) if met + late else None


def operations(period: Period, today: date) -> Operations:
    """The figures of the day ``today`` (open cases, clocks, the pool) and the timeliness of
    the steps closed in ``period`` (nine statements, whatever the number of rows)."""
    soon = _due_soon_by(today)
    by_state, by_handler = _open_cases_counted()
    return Operations(today, soon, by_state, by_handler, _clocks(today, soon), _steps(period),
                      _pool(today))


def _due_soon_by(today: date) -> date:
    """The day three working days after ``today`` (seven calendar days when the calendar does
    not know the year yet). The calendar is the request's (``request_calendar``): the
    pre-examination statistics of the same page read the same one."""
    try:
        return request_calendar().add_workdays(today, DUE_SOON_WORKDAYS)
    except UnknownCalendarYear:
        return today + timedelta(days=7)


def _open_cases():
    return sa.and_(Case.closed_at.is_(None), Case.submitted_at.is_not(None),
                   Case.kind.in_(("patent", "trademark")))


def _open_cases_counted() -> tuple[list[StateCount], list[HandlerCount]]:
    """The open cases by state and by presiding handler, both from one statement: the open
    cases left-joined to their active presiding handler (a case without one joins NULL),
    counted per (kind, state, handler), the handlers named after the grouping. Each table is a
    sum over the other's groups.

    A case has at most one active presiding row (``matters.services.set_handlers`` removes the
    presiding row it replaces and keeps the row of a user who stays), so the join yields one
    row per open case and ``count(*)`` counts cases, with no sort for a ``DISTINCT``; members
    and removed handlers are not joined at all."""
    presiding = sa.and_(CaseHandler.case_id == Case.id,
                        CaseHandler.role == str(HandlerRole.PRESIDING),
                        CaseHandler.removed_at.is_(None))
    groups = (sa.select(Case.kind, Case.state, CaseHandler.user_id,
                        sa.func.count().label("n"))
              .select_from(Case).outerjoin(CaseHandler, presiding)
              .where(_open_cases())
              .group_by(Case.kind, Case.state, CaseHandler.user_id).subquery())
    rows = db.session.execute(
        sa.select(groups.c.kind, groups.c.state, groups.c.user_id, User.display_name,
                  groups.c.n)
        .select_from(groups).outerjoin(User, User.id == groups.c.user_id)).all()
    states: dict[tuple[str, str], int] = {}
    handlers: dict[int, list] = {}
    for kind, state, user_id, name, n in rows:
        states[kind, state] = states.get((kind, state), 0) + int(n)
        if user_id is not None:
            handlers.setdefault(user_id, [name, 0])[1] += int(n)
    by_state = [StateCount(kind, state, n) for (kind, state), n
                in sorted(states.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))]
    by_handler = [HandlerCount(user_id, name, n) for user_id, (name, n)
                  in sorted(handlers.items(), key=lambda item: (-item[1][1], item[1][0] or "",
                                                                item[0]))]
    return by_state, by_handler


def _clocks(today: date, soon: date) -> list[ClockCount]:
    running = Deadline.paused_on.is_(None)
    rows = db.session.execute(
        sa.select(Deadline.subject_type,
                  _count_if(sa.and_(running, Deadline.due_on < today)),
                  _count_if(sa.and_(running, Deadline.due_on.between(today, soon))),
                  sa.func.count())   # count(*): the open clocks' index alone answers
        .where(Deadline.closed_at.is_(None))
        .group_by(Deadline.subject_type).order_by(Deadline.subject_type)).all()
    return [ClockCount(subject, int(over), int(due), int(n)) for subject, over, due, n in rows]


def _steps(period: Period) -> list[StepTimeliness]:
    rows = db.session.execute(
        sa.select(Deadline.subject_type, Deadline.kind, sa.func.min(Deadline.title),
                  _count_if(Deadline.outcome == "met"), _count_if(Deadline.outcome == "late"))
        .where(_at(Deadline.closed_at, period), Deadline.outcome.in_(("met", "late")))
        .group_by(Deadline.subject_type, Deadline.kind)
        .order_by(Deadline.subject_type, Deadline.kind)).all()
    return [StepTimeliness(subject, kind, title, int(met), int(late))
            for subject, kind, title, met, late in rows]


def _pool(today: date) -> PoolFigures:
    found = pledge_presenters.pool_figures(today)
    position = found["position"]
    lent = _money(db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(_principal()), 0))
        .where(PledgeApplication.disbursed_on.is_not(None),
               PledgeApplication.disbursed_on <= today)).scalar_one())
    compensations = found["compensations"]
    return PoolFigures(
        balance=position.balance, outstanding=position.outstanding, capacity=position.capacity,
        headroom=position.headroom, leverage=Decimal(found["leverage"]),
        compensations=compensations, recoveries=found["recoveries"], lent=lent,
        loss_rate=None if not lent else float(compensations / lent))
