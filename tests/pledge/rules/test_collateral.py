from dataclasses import replace
from datetime import UTC, date

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.ip.models import RightStatus
from ipcenter.pledge.rules.collateral import STATUSES, RightSnapshot, check_right, check_rights

FIRM = "中山市明亮灯饰有限公司"
PATENT = RightSnapshot(kind="utility_model", number="ZL202020123456.8", holders=(FIRM,),
                       status="valid", filed_on=date(2020, 3, 2), registered_on=date(2020, 9, 1))
# A utility model filed 2020-03-02 is in force to 2030-03-01 (专利法第四十二条: 10 years).
LAST = date(2030, 3, 1)


def codes(checked):
    return [r.code for r in checked.refusals]


def test_the_register_statuses_are_the_registers():
    assert set(STATUSES) == {str(s) for s in RightStatus}


def test_a_right_that_may_be_pledged():
    checked = check_right(PATENT, pledgor=FIRM, loan_ends_on=date(2027, 6, 1))
    assert checked.acceptable and checked.refusals == () and checked.warnings == ()


def test_holder_names_compare_as_written():
    assert check_right(PATENT, pledgor=" 中山市明亮灯饰有限公司 ",
                       loan_ends_on=date(2027, 6, 1)).acceptable
    assert codes(check_right(PATENT, pledgor="中山市暗淡灯饰有限公司",
                             loan_ends_on=date(2027, 6, 1))) == ["not_holder"]


@pytest.mark.parametrize("status, code", [("pending", "not_granted"), ("lapsed", "lapsed"),
                                          ("invalidated", "invalidated"),
                                          ("expired", "expired")])
def test_status(status, code):
    assert codes(check_right(replace(PATENT, status=status), pledgor=FIRM,
                             loan_ends_on=date(2027, 6, 1))) == [code]


@pytest.mark.parametrize("change, code", [
    ({"annuity_paid": False}, "annuity_unpaid"),
    ({"frozen": True}, "frozen"),
    ({"pledged": True}, "already_pledged"),
])
def test_refusal_grounds(change, code):
    assert codes(check_right(replace(PATENT, **change), pledgor=FIRM,
                             loan_ends_on=date(2027, 6, 1))) == [code]


def test_a_trademark_has_no_annuity():
    mark = RightSnapshot(kind="trademark", number="12345678", holders=(FIRM,), status="valid",
                         registered_on=date(2018, 5, 7), annuity_paid=False)
    assert check_right(mark, pledgor=FIRM, loan_ends_on=date(2028, 5, 6)).acceptable
    # Registered 2018-05-07: the term ends 2028-05-06; a renewal adds ten years.
    assert codes(check_right(mark, pledgor=FIRM, loan_ends_on=date(2028, 5, 7))) == [
        "outlasts_right"]
    assert check_right(replace(mark, renewals=1), pledgor=FIRM,
                       loan_ends_on=date(2028, 5, 7)).acceptable


@pytest.mark.parametrize("ends, ok", [(LAST, True), (date(2030, 3, 2), False)])
def test_the_loan_does_not_outlast_the_right(ends, ok):
    assert check_right(PATENT, pledgor=FIRM, loan_ends_on=ends).acceptable is ok


def test_a_right_whose_term_is_not_known():
    right = replace(PATENT, filed_on=None)
    assert codes(check_right(right, pledgor=FIRM, loan_ends_on=date(2027, 1, 1))) == [
        "term_unknown"]
    # An expiry the register gives is used as it is.
    assert check_right(replace(right, expires_on=date(2027, 1, 1)), pledgor=FIRM,
                       loan_ends_on=date(2027, 1, 1)).acceptable


def test_co_owners_consent():
    shared = replace(PATENT, holders=(FIRM, "中山大学", "张三"))
    assert codes(check_right(shared, pledgor=FIRM, loan_ends_on=date(2027, 1, 1))) == [
        "co_owner_not_consented"]
    assert codes(check_right(replace(shared, consents=frozenset({"中山大学"})), pledgor=FIRM,
                             loan_ends_on=date(2027, 1, 1))) == ["co_owner_not_consented"]
    assert check_right(replace(shared, consents=frozenset({"中山大学", "张三"})), pledgor=FIRM,
                       loan_ends_on=date(2027, 1, 1)).acceptable


def test_a_pending_invalidation_or_case_is_a_warning_not_a_refusal():
    right = replace(PATENT, invalidation_pending=True, pending_cases=("（2026）中知裁字第3号",))
    checked = check_right(right, pledgor=FIRM, loan_ends_on=date(2027, 1, 1))
    assert checked.acceptable
    assert [w.code for w in checked.warnings] == ["invalidation_pending", "case_pending"]


