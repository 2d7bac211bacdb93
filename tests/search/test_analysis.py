"""The analysis both backends share, and the query language, without an engine."""

from __future__ import annotations

import random
import re

import pytest

from ipcenter.search import analysis
from ipcenter.search.backends.base import QueryBuilder, compile_clause
from ipcenter.search.query import Code, DateRange, Text, parse, parse_date_range

# -- line joining, folding, numbers ---------------------------------------------------------------

@pytest.mark.parametrize("raw, joined", [
    ("中山市古\n镇", "中山市古镇"),
    ("粤港澳大\r\n湾区", "粤港澳大湾区"),
    ("大湾 \n 区", "大湾区"),
    ("第\n12号", "第12号"),                 # a CJK character on one side is enough
    ("ZL\n灯饰", "ZL灯饰"),
    ("公司。\n本院", "公司。\n本院"),        # after punctuation the break is real
    ("patent\nnumber", "patent\nnumber"),    # English keeps its line breaks
    ("段落\n\n另一段", "段落\n\n另一段"),      # a blank line is a paragraph
    ("第一页\x0c第二页", "第一页第二页"),      # a page break inside a word (pdfminer)
])
def test_join_lines(raw, joined):
    assert analysis.join_lines(raw) == joined


def test_fold_makes_full_width_ascii_and_lower_case():
    assert analysis.fold("ＺＬ２０２０．ＬＥＤ灯（中山）") == "zl2020.led灯(中山)"


@pytest.mark.parametrize("written", [
    "ZL202020123456.7", "zl202020123456.7", "ZL 202020123456.7", "202020123456.7",
    "2020201234567", "ＺＬ２０２０２０１２３４５６．７",
])
def test_patent_numbers_become_one_unit(written):
    prepared, bases = analysis.prepare(f"专利号{written}的")
    assert analysis.runs(prepared) == [["专", "利", "号", "2020201234567", "的"]]
    assert bases == ["202020123456"]
    assert analysis.patent_keys(written) == ["2020201234567", "202020123456"]


def test_old_patent_numbers_and_things_that_are_not_patents():
    assert analysis.patent_keys("ZL98123456.X") == ["98123456x", "98123456"]
    assert analysis.prepare("98123456.X")[0] == "98123456x"
    assert analysis.prepare("12345678.90元")[0] == "12345678.90元"  # an amount
    assert analysis.prepare("abc202020123456.7")[0] == "abc202020123456.7"
    assert analysis.prepare("44200019900101123X")[0] == "44200019900101123x"  # an ID number


def test_codes_keep_letters_and_digits():
    assert analysis.code_key("第 12345678 号") == "12345678"
    assert analysis.code_key("91442000MA4UABCD1X") == "91442000ma4uabcd1x"
    assert analysis.code_key("——") is None


# -- the streams ----------------------------------------------------------------------------------

def test_bigram_stream_and_unit_set():
    result = analysis.analyse("粤港澳大湾区，中山 A公司 2026年")
    assert result.bigrams.split() == [
        "|粤", "粤港", "港澳", "澳大", "大湾", "湾区", "区|", ",", "|中", "中山", "山|", "|a", "a公",
        "公司", "司|", "|2", "20", "02", "26", "6年", "年|"]
    # Every character (letters and digits too, ``SINGLE_CHARACTERS``) and every word whole.
    assert set(result.units.split()) == set("粤港澳大湾区中山公司年a206") | {"2026"}


def test_a_run_of_one_unit_is_its_own_token():
    assert analysis.analyse("中").bigrams == "|中 中 中|"
    assert analysis.analyse("a 中 b").bigrams.split() == [
        "|a", "a", "a|", "|中", "中", "中|", "|b", "b", "b|"]


def test_punctuation_is_a_token_white_space_is_not():
    assert analysis.analyse("（〔2023〕 5 号）").bigrams.split() == [
        "(", "〔", "|2", "20", "02", "23", "3|", "〕", "|5", "5", "5|", "|号", "号", "号|", ")"]
    assert analysis.analyse("95 %").bigrams == analysis.analyse("95%").bigrams
    assert "¦" in analysis.analyse("a|b").bigrams.split()  # never taken for the break


def _random_text(rng, alphabet, separators, length):
    return "".join(rng.choice(alphabet) if rng.random() > 0.25 else rng.choice(separators)
                   for _ in range(length))


