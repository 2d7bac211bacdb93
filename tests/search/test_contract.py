"""One contract, both backends: a feature missing from one backend fails here."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ipcenter.search import Results, SearchUnavailable
from tests.search.helpers import all_keys, keys, make_doc

FIRM_A = {"public", "org:1", "user:11", "role:firm"}
FIRM_B = {"public", "org:2", "user:21", "role:firm"}
STAFF = {"public", "role:adjudicator"}


@pytest.fixture
def cases(index):
    index.add([
        make_doc(1, "中山市古镇华辉灯饰有限公司诉星光照明侵害外观设计专利权纠纷案",
                 "请求人中山市古镇华辉灯饰有限公司认为，被请求人销售的吸顶灯落入其外观设计专利权"
                 "（专利号：ZL202020123456.7）的保护范围。粤港澳大湾区知识产权保护协作。",
                 number="（2026）粤中知保字第12号",
                 parties=["中山市古镇华辉灯饰有限公司", "中山市星光照明电器有限公司"],
                 codes=[("patent", "ZL202020123456.7"), ("trademark", "第12345678号"),
                        ("uscc", "91442000MA4UABCD1X")], state="accepted", case_type="patent",
                 day="2026-03-05", orgs=("org:1", "role:adjudicator")),
        make_doc(2, "佛山市南海区明辉电器厂商标侵权案",
                 "被请求人销售壁灯，使用了与请求人第87654321号注册商标相同的标识。协助中山药企维权。",
                 number="（2025）粤中知保字第7号", parties=["佛山市南海区明辉电器厂", "欧雅灯饰"],
                 state="closed", case_type="trademark", day="2025-11-20",
                 orgs=("org:2", "role:adjudicator")),
        make_doc(3, "关于吸顶灯外观设计专利侵权纠纷的处理决定书",
                 "本局认为被请求人构成侵权。责令立即停止销售吸顶灯。华辉公司的请求成立。",
                 kind="ruling", published=True, number="中知保决〔2026〕3号",
                 state="decided", case_type="patent", day="2026-01-15",
                 orgs=("role:adjudicator",), scopes=("case:1",)),
        make_doc(4, "答辩状", "被请求人辩称其壁灯采用现有设计，有限公司，中山市古镇的产品不同。",
                 kind="file", day="2026-03-10", orgs=("org:1", "role:adjudicator"),
                 scopes=("case:1",)),
    ])
    return index


# -- indexing, update, delete ---------------------------------------------------------------------

def test_indexed_documents_are_found_with_their_fields(cases):
    results = cases.search("华辉", FIRM_A)
    assert isinstance(results, Results)
    assert keys(results) == {"case:1", "ruling:3"}
    hit = next(h for h in results.hits if h.key == "case:1")
    assert hit.kind == "case" and hit.id == 1 and isinstance(hit.id, int)
    assert hit.number == "（2026）粤中知保字第12号"
    assert hit.date == date(2026, 3, 5) and hit.year == "2026"
    assert hit.state == "accepted" and hit.case_type == "patent"
    assert "<mark>华辉</mark>" in hit.title_html
    assert cases.count() == 4


def test_adding_again_replaces_the_document(cases):
    cases.add([make_doc(2, "佛山市南海区明辉电器厂商标侵权案", "和解结案。",
                        orgs=("org:2", "role:adjudicator"))])
    assert all_keys(cases, "壁灯") == {"file:4"}
    assert all_keys(cases, "和解") == {"case:2"}
    assert cases.count() == 4


def test_removed_document_is_gone(cases):
    cases.remove("case", 2)
    assert all_keys(cases, "明辉") == set()
    assert cases.count() == 3
    cases.remove("case", 999)  # removing what is not there is harmless
    assert cases.count() == 3


# -- the query language ---------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("吸顶灯", {"case:1", "ruling:3"}),
    ("吸顶灯 华辉", {"case:1", "ruling:3"}),
    ("吸顶灯 AND 粤港澳", {"case:1"}),
    ("吸顶灯 粤港澳", {"case:1"}),
    ("壁灯 OR 粤港澳", {"case:1", "case:2", "file:4"}),
    ("壁灯 | 粤港澳", {"case:1", "case:2", "file:4"}),
    ("吸顶灯 -粤港澳", {"ruling:3"}),
    ("吸顶灯 NOT 粤港澳", {"ruling:3"}),
    ("-吸顶灯", {"case:2", "file:4"}),
    ("湾区", {"case:1"}),                       # inside 粤港澳大湾区
    ("中山", {"case:1", "case:2", "file:4"}),   # 协助中山药企 too
    ("灯", {"case:1", "case:2", "ruling:3", "file:4"}),  # one character
    ('"有限公司，中山市古镇"', {"file:4"}),
    ('"有限公司 中山市古镇"', {"file:4"}),   # any separator where the phrase has one
    ("有限公司中山市古镇", set()),             # no separator: the words must touch
    ('"华辉灯饰 有限公司"', {"case:1"}),      # a space between CJK words is optional
    ("古镇华辉", {"case:1"}),
    ("镇华辉灯", {"case:1"}),
    ("华辉古镇", set()),
])
def test_words_or_exclusion_and_phrases(cases, query, expected):
    assert all_keys(cases, query) == expected


@pytest.mark.parametrize("query, expected", [
    ("当事人:星光", {"case:1"}),
    ("party:欧雅", {"case:2"}),
    ("当事人：明辉", {"case:2"}),            # a full-width colon
    ("当事人:吸顶灯", set()),                # in the text, not among the parties
    ("专利号:ZL202020123456.7", {"case:1"}),
    ("专利号:202020123456.7", {"case:1"}),
    ("patent:2020201234567", {"case:1"}),
    ("专利号:202020123456", {"case:1"}),     # without the check digit
    ("专利号:ZL202020123456.8", set()),
    ("ZL202020123456.7", {"case:1"}),
    ("2020201234567", {"case:1"}),
    ("ZL 202020123456.7", {"case:1"}),
    ("ＺＬ２０２０２０１２３４５６．７", {"case:1"}),  # full-width
    ("案号:第12号", {"case:1"}),
    ("number:粤中知保字", {"case:1", "case:2"}),
    ("案号:2号", {"case:1"}),                # inside 第12号, as 9家 inside 39家
    ("案号:(2026)", {"case:1"}),             # its punctuation must be there
    ("案号:2026)", {"case:1"}),
    ("案号:2026)粤", {"case:1"}),
    ("案号:2026-粤", set()),
    ("商标:12345678", {"case:1"}),
    ("12345678", {"case:1"}),
    ("87654321", {"case:2"}),
    ("信用代码:91442000MA4UABCD1X", {"case:1"}),
    ("91442000ma4uabcd1x", {"case:1"}),
    ("日期:2026-01-01..2026-03-31", {"case:1", "ruling:3", "file:4"}),
    ("日期:2026-01-01..2026-03-09", {"case:1", "ruling:3"}),
    ("日期:2026-03-31..2026-01-01", {"case:1", "ruling:3", "file:4"}),  # either order
    ("日期:2026年1月..2026年2月", {"ruling:3"}),
    ("date:2026", {"case:1", "ruling:3", "file:4"}),
    ("日期:2025-11", {"case:2"}),
    ("日期:..2025-12-31", {"case:2"}),
    ("日期:2026-03-06..", {"file:4"}),
    ("吸顶灯 日期:2026-02..2026-03", {"case:1"}),
])
def test_fields_numbers_and_dates(cases, query, expected):
    assert all_keys(cases, query) == expected


@pytest.mark.parametrize("query, expected", [
    ("日期:华辉", {"case:1", "ruling:3"}),     # not a date: the word
    ("专利号:华辉", {"case:1", "ruling:3"}),   # not a number: the word
    ("商标:华辉", {"case:1", "ruling:3"}),
    ("信用代码:华辉", {"case:1", "ruling:3"}),
    ("date:2026-13-45..x", set()),            # not a date: the words 2026 13 45 x together
    ("当事人:", set()),
    ("foo:华辉", set()),                       # not a field: the text "foo:华辉"
    (":华辉", set()),                          # the text ":华辉": its colon must be there
])
def test_bad_field_syntax_falls_back_to_plain_words(cases, query, expected):
    assert all_keys(cases, query) == expected


def test_ascii_is_case_and_width_insensitive(index):
    index.add([make_doc(1, "LED面板灯", "ZhongShan Lighting Co.")])
    for query in ("led", "ＬＥＤ", "zhongshan", "ZHONGSHAN lighting", "LED面板灯"):
        assert all_keys(index, query) == {"case:1"}, query
    # Inside words too: every substring of a run of letters or digits.
    assert all_keys(index, "zhong") == {"case:1"}
    assert all_keys(index, "ngsh") == {"case:1"}
    assert all_keys(index, "co.") == {"case:1"}
    assert all_keys(index, "co,") == set()


def test_words_broken_across_lines_are_joined(index):
    index.add([
        make_doc(1, "", "请求人中山市古\n镇华辉灯饰有限公司与被请求人粤港澳大\r\n湾区某公司"),
        make_doc(2, "", "本案争议不大。\n本院认为请求成立。第\n12号决定"),
    ])
    assert all_keys(index, "古镇华辉") == {"case:1"}
    assert all_keys(index, "大湾区") == {"case:1"}
    assert all_keys(index, '"争议不大。本院认为"') == {"case:2"}  # a sentence end is kept
    assert all_keys(index, "大。本") == {"case:2"}
    assert all_keys(index, "争议不大本院") == set()
    assert all_keys(index, "第12号") == {"case:2"}
    results = index.search("古镇华辉", STAFF)
    assert "<mark>古镇华辉</mark>" in results.hits[0].snippet


# -- facets, paging, sorting ----------------------------------------------------------------------

def test_facets_count_what_matches(cases):
    results = cases.search("吸顶灯 OR 壁灯", STAFF)
    assert results.total == 4
    assert dict(results.facets["kind"]) == {"case": 2, "ruling": 1, "file": 1}
    assert dict(results.facets["year"]) == {"2026": 3, "2025": 1}
    assert [v for v, _n in results.facets["year"]] == ["2026", "2025"]
    assert dict(results.facets["state"]) == {"accepted": 1, "closed": 1, "decided": 1}
    assert dict(results.facets["case_type"]) == {"patent": 2, "trademark": 1}


def test_filters_narrow_results_and_facets(cases):
    results = cases.search("吸顶灯 OR 壁灯", STAFF, filters={"kind": "case"})
    assert keys(results) == {"case:1", "case:2"}
    assert dict(results.facets["kind"]) == {"case": 2}
    results = cases.search("吸顶灯 OR 壁灯", STAFF, filters={"year": 2026, "case_type": ["patent"]})
    assert keys(results) == {"case:1", "ruling:3"}
    assert cases.search("灯", STAFF, filters={"kind": "nothing"}).total == 0
    assert cases.search("灯", STAFF, filters={"colour": "red"}).total == 4  # unknown: ignored


def test_search_within_one_case(cases):
    assert all_keys(cases, "吸顶灯 OR 壁灯", within="case:1") == {"case:1", "ruling:3",
                                                                   "file:4"}
    assert all_keys(cases, "壁灯", within="case:1") == {"file:4"}
    assert all_keys(cases, "", within="case:2") == {"case:2"}


@pytest.fixture
def many(index):
    index.add([make_doc(i, f"第{i}号灯饰案", "古镇灯饰企业的外观设计。",
                        day=date(2025, 1 + i % 12, 1 + i % 28), orgs=("org:1",))
               for i in range(1, 46)])
    return index


def test_pages_cover_every_result_once(many):
    seen = []
    for page in (1, 2, 3):
        results = many.search("灯饰", FIRM_A, page=page, per_page=20)
        assert results.total == 45 and results.pages == 3
        assert len(results.hits) == (20 if page < 3 else 5)
        seen += [h.key for h in results.hits]
    assert len(seen) == len(set(seen)) == 45
    assert many.search("灯饰", FIRM_A, page=4, per_page=20).hits == []
    first = many.search("灯饰", FIRM_A, page=1, per_page=20)
    assert first.has_next and not first.has_prev


def test_totals_and_facets_are_exact_on_large_result_sets(index):
    # Enough documents for several posting blocks, with scores that differ, visible through
    # different principals: an engine that skips what cannot reach the first page (by score)
    # must still count it, and the permission filter must not be pruned as "low scoring".
    index.add([make_doc(i, "古镇灯饰案" if i % 4 == 0 else "灯饰" * (1 + i % 7),
                        "古镇灯饰" + "。其他内容" * (i % 13),
                        kind=("case", "file")[i % 2], day=date(2020 + i % 5, 1, 1),
                        published=i % 3 == 0,
                        orgs=("org:9",) if i % 3 == 0 else ("org:9", "role:adjudicator"))
               for i in range(1, 701)])
    for query in ("灯饰", "古镇灯饰", '"古镇灯饰"', "镇灯", "灯饰 OR 其他"):
        for sort in ("relevance", "date", "date_asc"):
            for per_page in (1, 5):
                results = index.search(query, STAFF, per_page=per_page, sort=sort)
                assert results.total == 700, (query, sort, per_page)
                assert dict(results.facets["kind"]) == {"case": 350, "file": 350}
                assert sum(n for _v, n in results.facets["year"]) == 700
    assert index.search("古镇灯饰 -其他", STAFF, per_page=3).total == len(
        [i for i in range(1, 701) if i % 13 == 0])
    assert index.search("灯饰", {"public"}, per_page=1).total == 233
    in_titles = [i for i in range(1, 701) if i % 4 and i % 7]
    assert index.search("灯饰灯饰", STAFF, per_page=1).total == len(in_titles)


def test_sort_by_date(many):
    newest = many.search("灯饰", FIRM_A, sort="date", per_page=45).hits
    days = [h.date for h in newest]
    assert days == sorted(days, reverse=True)
    oldest = many.search("灯饰", FIRM_A, sort="date_asc", per_page=45).hits
    assert [h.date for h in oldest] == sorted(days)
    # Date order holds across pages.
    pages = [h.date for p in (1, 2, 3)
             for h in many.search("灯饰", FIRM_A, sort="date", page=p, per_page=20).hits]
    assert pages == sorted(days, reverse=True)


def test_relevance_puts_title_matches_first(index):
    index.add([make_doc(1, "其他案件", "本案涉及古镇灯饰。"),
               make_doc(2, "古镇灯饰专利纠纷", "本案涉及古镇灯饰。")])
    results = index.search("古镇灯饰", STAFF)
    assert [h.key for h in results.hits] == ["case:2", "case:1"]
    assert results.hits[0].score >= results.hits[1].score


# -- permissions inside the query -----------------------------------------------------------------

def test_a_firm_never_sees_another_firms_documents(cases):
    # Firm B's own case mentions 中山; firm A's case and file do too.
    for principals, mine, theirs in ((FIRM_A, {"case:1", "file:4"}, {"case:2"}),
                                     (FIRM_B, {"case:2"}, {"case:1", "file:4"})):
        results = cases.search("中山 OR 灯", principals, per_page=100)
        assert mine <= keys(results) and not (theirs & keys(results))
        assert results.total == len(keys(results))
        expected_years = {int(h.year) for h in results.hits}
        assert {int(v) for v, _n in results.facets["year"]} == expected_years
        assert sum(n for _v, n in results.facets["kind"]) == results.total
    # Firm A's facets never count firm B's trademark case.
    facets = cases.search("中山 OR 灯", FIRM_A).facets
    assert "trademark" not in dict(facets["case_type"])
    assert "closed" not in dict(facets["state"])
    # Firm B searching for firm A's party finds nothing, not even a count.
    assert cases.search("星光", FIRM_B).total == 0
    assert cases.search("当事人:星光", FIRM_B).total == 0
    assert cases.search("", FIRM_B).total == 2  # its case and the published ruling


def test_published_documents_are_visible_without_signing_in(cases):
    for anonymous in (None, set(), {"public"}):
        results = cases.search("吸顶灯", anonymous)
        assert keys(results) == {"ruling:3"} and results.total == 1
        assert dict(results.facets["kind"]) == {"ruling": 1}


def test_staff_role_sees_what_its_role_may(cases):
    assert all_keys(cases, "", principals=STAFF) == {"case:1", "case:2", "ruling:3", "file:4"}
    assert all_keys(cases, "", principals={"role:examiner"}) == {"ruling:3"}


# -- bad input ------------------------------------------------------------------------------------

NASTY = [
    "", " ", "*", "**", "?", "\"", "\"\"", "\"华辉", "华辉\"", "\"华辉\" \"", "'", "''",
    "!!!", "。，、；：？！", "-", "--", "- -", "OR", "OR OR", "华辉 OR", "OR 华辉", "NOT", "AND",
    "|", "()", "(华辉", "华辉)", "\\", "\\\\华辉", "%", "_", "%_", "*华辉*", "华?辉",
    "'; DROP TABLE case; --", "1' OR '1'='1", "\" OR 1=1 --", "SELECT * FROM users",
    "<script>alert('x')</script>", "<b>华辉</b>", "&lt;&gt;&amp;", "javascript:alert(1)",
    "当事人:", "专利号:", "日期:", "日期:..", "日期:2026-02-30", "日期:9999-99-99..0000-00-00",
    "案号:\"", "\u0000", "\x01\x02", "\ud7ff", "𠀀𠀁", "🙂", "\u202e华辉", "ZL", "ZL.",
    "华辉" * 5000, "a" * 10000, "中" * 10000, "\"" * 10000, "- " * 5000, "OR " * 3000,
    " ".join(["华辉"] * 2000), "当事人:" * 1000, "\n\t\r", "0" * 300, "9" * 13,
]


@pytest.mark.parametrize("query", NASTY, ids=range(len(NASTY)))
def test_bad_queries_never_raise(cases, query):
    results = cases.search(query, FIRM_A)
    assert isinstance(results, Results) and results.total >= 0
    for hit in results.hits:
        assert "<script" not in hit.snippet and "<script" not in hit.title_html


@pytest.mark.parametrize("page, per_page", [(0, 20), (-5, 0), ("x", "y"), (10**9, 10**9),
                                            (None, None)])
def test_odd_paging_never_raises(cases, page, per_page):
    results = cases.search("灯", STAFF, page=page, per_page=per_page)
    assert results.page >= 1 and 1 <= results.per_page <= 100


def test_unknown_sort_means_relevance(cases):
    assert cases.search("灯", STAFF, sort="'; drop").sort == "relevance"


def test_snippets_escape_the_text_and_mark_only_matches(index):
    index.add([make_doc(1, "<b>华辉</b> & 星光", "前文<script>alert('华辉')</script>后文 a<b")])
    hit = index.search("华辉", STAFF).hits[0]
    assert str(hit.snippet) == ("前文&lt;script&gt;alert(&#39;<mark>华辉</mark>&#39;)"
                                "&lt;/script&gt;后文 a&lt;b")
    assert str(hit.title_html) == "&lt;b&gt;<mark>华辉</mark>&lt;/b&gt; &amp; 星光"


def test_snippet_shows_the_part_with_the_matches(index):
    body = "无关内容。" * 200 + "这里提到粤港澳大湾区的协作。" + "其他内容。" * 200
    index.add([make_doc(1, "案件", body)])
    snippet = str(index.search("湾区", STAFF).hits[0].snippet)
    assert "<mark>湾区</mark>" in snippet and snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 200


# -- the index on disk ----------------------------------------------------------------------------

def test_rebuild_replaces_the_whole_index(cases):
    count = cases.rebuild([make_doc(9, "新案件", "古镇灯饰"), None])
    assert count == 1
    assert all_keys(cases, "") == {"case:9"}


def test_a_lost_index_starts_empty(cases, tmp_path):
    import shutil

    shutil.rmtree(tmp_path / "index")
    assert cases.search("华辉", STAFF).total == 0
    cases.add([make_doc(1, "华辉", "")])
    assert cases.search("华辉", STAFF).total == 1


def test_an_index_of_another_schema_is_reported_not_misread(cases):
    home = cases.home
    meta = home.path / home.current_name() / "ipcenter-search.json"
    meta.write_text(json.dumps({"schema": 0}))
    with pytest.raises(SearchUnavailable, match="flask search rebuild"):
        cases.search("华辉", STAFF)
    cases.rebuild([make_doc(1, "华辉", "")])
    assert cases.search("华辉", STAFF).total == 1


def test_stored_keys_and_fingerprints(cases):
    stored = cases.stored_keys()
    assert set(stored) == {"case:1", "case:2", "ruling:3", "file:4"}
    assert all(len(fp) == 32 for fp in stored.values())


# -- code types: a domain's identifiers with no change in search ----------------------------------

@pytest.fixture
def pledge_numbers():
    from ipcenter import search
    from ipcenter.search import analysis

    search.register_code_type("pledge", analysis.whole_code_keys, prefixes=("质押登记号",))
    yield
    search.unregister_code_type("pledge")


def test_a_new_code_type_is_found_by_its_prefix(index, pledge_numbers):
    index.add([make_doc(1, "质押融资", "", codes=[("pledge", "ZX-2026-0001")]),
               make_doc(2, "专利", "", codes=[("patent", "ZL202020123456.7")])])
    assert all_keys(index, "质押登记号:zx20260001") == {"case:1"}
    assert all_keys(index, "pledge:ZX-2026-0001") == {"case:1"}
    assert all_keys(index, "ZX-2026-0001") == {"case:1"}          # in the text as well
    assert all_keys(index, "专利号:zx20260001") == set()           # another type's field
    assert all_keys(index, "质押登记号:2020201234567") == set()


def test_a_code_is_found_only_under_its_own_type(cases):
    assert all_keys(cases, "信用代码:12345678") == set()           # a trademark number
    assert all_keys(cases, "商标:91442000MA4UABCD1X") == set()     # a credit code


def test_a_code_type_cannot_take_a_field_or_a_prefix_in_use(pledge_numbers):
    from ipcenter import search
    from ipcenter.search import analysis

    for name, prefixes in [("date", ()), ("parties", ()), ("Bad name", ()),
                           ("contract", ("专利号",)), ("contract", ("当事人",))]:
        with pytest.raises(ValueError):
            search.register_code_type(name, analysis.whole_code_keys, prefixes=prefixes)
    assert "contract" not in search.code_types()
    search.register_code_type("pledge", analysis.whole_code_keys, prefixes=("质押号",))
    assert _parsed("质押号:ab1") == ("pledge", "ab1")


def _parsed(query):
    from ipcenter.search import parse

    (clause,), = parse(query).groups
    return clause.field, clause.value


def test_an_index_of_the_previous_schema_is_rebuilt(cases):
    """Schema 2 kept patent, trademark and credit-code numbers in fields of their own."""
    home = cases.home
    meta = home.path / home.current_name() / "ipcenter-search.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "schema": 2}))
    with pytest.raises(SearchUnavailable):
        cases.search("专利号:ZL202020123456.7", STAFF)


def test_whole_numbers_rank_above_matches_inside_longer_ones(index):
    """Partial matches are found (recall) but a document holding the number whole comes
    first, whatever else scores: patent numbers (written any way), registration numbers,
    统一社会信用代码."""
    index.add([
        make_doc(1, "专利号2023100123456789的案件", "2023100123456789" * 3),
        make_doc(2, "另一案", "涉案专利ZL 202310012345.6。"),
        make_doc(3, "第三案", "编号X2023100123456，又见2023100123456789。"),
        make_doc(4, "商标案", "第123456789号商标，第123456789号，又见第1234567890号"),
        make_doc(5, "商标案二", "注册商标第12345678号"),
        make_doc(6, "信用代码", "91442000MA4UABCD1X"),
        make_doc(7, "信用代码二", "代码91442000MA4UABCD1XY，91442000MA4UABCD1XY"),
    ])
    for query, first, others in [
        ("2023100123456", "case:2", {"case:1", "case:3"}),
        ("ZL202310012345.6", "case:2", set()),
        ("12345678", "case:5", {"case:1", "case:3", "case:4"}),  # inside the others too
        ("91442000MA4UABCD1X", "case:6", {"case:7"}),
    ]:
        results = index.search(query, STAFF)
        assert results.hits[0].key == first, query
        assert {h.key for h in results.hits} == {first} | others, query


def test_a_failed_commit_frees_the_index_for_the_next_writer(tmp_path, monkeypatch):
    """A commit that fails (here: the segment cannot be finished, as on a full disk) lets the
    next write through at once, instead of holding the writer lock until the failed writer is
    collected. (Whoosh's lock; tantivy's writer is released by its own binding.)"""
    import time

    from whoosh.writing import SegmentWriter

    from ipcenter.search import SearchIndex

    index = SearchIndex(tmp_path / "index", "whoosh")
    index.add([make_doc(1, "灯具 第一件")])

    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(SegmentWriter, "_commit_toc", full_disk)
        with pytest.raises(OSError):
            index.add([make_doc(2, "灯具 第二件")])
    began = time.monotonic()
    index.add([make_doc(3, "灯具 第三件")])
    assert time.monotonic() - began < 5          # WRITE_TIMEOUT is 10 s
    assert all_keys(index, "灯具") == {"case:1", "case:3"}
