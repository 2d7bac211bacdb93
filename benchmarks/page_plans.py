"""Open pages in-process as given users (of ``page_load.py``'s data), capture every SELECT they
issue, and EXPLAIN each on the same database (PostgreSQL: EXPLAIN ANALYZE; SQLite: EXPLAIN QUERY
PLAN). ``ALL=1``: one line per statement with the indexes it used and its time. Arguments: only
the pages whose name contains one of them."""
import os
import re
import sys
import time
import sqlalchemy as sa

from ipcenter import create_app
from ipcenter.core.db import db

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
only = sys.argv[1:] 
app = create_app({"SECRET_KEY": "x", "IPCENTER_FIXED_NOW": "2026-03-20T10:00:00+08:00", "WTF_CSRF_ENABLED": False})
with app.app_context():
    engine = db.engine
    pg = engine.dialect.name == "postgresql"
    for name, uid, url in PAGES:
        if only and not any(o in name for o in only):
            continue
        captured = []
        def hook(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith("SELECT"):
                captured.append((statement, parameters))
        sa.event.listen(engine, "before_cursor_execute", hook)
        from flask import g
        g.__dict__.clear()  # the outer app context's g would keep the previous user
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = f"{uid}:1"
            sess["_fresh"] = True
            sess["_seen"] = int(time.mktime(time.strptime("2026-03-20 02:00", "%Y-%m-%d %H:%M")))
        captured.clear()
        t0 = time.perf_counter()
        resp = client.get(url)
        ms = (time.perf_counter() - t0) * 1000
        sa.event.remove(engine, "before_cursor_execute", hook)
        db.session.remove()
        print(f"\n=== {name} {url}: HTTP {resp.status_code}, {len(captured)} SELECTs, {ms:.0f} ms in-process")
        with engine.connect() as conn:
            for statement, params in captured:
                if pg:
                    rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement, params).scalars().all()
                    total = float(re.search(r"Execution Time: ([\d.]+)", rows[-1]).group(1))
                    if os.environ.get("ALL"):
                        head = " ".join(statement.split())
                        if not any(t in head for t in ("FROM deadline", "FROM legal_case", "FROM audit_event", "audit_event.action", "WITH RECURSIVE", "count(*)")):
                            continue
                        used = sorted({m for r in rows for m in re.findall(r"(?:Index Only Scan|Index Scan(?: Backward)?|Bitmap Index Scan|Seq Scan)(?: using)? (?:on )?(\w+)", r)})
                        print(f"  {head[:60]}… {'; '.join(used)} [{total:.2f} ms]")
                        continue
                    if total < 0.3 and not any("Seq Scan on" in r and any(t in r for t in ("legal_case", "deadline ", "audit_event")) for r in rows):
                        continue
                    head = " ".join(statement.split())[:110]
                    print(f"  -- {head}…  [{total:.2f} ms]")
                    for r in rows:
                        if any(k in r for k in ("Index", "Seq Scan", "Limit", "Sort", "Aggregate", "Bitmap", "Nested", "Hash Join", "Execution Time")):
                            print("     " + r.strip()[:150])
                else:
                    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
                    interesting = [r[-1] for r in rows if any(t in r[-1] for t in ("legal_case", "deadline", "audit_event", "user_account", "organisation", "TEMP B-TREE"))]
                    if not interesting:
                        continue
                    head = " ".join(statement.split())[:110]
                    print(f"  -- {head}…")
                    for r in rows:
                        print("     " + r[-1][:150])
