from dataclasses import replace
from datetime import date

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.prexam.rules.eligibility import Applicant, Submission, check, criteria, filing_check
from ipcenter.prexam.rules.scope import SEED, ScopeEntry

from .conftest import code

DAY = date(2026, 6, 1)
FIRM = code("91442000MA4W12345")
UM_DOCS = frozenset({"request", "description", "claims", "drawings", "abstract"})
DESIGN_DOCS = frozenset({"request", "views", "brief_description"})


def submission(**changes):
    values = {"kind": "utility_model", "classification": "F21V 23/00",
              "applicants": (Applicant("中山市明亮灯饰有限公司", uscc=FIRM),),
              "filing_state": "pf_approved", "declared_no_dual_filing": True,
              "uploaded": UM_DOCS, "on": DAY, "filer_uscc": FIRM}
    values.update(changes)
    return Submission(**values)


def codes(sub, table=SEED):
    return [r.code for r in check(sub, table)]


def test_a_utility_model_that_passes_every_criterion():
    assert check(submission(), SEED) == ()
    assert all(passed for _code, _label, passed in criteria(submission(), SEED))


def test_a_design_that_passes_every_criterion():
    sub = submission(kind="design", classification="26-05", uploaded=DESIGN_DOCS)
    assert check(sub, SEED) == ()


@pytest.mark.parametrize("state, failure", [
    (None, "no_filing"), ("pf_applied", "filing_pending"), ("pf_rejected", "filing_rejected"),
    ("pf_suspended", "filing_suspended"), ("pf_revoked", "filing_revoked"),
])
def test_the_filing_must_be_approved_and_in_force(state, failure):
    assert codes(submission(filing_state=state)) == [failure]


def test_an_unknown_filing_state_is_an_error():
    with pytest.raises(InvalidInput):
        check(submission(filing_state="approved"), SEED)


@pytest.mark.parametrize("division, ok", [("442000", True), ("442001", True),
                                          ("441900", False), ("440100", False)])
def test_the_firm_is_registered_in_zhongshan(division, ok):
    sub = submission(filer_uscc=code(f"91{division}MA4W12345"))
    assert codes(sub) == ([] if ok else ["not_zhongshan"])


@pytest.mark.parametrize("bad", ["", "91442000MA4W123456", "91442000MA4W1234"])
def test_the_firms_code_must_be_a_valid_uscc(bad):
    assert codes(submission(filer_uscc=bad)) == ["bad_uscc"]


@pytest.mark.parametrize("kind", ["invention", "trademark", ""])
def test_only_utility_models_and_designs(kind):
    # Neither the scope nor a document list applies to a kind the centre does not serve.
    assert codes(submission(kind=kind)) == ["kind_not_served"]
    assert [c for c, _l, passed in criteria(submission(kind=kind), SEED) if not passed] == [
        "kind"]


def test_the_classification_must_be_in_scope():
    assert codes(submission(classification="A47G 1/00")) == ["out_of_scope"]
    assert codes(submission(classification="lamp")) == ["bad_classification"]


def test_the_scope_on_the_day_of_submission():
    table = (ScopeEntry("utility_model", "F21V", "照明装置零部件", date(2024, 1, 1),
                        date(2025, 12, 31)),)
    assert codes(submission(on=date(2025, 12, 31)), table) == []
    assert codes(submission(on=date(2026, 1, 1)), table) == ["out_of_scope"]
    assert codes(submission(on=date(2023, 12, 31)), table) == ["out_of_scope"]


def test_the_undertaking_is_required():
    assert codes(submission(declared_no_dual_filing=False)) == ["no_declaration"]


def test_at_least_one_applicant():
    assert codes(submission(applicants=())) == ["no_applicant"]
    assert codes(submission(applicants=(Applicant("  "),))) == ["no_applicant"]


def test_joint_applicants_need_the_co_development_contract():
    two = (Applicant("甲灯饰有限公司"), Applicant("乙照明有限公司"))
    assert codes(submission(applicants=two)) == ["co_development_contract_missing"]
    assert codes(submission(applicants=two,
                            uploaded=UM_DOCS | {"co_development_contract"})) == []


