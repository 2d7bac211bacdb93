"""Open pages in-process as given users (of ``page_load.py``'s data), capture every SELECT they
issue, and EXPLAIN each on the same database (PostgreSQL: EXPLAIN ANALYZE; SQLite: EXPLAIN QUERY
PLAN). ``--all`` (or ``ALL=1``): one line per statement with the indexes it used and its time.
Arguments: only the pages whose name contains one of them. The database is the application's
(``IPCENTER_DATABASE_URL``)::

    IPCENTER_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/ipc_pages \\
        .venv/bin/python benchmarks/page_plans.py "case list" dashboard
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # after the path

NOW = "2026-03-20T10:00:00+08:00"
F = 2000
PAGES = [
    ("case list, director", F + 21, "/cases/"),
    ("case list, one state, director", F + 21, "/cases/?state=examination"),
    ("case list, adjudicator", F + 1, "/cases/"),
    ("case list, firm", 5, "/cases/"),
    ("case page, patent, director", F + 21, "/cases/5000"),
    ("case page, trademark, director", F + 21, "/cases/5001"),
    ("dashboard, adjudicator", F + 1, "/dashboard"),
    ("dashboard, adjudicator, later p.40", F + 1, "/dashboard?later=40"),
    ("dashboard, firm", 5, "/dashboard"),
    ("dashboard, director", F + 21, "/dashboard"),
    ("dashboard, enforcer", F + 11, "/dashboard"),
    ("admin audit", F + 22, "/admin/audit"),
    ("admin users", F + 22, "/admin/users"),
    ("admin organisations", F + 22, "/admin/organisations"),
]
BIG_TABLES = ("FROM deadline", "FROM legal_case", "FROM audit_event", "audit_event.action",
              "WITH RECURSIVE", "count(*)")
SCANNED = ("legal_case", "deadline", "audit_event", "user_account", "organisation",
           "TEMP B-TREE")
NODES = ("Index", "Seq Scan", "Limit", "Sort", "Aggregate", "Bitmap", "Nested", "Hash Join",
         "Execution Time")


def show(timed: list[tuple], pg: bool, every: bool) -> None:
    """The plans worth reading: on PostgreSQL the statements over 0.3 ms or scanning a big
    table (``every``: one line each with the indexes used), on SQLite those naming a big
    table or a temporary sort."""
    for took, statement, rows in timed:
        head = " ".join(statement.split())
        if pg and every:
            if not any(t in head for t in BIG_TABLES):
                continue
            used = sorted({m for r in rows for m in re.findall(
                r"(?:Index Only Scan|Index Scan(?: Backward)?|Bitmap Index Scan|Seq Scan)"
                r"(?: using)? (?:on )?(\w+)", r)})
            print(f"  {head[:60]}… {'; '.join(used)} [{took:.2f} ms]")
            continue
        if pg and took < 0.3 and not any(
                "Seq Scan on" in r and any(t in r for t in ("legal_case", "deadline ",
                                                            "audit_event")) for r in rows):
            continue
        if not pg and not any(t in r for r in rows for t in SCANNED):
            continue
        print(f"  -- {head[:110]}…" + (f"  [{took:.2f} ms]" if pg else ""))
        for r in rows:
            if not pg or any(k in r for k in NODES):
                print("     " + r.strip()[:150])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="only the pages whose name contains one")
    parser.add_argument("--all", action="store_true", default=bool(os.environ.get("ALL")),
                        help="one line per statement: the indexes used and the time")
    args = parser.parse_args()

    from flask import g

    from ipcenter import create_app
    from ipcenter.core.db import db

    app = create_app({"SECRET_KEY": "x", "IPCENTER_FIXED_NOW": NOW, "WTF_CSRF_ENABLED": False})
    print(f"loadavg before: {common.loadavg()}")
    with app.app_context():
        engine = db.engine
        pg = engine.dialect.name == "postgresql"
        counter = common.Counter(engine)
        for name, uid, url in PAGES:
            if args.pages and not any(o in name for o in args.pages):
                continue
            g.__dict__.clear()  # the outer app context's g would keep the previous user
            client = common.client_of(app, uid, NOW)
            with counter.counting() as statements:
                t0 = time.perf_counter()
                resp = client.get(url)
                took = (time.perf_counter() - t0) * 1000
            db.session.remove()
            captured = common.selects(statements)
            print(f"\n=== {name} {url}: HTTP {resp.status_code}, {len(captured)} SELECTs, "
                  f"{took:.0f} ms in-process")
            with engine.connect() as conn:
                show(common.plans(conn, captured, repeat=0 if pg else 1), pg, args.all)
        counter.close()
    print(f"loadavg after: {common.loadavg()}")


if __name__ == "__main__":
    main()
