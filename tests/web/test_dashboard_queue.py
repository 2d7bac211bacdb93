"""我的工作 as queues: a role's clock waits in a shared queue that members take on; long lists
page, in Chinese, with their totals."""

from datetime import date, timedelta

import pytest

from ipcenter.core import audit, timelimits
from ipcenter.core.models import Deadline
from ipcenter.core.workdays import WorkdayCalendar
from tests.conftest import NOW, csrf_from, login, post_form


@pytest.fixture
def pinned(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-09-29T10:00:00+08:00")


def _deadline(subject_id, title, starts_on=date(2026, 9, 28), period="3wd", **assignee):
    return timelimits.open_deadline(
        subject_type="case", subject_id=subject_id, subject_label=f"案件{subject_id}",
        kind="accept", title=title, starts_on=starts_on, period=period, now=NOW,
        cal=WorkdayCalendar(), **assignee)


def _claim(client, row):
    return post_form(client, f"/dashboard/claim/{row.id}", {}, page="/dashboard",
                     follow_redirects=True)


def test_role_clock_waits_in_the_queue_not_on_every_page(client, make_user, pinned):
    make_user("adjudicator", username="judge1")
    make_user("adjudicator", username="judge2")
    row = _deadline(1, "审查受理", assignee_role="adjudicator")
    login(client, "judge1")
    html = client.get("/dashboard").get_data(as_text=True)
    queue = html.index('data-testid="deadlines-queue"')
    assert "待领取" in html and queue < html.index("审查受理") < html.index(
        'data-testid="deadlines-overdue"')
    assert f'data-testid="claim-{row.id}"' in html
    response = _claim(client, row)
    html = response.get_data(as_text=True)
    assert "您已领取案件1的“审查受理”" in html
    assert 'data-testid="deadlines-queue"' not in html  # the queue is empty now
    assert html.index('data-testid="deadlines-soon"') < html.rindex("审查受理")
    assert row.assignee_user_id is not None
    event = audit.events_for("case", 1)[-1]
    assert event.action == "deadline.claim"


def test_second_claim_is_refused_in_chinese(client, app, make_user, pinned):
    first = make_user("adjudicator", username="judge1")
    make_user("adjudicator", username="judge2")
    row = _deadline(1, "审查受理", assignee_role="adjudicator")
    login(client, "judge2")
    token = csrf_from(client.get("/dashboard").get_data(as_text=True))
    row.assignee_user_id = first.id  # judge1 took it on meanwhile
    response = client.post(f"/dashboard/claim/{row.id}", data={"csrf_token": token},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "该期限已由他人领取" in html
    assert row.assignee_user_id == first.id
    assert not [e for e in audit.events_for("case", 1) if e.action == "deadline.claim"]


def test_claim_refused_without_the_role_and_without_a_token(client, make_user, pinned):
    make_user("enforcer", username="officer")
    row = _deadline(1, "审查受理", assignee_role="adjudicator")
    login(client, "officer")
    assert "审查受理" not in client.get("/dashboard").get_data(as_text=True)
    html = _claim(client, row).get_data(as_text=True)
    assert "只有具有该期限所属岗位的人员才能领取" in html and row.assignee_user_id is None
    assert client.post(f"/dashboard/claim/{row.id}").status_code == 400  # no CSRF token
    assert _claim(client, Deadline(id=987654)).status_code == 200  # gone: told, not a 500
    assert row.assignee_user_id is None


def test_long_sections_page_with_totals_in_chinese(client, make_user, pinned):
    me = make_user("adjudicator", username="judge1")
    for n in range(45):
        _deadline(n, f"期限{n:02d}", starts_on=date(2026, 9, 1) + timedelta(days=n), period="3m",
                  assignee_user_id=me.id)
    _deadline(99, "超期的", starts_on=date(2026, 9, 1), period="5wd", assignee_user_id=me.id)
    login(client, "judge1")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "共 45 条" in html and "第 1 / 3 页" in html and "下一页" in html
    assert "期限00" in html and "期限19" in html and "期限20" not in html
    assert 'href="/dashboard?later=2"' in html
    html = client.get("/dashboard?later=3&overdue=1").get_data(as_text=True)
    assert "期限40" in html and "期限44" in html and "期限39" not in html
    assert "上一页" in html and "超期的" in html and "共 1 条" in html
    assert client.get("/dashboard?later=abc").status_code == 200
    assert client.get("/dashboard?later=99999999999999").status_code == 404


def test_case_list_pages_with_total(client, cast, db):
    from tests.web.test_query_counts import World, grow

    grow(World(cast, [cast.enforcer, cast.enforcer], None, None), 25)
    login(client, "director")
    html = client.get("/cases/").get_data(as_text=True)
    assert "共 25 条" in html and "下一页" in html and 'href="/cases/?page=2"' in html
    html = client.get("/cases/?page=2").get_data(as_text=True)
    assert html.count('href="/cases/') >= 5 and "上一页" in html


@pytest.mark.parametrize("username", ["huahui", "judge1", "mingyao", "xingguang", "director"])
def test_case_list_same_rows_found_by_id_or_by_rule(client, cast, db, monkeypatch, username):
    """The case list finds a user's cases by id when they are few, by the rule on the newest
    otherwise: both give the same page."""
    from ipcenter.cases import listing
    from ipcenter.cases.patent.workflow import S
    from tests.cases.conftest import walk
    from tests.web.test_query_counts import World, grow

    walk(db, cast, S.SUBMITTED)
    walk(db, cast, S.EXAMINATION)
    grow(World(cast, [cast.enforcer, cast.enforcer], None, None), 30)
    login(client, username)
    pages = []
    for few in (10_000, 0):
        monkeypatch.setattr(listing, "FEW_CASES", few)
        pages.append([_rows(client.get(f"/cases/?page={n}")) for n in (1, 2)])
    assert pages[0] == pages[1] and pages[0][0] != 404


def _rows(response):
    if response.status_code != 200:
        return response.status_code
    return response.get_data(as_text=True).split('data-testid="cases"')[1].split("</table>")[0]


@pytest.mark.parametrize("username", ["director", "huahui"])
def test_case_list_past_the_count_cap_says_more_than_and_pages_on(client, cast, db,
                                                                  monkeypatch, username):
    """Past the cap the list is not counted further: 10 条以上 with no page count, the next page
    linked while rows follow, none past the last (27 cases, 20 a page, counted up to 10). The
    firm sees each case through two grants (filer, requester): counted once."""
    from ipcenter.cases import listing
    from tests.web.test_query_counts import World, grow

    grow(World(cast, [cast.enforcer, cast.enforcer], None, None), 27)
    monkeypatch.setattr(listing, "COUNT_CAP", 10)
    login(client, username)
    html = client.get("/cases/").get_data(as_text=True)
    total = html.split('data-testid="pager-total">')[1].split("</span>")[0]
    assert total == "10 条以上 · 第 1 页"
    assert 'rel="next" href="/cases/?page=2"' in html and "/cases/?page=3" not in html
    html = client.get("/cases/?page=2").get_data(as_text=True)
    assert "第 2 页" in html and 'rel="prev" href="/cases/?page=1"' in html
    assert 'rel="next"' not in html and "/cases/?page=3" not in html
    assert html.count('href="/cases/') >= 7
    assert client.get("/cases/?page=3").status_code == 404
    assert client.get("/cases/?page=99").status_code == 404
    post_form(client, "/language", {"locale": "en", "next": "/cases/"}, page="/cases/")
    html = client.get("/cases/").get_data(as_text=True)
    assert "more than 10 · page 1" in html and 'rel="next"' in html


def test_case_list_under_the_count_cap_keeps_its_exact_total(client, cast, db, monkeypatch):
    from ipcenter.cases import listing
    from tests.web.test_query_counts import World, grow

    grow(World(cast, [cast.enforcer, cast.enforcer], None, None), 27)
    monkeypatch.setattr(listing, "COUNT_CAP", 27)
    login(client, "huahui")
    html = client.get("/cases/").get_data(as_text=True)
    assert html.split('data-testid="pager-total">')[1].split("</span>")[0] == "共 27 条 · 第 1 / 2 页"
