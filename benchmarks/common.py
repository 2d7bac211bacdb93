"""What the benchmark scripts share: the machine's load, sizes and their labels, percentiles and
times, the application on a database of the benchmark's own (created, emptied and migrated), a
signed-in test client, an SQL statement counter, a results table in Markdown, and the plans of
the statements a page issued (``--explain``). Not a script; each script imports it after putting
the repository root on ``sys.path``::

    ROOT = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(ROOT))

    from benchmarks import common  # after the path
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
# PostgreSQL as the benchmarks find it: on this machine, user postgres, trust.
PG = "postgresql+psycopg://postgres@127.0.0.1:5432"


# ---------------------------------------------------------------------------------------------
# The machine, the sizes, the figures


def loadavg() -> str:
    """The load average over 1, 5 and 15 minutes (``0.58 0.61 0.70``): printed before and after
    every run, since the machine's two cores are shared and a busy one doubles the times."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def label(n: int) -> str:
    """``100k`` for 100,000, ``1500`` for 1,500."""
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


def sizes(text: str, parser: argparse.ArgumentParser, option: str) -> list[int]:
    """The comma-separated numbers of ``option`` (``1000,100_000``), sorted, each once; a usage
    error on anything else."""
    try:
        found = sorted({int(x.replace("_", "")) for x in text.split(",") if x.strip()})
    except ValueError:
        parser.error(f"{option} takes numbers, e.g. 1000,100000")
    if not found:
        parser.error(f"{option} takes at least one number")
    return found


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` quantile (0.95: p95)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def spread(counts: Iterable[int]) -> str:
    """``12``, or ``15–17`` when the runs differ (the SQL statements of a page)."""
    found = sorted(set(counts))
    return str(found[0]) if found[0] == found[-1] else f"{found[0]}–{found[-1]}"


def table(header: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Print a Markdown table (what ``benchmarks/README.md`` keeps)."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


# ---------------------------------------------------------------------------------------------
# The application and its database


def make_app(url: str, data_dir: Path | str, **config):
    """The application on ``url`` with its keys, audit head, files and index under
    ``data_dir``; ``config`` adds or overrides settings."""
    from ipcenter import create_app

    data_dir = Path(data_dir)
    return create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                       "IPCENTER_DATA_DIR": str(data_dir),
                       "IPCENTER_INDEX_DIR": str(data_dir / "index"),
                       "IPCENTER_FILES_DIR": str(data_dir / "files"), **config})


def createdb(name: str) -> None:
    """Create the PostgreSQL database ``name`` (nothing if it exists)."""
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
                   capture_output=True, check=False)


def reset_schema() -> None:
    """Empty the application's database and migrate it to the head (``flask db upgrade``),
    inside an application context: PostgreSQL drops and recreates its public schema, SQLite
    drops the models' tables and Alembic's. The audit chain's head file goes too (a new chain
    starts from the genesis)."""
    from flask_migrate import upgrade

    from ipcenter.core import audit
    from ipcenter.core.db import db

    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    audit._head_path().unlink(missing_ok=True)
    upgrade()
    db.session.remove()


def analyze(vacuum: bool = False) -> None:
    """``ANALYZE`` (``VACUUM ANALYZE``) the application's PostgreSQL database after a load."""
    from ipcenter.core.db import db

    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if vacuum else "ANALYZE"))


def rows_in(table_name: str) -> int:
    """How many rows ``table_name`` holds; -1 when the schema does not have it yet."""
    from ipcenter.core.db import db

    try:
        return db.session.execute(sa.text(f"SELECT count(*) FROM {table_name}")).scalar()
    except (sa.exc.ProgrammingError, sa.exc.OperationalError):
        db.session.rollback()
        return -1


def client_of(app, user_id: int, now: str):
    """A test client signed in as ``user_id`` (a fresh session, seen at ``now``, ISO 8601)."""
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = f"{user_id}:1"
        sess["_fresh"] = True
        sess["_seen"] = int(datetime.fromisoformat(now).timestamp())
    return client


class Counter:
    """The SQL statements (text, parameters) an engine runs while ``on``, or inside
    ``with counter.counting() as statements``."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[tuple[str, object]] = []
        self.on = False
        sa.event.listen(engine, "before_cursor_execute", self._hook)

    def _hook(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            self.statements.append((statement, parameters))

    def start(self) -> list[tuple[str, object]]:
        self.statements, self.on = [], True
        return self.statements

    def stop(self) -> list[tuple[str, object]]:
        self.on = False
        return self.statements

    @contextmanager
    def counting(self):
        statements = self.start()
        try:
            yield statements
        finally:
            self.stop()

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._hook)


# ---------------------------------------------------------------------------------------------
# The plans (--explain)


def add_explain_options(parser: argparse.ArgumentParser, what: str, top: int) -> None:
    parser.add_argument("--explain", action="store_true", help=what)
    parser.add_argument("--top", type=int, default=top,
                        help=f"plans printed (default {top})")


def selects(statements: Iterable[tuple[str, object]]) -> list[tuple[str, object]]:
    return [(s, p) for s, p in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def plans(conn, statements: Iterable[tuple[str, object]], repeat: int = 3) -> list[tuple]:
    """``(milliseconds, statement, plan lines)`` for each SELECT of ``statements``: on
    PostgreSQL the plan of ``EXPLAIN ANALYZE`` and the best of ``repeat`` plain runs (without
    EXPLAIN's own cost; its Execution Time when ``repeat`` is 0), on SQLite ``EXPLAIN QUERY
    PLAN`` and the best of the plain runs."""
    pg = conn.dialect.name == "postgresql"
    found = []
    for statement, params in selects(statements):
        best = None
        for _ in range(repeat):
            t0 = time.perf_counter()
            conn.exec_driver_sql(statement, params).all()
            best = min(best or 1e9, time.perf_counter() - t0)
        if pg:
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement,
                                        params).scalars().all()
            if best is None:
                best = float(re.search(r"Execution Time: ([\d.]+)", rows[-1]).group(1)) / 1000
        else:
            rows = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                        params).all()]
        found.append(((best or 0) * 1000, statement, rows))
    return found


PLAN_NODES = ("Index", "Seq Scan", "Sort", "Bitmap", "Limit", "Aggregate", "Join", "Nested",
              "SCAN", "SEARCH", "TEMP B-TREE")


def print_plans(timed: list[tuple], top: int, *, every: bool = True, width: int = 160,
                head: int = 400, nodes: Sequence[str] | None = None) -> None:
    """Each statement with its time (``every``), then the plans of the ``top`` slowest: every
    line, or only the lines naming one of ``nodes`` (scans, joins, sorts)."""
    if every:
        for took, statement, _ in timed:
            print(f"  {took:7.1f} ms  {' '.join(statement.split())[:110]}")
    for took, statement, rows in sorted(timed, key=lambda t: -t[0])[:top]:
        print(f"\n  -- {' '.join(statement.split())[:head]}  [{took:.1f} ms]")
        for row in rows:  # the plan's own indentation, unless filtered
            if nodes is None:
                print("     " + row[:width])
            elif any(k in row for k in nodes):
                print("     " + row.strip()[:width])
