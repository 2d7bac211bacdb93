"""Text analysis shared by both backends: recall first.

Matching never depends on word segmentation. Every letter, digit and CJK character is a *unit*;
a *run* is a stretch of units, and a *gap* what lies between two runs (white space, punctuation,
symbols).

Each document is indexed twice:

* the *bigram stream* (``*_bi`` fields, with positions): inside a run, each pair of neighbouring
  units (a run of one unit gives the unit itself); at a gap, the *edge tokens* ``x|`` (the last
  unit before) and ``|y`` (the first unit after) with the gap's punctuation characters between
  them, one token each (white space gives none). A query becomes a phrase of the same tokens, so
  a document matches exactly when it holds the query text: ``湾区`` inside ``粤港澳大湾区``,
  ``69条`` inside ``369条``, ``L5`` inside ``ZL5…``; ``95%`` only where the ``%`` follows (white
  space around punctuation aside); ``〔2023〕`` with its brackets. White space between two words
  of a quoted query stands for any gap with at most ``LOOSE_PUNCTUATION`` punctuation marks.
* the *unit set* (``*_uni`` fields, no positions): every CJK character, letter and digit (for
  one-character queries) and every *word* kept whole — a number, a Latin word, a patent number
  rewritten to one unit — which ranks documents holding the query whole first.

Before that, text is folded (NFKC per character: full-width forms become ASCII; then lower
case) and line breaks inside words are removed (PDF extraction breaks lines inside words).
Chinese patent numbers are rewritten to one word of the unit set: ``ZL202020123456.7``,
``ZL 202020123456.7``, ``202020123456.7`` and ``2020201234567`` all become ``2020201234567``, and
the application number without its check digit (``202020123456``) is added; a query for a patent
number finds each of its forms through it.
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
_WORD = re.compile(f"[^\\W_{CJK_CHARS}]+")
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
    """The runs of *words* of prepared text: each CJK character, and each run of other letters
    and digits kept whole (a number, a Latin word, a patent number rewritten to one unit). The
    unit set holds these words; the bigram stream is built over characters instead."""
    out = []
    for run in _RUN.findall(text):
        if _CJK_RUN.fullmatch(run):
            out.append(list(run))
        else:
            out.append([u[:MAX_UNIT] for u in _UNIT.findall(run)])
    return out


# -- the bigram stream ----------------------------------------------------------------------------

# Characters between two runs: punctuation and symbols are tokens of their own; white space and
# invisible characters are not (``95 %`` holds ``95%``).
_GAP = re.compile(r"[\W_]+")
_IGNORED = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+")
# A "|" in the text is punctuation like any other, written "¦" so it is never taken for BREAK.
_BAR = "¦"


def _gap_chars(gap: str) -> str:
    return _IGNORED.sub("", gap).replace(BREAK, _BAR)


def reference_stream(folded: str) -> list[str]:
    """The bigram stream of folded, line-joined text (the reference definition; ``_stream``
    computes the same faster). Every letter, digit and CJK character is a unit; a run is a
    stretch of units. Inside a run: each pair of neighbouring units (a run of one unit: the
    unit itself). Between two runs: ``x|`` (the last unit before), each punctuation character
    of the gap as a token, ``|y`` (the first unit after). Before the first run and after the
    last: the gap's punctuation (and ``|y``, ``x|``) too, so ``〔2023`` is found at the very
    start of a text."""
    tokens: list[str] = []
    pieces = _GAP.split(folded)
    gaps = _GAP.findall(folded)
    # pieces[i] is the run before gaps[i]; empty pieces only at the two ends.
    for i, run in enumerate(pieces):
        if run:
            if i == 0:
                tokens.append(BREAK + run[0])  # the text's own start
            if len(run) == 1:
                tokens.append(run)
            else:
                tokens.extend(a + b for a, b in pairwise(run))
            if i == len(pieces) - 1:
                tokens.append(run[-1] + BREAK)  # the text's own end
        if i < len(gaps):
            if run:
                tokens.append(run[-1] + BREAK)
            tokens.extend(_gap_chars(gaps[i]))
            following = pieces[i + 1]
            if following:
                tokens.append(BREAK + following[0])
    return tokens


_SINGLE = re.compile(r"\|(\S) \1\|")
_GAP_TOKENS: dict[str, str] = {}


def _gap_tokens(gap: str) -> str:
    """The punctuation tokens of a gap, space-separated (cached: gaps repeat)."""
    found = _GAP_TOKENS.get(gap)
    if found is None:
        found = " ".join(_gap_chars(gap))
        if len(_GAP_TOKENS) < 10_000:
            _GAP_TOKENS[gap] = found
    return found


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


_EDGE = f"{BREAK} {BREAK}"
_GAP_SEPARATORS: dict[str, str] = {}


def _gap_separator(gap: str) -> str:
    """What stands between ``x|`` and ``|y`` for a gap: its punctuation tokens (cached)."""
    tokens = _gap_tokens(gap)
    found = f"{BREAK} {tokens} {BREAK}" if tokens else _EDGE
    if len(_GAP_SEPARATORS) < 10_000:
        _GAP_SEPARATORS[gap] = found
    return found


def _stream(folded: str) -> str:
    """``" ".join(reference_stream(folded))``, with string operations over the whole text
    instead of a loop over its characters: every gap becomes one ``|``, every two neighbours
    of that (padded with ``|``) a pair, so that each gap shows as ``x| |y``; then the gap's
    punctuation is put between the two, and a run of one unit (``|y y|``) also gives ``y``."""
    if BREAK in folded:
        folded = folded.replace(BREAK, _BAR)
    gaps = _GAP.findall(folded)
    core = _GAP.sub(BREAK, folded)
    lead = trail = ""
    if gaps and core.startswith(BREAK):
        lead = _gap_tokens(gaps.pop(0))
    if gaps and core.endswith(BREAK) and len(core) > 1:
        trail = _gap_tokens(gaps.pop())
    core = core.strip(BREAK)
    if not core:
        return " ".join(t for t in (lead, trail) if t)
    segments = _pairs(f"{BREAK}{core}{BREAK}").split(_EDGE)
    out = [_EDGE] * (2 * len(segments) - 1)
    out[0::2] = segments
    get = _GAP_SEPARATORS.get
    out[1::2] = [get(gap) or _gap_separator(gap) for gap in gaps]
    # A run of one unit between two gaps shows as the segment "y y"; at either end of the
    # text as "|y y", "y y|" or "|y y|".
    for i in [i for i, seg in enumerate(segments) if len(seg) <= 5]:
        seg = _SINGLE.sub(f"{BREAK}\\1 \\1 \\1{BREAK}", f"{BREAK}{segments[i]}{BREAK}")
        out[2 * i] = seg[1:-1]
    stream = "".join(out)
    if lead:
        stream = f"{lead} {stream}"
    if trail:
        stream = f"{stream} {trail}"
    return stream


# Single letters and digits in the unit set, so that a one-character query (``9``, ``L``)
# finds every document holding it, as a CJK character does (measured: benchmarks/README.md).
SINGLE_CHARACTERS = True
_UNIT_CHAR = re.compile(r"[^\W_]")


@dataclass
class Analysed:
    """One text analysed for the index: the bigram stream and the unit set, each as a string
    of space-separated tokens (both backends split on spaces)."""

    bigrams: str
    units: str


# Between the parts of one field: a separator (never joined to a neighbour), so no match
# straddles two parts.
PART_SEPARATOR = "\u2029"


def unit_set(folded: str) -> set[str]:
    """Every CJK character, every letter and digit (``SINGLE_CHARACTERS``), every word kept
    whole (numbers, Latin words, patent numbers rewritten to one unit, and the application
    numbers without check digit)."""
    bases: list[str] = []
    rewritten = _rewrite_patents(folded, bases)
    units = {u[:MAX_UNIT] for u in _WORD.findall(rewritten)}
    units.update(bases)
    chars = "".join(set(folded))
    units.update((_UNIT_CHAR if SINGLE_CHARACTERS else CJK_RE).findall(chars))
    return units


def analyse(text: str) -> Analysed:
    """Analyse a document's text for indexing."""
    folded = fold(join_lines(text))
    # The order of the unit set does not matter to the index.
    return Analysed(_stream(folded), " ".join(unit_set(folded)))


