"""The Jinja filters of official documents (``FILTERS``), on top of the application's own."""

from __future__ import annotations

from ipcenter.core import formatting, money
from ipcenter.core.deadlines import Period

# Dates and amounts are written once, in ``core.formatting`` and ``core.money``.
zh_date = formatting.zh_date
zh_datetime = formatting.zh_datetime
yuan = money.figures  # 50,000.00 (the unit 元 is the template's)
rmb_upper = money.upper


def code_groups(code: str) -> str:
    """ABCD-EFGH-JKLM: the verification code in groups of four, easier to read aloud."""
    code = code or ""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def paragraphs(value) -> list[str]:
    """Text as paragraphs: a list as it is, a string split at its line breaks."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = str(value).splitlines()
    return [item.strip() for item in items if item and item.strip()]


def zh_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十: the numbering of 一、二、 items (1 to 99)."""
    n = int(n)
    if not 0 < n < 100:
        raise ValueError("numbered items run from 1 to 99")
    tens, units = divmod(n, 10)
    digits = "〇一二三四五六七八九"
    return ((digits[tens] if tens > 1 else "") + ("十" if tens else "")
            + (digits[units] if units else ""))


def patent_kind(label) -> str:
    """发明 / 实用新型 / 外观设计: the kind without a trailing 专利 (templates add it)."""
    return str(label or "").strip().removesuffix("专利")


def clause(text) -> str:
    """Text to be set inside a sentence: without the full stop or comma it may end with."""
    return str(text or "").strip().rstrip("。；;，,.、 ")


def names(parties) -> str:
    """The names of the parties, joined by 、."""
    return "、".join(p["name"] for p in parties or [] if p.get("name"))


def period(value) -> str:
    """A period as the document prints it: ``"15d"`` → 15日, ``"5wd"`` → 5个工作日, ``"1m"`` →
    1个月 (the period itself is the caller's, read from its table)."""
    return (value if isinstance(value, Period) else Period.parse(str(value))).describe_zh()


FILTERS = {"zh_date": zh_date, "zh_datetime": zh_datetime, "yuan": yuan,
           "rmb_upper": rmb_upper, "code_groups": code_groups, "paragraphs": paragraphs,
           "names": names, "zh_number": zh_number, "patent_kind": patent_kind,
           "clause": clause, "period": period}
