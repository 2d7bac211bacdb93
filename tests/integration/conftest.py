"""Integration fixtures: a fresh database holding committed data, and the real services.

These tests do not use the rolled-back ``db`` fixture: other threads and a worker process must
see what a test commits. Each test module gets its own database and drops it afterwards.
A test that needs PostgreSQL or a broker skips when its variable is unset
(``IPCENTER_TEST_DATABASE_URL``, ``IPCENTER_TEST_BROKER_URL``); ``.ci/run`` sets them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import make_app, reset_database


def postgres_url() -> str:
    """The PostgreSQL test URL, or skip."""
    url = os.environ.get("IPCENTER_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set IPCENTER_TEST_DATABASE_URL=postgresql+psycopg://…")
    return url


def broker_url() -> str:
    """The Redis broker test URL, or skip."""
    url = os.environ.get("IPCENTER_TEST_BROKER_URL", "")
    if not url:
        pytest.skip("needs a broker: set IPCENTER_TEST_BROKER_URL=redis://127.0.0.1:6379/<n>")
    return url


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """An empty database, dropped on exit: a SQLite file in ``folder``, or a PostgreSQL
    database ``<test database>_<random>`` beside the one ``IPCENTER_TEST_DATABASE_URL`` names."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'integration.db'}"
        return
    url = sa.engine.make_url(postgres_url())
    name = f"{url.database}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrated_app(tmp_path_factory, database: str, **overrides):
    """An app on ``database``, its schema built by the migrations."""
    app = make_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=database, **overrides)
    reset_database(app)
    return app


def dispose(app) -> None:
    """Close the app's pooled connections (before its database is dropped)."""
    from ipcenter.core.db import db

    with app.app_context():
        db.engine.dispose()
