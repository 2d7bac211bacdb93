"""The service's figures for a period (the director's and the examiners' statistics page):
requests received by kind, subclass and month, their outcomes, the pass rate and first-pass
quality, the rounds of opinions, how fast the centre passed them (working days) and how fast
CNIPA granted them after filing (calendar days — the "as fast as 5 days" figure), and each
examiner's decisions.

Each figure counts the events that happened in the period, by the day they happened:

- received: ``submitted_at`` (an instant, taken as its Beijing day) in the period;
- passed, failed: ``passed_on``, ``failed_on``; granted, rejected: ``granted_on``,
  ``rejected_on``; returned, withdrawn: the request closed in that state in the period
  (``closed_at``). A request passed and later withdrawn counts in both;
- decided = passed + failed; the pass rate is passed ÷ decided; first-pass quality is the share
  of the passed with no opinion (``rounds == 0``); the rounds per decided request average
  ``rounds`` over the decided;
- to pass: working days after the submission day up to and including the pass day
  (``core.workdays``: weekends, statutory holidays and 调休 counted as the centre works);
- to grant: calendar days from the CNIPA filing day to the grant day, over the granted;
- per examiner: the examiner in charge (the presiding handler not removed) of each request
  decided in the period.

The counts are SQL aggregates (``GROUP BY``, ``SUM(CASE …)``) that run alike on SQLite and
PostgreSQL: a fixed number of statements whatever the number of requests. One figure cannot be
summed in SQL: working days need the calendar, so the period's passed requests are grouped in
one query by their (submission day, pass day) — a few thousand pairs for tens of thousands of
requests, each with its number — and counted in Python, each pair the difference of two running
totals of the calendar's working days over their span (``working_days``); the calendar is the
request's, read once a page. Pure reading: nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ipcenter.auth.models import User
from ipcenter.core.clock import CHINA
from ipcenter.core.db import db
from ipcenter.core.workdays import request_calendar
from ipcenter.matters.models import HandlerRole
from ipcenter.prexam.models import PatentKind, PrexamHandler, PrexamRequest
from ipcenter.prexam.workflow import S

R = PrexamRequest
KINDS = tuple(str(k) for k in PatentKind)
MAX_MONTHS = 60      # the longest period the page shows (five years of monthly bars)


# ---------------------------------------------------------------------------------------------
# The figures


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (Beijing days)."""

    start: date
    end: date

    @classmethod
    def year_of(cls, day: date) -> Period:
        return cls(date(day.year, 1, 1), date(day.year, 12, 31))

    @property
    def months(self) -> list[date]:
        """The first day of each month the period touches, oldest first."""
        first, found = date(self.start.year, self.start.month, 1), []
        while first <= self.end:
            found.append(first)
            first = _next_month(first)
        return found

    def instants(self) -> tuple[datetime, datetime]:
        """The period as UTC instants: from its first midnight to the midnight after it."""
        return _midnight(self.start), _midnight(_day_after(self.end))


@dataclass(frozen=True)
class SubclassCount:
    kind: str
    subclass: str
    count: int


@dataclass(frozen=True)
class MonthCount:
    month: date                  # the month's first day
    by_kind: dict[str, int]      # every kind, 0 when none

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class Outcomes:
    passed: int = 0
    failed: int = 0
    returned: int = 0
    withdrawn: int = 0
    granted: int = 0
    rejected: int = 0

    @property
    def decided(self) -> int:
        return self.passed + self.failed


@dataclass(frozen=True)
class Days:
    """How long something took over ``count`` requests: the average and the fastest (None when
    there were none). ``provisional``: a day fell in a year whose working days are not
    published yet, counted as Monday to Friday less the fixed holidays."""

    count: int = 0
    average: float | None = None
    fastest: int | None = None
    provisional: bool = False


@dataclass(frozen=True)
class ExaminerFigures:
    user_id: int
    name: str
    decided: int
    passed: int
    average_rounds: float | None

    @property
    def failed(self) -> int:
        return self.decided - self.passed


@dataclass(frozen=True)
class Statistics:
    period: Period
    received: int
    by_kind: dict[str, int]                 # every kind, 0 when none
    by_subclass: list[SubclassCount]        # most requests first
    months: list[MonthCount]
    outcomes: Outcomes
    pass_rate: float | None                 # passed ÷ decided
    first_pass_share: float | None          # passed with no opinion ÷ passed
    first_pass: int                         # passed with no opinion
    average_rounds: float | None            # rounds ÷ decided
    to_pass: Days                           # working days
    to_grant: Days                          # calendar days
    examiners: list[ExaminerFigures]


