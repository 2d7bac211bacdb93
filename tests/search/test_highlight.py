"""Snippets mark what the index matched, in the stored text as it is (never folded)."""

from __future__ import annotations

import pytest

from ipcenter.search import highlight, parse


def _marked(query: str, text: str) -> str:
    pattern = highlight.compile_needles(parse(query).needles())
    return str(highlight.highlight(text, pattern))


@pytest.mark.parametrize("query, text, marked", [
    ("led", "ＬＥＤ面板灯", "<mark>ＬＥＤ</mark>面板灯"),                  # full width, upper case
    ("Led", "LED面板灯", "<mark>LED</mark>面板灯"),
    ("69条", "第369条", "第3<mark>69条</mark>"),                            # inside a number
    ("95%", "增长95%，而95以下", "增长<mark>95%</mark>，而95以下"),        # only with its %
    ("95%", "增长95 ％。", "增长<mark>95 ％</mark>。"),
    ("〔2023〕", "法〔2023〕11号", "法<mark>〔2023〕</mark>11号"),
    ("ZL202020123456.7", "专利ZL 202020123456.7的", "专利ZL <mark>202020123456.7</mark>的"),
    ("2020201234567", "专利202020123456.7的", "专利<mark>202020123456.7</mark>的"),
    ('"有限公司 中山"', "有限公司，中山市", "<mark>有限公司，中山</mark>市"),
    ("a|b", "x a|b y", "x <mark>a|b</mark> y"),
])
def test_marks(query, text, marked):
    assert _marked(query, text) == marked


def test_a_snippet_is_the_window_with_the_most_matches_and_escaped():
    text = "无关" * 200 + "<b>灯饰</b>与灯饰" + "无关" * 200
    pattern = highlight.compile_needles(parse("灯饰").needles())
    snippet = str(highlight.snippet(text, pattern))
    assert snippet.count("<mark>灯饰</mark>") == 2
    assert "&lt;b&gt;" in snippet and snippet.startswith("…") and snippet.endswith("…")
