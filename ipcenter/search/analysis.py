"""Text analysis shared by both backends: recall first.

Matching never depends on word segmentation. Text is cut into *units*: each CJK character is a
unit, and so is each run of other letters and digits (an ASCII word or number, lowercased). A
*run* is a stretch of units with no separator (space, punctuation) between them.

Each document is indexed twice:

* the *bigram stream* (``*_bi`` fields, with positions): the overlapping pairs of units of each
  run (a run of one unit gives the unit itself), and between two runs the *edge tokens*
  ``x|`` (the last unit before the separator) and ``|y`` (the first unit after it). A query run
  of two units or more becomes a phrase of its bigrams, so a document matches exactly when it
  holds the query as a substring of one of its runs (湾区 inside 粤港澳大湾区); a bigram never
  spans a separator. A quoted phrase with spaces or punctuation inside becomes a phrase
  through the edge tokens, and matches the same words with any separator between them.
* the *unit set* (``*_uni`` fields, no positions): every distinct unit, for one-unit queries
  (a single character, a word, a number).

Before that, text is folded (NFKC per character: full-width forms become ASCII; then lower
case), line breaks inside words are removed (PDF extraction breaks lines inside words), and
Chinese patent numbers are rewritten to one unit: ``ZL202020123456.7``, ``ZL 202020123456.7``,
``202020123456.7`` and ``2020201234567`` all become ``2020201234567``, and the application number
without its check digit (``202020123456``) is added to the unit set.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

from ipcenter.core.text import CJK_CHARS, join_lines

# CJK ideographs (with 〇), kana and hangul: each character is a unit of its own.
CJK_RE = re.compile(f"[{CJK_CHARS}]")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_RUN = re.compile(r"[^\W_]+")
_UNIT = re.compile(f"[{CJK_CHARS}]|[^\\W_{CJK_CHARS}]+")

# Marks the separator side of an edge token (``x|``, ``|y``); never part of a unit.
BREAK = "|"
# Longer words are cut (both in documents and in queries, so they still match each other).
MAX_UNIT = 64


# Chinese patent (application) numbers, on folded text. Since 2003: 12 digits and a check digit
# (0-9 or X), written ZL202020123456.7; before: 8 digits and a check digit. The prefix, the
# space after it and the dot are optional where the number stays unambiguous. ``_PATENT_SCAN``
# finds candidates quickly; ``_PATENT`` decides, and the neighbours must not be letters or digits.
_PATENT_SCAN = re.compile(r"\d{8}")  # a "zl" or "zl " just before is taken in by the loop
_PATENT = re.compile(
    r"(?:zl ?)?(?P<new>\d{12})\.?(?P<newcheck>[0-9x])(?![0-9a-z])"
    r"|zl ?(?P<old>\d{8})\.?(?P<oldcheck>[0-9x])(?![0-9a-z])"
    r"|(?P<olddot>\d{8})\.(?P<olddotcheck>[0-9x])(?![0-9a-z])"
    r"|zl ?(?P<base>\d{12}|\d{8})(?![0-9a-z])")
_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


class _Fold(dict):
    """code point → folded text (NFKC, then lower case), filled on first use; for
    ``str.translate``, which looks each character up here."""

    def __missing__(self, code: int) -> str:
        if 0xE000 <= code <= 0xF8FF or code >= 0xF0000:
            value = " "  # private-use characters mean nothing to anyone else
        else:
            value = unicodedata.normalize("NFKC", chr(code)).lower()
        self[code] = value
        return value


_FOLD = _Fold()


_TO_FOLD: re.Pattern | None = None


def _to_fold() -> re.Pattern:
    """The characters ``fold`` changes (about 10,000 in the BMP, and every character beyond
    it, looked up one by one), as one character class: most text, Chinese above all, is left
    as it is by a scan in C instead of a look-up per character."""
    global _TO_FOLD
    if _TO_FOLD is None:
        ranges: list[list[int]] = []
        for code in range(0x10000):
            if 0xD800 <= code <= 0xDFFF or _FOLD[code] == chr(code):
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
        parts = [re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                 for a, b in ranges]
        _TO_FOLD = re.compile(f"[{''.join(parts)}\U00010000-\U0010ffff]")
    return _TO_FOLD


def _fold_match(match: re.Match) -> str:
    return _FOLD[ord(match.group())]


def fold(text: str) -> str:
    """Full-width to ASCII and everything in lower case, character by character."""
    return _to_fold().sub(_fold_match, text)


def fold_char(ch: str) -> str:
    return _FOLD[ord(ch)]


def _rewrite_patents(text: str, bases: list[str]) -> str:
    out, last, pos = [], 0, 0
    while True:
        scan = _PATENT_SCAN.search(text, pos)
        if scan is None:
            break
        start = scan.start()
        if start - 3 >= pos and text.startswith("zl ", start - 3):
            start -= 3
        elif start - 2 >= pos and text.startswith("zl", start - 2):
            start -= 2
        match = None
        if start == 0 or text[start - 1] not in _ALNUM:
            match = _PATENT.match(text, start)
        if match is None:
            # Not a number on its own: skip the whole run of letters and digits.
            pos = scan.end()
            while pos < len(text) and text[pos] in _ALNUM:
                pos += 1
            continue
        g = match.groupdict()
        if g["new"]:
            bases.append(g["new"])
            unit = g["new"] + g["newcheck"]
        elif g["old"]:
            bases.append(g["old"])
            unit = g["old"] + g["oldcheck"]
        elif g["olddot"]:
            bases.append(g["olddot"])
            unit = g["olddot"] + g["olddotcheck"]
        else:
            unit = g["base"]
        out.append(text[last:start])
        out.append(unit)
        last = pos = match.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def prepare(text: str) -> tuple[str, list[str]]:
    """Join lines, fold, and rewrite patent numbers; return the text and the application
    numbers (without check digit) found."""
    text = fold(join_lines(text))
    bases: list[str] = []
    return _rewrite_patents(text, bases), bases


def runs(text: str) -> list[list[str]]:
    """The runs of units of already prepared text (the reference definition; ``analyse`` does
    the same faster)."""
    out = []
    for run in _RUN.findall(text):
        if _CJK_RUN.fullmatch(run):
            out.append(list(run))
        else:
            out.append([u[:MAX_UNIT] for u in _UNIT.findall(run)])
    return out


def bigram_tokens(text_runs: list[list[str]]) -> list[str]:
    """The bigram stream of a document's runs (the reference definition; ``_stream`` computes
    the same faster)."""
    tokens: list[str] = []
    last = len(text_runs) - 1
    for i, units in enumerate(text_runs):
        if i:
            tokens.append(BREAK + units[0])
        if len(units) == 1:
            tokens.append(units[0])
        else:
            tokens.extend([a + b for a, b in pairwise(units)])
        if i < last:
            tokens.append(units[-1] + BREAK)
    return tokens


def query_tokens(text_runs: list[list[str]]) -> list[str]:
    """The phrase a query's runs look for in the bigram stream. The first run may end a longer
    run of the document and the last may begin one, so they contribute their bigrams and edge
    only; a run in the middle must be a whole run of the document."""
    if len(text_runs) == 1:
        units = text_runs[0]
        return [units[0]] if len(units) == 1 else [a + b for a, b in pairwise(units)]
    tokens: list[str] = []
    last = len(text_runs) - 1
    for i, units in enumerate(text_runs):
        if i:
            tokens.append(BREAK + units[0])
        if len(units) > 1:
            tokens.extend([a + b for a, b in pairwise(units)])
        elif 0 < i < last:
            tokens.append(units[0])
        if i < last:
            tokens.append(units[-1] + BREAK)
    return tokens


# For ``_stream``: every unit becomes one character (CJK characters are; other words are
# replaced by a private-use character) and runs are separated by a single "|".
_PRIVATE, _PRIVATE_LAST = 0xF0000, 0x10FFFD


class _TooManyWords(Exception):
    pass


_UNIT_CHARS = f"{CJK_CHARS}\U000f0000-\U0010fffd"
_WORD = re.compile(f"[^\\W_{CJK_CHARS}]+")
_SEPARATORS = re.compile(f"[^{_UNIT_CHARS}]+")
_SINGLE = re.compile(r"\|(\S) \1\|")


def _pairs(core: str) -> str:
    """Every two neighbouring characters of ``core``, space-separated (``abcd`` → ``ab bc cd``).
    Built as UTF-32 with strided copies: no Python object per pair."""
    n = len(core) - 1
    if n <= 0:
        return ""
    src = core.encode("utf-32-le")
    out = bytearray(12 * n)
    for k in range(4):
        out[k::12] = src[k:4 * n:4]
        out[4 + k::12] = src[4 + k::4]
    out[8::12] = b" " * n
    return out[:-4].decode("utf-32-le")


def _stream(prepared: str, unit_set: set[str]) -> str:
    """The bigram stream of prepared text as a string; adds the text's units to ``unit_set``.
    The same result as ``" ".join(bigram_tokens(runs(text)))``, computed with string
    operations over the whole text instead of a loop over its runs."""
    back: dict[str, str] = {}
    if _WORD.search(prepared):
        words: dict[str, str] = {}

        def placeholder(match: re.Match) -> str:
            word = match.group()
            ch = words.get(word)
            if ch is None:
                if _PRIVATE + len(words) > _PRIVATE_LAST:
                    raise _TooManyWords
                ch = words[word] = chr(_PRIVATE + len(words))
                back[ch] = word[:MAX_UNIT]
            return ch

        try:
            prepared = _WORD.sub(placeholder, prepared)
        except _TooManyWords:  # more distinct words than private characters: the plain way
            text_runs = runs(prepared)
            unit_set.update(u for units in text_runs for u in units)
            return " ".join(bigram_tokens(text_runs))
    core = _SEPARATORS.sub(BREAK, prepared).strip(BREAK)
    if not core:
        return ""
    units = set(core)
    units.discard(BREAK)
    for ch, word in back.items():
        units.discard(ch)
        units.add(word)
    unit_set.update(units)
    # Padded with a separator on both sides, every pair of neighbours is a token: bigrams
    # inside runs, "x|" and "|y" at the edges. A run of one unit y shows as "|y y|" and also
    # gives y itself; the padding's two edge tokens are then dropped.
    stream = _SINGLE.sub(f"{BREAK}\\1 \\1 \\1{BREAK}", _pairs(f"{BREAK}{core}{BREAK}"))[3:-3]
    # str.replace per placeholder: str.translate with a dict is slow for unmapped characters.
    for ch, word in back.items():
        stream = stream.replace(ch, word)
    return stream


@dataclass
class Analysed:
    """One text analysed for the index: the bigram stream and the unit set, each as a string
    of space-separated tokens (both backends split on spaces)."""

    bigrams: str
    units: str


# Between the parts of one field: a separator (never joined to a neighbour), so no match
# straddles two parts.
PART_SEPARATOR = "\u2029"


def analyse(text: str) -> Analysed:
    """Analyse a document's text for indexing."""
    prepared, bases = prepare(text)
    unit_set: set[str] = set()
    stream = _stream(prepared, unit_set)
    unit_set.update(bases)
    # The order of the unit set does not matter to the index.
    return Analysed(stream, " ".join(unit_set))


