"""The rapid pre-examination pages (``/prexam/``) at 1,000 and 100,000 requests on PostgreSQL,
in-process.

For each size it (re)creates a database of its own (``ipc_prexam_bench_1k``,
``ipc_prexam_bench_100k`` …), migrates it (``flask db upgrade``) and fills it in SQL with
``INSERT … SELECT … FROM generate_series`` (``load``): 300 firms with a user each, 280 of them
with an approved 备案 (12 applied, 8 with a suspension proposed), 8 examiners, the director, then
N requests submitted over three years — the last 4% still open (submitted, at the
classification check, under examination, an opinion issued, amended), the others passed, filed
at CNIPA, granted, rejected, failed, returned or withdrawn; 60% utility models over 8 IPC
subclasses, 40% designs over 6 Locarno ones — each with its applicant (10% a university
besides), its examiner in charge once taken up, its files (5 or 3 application documents, an
amendment per round answered), its opinion rounds, its clocks (the open one of its state, the
closed classification clock) and 3 audit rows.

It then opens the pages with the Flask test client, signed in as a firm (``firm1``), the first
examiner and the director: the firm's list, the examiner's queue and the lists ``mine`` and
``all``, a request's page, a registration's page, 我的工作 and the statistics page, interleaved
across pages, users and sizes. It prints p50/p95, the SQL statements each page issues (an
SQLAlchemy ``before_cursor_execute`` counter), the page size and the growth 100k/1k, and
``/proc/loadavg`` before and after. Run from the repository root::

    .venv/bin/python benchmarks/prexam_bench.py                      # 1,000 and 100,000
    .venv/bin/python benchmarks/prexam_bench.py --sizes 1000 --runs 10 --reuse
    .venv/bin/python benchmarks/prexam_bench.py --explain            # each page's slowest plan

``--reuse`` keeps a database that already holds the number of requests asked for (migrated to
the head first: an index added since is built on the rows kept).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import common  # after the path
from benchmarks.common import PG, label, loadavg, ms, percentile

NOW = "2026-12-01T10:00:00+08:00"
FIRMS, APPLIED, SUSPENDING = 300, 12, 8      # the last 20 firms: a filing not approved
EXAMINERS = 8
# Users: 1..FIRMS the firms' (user g of organisation g + 1); then the examiners, the director.
EXAMINER1 = FIRMS + 1
DIRECTOR = FIRMS + EXAMINERS + 1
USERS = {"firm": (1, "firm1"), "examiner": (EXAMINER1, "examiner1"),
         "director": (DIRECTOR, "director")}
UTILITY = ["F21V", "F21S", "F21K", "H05B", "F21L", "F21Y", "G09F", "H01R"]
DESIGN = ["26-01", "26-02", "26-03", "26-04", "26-05", "26-06"]
SPAN_MINUTES = 1_532_160                     # 2024-01-01 to 2026-11-30
OPEN_SHARE = 4                               # % of the requests, the latest, still open


# ---------------------------------------------------------------------------------------------
# The load


def _insert(conn, table: str, cols: dict[str, str], source: str) -> int:
    """``INSERT INTO table (cols) SELECT exprs FROM source``; NOT NULL columns left out get a
    neutral value ('', 0, false), as the models' Python-side defaults would."""
    filled = dict(cols)
    for name, kind in conn.execute(sa.text(
            "SELECT column_name, data_type FROM information_schema.columns WHERE "
            "table_name = :t AND is_nullable = 'NO' AND column_default IS NULL"), {"t": table}):
        if name not in filled:
            filled[name] = {"boolean": "false", "json": "'{}'", "integer": "0",
                            "bigint": "0"}.get(kind, "''")
    sql = (f"INSERT INTO {table} ({', '.join(filled)}) SELECT {', '.join(filled.values())} "
           f"FROM {source}")
    return conn.execute(sa.text(sql)).rowcount