def figures(period: Period) -> Statistics:
    """Every figure of ``period`` (seven statements, however many requests there are: four
    aggregates, the pass pairs grouped and the calendar's two tables, read once a request)."""
    lo, hi = period.instants()
    by_subclass = _by_subclass(lo, hi)
    by_kind = {kind: 0 for kind in KINDS}
    for row in by_subclass:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + row.count
    outcomes, first_pass, rounds, to_grant = _outcomes(period, lo, hi)
    return Statistics(
        period=period, received=sum(by_kind.values()), by_kind=by_kind,
        by_subclass=by_subclass, months=_months(period), outcomes=outcomes,
        pass_rate=_ratio(outcomes.passed, outcomes.decided),
        first_pass_share=_ratio(first_pass, outcomes.passed), first_pass=first_pass,
        average_rounds=_ratio(rounds, outcomes.decided),
        to_pass=_to_pass(period), to_grant=to_grant, examiners=_examiners(period))


# ---------------------------------------------------------------------------------------------
# The statements


class days_between(FunctionElement):
    """Calendar days from the date ``start`` to the date ``end`` (``end − start``), in SQL:
    PostgreSQL subtracts dates to an integer, SQLite through ``julianday``."""

    type = sa.Integer()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"({compiler.process(end, **kw)} - {compiler.process(start, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"CAST(julianday({compiler.process(end, **kw)}) - "
            f"julianday({compiler.process(start, **kw)}) AS INTEGER)")


class china_day(FunctionElement):
    """The Beijing day of a UTC instant, in SQL: PostgreSQL converts to the zone, SQLite (which
    stores naive UTC) adds the eight hours (China keeps no summer time)."""

    type = sa.Date()
    name = "china_day"
    inherit_cache = True


@compiles(china_day)
def _china_day(element, compiler, **kw):
    (instant,) = list(element.clauses)
    return f"CAST(({compiler.process(instant, **kw)} AT TIME ZONE 'Asia/Shanghai') AS DATE)"


@compiles(china_day, "sqlite")
def _china_day_sqlite(element, compiler, **kw):
    (instant,) = list(element.clauses)
    return f"date({compiler.process(instant, **kw)}, '+8 hours')"


def _on(column, period: Period):
    return column.between(period.start, period.end)


def _at(column, lo: datetime, hi: datetime):
    return sa.and_(column >= lo, column < hi)


