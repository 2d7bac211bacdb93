"""Recall against ground truth: for a generated Chinese corpus, each query's result set is
exactly the set of documents that contain the query text (after joining lines broken inside
words), on both backends."""

from __future__ import annotations

import random
import re

import pytest

from benchmarks.search_corpus import BRANDS, PRODUCTS, TOWNS, generate
from ipcenter.search import BACKENDS, SearchIndex
from tests.search.helpers import all_keys

pytestmark = pytest.mark.slow  # a generated corpus indexed by each backend

STAFF = ("role:adjudicator",)
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# Defined here independently of ipcenter.search.analysis: the generator breaks lines only
# between two CJK characters.
_CJK_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])")


@pytest.fixture(scope="module")
def corpus():
    return generate(240, seed=4, min_bytes=600, max_bytes=2500)


@pytest.fixture(scope="module", params=BACKENDS)
def full_index(request, corpus, tmp_path_factory):
    index = SearchIndex(tmp_path_factory.mktemp(f"recall-{request.param}"), request.param)
    index.rebuild(g.doc for g in corpus)
    return index


def _joined_parts(g) -> list[str]:
    return [_CJK_BREAK.sub("", part) for part in g.parts()]


def containing(corpus, text: str) -> set[str]:
    return {g.doc.key for g in corpus if any(text in part for part in _joined_parts(g))}


def _substrings(corpus, length: int, count: int, rng: random.Random) -> list[str]:
    out: set[str] = set()
    while len(out) < count:
        g = rng.choice(corpus)
        text = rng.choice(_joined_parts(g))
        if len(text) <= length:
            continue
        start = rng.randrange(len(text) - length)
        piece = text[start:start + length]
        if _CJK.match(piece):
            out.add(piece)
    return sorted(out)


def _straddling(corpus, rng: random.Random, count: int) -> list[str]:
    """Phrases that the raw text breaks across two lines."""
    out: set[str] = set()
    for g in rng.sample(corpus, len(corpus)):
        for match in _CJK_BREAK.finditer(g.doc.body):
            before = g.doc.body[max(0, match.start() - 3):match.start()]
            after = g.doc.body[match.end():match.end() + 3]
            phrase = before + after
            if _CJK.match(phrase):
                out.add(phrase)
                break
        if len(out) >= count:
            break
    return sorted(out)


def _queries(corpus):
    rng = random.Random(5)
    plain = []
    for length, count in ((1, 8), (2, 40), (3, 40), (4, 40), (6, 15), (9, 10)):
        plain += _substrings(corpus, length, count, rng)
    plain += _straddling(corpus, rng, 15)
    names = BRANDS[:12] + TOWNS[:6] + PRODUCTS[:6]
    names += ["粤港澳大湾区", "湾区", "中山", "协助中山药企", "古镇灯饰"]
    names += sorted({g.doc.fields["parties"][0] for g in corpus[:15]})
    return sorted(set(plain)), names


def test_recall_of_substrings_names_and_phrases(corpus, full_index):
    plain, names = _queries(corpus)
    assert len(plain) > 150
    checked = 0
    for text in plain + names:
        expected = containing(corpus, text)
        assert all_keys(full_index, text, STAFF) == expected, text
        if len(text) >= 4:  # the same text as a quoted phrase
            assert all_keys(full_index, f'"{text}"', STAFF) == expected, text
        checked += 1
    assert checked == len(plain) + len(names)


def test_words_match_only_where_they_occur_together(corpus, full_index):
    rng = random.Random(6)
    for _ in range(20):
        a, b = rng.choice(BRANDS), rng.choice(PRODUCTS)
        expected = containing(corpus, a) & containing(corpus, b)
        assert all_keys(full_index, f"{a} {b}", STAFF) == expected
        assert all_keys(full_index, f"{a} OR {b}", STAFF) == containing(corpus, a) | containing(
            corpus, b)
        assert all_keys(full_index, f"{b} -{a}", STAFF) == containing(corpus, b) - containing(
            corpus, a)


def test_patent_numbers_in_every_written_form(corpus, full_index):
    rng = random.Random(7)
    numbers = sorted({n for g in corpus for n in g.patents})
    for number in rng.sample(numbers, 25):
        expected = {g.doc.key for g in corpus if number in g.patents}
        digits, check = number[:-1], number[-1]
        for written in (f"ZL{digits}.{check}", f"ZL {digits}.{check}", f"{digits}.{check}",
                        number, f"专利号:ZL{digits}.{check}"):
            if written.startswith("专利号"):
                cases = {g.doc.key for g in corpus if g.doc.kind == "case" and number in g.patents}
                assert all_keys(full_index, written, STAFF) == cases, written
            else:
                assert all_keys(full_index, written, STAFF) == expected, written


def test_trademark_and_credit_code_numbers(corpus, full_index):
    for g in corpus[:20]:
        trademark = g.code("trademark")
        if trademark:
            pattern = re.compile(rf"(?<![0-9A-Za-z]){trademark}(?![0-9A-Za-z])")
            expected = {h.doc.key for h in corpus if any(pattern.search(p) for p in h.parts())}
            assert all_keys(full_index, trademark, STAFF) == expected
        code = g.code("uscc")
        if code:
            expected = {h.doc.key for h in corpus if any(code in p for p in h.parts())}
            assert all_keys(full_index, code, STAFF) == expected
            assert all_keys(full_index, code.lower(), STAFF) == expected


def test_parties_field(corpus, full_index):
    for brand in BRANDS[:10]:
        expected = {g.doc.key for g in corpus
                    if any(brand in party for party in g.doc.fields["parties"])}
        assert all_keys(full_index, f"当事人:{brand}", STAFF) == expected
