"""The rights register on a real database: registering, events and their audit rows, the
signal, idempotence, a day's status replayed from the events."""

import json
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from ipcenter.core.errors import InvalidInput
from ipcenter.core.models import AuditEvent
from ipcenter.ip import register
from ipcenter.ip.models import Right, RightEvent

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=timezone.utc)
PATENT = "ZL202020123456.8"       # a utility model


def design_number():
    from ipcenter.ip.numbers import check_character

    return f"ZL202130123456.{check_character('202130123456')}"


def audit_rows(action):
    return db_rows(sa.select(AuditEvent).where(AuditEvent.action == action))


def db_rows(query):
    from ipcenter.core.db import db

    return list(db.session.execute(query).scalars())


def test_register_once_then_find(db, make_org):
    org = make_org("firm", name="中山市古镇华辉灯饰有限公司")
    right = register.find_or_register("patent", "202020123456.8", title="一种LED吸顶灯散热结构",
                                      holder=org.name, holder_org=org,
                                      filed_on=date(2020, 5, 6), classes=["f21v 29/70"],
                                      now=NOW)
    assert (right.kind, right.number, right.status) == ("utility_model", PATENT, "pending")
    assert right.holder_org_id == org.id and right.classes == ["F21V 29/70"]
    assert right.expires_on == date(2030, 5, 5)
    # The same number as written otherwise finds the same right and fills only what is missing.
    again = register.find_or_register("utility_model", "ZL 2020201234568", title="另一个名称",
                                      granted_on=date(2020, 11, 3), classes=["F21S"], now=NOW)
    assert again.id == right.id
    assert again.title == "一种LED吸顶灯散热结构"  # known titles are not overwritten
    assert again.granted_on == date(2020, 11, 3) and again.status == "valid"
    assert again.classes == ["F21V 29/70", "F21S"]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Right)).scalar_one() == 1
    (row,) = audit_rows("right.register")
    assert json.loads(row.detail) == {"kind": "utility_model", "number": PATENT}
    assert register.find("patent", PATENT).id == right.id
    assert register.find("trademark", "12345678") is None


def test_a_number_is_registered_once(db):
    mark = register.find_or_register("trademark", "20201234", now=NOW)
    other = register.find_or_register("trademark", "２０２０１２３４", now=NOW)
    assert mark.id == other.id and mark.number == "20201234"
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.add(Right(kind="trademark", number="20201234", status="valid",
                             classes=[], created_at=NOW))
        db.session.flush()


@pytest.mark.parametrize("kind, number, message", [
    ("patent", "ZL202020123456.7", "校验位"),
    ("patent", "12345", "ZL202020123456.8"),
    ("design", PATENT, "类型位"),           # a utility model's number given as a design
    ("trademark", "1234567A", "10位"),
])
def test_bad_numbers_refused_in_chinese_and_nothing_written(db, kind, number, message):
    with pytest.raises(InvalidInput) as info:
        register.find_or_register(kind, number, now=NOW)
    assert message in str(info.value.message)
    assert db.session.execute(sa.select(sa.func.count()).select_from(Right)).scalar_one() == 0


@pytest.mark.parametrize("kind, number, bad", [("trademark", "20201234", "46"),
                                               ("design", None, "33"),
                                               ("utility_model", PATENT, "26-05")])
def test_a_class_outside_the_table_is_refused(db, kind, number, bad):
    with pytest.raises(InvalidInput) as info:
        register.find_or_register(kind, number or design_number(), classes=[bad], now=NOW)
    assert bad in str(info.value.message)
    assert db.session.execute(sa.select(sa.func.count()).select_from(Right)).scalar_one() == 0


