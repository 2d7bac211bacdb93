"""``matters.kinds.MatterKind``: a domain's kind of matter is checked when it is declared."""

from __future__ import annotations

import dataclasses

import pytest

from ipcenter.matters import kinds
from ipcenter.pledge.kind import SPEC as PLEDGE
from ipcenter.prexam.kind import FILING, REQUEST


@pytest.mark.parametrize("spec", [PLEDGE, REQUEST, FILING], ids=lambda s: s.kind)
def test_the_domains_declare_their_kinds_with_it(spec):
    assert isinstance(spec, kinds.MatterKind) and kinds.registered()[spec.kind] is spec
    assert spec.render_task and spec.extract_task and spec.file_subject


def test_a_terminal_state_outside_the_workflow_is_refused():
    with pytest.raises(ValueError, match="states not in its workflow"):
        dataclasses.replace(PLEDGE, terminal=PLEDGE.terminal | {"nowhere"})


def test_a_normal_end_that_is_not_terminal_is_refused():
    open_state = next(s.value for s in PLEDGE.flow.states if s.value not in PLEDGE.terminal)
    with pytest.raises(ValueError, match="a normal end must be terminal"):
        dataclasses.replace(PLEDGE, closed_normally=PLEDGE.closed_normally | {open_state})


@pytest.mark.parametrize("spec", [PLEDGE, REQUEST, FILING], ids=lambda s: s.kind)
def test_a_kind_whose_parties_act_for_themselves_names_no_representative(spec):
    # ``matters.serving`` serves a party on the organisation its kind names (an agency that
    # filed for the right holder); these kinds' parties are served themselves.
    assert spec.representative_org(object(), object()) is None
