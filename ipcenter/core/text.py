"""Plain-text helpers shared by extraction (``core.extract``) and search (``search.analysis``)."""

from __future__ import annotations

import re

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
