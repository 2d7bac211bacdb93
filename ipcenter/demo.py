"""Demo data: the centre, three lighting firms of 古镇 (Guzhen), two banks, a patent agency, and
one user for every role, with fixed demo passwords; the risk-compensation pool's contributions
(central ¥40m, city ¥30m) and a few pledge loans in different states (``PLEDGE_LOANS``), walked
through the real pledge services so that the bank's and the fund's pages are not empty.

``seed()`` is idempotent: organisations are looked up by their 统一社会信用代码 and users by
username; what exists is left as it is. It flushes and never commits: the caller (``flask
ipcenter seed-demo``) opens the unit of work. The passwords are public demo values, printed by
the command and listed in README.md; never seed a production database with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import OrgKind, Role
from ipcenter.ip.uscc import check_character
from ipcenter.core import clock
from ipcenter.core.db import db

# The Chinese labels printed by the seed command (the same as in README.md).
ROLE_LABELS_ZH = {
    Role.FIRM: "企业用户",
    Role.AGENT: "代理人",
    Role.ADJUDICATOR: "裁决办案人员",
    Role.ENFORCER: "执法人员",
    Role.EXAMINER: "预审员",
    Role.FUND_MANAGER: "风险补偿基金管理员",
    Role.BANK: "银行审核员",
    Role.VALUER: "评估人员",
    Role.INSURER: "保险审核人员",
    Role.DIRECTOR: "部门负责人",
    Role.ADMIN: "系统管理员",
}

_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code(first8: str) -> str:
    """A 9-character organisation code (GB 11714-1997) with its own check character."""
    value = {ch: i for i, ch in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
    check = 11 - sum(value[ch] * w for ch, w in zip(first8, _ORG_CODE_WEIGHTS)) % 11
    return first8 + {10: "X", 11: "0"}.get(check, str(check))


def uscc(authority_and_kind: str, org_code_first8: str, division: str = "442000") -> str:
    """A valid 统一社会信用代码: registration authority and kind (``91`` a company registered by
    market regulation, ``12`` a public institution), the division (442000 is 中山市), the
    organisation code, and the GB 32100 check character."""
    first17 = authority_and_kind + division + _org_code(org_code_first8)
    return first17 + check_character(first17)


@dataclass(frozen=True)
class DemoOrg:
    key: str
    name: str
    kind: OrgKind
    uscc: str
    address: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    org: str  # DemoOrg.key


@dataclass(frozen=True)
class DemoAccount:
    """One printed line of ``flask ipcenter seed-demo``."""

    username: str
    password: str
    roles: str  # Chinese labels joined with 、
    organisation: str


ORGS = [
    DemoOrg("centre", "中国中山（灯饰）知识产权快速维权中心", OrgKind.CENTRE,
            uscc("12", "MB2C0A15"), "广东省中山市古镇镇中兴大道南1号"),
    DemoOrg("huahui", "中山市古镇华辉灯饰有限公司", OrgKind.FIRM,
            uscc("91", "MA4UH7K2"), "广东省中山市古镇镇东兴东路28号"),
    DemoOrg("mingyao", "中山市古镇明耀照明电器有限公司", OrgKind.FIRM,
            uscc("91", "MA51RX3D"), "广东省中山市古镇镇曹二村工业大道12号"),
    DemoOrg("xinghe", "中山市古镇星河灯饰厂", OrgKind.FIRM,
            uscc("91", "MA52B8QN"), "广东省中山市古镇镇海洲村同益工业区8号"),
    DemoOrg("zsrcb", "中山农村商业银行股份有限公司", OrgKind.BANK,
            uscc("91", "28197004"), "广东省中山市东区兴中道18号"),
    DemoOrg("icbc", "中国工商银行股份有限公司中山分行", OrgKind.BANK,
            uscc("91", "89341267"), "广东省中山市东区中山四路38号"),
    DemoOrg("agency", "中山市灯都专利代理事务所（普通合伙）", OrgKind.AGENCY,
            uscc("91", "MA53DL9W"), "广东省中山市古镇镇中兴大道西2号"),
    DemoOrg("yunchuang", "中山市云创知识产权服务有限公司", OrgKind.VALUER,
            uscc("91", "MA55YC6T"), "广东省中山市石岐区悦来南路9号"),
    DemoOrg("picc", "中国人民财产保险股份有限公司中山市分公司", OrgKind.INSURER,
            uscc("91", "72382517"), "广东省中山市东区博爱六路21号"),
]

# (role, demo password): one fixed, documented password per role.
PASSWORDS = {
    Role.FIRM: "Demo-2026-firm",
    Role.AGENT: "Demo-2026-agent",
    Role.ADJUDICATOR: "Demo-2026-adj",
    Role.ENFORCER: "Demo-2026-enforcer",
    Role.EXAMINER: "Demo-2026-examiner",
    Role.FUND_MANAGER: "Demo-2026-fund",
    Role.BANK: "Demo-2026-bank",
    Role.VALUER: "Demo-2026-valuer",
    Role.INSURER: "Demo-2026-insurer",
    Role.DIRECTOR: "Demo-2026-director",
    Role.ADMIN: "Demo-2026-admin",
}

USERS = [
    DemoUser("firm1", "梁志华", Role.FIRM, "huahui"),
    DemoUser("firm2", "何丽珍", Role.FIRM, "mingyao"),
    DemoUser("agent", "陈建明", Role.AGENT, "agency"),
    DemoUser("adj1", "李明远", Role.ADJUDICATOR, "centre"),
    DemoUser("adj2", "张蔚", Role.ADJUDICATOR, "centre"),
    DemoUser("adj3", "黄晓东", Role.ADJUDICATOR, "centre"),
    DemoUser("enf1", "吴建国", Role.ENFORCER, "centre"),
    DemoUser("enf2", "林海", Role.ENFORCER, "centre"),
    DemoUser("examiner", "周静", Role.EXAMINER, "centre"),
    DemoUser("fund", "郑伟", Role.FUND_MANAGER, "centre"),
    DemoUser("bank1", "刘芳", Role.BANK, "zsrcb"),
    DemoUser("bank2", "高强", Role.BANK, "icbc"),
    DemoUser("valuer", "王淑仪", Role.VALUER, "yunchuang"),
    DemoUser("insurer", "陈国栋", Role.INSURER, "picc"),
    DemoUser("director", "罗振华", Role.DIRECTOR, "centre"),
    DemoUser("admin", "邓文", Role.ADMIN, "centre"),
]


def _ensure_org(spec: DemoOrg, now) -> Organisation:
    org = db.session.execute(
        sa.select(Organisation).where(Organisation.uscc == spec.uscc)).scalar_one_or_none()
    if org is None:
        org = Organisation(name=spec.name, kind=spec.kind.value, uscc=spec.uscc,
                           address=spec.address, created_at=now)
        db.session.add(org)
        db.session.flush()
    return org


def _ensure_user(spec: DemoUser, org: Organisation, now) -> User:
    user = db.session.execute(
        sa.select(User).where(User.username == spec.username)).scalar_one_or_none()
    if user is None:
        user = User(username=spec.username, display_name=spec.display_name, organisation=org,
                    created_at=now)
        user.set_password(PASSWORDS[spec.role])
        user.set_roles([spec.role])
        db.session.add(user)
        db.session.flush()
    return user


def seed() -> list[DemoAccount]:
    """Create the demo organisations and users that are missing; return every demo sign-in.

    Flushes, never commits. Existing rows (same USCC, same username) are not touched."""
    now = clock.now()
    orgs = {spec.key: _ensure_org(spec, now) for spec in ORGS}
    accounts = []
    for spec in USERS:
        user = _ensure_user(spec, orgs[spec.org], now)
        labels = "、".join(ROLE_LABELS_ZH[Role(r)] for r in sorted(user.roles))
        accounts.append(DemoAccount(user.username, PASSWORDS[spec.role], labels,
                                    user.organisation.name))
    seed_pledge(now)
    return accounts


# ---------------------------------------------------------------------------------------------
# Pledge financing: the pool's contributions and a few loans


@dataclass(frozen=True)
class DemoLoan:
    """A demo loan: who borrows from which bank against which right, and how far it went
    (``stage``, one of ``LOAN_STAGES``), ``days_ago`` its application day."""

    token: str
    firm: str           # DemoUser.username of the borrower's user
    bank: str           # DemoOrg.key
    right: tuple        # (kind, number, title)
    amount: str
    term_months: int
    stage: str
    days_ago: int
    use_of_funds: str


LOAN_STAGES = ("applied", "bank_review", "monitoring", "overdue", "compensated", "released")

PLEDGE_LOANS = [
    DemoLoan("demo-pledge-1", "firm1", "zsrcb",
             ("invention", "ZL202110345678.3", "一种LED灯具的散热结构"), "3000000.00", 12,
             "applied", 3, "LED灯具散热技术研发"),
    DemoLoan("demo-pledge-2", "firm2", "icbc",
             ("utility_model", "ZL202220456789.1", "一种可调光吸顶灯"), "1500000.00", 12,
             "bank_review", 20, "补充流动资金"),
    DemoLoan("demo-pledge-3", "firm1", "zsrcb",
             ("utility_model", "ZL202120567890.X", "一种防眩光筒灯"), "2000000.00", 12,
             "monitoring", 150, "智能照明生产线产业化"),
    DemoLoan("demo-pledge-4", "firm2", "zsrcb",
             ("design", "ZL202230678901.1", "水晶吊灯（星河）"), "800000.00", 12,
             "overdue", 190, "补充流动资金"),
    DemoLoan("demo-pledge-5", "firm1", "icbc",
             ("trademark", "30123456", "华辉 HUAHUI"), "1000000.03", 12,
             "compensated", 480, "扩大灯饰出口生产"),
    DemoLoan("demo-pledge-6", "firm2", "zsrcb",
             ("invention", "ZL201910789012.X", "一种LED驱动电源的调光电路"), "1200000.00", 12,
             "released", 460, "研发投入"),
]
POOL_CONTRIBUTIONS = (("central", "40000000.00", "中央财政知识产权质押融资风险补偿资金"),
                      ("city", "30000000.00", "中山市财政知识产权质押融资风险补偿资金"))
DEMO_RATE = "0.0385"
CHECKLIST = ("legal_status", "litigation", "existing_pledges", "valuation", "ltv",
             "eligibility", "insurer", "headroom", "registration")


def _seed_pool(fund: User, now: datetime) -> None:
    """The pool's endowment, once (a ledger with any contribution is left as it is)."""
    from ipcenter.pledge import ledger
    from ipcenter.pledge.models import PoolEntry, PostingKind

    posted = db.session.execute(sa.select(PoolEntry.id).where(
        PoolEntry.posting_kind == PostingKind.CONTRIBUTION)).first()
    if posted is not None:
        return
    day = clock.local_date(now) - timedelta(days=540)
    for source, amount, memo in POOL_CONTRIBUTIONS:
        ledger.contribute(source, amount, fund, now, memo=memo, posted_on=day)


