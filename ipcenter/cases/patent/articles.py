"""The substantive articles of 专利法 (2020) a patent decision may apply, as data: each with the
citation the decision prints, the kinds of patent it concerns and the outcome it supports.
专利法 Art. 65 (the office's power to order the stop, or to dismiss) is cited by every decision
and is not chosen."""

from __future__ import annotations

from dataclasses import dataclass

INVENTION_AND_UTILITY = frozenset({"invention", "utility_model"})
DESIGN = frozenset({"design"})
ANY = INVENTION_AND_UTILITY | DESIGN


@dataclass(frozen=True)
class Article:
    citation: str          # as printed: 第十一条第一款
    summary: str           # what it says, for the form
    kinds: frozenset       # the patent kinds it concerns
    infringing: bool | None  # True: supports an order to stop; False: a dismissal; None: both


ARTICLES = {
    "11.1": Article("第十一条第一款", "发明、实用新型专利权：不得为生产经营目的制造、使用、许诺销售、"
                    "销售、进口其专利产品或者使用其专利方法", INVENTION_AND_UTILITY, True),
    "11.2": Article("第十一条第二款", "外观设计专利权：不得为生产经营目的制造、许诺销售、销售、"
                    "进口其外观设计专利产品", DESIGN, True),
    "64.1": Article("第六十四条第一款", "发明、实用新型专利权的保护范围以其权利要求的内容为准",
                    INVENTION_AND_UTILITY, None),
    "64.2": Article("第六十四条第二款", "外观设计专利权的保护范围以表示在图片或者照片中的该产品的"
                    "外观设计为准", DESIGN, None),
    "67": Article("第六十七条", "被控侵权人有证据证明其实施的技术或者设计属于现有技术或者现有设计的，"
                  "不构成侵犯专利权", ANY, False),
    "75": Article("第七十五条", "不视为侵犯专利权的情形（权利用尽、先用权、临时过境、"
                  "科学研究和实验等）", ANY, False),
}
# Every decision rests on the office's power to decide the dispute.
ALWAYS = "第六十五条"
# The article that makes the acts an infringement, by kind of patent.
INFRINGEMENT_ARTICLE = {"invention": "11.1", "utility_model": "11.1", "design": "11.2"}


def citation(keys) -> str:
    """The articles in the order of the law, Art. 65 in its place:
    ``第十一条第一款、第六十四条第一款、第六十五条``."""
    numbered = [(float(k), ARTICLES[k].citation) for k in keys] + [(65.0, ALWAYS)]
    return "、".join(text for _, text in sorted(numbered))
