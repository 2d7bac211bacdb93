"""Every (state, event) pair of patent adjudication: allowed or refused, and each guard."""

from datetime import date
from itertools import product

import pytest

from ipcenter.cases.patent import workflow as wf
from ipcenter.cases.patent.workflow import PATENT_FLOW, E, Facts, S
from ipcenter.core.errors import InvalidTransition

ACTIVE = [S.ACCEPTED, S.SERVED, S.EXAMINATION, S.HEARING_SCHEDULED]

# The reference table, written out from DOMAIN.md §1 independently of the code's table.
EXPECTED = {
    (S.DRAFT, E.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, E.ACCEPT): S.ACCEPTED,
    (S.SUBMITTED, E.REFUSE): S.REJECTED,
    (S.SUBMITTED, E.WITHDRAW): S.WITHDRAWN,
    (S.ACCEPTED, E.SERVE): S.SERVED,
    (S.SERVED, E.BEGIN_EXAMINATION): S.EXAMINATION,
    (S.EXAMINATION, E.SCHEDULE_HEARING): S.HEARING_SCHEDULED,
    (S.HEARING_SCHEDULED, E.RECORD_HEARING): S.EXAMINATION,
    (S.EXAMINATION, E.DRAFT_DECISION): S.DECISION_DRAFTED,
    (S.DECISION_DRAFTED, E.RETURN_DRAFT): S.EXAMINATION,
    (S.DECISION_DRAFTED, E.APPROVE_DECISION): S.DECIDED,
    (S.DECISION_DRAFTED, E.REVOKE): S.REVOKED,
    (S.DECIDED, E.SERVE_DECISION): S.DECISION_SERVED,
    (S.DECISION_SERVED, E.RECORD_SUIT): S.LITIGATION,
    (S.DECISION_SERVED, E.FINALIZE): S.FINAL,
    (S.FINAL, E.CLOSE): S.CLOSED,
    # After the period to sue: compliance, or the application to the court, then the archive.
    (S.FINAL, E.RECORD_COMPLIANCE): S.COMPLIED,
    (S.FINAL, E.APPLY_ENFORCEMENT): S.ENFORCEMENT_REQUESTED,
    (S.COMPLIED, E.CLOSE): S.CLOSED,
    (S.ENFORCEMENT_REQUESTED, E.CLOSE): S.CLOSED,
    (S.LITIGATION, E.CLOSE): S.CLOSED,
    (S.SUSPENDED, E.RESUME): "previous",
    (S.SUSPENDED, E.WITHDRAW): S.WITHDRAWN,
    (S.SUSPENDED, E.REVOKE): S.REVOKED,
    (S.MEDIATING, E.MEDIATION_AGREED): S.MEDIATED,
    (S.MEDIATING, E.MEDIATION_FAILED): "previous",
    (S.MEDIATING, E.WITHDRAW): S.WITHDRAWN,
    (S.MEDIATING, E.REVOKE): S.REVOKED,
}
# Periods not counted and a party's address are recorded without a change of state.
for state in ACTIVE:
    EXPECTED[(state, E.START_PAUSE)] = state
for state in [*ACTIVE, S.SUSPENDED, S.MEDIATING, S.DECISION_DRAFTED]:
    EXPECTED[(state, E.END_PAUSE)] = state
    EXPECTED[(state, E.RECORD_ADDRESS)] = state
for state in ACTIVE:
    EXPECTED[(state, E.SUSPEND)] = S.SUSPENDED
    EXPECTED[(state, E.WITHDRAW)] = S.WITHDRAWN
    EXPECTED[(state, E.REVOKE)] = S.REVOKED
    if state != S.ACCEPTED:  # mediation needs the respondent in the case
        EXPECTED[(state, E.START_MEDIATION)] = S.MEDIATING

ALL_PASS = Facts(today=date(2026, 6, 1), has_respondent=True, has_patent=True, has_claim=True,
                 has_proof_of_right=True, checklist_complete=True, reason="理由", panel_size=3,
                 panel_has_presiding=True, answered=True, hearing_on=date(2026, 6, 10),
                 earliest_hearing=date(2026, 6, 4), has_hearing_record=True,
                 has_invalidation_notice=True, decision_complete=True,
                 suit_window_end=date(2026, 5, 1), stop_ordered=True,
                 enforcement_due=date(2026, 8, 1), enforcement_window_over=True)


@pytest.mark.parametrize("state, event", list(product(S, E)))
def test_pair(app, state, event):
    with app.test_request_context():
        expected = EXPECTED.get((state, event))
        if expected is None:
            with pytest.raises(InvalidTransition):
                PATENT_FLOW.apply(state, event, ALL_PASS, previous=S.EXAMINATION)
        elif expected == "previous":
            assert PATENT_FLOW.apply(state, event, ALL_PASS, previous=S.SERVED) == S.SERVED
        else:
            assert PATENT_FLOW.apply(state, event, ALL_PASS, previous=S.EXAMINATION) == expected


