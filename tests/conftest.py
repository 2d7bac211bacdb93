"""Shared fixtures: the app on a real database migrated by Alembic, one transaction per test
rolled back at the end, a client with a CSRF-aware form helper, and a login helper.

The database is SQLite in a temporary folder, or the PostgreSQL database named by
``IPCENTER_TEST_DATABASE_URL`` (CI runs the suite on both).
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession

from ipcenter import create_app
from ipcenter.core.db import db as _db

PASSWORD = "Test-pass-2026"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def compile_translations() -> None:
    """Compile the catalogues when a ``.po`` is newer than its ``.mo`` (``make`` does the same),
    so that running pytest directly shows the pages as users see them."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parent.parent / "translations").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as src:
                catalog = read_po(src)
            with mo.open("wb") as out:
                write_mo(out, catalog)


compile_translations()


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("IPCENTER_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def reset_database(app) -> None:
    """Drop everything and build the schema with the migrations (never ``create_all``)."""
    from flask_migrate import upgrade

    with app.app_context():
        engine = _db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade()
        _db.session.remove()


def make_app(tmp_path_factory, **overrides):
    data = tmp_path_factory.mktemp("data")
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
        "IPCENTER_DATA_DIR": str(data),
        "IPCENTER_FILES_DIR": str(data / "files"),
        "IPCENTER_INDEX_DIR": str(data / "index"),
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        engine = _db.engine
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _no_fsync)
            engine.dispose()  # a connection opened before the listener would still sync
    _APPS.append(app)
    return app


