"""One reading of each list's filters (``cases.listing.parse``, ``pledge.listing.parse``,
``prexam.listing.parse``): the rows a list page shows for a query string are the rows of the
file its 导出 button makes — the button's own form posted, the file read back — including for
query strings a person edits by hand, which the list reads the same way the export does."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlencode

import pytest

from ipcenter.cases.listing import parse as parse_cases
from ipcenter.cases.models import Case
from ipcenter.cases.patent.workflow import S
from ipcenter.pledge.listing import parse as parse_loans
from ipcenter.pledge.models import PledgeApplication
from ipcenter.prexam.listing import parse as parse_requests
from ipcenter.prexam.models import PrexamRequest
from tests.cases.conftest import cast  # noqa: F401  (the fixture)
from tests.conftest import login
from tests.exports.helpers import latest, read
from tests.exports.test_case_register import _listed as listed_cases
from tests.exports.test_case_register import cases  # noqa: F401  (the fixture)
from tests.exports.test_loan_and_prexam_registers import _listed, loans, requests  # noqa: F401
from tests.pledge.conftest import crew as pledge_crew  # noqa: F401  (the fixture)
from tests.prexam.conftest import crew as prexam_crew  # noqa: F401  (the fixture)

FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _button_rows(client, db, user, path: str, fmt: str) -> list[list]:
    """Press the export button of the page at ``path`` (its form as the page has it), and
    read back the file that export gives ``user``: its rows without the headings."""
    page = client.get(path)
    assert page.status_code == 200
    form = page.get_data(as_text=True).split('data-testid="export-form"', 1)[1]
    form = form.split("</form>", 1)[0]
    data = {name: html_lib.unescape(value) for name, value in FIELD.findall(form)}
    response = client.post("/exports/", data={**data, "format": fmt})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    export = latest(db, user)
    assert export.state == "done", (export.state, export.error)
    download = client.get(f"/exports/{export.id}/download")
    rows = read(download.data, fmt)
    download.close()
    return rows[1:]


CASE_QUERIES = [
    {}, {"kind": "patent"}, {"kind": "patent", "state": str(S.SUBMITTED)}, {"sort": "number"},
    {"sort": "oldest", "from": "2020-01-01"},
    # Edited by hand: the list sets aside what it does not offer, and so does its button.
    {"kind": "nonsense"}, {"state": "nonsense", "sort": "sideways"}, {"from": "2026-02-30"},
    {"from": "2030-01-02", "to": "2030-01-01"}, {"handler": "abc"},
]


@pytest.mark.parametrize("role", ["director", "requester"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_case_page_and_its_export_hold_the_same_rows(client, db, cast, cases,  # noqa
                                                         role, fmt):
    user = cast.director if role == "director" else cast.requester
    login(client, user.username)
    queries = [*CASE_QUERIES, {"party": cast.respondent.organisation_id},
               {"handler": cast.judges[0].id, "sort": "number"}]
    for query in queries:
        shown = [db.session.get(Case, i) for i in listed_cases(client, query)]
        rows = _button_rows(client, db, user, "/cases/?" + urlencode(query), fmt)
        assert [[r[0], r[2]] for r in rows] == [
            [c.number or "（尚未编号）", c.title] for c in shown], (role, query)


@pytest.mark.parametrize("query", [{}, {"state": "pl_applied"}, {"state": "nonsense"}])
def test_the_loan_page_and_its_export_hold_the_same_rows(client, db, pledge_crew,  # noqa
                                                         loans, query):  # noqa: F811
    user = pledge_crew.director
    login(client, user.username)
    states = sorted({a.state for a in loans})
    for q in [query, *({"state": s} for s in states)]:
        shown = [db.session.get(PledgeApplication, i)
                 for i in _listed(client, "/pledge/", q, "application")]
        rows = _button_rows(client, db, user, "/pledge/?" + urlencode(q), "csv")
        assert [r[0] for r in rows] == [a.number or a.title for a in shown], q


@pytest.mark.parametrize("role", ["firm", "examiner", "director"])
def test_the_request_page_and_its_export_hold_the_same_rows(client, db, prexam_crew,  # noqa
                                                            requests, role):  # noqa: F811
    user = getattr(prexam_crew, role)
    login(client, user.username)
    for query in [{}, {"view": ""}, {"view": "queue"}, {"view": "mine"}, {"view": "all"},
                  {"view": "everything"}]:
        shown = [db.session.get(PrexamRequest, i)
                 for i in _listed(client, "/prexam/", query, "request")]
        rows = _button_rows(client, db, user, "/prexam/?" + urlencode(query), "xlsx")
        assert [r[0] for r in rows] == [r.number or r.title for r in shown], (role, query)


def _refused(register: str, args: dict, user) -> None:
    from ipcenter.core.errors import InvalidInput
    from ipcenter.exports import registers

    with pytest.raises(InvalidInput):
        registers.check(registers.REGISTERS[register], user, args)


def test_what_the_case_list_sets_aside_its_export_refuses(db, cast):  # noqa: F811
    """The list and the export read a query string once: a value the list sets aside is one
    the export refuses (``ignored``), a day that is none is told (``errors``)."""
    director = cast.director
    found = parse_cases({"kind": "nonsense", "from": "2026-02-30", "sort": "number"}, director)
    assert found.kind is None and found.filed_from is None and found.sort == "number"
    assert [name for name, _ in found.ignored] == ["kind"] and len(found.errors) == 1
    # The party filter is the centre's: set aside for a firm's user, applied for the centre.
    assert parse_cases({"party": "7"}, cast.requester).party is None
    assert parse_cases({"party": "7"}, director).party == 7
    # What the page's links and button carry reads back as the same filters.
    chosen = parse_cases({"party": "7", "sort": "oldest", "from": "2026-03-01"}, director)
    assert parse_cases(chosen.args(), director) == chosen
    for args, user in [({"kind": "nonsense"}, director), ({"from": "2026-02-30"}, director),
                       ({"party": "7"}, cast.requester), ({"sort": "sideways"}, director)]:
        _refused("cases", args, user)


def test_what_the_loan_list_sets_aside_its_export_refuses(db, pledge_crew):  # noqa: F811
    user = pledge_crew.director
    assert parse_loans({"state": "nonsense"}, user).state is None
    assert parse_loans({"state": "pl_applied"}, user).args() == {"state": "pl_applied"}
    _refused("pledge", {"state": "nonsense"}, user)


def test_what_the_request_list_sets_aside_its_export_refuses(db, prexam_crew):  # noqa: F811
    # A centre user who examines nothing has no queue nor charge: every view shows all.
    assert {parse_requests({"view": v}, prexam_crew.director).view
            for v in ("", "queue", "mine", "all")} == {"all"}
    assert parse_requests({}, prexam_crew.examiner).view == "queue"
    assert parse_requests({"view": "mine"}, prexam_crew.examiner).view == "mine"
    assert parse_requests({"view": "everything"}, prexam_crew.examiner).view == "queue"
    _refused("prexam", {"view": "everything"}, prexam_crew.examiner)
