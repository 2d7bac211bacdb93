"""The rules' tests: pure functions, no database. ``zh`` opens a request context of the real
application, whose default language is Simplified Chinese, to read messages as users see them."""

from __future__ import annotations

from datetime import date

import pytest

from ipcenter.ip import uscc
from ipcenter.pledge.rules import parameters

DAY = date(2026, 6, 1)


@pytest.fixture
def zh(app):
    with app.test_request_context():
        yield


@pytest.fixture
def params():
    return parameters.as_of(DAY)


def code(first17: str) -> str:
    """A USCC with its check character."""
    return first17 + uscc.check_character(first17)