def test_events_are_dated_audited_and_signalled(db, make_user):
    officer = make_user("examiner")
    right = register.find_or_register("patent", PATENT, filed_on=date(2020, 5, 6),
                                      granted_on=date(2020, 11, 3), now=NOW)
    heard, pledges = [], []

    def listener(kind, *, right, event):
        heard.append((kind, right.number, event.id))

    def pledge_alert(kind, *, right, event):
        pledges.append(event)

    with register.right_event.connected_to(listener), \
            register.right_event.connected_to(pledge_alert, sender="pledged"):
        paid = register.record_event(right, "annuity_paid", date(2025, 4, 20), detail={"year": 6},
                                     actor=officer, now=NOW)
        pledged = register.record_event(right, "pledged", date(2025, 6, 1),
                                        matter=("pledge", 7), actor=officer, now=NOW)
    assert heard == [("annuity_paid", PATENT, paid.id), ("pledged", PATENT, pledged.id)]
    assert pledges == [pledged]
    assert (pledged.matter_type, pledged.matter_id, pledged.recorded_by_id) == (
        "pledge", 7, officer.id)
    assert [e.kind for e in register.events_of(right)] == ["annuity_paid", "pledged"]
    assert register.events_of(right, "pledged") == [pledged]
    rows = audit_rows("right.event")
    assert [json.loads(r.detail)["kind"] for r in rows] == ["annuity_paid", "pledged"]
    assert json.loads(rows[1].detail)["matter"] == "pledge:7"
    assert rows[1].actor_id == officer.id and rows[1].object_id == str(right.id)
    assert register.rights_of_matter("pledge", 7) == [right]


def test_events_listed_by_date_not_by_entry(db):
    right = register.find_or_register("patent", PATENT, granted_on=date(2020, 11, 3), now=NOW)
    register.record_event(right, "annuity_paid", date(2025, 4, 20), now=NOW)
    register.record_event(right, "granted", date(2020, 11, 3), now=NOW)
    assert [e.kind for e in register.events_of(right)] == ["granted", "annuity_paid"]


def test_event_kinds_and_details_checked(db):
    right = register.find_or_register("patent", PATENT, now=NOW)
    with pytest.raises(ValueError):
        register.record_event(right, "stolen", date(2025, 1, 1), now=NOW)
    with pytest.raises(ValueError):
        register.record_event(right, "invalidation_decided", date(2025, 1, 1),
                              detail={"outcome": "maybe"}, now=NOW)
    with pytest.raises(ValueError):
        register.record_event(right, "transferred", date(2025, 1, 1), now=NOW)
    with pytest.raises(TypeError):
        register.record_event(right, "lapsed", NOW, now=NOW)
    assert register.events_of(right) == []


def test_asserted_once_per_case(db):
    right = register.find_or_register("trademark", "12345678", now=NOW)
    first = register.record_event(right, "asserted_in_case", date(2026, 3, 5),
                                  matter=("case", 3), now=NOW)
    heard = []
    with register.right_event.connected_to(lambda kind, **kw: heard.append(kind)):
        again = register.record_event(right, "asserted_in_case", date(2026, 3, 9),
                                      matter=("case", 3), now=NOW)
    assert again.id == first.id and heard == []
    other = register.record_event(right, "asserted_in_case", date(2026, 3, 9),
                                  matter=("case", 4), now=NOW)
    assert other.id != first.id
    assert len(register.events_of(right, "asserted_in_case")) == 2
    assert len(audit_rows("right.event")) == 2


