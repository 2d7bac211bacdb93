"""One date style on every page: a refusal that names a day names it as the page writes days
(2026年12月7日), not the machine's way (2026-12-07)."""

from __future__ import annotations

import re
from datetime import timedelta

from ipcenter.cases.patent.workflow import S
from ipcenter.core import clock
from ipcenter.core.formatting import days_in_words
from tests.cases.conftest import walk
from tests.conftest import login, post_form


def test_days_in_words():
    assert days_in_words("on or after 2026-12-07.") == "on or after 2026年12月7日."
    assert days_in_words("ZL202020123456.8 and 2026-13-45") == \
        "ZL202020123456.8 and 2026-13-45"
    assert days_in_words("1-2026-12-07-3") == "1-2026-12-07-3"
    assert days_in_words("2026-03-05", lambda d: d.strftime("%d/%m")) == "05/03"


def test_a_refused_hearing_names_the_first_day_in_chinese(client, db, cast):
    case = walk(db, cast, S.EXAMINATION)
    db.session.flush()
    login(client, cast.judges[0].username)
    page = f"/cases/{case.id}"
    tomorrow = clock.now() + timedelta(days=1)
    response = post_form(client, f"/cases/{case.id}/act/schedule_hearing",
                         {"at": tomorrow.strftime("%Y-%m-%dT10:00"), "place": "第一审理庭"},
                         page=page)
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 409)
    first = re.search(r"不早于(\S+?)）", html)
    assert first and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", first.group(1)), \
        first and first.group(1)


def test_a_working_day_limit_is_counted_in_working_days(app, client, db, cast, monkeypatch):
    # Accepted on Tuesday 3 March 2026: the copy is to be served within 5 working days, by
    # Tuesday 10 March. On Friday 6 March that is 2 working days (Monday, Tuesday), not 4 days.
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-06T10:00:00+08:00")
    case = walk(db, cast, S.ACCEPTED)
    db.session.flush()
    login(client, cast.judges[0].username)
    for page in ("/dashboard", f"/cases/{case.id}"):
        html = client.get(page).get_data(as_text=True)
        assert "还剩2个工作日" in html, page
        assert "剩余4天" not in html
