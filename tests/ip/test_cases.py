"""Cases name the rights they concern: filing a patent complaint, a trademark complaint or a clue
finds or registers each asserted right and records it asserted in the case, once."""

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from ipcenter.cases.patent import services
from ipcenter.cases.trademark import services as tm
from ipcenter.core.errors import InvalidInput
from ipcenter.ip import register
from ipcenter.ip.models import Right, RightEvent
from tests.cases.conftest import PATENT, at, filing


def count(model):
    from ipcenter.core.db import db

    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def marks(cast):
    holder = cast.requester.organisation.name
    return [tm.MarkData("12345678", 11, holder, "华辉"),
            tm.MarkData("２３４５６７８", 9, holder, "HUAHUI")]


def complaint(cast, **kw):
    return tm.ComplaintData(
        marks=marks(cast),
        party=services.PartyData(name=cast.respondent.organisation.name,
                                 organisation_id=cast.respondent.organisation_id),
        facts="当事人在古镇灯饰城销售标有“华辉”商标的吸顶灯。", **kw)


def test_a_patent_complaint_names_its_patent(db, cast):
    heard = []
    with register.right_event.connected_to(
            lambda kind, *, right, event: heard.append((right.number, event.matter_id)),
            sender="asserted_in_case"):
        case = services.file_complaint(filing(cast), cast.requester, at(0), uuid.uuid4().hex)
    right = register.find("patent", PATENT)
    assert (right.kind, right.title, right.status) == ("utility_model", "一种LED吸顶灯散热结构",
                                                       "valid")
    (event,) = register.events_of(right)
    assert (event.kind, event.matter_type, event.matter_id, event.occurred_on) == (
        "asserted_in_case", "case", case.id, date(2026, 3, 2))
    assert event.recorded_by_id == cast.requester.id
    assert heard == [(PATENT, case.id)]
    assert register.rights_of_matter("case", case.id) == [right]


def test_filing_twice_with_one_token_records_once(db, cast):
    token = uuid.uuid4().hex
    first = services.file_complaint(filing(cast), cast.requester, at(0), token)
    second = services.file_complaint(filing(cast), cast.requester, at(0.1), token)
    assert first.id == second.id
    assert (count(Right), count(RightEvent)) == (1, 1)


def test_two_cases_on_one_patent_one_right_two_events(db, cast):
    one = services.file_complaint(filing(cast), cast.requester, at(0), uuid.uuid4().hex)
    two = services.file_complaint(filing(cast), cast.requester, at(3), uuid.uuid4().hex)
    right = register.find("patent", PATENT)
    assert [(e.matter_id, e.occurred_on) for e in register.events_of(right)] == [
        (one.id, date(2026, 3, 2)), (two.id, date(2026, 3, 5))]
    assert count(Right) == 1


def test_a_refused_filing_registers_nothing(db, cast):
    data = filing(cast)
    data.patent_number = "ZL202020123456.7"
    with pytest.raises(InvalidInput):
        services.file_complaint(data, cast.requester, at(0), uuid.uuid4().hex)
    bad = complaint(cast)
    bad.marks[1].nice_class = 46
    with pytest.raises(InvalidInput):
        tm.file_complaint(bad, cast.requester, at(0), uuid.uuid4().hex)
    assert (count(Right), count(RightEvent)) == (0, 0)


def test_a_trademark_complaint_names_each_mark(db, cast):
    token = uuid.uuid4().hex
    case = tm.file_complaint(complaint(cast), cast.requester, at(0), token)
    tm.file_complaint(complaint(cast), cast.requester, at(0), token)  # a double submit
    rights = register.rights_of_matter("case", case.id)
    assert [(r.kind, r.number, r.title, r.holder_name, r.classes) for r in rights] == [
        ("trademark", "12345678", "华辉", "中山市古镇华辉灯饰有限公司", ["11"]),
        ("trademark", "2345678", "HUAHUI", "中山市古镇华辉灯饰有限公司", ["9"])]
    assert [m.registration_number for m in case.marks] == ["12345678", "2345678"]
    assert count(RightEvent) == 2


def test_a_clue_names_its_marks_and_meets_the_complaint_on_the_register(db, cast, officers):
    complained = tm.file_complaint(complaint(cast), cast.requester, at(0), uuid.uuid4().hex)
    clue = tm.register_clue(complaint(cast, clue_source="inspection"), officers[0], at(1),
                            uuid.uuid4().hex)
    mark = register.find("trademark", "12345678")
    assert [(e.matter_id, e.recorded_by_id) for e in register.events_of(mark)] == [
        (complained.id, cast.requester.id), (clue.id, officers[0].id)]
    assert count(Right) == 2