@pytest.mark.parametrize("kind", ["university", "institute"])
def test_a_university_needs_the_industry_academia_proof(kind):
    alone = (Applicant("中山大学", kind=kind),)
    assert codes(submission(applicants=alone)) == ["university_proof_missing"]
    assert codes(submission(applicants=alone, uploaded=UM_DOCS | {"university_proof"})) == []


def test_a_firm_with_a_university_needs_both():
    pair = (Applicant("甲灯饰有限公司"), Applicant("中山大学", kind="university"))
    assert codes(submission(applicants=pair)) == ["co_development_contract_missing",
                                                  "university_proof_missing"]


def test_an_unknown_kind_of_applicant_is_an_error():
    with pytest.raises(InvalidInput):
        check(submission(applicants=(Applicant("X", kind="company"),)), SEED)


def test_one_reason_per_missing_document(zh):
    reasons = check(submission(uploaded=frozenset({"request", "claims"})), SEED)
    assert [r.code for r in reasons] == ["missing_document"] * 3
    texts = [str(r.message) for r in reasons]
    assert "说明书" in texts[0] and "附图" in texts[1] and "摘要" in texts[2]


def test_a_design_does_not_need_a_utility_models_documents():
    sub = submission(kind="design", classification="26-05", uploaded=DESIGN_DOCS)
    assert codes(replace(sub, uploaded=DESIGN_DOCS - {"views"})) == ["missing_document"]


def test_every_failure_is_named_at_once():
    sub = submission(filing_state="pf_suspended", filer_uscc=code("91440100MA4W12345"),
                     classification="A47G 1/00", declared_no_dual_filing=False,
                     applicants=(Applicant("甲"), Applicant("乙", kind="university")),
                     uploaded=frozenset())
    assert codes(sub) == ["filing_suspended", "not_zhongshan", "out_of_scope",
                          "no_declaration", "co_development_contract_missing",
                          "university_proof_missing"] + ["missing_document"] * 5


def test_the_checklist_shows_what_passes_and_what_does_not(zh):
    sub = submission(declared_no_dual_filing=False, uploaded=UM_DOCS - {"abstract"})
    rows = criteria(sub, SEED)
    assert [c for c, _label, _ok in rows] == [
        "filing", "zhongshan", "kind", "classification", "declaration", "applicants",
        "document:request", "document:description", "document:claims", "document:drawings",
        "document:abstract"]
    failing = {c for c, _label, ok in rows if not ok}
    assert failing == {"declaration", "document:abstract"}
    labels = {c: str(label) for c, label, _ok in rows}
    assert "备案" in labels["filing"] and "中山" in labels["zhongshan"]
    assert "摘要" in labels["document:abstract"]


def test_the_checklist_adds_the_conditional_criteria_when_they_apply():
    pair = (Applicant("甲灯饰有限公司"), Applicant("中山大学", kind="university"))
    rows = {c: ok for c, _label, ok in criteria(submission(applicants=pair), SEED)}
    assert rows["co_development_contract"] is False and rows["university_proof"] is False
    assert "co_development_contract" not in {c for c, _l, _ok in criteria(submission(), SEED)}


def test_the_messages_in_chinese(zh):
    sub = submission(filing_state="pf_suspended", filer_uscc=code("91440100MA4W12345"),
                     declared_no_dual_filing=False)
    texts = [str(r.message) for r in check(sub, SEED)]
    assert "暂停" in texts[0] and "440100" in texts[1] and "同日" in texts[2]
    assert all(r.basis for r in check(sub, SEED))


def test_the_filing_check():
    assert filing_check(FIRM) == ()
    assert filing_check(FIRM.lower()) == ()
    assert [r.code for r in filing_check(code("91440100MA4W12345"))] == ["not_zhongshan"]
    assert [r.code for r in filing_check("91442000MA4W12345X")] == ["bad_uscc"]
    assert [r.code for r in filing_check("")] == ["bad_uscc"]
