"""The director's statistics (``/reports/``) at 100,000 cases on PostgreSQL, in-process.

It (re)creates a database of its own (``ipc_reports_bench`` by default), migrates it and fills
it with the loaders of the other benchmarks, imported: first ``prexam_bench.load`` (N
pre-examination requests over 2024–2026 with their firms, examiners, clocks and audit rows; its
accounts are renamed ``px…`` so that the demo's can follow), then the demo accounts
(``demo.seed`` with only pledge's demo data: its pool and its six loans) and
``web_load.load`` (N cases, 70% patent and 30% trademark, states over each workflow, parties,
panels, documents, clocks, audit rows). Over those, in SQL (``prexam_bench._insert``): the
trademark cases' decisions (a penalty for the closed and the paying ones, a decision of no
penalty for a tenth of the closed, their turnover, fines and confiscations), a foreign holder on
one complaint in twenty, a referral letter for one trademark case in a hundred, and
``--loans`` disbursed pledge loans over three years. ``VACUUM ANALYZE`` after.

Then, signed in as the director with the Flask test client, it opens the page for this year,
last year, a quarter and a month, interleaved, and calls the two halves of the page's work
directly (``figures.annual`` for the year, ``figures.operations``: the operational figures of
the day). It prints the median and p95 of each, the SQL statements each issues (an SQLAlchemy
counter) and ``os.getloadavg()`` before and after; ``--explain`` prints the plans of the
slowest statements (``EXPLAIN ANALYZE``) of the year's page. Run from the repository root::

    .venv/bin/python benchmarks/reports_bench.py                  # 100,000 cases
    .venv/bin/python benchmarks/reports_bench.py --reuse --runs 30 --explain
    .venv/bin/python benchmarks/reports_bench.py --cases 1000 --requests 500 --database ipc_x

``--reuse`` keeps a database that already holds the number of cases asked for (migrated to the
head first: an index added since is built on the rows kept).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import common, prexam_bench, web_load  # after the path
from benchmarks.common import loadavg, ms, percentile

NOW = prexam_bench.NOW                       # 1 December 2026, 10:00 in Beijing
TODAY = datetime.fromisoformat(NOW).date()
LAST_YEAR = TODAY.year - 1


# ---------------------------------------------------------------------------------------------
# The load


def enrich(conn, loans: int) -> dict[str, int]:
    """What the cases' loader leaves out and the report counts: trademark decisions and their
    money, foreign holders, referral letters, and disbursed pledge loans."""
    counts = {}
    counts["trademark decisions"] = conn.execute(sa.text("""
        UPDATE trademark_case AS t SET
            decision_kind = CASE WHEN c.state = 'tm_closed' AND c.id % 10 = 0 THEN 'none'
                                 ELSE 'penalty' END,
            decided_on = (coalesce(c.closed_at, c.accepted_at + INTERVAL '50 days')
                          AT TIME ZONE 'Asia/Shanghai')::date - 10,
            turnover = 2000 + (c.id::bigint * 7919) % 300000,
            fine = CASE WHEN c.state = 'tm_closed' AND c.id % 10 = 0 THEN NULL
                        ELSE 1000 + (c.id::bigint * 104729) % 250000 END,
            confiscated_value = CASE WHEN c.id % 3 = 0 THEN (c.id * 31) % 40000 END
        FROM legal_case AS c
        WHERE c.id = t.id AND c.accepted_at IS NOT NULL
          AND c.state IN ('tm_closed', 'tm_awaiting_payment')""")).rowcount
    counts["foreign holders"] = conn.execute(sa.text(
        "UPDATE trademark_case SET foreign_holder = true WHERE id % 20 = 0")).rowcount
    counts["referral letters"] = prexam_bench._insert(conn, "case_document", {
        "case_id": "c.id", "kind": "'official'", "title": "'涉嫌犯罪案件移送书'",
        "template": "'referral_letter'", "audience": "'parties'",
        "created_at": "c.accepted_at + INTERVAL '40 days'"},
        "legal_case AS c WHERE c.kind = 'trademark' AND c.accepted_at IS NOT NULL "
        "AND c.id % 100 = 7")
    counts["pledge loans"] = prexam_bench._insert(conn, "pledge_application", {
        "kind": "'pledge'", "state": "CASE WHEN g % 3 = 0 THEN 'pl_repaid' "
                                     "ELSE 'pl_monitoring' END",
        "title": "'专利权质押贷款' || g", "filed_by_id": "f.uid",
        "borrower_org_id": "f.org", "bank_org_id": "b.id",
        "client_token": "'bench-loan-' || g", "amount": "500000 + (g::bigint * 7919) % 5000000",
        "approved_amount": "500000 + (g::bigint * 7919) % 5000000", "term_months": "12",
        "repayment_method": "'equal'",
        "created_at": f"TIMESTAMPTZ '2024-01-01 10:00+08' + (g * 1060 / {loans}) "
                      "* INTERVAL '1 day'",
        "disbursed_on": f"DATE '2024-01-20' + g * 1060 / {loans}"},
        f"generate_series(1, {loans}) AS s(g) "
        "CROSS JOIN LATERAL (SELECT u.id AS uid, u.organisation_id AS org FROM user_account u "
        "JOIN organisation o ON o.id = u.organisation_id WHERE o.kind = 'firm' "
        "ORDER BY u.id OFFSET g % 200 LIMIT 1) AS f "
        "CROSS JOIN LATERAL (SELECT id FROM organisation WHERE kind = 'bank' "
        "ORDER BY id OFFSET g % 2 LIMIT 1) AS b") if loans else 0
    return counts


def prepare(args) -> dict:
    from flask_migrate import upgrade

    from ipcenter.core.db import db

    url = f"{common.PG}/{args.database}"
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    common.createdb(args.database)
    app = prexam_bench.make_app(url, data_dir)
    with app.app_context():
        if args.reuse and common.rows_in("legal_case") == args.cases:
            upgrade()  # the rows kept, the schema brought to the head (new indexes)
            common.analyze()
            print(f"reusing {args.database}: {args.cases:,} cases", flush=True)
        else:
            t0 = time.perf_counter()
            common.reset_schema()
            counts = {}
            with db.engine.begin() as conn:
                found = prexam_bench.load(conn, args.prexam)
                counts.update({f"prexam {t}": c for t, c in found.items()})
                # The demo's accounts come next, under their own usernames.
                conn.execute(sa.text("UPDATE user_account SET username = 'px' || username"))
            # The demo's accounts and its pledge pool and loans (not its cases).
            web_load.seed_accounts()
            counts.update(web_load.load(args.cases, seed=args.seed))
            with db.engine.begin() as conn:
                counts.update(enrich(conn, args.loans))
            common.analyze(vacuum=True)
            print(f"{args.database}: loaded in {time.perf_counter() - t0:.0f} s: "
                  + ", ".join(f"{t} {c:,}" for t, c in counts.items()), flush=True)
        director = db.session.execute(sa.text(
            "SELECT id FROM user_account WHERE username = 'director'")).scalar_one()
        facts = db.session.execute(sa.text("""
            SELECT (SELECT count(*) FROM legal_case),
                   (SELECT count(*) FROM legal_case WHERE kind = 'patent'),
                   (SELECT count(*) FROM legal_case WHERE kind = 'trademark'),
                   (SELECT count(*) FROM deadline), (SELECT count(*) FROM case_document),
                   (SELECT count(*) FROM pledge_application),
                   (SELECT count(*) FROM prexam_request)""")).one()
        db.session.remove()
    return {"app": app, "director": director, "facts": facts}


# ---------------------------------------------------------------------------------------------
# The measures

PAGES = [  # (name, path)
    (f"page, year ({TODAY.year})", "/reports/"),
    (f"page, year ({LAST_YEAR})", f"/reports/?year={LAST_YEAR}"),
    (f"page, quarter ({TODAY.year} Q3)", f"/reports/?year={TODAY.year}&quarter=3"),
    (f"page, month ({TODAY.year}-11)", f"/reports/?year={TODAY.year}&month=11"),
]
PARTS = ["annual() (year)", "operations() (year)"]


def measure(size: dict, runs: int, seed: int) -> dict:
    from ipcenter.core.db import db
    from ipcenter.reports import figures
    from ipcenter.reports.periods import choose

    app = size["app"]
    with app.app_context():
        counter = common.Counter(db.engine)
    client = common.client_of(app, size["director"], NOW)
    period = choose(today=TODAY).period

    def run(name):
        counter.start()
        t0 = time.perf_counter()
        if name in PARTS:
            with app.app_context():
                if name.startswith("annual"):
                    figures.annual(period)
                else:
                    figures.operations(period, TODAY)
                db.session.remove()
            status, size_kb = 200, 0
        else:
            response = client.get(dict(PAGES)[name])
            status, size_kb = response.status_code, len(response.data) / 1024
        elapsed = time.perf_counter() - t0
        counter.stop()
        if status != 200:
            raise SystemExit(f"{name}: HTTP {status}")
        return elapsed, len(counter.statements), size_kb, counter.statements

    names = [name for name, _ in PAGES] + PARTS
    for name in names:  # one warm-up each (templates, caches, connections)
        run(name)
    order = names * runs
    random.Random(seed).shuffle(order)
    results = {name: [] for name in names}
    slowest = {}
    for name in order:
        elapsed, count, size_kb, statements = run(name)
        results[name].append((elapsed, count, size_kb))
        if name not in slowest or elapsed > slowest[name][0]:
            slowest[name] = (elapsed, statements)
    return {"results": results, "slowest": slowest}


def report(measured: dict) -> None:
    rows = []
    for name, runs in measured["results"].items():
        times = [t for t, _, _ in runs]
        kb = statistics.median(k for _, _, k in runs)
        rows.append([name, ms(statistics.median(times)), ms(percentile(times, 0.95)),
                     common.spread(c for _, c, _ in runs), f"{kb:.0f}" if kb else "–"])
    common.table(["measured", "p50", "p95", "SQL", "KB"], rows)


def explain(size: dict, measured: dict, name: str, top: int) -> None:
    """Each statement of ``name``'s slowest run with its time (the best of three plain runs,
    without EXPLAIN's own cost), then the plans (``EXPLAIN ANALYZE``) of the ``top`` slowest."""
    from ipcenter.core.db import db

    _, statements = measured["slowest"][name]
    with size["app"].app_context(), db.engine.connect() as conn:
        timed = common.plans(conn, statements)
    print(f"\n=== {name}: {len(statements)} statements, {len(timed)} SELECTs, "
          f"{sum(t for t, _, _ in timed):.1f} ms run alone")
    common.print_plans(timed, top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--prexam", type=int, default=10_000,
                        help="pre-examination requests (default 10,000 over three years)")
    parser.add_argument("--loans", type=int, default=360,
                        help="disbursed pledge loans over three years (default 360)")
    parser.add_argument("--runs", type=int, default=20, help="requests of each (default 20)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a database that already holds that many cases")
    common.add_explain_options(
        parser, "each statement of the year's page, the plans of the slowest", top=6)
    parser.add_argument("--database", default="ipc_reports_bench")
    parser.add_argument("--data-dir", default="/tmp/ipcenter-reports-bench",
                        help="keys and the audit head")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if args.cases < 10 or args.prexam < 100 or args.runs < 1:
        parser.error("at least 10 cases, 100 requests and 1 run")

    print(f"loadavg before: {loadavg()}", flush=True)
    began = time.perf_counter()
    size = prepare(args)
    cases, patent, trademark, clocks, documents, loans, requests = size["facts"]
    print(f"{cases:,} cases ({patent:,} patent, {trademark:,} trademark), {clocks:,} clocks, "
          f"{documents:,} case documents, {loans:,} pledge applications, {requests:,} "
          f"pre-examination requests; today {TODAY}", flush=True)
    print(f"loadavg before the requests: {loadavg()}", flush=True)
    measured = measure(size, args.runs, args.seed)
    print(f"\n{args.runs} runs each, interleaved, in-process (Flask test client, the director); "
          "SQL: the statements of one run")
    report(measured)
    print(f"loadavg after: {loadavg()}")
    print(f"total {time.perf_counter() - began:.0f} s")
    if args.explain:
        explain(size, measured, PAGES[0][0], top=args.top)


if __name__ == "__main__":
    main()
