"""An action not open yet is named on the case page with what opens it: the record of a
hearing still ahead opens on the hearing day; examination opens with the answer or the end of
the answer period."""

from __future__ import annotations

from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.core.clock import CHINA
from tests.cases.conftest import at, walk
from tests.conftest import login


def test_the_hearing_record_says_on_which_day_it_opens(app, client, db, cast, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-12T10:00:00+08:00")
    case = walk(db, cast, S.EXAMINATION)
    services.schedule_hearing(case, cast.judges[0], at(9),
                              (at(15)).astimezone(CHINA).replace(hour=9, minute=30), "第一审理庭")
    db.session.flush()
    login(client, cast.judges[0].username)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="locked-record_hearing"' in html
    assert "定于2026年3月17日，当日或之后方可录入笔录" in html


def test_examination_says_it_waits_for_the_answer(app, client, db, cast, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-05T10:00:00+08:00")
    case = walk(db, cast, S.SERVED)
    db.session.flush()
    login(client, cast.judges[0].username)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="locked-begin_examination"' in html
