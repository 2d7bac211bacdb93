"""Money: amounts in 元 as ``decimal.Decimal`` with two decimals, read, written and shared out.

One rule for what an amount is (``amount``): a ``Decimal``, an ``int`` or a plain decimal
string; finite, not negative, and given to the fen — a non-zero third decimal is refused, never
rounded away (``"1.000"`` is 1.00: no fen is lost); floats and bools are refused, their binary
value is no amount of money. ``parse`` reads what a person types into a form on top of that
rule: full-width digits and punctuation (``１２３``, ``１２．５``), a leading ¥/￥ or a trailing
元, thousands separators in their places (``1,234.5``), spaces around; and it holds the amount
to what an amount column stores (``MAX_AMOUNT``, ``Numeric(14, 2)``). Exponents (``1e3``),
``NaN`` and ``Infinity`` are no amounts a person types and are refused.

Written: ``figures`` (1,234.50), ``with_symbol`` (¥1,234.50), ``with_unit`` (1,234.50元) and
``upper`` (大写, 壹拾贰万叁仟肆佰伍拾陆元柒角捌分), each rounding half up to the fen first.

Shared out: ``allocate(amount, ratios)`` splits an amount by ratios to the fen, the parts adding
up to the amount exactly (largest remainder).

Errors are ``ValueError`` / ``TypeError`` with an English message naming the figure, for the
caller to turn into a message in the user's language; ``parse_input`` does that for forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

Amount = Decimal | int | str

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# The largest amount a Numeric(14, 2) column holds.
MAX_AMOUNT = Decimal("999999999999.99")
# Amounts beyond this many whole digits cannot be an amount of money here; refused before any
# arithmetic (a Decimal("1e309") would otherwise overflow the context's precision).
_MAX_DIGITS = 24


def amount(value: Amount, what: str = "amount") -> Decimal:
    """``value`` as a Decimal in 元 with exactly two decimals.

    Accepts a ``Decimal``, an ``int`` or a string such as ``"1234.50"``. Raises ``ValueError``
    for text that is not a number, a non-finite value, a negative amount or one with a non-zero
    third decimal (``"1.000"`` is accepted as 1.00: no fen is lost); ``TypeError`` for a float or
    a bool, whose binary value is not an amount of money."""
    if isinstance(value, (bool, float)) or not isinstance(value, (Decimal, int, str)):
        raise TypeError(f"{what} must be a Decimal, an int or a string, not "
                        f"{type(value).__name__}")
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{what} is not a number: {value!r}") from None
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{what} must be a finite number")
    if number < 0:
        raise ValueError(f"{what} must not be negative ({number})")
    if number.adjusted() >= _MAX_DIGITS:
        raise ValueError(f"{what} is too large ({number:.3e})")
    rounded = number.quantize(CENT)
    if rounded != number:
        raise ValueError(f"{what} has more than two decimals ({number}); give it to the fen")
    return rounded if rounded else ZERO  # no "-0.00"


# What a typed amount may look like once full-width forms are folded: an optional sign, the
# whole part (thousands separated in their places, or not at all), an optional fraction.
_TYPED = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.([0-9]*))?")


def parse(text: str | Decimal | int, what: str = "amount",
          maximum: Decimal | None = MAX_AMOUNT) -> Decimal:
    """An amount a person typed, read with the one rule of ``amount`` and held to ``maximum``.

    ``"1,234.5"`` → 1234.50, ``"１２３"`` → 123.00, ``"¥50000"`` / ``"50000元"`` → 50000.00.
    Raises ``ValueError`` (or ``TypeError``, as ``amount``) for anything else, including more
    than two decimals, a negative amount, an exponent, ``NaN`` and one beyond ``maximum``."""
    if isinstance(text, str):
        folded = unicodedata.normalize("NFKC", text).strip()
        folded = folded.removeprefix("¥").removesuffix("元").strip()
        folded = folded.replace("\u3002", ".")  # 。 typed for a decimal point
        match = _TYPED.fullmatch(folded)
        if not folded or match is None or not (match.group(2) or match.group(3)):
            raise ValueError(f"{what} is not a number: {text!r}")
        sign, whole, fraction = match.groups()
        text = sign + (whole or "0").replace(",", "") + (f".{fraction}" if fraction else "")
    value = amount(text, what)
    if maximum is not None and value > maximum:
        raise ValueError(f"{what} is larger than {maximum}")
    return value


def parse_input(text, what: str = "amount") -> Decimal | None:
    """A form's amount as Decimal yuan, or None when blank; ``InvalidInput`` (in the user's
    language) when ``parse`` refuses it."""
    from flask_babel import lazy_gettext as _l

    from ipcenter.core.errors import InvalidInput

    if text is None or str(text).strip() == "":
        return None
    try:
        return parse(str(text), what)
    except (ValueError, ArithmeticError):
        raise InvalidInput(_l("Write the amount in yuan with at most two decimals, not "
                              "negative (e.g. 52000.00).")) from None


# --------------------------------------------------------------------------- writing


def to_fen(value) -> Decimal:
    """``value`` (Decimal, int or str) rounded half up to the fen, for printing."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def figures(value) -> str:
    """50,000.00: two decimals, rounded half up, thousands separated; "" for None."""
    if value is None:
        return ""
    return f"{to_fen(value):,.2f}"


