"""Highlighted snippets, found in the stored text with patterns that fold as the index does.

The patterns (``analysis.needle_pattern``) match the stored text as it is: each character of a
query matches every character that folds to it, so no text is folded here and match offsets are
offsets in the text. A snippet scans for matches, picks the window with the most, and escapes and
marks only that window. The text is escaped piece by piece; the only markup added is ``<mark>``,
so a document holding HTML shows it as text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from markupsafe import Markup, escape

from ipcenter.search import analysis

SNIPPET_CHARS = 140
_MAX_MATCHES = 200
# Snippets look for matches in the first this many characters of a (long) text: the index
# finds the document, the snippet only shows an example.
SCAN_CHARS = 30_000
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=512)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def compile_needles(needles) -> re.Pattern | None:
    """One regular expression for all needles, longest first (compiled once per query text)."""
    patterns = sorted({analysis.needle_pattern(n) for n in needles}, key=len, reverse=True)
    if not patterns:
        return None
    return _compiled(tuple(patterns))


def _spans(joined: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    """The matched spans in ``joined`` (text whose lines are already joined)."""
    if pattern is None:
        return []
    spans = []
    for match in pattern.finditer(joined, 0, SCAN_CHARS):
        start, end = match.span()
        if end > start:
            spans.append((start, end))
            if len(spans) >= _MAX_MATCHES:
                break
    return spans


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Markup:
    out = []
    pos = start
    first = bisect_left(spans, (start, start))
    if first:
        first -= 1  # a match that began before ``start`` may reach into the window
    for s, e in spans[first:]:
        if s >= end:
            break
        if e <= start:
            continue
        s, e = max(s, start), min(e, end)
        if s < pos:
            continue
        out.append(str(escape(_SPACES.sub(" ", text[pos:s]))))
        out.append("<mark>" + str(escape(_SPACES.sub(" ", text[s:e]))) + "</mark>")
        pos = e
    out.append(str(escape(_SPACES.sub(" ", text[pos:end]))))
    return Markup("".join(out))


def highlight(text: str, pattern: re.Pattern | None) -> Markup:
    """The whole (short) text with its matches marked."""
    joined = analysis.join_lines(text or "")
    return _render(joined, _spans(joined, pattern), 0, len(joined))


def snippet(joined: str, pattern: re.Pattern | None, width: int = SNIPPET_CHARS) -> Markup:
    """The stretch of ``joined`` (text whose lines are already joined, as the index stores
    it) with the most matches, about ``width`` characters long."""
    if not joined:
        return Markup("")
    spans = _spans(joined, pattern)
    best_start, best_score = 0, -1
    # Windows start a little before each match; spans are in order and do not overlap, so two
    # moving bounds count the matches inside each window.
    low = high = 0
    for s, _e in spans:
        window_start = max(0, s - width // 4)
        window_end = window_start + width
        while spans[low][0] < window_start:
            low += 1
        high = max(high, low)
        while high < len(spans) and spans[high][1] <= window_end:
            high += 1
        score = high - low
        if score > best_score:
            best_start, best_score = window_start, score
    start = best_start
    end = min(len(joined), start + width)
    if end - start < width:
        start = max(0, end - width)
    # Never cut a match in two at either edge.
    for s, e in spans:
        if s < start < e:
            start = s
        if s < end < e:
            end = e
        if s >= end:
            break
    body = _render(joined, spans, start, end)
    prefix = Markup("…") if start > 0 else Markup("")
    suffix = Markup("…") if end < len(joined) else Markup("")
    return prefix + body + suffix
