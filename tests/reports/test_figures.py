"""The figures of the small year of ``conftest.make_world``, counted by hand.

Patent cases: P1 accepted 10 March, closed 1 June; P2 accepted 1 May, open (examination);
P3 accepted on 1 January 01:00 in Beijing (31 December UTC: 2026) and closed on 1 January 2027
00:30 (31 December UTC: not 2026); P4 submitted, not accepted (open); P5 not accepted
(rejected: closed, but never filed); P6 a draft (neither open nor filed). Filed 3, closed 1.

Trademark cases: T1 a foreign holder's complaint received 1 February, filed 10 February,
penalty on 20 May (turnover 150,000.00, fine 200,000.00, confiscated 12,345.67), closed 1 July;
T2 a clue filed 1 March, no penalty on 1 April (turnover 8,000.50), open; T3 a foreign
holder's complaint received on 20 December 2025, filed 5 January, referral letter 10 June,
open; T4 a complaint being verified (open, not filed); T5 filed and penalised in 2025 (fine
99,999.00), paid, open. Filed 3, closed 1, decided 2; 案值 158,000.50 (15.80万元); fines
200,000.00, 罚没 212,345.67 (21.23万元); referred 1; foreign complaints received 1 (T1).

Loans: 10,000,000.00 disbursed 1 March, 5,800,000.00 on 30 September, 3,000,000.00 on
31 December 2025, one not disbursed: two loans, 15,800,000.00 (0.16亿元), the largest
1000.00万元.

On 15 June 2026: open cases P2, P4, T2, T3, T4, T5 (six); presiding handlers: a of P2 and T3
(c removed from P2; a only a member of T2), b of T2. Clocks: the cases' due 12 June (overdue),
18 June (within three working days: 16, 17, 18 June), 19 June (later), one paused; a pledge
clock due 14 June (overdue). Closed in 2026: two decisions met, one late, one cancelled (not
counted), one acceptance met; one decision met in 2025 (not counted): 2 of 3 decided within
the limit. The pre-examination year (made through its services) adds its own clocks: three still
running, overdue by 15 June, and the steps its requests completed (counted there, not here).

The pool: 7,000,000.00 in, 540,000.00 compensation paid: balance 6,460,000.00, capacity ×10
64,600,000.00; covered principal outstanding 15,800,000.00 (the two disbursed loans), headroom
48,800,000.00; principal disbursed by 15 June 13,000,000.00 — loss rate 540,000 ÷ 13,000,000
= 4.15%.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ipcenter.reports import figures, presenters
from ipcenter.reports.periods import choose
from tests.reports.conftest import NOW

YEAR = choose("2026", today=date(2026, 6, 15)).period
TODAY = date(2026, 6, 15)


def test_the_published_figures(world):
    report = figures.annual(YEAR)
    c = report.cases
    assert (c.patent_filed, c.patent_closed) == (3, 1)
    assert (c.trademark_filed, c.trademark_closed, c.trademark_decided) == (3, 1, 2)
    assert c.case_value == Decimal("158000.50")
    assert c.fines == Decimal("200000.00")
    assert c.penalties == Decimal("212345.67")
    assert c.referred == 1
    assert c.foreign_complaints == 1
    assert report.loans == figures.LoanFigures(2, Decimal("15800000.00"),
                                               Decimal("10000000.00"))
    # The pre-examination figures are prexam.statistics' own (tests/prexam/test_statistics).
    assert report.prexam.received == 7
    assert report.prexam.outcomes.passed == 3 and report.prexam.pass_rate == 0.75


def test_the_rows_as_a_report_writes_them(world):
    rows = {r.label: r.text for s in presenters.published(figures.annual(YEAR))
            for r in s["rows"]}
    assert rows["专利行政案件立案"] == "3宗"
    assert rows["案值"] == "15.80万元"
    assert rows["罚没"] == "21.23万元"
    assert rows["知识产权质押贷款"] == "0.16亿元"
    assert rows["单笔最高贷款"] == "1000.00万元"
    assert rows["通过率"] == "75.0%"


def test_a_quarter_and_a_month(world):
    q2 = figures.annual(choose("2026", "2", today=TODAY).period).cases
    assert (q2.patent_filed, q2.patent_closed) == (1, 1)        # P2; P1 closed 1 June
    assert (q2.trademark_decided, q2.referred) == (2, 1)
    march = figures.annual(choose("2026", month="3", today=TODAY).period)
    assert march.cases.patent_filed == 1 and march.cases.trademark_filed == 1
    assert march.loans.count == 1 and march.loans.total == Decimal("10000000.00")


def test_the_operational_figures(world):
    ops = figures.operations(YEAR, TODAY)
    assert ops.due_soon_by == date(2026, 6, 18)
    assert ops.open_cases == 6
    assert {(r.kind, r.state): r.count for r in ops.open_by_state} == {
        ("patent", "examination"): 1, ("patent", "submitted"): 1,
        ("trademark", "tm_no_penalty"): 1, ("trademark", "tm_referred"): 1,
        ("trademark", "tm_verifying"): 1, ("trademark", "tm_paid"): 1}
    assert {r.user_id: r.count for r in ops.open_by_handler} == {world.a.id: 2, world.b.id: 1}
    assert {r.subject: (r.overdue, r.due_soon, r.open) for r in ops.clocks} == {
        "case": (1, 1, 4), "pledge": (1, 0, 1), "prexam": (3, 0, 3)}
    assert {(s.kind, s.met, s.late) for s in ops.steps if s.subject == "case"} == {("accept", 1, 0),
                                                            ("decision", 2, 1)}
    assert ops.decisions.share_met == 2 / 3
    pool = ops.pool
    assert (pool.balance, pool.capacity, pool.outstanding, pool.headroom) == (
        Decimal("6460000.00"), Decimal("64600000.00"), Decimal("15800000.00"),
        Decimal("48800000.00"))
    assert pool.lent == Decimal("13000000.00")
    assert presenters.percent(pool.loss_rate) == "4.2%"


def test_an_empty_period_gives_zeros_not_errors(world):
    report = figures.annual(choose("2030", today=TODAY).period)
    assert report.cases.case_value == Decimal("0.00") and report.loans.largest is None
    rows = {r.label: r.text for s in presenters.published(report) for r in s["rows"]}
    assert rows["单笔最高贷款"] == "—" and rows["通过率"] == "—"


def test_nothing_is_written(world, db):
    before = len(db.session.new) + len(db.session.dirty)
    figures.annual(YEAR)
    figures.operations(YEAR, TODAY)
    assert len(db.session.new) + len(db.session.dirty) == before
    assert NOW.year == 2026


def test_a_case_is_counted_once_under_its_presiding_handler(world, db, make_user):
    """A case whose presiding handler was replaced (the first one's row removed) and which has
    a member besides is one open case of its state and one case of its new presiding handler;
    the member and the removed handler count no case for it. An open case with no presiding
    handler is in the states, under no handler."""
    from tests.reports.conftest import _handler, _patent, at

    before = figures.operations(YEAR, TODAY)
    d = make_user("adjudicator")
    case = _patent(db, world, "hearing_scheduled", at(date(2026, 6, 1)))
    unassigned = _patent(db, world, "hearing_scheduled", at(date(2026, 6, 2)))
    db.session.flush()
    _handler(db, case, world.c, removed=True)             # presiding until 2 February
    _handler(db, case, d)                                 # presiding now
    _handler(db, case, world.a, role="member")
    _handler(db, unassigned, world.b, role="member")
    db.session.flush()
    ops = figures.operations(YEAR, TODAY)
    assert ops.open_cases == before.open_cases + 2 == 8
    states = {(r.kind, r.state): r.count for r in ops.open_by_state}
    assert states[("patent", "hearing_scheduled")] == 2
    assert {r.user_id: r.count for r in ops.open_by_handler} == {
        world.a.id: 2, world.b.id: 1, d.id: 1}
    assert [r.count for r in ops.open_by_handler] == [2, 1, 1]    # most cases first
    assert {r.user_id: r.name for r in ops.open_by_handler}[d.id] == d.display_name
    # Each kind's states most cases first.
    patent = [r for r in ops.open_by_state if r.kind == "patent"]
    assert patent[0].state == "hearing_scheduled" and ops.open_by_state[0].kind == "patent"