def _requests_source(n: int) -> str:
    """One row a request with what the tables derive from it: its state, kind, subclass, firm,
    examiner, rounds and days."""
    open_from = n - n * OPEN_SHARE // 100
    state = f"""CASE WHEN g > {open_from} THEN (CASE g % 10 WHEN 0 THEN 'px_submitted'
        WHEN 1 THEN 'px_submitted' WHEN 2 THEN 'px_submitted' WHEN 3 THEN 'px_classification_check'
        WHEN 4 THEN 'px_under_examination' WHEN 5 THEN 'px_under_examination'
        WHEN 6 THEN 'px_under_examination' WHEN 7 THEN 'px_opinion_issued'
        WHEN 8 THEN 'px_opinion_issued' ELSE 'px_amended' END)
      ELSE (CASE WHEN h < 5 THEN 'px_returned' WHEN h < 11 THEN 'px_withdrawn'
        WHEN h < 16 THEN 'px_failed' WHEN h < 19 THEN 'px_passed'
        WHEN h < 27 THEN 'px_filed_at_cnipa' WHEN h < 95 THEN 'px_granted'
        ELSE 'px_rejected' END) END"""
    subclass = (f"CASE WHEN g % 5 < 3 THEN (ARRAY{UTILITY!r})[1 + (g * 7) % {len(UTILITY)}] "
                f"ELSE (ARRAY{DESIGN!r})[1 + (g * 11) % {len(DESIGN)}] END")
    return f"""(SELECT g, st, kind, sub, subclass, org, examiner, submitted,
        CASE WHEN st IN ('px_submitted', 'px_classification_check', 'px_returned') THEN 0
             WHEN st = 'px_opinion_issued' THEN 1 + (g % 7) / 6
             WHEN st = 'px_amended' THEN 1 + (g % 7) / 6
             WHEN st = 'px_under_examination' THEN (g % 7) / 4
             ELSE (CASE WHEN g % 7 < 4 THEN 0 WHEN g % 7 < 6 THEN 1 ELSE 2 END) END AS rounds,
        (submitted AT TIME ZONE 'Asia/Shanghai')::date AS day
      FROM (SELECT g, {state} AS st,
              CASE WHEN g % 5 < 3 THEN 'utility_model' ELSE 'design' END AS kind,
              {subclass} AS subclass, (g * 7919) % {FIRMS} + 2 AS org,
              {EXAMINER1} + (g * 13) % {EXAMINERS} AS examiner, g AS sub,
              TIMESTAMPTZ '2024-01-01 00:00:00+08' + (g::bigint * {SPAN_MINUTES} / {n})
                * INTERVAL '1 minute' AS submitted
            FROM (SELECT g, (g * 37) % 100 AS h FROM generate_series(1, {n}) AS s(g)) AS s0)
        AS s1) AS r"""


DECIDED = "('px_passed', 'px_filed_at_cnipa', 'px_granted', 'px_rejected')"
AT_CNIPA = "('px_filed_at_cnipa', 'px_granted', 'px_rejected')"
TAKEN = "st NOT IN ('px_submitted')"