def test_status_on_a_day_replays_the_events(db):
    right = register.find_or_register("patent", PATENT, filed_on=date(2020, 5, 6),
                                      granted_on=date(2020, 11, 3), now=NOW)
    assert register.status_on(right, date(2020, 11, 2)) == "pending"
    assert register.status_on(right, date(2020, 11, 3)) == "valid"
    register.record_event(right, "invalidation_requested", date(2024, 2, 1), now=NOW)
    standing = register.standing_on(right, date(2024, 3, 1))
    assert (standing.status, standing.invalidation_pending) == ("valid", True)
    register.record_event(right, "invalidation_decided", date(2024, 9, 1),
                          detail={"outcome": "partly_invalidated"}, now=NOW)
    # The grant year's annuity (paid with the grant) covers patent year 1, to 2021-05-05.
    assert register.standing_on(right, date(2024, 9, 1)) == register.Standing(
        "valid", date(2030, 5, 5), False, False, annuity_paid_until=date(2021, 5, 5))
    register.record_event(right, "pledged", date(2025, 1, 10), matter=("pledge", 1), now=NOW)
    assert register.standing_on(right, date(2025, 1, 10)).pledged
    register.record_event(right, "pledge_released", date(2025, 12, 10), matter=("pledge", 1), now=NOW)
    assert not register.standing_on(right, date(2025, 12, 10)).pledged
    # Unpaid annuity: the right lapses; the day before it was in force.
    register.record_event(right, "lapsed", date(2026, 5, 6), detail={"reason": "annuity"},
                          now=NOW)
    assert register.status_on(right, date(2026, 5, 5)) == "valid"
    assert register.status_on(right, date(2026, 5, 6)) == "lapsed"
    assert right.status == "lapsed"
    db.session.expire_all()
    assert db.session.get(Right, right.id).status == "lapsed"


def test_expiry_ends_a_right_and_invalidation_undoes_it(db):
    right = register.find_or_register("patent", PATENT, filed_on=date(2020, 2, 29),
                                      granted_on=date(2020, 8, 1), now=NOW)
    assert right.expires_on == date(2030, 2, 28)
    assert register.status_on(right, date(2030, 2, 28)) == "valid"
    assert register.status_on(right, date(2030, 3, 1)) == "expired"
    assert right.status == "valid"  # as of its last event; expiry is a day's answer
    register.record_event(right, "invalidation_decided", date(2023, 1, 5),
                          detail={"outcome": "invalidated"}, now=NOW)
    assert register.status_on(right, date(2023, 1, 4)) == "valid"
    assert register.status_on(right, date(2023, 1, 5)) == "invalidated"
    assert register.status_on(right, date(2031, 1, 1)) == "invalidated"


def test_a_trademark_renewed_runs_another_ten_years(db):
    mark = register.find_or_register("trademark", "8765432", title="华辉", holder="华辉灯饰",
                                     granted_on=date(2016, 1, 7), classes=[11, "第9类"], now=NOW)
    assert (mark.expires_on, mark.classes) == (date(2026, 1, 6), ["11", "9"])
    assert register.status_on(mark, date(2026, 1, 7)) == "expired"
    register.record_event(mark, "renewed", date(2025, 11, 20), now=NOW)
    assert mark.expires_on == date(2036, 1, 6)
    assert register.status_on(mark, date(2026, 1, 7)) == "valid"
    assert register.status_on(mark, date(2036, 1, 7)) == "expired"


def test_a_transfer_changes_the_holder(db, make_org):
    buyer = make_org("firm", name="中山市横栏星光灯具有限公司")
    right = register.find_or_register("patent", PATENT, holder="华辉灯饰", now=NOW)
    register.record_event(right, "transferred", date(2025, 3, 1),
                          detail={"to": buyer.name, "to_org_id": buyer.id}, now=NOW)
    assert (right.holder_name, right.holder_org_id) == (buyer.name, buyer.id)


def test_a_right_granted_by_event(db):
    right = register.find_or_register("patent", design_number(), filed_on=date(2025, 8, 1),
                                      now=NOW)
    assert register.status_on(right, date(2026, 1, 1)) == "pending"
    register.record_event(right, "granted", date(2026, 2, 10), now=NOW)
    assert right.granted_on == date(2026, 2, 10) and right.status == "valid"
    assert right.expires_on == date(2040, 7, 31)
    assert register.status_on(right, date(2026, 2, 9)) == "pending"
    assert register.status_on(right, date(2026, 2, 10)) == "valid"
    assert db_rows(sa.select(RightEvent))[0].occurred_on == date(2026, 2, 10)
