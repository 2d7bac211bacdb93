"""The request's page says when the duplicate check did not run ("未查重"), instead of
showing an empty list the examiner would read as "no duplicates found"."""

from __future__ import annotations

import pytest

from ipcenter.prexam import duplicates
from tests.prexam.conftest import approved_filing, submit
from tests.prexam.test_pages import login, text


@pytest.fixture(autouse=True)
def _fixed_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-04-01T10:00:00+08:00")


def _index_down(*args, **kwargs):
    raise OSError("the search index cannot be read")


def test_an_unchecked_request_says_so_to_the_centre_alone(client, db, crew, monkeypatch):
    approved_filing(db, crew)
    with monkeypatch.context() as patched:
        patched.setattr(duplicates.search, "search", _index_down)
        request = submit(db, crew)
    assert not duplicates.checked(request) and request.duplicates in (None, [])
    for user in (crew.examiner, crew.director):
        login(client, user)
        body = text(client.get(f"/prexam/{request.id}"))
        assert 'data-testid="duplicates-unchecked"' in body, user.username
        assert "未查重" in body and "检索索引无法读取" in body
        assert 'data-testid="duplicates"' not in body
    login(client, crew.firm)  # the check is the centre's business
    body = text(client.get(f"/prexam/{request.id}"))
    assert "未查重" not in body and 'data-testid="duplicates-unchecked"' not in body


def test_a_checked_request_without_duplicates_says_nothing_of_it(client, db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    assert duplicates.checked(request)
    login(client, crew.examiner)
    body = text(client.get(f"/prexam/{request.id}"))
    assert "未查重" not in body and 'data-testid="duplicates-unchecked"' not in body
