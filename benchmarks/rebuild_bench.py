"""``flask search rebuild`` from a real database: loads N cases with realistic shape (two parties,
a panel of three, an uploaded file with extracted text, every tenth published) into a database of
its own, then times ``search.rebuild()`` (reading in batches, building, analysing, indexing) and
counts its SQL statements.

    createdb -h 127.0.0.1 -U postgres ipc_search
    .venv/bin/python benchmarks/rebuild_bench.py --cases 3000
    .venv/bin/python benchmarks/rebuild_bench.py --cases 3000 --backend whoosh
    .venv/bin/python benchmarks/rebuild_bench.py --database sqlite:////tmp/rebuild.db

THE DATABASE IS EMPTIED FIRST (schema dropped and migrated again): give it one of its own. The
rows are written with bulk inserts (not through the services: what is measured is the rebuild).
Prints figures and the load average; no asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from benchmarks import common  # after the path
from benchmarks.common import loadavg
from benchmarks.search_corpus import BRANDS, PRODUCTS, SUFFIXES, TOWNS, TRADES, generate

T0 = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


def _uscc(rng: random.Random) -> str:
    return "9144" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(14))


def load(app, n: int, seed: int = 7) -> None:
    """N patent cases with parties, panel, one file each, in bulk inserts."""
    from ipcenter.auth.models import Organisation, User, UserRole
    from ipcenter.cases.models import Case, CaseDocument, CaseHandler, CaseParty, PatentCase
    from ipcenter.core.db import db
    from ipcenter.core.models import StoredFile

    rng = random.Random(seed)
    corpus = generate(min(n, 2000), seed, min_bytes=600, max_bytes=2500)
    with app.app_context():
        conn = db.session.connection()
        firms = []
        names = {f"{t}{b}{tr}{s}" for t in TOWNS for b in BRANDS for tr in TRADES
                 for s in SUFFIXES}
        for i, name in enumerate(sorted(names)[:200], start=1):
            firms.append({"id": i, "name": name, "kind": "firm", "uscc": _uscc(rng),
                          "address": f"{rng.choice(TOWNS)}{rng.randint(1, 300)}号",
                          "active": True, "created_at": T0})
        centre = {"id": len(firms) + 1, "name": "中山市知识产权保护中心", "kind": "centre",
                  "uscc": _uscc(rng), "address": "", "active": True, "created_at": T0}
        conn.execute(sa.insert(Organisation), [*firms, centre])
        users = [{"id": i, "username": f"firm{i}", "display_name": f"企业用户{i}",
                  "password_hash": "x", "organisation_id": i, "active": True,
                  "created_at": T0, "session_version": 1} for i in range(1, len(firms) + 1)]
        judges = [{"id": len(users) + k, "username": f"judge{k}", "display_name": f"审理员{k}",
                   "password_hash": "x", "organisation_id": centre["id"], "active": True,
                   "created_at": T0, "session_version": 1} for k in range(1, 13)]
        conn.execute(sa.insert(User), [*users, *judges])
        conn.execute(sa.insert(UserRole), [{"user_id": u["id"], "role": "firm"} for u in users]
                     + [{"user_id": j["id"], "role": "adjudicator"} for j in judges])
        conn.execute(sa.insert(StoredFile), [{"sha256": f"{k:064x}", "size": 1000,
                                             "content_type": "application/pdf",
                                             "created_at": T0} for k in range(1, 51)])
        states = ["submitted", "accepted", "served", "examination", "decided", "closed"]
        for start in range(0, n, 2000):
            cases, patents, parties, handlers, docs = [], [], [], [], []
            for cid in range(start + 1, min(n, start + 2000) + 1):
                g = corpus[cid % len(corpus)]
                a, b = rng.sample(firms, 2)
                created = T0 + timedelta(minutes=cid)
                state = rng.choice(states)
                number = g.patents and min(g.patents) or f"2024{cid:08d}1"
                cases.append({
                    "id": cid, "kind": "patent", "state": state,
                    "number": f"（2026）粤中知保字第{cid}号", "title": g.doc.title[:300],
                    "summary": "", "filed_by_id": a["id"], "filed_by_org_id": a["id"],
                    "client_token": f"bench-{cid}", "created_at": created,
                    "submitted_at": created, "accepted_at": created + timedelta(days=3),
                    "published_at": created + timedelta(days=90)
                    if state in ("decided", "closed") and cid % 10 == 0 else None,
                    "version": 1})
                patents.append({
                    "id": cid, "patent_number": number[:20], "patent_kind": "design",
                    "patent_title": f"一种{rng.choice(PRODUCTS)}", "claim": "请求责令停止侵权。",
                    "facts": g.doc.body[:3000], "findings": "经审理查明，构成侵权。",
                    "basis": "专利法第十一条", "infringement": True, "acceptance_checklist": "{}"})
                for pid, (role, org) in enumerate((("requester", a), ("respondent", b))):
                    parties.append({"id": 2 * cid - 1 + pid, "case_id": cid, "role": role,
                                    "organisation_id": org["id"], "name": org["name"],
                                    "address": org["address"], "uscc": org["uscc"],
                                    "statement": "不构成侵权。" if role == "respondent" else ""})
                for k, judge in enumerate(rng.sample(judges, 3)):
                    handlers.append({"case_id": cid, "user_id": judge["id"],
                                     "role": "presiding" if k == 0 else "member",
                                     "assigned_at": created})
                docs.append({"id": cid, "case_id": cid, "kind": "evidence",
                             "title": "证据材料", "filename": "evidence.pdf",
                             "sha256": f"{cid % 50 + 1:064x}", "content_type": "application/pdf",
                             "size": 1000, "audience": "parties", "party_id": 2 * cid - 1,
                             "uploaded_by_id": a["id"], "created_at": created,
                             "text_status": "done", "text": g.doc.body})
            conn.execute(sa.insert(Case.__table__), cases)
            conn.execute(sa.insert(PatentCase.__table__), patents)
            conn.execute(sa.insert(CaseParty.__table__), parties)
            conn.execute(sa.insert(CaseHandler.__table__), handlers)
            conn.execute(sa.insert(CaseDocument.__table__), docs)
        if db.engine.dialect.name == "postgresql":
            for table in ("organisation", "user_account", "legal_case", "case_party",
                          "case_document"):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))"))
            conn.execute(sa.text("ANALYZE"))
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--backend", choices=("tantivy", "whoosh"), default="tantivy")
    parser.add_argument("--database",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/ipc_search")
    parser.add_argument("--keep", action="store_true", help="do not load again (rows exist)")
    parser.add_argument("--workers", type=int, default=None,
                        help="analysis processes (default: what flask search rebuild uses)")
    args = parser.parse_args()

    from ipcenter import search
    from ipcenter.core.db import db

    data = Path(tempfile.mkdtemp(prefix="rebuild-bench-"))
    app = common.make_app(args.database, data, IPCENTER_SEARCH_BACKEND=args.backend,
                          RATELIMIT_STORAGE_URI="memory://")
    if args.workers is not None:
        search.auto_workers = lambda _total, _backend: args.workers
    print(f"rebuild benchmark: {args.cases:,} cases, {args.backend}, "
          f"{args.database.split('@')[-1]}, {os.cpu_count()} CPUs, load {loadavg()}")
    if not args.keep:
        started = time.perf_counter()
        with app.app_context():
            common.reset_schema()
        load(app, args.cases)
        print(f"loaded in {time.perf_counter() - started:.1f} s")
    with app.app_context():
        counter = common.Counter(db.engine)
        with counter.counting() as statements:
            started = time.perf_counter()
            report = search.rebuild()
            took = time.perf_counter() - started
        counter.close()
        db.engine.dispose()
    print(f"rebuild: {report.documents:,} documents in {took:.1f} s = "
          f"{report.documents / took:,.0f} documents/s, {len(statements)} SQL statements "
          f"({len(statements) / max(1, report.documents):.3f} per document), "
          f"errors {len(report.errors)}, workers {args.workers or 'auto'}; "
          f"load after {loadavg()}")


if __name__ == "__main__":
    main()
