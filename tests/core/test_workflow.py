"""The engine on a small table: every (state, event) pair is either a transition or a refusal."""

from enum import StrEnum
from itertools import product

import pytest

from ipcenter.core.errors import InvalidTransition
from ipcenter.core.workflow import Transition, Workflow


class S(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"


class E(StrEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"


def needs_claim(ctx):
    return None if ctx and ctx.get("claim") else "The claim is missing."


FLOW = Workflow("demo", S, E, [
    Transition(S.DRAFT, E.SUBMIT, S.SUBMITTED, guards=(needs_claim,)),
    Transition(S.SUBMITTED, E.ACCEPT, S.ACCEPTED),
], state_labels={S.ACCEPTED: "已立案"}, event_labels={E.SUBMIT: "提交"})

ALLOWED = {(S.DRAFT, E.SUBMIT): S.SUBMITTED, (S.SUBMITTED, E.ACCEPT): S.ACCEPTED}


@pytest.mark.parametrize("state, event", list(product(S, E)))
def test_every_pair(app, state, event):
    with app.test_request_context():
        if (state, event) in ALLOWED:
            assert FLOW.apply(state, event, {"claim": "x"}) == ALLOWED[(state, event)]
        else:
            with pytest.raises(InvalidTransition):
                FLOW.apply(state, event, {"claim": "x"})


def test_guard_reason_is_given(app):
    with pytest.raises(InvalidTransition) as info:
        FLOW.apply(S.DRAFT, E.SUBMIT, {})
    assert info.value.message == "The claim is missing."


def test_refusal_names_event_and_state(app):
    with app.test_request_context():
        with pytest.raises(InvalidTransition) as info:
            FLOW.apply(S.ACCEPTED, E.SUBMIT)
        assert "提交" in str(info.value.message) and "已立案" in str(info.value.message)


def test_available_respects_guards():
    assert FLOW.available(S.DRAFT, {}) == []
    assert [t.target for t in FLOW.available(S.DRAFT, {"claim": 1})] == [S.SUBMITTED]


def test_duplicate_transition_is_a_programming_error():
    with pytest.raises(ValueError):
        Workflow("bad", S, E, [Transition(S.DRAFT, E.SUBMIT, S.SUBMITTED),
                               Transition(S.DRAFT, E.SUBMIT, S.ACCEPTED)])