def test_the_fast_stream_equals_the_reference_definition():
    rng = random.Random(1)
    alphabet = "中山市古镇华辉灯饰有限公司谢"
    odd = ["，", "。", "\n", " ", "12", "ab", "ZL202020123456.7", "x", "|", "_", "Ａ", "\u3000",
           "\x01", "\U000f0001", "\ue000", "é", "LED", "\u2029", "𠀀", "\r\n", "\x0c", "%",
           "〔", "〕", "-", ".", "¦"]
    for _ in range(3000):
        parts = [_random_text(rng, alphabet, odd, rng.randrange(30))
                 for _ in range(rng.randrange(4))]
        fast = analysis.analyse_parts(parts)
        folded = analysis.fold(analysis.join_lines(
            analysis.PART_SEPARATOR.join(p for p in parts if p)))
        assert fast.bigrams == " ".join(analysis.reference_stream(folded)), parts
        prepared, bases = analysis.prepare(folded)
        words = {u for r in analysis.runs(prepared) for u in r}
        chars = {ch for ch in folded if re.match(r"[^\W_]", ch)}
        assert set(fast.units.split()) == words | chars | set(bases)


_CJK_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]*\n[ \t]*(?=[\u4e00-\u9fff])")


class _Lists(QueryBuilder):
    """An "engine" over token lists, compiled by the backends' own ``compile_clause``: a term
    is a token of the field, a phrase its tokens at their offsets from one position."""

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields

    def term(self, field, value):
        return value in self.fields[field]

    def phrase(self, field, words):
        stream = self.fields[field]
        return any(all(p + o < len(stream) and stream[p + o] == w for o, w in words)
                   for p in range(len(stream)))

    def any_of(self, queries):
        return any(queries)

    terms = day_range = everything = nothing = combine = None


def _engine_free_match(doc: str, query: str) -> bool:
    analysed = analysis.analyse(doc)
    engine = _Lists({"text_bi": analysed.bigrams.split(), "text_uni": analysed.units.split()})
    return compile_clause(engine, Text("text", analysis.needle(query), query))


_SEPARATORS = "，。 \n%.-〔〕"
_GAP_RE = re.compile(r"[，。\s%.\-〔〕]+")


def _canonical(text: str) -> str:
    """Independently of the analysis: each gap between runs as ``/`` + its punctuation + ``/``
    (white space dropped), so that substring matching on this form is the promise."""
    text = _CJK_BREAK.sub("", text).replace("，", ",")
    return _GAP_RE.sub(lambda m: "/" + re.sub(r"\s", "", m.group()) + "/", text)


def test_matching_is_exactly_substring_matching():
    """A query matches exactly the texts that contain it, its punctuation included (white
    space around punctuation aside); white space between two words of a quoted query stands
    for any gap with at most two punctuation marks."""
    rng = random.Random(2)
    alphabet = "中山古镇灯饰公司9L"  # few characters: many near misses
    separators = list("，。 \n%.-〔〕")
    for _ in range(6000):
        doc = _random_text(rng, alphabet, separators, rng.randrange(1, 40))
        joined = _CJK_BREAK.sub("", doc)
        if rng.random() < 0.5 and len(joined) > 2:
            start = rng.randrange(len(joined) - 1)
            query = joined[start:start + rng.randrange(1, 8)]
        else:
            query = _random_text(rng, alphabet, separators, rng.randrange(1, 6))
        canon = _canonical(query.strip())
        if not re.search(r"[^/,。%.\-〔〕]", canon):
            assert analysis.needle(query) is None
            continue
        # The query may begin or end inside a gap of the document.
        canon = canon.removeprefix("//").removeprefix("/").removesuffix("//").removesuffix("/")
        # A gap of white space only between two words holds up to two punctuation marks.
        pattern = "/[^/]{0,2}/".join(re.escape(piece) for piece in canon.split("//"))
        truth = bool(re.search(pattern, "/" + _canonical(doc) + "/"))
        assert _engine_free_match(doc, query) == truth, (doc, query, canon)


def test_digits_and_latin_letters_are_found_inside_their_runs():
    doc = "依照第369条，到2020年，39家企业，专利号ZL5X1234"
    for query in ["69条", "到2", "9家", "L5", "5x", "9", "l", "020年"]:
        assert _engine_free_match(doc, query), query
    for query in ["369条。", "2021", "95%", "9家业"]:
        assert not _engine_free_match(doc, query), query