def analyse_parts(parts) -> Analysed:
    """Analyse several texts as one field, with a break between them."""
    return analyse(PART_SEPARATOR.join(p for p in parts if p))


@dataclass(frozen=True)
class Needle:
    """What a query text looks for: either one unit (looked up in the unit set) or a phrase of
    bigram-stream tokens. ``whole``: the query is one word kept whole (a number, a Latin word,
    a patent number), looked up in the unit set to rank documents holding it whole first;
    ``whole_alt``: a document holding ``whole`` matches even without the phrase (a patent
    number written another way: ``ZL202020123456.7`` for ``2020201234567``). ``runs`` and
    ``gaps`` (the punctuation between, before and after the runs) serve highlighting;
    ``plain``: one run, no punctuation. ``loose``: the indices in ``tokens`` of the ``|y`` after
    a gap of white space only (a quoted ``"有限公司 中山市"``): there the document may hold up
    to ``LOOSE_PUNCTUATION`` punctuation characters as well (``有限公司，中山市``)."""

    runs: tuple[str, ...]
    unit: str | None = None
    tokens: tuple[str, ...] = field(default=())
    whole: str | None = None
    whole_alt: bool = False
    gaps: tuple[str, ...] = field(default=())
    loose: tuple[int, ...] = field(default=())

    @property
    def plain(self) -> bool:
        return len(self.runs) == 1 and not any(self.gaps)


