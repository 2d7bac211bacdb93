"""The director's page issues the same number of statements for 50 cases as for 5, in every
period it shows (a year, a quarter, a month): each figure is an aggregate, never a statement per
row. (``benchmarks/reports_bench.py`` times the page at 100,000 cases.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.conftest import login
from tests.prexam.conftest import crew  # noqa: F401  (the people of the year)
from tests.reports.conftest import _deadline, _handler, _loan, _patent, _trademark, at
from tests.web.test_query_counts import counting

QUERIES = ("year=2026", "year=2026&quarter=2", "year=2026&month=5", "")


PATENT_OPEN = ("accepted", "served", "examination", "hearing_scheduled", "decision_drafted")
TRADEMARK_OPEN = ("tm_investigating", "tm_legal_review", "tm_prior_notice", "tm_ready",
                  "tm_awaiting_payment")


def _add_cases(db, people, count: int) -> list:
    """``count`` more cases of both kinds and of every shape the figures count (filed; every
    third closed, a closed trademark case decided with a fine; open ones in five states of each
    kind; a foreign holder's; referred), each with a presiding handler (one of five) and a clock,
    and a loan for every second one: more cases, more groups (states, handlers) too."""
    from ipcenter.cases.models import CaseDocument

    added = []
    for i in range(count):
        day, closed = date(2026, 1 + i % 12, 1 + i % 28), i % 3 == 0
        if i % 2:
            case = _patent(db, people, "closed" if closed else PATENT_OPEN[i % 5], at(day),
                           at(day) if closed else None)
        elif closed:
            case = _trademark(db, people, "tm_closed", foreign=i % 4 == 0, submitted=at(day),
                              accepted=at(day), closed=at(day), decision_kind="penalty",
                              decided_on=day, turnover=Decimal("100.00"),
                              fine=Decimal("50.00"), confiscated_value=Decimal("5.00"))
        else:
            case = _trademark(db, people, TRADEMARK_OPEN[i % 5], foreign=i % 4 == 0,
                              submitted=at(day), accepted=at(day))
        db.session.flush()
        _handler(db, case, people.handlers[i % len(people.handlers)])
        if i % 10 == 0:
            db.session.add(CaseDocument(case_id=case.id, kind="official", title="涉嫌犯罪案件移送书",
                                        template="referral_letter", created_at=at(day)))
        _deadline(db, "case", "decision", day, closed=at(day) if closed else None,
                  outcome=("met" if i % 2 else "late") if closed else None)
        if i % 2:
            _loan(db, people, "pl_disbursed", approved="100000.00", disbursed=day)
        added.append(case)
    db.session.flush()
    return added


def _statements(client, query: str) -> int:
    with counting() as statements:
        response = client.get(f"/reports/?{query}")
    assert response.status_code == 200
    return len(statements)


def test_the_page_reads_the_calendar_once(client, db, people):
    """The clocks due soon and the pre-examination's working days to pass count on the same
    calendar, read once for the page (``core.workdays.request_calendar``)."""
    login(client, people.director.username)
    _add_cases(db, people, 5)
    with counting() as statements:
        assert client.get("/reports/?year=2026").status_code == 200
    assert sum(1 for s in statements if "FROM calendar_day" in s) == 1
    assert sum(1 for s in statements if "FROM calendar_year" in s) == 1


def _cases(db) -> int:
    import sqlalchemy as sa

    from ipcenter.cases.models import Case

    return db.session.execute(sa.select(sa.func.count(Case.id))).scalar_one()


@pytest.fixture
def people(db, crew, make_org, make_user):  # noqa: F811
    from ipcenter.pledge import ledger

    found = SimpleNamespace(
        firm=crew.firm, bank=make_org("bank", name="中山农村商业银行股份有限公司"),
        director=crew.director,
        handlers=[make_user("adjudicator" if i % 2 else "enforcer") for i in range(5)])
    ledger.contribute("city", "7000000.00", found.director, at(date(2026, 1, 10)),
                      posted_on=date(2026, 1, 10))
    db.session.flush()
    return found


@pytest.mark.parametrize("query", QUERIES)
def test_the_page_issues_as_many_statements_for_50_cases_as_for_5(client, db, people, query):
    login(client, people.director.username)
    _add_cases(db, people, 5)
    _statements(client, query)  # the first request's own reads (the session's user, caches)
    few = _statements(client, query)
    _add_cases(db, people, 45)
    assert _cases(db) == 50
    assert _statements(client, query) == few


def test_the_added_cases_are_counted(db, people):
    """The cases added are in the figures (the pages compared saw them, in more states and
    with more handlers at 50 than at 5)."""
    from ipcenter.cases.models import PatentCase
    from ipcenter.reports import figures
    from ipcenter.reports.periods import choose

    period, today = choose("2026", today=date(2026, 6, 15)).period, date(2026, 6, 15)
    few = figures.operations(period, today)
    added = _add_cases(db, people, 5) + _add_cases(db, people, 45)
    found, ops = figures.annual(period), figures.operations(period, today)
    patents = [c for c in added if isinstance(c, PatentCase)]
    assert (found.cases.patent_filed, found.cases.trademark_filed) == (len(patents), 26)
    assert found.cases.referred == 1 + 5 and found.loans.count == 2 + 22
    assert found.cases.foreign_complaints == 2 + 12
    assert ops.open_cases == sum(1 for c in added if c.closed_at is None) == 3 + 30
    assert len(ops.open_by_state) == 10 and len(ops.open_by_handler) == 5
    assert (len(few.open_by_state), len(few.open_by_handler)) == (0, 0)
