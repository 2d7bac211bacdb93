"""The cases' demo data: cases of both kinds in several states, walked through the services,
one waiting for each role's action on 我的工作; seeding twice adds nothing."""

from __future__ import annotations

import sqlalchemy as sa

from ipcenter import demo
from ipcenter.auth.models import User
from ipcenter.cases import waiting
from ipcenter.cases.models import Case
from ipcenter.core import clock
from ipcenter.core.db import unit_of_work
from tests.conftest import login


def _seed():
    with unit_of_work():
        demo.seed()


def _user(db, name):
    return db.session.execute(sa.select(User).filter_by(username=name)).scalar_one()


def test_the_demo_cases(demo_client, demo_db):
    """The demo seeded once for the session (it walks fourteen cases and renders their
    documents), every check on it; seeding once more adds nothing."""
    db, client = demo_db, demo_client
    cases = db.session.execute(sa.select(Case.kind, Case.state)).all()
    kinds = {kind for kind, _ in cases}
    assert kinds == {"patent", "trademark"}
    for kind in kinds:
        assert len({state for k, state in cases if k == kind}) >= 4, kind
    before = sorted(db.session.execute(sa.select(Case.id, Case.kind, Case.state)).all())
    _seed()
    assert sorted(db.session.execute(sa.select(Case.id, Case.kind, Case.state)).all()) \
        == before, "seeding twice adds nothing and moves nothing"

    # Each role has a case waiting for it.
    expected = {
        "adj2": {"accept", "answer_in", "hearing_record"},
        "adj1": {"serve", "draft"},
        "director": {"panel", "approve", "officers"},
        "enf2": {"verify", "open_case"},
        "enf1": {"investigate"},
        "firm1": {"submit"},
        "firm2": {"answer", "statement"},
    }
    for name, keys in expected.items():
        section = waiting.waiting_for(_user(db, name), clock.now(), per_page=100)
        assert keys <= set(section.counts), (name, set(section.counts))

    # Every case page opens for the director, and 我的工作 lists what waits.
    login(client, "director", demo.PASSWORDS[demo.Role.DIRECTOR])
    for case_id in db.session.execute(sa.select(Case.id)).scalars():
        assert client.get(f"/cases/{case_id}").status_code == 200, case_id
    html = client.get("/dashboard").get_data(as_text=True)
    assert 'data-testid="cases-waiting"' in html


def test_the_demo_seeds_on_any_day_the_spring_festival_included(app, db, monkeypatch):
    # The browser tests seed on 5 March 2026: the answer periods of the cases filed in February
    # end after the Spring Festival (15–23 February), and examination starts only then.
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-05T10:00:00+08:00")
    demo.seed()  # flushed, not committed: no documents rendered
    states = set(db.session.execute(sa.select(Case.state)).scalars())
    assert {"examination", "hearing_scheduled", "decision_drafted", "tm_prior_notice"} <= states


def test_the_hearing_passed_is_in_the_past_whatever_the_day_of_seeding():
    """The demo's hearing that has been held ("a hearing record to enter") is the working
    morning before the seeding day, also when the demo is seeded on a Sunday or a Monday
    morning: moving it off the weekend goes back to the Friday, never on to the Monday."""
    from datetime import datetime, timedelta

    from ipcenter.cases.demo import morning
    from ipcenter.core.clock import CHINA

    for day in range(7, 14):  # Monday 7 December 2026 to Sunday the 13th
        for hour in (0, 8, 12, 23):
            now = datetime(2026, 12, day, hour, tzinfo=CHINA)
            held = morning(now - timedelta(days=1), back=True)
            assert held < now and held.weekday() < 5, now
