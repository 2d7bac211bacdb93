"""The search page: anonymous visitors see published documents only, a firm its own and the
published ones; whatever is typed, the page answers."""

from __future__ import annotations

import json
import re

import pytest

from ipcenter import search
from ipcenter.search.views import bp
from tests.conftest import login, make_app, reset_database
from tests.search.helpers import make_doc


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """An application with the search blueprint (until the factory registers it)."""
    from celery import current_app as current_celery

    previous = current_celery._get_current_object()
    application = make_app(tmp_path_factory)
    if "search" not in application.blueprints:
        application.register_blueprint(bp)
    reset_database(application)
    yield application
    previous.set_default()  # other modules' tasks run in their own application


@pytest.fixture
def indexed(app, db, backend, tmp_path, monkeypatch, make_user, make_org):
    monkeypatch.setitem(app.config, "IPCENTER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setitem(app.config, "IPCENTER_SEARCH_BACKEND", backend)
    firm_a, firm_b = make_org("firm", name="华辉灯饰"), make_org("firm", name="明辉电器")
    users = {"a": make_user("firm", org=firm_a, username="firm_a"),
             "b": make_user("firm", org=firm_b, username="firm_b"),
             "judge": make_user("adjudicator", username="judge")}
    search.current_index().add([
        make_doc(1, "华辉诉星光吸顶灯外观设计专利纠纷案", "吸顶灯<script>alert(1)</script>侵权",
                 orgs=(f"party:{firm_a.id}", "role:adjudicator"), day="2026-03-05",
                 state="accepted", case_type="patent"),
        make_doc(2, "明辉电器商标侵权案", "壁灯和吸顶灯",
                 orgs=(f"party:{firm_b.id}", "role:adjudicator"), day="2025-11-20",
                 state="closed", case_type="trademark"),
        make_doc(3, "吸顶灯外观设计专利侵权纠纷处理决定书", "责令停止销售吸顶灯", kind="ruling",
                 published=True, orgs=("role:adjudicator",), day="2026-01-15",
                 state="decided", case_type="patent"),
    ])
    return users


def page(client, query_string: str) -> str:
    response = client.get("/search" + query_string)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def hits(html: str) -> int:
    return html.count('data-testid="hit"')


def total(html: str) -> int:
    match = re.search(r'data-testid="total">\D*(\d+)', html)
    return int(match.group(1))


def test_the_empty_page_shows_the_form(client, indexed):
    html = page(client, "")
    assert 'name="q"' in html and 'data-testid="hit"' not in html


def test_anonymous_visitors_see_published_documents_only(client, indexed):
    html = page(client, "?q=吸顶灯")
    assert hits(html) == 1 and "处理决定书" in html and "星光" not in html
    assert total(html) == 1


def test_a_firm_sees_its_own_and_published_documents(app, client, indexed):
    login(client, "firm_a")
    html = page(client, "?q=吸顶灯")
    assert hits(html) == 2 and total(html) == 2 and "星光" in html and "明辉" not in html
    assert "trademark" not in html and "closed" not in html  # not even in the facets
    other = app.test_client()
    login(other, "firm_b")
    html = page(other, "?q=吸顶灯")
    assert hits(html) == 2 and "明辉" in html and "星光" not in html


def test_staff_see_everything_their_role_may(client, indexed):
    login(client, "judge")
    assert hits(page(client, "?q=吸顶灯")) == 3


def test_snippets_are_escaped_and_marked(client, indexed):
    login(client, "firm_a")
    html = page(client, "?q=吸顶灯")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>吸顶灯</mark>" in html


def test_facets_filter_and_sorting(client, indexed):
    login(client, "judge")
    html = page(client, "?q=吸顶灯&kind=ruling")
    assert hits(html) == 1 and "处理决定书" in html
    html = page(client, "?q=吸顶灯&sort=date")
    assert html.index("华辉诉星光") < html.index("处理决定书") < html.index("明辉电器商标")
    html = page(client, "?q=吸顶灯&year=2025")
    assert hits(html) == 1 and "明辉电器商标" in html


@pytest.mark.parametrize("query_string", [
    "?q=" + "华辉" * 5000, "?q=%22", "?q=*", "?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "?q='%3B+DROP+TABLE+users%3B--", "?q=日期:2026-99-99", "?q=当事人:", "?q=-",
    "?q=灯&page=abc", "?q=灯&page=-3", "?q=灯&page=99999999", "?q=灯&sort=evil",
    "?q=灯&kind=" + "x" * 500, "?within=case:1", "?q=%E2%80%AE",
])
def test_any_input_gets_a_page(client, indexed, query_string):
    html = page(client, query_string)
    assert "<script>alert(1)</script>" not in html


def test_a_nul_byte_is_refused_with_a_page(client, indexed):
    response = client.get("/search?q=%00")
    assert response.status_code == 400 and "<!doctype html>" in response.get_data(as_text=True)


def test_an_unusable_index_shows_a_message(client, indexed):
    home = search.current_index().home
    (home.path / home.current_name() / "ipcenter-search.json").write_text(json.dumps({}))
    html = page(client, "?q=吸顶灯")
    assert 'data-testid="search-problem"' in html