def _walk_loan(spec: DemoLoan, users: dict, orgs: dict, now: datetime):
    """File ``spec`` and take it to its stage through the pledge services (each step dated in
    the past, so that its clocks and instalments fall where a real loan's would)."""
    from ipcenter.ip import register
    from ipcenter.pledge import ledger, services
    from ipcenter.pledge.models import PledgeApplication
    from ipcenter.pledge.rules import compensation, parameters
    from ipcenter.pledge.rules.schedule import EQUAL, build

    existing = db.session.execute(sa.select(PledgeApplication).where(
        PledgeApplication.client_token == spec.token)).scalar_one_or_none()
    if existing is not None:
        return existing
    firm = users[spec.firm]
    bank = next(u for u in users.values()
                if u.has_role(Role.BANK) and u.organisation_id == orgs[spec.bank].id)
    fund, valuer, insurer, director = (users[n] for n in ("fund", "valuer", "insurer",
                                                          "director"))
    start = now - timedelta(days=spec.days_ago)
    kind, number, title = spec.right
    right = register.find_or_register(kind, number, title=title, holder=firm.organisation.name,
                                      holder_org=firm.organisation, granted_on=date(2021, 6, 1)
                                      if kind != "invention" else date(2020, 9, 15), now=start)
    application = services.file_application(services.FilingData(
        bank_org_id=orgs[spec.bank].id, amount=spec.amount, term_months=spec.term_months,
        use_of_funds=spec.use_of_funds, right_ids=[right.id],
        valuer_org_id=orgs["yunchuang"].id, insurer_org_id=orgs["picc"].id),
        firm, start, spec.token)
    stage = LOAN_STAGES.index(spec.stage)
    if stage == 0:
        return application

    def at(days: float) -> datetime:
        return start + timedelta(days=days)

    services.begin_check(application, fund, at(1))
    services.enrol(application, fund, at(2))
    value = str((Decimal(spec.amount) * 2).quantize(Decimal("0.01")))
    services.submit_valuation(application, valuer, at(5),
                              f"云创评报字〔{at(5).year}〕第{spec.token[-1]}号",
                              {right.id: value})
    services.accept_cover(application, insurer, at(7))
    if stage == 1:
        return application
    services.approve(application, bank, at(10), amount=spec.amount, rate=DEMO_RATE,
                     term_months=spec.term_months, checklist=dict.fromkeys(CHECKLIST, True))
    services.sign_contracts(application, bank, at(12), f"质借字{spec.token[-1]}号、质押字"
                            f"{spec.token[-1]}号", clock.local_date(at(12)))
    services.file_registration(application, bank, at(13), clock.local_date(at(13)))
    services.record_registration(application, bank, at(15), f"Y{at(15):%Y}44000{spec.token[-1]}",
                                 clock.local_date(at(15)))
    disbursed_on = clock.local_date(at(16))
    services.disburse(application, bank, at(16), disbursed_on)
    rows = build(EQUAL, spec.amount, DEMO_RATE, spec.term_months, disbursed_on)
    services.record_schedule(application, bank, at(17), [
        (i.due_on, str(i.principal), str(i.interest)) for i in rows])
    today = clock.local_date(now)
    # Paid on time: every instalment due by today, but for the loss branch the third onwards.
    paid_until = 2 if LOAN_STAGES[stage] in ("overdue", "compensated") else len(rows)
    for instalment in rows[:paid_until]:
        if instalment.due_on <= today:
            services.record_payment(application, bank, _noon(instalment.due_on),
                                    instalment.number, instalment.due_on)
    if spec.stage == "monitoring":
        return application
    if spec.stage == "released":
        last = rows[-1].due_on
        services.record_repaid(application, bank, _noon(last))
        services.release_pledge(application, bank, _noon(last + timedelta(days=3)),
                                last + timedelta(days=3))
        return application
    missed = rows[paid_until].due_on
    if spec.stage == "overdue":
        services.mark_overdue(application, bank, now)
        return application
    services.mark_overdue(application, bank, _noon(missed + timedelta(days=10)))
    services.declare_default(application, bank, _noon(missed + timedelta(days=95)))
    unpaid = sum((i.principal for i in rows[paid_until:]), Decimal(0))
    services.file_claim(application, bank, _noon(missed + timedelta(days=100)), str(unpaid))
    approved_at = _noon(missed + timedelta(days=110))
    params = parameters.as_of(clock.local_date(approved_at))
    split = compensation.split(unpaid, pool_balance=ledger.balance(), params=params)
    services.approve_compensation(application, director, approved_at,
                                  {p: str(v) for p, v in split.borne.items()})
    services.pay_compensation(application, fund, _noon(missed + timedelta(days=115)))
    return application


def _noon(day: date) -> datetime:
    """Noon in Zhongshan on ``day`` (04:00 UTC): a step dated on that day."""
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)


def seed_pledge(now: datetime | None = None) -> list:
    """The pool's contributions and the demo loans that are missing (by their filing token);
    returns the applications. Needs the demo organisations and users."""
    now = now or clock.now()
    orgs = {spec.key: db.session.execute(sa.select(Organisation).where(
        Organisation.uscc == spec.uscc)).scalar_one() for spec in ORGS}
    users = {spec.username: db.session.execute(sa.select(User).where(
        User.username == spec.username)).scalar_one() for spec in USERS}
    _seed_pool(users["fund"], now)
    return [_walk_loan(spec, users, orgs, now) for spec in PLEDGE_LOANS]
