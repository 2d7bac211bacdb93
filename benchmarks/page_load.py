"""Load N cases of realistic shape into an empty migrated database (PostgreSQL or SQLite) with
generate_series / a recursive CTE, then ANALYZE: 2,000 firms with an account each, centre staff
(users 2001-2010 adjudicators, 2011-2020 enforcers, 2021 director, 2022 admin), N cases of both
kinds with two parties and a panel, one open and one closed clock per case (40% the presiding
handler's, 30% a firm's, 30% a role's queue), 6.37 audit rows per case.

    flask --app ipcenter db upgrade        # with IPCENTER_DATABASE_URL set
    python benchmarks/page_load.py postgresql://postgres@127.0.0.1:5432/ipc_pages 100000
    psql … -c "UPDATE audit_head SET last_seq = (SELECT max(seq) FROM audit_event)" -c "VACUUM ANALYZE"
    python benchmarks/page_plans.py        # the pages' plans (migration d4e6f8a0b2c4)
"""
import sys

import sqlalchemy as sa

url, N = sys.argv[1], int(sys.argv[2])
eng = sa.create_engine(url)
pg = eng.dialect.name == "postgresql"
insp = sa.inspect(eng)


def series(n):
    if pg:
        return f"generate_series(1, {n}) AS s(g)"
    return f"(WITH RECURSIVE c(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM c WHERE g < {n}) SELECT g FROM c) AS s"


def ts(expr_minutes):
    if pg:
        return f"(TIMESTAMPTZ '2024-01-01 00:00:00+00' + ({expr_minutes}) * INTERVAL '1 minute')"
    return f"datetime('2024-01-01 00:00:00', '+' || ({expr_minutes}) || ' minutes')"


def day(expr_days, base="2026-01-01"):
    if pg:
        return f"(DATE '{base}' + ({expr_days})::int)"
    return f"date('{base}', '+' || ({expr_days}) || ' days')"


def txt(e):
    return f"CAST({e} AS TEXT)" if not pg else f"({e})::text"


def insert(conn, table, n, cols, where=None):
    filled = dict(cols)
    for c in insp.get_columns(table):
        if c["name"] in filled or c["name"] == "id" or c["nullable"] or c.get("default") is not None or c.get("autoincrement") is True and c["name"] == "id":
            continue
        t = str(c["type"]).upper()
        filled[c["name"]] = "''" if ("CHAR" in t or "TEXT" in t) else ("false" if "BOOL" in t else "0")
    names = ", ".join(filled)
    exprs = ", ".join(filled.values())
    sql = f"INSERT INTO {table} ({names}) SELECT {exprs} FROM {series(n)}" + (f" WHERE {where}" if where else "")
    conn.execute(sa.text(sql))