def analyse_parts(parts) -> Analysed:
    """Analyse several texts as one field, with a break between them."""
    return analyse(PART_SEPARATOR.join(p for p in parts if p))


@dataclass(frozen=True)
class Needle:
    """What a query text looks for: either one unit (looked up in the unit set) or a phrase of
    bigram-stream tokens. ``runs`` keeps the units for highlighting."""

    runs: tuple[tuple[str, ...], ...]
    unit: str | None = None
    tokens: tuple[str, ...] = field(default=())


def needle(text: str) -> Needle | None:
    """Analyse query text the way documents are analysed; ``None`` when it holds no unit
    (punctuation only)."""
    prepared, _bases = prepare(text)
    text_runs = runs(prepared)
    if not text_runs:
        return None
    frozen = tuple(tuple(units) for units in text_runs)
    if len(text_runs) == 1 and len(text_runs[0]) == 1:
        return Needle(frozen, unit=text_runs[0][0])
    return Needle(frozen, tokens=tuple(query_tokens(text_runs)))


# -- identifiers kept whole ---------------------------------------------------------------------

def patent_keys(value: str) -> list[str]:
    """The keys under which a patent number is indexed as a code: the number with its check
    digit, then the application number without it (``ZL202020123456.7`` → ``2020201234567``,
    ``202020123456``); a query looks up the first."""
    keys: list[str] = []
    prepared, bases = prepare(value)
    for units in runs(prepared):
        for unit in units:
            if unit.isdigit() or (unit[:-1].isdigit() and unit.endswith("x")):
                keys.append(unit)
    keys.extend(bases)
    return list(dict.fromkeys(keys))


