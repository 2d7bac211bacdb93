"""``statistics:read`` for the provincial office: its reader's token reads the statistics
without each examiner's figures, which the director's token gets; it is offered no other scope,
and a platform's agent gets the complaints scope as an agency's does."""

from __future__ import annotations

import pytest

from ipcenter.api import tokens
from ipcenter.core.errors import InvalidInput
from tests.api.conftest import bearer
from tests.pledge.journeys import at


@pytest.fixture
def reader(make_user):
    return make_user("provincial")


def test_the_provincial_token_reads_the_statistics_without_the_examiners(client, crew, issue,
                                                                         reader):
    secret = issue(reader, "statistics:read")
    answer = client.get("/api/v1/statistics?year=2026", headers=bearer(secret))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert "patent_filed" in body["cases"] and "received" in body["prexam"]
    assert "examiners" not in body["prexam"]
    assert "balance" in body["pool"] and "open_cases" in body

    director = issue(crew.director, "statistics:read")
    body = client.get("/api/v1/statistics?year=2026", headers=bearer(director)).get_json()
    assert "examiners" in body["prexam"]


def test_the_reader_is_offered_the_statistics_scope_alone(db, reader, make_user, admin):
    assert tokens.scopes_for(reader) == ["statistics:read"]
    for scope in ("applications:read", "applications:write", "complaints:write"):
        with pytest.raises(InvalidInput):
            tokens.create_token(reader, "省局对接", [scope], 30, actor=admin, now=at(0))


def test_the_readers_token_is_refused_the_other_endpoints(client, issue, reader):
    secret = issue(reader, "statistics:read")
    for path in ("/api/v1/applications", "/api/v1/applications/1"):
        answer = client.get(path, headers=bearer(secret))
        assert answer.status_code == 403 and answer.get_json()["error"], path


def test_a_platforms_agent_gets_the_complaints_scope(db, make_org, make_user):
    platform = make_org("platform", name="中山灯饰网电子商务平台有限公司")
    agent = make_user("agent", org=platform)
    assert tokens.scopes_for(agent) == ["complaints:write"]
