"""API fixtures: the pledge crew (``tests.pledge.conftest``), a token for any of them, and
applications brought to the bank's review or into repayment through the real services."""

from __future__ import annotations

import pytest

from tests.pledge import conftest as pledge_fixtures
from tests.pledge.journeys import at, file, fund_the_pool, lent, to_review, walk

crew = pledge_fixtures.crew  # the pledge tests' people, as a fixture here too


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def issue(db, admin):
    """``issue(user, *scopes, days=30)`` → the token's secret, as the admin's page issues it."""
    from ipcenter.api import tokens
    from ipcenter.core import clock

    def make(user, *scopes, days=30):
        # Issued now, by the clock the requests read (``pinned`` first, when a test pins it).
        _token, secret = tokens.create_token(user, "对接测试", scopes, days, actor=admin,
                                             now=clock.now())
        db.session.commit()
        return secret

    return make


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def pinned(app, monkeypatch):
    """The clock at ``at(days)`` for the requests: ``pinned(12)``."""
    def pin(days: float):
        monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", at(days).isoformat())
    pin(12)
    return pin


def walked(crew, db, steps, n=1):
    application = file(crew, db, n)
    fund_the_pool(crew)
    for _name, _a in walk(application, steps(crew), db):
        pass
    db.session.commit()
    return application


@pytest.fixture
def in_review(crew, db):
    """An application at the bank's credit review (``crew.bank``'s)."""
    return walked(crew, db, to_review)


@pytest.fixture
def repaying(crew, db):
    """A loan of ``crew.bank`` in post-loan monitoring, its schedule recorded."""
    return walked(crew, db, lent)