def test_punctuation_constrains():
    assert _engine_free_match("增长95%以上", "95%")
    assert _engine_free_match("增长95 %。", "95%")
    assert not _engine_free_match("增长95以上", "95%")
    assert not _engine_free_match("增长95.5", "95%")
    assert _engine_free_match("国发〔2023〕5号", "〔2023〕")
    assert not _engine_free_match("国发2023年", "〔2023")
    assert _engine_free_match("2020-2021年度", "2020-2021")
    assert not _engine_free_match("2020—2021年度", "2020-2021")
    assert not _engine_free_match("2020--2021年度", "2020-2021")
    assert _engine_free_match("〔2023〕开头", "〔2023")  # at the very start of a text
    assert _engine_free_match("粤港澳大湾区，中山", "湾区，中")


def test_whole_words_are_looked_up_whole():
    assert analysis.needle("ZL202310012345.6").whole == "2023100123456"
    assert analysis.needle("ZL202310012345.6").whole_alt
    assert analysis.needle("2023100123456").whole_alt
    assert analysis.needle("91442000MA4U").whole == "91442000ma4u"
    assert not analysis.needle("91442000MA4U").whole_alt
    assert analysis.needle("95%").whole is None and analysis.needle("69条").whole is None
    # The patent number written either way matches the other (through the unit set).
    assert _engine_free_match("专利号ZL 202310012345.6的", "2023100123456")
    assert _engine_free_match("专利号2023100123456的", "ZL202310012345.6")
    assert not _engine_free_match("专利号2023100123457的", "ZL202310012345.6")


# -- the query language ---------------------------------------------------------------------------

def _texts(group):
    return ["".join(c.needle.runs) for c in group]


def test_words_or_groups_and_exclusions():
    parsed = parse("华辉 吸顶灯 OR 壁灯 -星光 NOT 欧雅")
    assert [_texts(g) for g in parsed.groups] == [["华辉"], ["吸顶灯", "壁灯"]]
    assert [c.source for c in parsed.excluded] == ["星光", "欧雅"]


def test_fields_and_dates():
    parsed = parse("当事人:华辉 专利号:ZL202020123456.7 案号:（2026）12号 商标:第123号 "
                   "uscc:91442000MA4UABCD1X 日期:2026-01..2026-02-15")
    clauses = [g[0] for g in parsed.groups]
    assert isinstance(clauses[0], Text) and clauses[0].field == "parties"
    assert clauses[1] == Code("patent", "2020201234567", "ZL202020123456.7")
    assert isinstance(clauses[2], Text) and clauses[2].field == "number"
    assert clauses[3] == Code("trademark", "123", "第123号")
    assert clauses[4].value == "91442000ma4uabcd1x"
    assert clauses[5] == DateRange(20260101, 20260215, "2026-01..2026-02-15")


@pytest.mark.parametrize("value, start, end", [
    ("2026", 20260101, 20261231), ("2026-02", 20260201, 20260228),
    ("2024-02", 20240201, 20240229), ("2026/3/5", 20260305, 20260305),
    ("2026年3月5日", 20260305, 20260305), ("2026-01-01..", 20260101, None),
    ("..2026-01-31", None, 20260131), ("2026-03至2026-01", 20260101, 20260331),
])
def test_date_ranges(value, start, end):
    found = parse_date_range(value)
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("value", ["", "..", "2026-13", "2026-02-30", "tomorrow", "2026..x"])
def test_bad_dates_are_not_ranges(value):
    assert parse_date_range(value) is None


def test_quoted_phrases_keep_their_separators_and_make_spaces_optional():
    parsed = parse('"大湾区 灯饰"')
    assert len(parsed.groups) == 1
    assert {c.needle.tokens for c in parsed.groups[0]} == {
        ("大湾", "湾区", "区灯", "灯饰"), ("大湾", "湾区", "区|", "|灯", "灯饰")}


def test_unbalanced_quotes_and_empty_queries():
    assert parse('"华辉').groups[0][0].needle.tokens == ("华辉",)
    assert parse("").match_all and parse("   ").match_all and parse("*").match_all
    assert parse("！？。").matches_nothing
    assert parse("OR -").matches_nothing


def test_long_queries_are_cut():
    parsed = parse("华辉 " * 5000)
    assert len(parsed.groups) <= 16


def test_zl_with_a_space_is_one_number():
    assert parse("ZL 202020123456.7").groups == [[Text(
        "text", analysis.needle("ZL202020123456.7"), "ZL202020123456.7")]]