def _facts(**changes):
    values = {k: getattr(ALL_PASS, k) for k in Facts.__dataclass_fields__}
    values.update(changes)
    return Facts(**values)


@pytest.mark.parametrize("state, event, change", [
    (S.DRAFT, E.SUBMIT, {"has_respondent": False}),
    (S.DRAFT, E.SUBMIT, {"has_patent": False}),
    (S.DRAFT, E.SUBMIT, {"has_claim": False}),
    (S.DRAFT, E.SUBMIT, {"has_proof_of_right": False}),
    (S.SUBMITTED, E.ACCEPT, {"checklist_complete": False}),
    (S.SUBMITTED, E.REFUSE, {"reason": " "}),
    (S.ACCEPTED, E.SERVE, {"panel_size": 2}),
    (S.ACCEPTED, E.SERVE, {"panel_size": 4}),
    (S.ACCEPTED, E.SERVE, {"panel_has_presiding": False}),
    (S.SERVED, E.BEGIN_EXAMINATION, {"answered": False, "answer_due": date(2026, 6, 1)}),
    (S.EXAMINATION, E.SCHEDULE_HEARING, {"hearing_on": date(2026, 6, 3)}),
    (S.EXAMINATION, E.SCHEDULE_HEARING, {"hearing_on": None}),
    (S.HEARING_SCHEDULED, E.RECORD_HEARING, {"has_hearing_record": False}),
    (S.EXAMINATION, E.DRAFT_DECISION, {"decision_complete": False}),
    (S.DECISION_DRAFTED, E.APPROVE_DECISION, {"decision_complete": False}),
    (S.DECISION_DRAFTED, E.RETURN_DRAFT, {"reason": ""}),
    (S.DECISION_SERVED, E.FINALIZE, {"suit_window_end": date(2026, 6, 1)}),
    (S.EXAMINATION, E.SUSPEND, {"has_invalidation_notice": False}),
    (S.EXAMINATION, E.SUSPEND, {"reason": ""}),
    (S.SUSPENDED, E.RESUME, {"reason": ""}),
    (S.EXAMINATION, E.REVOKE, {"reason": ""}),
    (S.LITIGATION, E.CLOSE, {"reason": ""}),
    (S.EXAMINATION, E.DRAFT_DECISION, {"open_pauses": ("鉴定",)}),
    (S.DECISION_DRAFTED, E.APPROVE_DECISION, {"parties_without_address": ("某灯饰厂",)}),
    (S.FINAL, E.RECORD_COMPLIANCE, {"stop_ordered": False}),
    (S.FINAL, E.RECORD_COMPLIANCE, {"reason": ""}),
    (S.FINAL, E.APPLY_ENFORCEMENT, {"stop_ordered": False}),
    (S.FINAL, E.APPLY_ENFORCEMENT, {"enforcement_due": date(2026, 5, 31)}),
    (S.FINAL, E.CLOSE, {"enforcement_window_over": False}),
    (S.FINAL, E.CLOSE, {"reason": ""}),
    (S.ENFORCEMENT_REQUESTED, E.CLOSE, {"reason": ""}),
])
def test_guard_refuses(app, state, event, change):
    with app.test_request_context():
        with pytest.raises(InvalidTransition) as info:
            PATENT_FLOW.apply(state, event, _facts(**change), previous=S.EXAMINATION)
        assert str(info.value.message)


def test_answer_period_over_lets_the_case_go_on_without_answer(app):
    facts = _facts(answered=False, answer_due=date(2026, 5, 31))
    assert PATENT_FLOW.apply(S.SERVED, E.BEGIN_EXAMINATION, facts) == S.EXAMINATION


def test_a_dismissed_request_closes_when_final_without_compliance(app):
    facts = _facts(stop_ordered=False, enforcement_window_over=False, reason="")
    assert PATENT_FLOW.apply(S.FINAL, E.CLOSE, facts) == S.CLOSED


def test_refusals_name_what_is_missing(app):
    with app.test_request_context():
        with pytest.raises(InvalidTransition) as info:
            PATENT_FLOW.apply(S.DECISION_DRAFTED, E.APPROVE_DECISION,
                              _facts(parties_without_address=("某灯饰厂",)))
        assert "某灯饰厂" in str(info.value.message) and "住所" in str(info.value.message)
        with pytest.raises(InvalidTransition) as info:
            PATENT_FLOW.apply(S.FINAL, E.APPLY_ENFORCEMENT,
                              _facts(enforcement_due=date(2026, 5, 31)))
        assert "2026年5月31日" in str(info.value.message)


def test_every_deadline_rule_cites_its_basis():
    for rule in wf.DEADLINES.values():
        assert rule.basis and rule.period
    # Since 2025-02-01 the Measures govern the procedure; enforcement is 行政强制法 Art. 53.
    for kind in ("accept", "serve", "answer", "decision"):
        assert "专利纠纷行政裁决和调解办法" in wf.DEADLINES[kind].basis
    assert "行政强制法第五十三条" in wf.DEADLINES["enforcement"].basis
    assert wf.DEADLINES["enforcement"].period == "3m"
