"""One presiding handler per case at a time, held by the database: the statistics count each
open case once under its presiding handler."""

import pytest
import sqlalchemy as sa

from ipcenter.cases.models import CaseHandler
from ipcenter.cases.patent.workflow import S
from ipcenter.matters.models import HandlerRole
from tests.cases.conftest import at, walk


def _presiding(db, case):
    return db.session.execute(sa.select(CaseHandler).where(
        CaseHandler.case_id == case.id, CaseHandler.role == HandlerRole.PRESIDING,
        CaseHandler.removed_at.is_(None))).scalars().all()


def test_a_second_active_presiding_handler_is_refused_by_the_database(db, cast, make_user):
    case = walk(db, cast, S.ACCEPTED)
    [lead] = _presiding(db, case)
    other = make_user("adjudicator", username="adj-second")
    db.session.commit()
    db.session.add(CaseHandler(case_id=case.id, user_id=other.id, role=HandlerRole.PRESIDING,
                               assigned_at=at(2)))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert [h.user_id for h in _presiding(db, case)] == [lead.user_id]


def test_a_removed_presiding_handler_makes_room_for_the_next(db, cast, make_user):
    case = walk(db, cast, S.ACCEPTED)
    [lead] = _presiding(db, case)
    other = make_user("adjudicator", username="adj-next")
    lead.removed_at = at(2)
    db.session.add(CaseHandler(case_id=case.id, user_id=other.id, role=HandlerRole.PRESIDING,
                               assigned_at=at(2)))
    db.session.commit()
    assert [h.user_id for h in _presiding(db, case)] == [other.id]


@pytest.mark.parametrize("leads", [(2, 1), (1, 2), (2, 0), (0, 2)])
def test_the_lead_passes_between_members_who_stay(db, cast, leads):
    # The lead moves to an older or a newer member's row; both rows stay on the panel.
    from ipcenter.cases.patent import services

    case = walk(db, cast, S.ACCEPTED)
    panel = [j.id for j in cast.judges[:3]]
    for n, lead in enumerate(leads):
        services.assign_panel(case, cast.director, at(2 + n), panel, panel[lead])
        db.session.commit()
        assert [h.user_id for h in _presiding(db, case)] == [panel[lead]]