def code_key(value: str) -> str | None:
    """Trademark registration numbers and 统一社会信用代码: letters and digits only, folded
    (``第 12345678 号`` → ``12345678``; ``91442000MA4U…`` → ``91442000ma4u…``)."""
    key = "".join(ch for ch in fold(value) if ch.isascii() and ch.isalnum())
    return key or None


def whole_code_keys(value: str) -> list[str]:
    """``code_key`` as the one key of a code kept whole (``search.register_code_type``)."""
    key = code_key(value)
    return [key] if key else []


# -- highlighting ---------------------------------------------------------------------------------

_SEP_CLASS = f"[^0-9a-z{CJK_CHARS}]+"


def _unit_pattern(unit: str) -> str:
    if CJK_RE.fullmatch(unit):
        return re.escape(unit)
    if unit[:-1].isdigit() and len(unit) in (9, 13):  # a patent number with its check digit
        body = f"(?:zl ?)?{unit[:-1]}\\.?{re.escape(unit[-1])}"
    elif unit.isdigit() and len(unit) in (8, 12):  # an application number without check digit
        body = f"(?:zl ?)?{unit}"
    else:
        body = re.escape(unit)
    return f"(?<![0-9a-z]){body}(?![0-9a-z])"


def needle_pattern(n: Needle) -> str:
    """A regular expression finding the needle in folded, line-joined text."""
    parts = ["".join(_unit_pattern(u) for u in units) for units in n.runs]
    return _SEP_CLASS.join(parts)
