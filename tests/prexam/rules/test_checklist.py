import re

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.prexam.rules.checklist import (
    CHECKLISTS,
    OPINION_BASES,
    basis,
    unticked,
    validate_points,
)

ARTICLE = re.compile(r"(专利法|专利法实施细则|专利审查指南（2023）)第[一二三四五六七八九十]+")


def test_a_checklist_per_kind_each_item_with_its_basis():
    assert set(CHECKLISTS) == {"utility_model", "design"}
    assert 8 <= len(CHECKLISTS["utility_model"]) <= 14
    assert 6 <= len(CHECKLISTS["design"]) <= 10
    for items in CHECKLISTS.values():
        assert len({c.code for c in items}) == len(items)
        for item in items:
            assert ARTICLE.search(item.basis), item
            # The guidelines were not read; the articles were.
            assert item.verified is ("审查指南" not in item.basis)


def test_the_2023_numbering():
    um = {c.code: c.basis for c in CHECKLISTS["utility_model"]}
    # Renumbered in 2023: the description is 第二十条 (formerly 第十七条), the abstract
    # 第二十六条 (formerly 第二十三条).
    assert um["description"].startswith("专利法实施细则第二十条")
    assert um["abstract"] == "专利法实施细则第二十六条"
    assert um["subject_matter"] == "专利法第二条第三款"
    assert {c.code: c.basis for c in CHECKLISTS["design"]}["subject_matter"] == "专利法第二条第四款"


def test_unticked():
    items = CHECKLISTS["design"]
    assert unticked("design", {}) == items
    ticked = {c.code: True for c in items}
    assert unticked("design", ticked) == ()
    ticked["views"] = False
    assert [c.code for c in unticked("design", ticked)] == ["views"]


def test_unticked_refuses_a_code_from_another_list():
    with pytest.raises(InvalidInput):
        unticked("design", {"claims_form": True})
    with pytest.raises(InvalidInput):
        unticked("invention", {})


def test_the_opinion_bases():
    codes = [b.code for b in OPINION_BASES]
    assert len(codes) == len(set(codes))
    assert {"pl_2_3", "pl_2_4", "pl_5", "pl_22_2", "pl_23_1", "pl_25", "pl_26_3", "pl_26_4",
            "pl_27_2", "pl_31_1", "pl_33", "ir_20", "ir_31"} <= set(codes)
    assert basis("pl_33").label == "专利法第三十三条"
    for bad in ["pl_99", "", None, ["pl_5"]]:
        with pytest.raises(InvalidInput):
            basis(bad)


def test_points_are_validated():
    assert validate_points([{"basis": "pl_26_4", "text": "  权利要求1不清楚。 "}]) == [
        {"basis": "pl_26_4", "text": "权利要求1不清楚。"}]
    assert len(validate_points([{"basis": "pl_5", "text": "x" * 2000}] * 3)) == 3


@pytest.mark.parametrize("points", [
    [], None, "pl_5", [{"basis": "pl_99", "text": "x"}], [{"basis": "pl_5", "text": "   "}],
    [{"basis": "pl_5"}], [{"basis": "pl_5", "text": "x" * 2001}], [{"text": "x"}],
    [{"basis": ["pl_5"], "text": "x"}], ["pl_5"], [{"basis": "pl_5", "text": 3}],
])
def test_bad_points_are_refused(points):
    with pytest.raises(InvalidInput):
        validate_points(points)


def test_the_refusal_names_the_point(zh):
    with pytest.raises(InvalidInput) as caught:
        validate_points([{"basis": "pl_5", "text": "好"}, {"basis": "pl_5", "text": ""}])
    assert "2" in str(caught.value.message)
