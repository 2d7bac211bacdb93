"""Load N cases of a realistic shape into the current app's PostgreSQL database, with COPY.

Not a script: ``web_bench.py`` calls it inside an application context. The schema comes from
the application's migrations and the accounts from its demo data (``demo.seed``); to those it
adds 300 firms (one user each), 9 more adjudicators and 6 more enforcers (the demo passwords of
their roles), then per case: its kind's row (70% patent, 30% trademark, states spread over each
workflow), a requester and a respondent, a panel (3 adjudicators or 2 enforcers) once out of
intake, 3 document rows (no file content: none is downloaded), the clocks (one open clock per
open case, assigned to the presiding handler, or to the handler role while in intake; 30% also
an answer clock of the respondent's organisation; a closed one for a closed case; a pause for a
suspended one) and 6 audit rows with real keyed hashes (``flask audit verify`` passes). Every
row is generated from ``seed``: the same N gives the same data.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, timedelta

import sqlalchemy as sa

from ipcenter.auth.models import Organisation, User
from ipcenter.cases.kinds import KINDS
from ipcenter.cases.models import Case
from ipcenter.core import audit, clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.ip.numbers import check_character

FIRMS = 300
SYLLABLES = "华明星辉耀光美嘉丽豪盛达宏泰金银凯雅欧朗"
PRODUCTS = ["LED吸顶灯", "水晶吊灯", "筒灯", "射灯", "台灯", "落地灯", "壁灯", "灯带", "面板灯",
            "庭院灯", "路灯", "工矿灯", "中式灯笼", "风扇灯"]
PLACES = ["古镇镇东兴路", "古镇镇中兴大道", "古镇镇曹二村", "横栏镇", "小榄镇", "海洲村",
          "灯饰广场", "华艺广场", "星光联盟"]
PATENT_STATES = [("submitted", 6), ("accepted", 8), ("served", 12), ("examination", 22),
                 ("hearing_scheduled", 8), ("decision_drafted", 5), ("decided", 4),
                 ("decision_served", 5), ("suspended", 3), ("mediating", 2), ("closed", 15),
                 ("mediated", 4), ("rejected", 3), ("withdrawn", 3)]
TRADEMARK_STATES = [("tm_verifying", 10), ("tm_investigating", 35), ("tm_legal_review", 8),
                    ("tm_prior_notice", 8), ("tm_ready", 4), ("tm_awaiting_payment", 8),
                    ("tm_suspended", 2), ("tm_closed", 20), ("tm_not_filed", 5)]
# The clocks open in each state (what the services open), and who watches each: the presiding
# handler, the respondent's organisation, the kind's handler role, or the director's role.
CLOCKS = {
    "submitted": [("accept", "role")], "accepted": [("serve", "lead"), ("decision", "lead")],
    "served": [("answer", "org"), ("decision", "lead")],
    "examination": [("decision", "lead")], "hearing_scheduled": [("decision", "lead")],
    "decision_drafted": [("decision", "lead")], "decided": [("decision", "lead")],
    "decision_served": [("suit", "org")], "suspended": [("decision", "lead")],
    "mediating": [("decision", "lead")],
    "tm_verifying": [("verify", "role")], "tm_investigating": [("decision", "lead")],
    "tm_legal_review": [("legal_review", "director"), ("decision", "lead")],
    "tm_prior_notice": [("statement", "org"), ("decision", "lead")],
    "tm_ready": [("decision", "lead")], "tm_awaiting_payment": [("payment", "org")],
    "tm_suspended": [("decision", "lead")],
}
PATENT_EVENTS = ["submit", "accept", "serve", "begin_examination", "schedule_hearing"]
TRADEMARK_EVENTS = ["submit", "verify", "file_case", "close_investigation", "complete_review"]


def cases_held() -> int:
    """How many cases the database holds; -1 without the schema."""
    try:
        return db.session.execute(sa.text("SELECT count(*) FROM legal_case")).scalar()
    except sa.exc.ProgrammingError:
        db.session.rollback()
        return -1


def reset_schema() -> None:
    """An empty schema, migrated (``flask db upgrade``) and seeded with the demo accounts."""
    from benchmarks import common

    common.reset_schema()
    seed_accounts()


def seed_accounts() -> None:
    """The demo's accounts, with pledge's demo data (its pool and its six loans) and none of
    its other domains' rows: the demo's cases would take the ids ``load`` gives its own."""
    from unittest import mock

    from ipcenter import demo
    from ipcenter.pledge import demo as pledge_demo

    with unit_of_work(), mock.patch.object(demo, "seed_domains", pledge_demo.seed):
        demo.seed()


ORDER = ("organisation", "user_account", "user_role", "legal_case", "patent_case",
         "trademark_case", "case_mark", "case_party", "case_handler", "case_document",
         "deadline", "deadline_pause", "audit_event")


class Tables:
    """Rows per table, written with COPY in the order of the foreign keys each ``flush``; NOT
    NULL columns a row leaves out get a neutral value ('', 0, false), as the models'
    Python-side defaults would."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.rows: dict[str, list[dict]] = {}
        self.counts: dict[str, int] = dict.fromkeys(ORDER, 0)
        self.required: dict[str, dict] = {}

    def add(self, table: str, **row) -> None:
        self.rows.setdefault(table, []).append(row)

    def _required(self, table: str) -> dict:
        if table not in self.required:
            self.cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE "
                "table_name = %s AND is_nullable = 'NO' AND column_default IS NULL",
                (table,))
            neutral = {"character varying": "", "text": "", "integer": 0, "bigint": 0,
                       "boolean": False, "numeric": 0}
            self.required[table] = {name: neutral.get(kind)
                                    for name, kind in self.cursor.fetchall()}
        return self.required[table]

    def flush(self) -> None:
        for table in ORDER:
            rows = self.rows.pop(table, [])
            if not rows:
                continue
            required = self._required(table)
            columns = sorted(set(required) | {key for row in rows for key in row})
            filler = {c: required.get(c) for c in columns}
            with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row.get(c, filler[c]) for c in columns])
            self.counts[table] += len(rows)
        assert not self.rows, f"tables outside ORDER: {sorted(self.rows)}"