def _count_if(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _by_subclass(lo: datetime, hi: datetime) -> list[SubclassCount]:
    # COUNT(*): the rows of the index on (submitted_at, patent_kind, subclass) alone, no table.
    n = sa.func.count().label("n")
    rows = db.session.execute(
        sa.select(R.patent_kind, R.subclass, n).where(_at(R.submitted_at, lo, hi))
        .group_by(R.patent_kind, R.subclass).order_by(n.desc(), R.patent_kind, R.subclass)).all()
    return [SubclassCount(kind, subclass, count) for kind, subclass, count in rows]


def _month_bucket(period: Period):
    """The index of the month (in ``period.months``) a submission instant falls in, as a SQL
    ``CASE`` over the months' first instants in Beijing: the same on every backend, and right
    at midnight on the first of the month (UTC is eight hours behind)."""
    starts = period.months[1:]
    if not starts:
        return sa.literal(0)
    return sa.case(*[(R.submitted_at < _midnight(first), i) for i, first in enumerate(starts)],
                   else_=len(starts))


def _months(period: Period) -> list[MonthCount]:
    lo, hi = period.instants()
    bucket = _month_bucket(period).label("bucket")
    rows = db.session.execute(
        sa.select(bucket, R.patent_kind, sa.func.count())
        .where(_at(R.submitted_at, lo, hi)).group_by(bucket, R.patent_kind)).all()
    counts = [{kind: 0 for kind in KINDS} for _ in period.months]
    for index, kind, count in rows:
        counts[int(index)][kind] = count
    return [MonthCount(first, by_kind) for first, by_kind in zip(period.months, counts)]


def _outcomes(period: Period, lo: datetime, hi: datetime) -> tuple[Outcomes, int, int, Days]:
    passed, failed = _on(R.passed_on, period), _on(R.failed_on, period)
    granted = sa.and_(_on(R.granted_on, period), R.cnipa_filed_on.is_not(None))
    closed = _at(R.closed_at, lo, hi)
    returned = sa.and_(R.state == str(S.RETURNED), closed)
    withdrawn = sa.and_(R.state == str(S.WITHDRAWN), closed)
    rejected = _on(R.rejected_on, period)
    decided = sa.or_(passed, failed)
    to_grant = days_between(R.cnipa_filed_on, R.granted_on)
    row = db.session.execute(sa.select(
        _count_if(passed), _count_if(failed), _count_if(returned), _count_if(withdrawn),
        _count_if(_on(R.granted_on, period)), _count_if(rejected),
        _count_if(sa.and_(passed, R.rounds == 0)),
        sa.func.coalesce(sa.func.sum(sa.case((decided, R.rounds), else_=0)), 0),
        _count_if(granted),
        sa.func.coalesce(sa.func.sum(sa.case((granted, to_grant), else_=0)), 0),
        sa.func.min(sa.case((granted, to_grant), else_=None)),
    ).where(sa.or_(decided, returned, withdrawn, _on(R.granted_on, period), rejected))).one()
    (n_passed, n_failed, n_returned, n_withdrawn, n_granted, n_rejected, first_pass, rounds,
     n_timed, grant_days, fastest) = (int(v) if v is not None else None for v in row)
    outcomes = Outcomes(n_passed, n_failed, n_returned, n_withdrawn, n_granted, n_rejected)
    days = Days(n_timed, _ratio(grant_days, n_timed), fastest)
    return outcomes, first_pass, rounds, days


def _to_pass(period: Period) -> Days:
    """Working days from submission to pass over the period's passed requests: their
    (submission day in Beijing, pass day) pairs, each with its number of requests, in one
    query, counted with the working-day calendar."""
    day = china_day(R.submitted_at).label("day")
    rows = db.session.execute(
        sa.select(day, R.passed_on, sa.func.count())
        .where(_on(R.passed_on, period), R.submitted_at.is_not(None))
        .group_by(day, R.passed_on)).all()
    if not rows:
        return Days()
    return working_days([(start, end) for start, end, _ in rows], request_calendar(),
                        [n for _, _, n in rows])


def working_days(pairs: Sequence[tuple[date, date]], calendar,
                 weights: Sequence[int] | None = None) -> Days:
    """The average and fewest working days over ``(start, end)`` day pairs (the start day not
    counted, the end day counted), each pair standing for ``weights[i]`` requests (one when
    None). A year not in the calendar is counted provisionally.

    The calendar gives two running totals over the pairs' span once
    (``WorkdayCalendar.running_workdays``, a year of flags at a time: a period holds thousands
    of pairs over a few hundred days); each pair is then the difference of two of them, as
    ``calendar.workdays_between`` counts it, or ``calendar.provisional()`` when a day of the
    pair falls in an unknown year."""
    if not pairs:
        return Days()
    weights = [1] * len(pairs) if weights is None else list(weights)
    first = min(start for start, _ in pairs)
    last = max(end for _, end in pairs)
    worked, guessed = calendar.running_workdays(first, last)
    origin = first.toordinal()
    spans = [(start.toordinal() - origin, end.toordinal() - origin) for start, end in pairs]
    counts = [worked[b] - worked[a] if b > a else 0 for a, b in spans]
    provisional = any(guessed[b] > guessed[a] for a, b in spans if b > a)
    total = sum(weights)
    return Days(total, sum(c * w for c, w in zip(counts, weights)) / total, min(counts),
                provisional)


def _examiners(period: Period) -> list[ExaminerFigures]:
    passed = _on(R.passed_on, period)
    decided = sa.or_(passed, _on(R.failed_on, period))
    n = sa.func.count(R.id).label("n")
    rows = db.session.execute(
        sa.select(PrexamHandler.user_id, User.display_name, n, _count_if(passed),
                  sa.func.coalesce(sa.func.sum(R.rounds), 0))
        .join(PrexamHandler, PrexamHandler.request_id == R.id)
        .join(User, User.id == PrexamHandler.user_id)
        .where(decided, PrexamHandler.role == str(HandlerRole.PRESIDING),
               PrexamHandler.removed_at.is_(None))
        .group_by(PrexamHandler.user_id, User.display_name)
        .order_by(n.desc(), User.display_name, PrexamHandler.user_id)).all()
    return [ExaminerFigures(user_id, name, count, int(passed_n), _ratio(int(rounds), count))
            for user_id, name, count, passed_n, rounds in rows]


# ---------------------------------------------------------------------------------------------
# Days


def _ratio(part, whole) -> float | None:
    return None if not whole else part / whole


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CHINA)


def _day_after(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)
