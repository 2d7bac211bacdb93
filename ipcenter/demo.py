"""Demo data: the centre, three lighting firms of 古镇 (Guzhen), two banks, a patent agency, a
valuer, an insurer, the provincial office (a reader of the statistics), an e-commerce platform
(which files complaints for right holders, as an agent does), and one user for every role, with fixed demo passwords; then each domain's own demo data
(``seed_domains``: e.g. ``ipcenter.pledge.demo``, the pool and a few loans).

``seed()`` is idempotent: organisations are looked up by their 统一社会信用代码 and users by
username; what exists is left as it is. It flushes and never commits: the caller (``flask
ipcenter seed-demo``) opens the unit of work. The passwords are public demo values, printed by
the command and listed in README.md; never seed a production database with them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import OrgKind, Role
from ipcenter.core import clock
from ipcenter.core.db import db
from ipcenter.ip.uscc import check_character

# The Chinese labels printed by the seed command: the app's own role names
# (``auth.roles.ROLE_LABELS`` in the Chinese catalogue), the same in README.md; a test holds the
# three together.
ROLE_LABELS_ZH = {
    Role.FIRM: "企业",
    Role.AGENT: "代理机构人员",
    Role.ADJUDICATOR: "裁决办案人员",
    Role.ENFORCER: "执法人员（商标）",
    Role.EXAMINER: "预审员",
    Role.FUND_MANAGER: "风险补偿资金管理人",
    Role.BANK: "银行审贷人员",
    Role.VALUER: "评估人员",
    Role.INSURER: "保险审核人员",
    Role.DIRECTOR: "部门负责人",
    Role.ADMIN: "系统管理员",
    Role.PROVINCIAL: "省局统计查阅人员",
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
    # ``11``: an organ of the state, registered in 广东省 (440000).
    DemoOrg("province", "广东省市场监督管理局（知识产权局）", OrgKind.PROVINCE,
            uscc("11", "00607339", division="440000"), "广东省广州市天河区天河北路"),
    DemoOrg("platform", "中山灯饰网电子商务平台有限公司", OrgKind.PLATFORM,
            uscc("91", "MA57DK2P"), "广东省中山市古镇镇同兴路灯饰电商产业园"),
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
    Role.PROVINCIAL: "Demo-2026-province",
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
    DemoUser("province", "杜晓岚", Role.PROVINCIAL, "province"),
    DemoUser("platform", "苏嘉欣", Role.AGENT, "platform"),
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
    seed_domains(now)
    return accounts


def seed_domains(now) -> None:
    """Each domain's demo data: ``<domain>.demo.seed(now)`` for every domain of
    ``ipcenter.DOMAINS`` that has such a module (found by name, so that nothing outside a
    domain imports it; pledge's seeds its pool and loans)."""
    from importlib import import_module, util

    from ipcenter import DOMAINS

    for name in DOMAINS:
        if util.find_spec(f"{name}.demo") is not None:
            import_module(f"{name}.demo").seed(now)