def with_symbol(value) -> str:
    """¥1,234.50 (−¥5.00 for a negative amount); "" for None."""
    if value is None:
        return ""
    number = to_fen(value)
    sign = "-" if number < 0 else ""
    return f"{sign}¥{abs(number):,.2f}"


def with_unit(value) -> str:
    """1,234.50元; "" for None."""
    return "" if value is None else figures(value) + "元"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _group_upper(group: int) -> str:
    out, zero = "", False
    for position in range(3, -1, -1):
        digit = group // 10 ** position % 10
        if digit == 0:
            zero = bool(out)
        else:
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[digit] + _UNITS[position]
    return out


def upper(value) -> str:
    """The amount in capital numerals (大写), as contracts and agreements write it:
    50000 → 伍万元整, 1234.05 → 壹仟贰佰叁拾肆元零伍分, 100005 → 壹拾万零伍元整."""
    number = to_fen(value)
    if number < 0:
        return "负" + upper(-number)
    whole = int(number)
    cents = int((number - whole) * 100)
    jiao, fen = divmod(cents, 10)
    groups = []
    n = whole
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(_GROUPS):
        raise ValueError("amount too large")
    text, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (group < 1000 or gap):
            text += "零"
        text += _group_upper(group) + _GROUPS[index]
        gap = False
    if whole:
        text += "元"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif fen and whole:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    elif text:
        text += "整"
    return text or "零元整"


# --------------------------------------------------------------------------- sharing out


def allocate(total: Amount, ratios: Sequence[Amount]) -> list[Decimal]:
    """``total`` split by ``ratios`` to the fen; the parts add up to ``total`` exactly.

    Largest remainder: each part gets its share rounded down to the fen, and the fen left over
    go one each to the parts with the largest remainders; equal remainders go to the earlier
    part. ``allocate("100.00", [54, 26, 16, 4])`` → 54.00, 26.00, 16.00, 4.00;
    ``allocate("0.10", [1, 1, 1])`` → 0.04, 0.03, 0.03. ``total`` follows ``amount``; ratios
    are Decimals, ints or decimal strings, each greater than zero (``ValueError`` otherwise)."""
    value = amount(total, "total")
    if not ratios:
        raise ValueError("give at least one ratio")
    weights = []
    for index, ratio in enumerate(ratios):
        if isinstance(ratio, (bool, float)) or not isinstance(ratio, (Decimal, int, str)):
            raise TypeError(f"ratio {index + 1} must be a Decimal, an int or a string, not "
                            f"{type(ratio).__name__}")
        try:
            weight = Decimal(ratio.strip() if isinstance(ratio, str) else ratio)
        except InvalidOperation:
            raise ValueError(f"ratio {index + 1} is not a number: {ratio!r}") from None
        if not weight.is_finite() or weight <= 0:
            raise ValueError(f"ratio {index + 1} must be greater than zero ({ratio})")
        weights.append(Fraction(weight))
    # In fen and exact fractions: no share is rounded before the remainders are compared.
    fen = int(value / CENT)
    whole = sum(weights)
    shares = [Fraction(fen) * w / whole for w in weights]
    parts = [s.numerator // s.denominator for s in shares]
    left = fen - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [(Decimal(p) * CENT).quantize(CENT) for p in parts]