def load(conn, n: int) -> dict[str, int]:
    counts = {}
    firms = f"generate_series(1, {FIRMS}) AS s(g)"
    t0 = "TIMESTAMPTZ '2023-06-01 09:00:00+08'"
    counts["organisation"] = _insert(conn, "organisation", {
        "id": "1", "name": "'中山市知识产权保护中心'", "kind": "'centre'", "uscc": "'C0'",
        "active": "true", "created_at": t0}, "generate_series(1, 1) AS s(g)")
    counts["organisation"] += _insert(conn, "organisation", {
        "id": "g + 1", "name": "'中山市古镇灯饰厂' || g", "kind": "'firm'",
        "uscc": "'91442000' || lpad(g::text, 10, '0')", "active": "true", "created_at": t0},
        firms)
    staff = EXAMINERS + 1
    counts["user_account"] = _insert(conn, "user_account", {
        "id": "g", "username": "'firm' || g", "display_name": "'灯饰厂联系人' || g",
        "password_hash": "'x'", "organisation_id": "g + 1", "active": "true",
        "created_at": t0, "session_version": "1"}, firms)
    counts["user_account"] += _insert(conn, "user_account", {
        "id": f"{FIRMS} + g",
        "username": f"CASE WHEN g <= {EXAMINERS} THEN 'examiner' || g ELSE 'director' END",
        "display_name": f"CASE WHEN g <= {EXAMINERS} THEN '审查员' || g ELSE '主任' END",
        "password_hash": "'x'", "organisation_id": "1", "active": "true", "created_at": t0,
        "session_version": "1"}, f"generate_series(1, {staff}) AS s(g)")
    counts["user_role"] = _insert(conn, "user_role", {"user_id": "g", "role": "'firm'"}, firms)
    counts["user_role"] += _insert(conn, "user_role", {
        "user_id": f"{FIRMS} + g",
        "role": f"CASE WHEN g <= {EXAMINERS} THEN 'examiner' ELSE 'director' END"},
        f"generate_series(1, {staff}) AS s(g)")
    # One filing a firm (filing g is firm g's): approved, but the last 20 (applied, or a
    # suspension proposed by an examiner).
    approved = FIRMS - APPLIED - SUSPENDING
    fstate = (f"CASE WHEN g <= {approved} THEN 'pf_approved' WHEN g <= {approved + APPLIED} "
              f"THEN 'pf_applied' ELSE 'pf_suspension_proposed' END")
    counts["prexam_filing"] = _insert(conn, "prexam_filing", {
        "id": "g", "kind": "'prexam_filing'", "state": fstate,
        "number": f"CASE WHEN g <= {approved} OR g > {approved + APPLIED} "
                  "THEN '中知预审备〔2024〕' || g || '号' END",
        "title": "'中山市古镇灯饰厂' || g || '的预审备案'", "filed_by_id": "g",
        "org_id": "g + 1", "client_token": "'f' || g", "firm_name": "'中山市古镇灯饰厂' || g",
        "uscc": "'91442000' || lpad(g::text, 10, '0')", "contact_name": "'联系人' || g",
        "contact_phone": "'0760-2233' || lpad(g::text, 4, '0')", "rd_staff": "5 + g % 40",
        "fields": "'灯具'", "undertaking": "true",
        "decided_by_id": f"CASE WHEN g <= {approved} OR g > {approved + APPLIED} "
                         f"THEN {EXAMINER1} + g % {EXAMINERS} END",
        "approved_on": f"CASE WHEN g <= {approved} OR g > {approved + APPLIED} "
                       "THEN DATE '2023-12-01' + g % 20 END",
        "proposal": f"CASE WHEN g > {approved + APPLIED} THEN 'suspend' END",
        "proposal_ground": f"CASE WHEN g > {approved + APPLIED} THEN 'abnormal_application' END",
        "proposed_by_id": f"CASE WHEN g > {approved + APPLIED} THEN {EXAMINER1} END",
        "created_at": "TIMESTAMPTZ '2023-11-20 09:00:00+08' + g * INTERVAL '1 hour'",
        "submitted_at": "TIMESTAMPTZ '2023-11-20 09:00:00+08' + g * INTERVAL '1 hour'",
        "version": "1"}, firms)
    r = _requests_source(n)
    passed_on = "CASE WHEN st IN " + DECIDED + " THEN day + 3 + rounds * 8 + g % 4 END"
    filed_on = "CASE WHEN st IN " + AT_CNIPA + " THEN day + 5 + rounds * 8 + g % 6 END"
    counts["prexam_request"] = _insert(conn, "prexam_request", {
        "id": "g", "kind": "'prexam'", "state": "st",
        "number": "'中知预审字〔' || extract(year FROM day) || '〕' || g || '号'",
        "filed_by_id": "org - 1", "org_id": "org", "filing_id": "org - 1",
        "client_token": "'r' || g", "patent_kind": "kind",
        "title": "'一种' || (ARRAY['LED吸顶灯', '水晶吊灯', '筒灯', '射灯', '台灯', '落地灯', "
                 "'壁灯', '灯带', '面板灯', '庭院灯'])[1 + g % 10] || '（' || g || '）'",
        "abstract": "'本实用新型公开了一种灯具，包括灯体和散热结构。'",
        "classification": "CASE WHEN kind = 'design' THEN subclass "
                          "ELSE subclass || ' ' || (g % 30 + 1) || '/00' END",
        "subclass": "subclass", "declared_no_dual_filing": "true",
        "classification_confirmed_at": f"CASE WHEN {TAKEN} AND st NOT IN "
                                       "('px_classification_check', 'px_returned') "
                                       "THEN submitted + INTERVAL '1 day' END",
        "return_reason": "CASE WHEN st = 'px_returned' THEN '分类号不在预审范围内。' ELSE '' END",
        "rounds": "rounds", "passed_on": passed_on,
        "failed_on": "CASE WHEN st = 'px_failed' THEN day + 4 + rounds * 8 END",
        "fail_reason": "CASE WHEN st = 'px_failed' THEN '修改超出原申请记载的范围。' ELSE '' END",
        "duplicates": "'[]'",
        "application_number": f"CASE WHEN st IN {AT_CNIPA} THEN "
                              "'CN' || extract(year FROM day) || lpad(g::text, 9, '0') END",
        "cnipa_filed_on": filed_on,
        "granted_on": "CASE WHEN st = 'px_granted' THEN day + 10 + rounds * 8 + g % 40 END",
        "grant_number": "CASE WHEN st = 'px_granted' THEN 'ZL' || lpad(g::text, 12, '0') END",
        "rejected_on": "CASE WHEN st = 'px_rejected' THEN day + 40 + g % 30 END",
        "reason": "CASE WHEN st = 'px_withdrawn' THEN '申请人主动撤回。' ELSE '' END",
        "created_at": "submitted", "submitted_at": "submitted",
        "closed_at": "CASE WHEN st IN ('px_returned', 'px_withdrawn', 'px_failed', "
                     "'px_granted', 'px_rejected') THEN submitted + (12 + g % 50) "
                     "* INTERVAL '1 day' END",
        "version": "1"}, r)
    counts["prexam_applicant"] = _insert(conn, "prexam_applicant", {
        "request_id": "g", "organisation_id": "org", "role": "'applicant'",
        "applicant_kind": "'enterprise'", "name": "'中山市古镇灯饰厂' || (org - 1)",
        "uscc": "'91442000' || lpad((org - 1)::text, 10, '0')"}, r)
    counts["prexam_applicant"] += _insert(conn, "prexam_applicant", {
        "request_id": "g", "role": "'applicant'", "applicant_kind": "'university'",
        "name": "'中山职业技术学院'", "uscc": "'12442000MB2C00000X'"}, r + " WHERE g % 10 = 0")
    counts["prexam_handler"] = _insert(conn, "prexam_handler", {
        "request_id": "g", "user_id": "examiner", "role": "'presiding'",
        "assigned_at": "submitted + INTERVAL '2 hours'"}, r + f" WHERE {TAKEN}")
    counts["prexam_document"] = 0
    for kind, title in (("request", "请求书"), ("description", "说明书"), ("claims", "权利要求书"),
                        ("drawings", "说明书附图"), ("abstract", "说明书摘要"),
                        ("views", "外观设计图片"), ("brief_description", "简要说明")):
        utility = kind in ("request", "description", "claims", "drawings", "abstract")
        design = kind in ("request", "views", "brief_description")
        where = "" if utility and design else (
            " WHERE kind = 'utility_model'" if utility else " WHERE kind = 'design'")
        counts["prexam_document"] += _insert(conn, "prexam_document", {
            "request_id": "g", "kind": f"'{kind}'", "title": f"'{title}'",
            "filename": f"'{title}' || g || '.pdf'", "content_type": "'application/pdf'",
            "size": "20000 + g % 5000", "audience": "'filer'", "uploaded_by_id": "org - 1",
            "created_at": "submitted", "text_status": "'done'", "text": "''"}, r + where)
    counts["prexam_opinion"] = 0
    for round_ in (1, 2):
        open_round = f"st = 'px_opinion_issued' AND rounds = {round_}"
        counts["prexam_opinion"] += _insert(conn, "prexam_opinion", {
            "request_id": "g", "round": str(round_), "checklist": "'{}'",
            "points": "'[{\"basis\": \"pl_26_4\", \"text\": \"权利要求1未以说明书为依据。\"}]'",
            "examiner_id": "examiner",
            "issued_at": f"submitted + INTERVAL '{round_ * 8 - 5} days'",
            "reply_due_on": f"day + {round_ * 8 + 10}",
            "reply": f"CASE WHEN {open_round} THEN '' ELSE '已按意见修改权利要求1。' END",
            "answered_at": f"CASE WHEN {open_round} THEN NULL "
                           f"ELSE submitted + INTERVAL '{round_ * 8} days' END",
            "answered_by_id": f"CASE WHEN {open_round} THEN NULL ELSE org - 1 END"},
            r + f" WHERE rounds >= {round_}")
        counts["prexam_document"] += _insert(conn, "prexam_document", {
            "request_id": "g", "kind": "'amendment'", "title": "'修改文件'", "round": str(round_),
            "filename": "'修改页' || g || '.pdf'", "content_type": "'application/pdf'",
            "size": "8000", "audience": "'filer'", "uploaded_by_id": "org - 1",
            "created_at": f"submitted + INTERVAL '{round_ * 8} days'", "text_status": "'done'",
            "text": "''"}, r + f" WHERE rounds >= {round_} AND NOT (st = 'px_opinion_issued' "
                              f"AND rounds = {round_})")
    # The open clock of each state, and the closed classification clock of those taken up.
    clock = {"px_submitted": ("classification", "分类审核", "1wd", "role"),
             "px_classification_check": ("classification", "分类审核", "1wd", "user"),
             "px_under_examination": ("examination", "预审", "3wd", "user"),
             "px_amended": ("examination", "预审", "3wd", "user"),
             "px_opinion_issued": ("reply", "答复预审意见", "10d", "org"),
             "px_passed": ("cnipa_filing", "向国家知识产权局提交申请", "20d", "org")}
    counts["deadline"] = 0
    for st, (kind, title, period, who) in clock.items():
        counts["deadline"] += _insert(conn, "deadline", {
            "subject_type": "'prexam'", "subject_id": "g",
            "subject_label": "'中知预审字〔' || extract(year FROM day) || '〕' || g || '号'",
            "kind": f"'{kind}'", "title": f"'{title}'", "starts_on": "day + rounds * 8",
            "period": f"'{period}'", "due_on": "day + rounds * 8 + 1 + g % 12",
            "provisional": "false", "created_at": "submitted",
            "assignee_user_id": "examiner" if who == "user" else "NULL",
            "assignee_org_id": "org" if who == "org" else "NULL",
            "assignee_role": "'examiner'" if who == "role" else "NULL"},
            r + f" WHERE st = '{st}'")
    counts["deadline"] += _insert(conn, "deadline", {
        "subject_type": "'prexam'", "subject_id": "g",
        "subject_label": "'中知预审字〔' || extract(year FROM day) || '〕' || g || '号'",
        "kind": "'classification'", "title": "'分类审核'", "starts_on": "day", "period": "'1wd'",
        "due_on": "day + 1", "provisional": "false", "created_at": "submitted",
        "closed_at": "submitted + INTERVAL '1 day'", "outcome": "'met'",
        "assignee_role": "'examiner'"}, r + f" WHERE {TAKEN}")
    # 3 audit rows a request (submitted, taken up, its last step), numbered in order.
    counts["audit_event"] = _insert(conn, "audit_event", {
        "seq": "row_number() OVER (ORDER BY g, step)", "at": "submitted + step * INTERVAL '1 day'",
        "actor_id": "CASE WHEN step = 0 THEN org - 1 ELSE examiner END",
        "actor_name": "CASE WHEN step = 0 THEN '灯饰厂联系人' ELSE '审查员' END",
        "action": "CASE step WHEN 0 THEN 'prexam.submit' WHEN 1 THEN 'prexam.take_up' "
                  "ELSE 'prexam.' || replace(st, 'px_', '') END",
        "object_type": "'prexam'", "object_id": "g::text",
        "detail": "CASE step WHEN 0 THEN '{\"to\": \"px_submitted\"}' "
                  "WHEN 1 THEN '{\"to\": \"px_classification_check\"}' "
                  "ELSE '{\"to\": \"' || st || '\"}' END",
        "prev_hash": "''", "hash": "''"},
        r + " CROSS JOIN generate_series(0, 2) AS step")
    conn.execute(sa.text("UPDATE audit_head SET last_seq = (SELECT max(seq) FROM audit_event)"))
    for table in ("organisation", "user_account", "prexam_filing", "prexam_request",
                  "prexam_applicant", "prexam_handler", "prexam_document", "prexam_opinion",
                  "deadline", "audit_event"):
        conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT max(id) FROM {table}))"))
    return counts


