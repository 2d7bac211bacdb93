"""Plain-text helpers shared by extraction (``core.extract``) and search (``search.analysis``),
the cleaning of names people type (file names, display names, party names), and the masking of
mobile numbers (the notices' delivery list, published decisions)."""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs (with 〇), kana and hangul.
CJK_CHARS = ("\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
             "\uf900-\ufaff\U00020000-\U0003134f")
_CJK_RE = re.compile(f"[{CJK_CHARS}]")

_HSPACE = "[ \\t\\u3000]*"
_LINE_BREAK = re.compile(f"{_HSPACE}(?:\\r\\n|\\r|\\n|\\x0c\\n?|\\n\\x0c){_HSPACE}")


class _Kinds(dict):
    """character → 2 for CJK, 1 for another letter or digit, 0 for anything else; filled on
    first use (a dictionary look-up per line break instead of two regular expressions)."""

    def __missing__(self, ch: str) -> int:
        value = 2 if _CJK_RE.match(ch) else (1 if ch.isalnum() else 0)
        self[ch] = value
        return value


_KIND = _Kinds()


def _join(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start == 0 or end == len(text):
        return match.group()
    before, after = _KIND[text[start - 1]], _KIND[text[end]]
    if (before == 2 and after) or (after == 2 and before):
        return ""
    return match.group()


def join_lines(text: str) -> str:
    """Remove the line breaks that cut a word: a CJK character on one side, a CJK character,
    letter or digit on the other (``中山市古\\n镇`` → ``中山市古镇``)."""
    if "\n" not in text and "\r" not in text and "\x0c" not in text:
        return text
    return _LINE_BREAK.sub(_join, text)


# Characters a name never needs and that can make it read differently from what it is: control
# characters (Cc: NUL, tabs, line breaks …), format characters (Cf: the bidirectional controls
# U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C, zero-width characters, the BOM …) and
# lone surrogates (Cs). Private-use characters are kept: some rare characters of Chinese names
# are only encoded there.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})
_SPACES = re.compile(r"\s+")


def strip_invisible(value: str) -> str:
    """``value`` in NFC without control, format or surrogate characters (whitespace controls
    and line/paragraph separators become spaces)."""
    value = unicodedata.normalize("NFC", value or "")
    return "".join(" " if ch.isspace() else ch for ch in value
                   if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE)


def clean_name(value: str) -> str:
    r"""A name as it is stored and shown: ``strip_invisible``, runs of spaces as one, trimmed.
    ``发票\u202efdp.exe`` → ``发票fdp.exe``; ``"\u200f张三 \n"`` → ``张三``."""
    return _SPACES.sub(" ", strip_invisible(value)).strip()


# A mainland mobile number: 11 digits, the first 1 and the second 3–9, not part of a longer run
# of digits (a bank card, an identity-card number).
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_phone(number: str) -> str:
    """A telephone number with its middle hidden: ``13812341234`` → ``138****1234`` (one too
    short to keep both ends: its first character, ``1***``)."""
    number = (number or "").strip()
    if len(number) < 8:
        return f"{number[:1]}***" if number else ""
    return f"{number[:3]}****{number[-4:]}"


def mask_mobiles(text: str) -> str:
    """``text`` with each mainland mobile number in it masked as ``mask_phone`` does."""
    return _MOBILE.sub(lambda match: mask_phone(match.group()), text or "")
