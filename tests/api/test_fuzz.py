"""Contract tests: Schemathesis reads the OpenAPI document the application generates and sends
each operation requests built from it — valid ones and ones that break it (wrong types,
missing fields, odd strings, numbers at the edges) — with the tokens of the people who use it
and without. Whatever it sends, the answer is never a 5xx, and every refusal is a 4xx JSON body
``{"error": "…"}`` with a message; the answers match the document (schema, content type), and
a request the document forbids is refused.

Bounded (``MAX_EXAMPLES`` per operation, no shrinking past a failure's first report, database
rolled back at the end) so the whole run stays well under a minute; it runs with the suite
(``.ci/run``, ``make test``) and is marked ``slow`` for the fast loop."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import bearer

MAX_EXAMPLES = 20


@pytest.fixture
def fuzz_world(app, db, crew, in_review, issue, make_user, monkeypatch, pinned):
    """Tokens for each caller and the application they may act on, the rate limit out of the
    way (its own test shows the 429), and the official PDFs a decision issues drawn as a blank
    page: they are rendered after the answer (the outbox), and WeasyPrint laying out two
    thousand random characters from every script takes tens of seconds that say nothing of
    the API (the documents' own tests render them). The search index is left out likewise:
    indexing runs after the answer too, and a Whoosh commit that fails on this many quick
    writes can leave its lock behind for the 40 s write timeout (the search suite's matter)."""
    from ipcenter import search
    from ipcenter.core import pdf
    from tests.conftest import minimal_pdf

    monkeypatch.setattr(search, "index_now", lambda kind, id: None)
    monkeypatch.setattr(search, "index_many", lambda pairs: None)
    monkeypatch.setitem(app.config, "IPCENTER_API_RATE_LIMIT", "100000 per minute")
    monkeypatch.setattr(pdf, "render_pdf", lambda template, data: minimal_pdf())
    return {"bank": issue(crew.bank, "applications:read", "applications:write"),
            "firm": issue(crew.firm, "complaints:write"),
            "agent": issue(make_user("agent"), "complaints:write"),
            "director": issue(crew.director, "statistics:read"),
            "application_id": in_review.id}


def refusal_is_json_with_a_message(ctx, response, case):
    """A refusal is a 4xx whose JSON body names the reason."""
    if response.status_code < 400:
        return
    assert response.status_code < 500, f"{response.status_code} for {case.method} {case.path}"
    assert response.headers.get("content-type", [""])[0].startswith("application/json"), \
        f"{response.status_code} is not JSON"
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"], \
        f"{response.status_code} without a message: {body!r}"


CHECKS = [not_a_server_error, refusal_is_json_with_a_message, status_code_conformance,
          content_type_conformance, response_schema_conformance, negative_data_rejection]


# The complaint endpoints: a firm files for itself, an agent for the right holder it names.
COMPLAINTS = ("/api/v1/complaints", "/api/v1/trademark-complaints")


def _caller(path: str) -> str:
    if path.startswith(COMPLAINTS):
        return "firm"
    if path.startswith("/api/v1/statistics"):
        return "director"
    return "bank"


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(operation, mode, examples: int, headers, checks, **fixed) -> None:
    # Hypothesis drives the strategy Schemathesis builds from the document. (Schemathesis's
    # pytest loader, ``from_fixture``, reads a private attribute pytest 9 no longer has.)
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def run(case):
        case.call_and_validate(headers=headers, checks=checks)

    try:
        run()
    except Unsatisfiable:
        # Nothing in the operation can be made invalid (a path segment any string fills):
        # no negative case to send.
        if mode is not GenerationMode.NEGATIVE:
            raise


@pytest.mark.slow
def test_the_api_keeps_its_contract(app, fuzz_world):
    operations = _operations(app)
    assert len(operations) >= 8
    assert {o.path for o in operations} >= set(COMPLAINTS)
    for operation in operations:
        public = operation.path.startswith("/api/v1/verify")
        headers = None if public else bearer(fuzz_world[_caller(operation.path)])
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, MAX_EXAMPLES, headers, CHECKS)
        if operation.path.startswith(COMPLAINTS):
            # An agent's requests: without the right holder, or naming one at random.
            _fuzz(operation, GenerationMode.POSITIVE, MAX_EXAMPLES,
                  bearer(fuzz_world["agent"]), CHECKS)
        if "{application_id}" in operation.path:
            # The application the bank may act on: bodies then reach the services' rules
            # (an approval within or beyond the limits, a decline, an instalment not yet due).
            _fuzz(operation, GenerationMode.POSITIVE, MAX_EXAMPLES, headers, CHECKS,
                  path_parameters={"application_id": fuzz_world["application_id"]})


@pytest.mark.slow
def test_without_a_token_every_answer_is_a_json_refusal_or_public(app, fuzz_world):
    for operation in _operations(app):
        _fuzz(operation, GenerationMode.NEGATIVE, 3, None,
              [not_a_server_error, refusal_is_json_with_a_message])
