import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.prexam.rules.documents import (
    ALLOWED_TYPES,
    CONDITIONAL,
    LABELS,
    REQUIRED,
    missing,
    type_reason,
)


def test_every_document_has_a_label():
    for kind in [*REQUIRED["utility_model"], *REQUIRED["design"], *CONDITIONAL]:
        assert kind in LABELS


def test_a_utility_model_needs_five_documents():
    assert missing("utility_model", []) == ("request", "description", "claims", "drawings",
                                            "abstract")
    assert missing("utility_model", {"request", "description", "claims", "abstract",
                                     "other"}) == ("drawings",)
    assert missing("utility_model", REQUIRED["utility_model"]) == ()


def test_a_design_needs_three_documents():
    assert missing("design", ["request"]) == ("views", "brief_description")
    # A utility model's documents do not stand in for a design's views.
    assert missing("design", ["request", "drawings", "description"]) == (
        "views", "brief_description")
    assert missing("design", iter(REQUIRED["design"])) == ()


def test_an_invention_has_no_list_here():
    with pytest.raises(InvalidInput):
        missing("invention", [])


@pytest.mark.parametrize("content_type", sorted(ALLOWED_TYPES) + ["application/PDF",
                                                                   "image/jpeg; q=1"])
def test_pdfs_and_images_are_accepted(content_type):
    assert type_reason("claims", content_type) is None
    assert type_reason("views", content_type) is None


@pytest.mark.parametrize("content_type", ["application/msword", "text/plain", "image/gif",
                                          "application/zip", "", None])
def test_other_types_are_refused(content_type):
    assert type_reason("description", content_type).code == "wrong_type"


def test_an_unknown_document_kind(zh):
    reason = type_reason("video", "application/pdf")
    assert reason.code == "unknown_document" and "video" in str(reason.message)


def test_the_refusal_names_the_document_and_the_type_in_chinese(zh):
    text = str(type_reason("claims", "application/msword").message)
    assert "权利要求书" in text and "application/msword" in text and "PDF" in text