# ---------------------------------------------------------------------------------------------
# The databases


def make_app(url: str, data_dir: Path):
    """The application on the benchmark's clock (``NOW``), with no CSRF (the test client)."""
    return common.make_app(url, data_dir, IPCENTER_FIXED_NOW=NOW, WTF_CSRF_ENABLED=False)


def prepare(n: int, args) -> dict:
    from flask_migrate import upgrade

    from ipcenter.core.db import db

    name = f"{args.db_prefix}_{label(n)}"
    url = f"{PG}/{name}"
    data_dir = Path(args.data_dir) / label(n)
    data_dir.mkdir(parents=True, exist_ok=True)
    common.createdb(name)
    app = make_app(url, data_dir)
    with app.app_context():
        if args.reuse and common.rows_in("prexam_request") == n:
            upgrade()  # the rows kept, the schema brought to the head (new indexes)
            common.analyze()
            print(f"[{label(n)}] reusing {name}: {n:,} requests", flush=True)
        else:
            t0 = time.perf_counter()
            common.reset_schema()
            migrated = time.perf_counter() - t0
            t0 = time.perf_counter()
            with db.engine.begin() as conn:
                counts = load(conn, n)
            loaded = time.perf_counter() - t0
            common.analyze(vacuum=True)
            print(f"[{label(n)}] {name}: migrated in {migrated:.1f} s, loaded in {loaded:.1f} s: "
                  + ", ".join(f"{t} {c:,}" for t, c in counts.items()), flush=True)
        targets = {
            "firm": ids(db, f"org_id = {USERS['firm'][0] + 1}"),
            "examiner": ids(db, f"id IN (SELECT request_id FROM prexam_handler WHERE user_id = "
                                f"{EXAMINER1}) AND state IN ('px_under_examination', "
                                "'px_amended', 'px_opinion_issued', 'px_granted')"),
            "director": ids(db, "true"),
        }
        filings = {"firm": [1],
                   "examiner": [FIRMS - APPLIED - SUSPENDING + 1],
                   "director": [FIRMS]}
    return {"n": n, "app": app, "requests": targets, "filings": filings}


