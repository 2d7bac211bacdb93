"""What waits for whom on 我的工作: each role's queue of cases (not only its clocks), from cases
walked through the real services, and a panel whose statements do not grow with its rows."""

from __future__ import annotations

import uuid

import pytest

from ipcenter.cases import waiting
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import services as tm
from tests.cases.conftest import at, filing, walk
from tests.cases.trademark.test_trademark import complaint, to_investigation, to_prior_notice
from tests.conftest import login
from tests.web.test_query_counts import counting

NOW = at(40)


def _keys(user, case=None) -> dict[int, set[str]]:
    section = waiting.waiting_for(user, NOW, per_page=100)
    found: dict[int, set[str]] = {}
    for row, key in section.items:
        found.setdefault(row.id, set()).add(key)
    return found if case is None else found.get(case.id, set())


def test_each_role_is_shown_what_waits_for_it(db, cast, officers):
    j1, j2, j3, j4 = cast.judges
    submitted = walk(db, cast, S.SUBMITTED)
    no_panel = services.file_complaint(filing(cast), cast.requester, at(0), uuid.uuid4().hex)
    import io

    from ipcenter import matters
    from tests.cases.conftest import PDF
    matters.attach(no_panel, "proof_of_right", io.BytesIO(PDF), "证书.pdf", cast.requester, at(0))
    services.submit(no_panel, cast.requester, at(0))
    services.accept(no_panel, j4, at(1), dict.fromkeys(services.CHECKLIST, True))
    accepted = walk(db, cast, S.ACCEPTED)
    served = walk(db, cast, S.SERVED)
    answered = walk(db, cast, S.SERVED)
    services.answer(answered, cast.respondent, at(5), "不构成侵权。")
    drafted = walk(db, cast, S.DECISION_DRAFTED)
    draft = walk(db, cast, S.DRAFT)
    clue = tm.file_complaint(complaint(cast), cast.requester, at(0), uuid.uuid4().hex)
    tm.submit(clue, cast.requester, at(0))
    investigating = to_investigation(cast, officers)
    notice = to_prior_notice(db, cast, officers)
    db.session.flush()

    assert _keys(j2, submitted) == {"accept"}, "any adjudicator may take up a new complaint"
    assert _keys(cast.director, no_panel) == {"panel"}
    assert _keys(cast.director, accepted) == set(), "its panel is formed"
    assert _keys(j1, accepted) == {"serve"} and _keys(j2, accepted) == set(), \
        "serving is the presiding member's"
    assert _keys(j1, answered) == {"answer_in"}
    assert _keys(j1, served) == {"answer_in"}, "the 15 days have run by the 40th day"
    assert _keys(cast.respondent, served) == {"answer"}
    assert _keys(cast.respondent, answered) == set()
    assert _keys(cast.director, drafted) == {"approve"}
    assert _keys(cast.requester, draft) == {"submit"}
    assert _keys(cast.requester, submitted) == set()
    assert _keys(officers[2], clue) == {"verify"}
    assert _keys(officers[0], investigating) == {"investigate"}
    assert _keys(officers[2], investigating) == set(), "not one of its officers"
    assert _keys(officers[0], notice) == {"statement_in"}, "the 5 working days have run"
    assert _keys(cast.respondent, notice) == {"statement"}
    assert waiting.dashboard_panel(cast.admin, 1, 20) is None
    assert waiting.dashboard_panel(cast.bank, 1, 20) is None


def test_the_hearing_record_waits_from_the_hearing_day(db, cast):
    from datetime import timedelta

    from ipcenter.core.clock import CHINA

    case = walk(db, cast, S.EXAMINATION)
    j1 = cast.judges[0]
    hearing = (at(20) + timedelta(days=1)).astimezone(CHINA).replace(hour=9, minute=30)
    services.schedule_hearing(case, j1, at(10), hearing, "中心第一审理庭")
    db.session.flush()
    assert "hearing_record" not in {k for _, k in waiting.waiting_for(j1, at(20)).items}
    assert "hearing_record" in {k for _, k in waiting.waiting_for(j1, at(22)).items}


def test_the_dashboard_lists_the_cases_waiting(client, db, cast):
    case = walk(db, cast, S.SUBMITTED)
    db.session.flush()
    login(client, cast.judges[1].username)
    html = client.get("/dashboard").get_data(as_text=True)
    assert 'data-testid="cases-waiting"' in html
    assert f'data-testid="waiting-row-{case.id}"' in html
    assert "待受理：立案或不予受理" in html


@pytest.mark.parametrize("user", ["director", "judge"])
def test_the_panel_issues_as_many_statements_with_twelve_rows_as_with_two(db, cast, user):
    def many(n):
        for _ in range(n):
            walk(db, cast, S.DECISION_DRAFTED if user == "director" else S.SUBMITTED)
        db.session.flush()
        db.session.expire_all()
        who.has_role("director")  # the user's own row and roles, as the request has them

    who = cast.director if user == "director" else cast.judges[1]
    many(2)
    with counting() as few:
        section = waiting.dashboard_panel(who, 1, 20).section
        [row.number for row, _ in section.items]
    assert section.total == 2
    many(10)
    with counting() as more:
        section = waiting.dashboard_panel(who, 1, 20).section
        [row.number for row, _ in section.items]
    assert section.total == 12 and len(section.items) == 12
    assert len(more) == len(few) <= 5, more


def test_the_panel_pages(db, cast):
    for _ in range(3):
        walk(db, cast, S.SUBMITTED)
    db.session.flush()
    first = waiting.waiting_for(cast.judges[1], NOW, page=1, per_page=2)
    second = waiting.waiting_for(cast.judges[1], NOW, page=2, per_page=2)
    assert first.total == second.total == 3
    assert len(first.items) == 2 and len(second.items) == 1
    assert {c.id for c, _ in first.items}.isdisjoint({c.id for c, _ in second.items})
