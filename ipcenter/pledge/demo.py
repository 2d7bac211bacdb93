"""Pledge financing's demo data (``ipcenter.demo.seed_domains`` calls ``seed``): the
risk-compensation pool's contributions (central ¥40m, city ¥30m) and a few loans in different
states (``PLEDGE_LOANS``), walked through the real pledge services so that the banks' and the
fund manager's pages are not empty. Idempotent: a loan is found again by its filing token, the
contributions by the ledger's having any. Needs the demo organisations and users
(``ipcenter.demo``); flushes, never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_CEILING, Decimal

import sqlalchemy as sa

from ipcenter import demo as common
from ipcenter.auth.models import Organisation, User
from ipcenter.auth.roles import Role
from ipcenter.core import clock
from ipcenter.core.db import db
from ipcenter.ip import register
from ipcenter.pledge import ledger, services
from ipcenter.pledge.models import PledgeApplication, PoolEntry, PostingKind
from ipcenter.pledge.rules import parameters
from ipcenter.pledge.rules.schedule import EQUAL, build


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
    use_of_funds_kind: str  # one of ``rules.parameters.USES``


LOAN_STAGES = ("applied", "bank_review", "monitoring", "overdue", "compensated", "released")

PLEDGE_LOANS = [
    DemoLoan("demo-pledge-1", "firm1", "zsrcb",
             ("invention", "ZL202110345678.3", "一种LED灯具的散热结构"), "3000000.00", 12,
             "applied", 3, "LED灯具散热技术研发", "research"),
    DemoLoan("demo-pledge-2", "firm2", "icbc",
             ("utility_model", "ZL202220456789.1", "一种可调光吸顶灯"), "1500000.00", 12,
             "bank_review", 20, "补充流动资金", "working_capital"),
    DemoLoan("demo-pledge-3", "firm1", "zsrcb",
             ("utility_model", "ZL202120567890.X", "一种防眩光筒灯"), "2000000.00", 12,
             "monitoring", 150, "智能照明生产线产业化", "industrialisation"),
    DemoLoan("demo-pledge-4", "firm2", "zsrcb",
             ("design", "ZL202230678901.1", "水晶吊灯（星河）"), "800000.00", 12,
             "overdue", 190, "补充流动资金", "working_capital"),
    DemoLoan("demo-pledge-5", "firm1", "icbc",
             ("trademark", "30123456", "华辉 HUAHUI"), "1000000.03", 12,
             "compensated", 480, "扩大灯饰出口生产", "working_capital"),
    DemoLoan("demo-pledge-6", "firm2", "zsrcb",
             ("invention", "ZL201910789012.X", "一种LED驱动电源的调光电路"), "1200000.00", 12,
             "released", 460, "研发投入", "research"),
]
POOL_CONTRIBUTIONS = (("central", "40000000.00", "中央财政知识产权质押融资风险补偿资金"),
                      ("city", "30000000.00", "中山市财政知识产权质押融资风险补偿资金"))
# What the demo firms state for the eligibility check (216号): founded years before their
# first loan, small and medium-sized, no bad credit record.
FIRM_FOUNDED = {"firm1": date(2012, 3, 18), "firm2": date(2016, 8, 9)}
DEMO_RATE = "0.0385"
# The valuations: the loan is this share of the loan-to-value allowed for the right's kind
# (``parameters.ltv_shares``), so every loan is within it with room to spare.
VALUE_HEADROOM = Decimal("0.8")
CHECKLIST = ("legal_status", "litigation", "existing_pledges", "valuation", "ltv",
             "eligibility", "insurer", "headroom", "registration")


def _seed_pool(fund: User, now: datetime) -> None:
    """The pool's endowment, once (a ledger with any contribution is left as it is)."""
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
        valuer_org_id=orgs["yunchuang"].id, insurer_org_id=orgs["picc"].id,
        established_on=FIRM_FOUNDED[spec.firm], is_sme=True,
        use_of_funds_kind=spec.use_of_funds_kind),
        firm, start, spec.token)
    stage = LOAN_STAGES.index(spec.stage)
    if stage == 0:
        return application

    def at(days: float) -> datetime:
        return start + timedelta(days=days)

    services.begin_check(application, fund, at(1))
    services.enrol(application, fund, at(2))
    value = str(_valuation(spec.amount, kind, at(5)))
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
    # The services compute the loss from the schedule; the demo's figure must be the same.
    services.file_claim(application, bank, _noon(missed + timedelta(days=100)), str(unpaid))
    services.approve_compensation(application, director, _noon(missed + timedelta(days=110)))
    services.pay_compensation(application, fund, _noon(missed + timedelta(days=115)))
    return application


def _valuation(amount: str, kind: str, when: datetime) -> Decimal:
    """A value at which ``amount`` is ``VALUE_HEADROOM`` of the loan-to-value allowed for
    ``kind`` on the day of ``when``, rounded up to the yuan."""
    share = parameters.as_of(clock.local_date(when)).ltv_shares[kind]
    return (Decimal(amount) / (share * VALUE_HEADROOM)).quantize(Decimal(1), ROUND_CEILING)


def _noon(day: date) -> datetime:
    """Noon in Zhongshan on ``day`` (04:00 UTC): a step dated on that day."""
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)


def seed(now: datetime | None = None) -> list:
    """The pool's contributions and the demo loans that are missing (by their filing token);
    returns the applications. Needs the demo organisations and users."""
    now = now or clock.now()
    orgs = {spec.key: db.session.execute(sa.select(Organisation).where(
        Organisation.uscc == spec.uscc)).scalar_one() for spec in common.ORGS}
    users = {spec.username: db.session.execute(sa.select(User).where(
        User.username == spec.username)).scalar_one() for spec in common.USERS}
    _seed_pool(users["fund"], now)
    return [_walk_loan(spec, users, orgs, now) for spec in PLEDGE_LOANS]
