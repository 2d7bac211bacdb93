"""IP numbers: Chinese patent numbers and trademark registration numbers.

Patent application and patent numbers (GB/T 24, 专利申请号标准, 2003 on).

An application number is 12 digits — year (4), kind (1: 1 invention, 2 utility model, 3 design,
8 PCT invention, 9 PCT utility model), serial (7) — then a dot and a check character: the 12
digits weighted 2,3,4,5,6,7,8,9,2,3,4,5, summed, modulo 11; 10 is written X. A granted patent's
number is ``ZL`` + the application number. Older numbers have 8 digits (weights 2…9).

A trademark registration number (商标注册号) is the serial the trademark office gives: digits
only, up to 10 (today's registrations have 8); full-width digits as typed are read as digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WEIGHTS_12 = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
WEIGHTS_8 = (2, 3, 4, 5, 6, 7, 8, 9)
KINDS = {"1": "invention", "2": "utility_model", "3": "design", "8": "invention",
         "9": "utility_model"}
_FORM = re.compile(r"^(?:ZL|CN)?\s*(\d{8}|\d{12})\s*[.．·]?\s*([0-9X])$", re.IGNORECASE)


def check_character(digits: str) -> str:
    weights = WEIGHTS_12 if len(digits) == 12 else WEIGHTS_8
    total = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return "X" if total == 10 else str(total)


@dataclass(frozen=True)
class PatentNumber:
    digits: str
    check: str

    @property
    def kind(self) -> str:
        """invention, utility_model or design, from the kind digit."""
        return KINDS.get(self.digits[4] if len(self.digits) == 12 else self.digits[2], "")

    def __str__(self) -> str:
        return f"ZL{self.digits}.{self.check}"

    @property
    def application(self) -> str:
        return f"{self.digits}.{self.check}"


def parse_patent(text: str) -> PatentNumber:
    """Parse ``ZL202020123456.8``, ``202020123456.8``, ``2020201234568`` and the like.

    Raises ``ValueError`` naming what is wrong: the form, or the check character."""
    cleaned = (text or "").strip().upper().replace(" ", "")
    match = _FORM.match(cleaned)
    if not match:
        raise ValueError("form")
    digits, check = match.groups()
    if check_character(digits) != check:
        raise ValueError("check")
    return PatentNumber(digits, check)


def is_patent_number(text: str) -> bool:
    try:
        parse_patent(text)
        return True
    except ValueError:
        return False


_TRADEMARK = re.compile(r"^[0-9]{1,10}$")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９　", "0123456789 ")


def parse_trademark(text: str) -> str:
    """A trademark registration number as stored (ASCII digits, no spaces).

    Raises ``ValueError("form")`` unless it is 1 to 10 digits."""
    cleaned = (text or "").translate(_FULL_WIDTH).strip().replace(" ", "")
    if not _TRADEMARK.match(cleaned):
        raise ValueError("form")
    return cleaned


def is_trademark_number(text: str) -> bool:
    try:
        parse_trademark(text)
        return True
    except ValueError:
        return False
