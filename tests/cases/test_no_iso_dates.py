"""One date style on every page (2026年12月2日): the pages the demo's users open, search
results, and what a refused action says, show no day written the machine's way (2026-12-02)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from ipcenter import demo
from ipcenter.auth.roles import Role
from ipcenter.cases.models import Case, TrademarkCase
from ipcenter.core.errors import Conflict, InvalidInput
from ipcenter.pledge.models import PledgeApplication
from ipcenter.prexam.models import PrexamRequest
from tests.cases.test_no_raw_codes import visible_text
from tests.conftest import _Client, login, post_form

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def db(demo_db):
    return demo_db


def _client(app, username: str, role: Role):
    app.test_client_class = _Client
    client = app.test_client()
    login(client, username, demo.PASSWORDS[role])
    return client


def _iso_days(client, paths) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            continue
        hits = ISO.findall(visible_text(response.get_data(as_text=True)))
        if hits:
            found[path] = sorted(set(hits))
    return found


@pytest.mark.slow
def test_the_demo_pages_write_days_in_chinese(demo_app, db):
    cases = db.session.execute(sa.select(Case.id)).scalars().all()
    requests = db.session.execute(sa.select(PrexamRequest.id)).scalars().all()
    loans = db.session.execute(sa.select(PledgeApplication.id)).scalars().all()
    assert cases and requests and loans
    found = {}
    for username, role, paths in (
            ("director", Role.DIRECTOR,
             ["/dashboard", "/cases/", *[f"/cases/{i}" for i in cases], "/prexam/",
              *[f"/prexam/{i}" for i in requests], "/pledge/",
              *[f"/pledge/{i}" for i in loans], "/admin/audit", "/admin/calendar"]),
            ("firm1", Role.FIRM, ["/dashboard", "/cases/", *[f"/cases/{i}" for i in cases]])):
        client = _client(demo_app, username, role)
        found.update({f"{username} {p}": hits for p, hits in _iso_days(client, paths).items()})
    assert not found, found


def test_search_results_write_days_in_chinese(demo_app, db):
    from ipcenter import search

    search.rebuild()
    client = _client(demo_app, "director", Role.DIRECTOR)
    dated = 0
    for query in ("灯饰", "专利", "商标", "日期:2025..2026"):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        # The hits, not the help on the query's syntax (日期:2026-01-01..2026-03-31 is typed).
        hits = visible_text(html[html.index('data-testid="total"'):])
        assert not ISO.findall(hits), (query, ISO.findall(hits))
        dated += len(re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", hits))
    assert dated


# ---------------------------------------------------------------------------------------------
# What a refused action says


def test_removing_a_day_without_an_entry_names_the_day_in_chinese(demo_app, db):
    from ipcenter.admin import services

    with pytest.raises(Conflict) as refused:
        services.remove_calendar_day(date(2026, 7, 15), actor=None, now=None)
    assert "2026年7月15日" in str(refused.value.message)
    assert not ISO.search(str(refused.value.message))
    client = _client(demo_app, "admin", Role.ADMIN)
    response = post_form(client, "/admin/calendar/days/2026-07-15/remove", {},
                         page="/admin/calendar/edit?year=2026", follow_redirects=True)
    text = visible_text(response.get_data(as_text=True))
    assert "2026年7月15日" in text and not ISO.search(text)


def test_a_payment_before_service_names_the_day_in_chinese(db):
    from ipcenter.cases.trademark import services
    from ipcenter.core import clock

    case = db.session.execute(sa.select(TrademarkCase).limit(1)).scalar_one()
    case.served_on = date(2026, 3, 26)
    with pytest.raises(InvalidInput) as refused:
        services.record_payment(case, None, clock.now(), "100", date(2026, 3, 20))
    message = str(refused.value.message)
    assert "2026年3月26日" in message and not ISO.search(message)


def test_a_hearing_too_far_ahead_names_the_last_day_in_chinese(db):
    from ipcenter.matters.clocks import HEARING_HORIZON, hearing_within_horizon

    today = date(2026, 12, 2)
    reason = str(hearing_within_horizon(today + HEARING_HORIZON + timedelta(days=1), today))
    assert not ISO.search(reason) and "年" in reason


def test_a_rule_s_iso_day_reaches_the_page_in_chinese(app):
    """Rule modules that word a day the machine's way (the workflows' guards, the pre-examination
    scope) reach the page through the ``message`` filter: error pages, flashed messages and the
    refusals shown on a form."""
    from types import SimpleNamespace

    from flask import flash, render_template_string

    refusal = "The firm may reply until 2026-12-07."
    with app.test_request_context():
        flash(refusal, "warning")
        page = render_template_string('{% extends "base.html" %}')
        form = render_template_string(
            '{% from "admin/_form.html" import form_errors %}{{ form_errors(form) }}',
            form=SimpleNamespace(form_errors=[refusal]))
    for html in (page, form):
        assert "2026年12月7日" in html and "2026-12-07" not in html