def _patent_number(rng: random.Random, kind_digit: str) -> str:
    digits = f"{rng.randint(2015, 2025)}{kind_digit}{rng.randint(0, 9_999_999):07d}"
    return f"ZL{digits}.{check_character(digits)}"


def load(n: int, *, seed: int = 12) -> dict[str, int]:
    """Add ``n`` cases (and the firms and staff they need) to a freshly seeded database."""
    raw = db.engine.raw_connection()
    try:
        return _load(n, seed, raw)
    finally:
        raw.close()


def _load(n: int, seed: int, raw) -> dict[str, int]:
    from ipcenter import demo

    rng = random.Random(seed)
    now = clock.now().replace(microsecond=0)
    today = clock.today()
    cursor = raw.driver_connection.cursor()
    t = Tables(cursor)
    orgs = {o.name: o for o in db.session.execute(sa.select(Organisation)).scalars()}
    users = {u.username: u for u in db.session.execute(sa.select(User)).scalars()}
    centre = orgs["中国中山（灯饰）知识产权快速维权中心"]
    next_org = max(o.id for o in orgs.values()) + 1
    next_user = max(u.id for u in users.values()) + 1

    # Firms: the demo ones (firm1's 华辉, firm2's 明耀, 星河 without a user) and 300 more.
    firms = [(orgs[name].id, name, orgs[name].uscc, spec.address,
              users["firm1"].id if spec.key == "huahui" else users["firm2"].id)
             for spec in demo.ORGS if spec.kind.value == "firm" for name in [spec.name]]
    names = [a + b for a in SYLLABLES for b in SYLLABLES if a != b]
    rng.shuffle(names)
    for i in range(FIRMS):
        org_id, user_id = next_org + i, next_user + i
        name = f"中山市古镇{names[i]}{rng.choice(['灯饰有限公司', '照明电器有限公司', '灯饰厂'])}"
        if name in orgs:  # a demo firm's name
            name = f"中山市古镇{names[i]}灯饰配件厂"
        code = demo.uscc("91", f"MB{i:06d}")
        address = f"广东省中山市{rng.choice(PLACES)}{rng.randint(1, 300)}号"
        t.add("organisation", id=org_id, name=name, kind="firm", uscc=code, address=address,
              active=True, created_at=now)
        t.add("user_account", id=user_id, username=f"bfirm{i + 1}", display_name=f"企业用户{i + 1}",
              password_hash=users["firm1"].password_hash, organisation_id=org_id, active=True,
              created_at=now, session_version=1)
        t.add("user_role", user_id=user_id, role="firm")
        firms.append((org_id, name, code, address, user_id))
    staff_id = next_user + FIRMS
    staff_names: dict[int, str] = {}
    handlers = {"adjudicator": [users[f"adj{i}"].id for i in (1, 2, 3)],
                "enforcer": [users[f"enf{i}"].id for i in (1, 2)]}
    for role, first, count, template in (("adjudicator", 4, 9, "adj1"),
                                         ("enforcer", 3, 6, "enf1")):
        for i in range(first, first + count):
            username = f"{'adj' if role == 'adjudicator' else 'enf'}{i}"
            staff_names[staff_id] = f"办案人员{i}"
            t.add("user_account", id=staff_id, username=username, display_name=f"办案人员{i}",
                  password_hash=users[template].password_hash, organisation_id=centre.id,
                  active=True, created_at=now, session_version=1)
            t.add("user_role", user_id=staff_id, role=role)
            handlers[role].append(staff_id)
            staff_id += 1
    staff_names.update({u.id: u.display_name for u in users.values()})

    key = audit._key()
    db.session.remove()
    head = db.session.execute(sa.text("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
                              ).first()
    seq, prev = (head.last_seq, head.last_hash) if head else (0, audit.GENESIS)
    # Ids go on from the seeded rows (the demo's own clocks, e.g. pledge loans' deadlines).
    ids = {what: db.session.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar()
           for what, table in (("party", "case_party"), ("handler", "case_handler"),
                               ("document", "case_document"), ("deadline", "deadline"),
                               ("pause", "deadline_pause"), ("mark", "case_mark"))}
    numbers = {"patent": 0, "trademark": 0}

    def next_id(what):
        ids[what] += 1
        return ids[what]

    for cid in range(1, n + 1):
        kind = "patent" if rng.random() < 0.7 else "trademark"
        spec = KINDS[kind]
        states, weights = zip(*(PATENT_STATES if kind == "patent" else TRADEMARK_STATES))
        state = rng.choices(states, weights)[0]
        requester, respondent = rng.sample(firms, 2)
        if requester[0] == orgs["中山市古镇星河灯饰厂"].id:
            requester, respondent = respondent, requester
        created = now - timedelta(seconds=rng.randint(86_400, 3 * 365 * 86_400))
        in_intake = state in spec.intake_states
        numbered = not in_intake and state not in ("rejected", "tm_not_filed")
        year = created.year
        number = None
        if numbered:
            numbers[kind] += 1
            number = (f"中市监知裁字〔{year}〕{numbers[kind]}号" if kind == "patent"
                      else f"中市监知商立〔{year}〕{numbers[kind]}号")
        product = rng.choice(PRODUCTS)
        place = rng.choice(PLACES)
        brand = requester[1][5:7]
        if kind == "patent":
            kind_digit = rng.choice("123")
            patent_kind = {"1": "invention", "2": "utility_model", "3": "design"}[kind_digit]
            kind_zh = {"1": "发明", "2": "实用新型", "3": "外观设计"}[kind_digit]
            patent_number = _patent_number(rng, kind_digit)
            title = f"{requester[1]}诉{respondent[1]}侵害{kind_zh}专利权纠纷案"
            facts = (f"请求人系专利号为{patent_number}的{kind_zh}专利权人。"
                     f"{created.year}年{created.month}月，请求人发现被请求人在{place}的展厅"
                     f"内展示、销售型号为{brand.upper()}-{rng.randint(100, 9999)}的{product}，"
                     f"其技术特征落入涉案专利权利要求1的保护范围，销售价格每套"
                     f"{rng.randint(80, 2000)}元，已公证购买{rng.randint(1, 5)}套。")
            t.add("patent_case", id=cid, patent_number=patent_number,
                  patent_kind=patent_kind, patent_title=f"一种{product}",
                  claim="请求责令被请求人立即停止制造、销售、许诺销售侵权产品，销毁库存侵权产品。",
                  facts=facts, acceptance_checklist="{}")
        else:
            mark = brand + rng.choice(["", "照明", "之光"])
            title = f"{respondent[1]}涉嫌侵犯“{mark}”注册商标专用权案"
            facts = (f"{created.year}年{created.month}月，执法人员在{place}检查发现，"
                     f"{respondent[1]}经营场所内存放标有“{mark}”字样的{product}"
                     f"{rng.randint(10, 900)}件，涉嫌未经许可使用注册商标。")
            t.add("trademark_case", id=cid, source="complaint", facts=facts,
                  party_kind="organisation", conduct="sell", marks_count=1)
            t.add("case_mark", id=next_id("mark"), case_id=cid,
                  registration_number=str(rng.randint(10_000_000, 69_999_999)), nice_class=11,
                  holder=requester[1], text=mark)
        submitted = created + timedelta(hours=rng.randint(1, 72))
        accepted = submitted + timedelta(days=rng.randint(1, 7)) if numbered else None
        closed = state in spec.terminal
        t.add("legal_case", id=cid, kind=kind, state=state, number=number, title=title,
              summary=facts[:120], filed_by_id=requester[4], filed_by_org_id=requester[0],
              client_token=uuid.UUID(int=rng.getrandbits(128)).hex, created_at=created,
              submitted_at=submitted, accepted_at=accepted,
              closed_at=accepted + timedelta(days=60) if closed and accepted else None,
              version=1, return_state="examination" if state == "suspended" else
              "tm_investigating" if state == "tm_suspended" else None)
        party_ids = []
        for role, org in (("requester", requester), ("respondent", respondent)):
            pid = next_id("party")
            party_ids.append(pid)
            t.add("case_party", id=pid, case_id=cid, role=role, organisation_id=org[0],
                  name=org[1], address=org[3], uscc=org[2],
                  legal_representative=rng.choice(["梁", "何", "陈", "黄", "李"]) + "某")
        panel = []
        if numbered:
            panel = rng.sample(handlers[spec.handler_role], 3 if kind == "patent" else 2)
            for i, uid in enumerate(panel):
                t.add("case_handler", id=next_id("handler"), case_id=cid, user_id=uid,
                      role="presiding" if i == 0 else "member",
                      assigned_at=accepted)
        for doc_kind, doc_title, audience in (("request", "处理请求书", "filer"),
                                              ("evidence", "证据材料", "parties"),
                                              ("notice", "受理通知书", "parties")):
            t.add("case_document", id=next_id("document"), case_id=cid, kind=doc_kind,
                  title=doc_title, filename=f"{doc_title}.pdf", content_type="application/pdf",
                  size=rng.randint(50_000, 2_000_000), audience=audience,
                  party_id=party_ids[0] if doc_kind == "request" else None,
                  uploaded_by_id=requester[4], created_at=submitted)
        label = number or title
        clock_row = {"subject_type": "case", "subject_id": cid, "subject_label": label[:200],
                     "provisional": False, "created_at": created}

        def add_clock(clock_kind, due, spec=spec, clock_row=clock_row, **extra):
            rule = spec.deadlines[clock_kind]
            did = next_id("deadline")
            t.add("deadline", id=did, kind=clock_kind, title=rule.title, basis=rule.basis,
                  period=rule.period, due_on=due, starts_on=due - timedelta(days=20),
                  **clock_row, **extra)
            return did

        due = today + timedelta(days=rng.randint(-20, 60))
        lead = {"assignee_user_id": panel[0]} if panel else {"assignee_role": spec.handler_role}
        if closed:
            add_clock("decision", due - timedelta(days=150), closed_at=created + timedelta(
                days=50), outcome="met", **lead)
        else:
            for clock_kind, whom in CLOCKS[state]:
                assignee = {"lead": lead, "org": {"assignee_org_id": respondent[0]},
                            "role": {"assignee_role": spec.handler_role},
                            "director": {"assignee_role": "director"}}[whom]
                paused = state in ("suspended", "tm_suspended") and clock_kind == "decision"
                did = add_clock(clock_kind, due if clock_kind == "decision" else
                                today + timedelta(days=rng.randint(-5, 15)),
                                paused_on=due - timedelta(days=30) if paused else None,
                                **assignee)
                if paused:
                    t.add("deadline_pause", id=next_id("pause"), deadline_id=did,
                          reason="suspension", started_on=due - timedelta(days=30))
        events = PATENT_EVENTS if kind == "patent" else TRADEMARK_EVENTS
        at = submitted
        for i in range(6):
            seq += 1
            at = at + timedelta(hours=rng.randint(1, 200))
            if i < 5:
                actor = requester[4] if i == 0 else (panel[0] if panel else requester[4])
                action = f"case.{events[i]}"
                detail = json.dumps({"to": state} if i == 4 else {}, sort_keys=True)
            else:
                actor, action = requester[4], "document.upload"
                detail = json.dumps({"title": "证据材料"}, ensure_ascii=False, sort_keys=True)
            name = staff_names.get(actor, "企业用户")
            at_utc = at.astimezone(UTC)
            digest = audit.keyed_digest(key, seq, at_utc, actor, name, action, "case", str(cid),
                                        detail, "", prev)
            t.add("audit_event", id=seq, seq=seq, at=at_utc, actor_id=actor, actor_name=name,
                  action=action, object_type="case", object_id=str(cid), detail=detail,
                  address="", prev_hash=prev, hash=digest)
            prev = digest
        if cid % 5000 == 0:
            t.flush()

    t.flush()
    cursor.execute("DELETE FROM audit_head")
    cursor.execute("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, %s, %s)",
                   (seq, prev))
    for table in ("organisation", "user_account", "legal_case", "case_party", "case_handler",
                  "case_document", "deadline", "deadline_pause", "audit_event", "case_mark"):
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
    raw.driver_connection.commit()
    raw.driver_connection.autocommit = True
    cursor.execute("ANALYZE")
    raw.driver_connection.autocommit = False
    audit.write_head_file(seq, prev)
    return {table: count for table, count in t.counts.items() if count}


def build_index() -> int:
    """The search index rebuilt with the application's builders (``cases.search.build_case``),
    the cases loaded 1,000 at a time with their parties, handlers and marks so that each
    builder finds them in the session instead of querying."""
    from sqlalchemy.orm import selectin_polymorphic, selectinload

    from ipcenter import search
    from ipcenter.cases.models import PatentCase, TrademarkCase
    from ipcenter.cases.search import build_case

    index = search.current_index()
    ids = list(db.session.execute(sa.select(Case.id).order_by(Case.id)).scalars())

    def documents():
        # The session holds its objects weakly: keep the loaded rows referenced while used.
        firms = db.session.execute(sa.select(Organisation)).scalars().all()  # _centre_filed's
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            loaded = db.session.execute(
                sa.select(Case).where(Case.id.in_(chunk)).options(
                    selectin_polymorphic(Case, [PatentCase, TrademarkCase]),
                    selectinload(Case.parties), selectinload(Case.handlers),
                    selectinload(TrademarkCase.marks))).scalars().all()
            for case_id in chunk:
                yield build_case(case_id)
            del loaded  # unchanged, so the session lets them go
        del firms

    count = index.rebuild(documents(), workers=search.auto_workers(len(ids), index.backend))
    db.session.remove()
    return count


def targets(usernames: dict[str, str]) -> dict[str, list[int]]:
    """For each role, up to 200 case ids its user may open (the case pages requested)."""
    from ipcenter.cases.policy import visible_cases

    out = {}
    for role, username in usernames.items():
        user = db.session.execute(sa.select(User).filter_by(username=username)).scalar_one()
        query = visible_cases(sa.select(Case.id), user).order_by(Case.id)
        found = list(db.session.execute(query).scalars())
        rng = random.Random(role)
        out[role] = sorted(rng.sample(found, min(200, len(found))))
        if not out[role]:
            raise SystemExit(f"{username} sees no case")
    db.session.remove()
    return out
