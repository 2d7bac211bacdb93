"""The subsidy steps of a pledge loan (贴息、评估费补贴) through the services and the pages: the
firm claims after the pledge is released (interest paid from its recorded repayments, the
valuation fee with its invoice, the amount computed and shown before it is submitted), the fund
manager prepares, the director approves payment (never the preparer), the fund manager records
it paid — from the city's subsidy fund, never the pool's ledger. Amounts to the fen at the
caps; refusals for another firm, a bank, the preparer approving and the parameters off."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

import pypdf
import pytest
import sqlalchemy as sa

from ipcenter.auth.policy import can
from ipcenter.core import documents as issued
from ipcenter.core import storage
from ipcenter.core.errors import InvalidInput, InvalidTransition
from ipcenter.core.models import Deadline
from ipcenter.pledge import ledger
from ipcenter.pledge import services as pl
from ipcenter.pledge.models import PledgeApplication, PoolEntry
from ipcenter.pledge.rules import parameters
from ipcenter.pledge.rules.parameters import CENTRE, Figure
from ipcenter.pledge.workflow import E, S
from tests.conftest import csrf_from
from tests.pledge import journeys
from tests.pledge.journeys import at, day, walk
from tests.pledge.test_pages import login, state_of, text

CJK = re.compile(r"[\u4e00-\u9fff]")
D = Decimal
ON = date(2026, 1, 1)  # the day the centre's subsidy figures take effect in these tests


def enable(monkeypatch, *, interest_share="0.5", interest_cap="360000.00",
           valuation_share="0.5", valuation_cap="60000.00", on=ON):
    """A version of the subsidy figures in force from ``on``, added to the table as the centre
    would (``rules.parameters.FIGURES``: a new version, never an edit)."""
    values = {"interest_subsidy_share": D(interest_share),
              "interest_subsidy_yearly_cap": D(interest_cap),
              "valuation_subsidy_share": D(valuation_share),
              "valuation_subsidy_cap": D(valuation_cap)}
    for name, value in values.items():
        monkeypatch.setitem(parameters.FIGURES, name, parameters.FIGURES[name] + (
            Figure(value, on, f"中心参数：2026年贴息及评估费补贴（测试）{name}", CENTRE),))


def released(crew, db, n=1):
    """A loan of the firm taken to the release of its pledge through the services."""
    application = journeys.file(crew, db, n)
    for _ in walk(application, journeys.repaid(crew), db):
        pass
    assert application.state == S.PLEDGE_RELEASED
    return application


def half(value) -> Decimal:
    return (D(value) * D("0.5")).quantize(D("0.01"), ROUND_DOWN)


@pytest.fixture
def loan(db, crew):
    journeys.fund_the_pool(crew)
    return released(crew, db)


# ---------------------------------------------------------------------------------------------
# Through the services


def test_the_claim_goes_through_review_approval_and_payment_off_the_pools_ledger(
        db, crew, loan, monkeypatch):
    enable(monkeypatch)
    balance, rows = ledger.balance(), db.session.execute(
        sa.select(sa.func.count(PoolEntry.id))).scalar_one()
    paid = sum((i.paid_interest for i in loan.instalments), D(0))
    assert paid > 0
    quote = pl.quote_subsidy(loan, at(402), "25000.00")
    assert quote.interest_paid == paid and quote.interest.amount == half(paid)
    assert quote.valuation.amount == D("12500.00") and not quote.interest.capped
    pl.claim_subsidy(loan, crew.firm, at(402), "25000.00", "No.44200261234567",
                     expected_total=str(quote.total))
    assert loan.state == S.SUBSIDY_CLAIMED
    assert (loan.subsidy_interest_paid, loan.subsidy_interest_amount) == (paid, half(paid))
    assert loan.subsidy_valuation_amount == D("12500.00")
    assert loan.subsidy_amount == half(paid) + D("12500.00")
    assert loan.subsidy_invoice_no == "No.44200261234567" and loan.subsidy_claimed_on == day(402)
    (clock,) = db.session.execute(sa.select(Deadline).where(
        Deadline.subject_id == loan.id, Deadline.kind == "subsidy_review")).scalars()
    assert clock.closed_at is None and "可配置" in clock.basis and clock.period == "15wd"
    pl.prepare_subsidy(loan, crew.fund, at(405))
    assert loan.state == S.SUBSIDY_PREPARED and clock.outcome == "met"
    pl.approve_subsidy(loan, crew.director, at(407))
    assert loan.state == S.SUBSIDY_APPROVED
    assert loan.subsidy_approved_by_id == crew.director.id
    pl.pay_subsidy(loan, crew.fund, at(410), day(410))
    assert loan.state == S.SUBSIDY_PAID and loan.subsidy_paid_on == day(410)
    # Paid from the city's subsidy fund: the pool's ledger did not move.
    assert ledger.balance() == balance
    assert db.session.execute(sa.select(sa.func.count(PoolEntry.id))).scalar_one() == rows
    assert [d.template for d in loan.documents if d.template == "subsidy_approval"] == \
        ["subsidy_approval"]


@pytest.mark.parametrize("fee, expected, capped", [
    ("120000.00", "60000.00", False),   # half the fee is exactly the cap
    ("120000.02", "60000.00", True),    # a fen above the cap: cut to it
    ("119999.99", "59999.99", False),   # 59,999.995 rounded down, never up
    ("0.03", "0.01", False),
])
def test_the_valuation_subsidy_to_the_fen_at_its_cap(db, crew, loan, monkeypatch, fee,
                                                     expected, capped):
    enable(monkeypatch)
    pl.claim_subsidy(loan, crew.firm, at(402), fee, "No.1")
    assert loan.subsidy_valuation_amount == D(expected)
    assert loan.subsidy_detail["valuation_capped"] is capped
    assert loan.subsidy_amount == loan.subsidy_interest_amount + D(expected)


def test_the_yearly_interest_cap_counts_the_firms_other_claims_of_the_year(db, crew,
                                                                         monkeypatch):
    journeys.fund_the_pool(crew)
    first, second = released(crew, db, 1), released(crew, db, 2)
    full = half(pl.interest_paid(first))
    # The cap leaves one fen for the second loan after the first's claim.
    enable(monkeypatch, interest_cap=str(full + D("0.01")), valuation_share="0",
           valuation_cap="0")
    pl.claim_subsidy(first, crew.firm, at(402))
    assert first.subsidy_interest_amount == full and not first.subsidy_detail["interest_capped"]
    quote = pl.quote_subsidy(second, at(402))
    assert quote.granted_this_year == full and quote.interest.amount == D("0.01")
    pl.claim_subsidy(second, crew.firm, at(402))
    assert second.subsidy_interest_amount == D("0.01")
    assert second.subsidy_detail["interest_capped"] is True
    # A refused claim no longer counts against the year.
    pl.refuse_subsidy(first, crew.fund, at(403), "发票与评估合同不符")
    assert pl.quote_subsidy(second, at(403)).granted_this_year == D("0.00")


def test_the_cap_exactly_reached_is_not_cut_and_a_new_year_has_its_own_room(db, crew,
                                                                          monkeypatch):
    journeys.fund_the_pool(crew)
    first, second = released(crew, db, 1), released(crew, db, 2)
    full = half(pl.interest_paid(first))
    enable(monkeypatch, interest_cap=str(full), valuation_share="0", valuation_cap="0")
    pl.claim_subsidy(first, crew.firm, at(402))
    assert first.subsidy_interest_amount == full and not first.subsidy_detail["interest_capped"]
    # Nothing is left this year: the second loan's claim is refused, nothing written.
    with pytest.raises(InvalidInput) as refused:
        pl.claim_subsidy(second, crew.firm, at(402))
    assert "无应补贴金额" in str(refused.value)
    assert second.state == S.PLEDGE_RELEASED and second.subsidy_amount is None
    next_year = at(402) + timedelta(days=(date(2028, 1, 3) - day(402)).days)
    pl.claim_subsidy(second, crew.firm, next_year)
    assert second.subsidy_interest_amount == half(pl.interest_paid(second))


def test_the_subsidies_off_by_default_refuse_a_claim_in_chinese(db, crew, loan):
    assert not pl.subsidies_offered(pl.params_on(at(402)))
    with pytest.raises(InvalidTransition) as refused:
        pl.claim_subsidy(loan, crew.firm, at(402), "25000.00", "No.1")
    assert "未开放" in str(refused.value) and CJK.search(str(refused.value))
    assert loan.state == S.PLEDGE_RELEASED and loan.subsidy_amount is None


def test_bad_input_is_refused_and_nothing_written(db, crew, loan, monkeypatch):
    enable(monkeypatch)
    for fee, invoice, says in (("25000.005", "No.1", "两位小数"), ("-5", "No.1", "负"),
                               ("abc", "No.1", "金额"), ("25000.00", "", "发票号码"),
                               ("25000.00", "N" * 61, "60")):
        with pytest.raises(InvalidInput) as refused:
            pl.claim_subsidy(loan, crew.firm, at(402), fee, invoice)
        assert says in str(refused.value), (fee, str(refused.value))
        assert loan.state == S.PLEDGE_RELEASED and loan.subsidy_amount is None
    quote = pl.quote_subsidy(loan, at(402), "25000.00")
    with pytest.raises(InvalidInput) as refused:  # the amount shown is not the amount now
        pl.claim_subsidy(loan, crew.firm, at(402), "25000.00", "No.1",
                         expected_total=str(quote.total - D("0.01")))
    assert "核对" in str(refused.value) and loan.state == S.PLEDGE_RELEASED


def test_no_claim_before_release_and_no_payment_before_approval(db, crew, monkeypatch):
    enable(monkeypatch)
    journeys.fund_the_pool(crew)
    application = journeys.file(crew, db)
    for _ in walk(application, journeys.lent(crew), db):
        pass
    assert application.state == S.MONITORING
    with pytest.raises(InvalidTransition):
        pl.claim_subsidy(application, crew.firm, at(100))
    loan = released(crew, db, 2)
    pl.claim_subsidy(loan, crew.firm, at(402))
    with pytest.raises(InvalidTransition):
        pl.pay_subsidy(loan, crew.fund, at(403), day(403))
    pl.prepare_subsidy(loan, crew.fund, at(403))
    pl.approve_subsidy(loan, crew.director, at(404))
    for paid_on, says in ((day(403), "早于"), (day(500), "未来"), (None, "拨付日期")):
        with pytest.raises((InvalidInput, InvalidTransition)) as refused:
            pl.pay_subsidy(loan, crew.fund, at(405), paid_on)
        assert says in str(refused.value)
    assert loan.state == S.SUBSIDY_APPROVED and loan.subsidy_paid_on is None


def test_the_preparer_never_approves_and_a_return_clears_the_preparation(db, crew, loan,
                                                                         make_user,
                                                                         monkeypatch):
    enable(monkeypatch)
    both = make_user("fund_manager", "director")
    pl.claim_subsidy(loan, crew.firm, at(402))
    pl.prepare_subsidy(loan, both, at(403))
    with pytest.raises(InvalidTransition) as refused:
        pl.approve_subsidy(loan, both, at(404))
    assert "不能审批" in str(refused.value)
    assert loan.state == S.SUBSIDY_PREPARED and loan.subsidy_approved_by_id is None
    pl.return_subsidy(loan, crew.director, at(404), "请补充利息支付凭证")
    assert loan.state == S.SUBSIDY_CLAIMED and loan.subsidy_prepared_by_id is None
    pl.prepare_subsidy(loan, crew.fund, at(405))
    pl.approve_subsidy(loan, both, at(406))  # not the preparer this time
    assert loan.state == S.SUBSIDY_APPROVED


def test_who_may_take_each_subsidy_step(db, crew, loan, make_user, monkeypatch):
    enable(monkeypatch)
    other_firm = make_user("firm")
    people = {"firm": crew.firm, "other_firm": other_firm, "bank": crew.bank,
              "other_bank": crew.other_bank, "fund": crew.fund, "director": crew.director,
              "valuer": crew.valuer, "insurer": crew.insurer}

    def who(event):
        return {n for n, u in people.items() if can(u, "pledge.act", (loan, event))}

    assert who(E.CLAIM_SUBSIDY) == {"firm"}
    pl.claim_subsidy(loan, crew.firm, at(402))
    assert who(E.PREPARE_SUBSIDY) == who(E.REFUSE_SUBSIDY) == {"fund"}
    pl.prepare_subsidy(loan, crew.fund, at(403))
    assert who(E.APPROVE_SUBSIDY) == who(E.RETURN_SUBSIDY) == {"director"}
    pl.approve_subsidy(loan, crew.director, at(404))
    assert who(E.PAY_SUBSIDY) == {"fund"}


# ---------------------------------------------------------------------------------------------
# Through the pages

LATER = "2027-05-10T10:00:00+08:00"  # after the repaid journey's release (day 401)


@pytest.fixture
def later(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", LATER)
    return date(2027, 5, 10)


def _page(client, loan):
    return text(client.get(f"/pledge/{loan.id}"))


def _post(client, loan, path, data=None):
    return client.post(f"/pledge/{loan.id}/{path}",
                       data={"csrf_token": csrf_from(_page(client, loan)), **(data or {})})


def test_the_subsidy_journey_in_the_pages(client, db, crew, loan, later, monkeypatch):
    enable(monkeypatch)
    paid = pl.interest_paid(loan)
    login(client, crew.firm.username)
    body = _page(client, loan)
    assert 'data-testid="form-claim_subsidy"' in body and "计算补贴金额" in body
    assert 'data-testid="do-claim_subsidy"' not in body  # the amount is shown first
    assert "按已付利息的50%" in body
    # Work out the amount: shown, nothing written.
    response = _post(client, loan, "subsidy/quote",
                     {"valuation_fee": "130000.00", "invoice_no": "No.44200261234567"})
    assert response.status_code == 200
    body = text(response)
    assert f'data-testid="quote-interest">¥{half(paid):,.2f}' in body
    assert 'data-testid="quote-valuation">¥60,000.00' in body and "受上限限制" in body
    total = half(paid) + D("60000.00")
    assert f'data-testid="quote-total">¥{total:,.2f}' in body
    assert 'data-testid="do-claim_subsidy"' in body
    assert state_of(db, loan.id) == S.PLEDGE_RELEASED
    quoted = re.search(r'name="quoted_total"[^>]*value="([^"]+)"', body).group(1)
    assert D(quoted) == total
    # Submitted without the amount shown: refused, nothing written.
    response = _post(client, loan, "act/claim_subsidy",
                     {"valuation_fee": "130000.00", "invoice_no": "No.44200261234567"})
    assert response.status_code == 400 and "请先计算补贴金额" in text(response)
    assert state_of(db, loan.id) == S.PLEDGE_RELEASED
    response = _post(client, loan, "act/claim_subsidy",
                     {"valuation_fee": "130000.00", "invoice_no": "No.44200261234567",
                      "quoted_total": quoted})
    assert response.status_code == 302
    assert state_of(db, loan.id) == S.SUBSIDY_CLAIMED
    body = _page(client, loan)
    assert f'data-testid="subsidy-total">¥{total:,.2f}' in body and "审核补贴申请" in body
    # The fund manager prepares; the director approves; the fund manager records payment.
    login(client, crew.fund.username)
    assert _post(client, loan, "act/prepare_subsidy").status_code == 302
    login(client, crew.director.username)
    assert 'data-testid="form-approve_subsidy"' in _page(client, loan)
    assert _post(client, loan, "act/approve_subsidy").status_code == 302
    login(client, crew.fund.username)
    response = _post(client, loan, "act/pay_subsidy", {"on": "2027-05-11"})  # tomorrow
    assert response.status_code == 409 and "未来" in text(response)
    assert _post(client, loan, "act/pay_subsidy", {"on": later.isoformat()}).status_code == 302
    assert state_of(db, loan.id) == S.SUBSIDY_PAID
    body = _page(client, loan)
    assert 'data-testid="subsidy-paid-on">2027年5月10日' in body
    assert f'data-testid="subsidy-approver">{crew.director.display_name}' in body
    assert "pl_subsidy" not in body.split('data-state="pl_subsidy_paid"')[-1]
    # The approval form, rendered and read back.
    db.session.expire_all()
    application = db.session.get(PledgeApplication, loan.id)
    (doc,) = [d for d in application.documents if d.template == "subsidy_approval"]
    assert doc.render_status == "done"
    record = db.session.get(issued.IssuedDocument, doc.issued_document_id)
    pdf_text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(storage.path_for(record.sha256).read_bytes())).pages))
    assert "贴息及评估费补贴审批表" in pdf_text and doc.number in pdf_text
    assert f"{total:,.2f}" in pdf_text and "No.44200261234567" in pdf_text
    assert f"批准人：{crew.director.display_name}" in pdf_text
    assert "不从风险补偿资金池列支" in pdf_text


def test_with_the_subsidies_off_the_step_is_not_offered_and_a_forged_post_is_refused(
        client, db, crew, loan, later):
    login(client, crew.firm.username)
    body = _page(client, loan)
    assert 'data-testid="form-claim_subsidy"' not in body and 'data-testid="subsidy"' not in body
    for path in ("act/claim_subsidy", "subsidy/quote"):
        response = _post(client, loan, path, {"valuation_fee": "1000.00", "invoice_no": "No.1",
                                              "quoted_total": "500.00"})
        assert response.status_code == 409, path
        assert "未开放" in text(response), path
    assert state_of(db, loan.id) == S.PLEDGE_RELEASED


def test_the_subsidy_steps_refused_to_those_they_are_not_for(client, db, crew, loan, later,
                                                            make_user, monkeypatch):
    enable(monkeypatch)
    data = {"valuation_fee": "", "invoice_no": "", "quoted_total": "1.00"}
    for user in (make_user("firm"), crew.bank, crew.fund):
        login(client, user.username)
        page = client.get(f"/pledge/{loan.id}")
        if page.status_code == 200:
            assert 'data-testid="form-claim_subsidy"' not in text(page)
            csrf = csrf_from(text(page))
        else:  # another firm does not even see the application
            assert page.status_code == 403
            csrf = csrf_from(text(client.get("/pledge/")))
        for path in ("act/claim_subsidy", "subsidy/quote"):
            response = client.post(f"/pledge/{loan.id}/{path}", data={"csrf_token": csrf,
                                                                       **data})
            assert response.status_code == 403, (user.username, path)
            assert CJK.search(text(response))
    assert state_of(db, loan.id) == S.PLEDGE_RELEASED
    # The preparer, a director too, is not offered the approval and is refused it.
    both = make_user("fund_manager", "director")
    pl.claim_subsidy(loan, crew.firm, at(402))
    pl.prepare_subsidy(loan, both, at(403))
    db.session.flush()
    login(client, both.username)
    assert 'data-testid="form-approve_subsidy"' not in _page(client, loan)
    response = _post(client, loan, "act/approve_subsidy")
    assert response.status_code == 409 and "不能审批" in text(response)
    assert state_of(db, loan.id) == S.SUBSIDY_PREPARED
