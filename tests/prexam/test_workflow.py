"""Every (state, event) pair of the registration (备案) and of the request: refused with a
reason the user reads, or leading to its target when the guards pass; each guard refusing on
its own fact; the roles column against issue 14 (the examiner decides 备案 and examines, the
director approves suspensions and revocations, the firm amends and records the CNIPA filing).

The reference tables are written out here from DOMAIN.md §3 and issue 14, independently of the
code's."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import product

import pytest

from ipcenter.core.errors import InvalidTransition
from ipcenter.prexam import workflow as wf
from ipcenter.prexam.workflow import FE, FILING_FLOW, FLOW, FS, E, Facts, FilingFacts, S

TODAY = date(2026, 4, 1)
RETURNS = "back to the state it came from"

# ------------------------------------------------------------------ the reference tables

FILING_EXPECTED = {
    (FS.APPLIED, FE.APPROVE): FS.APPROVED,
    (FS.APPLIED, FE.REJECT): FS.REJECTED,
    (FS.APPLIED, FE.WITHDRAW): FS.WITHDRAWN,
    (FS.APPROVED, FE.PROPOSE_SUSPENSION): FS.SUSPENSION_PROPOSED,
    (FS.APPROVED, FE.PROPOSE_REVOCATION): FS.REVOCATION_PROPOSED,
    (FS.SUSPENDED, FE.PROPOSE_REVOCATION): FS.REVOCATION_PROPOSED,
    (FS.SUSPENSION_PROPOSED, FE.SUSPEND): FS.SUSPENDED,
    (FS.REVOCATION_PROPOSED, FE.REVOKE): FS.REVOKED,
    (FS.SUSPENSION_PROPOSED, FE.DECLINE_PROPOSAL): FS.APPROVED,
    # Back to where the registration was when revocation was proposed: approved or suspended.
    (FS.REVOCATION_PROPOSED, FE.DECLINE_PROPOSAL): RETURNS,
    (FS.SUSPENDED, FE.REINSTATE): FS.APPROVED,
}

BEFORE_CNIPA = [S.SUBMITTED, S.CLASSIFICATION_CHECK, S.UNDER_EXAMINATION, S.OPINION_ISSUED,
                S.AMENDED, S.PASSED]

EXPECTED = {
    (S.SUBMITTED, E.TAKE_UP): S.CLASSIFICATION_CHECK,
    (S.CLASSIFICATION_CHECK, E.CONFIRM_CLASSIFICATION): S.UNDER_EXAMINATION,
    (S.CLASSIFICATION_CHECK, E.RETURN): S.RETURNED,
    (S.UNDER_EXAMINATION, E.ISSUE_OPINION): S.OPINION_ISSUED,
    (S.UNDER_EXAMINATION, E.PASS): S.PASSED,
    (S.UNDER_EXAMINATION, E.FAIL): S.FAILED,
    (S.OPINION_ISSUED, E.AMEND): S.AMENDED,
    (S.OPINION_ISSUED, E.FAIL): S.FAILED,
    (S.AMENDED, E.ISSUE_OPINION): S.OPINION_ISSUED,
    (S.AMENDED, E.PASS): S.PASSED,
    (S.AMENDED, E.FAIL): S.FAILED,
    (S.PASSED, E.RECORD_FILING): S.FILED_AT_CNIPA,
    (S.FILED_AT_CNIPA, E.RECORD_GRANT): S.GRANTED,
    (S.FILED_AT_CNIPA, E.RECORD_REJECTION): S.REJECTED,
    **{(s, E.WITHDRAW): S.WITHDRAWN for s in BEFORE_CNIPA},
}

# The roles column, by the issue's people.
FIRM, EXAMINER, DIRECTOR = {"firm"}, {"examiner"}, {"director"}
FILING_ROLES = {
    FE.APPROVE: EXAMINER, FE.REJECT: EXAMINER,          # the examiner decides 备案
    FE.WITHDRAW: FIRM,
    FE.PROPOSE_SUSPENSION: EXAMINER, FE.PROPOSE_REVOCATION: EXAMINER,
    FE.SUSPEND: DIRECTOR, FE.REVOKE: DIRECTOR,            # the director approves them
    FE.DECLINE_PROPOSAL: DIRECTOR, FE.REINSTATE: DIRECTOR,
}
ROLES = {
    E.TAKE_UP: EXAMINER, E.CONFIRM_CLASSIFICATION: EXAMINER, E.RETURN: EXAMINER,
    E.ISSUE_OPINION: EXAMINER, E.PASS: EXAMINER, E.FAIL: EXAMINER,
    E.AMEND: FIRM,                                        # the firm answers the opinion
    E.RECORD_FILING: FIRM,                                # and files at CNIPA itself
    # The outcome at CNIPA: the firm reports it, or the examiner who follows the fast track.
    E.RECORD_GRANT: FIRM | EXAMINER, E.RECORD_REJECTION: FIRM | EXAMINER,
    E.WITHDRAW: FIRM,
}

# ------------------------------------------------------------------ facts that pass

FILING_PASS = FilingFacts(actor_id=2, reason="理由", ground="abnormal_application",
                          proposed_by_id=1, filing_refusal=None)
PASS = Facts(today=TODAY, actor_id=2, reason="理由", rounds=0, max_rounds=3, has_reply=True,
             reply_due_on=TODAY - timedelta(days=1))


def _says(reason, message) -> bool:
    return str(reason) == str(message)


# ------------------------------------------------------------------ every pair


@pytest.mark.parametrize("state, event", list(product(FS, FE)), ids=str)
def test_filing_pair(app, state, event):
    with app.test_request_context():
        target = FILING_EXPECTED.get((state, event))
        reason = FILING_FLOW.refusal(state, event, FILING_PASS)
        if target is None:
            assert reason and "不能进行" in str(reason), reason
            assert str(FILING_FLOW.event_labels[event]) in str(reason)
            with pytest.raises(InvalidTransition):
                FILING_FLOW.apply(state, event, FILING_PASS)
        elif target == RETURNS:
            assert reason is None
            for previous in (FS.APPROVED, FS.SUSPENDED):
                assert FILING_FLOW.apply(state, event, FILING_PASS,
                                         previous=previous) == previous
        else:
            assert reason is None
            assert FILING_FLOW.apply(state, event, FILING_PASS) == target


@pytest.mark.parametrize("state, event", list(product(S, E)), ids=str)
def test_request_pair(app, state, event):
    with app.test_request_context():
        target = EXPECTED.get((state, event))
        reason = FLOW.refusal(state, event, PASS)
        if target is None:
            assert reason and "不能进行" in str(reason), reason
            assert str(FLOW.state_labels[state]) in str(reason)
            with pytest.raises(InvalidTransition):
                FLOW.apply(state, event, PASS)
        else:
            assert reason is None
            assert FLOW.apply(state, event, PASS) == target


def test_the_tables_are_the_reference():
    assert {(t.source, t.event): RETURNS if t.returns else t.target
            for t in FILING_FLOW.transitions} == FILING_EXPECTED
    assert FILING_FLOW.side_states == {FS.REVOCATION_PROPOSED}
    assert not any(t.returns for t in FLOW.transitions)
    assert {(t.source, t.event): t.target for t in FLOW.transitions} == EXPECTED


@pytest.mark.parametrize("transition", FILING_FLOW.transitions,
                         ids=lambda t: f"{t.source}-{t.event}")
def test_each_filing_transition_names_its_roles(transition):
    assert set(transition.roles) == FILING_ROLES[transition.event]
    assert transition.label


@pytest.mark.parametrize("transition", FLOW.transitions, ids=lambda t: f"{t.source}-{t.event}")
def test_each_request_transition_names_its_roles(transition):
    assert set(transition.roles) == ROLES[transition.event]
    assert transition.label


def test_labels_and_state_names_are_the_kinds_own():
    assert all(str(s).startswith("pf_") for s in FS)
    assert all(str(s).startswith("px_") for s in S)
    assert set(wf.FILING_STATE_LABELS) == set(FS) and set(wf.FILING_EVENT_LABELS) == set(FE)
    assert set(wf.STATE_LABELS) == set(S) and set(wf.EVENT_LABELS) == set(E)


def test_terminal_states_are_never_left_and_every_state_is_reached():
    for flow, start, terminal, normal in ((FILING_FLOW, FS.APPLIED, wf.FILING_TERMINAL,
                                           wf.FILING_CLOSED_NORMALLY),
                                          (FLOW, S.SUBMITTED, wf.TERMINAL, wf.CLOSED_NORMALLY)):
        assert not {t.source for t in flow.transitions} & terminal
        assert normal <= terminal
        reached, frontier = {start}, [start]
        while frontier:
            state = frontier.pop()
            for t in flow.transitions:
                if t.source == state and t.target is not None and t.target not in reached:
                    reached.add(t.target)
                    frontier.append(t.target)
        assert reached == set(flow.states)
    assert S.WITHDRAWN not in wf.CLOSED_NORMALLY and FS.WITHDRAWN not in wf.FILING_CLOSED_NORMALLY


def test_after_filing_at_cnipa_the_firm_cannot_withdraw():
    assert FLOW.find(S.FILED_AT_CNIPA, E.WITHDRAW) is None
    assert set(wf.WITHDRAWABLE) == set(BEFORE_CNIPA)


def test_a_proposal_not_decided_leaves_the_registration_standing():
    assert wf.FILING_STANDS == {FS.APPROVED, FS.SUSPENSION_PROPOSED, FS.REVOCATION_PROPOSED}


# ------------------------------------------------------------------ each guard alone

FILING_GUARDS = [
    (FS.APPLIED, FE.APPROVE, {"filing_refusal": "统一社会信用代码无效"}, "统一社会信用代码无效"),
    (FS.APPLIED, FE.REJECT, {"reason": "  "}, "Give the reasons."),
    (FS.APPROVED, FE.PROPOSE_SUSPENSION, {"ground": None},
     "Choose the finding the proposal rests on."),
    (FS.APPROVED, FE.PROPOSE_SUSPENSION, {"ground": "bad_weather"},
     "Choose the finding the proposal rests on."),
    (FS.APPROVED, FE.PROPOSE_SUSPENSION, {"reason": ""}, "Give the reasons."),
    (FS.APPROVED, FE.PROPOSE_REVOCATION, {"ground": None},
     "Choose the finding the proposal rests on."),
    (FS.SUSPENDED, FE.PROPOSE_REVOCATION, {"reason": ""}, "Give the reasons."),
    (FS.SUSPENSION_PROPOSED, FE.SUSPEND, {"actor_id": 1},
     "The one who proposed this cannot approve it."),
    (FS.REVOCATION_PROPOSED, FE.REVOKE, {"actor_id": 1},
     "The one who proposed this cannot approve it."),
    (FS.SUSPENSION_PROPOSED, FE.DECLINE_PROPOSAL, {"reason": ""}, "Give the reasons."),
    (FS.REVOCATION_PROPOSED, FE.DECLINE_PROPOSAL, {"reason": ""}, "Give the reasons."),
    (FS.SUSPENDED, FE.REINSTATE, {"reason": ""}, "Give the reasons."),
]


@pytest.mark.parametrize("state, event, change, message", FILING_GUARDS,
                         ids=lambda v: str(v)[:30])
def test_each_filing_guard_refuses_alone(app, state, event, change, message):
    from flask_babel import gettext

    with app.test_request_context():
        reason = FILING_FLOW.refusal(state, event, replace(FILING_PASS, **change))
        assert reason is not None
        assert str(reason) == gettext(message)
        with pytest.raises(InvalidTransition):
            FILING_FLOW.apply(state, event, replace(FILING_PASS, **change))


def _max_rounds(n):
    return ("The %(n)s rounds of opinions allowed are used: pass or fail the request.", {"n": n})


REQUEST_GUARDS = [
    (S.CLASSIFICATION_CHECK, E.CONFIRM_CLASSIFICATION, {"scope_refusal": "A47G不在预审范围内"},
     ("A47G不在预审范围内", {})),
    (S.CLASSIFICATION_CHECK, E.RETURN, {"reason": ""}, ("Give the reasons.", {})),
    # An opinion beyond the maximum of rounds, from either state the examiner examines in.
    (S.UNDER_EXAMINATION, E.ISSUE_OPINION, {"rounds": 3}, _max_rounds(3)),
    (S.AMENDED, E.ISSUE_OPINION, {"rounds": 2, "max_rounds": 2}, _max_rounds(2)),
    (S.AMENDED, E.ISSUE_OPINION, {"rounds": 5}, _max_rounds(3)),
    (S.UNDER_EXAMINATION, E.ISSUE_OPINION, {"points_refusal": "每一点须注明依据"},
     ("每一点须注明依据", {})),
    # Passing with an item unticked.
    (S.UNDER_EXAMINATION, E.PASS, {"checklist_refusal": "未勾选：说明书"}, ("未勾选：说明书", {})),
    (S.AMENDED, E.PASS, {"checklist_refusal": "未勾选：权利要求书"}, ("未勾选：权利要求书", {})),
    (S.UNDER_EXAMINATION, E.FAIL, {"reason": " "}, ("Give the reasons.", {})),
    (S.AMENDED, E.FAIL, {"reason": ""}, ("Give the reasons.", {})),
    # Failing while the firm may still reply (the last day included), then without reasons.
    (S.OPINION_ISSUED, E.FAIL, {"reply_due_on": TODAY},
     ("The firm may reply until %(day)s.", {"day": "2026-04-01"})),
    (S.OPINION_ISSUED, E.FAIL, {"reply_due_on": TODAY + timedelta(days=9)},
     ("The firm may reply until %(day)s.", {"day": "2026-04-10"})),
    (S.OPINION_ISSUED, E.FAIL, {"reason": ""}, ("Give the reasons.", {})),
    # Amending without a reply.
    (S.OPINION_ISSUED, E.AMEND, {"has_reply": False},
     ("Upload the amended pages or the observations (意见陈述书) for this round, or write the "
      "reply.", {})),
    # Recording the filing with the application refused.
    (S.PASSED, E.RECORD_FILING, {"application_refusal": "申请号校验位错误"}, ("申请号校验位错误", {})),
    (S.FILED_AT_CNIPA, E.RECORD_GRANT, {"outcome_refusal": "日期不能是未来"}, ("日期不能是未来", {})),
    (S.FILED_AT_CNIPA, E.RECORD_REJECTION, {"outcome_refusal": "日期不能是未来"},
     ("日期不能是未来", {})),
    (S.FILED_AT_CNIPA, E.RECORD_REJECTION, {"reason": ""}, ("Give the reasons.", {})),
]


@pytest.mark.parametrize("state, event, change, message", REQUEST_GUARDS,
                         ids=lambda v: str(v)[:30])
def test_each_request_guard_refuses_alone(app, state, event, change, message):
    from flask_babel import gettext

    text, values = message
    with app.test_request_context():
        facts = replace(PASS, **change)
        reason = FLOW.refusal(state, event, facts)
        assert reason is not None
        assert str(reason) == gettext(text, **values)
        with pytest.raises(InvalidTransition):
            FLOW.apply(state, event, facts)


def test_failing_is_allowed_the_day_after_the_reply_period():
    facts = replace(PASS, reply_due_on=TODAY - timedelta(days=1))
    assert FLOW.apply(S.OPINION_ISSUED, E.FAIL, facts) == S.FAILED
    # No reply period recorded (none open): the reasons suffice.
    assert FLOW.apply(S.OPINION_ISSUED, E.FAIL, replace(PASS, reply_due_on=None)) == S.FAILED


def test_the_director_who_did_not_propose_may_approve():
    assert FILING_FLOW.apply(FS.SUSPENSION_PROPOSED, FE.SUSPEND,
                             replace(FILING_PASS, actor_id=2, proposed_by_id=1)) == FS.SUSPENDED
    # A proposal with no recorded proposer is not the actor's own.
    assert FILING_FLOW.apply(FS.REVOCATION_PROPOSED, FE.REVOKE,
                             replace(FILING_PASS, actor_id=2, proposed_by_id=None)) == FS.REVOKED


def test_the_last_round_allowed_may_still_be_issued():
    assert FLOW.apply(S.AMENDED, E.ISSUE_OPINION, replace(PASS, rounds=2)) == S.OPINION_ISSUED


# ------------------------------------------------------------------ the clocks' table


def test_the_clocks_and_who_watches_them():
    from ipcenter.core.deadlines import Period

    expected = {"filing_decision": ("5wd", "examiner"), "classification": ("1wd", "presiding"),
                "examination": ("3wd", "presiding"), "reply": ("10d", "requester"),
                "cnipa_filing": ("30d", "requester")}
    assert {k: (r.period, r.who) for k, r in wf.DEADLINES.items()} == expected
    for rule in wf.DEADLINES.values():
        Period.parse(rule.period)
        assert "非法定期限" in rule.basis   # service targets, not statutory periods
    assert set(wf.TARGET_OF_CLOCK) == set(wf.DEADLINES) - {"filing_decision"}


def test_the_queue_shows_the_centres_work_only():
    assert set(wf.EXAMINER_QUEUE) == {S.SUBMITTED, S.CLASSIFICATION_CHECK,
                                      S.UNDER_EXAMINATION, S.AMENDED}
    for state in wf.EXAMINER_QUEUE:
        assert any(t.roles & EXAMINER for t in FLOW.transitions if t.source == state)
