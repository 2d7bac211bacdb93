"""The case register: for every role and every filter of the case list, the export holds the
cases the list shows, in its order; its cells are Chinese labels and real dates."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from urllib.parse import urlencode

import pytest

from ipcenter.cases.models import Case
from ipcenter.cases.patent.workflow import S
from ipcenter.cases.trademark import services as tm
from tests.cases.conftest import cast, walk  # noqa: F401  (the fixture)
from tests.cases.trademark.test_trademark import complaint
from tests.conftest import login
from tests.exports.helpers import export_rows, small_chunks  # noqa: F401

ROLES = ["requester", "respondent", "outsider", "judge", "other_judge", "director", "enforcer"]


@pytest.fixture
def cases(db, cast):  # noqa: F811
    first = walk(db, cast, S.SUBMITTED)
    second = walk(db, cast, S.ACCEPTED)
    draft = walk(db, cast, S.DRAFT)
    served = walk(db, cast, S.SERVED)
    clue = tm.file_complaint(complaint(cast), cast.requester, first.created_at, uuid.uuid4().hex)
    tm.submit(clue, cast.requester, first.created_at)
    db.session.flush()
    return [first, second, draft, clue, served]


def _user(cast, role):  # noqa: F811
    return {"requester": cast.requester, "respondent": cast.respondent,
            "outsider": cast.outsider, "judge": cast.judges[0], "other_judge": cast.judges[3],
            "director": cast.director, "enforcer": cast.enforcer}[role]


def _listed(client, filters) -> list[int]:
    html = client.get("/cases/?" + urlencode(filters)).get_data(as_text=True)
    body = html.split('data-testid="cases"', 1)[1].split("</table>", 1)[0]
    return [int(i) for i in re.findall(r'href="/cases/(\d+)"', body)[::2]]


def _expected(db, ids) -> list[list]:
    """What the export's first and third columns hold for the cases ``ids``, in order."""
    cases = [db.session.get(Case, i) for i in ids]
    return [[case.number or "（尚未编号）", case.title] for case in cases]


@pytest.mark.parametrize("role", ROLES)
def test_the_export_holds_what_the_list_shows(client, db, cast, cases, role,  # noqa: F811
                                               small_chunks):  # noqa: F811
    user = _user(cast, role)
    login(client, user.username)
    day = cases[0].created_at.date().isoformat()
    filter_sets = [{}, {"kind": "trademark"}, {"kind": "patent", "state": str(S.SUBMITTED)},
                   {"sort": "oldest"}, {"sort": "number"}, {"from": day, "to": day},
                   {"from": "2030-01-01"}]
    if role in ("judge", "other_judge", "director", "enforcer"):
        filter_sets += [{"party": cast.respondent.organisation_id},
                        {"handler": cast.judges[0].id}]
    seen_any = False
    for filters in filter_sets:
        listed = _listed(client, filters)
        seen_any |= bool(listed)
        rows = export_rows(client, db, user, "cases", filters)
        assert rows[0] == ["案号", "类型", "案件名称", "专利号/注册号", "状态", "提交日期"]
        assert [[r[0], r[2]] for r in rows[1:]] == _expected(db, listed), (role, filters)
    assert seen_any or role == "outsider"


def test_cells_are_labels_and_days(client, db, cast, cases):  # noqa: F811
    login(client, cast.director.username)
    rows = export_rows(client, db, cast.director, "cases", {"sort": "number"})
    numbered = rows[1]
    second = cases[1]
    assert numbered[0] == second.number and numbered[1] == "专利侵权纠纷行政裁决"
    assert isinstance(numbered[5], datetime) and numbered[5].date() == \
        (second.submitted_at or second.created_at).date()
    for row in rows[1:]:
        assert not re.fullmatch(r"[a-z_]+", row[4]), f"a raw state code: {row[4]}"
        assert not re.fullmatch(r"[a-z_]+", row[1]), f"a raw kind code: {row[1]}"
    text = export_rows(client, db, cast.director, "cases", {"sort": "number"}, "csv")
    assert text[0][0] == "案号"
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", text[1][5])
    assert [r[0] for r in text] == [str(r[0]) for r in rows]
