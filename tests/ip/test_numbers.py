"""Patent numbers (GB/T 24 check character), trademark registration numbers and 统一社会信用代码
(GB 32100-2015 check character): pure functions, no database."""

import pytest

from ipcenter.ip import numbers, uscc


@pytest.mark.parametrize("text, expected, kind", [
    ("ZL202020123456.8", "ZL202020123456.8", "utility_model"),
    ("202020123456.8", "ZL202020123456.8", "utility_model"),
    ("2020201234568", "ZL202020123456.8", "utility_model"),
    (" zl 202020123456 . 8 ", "ZL202020123456.8", "utility_model"),
    ("CN202020123456.8", "ZL202020123456.8", "utility_model"),
    ("ZL202020123456．8", "ZL202020123456.8", "utility_model"),  # a full-width dot
])
def test_patent_numbers_in_the_forms_people_write(text, expected, kind):
    number = numbers.parse_patent(text)
    assert (str(number), number.kind, number.application) == (expected, kind, expected[2:])


def test_the_check_character_weights_and_its_x():
    # 2·2+0·3+2·4+0·5+2·6+0·7+1·8+2·9+3·2+4·3+5·4+6·5 = 118 → 118 mod 11 = 8
    assert numbers.check_character("202020123456") == "8"
    # A sum ≡ 10 (mod 11) is written X.
    digits = next(f"2021100{n:05d}" for n in range(100000)
                  if numbers.check_character(f"2021100{n:05d}") == "X")
    assert numbers.parse_patent(f"ZL{digits}.X").kind == "invention"
    assert numbers.parse_patent(f"ZL{digits}.x").check == "X"


@pytest.mark.parametrize("digit, kind", [("1", "invention"), ("2", "utility_model"),
                                         ("3", "design"), ("8", "invention"),
                                         ("9", "utility_model"), ("4", "")])
def test_the_kind_digit(digit, kind):
    digits = f"2021{digit}0123456"
    number = numbers.parse_patent(digits + numbers.check_character(digits))
    assert number.kind == kind


def test_old_eight_digit_numbers():
    digits = "98231234"  # 1998, utility model
    number = numbers.parse_patent(f"ZL{digits}.{numbers.check_character(digits)}")
    assert number.kind == "utility_model" and len(number.digits) == 8


@pytest.mark.parametrize("text, reason", [("ZL202020123456.7", "check"), ("12345", "form"),
                                          ("", "form"), (None, "form"),
                                          ("ZL2020201234567.8", "form"),
                                          ("ZL20202012345A.8", "form")])
def test_bad_patent_numbers_say_what_is_wrong(text, reason):
    with pytest.raises(ValueError) as info:
        numbers.parse_patent(text)
    assert str(info.value) == reason
    assert not numbers.is_patent_number(text)


@pytest.mark.parametrize("text, expected", [("12345678", "12345678"), (" 8 ", "8"),
                                            ("1234567890", "1234567890"),
                                            ("１２３４５６７８", "12345678"),
                                            ("1234 5678", "12345678")])
def test_trademark_registration_numbers(text, expected):
    assert numbers.parse_trademark(text) == expected
    assert numbers.is_trademark_number(text)


@pytest.mark.parametrize("text", ["", None, "12345678901", "1234567A", "第12345678号", "-1",
                                  "1.5", "²³"])
def test_bad_trademark_registration_numbers(text):
    with pytest.raises(ValueError):
        numbers.parse_trademark(text)
    assert not numbers.is_trademark_number(text)


VALID_USCC = "91350100M000100Y43"


def test_a_valid_uscc_and_its_check_character():
    assert uscc.is_valid(VALID_USCC)
    assert uscc.check_character(VALID_USCC[:17]) == "3"
    assert uscc.is_valid(" 91350100m000100y43 ")  # as copied: spaces, lower case
    assert uscc.normalise(" 91350100m000100y43 ") == VALID_USCC
    assert uscc.WEIGHTS[:6] == [1, 3, 9, 27, 19, 26]


@pytest.mark.parametrize("code", ["91350100M000100Y44",   # wrong check character
                                  "91350100M000100Y4",    # 17 characters
                                  "91350100MO00100Y43",   # O is not in the alphabet
                                  "91350100M000100Y433", "", None])
def test_bad_uscc_refused(code):
    assert not uscc.is_valid(code)


def test_the_check_character_is_in_the_alphabet_for_every_remainder():
    seen = {uscc.check_character(f"9144200{n:010d}") for n in range(400)}
    assert seen <= set(uscc.ALPHABET) and len(seen) == 31