def _no_fsync(dbapi_connection, record) -> None:
    """A test database in a temporary folder need not survive a power cut: without the fsync
    of every commit (the app's own pragmas unchanged: WAL, foreign keys, busy timeout) the
    tests that commit for real — migrations, the demo, the integration tests — run faster."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


_APPS: list = []


@pytest.fixture(scope="session", autouse=True)
def _dispose_engines():
    """Close every test app's connection pool at the end: an open PostgreSQL connection left
    to the garbage collector is a ResourceWarning, which this suite treats as an error."""
    yield
    for app in _APPS:
        with app.app_context():
            _db.engine.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = make_app(tmp_path_factory)
    reset_database(app)
    yield app
    with app.app_context():
        _db.engine.dispose()  # close the pool: an unclosed connection is a warning, an error here


class _BoundSession(FlaskSession):
    """Flask-SQLAlchemy's session picks its engine itself; under test it must use the
    connection that holds the outer transaction."""

    def get_bind(self, *args, **kwargs):
        return self.bind


@contextlib.contextmanager
def rolled_back_database(app, folder, **config):
    """The database inside a transaction rolled back at the end; commits made by the code under
    test become savepoints (SQLAlchemy's "joining a session into an external transaction").
    The search index, file store and audit head file live in ``folder``: the database rolls
    back, files on disk would not. ``config`` overrides more settings for the while."""
    from ipcenter.extensions import limiter

    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        _db.session = _db._make_scoped_session({
            "bind": connection, "class_": _BoundSession,
            "join_transaction_mode": "create_savepoint"})
        limiter.reset()
        config = {"IPCENTER_INDEX_DIR": str(folder / "index"),
                  "IPCENTER_FILES_DIR": str(folder / "files"),
                  "IPCENTER_AUDIT_HEAD_FILE": str(folder / "audit_head"), **config}
        saved = {k: app.config.get(k) for k in config}
        app.config.update(config)
        try:
            yield _db
        finally:
            app.config.update(saved)
            _db.session.remove()
            _db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def db(app, tmp_path):
    """The database, inside a transaction rolled back after the test; its own index, file store
    and audit head file."""
    with rolled_back_database(app, tmp_path) as database:
        yield database


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """An app on its own database (SQLite, or PostgreSQL beside the test database) with the
    demo seeded and committed once for the session, as ``flask ipcenter seed-demo`` leaves it:
    seeding renders and indexes every demo document, about a minute on a busy machine, so
    tests that only need the demo to stand read this one (through ``demo_db``)."""
    from ipcenter import demo
    from ipcenter.core.db import unit_of_work
    from tests.integration.conftest import dispose, fresh_database, migrated_app

    backend = "postgresql" if os.environ.get("IPCENTER_TEST_DATABASE_URL") else "sqlite"
    with fresh_database(backend, tmp_path_factory.mktemp("demo-db")) as url:
        app = migrated_app(tmp_path_factory, url)
        with app.app_context(), unit_of_work():
            app.extensions[_DEMO_ACCOUNTS] = demo.seed()
        try:
            yield app
        finally:
            dispose(app)


_DEMO_ACCOUNTS = "tests.demo_accounts"


@pytest.fixture(scope="session")
def demo_accounts(demo_app):
    """The sign-ins the one seed of ``demo_app`` returned (what ``seed-demo`` printed)."""
    return demo_app.extensions[_DEMO_ACCOUNTS]


@pytest.fixture
def demo_db(demo_app, tmp_path):
    """The seeded demo database inside a transaction rolled back after the test."""
    with rolled_back_database(demo_app, tmp_path) as database:
        yield database


@pytest.fixture
def demo_client(demo_app, demo_db):
    """A client of the demo app, as ``client`` is of ``app``."""
    demo_app.test_client_class = _Client
    return demo_app.test_client()


class _Client(FlaskClient):
    """The ``db`` fixture keeps one application context open for the whole test, which Flask
    reuses for every request; a browser's requests each get a fresh ``g`` (where Flask-WTF
    caches the CSRF token), so clear it before each request."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
            # What the test set up is committed (to a savepoint of the outer transaction), so a
            # request that fails and rolls back does not take the test's own rows with it.
            _db.session.commit()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app, db):
    app.test_client_class = _Client
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_form(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """Open ``page`` (default ``url``) like a browser, take its CSRF token, then post."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(html), **data}, **kwargs)


def login(client, username: str, password: str = PASSWORD):
    response = post_form(client, "/login", {"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


NOW = datetime(2026, 3, 5, 2, 0, tzinfo=timezone.utc)  # 2026年3月5日 10:00 in Beijing


@pytest.fixture
def make_org(db):
    from ipcenter.auth.models import Organisation
    from ipcenter.ip.uscc import check_character

    counter = {"n": 0}

    def make(kind="firm", name=None, **kwargs):
        counter["n"] += 1
        base = f"91442000MA{counter['n']:07d}"
        org = Organisation(name=name or f"测试组织{counter['n']}", kind=kind,
                           uscc=base + check_character(base), created_at=NOW, **kwargs)
        db.session.add(org)
        db.session.flush()
        return org

    return make


# scrypt with a small work factor under test: the same function and hash format
# ("scrypt:N:r:p$salt$hash", checked by werkzeug's check_password_hash), 1/32 of the cost.
# The production default (scrypt:32768:8:1) takes close to a second per hash on a busy CI
# machine, and the demo alone hashes sixteen passwords each time a test seeds it.
TEST_HASH_METHOD = "scrypt:1024:8:1"


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    from werkzeug.security import generate_password_hash

    from ipcenter.auth import models, services

    def cheap(password, method="scrypt", salt_length=16):
        if method == "scrypt":
            method = TEST_HASH_METHOD
        return generate_password_hash(password, method=method, salt_length=salt_length)

    patch = pytest.MonkeyPatch()
    patch.setattr(models, "generate_password_hash", cheap)
    # An unknown username still costs one check, now as cheap as a known one's.
    patch.setattr(services, "_DUMMY_HASH", cheap("not-a-password"))
    yield
    patch.undo()


_HASH = {}


def _hash_of_test_password() -> str:
    if "h" not in _HASH:
        from werkzeug.security import generate_password_hash

        _HASH["h"] = generate_password_hash(PASSWORD, method=TEST_HASH_METHOD)
    return _HASH["h"]


@pytest.fixture
def make_user(db, make_org):
    from ipcenter.auth.models import User

    counter = {"n": 0}

    def make(*roles, org=None, username=None, password=PASSWORD, active=True):
        counter["n"] += 1
        kind = {"firm": "firm", "bank": "bank", "agent": "agency", "valuer": "valuer",
                "insurer": "insurer", "provincial": "province"}.get(roles[0] if roles else "",
                                                                   "centre")
        user = User(username=username or f"user{counter['n']}",
                    display_name=f"测试用户{counter['n']}",
                    organisation=org or make_org(kind), active=active, created_at=NOW)
        if password == PASSWORD:  # hashing once keeps the suite fast (scrypt is slow on purpose)
            user.password_hash = _hash_of_test_password()
        else:
            user.set_password(password)
        user.set_roles(roles)
        db.session.add(user)
        db.session.flush()
        return user

    return make


def minimal_pdf() -> bytes:
    """A real one-page PDF (valid for the upload check); append a comment for distinct bytes."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# Fixtures through which a test reaches a database (directly or through another fixture:
# ``item.fixturenames`` is the closure).
_DATABASE_FIXTURES = {"app", "db", "demo_app", "demo_db"}
_BUILDS_ITS_OWN = ("fresh_database", "create_app", "make_app", "migrated_app",
                   "IPCENTER_TEST_DATABASE_URL", "sqlalchemy", "import sqlalchemy")


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL (``IPCENTER_TEST_DATABASE_URL``), leave out the tests that reach no
    database: pure rules and text checks, whose result cannot depend on the backend (the SQLite
    run has them). A module that builds an app or an engine of its own keeps all its tests."""
    if not os.environ.get("IPCENTER_TEST_DATABASE_URL"):
        return
    sources: dict = {}

    def builds_its_own(item) -> bool:
        path = item.path
        if path not in sources:
            text = path.read_text(encoding="utf-8") if path.suffix == ".py" else ""
            sources[path] = "integration" in path.parts or any(
                mark in text for mark in _BUILDS_ITS_OWN)
        return sources[path]

    kept, pure = [], []
    for item in items:
        uses_db = _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (kept if uses_db or builds_its_own(item) else pure).append(item)
    if pure:
        config.hook.pytest_deselected(items=pure)
        items[:] = kept
