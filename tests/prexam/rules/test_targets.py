from datetime import date, datetime

import pytest

from ipcenter.core.deadlines import Period
from ipcenter.core.errors import InvalidInput
from ipcenter.prexam.rules.targets import DEFAULT, Targets, as_of, periods, validate


def test_the_defaults():
    assert (DEFAULT.classification_wd, DEFAULT.round_wd, DEFAULT.reply_days,
            DEFAULT.max_rounds, DEFAULT.filing_days) == (1, 3, 10, 3, 30)


def test_validate_keeps_what_is_given_and_defaults_the_rest():
    t = validate(effective_from="2026-01-01", round_wd="5", max_rounds=2)
    assert t == Targets(date(2026, 1, 1), round_wd=5, max_rounds=2)


@pytest.mark.parametrize("name, value", [
    ("classification_wd", 0), ("classification_wd", 31), ("round_wd", True),
    ("round_wd", 2.0), ("reply_days", 61), ("reply_days", "-1"), ("max_rounds", 11),
    ("max_rounds", "3.5"), ("filing_days", None), ("filing_days", "３"),
])
def test_a_figure_out_of_range_is_refused(name, value):
    with pytest.raises(InvalidInput):
        validate(effective_from=date(2026, 1, 1), **{name: value})


@pytest.mark.parametrize("name, low, high", [
    ("classification_wd", 1, 30), ("round_wd", 1, 30), ("reply_days", 1, 60),
    ("max_rounds", 1, 10), ("filing_days", 1, 60)])
def test_the_ends_of_each_range_are_accepted(name, low, high):
    for value in (low, high):
        assert getattr(validate(effective_from=date(2026, 1, 1), **{name: value}),
                       name) == value


def test_the_day_and_the_names_are_checked():
    for day in (None, "2026-13-01", datetime(2026, 1, 1, 8), 20260101):
        with pytest.raises(InvalidInput):
            validate(effective_from=day)
    with pytest.raises(InvalidInput):
        validate(round_wd=3)
    with pytest.raises(InvalidInput):
        validate(effective_from=date(2026, 1, 1), rounds=3)


def test_the_refusal_names_the_figure(zh):
    with pytest.raises(InvalidInput) as caught:
        validate(effective_from=date(2026, 1, 1), reply_days=0)
    text = str(caught.value.message)
    assert "答复" in text and "60" in text


def test_as_of_takes_the_newest_version_in_force():
    a = Targets(date(2024, 1, 1), round_wd=5)
    b = Targets(date(2025, 1, 1), round_wd=4)
    c = Targets(date(2025, 1, 1), round_wd=2)
    assert as_of([b, a], date(2024, 12, 31)) is a
    assert as_of([a, b], date(2025, 1, 1)) is b
    assert as_of([a, b, c], date(2026, 1, 1)) is c      # the later of two on the same day
    assert as_of([a, b], date(2023, 12, 31)) is DEFAULT
    assert as_of([], date(2026, 1, 1)) is DEFAULT


def test_periods_are_in_the_deadlines_notation():
    p = periods(Targets(date(2026, 1, 1), classification_wd=2, round_wd=4, reply_days=15,
                        filing_days=20))
    assert p == {"classification": "2wd", "examination": "4wd", "reply": "15d",
                 "filing": "20d"}
    assert Period.parse(p["examination"]) == Period(4, "wd")
    assert Period.parse(periods(DEFAULT)["reply"]) == Period(10, "d")