F = 2000          # firms
with eng.begin() as conn:
    insert(conn, "organisation", 1, {"id": "1", "name": "'中心'", "kind": "'centre'", "uscc": "'C0'", "active": "true", "created_at": ts("0")})
    insert(conn, "organisation", F, {"id": "g + 1", "name": "'灯饰厂' || " + txt("g"), "kind": "'firm'", "uscc": "'F' || " + txt("g"), "active": "true", "created_at": ts("g")})
    # users: 1..F firm users; F+1..F+10 adjudicators; F+11..F+20 enforcers; F+21 director; F+22 admin
    insert(conn, "user_account", F, {"id": "g", "username": "'firm' || " + txt("g"), "display_name": "'u'", "password_hash": "'x'", "organisation_id": "g + 1", "active": "true", "created_at": ts("0"), "session_version": "1"})
    insert(conn, "user_account", 22, {"id": f"{F} + g", "username": "'staff' || " + txt("g"), "display_name": "'s'", "password_hash": "'x'", "organisation_id": "1", "active": "true", "created_at": ts("0"), "session_version": "1"})
    insert(conn, "user_role", F, {"user_id": "g", "role": "'firm'"})
    insert(conn, "user_role", 22, {"user_id": f"{F} + g", "role": "CASE WHEN g <= 10 THEN 'adjudicator' WHEN g <= 20 THEN 'enforcer' WHEN g = 21 THEN 'director' ELSE 'admin' END"})
    pstate = "CASE (g / 2) % 6 WHEN 0 THEN 'submitted' WHEN 1 THEN 'accepted' WHEN 2 THEN 'served' WHEN 3 THEN 'examination' WHEN 4 THEN 'decided' ELSE 'closed' END"
    tstate = "CASE (g / 2) % 4 WHEN 0 THEN 'tm_verifying' WHEN 1 THEN 'tm_investigating' WHEN 2 THEN 'tm_legal_review' ELSE 'tm_closed' END"
    insert(conn, "legal_case", N, {
        "id": "g", "kind": "CASE WHEN g % 2 = 0 THEN 'patent' ELSE 'trademark' END",
        "state": f"CASE WHEN g % 2 = 0 THEN {pstate} ELSE {tstate} END",
        "number": "'中市监知裁字〔2026〕' || " + txt("g") + " || '号'", "title": "'关于LED吸顶灯的纠纷' || " + txt("g"),
        "filed_by_id": f"g % {F} + 1", "filed_by_org_id": f"g % {F} + 2", "client_token": "'t' || " + txt("g"),
        "created_at": ts("g * 5"), "submitted_at": ts("g * 5"), "version": "1"})
    insert(conn, "patent_case", N, {"id": "g", "patent_number": "'ZL202020' || " + txt("g"), "patent_kind": "'utility_model'", "acceptance_checklist": "'{}'"}, where="g % 2 = 0")
    insert(conn, "trademark_case", N, {"id": "g", "source": "'complaint'", "party_kind": "'organisation'", "conduct": "'sell'", "marks_count": "1"}, where="g % 2 = 1")
    insert(conn, "case_mark", N, {"case_id": "g", "registration_number": txt("12000000 + g"), "nice_class": "11", "holder": "'h'", "text": "'华辉'"}, where="g % 2 = 1")
    insert(conn, "case_party", N, {"case_id": "g", "role": "'requester'", "organisation_id": f"g % {F} + 2", "name": "'p'"})
    insert(conn, "case_party", N, {"case_id": "g", "role": "'respondent'", "organisation_id": f"(g + 7) % {F} + 2", "name": "'r'"})
    lead = f"CASE WHEN g % 2 = 0 THEN {F} + 1 + g % 10 ELSE {F} + 11 + g % 10 END"
    member = f"CASE WHEN g % 2 = 0 THEN {F} + 1 + (g + 1) % 10 ELSE {F} + 11 + (g + 1) % 10 END"
    insert(conn, "case_handler", N, {"case_id": "g", "user_id": lead, "role": "'presiding'", "assigned_at": ts("g * 5")})
    insert(conn, "case_handler", N, {"case_id": "g", "user_id": member, "role": "'member'", "assigned_at": ts("g * 5")})
    # one open clock per case: 40% its presiding handler's, 30% a firm's, 30% a role's queue
    who = "g % 10"
    insert(conn, "deadline", N, {
        "subject_type": "'case'", "subject_id": "g", "subject_label": "'案' || " + txt("g"), "kind": "'decision'",
        "title": "'作出处理决定'", "starts_on": day("g % 400", "2025-12-01"), "period": "'3m'",
        "due_on": day("g % 400"), "provisional": "false", "created_at": ts("g * 5"),
        "assignee_user_id": f"CASE WHEN {who} < 4 THEN {lead} END",
        "assignee_org_id": f"CASE WHEN {who} BETWEEN 4 AND 6 THEN (g + 7) % {F} + 2 END",
        "assignee_role": f"CASE WHEN {who} >= 7 THEN (CASE WHEN g % 2 = 0 THEN 'adjudicator' WHEN {who} = 9 THEN 'director' ELSE 'enforcer' END) END"})
    # and one closed clock per case (history)
    insert(conn, "deadline", N, {
        "subject_type": "'case'", "subject_id": "g", "subject_label": "'案' || " + txt("g"), "kind": "'accept'",
        "title": "'审查受理'", "starts_on": day("g % 400", "2025-06-01"), "period": "'5wd'",
        "due_on": day("g % 400", "2025-06-08"), "provisional": "false", "created_at": ts("g * 5"),
        "closed_at": ts("g * 5 + 60"), "outcome": "'met'", "assignee_user_id": lead})
    insert(conn, "deadline_pause", N // 10, {"deadline_id": "g * 10 + (SELECT min(id) FROM deadline) - 1", "reason": "'suspension'", "started_on": day("g % 300", "2025-12-10")})
    # about 6.4 audit rows per case, in time order
    A = N * 637 // 100
    insert(conn, "audit_event", A, {"seq": "g", "at": ts("g"), "actor_id": f"g % {F} + 1", "actor_name": "'a'",
                                    "action": "CASE g % 4 WHEN 0 THEN 'case.submit' WHEN 1 THEN 'case.accept' WHEN 2 THEN 'document.download' ELSE 'case.upload' END",
                                    "object_type": "'case'", "object_id": txt(f"(g * 7919) % {N} + 1" if not pg else f"(g::bigint * 7919) % {N} + 1"), "detail": "'{}'",
                                    "prev_hash": "''", "hash": "''"})
    conn.execute(sa.text("ANALYZE"))
    if pg:
        for t in ("organisation", "user_account", "legal_case", "deadline", "audit_event", "case_handler", "case_party"):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"))
print("loaded", N)