def test_the_same_right_twice_in_one_application():
    other = replace(PATENT, number="ZL202110234567.X", kind="invention")
    checked = check_rights([PATENT, other, PATENT], pledgor=FIRM, loan_ends_on=date(2027, 1, 1))
    assert [c.acceptable for c in checked] == [True, True, False]
    assert codes(checked[2]) == ["named_twice"]


def test_every_refusal_and_warning_in_chinese(zh):
    right = replace(PATENT, holders=(FIRM, "中山市暗淡灯饰有限公司", "张三"), status="lapsed",
                    annuity_paid=False, frozen=True, pledged=True, invalidation_pending=True,
                    pending_cases=("（2026）中知裁字第3号",))
    checked = check_right(right, pledgor=FIRM, loan_ends_on=date(2031, 1, 1))
    n = "ZL202020123456.8"
    assert [str(r) for r in checked.refusals] == [
        f"{n} 已终止。",
        f"{n} 未缴纳年费。",
        f"{n} 已被冻结（权属纠纷或法院保全）。",
        f"{n} 已经质押。",
        f"{n} 的共有人未同意质押：中山市暗淡灯饰有限公司、张三。",
        f"贷款于 2031-01-01 到期，晚于 {n} 的届满日 2030-03-01。",
    ]
    assert [str(w) for w in checked.warnings] == [
        f"{n} 有无效宣告请求正在审查：办理质押登记须经双方书面确认。",
        f"{n} 涉及未结案件 （2026）中知裁字第3号：办理质押登记须经双方书面确认。",
    ]
    for status, text in [("pending", "尚未授权"), ("invalidated", "已被宣告无效"),
                         ("expired", "已期限届满")]:
        assert text in str(check_right(replace(PATENT, status=status), pledgor=FIRM,
                                       loan_ends_on=date(2027, 1, 1)).refusals[0])
    stranger = check_right(PATENT, pledgor="张三", loan_ends_on=date(2027, 1, 1))
    assert [str(r) for r in stranger.refusals] == [f"张三 不是 {n} 的登记权利人。"]
    twice = check_rights([PATENT, PATENT], pledgor=FIRM, loan_ends_on=date(2027, 1, 1))
    assert str(twice[1].refusals[0]) == f"{n} 在本申请中重复列明。"


def test_bad_input(zh):
    with pytest.raises(InvalidInput) as caught:
        check_right(replace(PATENT, kind="copyright"), pledgor=FIRM,
                    loan_ends_on=date(2027, 1, 1))
    assert "只有发明专利、实用新型专利、外观设计专利和注册商标可以质押" in str(caught.value.message)
    with pytest.raises(InvalidInput):
        check_right(replace(PATENT, status="sleeping"), pledgor=FIRM,
                    loan_ends_on=date(2027, 1, 1))
    with pytest.raises(InvalidInput):
        check_right(PATENT, pledgor=FIRM, loan_ends_on="2027-01-01")
    with pytest.raises(InvalidInput) as caught:
        check_rights([], pledgor=FIRM, loan_ends_on=date(2027, 1, 1))
    assert str(caught.value.message) == "请至少列明一项质押的权利。"


def test_a_snapshot_from_the_registers_standing(db):
    """Filled from a real register row and ``standing_on``: a pledged right is refused."""
    from datetime import datetime

    from ipcenter.ip import register

    now = datetime(2026, 6, 1, 8, tzinfo=UTC)
    right = register.find_or_register("utility_model", "ZL202020123456.8", holder=FIRM,
                                      filed_on=date(2020, 3, 2), granted_on=date(2020, 9, 1),
                                      now=now)
    register.record_event(right, "pledged", date(2026, 5, 1), now=now)
    register.record_event(right, "invalidation_requested", date(2026, 5, 20), now=now)
    snapshot = RightSnapshot.from_standing(right, register.standing_on(right, date(2026, 6, 1)))
    assert (snapshot.status, snapshot.expires_on, snapshot.pledged) == ("valid", LAST, True)
    checked = check_right(snapshot, pledgor=FIRM, loan_ends_on=date(2027, 6, 1))
    assert codes(checked) == ["already_pledged"]
    assert [w.code for w in checked.warnings] == ["invalidation_pending"]
    before = RightSnapshot.from_standing(right, register.standing_on(right, date(2026, 4, 30)))
    assert check_right(before, pledgor=FIRM, loan_ends_on=date(2027, 6, 1)).acceptable
