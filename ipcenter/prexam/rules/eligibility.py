"""Whether a firm may submit a request for rapid pre-examination: the checker the firm sees
before it submits (``criteria``: every criterion with a tick or a cross) and the one enforced on
submission (``check``: every failure, named).

The criteria (DOMAIN.md §3, issue 14):

- the firm's 备案 with the centre is approved and neither suspended nor revoked (专利申请预审业务
  管理办法（试行）: only 备案 entities use the pre-examination channel; suspension or removal
  follows a 非正常专利申请 finding or a credit breach, 国知发保字〔2022〕8号);
- the firm is registered in Zhongshan: its USCC's division code (characters 3–8) starts 4420
  (GB/T 2260: 中山市 442000; the same reading as the pledge scheme's);
- the request is a utility model or a design (this centre does not pre-examine inventions);
- its classification is in the centre's scope on the submission day (``scope``);
- the undertaking that the same invention is not filed on the same day as a utility model and
  an invention with only one routed through pre-examination (专利法第九条第一款; 实施细则第四十七条
  第二款);
- at least one applicant; joint applicants upload their co-development contract; a university
  or research institute applicant uploads its proof of industry–academia cooperation;
- the documents the kind requires (``documents``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.core.reasons import Reason
from ipcenter.ip import uscc
from ipcenter.prexam.rules import documents, scope

APPLICANT_KINDS = ("enterprise", "university", "institute", "individual")
ACADEMIC = ("university", "institute")
FILING_STATES = ("pf_applied", "pf_approved", "pf_rejected", "pf_suspended", "pf_revoked")

ZHONGSHAN_PREFIX = "4420"
BASIS_PREEXAM = "专利申请预审业务管理办法（试行）（国知办发办字〔2023〕25号）"
BASIS_CREDIT = "知识产权信用管理规定（国知发保字〔2022〕8号）"
BASIS_REGION = "GB/T 2260：中山市 442000；GB 32100-2015：统一社会信用代码第3–8位为登记管理机关行政区划码"
BASIS_DUAL = "专利法第九条第一款；专利法实施细则第四十七条第二款"
BASIS_JOINT = f"{BASIS_PREEXAM}；中心预审服务指南"


@dataclass(frozen=True)
class Applicant:
    name: str
    kind: str = "enterprise"   # "enterprise" | "university" | "institute" | "individual"
    uscc: str = ""


@dataclass(frozen=True)
class Submission:
    kind: str                      # "utility_model" | "design"
    classification: str
    applicants: tuple[Applicant, ...]
    filing_state: str | None       # the firm's 备案: None (none) or one of FILING_STATES
    declared_no_dual_filing: bool  # the same-day utility model + invention undertaking
    uploaded: frozenset[str]       # document kinds uploaded
    on: date                       # submission day
    filer_uscc: str = ""           # the firm's USCC


_FILING = {
    None: ("no_filing", _l("The firm has no registration (备案) with the centre: apply for it "
                           "first."), BASIS_PREEXAM),
    "pf_applied": ("filing_pending", _l("The firm's registration (备案) is still being "
                                        "examined."), BASIS_PREEXAM),
    "pf_rejected": ("filing_rejected", _l("The firm's registration (备案) was rejected."),
                    BASIS_PREEXAM),
    "pf_suspended": ("filing_suspended", _l("The firm's registration (备案) is suspended."),
                     BASIS_CREDIT),
    "pf_revoked": ("filing_revoked", _l("The firm's registration (备案) has been revoked."),
                   BASIS_CREDIT),
}


def _filing(state) -> tuple[Reason, ...]:
    if state == "pf_approved":
        return ()
    if state not in _FILING:
        raise InvalidInput(_l("Unknown registration (备案) state: %(state)s.", state=state))
    return (Reason(*_FILING[state]),)


def _zhongshan(code: str) -> tuple[Reason, ...]:
    code = uscc.normalise(code)
    if not uscc.is_valid(code):
        return (Reason("bad_uscc", _l(
            "The unified social credit code is not valid (18 characters with a correct check "
            "character)."), "GB 32100-2015"),)
    if not code[2:8].startswith(ZHONGSHAN_PREFIX):
        return (Reason("not_zhongshan", _l(
            "The firm is not registered in Zhongshan (its credit code's division code is "
            "%(code)s).", code=code[2:8]), BASIS_REGION),)
    return ()


def filing_check(uscc_code: str) -> tuple[Reason, ...]:
    """Why a firm may not apply for 备案 (``()`` when it may): ``bad_uscc`` for a code that is
    not a valid USCC, ``not_zhongshan`` for one registered outside Zhongshan."""
    return _zhongshan(uscc_code)


def _applicants(sub: Submission) -> tuple[Reason, ...]:
    for applicant in sub.applicants:
        if applicant.kind not in APPLICANT_KINDS:
            raise InvalidInput(_l("Unknown kind of applicant: %(kind)s.", kind=applicant.kind))
    if not [a for a in sub.applicants if (a.name or "").strip()]:
        return (Reason("no_applicant", _l("Name at least one applicant."), BASIS_PREEXAM),)
    return ()


def _joint(sub: Submission) -> tuple[Reason, ...]:
    if len(sub.applicants) > 1 and "co_development_contract" not in sub.uploaded:
        return (Reason("co_development_contract_missing", _l(
            "A joint application needs the applicants' co-development contract (%(n)s "
            "applicants).", n=len(sub.applicants)), BASIS_JOINT),)
    return ()


def _academic(sub: Submission) -> tuple[Reason, ...]:
    names = [a.name for a in sub.applicants if a.kind in ACADEMIC]
    if names and "university_proof" not in sub.uploaded:
        return (Reason("university_proof_missing", _l(
            "An application by a university or research institute (%(names)s) needs the proof "
            "of industry–academia cooperation.", names="、".join(names)), BASIS_JOINT),)
    return ()


def _declaration(sub: Submission) -> tuple[Reason, ...]:
    if sub.declared_no_dual_filing is not True:
        return (Reason("no_declaration", _l(
            "Make the undertaking that the same invention is not filed on the same day as a "
            "utility model and an invention through the service."), BASIS_DUAL),)
    return ()


def _kind(sub: Submission) -> tuple[Reason, ...]:
    if sub.kind not in scope.KINDS:
        return (Reason("kind_not_served", _l(
            "Rapid pre-examination serves utility models and designs only."), BASIS_PREEXAM),)
    return ()


def _evaluate(sub: Submission, scope_entries):
    """Each criterion as (code, label, its failures), in the order the firm reads them."""
    if not isinstance(sub.on, date):
        raise InvalidInput(_l("The day of the submission is missing."))
    rows = [
        ("filing", _l("The firm's registration (备案) is approved and in force"),
         _filing(sub.filing_state)),
        ("zhongshan", _l("The firm is registered in Zhongshan"), _zhongshan(sub.filer_uscc)),
        ("kind", _l("The request is a utility model or a design"), _kind(sub)),
    ]
    served = sub.kind in scope.KINDS
    if served:
        reason = scope.scope_reason(scope_entries, sub.kind, sub.classification, sub.on)
        rows.append(("classification", _l("The classification is in the centre's scope on the "
                                          "day of submission"), (reason,) if reason else ()))
    rows.append(("declaration", _l("The same-day utility model and invention undertaking is "
                                   "made"), _declaration(sub)))
    rows.append(("applicants", _l("At least one applicant is named"), _applicants(sub)))
    if len(sub.applicants) > 1:
        rows.append(("co_development_contract", _l("The joint applicants' co-development "
                                                   "contract is uploaded"), _joint(sub)))
    if any(a.kind in ACADEMIC for a in sub.applicants):
        rows.append(("university_proof", _l("The proof of industry–academia cooperation is "
                                            "uploaded"), _academic(sub)))
    if served:
        absent = set(documents.missing(sub.kind, sub.uploaded))
        for doc in documents.required(sub.kind):
            failures = (Reason("missing_document", _l(
                "Upload the %(document)s.", document=documents.LABELS[doc]),
                documents.BASIS[sub.kind]),) if doc in absent else ()
            rows.append((f"document:{doc}", _l("Uploaded: %(document)s",
                                                document=documents.LABELS[doc]), failures))
    return rows


def check(sub: Submission, scope_entries) -> tuple[Reason, ...]:
    """Every criterion ``sub`` fails, each a ``Reason`` (``()`` when it may be submitted).

    Raises ``InvalidInput`` for an unknown 备案 state or kind of applicant."""
    return tuple(r for _code, _label, failures in _evaluate(sub, scope_entries)
                 for r in failures)


def criteria(sub: Submission, scope_entries) -> list[tuple[str, object, bool]]:
    """Every criterion that applies to ``sub`` as (code, label, passed), for the checklist the
    firm sees before it submits. Joint-application and university criteria appear only when
    they apply; the scope and document criteria only for a kind the centre serves."""
    return [(code, label, not failures)
            for code, label, failures in _evaluate(sub, scope_entries)]
