"""Plain-text helpers shared by extraction (``core.extract``) and search (``search.analysis``)."""

from __future__ import annotations

import re

# CJK ideographs (with 〇), kana and hangul.
CJK_CHARS = ("\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
             "\uf900-\ufaff\U00020000-\U0003134f")
_CJK_RE = re.compile(f"[{CJK_CHARS}]")

_HSPACE = "[ \\t\\u3000]*"
_LINE_BREAK = re.compile(f"{_HSPACE}(?:\\r\\n|\\r|\\n|\\x0c\\n?|\\n\\x0c){_HSPACE}")
_WORD_CHAR = re.compile(r"[^\W_]")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))


def _join(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start == 0 or end == len(text):
        return match.group()
    before, after = text[start - 1], text[end]
    if (_is_cjk(before) and _WORD_CHAR.match(after)) or (
            _is_cjk(after) and _WORD_CHAR.match(before)):
        return ""
    return match.group()


def join_lines(text: str) -> str:
    """Remove the line breaks that cut a word: a CJK character on one side, a CJK character,
    letter or digit on the other (``中山市古\\n镇`` → ``中山市古镇``)."""
    if "\n" not in text and "\r" not in text and "\x0c" not in text:
        return text
    return _LINE_BREAK.sub(_join, text)
