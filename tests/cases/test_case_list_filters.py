"""The case list: filters by kind, state (one list per kind), days filed, party and handler;
its orders; a day that is none told, not applied; and rows that read as cards on a phone."""

from __future__ import annotations

import re
import uuid

import pytest

from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import services as tm
from tests.cases.conftest import walk
from tests.cases.trademark.test_trademark import complaint
from tests.conftest import login


def _rows(html: str) -> list[str]:
    body = html.split('data-testid="cases"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'href="/cases/(\d+)"', body)[::2]


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_filters_and_orders(client, db, cast, officers):
    first = walk(db, cast, S.SUBMITTED)      # judges[0] not yet on it
    second = walk(db, cast, S.ACCEPTED)      # judges[0] presides
    clue = tm.file_complaint(complaint(cast), cast.requester, first.created_at, uuid.uuid4().hex)
    tm.submit(clue, cast.requester, first.created_at)
    db.session.flush()
    login(client, cast.director.username)
    everything = _rows(client.get("/cases/").get_data(as_text=True))
    assert set(everything) == {str(first.id), str(second.id), str(clue.id)}
    assert _rows(client.get("/cases/?kind=trademark").get_data(as_text=True)) == [str(clue.id)]
    assert _rows(client.get(f"/cases/?handler={cast.judges[0].id}").get_data(as_text=True)) \
        == [str(second.id)]
    party = cast.respondent.organisation_id
    assert set(_rows(client.get(f"/cases/?party={party}").get_data(as_text=True))) == \
        {str(first.id), str(second.id), str(clue.id)}
    assert _rows(client.get(f"/cases/?party={cast.outsider.organisation_id}")
                 .get_data(as_text=True)) == []
    day = first.created_at.date().isoformat()
    assert set(_rows(client.get(f"/cases/?from={day}&to={day}").get_data(as_text=True))) == \
        set(everything)
    assert _rows(client.get("/cases/?from=2030-01-01").get_data(as_text=True)) == []
    newest = _rows(client.get("/cases/").get_data(as_text=True))
    oldest = _rows(client.get("/cases/?sort=oldest").get_data(as_text=True))
    assert oldest == newest[::-1]
    by_number = _rows(client.get("/cases/?sort=number").get_data(as_text=True))
    assert by_number[0] == str(second.id), "the numbered case first"


def test_one_list_of_states_per_kind(client, db, cast):
    login(client, cast.director.username)
    html = client.get("/cases/").get_data(as_text=True)
    states = _options(html, "state")
    assert len(states) == len(set(states)), "a state offered twice"
    assert html.count("<optgroup") == 2
    only = client.get("/cases/?kind=patent").get_data(as_text=True)
    assert only.count("<optgroup") == 1 and "tm_clue" not in _options(only, "state")


def test_a_day_that_is_none_is_told_and_not_applied(client, db, cast):
    walk(db, cast, S.SUBMITTED)
    db.session.flush()
    login(client, cast.director.username)
    response = client.get("/cases/?from=2026-02-30")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="filter-error"' in html and "不是有效日期" in html
    assert len(_rows(html)) == 1


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31", "from=1899-12-31"])
def test_a_day_out_of_any_case_years_is_told_and_not_applied(client, db, cast, query):
    walk(db, cast, S.SUBMITTED)
    db.session.flush()
    login(client, cast.director.username)
    response = client.get(f"/cases/?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="filter-error"' in html and "1900年至2100年" in html
    assert len(_rows(html)) == 1


def test_rows_read_as_cards_on_a_phone(client, db, cast):
    walk(db, cast, S.SUBMITTED)
    db.session.flush()
    login(client, cast.director.username)
    html = client.get("/cases/").get_data(as_text=True)
    assert 'class="table table-hover bg-white align-middle table-cards"' in html
    assert re.search(r'<td data-label="[^"]+"', html)
    css = client.get("/static/cards.css")
    try:
        assert css.status_code == 200 and b"table.table-cards" in css.data
    finally:
        css.close()
    assert "cards.css" in html and "cdn" not in html.lower()