def ids(db, where: str) -> list[int]:
    return list(db.session.execute(sa.text(
        f"SELECT id FROM prexam_request WHERE {where} ORDER BY id DESC LIMIT 200")).scalars())


# ---------------------------------------------------------------------------------------------
# The pages

PAGES = [  # (name, user, path or a function of the size and a random source)
    ("list (the firm's)", "firm", lambda s, rng: "/prexam/"),
    ("request page", "firm", lambda s, rng: f"/prexam/{rng.choice(s['requests']['firm'])}"),
    ("registration page", "firm", lambda s, rng: f"/prexam/filing/{s['filings']['firm'][0]}"),
    ("dashboard", "firm", lambda s, rng: "/dashboard"),
    ("queue", "examiner", lambda s, rng: "/prexam/"),
    ("mine", "examiner", lambda s, rng: "/prexam/?view=mine"),
    ("all", "examiner", lambda s, rng: "/prexam/?view=all"),
    ("all p.40", "examiner", lambda s, rng: "/prexam/?view=all&page=40"),
    ("request page", "examiner",
     lambda s, rng: f"/prexam/{rng.choice(s['requests']['examiner'])}"),
    ("registration page", "examiner",
     lambda s, rng: f"/prexam/filing/{s['filings']['examiner'][0]}"),
    ("dashboard", "examiner", lambda s, rng: "/dashboard"),
    ("statistics (this year)", "examiner", lambda s, rng: "/prexam/stats"),
    ("all", "director", lambda s, rng: "/prexam/"),
    ("request page", "director",
     lambda s, rng: f"/prexam/{rng.choice(s['requests']['director'])}"),
    ("registration page", "director",
     lambda s, rng: f"/prexam/filing/{s['filings']['director'][0]}"),
    ("statistics (this year)", "director", lambda s, rng: "/prexam/stats"),
    ("statistics (3 years)", "director",
     lambda s, rng: "/prexam/stats?start=2024-01-01&end=2026-12-31"),
]


