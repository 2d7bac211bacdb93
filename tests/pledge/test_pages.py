"""The pledge pages through the test client on a real database: who sees each page and who is
refused, the application form filed once for a double submit, actions through the act route
moving the state (both journeys), refusals shown with their reason and nothing written, and
the list pages making as many statements for 30 applications as for 3."""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa

from ipcenter.pledge import ledger
from ipcenter.pledge import services as pl
from ipcenter.pledge.models import PledgeApplication
from ipcenter.pledge.workflow import S
from tests.conftest import csrf_from
from tests.conftest import login as first_login
from tests.pledge.conftest import NOW, held_right
from tests.pledge.journeys import filing, fund_the_pool

FIXED = "2026-04-01T10:00:00+08:00"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _fixed_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", FIXED)


def filed(db, crew, right=None, amount="1000000.00"):
    right = right or held_right(db, crew.firm_org)
    application = pl.file_application(filing(crew, [right.id], amount=amount), crew.firm, NOW,
                                      uuid.uuid4().hex)
    db.session.flush()
    return application


def enrolled(db, crew, **kwargs):
    application = filed(db, crew, **kwargs)
    pl.begin_check(application, crew.fund, NOW)
    pl.enrol(application, crew.fund, NOW)
    db.session.flush()
    return application


def act(client, application_id, name, data=None):
    page = client.get(f"/pledge/{application_id}").get_data(as_text=True)
    return client.post(f"/pledge/{application_id}/act/{name}",
                       data={"csrf_token": csrf_from(page), **(data or {})})


def state_of(db, application_id):
    db.session.expire_all()
    return db.session.get(PledgeApplication, application_id).state


def text(response):
    return response.get_data(as_text=True)


def login(client, username):
    """Sign in as ``username``, signing out whoever was signed in."""
    if client.get("/login").status_code == 302:
        page = text(client.get("/dashboard"))
        client.post("/logout", data={"csrf_token": csrf_from(page)})
    first_login(client, username)


# ---------------------------------------------------------------------------------------------
# Who sees what


def test_the_list_shows_each_user_what_is_theirs(client, db, crew, make_org, make_user):
    application = enrolled(db, crew)
    other_firm = make_user("firm")
    examiner = make_user("examiner")
    seen = {crew.firm: True, crew.bank: True, crew.fund: True, crew.director: True,
            crew.valuer: True, crew.insurer: True, crew.other_bank: False, other_firm: False}
    for user, sees in seen.items():
        login(client, user.username)
        response = client.get("/pledge/")
        assert response.status_code == 200, user.username
        body = text(response)
        assert (f'data-testid="application-{application.id}"' in body) is sees, user.username
        assert "融资" in body  # the nav entry
    login(client, examiner.username)
    response = client.get("/pledge/")
    assert response.status_code == 403
    assert "融资" not in text(response).split("<main", 1)[0]
    assert CJK.search(text(response))


def test_a_bank_sees_nothing_before_the_fund_manager_sends_it(client, db, crew):
    application = filed(db, crew)
    login(client, crew.bank.username)
    assert f'application-{application.id}"' not in text(client.get("/pledge/"))
    assert client.get(f"/pledge/{application.id}").status_code == 403


@pytest.mark.parametrize("path", ["/pledge/", "/pledge/new", "/pledge/bank", "/pledge/pool",
                                  "/pledge/{id}"])
