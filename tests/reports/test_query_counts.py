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


def _add_cases(db, people, count: int) -> None:
    """``count`` more cases of both kinds and of every shape the figures count (filed, closed,
    decided with a fine, a foreign holder's, referred), each with a presiding handler and a
    clock, and a loan for every second one."""
    from ipcenter.cases.models import CaseDocument

    for i in range(count):
        day = date(2026, 1 + i % 12, 1 + i % 28)
        if i % 2:
            case = _patent(db, people, "closed" if i % 3 else "examination", at(day),
                           at(day) if i % 3 else None)
        else:
            case = _trademark(db, people, "tm_closed", foreign=i % 4 == 0, submitted=at(day),
                              accepted=at(day), closed=at(day), decision_kind="penalty",
                              decided_on=day, turnover=Decimal("100.00"),
                              fine=Decimal("50.00"), confiscated_value=Decimal("5.00"))
        db.session.flush()
        _handler(db, case, people.a if i % 2 else people.b)
        if i % 10 == 0:
            db.session.add(CaseDocument(case_id=case.id, kind="official", title="涉嫌犯罪案件移送书",
                                        template="referral_letter", created_at=at(day)))
        _deadline(db, "case", "decision", day, closed=at(day) if i % 3 else None,
                  outcome=("met" if i % 2 else "late") if i % 3 else None)
        if i % 2:
            _loan(db, people, "pl_disbursed", approved="100000.00", disbursed=day)
    db.session.flush()


def _statements(client, query: str) -> int:
    with counting() as statements:
        response = client.get(f"/reports/?{query}")
    assert response.status_code == 200
    return len(statements)


def _cases(db) -> int:
    import sqlalchemy as sa

    from ipcenter.cases.models import Case

    return db.session.execute(sa.select(sa.func.count(Case.id))).scalar_one()


@pytest.fixture
def people(db, crew, make_org, make_user):  # noqa: F811
    from ipcenter.pledge import ledger

    found = SimpleNamespace(firm=crew.firm, bank=make_org("bank", name="中山农村商业银行股份有限公司"),
                            director=crew.director, a=make_user("adjudicator"),
                            b=make_user("enforcer"))
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
    """The cases added are in the figures: the pages compared saw them."""
    from ipcenter.reports import figures
    from ipcenter.reports.periods import choose

    period = choose("2026", today=date(2026, 6, 15)).period
    _add_cases(db, people, 5)
    assert figures.annual(period).cases.referred == 1
    _add_cases(db, people, 45)
    found = figures.annual(period)
    assert (found.cases.patent_filed, found.cases.trademark_filed) == (24, 26)
    assert found.cases.referred == 1 + 5 and found.loans.count == 2 + 22
    assert found.cases.foreign_complaints == 2 + 12
