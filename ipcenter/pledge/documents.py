"""Pledge financing's official documents (DOMAIN.md §4, §6): each template's title, the data it
takes, a complete sample, and the data of a real application (``document_data``).

The templates are ``templates/pdf/pledge/<name>.html`` (GB/T 9704 layout of
``templates/pdf/_layout.html``), rendered by ``pledge.tasks`` through the issued-document
machinery (``core.documents``: stored by SHA-256, numbered, verifiable at ``/verify/<code>``).

Issuing: ``issue_for(application, template, now, actor, **extra)`` queues one on an application
(``matters.issue``, the number taken here, the PDF rendered after commit);
``statement(month, now, actor)`` issues the pool's monthly statement, which belongs to no
application: it is rendered at once through ``core.documents.issue`` with the pool as its
subject (``pledge_pool``), one per pool and month (``source``), and only for a month that has
ended.

Every template gets the heading (``office``, ``number``, ``title``, ``issued_on``,
``verify_code``, ``site_url``) and, except the pool statement:

- ``application``: ``{number, title, filed_on, amount (Decimal 元), amount_upper (大写),
  term_months, rate (Decimal fraction or None), rate_text (3.85%), method (label), use_of_funds,
  from_university (bool), bank, valuer, insurer (names), valuation_report_no}``
- ``borrower``: ``{name, address, uscc, legal_representative, contact}``
- ``rights``: list of ``{kind (label), number, title, holder, valuation (Decimal or None),
  expires_on (date or None)}``; ``total_valuation`` (Decimal)

and, per template:

- ``application_form``: nothing more
- ``eligibility_opinion``: ``criteria`` (list of ``{name, passed (bool), note}``),
  ``enrolled`` (bool), ``opinion`` (str), ``checked_by``
- ``bank_opinion``: ``checklist`` (list of ``{name, passed}``), ``approved`` (bool),
  ``approved_amount``, ``approved_amount_upper``, ``approved_rate`` (3.85%), ``approved_term_months``,
  ``reasons`` (str), ``decided_by``, ``decided_on``
- ``registration_application``: ``office_to`` (国家知识产权局 / 国家知识产权局商标局),
  ``pledgee`` (party dict: the bank), ``contract_numbers``, ``contracts_signed_on``,
  ``debt_amount``, ``debt_amount_upper``, ``debt_start``, ``debt_end`` (dates)
- ``repayment_schedule``: ``instalments`` (list of ``{seq, due_on, principal, interest,
  total}``), ``total_principal``, ``total_interest``, ``total`` (Decimals)
- ``compensation_application``: ``overdue_since``, ``default_on`` (dates), ``claim_amount``,
  ``claim_amount_upper``, ``unpaid_principal``, ``unpaid_interest``, ``prepared_by``
- ``compensation_approval``: ``loss``, ``loss_upper``, ``split`` (list of ``{party, ratio,
  amount}``; the amounts sum to ``loss``), ``ratio`` ("54:26:16:4"), ``pool_balance``,
  ``prepared_by``, ``approved_by``, ``approved_on``, ``basis``
- ``recovery_record``: ``outcome`` ("recovered" / "written_off" / "under_way"),
  ``recovered`` (Decimal), ``returned`` (list of ``{party, amount}``), ``written_off``
  (Decimal), ``reason``
- ``subsidy_approval``: ``interest_paid``, ``interest_subsidy``, ``valuation_fee``,
  ``invoice_no``, ``valuation_subsidy``, ``total``, ``total_upper`` (Decimals; 元),
  ``interest_share``, ``valuation_share`` (50%), ``interest_cap``, ``valuation_cap``,
  ``granted_this_year``, ``interest_capped``, ``valuation_capped`` (bool), ``claimed_on``,
  ``prepared_by``, ``approved_by``, ``approved_on``, ``fund`` (the paying fund), ``basis``
- ``pool_statement`` (no application): ``pool`` (name), ``period_start``, ``period_end``
  (dates), ``opening_balance``, ``closing_balance``, ``total_in``, ``total_out``, ``capacity``
  (10 × the closing balance), ``leverage``, ``rows`` (list of ``{posted_on, kind, memo,
  reference, amount_in, amount_out, balance}``)
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from ipcenter.auth.models import Organisation, User
from ipcenter.core import documents as issued_documents
from ipcenter.core import formatting, money, numbering
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.core.deadlines import add_months
from ipcenter.core.errors import InvalidInput
from ipcenter.matters import issue as matter_issue
from ipcenter.matters.models import DocAudience
from ipcenter.pledge import ledger
from ipcenter.pledge.models import PledgeApplication, PoolAccount, PoolEntry, PostingKind
from ipcenter.pledge.rules import parameters
from ipcenter.pledge.rules.parameters import PARTIES

TITLES = {
    "application_form": "知识产权质押融资申请表",
    "eligibility_opinion": "知识产权质押融资入池审核意见",
    "bank_opinion": "知识产权质押贷款银行审贷意见",
    "registration_application": "知识产权质押登记申请表",
    "repayment_schedule": "知识产权质押贷款还款计划表",
    "compensation_application": "知识产权质押融资风险补偿申请表",
    "compensation_approval": "知识产权质押融资风险补偿审批表",
    "recovery_record": "知识产权质押融资追偿/核销记录",
    "pool_statement": "知识产权质押融资风险补偿资金池月度对账单",
    "subsidy_approval": "知识产权质押融资贴息及评估费补贴审批表",
}
TEMPLATES = tuple(TITLES)
# Where the templates are, under ``templates/pdf`` (``pledge/application_form.html`` …).
TEMPLATE_DIR = "pledge"
# The 文号 prefix of each document (one sequence per prefix and year, ``core.numbering``).
PREFIXES = {
    "application_form": "中知融申字",
    "eligibility_opinion": "中知融审字",
    "bank_opinion": "中知融贷字",
    "registration_application": "中知融登字",
    "repayment_schedule": "中知融还字",
    "compensation_application": "中知融补申字",
    "compensation_approval": "中知融补批字",
    "recovery_record": "中知融追字",
    "pool_statement": "中知融账字",
    "subsidy_approval": "中知融贴字",
}
# Who besides the centre may open each (pledge's policy reads it): the firm's forms and the
# decisions on them go to the parties; the claim, its approval and the recovery record are
# between the centre and the lending bank (``policy.document_principals``).
AUDIENCES = {
    "compensation_application": DocAudience.CENTRE,
    "compensation_approval": DocAudience.CENTRE,
    "recovery_record": DocAudience.CENTRE,
}
SUBJECT_POOL = "pledge_pool"

RIGHT_KINDS = {"invention": "发明专利", "utility_model": "实用新型专利", "design": "外观设计专利",
               "trademark": "注册商标"}
METHODS = {"equal": "等额本息", "bullet": "按期付息、到期还本"}
PARTY_NAMES = {"pool": "风险补偿资金池", "bank": "合作银行", "insurer": "保险机构",
               "valuer": "评估（知识产权运营）机构"}
# The 216号 criteria of the enrolment opinion, by the codes ``rules.eligibility`` fails them with.
CRITERIA = {"not_in_zhongshan": "在中山市登记注册", "not_an_enterprise": "经市场监管部门登记的企业",
            "too_young": "经营满一年", "not_sme": "中小微企业",
            "bad_credit": "近年无不良信用记录", "use_not_allowed": "贷款用于研发、成果转化或生产经营"}
POSTING_NAMES = {PostingKind.CONTRIBUTION: "财政资金注入", PostingKind.COMPENSATION: "风险补偿支出",
                 PostingKind.RECOVERY: "追偿收回", PostingKind.INTEREST: "利息收入"}
ACCOUNT_NAMES = {PoolAccount.CENTRAL_CONTRIBUTION: "中央财政资金",
                 PoolAccount.CITY_CONTRIBUTION: "市级财政资金"}
CNIPA, TRADEMARK_OFFICE = "国家知识产权局", "国家知识产权局商标局"


# ---------------------------------------------------------------------------------- issuing

def issue_for(application: PledgeApplication, template: str, now: datetime, actor=None,
              **extra):
    """Queue ``template`` on ``application`` (its PDF rendered after commit by
    ``pledge.render_document``), numbered in the template's own sequence; ``extra`` is data the
    application does not hold (e.g. an eligibility opinion's wording). Returns the
    ``PledgeDocument``."""
    if template not in TITLES or template == "pool_statement":
        raise ValueError(f"not a document of a pledge application: {template!r}")
    number = numbering.issue_number(PREFIXES[template], local_date(now).year)
    return matter_issue(application, template, TITLES[template], now, actor,
                        audience=AUDIENCES.get(template, DocAudience.PARTIES),
                        extra=extra, number=number)


def parse_month(month) -> date:
    """The first day of ``month``: a ``date`` (any day of it) or ``"2026-03"``."""
    if isinstance(month, datetime):
        month = month.date()
    if isinstance(month, date):
        return month.replace(day=1)
    found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(month or ""))
    if not found or not 1 <= int(found[2]) <= 12:
        raise InvalidInput(_l("Give the month as YYYY-MM."))
    return date(int(found[1]), int(found[2]), 1)


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def statement_source(first: date, pool_id: int = ledger.POOL_ID) -> str:
    return f"pledge_pool:{pool_id}:{first:%Y-%m}"


def statement(month, now: datetime, actor=None, pool_id: int = ledger.POOL_ID):
    """Issue the pool's statement of ``month`` (a month that has ended) and return its
    ``IssuedDocument``; the one already issued for that month is returned as it is. Raises
    ``InvalidInput`` for a malformed month or one not yet ended."""
    first = parse_month(month)
    if _month_end(first) >= local_date(now):
        raise InvalidInput(_l("A monthly statement is issued once the month has ended."))
    source = statement_source(first, pool_id)
    existing = db.session.execute(sa.select(issued_documents.IssuedDocument).where(
        issued_documents.IssuedDocument.source == source)).scalar_one_or_none()
    if existing is not None:
        return existing
    number = numbering.issue_number(PREFIXES["pool_statement"], local_date(now).year)
    data = {**_heading(number, TITLES["pool_statement"], now),
            **statement_data(first, pool_id)}
    return issued_documents.issue("pledge/pool_statement", data,
                                  title=TITLES["pool_statement"], number=number,
                                  subject_type=SUBJECT_POOL, subject_id=pool_id, now=now,
                                  actor=actor, source=source)


# ---------------------------------------------------------------------------- the data

def _heading(number, title, now: datetime) -> dict:
    return {"office": current_app.config["IPCENTER_OFFICE_NAME"], "number": number,
            "title": title, "issued_on": local_date(now),
            "site_url": current_app.config["IPCENTER_SITE_URL"]}


def _fen(value) -> Decimal | None:
    return None if value is None else money.to_fen(value)


def _upper(value) -> str:
    return "" if value is None else money.upper(money.to_fen(value))


def _name_of(model, row_id) -> str:
    if row_id is None:
        return ""
    row = db.session.get(model, row_id)
    if row is None:
        return ""
    return getattr(row, "display_name", None) or getattr(row, "name", "")


def _org_party(org_id) -> dict:
    org = db.session.get(Organisation, org_id) if org_id else None
    return {"name": org.name if org else "", "address": (org.address or "") if org else "",
            "uscc": (org.uscc or "") if org else "", "legal_representative": "",
            "contact": ""}


def _borrower(application) -> dict:
    party = application.borrowers[0] if application.borrowers else None
    if party is None:
        return _org_party(application.borrower_org_id)
    return {"name": party.name, "address": party.address, "uscc": party.uscc,
            "legal_representative": party.legal_representative, "contact": party.contact}


def percent(rate) -> str:
    """0.0385 → 3.85%: an annual rate as the forms print it ("" when none)."""
    if rate is None:
        return ""
    return f"{(Decimal(str(rate)) * 100).normalize():f}%"


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return local_date(value)
    return value


def application_data(application: PledgeApplication) -> dict:
    """What every document of an application shows of it: the loan asked for, the borrower
    and the rights."""
    rights = [{"kind": RIGHT_KINDS.get(p.right.kind, p.right.kind), "number": p.right.number,
               "title": p.right.title, "holder": p.right.holder_name,
               "valuation": _fen(p.valuation), "expires_on": p.right.expires_on}
              for p in application.rights]
    return {
        "application": {
            "number": application.number or "", "title": application.title,
            "filed_on": _day(application.submitted_at or application.created_at),
            "amount": _fen(application.amount), "amount_upper": _upper(application.amount),
            "term_months": application.term_months,
            "rate": application.approved_rate if application.approved_rate is not None
            else application.rate,
            "rate_text": percent(application.approved_rate if application.approved_rate
                                 is not None else application.rate),
            "method": METHODS.get(application.repayment_method, ""),
            "use_of_funds": application.use_of_funds,
            "from_university": bool(application.from_university),
            "bank": _name_of(Organisation, application.bank_org_id),
            "valuer": _name_of(Organisation, application.valuer_org_id),
            "insurer": _name_of(Organisation, application.insurer_org_id),
            "valuation_report_no": application.valuation_report_no,
        },
        "borrower": _borrower(application),
        "rights": rights,
        "total_valuation": money.to_fen(sum((r["valuation"] or 0 for r in rights),
                                            Decimal(0))),
    }


def _ratios(day: date) -> dict[str, Decimal]:
    return dict(parameters.as_of(day).loss_shares)


def _ratio_text(ratios) -> str:
    return ":".join(f"{Decimal(ratios[p]).normalize():f}" for p in PARTIES)


def _criteria(application, extra) -> list[dict]:
    if "criteria" in extra:
        return extra["criteria"]
    stated = application.eligibility or {}
    if "failures" not in stated:  # an older form: criterion → passed (or {name, passed, note})
        found = []
        for name, value in stated.items():
            if isinstance(value, dict):
                found.append({"name": str(value.get("name") or name),
                              "passed": bool(value.get("passed")),
                              "note": str(value.get("note") or "")})
            else:
                found.append({"name": str(name), "passed": bool(value), "note": ""})
        return found
    # What the services keep (``services.eligibility_failures`` at filing): each 216号
    # criterion, passed unless among the failures recorded.
    failed = set(stated.get("failures") or ())
    notes = {"too_young": stated.get("established_on") or "",
             "use_not_allowed": stated.get("use") or "",
             "bad_credit": "、".join(stated.get("bad_credit_on") or ())}
    return [{"name": name, "passed": code not in failed,
             "note": formatting.days_in_words(str(notes.get(code, "")))}
            for code, name in CRITERIA.items()]


def _split(application, day: date) -> list[dict]:
    ratios = _ratios(day)
    borne = _borne(application)
    return [{"party": PARTY_NAMES[p], "ratio": f"{Decimal(ratios[p]).normalize():f}",
             "amount": money.to_fen(borne.get(p, 0))} for p in PARTIES]


def _borne(application) -> dict[str, Decimal]:
    """What each party bears of the loss: the claim's ``borne`` (the services' split, the
    pool's part capped at its balance), or the parties' shares of an older split."""
    split = application.loss_split or {}
    borne = split.get("borne") if isinstance(split.get("borne"), dict) else split
    return {p: Decimal(str(borne[p])) for p in PARTIES if p in borne}


def _returned(application) -> list[dict]:
    """What recoveries returned to each party so far (the split's ``returned``), or the
    ledger's recoveries to the pool when the split names none."""
    returned = (application.loss_split or {}).get("returned") or {}
    if returned:
        return [{"party": PARTY_NAMES[p], "amount": money.to_fen(Decimal(str(returned[p])))}
                for p in PARTIES if p in returned]
    return [{"party": PARTY_NAMES["pool"], "amount": ledger.recovered(application.id)}]


def _unpaid(application) -> tuple[Decimal, Decimal]:
    principal = sum((i.principal - i.paid_principal for i in application.instalments),
                    Decimal(0))
    interest = sum((i.interest - i.paid_interest for i in application.instalments
                    if i.paid_on is None and application.overdue_since is not None
                    and i.due_on >= application.overdue_since), Decimal(0))
    if not application.instalments:
        principal = application.approved_amount or application.amount
    return money.to_fen(principal), money.to_fen(interest)


def _per_template(template: str, application, extra: dict, now: datetime) -> dict:
    today = local_date(now)
    if template == "application_form":
        return {}
    if template == "eligibility_opinion":
        criteria = _criteria(application, extra)
        enrolled = bool(extra.get("enrolled", application.enrolled_at is not None))
        return {"criteria": criteria, "enrolled": enrolled,
                "opinion": extra.get("opinion") or (
                    "经审核，申请人符合中山市知识产权质押融资风险补偿入池条件，同意纳入风险补偿资金池。"
                    if enrolled else "经审核，申请人不符合入池条件，不予纳入风险补偿资金池。"),
                "checked_by": extra.get("checked_by") or ""}
    if template == "bank_opinion":
        approved = application.approved_amount is not None
        return {"checklist": [{"name": str(k), "passed": bool(v)}
                              for k, v in (application.checklist or {}).items()],
                "approved": approved,
                "approved_amount": _fen(application.approved_amount),
                "approved_amount_upper": _upper(application.approved_amount),
                "approved_rate": percent(application.approved_rate),
                "approved_term_months": application.approved_term_months,
                "reasons": application.decline_reason,
                "decided_by": _name_of(User, application.decided_by_id),
                "decided_on": _day(application.decided_at) or today}
    if template == "registration_application":
        kinds = {p.right.kind for p in application.rights}
        offices = ([CNIPA] if kinds - {"trademark"} else []) + \
            ([TRADEMARK_OFFICE] if "trademark" in kinds else [])
        amount = application.approved_amount or application.amount
        start = application.contracts_signed_on or today
        term = application.approved_term_months or application.term_months
        return {"office_to": "、".join(offices), "pledgee": _org_party(application.bank_org_id),
                "contract_numbers": application.contract_numbers,
                "contracts_signed_on": application.contracts_signed_on,
                "debt_amount": _fen(amount), "debt_amount_upper": _upper(amount),
                "debt_start": start, "debt_end": application.maturity_on or add_months(start,
                                                                                     term)}
    if template == "repayment_schedule":
        rows = [{"seq": i.seq, "due_on": i.due_on, "principal": _fen(i.principal),
                 "interest": _fen(i.interest), "total": _fen(i.principal + i.interest)}
                for i in application.instalments]
        return {"instalments": rows,
                "total_principal": money.to_fen(sum((r["principal"] for r in rows),
                                                    Decimal(0))),
                "total_interest": money.to_fen(sum((r["interest"] for r in rows), Decimal(0))),
                "total": money.to_fen(sum((r["total"] for r in rows), Decimal(0)))}
    if template == "compensation_application":
        principal, interest = _unpaid(application)
        claim = application.claim_amount if application.claim_amount is not None else principal
        return {"overdue_since": application.overdue_since, "default_on": application.default_on,
                "claim_amount": _fen(claim), "claim_amount_upper": _upper(claim),
                "unpaid_principal": principal, "unpaid_interest": interest,
                "prepared_by": _name_of(User, application.claim_prepared_by_id)}
    if template == "compensation_approval":
        split = _split(application, application.default_on or today)
        loss = money.to_fen(sum((s["amount"] for s in split), Decimal(0)))
        return {"loss": loss, "loss_upper": _upper(loss), "split": split,
                "ratio": _ratio_text(_ratios(application.default_on or today)),
                "pool_balance": ledger.balance(),
                "prepared_by": _name_of(User, application.claim_prepared_by_id),
                "approved_by": _name_of(User, application.compensation_approved_by_id),
                "approved_on": _day(application.compensation_approved_at) or today,
                "basis": "中山市企业知识产权质押融资贷款风险补偿办法（中市监〔2021〕216号）"}
    if template == "recovery_record":
        returned = extra.get("returned") or _returned(application)
        recovered = money.to_fen(extra.get("recovered") or sum(
            (Decimal(str(r["amount"])) for r in returned), Decimal(0)))
        borne = money.to_fen(sum(_borne(application).values(), Decimal(0)))
        outcome = {"pl_written_off": "written_off", "pl_recovered_in_part": "recovered"}.get(
            application.state, "under_way")
        return {"outcome": extra.get("outcome") or outcome, "recovered": recovered,
                "returned": returned, "loss": borne,
                "written_off": money.to_fen(max(borne - recovered, Decimal(0))),
                "reason": extra.get("reason") or application.reason}
    if template == "subsidy_approval":
        return _subsidy_data(application, today)
    raise ValueError(f"no pledge document {template!r}")


# The subsidies are paid from the city's subsidy fund, not the risk-compensation pool.
SUBSIDY_FUND = "市财政补贴资金（不从风险补偿资金池列支）"


def _subsidy_data(application, today: date) -> dict:
    detail = application.subsidy_detail or {}
    total = application.subsidy_amount or Decimal(0)
    return {"interest_paid": _fen(application.subsidy_interest_paid or 0),
            "interest_subsidy": _fen(application.subsidy_interest_amount or 0),
            "valuation_fee": _fen(application.subsidy_valuation_fee or 0),
            "invoice_no": application.subsidy_invoice_no or "",
            "valuation_subsidy": _fen(application.subsidy_valuation_amount or 0),
            "total": _fen(total), "total_upper": _upper(total),
            "interest_share": percent(detail.get("interest_share") or 0),
            "valuation_share": percent(detail.get("valuation_share") or 0),
            "interest_cap": _fen(detail.get("interest_cap") or 0),
            "valuation_cap": _fen(detail.get("valuation_cap") or 0),
            "granted_this_year": _fen(detail.get("granted_this_year") or 0),
            "interest_capped": bool(detail.get("interest_capped")),
            "valuation_capped": bool(detail.get("valuation_capped")),
            "claimed_on": application.subsidy_claimed_on,
            "prepared_by": _name_of(User, application.subsidy_prepared_by_id),
            "approved_by": _name_of(User, application.subsidy_approved_by_id),
            "approved_on": _day(application.subsidy_approved_at) or today,
            "fund": SUBSIDY_FUND, "basis": detail.get("basis") or ""}


def document_data(doc, now: datetime) -> dict:
    """Everything the template of ``doc`` (a ``PledgeDocument``) needs, as plain values."""
    extra = json.loads(doc.render_data or "{}")
    application = doc.application
    return {**_heading(doc.number, doc.title, now), **application_data(application),
            **extra, **_per_template(doc.template, application, extra, now)}


def statement_data(first: date, pool_id: int = ledger.POOL_ID) -> dict:
    """The pool's statement of the month beginning ``first``: its cash movements, from the
    ledger's rows, with the running balance."""
    end = _month_end(first)
    opening = ledger.balance(pool_id, date.fromordinal(first.toordinal() - 1))
    cash = [e for e in ledger.entries(pool_id, first, end) if e.account == PoolAccount.CASH]
    others = {e.posting: e for e in db.session.execute(sa.select(PoolEntry).where(
        PoolEntry.posting.in_([e.posting for e in cash] or ["-"]),
        PoolEntry.account != PoolAccount.CASH)).scalars()}
    applications = {a.id: a.label for a in db.session.execute(sa.select(PledgeApplication).where(
        PledgeApplication.id.in_([e.application_id for e in cash if e.application_id] or [-1]))
        ).scalars()}
    rows, running = [], opening
    for entry in cash:
        running += entry.amount
        other = others.get(entry.posting)
        kind = POSTING_NAMES.get(entry.posting_kind, entry.posting_kind)
        if other is not None and other.account in ACCOUNT_NAMES:
            kind = f"{kind}（{ACCOUNT_NAMES[other.account]}）"
        rows.append({"posted_on": entry.posted_on, "kind": kind, "memo": entry.memo,
                     "reference": applications.get(entry.application_id, ""),
                     "amount_in": entry.amount if entry.amount > 0 else None,
                     "amount_out": -entry.amount if entry.amount < 0 else None,
                     "balance": money.to_fen(running)})
    params = parameters.as_of(end)
    closing = money.to_fen(running)
    return {"pool": ledger.pool(pool_id).name, "period_start": first, "period_end": end,
            "opening_balance": money.to_fen(opening), "closing_balance": closing,
            "total_in": money.to_fen(sum((r["amount_in"] or 0 for r in rows), Decimal(0))),
            "total_out": money.to_fen(sum((r["amount_out"] or 0 for r in rows), Decimal(0))),
            "leverage": params.leverage, "capacity": closing * params.leverage, "rows": rows}


# ---------------------------------------------------------------------------- samples

def _sample_base(template: str) -> dict:
    return {
        "office": "中国中山（灯饰）知识产权快速维权中心",
        "number": f"{PREFIXES[template]}〔2026〕7号",
        "title": TITLES[template],
        "issued_on": date(2026, 3, 5),
        "verify_code": "7KQ4M9XWTB3H",
        "site_url": "https://ipcenter.zs.gov.cn",
    }


def _sample_application() -> dict:
    return {
        "application": {
            "number": "ZY2026-0007", "title": "中山市古镇华辉灯饰有限公司知识产权质押融资申请",
            "filed_on": date(2026, 1, 6), "amount": Decimal("3000000.00"),
            "amount_upper": money.upper(Decimal("3000000.00")), "term_months": 12,
            "rate": Decimal("0.0385"), "rate_text": "3.85%", "method": METHODS["equal"],
            "use_of_funds": "LED灯具散热技术研发及产业化、补充流动资金", "from_university": True,
            "bank": "中山农村商业银行股份有限公司", "valuer": "中山市云创知识产权服务有限公司",
            "insurer": "中国人民财产保险股份有限公司中山市分公司",
            "valuation_report_no": "云创评报字〔2026〕第018号"},
        "borrower": {"name": "中山市古镇华辉灯饰有限公司", "address": "广东省中山市古镇镇东兴东路28号",
                     "uscc": "91442000MA4UH7K2XA", "legal_representative": "梁志华",
                     "contact": "梁志华 0760-22331234"},
        "rights": [
            {"kind": "发明专利", "number": "ZL202110345678.3", "title": "一种LED灯具的散热结构",
             "holder": "中山市古镇华辉灯饰有限公司", "valuation": Decimal("4200000.00"),
             "expires_on": date(2041, 3, 28)},
            {"kind": "注册商标", "number": "30123456", "title": "华辉 HUAHUI",
             "holder": "中山市古镇华辉灯饰有限公司", "valuation": Decimal("800000.00"),
             "expires_on": date(2029, 6, 13)}],
        "total_valuation": Decimal("5000000.00"),
    }


def _sample_extra(template: str) -> dict:
    loss = Decimal("1000000.03")
    from ipcenter.core.money import allocate
    amounts = allocate(loss, [54, 26, 16, 4])
    if template == "application_form":
        return {}
    if template == "eligibility_opinion":
        return {"criteria": [
            {"name": "在中山市登记注册（统一社会信用代码登记管理机关代码）", "passed": True, "note": ""},
            {"name": "成立满1年", "passed": True, "note": "2015年4月成立"},
            {"name": "属于中小企业", "passed": True, "note": "工信部联企业〔2011〕300号"},
            {"name": "近3年无不良信用记录", "passed": True, "note": "征信报告日期2026年1月5日"},
            {"name": "贷款用途符合规定", "passed": True, "note": "研发及产业化"}],
            "enrolled": True, "checked_by": "郑伟",
            "opinion": "经审核，申请人符合入池条件，且涉质专利受让自高等院校，予以优先支持，同意纳入风险补偿资金池。"}
    if template == "bank_opinion":
        return {"checklist": [{"name": "权利法律状态、权属、年费及剩余期限", "passed": True},
                              {"name": "无效宣告或诉讼情况", "passed": True},
                              {"name": "已有质押情况", "passed": True},
                              {"name": "评估报告及评估价值", "passed": True},
                              {"name": "质押率", "passed": True},
                              {"name": "借款人资格及征信报告", "passed": True},
                              {"name": "保险机构承保意见", "passed": True},
                              {"name": "风险补偿资金池放大倍数额度", "passed": True}],
                "approved": True, "approved_amount": Decimal("2500000.00"),
                "approved_amount_upper": money.upper(Decimal("2500000.00")),
                "approved_rate": "3.85%", "approved_term_months": 12,
                "reasons": "", "decided_by": "刘芳", "decided_on": date(2026, 2, 10)}
    if template == "registration_application":
        return {"office_to": f"{CNIPA}、{TRADEMARK_OFFICE}",
                "pledgee": {"name": "中山农村商业银行股份有限公司",
                            "address": "广东省中山市东区兴中道18号",
                            "uscc": "91442000281970041B", "legal_representative": "",
                            "contact": "刘芳 0760-88888888"},
                "contract_numbers": "中农商质借字2026第0112号、中农商质押字2026第0112号",
                "contracts_signed_on": date(2026, 2, 16), "debt_amount": Decimal("2500000.00"),
                "debt_amount_upper": money.upper(Decimal("2500000.00")),
                "debt_start": date(2026, 2, 16), "debt_end": date(2027, 2, 16)}
    if template == "repayment_schedule":
        from ipcenter.pledge.rules.schedule import equal_instalments
        rows = [{"seq": i.number, "due_on": i.due_on, "principal": i.principal,
                 "interest": i.interest, "total": i.total}
                for i in equal_instalments(Decimal("2500000.00"), Decimal("0.0385"), 12,
                                           date(2026, 3, 1))]
        return {"instalments": rows,
                "total_principal": sum((r["principal"] for r in rows), Decimal(0)),
                "total_interest": sum((r["interest"] for r in rows), Decimal(0)),
                "total": sum((r["total"] for r in rows), Decimal(0))}
    if template == "compensation_application":
        return {"overdue_since": date(2026, 6, 1), "default_on": date(2026, 9, 1),
                "claim_amount": loss, "claim_amount_upper": money.upper(loss),
                "unpaid_principal": loss, "unpaid_interest": Decimal("9625.00"),
                "prepared_by": "刘芳"}
    if template == "compensation_approval":
        return {"loss": loss, "loss_upper": money.upper(loss),
                "split": [{"party": PARTY_NAMES[p], "ratio": r, "amount": a}
                          for p, r, a in zip(PARTIES, ("54", "26", "16", "4"), amounts)],
                "ratio": "54:26:16:4", "pool_balance": Decimal("68500000.00"),
                "prepared_by": "郑伟", "approved_by": "罗振华", "approved_on": date(2026, 9, 20),
                "basis": "中山市企业知识产权质押融资贷款风险补偿办法（中市监〔2021〕216号）"}
    if template == "recovery_record":
        back = allocate(Decimal("300000.00"), [54, 26, 16, 4])
        return {"outcome": "recovered", "recovered": Decimal("300000.00"),
                "returned": [{"party": PARTY_NAMES[p], "amount": a}
                             for p, a in zip(PARTIES, back)],
                "loss": loss, "written_off": loss - Decimal("300000.00"),
                "reason": "质押专利经公开拍卖处置，所得价款按各方承担比例返还，余额核销。"}
    if template == "subsidy_approval":
        return {"interest_paid": Decimal("96250.05"), "interest_subsidy": Decimal("48125.02"),
                "valuation_fee": Decimal("25000.00"), "invoice_no": "No.44200261234567",
                "valuation_subsidy": Decimal("12500.00"), "total": Decimal("60625.02"),
                "total_upper": money.upper(Decimal("60625.02")), "interest_share": "50%",
                "valuation_share": "50%", "interest_cap": Decimal("360000.00"),
                "valuation_cap": Decimal("60000.00"), "granted_this_year": Decimal("0.00"),
                "interest_capped": False, "valuation_capped": False,
                "claimed_on": date(2027, 3, 2), "prepared_by": "郑伟", "approved_by": "罗振华",
                "approved_on": date(2027, 3, 12), "fund": SUBSIDY_FUND,
                "basis": "中心参数（可配置，非法定）：贴息比例"}
    raise KeyError(template)


def sample_data(template: str) -> dict:
    """A complete example of the data each template takes (tests, previews)."""
    base = _sample_base(template)
    if template == "pool_statement":
        rows = [
            {"posted_on": date(2026, 3, 2), "kind": "财政资金注入（中央财政资金）", "memo": "中央财政资金拨付",
             "reference": "", "amount_in": Decimal("40000000.00"), "amount_out": None,
             "balance": Decimal("40000000.00")},
            {"posted_on": date(2026, 3, 3), "kind": "财政资金注入（市级财政资金）", "memo": "市级财政资金拨付",
             "reference": "", "amount_in": Decimal("30000000.00"), "amount_out": None,
             "balance": Decimal("70000000.00")},
            {"posted_on": date(2026, 3, 20), "kind": "风险补偿支出", "memo": "ZY2026-0003",
             "reference": "ZY2026-0003", "amount_in": None,
             "amount_out": Decimal("540000.02"), "balance": Decimal("69459999.98")},
            {"posted_on": date(2026, 3, 31), "kind": "利息收入", "memo": "一季度存款利息",
             "reference": "", "amount_in": Decimal("52500.00"), "amount_out": None,
             "balance": Decimal("69512499.98")}]
        return {**base, "pool": "中山市知识产权质押融资风险补偿资金池",
                "period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31),
                "opening_balance": Decimal("0.00"), "closing_balance": Decimal("69512499.98"),
                "total_in": Decimal("70052500.00"), "total_out": Decimal("540000.02"),
                "leverage": 10, "capacity": Decimal("695124999.80"), "rows": rows}
    return {**base, **_sample_application(), **_sample_extra(template)}