def measure(sizes: list[dict], runs: int, seed: int) -> dict:
    from ipcenter.core.db import db

    rng = random.Random(seed)
    clients, counters = {}, {}
    for size in sizes:
        with size["app"].app_context():
            counters[size["n"]] = common.Counter(db.engine)
        for role, (uid, _) in USERS.items():
            clients[size["n"], role] = common.client_of(size["app"], uid, NOW)
    by_n = {size["n"]: size for size in sizes}
    plan = [(size["n"], i) for size in sizes for i in range(len(PAGES))]
    results: dict[tuple, list[tuple[float, int, int]]] = {key: [] for key in plan}
    slowest: dict[tuple, tuple] = {}

    def get(key):
        n, i = key
        _, role, path = PAGES[i]
        url = path(by_n[n], rng)
        counter = counters[n]
        counter.start()
        t0 = time.perf_counter()
        response = clients[n, role].get(url)
        elapsed = time.perf_counter() - t0
        counter.stop()
        if response.status_code != 200:
            raise SystemExit(f"[{label(n)}] {url} as {role}: HTTP {response.status_code}")
        return elapsed, len(counter.statements), len(response.data), url, counter.statements

    for key in plan:  # one warm-up each (templates, caches, connections)
        get(key)
    order = plan * runs
    rng.shuffle(order)
    started = time.perf_counter()
    for done, key in enumerate(order, 1):
        elapsed, count, size, url, statements = get(key)
        results[key].append((elapsed, count, size))
        if key not in slowest or elapsed > slowest[key][0]:
            slowest[key] = (elapsed, url, statements)
        if done % 100 == 0:
            print(f"  {done}/{len(order)} requests, {time.perf_counter() - started:.0f} s",
                  flush=True)
    return {"results": results, "slowest": slowest}


