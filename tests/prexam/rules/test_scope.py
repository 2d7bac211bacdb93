from datetime import date, timedelta

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.prexam.rules.scope import (
    DESIGN,
    SEED,
    UTILITY_MODEL,
    ScopeEntry,
    in_force,
    scope_reason,
    subclass_of,
)


def test_the_seed_has_ten_ipc_and_seven_locarno_subclasses():
    ipc = [e for e in SEED if e.kind == UTILITY_MODEL]
    loc = [e for e in SEED if e.kind == DESIGN]
    assert len(ipc) == 10 and len({e.code for e in ipc}) == 10
    assert {"F21K", "F21L", "F21S", "F21V", "F21W", "F21Y", "H05B"} <= {e.code for e in ipc}
    assert [e.code for e in loc] == ["26-01", "26-02", "26-03", "26-04", "26-05", "26-06",
                                     "26-99"]
    # The IPC list waits for the centre's published list; Locarno is WIPO's.
    assert not any(e.confirmed for e in ipc) and all(e.confirmed for e in loc)
    assert all(e.title and e.effective_from == date(2022, 10, 1) and e.effective_to is None
               for e in SEED)


@pytest.mark.parametrize("written, subclass", [
    ("F21V 23/00", "F21V"), ("f21v23/00", "F21V"), ("F21V", "F21V"), (" h05b 45/10 ", "H05B"),
    ("Ｆ２１Ｓ　８/００", "F21S"),
])
def test_an_ipc_symbol_falls_in_its_subclass(written, subclass):
    assert subclass_of(UTILITY_MODEL, written) == subclass


@pytest.mark.parametrize("written, subclass", [
    ("26-05", "26-05"), ("2605", "26-05"), ("26－05", "26-05"), (" 26-99", "26-99"),
    ("９-０１", "09-01"),
])
def test_a_locarno_code_falls_in_its_subclass(written, subclass):
    assert subclass_of(DESIGN, written) == subclass


@pytest.mark.parametrize("kind, written", [
    (UTILITY_MODEL, ""), (UTILITY_MODEL, "F21"), (UTILITY_MODEL, "Z21V"),
    (UTILITY_MODEL, "F21V 23"), (UTILITY_MODEL, "26-05"), (UTILITY_MODEL, None),
    (DESIGN, "26"), (DESIGN, "26-07"), (DESIGN, "33-01"), (DESIGN, "F21V"), (DESIGN, "26.05"),
    (DESIGN, ""),
])
def test_a_malformed_classification_is_refused(kind, written):
    with pytest.raises(InvalidInput):
        subclass_of(kind, written)
    reason = scope_reason(SEED, kind, written, date(2026, 6, 1))
    assert reason.code == "bad_classification"


def test_an_invention_is_not_served():
    with pytest.raises(InvalidInput):
        subclass_of("invention", "F21V")
    assert scope_reason(SEED, "invention", "F21V", date(2026, 6, 1)).code == "kind_not_served"


def test_in_and_out_of_the_seed_scope():
    day = date(2026, 6, 1)
    assert scope_reason(SEED, UTILITY_MODEL, "F21V 23/00", day) is None
    assert scope_reason(SEED, DESIGN, "26-05", day) is None
    assert scope_reason(SEED, UTILITY_MODEL, "A47G 1/00", day).code == "out_of_scope"
    # A design's Locarno class outside 26 is well formed but out of scope.
    assert scope_reason(SEED, DESIGN, "09-01", day).code == "out_of_scope"
    # The scope is per kind: a Locarno code is not an IPC subclass.
    assert scope_reason(SEED, UTILITY_MODEL, "F21V", day) is None


START, END = date(2024, 3, 1), date(2025, 2, 28)
TABLE = (ScopeEntry(UTILITY_MODEL, "F21V", "照明装置零部件", START, END),
         ScopeEntry(UTILITY_MODEL, "F21S", "非便携式照明装置", START))


@pytest.mark.parametrize("day, inside", [
    (START - timedelta(days=1), False),   # the day before it takes effect
    (START, True),                        # its first day
    (END, True),                          # its last day
    (END + timedelta(days=1), False),     # the day after its last day
])
def test_a_row_at_its_effective_dates(day, inside):
    reason = scope_reason(TABLE, UTILITY_MODEL, "F21V 23/00", day)
    assert (reason is None) is inside
    if not inside:
        assert reason.code == "out_of_scope"
    assert [e.code for e in in_force(TABLE, UTILITY_MODEL, day)] == (
        ["F21V", "F21S"] if inside else (["F21S"] if day > END else []))


def test_the_seed_the_day_before_the_service_began():
    assert scope_reason(SEED, UTILITY_MODEL, "F21V", date(2022, 9, 30)).code == "out_of_scope"
    assert scope_reason(SEED, UTILITY_MODEL, "F21V", date(2022, 10, 1)) is None
    assert in_force(SEED, DESIGN, date(2022, 9, 30)) == []


def test_the_refusal_names_the_subclass_and_the_day_in_chinese(zh):
    reason = scope_reason(SEED, UTILITY_MODEL, "a47g1/00", date(2026, 6, 1))
    text = str(reason.message)
    assert "A47G" in text and "2026-06-01" in text and "实用新型" in text and "范围" in text
    assert "IPC" in str(scope_reason(SEED, UTILITY_MODEL, "lamp", date(2026, 6, 1)).message)
