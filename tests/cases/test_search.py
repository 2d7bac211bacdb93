"""Cases and their files in the search index: the principals mirror the policy exactly, and a
user finds a case by what is written in it, never one it may not see."""

import io
from itertools import product

import pytest

from ipcenter import matters, search
from ipcenter.auth import policy
from ipcenter.cases import policy as case_policy
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from tests.cases.conftest import at, walk
from tests.cases.trademark.test_trademark import to_investigation

STATES = [S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.SERVED, S.DECIDED, S.CLOSED]


def _users(cast, officers):
    return [cast.requester, cast.respondent, cast.outsider, *cast.judges, cast.director,
            cast.admin, cast.bank, cast.enforcer, *officers]


@pytest.mark.parametrize("state", STATES)
def test_case_principals_mirror_the_policy(db, cast, officers, state):
    case = walk(db, cast, state)
    tm_case = to_investigation(cast, officers)
    for user, subject in product(_users(cast, officers), (case, tm_case)):
        allowed = policy.can(user, "case.view", subject)
        found = bool(policy.principals(user) & case_policy.case_principals(subject))
        assert allowed == found, (user.username, subject.kind, subject.state)
        for doc in subject.documents:
            allowed = policy.can(user, "case.document", doc)
            found = bool(policy.principals(user) & case_policy.document_principals(doc))
            assert allowed == found, (user.username, subject.kind, subject.state, doc.kind)


def _titles(results):
    return [hit.title for hit in results.hits]


def _commit():
    """Commit what the services did, so the outbox indexes it (tasks are eager in tests)."""
    from ipcenter.core.db import unit_of_work

    with unit_of_work():
        pass


def test_search_finds_cases_by_party_and_patent_for_those_who_may_see(db, cast):
    case = walk(db, cast, S.ACCEPTED)
    _commit()
    name = "明耀照明"
    for user, sees in [(cast.requester, True), (cast.respondent, False), (cast.outsider, False),
                       (cast.judges[0], True), (cast.judges[3], False), (cast.director, True),
                       (cast.bank, False), (cast.admin, False)]:
        results = search.search(name, policy.principals(user))
        assert (case.title in _titles(results)) is sees, user.username
        assert (results.total > 0) is sees, user.username
    services.serve(case, cast.judges[0], at(2))
    _commit()
    results = search.search("ZL202020123456.8", policy.principals(cast.respondent))
    assert case.title in _titles(results)


def test_trademark_case_found_by_registration_number(db, cast, officers):
    case = to_investigation(cast, officers)
    _commit()
    assert case.title in _titles(search.search("12345678", policy.principals(officers[0])))
    assert search.search("12345678", policy.principals(cast.outsider)).total == 0


def test_uploaded_file_text_is_searchable_only_by_those_who_may_open_it(db, cast):
    from ipcenter.cases import pdf_catalogue as catalogue
    from ipcenter.core import pdf
    from ipcenter.core.db import unit_of_work

    case = walk(db, cast, S.SERVED)
    data = catalogue.sample_data("decision")
    data["findings"] = "经现场勘验，被诉灯具的散热鳍片呈放射状排列，与权利要求一致。"
    pdf_bytes = pdf.render_pdf("decision", data)
    with unit_of_work():
        matters.attach(case, "evidence", io.BytesIO(pdf_bytes), "勘验笔录.pdf", cast.requester,
                       at(3))
    doc = case.documents[-1]
    assert doc.text_status in ("done", "ocr"), doc.text_error
    phrase = "散热鳍片呈放射状排列"
    assert search.search(phrase, policy.principals(cast.requester)).total >= 1
    assert search.search(phrase, policy.principals(cast.respondent)).total >= 1  # served
    assert search.search(phrase, policy.principals(cast.outsider)).total == 0


def test_search_within_one_case(db, cast, client):
    from tests.conftest import login

    first = walk(db, cast, S.ACCEPTED)
    second = walk(db, cast, S.ACCEPTED)
    _commit()
    login(client, "judge1")
    html = client.get(f"/cases/{first.id}").get_data(as_text=True)
    assert f'value="case:{first.id}"' in html
    every = client.get("/search?q=明耀照明").get_data(as_text=True)
    within = client.get(f"/search?q=明耀照明&within=case:{first.id}").get_data(as_text=True)
    assert f"/cases/{second.id}" in every
    assert f"/cases/{first.id}" in within and f"/cases/{second.id}\"" not in within


def test_a_clue_is_found_by_its_officers_and_the_director_not_by_the_centre(db, cast, officers):
    """A clue's filer is the centre's organisation; no principal opens it to every member, nor
    to every officer while it waits for verification."""
    from ipcenter.cases.trademark import services as tm
    from tests.cases.trademark.test_trademark import complaint

    clue = tm.register_clue(complaint(cast), officers[0], at(0), "clue-token")
    # Waiting for verification: the officer who registered it, not every officer.
    assert case_policy.case_principals(clue) == {"role:director", f"user:{officers[0].id}"}
    assert not policy.can(officers[2], "case.view", clue)
    assert not policy.can(officers[2], "case.see_informant", clue)
    assert not policy.can(officers[2], "case.act", (clue, tm.TE.VERIFY))
    tm.verify(clue, officers[0], at(1))
    tm.assign_officers(clue, officers[0], at(1), [officers[0].id, officers[1].id],
                       officers[0].id)
    tm.open_case(clue, officers[0], at(2))
    assert case_policy.case_principals(clue) == {
        "role:director", f"user:{officers[0].id}", f"user:{officers[1].id}",
        f"party:{cast.respondent.organisation_id}"}
    for doc in clue.documents:
        assert not any(p.startswith("party:") for p in case_policy.document_principals(doc))
    assert policy.principals(cast.admin) == {"public", f"user:{cast.admin.id}", "role:admin"}


def test_the_informant_is_cut_from_indexed_text_however_it_is_broken():
    from types import SimpleNamespace

    from ipcenter.cases.search import _confidential_removed

    case = SimpleNamespace(informant="陈举报 139-1234-5678")
    text = "举报人：陈举\n报，电话 139 1234\n5678；另见13912345678。"
    assert _confidential_removed(text, case) == "举报人：＊，电话 ＊；另见＊。"
    assert _confidential_removed("不涉及", SimpleNamespace()) == "不涉及"
