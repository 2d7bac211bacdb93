"""How long a right lasts (专利法 Art. 42; 商标法 Art. 39–40), on real dates: leap days, month
ends, the 2021 change for designs."""

from datetime import date

import pytest

from ipcenter.ip import terms


@pytest.mark.parametrize("kind, filed, last", [
    # The example of CNIPA's examination guidelines: filed 1999-09-06, ends 2009-09-05.
    ("utility_model", date(1999, 9, 6), date(2009, 9, 5)),
    ("invention", date(2020, 3, 5), date(2040, 3, 4)),
    ("invention", date(2021, 1, 1), date(2040, 12, 31)),
    ("invention", date(2020, 12, 31), date(2040, 12, 30)),
    ("utility_model", date(2021, 1, 31), date(2031, 1, 30)),
    ("utility_model", date(2023, 3, 1), date(2033, 2, 28)),
    # A leap day: 2040 is a leap year; 2030 is not (its anniversary is 1 March).
    ("invention", date(2020, 2, 29), date(2040, 2, 28)),
    ("utility_model", date(2020, 2, 29), date(2030, 2, 28)),
    # Filed on 1 March, the day before the anniversary is 29 February in a leap year.
    ("utility_model", date(2022, 3, 1), date(2032, 2, 29)),
    # Designs: 15 years when filed on or after 1 June 2021, 10 years before.
    ("design", date(2021, 6, 1), date(2036, 5, 31)),
    ("design", date(2021, 5, 31), date(2031, 5, 30)),
    ("design", date(2024, 2, 29), date(2039, 2, 28)),
])
def test_patent_terms_from_filing(kind, filed, last):
    assert terms.expiry(kind, filed_on=filed) == last


def test_a_patent_without_a_filing_date_has_no_known_expiry():
    assert terms.expiry("invention", registered_on=date(2022, 1, 1)) is None


@pytest.mark.parametrize("registered, renewals, last", [
    (date(2016, 1, 7), 0, date(2026, 1, 6)),
    (date(2016, 1, 7), 1, date(2036, 1, 6)),
    (date(2016, 1, 7), 2, date(2046, 1, 6)),
    (date(2019, 12, 31), 0, date(2029, 12, 30)),
    # Registered on a leap day: the first term ends 28 Feb 2030; the renewal runs from 1 March
    # 2030 (the day after), so it ends on 29 Feb 2040, not the 28th.
    (date(2020, 2, 29), 0, date(2030, 2, 28)),
    (date(2020, 2, 29), 1, date(2040, 2, 29)),
])
def test_trademark_terms_from_registration_and_renewals(registered, renewals, last):
    assert terms.expiry("trademark", registered_on=registered, renewals=renewals) == last
    # The filing date does not count for a trademark.
    assert terms.expiry("trademark", filed_on=date(2015, 1, 1), registered_on=registered,
                        renewals=renewals) == last


def test_unknown_kind_refused():
    with pytest.raises(ValueError):
        terms.expiry("copyright", filed_on=date(2020, 1, 1))
