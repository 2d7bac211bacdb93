"""Possible duplicates flagged at submission, through the real search index: an earlier
request of another firm with the same or a near title, or the same claims; a granted patent of
the rights register with a near title; never an unrelated one, the request itself, or a
withdrawn one; and a submission goes through, marked "not checked", when the index cannot be
read."""

from __future__ import annotations

from datetime import date

import pytest

from ipcenter.core.db import unit_of_work
from ipcenter.ip import register
from ipcenter.ip.models import EventKind
from ipcenter.prexam import duplicates, services
from tests.prexam.conftest import NOW, approved_filing, submit

CLAIMS = ("1. 一种可调光LED吸顶灯，包括灯座、散热板和驱动电源，其特征在于：所述散热板为铝制"
          "鳍片结构，鳍片沿灯座径向均匀排布，驱动电源通过导热硅胶贴合于散热板背面。\n"
          "2. 根据权利要求1所述的吸顶灯，其特征在于，所述鳍片的厚度为0.8毫米。")


def _commit():
    with unit_of_work():  # the outbox indexes what was submitted (eagerly in tests)
        pass


@pytest.fixture
def both(db, crew):
    """Both firms registered for the service."""
    approved_filing(db, crew)
    approved_filing(db, crew, user=crew.other)
    return crew


def test_the_same_title_from_another_firm_is_flagged_with_the_first_number(db, both):
    first = submit(db, both, title="一种可调光LED吸顶灯")
    assert first.duplicates == []          # nothing earlier
    _commit()
    second = submit(db, both, user=both.other, title="一种可调光的LED吸顶灯",
                    claims_text="")
    assert [(d["type"], d["id"]) for d in second.duplicates] == [("prexam", first.id)]
    flag = second.duplicates[0]
    assert flag["label"] == f"{first.number} 一种可调光LED吸顶灯" and flag["score"] == 1.0
    assert duplicates.checked(second)
    # Stored with the request, as the examiner's page reads it.
    db.session.expire(second)
    assert second.duplicates[0]["id"] == first.id


def test_a_near_title_is_flagged_and_an_unrelated_or_merely_similar_one_is_not(db, both):
    first = submit(db, both, title="一种可调光LED吸顶灯", claims_text="")
    _commit()
    near = submit(db, both, user=both.other, title="一种LED吸顶灯", claims_text="")
    assert [d["id"] for d in near.duplicates] == [first.id]
    assert 0.6 <= near.duplicates[0]["score"] < 1.0
    for title in ("一种智能吸顶灯", "一种LED筒灯", "一种户外太阳能庭院灯"):
        other = submit(db, both, user=both.other, title=title, claims_text="")
        assert other.duplicates == [], title


def test_the_same_claims_under_another_title_are_flagged(db, both):
    first = submit(db, both, title="一种可调光LED吸顶灯", claims_text=CLAIMS)
    _commit()
    renamed = submit(db, both, user=both.other, title="一种铝制鳍片散热灯具",
                     claims_text=CLAIMS.replace("0.8毫米", "1.0毫米"))
    assert [d["id"] for d in renamed.duplicates] == [first.id]
    assert renamed.duplicates[0]["score"] >= 0.9


def test_a_title_near_a_granted_patent_of_the_register_is_flagged(db, both):
    right = register.find_or_register("utility_model", "ZL202120345678.9",
                                      title="一种调光LED吸顶灯", holder="中山市某照明公司",
                                      now=NOW)
    # Pending: not a granted right, not flagged.
    submit(db, both, title="一种调光LED吸顶灯的安装结构", claims_text="")
    _commit()
    pending = submit(db, both, title="一种调光LED吸顶灯", claims_text="")
    assert [d["type"] for d in pending.duplicates] == ["prexam"]  # the request just before
    register.record_event(right, EventKind.GRANTED, date(2022, 1, 4), now=NOW)
    _commit()
    flagged = submit(db, both, user=both.other, title="调光LED吸顶灯", claims_text="")
    rights = [d for d in flagged.duplicates if d["type"] == "right"]
    assert rights == [{"type": "right", "id": right.id,
                       "label": "ZL202120345678.9 一种调光LED吸顶灯", "score": 1.0}]


def test_a_withdrawn_request_and_the_request_itself_are_not_flagged(db, both):
    gone = submit(db, both, title="一种可调光LED吸顶灯", claims_text="")
    services.withdraw(gone, both.firm, NOW, "重新准备材料")
    _commit()
    again = submit(db, both, title="一种可调光LED吸顶灯", claims_text="")
    assert again.duplicates == []
    _commit()   # now ``again`` is indexed: run again, it does not find itself
    assert duplicates.find_for(again) == []


def test_at_most_five_flags_best_first(db, both):
    titles = ["一种可调光LED吸顶灯", "一种可调光LED吸顶灯", "可调光LED吸顶灯", "一种LED吸顶灯",
              "一种可调光LED吸顶", "一种可调光LED吸顶灯具"]
    earlier = [submit(db, both, title=t, claims_text="") for t in titles]
    _commit()
    new = submit(db, both, user=both.other, title="一种可调光LED吸顶灯", claims_text="")
    scores = [d["score"] for d in new.duplicates]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    assert {d["id"] for d in new.duplicates} <= {r.id for r in earlier}
    assert earlier[3].id not in {d["id"] for d in new.duplicates}   # the weakest left out


def test_an_unreadable_index_does_not_block_the_submission(db, both, app, tmp_path):
    first = submit(db, both, title="一种可调光LED吸顶灯")
    _commit()
    broken = tmp_path / "not-an-index"
    broken.write_text("a file where the index directory should be")
    saved = app.config["IPCENTER_INDEX_DIR"]
    app.config["IPCENTER_INDEX_DIR"] = str(broken)
    try:
        second = submit(db, both, user=both.other, title="一种可调光LED吸顶灯")
    finally:
        app.config["IPCENTER_INDEX_DIR"] = saved
    assert second.id and second.state == "px_submitted" and second.duplicates == []
    assert not duplicates.checked(second) and duplicates.checked(first)
    # The audit row tells "not checked" apart from "no duplicate".
    import json

    from ipcenter.core.models import AuditEvent

    details = {int(row.object_id): json.loads(row.detail) for row in
               db.session.query(AuditEvent).filter_by(action="prexam.submit")}
    assert details[first.id]["duplicates"] == 0 and details[second.id]["duplicates"] is None


def test_a_right_registered_already_granted_is_flagged_without_a_rebuild(db, both):
    """A right entered with its grant day and no event (a firm's own granted patent, recorded
    when it pledges or asserts it) is indexed at once."""
    right = register.find_or_register("utility_model", "ZL202120345678.9",
                                      title="一种调光LED吸顶灯", holder="中山市某照明公司",
                                      granted_on=date(2022, 1, 4), now=NOW)
    _commit()
    flagged = submit(db, both, title="调光LED吸顶灯", claims_text="")
    assert [d["id"] for d in flagged.duplicates if d["type"] == "right"] == [right.id]
