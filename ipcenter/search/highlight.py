"""Highlighted snippets, built from the stored text with the same folding as the index.

The text is escaped piece by piece; the only markup added is ``<mark>``, so a document holding
HTML shows it as text.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ipcenter.search import analysis

SNIPPET_CHARS = 140
_MAX_MATCHES = 200
# Snippets look for matches in the first this many characters of a (long) text: the index
# finds the document, the snippet only shows an example.
SCAN_CHARS = 30_000
_SPACES = re.compile(r"\s+")


def compile_needles(needles) -> re.Pattern | None:
    """One regular expression for all needles, longest first."""
    patterns = sorted({analysis.needle_pattern(n) for n in needles}, key=len, reverse=True)
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _folded_with_origin(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, when folding changed its length, the original index of each
    folded character (``None``: the same index)."""
    folded = analysis.fold(text)
    if len(folded) == len(text):
        return folded, None
    origin: list[int] = []
    pieces = []
    for i, ch in enumerate(text):
        f = analysis.fold_char(ch)
        pieces.append(f)
        origin.extend([i] * len(f))
    return "".join(pieces), origin


def _spans(joined: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    """The matched spans in ``joined`` (text whose lines are already joined)."""
    if pattern is None:
        return []
    folded, origin = _folded_with_origin(joined[:SCAN_CHARS])
    spans = []
    for match in pattern.finditer(folded):
        if match.end() == match.start():
            continue
        start, end = match.start(), match.end()
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        spans.append((start, end))
        if len(spans) >= _MAX_MATCHES:
            break
    return spans


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Markup:
    out = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s < pos:
            continue
        out.append(escape(_SPACES.sub(" ", text[pos:s])))
        out.append(Markup("<mark>") + escape(_SPACES.sub(" ", text[s:e])) + Markup("</mark>"))
        pos = e
    out.append(escape(_SPACES.sub(" ", text[pos:end])))
    return Markup("").join(out)


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
    body = _render(joined, spans, start, end)
    prefix = Markup("…") if start > 0 else Markup("")
    suffix = Markup("…") if end < len(joined) else Markup("")
    return prefix + body + suffix
