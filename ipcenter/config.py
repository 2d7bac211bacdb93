"""Configuration read from ``IPCENTER_*`` environment variables, with a working embedded default.

With no variable set, ipcenter runs embedded: SQLite, files and the search index under the data
directory (``instance/``), Celery tasks run eagerly in-process after commit.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_PREFIX = "IPCENTER_"


# Where a document's verification address points unless IPCENTER_SITE_URL says otherwise: right
# only for a server reached on this machine (``site_url_warning``).
DEFAULT_SITE_URL = "http://127.0.0.1:5000"


def _is_loopback(host: str) -> bool:
    import ipaddress

    host = (host or "").strip("[]").lower()
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.endswith(".localhost")


def site_url_warning(site_url: str, serving_host: str) -> str | None:
    """Why the verification address printed on documents would not reach the server, or None:
    it names this machine (the default) while the server listens on another address, so
    whoever holds a document elsewhere cannot verify it."""
    from urllib.parse import urlsplit

    site_host = urlsplit(site_url or "").hostname or ""
    if _is_loopback(serving_host) or not _is_loopback(site_host):
        return None
    return (f"IPCENTER_SITE_URL is {site_url!r}, an address of this machine, but the server "
            f"listens on {serving_host}: documents issued now would print a verification "
            "address nobody else can open. Set IPCENTER_SITE_URL to the address users reach "
            "(e.g. https://ip.example.gov.cn).")


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(ENV_PREFIX + name)
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


# The longest a task may run (text extraction with OCR: soft limit 600 s, hard limit 660 s).
# The broker's visibility timeout must be longer, or a task still running would be handed to a
# second worker; and the sweeper's window longer still, or it would re-queue running work.
LONGEST_TASK_SECONDS = 660


def _load_key(env_name: str, path: Path) -> str:
    """The key in ``IPCENTER_<env_name>``, or in ``path``; a missing key is generated once with
    ``secrets`` and written with mode 0600, so that it survives restarts and is never a
    constant in the code."""
    configured = _env(env_name)
    if configured:
        return configured
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load_secret_key(data_dir: Path) -> str:
    """Return the secret key from ``IPCENTER_SECRET_KEY`` or from ``<data_dir>/secret_key``."""
    return _load_key("SECRET_KEY", data_dir / "secret_key")


def load_audit_key(data_dir: Path) -> str:
    """Return the audit log's HMAC key from ``IPCENTER_AUDIT_KEY`` or ``<data_dir>/audit_key``.

    A key of its own, not derived from the secret key: changing the secret key (to end every
    session) must not make the audit chain unverifiable."""
    return _load_key("AUDIT_KEY", data_dir / "audit_key")


def build_config(instance_path: str) -> dict:
    """The application's configuration: environment first, embedded defaults second."""
    data_dir = Path(_env("DATA_DIR", instance_path)).resolve()
    broker = _env("BROKER_URL")
    # A message a worker took but never acknowledged (the worker was killed) goes back to the
    # queue after this long; checked every tenth of it (at most each minute).
    visibility = _env_int("BROKER_VISIBILITY_TIMEOUT", LONGEST_TASK_SECONDS + 240)
    stale_after = _env_int("STALE_WORK_SECONDS", 2 * visibility)
    database = _env("DATABASE_URL", f"sqlite:///{data_dir / 'ipcenter.db'}")
    return {
        "IPCENTER_DATA_DIR": str(data_dir),
        "SECRET_KEY": None,  # filled by the factory, after a test config may have set one
        "IPCENTER_AUDIT_KEY": None,  # the same
        # The audit chain's head kept outside the database, shared by every server (unset:
        # <data dir>/audit_head, filled by the factory).
        "IPCENTER_AUDIT_HEAD_FILE": _env("AUDIT_HEAD_FILE"),
        "SQLALCHEMY_DATABASE_URI": database,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "IPCENTER_FILES_DIR": _env("FILES_DIR", str(data_dir / "files")),
        "IPCENTER_INDEX_DIR": _env("INDEX_DIR", str(data_dir / "index")),
        "IPCENTER_SEARCH_BACKEND": _env("SEARCH_BACKEND", "whoosh"),
        # Uploads: the request limit, checked by Werkzeug before a view reads the body (413).
        "MAX_CONTENT_LENGTH": _env_int("MAX_UPLOAD_MB", 50) * 1024 * 1024,
        "IPCENTER_BROKER_URL": broker,
        # Work (a render, an extraction, an index entry) pending longer than this is queued
        # again by the sweeper, and reported by ``flask search check``.
        "IPCENTER_STALE_WORK_SECONDS": stale_after,
        "CELERY": {
            "broker_url": broker or "memory://",
            "result_backend": None,
            "task_always_eager": broker is None,
            "task_eager_propagates": False,
            "task_ignore_result": True,
            "task_serializer": "json",
            "accept_content": ["json"],
            "task_routes": {"search.*": {"queue": "index"}},
            # A message is acknowledged once its task has run, and given back to the queue when
            # the worker running it dies: work is done at least once (tasks are idempotent).
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            # Sending never waits for a broker that is down: one try, a short connect timeout;
            # the message stays in the outbox and is sent again (core.redeliver_outbox).
            "broker_connection_timeout": 2,
            "broker_transport_options": {
                "max_retries": 0,
                "socket_connect_timeout": 2,
                "socket_timeout": 10,
                "visibility_timeout": visibility,
                "unacked_restore_interval": max(1, min(60, visibility // 10)),
                "unacked_restore_throttle": 1,
            },
            "beat_schedule": {
                "outbox-redeliver": {"task": "core.redeliver_outbox",
                                     "schedule": float(_env_int("REDELIVER_SECONDS", 30))},
                "stale-work-sweep": {"task": "core.sweep_stale_work",
                                     "schedule": float(_env_int("SWEEP_SECONDS", 300))},
                "deadlines-scan": {"task": "core.scan_deadlines", "schedule": 3600.0},
            },
            "timezone": "Asia/Shanghai",
        },
        # Sign-in throttling (Flask-Limiter); memory in the embedded default, Redis when set.
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "IPCENTER_LOGIN_LIMIT_PER_ADDRESS": _env("LOGIN_LIMIT_PER_ADDRESS", "20 per 10 minutes"),
        "IPCENTER_LOGIN_LIMIT_PER_ACCOUNT": _env("LOGIN_LIMIT_PER_ACCOUNT", "5 per 10 minutes"),
        # Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: none), so that
        # sign-in throttling keys on the client's address, not the proxy's.
        "IPCENTER_PROXY_HOPS": _env_int("PROXY_HOPS", 0),
        # Cookies: never readable by scripts, not sent on cross-site requests.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env("COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # A signed-in session unused this long ends (renewed by every request, to the minute).
        "IPCENTER_SESSION_IDLE_MINUTES": _env_int("SESSION_IDLE_MINUTES", 120),
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "IPCENTER_LANGUAGES": ["zh_CN", "en"],
        "BOOTSTRAP_SERVE_LOCAL": True,
        # The office whose numbers and documents the system issues.
        "IPCENTER_OFFICE_NAME": _env("OFFICE_NAME", "中山市市场监督管理局"),
        # The address printed on documents for their verification (<site>/verify/<code>).
        "IPCENTER_SITE_URL": _env("SITE_URL", DEFAULT_SITE_URL),
        "IPCENTER_TIMEZONE": "Asia/Shanghai",
        # A fixed "now" (ISO 8601) for demos and browser tests; unset in production.
        "IPCENTER_FIXED_NOW": _env("FIXED_NOW"),
    }
