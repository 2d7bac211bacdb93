"""The pre-examination rules' tests: pure functions, no database. ``zh`` opens a request context
of the real application (default language Simplified Chinese) to read messages as users do."""

from __future__ import annotations

import pytest

from ipcenter.ip import uscc


@pytest.fixture
def zh(app):
    with app.test_request_context():
        yield


def code(first17: str) -> str:
    """A USCC with its check character."""
    return first17 + uscc.check_character(first17)