def report(measured: dict, sizes: list[dict]) -> None:
    results = measured["results"]
    ns = [size["n"] for size in sizes]
    header = ["page", "user"] + [f"{label(n)} {what}" for n in ns
                                 for what in ("p50", "p95", "SQL", "KB")]
    if len(ns) > 1:
        header.append(f"growth p50 {label(ns[-1])}/{label(ns[0])}")
    rows = []
    for i, (name, role, _) in enumerate(PAGES):
        cells, p50s = [], []
        for n in ns:
            runs = results[n, i]
            times = [t for t, _, _ in runs]
            p50s.append(statistics.median(times))
            cells += [ms(p50s[-1]), ms(percentile(times, 0.95)),
                      common.spread(c for _, c, _ in runs),
                      f"{statistics.median(b for _, _, b in runs) / 1024:.0f}"]
        if len(ns) > 1:
            cells.append(f"{p50s[-1] / p50s[0]:.1f}×")
        rows.append([name, f"{role} ({USERS[role][1]})", *cells])
    common.table(header, rows)


def explain(measured: dict, sizes: list[dict], top: int = 3) -> None:
    """The slowest run of each page at the largest size: its slowest statements' plans."""
    from ipcenter.core.db import db

    size = sizes[-1]
    with size["app"].app_context(), db.engine.connect() as conn:
        for i, (name, role, _) in enumerate(PAGES):
            _, url, statements = measured["slowest"][size["n"], i]
            timed = common.plans(conn, statements, repeat=0)
            print(f"\n=== {name} as {role}: {url} ({len(statements)} statements, SQL "
                  f"{sum(t for t, _, _ in timed):.1f} ms)")
            common.print_plans(timed, top, every=False, width=150, head=140,
                               nodes=common.PLAN_NODES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000",
                        help="numbers of requests, comma-separated (default 1000,100000)")
    parser.add_argument("--runs", type=int, default=20,
                        help="requests per page, user and size (default 20)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a database that already holds that many requests")
    common.add_explain_options(
        parser, "print the plans of each page's slowest statements at the largest size", top=3)
    parser.add_argument("--db-prefix", default="ipc_prexam_bench")
    parser.add_argument("--data-dir", default="/tmp/ipcenter-prexam-bench",
                        help="keys and the audit head of each size")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    ns = common.sizes(args.sizes, parser, "--sizes")
    if min(ns) < 100 or args.runs < 1:
        parser.error("at least 100 requests and 1 run")

    print(f"loadavg before: {loadavg()}", flush=True)
    began = time.perf_counter()
    sizes = [prepare(n, args) for n in ns]
    print(f"loadavg before the requests: {loadavg()}", flush=True)
    measured = measure(sizes, args.runs, args.seed)
    print(f"\n{args.runs} requests per page × user × size, interleaved, in-process "
          f"(Flask test client); SQL: the statements of one request")
    report(measured, sizes)
    print(f"loadavg after: {loadavg()}")
    print(f"total {time.perf_counter() - began:.0f} s")
    if args.explain:
        explain(measured, sizes, top=args.top)


if __name__ == "__main__":
    main()