def test_anonymous_is_sent_to_sign_in(client, db, crew, path):
    application = filed(db, crew)
    response = client.get(path.format(id=application.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_application_page_for_who_may_see_it_and_refused_to_others(client, db, crew,
                                                                        make_user):
    application = enrolled(db, crew)
    url = f"/pledge/{application.id}"
    for user in (crew.firm, crew.bank, crew.fund, crew.director, crew.valuer):
        login(client, user.username)
        response = client.get(url)
        assert response.status_code == 200, user.username
        body = text(response)
        assert "评估" in body and "ZL202020123456.8" in body
        assert "¥1,000,000.00" in body and "2026年4月1日" in body
        assert "pl_valuation" not in body.split('data-state="pl_valuation"')[-1]  # no raw code
    for user in (crew.other_bank, make_user("firm"), make_user("examiner")):
        login(client, user.username)
        response = client.get(url)
        assert response.status_code == 403, user.username
        assert "ZL202020123456.8" not in text(response)
        assert CJK.search(text(response))
    assert client.get("/pledge/999999").status_code in (403, 404)


def test_the_bank_pages_show_its_own_bank_only(client, db, crew):
    mine = enrolled(db, crew)
    login(client, crew.bank.username)
    for view in ("queue", "portfolio"):
        assert client.get(f"/pledge/bank?view={view}").status_code == 200
    # Its application reaches the queue when the bank has a step to take.
    pl.submit_valuation(mine, crew.valuer, NOW, "云创评字〔2026〕第018号",
                        {r.right_id: "2500000.00" for r in mine.rights})
    pl.accept_cover(mine, crew.insurer, NOW)
    db.session.flush()
    assert f'application-{mine.id}"' in text(client.get("/pledge/bank"))
    login(client, crew.other_bank.username)
    body = text(client.get("/pledge/bank"))
    assert f'application-{mine.id}"' not in body
    assert 'data-testid="outstanding">¥0.00' in body
    for user in (crew.firm, crew.fund):
        login(client, user.username)
        assert client.get("/pledge/bank").status_code == 403


def test_the_pool_page_for_the_fund_manager_and_the_director(client, db, crew):
    ledger.contribute("central", "40000000.00", crew.fund, NOW)
    ledger.contribute("city", "30000000.00", crew.fund, NOW)
    db.session.flush()
    for user in (crew.fund, crew.director):
        login(client, user.username)
        response = client.get("/pledge/pool")
        assert response.status_code == 200
        body = text(response)
        assert 'data-testid="balance">¥70,000,000.00' in body
        assert 'data-testid="headroom">¥700,000,000.00' in body
        assert "<svg" in body and "chart-lent" in body
        assert "style=" not in body and "<script>" not in body.split("</footer>")[0]
    for user in (crew.bank, crew.firm, crew.valuer):
        login(client, user.username)
        assert client.get("/pledge/pool").status_code == 403


# ---------------------------------------------------------------------------------------------
# The application form


def _apply_data(client, crew, right, **extra):
    page = text(client.get("/pledge/new"))
    token = re.search(r'name="client_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"csrf_token": csrf_from(page), "client_token": token, "rights": str(right.id),
            "amount": "800000.00", "term_months": "12", "repayment_method": "equal",
            "use_of_funds": "研发投入", "bank": str(crew.bank_org.id),
            "valuer": str(crew.valuer_org.id), "insurer": str(crew.insurer_org.id),
            "established_on": "2015-06-01", "is_sme": "y", "use_of_funds_kind": "research",
            **extra}
    # A multiple choice with nothing chosen is not sent at all, as by a browser.
    return {k: v for k, v in data.items() if v is not None}


def _count(db):
    return db.session.execute(sa.select(sa.func.count(PledgeApplication.id))).scalar_one()


def test_the_form_files_once_for_a_double_submit(client, db, crew):
    right = held_right(db, crew.firm_org)
    login(client, crew.firm.username)
    page = text(client.get("/pledge/new"))
    assert "ZL202020123456.8" in page and crew.bank_org.name in page
    data = _apply_data(client, crew, right, repayment_method="bullet")
    first = client.post("/pledge/new", data=data)
    assert first.status_code == 302
    second = client.post("/pledge/new", data=data)
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert _count(db) == 1
    application = db.session.execute(sa.select(PledgeApplication)).scalar_one()
    assert application.state == S.APPLIED and application.repayment_method == "bullet"
    assert str(application.amount) == "800000.00"
    assert application.eligibility["established_on"] == "2015-06-01"
    assert application.eligibility["is_sme"] is True
    assert application.eligibility["use"] == "research"
    assert application.eligibility["from_university_or_soe"] is False
    assert "已申请" in text(client.get(first.headers["Location"]))
    # What the firm stated is what the fund manager's check reads: it enrols.
    login(client, crew.fund.username)
    for name in ("begin_check", "enrol"):
        assert act(client, application.id, name).status_code == 302, name
    assert state_of(db, application.id) == S.VALUATION


@pytest.mark.parametrize("bad", [{"amount": "100.001"}, {"amount": "-5"},
                                 {"right_numbers": "ZL202020123456.1", "rights": None},
                                 {"right_numbers": "ZL202110100099.2", "rights": None},
                                 {"bank": "999999"}, {"term_months": "0"},
                                 {"established_on": "2015-13-40"}, {"established_on": None},
                                 {"use_of_funds_kind": "holiday"}])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(client, db, crew, bad):
    right = held_right(db, crew.firm_org)
    login(client, crew.firm.username)
    response = client.post("/pledge/new", data=_apply_data(client, crew, right, **bad))
    assert response.status_code == 400
    assert 'data-testid="form-error"' in text(response) or "invalid-feedback" in text(response)
    assert _count(db) == 0


def test_a_right_entered_by_number_with_its_check_digit(client, db, crew):
    right = held_right(db, crew.firm_org)
    login(client, crew.firm.username)
    response = client.post("/pledge/new", data=_apply_data(
        client, crew, right, rights=None, right_numbers="ZL202020123456.8"))
    assert response.status_code == 302
    application = db.session.execute(sa.select(PledgeApplication)).scalar_one()
    assert [p.right_id for p in application.rights] == [right.id]


def test_only_a_firm_applies(client, db, crew):
    for user in (crew.bank, crew.fund):
        login(client, user.username)
        assert client.get("/pledge/new").status_code == 403


# ---------------------------------------------------------------------------------------------
# Actions


def test_an_action_through_the_act_route_moves_the_state(client, db, crew):
    application = filed(db, crew)
    login(client, crew.fund.username)
    assert 'data-testid="form-begin_check"' in text(client.get(f"/pledge/{application.id}"))
    response = act(client, application.id, "begin_check")
    assert response.status_code == 302
    assert state_of(db, application.id) == S.ELIGIBILITY_CHECK
    # Twice: the step is no longer open, said in Chinese, nothing written.
    again = act(client, application.id, "begin_check")
    assert again.status_code == 409 and CJK.search(text(again))
    assert state_of(db, application.id) == S.ELIGIBILITY_CHECK


def test_a_refused_action_shows_its_reason_and_writes_nothing(client, db, crew):
    application = enrolled(db, crew)
    pl.submit_valuation(application, crew.valuer, NOW, "云创评字〔2026〕第018号",
                        {r.right_id: "2500000.00" for r in application.rights})
    pl.accept_cover(application, crew.insurer, NOW)
    db.session.flush()
    login(client, crew.bank.username)
    # The checklist not ticked: the guard's reason, on the form, and the state as it was.
    response = act(client, application.id, "approve",
                   {"amount": "1000000.00", "rate": "3.85", "term_months": "12"})
    assert response.status_code == 409
    assert "尽职调查" in text(response) and 'data-testid="form-error"' in text(response)
    assert state_of(db, application.id) == S.BANK_REVIEW
    # A forged form (no CSRF token): refused in Chinese.
    forged = client.post(f"/pledge/{application.id}/act/approve", data={"amount": "1"})
    assert forged.status_code == 400 and CJK.search(text(forged))
    # Another bank may not act on it.
    login(client, crew.other_bank.username)
    assert act_without_page(client, application.id, "approve").status_code == 403
    # A step not the user's own: the firm approving.
    login(client, crew.firm.username)
    refused = act(client, application.id, "approve", {"amount": "1", "rate": "3", "term_months": "1"})
    assert refused.status_code == 403 and CJK.search(text(refused))
    assert state_of(db, application.id) == S.BANK_REVIEW
    assert client.post(f"/pledge/{application.id}/act/no_such_action",
                       data={"csrf_token": "x"}).status_code in (400, 404)


def act_without_page(client, application_id, name):
    page = text(client.get("/pledge/"))
    return client.post(f"/pledge/{application_id}/act/{name}",
                       data={"csrf_token": csrf_from(page)})


def _as(client, user):
    login(client, user.username)


def _walk_to_disbursed(client, db, crew, application, first_due_on, amount="1000000.00"):
    """Through the pages from APPLIED to MONITORING: the pool must hold money (the approval
    checks its headroom) and the value of the rights must cover the loan at the loan-to-value
    share of a utility model (40 %)."""
    _as(client, crew.fund)
    assert act(client, application.id, "begin_check").status_code == 302
    assert act(client, application.id, "enrol").status_code == 302
    _as(client, crew.valuer)
    values = {f"value_{p.right_id}": "3000000.00" for p in application.rights}
    assert act(client, application.id, "submit_valuation",
               {"report_no": "云创评字〔2026〕第018号", **values}).status_code == 302
    _as(client, crew.insurer)
    assert act(client, application.id, "accept_cover").status_code == 302
    _as(client, crew.bank)
    checklist = {k: "y" for k in ("legal_status", "disputes", "existing_pledges", "valuation",
                                  "ltv", "credit", "cover", "headroom")}
    response = act(client, application.id, "approve",
                   {"amount": amount, "rate": "3.85", "term_months": "2", **checklist})
    assert response.status_code == 302, text(response)[:2000]
    for name, data in (("sign_contracts", {"numbers": "借字2026-018", "on": "2026-03-20"}),
                       ("file_registration", {"on": "2026-03-23"}),
                       ("record_registration", {"number": "Y2026980001234",
                                                "on": "2026-03-25"}),
                       ("disburse", {"on": "2026-03-26"}),
                       ("record_schedule", {"first_due_on": first_due_on})):
        response = act(client, application.id, name, data)
        assert response.status_code == 302, (name, text(response)[:2000])
    assert state_of(db, application.id) == S.MONITORING


def test_the_main_journey_through_the_pages(client, db, crew):
    fund_the_pool(crew)
    application = filed(db, crew)
    _walk_to_disbursed(client, db, crew, application, "2026-03-26")
    page = text(client.get(f"/pledge/{application.id}"))
    assert 'data-testid="instalments"' in page and "2026年4月26日" in page
    assert "年利率 3.85%" in page and "¥1,000,000.00" in page
    for seq in (1, 2):
        assert act(client, application.id, "record_payment",
                   {"seq": str(seq), "on": "2026-04-01"}).status_code == 302
    assert act(client, application.id, "record_repaid").status_code == 302
    assert act(client, application.id, "release_pledge", {"on": "2026-04-01"}).status_code == 302
    assert state_of(db, application.id) == S.PLEDGE_RELEASED
    page = text(client.get(f"/pledge/{application.id}"))
    assert "质押已注销" in page or "注销" in page
    assert 'data-testid="timeline"' in page and page.count("list-group-item small") >= 12


def test_the_loss_journey_through_the_pages(client, db, crew):
    ledger.contribute("central", "40000000.00", crew.fund, NOW)
    db.session.flush()
    application = filed(db, crew, amount="1000000.03")
    # Instalments due from October 2025: on 1 April 2026 the loan is long overdue.
    _walk_to_disbursed(client, db, crew, application, "2025-10-01", amount="1000000.03")
    assert act(client, application.id, "mark_overdue").status_code == 302
    assert act(client, application.id, "declare_default").status_code == 302
    assert act(client, application.id, "file_claim", {"amount": "1000000.03"}).status_code == 302
    _as(client, crew.director)
    page = text(client.get(f"/pledge/{application.id}"))
    assert 'data-testid="split"' in page and "¥540,000.02" in page
    assert act(client, application.id, "approve_compensation").status_code == 302
    _as(client, crew.fund)
    assert act(client, application.id, "pay_compensation").status_code == 302
    _as(client, crew.bank)
    assert act(client, application.id, "begin_recovery").status_code == 302
    _as(client, crew.fund)
    assert act(client, application.id, "record_recovery", {"amount": "54000.00"}
               ).status_code == 302
    assert act(client, application.id, "close_recovery").status_code == 302
    assert state_of(db, application.id) == S.RECOVERED_IN_PART
    body = text(client.get("/pledge/pool"))
    assert 'data-testid="compensations">¥540,000.02' in body
    assert 'data-testid="balance">¥39,489,159.98' in body
    # The chart's month: the loan disbursed in March, the compensation paid on 1 April.
    assert "2026年3月</td><td class=\"text-end\">¥1,000,000.03" in body
    assert "2026年4月</td><td class=\"text-end\">¥0.00</td><td class=\"text-end\">¥540,000.02" in body


def test_the_preparer_is_refused_when_approving_a_claim(client, db, crew, make_user):
    # The director who is the preparer is refused with the reason (maker–checker).
    ledger.contribute("central", "40000000.00", crew.fund, NOW)
    application = filed(db, crew, amount="1000000.03")
    _walk_to_disbursed(client, db, crew, application, "2025-10-01", amount="1000000.03")
    assert act(client, application.id, "mark_overdue").status_code == 302
    assert act(client, application.id, "declare_default").status_code == 302
    assert act(client, application.id, "file_claim", {"amount": "1000000.03"}).status_code == 302
    db.session.expire_all()
    row = db.session.get(PledgeApplication, application.id)
    row.claim_prepared_by_id = crew.director.id  # as if the director had prepared it
    db.session.flush()
    _as(client, crew.director)
    response = act(client, application.id, "approve_compensation")
    assert response.status_code == 409 and "编制补偿申请的人员不能审批" in text(response)
    assert state_of(db, application.id) == S.COMPENSATION_CLAIMED


# ---------------------------------------------------------------------------------------------
# Statements per page


@contextmanager
def statements(db):
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _applications(db, crew, start, stop):
    """Applications ``start`` to ``stop - 1``, each on a right of its own (a right is pledged
    once)."""
    from ipcenter.ip import register

    for i in range(start, stop):
        right = register.find_or_register(
            "trademark" if i % 2 else "invention", f"{30000000 + i}" if i % 2 else
            _patent(i), title=f"权利{i}", holder=crew.firm_org.name, holder_org=crew.firm_org,
            granted_on=date(2021, 3, 2), now=NOW)
        application = enrolled(db, crew, right=right)
        if i % 3 == 0:
            pl.submit_valuation(application, crew.valuer, NOW, f"评字{i}",
                                {r.right_id: "2500000.00" for r in application.rights})
    db.session.flush()


def _patent(i: int) -> str:
    from ipcenter.ip.numbers import check_character

    digits = f"2021101{i:05d}"
    return f"ZL{digits}.{check_character(digits)}"


@pytest.mark.parametrize("who,path", [("firm", "/pledge/"), ("bank", "/pledge/"),
                                      ("bank", "/pledge/bank"),
                                      ("bank", "/pledge/bank?view=portfolio"),
                                      ("fund", "/pledge/"), ("fund", "/pledge/pool")])
def test_list_pages_make_as_many_statements_for_30_as_for_3(client, db, crew, make_org,
                                                             who, path):
    user = getattr(crew, who)
    login(client, user.username)
    counts = []
    made = 0
    for total in (3, 30):
        _applications(db, crew, made, total)
        made = total
        client.get(path)  # warm: the session's user and the first queries
        with statements(db) as seen:
            response = client.get(path)
        assert response.status_code == 200
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


# ---------------------------------------------------------------------------------------------
# The chart


def test_the_chart_scales_its_bars_to_a_round_top():
    from decimal import Decimal

    from ipcenter.pledge import chart

    rows = [(date(2026, m, 1), Decimal(lent), Decimal(lost)) for m, lent, lost in
            ((1, "0", "0"), (2, "1500000.00", "0"), (3, "3000000.00", "540000.02"))]
    drawn = chart.build(rows)
    assert drawn.peak == Decimal(5_000_000)  # 1, 2 or 5 × a power of ten, at least the peak
    bars = {(m.label, b.kind): b for m in drawn.months for b in m.bars}
    assert bars[("26/1", "lent")].height == 0
    assert bars[("26/3", "lent")].height == pytest.approx(chart.PLOT_H * 0.6, abs=0.1)
    assert bars[("26/2", "lent")].height == pytest.approx(chart.PLOT_H * 0.3, abs=0.1)
    assert bars[("26/3", "lost")].y + bars[("26/3", "lost")].height == \
        pytest.approx(drawn.baseline, abs=0.1)
    assert chart.build([]).months == ()


def test_the_pages_need_no_inline_code(client, db, crew):
    from tests.web.test_headers import assert_no_inline_code

    ledger.contribute("central", "40000000.00", crew.fund, NOW)
    application = enrolled(db, crew)
    for user, paths in ((crew.firm, ["/pledge/", "/pledge/new", f"/pledge/{application.id}"]),
                        (crew.bank, ["/pledge/bank", "/pledge/bank?view=portfolio"]),
                        (crew.fund, ["/pledge/pool", f"/pledge/{application.id}"])):
        login(client, user.username)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert_no_inline_code(text(response), path)