LOOSE_PUNCTUATION = 2


def _query_tokens(runs_: list[str], gaps: list[str], loose: list[int]) -> list[str]:
    """The phrase a query looks for: ``gaps[i]`` comes before ``runs_[i]`` and ``gaps[-1]``
    after the last run (``len(gaps) == len(runs_) + 1``; an empty gap at either end means the
    query may start or end inside a run of the document)."""
    tokens: list[str] = []
    last = len(runs_) - 1
    for i, run in enumerate(runs_):
        closed_left = i > 0 or bool(gaps[0])
        closed_right = i < last or bool(gaps[-1])
        if i == 0 and gaps[0]:
            tokens.extend(gaps[0])
        if closed_left:
            if i > 0 and not gaps[i]:
                loose.append(len(tokens))
            tokens.append(BREAK + run[0])
        if len(run) > 1:
            tokens.extend(a + b for a, b in pairwise(run))
        elif closed_left and closed_right:
            tokens.append(run)
        if closed_right:
            tokens.append(run[-1] + BREAK)
            tokens.extend(gaps[i + 1])
    return tokens


def needle(text: str) -> Needle | None:
    """Analyse query text the way documents are analysed; ``None`` when it holds no unit
    (punctuation only)."""
    folded = fold(join_lines(text)).replace(BREAK, _BAR)
    pieces = _GAP.split(folded)
    gap_texts = _GAP.findall(folded)
    runs_ = [p for p in pieces if p]
    if not runs_:
        return None
    gaps = _end_gaps(pieces, gap_texts, len(runs_))
    bases: list[str] = []
    rewritten = _rewrite_patents(folded.strip(), bases)
    whole = rewritten[:MAX_UNIT] if _WORD.fullmatch(rewritten) and len(rewritten) > 1 else None
    alt = whole is not None and (bool(bases) or rewritten != folded.strip())
    if len(runs_) == 1 and not gaps[0] and not gaps[-1] and len(runs_[0]) == 1:
        return Needle(tuple(runs_), unit=runs_[0], gaps=tuple(gaps))
    loose: list[int] = []
    tokens = _query_tokens(runs_, gaps, loose)
    return Needle(tuple(runs_), tokens=tuple(tokens), whole=whole, whole_alt=alt,
                  gaps=tuple(gaps), loose=tuple(loose))


