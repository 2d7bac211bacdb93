"""The collateral alerts on 我的工作: the lending bank's reviewers and the fund manager see the
alerts on their loans not yet acknowledged (the loan, the right, the event and its day), paged
with their total; each side acknowledges on its own; another bank, the borrower and the
administrator may not."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest

from ipcenter.ip import register
from ipcenter.ip.models import EventKind
from ipcenter.pledge import services as pl
from ipcenter.pledge import watch
from tests.conftest import csrf_from, login, post_form
from tests.pledge import journeys as j
from tests.pledge.conftest import held_right


@pytest.fixture
def loan(db, crew):
    """A loan under monitoring on one patent, and a lapse of that patent on the register."""
    j.fund_the_pool(crew)
    right = held_right(db, crew.firm_org)
    application = pl.file_application(j.filing(crew, [right.id]), crew.firm, j.NOW,
                                      uuid.uuid4().hex)
    for _, step in j.lent(crew):
        step(application)
    register.record_event(right, EventKind.LAPSED, date(2026, 5, 6), detail={"reason": "annuity"},
                          now=j.at(40))
    db.session.commit()
    return application, right


def _dashboard(client, user) -> str:
    login(client, user.username)
    return client.get("/dashboard").get_data(as_text=True)


def test_the_bank_and_the_fund_see_the_alert_with_its_loan(client, crew, loan):
    application, right = loan
    for user in (crew.bank, crew.fund):
        html = _dashboard(client, user)
        assert 'data-testid="pledge-alerts"' in html
        assert re.search(r'data-testid="pledge-alerts-total">1<', html)
        assert right.number in html and "终止" in html and "2026年5月6日" in html
        assert f'href="/pledge/{application.id}"' in html
        client.delete_cookie("session")


def test_another_bank_and_the_borrower_see_none(client, crew, loan):
    _, right = loan
    html = _dashboard(client, crew.other_bank)
    assert re.search(r'data-testid="pledge-alerts-total">0<', html)
    assert right.number not in html
    client.delete_cookie("session")
    html = _dashboard(client, crew.firm)
    assert 'data-testid="pledge-alerts"' not in html


def test_each_side_acknowledges_on_its_own(client, db, crew, loan):
    (alert,) = watch.alerts_for(crew.bank, 10)
    login(client, crew.bank.username)
    response = post_form(client, f"/pledge/alerts/{alert.id}/seen", {}, page="/dashboard",
                         follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "已确认" in html
    assert re.search(r'data-testid="pledge-alerts-total">0<', html)
    db.session.expire_all()
    assert watch.alerts_for(crew.fund, 10, unseen=True) != []
    client.delete_cookie("session")
    html = _dashboard(client, crew.fund)
    assert re.search(r'data-testid="pledge-alerts-total">1<', html)


@pytest.mark.parametrize("who", ["other_bank", "firm", "valuer"])
def test_others_may_not_acknowledge(client, db, crew, loan, who):
    (alert,) = watch.alerts_for(crew.bank, 10)
    login(client, getattr(crew, who).username)
    token = csrf_from(client.get("/dashboard").get_data(as_text=True))
    response = client.post(f"/pledge/alerts/{alert.id}/seen", data={"csrf_token": token})
    assert response.status_code == 403
    db.session.expire_all()
    alert = db.session.get(watch.PledgeAlert, alert.id)
    assert alert.bank_seen_at is None and alert.centre_seen_at is None


def test_the_administrator_may_not_acknowledge(client, db, crew, loan, make_user):
    (alert,) = watch.alerts_for(crew.bank, 10)
    admin = make_user("admin")
    db.session.commit()
    login(client, admin.username)
    token = csrf_from(client.get("/dashboard").get_data(as_text=True))
    assert client.post(f"/pledge/alerts/{alert.id}/seen",
                       data={"csrf_token": token}).status_code == 403
    assert client.post("/pledge/alerts/999999/seen",
                       data={"csrf_token": token}).status_code in (403, 404)


def test_many_alerts_page_with_their_total(client, db, crew, loan):
    _, right = loan
    for n in range(24):   # 25 alerts in all
        register.record_event(right, EventKind.ASSERTED_IN_CASE, date(2026, 5, 7),
                              matter=("case", 100 + n), detail={"number": f"案{n}"},
                              now=j.at(41 + n))
    db.session.commit()
    login(client, crew.bank.username)
    first = client.get("/dashboard").get_data(as_text=True)
    assert re.search(r'data-testid="pledge-alerts-total">25<', first)
    assert first.count('data-testid="pledge-alert-') == 20
    second = client.get("/dashboard?alerts=2").get_data(as_text=True)
    assert second.count('data-testid="pledge-alert-') == 5
    assert "2026年5月6日" in second   # the oldest, the lapse, is last


def test_the_loan_page_shows_its_alerts_to_the_bank_and_the_fund_and_is_acknowledged_there(
        client, crew, loan):
    application, right = loan
    for user in (crew.bank, crew.fund):
        login(client, user.username)
        html = client.get(f"/pledge/{application.id}").get_data(as_text=True)
        assert 'data-testid="loan-alerts"' in html
        assert right.number in html and "终止" in html and "2026年5月6日" in html
        (alert,) = watch.alerts_for(user, application=application)
        response = client.post(f"/pledge/alerts/{alert.id}/seen",
                               data={"csrf_token": csrf_from(html), "back": "loan"})
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/pledge/{application.id}")
        again = client.get(f"/pledge/{application.id}").get_data(as_text=True)
        assert "已确认" in again and f'loan-alert-seen-{alert.id}"' not in again
        client.delete_cookie("session")
    # The borrower and the valuer see the loan, not the alerts (they are not its sides).
    for user in (crew.firm, crew.valuer):
        login(client, user.username)
        html = client.get(f"/pledge/{application.id}").get_data(as_text=True)
        assert 'data-testid="loan-alerts"' not in html
        client.delete_cookie("session")


def test_whoever_sees_an_alert_may_see_its_loan(db, crew, loan, make_user, make_org):
    """The alerts a user is shown are on loans ``pledge.view`` opens to that user, for every
    kind of user (the side rule narrows the loan's viewers, never widens them)."""
    from ipcenter.auth.policy import can

    application, _ = loan
    everyone = [crew.firm, crew.fund, crew.bank, crew.other_bank, crew.valuer, crew.insurer,
                crew.director, make_user("admin"), make_user("adjudicator"),
                make_user("firm", org=make_org("firm"))]
    for user in everyone:
        shown = watch.alerts_for(user, limit=100)
        assert all(can(user, "pledge.view", alert.application) for alert in shown), user
        assert bool(shown) == (user in (crew.fund, crew.bank, crew.director)), user