def _end_gaps(pieces: list[str], gap_texts: list[str], n_runs: int) -> list[str]:
    """The punctuation before each run and after the last (``len == n_runs + 1``)."""
    gaps = [""] * (n_runs + 1)
    run = 0
    for i, piece in enumerate(pieces):
        if piece:
            run += 1
        if i < len(gap_texts):
            gaps[run] += _gap_chars(gap_texts[i])
    return gaps


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
# Patterns that find a needle in the stored text as it is (not folded): each character of the
# needle matches every character that folds to it (``a`` also ``A``, ``ａ``, ``Ａ``), so the
# snippets never fold a whole text, and offsets need no mapping back.

_REVERSE: dict[str, str] | None = None


def _variant_range(code: int) -> bool:
    """The forms worth matching in a snippet: Latin letters of either case, full- and
    half-width forms, CJK radicals, compatibility ideographs and vertical forms (not circled,
    superscript or mathematical letters: a missed highlight is harmless, a slow pattern is
    not)."""
    return (code < 0x250 or 0x2E80 <= code <= 0x2FDF or 0x3000 <= code <= 0x303F
            or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F
            or 0xFF00 <= code <= 0xFFEF)


def _reverse_fold() -> dict[str, str]:
    """folded character → the characters that fold to it (itself first), computed once."""
    global _REVERSE
    if _REVERSE is None:
        _to_fold()  # fills _FOLD for the whole BMP
        rev: dict[str, list[str]] = {}
        for code, folded in list(_FOLD.items()):
            if len(folded) == 1 and folded != chr(code) and _variant_range(code):
                rev.setdefault(folded, [folded]).append(chr(code))
        _REVERSE = {k: "".join(v) for k, v in rev.items()}
    return _REVERSE


def char_pattern(ch: str) -> str:
    """A character of folded text as a pattern over unfolded text."""
    if ch == _BAR:
        ch_set = _reverse_fold().get("|", "|") + _BAR
    else:
        ch_set = _reverse_fold().get(ch, ch)
    if len(ch_set) == 1:
        return re.escape(ch)
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in ch_set) + "]"


def _text_pattern(text: str) -> str:
    return "".join(char_pattern(ch) for ch in text)


def _unit_pattern(unit: str) -> str:
    """A patent number's forms (``ZL 202020123456.7``, ``202020123456.7`` …) in unfolded text:
    its digits, the dot before the check digit optional (``ZL`` is not marked)."""
    if unit[:-1].isdigit() and len(unit) in (9, 13):  # a patent number with its check digit
        return f"{_text_pattern(unit[:-1])}{char_pattern('.')}?{char_pattern(unit[-1])}"
    return _text_pattern(unit)


def needle_pattern(n: Needle) -> str:
    """A regular expression finding the needle in line-joined (not folded) text: its runs as
    they are, its punctuation with any white space around, a white-space gap as any gap the
    index lets it match; a patent number also as the index's rewriting of it finds it
    (``ZL 202020123456.7``)."""
    def gap(chars: str, between: bool) -> str:
        if not chars:
            return f"[\\W_]{{1,{LOOSE_PUNCTUATION + 4}}}" if between else ""
        return r"\s*" + r"\s*".join(char_pattern(ch) for ch in chars) + r"\s*"
    last = len(n.runs)
    gaps = n.gaps or ("",) * (last + 1)
    parts = [gap(gaps[0], False).removeprefix(r"\s*")]
    for i, run in enumerate(n.runs):
        parts.append(_text_pattern(run))
        parts.append(gap(gaps[i + 1], i < last - 1))
    pattern = "".join(parts).removesuffix(r"\s*")
    if n.whole_alt and n.whole:
        # (the number's own forms cover the text as typed, ZL aside)
        return _unit_pattern(n.whole)
    return pattern
